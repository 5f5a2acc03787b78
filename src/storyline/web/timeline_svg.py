"""The story page's timeline for one window of time, drawn on the server.

The drawing is the report's (:mod:`storyline.tell.timeline_layout`); what the web adds is
zooming from decades down to days: the tick labels and the zoom links name the next window as
``?from=YYYY-MM-DD&to=YYYY-MM-DD``, so zooming works without JavaScript (the page's small script
adds the mouse wheel and keys).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from storyline.tell.timeline_layout import MIN_DAYS, Layout, Point, lay_out
from storyline.web.schemas import EntryOut


@dataclass(frozen=True)
class ZoomTick:
    x: float
    label: str
    #: The query that zooms to the year, month or week the label names.
    zoom: str


@dataclass(frozen=True)
class Timeline:
    layout: Layout
    ticks: list[ZoomTick]
    zoom_in: str
    zoom_out: str | None
    earlier: str
    later: str
    whole: str | None


def window_query(start: dt.date, end: dt.date) -> str:
    return "?" + urlencode({"from": start.isoformat(), "to": end.isoformat()})


def build_timeline(
    entries: list[EntryOut], start: dt.date | None = None, end: dt.date | None = None
) -> Timeline | None:
    """The timeline of ``entries`` between ``start`` and ``end`` (inclusive; default: all)."""
    layout = lay_out([p for p in map(_point, entries) if p is not None], start, end)
    if layout is None:
        return None
    lo, hi = layout.start, layout.end
    half = (hi - lo) / 2
    middle = lo + half
    inner = max(half / 2, dt.timedelta(days=MIN_DAYS // 2))
    outer = half * 2
    return Timeline(
        layout=layout,
        ticks=[ZoomTick(t.x, t.label, window_query(t.first, t.last)) for t in layout.ticks],
        zoom_in=window_query(middle - inner, middle + inner),
        zoom_out=None if layout.is_whole else window_query(middle - outer, middle + outer),
        earlier=window_query(lo - half, hi - half),
        later=window_query(lo + half, hi + half),
        whole=None if layout.is_whole else "?",
    )


def _point(entry: EntryOut) -> Point | None:
    try:
        start = dt.date.fromisoformat(entry.date.start)
        end = dt.date.fromisoformat(entry.date.end)
        best = dt.date.fromisoformat(entry.date.best) if entry.date.best else None
    except ValueError:
        return None
    return Point(
        href=entry.href,
        status=entry.status,
        start=start,
        end=end,
        best=best,
        independent=entry.independent_sources,
        uncertain=entry.date.uncertain,
        date_label=entry.date.label,
        summary=entry.summary[0].text if entry.summary else "",
    )
