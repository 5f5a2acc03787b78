"""Page furniture learnt from a site's own pages: the lines many of one site's articles repeat
word for word.

Text scraped without markup keeps what a site prints on every page: the notice under its
comment box ("Views expressed in the comments do not represent those of Reuters."), a
promotion, the blog's description, a widget's question ("The pun - ancient artform, or the
lowest form of wit?"). No list of phrases can know them all, but the site's pages show them:
a line found on many of a site's articles is the site's, not an article's. Cleaning removes
such lines (:func:`storyline.ingest.clean.clean_text`, ``repeated_lines``), unless they are
most of the article (then the article is a copy).

A story's own lines repeat too: versions of one wire story, a background paragraph reused
through a running story ("The blast killed 11 workers."), a fact box republished with each
update ("June 1 - BP shares plunge 17 percent ..."). So copies of one story count once (texts
sharing half their lines of eight words or more are one *family*), and a line is furniture
only when at least ``MIN_PAGES`` families of the site, and ``SHARE`` of its pages, hold it: on
Timeline17, the notices and promotions repeat on 10 to 200 pages of an outlet, a story's
reused lines on 3 to 8.

What is learnt depends on the pages read together: a build learns from every text input it
reads (changed or not), grouped by site (:func:`site_of`).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import numpy as np

from storyline.ingest.line_breaks import LINE_BREAK
from storyline.ingest.types import RawInput

#: The fewest families of a site that must hold a line for it to be the site's furniture.
MIN_PAGES = 6
#: The share of a site's pages that must hold it, where that is more than ``MIN_PAGES``.
SHARE = 0.02
#: Pages learnt from in one build, over all sites (the first read): the learning holds about
#: 15 KB a page (its lines' keys, counts and families), so a build of 100,000 pages would
#: otherwise hold 1.5 GB; furniture on 2% of a site's pages shows in far fewer. Later pages
#: are still cleaned of what was learnt.
LEARN_PAGES = 20_000
#: A line of this many words or more is prose: shared by two texts, it makes them one story.
_PROSE_WORDS = 8
#: Folders named by a date or a number ("2010-06-15", "2010/06/15", "page-3" is not): an
#: archive filed by day is one collection, not one per day.
_DATED_FOLDER = re.compile(r"^[\d._-]+$")
#: Input names that are files inside a container ("feed.jsonl#12", "crawl.warc.gz#3").
_MEMBER = re.compile(r"#[^/\\]*$")


def site_of(raw: RawInput) -> str:
    """The site an input comes from, for learning its furniture: the outlet a sidecar or a
    feed names, else the address's host, else the folder it was read from (folders named by
    a date left out: one collection filed by day); "" for none."""
    outlet = str(raw.metadata.get("outlet", "")).strip().casefold()
    if outlet:
        return f"outlet:{outlet}"
    url = str(raw.metadata.get("url", "")) or raw.source
    if url.lower().startswith(("http://", "https://")):
        host = urlsplit(url).hostname or ""
        return f"host:{host.removeprefix('www.')}" if host else ""
    parts = re.split(r"[/\\]", _MEMBER.sub("", raw.source))[:-1]
    while parts and _DATED_FOLDER.match(parts[-1]):
        parts.pop()
    return "folder:" + "/".join(parts)


def text_lines(text: str) -> dict[int, str]:
    """The text's distinct non-empty lines, their white space collapsed, by key (Python's
    hash of the line: keys are compared within one process, never kept)."""
    lines = (" ".join(line.split()) for line in LINE_BREAK.split(text))
    return {hash(line): line for line in lines if line}


@dataclass
class _Site:
    pages: int = 0
    #: How many families hold each line.
    counts: Counter[int] = field(default_factory=Counter)
    #: Each family's lines and its prose lines.
    families: list[tuple[set[int], set[int]]] = field(default_factory=list)
    #: The first family that held each prose line (to find a text's family without a scan).
    by_prose: dict[int, int] = field(default_factory=dict)
    #: The text of each line held by two families or more (the only ones that can be learnt).
    text: dict[int, str] = field(default_factory=dict)
    #: What :meth:`FurnitureLearner.learnt` found, until the next page.
    learnt: dict[int, str] | None = None


class FurnitureLearner:
    """Lines repeated across the pages of each site, learnt one text at a time."""

    def __init__(
        self, min_pages: int = MIN_PAGES, share: float = SHARE, most: int = LEARN_PAGES
    ) -> None:
        # (at least 2: a line's text is kept from its second family on)
        self.min_pages, self.share, self.most = max(2, min_pages), share, most
        self._sites: dict[str, _Site] = defaultdict(_Site)
        self._pages = 0

    def add(self, site: str, text: str) -> np.ndarray:
        """Learn from one page of ``site`` (until ``most`` pages are learnt); the keys of its
        lines, as a compact array."""
        lines = text_lines(text)
        found = np.fromiter(lines, dtype=np.int64, count=len(lines))
        if self._pages >= self.most:
            return found
        self._pages += 1
        keys = set(lines)
        prose = {k for k, line in lines.items() if line.count(" ") >= _PROSE_WORDS - 1}
        learning = self._sites[site]
        learning.pages += 1
        learning.learnt = None
        family = self._family(learning, prose)
        if family is None:
            new, new_prose = keys, prose
            learning.families.append((set(keys), set(prose)))
            family = len(learning.families) - 1
        else:
            held, held_prose = learning.families[family]
            new, new_prose = keys - held, prose - held_prose  # a line counts once a family
            held.update(new)
            held_prose.update(new_prose)
        for key in new_prose:
            learning.by_prose.setdefault(key, family)
        counts = learning.counts
        for key in new:
            counts[key] += 1
            if counts[key] == 2:
                learning.text[key] = lines[key]
        return found

    @staticmethod
    def _family(learning: _Site, prose: set[int]) -> int | None:
        """The first family sharing half the prose lines of the smaller of the two."""
        by_prose = learning.by_prose
        shared = Counter(by_prose[key] for key in prose if key in by_prose)
        for family in sorted(shared):
            held_prose = learning.families[family][1]
            if shared[family] >= 0.5 * min(len(held_prose), len(prose)):
                return family
        return None

    def sites(self) -> list[str]:
        """The sites learnt from."""
        return list(self._sites)

    def learnt(self, site: str) -> dict[int, str]:
        """The site's furniture, by line key (kept until the site's next page is learnt)."""
        learning = self._sites.get(site)
        if learning is None:
            return {}
        if learning.learnt is None:
            least = max(self.min_pages, math.ceil(self.share * learning.pages))
            counts = learning.counts
            # Only lines held twice have their text kept, and no fewer can be learnt.
            learning.learnt = {k: line for k, line in learning.text.items() if counts[k] >= least}
        return learning.learnt


#: Where a store keeps each site's furniture among its corpus state ("furniture:<site>": a
#: JSON list of lines), so that a page added on its own later (through the API) is cleaned of
#: what its site's pages taught an earlier build.
REMEMBERED = "furniture:"


class SiteFurniture:
    """Each site's furniture: what this build learnt and what the store remembers from earlier
    builds, together (a line learnt once stays the site's)."""

    def __init__(self, learner: FurnitureLearner, remembered: Mapping[str, str]) -> None:
        self.learner, self.remembered = learner, remembered
        self._lines: dict[str, dict[int, str]] = {}

    def _kept(self, site: str) -> list[str]:
        return list(json.loads(self.remembered.get(REMEMBERED + site, "[]")))

    def of(self, site: str) -> dict[int, str]:
        """The site's furniture, by line key."""
        if site not in self._lines:
            lines = dict(self.learner.learnt(site))
            for line in self._kept(site):
                lines.setdefault(hash(line), line)
            self._lines[site] = lines
        return self._lines[site]

    def to_remember(self) -> dict[str, str]:
        """The corpus state to write: each site whose furniture this build added to."""
        found = {}
        for site in self.learner.sites():
            kept = set(self._kept(site))
            lines = kept | set(self.learner.learnt(site).values())
            if lines != kept:
                found[REMEMBERED + site] = json.dumps(sorted(lines), ensure_ascii=False)
        return found


def furniture_note(learner: FurnitureLearner) -> str:
    """What was learnt, for the build's summary ("" for nothing)."""
    found = {site: learner.learnt(site) for site in learner.sites()}
    found = {site: lines for site, lines in found.items() if lines}
    if not found:
        return ""
    lines = sum(len(learnt) for learnt in found.values())
    names = ", ".join(site.partition(":")[2] or "(no folder)" for site in sorted(found)[:3])
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return (
        f"{lines} line(s) that many pages of one site repeat removed as page furniture"
        f" ({len(found)} site(s): {names}{more})"
    )


def learn_repeated_lines(texts: Iterable[str], min_count: int = 3) -> frozenset[str]:
    """Lines found in at least ``min_count`` of ``texts``, copies of one story (texts sharing
    half their lines of eight words or more) counting once together."""
    learner = FurnitureLearner(min_pages=min_count, share=0.0)
    for text in texts:
        learner.add("", text)
    return frozenset(learner.learnt("").values())


def with_furniture(inputs: Sequence[RawInput]) -> list[RawInput]:
    """The inputs, each text input with the furniture of its site that it holds
    (``RawInput.furniture``), learnt from these inputs."""
    learner = FurnitureLearner()
    keys = [learn_from(learner, raw) for raw in inputs]
    return [
        raw if held is None else given_furniture(raw, learner.learnt(site_of(raw)), held)
        for raw, held in zip(inputs, keys, strict=True)
    ]


def learn_from(learner: FurnitureLearner, raw: RawInput) -> np.ndarray | None:
    """Learn from one input if it is text scraped without markup (a page's HTML leaves its
    furniture to the extraction); the keys of its lines, or None."""
    text = plain_text(raw)
    if text is None:
        return None
    return learner.add(site_of(raw), text)


def given_furniture(raw: RawInput, learnt: dict[int, str], held: np.ndarray) -> RawInput:
    """``raw`` with the learnt lines it holds (``held``: its lines' keys) as its furniture."""
    found = furniture_held(learnt, held)
    return raw if found == raw.furniture else replace(raw, furniture=found)


def furniture_held(learnt: dict[int, str], held: np.ndarray | None) -> frozenset[str]:
    """The learnt lines among a page's lines (their keys: ``held``)."""
    if not learnt or held is None:
        return frozenset()
    return frozenset(learnt[k] for k in held.tolist() if k in learnt)


def plain_text(raw: RawInput) -> str | None:
    """The input's text if it is plain text or Markdown (not HTML, not undecodable)."""
    from storyline.errors import IngestError
    from storyline.ingest.extract import HTML, media_type_of, read_as

    try:
        if media_type_of(raw)[0] == HTML:
            return None  # (declared markup is not decoded here: the worker does)
        content_type, text = read_as(raw)
    except IngestError:
        return None  # the build names it when it reads it
    return None if content_type == HTML else text
