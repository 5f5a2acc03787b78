"""The encodings evaluation: real texts written in their languages' encodings, read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from storyline.errors import DataNotFound
from storyline.evals.encodings import ENCODINGS, run

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "similarity"
SEMEVAL = SHARED / "semeval2022_task8_sample_train.csv"

# Two pairs of short news paragraphs written for this test, headline first.
ROWS = [
    (
        "ru",
        "Президент России заявил о новых мерах\nПрезидент России заявил во вторник, что "
        "переговоры с соседями продолжатся на следующей неделе в Москве. Министр иностранных "
        "дел встретился с послами, чтобы обсудить вопросы миграции.",
        "zh",
        "美国国务卿在墨西哥城举行会谈\n美国国务卿周二在墨西哥城与外交部长举行会谈，讨论移民问题。"
        "双方同意加强边境合作，并就难民安置达成初步协议。",
    ),
    (
        "de",
        "EZB erhöht erneut die Zinsen\nDie Europäische Zentralbank hat ihren Leitzins am "
        "Donnerstag um einen Viertelpunkt auf 4,5 Prozent angehoben. Präsidentin Christine "
        "Lagarde sagte, die Inflation sei noch immer zu hoch.",
        "pl",
        "Prezydent o rozmowach w przyszłym tygodniu\nPrezydent powiedział w poniedziałek, że "
        "rozmowy zostaną wznowione w przyszłym tygodniu w Genewie. Żadne szczegóły nie zostały "
        "jeszcze ujawnione, dodał rzecznik.",
    ),
]


def _write(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pair_id", "lang1", "lang2", "text1", "text2", "Overall"])
        for number, (lang1, text1, lang2, text2) in enumerate(ROWS):
            writer.writerow([f"{number}1_{number}2", lang1, lang2, text1, text2, "4.0"])
    return path


def test_every_text_is_read_back_from_every_encoding_of_its_language(tmp_path: Path) -> None:
    metrics = run(_write(tmp_path / "pairs.csv"), tmp_path / "out")
    # Each article: its headline, first sentence and first 1,000 characters, in every
    # encoding of its language that can write it (Big5 has no simplified characters).
    assert metrics["articles"] == 4
    writable = sum(len(ENCODINGS[language]) for language in ("ru", "zh", "de", "pl")) - 1
    assert metrics["cases"] == 3 * writable
    assert metrics["accuracy"] == 1.0
    assert metrics["accuracy_ru_sentence"] == 1.0
    assert metrics["accuracy_zh_headline"] == 1.0
    assert (tmp_path / "out" / "wrong.jsonl").read_text(encoding="utf-8") == ""


def test_a_wrong_reading_is_written_out_with_what_was_read(tmp_path: Path) -> None:
    # A text that opens with a byte order mark loses it when read (a mark is no text), so its
    # UTF-16 is read back without it: written out as wrong, with what was read.
    path = tmp_path / "pairs.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pair_id", "lang1", "lang2", "text1", "text2", "Overall"])
        text = "\ufeffShares open higher\nIndian shares are expected to open higher on Monday."
        other = "Markets rise in Asia\nMarkets in Asia rose again on Friday."
        writer.writerow(["1_2", "en", "en", text, other, "4"])
    metrics = run(path, tmp_path / "out")
    # Headlines: the first's in UTF-16 (Windows-1252 has no byte order mark), the other's in
    # both; only the first is wrong.
    assert metrics["accuracy_en_headline"] == round(2 / 3, 4)
    wrong = [json.loads(line) for line in (tmp_path / "out" / "wrong.jsonl").open()]
    assert {(w["size"], w["encoding"]) for w in wrong} == {("headline", "utf_16_le")}
    assert wrong[0]["text"].startswith("\ufeffShares open higher")
    assert wrong[0]["read"] == wrong[0]["text"].removeprefix("\ufeff")
    assert wrong[0]["as"] == "utf-16-le"


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataNotFound, match="no SemEval-2022 Task 8 CSV"):
        run(tmp_path / "absent.csv")


def test_on_the_shared_sample() -> None:
    if not SEMEVAL.is_file():
        pytest.skip(f"benchmark data absent: {SEMEVAL} (see ../shared/data/README.md)")
    metrics = run(SEMEVAL)
    # Measured 2026-12-08 (docs/quality.md): 0.9863 over 17,872 cases.
    assert metrics["cases"] > 10_000
    assert metrics["accuracy"] >= 0.98
    assert metrics["accuracy_zh_sentence"] >= 0.98
    assert metrics["accuracy_ru_sentence"] >= 0.97
