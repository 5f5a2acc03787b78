"""`storyline eval tls` end to end on a tiny corpus in the Timeline17 layout (written here, not
taken from the benchmark): the protocol's shape, the tilse text layout under --out, and the
cache of the analysed corpus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import cli
from storyline.evals.t17 import _parse_timeline

ARTICLES = {
    "2011-03-04": [
        "Rescue teams searched collapsed buildings on Friday after a strong earthquake struck "
        "the coastal city of Port Lena on March 3 , 2011 , killing at least 40 people .\n\n"
        "The earthquake struck on March 3 , 2011 , at dawn , officials said .\n\n"
        "The government said on Friday it would send soldiers to help .",
        "A magnitude 7.1 earthquake hit Port Lena on March 3 , 2011 , and destroyed the harbour "
        ", the national seismology office said .\n\n"
        "Hospitals in Port Lena were overwhelmed on March 3 , 2011 , doctors said .",
    ],
    "2011-03-10": [
        "Port Lena began rebuilding its harbour on March 9 , 2011 , six days after the earthquake "
        ".\n\nThe prime minister visited the city on March 9 , 2011 , and promised aid .",
    ],
}
GOLD = (
    "2011-03-03\nA strong earthquake strikes Port Lena , killing at least 40 people .\n"
    "--------------------------------\n"
    "2011-03-09\nThe prime minister visits Port Lena and promises aid .\n"
    "--------------------------------\n"
)


def _corpus(root: Path) -> Path:
    folder = root / "quake_wire"
    for day, texts in ARTICLES.items():
        for n, text in enumerate(texts):
            path = folder / "InputDocs" / day / f"{n}.htm.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    (folder / "timelines").mkdir()
    (folder / "timelines" / "wire.txt").write_text(GOLD)
    return root


def test_eval_tls_writes_tilse_timelines_and_scores(tmp_path: Path) -> None:
    data = _corpus(tmp_path / "t17")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["eval", "tls", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    assert metrics["timelines"] == 1
    assert set(metrics) >= {"ar1_f1", "ar2_f1", "date_f1", "timelines", "news_tls_average"}
    assert set(metrics["news_tls_average"]) == {"ar1_f1", "ar2_f1", "date_f1"}
    (row,) = metrics["per_timeline"]
    assert row["timeline"] == "quake_wire/wire" and row["gold_dates"] == 2
    # The quake is told on its own day, not on the day the articles came out.
    predicted = dict(_parse_timeline(out / "quake_wire" / "wire.txt"))
    assert dt.date(2011, 3, 3) in predicted
    assert len(predicted) <= 2
    assert all(dt.date(2011, 3, 3) <= day <= dt.date(2011, 3, 9) for day in predicted)
    assert metrics["date_f1"] >= 0.5 and metrics["ar1_f1"] > 0.0
    # Sentences come out tokenised like the gold.
    assert any(" , " in line for lines in predicted.values() for line in lines)
    assert json.loads((out / "scores.json").read_text())["ar1_f1"] == metrics["ar1_f1"]
    assert len(list((out / "cache").glob("corpus-*.pickle"))) == 1


def test_eval_tls_without_data_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "tls", "--data", str(tmp_path / "absent")])
    assert result.exit_code != 0
    assert "Timeline17" in result.output
