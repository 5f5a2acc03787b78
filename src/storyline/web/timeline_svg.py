"""The story page's timeline as an SVG drawn on the server, for one window of time.

Entries sit in lanes by status (what happened, what is ongoing, what is planned), circles
sized by independent sources; an uncertain date is drawn as the range it may fall in, with the
most likely day marked when one is known. The window zooms from decades down to days: the
tick labels and the zoom links name the next window as ``?from=YYYY-MM-DD&to=YYYY-MM-DD``, so
zooming works without JavaScript (the page's small script adds the mouse wheel and keys).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from urllib.parse import urlencode

from storyline.web.schemas import EntryOut

WIDTH = 960
LEFT = 84
RIGHT = 24
TOP = 14
LANE = 46
AXIS = 34
LANES = ("happened", "ongoing", "planned")
#: The narrowest window one can zoom to.
MIN_DAYS = 7
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Item:
    href: str
    title: str
    status: str
    x0: float
    x1: float
    cx: float
    cy: float
    r: float
    ranged: bool
    uncertain: bool
    independent: int


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    zoom: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    left: int
    right: int
    axis_y: float
    lanes: list[tuple[str, float]]
    ticks: list[Tick]
    items: list[Item]
    start: dt.date
    end: dt.date
    label: str
    hidden: int
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
    dated = []
    for entry in entries:
        try:
            a = dt.date.fromisoformat(entry.date.start)
            b = dt.date.fromisoformat(entry.date.end)
        except ValueError:
            continue
        best = dt.date.fromisoformat(entry.date.best) if entry.date.best else None
        dated.append((entry, a, b, best))
    if not dated:
        return None
    low = min(d[1] for d in dated)
    high = max(d[2] for d in dated)
    span = max((high - low).days, 60)
    pad = dt.timedelta(days=math.ceil(span * 0.04))
    full = (low - pad, high + pad)
    lo, hi = (start or full[0]), (end or full[1])
    if hi < lo:
        lo, hi = hi, lo
    if (hi - lo).days < MIN_DAYS - 1:
        middle = lo + (hi - lo) / 2
        half_min = dt.timedelta(days=MIN_DAYS // 2)
        lo, hi = middle - half_min, middle + half_min
    days = (hi - lo).days + 1
    plot = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        return round(LEFT + (day - lo).days / days * plot, 1)

    statuses = {d[0].status for d in dated}
    lanes = [s for s in LANES if s in statuses] + sorted(statuses - set(LANES))
    lane_y = {s: TOP + LANE * (i + 0.5) for i, s in enumerate(lanes)}
    axis_y = TOP + LANE * len(lanes)
    items = []
    hidden = 0
    for entry, a, b, best in dated:
        if b < lo or a > hi:
            hidden += 1
            continue
        ranged = a != b
        x0 = x(max(a, lo))
        x1 = x(min(b, hi) + dt.timedelta(days=1))
        centre = best if best is not None and a <= best <= b else a + (b - a) / 2
        if not lo <= centre <= hi:
            centre = max(lo, min(hi, centre))
        independent = max(1, entry.independent_sources)
        summary = entry.summary[0].text if entry.summary else ""
        if len(summary) > 140:
            summary = summary[:139].rstrip() + "…"
        items.append(
            Item(
                href=entry.href,
                title=(
                    f"{entry.date.label} ({entry.status}; {independent} independent"
                    f" source{'s' if independent != 1 else ''}): {summary}"
                ),
                status=entry.status,
                x0=x0,
                x1=max(x1, x0 + 1.5),
                cx=x(centre) + (0 if ranged else round(plot / days / 2, 1)),
                cy=lane_y[entry.status],
                r=round(min(17.0, 3.5 + 3.5 * math.sqrt(independent)), 1),
                ranged=ranged,
                uncertain=entry.date.uncertain,
                independent=independent,
            )
        )
    items.sort(key=lambda i: -i.r)  # small circles on top, so they stay clickable
    half = (hi - lo) / 2
    middle = lo + half
    inner = max(half / 2, dt.timedelta(days=MIN_DAYS // 2))
    outer = half * 2
    is_whole = lo <= full[0] and hi >= full[1]
    return Timeline(
        width=WIDTH,
        height=int(axis_y + AXIS),
        left=LEFT,
        right=WIDTH - RIGHT,
        axis_y=axis_y,
        lanes=[(s, lane_y[s]) for s in lanes],
        ticks=[Tick(x(day), label, zoom) for day, label, zoom in _ticks(lo, hi)],
        items=items,
        start=lo,
        end=hi,
        label=f"Timeline from {lo.isoformat()} to {hi.isoformat()}",
        hidden=hidden,
        zoom_in=window_query(middle - inner, middle + inner),
        zoom_out=None if is_whole else window_query(middle - outer, middle + outer),
        earlier=window_query(lo - half, hi - half),
        later=window_query(lo + half, hi + half),
        whole=None if is_whole else "?",
    )


def _ticks(lo: dt.date, hi: dt.date) -> list[tuple[dt.date, str, str]]:
    """Calendar ticks for the window: years, months or days, about ten of them; each label
    zooms to the year, month or week it names."""
    days = (hi - lo).days + 1
    ticks: list[tuple[dt.date, str, str]] = []
    if days > 3 * 366:
        years = days / 365.25
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if years / s <= 12)
        for year in range((lo.year // step + 1) * step, hi.year + 1, step):
            day = dt.date(year, 1, 1)
            ticks.append((day, str(year), window_query(day, dt.date(year, 12, 31))))
        return ticks
    if days > 75:
        months = days / 30.4
        step = next(s for s in (1, 2, 3, 6) if months / s <= 12)
        index = lo.year * 12 + lo.month  # the month after lo's, counted from year 0
        while True:
            year, month = divmod(index, 12)
            day = dt.date(year, month + 1, 1)
            if day > hi:
                return ticks
            if month % step == 0:
                label = _MONTHS[month] + (f" {year}" if month == 0 or not ticks else "")
                last = dt.date(year + (month == 11), (month + 1) % 12 + 1, 1)
                ticks.append((day, label, window_query(day, last - dt.timedelta(days=1))))
            index += 1
    step = next(s for s in (1, 2, 7, 14) if days / s <= 12)
    day = lo + dt.timedelta(days=1)
    while day <= hi:
        if step < 7 or day.weekday() == 0:
            label = f"{_MONTHS[day.month - 1]} {day.day}" + (
                f" {day.year}" if not ticks or (day.month == 1 and day.day <= step) else ""
            )
            week = window_query(day - dt.timedelta(days=3), day + dt.timedelta(days=3))
            ticks.append((day, label, week))
            day += dt.timedelta(days=step)
        else:
            day += dt.timedelta(days=1)
    return ticks
