"""The same-event / duplicate evaluation: the labelled pairs themselves, and the product's
predictions on the seed story's pairs (which need no shared data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.evals.events import LABELS, _scores, read_labels, run

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_the_labels_are_consistent() -> None:
    pairs = read_labels()
    assert len(pairs) >= 100
    seen = set()
    for pair in pairs:
        assert pair.a != pair.b
        key = tuple(sorted((pair.a, pair.b)))
        assert key not in seen, key
        seen.add(key)
        # A copy or rewrite of a story reports the same happening.
        assert pair.same_event or not pair.duplicate
    assert sum(p.same_event for p in pairs) >= 30
    assert sum(not p.same_event for p in pairs) >= 30
    assert sum(p.duplicate for p in pairs) >= 5
    # Cross-outlet pairs only: the labels measure linking across sources.
    for pair in pairs:
        if pair.a.startswith("timeline17/"):
            assert pair.a.split("/")[1] != pair.b.split("/")[1]


def test_every_labelled_article_is_in_the_shared_data() -> None:
    if not (SHARED / "timeline17").is_dir():
        pytest.skip("../shared/data/timeline17 is absent")
    for pair in read_labels():
        for name in (pair.a, pair.b):
            if name.startswith("timeline17/"):
                assert (SHARED / name).is_file(), name


def test_precision_and_recall_count_the_confusion() -> None:
    rows = [
        {"same_event": True, "predicted_same_event": True},
        {"same_event": True, "predicted_same_event": False},
        {"same_event": False, "predicted_same_event": True},
        {"same_event": False, "predicted_same_event": False},
        {"same_event": False, "predicted_same_event": False},
    ]
    assert _scores(rows, "same_event") == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "tp": 1,
        "fp": 1,
        "fn": 1,
        "tn": 2,
    }


def test_the_seed_story_pairs(tmp_path: Path) -> None:
    """The seed story: one wire story in English and its Spanish translation are the same event
    and one dependency group; the other meetings of the story are neither."""
    labels = tmp_path / "seed_pairs.jsonl"
    rows = [json.loads(line) for line in LABELS.read_text().splitlines() if "seeds/" in line]
    assert len(rows) == 10  # every pair of the five seed articles
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows))
    metrics = run(tmp_path / "no-shared-data-needed", tmp_path / "out", labels)
    assert metrics["pairs"] == 10 and metrics["articles"] == 5
    assert metrics["duplicate"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "tp": 1,
        "fp": 0,
        "fn": 0,
        "tn": 9,
    }
    assert metrics["same_event"]["fp"] == 0 and metrics["same_event"]["tp"] == 1
    written = [json.loads(line) for line in (tmp_path / "out" / "pairs.jsonl").open()]
    assert len(written) == 10
    assert {(r["a"][6:9], r["b"][6:9]) for r in written if r["predicted_duplicate"]} == {
        ("001", "002")
    }


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "events", "--data", str(tmp_path / "absent")])
    assert result.exit_code != 0
    assert "timeline17" in result.output
