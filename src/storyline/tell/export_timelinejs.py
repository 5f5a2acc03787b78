"""The timelines in TimelineJS's JSON format (https://timeline.knightlab.com), ready to publish.

One TimelineJS document holds every story: each timeline entry is an event grouped by its
story (one story: no groups), its date as TimelineJS's year/month/day parts at the precision
it is known (a month entry has no day), an uncertain date as its range with the most likely
day in the headline. TimelineJS renders ``headline`` and ``text`` as HTML, so every piece of
article-derived text is escaped here; the only markup added is ``<p>``, ``<ul>``, ``<li>``
and ``<small>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from typing import Any

from storyline.tell.render_markdown import date_label, is_uncertain, plural


def _parts(day: dt.date, granularity: str) -> dict[str, str]:
    parts = {"year": str(day.year)}
    if granularity in ("year", "decade", "century"):
        return parts
    parts["month"] = str(day.month)
    if granularity in ("month", "season", "quarter", "half"):
        return parts
    parts["day"] = str(day.day)
    return parts


def timelinejs(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The TimelineJS document for an export document."""
    titles = {a["id"]: (a["outlet"] or a["title"] or a["id"]) for a in doc["articles"]}
    stories = doc["stories"]
    events = []
    for story in stories:
        for seq, entry in enumerate(story["timeline"]):
            date = entry["date"]
            if not date:
                continue
            start = dt.date.fromisoformat(date["start"])
            end = dt.date.fromisoformat(date["end"])
            granularity = str(date.get("granularity") or "day")
            uncertain = is_uncertain(date)
            event: dict[str, Any] = {
                "unique_id": f"{story['id']}-{seq}",
                "start_date": _parts(start, granularity),
                "text": {
                    "headline": escape(
                        date_label(date)
                        + ("" if entry["status"] == "happened" else f" ({entry['status']})")
                    ),
                    "text": _text(entry, titles),
                },
            }
            if end != start and (uncertain or granularity in ("day", "week")):
                event["end_date"] = _parts(end, granularity)
            if len(stories) > 1:
                event["group"] = escape(story["title"])
            events.append(event)
    title = stories[0]["title"] if len(stories) == 1 else "Storyline"
    return {
        "title": {
            "text": {
                "headline": escape(title),
                "text": escape(f"{len(events)} dated entries from {len(doc['articles'])} articles"),
            }
        },
        "events": events,
    }


def _text(entry: Mapping[str, Any], outlets: Mapping[str, str]) -> str:
    sentences = "".join(f"<li>{escape(s['text'])}</li>" for s in entry["summary"])
    sources = ", ".join(escape(outlets.get(a, a)) for a in entry["sources"])
    count = entry["independent_sources"]
    return (
        f"<ul>{sentences}</ul><p><small>{plural(count, 'independent source')}:"
        f" {sources}</small></p>"
    )
