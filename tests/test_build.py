"""Builds: bad inputs are named and recorded while the rest is built; rebuilding is idempotent,
incremental and independent of input order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.core import Storyline
from storyline.pipeline import ARTICLE_STAGES, ArticleStage, BuildOptions, check_chain
from storyline.store import open_store

from .conftest import COLLECTED_ON, SEEDS, seed_path

OPTIONS = BuildOptions(collected_on=COLLECTED_ON, workers=1)

BAD_INPUTS = {
    "empty.txt": (b"", "empty input"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    "undecodable.txt": (bytes([0x80, 0x81, 0x9D, 0x8F]) * 200 + b"\x00\xff" * 50, ""),
    "malformed.html": (b"<html><head><title>x</ti<body><<<>>></div></span>", ""),
    "notes.xyz": (b"some text in a file type we do not read", "unsupported file type"),
}


@pytest.fixture()
def messy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pile"
    folder.mkdir()
    shutil.copy(seed_path("000"), folder / "good-000.txt")
    shutil.copy(seed_path("004"), folder / "good-004.txt")
    for name, (data, _reason) in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    return folder


def test_bad_inputs_are_named_recorded_and_the_rest_is_built(
    messy_folder: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    report = Storyline(db).build([str(messy_folder)], OPTIONS)
    failed = {Path(f.source).name: f for f in report.failures}
    assert set(failed) == set(BAD_INPUTS)
    for name, (_data, reason) in BAD_INPUTS.items():
        assert reason.lower() in failed[name].reason.lower(), failed[name].reason
        assert failed[name].reason.strip()
    with open_store(db, readonly=True) as store:
        assert len(store.article_ids()) == 2
        recorded = {Path(f.source).name for f in store.failures()}
        assert recorded == set(BAD_INPUTS)
        assert store.stories()


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_each_bad_input_alone_gives_exit_code_1_and_a_summary_line(
    name: str, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    data, reason = BAD_INPUTS[name]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    shutil.copy(seed_path("000"), folder / "good.txt")
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(folder),
            "--db",
            str(tmp_path / "s.db"),
            "--workers",
            "1",
            "--collected-on",
            "2026-11-23",
        ],
    )
    assert result.exit_code == 1, result.output
    assert f"FAILED {folder / name}" in result.output
    assert reason.lower() in result.output.lower()
    assert "1 articles" in result.output


def test_rebuilding_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = Storyline(db)
    first = app.build([str(SEEDS)], OPTIONS)
    before = app.export("json")
    second = app.build([str(SEEDS)], OPTIONS)
    assert first.added == 5
    assert (second.added, second.updated, second.unchanged) == (0, 0, 5)
    assert not second.corpus_rebuilt
    assert app.export("json") == before


def test_the_same_article_under_two_names_is_one_article(tmp_path: Path) -> None:
    folder = tmp_path / "twice"
    folder.mkdir()
    shutil.copy(seed_path("003"), folder / "a.txt")
    shutil.copy(seed_path("003"), folder / "b.txt")
    db = tmp_path / "s.db"
    Storyline(db).build([str(folder)], OPTIONS)
    with open_store(db, readonly=True) as store:
        assert len(store.article_ids()) == 1


def test_only_new_or_changed_inputs_are_processed(tmp_path: Path) -> None:
    folder = tmp_path / "grow"
    folder.mkdir()
    shutil.copy(seed_path("000"), folder / "a.txt")
    db = tmp_path / "s.db"
    app = Storyline(db)
    app.build([str(folder)], OPTIONS)
    shutil.copy(seed_path("004"), folder / "b.txt")
    report = app.build([str(folder)], OPTIONS)
    assert (report.added, report.unchanged) == (1, 1)
    (folder / "a.txt").write_text(seed_path("003").read_text(encoding="utf-8"), encoding="utf-8")
    report = app.build([str(folder)], OPTIONS)
    assert (report.updated, report.unchanged) == (1, 1)
    with open_store(db, readonly=True) as store:
        titles = sorted(a.title for a in store.articles())
    assert len(titles) == 2
    assert any("three-way summit" in t for t in titles)


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(sorted(p.name for p in SEEDS.glob("*.txt"))))
def test_ingest_is_idempotent_and_order_independent(
    order: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Whatever order the files come in, and however often, the story is the same."""
    base = tmp_path_factory.mktemp("order")
    reference_db = base / "reference.db"
    Storyline(reference_db).build([str(SEEDS)], OPTIONS)
    reference = _comparable(Storyline(reference_db).export("json"))
    db = base / "permuted.db"
    app = Storyline(db)
    paths = [str(SEEDS / name) for name in order]
    app.build(paths, OPTIONS)
    app.build(paths[:2], OPTIONS)  # again, in part: nothing changes
    assert _comparable(app.export("json")) == reference


def _comparable(export_json: str) -> dict[str, object]:
    data = json.loads(export_json)
    for article in data["articles"]:
        article["source"] = Path(article["source"]).name
    for failure in data["failures"]:
        failure["source"] = Path(failure["source"]).name
    return data


def test_a_chain_with_an_unmet_need_is_refused() -> None:
    broken = (ArticleStage("quotes", "1", ("mentions",), ("quotes",), lambda s: {}),)
    with pytest.raises(Exception, match="needs mentions"):
        check_chain(broken, ("raw",))
    check_chain(ARTICLE_STAGES, ("raw", "options"))


def test_a_stage_that_crashes_on_one_article_is_recorded_and_the_rest_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.analyse.figures as figures

    real = figures.find_figures

    def flaky(article_id, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "Panama" in text:
            raise ValueError("figure parser tripped")
        return real(article_id, text, *args, **kwargs)

    monkeypatch.setattr(figures, "find_figures", flaky)
    db = tmp_path / "s.db"
    report = Storyline(db).build([str(SEEDS)], OPTIONS)
    failed = [f for f in report.failures if f.stage == "figures"]
    assert failed and all("figure parser tripped" in f.reason for f in failed)
    with open_store(db, readonly=True) as store:
        assert len(store.article_ids()) == 5
        assert len(store.failures()) == len(failed)
    monkeypatch.setattr(figures, "find_figures", real)
    again = Storyline(db).build([str(SEEDS)], OPTIONS)
    assert again.failures == []
    assert again.updated == len(failed)
