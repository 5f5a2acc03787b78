"""The data model: every thing storyline extracts or builds, as frozen dataclasses.

Every extracted thing keeps the id of the article it came from and the character span
(``start``, ``end``, offsets into ``Article.text``) it was read from, so that any claim the
product makes can be traced back to a passage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Granularity = Literal[
    "day", "week", "month", "season", "quarter", "half", "year", "decade", "century", "unknown"
]
Status = Literal["happened", "planned", "ongoing"]
DateProvenance = Literal["sidecar", "feed", "metadata", "text", "inferred", "unknown"]
QuoteKind = Literal["direct", "indirect"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` in an article's clean text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class DateInterval:
    """A date known to lie in ``[start, end]`` (both inclusive), with the granularity it
    was stated at and, where one can be told, the single most likely day."""

    start: dt.date
    end: dt.date
    granularity: Granularity = "day"
    best: dt.date | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"interval ends before it starts: {self.start} > {self.end}")

    @classmethod
    def day(cls, day: dt.date) -> DateInterval:
        return cls(day, day, "day", day)

    @property
    def is_day(self) -> bool:
        return self.start == self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains_date(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: DateInterval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def intersect(self, other: DateInterval) -> DateInterval | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        if end < start:
            return None
        best = self.best if self.best and start <= self.best <= end else None
        return DateInterval(start, end, self.granularity, best)

    def label(self) -> str:
        """A short human reading: ``2022-06-06``, ``2022-06``, ``2022-06-06 – 2022-06-10``."""
        if self.is_day:
            return self.start.isoformat()
        if (
            self.granularity == "month"
            and self.start.day == 1
            and (self.end + dt.timedelta(days=1)).day == 1
            and (self.end.year, self.end.month) == (self.start.year, self.start.month)
        ):
            return self.start.strftime("%Y-%m")
        if (
            self.granularity == "year"
            and self.start.timetuple().tm_yday == 1
            and (self.end == dt.date(self.start.year, 12, 31))
        ):
            return str(self.start.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass(frozen=True)
class PublicationDate:
    """When an article was published, how we know, and what supports it."""

    interval: DateInterval | None
    provenance: DateProvenance
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    id: str
    source: str
    text: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    language: str = "und"
    url: str = ""
    published: PublicationDate = PublicationDate(None, "unknown")
    #: Spans of the *raw* text that cleaning removed as page furniture, with the reason.
    removed: tuple[RemovedSpan, ...] = ()
    content_type: str = "text/plain"


@dataclass(frozen=True)
class RemovedSpan:
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True)
class Mention:
    """A name in an article: ``text`` at ``[start, end)``, of ``type`` (PERSON, ORG, GPE, ...)."""

    article_id: str
    start: int
    end: int
    text: str
    type: str
    sentence: int
    #: A title or role stated with the name: "Secretary of State" in
    #: "Secretary of State Antony Blinken".
    role: str = ""
    entity_id: str = ""


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    #: Near-spellings that may be the same name, each with the articles that used it.
    variants: tuple[NameVariant, ...] = ()
    mentions: int = 0
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameVariant:
    name: str
    articles: tuple[str, ...]
    similarity: float


@dataclass(frozen=True)
class TimeMention:
    """A time expression normalised TIMEX3-style (``value``) and as a calendar interval."""

    article_id: str
    start: int
    end: int
    text: str
    type: TimexType
    value: str
    sentence: int
    interval: DateInterval | None = None
    #: Tense of the clause the expression sits in: past, present, future (modality included).
    tense: str = ""
    #: True where the value was resolved against the publication date rather than read whole.
    relative: bool = False


@dataclass(frozen=True)
class Quote:
    article_id: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: str = ""
    cue_start: int = -1
    cue_end: int = -1
    speaker: str = ""
    speaker_start: int = -1
    speaker_end: int = -1
    #: The corpus entity the speaker resolved to; empty for an unnamed, described source.
    speaker_entity: str = ""
    #: For an unnamed source, how the text describes it ("a senior U.S. official").
    speaker_description: str = ""
    sentence: int = -1


@dataclass(frozen=True)
class Figure:
    article_id: str
    start: int
    end: int
    text: str
    value: float
    modifier: str = ""
    unit: str = ""
    counted: str = ""
    time: str = ""
    place: str = ""
    sentence: int = -1


@dataclass(frozen=True)
class Citation:
    article: str
    start: int
    end: int


@dataclass(frozen=True)
class SummarySentence:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Event:
    """Articles that cover the same happening."""

    id: str
    article_ids: tuple[str, ...]
    title: str = ""
    date: DateInterval | None = None


@dataclass(frozen=True)
class Report:
    """One sentence of one article that reports a happening."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Happening:
    """A dated thing that happened, is planned or is ongoing, merged across articles."""

    id: str
    date: DateInterval
    status: Status
    title: str
    reports: tuple[Report, ...]
    participants: tuple[str, ...] = ()
    place: str = ""
    #: How many *later* articles refer back to it.
    later_references: int = 0


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    event_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    key_entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiscrepancySide:
    value: str
    articles: tuple[str, ...]
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Discrepancy:
    id: str
    kind: Literal["figure", "date", "name"]
    subject: str
    verdict: Literal["agree", "rounding", "contradiction", "variant"]
    sides: tuple[DiscrepancySide, ...]
    story_id: str = ""
    happening_id: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    story_id: str
    date: DateInterval
    status: Status
    summary: tuple[SummarySentence, ...]
    sources: tuple[str, ...]
    independent_sources: int
    happening_ids: tuple[str, ...] = ()
    discrepancy_ids: tuple[str, ...] = ()
    score: float = 0.0

    @property
    def single_source(self) -> bool:
        return self.independent_sources <= 1


@dataclass(frozen=True)
class Duplicate:
    """``article_id`` depends on ``original_id``: a copy, a rewrite or a translation of it."""

    article_id: str
    original_id: str
    kind: Literal["exact", "near", "rewrite", "translation"]
    similarity: float


@dataclass(frozen=True)
class Failure:
    """An input or an article that a stage could not handle, recorded rather than dropped."""

    source: str
    stage: str
    reason: str
    error: str
    article_id: str = ""
    transient: bool = False
    at: str = field(default="")


def to_dict(obj: Any) -> Any:
    """Plain JSON-able data from a model object (dates as ISO strings, tuples as lists)."""
    names = _field_names(obj.__class__)
    if names is not None:
        return {name: to_dict(getattr(obj, name)) for name in names}
    if isinstance(obj, (list, tuple)):
        # Ids and names, the long lists (an entity's articles): copied, not walked one by one.
        # (Model tuples hold one type, so the first element says.)
        if not obj or type(obj[0]) is str:
            return list(obj)
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


@functools.cache
def _field_names(cls: Any) -> tuple[str, ...] | None:
    """A dataclass's field names in order (None for any other type): asking
    ``dataclasses.is_dataclass`` and ``fields`` for every value written was a third of what
    writing the corpus stages' output cost."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    """A class's resolved field types (resolving them is most of what rebuilding costs)."""
    import typing

    return typing.get_type_hints(cls)


def from_dict(cls: Any, data: Any) -> Any:
    """Rebuild a model object written by :func:`to_dict`: only the fields that need it
    (dates, nested objects, tuples) are rebuilt, the rest passed as they are (looking at
    every field of every object was most of what reading thousands of names or time
    expressions cost). A key that is no field of ``cls`` is left out; a missing one takes
    the field's default."""
    if data is None:
        return None
    kwargs = dict(data)
    for name, revive in _revived_fields(cls):
        value = kwargs.get(name)
        if value is not None:
            kwargs[name] = revive(value)
    if _set_directly(cls) and tuple(kwargs) == _field_names(cls):
        # Every field, in order, of a frozen model without checks of its own: its fields
        # set as ``__init__`` would set them, without the per-field ``object.__setattr__``
        # a frozen class's ``__init__`` pays (most of the cost of a small object).
        made = object.__new__(cls)
        made.__dict__.update(kwargs)
        return made
    try:
        return cls(**kwargs)
    except TypeError:
        # Written by another version (a field since removed, or not yet known): the fields
        # alone, and any other error raised again.
        names = _field_names(cls) or ()
        return cls(**{k: v for k, v in kwargs.items() if k in names})


Reviver = Callable[[Any], Any]


@functools.cache
def _field_revivers(cls: Any) -> tuple[tuple[str, Reviver | None], ...]:
    """Each field's name and how to rebuild its value (None: the JSON value as it is).
    Worked out once per class: reading the type hints on every value was most of the cost
    of loading a large object (a happening with a thousand reports took a quarter second)."""
    hints = _hints(cls)
    return tuple((f.name, _reviver(hints[f.name])) for f in dataclasses.fields(cls))


@functools.cache
def _set_directly(cls: Any) -> bool:
    """Whether an object of ``cls`` may be made by setting its fields: a dataclass whose
    ``__init__`` only sets them (no ``__post_init__``, every field an argument, no slots)."""
    return (
        dataclasses.is_dataclass(cls)
        and not hasattr(cls, "__post_init__")
        and not hasattr(cls, "__slots__")
        and all(f.init for f in dataclasses.fields(cls))
    )


@functools.cache
def _revived_fields(cls: Any) -> tuple[tuple[str, Reviver], ...]:
    """The fields whose JSON values are rebuilt (:func:`_field_revivers`), with how."""
    return tuple((name, revive) for name, revive in _field_revivers(cls) if revive is not None)


@functools.cache
def _reviver(hint: Any) -> Reviver | None:
    import types
    import typing

    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        inner = _reviver(args[0]) if args else None
        if inner is None:
            return None
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        element = _reviver(typing.get_args(hint)[0])
        if element is None:
            return tuple
        return lambda value: tuple(None if v is None else element(v) for v in value)
    if hint is dt.date:
        return dt.date.fromisoformat
    if dataclasses.is_dataclass(hint):
        return functools.partial(from_dict, hint)
    return None
