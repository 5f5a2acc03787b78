"""The SemEval-2022 Task 8 evaluation of the same-story score (real encoder, no mocks)."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest

from storyline.errors import DataNotFound
from storyline.evals.similarity import Pair, folds, read_pairs, run

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "similarity"
SEMEVAL = SHARED / "semeval2022_task8_sample_train.csv"

# Four short news paragraphs, each with a translation written for this test.
STORIES = {
    "valencia": (
        "en",
        "Floods in Valencia kill 95\nAt least 95 people have died after torrential rain hit "
        "eastern Spain on Tuesday. Rescue teams searched flooded garages and cars in the town "
        "of Paiporta, and Prime Minister Pedro Sánchez declared three days of mourning.",
        "es",
        "Las inundaciones en Valencia dejan 95 muertos\nAl menos 95 personas han muerto después "
        "de que lluvias torrenciales azotaran el este de España el martes. Los equipos de "
        "rescate buscaron en garajes y coches inundados de Paiporta, y el presidente Pedro "
        "Sánchez decretó tres días de luto.",
    ),
    "ecb": (
        "en",
        "ECB raises interest rates again\nThe European Central Bank raised its key interest "
        "rate by a quarter point to 4.5 percent on Thursday. President Christine Lagarde said "
        "inflation in the euro area was still too high and would stay so for too long.",
        "de",
        "EZB erhöht erneut die Zinsen\nDie Europäische Zentralbank hat ihren Leitzins am "
        "Donnerstag um einen Viertelpunkt auf 4,5 Prozent angehoben. Präsidentin Christine "
        "Lagarde sagte, die Inflation im Euroraum sei noch immer zu hoch und bleibe zu lange so.",
    ),
    "quake": (
        "en",
        "Earthquake in Morocco kills more than 2,000\nA magnitude 6.8 earthquake struck central "
        "Morocco late on Friday, killing more than 2,000 people in villages of the High Atlas "
        "mountains south of Marrakech, the interior ministry said.",
        "fr",
        "Un séisme au Maroc fait plus de 2 000 morts\nUn séisme de magnitude 6,8 a frappé le "
        "centre du Maroc vendredi soir, tuant plus de 2 000 personnes dans des villages du Haut "
        "Atlas au sud de Marrakech, a indiqué le ministère de l'Intérieur.",
    ),
    "laptops": (
        "en",
        "Apple unveils faster laptops\nApple unveiled a new line of laptops on Monday with "
        "faster chips and longer battery life. The machines will be in stores from next week at "
        "prices starting at 1,599 dollars, the company said in Cupertino.",
        "es",
        "Apple presenta portátiles más rápidos\nApple presentó el lunes una nueva línea de "
        "portátiles con chips más rápidos y más autonomía. Los equipos llegarán a las tiendas la "
        "próxima semana con precios desde 1.599 dólares, dijo la empresa en Cupertino.",
    ),
}
FIELDS = ["pair_id", "lang1", "lang2", "text1", "text2", "Overall"]


def _tiny_rows() -> list[dict[str, str]]:
    rows = []
    names = list(STORIES)
    for n, name in enumerate(names):  # each story with its translation: the same story
        lang1, text1, lang2, text2 = STORIES[name]
        rows.append(
            {
                "pair_id": f"{100 + n}_{200 + n}",
                "lang1": lang1,
                "lang2": lang2,
                "text1": text1,
                "text2": text2,
                "Overall": "1.0",
            }
        )
    for n, name in enumerate(names):  # each story with another's translation: unrelated
        other = names[(n + 1) % len(names)]
        lang1, text1, _, _ = STORIES[name]
        _, _, lang2, text2 = STORIES[other]
        rows.append(
            {
                "pair_id": f"{300 + n}_{400 + n}",
                "lang1": lang1,
                "lang2": lang2,
                "text1": text1,
                "text2": text2,
                "Overall": "4.0",
            }
        )
    rows.append({**rows[0], "pair_id": "500_600", "text2": "  "})  # broken: empty text
    rows.append({**rows[1], "pair_id": "501_601", "Overall": "n/a"})  # broken: no rating
    return rows


def _write(path: Path, rows: list[dict[str, str]], fields: list[str] = FIELDS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_tiny_file_scores_as_expected(tmp_path: Path) -> None:
    data = _write(tmp_path / "tiny.csv", _tiny_rows())
    out = tmp_path / "out"
    metrics = run(data, out)
    assert metrics["pairs"] == 8
    assert metrics["skipped"] == 2
    assert metrics["pairs_cross_language"] == 8
    assert metrics["pairs_original"] == 8
    assert set(metrics["per_language_pair"]) == {"en-es", "en-de", "en-fr"}
    assert metrics["per_language_pair"]["en-es"]["pairs"] == 4
    assert "cross-fitted" in metrics["protocol"]
    assert metrics["correlation"] == "pearson(score, 5 - Overall)"
    # The shipped model never saw these texts: translations score high, the rest low.
    assert metrics["pearson_shipped_model"] >= 0.9
    # Cross-fitted: each half is scored by a model fitted on the other half (4 pairs).
    assert metrics["pearson"] >= 0.8
    json.dumps(metrics, allow_nan=False)

    with (out / "predictions.csv").open(encoding="utf-8") as handle:
        predictions = list(csv.DictReader(handle))
    assert [row["pair_id"] for row in predictions] == [r["pair_id"] for r in _tiny_rows()[:8]]
    assert set(predictions[0]) == {"pair_id", "score", "Overall"}
    same = [float(r["score"]) for r in predictions if r["Overall"] == "1"]
    different = [float(r["score"]) for r in predictions if r["Overall"] == "4"]
    assert all(0.0 <= s <= 1.0 for s in same + different)
    assert min(same) > max(different)
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert len(model["weights"]) == 10 and all(w >= 0 for w in model["weights"])


def test_title_columns_are_used_when_present(tmp_path: Path) -> None:
    rows = []
    for row in _tiny_rows()[:8]:
        title1, text1 = row["text1"].split("\n", 1)
        title2, text2 = row["text2"].split("\n", 1)
        rows.append({**row, "title1": title1, "text1": text1, "title2": title2, "text2": text2})
    data = _write(tmp_path / "titled.csv", rows, [*FIELDS, "title1", "title2"])
    pairs, skipped = read_pairs(data)
    assert skipped == 0
    assert pairs[0].title1 == "Floods in Valencia kill 95"
    assert pairs[0].text1.startswith("At least 95 people")
    metrics = run(data)
    assert metrics["pearson_shipped_model"] >= 0.9


def test_without_titles_the_first_sentence_is_the_title(tmp_path: Path) -> None:
    pairs, _ = read_pairs(_write(tmp_path / "tiny.csv", _tiny_rows()))
    assert pairs[1].title1 == "ECB raises interest rates again"
    assert pairs[1].title2 == "EZB erhöht erneut die Zinsen"
    assert pairs[1].text2.startswith("Die Europäische Zentralbank")


def test_folds_keep_pairs_that_share_an_article_together() -> None:
    def pair(pair_id: str) -> Pair:
        return Pair(pair_id, "en", "en", "", "text", "", "text", 1.0)

    pairs = [
        pair("1_2"),
        pair("1it_2it"),  # a machine-translated augmentation of 1_2
        pair("2_3"),  # linked to 1_2 through article 2
        pair("7_8"),
        pair("9_10"),
    ]
    assigned = folds(pairs)
    assert assigned[0] == assigned[1] == assigned[2]
    assert pairs[1].augmented and not pairs[0].augmented


def test_missing_file_and_missing_columns_raise_data_not_found(tmp_path: Path) -> None:
    with pytest.raises(DataNotFound, match="no SemEval-2022 Task 8 CSV"):
        run(tmp_path / "absent.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\n1,hello\n", encoding="utf-8")
    with pytest.raises(DataNotFound, match="Overall"):
        run(bad)


@pytest.mark.slow
@pytest.mark.skipif(
    not SEMEVAL.is_file(), reason=f"SemEval-2022 Task 8 sample not found at {SEMEVAL}"
)
def test_real_semeval_sample_subset() -> None:
    # The full file (1,283 pairs) takes 60-70 s to sketch on 2 cores; this test scores a fixed
    # subset, the first 500 usable rows (~25 s on the machine it was written on). Measured on this
    # subset, cross-fitted within it: pearson 0.768, cross-language 0.814 (136 pairs). On the
    # full file: 0.758 / 0.774 (`storyline eval similarity --data ...`).
    started = time.perf_counter()
    metrics = run(SEMEVAL, limit=500)
    assert metrics["pairs"] == 500
    assert metrics["skipped"] == 0
    assert metrics["protocol"].startswith("2-fold cross-fitted")
    assert metrics["pearson"] >= 0.74
    assert metrics["pearson_cross_language"] >= 0.78
    # A guard against order-of-magnitude regressions, not a benchmark: this subset took about
    # 25 s on the 2026-11-23 machine and 87-96 s on the 2026-12-02 one (the same code: commit
    # 4dda4c9 measured beside HEAD; embedding is 80% of it), so the bound leaves room for both.
    assert time.perf_counter() - started < 180
