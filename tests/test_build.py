"""Builds: bad inputs are named and recorded while the rest is built; rebuilding is idempotent,
incremental and independent of input order."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.core import Storyline
from storyline.ingest.sources import SourceOptions
from storyline.pipeline import ARTICLE_STAGES, ArticleStage, BuildOptions, check_chain
from storyline.store import open_store

from .conftest import COLLECTED_ON, SEEDS, seed_path

OPTIONS = BuildOptions(collected_on=COLLECTED_ON, workers=1)
#: The bad-input matrix reads with a small size limit and a short timeout, without waits.
MAX_BYTES = 200_000
MATRIX_OPTIONS = BuildOptions(collected_on=COLLECTED_ON, workers=1, max_bytes=MAX_BYTES)
MATRIX_SOURCES = SourceOptions(max_bytes=MAX_BYTES, timeout=0.5, retries=0, backoff=0.0)


def _cut_warc() -> bytes:
    from .test_sources_kinds import PAGE, write_warc

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.warc.gz"
        write_warc(path, {"https://news.example/a": ("text/html", PAGE * 20, 200)}, gz=True)
        data = path.read_bytes()
    return data[: len(data) // 2]


#: file name → (its bytes, with {base} for the local server and {dead} for a closed port;
#: the reason the summary must give; the failed source's name when it is not the file's).
BAD_INPUTS: dict[str, tuple[bytes, str, str]] = {
    "empty.txt": (b"", "empty input", ""),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary", ""),
    "undecodable.txt": (bytes([0x80, 0x81, 0x9D, 0x8F]) * 200 + b"\x00\xff" * 50, "", ""),
    "malformed.html": (b"<html><head><title>x</ti<body><<<>>></div></span>", "", ""),
    "notes.xyz": (b"some text in a file type we do not read", "unsupported file type", ""),
    "huge.txt": (b"word " * 60_000, "over the limit of 200,000", ""),
    "broken.json": (b'{"text": "a record cut off', "malformed JSON", ""),
    "rows.jsonl": (b'{"text": "a line cut off\n', "malformed JSON on line 1", "rows.jsonl#1"),
    "rows.csv": (b'title,text\nA,"text",extra,cells\n', "malformed CSV row 1", "rows.csv#1"),
    "cut.warc.gz": (_cut_warc(), "archive cut short", ""),
    "empty-list.json": (b"[]", "no records in it", ""),
    # regression: a RecursionError in the JSON parser ended the whole build
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, "malformed JSON: nested too deeply", ""),
    "deep.jsonl": (b"[" * 50_000 + b"\n", "on line 1: nested too deeply", "deep.jsonl#1"),
    "header-only.csv": (b"title,text\n", "no records in it", ""),
    "no-items.rss": (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
        "feed has no items",
        "",
    ),
    "nothing.urls": (b"# none yet\n", "no URLs in it", ""),
    "dead.urls": (b"{dead}/story\n", "could not connect", "story"),
    "slow.urls": (b"{base}/slow-feed\n", "timed out after 0.5s", "slow-feed"),
}
#: The cases that fail for a reason that may pass (the network): tried again next build.
TRANSIENT = {"dead.urls", "slow.urls"}


@pytest.fixture(scope="module")
def slow_server() -> Iterator[str]:
    """127.0.0.1: /slow-feed answers after the client gave up; the rest is 404."""
    stop = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            if self.path == "/slow-feed":
                stop.wait(3.0)
                return
            self.send_error(404)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _write_case(folder: Path, name: str, base: str, dead: str) -> None:
    data = BAD_INPUTS[name][0].replace(b"{base}", base.encode()).replace(b"{dead}", dead.encode())
    (folder / name).write_bytes(data)


def _failed_name(name: str) -> str:
    return BAD_INPUTS[name][2] or name


@pytest.fixture()
def messy_folder(tmp_path: Path, slow_server: str) -> Path:
    folder = tmp_path / "pile"
    folder.mkdir()
    shutil.copy(seed_path("000"), folder / "good-000.txt")
    shutil.copy(seed_path("004"), folder / "good-004.txt")
    dead = _closed_port()
    for name in BAD_INPUTS:
        _write_case(folder, name, slow_server, dead)
    return folder


def test_bad_inputs_are_named_recorded_and_the_rest_is_built(
    messy_folder: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    report = Storyline(db).build([str(messy_folder)], MATRIX_OPTIONS, sources=MATRIX_SOURCES)
    failed = {Path(f.source).name: f for f in report.failures}
    assert set(failed) == {_failed_name(n) for n in BAD_INPUTS}
    for name, (_data, reason, _named) in BAD_INPUTS.items():
        failure = failed[_failed_name(name)]
        assert reason.lower() in failure.reason.lower(), failure.reason
        assert failure.reason.strip()
        assert failure.transient == (name in TRANSIENT), failure
    with open_store(db, readonly=True) as store:
        assert len(store.article_ids()) == 2
        recorded = {Path(f.source).name for f in store.failures()}
        assert recorded == {_failed_name(n) for n in BAD_INPUTS}
        assert sorted(f.source for f in store.failures() if f.transient) == sorted(
            f.source for f in report.failures if f.transient
        )
        assert store.stories()


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_each_bad_input_alone_gives_exit_code_1_and_a_summary_line(
    name: str, tmp_path: Path, slow_server: str
) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    reason = BAD_INPUTS[name][1]
    folder = tmp_path / "in"
    folder.mkdir()
    _write_case(folder, name, slow_server, _closed_port())
    shutil.copy(seed_path("000"), folder / "good.txt")
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(folder),
            "--db",
            str(tmp_path / "s.db"),
            "--workers",
            "1",
            "--collected-on",
            "2026-11-23",
            "--max-bytes",
            str(MAX_BYTES),
            "--timeout",
            "0.5",
            "--retries",
            "0",
        ],
    )
    assert result.exit_code == 1, result.output
    failed = _failed_name(name)
    shown = f"FAILED {folder / name}" if failed == name else f"FAILED {failed}"
    if failed.startswith(name):  # a row of the file: "<file>#<row>"
        shown = f"FAILED {folder / failed}"
    elif failed != name:  # an address the file lists
        shown = "FAILED http://127.0.0.1:"
    assert shown in result.output
    assert f"/{failed}" in result.output or f"{failed} [ingest]" in result.output
    assert reason.lower() in result.output.lower()
    assert "1 articles" in result.output


def test_rebuilding_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = Storyline(db)
    first = app.build([str(SEEDS)], OPTIONS)
    before = app.export("json")
    second = app.build([str(SEEDS)], OPTIONS)
    assert first.added == 5
    assert (second.added, second.updated, second.unchanged) == (0, 0, 5)
    assert not second.corpus_rebuilt
    assert app.export("json") == before


def test_the_same_article_under_two_names_is_one_article(tmp_path: Path) -> None:
    folder = tmp_path / "twice"
    folder.mkdir()
    shutil.copy(seed_path("003"), folder / "a.txt")
    shutil.copy(seed_path("003"), folder / "b.txt")
    db = tmp_path / "s.db"
    Storyline(db).build([str(folder)], OPTIONS)
    with open_store(db, readonly=True) as store:
        assert len(store.article_ids()) == 1


def test_only_new_or_changed_inputs_are_processed(tmp_path: Path) -> None:
    folder = tmp_path / "grow"
    folder.mkdir()
    shutil.copy(seed_path("000"), folder / "a.txt")
    db = tmp_path / "s.db"
    app = Storyline(db)
    app.build([str(folder)], OPTIONS)
    shutil.copy(seed_path("004"), folder / "b.txt")
    report = app.build([str(folder)], OPTIONS)
    assert (report.added, report.unchanged) == (1, 1)
    (folder / "a.txt").write_text(seed_path("003").read_text(encoding="utf-8"), encoding="utf-8")
    report = app.build([str(folder)], OPTIONS)
    assert (report.updated, report.unchanged) == (1, 1)
    with open_store(db, readonly=True) as store:
        titles = sorted(a.title for a in store.articles())
    assert len(titles) == 2
    assert any("three-way summit" in t for t in titles)


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(sorted(p.name for p in SEEDS.glob("*.txt"))))
def test_ingest_is_idempotent_and_order_independent(
    order: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Whatever order the files come in, and however often, the story is the same."""
    base = tmp_path_factory.mktemp("order")
    reference_db = base / "reference.db"
    Storyline(reference_db).build([str(SEEDS)], OPTIONS)
    reference = _comparable(Storyline(reference_db).export("json"))
    db = base / "permuted.db"
    app = Storyline(db)
    paths = [str(SEEDS / name) for name in order]
    app.build(paths, OPTIONS)
    app.build(paths[:2], OPTIONS)  # again, in part: nothing changes
    assert _comparable(app.export("json")) == reference


def _comparable(export_json: str) -> dict[str, object]:
    data = json.loads(export_json)
    for article in data["articles"]:
        article["source"] = Path(article["source"]).name
    for failure in data["failures"]:
        failure["source"] = Path(failure["source"]).name
    return data


def test_a_chain_with_an_unmet_need_is_refused() -> None:
    broken = (ArticleStage("quotes", "1", ("mentions",), ("quotes",), lambda s: {}),)
    with pytest.raises(Exception, match="needs mentions"):
        check_chain(broken, ("raw",))
    check_chain(ARTICLE_STAGES, ("raw", "options"))


def test_a_stage_that_crashes_on_one_article_is_recorded_and_the_rest_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.analyse.figures as figures

    real = figures.find_figures

    def flaky(article_id, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "Panama" in text:
            raise ValueError("figure parser tripped")
        return real(article_id, text, *args, **kwargs)

    monkeypatch.setattr(figures, "find_figures", flaky)
    db = tmp_path / "s.db"
    report = Storyline(db).build([str(SEEDS)], OPTIONS)
    failed = [f for f in report.failures if f.stage == "figures"]
    assert failed and all("figure parser tripped" in f.reason for f in failed)
    with open_store(db, readonly=True) as store:
        assert len(store.article_ids()) == 5
        assert len(store.failures()) == len(failed)
    monkeypatch.setattr(figures, "find_figures", real)
    again = Storyline(db).build([str(SEEDS)], OPTIONS)
    assert again.failures == []
    assert again.updated == len(failed)
