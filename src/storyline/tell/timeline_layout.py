"""Where each timeline entry goes on a drawn timeline: one layout for the report's strip and the
web app's zoomable timeline, so both show the same picture of a story.

Entries sit in lanes by status (what happened, what is ongoing, what is planned), circles sized
by independent sources; an uncertain date is drawn as the range it may fall in, with the most
likely day marked when one is known. A layout covers one window of time (by default the whole
story); entries outside it are counted, not drawn.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.tell.render_markdown import plural

WIDTH = 960
LEFT = 84
RIGHT = 24
TOP = 14
LANE = 46
AXIS = 34
LANES = ("happened", "ongoing", "planned")
#: The narrowest window one can zoom to.
MIN_DAYS = 7
#: Windows longer than this are marked in years, shorter ones in months or days.
YEARS_ABOVE_DAYS = 2 * 365.25
MONTHS_ABOVE_DAYS = 75
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Point:
    """One timeline entry as the drawing needs it."""

    href: str
    status: str
    start: dt.date
    end: dt.date
    best: dt.date | None
    independent: int
    uncertain: bool
    #: The date as people read it ("March 2023", "about 12 May 2021").
    date_label: str
    summary: str


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
    #: The year, month or week the label names (what clicking it zooms to).
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class Layout:
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
    #: Entries outside the window.
    hidden: int
    #: The window showing every entry, with a margin.
    whole_start: dt.date
    whole_end: dt.date

    @property
    def is_whole(self) -> bool:
        return self.start <= self.whole_start and self.end >= self.whole_end


def lay_out(
    points: Sequence[Point], start: dt.date | None = None, end: dt.date | None = None
) -> Layout | None:
    """The layout of ``points`` between ``start`` and ``end`` (inclusive; default: all, with a
    margin); None when no point has a usable date."""
    dated = [p for p in points if p.start <= p.end]
    if not dated:
        return None
    low = min(p.start for p in dated)
    high = max(p.end for p in dated)
    pad = dt.timedelta(days=math.ceil(max((high - low).days, 60) * 0.04))
    whole = (low - pad, high + pad)
    lo, hi = (start or whole[0]), (end or whole[1])
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

    statuses = {p.status for p in dated}
    lanes = [s for s in LANES if s in statuses] + sorted(statuses - set(LANES))
    lane_y = {s: TOP + LANE * (i + 0.5) for i, s in enumerate(lanes)}
    axis_y = TOP + LANE * len(lanes)
    items = []
    for p in dated:
        if p.end < lo or p.start > hi:
            continue
        ranged = p.start != p.end
        x0 = x(max(p.start, lo))
        x1 = x(min(p.end, hi) + dt.timedelta(days=1))
        inside = p.best is not None and p.start <= p.best <= p.end
        centre = p.best if inside and p.best else p.start + (p.end - p.start) / 2
        centre = max(lo, min(hi, centre))
        independent = max(1, p.independent)
        summary = p.summary if len(p.summary) <= 140 else p.summary[:139].rstrip() + "…"
        sources = plural(independent, "independent source")
        items.append(
            Item(
                href=p.href,
                title=f"{p.date_label} ({p.status}; {sources}): {summary}",
                status=p.status,
                x0=x0,
                x1=max(x1, x0 + 1.5),
                # A single day's circle sits in the middle of its day.
                cx=x(centre) + (0 if ranged else round(plot / days / 2, 1)),
                cy=lane_y[p.status],
                r=round(min(17.0, 3.5 + 3.5 * math.sqrt(independent)), 1),
                ranged=ranged,
                uncertain=p.uncertain,
                independent=independent,
            )
        )
    items.sort(key=lambda i: -i.r)  # small circles on top, so they stay visible and clickable
    return Layout(
        width=WIDTH,
        height=int(axis_y + AXIS),
        left=LEFT,
        right=WIDTH - RIGHT,
        axis_y=axis_y,
        lanes=[(s, lane_y[s]) for s in lanes],
        ticks=[Tick(x(day), label, a, b) for day, label, a, b in _ticks(lo, hi)],
        items=items,
        start=lo,
        end=hi,
        label=f"Timeline from {lo.isoformat()} to {hi.isoformat()}",
        hidden=len(dated) - len(items),
        whole_start=whole[0],
        whole_end=whole[1],
    )


def _ticks(lo: dt.date, hi: dt.date) -> list[tuple[dt.date, str, dt.date, dt.date]]:
    """Calendar ticks for the window, about ten of them: years, months or days; each with the
    year, month or week it names."""
    days = (hi - lo).days + 1
    ticks: list[tuple[dt.date, str, dt.date, dt.date]] = []
    if days > YEARS_ABOVE_DAYS:
        years = days / 365.25
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if years / s <= 12)
        for year in range((lo.year // step + 1) * step, hi.year + 1, step):
            ticks.append((dt.date(year, 1, 1), str(year), *_year(year)))
        return ticks
    if days > MONTHS_ABOVE_DAYS:
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
                following = dt.date(year + (month == 11), (month + 1) % 12 + 1, 1)
                ticks.append((day, label, day, following - dt.timedelta(days=1)))
            index += 1
    step = next(s for s in (1, 2, 7, 14) if days / s <= 12)
    day = lo + dt.timedelta(days=1)
    while day <= hi:
        if step < 7 or day.weekday() == 0:
            label = f"{_MONTHS[day.month - 1]} {day.day}" + (
                f" {day.year}" if not ticks or (day.month == 1 and day.day <= step) else ""
            )
            week = (day - dt.timedelta(days=3), day + dt.timedelta(days=3))
            ticks.append((day, label, *week))
            day += dt.timedelta(days=step)
        else:
            day += dt.timedelta(days=1)
    return ticks


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
