"""Quotes and attributions: the five seed articles, every quotation style, speakers through
pronouns, surnames, roles and descriptions, and properties that hold for any input.

Mentions are built with the real spaCy model, straight from ``doc.ents`` (the small model types
"Ebrard" as ORG and "Homeland Security Alejandro Mayorkas" as one ORG: the quote finder must cope),
and, for the seed table, also with the pipeline's repaired mentions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyse.quote_marks import find_quoted_spans
from storyline.analyse.quotes import find_quotes
from storyline.analyse.sentences import split_sentences
from storyline.models import Mention, Quote

from .spacy_mentions import load_nlp, spacy_mentions

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_nlp()


def pipeline_mentions(article_id: str, text: str) -> list[Mention]:
    from storyline.analyse.entities import find_mentions

    return find_mentions(article_id, text, split_sentences(article_id, text))


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text()


MentionMaker = Callable[[str, str], list[Mention]]


@lru_cache(maxsize=32)
def _seed_quotes(prefix: str, mode: str) -> tuple[str, tuple[Quote, ...]]:
    text = seed_text(prefix)
    make: MentionMaker = spacy_mentions if mode == "spacy" else pipeline_mentions
    quotes = find_quotes(prefix, text, split_sentences(prefix, text), make(prefix, text))
    return text, tuple(quotes)


def quote_with(quotes: Sequence[Quote], fragment: str) -> Quote:
    """The most specific quote holding ``fragment`` (a direct quote inside a mixed one wins)."""
    found = [q for q in quotes if fragment in q.text]
    assert found, f"no quote contains {fragment!r}: {[q.text[:60] for q in quotes]}"
    return min(found, key=lambda q: (len(q.text), q.start))


def who(quote: Quote) -> str:
    return quote.speaker or f"<{quote.speaker_description}>"


def quotes_of(text: str, language: str = "en") -> list[Quote]:
    return find_quotes("t", text, split_sentences("t", text), spacy_mentions("t", text), language)


# -- the seed table ---------------------------------------------------------------------------

EBRARD, MAYORKAS, BLINKEN, MOUYNES = (
    "Marcelo Ebrard",
    "Alejandro Mayorkas",
    "Antony Blinken",
    "Erika Mouynes",
)
BIDEN_OFFICIAL = "<a senior Biden administration official>"
D, IND = "direct", "indirect"
SEED_TABLE = [
    # (seed, fragment of the quote, speaker or <description>, kind)
    ("003", "Our perspective is that we are going to have positive results", EBRARD, D),
    ("003", "We have an optimistic vision of this meeting", EBRARD, D),
    ("003", "There's not a real focus, this time around, on our borders.",
     "<one senior U.S. official>", D),
    ("003", "We anticipate that the remaining issues will be resolved", "Blas Nuñez-Neto", D),
    ("003", "We know that with Mexico and with all governments in the region", BIDEN_OFFICIAL, D),
    ("003", "But as I mentioned", BIDEN_OFFICIAL, D),
    ("003", "there could be policy disagreements among the three countries", EBRARD, IND),
    ("003", "Thursday's summit will be an opportunity", "<An administration official>", IND),
    ("003", "The delegations will discuss efforts", "<U.S. officials>", IND),
    ("003", "the bilateral meetings between Mr. Biden", "<a senior White House official>", IND),
    ("003", 'the U.S. was "close to finalizing"', "Blas Nuñez-Neto", IND),
    ("001", "the Panama talks are intended to lay the groundwork", BLINKEN, IND),
    ("001", "we can make a significant difference in the lives", BLINKEN, IND),
    ("001", "a Declaration on Migration Protection", BLINKEN, IND),
    ("001", "coordination to support the nations", MAYORKAS, IND),
    ("001", "the region needed to speak with a single voice", MOUYNES, IND),
    ("001", "we only pass this hard test if we work on it together", MOUYNES, IND),
    ("001", "The US is seeking a strong declaration", BLINKEN, IND),
    ("002", "The work will continue at the Summit of the Americas", BLINKEN, D),
    ("002", "What drives people to make the decision", BLINKEN, D),
    ("002", "part of the plan is to address the root causes", BLINKEN, IND),
    ("002", "this problem must be addressed", BLINKEN, IND),
    ("002", "the migratory phenomenon will increase", MOUYNES, IND),
    ("002", "We cannot falter because reality prevails", MOUYNES, D),
    ("002", "We need to think regionally about how to stem the flow of migrants", MAYORKAS, D),
    ("002", "the U.S. has several programs for immigrants", MAYORKAS, IND),
    ("002", "Those who do not meet the requirements will continue", MAYORKAS, D),
    ("000", "will host leaders from South American nations", "White House", IND),
    ("000", "Biden also will outline commitments", "Karine Jean-Pierre", IND),
    ("004", "will lead a discussion focused on actions", "State Department", D),
    ("004", "A meeting between top representatives", "<senior Biden administration officials>",
     IND),
    ("004", "a working group that will share best practices", "<one official>", D),
    ("004", "those announcements would include a joint statement", "<Officials>", IND),
]  # fmt: skip


@pytest.mark.parametrize("mode", ["spacy", "pipeline"])
@pytest.mark.parametrize(("seed", "fragment", "speaker", "kind"), SEED_TABLE)
def test_seed_quote_speakers(mode: str, seed: str, fragment: str, speaker: str, kind: str) -> None:
    _text, quotes = _seed_quotes(seed, mode)
    quote = quote_with(quotes, fragment)
    assert who(quote) == speaker
    assert quote.kind == kind


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_quote_spans_are_exact(seed: str) -> None:
    text, quotes = _seed_quotes(seed, "spacy")
    sentences = split_sentences(seed, text)
    assert quotes
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.text == q.text.strip() and not q.text.endswith(",")
        if q.kind == "direct":
            assert q.text[-1:] not in '"”»’'  # the marks are not part of the content
        elif q.text[-1:] in "”»":
            assert {"”": "“", "»": "«"}[q.text[-1]] in q.text  # a mixed quote's own fragment
        assert text[q.cue_start : q.cue_end] == q.cue
        named = q.speaker or q.speaker_description
        assert text[q.speaker_start : q.speaker_end] == named, q
        assert bool(q.speaker) != bool(q.speaker_description)
        assert q.speaker_entity == ""
        holder = sentences[q.sentence]
        assert holder.start <= q.cue_start < holder.end or q.kind == "direct"


def test_ebrard_is_found_through_he_and_his_surname() -> None:
    text, quotes = _seed_quotes("003", "spacy")
    quote = quote_with(quotes, "Our perspective is that")
    assert quote.cue == "told"
    # The speaker span is the full-name mention made earlier, not the pronoun.
    assert text[quote.speaker_start : quote.speaker_end] == "Marcelo Ebrard"
    assert quote.speaker_start < text.index("Ebrard, the Mexican foreign minister")


def test_quote_across_a_paragraph_break_and_repaired() -> None:
    text = seed_text("003")
    assert "said in a\n\ncourt declaration" in text
    for version in (text, text.replace("in a\n\ncourt", "in a court")):
        quotes = find_quotes(
            "003", version, split_sentences("003", version), spacy_mentions("003", version)
        )
        quote = quote_with(quotes, "We anticipate that the remaining issues")
        assert quote.speaker == "Blas Nuñez-Neto"
        assert quote.text.endswith("within the coming weeks")


def test_described_sources_keep_their_description_and_span() -> None:
    text, quotes = _seed_quotes("003", "spacy")
    quote = quote_with(quotes, "There's not a real focus")
    assert quote.speaker == ""
    assert quote.speaker_description == "one senior U.S. official"
    assert text[quote.speaker_start : quote.speaker_end] == "one senior U.S. official"
    title = quote_with(quotes, "border policy won't be focus")
    assert title.speaker_description == "U.S. officials"
    added = quote_with(quotes, "The talks, the officials added")
    assert added.cue == "added" and added.speaker_description == "U.S. officials"


def test_scare_quotes_and_names_are_not_quotes() -> None:
    for seed, phrase in [
        ("000", "Summit of the Americas"),
        ("000", "Safe Mobility Offices"),
        ("003", "Three Amigos"),
        ("003", "unprecedented displacement"),
        ("002", "shared responsibility"),
        ("002", "building a sustainable, resilient, and equitable future"),
    ]:
        _text, quotes = _seed_quotes(seed, "spacy")
        assert not [q for q in quotes if q.kind == "direct" and phrase in q.text], (seed, phrase)


def test_attributed_partial_quote_is_part_of_a_mixed_quote() -> None:
    _text, quotes = _seed_quotes("003", "spacy")
    holding = [q for q in quotes if "lock arms with Canada and Mexico" in q.text]
    assert len(holding) == 1
    (quote,) = holding
    assert quote.kind == "indirect"
    assert quote.speaker_description == "An administration official"
    assert quote.text.startswith("Thursday's summit")


def test_004_headline_fragment_and_according_to() -> None:
    text, quotes = _seed_quotes("004", "spacy")
    fragments = [q for q in quotes if "several important announcements" in q.text]
    body = [q for q in fragments if q.start > text.index("(WASHINGTON)")]
    assert body and body[0].speaker_description == "senior Biden administration officials"
    assert body[0].cue == "according to"
    headline = [q for q in fragments if q.start < text.index("(WASHINGTON)")]
    assert headline and all(q.speaker_description == "officials" for q in headline)
    state = quote_with(quotes, "will lead a discussion")
    assert state.speaker == "State Department" and state.cue == "according to"


def test_translated_he_follows_the_previous_paragraph_subject() -> None:
    # «"We cannot falter …," he said. follows the paragraph about Erika Mouynes: the
    # paragraph-adjacency rule beats the pronoun's gender (translated copy mis-genders).
    _text, quotes = _seed_quotes("002", "spacy")
    quote = quote_with(quotes, "We cannot falter")
    assert quote.cue == "said" and quote.speaker == "Erika Mouynes"
    assert quote.text.endswith("the work we have begun")
    stated = quote_with(quotes, "Those who do not meet the requirements")
    assert stated.cue == "stated" and stated.speaker == "Alejandro Mayorkas"


def test_rewrite_without_quotation_marks() -> None:
    _text, quotes = _seed_quotes("001", "spacy")
    quote = quote_with(quotes, "the Panama talks are intended")
    assert quote.kind == "indirect" and quote.cue == "said"
    assert quote.text.startswith("the Panama talks")  # "that" is not part of the content
    mayorkas = quote_with(quotes, "coordination to support the nations")
    assert mayorkas.cue == "called for"


# -- every quotation style --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ('"We will win," Smith said.', "We will win"),
        ("“We will win,” Smith said.", "We will win"),
        ("«We will win», Smith said.", "We will win"),
        ("‘We will win,’ Smith said.", "We will win"),
        ("„We will win“, Smith said.", "We will win"),
        ('Smith said: "We will win this fight together."', "We will win this fight together."),
        ("Smith said, «We will win this fight together.»", "We will win this fight together."),
    ],
)
def test_every_quotation_style(nlp: Any, text: str, content: str) -> None:
    text = "Mayor John Smith spoke on Monday. " + text
    quotes = quotes_of(text)
    quote = quote_with(quotes, content)
    assert quote.text == content
    assert quote.kind == "direct"
    assert quote.speaker == "John Smith"


def test_nested_quotes_stay_in_their_outer_quote(nlp: Any) -> None:
    text = (
        "Senator Jane Doe spoke to the crowd.\n\n"
        "“When they told me ‘there is no money,’ I said we would find it,” Doe said."
    )
    quotes = quotes_of(text)
    assert len([q for q in quotes if q.kind == "direct"]) == 1
    quote = quote_with(quotes, "there is no money")
    assert quote.text.startswith("When they told me ‘there is no money,’ I said")
    assert quote.speaker == "Jane Doe"


def test_quote_across_paragraphs(nlp: Any) -> None:
    text = (
        "Governor Maria Lopez addressed the legislature on Tuesday.\n\n"
        "“We have waited too long for this reform. Families cannot wait any longer.\n\n"
        "“We will pass it this year,” Lopez said."
    )
    spans = find_quoted_spans(text)
    assert len(spans) == 1 and spans[0].paragraphs == 2
    quote = quote_with(quotes_of(text), "We have waited too long")
    assert "We will pass it this year" in quote.text
    assert quote.speaker == "Maria Lopez"


def test_inverted_cue_and_according_to(nlp: Any) -> None:
    text = (
        "Talks resumed in Geneva.\n\n"
        '"The ceasefire is holding," said Ahmed Karimi, the United Nations envoy.\n\n'
        "The agreement covers 12 provinces, according to the Interior Ministry."
    )
    quotes = quotes_of(text)
    assert who(quote_with(quotes, "The ceasefire is holding")) == "Ahmed Karimi"
    covers = quote_with(quotes, "The agreement covers 12 provinces")
    assert covers.cue == "according to"
    assert "Interior Ministry" in who(covers)


def test_told_reporters_and_that_clause(nlp: Any) -> None:
    text = "Finance Minister Paul Martin told reporters on Monday that the budget would balance."
    quote = quote_with(quotes_of(text), "the budget would balance")
    assert quote.cue == "told" and quote.speaker == "Paul Martin"
    assert quote.text == "the budget would balance"


def test_she_prefers_the_person_already_called_she(nlp: Any) -> None:
    text = (
        "Ambassador Helen Carter met her counterpart in Rome.\n\n"
        "Carter and Italian minister Marco Rossi discussed trade at length.\n\n"
        "She said the talks had gone well."
    )
    quote = quote_with(quotes_of(text), "the talks had gone well")
    assert quote.speaker == "Helen Carter"


def test_he_resolves_to_the_last_named_man(nlp: Any) -> None:
    text = (
        "Secretary Thomas Reed spoke first, and his deputy Anna Bell followed her own notes.\n\n"
        "Later, Reed answered questions.\n\n"
        "He said the plan would cost less than expected."
    )
    quote = quote_with(quotes_of(text), "the plan would cost less")
    assert quote.speaker == "Thomas Reed"


def test_role_description_resolves_to_the_named_person(nlp: Any) -> None:
    text = (
        "The delegation included Foreign Minister Marcelo Ebrard.\n\n"
        "Prices rose again in the capital last month.\n\n"
        "The foreign minister said the talks would continue next week."
    )
    quote = quote_with(quotes_of(text), "the talks would continue")
    assert quote.speaker == "Marcelo Ebrard"


def test_unnamed_sources(nlp: Any) -> None:
    text = (
        "A senior White House official said the visit would go ahead.\n\n"
        "The plan has support, people familiar with the matter said."
    )
    quotes = quotes_of(text)
    assert quote_with(quotes, "the visit would go ahead").speaker_description == (
        "A senior White House official"
    )
    assert quote_with(quotes, "The plan has support").speaker_description == (
        "people familiar with the matter"
    )


def test_spanish_quotes(nlp: Any) -> None:
    text = (
        "El canciller Marcelo Ebrard dijo que la reunión será positiva. "
        "«Tenemos una visión optimista de este encuentro», afirmó Ebrard.\n\n"
        "«No podemos fallar», señaló.\n\n"
        "Según la canciller Erika Mouynes, la migración aumentará este año."
    )
    mentions = [
        Mention("es", m, m + len(name), name, "PER", 0)
        for name in ("Marcelo Ebrard", "Erika Mouynes")
        for m in [text.index(name)]
    ]
    quotes = find_quotes("es", text, split_sentences("es", text), mentions, "es")
    assert quote_with(quotes, "la reunión será positiva").speaker == "Marcelo Ebrard"
    optimistic = quote_with(quotes, "Tenemos una visión optimista")
    assert optimistic.kind == "direct" and optimistic.cue == "afirmó"
    assert optimistic.speaker == "Marcelo Ebrard"
    assert quote_with(quotes, "No podemos fallar").speaker == "Marcelo Ebrard"
    according = quote_with(quotes, "la migración aumentará")
    assert according.cue == "Según" and according.speaker == "Erika Mouynes"


def test_regression_segun_and_a_verb_put_the_source_after_them() -> None:
    """ "..., según dijo la ministra Ana Pérez" ("as the minister said") was read with the
    month before it as the source and the minister as what was said."""
    text = "El plan entrará en vigor en junio, según dijo la ministra Ana Pérez."
    at = text.index("Ana Pérez")
    mentions = [Mention("es", at, at + len("Ana Pérez"), "Ana Pérez", "PER", 0)]
    (quote,) = find_quotes("es", text, split_sentences("es", text), mentions, "es")
    assert (quote.speaker, quote.cue) == ("Ana Pérez", "según dijo")
    assert quote.text == "El plan entrará en vigor en junio"


def test_regression_a_spanish_source_after_its_verb_and_a_day() -> None:
    """ "..., afirmó este miércoles el secretario de Estado, Antony Blinken" made a name in
    the content ("Américas") the source and the day and the title what was said."""
    text = (
        "Estados Unidos busca una declaración en la Cumbre de las Américas, que se celebrará"
        " en junio, afirmó este miércoles el secretario de Estado, Antony Blinken."
    )
    mentions = [
        Mention("es", at, at + len(name), name, kind, 0)
        for name, kind in (("Cumbre de las Américas", "MISC"), ("Antony Blinken", "PER"))
        for at in [text.index(name)]
    ]
    (quote,) = find_quotes("es", text, split_sentences("es", text), mentions, "es")
    assert (quote.speaker, quote.cue) == ("Antony Blinken", "afirmó")
    assert quote.text == (
        "Estados Unidos busca una declaración en la Cumbre de las Américas, que se celebrará"
        " en junio"
    )
    # The same after the Spanish wires' dateline, which is not what was said.
    wired = "Panamá, 20 abr (EFE).- " + text
    shifted = [replace(m, start=m.start + 23, end=m.end + 23) for m in mentions]
    (quote,) = find_quotes("es", wired, split_sentences("es", wired), shifted, "es")
    assert quote.text.startswith("Estados Unidos busca")


@pytest.mark.parametrize(
    ("language", "text", "speaker", "content"),
    [
        (
            "de",
            "„Wir werden das schaffen“, sagte Bundeskanzlerin Angela Merkel am Dienstag.",
            "Angela Merkel",
            "Wir werden das schaffen",
        ),
        (
            "de",
            "Die Regierung werde die Hilfen verlängern, sagte Finanzminister Olaf Scholz.",
            "Olaf Scholz",
            "Die Regierung werde die Hilfen verlängern",
        ),
        (
            "fr",
            "« Nous allons y arriver », a déclaré le président Emmanuel Macron mardi.",
            "Emmanuel Macron",
            "Nous allons y arriver",
        ),
        (
            "fr",
            "Le gouvernement va prolonger les aides, selon le ministre Bruno Le Maire.",
            "Bruno Le Maire",
            "Le gouvernement va prolonger les aides",
        ),
        (
            "it",
            "Il governo prorogherà le misure, ha dichiarato il premier Mario Draghi.",
            "Mario Draghi",
            "Il governo prorogherà le misure",
        ),
        (
            "it",
            "«Ce la faremo», ha detto il presidente del Consiglio Giuseppe Conte.",
            "Giuseppe Conte",
            "Ce la faremo",
        ),
        (
            "pt",
            "«Vamos vencer essa crise», disse o presidente Luiz Inácio Lula da Silva.",
            "Luiz Inácio Lula da Silva",
            "Vamos vencer essa crise",
        ),
        # Polish and Russian: their own cues, a dash after the quote, names in their capitals.
        (
            "pl",
            "„Polska jest gotowa do rozmów” – powiedział prezydent Andrzej Duda.",
            "Andrzej Duda",
            "Polska jest gotowa do rozmów",
        ),
        (
            "ru",
            "«Мы готовы к переговорам», — заявил Владимир Путин.",
            "Владимир Путин",
            "Мы готовы к переговорам",
        ),
        (
            "ru",
            "Министр Сергей Лавров сказал, что Россия не будет отвечать. Потом всё.",
            "Министр Сергей Лавров",
            "что Россия не будет отвечать",
        ),
    ],
)
def test_regression_quotes_in_german_and_french(
    language: str, text: str, speaker: str, content: str
) -> None:
    """German, French, Italian, Portuguese, Polish and Russian were read with English's cues
    (and its cue model, which dropped the rest): no quote at all."""
    from storyline.analyse.entities import find_mentions

    sentences = split_sentences("a", text)
    mentions = find_mentions("a", text, sentences, language)
    (quote,) = find_quotes("a", text, sentences, mentions, language)
    assert (quote.speaker, quote.text) == (speaker, content)


def test_regression_an_italian_auxiliary_is_no_speaker() -> None:
    """ "Ha aggiunto che …" (he added that) was attributed to "Ha": the auxiliary opening the
    clause, written with a capital. It is the last person named, as Italian leaves him out."""
    from storyline.analyse.entities import find_mentions

    text = (
        '"È la più grande epidemia", ha detto il viceministro della Salute Roberto Cosenza.'
        " Ha aggiunto che a più di 20.000 persone è stata diagnosticata la febbre."
    )
    sentences = split_sentences("a", text)
    quotes = find_quotes("a", text, sentences, find_mentions("a", text, sentences, "it"), "it")
    assert [(q.kind, q.speaker) for q in quotes] == [
        ("direct", "Roberto Cosenza"),
        ("indirect", "Roberto Cosenza"),
    ]


# -- regressions ------------------------------------------------------------------------------


def test_regression_the_united_states_is_not_a_cue(nlp: Any) -> None:
    quotes = quotes_of("The United States seeks a stable agreement on migration with Mexico.")
    assert quotes == []


def test_regression_described_sources_far_into_the_text(nlp: Any) -> None:
    # Token offsets were shifted twice once a cue sat more than 160 characters in.
    text = "Filler sentence about the weather in the region today. " * 5 + (
        "One administration official said the negotiations would not be discussed."
    )
    quote = quote_with(quotes_of(text), "the negotiations would not be discussed")
    assert quote.speaker_description == "One administration official"


def test_regression_coordinated_cue_does_not_steal_the_quote(nlp: Any) -> None:
    text = (
        "In his remarks, Secretary Alejandro Mayorkas said, «We need to think regionally,» and "
        "emphasized that the U.S. has several programs for immigrants."
    )
    quotes = quotes_of(text)
    assert quote_with(quotes, "We need to think regionally").cue == "said"
    emphasized = quote_with(quotes, "the U.S. has several programs")
    assert emphasized.cue == "emphasized" and emphasized.speaker == "Alejandro Mayorkas"


def test_regression_said_that_then_colon_quote_gives_both(nlp: Any) -> None:
    text = (
        "Speaking about the strategy, Antony Blinken said that part of the plan is to address "
        "root causes: “What drives people to leave their homes?”"
    )
    quotes = quotes_of(text)
    assert quote_with(quotes, "part of the plan").kind == "indirect"
    assert quote_with(quotes, "What drives people").kind == "direct"


def test_regression_the_official_prefers_the_recent_described_source(nlp: Any) -> None:
    # "the official" once resolved to a named person whose apposition held "official", four
    # paragraphs back, instead of the unnamed official quoted just before.
    _text, quotes = _seed_quotes("003", "spacy")
    assert quote_with(quotes, "We know that with Mexico").speaker == ""


def test_regression_noun_cues_need_a_that_clause(nlp: Any) -> None:
    text = "Twenty-seven states led by West Virginia are challenging the rule in court."
    assert quotes_of(text) == []


# -- properties -------------------------------------------------------------------------------

_WORDS = (
    "the officials said that he she told reporters according to Blinken Mouynes Mexico "
    "migration talks would continue on Wednesday a senior U.S. official added warned , . "
    'and of in " “ ” « » ‘ ’ „ : believes called for the White House Ebrard they it'
).split()


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, list[Mention]]:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=80))
    breaks = draw(st.lists(st.integers(0, max(0, len(words))), max_size=4))
    for position in sorted(breaks, reverse=True):
        words.insert(position, "\n\n")
    text = " ".join(words)
    spans = draw(
        st.lists(
            st.tuples(
                st.integers(0, max(0, len(text))),
                st.integers(1, 20),
                st.sampled_from(["PERSON", "ORG", "GPE", "NORP", "DATE"]),
            ),
            max_size=6,
        )
    )
    mentions = []
    for start, length, label in spans:
        end = min(len(text), start + length)
        if end > start:
            mentions.append(Mention("p", start, end, text[start:end], label, 0))
    return text, mentions


@FAST
@given(articles(), st.sampled_from(["en", "es"]))
def test_find_quotes_never_raises_and_spans_hold(
    article: tuple[str, list[Mention]], language: str
) -> None:
    text, mentions = article
    sentences = split_sentences("p", text)
    quotes = find_quotes("p", text, sentences, mentions, language)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert text[q.cue_start : q.cue_end] == q.cue
        if q.speaker_start >= 0:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
    assert find_quotes("p", text, sentences, mentions, language) == quotes


@FAST
@given(st.text(max_size=300))
def test_find_quotes_on_any_text(text: str) -> None:
    quotes = find_quotes("p", text, split_sentences("p", text), [])
    for q in quotes:
        assert text[q.start : q.end] == q.text
    # Sentences that do not fit the text are re-split rather than trusted.
    assert find_quotes("p", text, [], []) == quotes


_SAME_SURNAME_PROBE = """
from storyline.analyse.quotes import find_quotes
from storyline.analyse.sentences import split_sentences
from storyline.models import Mention

text = 'Terry Jones met Larry Jones in Leeds on Monday. "We will build the bridge," Jones said.'
mentions = [
    Mention("a", text.index(n), text.index(n) + len(n), n, "PERSON", 0)
    for n in ("Terry Jones", "Larry Jones")
]
mentions.append(Mention("a", text.rindex("Jones"), text.rindex("Jones") + 5, "Jones", "PERSON", 1))
print([q.speaker for q in find_quotes("a", text, split_sentences("a", text), mentions)])
"""


def test_regression_a_bare_surname_named_whichever_full_name_the_hash_seed_put_first() -> None:
    """Of two full names of the same length sharing a surname, the one a later bare "Jones"
    resolved to depended on the order of a set of strings, that is on the process's hash
    seed (PYTHONHASHSEED): the same build gave "Larry Jones" in one run and "Terry Jones" in
    the next. Names of the same length are now taken in order of appearance."""
    import os
    import subprocess
    import sys

    speakers = set()
    for seed in ("0", "1", "3", "4"):  # seeds 0, 3 and 4 gave "Larry Jones" before
        done = subprocess.run(
            [sys.executable, "-c", _SAME_SURNAME_PROBE],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        speakers.add(done.stdout.strip())
    assert speakers == {"['Terry Jones']"}


def test_a_learned_cue_gives_up_an_article_it_ends_with() -> None:
    from storyline.analyse.quotes import _without_article

    text = "Officials reported a sharp decline. Others said the plan works."
    assert text[slice(*_without_article(text, (10, 20)))] == "reported"
    assert _without_article(text, (10, 18)) == (10, 18)
    assert _without_article("the", (0, 3)) == (0, 3)  # nothing would be left


def test_regression_yes_was_a_speaker() -> None:
    """ "“Yes, it does apply, said ONeil, I have heard no discussions of waivers." (a page whose
    closing quotation marks were lost) gave the words to "Yes": the speakers' list of a
    clause's opening words lacked it (one list now, ``analyse.clause_openers``)."""
    text = "“Yes, it does apply, said ONeil, I have heard no discussions of waivers."
    sentences = split_sentences("a", text)
    quotes = find_quotes("a", text, sentences, pipeline_mentions("a", text))
    assert [q.speaker for q in quotes] == ["ONeil"]


def _live_blog(paragraphs: int) -> tuple[str, list[Mention]]:
    """A long live blog: each paragraph names a minister and the ministry, then quotes them by
    pronoun, description and organisation (the names, as NER would give them, at their
    places)."""
    firsts = ("Ana", "Luis", "Marta", "Pedro", "Sofia", "Jorge", "Elena", "Diego")
    lasts = ("Silva", "Garcia", "Lopez", "Moreno", "Castro", "Rojas", "Vega", "Ortiz")
    text, mentions = "", []
    for i in range(paragraphs):
        name = f"{firsts[i % 8]} {lasts[i // 8 % 8]}"
        start = len(text) + len("Minister ")
        org_start = start + len(name) + len(" of the ")
        mentions.append(Mention("b", start, start + len(name), name, "PERSON", i, role="minister"))
        mentions.append(Mention("b", org_start, org_start + 6, "Agency", "ORG", i))
        text += (
            f"Minister {name} of the Agency met officials on Monday. He said the plan would"
            " work, and she said it would not. The minister said so too. It said nothing.\n\n"
        )
    return text, mentions


def test_regression_a_long_live_blog_took_minutes_to_read_for_speakers() -> None:
    # Each pronoun, description and organisation cue walked every name, speaker and
    # organisation of the page: 3,000 paragraphs took two minutes (quadratic), 4 s now.
    text, mentions = _live_blog(3_000)
    sentences = split_sentences("b", text)
    started = time.perf_counter()
    quotes = find_quotes("b", text, sentences, mentions)
    assert time.perf_counter() - started < 25.0
    # Still read as before: the pronoun and the description are the paragraph's minister.
    last = [q for q in quotes if q.start > text.rindex("Minister")]
    assert {q.speaker for q in last} >= {"Diego Vega"}
