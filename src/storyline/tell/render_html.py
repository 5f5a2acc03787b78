"""The HTML report: one self-contained page (inline CSS, no scripts, nothing fetched).

For each story: its key entities, a timeline strip (an inline SVG: entries placed on the time
axis, sized by independent sources, planned and ongoing things in lanes of their own, uncertain
dates drawn as the range they may fall in), then the entries, each summary sentence followed by
citation links. Every cited passage is marked in its article's text further down the page with
``<mark id="a-<article>-<start>-<end>">``, so a citation link lands on the exact passage.

The page is rendered by Jinja2 with autoescaping on; the only markup built here is the marked
article text, where every piece of text goes through :func:`markupsafe.escape`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup, escape

from storyline.tell.render_markdown import (
    PROVENANCE,
    Doc,
    Index,
    citation_key,
    date_label,
    discrepancy_heading,
    figure_label,
    is_single_source,
    is_uncertain,
    items,
    mapping,
    parse_day,
    plural,
    published_label,
    sources_label,
    strings,
)
from storyline.tell.timeline_layout import Layout, Point, lay_out

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"


# -- ids --------------------------------------------------------------------------------------


def safe_id(value: str) -> str:
    """``value`` as a fragment-safe HTML id part (letters, digits, ``-`` and ``_`` kept; any
    other character written as ``_<hex>_``)."""
    return re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group()):x}_", value)


def mark_id(article: str, start: int, end: int) -> str:
    """The id of the ``<mark>`` around ``[start, end)`` of an article's text."""
    return f"a-{safe_id(article)}-{start}-{end}"


def article_anchor(article: str) -> str:
    return f"art-{safe_id(article)}"


# -- marked article text ----------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class _Span:
    start: int
    end: int


def mark_text(article: str, text: str, spans: Mapping[tuple[int, int], set[str]]) -> Markup:
    """``text`` escaped, with each span of ``spans`` (``(start, end) -> CSS classes``) wrapped
    in ``<mark>``. The first (or only) piece of each span carries its id; spans that cross are
    split so the elements nest properly, later pieces carrying the classes but no id."""
    valid = {_Span(s, e): classes for (s, e), classes in spans.items() if 0 <= s < e <= len(text)}
    opening: dict[int, list[_Span]] = {}
    closing: dict[int, set[_Span]] = {}
    for span in valid:
        opening.setdefault(span.start, []).append(span)
        closing.setdefault(span.end, set()).add(span)
    bounds = sorted({0, len(text)} | set(opening) | set(closing))
    out: list[str] = []
    stack: list[_Span] = []
    started: set[_Span] = set()

    def open_tag(span: _Span) -> str:
        classes = " ".join(sorted(valid[span]))
        if span in started:
            return f'<mark class="{classes} cont">'
        started.add(span)
        return f'<mark id="{mark_id(article, span.start, span.end)}" class="{classes}">'

    for i, pos in enumerate(bounds):
        ending = closing.get(pos, set())
        if ending & set(stack):
            reopen = []
            while ending & set(stack):
                top = stack.pop()
                out.append("</mark>")
                if top not in ending:
                    reopen.append(top)
            for span in reversed(reopen):
                out.append(open_tag(span))
                stack.append(span)
        for span in sorted(opening.get(pos, []), key=lambda s: -s.end):
            out.append(open_tag(span))
            stack.append(span)
        if i + 1 < len(bounds):
            out.append(str(escape(text[pos : bounds[i + 1]])))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


# -- the page's data ------------------------------------------------------------------------------


@dataclass
class Marker:
    number: int
    href: str  # "" when the cited span is not inside its article


@dataclass
class SourceView:
    number: int
    href: str
    outlet: str
    title: str
    published: str
    passage: str
    article_href: str


@dataclass
class SideView:
    value: str
    outlets: list[tuple[str, str]]  # (outlet, href of the article)
    markers: list[Marker]


@dataclass
class DiscrepancyView:
    id: str
    kind: str
    verdict: str
    heading: str
    subject: str
    sides: list[SideView]


@dataclass
class SentenceView:
    text: str
    markers: list[Marker]


@dataclass
class EntryView:
    id: str
    label: str
    datetime: str
    status: str
    counts: str
    single: bool
    uncertain: bool
    sentences: list[SentenceView]
    discrepancies: list[DiscrepancyView]
    sources: list[SourceView]


@dataclass
class StoryView:
    id: str
    title: str
    entities: list[tuple[str, str, str]]  # (name, type, first role)
    coverage: str
    entries: list[EntryView]
    strip: Layout | None


@dataclass
class QuoteView:
    text: str
    kind: str
    cue: str
    outlet: str
    title: str
    published: str
    href: str
    article_href: str


@dataclass
class FigureView:
    label: str
    context: str
    outlet: str
    passage: str
    href: str


@dataclass
class ArticleView:
    anchor: str
    id: str
    title: str
    outlet: str
    author: str
    language: str
    source: str
    url: str
    url_is_link: bool
    published: str
    provenance: str
    evidence: list[str]
    depends_on: tuple[str, str, str] | None  # (label, href, how)
    independent: bool
    text: Markup | None
    marks: int


@dataclass
class Page:
    title: str
    summary: str
    generator: str
    stories: list[StoryView]
    discrepancies: list[DiscrepancyView]  # those no timeline entry shows
    quote_groups: list[tuple[str, list[QuoteView]]]
    figures: list[FigureView]
    articles: list[ArticleView]
    failures: list[tuple[str, str, str]]  # (source, stage, reason)
    css: Markup
    spans: dict[str, dict[tuple[int, int], set[str]]] = field(default_factory=dict)


class _Builder:
    def __init__(self, doc: Doc) -> None:
        self.index = Index(doc)
        self.doc = doc
        self.spans: dict[str, dict[tuple[int, int], set[str]]] = {}
        #: Ids of the discrepancies a timeline entry shows.
        self.told: set[str] = set()

    def span_href(self, article: Any, start: Any, end: Any, kind: str) -> str:
        """Register a span to be marked in its article's text; the link to it ("" when it
        cannot be marked: an unknown article, or a span outside the text)."""
        if not isinstance(article, str) or not isinstance(start, int) or not isinstance(end, int):
            return ""
        text = self.index.articles.get(article, {}).get("text")
        if not isinstance(text, str) or not 0 <= start < end <= len(text):
            return ""
        self.spans.setdefault(article, {}).setdefault((start, end), set()).add(kind)
        return "#" + mark_id(article, start, end)

    def article_href(self, article: str) -> str:
        return "#" + article_anchor(article) if article in self.index.articles else ""

    # -- stories

    def story(self, number: int, story: Mapping[str, Any]) -> StoryView:
        story_id = f"story-{number + 1}"
        entries = [
            self.entry(f"{story_id}-{j + 1}", entry)
            for j, entry in enumerate(items(story, "timeline"))
        ]
        article_ids = strings(story.get("article_ids"))
        entities = []
        for entity_id in strings(story.get("key_entities")):
            entity = self.index.entities.get(entity_id)
            if entity is not None:
                roles = [*strings(entity.get("roles")), ""]
                name, kind = str(entity.get("name") or entity_id), str(entity.get("type") or "")
                entities.append((name, kind, roles[0]))
        coverage = (
            f"{plural(len(article_ids), 'article')} from"
            f" {plural(self.index.independent(article_ids), 'independent source')}"
        )
        return StoryView(
            id=story_id,
            title=str(story.get("title") or "Untitled story"),
            entities=entities,
            coverage=coverage,
            entries=entries,
            strip=_strip(items(story, "timeline"), [e.id for e in entries]),
        )

    def entry(self, entry_id: str, entry: Mapping[str, Any]) -> EntryView:
        date = entry.get("date") if isinstance(entry.get("date"), Mapping) else None
        numbers: dict[tuple[str, int, int], Marker] = {}
        sources: list[SourceView] = []

        def marker(citation: Mapping[str, Any]) -> Marker | None:
            key = citation_key(citation)
            if key is None:
                return None
            if key not in numbers:
                article, start, end = key
                href = self.span_href(article, start, end, "cite")
                numbers[key] = Marker(len(numbers) + 1, href)
                sources.append(
                    SourceView(
                        number=numbers[key].number,
                        href=href,
                        outlet=self.index.outlet(article),
                        title=self.index.title(article),
                        published=published_label(
                            self.index.articles.get(article, {}).get("published")
                        ),
                        passage=self.index.passage(article, start, end),
                        article_href=self.article_href(article),
                    )
                )
            return numbers[key]

        sentences = []
        for sentence in items(entry, "summary"):
            markers = [m for c in items(sentence, "citations") if (m := marker(c)) is not None]
            sentences.append(SentenceView(str(sentence.get("text") or ""), markers))
        discrepancies = []
        for discrepancy_id in strings(entry.get("discrepancies")):
            discrepancy = self.index.discrepancies.get(discrepancy_id)
            if discrepancy is not None:
                self.told.add(discrepancy_id)
                discrepancies.append(
                    self.discrepancy(f"{entry_id}-{safe_id(discrepancy_id)}", discrepancy, marker)
                )
        start = parse_day(date.get("start")) if date else None
        end = parse_day(date.get("end")) if date else None
        return EntryView(
            id=entry_id,
            label=date_label(date),
            datetime=start.isoformat() if start and start == end else "",
            status=str(entry.get("status") or "happened"),
            counts=sources_label(entry),
            single=is_single_source(entry),
            uncertain=is_uncertain(date),
            sentences=sentences,
            discrepancies=discrepancies,
            sources=sources,
        )

    def discrepancy(
        self,
        anchor: str,
        discrepancy: Mapping[str, Any],
        marker: Callable[[Mapping[str, Any]], Marker | None],
    ) -> DiscrepancyView:
        sides = [
            SideView(
                value=str(side.get("value") or ""),
                outlets=[
                    (self.index.outlet(a), self.article_href(a))
                    for a in strings(side.get("articles"))
                ],
                markers=[m for c in items(side, "citations") if (m := marker(c)) is not None],
            )
            for side in items(discrepancy, "sides")
        ]
        return DiscrepancyView(
            id=anchor,
            kind=str(discrepancy.get("kind") or ""),
            verdict=str(discrepancy.get("verdict") or ""),
            heading=discrepancy_heading(discrepancy, self.index.original),
            subject=str(discrepancy.get("subject") or ""),
            sides=sides,
        )

    def untold_discrepancies(self) -> list[DiscrepancyView]:
        """The discrepancies no timeline entry shows, numbered per discrepancy."""
        views = []
        for discrepancy_id, discrepancy in self.index.discrepancies.items():
            if discrepancy_id not in self.told:
                anchor = f"d-{safe_id(discrepancy_id)}"
                views.append(self.discrepancy(anchor, discrepancy, self._numbering()))
        return views

    def _numbering(self) -> Callable[[Mapping[str, Any]], Marker | None]:
        """A fresh citation numbering: [1], [2], ... in order of first use."""
        numbers: dict[tuple[str, int, int], Marker] = {}

        def marker(citation: Mapping[str, Any]) -> Marker | None:
            key = citation_key(citation)
            if key is None:
                return None
            if key not in numbers:
                numbers[key] = Marker(len(numbers) + 1, self.span_href(*key, "cite"))
            return numbers[key]

        return marker

    # -- quotes, figures, articles

    def quotes(self) -> list[tuple[str, list[QuoteView]]]:
        groups: dict[str, tuple[str, list[QuoteView]]] = {}
        for quote in items(self.doc, "quotes"):
            key, label = self.index.speaker(quote)
            article = str(quote.get("article") or "")
            view = QuoteView(
                text=str(quote.get("text") or ""),
                kind=str(quote.get("kind") or "direct"),
                cue=str(quote.get("cue") or ""),
                outlet=self.index.outlet(article),
                title=self.index.title(article),
                published=published_label(self.index.articles.get(article, {}).get("published")),
                href=self.span_href(article, quote.get("start"), quote.get("end"), "quote"),
                article_href=self.article_href(article),
            )
            groups.setdefault(key, (label, []))[1].append(view)
        return sorted(groups.values(), key=lambda g: (-len(g[1]), g[0].lower()))

    def figures(self) -> list[FigureView]:
        views = []
        for figure in items(self.doc, "figures"):
            article = str(figure.get("article") or "")
            start, end = figure.get("start"), figure.get("end")
            views.append(
                FigureView(
                    label=figure_label(figure),
                    context="; ".join(str(figure[k]) for k in ("time", "place") if figure.get(k)),
                    outlet=self.index.outlet(article),
                    passage=self.index.passage(article, start, end),
                    href=self.span_href(article, start, end, "figure"),
                )
            )
        return views

    def articles(self) -> list[ArticleView]:
        views = []
        for article_id, article in self.index.articles.items():
            published = mapping(article.get("published"))
            provenance = str(published.get("provenance") or "unknown")
            depends_on = None
            original = article.get("duplicate_of")
            if isinstance(original, str):
                dependency = mapping(article.get("dependency"))
                how = str(dependency.get("kind") or "copy")
                similarity = dependency.get("similarity")
                if isinstance(similarity, (int, float)) and not isinstance(similarity, bool):
                    how += f", similarity {similarity:.2f}"
                label = f"{self.index.outlet(original)}, “{self.index.title(original)}”"
                depends_on = (label, self.article_href(original), how)
            text = article.get("text")
            spans = self.spans.get(article_id, {})
            url = str(article.get("url") or "")
            views.append(
                ArticleView(
                    anchor=article_anchor(article_id),
                    id=article_id,
                    title=self.index.title(article_id),
                    outlet=str(article.get("outlet") or ""),
                    author=str(article.get("author") or ""),
                    language=str(article.get("language") or "und"),
                    source=str(article.get("source") or ""),
                    url=url,
                    url_is_link=bool(re.fullmatch(r"https?://\S+", url)),
                    published=(date_label(published) if published.get("start") else "date unknown"),
                    provenance=PROVENANCE.get(provenance, provenance),
                    evidence=strings(published.get("evidence")),
                    depends_on=depends_on,
                    independent=not isinstance(original, str),
                    text=mark_text(article_id, text, spans)
                    if isinstance(text, str) and spans
                    else None,
                    marks=len(spans),
                )
            )
        return views


# -- the timeline strip ---------------------------------------------------------------------------


def _strip(entries: list[Mapping[str, Any]], ids: list[str]) -> Layout | None:
    """The strip: the whole story on the same drawing as the web app's timeline."""
    points = []
    for entry, entry_id in zip(entries, ids, strict=True):
        date = entry.get("date")
        if not isinstance(date, Mapping):
            continue
        start, end, best = (parse_day(date.get(k)) for k in ("start", "end", "best"))
        if start is None or end is None or end < start:
            continue
        independent = entry.get("independent_sources")
        first = items(entry, "summary")
        points.append(
            Point(
                href=f"#{entry_id}",
                status=str(entry.get("status") or "happened"),
                start=start,
                end=end,
                best=best,
                independent=independent if isinstance(independent, int) else 1,
                uncertain=is_uncertain(date),
                date_label=date_label(date),
                summary=str(first[0].get("text") or "") if first else "",
            )
        )
    return lay_out(points)


# -- rendering ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("storyline.tell", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    return (files("storyline.tell") / "templates" / STYLESHEET).read_text(encoding="utf-8")


def build_page(doc: Doc) -> Page:
    """The report's data, everything the template shows, computed from the export."""
    builder = _Builder(doc)
    stories = [builder.story(i, s) for i, s in enumerate(items(doc, "stories"))]
    discrepancies = builder.untold_discrepancies()
    quote_groups = builder.quotes()
    figures = builder.figures()
    articles = builder.articles()  # last: it marks every span registered above
    counts = [
        plural(len(articles), "article"),
        plural(len(stories), "story", "stories"),
        plural(sum(len(s.entries) for s in stories), "timeline entry", "timeline entries"),
    ]
    failures = items(doc, "failures")
    if failures:
        counts.append(plural(len(failures), "input failure"))
    title = stories[0].title if len(stories) == 1 else "Storyline report"
    return Page(
        title=title,
        summary=" · ".join(counts),
        generator=str(doc.get("generator") or ""),
        stories=stories,
        discrepancies=discrepancies,
        quote_groups=quote_groups,
        figures=figures,
        articles=articles,
        failures=[
            (str(f.get("source", "")), str(f.get("stage", "")), str(f.get("reason", "")))
            for f in failures
        ],
        css=Markup(_stylesheet()),
        spans=builder.spans,
    )


def render_html(doc: Doc) -> str:
    """The export as one self-contained HTML page."""
    page = build_page(doc)
    return _environment().get_template(TEMPLATE).render(page=page)
