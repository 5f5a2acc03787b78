"""``to_dict`` reads a model's field names from a per-class table: the same plain data as
walking ``dataclasses.fields`` of every value, for every kind of object a build writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from storyline.models import (
    Article,
    Figure,
    Mention,
    Quote,
    TimeMention,
    to_dict,
)

from .conftest import stored_objects


def plain_to_dict(obj: Any) -> Any:
    """The walk ``to_dict`` replaced: every value asked whether it is a dataclass."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain_to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [plain_to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: plain_to_dict(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def test_every_object_of_the_seed_build_as_the_plain_walk(seed_db: Path) -> None:
    objects = stored_objects(seed_db)
    kinds = {type(o) for o in objects}
    assert {Article, Mention, TimeMention, Quote, Figure} <= kinds
    assert len(objects) > 300
    for obj in objects:
        assert to_dict(obj) == plain_to_dict(obj)


def test_classes_and_plain_values_are_not_walked_as_models() -> None:
    # A dataclass *class* is a value like any other, not a model object to take apart.
    assert to_dict(Mention) is Mention
    assert to_dict([dt.date(2020, 1, 2), (1, "a")]) == ["2020-01-02", [1, "a"]]
    assert to_dict({"k": dt.date(2020, 1, 2)}) == {"k": "2020-01-02"}


def careful_from_dict(cls: Any, data: Any) -> Any:
    """Every field rebuilt by its type, one by one: what ``from_dict`` did before it passed
    the plain fields as they are."""
    import typing

    if data is None:
        return None
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for field in dataclasses.fields(cls):
        if field.name in data:
            kwargs[field.name] = _careful(hints[field.name], data[field.name])
    return cls(**kwargs)


def _careful(hint: Any, value: Any) -> Any:
    import types
    import typing

    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _careful(next(a for a in typing.get_args(hint) if a is not type(None)), value)
    if origin is tuple:
        return tuple(_careful(typing.get_args(hint)[0], v) for v in value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return careful_from_dict(hint, value)
    return value


def test_every_object_the_seed_build_stored_is_rebuilt_as_field_by_field(seed_db: Path) -> None:
    """Each stored JSON text of the seed build, read back: the object rebuilding field by
    field gives, written again as the text it was read from."""
    import sqlite3

    import orjson

    from storyline.models import (
        Discrepancy,
        Entity,
        Event,
        Happening,
        Story,
        TimelineEntry,
        from_dict,
    )
    from storyline.store.base import dump

    queries = [
        (model, "SELECT data FROM extractions WHERE kind = ?", (kind,))
        for kind, model in (
            ("mentions", Mention),
            ("time_mentions", TimeMention),
            ("quotes", Quote),
            ("figures", Figure),
        )
    ]
    for model, table in (
        (Entity, "entities"),
        (Happening, "happenings"),
        (Event, "events"),
        (Story, "stories"),
        (TimelineEntry, "timeline_entries"),
        (Discrepancy, "discrepancies"),
    ):
        queries.append((model, f"SELECT data FROM {table}", ()))
    with sqlite3.connect(seed_db) as connection:
        for model, query, arguments in queries:
            texts = [row[0] for row in connection.execute(query, arguments)]
            assert texts, query
            for text in texts:
                data = orjson.loads(text)
                rebuilt = from_dict(model, data)
                assert rebuilt == careful_from_dict(model, data)
                assert dump(rebuilt) == text


def test_models_that_check_their_values_still_check_them_when_rebuilt() -> None:
    import pytest

    from storyline.models import DateInterval, Span, from_dict

    with pytest.raises(ValueError, match="ends before it starts"):
        from_dict(DateInterval, {"start": "2022-06-02", "end": "2022-06-01"})
    with pytest.raises(ValueError, match="invalid span"):
        from_dict(Span, {"start": 5, "end": 2})


def test_a_key_of_another_version_is_left_out_and_a_missing_one_takes_its_default() -> None:
    from storyline.models import DateInterval, from_dict

    mention = Mention("a", 0, 5, "Biden", "PERSON", 0, "President")
    data = {**to_dict(mention), "confidence": 0.9}  # a field this version does not have
    assert from_dict(Mention, data) == mention
    del data["role"]
    assert from_dict(Mention, data) == dataclasses.replace(mention, role="")
    timed = to_dict(
        TimeMention(
            "a",
            0,
            4,
            "June",
            "DATE",
            "2022-06",
            0,
            DateInterval(dt.date(2022, 6, 1), dt.date(2022, 6, 30), "month"),
        )
    )
    rebuilt = from_dict(TimeMention, {**timed, "extra": [1]})
    assert rebuilt.interval == DateInterval(dt.date(2022, 6, 1), dt.date(2022, 6, 30), "month")
    assert from_dict(TimeMention, {**timed, "interval": None}).interval is None
