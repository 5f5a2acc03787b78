"""Entity resolution makes one name group per name key, not one per mention (it made a group,
three Counters, for every mention and kept the first: most of what resolving cost)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.link import entities
from storyline.link.corpus import Corpus
from storyline.store import open_store


def test_regression_one_group_made_per_name_key(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(seed_db, readonly=True) as store:
        corpus = Corpus.load(store)
    made: list[str] = []
    group_class = entities._Group

    def counted(key: str) -> entities._Group:
        made.append(key)
        return group_class(key)

    monkeypatch.setattr(entities, "_Group", counted)
    found, mention_entities = entities.resolve_entities(corpus)
    keys = {
        entities.name_key(m.text) for mentions in corpus.mentions.values() for m in mentions
    } - {""}
    mentions = sum(len(m) for m in corpus.mentions.values())
    assert mentions > 2 * len(keys)  # names repeat, so one group per mention would show
    assert sorted(made) == sorted(keys)
    # Every named mention has its entity, and every entity is one of those found.
    ids = {e.id for e in found}
    assert len(mention_entities) == sum(
        1 for ms in corpus.mentions.values() for m in ms if entities.name_key(m.text)
    )
    assert set(mention_entities.values()) <= ids
