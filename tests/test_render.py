"""The Markdown and HTML reports, rendered from the example export of the seed articles."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from storyline.tell.contract import validate_export
from storyline.tell.render_html import mark_id, mark_text, render_html
from storyline.tell.render_markdown import date_label, md, render_markdown

try:  # tests/ as a plain folder on sys.path, or as a package (with __init__.py)
    from fixtures_export import ID, TEXT, example_export, span
except ImportError:
    from .fixtures_export import ID, TEXT, example_export, span  # type: ignore[no-redef]

Doc = dict[str, Any]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = f"{SCRIPT} {IMG}"


def _date(start: str, end: str, granularity: str, best: str | None = None) -> dict[str, Any]:
    return {"start": start, "end": end, "granularity": granularity, "best": best}


# -- date labels ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "label"),
    [
        (_date("2022-06-06", "2022-06-06", "day", "2022-06-06"), "2022-06-06"),
        (_date("2022-06-06", "2022-06-10", "day", "2022-06-06"), "2022-06-06 – 2022-06-10"),
        (_date("2022-06-01", "2022-06-30", "month"), "June 2022"),
        (_date("2022-02-01", "2022-02-28", "month"), "February 2022"),
        (_date("2022-04-01", "2022-06-30", "quarter"), "Q2 2022"),
        (_date("2022-07-01", "2022-12-31", "half"), "second half of 2022"),
        (_date("2022-06-01", "2022-08-31", "season"), "June–August 2022"),
        (_date("2022-01-01", "2022-12-31", "year"), "2022"),
        (_date("2020-01-01", "2029-12-31", "decade"), "the 2020s"),
        (_date("2001-01-01", "2100-12-31", "century"), "the 21st century"),
        (_date("2022-06-06", "2022-06-12", "week"), "week of 2022-06-06"),
        (
            _date("2021-10-01", "2021-12-31", "month"),
            "between 2021-10-01 and 2021-12-31",
        ),
        (
            _date("2021-10-07", "2022-01-13", "day", "2021-11-18"),
            "between 2021-10-07 and 2022-01-13, most likely 2021-11-18",
        ),
        (_date("2023-01-01", "2023-12-31", "month"), "between 2023-01-01 and 2023-12-31"),
        # A month, quarter or year an undated article names: most likely that unit, not a day.
        (
            _date("2020-08-01", "2026-08-31", "month", "2021-08-01"),
            "between 2020-08-01 and 2026-08-31, most likely August 2021",
        ),
        (
            _date("2021-10-01", "2023-12-31", "quarter", "2022-10-01"),
            "between 2021-10-01 and 2023-12-31, most likely Q4 2022",
        ),
        (
            _date("2021-01-01", "2024-12-31", "year", "2022-01-01"),
            "between 2021-01-01 and 2024-12-31, most likely 2022",
        ),
        (
            _date("2021-07-01", "2023-12-31", "half", "2022-07-01"),
            "between 2021-07-01 and 2023-12-31, most likely second half of 2022",
        ),
        # A best guess of a day stays a day (a publication date inferred within months).
        (
            _date("2021-10-01", "2022-01-19", "month", "2021-11-17"),
            "between 2021-10-01 and 2022-01-19, most likely 2021-11-17",
        ),
        (
            _date("2021-10-01", "2021-12-31", "month", "2021-11-17"),
            "between 2021-10-01 and 2021-12-31, most likely 2021-11-17",
        ),
        (None, "undated"),
    ],
)
def test_date_labels(date: dict[str, Any] | None, label: str) -> None:
    assert date_label(date) == label


# -- Markdown ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def markdown() -> str:
    return render_markdown(example_export())


def _md_entries(text: str) -> dict[str, str]:
    """Timeline entry heading → the entry's Markdown (up to the next heading of level <= 3)."""
    entries = {}
    for match in re.finditer(r"^### ([^\n]+)\n(.*?)(?=^#{1,3} |\Z)", text, re.M | re.S):
        entries[match.group(1)] = match.group(2)
    return entries


def test_markdown_tells_the_story_in_order(markdown: str) -> None:
    assert markdown.startswith("# Storyline report\n")
    assert "## US–Latin America migration diplomacy" in markdown
    assert "**Key entities:** Joe Biden (President), Antony Blinken (Secretary of State)" in (
        markdown
    )
    headings = [
        "### between 2021-10-07 and 2022-01-13, most likely 2021-11-18",
        "### October 2021",
        "### March 2022",
        "### 2022-04-20",
        "### 2022-06-06 – 2022-06-10",
        "### 2023-11-03",
        "### 2024-02-28",
        "### 2024-02-29",
    ]
    positions = [markdown.index(h + "\n") for h in headings]
    assert positions == sorted(positions)


def test_markdown_shows_status_and_independent_sources(markdown: str) -> None:
    entries = _md_entries(markdown)
    summit = entries["2022-06-06 – 2022-06-10"]
    assert "2 independent sources (3 articles)" in summit
    assert "single source" not in summit
    assert "Planned" not in summit
    panama = entries["2022-04-20"]
    assert "1 independent source (2 articles)" in panama
    assert "⚠ **single source**" in panama
    assert "**Planned**" in entries["2024-02-29"]
    assert "**Ongoing**" in entries["between 2021-10-01 and 2022-01-19, most likely 2021-11-17"]


def test_markdown_citation_markers_resolve_to_the_entry_sources(markdown: str) -> None:
    for heading, body in _md_entries(markdown).items():
        if not re.match(r"(between |\d{4}|[A-Z][a-z]+ \d{4})", heading):
            continue  # not a timeline entry
        used = set(re.findall(r"(?<!- )\[(\d+)\]", body))
        listed = re.findall(r"^- \[(\d+)\] ", body, re.M)
        assert used, heading
        assert sorted(used, key=int) == listed, heading
    summit = _md_entries(markdown)["2022-06-06 – 2022-06-10"]
    passage = " ".join(TEXT[ID["000"]][span("000", "The previous summit")["start"] :].split())
    assert "the idea of “building a sustainable, resilient, and equitable future” for the" in (
        summit
    )
    source = re.search(r"^- \[3\] (.*)$", summit, re.M)
    assert source is not None
    assert source.group(1).startswith(
        "Reuters, “Biden to host Latin American leaders for Nov. 3 summit on migration and"
        " growth”, published 2023 (inferred): “The previous summit, held in Los Angeles"
    )
    assert passage.startswith("The previous summit")


def test_markdown_shows_discrepancies_under_their_entry(markdown: str) -> None:
    summit = _md_entries(markdown)["2022-06-06 – 2022-06-10"]
    assert "**Sources contradict each other** (figure): countries from the region" in summit
    assert "- “20”: Reuters [4]" in summit
    assert "- “22”: France 24; Voice of America [5]" in summit
    panama = _md_entries(markdown)["2022-04-20"]
    assert "**Sources spell a name differently** (name): Darien Gap / Durian Gap" in panama
    assert "“Durian Gap”: AFP" in panama


def test_regression_versions_of_one_story_agreeing_are_not_sources_agreeing(
    markdown: str,
) -> None:
    """The seed report said "Sources agree" of the 221,000 the wire story and its rewrite
    both report: one source, told twice."""
    assert "**Versions of one story agree** (figure): people apprehended" in markdown
    assert "**Sources agree**" not in markdown
    from storyline.tell.render_markdown import discrepancy_heading

    agreeing = {"verdict": "agree", "sides": [{"articles": ["a"]}, {"articles": ["b"]}]}
    assert discrepancy_heading(agreeing, lambda a: a) == "Sources agree"
    assert discrepancy_heading(agreeing, lambda a: "a") == "Versions of one story agree"


def test_markdown_groups_quotes_by_speaker_and_lists_figures(markdown: str) -> None:
    quotes = markdown[markdown.index("## Quotes") : markdown.index("## Figures")]
    mayorkas = quotes[quotes.index("### Alejandro Mayorkas") :]
    assert mayorkas.split("###")[1].count("- “") == 1
    assert "We need to think regionally" in mayorkas.split("###")[1]
    assert "### Unnamed: one senior U.S. official" in quotes
    assert "(reported speech)" in quotes
    figures = markdown[markdown.index("## Figures") : markdown.index("## Articles")]
    assert "**more than 221,000 people apprehended** (March; Mexican border) — AFP" in figures
    assert "**nearly 100 million people displaced**" in figures


def test_unnamed_speakers_written_with_a_capital_at_a_sentence_start_are_one_speaker() -> None:
    """Regression: the seed report listed "Unnamed: administration officials" and "Unnamed:
    Administration officials" (the same officials, one quote opening its sentence) apart."""
    doc = example_export()
    said = next(q for q in doc["quotes"] if q["speaker"]["description"])
    for description in ("Administration officials", "administration officials", "U.S. officials"):
        doc["quotes"].append({**said, "speaker": {**said["speaker"], "description": description}})
    markdown = render_markdown(doc)
    quotes = markdown[markdown.index("## Quotes") : markdown.index("## Figures")]
    assert quotes.count("### Unnamed: administration officials") == 1
    assert "### Unnamed: Administration officials" not in quotes
    assert "### Unnamed: U.S. officials" in quotes  # a capital of its own is kept
    officials = quotes[quotes.index("### Unnamed: administration officials") :].split("###")[1]
    assert officials.count("- “") == 2
    page = render_html(doc)
    assert page.count("Unnamed: administration officials") == 1
    assert "Unnamed: Administration officials" not in page


def test_a_description_only_written_at_a_sentence_start_is_shown_as_the_articles_write_it() -> None:
    """A description written only where it opens a sentence ("Officials said ..."): the
    articles write "officials" and "a" elsewhere, so the speakers are "officials" and "a senior
    official"; "Pentagon officials" keeps its capital (no article writes "pentagon")."""
    doc = example_export()
    said = next(q for q in doc["quotes"] if q["speaker"]["description"])
    article = next(a for a in doc["articles"] if a["id"] == said["article"])
    article["text"] += " Senior officials met. The talks went on."
    for description in ("Officials", "Pentagon officials", "A senior official"):
        doc["quotes"].append({**said, "speaker": {**said["speaker"], "description": description}})
    quotes = render_markdown(doc).split("## Quotes")[1]
    assert "### Unnamed: officials" in quotes
    assert "### Unnamed: Pentagon officials" in quotes
    assert "### Unnamed: a senior official" in quotes


def test_markdown_articles_show_dating_evidence_and_dependencies(markdown: str) -> None:
    articles = markdown[markdown.index("## Articles") :]
    cbs = articles[articles.index("### U.S. officials say border policy") :]
    cbs = cbs[: cbs.index("\n### ")]
    assert (
        "- Published: between 2021-10-01 and 2022-01-19, most likely 2021-11-17"
        " (inferred from the content)" in cbs
    )
    assert "  - evidence: “In October” (past) has happened: not before 2021-10-01" in cbs
    assert "- URL: <https://www.cbsnews.com/news/three-way-summit-border-issues" in cbs
    assert (
        "- Depends on: AFP, “US seeks strong declaration on migration at Latin American Summit”"
        " (rewrite, similarity 0.81); counted once with it" in articles
    )
    assert "## Inputs that failed" in markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        (SCRIPT, "\\<script\\>alert(1)\\</script\\>"),
        ("*bold* and _under_ `code`", "\\*bold\\* and \\_under\\_ \\`code\\`"),
        ("[link](javascript:alert(1))", "\\[link\\](javascript:alert(1))"),
        ("# heading", "\\# heading"),
        ("1. item", "1\\. item"),
        ("a\n\n> quote", "a \\> quote"),
        ("file_name_here", "file_name_here"),
        ("&amp; &copy;", "\\&amp; \\&copy;"),
    ],
)
def test_markdown_escapes_untrusted_text(text: str, escaped: str) -> None:
    assert md(text) == escaped


def test_markdown_report_never_lets_markup_through() -> None:
    doc = _hostile_export()
    text = render_markdown(doc)
    assert re.search(r"(?<!\\)<(?!https://www.cbsnews.com/)", text) is None  # < escaped
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert "\\<img src=x onerror=alert(1)\\>" in text


# -- HTML -------------------------------------------------------------------------------------

VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "source", "area", "col", "base"}
SVG_VOID = {"line", "rect", "circle", "path", "stop"}


class _Page(HTMLParser):
    """Ids, links, tags and the text inside marks and article texts, checking nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.marks: dict[str, str] = {}  # mark id -> text inside it
        self.open_marks: list[str | None] = []
        self.classes: dict[str, list[str]] = {}
        self.texts: list[str] = []  # the text of each <div class="text">
        self.in_text: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        for name, value in attrs:
            self.attrs.append((tag, name, value))
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if found.get("href"):
            self.hrefs.append(str(found["href"]))
        for name in (found.get("class") or "").split():
            self.classes.setdefault(name, []).append(tag)
        if tag in VOID or tag in SVG_VOID:
            return
        self.stack.append(tag)
        if tag == "mark":
            mark = found.get("id")
            self.open_marks.append(mark)
            if mark:
                self.marks[mark] = ""
        if tag == "div" and found.get("class") == "text":
            self.in_text = len(self.stack)
            self.texts.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and tag not in SVG_VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag in SVG_VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        if self.in_text == len(self.stack):
            self.in_text = None
        self.stack.pop()
        if tag == "mark":
            self.open_marks.pop()

    def handle_data(self, data: str) -> None:
        for mark in self.open_marks:
            if mark:
                self.marks[mark] += data
        if self.in_text is not None:
            self.texts[-1] += data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], parser.stack
    return parser


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(example_export())


@pytest.fixture(scope="module")
def parsed(page: str) -> _Page:
    return _parse(page)


def test_html_is_one_well_formed_self_contained_page(page: str, parsed: _Page) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in parsed.tags
    assert "link" not in parsed.tags
    assert not [a for a in parsed.attrs if a[1] == "src"]
    assert "@import" not in page
    assert "url(http" not in page
    external = [h for h in parsed.hrefs if not h.startswith("#")]
    # The only outside address is the article's own URL, shown as a plain link.
    assert external == [
        "https://www.cbsnews.com/news/three-way-summit-border-issues-biden-trudeau-andres"
        "-manuel-lopez-obrado/"
    ]
    assert "<style>" in page and "@media print" in page


def test_html_ids_are_unique_and_every_link_lands(parsed: _Page) -> None:
    assert len(parsed.ids) == len(set(parsed.ids))
    ids = set(parsed.ids)
    internal = [h[1:] for h in parsed.hrefs if h.startswith("#")]
    assert internal
    assert [h for h in internal if h not in ids] == []


def test_html_citation_links_jump_to_the_cited_passage(page: str, parsed: _Page) -> None:
    doc = example_export()
    cited = 0
    for entry in doc["stories"][0]["timeline"]:
        for sentence in entry["summary"]:
            for c in sentence["citations"]:
                target = mark_id(c["article"], c["start"], c["end"])
                assert f'href="#{target}"' in page
                passage = TEXT[c["article"]][c["start"] : c["end"]]
                inside = parsed.marks[target]
                assert inside and passage.startswith(inside), (target, inside)
                cited += 1
    assert cited >= 12
    assert len(parsed.classes["cite"]) >= cited
    # The mark ids are the documented ones.
    first = doc["stories"][0]["timeline"][0]["summary"][0]["citations"][0]
    assert f'<mark id="a-{first["article"]}-{first["start"]}-{first["end"]}"' in page


def test_html_includes_each_cited_article_text_intact(parsed: _Page) -> None:
    texts = set(parsed.texts)
    for prefix in ("000", "001", "002", "003", "004"):
        assert TEXT[ID[prefix]] in texts


def test_html_timeline_entries_show_dates_counts_and_status(page: str) -> None:
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "2022-06-06 – 2022-06-10" in text
    assert "March 2022" in text
    assert "between 2021-10-07 and 2022-01-13, most likely 2021-11-18" in text
    assert "2 independent sources (3 articles)" in text
    assert "1 independent source (2 articles)" in text
    assert page.count('class="badge badge-single"') == 8
    assert page.count('class="badge badge-planned"') == 4
    assert page.count('class="badge badge-ongoing"') == 1
    assert '<time datetime="2024-02-29">2024-02-29</time>' in page


def test_html_highlights_discrepancies(page: str) -> None:
    assert page.count('<aside class="discrepancy verdict-contradiction"') == 1
    assert page.count('<aside class="discrepancy verdict-variant"') == 1
    assert page.count('<aside class="discrepancy verdict-agree"') == 1
    contradiction = page[page.index('<aside class="discrepancy verdict-contradiction"') :]
    contradiction = contradiction[: contradiction.index("</aside>")]
    assert "countries from the region" in contradiction
    assert f'href="#{mark_id(ID["000"], **_span_args("000", "20 countries"))}"' in contradiction


def _span_args(prefix: str, passage: str) -> dict[str, int]:
    found = span(prefix, passage)
    return {"start": found["start"], "end": found["end"]}


def test_html_timeline_strip_places_every_entry(page: str, parsed: _Page) -> None:
    svg = page[page.index("<svg") : page.index("</svg>")]
    points = re.findall(r'<a href="#(story-1-\d+)" class="point ([^"]+)"', svg)
    assert len(points) == 9
    assert {p[0] for p in points} <= set(parsed.ids)
    classes = {p[0]: p[1] for p in points}
    assert classes["story-1-1"] == "status-planned uncertain"
    assert classes["story-1-6"] == "status-happened"
    assert svg.count('class="range-uncertain"') == 2  # the two dates known only to a range
    assert svg.count('class="range"') == 3  # October, March, and the June 6-10 summit
    lanes = re.findall(r'class="lane lane-(\w+)"', svg)
    assert lanes == ["happened", "ongoing", "planned"]
    radii = {
        href: float(r)
        for href, r in re.findall(
            r'<a href="#(story-1-\d+)"[^>]*>.*?<circle class="dot"[^>]*r="([\d.]+)"', svg, re.S
        )
    }
    assert radii["story-1-6"] > radii["story-1-5"]  # 2 independent sources against 1
    assert ">2022<" in svg and ">2024<" in svg


def test_html_articles_show_metadata_dating_evidence_and_dependency(page: str) -> None:
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "“In October” (past) has happened: not before 2021-10-01" in text
    assert "inferred from the content" in text
    assert "(rewrite, similarity 0.81) — counted once with it" in text
    assert f'<a href="#art-{ID["001"]}">AFP, “US seeks strong declaration' in page


def test_html_escapes_every_untrusted_string() -> None:
    doc = _hostile_export()
    validate_export(doc)
    page = render_html(doc)
    parsed = _parse(page)
    assert "script" not in parsed.tags
    assert "img" not in parsed.tags
    assert not [a for a in parsed.attrs if a[1].startswith("on")]
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript:' not in page
    # The hostile text is still shown, marked and linked.
    assert any(SCRIPT in t for t in parsed.texts)
    internal = [h[1:] for h in parsed.hrefs if h.startswith("#")]
    assert not [h for h in internal if h not in set(parsed.ids)]


def _hostile_export() -> Doc:
    """The example with script and markup in titles, text, names, quotes and reasons."""
    doc = example_export()
    article = doc["articles"][0]
    prefix = f"{HOSTILE} "
    shift = len(prefix)
    article["text"] = prefix + article["text"]
    article["title"] = HOSTILE
    article["outlet"] = IMG
    article["author"] = SCRIPT
    article["url"] = "javascript:alert(1)"
    article["published"]["evidence"].append(HOSTILE)

    def moved(item: dict[str, Any]) -> None:
        if item.get("article") == article["id"]:
            item["start"] += shift
            item["end"] += shift

    for entry in doc["stories"][0]["timeline"]:
        for sentence in entry["summary"]:
            for c in sentence["citations"]:
                moved(c)
    for happening in doc["happenings"]:
        for report in happening["reports"]:
            moved(report)
    for d in doc["discrepancies"]:
        for side in d["sides"]:
            side["value"] = f"{side['value']} {IMG}"
            for c in side["citations"]:
                moved(c)
    for item in (*doc["quotes"], *doc["figures"]):
        moved(item)
    # A summary sentence that cites the hostile passage itself.
    doc["stories"][0]["timeline"][6]["summary"].append(
        {
            "text": HOSTILE,
            "citations": [{"article": article["id"], "start": 0, "end": len(HOSTILE)}],
        }
    )
    doc["stories"][0]["title"] = HOSTILE
    doc["entities"][0]["name"] = SCRIPT
    doc["entities"][0]["roles"] = [IMG]
    doc["quotes"][0]["text"] = HOSTILE
    doc["quotes"][1]["speaker"]["description"] = SCRIPT
    doc["figures"][0]["counted"] = IMG
    doc["discrepancies"][0]["subject"] = SCRIPT
    doc["failures"][0]["reason"] = HOSTILE
    doc["failures"][0]["source"] = IMG
    doc["generator"] = SCRIPT
    return doc


# -- marks that overlap -----------------------------------------------------------------------


def _marks(text: str, spans: dict[tuple[int, int], set[str]]) -> _Page:
    page = f'<div class="text">{mark_text("0123456789abcdef", text, spans)}</div>'
    parsed = _parse(page)
    assert parsed.texts == [text]
    return parsed


def test_crossing_spans_are_split_into_nested_marks() -> None:
    text = "Alpha beta gamma delta epsilon."
    spans = {(0, 16): {"cite"}, (6, 22): {"quote"}, (11, 30): {"figure"}}
    parsed = _marks(text, spans)
    for start, end in spans:
        inside = parsed.marks[mark_id("0123456789abcdef", start, end)]
        assert inside and text[start:end].startswith(inside)
    assert len(parsed.ids) == 3


def test_nested_and_same_start_spans_keep_whole_marks() -> None:
    text = "The Summit of the Americas in Los Angeles."
    spans = {(4, 26): {"cite"}, (4, 10): {"figure"}, (30, 41): {"cite"}, (0, 42): {"quote"}}
    parsed = _marks(text, spans)
    for start, end in spans:
        assert parsed.marks[mark_id("0123456789abcdef", start, end)] == text[start:end]


def test_spans_outside_the_text_are_not_marked() -> None:
    parsed = _marks("short", {(2, 99): {"cite"}, (3, 3): {"cite"}, (0, 5): {"cite"}})
    assert parsed.ids == [mark_id("0123456789abcdef", 0, 5)]


def test_overlapping_citations_in_the_report_still_nest() -> None:
    doc = example_export()
    entry = doc["stories"][0]["timeline"][4]
    first = entry["summary"][0]["citations"][0]
    # A second sentence citing a passage that starts inside the first one and runs past it.
    crossing = {"article": first["article"], "start": first["end"] - 20, "end": first["end"] + 30}
    entry["summary"].append(
        {
            "text": " ".join(TEXT[first["article"]][crossing["start"] : crossing["end"]].split()),
            "citations": [crossing],
        }
    )
    validate_export(doc)
    page = render_html(doc)
    parsed = _parse(page)
    for c in (first, crossing):
        target = mark_id(c["article"], c["start"], c["end"])
        assert f'href="#{target}"' in page
        assert TEXT[c["article"]][c["start"] : c["end"]].startswith(parsed.marks[target])
    assert TEXT[first["article"]] in parsed.texts


# -- edge cases -------------------------------------------------------------------------------


def _empty() -> Doc:
    keys = ("articles", "entities", "events", "happenings", "stories", "quotes", "figures")
    return {
        "format": "storyline-export",
        "version": 1,
        **{k: [] for k in keys},
        "discrepancies": [],
        "failures": [],
    }


def test_an_empty_export_renders() -> None:
    assert render_markdown(_empty()).startswith("# Storyline report")
    page = render_html(_empty())
    _parse(page)
    assert "0 articles" in page


def test_a_story_with_one_day_renders_a_strip() -> None:
    doc = example_export()
    story = doc["stories"][0]
    story["timeline"] = story["timeline"][-1:]
    page = render_html(doc)
    _parse(page)
    assert page.count('class="point ') == 1
    assert "### 2024-02-29" in render_markdown(doc)


def test_several_stories_each_get_a_section_and_a_strip() -> None:
    doc = example_export()
    second = {
        **doc["stories"][0],
        "id": "st-border",
        "title": "Biden at the border",
        "timeline": doc["stories"][0]["timeline"][-2:],
    }
    doc["stories"].append(second)
    validate_export(doc)
    page = render_html(doc)
    parsed = _parse(page)
    assert len(parsed.ids) == len(set(parsed.ids))
    assert {"story-1", "story-2", "story-2-1", "story-2-2"} <= set(parsed.ids)
    assert page.count("<svg") == 2
    assert '<a href="#story-2" dir="auto">Biden at the border</a>' in page
    markdown = render_markdown(doc)
    assert "- Biden at the border" in markdown
    assert "## Biden at the border" in markdown


def test_discrepancies_no_entry_shows_still_appear() -> None:
    doc = example_export()
    for entry in doc["stories"][0]["timeline"]:
        entry["discrepancies"] = [d for d in entry["discrepancies"] if d != "d-gap"]
    validate_export(doc)
    markdown = render_markdown(doc)
    other = markdown[markdown.index("## Other comparisons across sources") :]
    assert "Darien Gap / Durian Gap" in other[: other.index("## Quotes")]
    assert "- “Durian Gap”: AFP (“Durian Gap”)" in other
    page = render_html(doc)
    parsed = _parse(page)
    section = page[page.index('<section id="discrepancies"') :]
    section = section[: section.index("</section>")]
    assert '<aside class="discrepancy verdict-variant" id="d-d-gap">' in section
    target = mark_id(ID["001"], **_span_args("001", "Durian Gap"))
    assert f'href="#{target}"' in section
    assert parsed.marks[target] == "Durian Gap"
    assert '<a href="#discrepancies">' in page
    assert 'id="discrepancies"' not in render_html(example_export())
