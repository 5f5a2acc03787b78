"""Time expressions in German, French, Italian and Portuguese (analyse/timex_patterns.py):
only English's and Spanish's were read, so an article in those languages had no dated
happenings and dated nothing by its own words."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.analyse.sentences import split_sentences
from storyline.analyse.timex import find_time_expressions
from storyline.models import DateInterval

#: A Thursday.
PUBLISHED = DateInterval.day(dt.date(2020, 3, 12))


def _read(text: str, language: str) -> list[tuple[str, str]]:
    sentences = split_sentences("a", text)
    found = find_time_expressions("a", text, sentences, PUBLISHED, language)
    return [(m.text, m.value) for m in found]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "de",
            "Am 3. März 2020 traf sich die Regierung. Seit Januar 2019 gilt das Gesetz. "
            "Letzten Montag sprach Merkel, heute nicht.",
            [
                ("3. März 2020", "2020-03-03"),
                ("Januar 2019", "2019-01"),
                ("Letzten Montag", "2020-03-09"),
                ("heute", "2020-03-12"),
            ],
        ),
        (
            "fr",
            "Le 1er mars 2020, le gouvernement a annoncé des mesures. Lundi dernier, Macron a "
            "parlé. Demain, il voyage.",
            [
                ("1er mars 2020", "2020-03-01"),
                ("Lundi dernier", "2020-03-09"),
                ("Demain", "2020-03-13"),
            ],
        ),
        (
            "it",
            "Il 3 marzo 2020 il governo ha deciso. Martedì scorso Conte ha parlato. Oggi no.",
            [
                ("3 marzo 2020", "2020-03-03"),
                ("Martedì scorso", "2020-03-10"),
                ("Oggi", "2020-03-12"),
            ],
        ),
        (
            "pt",
            "Em 3 de março de 2020 o governo decidiu. Em junho de 2021 vai decidir. Na "
            "segunda-feira passada Lula falou. Ontem não.",
            [
                ("3 de março de 2020", "2020-03-03"),
                ("junho de 2021", "2021-06"),
                ("segunda-feira passada", "2020-03-09"),
                ("Ontem", "2020-03-11"),
            ],
        ),
    ],
)
def test_dates_in_four_more_languages(
    language: str, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _read(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "ru",
            "3 марта 2020 года правительство приняло решение. В мае оно решит. В прошлый "
            "понедельник Путин говорил, сегодня нет.",
            [
                ("3 марта 2020", "2020-03-03"),
                ("мае", "2020-05"),
                ("прошлый понедельник", "2020-03-09"),
                ("сегодня", "2020-03-12"),
            ],
        ),
        (
            "pl",
            "3 marca 2020 rząd zdecydował. W maju zdecyduje. W zeszły poniedziałek Duda mówił.",
            [
                ("3 marca 2020", "2020-03-03"),
                ("maju", "2020-05"),
                ("zeszły poniedziałek", "2020-03-09"),
            ],
        ),
        (
            "tr",
            "3 Mart 2020 tarihinde hükümet karar verdi. Mayıs 2021 ayında karar verecek. Dün "
            "konuştu.",
            [("3 Mart 2020", "2020-03-03"), ("Mayıs 2021", "2021-05"), ("Dün", "2020-03-11")],
        ),
    ],
)
def test_dates_in_russian_polish_and_turkish(
    language: str, text: str, expected: list[tuple[str, str]]
) -> None:
    """Russian and Polish write a month in the case its sentence gives it ("3 марта", "в
    мае", "w maju")."""
    assert _read(text, language) == expected


def test_a_month_named_without_its_year_is_placed_by_the_tense() -> None:
    """ "Im Mai will sie entscheiden" (in May she will decide) read in March: this May."""
    assert ("Mai", "2020-05") in _read("Im Mai will sie entscheiden.", "de")


def test_regression_the_planet_is_no_month_in_english() -> None:
    """French writes its months in small letters; "Mars" with a capital is the planet."""
    found = _read("NASA's Mars 2020 rover will land on Mars in February.", "en")
    assert not [text for text, _ in found if "Mars" in text]


def test_regression_german_forms_of_months_english_writes_alike() -> None:
    """ "9. April" and "im August 2020" were missed: English's patterns read "9 April" and
    "in August 2020", and April, August, September and November were not German's."""
    found = _read("Am Donnerstag (9. April) und im August 2020 sprach er.", "de")
    assert ("9. April", "2020-04-09") in found and ("August 2020", "2020-08") in found


def test_dates_written_in_figures_day_first() -> None:
    assert ("08.03.2020", "2020-03-08") in _read("Er starb am Sonntag (08.03.2020).", "de")
    assert ("25/03/2020", "2020-03-25") in _read("Publié le 25/03/2020 par la rédaction.", "fr")
    # English writes the month first: not read day first there.
    assert ("08.03.2020", "2020-03-08") not in _read("He died on 08.03.2020.", "en")


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "zh",
            "2020年3月3日政府作出决定。5月将再次讨论。星期二他发表讲话，昨天没有。1月15日签署了协议。",
            [
                ("2020年3月3日", "2020-03-03"),
                ("5月", "2020-05"),
                ("星期二", "2020-03-10"),
                ("昨天", "2020-03-11"),
                ("1月15日", "2020-01-15"),
            ],
        ),
        (
            "ja",
            "2020年3月3日に政府が決定した。火曜日に首相が話した。昨日は休みだった。",
            [("2020年3月3日", "2020-03-03"), ("火曜日", "2020-03-10"), ("昨日", "2020-03-11")],
        ),
    ],
)
def test_dates_in_chinese_and_japanese(
    language: str, text: str, expected: list[tuple[str, str]]
) -> None:
    """Chinese and Japanese write a date by year, month and day ("2020年3月3日"): read as
    figures before ("3 月" counted as three of something)."""
    assert _read(text, language) == expected
