"""The article in an HTML page: main text, title, author, site name, address and date.

trafilatura finds the main text and the metadata; htmldate finds the publication date from the
page's metadata only (``extensive_search=False``: no guessing from the body, no network). When
the first extraction is empty or too short, trafilatura is asked again favouring recall, then a
plain fallback reads the ``<p>`` elements of the ``<article>`` (or of the page) outside
navigation, headers, footers, forms, comments and banners. The page is parsed once here, so no
library ever sees a string it could mistake for a URL to fetch.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storyline.errors import IngestError
from storyline.ingest.textdate import parse_date
from storyline.ingest.types import DateCandidate

NO_TEXT = "no article text found in HTML"
#: An extraction shorter than this is tried again another way.
MIN_CHARS = 250

# Metadata that states the publication date, most specific first.
_DATE_META: tuple[tuple[str, str], ...] = (
    ("property", "article:published_time"),
    ("property", "og:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "datePublished"),
    ("name", "publish-date"),
    ("name", "publish_date"),
    ("name", "publishdate"),
    ("name", "pubdate"),
    ("name", "parsely-pub-date"),
    ("name", "sailthru.date"),
    ("name", "dc.date.issued"),
    ("name", "DC.date.issued"),
    ("name", "dcterms.created"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "DC.date"),
    ("property", "og:updated_time"),
    ("property", "article:modified_time"),
    ("itemprop", "dateModified"),
)
_SKIP_CONTAINERS = frozenset({"nav", "header", "footer", "aside", "form", "noscript", "figure"})
_SKIP_MARKERS = re.compile(
    r"cookie|consent|banner|comment|footer|header|\bnav|menu|subscribe|newsletter|share|social|"
    r"related|recommend|promo|advert|\bads?\b|sidebar|breadcrumb|popup|modal|caption|credit",
    re.IGNORECASE,
)
_TEXT_BLOCKS = ("div", "td", "section", "span", "font", "center", "dd", "pre", "body")
_BLOCK_TAGS = frozenset(
    {
        "div",
        "p",
        "td",
        "table",
        "section",
        "article",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "pre",
        "form",
        "nav",
        "header",
        "footer",
        "aside",
        "dl",
        "center",
    }
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0\r\f\v]+")
_DATE_IN_URL = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|$|-)")

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class HtmlArticle:
    #: Main text, one paragraph a line (not yet cleaned).
    text: str
    title: str
    author: str
    site_name: str
    url: str
    #: The ``<html lang>`` attribute reduced to two letters, or "".
    language: str
    date: DateCandidate | None
    #: Which extraction gave the text: "trafilatura", "trafilatura (recall)", "paragraphs".
    method: str
    #: The page's lines between its headline and the first line of the text, where bylines
    #: and date lines stand ("Por María López, 3 de marzo de 2024"), which extraction
    #: leaves out, one a line; "" where the headline is not found.
    head: str = ""


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML document rather than text that mentions a tag."""
    head = text[:2000].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:5000].lower():
        return True
    tags = re.findall(r"<(?:html|head|body|p|div|article|title|meta|span|section|br)\b", head)
    return len(tags) >= 3 and head.startswith("<")


def extract_html(markup: str, *, url: str = "") -> HtmlArticle:
    """The article in ``markup``; :class:`IngestError` when the page has no text."""
    tree = _parse(markup)
    if tree is None:
        raise IngestError(NO_TEXT)
    document = _trafilatura(tree, url, favor_recall=False)
    text = _paragraphs(_get(document, "text"))
    method = "trafilatura"
    if len(text) < MIN_CHARS:
        candidates = [(text, method)]
        recall_document = _trafilatura(tree, url, favor_recall=True)
        recall = _paragraphs(_get(recall_document, "text"))
        candidates.append((recall, "trafilatura (recall)"))
        if len(recall) < MIN_CHARS:
            candidates.append((_fallback_paragraphs(tree), "paragraphs"))
        text, method = next(
            ((t, m) for t, m in candidates if len(t) >= MIN_CHARS),
            max(candidates, key=lambda item: len(item[0])),
        )
        document = document or recall_document  # metadata from whichever run gave any
    if not text.strip():
        raise IngestError(NO_TEXT)
    title = (
        _get(document, "title")
        or _meta(tree, "og:title")
        or _first_text(tree, "//h1")
        or _first_text(tree, "//title")
    )
    page_url = (
        _get(document, "url")
        or _meta(tree, "og:url")
        or _first_attribute(tree, "//link[@rel='canonical']/@href")
        or url
    )
    return HtmlArticle(
        text=text,
        title=_tidy(title),
        author=_tidy(_get(document, "author") or _meta(tree, "author")),
        site_name=_tidy(_get(document, "sitename") or _meta(tree, "og:site_name")),
        url=page_url.strip(),
        language=_html_language(tree),
        date=_html_date(tree, page_url, _get(document, "date")),
        method=method,
        head="\n".join(_head_lines(tree, text)),
    )


#: Elements that hold a line of a page's head: a byline, a date line, a standfirst (the
#: inline elements within, a name or a ``<time>``, are read as part of their line).
_HEAD_LINE_TAGS = frozenset({"p", "div", "address", "li", "h2", "h3", "h4", "h5", "h6"})
#: How many lines after the headline are read (a byline and a date come first).
HEAD_LINES = 8


def _holds_a_line(element: Any) -> bool:
    return isinstance(element.tag, str) and element.tag in _HEAD_LINE_TAGS


def _head_lines(tree: Any, text: str) -> list[str]:
    """The lines between the page's ``<h1>`` and the line that starts the extracted ``text``,
    each the text of an element with no such element inside it."""
    headline = next(iter(tree.iter("h1")), None)
    if headline is None:
        return []
    said = " ".join(" ".join(headline.itertext()).split())
    # The text's first line after the headline (extraction often keeps the headline).
    first = next(
        (line.strip()[:40] for line in text.split("\n") if line.strip() not in ("", said)), ""
    )
    if not first:
        return []
    lines: list[str] = []
    reached = False
    for element in tree.iter():
        if element is headline:
            reached = True
            continue
        if not reached or not _holds_a_line(element):
            continue
        if any(_holds_a_line(inner) for inner in element.iterdescendants()):
            continue  # its lines are read one by one
        line = " ".join("".join(element.itertext()).split())
        if not line:
            continue
        if line.startswith(first) or first.startswith(line[:40]):
            break
        lines.append(line)
        if len(lines) == HEAD_LINES:
            break
    return lines


def _meta(tree: Any, name: str) -> str:
    """The content of ``<meta property=name>`` or ``<meta name=name>``."""
    try:
        found = tree.xpath("//meta[@property=$n or @name=$n]/@content", n=name)
    except Exception:
        return ""
    return str(found[0]).strip() if found else ""


def _first_attribute(tree: Any, xpath: str) -> str:
    try:
        found = tree.xpath(xpath)
    except Exception:
        return ""
    return str(found[0]).strip() if found else ""


def _parse(markup: str) -> Any:
    import lxml.etree
    import lxml.html

    cleaned = _BAD_CHARS.sub(" ", _XML_DECLARATION.sub("", markup, count=1))
    if not cleaned.strip():
        return None
    # huge_tree: past libxml2's default of 256 nested elements (pages of unclosed <div> or
    # <font> tags reach it), whose content it drops; the input is bounded by --max-bytes.
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, recover=True, huge_tree=True
    )
    try:
        tree = lxml.html.document_fromstring(cleaned, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        try:  # a fragment without <html>: wrap it
            tree = lxml.html.document_fromstring(f"<html><body>{cleaned}</body></html>", parser)
        except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
            return None
    return tree


def _trafilatura(tree: Any, url: str, *, favor_recall: bool) -> Any:
    try:
        import trafilatura

        return trafilatura.bare_extraction(
            copy.deepcopy(tree),
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=favor_recall,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except RecursionError:
        return None
    except Exception:  # trafilatura failing on a page is a page without text, not a crash
        return None


def _get(document: Any, name: str) -> str:
    if document is None:
        return ""
    value = document.get(name) if isinstance(document, dict) else getattr(document, name, None)
    return value if isinstance(value, str) else ""


def _paragraphs(text: str) -> str:
    """Lines of extracted text as paragraphs separated by one blank line."""
    lines = (_tidy(line) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _fallback_paragraphs(tree: Any) -> str:
    """The text of the ``<p>`` elements of the article (or the page) outside page furniture;
    failing those, of the blocks of running text (``<div>``, ``<td>`` ... holding no other
    block) with a dozen words or more."""
    try:
        roots = tree.xpath("//article") or [tree]
        paragraphs: list[str] = []
        for root in roots:
            for element in root.iter("p", "h2", "h3", "li", "blockquote"):
                _add_block(element, paragraphs, min_words=6 if element.tag == "li" else 1)
        if not paragraphs:
            for element in tree.iter(*_TEXT_BLOCKS):
                if not any(child.tag in _BLOCK_TAGS for child in element.iterdescendants()):
                    _add_block(element, paragraphs, min_words=12)
        return "\n\n".join(paragraphs)
    except Exception:
        return ""


def _add_block(element: Any, paragraphs: list[str], *, min_words: int) -> None:
    if _in_furniture(element):
        return
    text = _tidy(element.text_content())
    if len(text.split()) >= min_words and text not in paragraphs:
        paragraphs.append(text)


def _in_furniture(element: Any) -> bool:
    node = element
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_CONTAINERS:
            return True
        if tag in ("html", "body", "main", "article"):
            node = node.getparent()
            continue
        marker = f"{node.get('class', '')} {node.get('id', '')} {node.get('role', '')}"
        if marker.strip() and _SKIP_MARKERS.search(marker):
            return True
        node = node.getparent()
    return False


def _first_text(tree: Any, xpath: str) -> str:
    try:
        found = tree.xpath(xpath)
    except Exception:
        return ""
    return _tidy(found[0].text_content()) if found else ""


def _html_language(tree: Any) -> str:
    try:
        value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    except Exception:
        return ""
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else ""


def _html_date(tree: Any, url: str, trafilatura_date: str) -> DateCandidate | None:
    """The publication date from the page's metadata (htmldate, original date, no guessing from
    the body), cited by the tag that states it where one does."""
    found = _htmldate(tree, url)
    day = parse_date(found) if found else None
    if day is None and trafilatura_date:
        day = parse_date(trafilatura_date)
    if day is None:
        return None
    return DateCandidate(day, "metadata", _date_evidence(tree, url, day))


def _htmldate(tree: Any, url: str) -> str:
    try:
        from htmldate import find_date

        result = find_date(
            copy.deepcopy(tree),
            extensive_search=False,
            original_date=True,
            url=url or None,
        )
    except Exception:
        return ""
    return result if isinstance(result, str) else ""


def _date_evidence(tree: Any, url: str, day: dt.date) -> str:
    for label, value in _stated_dates(tree):
        if parse_date(value) == day:
            return f"HTML {label}"
    match = _DATE_IN_URL.search(url)
    if match:
        try:
            if dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))) == day:
                return "HTML page address (URL path)"
        except ValueError:
            pass
    return "HTML metadata (htmldate)"


def _stated_dates(tree: Any) -> Iterator[tuple[str, str]]:
    try:
        for attribute, name in _DATE_META:
            for element in tree.xpath(f"//meta[@{attribute}=$name]", name=name):
                content = element.get("content") or ""
                if content:
                    yield f"meta {name}", content
        for script in tree.xpath("//script[@type='application/ld+json']"):
            for value in _json_ld_dates(script.text_content()):
                yield "JSON-LD datePublished", value
        for element in tree.xpath("//time[@datetime]"):
            yield "<time datetime>", element.get("datetime") or ""
    except Exception:
        return


def _json_ld_dates(source: str) -> Iterator[str]:
    try:
        data = json.loads(source)
    except (ValueError, RecursionError):
        return
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                yield value
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
