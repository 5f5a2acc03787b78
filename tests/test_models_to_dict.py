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
