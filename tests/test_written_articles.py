"""The corpus stages take what the build wrote of each article as it wrote it, and read from
the store only the articles it did not write: the same corpus as reading every article back
(regression: reading it back decoded every extraction again, 2.5 s of Timeline17's build)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline import build
from storyline.core import Storyline
from storyline.link.corpus import Corpus
from storyline.link.written import WrittenArticles
from storyline.pipeline import BuildOptions
from storyline.store import Store
from storyline.store.base import Store as BaseStore

from .conftest import COLLECTED_ON, copy_of_seeds

_FIELDS = (
    "articles",
    "sentences",
    "mentions",
    "time_mentions",
    "quotes",
    "figures",
    "unanchored_time_mentions",
)


def _as_read(corpus: Corpus) -> dict[str, str]:
    """Every field the stages read, spelled out (``repr`` tells a tuple from a list)."""
    return {name: repr(getattr(corpus, name)) for name in _FIELDS}


def test_the_corpus_handed_over_is_the_corpus_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_of_seeds(tmp_path / "in")
    compared: list[tuple[int, int, int]] = []
    real_run_corpus = build._run_corpus
    # The extractions read from the store while the handed-over corpus is made.
    read_kinds: list[str] = []
    counting = False
    real_extractions = BaseStore.extractions_of

    def counted(self: BaseStore, kind: str, cls: type[Any], ids: list[str]) -> list[Any]:
        if counting:
            read_kinds.append(kind)
        return real_extractions(self, kind, cls, ids)

    def run_corpus(store: Store, options: Any, progress: Any, written: WrittenArticles) -> None:
        nonlocal counting
        read_kinds.clear()
        counting = True
        handed = Corpus.load(store, written=written)
        counting = False
        assert _as_read(handed) == _as_read(Corpus.load(store))
        compared.append((len(handed.articles), len(written), len(read_kinds)))
        real_run_corpus(store, options, progress, written)

    monkeypatch.setattr(BaseStore, "extractions_of", counted)
    monkeypatch.setattr(build, "_run_corpus", run_corpus)
    options = BuildOptions(collected_on=COLLECTED_ON, workers=1)
    seeds = len(list(folder.glob("*.txt")))
    assert Storyline(tmp_path / "s.db").build([str(folder)], options).corpus_rebuilt
    # Everything was written by this build: nothing read back.
    assert compared == [(seeds, seeds, 0)]
    # Again with one article changed (its old version removed from the store), one added and
    # one that fails: the others are read from the store, the two written are handed over.
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nA line added later.\n")
    (folder / "added.txt").write_text(
        "Mexico and the United States met on 3 May 2024 in Mexico City to talk about "
        "migration, officials said.\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    report = Storyline(tmp_path / "s.db").build([str(folder)], options)
    assert report.corpus_rebuilt and report.updated == 1 and report.added == 1
    assert compared[1][:2] == (seeds + 1, 2)
    assert compared[1][2] > 0
