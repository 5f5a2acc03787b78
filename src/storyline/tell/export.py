"""The JSON export: the documented contract (docs/export-format.md) built from a store."""

from __future__ import annotations

from typing import Any

from storyline import __version__
from storyline.models import DateInterval, Figure, Mention, Quote, to_dict
from storyline.store import Store


def date_dict(interval: DateInterval | None) -> dict[str, Any] | None:
    if interval is None:
        return None
    return {
        "start": interval.start.isoformat(),
        "end": interval.end.isoformat(),
        "granularity": interval.granularity,
        "best": interval.best.isoformat() if interval.best else None,
    }


def build_export(store: Store) -> dict[str, Any]:
    """Everything the store knows, as the export contract's plain data."""
    duplicates = {d.article_id: d for d in store.duplicates()}
    mention_entities = store.mention_entities()
    articles = []
    for article in store.articles():
        published = article.published
        interval = published.interval
        dup = duplicates.get(article.id)
        articles.append(
            {
                "id": article.id,
                "source": article.source,
                "url": article.url,
                "title": article.title,
                "outlet": article.outlet,
                "author": article.author,
                "language": article.language,
                "text": article.text,
                "published": {
                    "start": interval.start.isoformat() if interval else None,
                    "end": interval.end.isoformat() if interval else None,
                    "best": interval.best.isoformat() if interval and interval.best else None,
                    "granularity": interval.granularity if interval else "unknown",
                    "provenance": published.provenance,
                    "evidence": list(published.evidence),
                },
                "duplicate_of": dup.original_id if dup else None,
                "dependency": {"kind": dup.kind, "similarity": dup.similarity} if dup else None,
            }
        )
    entities = [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": list(e.aliases),
            "roles": list(e.roles),
            "variants": [to_dict(v) for v in e.variants],
            "articles": list(e.articles),
            "mentions": e.mentions,
        }
        for e in store.entities()
    ]
    events = [
        {
            "id": e.id,
            "title": e.title,
            "article_ids": list(e.article_ids),
            "date": date_dict(e.date),
        }
        for e in store.events()
    ]
    happenings = [
        {
            "id": h.id,
            "title": h.title,
            "date": date_dict(h.date),
            "status": h.status,
            "participants": list(h.participants),
            "place": h.place,
            "reports": [
                {"article": r.article_id, "start": r.start, "end": r.end, "text": r.text}
                for r in h.reports
            ],
        }
        for h in store.happenings()
    ]
    stories = []
    for story in store.stories():
        stories.append(
            {
                "id": story.id,
                "title": story.title,
                "key_entities": list(story.key_entities),
                "event_ids": list(story.event_ids),
                "article_ids": list(story.article_ids),
                "timeline": [
                    {
                        "date": date_dict(entry.date),
                        "status": entry.status,
                        "summary": [
                            {"text": s.text, "citations": [to_dict(c) for c in s.citations]}
                            for s in entry.summary
                        ],
                        "sources": list(entry.sources),
                        "independent_sources": entry.independent_sources,
                        "single_source": entry.single_source,
                        "happening_ids": list(entry.happening_ids),
                        "discrepancies": list(entry.discrepancy_ids),
                    }
                    for entry in store.timeline(story.id)
                ],
            }
        )
    mentions: dict[str, list[Mention]] = {}
    for mention in store.extractions("mentions", Mention):
        mentions.setdefault(mention.article_id, []).append(mention)
    quotes = [
        _quote(q, mention_entities, mentions.get(q.article_id, []))
        for q in store.extractions("quotes", Quote)
    ]

    figures = [
        {
            "value": f.value,
            "modifier": f.modifier,
            "unit": f.unit,
            "counted": f.counted,
            "time": f.time,
            "place": f.place,
            "text": f.text,
            "article": f.article_id,
            "start": f.start,
            "end": f.end,
        }
        for f in store.extractions("figures", Figure)
    ]
    discrepancies = [
        {
            "id": d.id,
            "kind": d.kind,
            "subject": d.subject,
            "verdict": d.verdict,
            "sides": [
                {
                    "value": s.value,
                    "articles": list(s.articles),
                    "citations": [to_dict(c) for c in s.citations],
                }
                for s in d.sides
            ],
        }
        for d in store.discrepancies()
    ]
    failures = [
        {"source": f.source, "stage": f.stage, "reason": f.reason} for f in store.failures()
    ]
    return {
        "format": "storyline-export",
        "version": 1,
        "generator": f"storyline {__version__}",
        "articles": articles,
        "entities": entities,
        "events": events,
        "happenings": happenings,
        "stories": stories,
        "quotes": quotes,
        "figures": figures,
        "discrepancies": discrepancies,
        "failures": failures,
    }


def _quote(
    quote: Quote, mention_entities: dict[tuple[str, int], str], mentions: list[Mention]
) -> dict[str, Any]:
    entity = quote.speaker_entity or _speaker_entity(quote, mention_entities, mentions)
    return {
        "speaker": {
            "entity": entity or None,
            "name": quote.speaker,
            "description": quote.speaker_description,
        },
        "text": quote.text,
        "kind": quote.kind,
        "cue": quote.cue,
        "article": quote.article_id,
        "start": quote.start,
        "end": quote.end,
    }


def _speaker_entity(
    quote: Quote, mention_entities: dict[tuple[str, int], str], mentions: list[Mention]
) -> str:
    """The entity of the mention that names the speaker (the same or an overlapping span)."""
    if quote.speaker_start < 0 or not quote.speaker:
        return ""
    for seq, mention in enumerate(mentions):
        if mention.start < quote.speaker_end and quote.speaker_start < mention.end:
            return mention_entities.get((quote.article_id, seq), "")
    return ""
