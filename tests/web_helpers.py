"""What the web tests share: a copy of the seed store with a hostile article in it, and a live
server on 127.0.0.1 for the browser and the latency runs."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.core import Storyline
from storyline.ingest.types import RawInput
from storyline.pipeline import BuildOptions

from .conftest import COLLECTED_ON

#: An article whose title and text try every way of running script in a page.
HOSTILE_TITLE = '<script>window.__pwned = "title"</script><img src=x onerror="window.__pwned=1">'
HOSTILE_HTML = f"""<!DOCTYPE html><html><head><title>{HOSTILE_TITLE}</title>
<meta name="author" content='"><script>window.__pwned="author"</script>'>
</head><body><article>
<h1>{HOSTILE_TITLE}</h1>
<p>Mexico City, March 3, 2024. President Andrés Manuel López Obrador said on Tuesday that
"the border talks will go on <script>window.__pwned = 'quote'</script> until June," and 1,200
migrants crossed near <a href="javascript:window.__pwned='link'">Ciudad Juárez</a>.</p>
<p onmouseover="window.__pwned='attr'">Officials from Mexico and the United States met in
Washington on Monday <img src=x onerror="window.__pwned='img'"> to discuss migration and
<svg onload="window.__pwned='svg'"></svg> the 2024 election.</p>
<p>&lt;script&gt;window.__pwned = "escaped"&lt;/script&gt; is what the article printed.</p>
</article></body></html>"""


def hostile_input() -> RawInput:
    return RawInput(
        "test:hostile.html",
        HOSTILE_HTML.encode(),
        "text/html",
        {"title": HOSTILE_TITLE, "date": "2024-03-03", "outlet": "<b onclick=alert(1)>Evil</b>"},
    )


def copy_store(seed_db: Path, folder: Path) -> Path:
    """A private copy of the seed store (tests that write must not touch the shared one)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "web.db"
    shutil.copyfile(seed_db, target)
    return target


def add_hostile(db: Path) -> str:
    """Build the hostile article into ``db``; its article id."""
    app = Storyline(db)
    report = app.add([hostile_input()], BuildOptions(collected_on=COLLECTED_ON, workers=1))
    assert report.failures == [], report.failures
    (article_id,) = app.article_ids_for(["test:hostile.html"])
    return article_id


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(app: object) -> Iterator[str]:
    """Serve the ASGI ``app`` with uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")  # type: ignore[arg-type]
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
