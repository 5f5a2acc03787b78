"""The view code: each function asks :class:`storyline.core.Storyline` for one page's data and
shapes it as a model of :mod:`storyline.web.schemas`. The HTML page and its JSON twin under
``/api`` both call the same function, so they never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import quote as urlquote

from storyline.analyse.numbers import figure_phrase
from storyline.core import SEARCH_KINDS, EntityDetail, EntryDetail, Storyline
from storyline.models import (
    Article,
    Citation,
    DateInterval,
    Discrepancy,
    Failure,
    Figure,
    Mention,
    Quote,
    TimeMention,
)
from storyline.store.base import HIT_END, HIT_START, ArticleBrief, Hit
from storyline.tell.export import date_dict
from storyline.tell.render_markdown import (
    PROVENANCE,
    discrepancy_heading,
    is_uncertain,
    published_label,
)
from storyline.tell.render_markdown import date_label as contract_date_label
from storyline.web import schemas as s

# -- links ----------------------------------------------------------------------------------------


_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def _seg(value: str) -> str:
    # Ids are made of safe characters: quoting them (tens of thousands of links on a large
    # story's page) would change nothing and cost a third of the page's time.
    return value if _SAFE_SEGMENT.fullmatch(value) else urlquote(value, safe="")


def story_href(story_id: str) -> str:
    return f"/stories/{_seg(story_id)}"


def entry_href(story_id: str, seq: int) -> str:
    return f"/stories/{_seg(story_id)}/entries/{seq}"


def article_href(article_id: str, start: int | None = None, end: int | None = None) -> str:
    """The article page; with a span, the page marks that passage and scrolls to it."""
    href = f"/articles/{_seg(article_id)}"
    return href if start is None else f"{href}?span={start}-{end}#span-{start}-{end}"


def entity_href(entity_id: str) -> str:
    return f"/entities/{_seg(entity_id)}"


def event_href(event_id: str) -> str:
    return f"/events/{_seg(event_id)}"


# -- small pieces ---------------------------------------------------------------------------------


def number(value: float) -> str:
    """A figure's value as people write it: 11,000,000 rather than 1.1e+07, 2.5 not 2.500."""
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.3g}"


def date_out(interval: DateInterval) -> s.DateOut:
    data = date_dict(interval)
    assert data is not None
    return s.DateOut(
        start=data["start"],
        end=data["end"],
        granularity=data["granularity"],
        best=data["best"],
        label=contract_date_label(data),
        uncertain=is_uncertain(data),
    )


def citation_out(c: Citation) -> s.CitationOut:
    return s.CitationOut(
        article=c.article, start=c.start, end=c.end, href=article_href(c.article, c.start, c.end)
    )


def brief_out(brief: ArticleBrief) -> s.ArticleRef:
    published = {"start": brief.published_start, "end": brief.published_end}
    return s.ArticleRef(
        id=brief.id,
        title=brief.title or "(untitled)",
        outlet=brief.outlet,
        source=brief.source,
        language=brief.language,
        published=published_label(published) if brief.published_start else "date unknown",
        published_start=brief.published_start,
        duplicate_of=brief.duplicate_of,
        dependency=brief.dependency,
        href=article_href(brief.id),
    )


def discrepancy_out(d: Discrepancy, briefs: Mapping[str, ArticleBrief]) -> s.DiscrepancyOut:
    """``briefs``: the story's or entry's articles, whose dependencies tell versions of one
    story from sources."""

    def original(article_id: str) -> str:
        brief = briefs.get(article_id)
        return (brief.duplicate_of if brief else None) or article_id

    # The heading reads the sides as the export writes them.
    sides = [{"articles": list(side.articles)} for side in d.sides]
    return s.DiscrepancyOut(
        id=d.id,
        kind=d.kind,
        subject=d.subject,
        verdict=d.verdict,
        heading=discrepancy_heading({"verdict": d.verdict, "sides": sides}, original),
        sides=[
            s.DiscrepancySideOut(
                value=side.value,
                articles=list(side.articles),
                citations=[citation_out(c) for c in side.citations],
            )
            for side in d.sides
        ],
    )


def quote_out(q: Quote, titles: dict[str, str] | None = None) -> s.QuoteOut:
    return s.QuoteOut(
        text=q.text,
        kind=q.kind,
        cue=q.cue,
        speaker=q.speaker,
        speaker_description=q.speaker_description,
        speaker_entity=q.speaker_entity or None,
        speaker_href=entity_href(q.speaker_entity) if q.speaker_entity else None,
        article=q.article_id,
        article_title=(titles or {}).get(q.article_id, ""),
        start=q.start,
        end=q.end,
        href=article_href(q.article_id, q.start, q.end),
    )


def figure_out(f: Figure) -> s.FigureOut:
    return s.FigureOut(
        text=f.text,
        value=f.value,
        modifier=f.modifier,
        unit=f.unit,
        counted=f.counted,
        time=f.time,
        place=f.place,
        article=f.article_id,
        start=f.start,
        end=f.end,
        href=article_href(f.article_id, f.start, f.end),
    )


# -- pages ----------------------------------------------------------------------------------------


def failure_out(failure: Failure) -> s.FailureOut:
    return s.FailureOut.model_validate(failure, from_attributes=True)


def failures_page(app: Storyline) -> s.FailuresPage:
    return s.FailuresPage(failures=[failure_out(f) for f in app.failures()])


def stories_page(app: Storyline) -> s.StoriesPage:
    return s.StoriesPage(
        failures=len(app.failures()),
        stories=[
            s.StoryListItem(
                id=item.story.id,
                title=item.story.title or "Untitled story",
                href=story_href(item.story.id),
                entries=item.entries,
                articles=len(item.story.article_ids),
                first=item.first.isoformat() if item.first else None,
                last=item.last.isoformat() if item.last else None,
            )
            for item in app.story_summaries()
        ],
    )


def story_page(app: Storyline, story_id: str) -> s.StoryPage:
    detail = app.story_detail(story_id)
    story = detail.story
    entities = [
        s.EntityRef(
            id=e.id,
            name=e.name,
            type=e.type,
            role=e.roles[0] if e.roles else "",
            href=entity_href(e.id),
        )
        for e in detail.entities
    ]
    entries = [
        s.EntryOut(
            seq=i,
            href=entry_href(story.id, i),
            date=date_out(e.date),
            status=e.status,
            summary=[
                s.SentenceOut(text=x.text, citations=[citation_out(c) for c in x.citations])
                for x in e.summary
            ],
            sources=list(e.sources),
            independent_sources=e.independent_sources,
            single_source=e.single_source,
            discrepancies=list(e.discrepancy_ids),
        )
        for i, e in enumerate(detail.entries)
    ]
    articles = sorted(
        (brief_out(b) for b in detail.articles.values()),
        key=lambda a: (a.published_start or "9999", a.id),
    )
    return s.StoryPage(
        id=story.id,
        title=story.title or "Untitled story",
        href=story_href(story.id),
        key_entities=entities,
        entries=entries,
        discrepancies=[discrepancy_out(d, detail.articles) for d in detail.discrepancies.values()],
        articles=articles,
        more_discrepancies=detail.more_discrepancies,
    )


def entry_page(app: Storyline, story_id: str, seq: int) -> s.EntryPage:
    detail: EntryDetail = app.entry_detail(story_id, seq)
    entry, story = detail.entry, detail.story
    by_id = {a.id: a for a in detail.articles}
    passages: dict[str, dict[tuple[int, int], str]] = {}
    for sentence in entry.summary:
        for c in sentence.citations:
            passages.setdefault(c.article, {})[(c.start, c.end)] = "cited"
    for happening in detail.happenings:
        for r in happening.reports:
            passages.setdefault(r.article_id, {}).setdefault((r.start, r.end), "report")
    columns = []
    for article_id in entry.sources:
        article, brief = by_id.get(article_id), detail.briefs.get(article_id)
        if article is None or brief is None:
            continue
        spans = sorted(passages.get(article_id, {}).items())
        columns.append(
            s.SourceColumn(
                article=brief_out(brief),
                independent=brief.duplicate_of is None,
                passages=[
                    s.PassageOut(start=a, end=b, text=article.text[a:b], role=role)
                    for (a, b), role in spans
                    if 0 <= a < b <= len(article.text)
                ],
            )
        )
    # Independent sources first, then the copies beside their originals.
    columns.sort(key=lambda c: (not c.independent, c.article.published_start or "9999"))
    titles = {a.id: a.title for a in detail.articles}
    return s.EntryPage(
        story=s.StoryRef(id=story.id, title=story.title, href=story_href(story.id)),
        seq=seq,
        date=date_out(entry.date),
        status=entry.status,
        summary=[
            s.SentenceOut(text=x.text, citations=[citation_out(c) for c in x.citations])
            for x in entry.summary
        ],
        independent_sources=entry.independent_sources,
        single_source=entry.single_source,
        sources=columns,
        quotes=[quote_out(q, titles) for q in detail.quotes],
        figures=[figure_out(f) for f in detail.figures],
        discrepancies=[discrepancy_out(d, detail.briefs) for d in detail.discrepancies],
        happenings=[
            s.HappeningOut(
                id=h.id, title=h.title, date=date_out(h.date), status=h.status, place=h.place
            )
            for h in detail.happenings
        ],
        previous=entry_href(story.id, seq - 1) if seq > 0 else None,
        next=entry_href(story.id, seq + 1) if seq + 1 < detail.entries_in_story else None,
        more_sources=[brief_out(detail.briefs[a]) for a in detail.more_sources],
        more_discrepancies=detail.more_discrepancies,
    )


def event_page(app: Storyline, event_id: str) -> s.EventPage:
    event, briefs = app.event_briefs(event_id)
    return s.EventPage(
        id=event.id,
        title=event.title,
        date=date_out(event.date) if event.date else None,
        articles=[brief_out(b) for b in briefs],
    )


def article_page(app: Storyline, article_id: str, with_raw: bool = False) -> s.ArticlePage:
    data = app.article(article_id)
    article: Article = data["article"]
    published = article.published
    interval = date_dict(published.interval)
    marks: list[s.MarkOut] = []
    mentions: list[tuple[Mention, str]] = data["mentions"]
    for mention, entity_id in mentions:
        marks.append(
            s.MarkOut(
                kind="entity",
                start=mention.start,
                end=mention.end,
                label=f"{mention.type}{': ' + mention.role if mention.role else ''}",
                href=entity_href(entity_id) if entity_id else None,
            )
        )
    times: list[TimeMention] = data["time_mentions"]
    for t in times:
        resolved = contract_date_label(date_dict(t.interval)) if t.interval else t.value
        marks.append(s.MarkOut(kind="time", start=t.start, end=t.end, label=resolved))
    quotes: list[Quote] = data["quotes"]
    for q in quotes:
        who = q.speaker or q.speaker_description or "unknown speaker"
        marks.append(
            s.MarkOut(
                kind="quote",
                start=q.start,
                end=q.end,
                label=f"{q.kind} quote, {who}",
                href=entity_href(q.speaker_entity) if q.speaker_entity else None,
            )
        )
    figures: list[Figure] = data["figures"]
    for f in figures:
        label = figure_phrase(f.modifier, number(f.value), f.text, f.unit, f.counted)
        marks.append(s.MarkOut(kind="figure", start=f.start, end=f.end, label=label))
    marks = [m for m in marks if 0 <= m.start < m.end <= len(article.text)]
    duplicate = data["duplicate_of"]
    original = None
    if duplicate is not None:
        found = app.article_briefs([duplicate.original_id])
        original = brief_out(found[0]) if found else None
    raw = data["raw"]
    return s.ArticlePage(
        id=article.id,
        title=article.title or "(untitled)",
        outlet=article.outlet,
        author=article.author,
        language=article.language,
        source=article.source,
        url=article.url,
        published=s.PublishedOut(
            label=published_label(
                {**interval, "provenance": published.provenance} if interval else None
            ),
            start=interval["start"] if interval else None,
            end=interval["end"] if interval else None,
            best=interval["best"] if interval else None,
            granularity=interval["granularity"] if interval else "unknown",
            provenance=published.provenance,
            provenance_label=PROVENANCE.get(published.provenance, published.provenance),
            evidence=list(published.evidence),
        ),
        duplicate_of=original,
        dependency=(
            f"{duplicate.kind}, similarity {duplicate.similarity:.2f}" if duplicate else None
        ),
        events=[
            s.StoryRef(id=e.id, title=e.title or e.id, href=event_href(e.id))
            for e in data["events"]
        ],
        stories=[
            s.StoryRef(id=x.id, title=x.title, href=story_href(x.id)) for x in data["stories"]
        ],
        text=article.text,
        marks=marks,
        quotes=[quote_out(q) for q in quotes],
        figures=[figure_out(f) for f in figures],
        removed=[s.RemovedOut(start=r.start, end=r.end, reason=r.reason) for r in article.removed],
        raw_text=raw[1] if with_raw and raw is not None else None,
    )


#: An entity named in many articles lists the newest this many (its appearances per month
#: count them all); the page of one named in 1,400 Timeline17 articles weighed 400 kB.
ENTITY_ARTICLES_SHOWN = 100


def entity_page(app: Storyline, entity_id: str) -> s.EntityPage:
    detail: EntityDetail = app.entity_detail(entity_id)
    e = detail.entity
    titles = {b.id: b.title for b in detail.articles}
    return s.EntityPage(
        id=e.id,
        name=e.name,
        type=e.type,
        aliases=list(e.aliases),
        roles=list(e.roles),
        variants=[
            s.VariantOut(name=v.name, articles=list(v.articles), similarity=v.similarity)
            for v in e.variants
        ],
        mentions=e.mentions,
        appearances=[
            s.AppearanceOut(month=m, articles=a, mentions=n) for m, a, n in detail.appearances
        ],
        quotes=[quote_out(q, titles) for q in detail.quotes],
        more_quotes=detail.more_quotes,
        articles=[brief_out(b) for b in detail.articles[-ENTITY_ARTICLES_SHOWN:]],
        more_articles=max(0, len(detail.articles) - ENTITY_ARTICLES_SHOWN),
        stories=[s.StoryRef(id=x.id, title=x.title, href=story_href(x.id)) for x in detail.stories],
    )


def search_page(
    app: Storyline, query: str, mode: str, kinds: Sequence[str], limit: int
) -> s.SearchPage:
    kinds = [k for k in kinds if k in SEARCH_KINDS] or list(SEARCH_KINDS)
    hits = app.search(query, mode=mode, kinds=kinds, limit=limit) if query.strip() else []
    note = ""
    if mode == "meaning" and query.strip():
        waiting = app.vectors_missing()
        if waiting:
            note = f"{waiting} documents are still being indexed for meaning search."
    return s.SearchPage(
        query=query, mode=mode, kinds=kinds, results=[hit_out(h) for h in hits], note=note
    )


def hit_out(hit: Hit) -> s.HitOut:
    snippet, highlights = _highlights(hit.snippet)
    if hit.kind == "article":
        href = article_href(hit.ref)
    elif hit.kind == "entry":
        story_id, _, seq = hit.ref.rpartition(":")
        href = entry_href(story_id, int(seq) if seq.isdigit() else 0)
    else:
        href = article_href(hit.article_id or "")
    return s.HitOut(
        kind=hit.kind,
        ref=hit.ref,
        title=hit.title,
        snippet=snippet,
        highlights=highlights,
        score=round(hit.score, 4),
        article=hit.article_id,
        href=href,
    )


def _highlights(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """The snippet without its match markers, and where the markers were."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start = -1
    for piece in re.split(f"([{HIT_START}{HIT_END}])", snippet):
        if piece == HIT_START:
            start = length
        elif piece == HIT_END:
            if start >= 0:
                spans.append((start, length))
            start = -1
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), spans


def independent_count(articles: Iterable[s.ArticleRef]) -> int:
    return sum(1 for a in articles if a.duplicate_of is None)
