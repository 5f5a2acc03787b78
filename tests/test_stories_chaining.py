"""Stories join on what the stories share, not on one bridging pair of events: a link joins
two stories only when their centroids are close (regression: single links chained all five
Timeline17 topics into one story of 2,483 articles)."""

from __future__ import annotations

import numpy as np

from storyline.link.corpus import Corpus
from storyline.link.stories import find_stories
from storyline.models import Entity, Event


def _unit(*xs: float) -> np.ndarray:
    v = np.array([*xs, *[0.0] * (8 - len(xs))], dtype=np.float32)
    return v / np.linalg.norm(v)


def _corpus(vectors: dict[str, np.ndarray]) -> Corpus:
    corpus = Corpus({}, {}, {}, {}, {}, {})
    corpus._article_vectors.update(vectors)
    return corpus


def _stories(vectors: dict[str, np.ndarray], names: dict[str, tuple[str, ...]]) -> list[set[str]]:
    """Stories of one-article events; ``names``: the entities each article names."""
    # Unrelated single articles, so that no entity is in most events (those say nothing).
    fillers = {f"f{i}": _unit(*[0.0] * (3 + i % 5), 1.0) for i in range(8)}
    vectors = {**vectors, **fillers}
    names = {**names, **{f: (f"e-{f}",) for f in fillers}}
    events = [Event(f"ev-{a}", (a,), title=a) for a in vectors]
    mention_entities = {(a, n): e for a, found in names.items() for n, e in enumerate(found)}
    entities = [Entity(e, e, "PERSON") for e in sorted(set(mention_entities.values()))]
    found = find_stories(_corpus(vectors), events, [], entities, mention_entities)
    return [set(s.article_ids) for s in found]


def test_two_topics_bridged_by_one_event_stay_two_stories() -> None:
    topic_a = {f"a{i}": _unit(1.0, 0.05 * i) for i in range(4)}
    topic_b = {f"b{i}": _unit(0.05 * i, 0.0, 1.0) for i in range(4)}
    # Close enough to one event of each topic to be linked with both.
    bridge = {"bridge": _unit(1.0, 0.0, 1.0)}
    names = {a: ("e-a1", "e-a2") for a in topic_a} | {b: ("e-b1", "e-b2") for b in topic_b}
    names["bridge"] = ("e-a1", "e-a2", "e-b1", "e-b2")
    stories = _stories({**topic_a, **bridge, **topic_b}, names)
    assert not any(set(topic_a) <= s and set(topic_b) <= s for s in stories)
    assert any(set(topic_a) <= s for s in stories)
    assert any(set(topic_b) <= s for s in stories)


def test_close_events_still_make_one_story() -> None:
    topic = {f"a{i}": _unit(1.0, 0.1 * i) for i in range(5)}
    assert set(topic) in _stories(topic, {a: ("e-a1", "e-a2") for a in topic})


def test_regression_a_story_of_names_of_no_kind_has_a_title() -> None:
    """A story whose key entities were all of no kind (names in a language without an NER
    model here: MISC) was titled " (2019–2020)": no person, no place, only the years."""
    import datetime as dt

    from storyline.link.stories import _title
    from storyline.models import DateInterval, Entity, Event

    events = [
        Event(f"ev-{i}", (f"a{i}",), f"Titular {i}", DateInterval.day(dt.date(2019 + i, 5, 1)))
        for i in range(2)
    ]
    names = {"e1": Entity("e1", "Hamburger Stadtgebiet", "MISC")}
    assert _title(None, events, ["e1"], names) == "Hamburger Stadtgebiet (2019–2020)"  # type: ignore[arg-type]
    assert _title(None, events, [], {}) == "Titular 0 (2019–2020)"  # type: ignore[arg-type]
