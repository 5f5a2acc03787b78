"""Page and API latency of `storyline serve` on a built store: median and p95 per kind of page.

    .venv/bin/python bench/web_latency.py --db STORE [--requests 60] [--json out.json]

Starts `storyline serve --db STORE --no-index` in its own process on 127.0.0.1 (so the client's
work is not counted against the server), then asks each kind of page and its JSON twin for a
rotating sample of real ids (every story; the entries, articles and entities of those stories;
events; keyword and meaning searches built from article titles). Each request's time is the
wall time from sending it to having read the whole body, over a kept-alive connection. A
few warm-up requests per kind are not counted (the first meaning search loads the encoder).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import httpx
from _common import emit, latency, machine

REPO = Path(__file__).resolve().parents[1]
WARMUP = 3


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(db: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [str(REPO / ".venv" / "bin" / "storyline"), "serve", "--db", db, "--no-index"]
    process = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stories", timeout=5).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def _paths(client: httpx.Client, rng: random.Random) -> dict[str, list[str]]:
    """Real paths of each kind, from the API itself."""
    stories = client.get("/api/stories").json()["stories"]
    story_paths = [s["href"] for s in stories]
    entries: list[str] = []
    articles: list[str] = []
    entities: list[str] = []
    titles: list[str] = []
    for story in stories:
        page = client.get(f"/api{story['href']}").json()
        entries += [e["href"] for e in page["entries"]]
        articles += [a["href"] for a in page["articles"]]
        entities += [e["href"] for e in page["key_entities"]]
        titles += [a["title"] for a in page["articles"]]
    events: list[str] = []
    for href in articles[:40]:
        events += [e["href"] for e in client.get(f"/api{href}").json()["events"]]
    words = [w for t in titles for w in re.findall(r"[A-Za-z]{5,}", t)]
    keyword = [f"/search?q={quote_plus(' '.join(rng.choices(words, k=2)))}" for _ in range(40)]
    meaning = [
        f"/search?mode=meaning&q={quote_plus(' '.join(t.split()[:8]))}"
        for t in rng.choices(titles, k=40)
    ]
    return {
        "stories list": ["/"],
        "story (timeline)": story_paths,
        "entry": entries,
        "article": articles,
        "entity": entities,
        "event": events,
        "search keyword": keyword,
        "search meaning": meaning,
    }


def _time(client: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return elapsed


def _api(path: str) -> str:
    return "/api/stories" if path == "/" else "/api" + path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per kind")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = random.Random(17)
    run = machine()
    process, base = _start(args.db)
    results: dict[str, Any] = {}
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            kinds = _paths(client, rng)
            for kind, paths in kinds.items():
                if not paths:
                    continue
                for label, shape in (("page", lambda p: p), ("api", _api)):
                    chosen = [shape(paths[i % len(paths)]) for i in range(len(paths))]
                    rng.shuffle(chosen)
                    for path in chosen[:WARMUP]:
                        _time(client, path)
                    times = [_time(client, chosen[i % len(chosen)]) for i in range(args.requests)]
                    results[f"{kind} [{label}]"] = {
                        **latency(times),
                        "distinct": len(set(chosen)),
                    }
                    print(f"{kind + ' [' + label + ']':28} {results[f'{kind} [{label}]']}")
    finally:
        process.terminate()
        process.wait(timeout=30)
    run["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    emit({"db": args.db, **run, "results": results}, args.json)


if __name__ == "__main__":
    sys.exit(main())
