"""Every use case in one place: the CLI, the API and the web app call this and nothing else."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyline.build import BuildReport, run_build
from storyline.errors import StorylineError
from storyline.ingest.sources import SourceOptions
from storyline.models import Article, Entity, Event, Quote, Story, TimelineEntry, to_dict
from storyline.pipeline import BuildOptions
from storyline.progress import Progress
from storyline.store import Store, open_store


class NotFound(StorylineError):
    """No article, event, entity or story with that id."""


@dataclass(frozen=True)
class StoryTimeline:
    story: Story
    entries: list[TimelineEntry]


class Storyline:
    """A storyline database and what can be done with it."""

    def __init__(self, db: str | os.PathLike[str]) -> None:
        self.db = os.fspath(db)

    def _open(self, readonly: bool = True) -> Store:
        return open_store(self.db, readonly=readonly)

    def build(
        self,
        paths: Sequence[str],
        options: BuildOptions | None = None,
        progress: Progress | None = None,
        sources: SourceOptions | None = None,
    ) -> BuildReport:
        """Build ``paths`` (files, folders, addresses, feeds, archives, ``-``) into the store;
        ``sources`` says how they are read (column mapping, sidecar metadata, fetching)."""
        with self._open(readonly=False) as store:
            return run_build(store, paths, options or BuildOptions(), progress, sources=sources)

    def stories(self) -> list[Story]:
        with self._open() as store:
            return store.stories()

    def timelines(self, story_id: str | None = None) -> list[StoryTimeline]:
        with self._open() as store:
            stories = store.stories()
            if story_id is not None:
                stories = [s for s in stories if s.id.startswith(story_id)]
                if not stories:
                    raise NotFound(f"no story {story_id!r} (see `storyline timeline` for the list)")
            return [StoryTimeline(s, store.timeline(s.id)) for s in stories]

    def article(self, article_id: str) -> dict[str, Any]:
        with self._open() as store:
            found = store.find_articles(article_id)
            if len(found) != 1:
                raise NotFound(_not_found("article", article_id, found))
            article = store.article(found[0])
            assert article is not None
            from storyline.models import Figure, Mention, TimeMention

            mention_entities = store.mention_entities(article.id)
            return {
                "article": article,
                "mentions": [
                    (m, mention_entities.get((article.id, i), ""))
                    for i, m in enumerate(store.extractions("mentions", Mention, article.id))
                ],
                "time_mentions": store.extractions("time_mentions", TimeMention, article.id),
                "quotes": store.extractions("quotes", Quote, article.id),
                "figures": store.extractions("figures", Figure, article.id),
                "duplicate_of": next(
                    (d for d in store.duplicates() if d.article_id == article.id), None
                ),
                "events": [e for e in store.events() if article.id in e.article_ids],
            }

    def event(self, event_id: str) -> tuple[Event, list[Article]]:
        with self._open() as store:
            found = [e for e in store.events() if e.id.startswith(event_id)]
            if len(found) != 1:
                raise NotFound(_not_found("event", event_id, [e.id for e in found]))
            event = found[0]
            articles = [a for a in (store.article(i) for i in event.article_ids) if a]
            return event, articles

    def entity(self, entity_id: str) -> tuple[Entity, list[Quote]]:
        with self._open() as store:
            found = store.find_entities(entity_id)
            if len(found) != 1:
                raise NotFound(_not_found("entity", entity_id, [e.id for e in found]))
            entity = found[0]
            from storyline.tell.export import build_export

            said = [q for q in build_export(store)["quotes"] if q["speaker"]["entity"] == entity.id]
            quotes = [
                Quote(
                    q["article"],
                    q["start"],
                    q["end"],
                    q["text"],
                    q["kind"],
                    q["cue"],
                    speaker=q["speaker"]["name"],
                    speaker_entity=entity.id,
                )
                for q in said
            ]
            return entity, quotes

    def export(self, fmt: str) -> str:
        """The whole store as JSON (the documented contract), Markdown or self-contained HTML."""
        import json

        with self._open() as store:
            from storyline.tell.export import build_export

            doc = build_export(store)
        if fmt == "json":
            return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        if fmt == "markdown":
            from storyline.tell.render_markdown import render_markdown

            return str(render_markdown(doc))
        if fmt == "html":
            from storyline.tell.render_html import render_html

            return str(render_html(doc))
        raise StorylineError(f"unknown export format {fmt!r} (json, markdown, html)")

    def export_dict(self) -> dict[str, Any]:
        with self._open() as store:
            from storyline.tell.export import build_export

            return build_export(store)


def _not_found(kind: str, wanted: str, found: Sequence[str]) -> str:
    if found:
        return f"{kind} id {wanted!r} is ambiguous: {', '.join(found[:5])}"
    return f"no {kind} {wanted!r}"


def jsonable(obj: Any) -> Any:
    return to_dict(obj)
