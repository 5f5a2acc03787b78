"""Every kind of source: tables, compressed files, URL lists, pages and feeds over HTTP (a local
server or httpx's MockTransport), WARC archives written by warcio, standard input, a sidecar."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from storyline.ingest.fetch import USER_AGENT, Fetcher
from storyline.ingest.sources import SourceOptions, iter_inputs
from storyline.ingest.tables import parse_columns
from storyline.ingest.types import RawInput
from storyline.models import Failure

ARTICLE = (
    "Ministers from twelve countries met in Lisbon on Tuesday to sign a fisheries pact that"
    " limits catches in the North Atlantic for the next five years."
)
PAGE = (
    "<html><head><title>Fisheries pact signed</title></head><body><article><h1>Fisheries pact"
    f" signed</h1><p>{ARTICLE}</p><p>The pact was agreed after two years of talks.</p>"
    "</article></body></html>"
)


def _items(paths: list[str], **options: object) -> list[RawInput | Failure]:
    return list(iter_inputs(paths, SourceOptions(**options)))  # type: ignore[arg-type]


def _split(items: list[RawInput | Failure]) -> tuple[list[RawInput], list[Failure]]:
    raws = [i for i in items if isinstance(i, RawInput)]
    return raws, [i for i in items if isinstance(i, Failure)]


# -- tables -------------------------------------------------------------------------------------


def test_csv_with_column_mapping(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "headline,body,published,link\n"
        f'Pact signed,"{ARTICLE}",2024-02-28,https://news.example/pact\n'
        "Empty one,,2024-02-29,https://news.example/empty\n"
        '"Second","Another article, with a comma.",2024-03-01,https://news.example/two\n',
        encoding="utf-8",
    )
    columns = parse_columns("text=body,title=headline,date=published,url=link")
    raws, failures = _split(_items([str(path)], csv_columns=columns))
    assert [r.source for r in raws] == [f"{path}#1", f"{path}#3"]
    assert raws[0].data.decode() == ARTICLE
    assert dict(raws[0].metadata) == {
        "title": "Pact signed",
        "date": "2024-02-28",
        "url": "https://news.example/pact",
    }
    assert [(f.source, f.reason) for f in failures] == [
        (f"{path}#2", "row 2 has no text (column 'body' is empty)")
    ]


def test_csv_common_names_found_without_mapping_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"title;text;date\nA;{ARTICLE};2024-01-05\n", encoding="utf-8")
    (raw,) = _items([str(path)])
    assert isinstance(raw, RawInput)
    assert raw.metadata == {"title": "A", "date": "2024-01-05"}


def test_csv_without_a_text_column_names_the_option(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    (failure,) = _items([str(path)])
    assert isinstance(failure, Failure)
    assert "no text column" in failure.reason and "--csv-columns" in failure.reason


def test_csv_row_with_too_many_cells_is_its_own_failure(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"title,text\nA,{ARTICLE}\nB,x,y,z\nC,{ARTICLE} Again.\n", encoding="utf-8")
    raws, failures = _split(_items([str(path)]))
    assert len(raws) == 2
    assert [f.source for f in failures] == [f"{path}#2"]
    assert "malformed CSV row 2" in failures[0].reason


def test_column_mapping_is_checked() -> None:
    assert parse_columns("text=body, title=headline") == {"text": "body", "title": "headline"}
    with pytest.raises(ValueError, match="unknown field 'colour'"):
        parse_columns("colour=red")
    with pytest.raises(ValueError, match="FIELD=COLUMN"):
        parse_columns("text")


def test_jsonl_malformed_line_is_named_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"title": "One", "maintext": ARTICLE, "date_publish": "2023-05-01"}),
        "{not json",
        "",
        json.dumps(["a list"]),
        json.dumps({"html": PAGE, "url": "https://news.example/p"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    raws, failures = _split(_items([str(path)]))
    assert [r.source for r in raws] == [f"{path}#1", f"{path}#5"]
    assert raws[0].metadata["date"] == "2023-05-01" and raws[0].media_type == "text/plain"
    assert raws[1].media_type == "text/html"
    assert [(f.source, f.reason.split(":")[0]) for f in failures] == [
        (f"{path}#2", "malformed JSON on line 2"),
        (f"{path}#4", "line 4 is not a JSON object"),
    ]


def test_json_list_object_and_id_map(tmp_path: Path) -> None:
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([{"text": ARTICLE}, {"body": ARTICLE + " More."}]), "utf-8")
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"content": ARTICLE, "headline": "H"}), "utf-8")
    by_id = tmp_path / "ids.json"
    by_id.write_text(json.dumps({"a1": {"articleBody": ARTICLE}}), "utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": "unterminated', "utf-8")
    raws, failures = _split(_items([str(listed), str(single), str(by_id), str(broken)]))
    assert [r.source for r in raws] == [
        f"{listed}#1",
        f"{listed}#2",
        f"{single}#1",
        f"{by_id}#a1",
    ]
    assert raws[2].metadata == {"title": "H"}
    assert [f.source for f in failures] == [str(broken)]
    assert failures[0].reason.startswith("malformed JSON")


def test_regression_an_api_answer_holding_its_articles_is_read(tmp_path: Path) -> None:
    """A news API's answer ({"status": "ok", "articles": [...]}, as NewsAPI gives it) failed
    as "JSON is not a record, a list of records or an object of records", and one inside
    {"data": {"items": [...]}} was one empty record named "data"."""
    answer = tmp_path / "answer.json"
    article = {
        "source": {"id": "reuters", "name": "Reuters"},
        "author": "Jane Doe",
        "title": "Pact signed",
        "url": "https://news.example/pact",
        "publishedAt": "2024-02-28T09:00:00Z",
        "content": ARTICLE,
    }
    answer.write_text(json.dumps({"status": "ok", "totalResults": 2, "articles": [article]}))
    nested = tmp_path / "nested.json"
    nested.write_text(json.dumps({"data": {"page": 1, "items": [{"text": ARTICLE}]}}))
    raws, failures = _split(_items([str(answer), str(nested)]))
    assert not failures
    assert [r.source for r in raws] == [f"{answer}#articles.1", f"{nested}#data.items.1"]
    assert dict(raws[0].metadata) == {
        "title": "Pact signed",
        "date": "2024-02-28T09:00:00Z",
        "url": "https://news.example/pact",
        "outlet": "Reuters",
        "author": "Jane Doe",
    }


# -- compressed files ---------------------------------------------------------------------------


def test_gz_of_each_kind(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": ARTICLE}).encode()))
    raws, failures = _split(_items([str(tmp_path)]))
    assert not failures
    assert [(Path(r.source).name, r.media_type) for r in raws] == [
        ("a.txt.gz", "text/plain"),
        ("b.html.gz", "text/html"),
        ("c.jsonl.gz#1", "text/plain"),
    ]
    assert raws[0].data == ARTICLE.encode()


def test_gz_cut_short_or_not_gzip(tmp_path: Path) -> None:
    whole = gzip.compress((ARTICLE * 50).encode())
    (tmp_path / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "fake.txt.gz").write_bytes(b"plain text pretending")
    cut, fake = _items([str(tmp_path)])
    assert isinstance(cut, Failure) and cut.reason == "compressed file cut short (incomplete .gz)"
    assert isinstance(fake, Failure) and fake.reason.startswith("not a valid .gz file")


def test_gz_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt.gz").write_bytes(gzip.compress(b"a " * 500_000))
    (failure,) = _items([str(tmp_path)], max_bytes=10_000)
    assert isinstance(failure, Failure)
    # regression: "input is more than 10,001 bytes", the count read before stopping
    assert failure.reason == "input is over the limit of 10,000 bytes (raise it with --max-bytes)"


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "huge.txt").write_bytes(b"word " * 5000)
    (failure,) = _items([str(tmp_path)], max_bytes=1000)
    assert isinstance(failure, Failure)
    assert failure.reason == (
        "input is 25,000 bytes, over the limit of 1,000 (raise it with --max-bytes)"
    )


# -- HTTP: pages, URL lists, feeds --------------------------------------------------------------


class _Site:
    """Pages served by httpx's MockTransport; counts requests and records headers."""

    def __init__(self, pages: dict[str, httpx.Response | list[httpx.Response]]) -> None:
        self.pages = pages
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        found = self.pages.get(str(request.url))
        if found is None:
            return httpx.Response(404)
        if isinstance(found, list):
            return found.pop(0) if len(found) > 1 else found[0]
        return found

    def options(self, **more: object) -> dict[str, object]:
        return {"transport": httpx.MockTransport(self), "backoff": 0.0, **more}


def _html(body: str = PAGE) -> httpx.Response:
    return httpx.Response(200, text=body, headers={"Content-Type": "text/html; charset=utf-8"})


def test_url_is_fetched_with_a_clear_user_agent() -> None:
    site = _Site({"https://news.example/pact": _html()})
    (raw,) = _items(["https://news.example/pact"], **site.options())
    assert isinstance(raw, RawInput)
    assert raw.source == "https://news.example/pact"
    assert raw.media_type == "text/html; charset=utf-8"
    assert raw.data == PAGE.encode()
    agent = site.requests[0].headers["user-agent"]
    assert agent == USER_AGENT and agent.startswith("storyline/")


def test_server_errors_are_retried_with_backoff_then_succeed() -> None:
    site = _Site({"https://news.example/p": [httpx.Response(503), httpx.Response(502), _html()]})
    waits: list[float] = []
    fetcher = Fetcher(
        transport=httpx.MockTransport(site), retries=2, backoff=0.5, sleep=waits.append
    )
    page = fetcher.fetch("https://news.example/p")
    assert page.status == 200 and len(site.requests) == 3
    assert waits == [0.5, 1.0]


def test_retry_after_is_honoured_within_reason() -> None:
    busy = httpx.Response(429, headers={"Retry-After": "3"})
    site = _Site({"https://news.example/p": [busy, _html()]})
    waits: list[float] = []
    Fetcher(transport=httpx.MockTransport(site), backoff=0.1, sleep=waits.append).fetch(
        "https://news.example/p"
    )
    assert waits == [3.0]


def test_dead_url_timeouts_and_404() -> None:
    def transport(request: httpx.Request) -> httpx.Response:
        if request.url.host == "slow.example":
            raise httpx.ReadTimeout("read timed out", request=request)
        if request.url.host == "gone.example":
            raise httpx.ConnectError("Name or service not known", request=request)
        return httpx.Response(404)

    items = _items(
        ["https://slow.example/a", "https://gone.example/b", "https://news.example/c"],
        transport=httpx.MockTransport(transport),
        backoff=0.0,
        timeout=5,
    )
    slow, gone, missing = items
    assert isinstance(slow, Failure) and slow.transient
    assert slow.reason == "timed out after 5s (3 tries; tried again on the next build)"
    assert isinstance(gone, Failure) and gone.transient
    assert gone.reason.startswith("could not connect: Name or service not known")
    assert isinstance(missing, Failure) and not missing.transient
    assert missing.reason == "HTTP 404 Not Found"


def test_page_over_the_size_limit_is_cut_off() -> None:
    site = _Site({"https://news.example/big": _html("<p>" + "x" * 50_000 + "</p>")})
    (failure,) = _items(["https://news.example/big"], **site.options(max_bytes=10_000))
    assert isinstance(failure, Failure) and not failure.transient
    assert "over the limit of 10,000" in failure.reason


def test_url_list_file_and_duplicates_fetched_once(tmp_path: Path) -> None:
    site = _Site({"https://news.example/a": _html(), "https://news.example/b": _html(PAGE + " ")})
    urls = tmp_path / "links.txt"
    urls.write_text(
        "# saved links\nhttps://news.example/a\n\nhttps://news.example/b\nhttps://news.example/a\n",
        encoding="utf-8",
    )
    raws, failures = _split(_items([str(urls), "https://news.example/b"], **site.options()))
    assert [r.source for r in raws] == ["https://news.example/a", "https://news.example/b"]
    assert not failures and len(site.requests) == 2


def test_regression_one_bad_line_failed_a_whole_url_list(tmp_path: Path) -> None:
    # A .urls file with one line that is no address was one failure, "no URLs in it", and its
    # good addresses were never fetched.
    site = _Site({"https://news.example/a": _html()})
    urls = tmp_path / "links.urls"
    urls.write_text(
        "# saved links\nhttps://news.example/a\nnews.example/no-scheme\nftp://news.example/f\n",
        encoding="utf-8",
    )
    raws, failures = _split(_items([str(urls)], **site.options()))
    assert [r.source for r in raws] == ["https://news.example/a"]
    assert [(f.source, f.reason) for f in failures] == [
        (
            f"{urls}#3",
            "line 3, 'news.example/no-scheme', is no web address"
            " (one http(s) address a line; # for comments)",
        ),
        (
            f"{urls}#4",
            "line 4, 'ftp://news.example/f', is no web address"
            " (one http(s) address a line; # for comments)",
        ),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"# none yet\n\n", "no URLs in it (one http(s) address a line; # for comments)"),
        (b"\xff\xfe\x00h", "not UTF-8 text (a list of addresses, one a line)"),
    ],
    ids=["comments-only", "not-utf8"],
)
def test_a_url_list_with_nothing_to_fetch_is_one_failure(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    urls = tmp_path / "links.urls"
    urls.write_bytes(data)
    (failure,) = _items([str(urls)])
    assert isinstance(failure, Failure) and (failure.source, failure.reason) == (str(urls), reason)


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News</title><link>{base}/</link>
<item><title>Fisheries pact signed in Lisbon</title><link>{base}/pact</link>
<pubDate>Wed, 28 Feb 2024 09:30:00 GMT</pubDate>
<author>desk@news.example (Ana Silva)</author></item>
<item><title>A page that is gone</title><link>{base}/gone</link>
<pubDate>Thu, 29 Feb 2024 10:00:00 GMT</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title>
<entry><title>Atom item</title><link href="{base}/atom-item"/>
<updated>2023-11-17T08:00:00Z</updated><id>urn:1</id></entry></feed>"""


@pytest.fixture()
def local_site() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving a feed, its pages, and a feed that never answers
    in time."""
    stop = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            routes = {
                "/rss.xml": ("application/rss+xml", RSS.format(base=base)),
                "/atom": ("application/atom+xml", ATOM.format(base=base)),
                "/pact": ("text/html", PAGE),
                "/atom-item": ("text/html", PAGE.replace("Lisbon", "Porto")),
            }
            if self.path == "/slow-feed":
                stop.wait(2.0)  # longer than the client's timeout
                return
            if self.path not in routes:
                self.send_error(404)
                return
            kind, body = routes[self.path]
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def test_rss_items_are_followed_with_the_feeds_title_and_date(local_site: str) -> None:
    raws, failures = _split(_items([f"{local_site}/rss.xml"], backoff=0.0, retries=0))
    (raw,) = raws
    assert raw.source == f"{local_site}/pact"
    assert raw.data == PAGE.encode()
    assert raw.metadata["title"] == "Fisheries pact signed in Lisbon"
    assert (raw.metadata["date"], raw.metadata["date_provenance"]) == ("2024-02-28", "feed")
    (gone,) = failures
    assert (gone.source, gone.reason) == (f"{local_site}/gone", "HTTP 404 Not Found")


def test_atom_feed_and_a_feed_file(local_site: str, tmp_path: Path) -> None:
    (raw,) = _items([f"{local_site}/atom"], backoff=0.0)
    assert isinstance(raw, RawInput)
    assert raw.metadata["date"] == "2023-11-17" and raw.metadata["title"] == "Atom item"
    saved = tmp_path / "feed.xml"
    saved.write_text(ATOM.format(base=local_site), encoding="utf-8")
    (again,) = _items([str(saved)], backoff=0.0)
    assert isinstance(again, RawInput) and again.source == f"{local_site}/atom-item"


def test_regression_a_feed_files_relative_links_and_items_without_a_link(
    local_site: str, tmp_path: Path
) -> None:
    """A feed file's item linked as "/pact" failed ("not an http(s) address: /pact"), and an
    item with no link but its whole text in the feed was dropped without a word. The link is
    read against the channel's link; the item is its own text, named after the feed."""
    saved = tmp_path / "saved.rss"
    saved.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content='
        '"http://purl.org/rss/1.0/modules/content/"><channel><title>Pacts</title>'
        f"<link>{local_site}/</link>"
        "<item><title>Relative</title><link>/pact</link></item>"
        "<item><title>In the feed</title><guid>tag:pacts,1</guid>"
        "<pubDate>Wed, 28 Feb 2024 09:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{ARTICLE}</p>]]></content:encoded></item>"
        "<item><title>Nothing</title></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    raws, failures = _split(_items([str(saved)], backoff=0.0, retries=0))
    assert [r.source for r in raws] == [f"{local_site}/pact", f"{saved}#tag:pacts,1"]
    assert raws[0].data == PAGE.encode()
    own = raws[1]
    assert ARTICLE in own.data.decode() and own.media_type == "text/html"
    assert (own.metadata["title"], own.metadata["date"]) == ("In the feed", "2024-02-28")
    (nothing,) = failures
    assert (nothing.source, nothing.reason) == (f"{saved}#3", "feed item has no link and no text")


def test_feed_that_times_out_is_a_transient_failure(local_site: str) -> None:
    (failure,) = _items([f"{local_site}/slow-feed"], timeout=0.3, retries=1, backoff=0.0)
    assert isinstance(failure, Failure) and failure.transient
    assert failure.reason == "timed out after 0.3s (2 tries; tried again on the next build)"


def test_malformed_feed_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<?xml version='1.0'?><rss><channel><item><title>x", encoding="utf-8")
    (failure,) = _items([str(path)])
    assert isinstance(failure, Failure)
    # The item it was cutting when it stopped, which holds nothing.
    assert failure.source == f"{path}#1"
    assert failure.reason == (
        "feed item has no link and no text (the feed is malformed: no element found at line"
        " 1, column 66)"
    )


# -- WARC ---------------------------------------------------------------------------------------


def write_warc(path: Path, pages: dict[str, tuple[str, str, int]], *, gz: bool) -> None:
    """A WARC like CC-News: a warcinfo record, then a request and a response per page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for uri, (content_type, body, status) in pages.items():
            asked = StatusAndHeaders(
                "GET / HTTP/1.1", [("User-Agent", "test")], is_http_request=True
            )
            request = writer.create_warc_record(
                uri, "request", payload=io.BytesIO(b""), http_headers=asked
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                f"{status} OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body.encode()), http_headers=headers
                )
            )


WARC_PAGES = {
    "https://news.example/2024/pact": ("text/html; charset=utf-8", PAGE, 200),
    "https://news.example/logo.png": ("image/png", "not html", 200),
    "https://news.example/missing": ("text/html", "<p>not found</p>", 404),
    "https://news.example/2024/second": ("text/html", PAGE.replace("Lisbon", "Oslo"), 200),
}


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_html_responses_only(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("cc-news.warc.gz" if gz else "cc-news.warc")
    write_warc(path, WARC_PAGES, gz=gz)
    raws, failures = _split(_items([str(path)]))
    assert not failures
    assert [r.source for r in raws] == [
        "https://news.example/2024/pact",
        "https://news.example/2024/second",
    ]
    assert raws[0].data == PAGE.encode() and raws[0].media_type.startswith("text/html")
    assert raws[0].metadata == {"url": "https://news.example/2024/pact"}


def test_regression_a_page_two_archives_hold_is_one_input_and_a_note(tmp_path: Path) -> None:
    """A page held by two archives (or twice by one: a revisit) was read twice in one build
    and counted as two inputs, "1 updated", for one article."""
    first, second = tmp_path / "day1.warc.gz", tmp_path / "day2.warc"
    write_warc(first, WARC_PAGES, gz=True)
    write_warc(
        second,
        {"https://news.example/2024/pact": WARC_PAGES["https://news.example/2024/pact"]},
        gz=False,
    )
    notes: list[str] = []
    raws = list(iter_inputs([str(first), str(second)], SourceOptions(), notes=notes))
    assert [r.source for r in raws if isinstance(r, RawInput)] == [
        "https://news.example/2024/pact",
        "https://news.example/2024/second",
    ]
    assert notes == [
        "1 input name(s) met more than once, each read the first time only:"
        " https://news.example/2024/pact (2 times)"
    ]


def test_a_warc_without_html_pages_is_a_failure_by_name(tmp_path: Path) -> None:
    path = tmp_path / "crawl-info-only.warc.gz"
    write_warc(path, {}, gz=True)  # its warcinfo record alone
    (failure,) = _items([str(path)])
    assert isinstance(failure, Failure)
    assert (failure.source, failure.error) == (str(path), "EmptyInput")
    assert failure.reason == "no HTML pages in it (no response records)"


def test_warc_cut_short_keeps_what_came_before(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, WARC_PAGES, gz=True)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    raws, failures = _split(_items([str(cut)]))
    assert [r.source for r in raws] == ["https://news.example/2024/pact"]
    (failure,) = failures
    assert failure.source == str(cut)
    assert failure.reason.startswith("archive cut short or damaged after 1 page(s)")


def test_regression_a_damaged_warc_header_was_reported_in_warcios_words(tmp_path: Path) -> None:
    # A response record whose HTTP block is missing its status line: warcio fails with an
    # AttributeError about its own code, which the reason quoted to the user.
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n"
    )
    (failure,) = _items([str(damaged)])
    assert isinstance(failure, Failure) and failure.source == str(damaged)
    assert failure.reason == (
        "archive cut short or damaged after 0 page(s): a record's headers cannot be read"
    )


# -- standard input and the sidecar -------------------------------------------------------------


def test_stdin_article_and_stdin_url_list() -> None:
    (raw,) = _items(["-"], stdin=io.BytesIO(ARTICLE.encode()))
    assert isinstance(raw, RawInput)
    assert raw.source.startswith("stdin:") and raw.data == ARTICLE.encode()
    site = _Site({"https://news.example/a": _html()})
    (page,) = _items(["-"], stdin=io.BytesIO(b"https://news.example/a\n"), **site.options())
    assert isinstance(page, RawInput) and page.source == "https://news.example/a"


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_sidecar_overrides_by_path_and_by_url(tmp_path: Path, kind: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    rows = [
        {"path": "a.txt", "title": "Given title", "date": "2024-02-28", "outlet": "Reuters"},
        {"url": "https://news.example/pact", "language": "pt", "date": "2024-03-01"},
    ]
    sidecar = tmp_path / f"meta.{kind}"
    if kind == "csv":
        sidecar.write_text(
            "path,url,title,date,outlet,language\n"
            "a.txt,,Given title,2024-02-28,Reuters,\n"
            ",https://news.example/pact,,2024-03-01,,pt\n",
            encoding="utf-8",
        )
    else:
        sidecar.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    site = _Site({"https://news.example/pact": _html()})
    text, page = _items(
        [str(tmp_path / "a.txt"), "https://news.example/pact"],
        metadata_file=str(sidecar),
        **site.options(),
    )
    assert isinstance(text, RawInput) and isinstance(page, RawInput)
    assert text.metadata == {
        "title": "Given title",
        "date": "2024-02-28",
        "outlet": "Reuters",
        "date_provenance": "sidecar",
    }
    assert page.metadata["language"] == "pt" and page.metadata["date"] == "2024-03-01"


def test_sidecar_wins_over_the_feed(local_site: str, tmp_path: Path) -> None:
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text(f"url,date,title\n{local_site}/pact,2024-01-02,Right title\n", "utf-8")
    raws, _ = _split(_items([f"{local_site}/rss.xml"], metadata_file=str(sidecar), retries=0))
    (raw,) = raws
    assert raw.metadata["date"] == "2024-01-02" and raw.metadata["title"] == "Right title"
    assert raw.metadata["date_provenance"] == "sidecar"


def test_sidecar_without_key_column_is_an_error(tmp_path: Path) -> None:
    from storyline.errors import StorylineError

    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("title,date\nx,2024-01-01\n", encoding="utf-8")
    with pytest.raises(StorylineError, match="needs a 'path' or 'url' column"):
        _items([str(tmp_path)], metadata_file=str(sidecar))


@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99])
@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_cut_anywhere_is_reported(tmp_path: Path, gz: bool, fraction: float) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, WARC_PAGES, gz=gz)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[: int(len(data) * fraction)])
    raws, failures = _split(_items([str(cut)]))
    assert len(raws) < 2
    (failure,) = failures
    assert failure.reason.startswith(f"archive cut short or damaged after {len(raws)} page(s)")


def test_a_fault_reading_one_file_is_its_failure_and_what_it_gave_stands() -> None:
    # The net under every reader (regression: a RecursionError in the JSON parser ended the
    # build): what the file gave before the fault is kept, the fault is a failure by its name.
    from storyline.ingest.sources import _guarded

    def reader() -> Iterator[RawInput | Failure]:
        yield RawInput("pile.jsonl#1", b"first", "text/plain")
        raise RecursionError("maximum recursion depth exceeded")

    first, failure = _guarded("pile.jsonl", reader())
    assert isinstance(first, RawInput) and first.source == "pile.jsonl#1"
    assert isinstance(failure, Failure) and failure.source == "pile.jsonl"
    assert failure.reason == "could not be read (RecursionError: maximum recursion depth exceeded)"
