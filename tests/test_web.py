"""The web app and the HTTP API on the seed store: every page and its JSON twin, links that
lead somewhere, escaping of untrusted text, the write token, size limits and URL refusal."""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from storyline.core import Storyline
from storyline.pipeline import BuildOptions
from storyline.web.app import SECURITY_HEADERS, WebSettings, create_app
from storyline.web.fetch import FetchFailed, URLRefused, fetch, is_public
from storyline.web.marking import Span, mark_text
from storyline.web.schemas import DateOut, EntryOut
from storyline.web.timeline_svg import build_timeline

from .conftest import COLLECTED_ON, seed_path
from .web_helpers import HOSTILE_TITLE, add_hostile, copy_store

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="module")
def client(seed_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(WebSettings(db=str(seed_db), index_meaning=False))) as c:
        yield c


@pytest.fixture(scope="module")
def story(client: TestClient) -> dict[str, Any]:
    (item,) = client.get("/api/stories").json()["stories"]
    data: dict[str, Any] = client.get(f"/api/stories/{item['id']}").json()
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, seed_db: Path) -> tuple[Path, str]:
    """A copy of the seed store holding the hostile article; (store, article id)."""
    db = copy_store(seed_db, tmp_path_factory.mktemp("hostile"))
    return db, add_hostile(db)


# -- pages and their JSON ----------------------------------------------------------------------


def test_stories_page_lists_the_seed_story_with_its_span(client: TestClient, seed_db: Path) -> None:
    (timeline,) = Storyline(seed_db).timelines()
    data = client.get("/api/stories").json()
    (item,) = data["stories"]
    assert item["id"] == timeline.story.id
    assert item["entries"] == len(timeline.entries)
    assert item["articles"] == 5
    assert item["first"] == min(e.date.start for e in timeline.entries).isoformat()
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'href="{item["href"]}"' in page.text
    assert str(escape(item["title"])) in page.text


def test_failures_are_listed_by_name_with_their_reasons(tmp_path: Path) -> None:
    folder = tmp_path / "pile"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_path("004").read_text(encoding="utf-8"), "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "odd<b>x.pdf").write_bytes(b"%PDF-1.4")
    db = tmp_path / "s.db"
    report = Storyline(db).build([str(folder)], BuildOptions(collected_on=COLLECTED_ON, workers=1))
    assert len(report.failures) == 2
    settings = WebSettings(db=str(db), index_meaning=False)
    with TestClient(create_app(settings)) as c:
        listed = c.get("/api/failures").json()["failures"]
        assert [(f["source"], f["stage"], f["transient"]) for f in listed] == [
            (str(folder / "empty.txt"), "extract", False),
            (str(folder / "odd<b>x.pdf"), "ingest", False),
        ]
        assert listed[0]["reason"] == "empty input" and listed[0]["at"]
        assert listed[1]["reason"].startswith("unsupported file type '.pdf'")
        assert c.get("/api/stories").json()["failures"] == 2
        home = c.get("/")
        assert 'href="/failures">2 inputs could not be built</a>' in home.text
        page = c.get("/failures")
        assert page.status_code == 200
        assert "odd&lt;b&gt;x.pdf" in page.text and "odd<b>x" not in page.text
        assert "empty input" in page.text


def test_story_page_shows_every_entry_and_the_timeline(
    client: TestClient, story: dict[str, Any], seed_db: Path
) -> None:
    (timeline,) = Storyline(seed_db).timelines()
    assert [e["summary"][0]["text"] for e in story["entries"]] == [
        e.summary[0].text for e in timeline.entries
    ]
    assert {a["id"] for a in story["articles"]} == set(timeline.story.article_ids)
    page = client.get(story["href"]).text
    # One list item per entry, and one drawn item per entry in the whole-story SVG.
    assert page.count('class="entry-link"') == len(story["entries"])
    assert page.count('<a href="/stories/') >= len(story["entries"])
    assert len(re.findall(r'<a href="[^"]+" class="item ', page)) == len(story["entries"])
    for entity in story["key_entities"]:
        assert f'href="{entity["href"]}"' in page


def test_the_seed_storys_agreement_is_of_versions_of_one_story(story: dict[str, Any]) -> None:
    (agreement,) = [d for d in story["discrepancies"] if d["verdict"] == "agree"]
    assert agreement["heading"] == "Versions of one story agree"
    assert "221,000" in agreement["sides"][0]["value"]


def test_every_link_of_the_story_page_answers(client: TestClient, story: dict[str, Any]) -> None:
    page = client.get(story["href"]).text
    links = set(re.findall(r'href="(/[^"#]*)', page))
    assert len(links) > 20
    for link in sorted(links):
        response = client.get(html.unescape(link))
        assert response.status_code == 200, link


def test_entry_page_has_sources_side_by_side_with_their_passages(
    client: TestClient, story: dict[str, Any]
) -> None:
    richest = max(story["entries"], key=lambda e: len(e["sources"]))
    data = client.get(f"/api{richest['href']}").json()
    assert data["summary"] == richest["summary"]
    assert {c["article"]["id"] for c in data["sources"]} == set(richest["sources"])
    # Independent sources come first; every passage is the article's own text.
    flags = [c["independent"] for c in data["sources"]]
    assert flags == sorted(flags, reverse=True)
    for column in data["sources"]:
        article = client.get(f"/api/articles/{column['article']['id']}").json()
        for passage in column["passages"]:
            assert article["text"][passage["start"] : passage["end"]] == passage["text"]
    cited = {(c["article"], c["start"], c["end"]) for s in data["summary"] for c in s["citations"]}
    shown = {
        (col["article"]["id"], p["start"], p["end"])
        for col in data["sources"]
        for p in col["passages"]
        if p["role"] == "cited"
    }
    assert cited <= shown
    page = client.get(richest["href"]).text
    assert page.count('class="source-link"') == len(data["sources"])


def test_entry_pages_chain_with_previous_and_next(
    client: TestClient, story: dict[str, Any]
) -> None:
    first = client.get(f"/api{story['entries'][0]['href']}").json()
    assert first["previous"] is None and first["next"] == story["entries"][1]["href"]
    last = client.get(f"/api{story['entries'][-1]['href']}").json()
    assert last["next"] is None
    assert client.get(f"{story['href']}/entries/{len(story['entries'])}").status_code == 404
    assert client.get(f"/api{story['href']}/entries/-1").status_code == 404


def test_an_entry_with_quotes_shows_them_with_their_speakers(
    client: TestClient, story: dict[str, Any]
) -> None:
    pages = [client.get(f"/api{e['href']}").json() for e in story["entries"]]
    quoted = [p for p in pages if p["quotes"]]
    assert quoted, "no seed entry rests on a passage with a quote"
    for page in quoted:
        for q in page["quotes"]:
            article = client.get(f"/api/articles/{q['article']}").json()
            assert article["text"][q["start"] : q["end"]].strip()
            assert q["text"] in article["text"] or q["kind"] != "direct"


def test_article_page_marks_entities_dates_quotes_and_figures(
    client: TestClient, story: dict[str, Any]
) -> None:
    article_id = story["articles"][0]["id"]
    data = client.get(f"/api/articles/{article_id}").json()
    kinds = {m["kind"] for m in data["marks"]}
    assert {"entity", "time", "quote"} <= kinds
    assert data["published"]["label"] and data["published"]["evidence"]
    page = client.get(f"/articles/{article_id}").text
    assert (
        page.count('class="m m-entity"')
        >= sum(1 for m in data["marks"] if m["kind"] == "entity" and m["href"]) // 2
    )
    # The marked text, with the tags taken out, is the article's text.
    body = re.search(r'<div class="article-text"[^>]*>(.*?)</div>', page, re.S)
    assert body is not None
    assert html.unescape(re.sub(r"<[^>]+>", "", body.group(1))) == data["text"]
    for evidence in data["published"]["evidence"]:
        assert str(escape(evidence)) in page


def test_removed_boilerplate_is_shown_on_request(client: TestClient, story: dict[str, Any]) -> None:
    with_removed = [
        a
        for a in (client.get(f"/api/articles/{x['id']}").json() for x in story["articles"])
        if a["removed"]
    ]
    assert with_removed, "no seed article lost boilerplate"
    article = with_removed[0]
    assert article["raw_text"] is None
    full = client.get(f"/api/articles/{article['id']}?removed=true").json()
    assert full["raw_text"]
    for r in full["removed"]:
        assert 0 <= r["start"] < r["end"] <= len(full["raw_text"])
    plain = client.get(f"/articles/{article['id']}").text
    assert 'id="removed"' not in plain and "?removed=true" in plain
    page = client.get(f"/articles/{article['id']}?removed=true").text
    assert 'id="removed"' in page and page.count("m-removed") >= len(full["removed"])


def test_a_cited_span_is_marked_and_can_be_linked_to(
    client: TestClient, story: dict[str, Any]
) -> None:
    citation = story["entries"][0]["summary"][0]["citations"][0]
    page = client.get(citation["href"].split("#")[0]).text
    assert f'id="span-{citation["start"]}-{citation["end"]}"' in page
    assert "m-cited" in page


def test_entity_page_has_aliases_appearances_and_what_it_said(
    client: TestClient, story: dict[str, Any], seed_export: dict[str, Any]
) -> None:
    said: dict[str, int] = {}
    for q in seed_export["quotes"]:
        if q["speaker"]["entity"]:
            said[q["speaker"]["entity"]] = said.get(q["speaker"]["entity"], 0) + 1
    speaker = max(said, key=lambda k: said[k])
    data = client.get(f"/api/entities/{speaker}").json()
    assert len(data["quotes"]) == said[speaker]
    exported = next(e for e in seed_export["entities"] if e["id"] == speaker)
    assert data["aliases"] == exported["aliases"]
    assert sum(a["articles"] for a in data["appearances"]) == len(exported["articles"])
    assert sum(a["mentions"] for a in data["appearances"]) == exported["mentions"]
    page = client.get(f"/entities/{speaker}").text
    assert page.count('class="quote ') == len(data["quotes"])


def test_event_page_lists_its_articles(client: TestClient, seed_export: dict[str, Any]) -> None:
    event = max(seed_export["events"], key=lambda e: len(e["article_ids"]))
    data = client.get(f"/api/events/{event['id']}").json()
    assert data["title"] == event["title"]
    assert {a["id"] for a in data["articles"]} == set(event["article_ids"])
    assert client.get(f"/events/{event['id']}").status_code == 200


def test_unknown_things_are_404_in_html_and_json(client: TestClient) -> None:
    for path in ("/stories/nope", "/articles/nope", "/entities/nope", "/events/nope"):
        page = client.get(path)
        assert page.status_code == 404 and "text/html" in page.headers["content-type"]
        api = client.get(f"/api{path}")
        assert api.status_code == 404 and "nope" in api.json()["detail"]


def test_every_page_sends_the_security_headers(client: TestClient, story: dict[str, Any]) -> None:
    for path in ("/", story["href"], "/api/stories", "/search?q=x", "/articles/nope"):
        response = client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value, (path, name)
    assert "script-src 'self'" in SECURITY_HEADERS["Content-Security-Policy"]


def test_keyword_search_page_and_api(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "migrants"}).json()
    assert data["results"]
    for hit in data["results"]:
        assert hit["highlights"], hit
        for a, b in hit["highlights"]:
            assert hit["snippet"][a:b].lower().startswith("migrant")
    only_quotes = client.get("/api/search", params={"q": "migrants", "kind": "quote"}).json()
    assert only_quotes["results"] and {h["kind"] for h in only_quotes["results"]} == {"quote"}
    page = client.get("/search", params={"q": "migrants"}).text
    assert page.count('class="result kind-') == len(data["results"])
    assert "<mark>" in page
    assert client.get("/api/search", params={"q": "x", "mode": "telepathy"}).status_code == 422


# -- untrusted text ------------------------------------------------------------------------------


def test_hostile_article_text_is_escaped_everywhere(hostile: tuple[Path, str]) -> None:
    db, article_id = hostile
    with TestClient(create_app(WebSettings(db=str(db), index_meaning=False))) as c:
        api = c.get(f"/api/articles/{article_id}").json()
        assert "<script>" in api["title"]  # kept as the article's words...
        pages = [
            c.get(f"/articles/{article_id}").text,
            c.get(f"/articles/{article_id}?removed=true").text,
            c.get("/search", params={"q": "pwned"}).text,
            c.get("/search", params={"q": "<script>alert(1)</script>"}).text,
        ]
        for entity in c.get(f"/api/articles/{article_id}").json()["marks"]:
            if entity["href"]:
                pages.append(c.get(entity["href"]).text)
        for story in c.get("/api/stories").json()["stories"]:
            pages.append(c.get(story["href"]).text)
        for page in pages:
            # ...but no page carries them as markup.
            assert "<script>window" not in page and "<script>alert" not in page
            assert not re.search(r"<[a-z]+\b[^>]*\son\w+\s*=", page, re.I)
            assert "javascript:" not in page.lower().replace("&#34;javascript:", "")
            scripts = re.findall(r"<script\b[^>]*>", page)
            assert all(s == '<script src="/static/timeline.js" defer>' for s in scripts), scripts
        assert str(escape(HOSTILE_TITLE)) in pages[0]


# -- writing -------------------------------------------------------------------------------------


@pytest.fixture()
def writable(tmp_path: Path, seed_db: Path) -> Iterator[TestClient]:
    db = copy_store(seed_db, tmp_path)
    settings = WebSettings(
        db=str(db), write_token=TOKEN, index_meaning=False, max_body_bytes=20_000
    )
    with TestClient(create_app(settings)) as c:
        yield c


ARTICLE = (
    "WASHINGTON, March 5, 2024 — The United States and Mexico agreed on Tuesday to open two new"
    ' border crossings for trucks, officials said. "This will cut waiting times in half," said'
    " Alicia Bárcena, Mexico's foreign minister. About 4,000 trucks cross every day."
)


def test_writing_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/articles", json={"text": ARTICLE})
    assert response.status_code == 403
    assert "off" in response.json()["detail"]


def test_a_write_needs_the_right_token(writable: TestClient) -> None:
    assert writable.post("/api/articles", json={"text": ARTICLE}).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert writable.post("/api/articles", json={"text": ARTICLE}, headers=wrong).status_code == 401
    basic = {"Authorization": f"Basic {TOKEN}"}
    assert writable.post("/api/articles", json={"text": ARTICLE}, headers=basic).status_code == 401


def test_posting_text_adds_an_article_that_pages_and_search_show(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = writable.get("/api/stories").json()
    metadata = {"title": "New crossings", "outlet": "Wire", "date": "2024-03-05"}
    body = {"text": ARTICLE, "metadata": metadata}
    response = writable.post("/api/articles", json=body, headers=auth)
    assert response.status_code == 201, response.text
    result = response.json()
    assert (result["inputs"], result["added"], result["failures"]) == (1, 1, [])
    (article_id,) = result["articles"]
    article = writable.get(f"/api/articles/{article_id}").json()
    assert article["title"] == "New crossings" and article["outlet"] == "Wire"
    assert article["published"]["start"] == "2024-03-05"
    found = writable.get("/api/search", params={"q": "trucks crossings"}).json()["results"]
    assert article_id in {h["article"] for h in found}
    # The corpus stages ran again: the new article joined a story.
    after = writable.get("/api/stories").json()
    assert (
        sum(s["articles"] for s in after["stories"])
        == sum(s["articles"] for s in before["stories"]) + 1
    )
    again = writable.post("/api/articles", json=body, headers=auth).json()
    assert (again["added"], again["unchanged"]) == (0, 1)


def test_upload_adds_a_file(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    page = f"<html><head><title>Uploaded</title></head><body><p>{ARTICLE}</p></body></html>"
    response = writable.post(
        "/api/articles/upload",
        files={"file": ("crossings.html", page.encode(), "text/html")},
        data={"date": "2024-03-05"},
        headers=auth,
    )
    assert response.status_code == 201, response.text
    (article_id,) = response.json()["articles"]
    assert writable.get(f"/api/articles/{article_id}").json()["title"] == "Uploaded"


def test_exactly_one_of_text_html_url(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writable.post("/api/articles", json={}, headers=auth).status_code == 422
    both = {"text": "a", "html": "<p>b</p>"}
    assert writable.post("/api/articles", json=both, headers=auth).status_code == 422


def test_bodies_over_the_limit_are_refused(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {"text": "word " * 10_000}
    response = writable.post("/api/articles", json=big, headers=auth)
    assert response.status_code == 413
    # Without a Content-Length: counted as the bytes arrive.
    chunks = (b'{"text": "' + b"x" * 5_000 + b'"' if i == 0 else b"x" * 5_000 for i in range(6))
    response = writable.post(
        "/api/articles",
        content=chunks,
        headers={**auth, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    files = {"file": ("big.txt", b"a" * 30_000, "text/plain")}
    assert writable.post("/api/articles/upload", files=files, headers=auth).status_code == 413


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/admin",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "file:///etc/passwd",
        "ftp://example.com/x",
    ],
)
def test_the_api_refuses_private_and_non_web_addresses(writable: TestClient, url: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = writable.post("/api/articles", json={"url": url}, headers=auth)
    assert response.status_code == 422, (url, response.text)


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        body = f"<html><head><title>Fetched</title></head><body><p>{ARTICLE}</p></body></html>"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def local_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_private_url_is_fetched_only_when_the_operator_allows(
    tmp_path: Path, seed_db: Path, local_site: str
) -> None:
    db = copy_store(seed_db, tmp_path)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for allow in (False, True):
        settings = WebSettings(
            db=str(db), write_token=TOKEN, allow_private_urls=allow, index_meaning=False
        )
        with TestClient(create_app(settings)) as c:
            response = c.post("/api/articles", json={"url": f"{local_site}/moved"}, headers=auth)
            if not allow:
                assert response.status_code == 422
                continue
            assert response.status_code == 201, response.text
            (article_id,) = response.json()["articles"]
            article = c.get(f"/api/articles/{article_id}").json()
            assert article["title"] == "Fetched"
            assert article["url"] == f"{local_site}/article"


def _public_resolver(addresses: dict[str, list[str]]) -> Any:
    def resolve(host: str, port: int) -> list[str]:
        return addresses[host]

    return resolve


def test_fetch_pins_the_checked_address_and_checks_every_redirect() -> None:
    seen: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["Host"]))
        if request.url.path == "/go-inside":
            return httpx.Response(302, headers={"Location": "http://intranet.example/secret"})
        return httpx.Response(200, text="<p>hello</p>", headers={"Content-Type": "text/html"})

    resolver = _public_resolver(
        {"news.example": ["93.184.216.34"], "intranet.example": ["10.1.2.3"]}
    )
    page = fetch(
        "http://news.example/a",
        max_bytes=10_000,
        transport=httpx.MockTransport(handler),
        resolver=resolver,
    )
    assert page.data == b"<p>hello</p>"
    assert seen == [("93.184.216.34", "news.example")]  # connected to the address checked
    with pytest.raises(URLRefused):
        fetch(
            "http://news.example/go-inside",
            max_bytes=10_000,
            transport=httpx.MockTransport(handler),
            resolver=resolver,
        )
    # A name with one public and one private address is refused (DNS could pick either).
    with pytest.raises(URLRefused):
        fetch(
            "http://mixed.example/",
            max_bytes=10_000,
            transport=httpx.MockTransport(handler),
            resolver=_public_resolver({"mixed.example": ["93.184.216.34", "127.0.0.1"]}),
        )


def test_fetch_stops_at_the_size_limit() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 50_000)

    with pytest.raises(FetchFailed, match="over"):
        fetch(
            "http://93.184.216.34/",
            max_bytes=10_000,
            transport=httpx.MockTransport(handler),
        )


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.2", False),
        ("172.16.0.1", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("::", False),
        ("fc00::1", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_is_public(address: str, public: bool) -> None:
    assert is_public(address) is public


# -- the timeline drawing ----------------------------------------------------------------------


def _entry(start: str, end: str, status: str = "happened", sources: int = 1) -> EntryOut:
    granularity = "day" if start == end else "month"
    return EntryOut(
        seq=0,
        href=f"/stories/s/entries/{start}",
        date=DateOut(start=start, end=end, granularity=granularity, label=start),
        status=status,
        summary=[],
        sources=[f"a{i}" for i in range(sources)],
        independent_sources=sources,
        single_source=sources == 1,
        discrepancies=[],
    )


def test_timeline_lanes_sizes_and_ranges() -> None:
    entries = [
        _entry("2023-01-10", "2023-01-10", sources=1),
        _entry("2023-03-01", "2023-03-31", sources=4),
        _entry("2024-06-01", "2024-06-01", status="planned"),
    ]
    timeline = build_timeline(entries)
    assert timeline is not None
    assert [lane for lane, _ in timeline.layout.lanes] == ["happened", "planned"]
    by_href = {i.href: i for i in timeline.layout.items}
    day, month, planned = (by_href[e.href] for e in entries)
    assert month.r > day.r  # more independent sources, a bigger circle
    assert month.ranged and not day.ranged
    assert month.x1 - month.x0 > 5 * (day.x1 - day.x0)  # a month is drawn as its range
    assert planned.cy != day.cy  # planned apart from what happened
    assert timeline.ticks and all(
        re.fullmatch(r"[A-Z][a-z]{2}( \d{4})?", t.label) for t in timeline.ticks
    )


def test_timeline_zooms_from_years_to_days() -> None:
    entries = [
        _entry(f"{year}-05-0{day}", f"{year}-05-0{day}")
        for year in range(2005, 2025)
        for day in (1, 3)
    ]
    whole = build_timeline(entries)
    assert whole is not None and whole.zoom_out is None and whole.whole is None
    assert all(re.fullmatch(r"\d{4}", t.label) for t in whole.ticks)
    year = build_timeline(entries, dt.date(2010, 1, 1), dt.date(2010, 12, 31))
    assert year is not None and year.layout.hidden == len(entries) - 2
    assert any(t.label.startswith("May") for t in year.ticks)
    assert year.whole == "?" and year.zoom_out is not None
    week = build_timeline(entries, dt.date(2010, 4, 29), dt.date(2010, 5, 5))
    assert week is not None and len(week.layout.items) == 2
    assert any(re.fullmatch(r"May \d+( 2010)?", t.label) for t in week.ticks)
    # Zooming in never narrows below a week.
    tiny = build_timeline(entries, dt.date(2010, 5, 1), dt.date(2010, 5, 1))
    assert tiny is not None and (tiny.layout.end - tiny.layout.start).days >= 6


def test_story_page_zoom_window_is_a_query(client: TestClient, story: dict[str, Any]) -> None:
    first = story["entries"][0]["date"]["start"]
    page = client.get(story["href"], params={"from": first, "to": first}).text
    assert 'data-zoom="all"' in page
    assert client.get(story["href"], params={"from": "nonsense"}).status_code == 422


# -- marking -------------------------------------------------------------------------------------

spans = st.lists(
    st.tuples(
        st.integers(0, 60),
        st.integers(1, 30),
        st.sampled_from(["entity", "time", "quote", "figure", "cited"]),
        st.booleans(),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), spans)
def test_marking_keeps_the_text_and_nests_its_tags(text: str, raw: list[Any]) -> None:
    marks = [
        Span(a, a + n, kind, '<label "x">', "/entities/e?a=1&b=<2>" if link else None)
        for a, n, kind, link in raw
    ]
    out = str(mark_text(text, marks))
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)(mark|a)\b[^>]*>", out):
        if closing:
            assert stack and stack.pop() == name, out
        else:
            assert name != "a" or "a" not in stack, out  # links never nest
            stack.append(name)
    assert not stack
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert "<label" not in out and "<2>" not in out


def test_regression_marking_failed_on_one_span_with_and_without_a_link() -> None:
    # Two marks of one passage, one a link and one not, could not be ordered (None < str).
    out = str(
        mark_text("Lula", [Span(0, 4, "entity", "x", None), Span(0, 4, "entity", "x", "/e/1")])
    )
    assert re.sub(r"<[^>]+>", "", out) == "Lula"
    assert out.count('href="/e/1"') == 1


@pytest.mark.parametrize(
    ("value", "shown"),
    [(11_000_000.0, "11,000,000"), (2.5, "2.5"), (0.125, "0.125"), (-3.0, "-3"), (1e20, "1e+20")],
)
def test_figures_are_shown_as_people_write_them(value: float, shown: str) -> None:
    from storyline.web.views import number

    assert number(value) == shown


def test_the_speaker_index_agrees_with_the_per_entity_reading(seed_db: Path) -> None:
    """Entity pages read who said what from the store-wide index; the CLI's `show entity`
    resolves one entity at a time. Both must name the same quotes."""
    from storyline.store import open_store

    with open_store(str(seed_db), readonly=True) as store:
        index = store.speaker_index()
        assert index
        for entity in store.entities():
            one = store.speaker_quotes(entity.id)
            indexed = store.quotes_by_key(index.get(entity.id, []))
            assert [(q.article_id, q.start, q.end) for q in one] == [
                (q.article_id, q.start, q.end) for q in indexed
            ], entity.id


def test_storyline_serve_listens_on_loopback_by_default(seed_db: Path) -> None:
    import subprocess
    import sys
    import time

    from .web_helpers import free_port

    port = free_port()
    command = [sys.executable, "-m", "storyline", "serve", "--db", str(seed_db), "--no-index"]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["stories"]
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()["paths"]
        writing = httpx.post(f"http://127.0.0.1:{port}/api/articles", json={"text": "x"})
        assert writing.status_code == 403
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err.decode()
