"""The store's JSON columns: ``dump`` writes with orjson the JSON that ``to_dict`` and
``json.dumps`` wrote, ``load`` still reads what ``json`` alone could write, and a new SQLite
store has pages that hold several kept vectors."""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from storyline.models import Figure, Quote, to_dict
from storyline.store import open_store
from storyline.store.base import dump, load
from storyline.store.sqlite import PAGE_SIZE

from .conftest import stored_objects


def as_json_wrote_it(obj: Any) -> Any:
    """What the store held before orjson: ``to_dict`` through ``json``, read back."""
    return json.loads(json.dumps(to_dict(obj), ensure_ascii=False, sort_keys=True))


def test_every_object_of_the_seed_build_is_the_json_of_to_dict(seed_db: Path) -> None:
    objects = stored_objects(seed_db)
    assert len({type(o) for o in objects}) >= 12
    for obj in objects:
        assert json.loads(dump(obj)) == as_json_wrote_it(obj)
        assert load(type(obj), dump(obj)) == obj


@dataclass(frozen=True)
class _Inner:
    when: dt.date
    pair: tuple[int, str]


@dataclass(frozen=True)
class _Outer:
    name: str
    score: float
    inner: tuple[_Inner, ...] = ()
    by_key: dict[Any, Any] = field(default_factory=dict)


_texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_finite = st.floats(allow_nan=False, allow_infinity=False)
_inner = st.builds(_Inner, st.dates(), st.tuples(st.integers(-(2**63), 2**63 - 1), _texts))

_values = st.recursive(
    st.one_of(_texts, _finite, st.integers(-(2**63), 2**63 - 1), st.booleans(), st.none()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_texts, inner, max_size=3),
    max_leaves=8,
)
# A dict's keys are all text or all numbers (``json`` could not sort a mix).
_by_key = st.dictionaries(_texts, _values, max_size=4) | st.dictionaries(
    st.integers(-1000, 1000), _values, max_size=4
)


@given(
    st.builds(
        _Outer,
        _texts,
        _finite,
        st.lists(_inner, max_size=3).map(tuple),
        _by_key,
    )
)
def test_dump_writes_what_json_wrote(obj: _Outer) -> None:
    # Dates, tuples, nested dataclasses, keys that are numbers, text beyond ASCII.
    assert json.loads(dump(obj)) == as_json_wrote_it(obj)


def test_numpy_numbers_are_written_as_numbers() -> None:
    obj = _Outer("n", np.float64(0.25), by_key={"k": np.int64(3), "v": np.float32(0.5)})
    assert json.loads(dump(obj)) == {
        "name": "n",
        "score": 0.25,
        "inner": [],
        "by_key": {"k": 3, "v": 0.5},
    }


def test_rows_json_wrote_before_orjson_are_still_read() -> None:
    # ``json`` wrote NaN where a figure's value was not a number; orjson reads no NaN.
    figure = Figure("a1", 0, 3, "n/a", float("nan"))
    text = json.dumps(to_dict(figure), ensure_ascii=False, sort_keys=True)
    assert "NaN" in text
    back = load(Figure, text)
    assert math.isnan(back.value) and back.text == "n/a"
    # And the spaced, key-sorted text ``json`` wrote reads as the object it came from.
    quote = Quote("a1", 4, 9, "hello", "direct", speaker="Ana")
    assert load(Quote, json.dumps(to_dict(quote), sort_keys=True)) == quote


def test_a_new_store_has_pages_that_hold_several_vectors(tmp_path: Path) -> None:
    with open_store(tmp_path / "new.db") as store:
        store.put_text_vectors([("h1", np.zeros(512, np.float32).tobytes())])
    connection = sqlite3.connect(tmp_path / "new.db")
    assert connection.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    assert PAGE_SIZE // (512 * 4 + 100) >= 3
    connection.close()


def test_a_store_made_with_smaller_pages_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA page_size = 4096")
    connection.execute("CREATE TABLE before_us (x)")
    connection.close()
    with open_store(path) as store:
        store.put_text_vectors([("h1", np.ones(512, np.float32).tobytes())])
    with open_store(path, readonly=True) as store:
        assert set(store.text_vectors(["h1"])) == {"h1"}
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA page_size").fetchone()[0] == 4096
    connection.close()


def test_a_writing_connection_holds_a_large_page_cache_and_a_reader_the_default(
    tmp_path: Path,
) -> None:
    """A build's (and a linker's) connection keeps ``WRITER_PAGE_CACHE_KIB`` of pages: with
    SQLite's default of 2 MiB an incremental link walked a large store's B-trees again through
    the operating system for every lookup. A reader (the web app opens one per request) keeps
    SQLite's default."""
    from storyline.store.sqlite import WRITER_PAGE_CACHE_KIB

    path = tmp_path / "cache.db"
    with open_store(path) as store:
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == -WRITER_PAGE_CACHE_KIB
    default = sqlite3.connect(":memory:").execute("PRAGMA cache_size").fetchone()[0]
    with open_store(path, readonly=True) as reader:
        assert reader.db.execute("PRAGMA cache_size").fetchone()[0] == default
