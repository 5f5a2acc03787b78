"""RSS and Atom feeds: each item is followed to its page; the feed's title and date go with it
as metadata (a feed's date is trusted above what the page says, below a sidecar)."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storyline.errors import IngestError

_FEED_TYPES = ("rss", "atom", "rdf", "/xml", "+xml")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)


@dataclass(frozen=True)
class FeedItem:
    #: The item's page.
    link: str
    #: title / date / date_provenance / author / url, as RawInput metadata.
    metadata: dict[str, str]


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
    if not entries:
        problem = parsed.get("bozo_exception")
        # A feed read from a file has no content type, and feedparser says so: that is no
        # fault of the feed (an RSS channel with no items was reported as malformed).
        if problem is not None and not isinstance(problem, ThingsNobodyCaresAboutButMe):
            raise IngestError(f"malformed feed: {problem}")
        raise IngestError("feed has no items")
    items = []
    for entry in entries:
        link = str(entry.get("link") or "").strip()
        if not link:
            continue
        metadata = {"url": link}
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
        items.append(FeedItem(link, metadata))
    if not items:
        raise IngestError("feed items have no links")
    return items


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def iter_links(items: list[FeedItem]) -> Iterator[tuple[str, dict[str, str]]]:
    seen: set[str] = set()
    for item in items:
        if item.link in seen:
            continue
        seen.add(item.link)
        yield item.link, item.metadata
