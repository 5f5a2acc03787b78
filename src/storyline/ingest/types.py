"""What ingestion reads and what it hands on: an input's bytes, and the article read from them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from storyline.models import RemovedSpan

CandidateProvenance = Literal["sidecar", "feed", "metadata", "text"]


@dataclass(frozen=True)
class RawInput:
    """One input as it came: the bytes are kept in the store unchanged."""

    #: The path or URL, as the user named it.
    source: str
    data: bytes
    #: "text/plain", "text/html" or "text/markdown" (from the extension or headers); "" = sniff.
    media_type: str = ""
    #: title / outlet / author / date / language / url given by a sidecar or a feed.
    metadata: Mapping[str, str] = field(default_factory=dict)
    #: Lines of the text that its site repeats on many pages, removed as page furniture
    #: (learnt from the other inputs read with it: :mod:`storyline.ingest.furniture`).
    furniture: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DateCandidate:
    """A publication date an input states, where it states it, and the words that state it."""

    date: datetime.date
    provenance: CandidateProvenance
    #: e.g. 'HTML meta article:published_time', 'text line 10: "Written by on February 28, 2024"'
    evidence: str


@dataclass(frozen=True)
class Extracted:
    """The article read from one input."""

    #: Clean article text: paragraphs separated by one blank line.
    text: str
    #: The decoded input (HTML as decoded markup, plain text as is).
    raw_text: str
    title: str
    author: str
    outlet: str
    url: str
    #: ISO 639-1 code, "und" when unknown.
    language: str
    #: "text/plain" | "text/html" | "text/markdown"
    content_type: str
    #: Spans of ``raw_text`` that cleaning removed (plain text and Markdown inputs), with a reason.
    removed: tuple[RemovedSpan, ...]
    #: Best first within each provenance.
    date_candidates: tuple[DateCandidate, ...]


def over_limit(size: int, limit: int, *, at_least: bool = False, what: str = "input") -> str:
    """Why an input or a file is refused for its size: ``size`` bytes, or, ``at_least``, as
    many as were read before stopping at the limit (regression: "more than 20,000,001 bytes",
    the count read, not what it says). An input's limit is the user's, so it says how to
    raise it."""
    found = (
        f"over the limit of {limit:,} bytes"
        if at_least
        else f"{size:,} bytes, over the limit of {limit:,}"
    )
    return f"{what} is {found}" + (" (raise it with --max-bytes)" if what == "input" else "")
