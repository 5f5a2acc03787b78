"""RSS and Atom feeds: each item is followed to its page; the feed's title and date go with it
as metadata (a feed's date is trusted above what the page says, below a sidecar). A link
relative to the feed is read against the feed's address, or its channel's link where it
was read from a file; an item with no link but its text in the feed (``content:encoded``, an
Atom ``content``, a ``description``) is that text."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from storyline.errors import IngestError

_FEED_TYPES = ("rss", "atom", "rdf", "/xml", "+xml")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)


@dataclass(frozen=True)
class FeedItem:
    #: The item's page ("" for an item that has none).
    link: str
    #: title / date / date_provenance / author / url, as RawInput metadata.
    metadata: dict[str, str]
    #: Without a link: the item's own text (HTML) from the feed, "" if it has none.
    content: str = ""
    #: Without a link: what names the item after the feed's name and "#" (its id in the
    #: feed, else its place: "3").
    key: str = ""
    #: Without a link: the link the item gave that is no web address, if any ("/a/page").
    unusable_link: str = ""
    #: What the parser found wrong with the feed, if anything (a feed cut short ends in an
    #: item with nothing in it).
    feed_problem: str = ""


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """An RSS or Atom document (by its root element; the Content-Type only as a hint)."""
    head = data[:2048].lstrip()
    if _HTML_ROOT.search(head[:512]):
        return False
    base = content_type.split(";", 1)[0].strip().lower()
    if base and "html" in base:
        return False
    if any(kind in base for kind in _FEED_TYPES) and head.startswith(b"<"):
        return bool(_FEED_ROOT.search(head)) or base.endswith(("rss+xml", "atom+xml"))
    return bool(_FEED_ROOT.search(head))


def parse_feed(data: bytes, base_url: str = "") -> list[FeedItem]:
    """The items of a feed, in feed order. Raises IngestError when nothing can be read."""
    import feedparser
    from feedparser.exceptions import ThingsNobodyCaresAboutButMe

    parsed: Any = feedparser.parse(data, response_headers={"content-location": base_url})
    entries = list(parsed.get("entries") or [])
    problem = parsed.get("bozo_exception")
    # A feed read from a file has no content type, and feedparser says so: that is no fault
    # of the feed (an RSS channel with no items was reported as malformed).
    wrong = (
        ""
        if problem is None or isinstance(problem, ThingsNobodyCaresAboutButMe)
        else _described(problem)
    )
    if not entries:
        raise IngestError(f"malformed feed: {wrong}" if wrong else "feed has no items")
    base = base_url if _is_web(base_url) else str(parsed.get("feed", {}).get("link") or "")
    items = []
    for number, entry in enumerate(entries, start=1):
        given = str(entry.get("link") or "").strip()
        link = urljoin(base, given) if given and _is_web(base) else given
        if not _is_web(link):
            # A relative link with nothing to read it against, or an id feedparser took for
            # one (an RSS guid is a permalink unless it says not: "tag:site,2024:1").
            link = ""
        metadata = {"url": link} if link else {}
        title = str(entry.get("title") or "").strip()
        if title:
            metadata["title"] = title
        day = _entry_date(entry)
        if day is not None:
            metadata["date"] = day.isoformat()
            metadata["date_provenance"] = "feed"
        author = str(entry.get("author") or "").strip()
        if author:
            metadata["author"] = author
        if link:
            items.append(FeedItem(link, metadata))
        else:
            key = str(entry.get("id") or "").strip() or str(number)
            items.append(FeedItem("", metadata, _entry_text(entry), key, given, wrong))
    return items


def _described(problem: BaseException) -> str:
    """The parser's complaint, placed by line and column where it can say ("no element
    found at line 1, column 66"), not by its name for the input ("<unknown>:1:66: ...")."""
    message = getattr(problem, "getMessage", None)
    line = getattr(problem, "getLineNumber", None)
    column = getattr(problem, "getColumnNumber", None)
    if callable(message) and callable(line) and callable(column):
        return f"{message()} at line {line()}, column {column()}"
    return str(problem)


def _is_web(address: str) -> bool:
    return urlsplit(address).scheme in ("http", "https")


def _entry_text(entry: Any) -> str:
    """The item's own text: its full content where the feed carries it, else its summary."""
    for content in entry.get("content") or []:
        value = str(content.get("value") or "").strip()
        if value:
            return value
    return str(entry.get("summary") or "").strip()


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def distinct(items: list[FeedItem]) -> Iterator[FeedItem]:
    """The items, each page once (a feed may list one page twice)."""
    seen: set[str] = set()
    for item in items:
        if item.link and item.link in seen:
            continue
        seen.add(item.link)
        yield item
