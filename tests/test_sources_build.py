"""Sources through a whole build: transient failures are tried again on the next build, and the
build command's source options (--csv-columns, --metadata, standard input) reach the articles."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.core import Storyline
from storyline.ingest.sources import SourceOptions
from storyline.pipeline import BuildOptions
from storyline.store import open_store

from .conftest import COLLECTED_ON, seed_path

OPTIONS = BuildOptions(collected_on=COLLECTED_ON, workers=1)


@pytest.fixture()
def flaky_server() -> Iterator[tuple[str, dict[str, int]]]:
    """/story fails with 503 until ``state["fail"]`` is 0, then serves a seed article."""
    state = {"fail": 1, "hits": 0}
    body = seed_path("000").read_text(encoding="utf-8").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            state["hits"] += 1
            if self.path != "/story":
                self.send_error(404)
                return
            if state["fail"]:
                self.send_error(503)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def test_a_transient_failure_is_tried_again_on_the_next_build(
    tmp_path: Path, flaky_server: tuple[str, dict[str, int]]
) -> None:
    base, state = flaky_server
    db = tmp_path / "s.db"
    app = Storyline(db)
    sources = SourceOptions(retries=1, backoff=0.0)
    first = app.build([f"{base}/story"], OPTIONS, sources=sources)
    (failure,) = first.failures
    assert failure.transient and failure.reason.startswith("HTTP 503")
    assert state["hits"] == 2  # the first try and one retry
    with open_store(db, readonly=True) as store:
        assert [f.source for f in store.failures()] == [f"{base}/story"]
        assert store.article_ids() == []
    state["fail"] = 0
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "b.txt").write_text(seed_path("004").read_text(encoding="utf-8"), "utf-8")
    second = app.build([str(folder)], OPTIONS, sources=sources)  # the URL is not named again
    assert second.failures == [] and second.added == 2
    with open_store(db, readonly=True) as store:
        assert store.failures() == []
        assert {a.source for a in store.articles()} == {f"{base}/story", str(folder / "b.txt")}


def test_regression_a_folder_named_before_it_existed_is_not_failed_once_it_builds(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    app = Storyline(db)
    folder = tmp_path / "news"
    (failure,) = app.build([str(folder)], OPTIONS).failures
    assert failure.reason == "no such file or directory"
    folder.mkdir()
    (failure,) = app.build([str(folder)], OPTIONS).failures
    assert failure.reason == "no files in this folder (hidden files are skipped)"
    with open_store(db, readonly=True) as store:
        assert [(f.source, f.reason) for f in store.failures()] == [(str(folder), failure.reason)]
    (folder / "a.txt").write_text(seed_path("004").read_text(encoding="utf-8"), "utf-8")
    (folder / "b.pdf").write_bytes(b"%PDF-1.4")
    report = app.build([str(folder)], OPTIONS)
    assert report.added == 1
    assert [(f.source, f.error) for f in report.failures] == [
        (str(folder / "b.pdf"), "UnsupportedType")
    ]
    with open_store(db, readonly=True) as store:  # the folder's own failures are gone
        assert [f.source for f in store.failures()] == [str(folder / "b.pdf")]
    (folder / "b.pdf").unlink()  # a file no longer there no longer fails
    assert app.build([str(folder)], OPTIONS).failures == []
    with open_store(db, readonly=True) as store:
        assert store.failures() == []
        assert [a.source for a in store.articles()] == [str(folder / "a.txt")]


def test_regression_a_mended_row_of_a_table_or_the_metadata_file_no_longer_fails(
    tmp_path: Path,
) -> None:
    # Failures of rows are named "file#row": reading the file again did not forget them.
    db = tmp_path / "s.db"
    app = Storyline(db)
    text = seed_path("004").read_text(encoding="utf-8")
    table = tmp_path / "rows.jsonl"
    table.write_text('{"text": "cut off\n' + json.dumps({"text": text}) + "\n", "utf-8")
    article = tmp_path / "a.txt"
    article.write_text(text, "utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("path,date,title\na.txt,2024-02-31,Given title\n", "utf-8")
    sources = SourceOptions(metadata_file=str(meta))
    report = app.build([str(table), str(article)], OPTIONS, sources=sources)
    reasons = {f.source: f.reason for f in report.failures}
    assert sorted(reasons) == [f"{meta}#1", f"{table}#1"]
    assert reasons[f"{meta}#1"] == (
        "metadata file: date '2024-02-31' is not a date (write it as YYYY-MM-DD)"
    )
    assert reasons[f"{table}#1"].startswith("malformed JSON on line 1")
    with open_store(db, readonly=True) as store:
        given = next(a for a in store.articles() if a.source == str(article))
    assert given.title == "Given title"  # the row's other fields still apply
    assert given.published.provenance != "sidecar"
    table.write_text(json.dumps({"text": text}) + "\n", "utf-8")
    meta.write_text("path,date,title\na.txt,2024-02-28,Given title\n", "utf-8")
    assert app.build([str(table), str(article)], OPTIONS, sources=sources).failures == []
    with open_store(db, readonly=True) as store:
        assert store.failures() == []
        given = next(a for a in store.articles() if a.source == str(article))
    assert given.published.provenance == "sidecar"


def test_metadata_rows_that_match_no_input_are_noted_not_failed(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    article = tmp_path / "news" / "a.txt"
    article.write_text(seed_path("004").read_text(encoding="utf-8"), "utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "path,title\nnews/a.txt,Matched\nnews/b.txt,A typo\n,No key\n"
        "https://example.org/x,By address\n",
        "utf-8",
    )
    code, output = _cli(
        str(tmp_path / "news"), "--db", str(tmp_path / "s.db"), "--metadata", str(meta)
    )
    summary, _end = json.JSONDecoder().raw_decode(output[output.index("{") :])
    assert code == 1  # the row without a path or url is a failure, as before
    assert [f["source"] for f in summary["failures"]] == [f"{meta}#3"]
    assert summary["notes"] == [
        f"2 row(s) of {meta} matched no input: {meta}#2 (news/b.txt),"
        f" {meta}#4 (https://example.org/x)"
    ]
    with open_store(tmp_path / "s.db", readonly=True) as store:
        (built,) = store.articles()
    assert built.title == "Matched"


def test_cli_names_an_empty_folder_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, output = _cli(str(tmp_path / "empty"), "--db", str(tmp_path / "s.db"))
    assert code == 1, output
    summary, _end = json.JSONDecoder().raw_decode(output[output.index("{") :])
    (failure,) = summary["failures"]
    assert failure["source"] == str(tmp_path / "empty")
    assert failure["reason"] == "no files in this folder (hidden files are skipped)"


def _cli(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        ["build", *args, "--workers", "1", "--collected-on", "2026-11-23", "--json"],
        input=stdin,
    )
    return result.exit_code, result.output


def test_cli_csv_columns_and_sidecar_metadata(tmp_path: Path) -> None:
    text = seed_path("000").read_text(encoding="utf-8")
    table = tmp_path / "export.csv"
    with open(table, "w", encoding="utf-8", newline="") as handle:
        import csv

        writer = csv.writer(handle)
        writer.writerow(["headline", "copy", "when", "where"])
        writer.writerow(["Given headline", text, "2024-02-28", "https://news.example/a"])
    db = tmp_path / "s.db"
    code, output = _cli(
        str(table), "--db", str(db), "--csv-columns", "text=copy,title=headline,date=when,url=where"
    )
    assert code == 0, output
    with open_store(db, readonly=True) as store:
        (article,) = store.articles()
    assert article.title == "Given headline"
    assert article.url == "https://news.example/a"
    assert article.published.provenance == "sidecar"
    assert article.published.interval is not None
    assert article.published.interval.start.isoformat() == "2024-02-28"

    page = tmp_path / "p.txt"
    page.write_text(seed_path("004").read_text(encoding="utf-8"), encoding="utf-8")
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"path": "p.txt", "outlet": "Sidecar Times", "date": "2023-05-06"}))
    db2 = tmp_path / "s2.db"
    code, output = _cli(str(page), "--db", str(db2), "--metadata", str(meta))
    assert code == 0, output
    with open_store(db2, readonly=True) as store:
        (article,) = store.articles()
    assert article.outlet == "Sidecar Times"
    assert article.published.interval is not None
    assert article.published.interval.start.isoformat() == "2023-05-06"


def test_cli_rejects_a_bad_column_mapping(tmp_path: Path) -> None:
    code, output = _cli(str(tmp_path), "--db", str(tmp_path / "s.db"), "--csv-columns", "nope")
    assert code == 2 and "FIELD=COLUMN" in output


def test_cli_reads_standard_input(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, output = _cli("-", "--db", str(db), stdin=seed_path("003").read_bytes())
    assert code == 0, output
    summary, _end = json.JSONDecoder().raw_decode(output[output.index("{") :])
    assert summary["added"] == 1
    with open_store(db, readonly=True) as store:
        (article,) = store.articles()
    assert article.source.startswith("stdin:")
