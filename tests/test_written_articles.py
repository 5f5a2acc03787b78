"""The corpus stages take what the build wrote of each article as it wrote it, and read from
the store only the articles it did not write: the same corpus as reading every article back
(regression: reading it back decoded every extraction again, 2.5 s of Timeline17's build)."""

from __future__ import annotations

import json
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


def test_an_incremental_link_takes_the_new_articles_analysis_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incremental link read the new article's analysis back from the store (eight
    queries, a round trip each on PostgreSQL, and its extractions' JSON decoded) though the
    build had just written it. It takes what the build wrote: the same corpus as reading it
    back, nothing of it read, and the same links."""
    from storyline.link import incremental

    from .conftest import seed_path

    options = BuildOptions(
        collected_on=COLLECTED_ON, workers=1, incremental_from=0, incremental_share=1.0
    )
    folder = tmp_path / "four"
    folder.mkdir()
    for prefix in ("000", "001", "003", "004"):
        (folder / seed_path(prefix).name).write_bytes(seed_path(prefix).read_bytes())
    loads: list[tuple[int, list[str]]] = []
    real_load = Corpus.load.__func__  # type: ignore[attr-defined]
    real_extractions = BaseStore.extractions_of
    read_kinds: list[str] = []

    def counted(self: BaseStore, kind: str, cls: type[Any], ids: list[str], **kw: Any) -> Any:
        read_kinds.append(kind)
        return real_extractions(self, kind, cls, ids, **kw)

    def load(cls: type[Corpus], store: Store, article_ids: Any = None, **kw: Any) -> Corpus:
        if article_ids is None or kw.get("written") is None:
            return real_load(cls, store, article_ids, **kw)
        read_kinds.clear()
        handed = real_load(cls, store, article_ids, **kw)
        loads.append((len(handed.articles), list(read_kinds)))
        assert _as_read(handed) == _as_read(real_load(cls, store, article_ids))
        return handed

    def grown(name: str, hand_over: bool) -> dict[str, Any]:
        db = tmp_path / f"{name}.db"
        Storyline(db).build([str(folder)], options)
        with monkeypatch.context() as patch:
            patch.setattr(BaseStore, "extractions_of", counted)
            patch.setattr(Corpus, "load", classmethod(load))
            if not hand_over:
                real_link = incremental.link_incrementally
                patch.setattr(
                    incremental,
                    "link_incrementally",
                    lambda *args, **kw: real_link(*args[:4]),
                )
            report = Storyline(db).build([str(folder), str(seed_path("002"))], options)
        assert report.linked_incrementally == 1
        return json.loads(Storyline(db).export("json"))

    handed_over = grown("handed", hand_over=True)
    assert loads == [(1, [])]  # the new article, taken as written: no extraction read
    assert grown("read", hand_over=False) == handed_over
    assert len(loads) == 1  # without the hand-over, the link read it back
