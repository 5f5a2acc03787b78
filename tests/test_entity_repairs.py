"""The repairs of the model's names ask their questions of sets and covered characters: the
same answers as comparing with every full name and every taken span (regression: those
comparisons were quadratic in the names of a page, 3 CPU-seconds of Timeline17's build)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.clause_openers import CLAUSE_OPENERS
from storyline.analyse.entities import (
    _STAMP_WORD,
    _longest_name_ending,
    _missed_repeats,
    _repair,
    _without_stamps,
)

_WORDS = ["Ana", "Lee", "Smith", "Ana Lee", "Lee Smith", "Ana Lee Smith", "the", "said", "Mr"]
_TEXT = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40).map(" ".join)


def _missed_by_every_span(
    text: str, found: list[tuple[int, int, str, str]], persons: list[str]
) -> list[tuple[int, int, str, str]]:
    """What the repeats were before: each occurrence compared with every span taken."""
    from storyline.analyse.whole_words import whole_word_spans

    taken = [(s, e) for s, e, _, _ in found]
    forms: set[str] = set()
    for name in persons:
        parts = name.split()
        forms.update({name, parts[-1]})
        if len(parts) >= 3:
            forms.add(" ".join(parts[-2:]))
    extra = []
    for form in sorted(forms, key=len, reverse=True):
        if len(form) < 3:
            continue
        for s, e in whole_word_spans(text, form):
            if not any(s < te and ts < e for ts, te in taken):
                taken.append((s, e))
                extra.append((s, e, "PERSON", ""))
    return extra


@given(_TEXT, st.data())
def test_missed_repeats_are_those_overlapping_no_taken_span(text: str, data: st.DataObject) -> None:
    spans = st.tuples(st.integers(0, len(text)), st.integers(-2, 15))
    picked = data.draw(st.lists(spans, max_size=8))
    # Empty and reversed spans too: they overlap what strictly surrounds them.
    found = [(s, s + n, "ORG", "") for s, n in picked]
    persons = data.draw(st.lists(st.sampled_from(["Ana Lee", "Lee Smith", "Ana Lee Smith"])))
    # One order of the full names: their sort by length leaves ties in the set's order.
    persons = sorted(set(persons), key=lambda n: (-len(n), n))
    assert _missed_repeats(text, found, persons) == _missed_by_every_span(text, found, persons)


@given(
    st.lists(st.sampled_from(["Homeland", "Security", "Ana", "Lee", "Smith", ""]), max_size=6),
    st.sets(st.sampled_from(["Ana Lee", "Lee Smith", "Ana Lee Smith", "Security Ana", " Lee"])),
)
def test_the_name_a_surface_ends_with_is_the_longest_full_name_after_a_space(
    words: list[str], names: set[str]
) -> None:
    surface = " ".join(words)
    expected = next(
        (
            n
            for n in sorted(names, key=len, reverse=True)
            if surface != n and surface.endswith(" " + n)
        ),
        None,
    )
    assert _longest_name_ending(surface, names) == expected


def test_role_and_place_run_into_names_and_a_missed_surname_are_repaired() -> None:
    text = (
        "Homeland Security Alejandro Mayorkas met Antony Blinken. Later D.C. Blinken spoke, "
        "and Alejandro Mayorkas left. Mayorkas said so."
    )

    def at(name: str, nth: int = 0) -> tuple[int, int]:
        start = text.index(name) if nth == 0 else text.rindex(name)
        return start, start + len(name)

    raw = [
        (*at("Homeland Security Alejandro Mayorkas"), "ORG"),
        (*at("Antony Blinken"), "PERSON"),
        (*at("D.C. Blinken"), "GPE"),
        (*at("Alejandro Mayorkas", 1), "PERSON"),
    ]
    assert [(text[s:e], label) for s, e, label, _ in _repair(text, raw)] == [
        ("Alejandro Mayorkas", "PERSON"),
        ("Antony Blinken", "PERSON"),
        ("D.C.", "GPE"),
        ("Blinken", "PERSON"),
        ("Alejandro Mayorkas", "PERSON"),
        ("Mayorkas", "PERSON"),
    ]


def test_names_in_a_language_without_an_ner_model_here() -> None:
    """Spanish names were runs of capitalised words cut at every "de" ("Cumbre", "Américas"),
    never at a sentence start ("Unidos" of "Estados Unidos"), and all MISC, so "Antony
    Blinken" of a Spanish wire was no person beside the English articles' Blinken."""
    from storyline.analyse.entities import find_mentions
    from storyline.analyse.sentences import split_sentences

    text = (
        "Estados Unidos busca un acuerdo en la Cumbre de las Américas, afirmó el secretario de"
        " Estado, Antony Blinken.\n\nEl Gobierno aprobó el plan, según dijo la ministra Ana"
        " Pérez. Estados Unidos y México firmaron en Ciudad de Panamá."
    )
    found = [(m.text, m.type) for m in find_mentions("a", text, split_sentences("a", text), "es")]
    assert ("Cumbre de las Américas", "MISC") in found
    assert ("Antony Blinken", "PERSON") in found and ("Ana Pérez", "PERSON") in found
    # Countries and cities are places in any language (analyse.places).
    assert found.count(("Estados Unidos", "GPE")) == 2 and ("México", "GPE") in found
    assert ("Ciudad de Panamá", "GPE") in found
    assert not [name for name, _ in found if name.startswith(("El ", "Estados Unidos y"))]
    opened = "Los Estados Unidos anunciaron sanciones. En Ciudad de México hubo protestas."
    names = [m.text for m in find_mentions("a", opened, split_sentences("a", opened), "es")]
    assert names == ["Estados Unidos", "Ciudad de México"]


def test_german_titles_weekdays_and_pronouns_written_with_a_capital() -> None:
    """German writes nouns with a capital: a title stood inside the name ("Bundeskanzlerin
    Angela Merkel" was one MISC), and weekdays and pronouns were names ("Donnerstag", "Sie")."""
    from storyline.analyse.entities import find_mentions
    from storyline.analyse.sentences import split_sentences

    text = (
        "Das sagte US-Außenminister Mike Pompeo am Donnerstag in Washington. „Sie kommt“, "
        "sagte Bundeskanzlerin Angela Merkel."
    )
    found = [(m.text, m.type) for m in find_mentions("a", text, split_sentences("a", text), "de")]
    assert found == [("Mike Pompeo", "PERSON"), ("Washington", "GPE"), ("Angela Merkel", "PERSON")]


def test_a_title_of_something_is_not_part_of_the_name_after_it() -> None:
    from storyline.analyse.entities import find_mentions
    from storyline.analyse.sentences import split_sentences

    for language, text, name in (
        ("it", "Ha parlato il presidente del Consiglio Giuseppe Conte.", "Giuseppe Conte"),
        ("es", "Lo dijo el secretario de Estado Antony Blinken en Panamá.", "Antony Blinken"),
    ):
        found = find_mentions("a", text, split_sentences("a", text), language)
        assert (name, "PERSON") in [(m.text, m.type) for m in found]
    text = "La Cumbre de las Américas se celebró en Los Ángeles."
    found = find_mentions("a", text, split_sentences("a", text), "es")
    assert [m.text for m in found] == ["Cumbre de las Américas", "Los Ángeles"]


def test_regression_an_opening_article_and_a_title_both_dropped_from_a_name() -> None:
    """Regression: "Der Premierminister Shinzo Abe" lost both its opening article and its
    title, and the second cut was measured from the run's first word: "zo Abe"."""
    from storyline.analyse.entities import find_mentions
    from storyline.analyse.sentences import split_sentences

    text = "Der Premierminister Shinzo Abe sagte das am Montag."
    found = [(m.text, m.type) for m in find_mentions("a", text, split_sentences("a", text), "de")]
    assert found == [("Shinzo Abe", "PERSON")]


def test_regression_a_sentences_opening_word_was_part_of_a_role() -> None:
    # Timeline17 gave a president the roles "Despite President", "Why President", "BST
    # President" (a page's "10:33 BST" stamp) and "AP2010 President" (a photo credit): up to
    # four capitalised words before the role noun were its modifiers, whatever they were.
    text = (
        "Despite President Barack Obama's plea, talks stalled. Last updated at 10:33 BST "
        "President George Bush spoke. AP2010 President Barack Obama waves. As BP CEO Tony "
        "Hayward left, Panamanian Foreign Minister Erika Mouynes and Former President Bill "
        "Clinton met The Prime Minister Gordon Brown."
    )

    def person(name: str) -> tuple[int, int, str]:
        start = text.index(name)
        return start, start + len(name), "PERSON"

    names = ["Barack Obama", "George Bush", "Tony Hayward", "Erika Mouynes", "Bill Clinton"]
    roles = {text[s:e]: role for s, e, _, role in _repair(text, [person(n) for n in names])}
    assert roles["Barack Obama"] == "President"
    assert roles["George Bush"] == "President"
    assert roles["Tony Hayward"] == "BP CEO"
    assert roles["Erika Mouynes"] == "Panamanian Foreign Minister"
    assert roles["Bill Clinton"] == "Former President"
    assert _repair(text, [person("Gordon Brown")])[0][3] == "Prime Minister"


def test_regression_a_pages_stamp_opened_a_name() -> None:
    # "Page last updated at 10:33 BST" before "Barack Obama ..." gave the entity the name
    # "BST Barack Obama"; a market table's "+270.00 Treasury" was a name too.
    text = "10:33 BST Barack Obama spoke. Bonds +270.00 Treasury. The 2012 Olympics. 0953 GMT"
    names = ["BST Barack Obama", "+270.00 Treasury", "2012 Olympics", "0953 GMT"]
    raw = [(text.index(n), text.index(n) + len(n), "X") for n in names]
    assert [text[s:e] for s, e, _ in _without_stamps(text, raw)] == [
        "Barack Obama",
        "Treasury",
        "2012 Olympics",  # a year is part of a name
        "0953 GMT",  # nothing cut: left as the model found it
    ]


@given(st.lists(st.sampled_from(["BST", "GMT", "+1.5", "10:33", "Ana", "Lee", "2012"]), max_size=6))
def test_a_name_loses_only_the_stamp_words_it_opens_with(words: list[str]) -> None:
    text = " ".join(words)
    (kept,) = _without_stamps(text, [(0, len(text), "X")]) or [(0, 0, "")]
    if kept[2]:
        assert text.endswith(text[kept[0] :]) and kept[1] == len(text)
        cut = text[: kept[0]].split()
        assert all(_STAMP_WORD.fullmatch(word + " ") for word in cut)
    if words and not _STAMP_WORD.fullmatch(words[0] + " "):
        assert kept == (0, len(text), "X")


def test_regression_a_weekday_opening_the_clause_was_part_of_a_role() -> None:
    # "On Thursday British Prime Minister Gordon Brown" gave him the role "Thursday British
    # Prime Minister": the role's list of a clause's opening words lacked the weekdays the
    # speakers' list had (one list now, analyse.clause_openers).
    from storyline.analyse.entities import find_mentions
    from storyline.analyse.sentences import split_sentences

    text = "On Thursday British Prime Minister Gordon Brown spoke. Later President Lula left."
    found = {m.text: m.role for m in find_mentions("a", text, split_sentences("a", text))}
    assert found["Gordon Brown"] == "British Prime Minister"
    assert found.get("Lula", "President") == "President"


def test_regression_a_sentences_pronoun_ran_on_into_a_name() -> None:
    # A page's "you may need Adobe Reader It brought the totals to 24" (a download prompt run
    # into the next sentence) made "Adobe Reader It" a name.
    from storyline.analyse.entities import find_mentions
    from storyline.analyse.sentences import split_sentences

    text = "You may need Adobe Reader It brought the overall totals to 24 in England."
    names = [m.text for m in find_mentions("a", text, split_sentences("a", text))]
    assert "Adobe Reader" in names and "Adobe Reader It" not in names


@given(st.sampled_from(sorted(CLAUSE_OPENERS)))
def test_no_clause_opener_modifies_a_role(word: str) -> None:
    text = f"{word} President Barack Obama spoke."
    start = text.index("Barack Obama")
    ((_, _, _, role),) = _repair(text, [(start, start + len("Barack Obama"), "PERSON")])
    assert role == "President"
