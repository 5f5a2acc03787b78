"""The article in an HTML page: main text without page furniture, metadata, date, fallbacks."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.errors import IngestError
from storyline.ingest import html as html_module
from storyline.ingest.extract import extract
from storyline.ingest.html import NO_TEXT, extract_html, looks_like_html
from storyline.ingest.types import RawInput

PARAGRAPHS = [
    "WASHINGTON — Leaders from the United States, Mexico and Guatemala met on Wednesday to "
    "discuss a joint response to irregular migration in the region, officials said.",
    "The meeting, hosted by Secretary of State Antony Blinken, produced a joint statement on "
    "trilateral cooperation and a plan for an operational cell to share best practices.",
    "“We are working seamlessly across all three governments,” one official said, adding that "
    "more announcements would follow in April.",
]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Leaders meet on migration | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:title" content="Leaders meet on migration">
<meta property="og:url" content="https://www.dailyexample.com/world/leaders-meet">
<meta property="article:published_time" content="2024-02-28T10:00:00Z">
<meta name="author" content="Jane Doe">
<script>var tracking = "Leave a Reply";</script>
<style>p {{ color: red; }}</style>
</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.
Accept all cookies to keep reading.</p><button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li></ul></nav></header>
<main><article>
<h1>Leaders meet on migration</h1>
<p class="byline">By Jane Doe</p>
<p>{}</p>
<p>{}</p>
<p>{}</p>
</article></main>
<section id="comments" class="comments"><h3>3 Comments</h3>
<div class="comment"><p>This is a terrible idea and I hate it, says a reader with strong opinions
about everything under the sun.</p></div>
<form><p>Leave a Reply</p><textarea></textarea></form></section>
<footer><p>Copyright © 2024 The Daily Example. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms</a></p></footer>
</body>
</html>
""".format(*PARAGRAPHS)


def test_real_page_main_text_and_metadata() -> None:
    extracted = extract(RawInput("page.html", PAGE.encode("utf-8"), "text/html"))
    assert extracted.text == "\n\n".join(PARAGRAPHS)
    assert extracted.title == "Leaders meet on migration"
    assert extracted.author == "Jane Doe"
    assert extracted.outlet == "The Daily Example"
    assert extracted.url == "https://www.dailyexample.com/world/leaders-meet"
    assert extracted.language == "en"
    assert extracted.content_type == "text/html"
    assert extracted.raw_text == PAGE
    assert extracted.removed == ()
    for furniture in (
        "cookies",
        "Home",
        "3 Comments",
        "terrible idea",
        "Leave a Reply",
        "Copyright",
        "Privacy policy",
        "tracking",
        "color: red",
    ):
        assert furniture not in extracted.text


def test_published_time_meta_is_a_metadata_date() -> None:
    extracted = extract(RawInput("page.html", PAGE.encode("utf-8"), "text/html"))
    (candidate,) = extracted.date_candidates
    assert candidate.date == dt.date(2024, 2, 28)
    assert candidate.provenance == "metadata"
    assert candidate.evidence == "HTML meta article:published_time"


def test_html_is_sniffed_without_a_media_type() -> None:
    assert looks_like_html(PAGE)
    extracted = extract(RawInput("download", PAGE.encode("utf-8")))
    assert extracted.content_type == "text/html"
    assert extracted.text.startswith("WASHINGTON —")


def test_html_saved_as_txt_is_read_as_html() -> None:
    extracted = extract(RawInput("page.txt", PAGE.encode("utf-8"), "text/plain"))
    assert extracted.content_type == "text/html"
    assert "<p>" not in extracted.text


def test_json_ld_date_and_no_site_name_gives_outlet_from_url() -> None:
    page = f"""<html><head><title>Talks end</title>
<link rel="canonical" href="https://www.reuters.com/world/americas/talks-end/">
<script type="application/ld+json">{{"@type": "NewsArticle",
 "datePublished": "2021-11-17T14:00:00Z", "headline": "Talks end"}}</script>
</head><body><article><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></article></body></html>"""
    extracted = extract(RawInput("talks.html", page.encode("utf-8"), "text/html"))
    assert extracted.url == "https://www.reuters.com/world/americas/talks-end/"
    assert extracted.outlet in ("Reuters", "reuters.com")
    (candidate,) = extracted.date_candidates
    assert candidate.date == dt.date(2021, 11, 17)
    assert candidate.evidence == "HTML JSON-LD datePublished"


def test_page_without_date_metadata_has_no_metadata_date() -> None:
    page = (
        f"<html><body><article><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></article></body></html>"
    )
    extracted = extract(RawInput("x.html", page.encode("utf-8"), "text/html"))
    assert all(c.provenance != "metadata" for c in extracted.date_candidates)


def test_regression_the_byline_date_under_the_headline_is_read() -> None:
    """A Spanish page dated only by its byline ("Por María López, 3 de marzo de 2024") was
    undated: the extraction leaves the byline out, and htmldate reads no Spanish date."""
    page = (
        "<html lang='es'><head><title>El plan</title></head><body><nav>Inicio | Política</nav>"
        "<article><h1>El Gobierno aprueba el plan</h1>"
        "<div class='byline'><span>Por</span> <a>María López</a>, <time>3 de marzo de 2024</time>"
        "</div><p>El Gobierno aprobó el martes un plan de 500 millones de euros para la vivienda,"
        " según dijo la ministra Ana Pérez ante los periodistas en Madrid.</p>"
        "<p>La oposición criticó la medida y pidió más fondos para los jóvenes del país, que"
        " llevan años esperando una respuesta del Gobierno a la crisis de la vivienda.</p>"
        "<aside><p>Publicado el 1 de enero de 2020</p></aside></article></body></html>"
    )
    extracted = extract(RawInput("es.html", page.encode("utf-8"), "text/html"))
    (head,) = [c for c in extracted.date_candidates if c.evidence.startswith("page head")]
    assert (head.date, head.provenance) == (dt.date(2024, 3, 3), "text")
    assert head.evidence == 'page head line 1: "Por María López, 3 de marzo de 2024"'
    assert extract_html(page).head == "Por María López, 3 de marzo de 2024"


def test_no_page_head_without_a_headline() -> None:
    page = (
        f"<html><body><p>3 March 2024</p><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></body></html>"
    )
    assert extract_html(page).head == ""


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><div><p>{0}<p>{1}<div><span>{2}</body>",  # unclosed everything
        "<p>{0}</p></div></div></span><p>{1}</p><p>{2}",  # stray closing tags, no <html>
        "<<html>><body <p>>{0}</p><p>{1}</p><p>{2}</p></bo",  # broken tags
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>{0}</p><p>{1}</p></body></html>',
    ],
)
def test_malformed_html_still_gives_text(markup: str) -> None:
    page = markup.format(*PARAGRAPHS)
    extracted = extract(RawInput("bad.html", page.encode("utf-8"), "text/html"))
    assert "hosted by Secretary of State Antony Blinken" in extracted.text
    assert "<p>" not in extracted.text


@pytest.mark.parametrize("depth", [300, 1_000])
def test_regression_a_page_nested_past_256_elements_had_no_text(depth: int) -> None:
    # The HTML parser's default limits stop at 256 nested elements (pages built of unclosed
    # <div> or <font> tags reach it): the article inside was "no article text found".
    page = "<html><body>" + "<div>" * depth + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    article = extract_html(page + "</div>" * depth + "</body></html>")
    assert PARAGRAPHS[1] in article.text


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>x</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav><footer>© 2024</footer></body></html>",
        "<div></div>",
        "</html>",
        "<html><body><script>var x = 1;</script></body></html>",
    ],
)
def test_page_without_text_is_an_ingest_error(markup: str) -> None:
    with pytest.raises(IngestError) as caught:
        extract(RawInput("empty.html", markup.encode("utf-8"), "text/html"))
    assert caught.value.reason in (NO_TEXT, "no article text: only page furniture")


def test_first_extraction_empty_recall_finds_text() -> None:
    # trafilatura's default (precision) reading drops text that sits in a <footer>; asking again
    # with favor_recall gets it.
    page = (
        "<html><body><footer>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</footer></body></html>"
    )
    article = extract_html(page)
    assert article.method == "trafilatura (recall)"
    assert PARAGRAPHS[1] in article.text


def test_paragraph_fallback_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(html_module, "_trafilatura", lambda tree, url, favor_recall: None)
    article = extract_html(PAGE)
    assert article.method == "paragraphs"
    assert article.text.split("\n\n")[-3:] == PARAGRAPHS
    for furniture in ("cookies", "terrible idea", "Leave a Reply", "Copyright"):
        assert furniture not in article.text
    assert article.title == "Leaders meet on migration"


def test_block_fallback_without_paragraph_elements(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module, "_trafilatura", lambda tree, url, favor_recall: None)
    page = "<html><body>" + "".join(f"<div>{p}</div>" for p in PARAGRAPHS) + "</body></html>"
    assert extract_html(page).text == "\n\n".join(PARAGRAPHS)


def test_short_article_is_kept_when_nothing_longer_is_found() -> None:
    page = f"<html><body><article><p>{PARAGRAPHS[2]}</p></article></body></html>"
    assert extract_html(page).text == PARAGRAPHS[2]


def test_html_lang_attribute_is_used_when_text_is_too_short_to_tell() -> None:
    page = (
        "<html lang='es-MX'><body><article><p>Hola, sí, ya, no, es así.</p></article></body></html>"
    )
    assert extract(RawInput("x.html", page.encode("utf-8"), "text/html")).language == "es"


def test_a_string_that_looks_like_a_url_is_never_fetched() -> None:
    # htmldate and trafilatura download a string that looks like a URL; we parse first.
    with pytest.raises(IngestError):
        extract(RawInput("x.html", b"https://example.com/article", "text/html"))


def test_metadata_is_read_even_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(html_module, "_trafilatura", lambda tree, url, favor_recall: None)
    article = extract_html(PAGE)
    assert article.site_name == "The Daily Example"
    assert article.url == "https://www.dailyexample.com/world/leaders-meet"
    assert article.author == "Jane Doe"
    assert article.date is not None and article.date.date == dt.date(2024, 2, 28)
