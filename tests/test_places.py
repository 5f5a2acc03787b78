"""Places in any language (analyse/places.py): names of countries and cities found as places
in articles no NER model reads, and one place's names in several languages one entity, in a
full link and in an incremental one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse import places
from storyline.analyse.entities import find_mentions
from storyline.analyse.sentences import split_sentences
from storyline.core import Storyline
from storyline.pipeline import BuildOptions
from tests.conftest import COLLECTED_ON


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Germany", "country:DE"),
        ("Alemania", "country:DE"),
        ("Deutschland", "country:DE"),
        ("Estados Unidos", "country:US"),
        ("EE.UU.", "country:US"),
        ("Reino Unido", "country:GB"),
        ("Rusia", "country:RU"),
        ("Südkorea", "country:KR"),
        # A country over its capital, whose alternate names include the country's.
        ("Panamá", "country:PA"),
        ("Mexico", "country:MX"),
        ("Ciudad de México", "city:3530597"),
        ("Mexico City", "city:3530597"),
        ("Ginebra", "city:2660646"),
        ("Genf", "city:2660646"),
        ("Kiew", "city:703448"),
        ("Wien", "city:2761369"),  # CLDR's name of the city of a time zone
        ("Kyiv", "city:703448"),
    ],
)
def test_one_place_in_several_languages(name: str, place: str) -> None:
    assert places.place_of(name) == place


@pytest.mark.parametrize(
    ("name", "nominative"),
    [
        ("Москве", "Москва"),
        ("России", "Россия"),
        ("Киеве", "Киев"),
        ("Китае", "Китай"),
        ("Rosji", "Rosja"),
        ("Ukrainie", "Ukraina"),
        ("Chinach", "Chiny"),
    ],
)
def test_a_place_declined_as_the_sentence_wants_is_the_place(name: str, nominative: str) -> None:
    """Russian and Polish write a place in its case ("в Москве", "w Rosji"); the table holds
    the nominative."""
    assert places.place_of(name) == places.place_of(nominative) is not None


def test_names_that_are_no_place_or_two_alike_name_none() -> None:
    # "Corea" is both Koreas' name before the comma: neither wins.
    for name in ("Corea", "Lula", "Biden", "", "   ", "América Latina del Norte"):
        assert places.place_of(name) is None, name


def test_the_cached_table_is_the_one_the_packages_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built once and kept in the cache directory; a broken cache file is built again, not
    trusted or raised."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    places._table.cache_clear()
    try:
        built = places._table()
        (cached,) = (tmp_path / "storyline").glob("places-*.pickle")
        places._table.cache_clear()
        assert places._table() == built == places.build_table()
        cached.write_bytes(b"not a pickle")
        places._table.cache_clear()
        assert places._table() == built
    finally:
        places._table.cache_clear()


@given(st.text(max_size=60))
def test_any_text_names_a_place_or_none(text: str) -> None:
    found = places.place_of(text)
    assert found is None or found.startswith(("country:", "city:"))


def _names(text: str, language: str) -> list[tuple[str, str]]:
    mentions = find_mentions("a", text, split_sentences("a", text), language)
    return [(m.text, m.type) for m in mentions]


def test_places_in_articles_no_ner_model_reads() -> None:
    found = _names(
        "En Alemania, el Gobierno anunció medidas. Ginebra acogerá la reunión con Rusia.", "es"
    )
    assert [name for name, kind in found if kind == "GPE"] == ["Alemania", "Ginebra", "Rusia"]


def test_regression_a_german_noun_that_is_a_citys_name_is_no_place() -> None:
    """German writes nouns with a capital, and "Essen" (food) and "Halle" (a hall) are
    cities too: after an article they are the nouns."""
    found = _names("Das Essen war kalt, sagte er in der Halle. Er fuhr nach Essen.", "de")
    assert ("Essen", "GPE") in found
    assert found.count(("Essen", "GPE")) == 1 and ("Halle", "GPE") not in found


_ENGLISH = (
    "Germany and France agreed on Tuesday in Geneva to share the cost of the new border "
    "checks, officials said. The talks in Geneva were the third this year, and Germany said "
    "it would host the next round.\n"
)
_SPANISH = (
    "Alemania y Francia acordaron el martes en Ginebra compartir el costo de los nuevos "
    "controles fronterizos, dijeron los funcionarios. Las conversaciones en Ginebra fueron "
    "las terceras este año, y Alemania dijo que sería la sede de la próxima ronda.\n"
)


def _places_export(db: Path) -> set[frozenset[str]]:
    """Each place entity's names (its name and aliases)."""
    export: dict[str, Any] = json.loads(Storyline(db).export("json"))
    return {
        frozenset({e["name"], *e["aliases"]})
        for e in export["entities"]
        if e["type"] in ("GPE", "LOC")
    }


def test_one_places_names_in_two_languages_are_one_entity(tmp_path: Path) -> None:
    """A full link, and an incremental link of the Spanish article into a store of the
    English one, give one entity per place with the other language's name as an alias."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "english.txt").write_text(_ENGLISH)
    (folder / "spanish.txt").write_text(_SPANISH)
    full = tmp_path / "full.db"
    Storyline(full).build([str(folder)], BuildOptions(collected_on=COLLECTED_ON, workers=1))
    merged = _places_export(full)
    assert merged == {
        frozenset({"Germany", "Alemania"}),
        frozenset({"France", "Francia"}),
        frozenset({"Geneva", "Ginebra"}),
    }

    incremental = BuildOptions(
        collected_on=COLLECTED_ON, workers=1, incremental_from=0, incremental_share=1.0
    )
    grown = tmp_path / "grown.db"
    Storyline(grown).build([str(folder / "english.txt")], incremental)
    report = Storyline(grown).build([str(folder)], incremental)
    assert report.linked_incrementally == 1
    assert _places_export(grown) == merged


def test_regression_names_opening_with_a_capital_spanish_does_not_write_were_missed() -> None:
    """The runs of capitalised words opened only with A-Z and Spanish's accented capitals:
    "Łódź", "Österreich", "İstanbul" and every Russian or Greek name were no names."""
    found = _names("Spotkanie w Łodzi. Minister traf Österreich in İstanbul.", "pl")
    assert ("Łodzi", "MISC") in found
    assert ("Österreich", "GPE") in found and ("İstanbul", "GPE") in found
    found = _names("Президент заявил, что Украина и Владимир Путин ...", "ru")
    assert ("Украина", "GPE") in found and ("Владимир Путин", "MISC") in found


@pytest.mark.parametrize(
    ("language", "text", "named"),
    [
        (
            "zh",
            "美国总统拜登周二在北京与中国领导人会面。他还访问了日本。",
            ["美国", "北京", "中国", "日本"],
        ),
        (
            "ar",
            "قال الرئيس إن الولايات المتحدة ستدعم مصر. وصل إلى القاهرة.",
            ["الولايات المتحدة", "مصر", "القاهرة"],
        ),
        ("ja", "首相は東京で会見した。", ["東京"]),
        # Particles joined to the name; Hangul's syllables decompose in a name's key.
        ("ko", "미국은 일본과 서울에서 만났다.", ["미국", "일본", "서울"]),
        # Vowel signs are marks a name's key holds as nothing; the name keeps them.
        ("hi", "भारत और पाकिस्तान के नेता दिल्ली में मिले।", ["भारत", "पाकिस्तान", "दिल्ली"]),
        ("th", "นายกรัฐมนตรีไทยเดินทางไปญี่ปุ่น", ["ไทย", "ญี่ปุ่น"]),
    ],
)
def test_places_in_a_script_without_capitals(language: str, text: str, named: list[str]) -> None:
    assert _names(text, language) == [(name, "GPE") for name in named]


@given(st.text(alphabet=st.sampled_from("美国中北京日本 ،مصرالقاهرة.abcÖ"), max_size=80))
def test_any_text_gives_places_in_order_each_a_known_name(text: str) -> None:
    spans = places.uncased_place_spans(text)
    assert spans == sorted(spans)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert places.place_of(text[start:end]) is not None


def test_continents_and_regions_are_places() -> None:
    assert places.place_of("Europa") == places.place_of("Europe") == "region:150"
    assert places.place_of("Lateinamerika") == places.place_of("América Latina") == "region:419"
    assert places.place_of("Welt") is None  # the world, and a German newspaper


def test_regression_german_common_nouns_were_names() -> None:
    """German writes every noun with a capital, so the runs of capitalised words made
    "Regierung", "Jahr", "Prozent" names (three in four of a German article's): a word an
    article writes after an article, a determiner, a number or an adjective, or with an
    ending only nouns have, is no name there; names never written so stay."""
    text = (
        "Die Regierung in Berlin hat im Jahr 2020 neue Regeln beschlossen. Dazu sagte Merkel,"
        " die Polizei werde 5 Prozent mehr bekommen. Die Proteste gegen Trump gingen weiter,"
        " erklärte Scholz. Regierung und Polizei lehnten Einwanderung ab, sagte die SPD."
    )
    found = _names(text, "de")
    assert found == [
        ("Berlin", "GPE"),
        ("Merkel", "MISC"),
        ("Trump", "MISC"),
        ("Scholz", "MISC"),
        ("SPD", "MISC"),
    ], found
    # Spanish writes nouns in lower case: its capitalised words keep being names.
    assert ("Gobierno", "MISC") in _names("Lo dijo el Gobierno, y el Gobierno calla.", "es")


def test_regression_no_home_directory_builds_the_table_all_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A service's user may have no home directory: ``Path.home()`` raises, and the table
    must still be built (only not kept), not fail every build."""

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    places._table.cache_clear()
    try:
        assert places._cache_path() is None
        assert places.place_of("Alemania") == "country:DE"
    finally:
        places._table.cache_clear()
