"""The NER decisions read without spaCy's per-token loop are spaCy's: the same entities, token
for token and label for label, as ``nlp.pipe`` gives on the same texts in the same batches
(``exact``: the token network run by thinc, as spaCy runs it). The token network run as one
onnxruntime graph is held to thinc's in tests/test_ner_network.py."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyse.entities import load_fast_ner, load_ner
from storyline.analyse.ner_decode import FastNer

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def _spacy(texts: list[str], batch_size: int = 4) -> list[list[tuple[int, int, str]]]:
    return [
        [(e.start, e.end, e.label_) for e in doc.ents]
        for doc in load_ner().pipe(texts, batch_size=batch_size)
    ]


@lru_cache(maxsize=1)
def _exact() -> FastNer:
    return FastNer(load_ner(), exact=True)


def _fast(texts: list[str], batch_size: int = 4) -> list[list[tuple[int, int, str]]]:
    return [spans for _doc, spans in _exact().pipe(texts, batch_size=batch_size)]


def test_the_packaged_model_is_read_the_fast_way() -> None:
    assert FastNer.supports(load_ner())
    assert load_fast_ner() is not None


def test_seed_articles_give_spacys_entities() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*"))]
    assert texts
    found = _fast(texts)
    assert found == _spacy(texts)
    assert sum(map(len, found)) > 50  # the seeds name many people, places and bodies


def test_a_batch_of_texts_of_different_lengths_gives_spacys_entities() -> None:
    # More texts than a batch, of different lengths, some empty or blank: the groups the
    # network reads (sorted by length, two at a time) decide each token's vectors.
    texts = [
        "Joe Biden met Andrés Manuel López Obrador in Mexico City on Tuesday.",
        "",
        "   \n\n  ",
        "The United Nations said.",
        "Officials of the European Union and NATO met in Brussels.\n\nAngela Merkel spoke.",
        "Paris",
        "He said it was Barack Obama",
        "Secretary of State Antony Blinken flew to Kyiv.\n\n\nThe Pentagon declined to comment.",
    ]
    assert _fast(texts) == _spacy(texts)
    assert _fast(texts, batch_size=1) == _spacy(texts, batch_size=1)
    assert _fast(texts, batch_size=16) == _spacy(texts, batch_size=16)


def test_an_entity_closing_at_the_last_token_is_spacys() -> None:
    texts = ["They flew to New York", "A talk with Vladimir Putin", "Kamala Harris"]
    found = _fast(texts)
    assert found == _spacy(texts)
    assert found[2] and found[2][-1][1] == 2


_WORDS = st.sampled_from(
    "Joe Biden said the United States and China met in Geneva on Monday . , \n \n\n "
    "Mr. Smith of Reuters told CNN that Boris Johnson ' s party lost 12 seats Beijing".split(" ")
)


@pytest.mark.filterwarnings("ignore")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_WORDS, max_size=40).map(" ".join), min_size=1, max_size=5))
def test_any_text_of_name_words_gives_spacys_entities(texts: list[str]) -> None:
    assert _fast(texts) == _spacy(texts)


def test_find_mentions_gives_what_spacys_own_loop_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.analyse import entities
    from storyline.analyse.sentences import split_sentences

    text = sorted(SEEDS.glob("*"))[0].read_text(encoding="utf-8")
    sentences = split_sentences("a", text)
    fast = entities.find_mentions("a", text, sentences)
    monkeypatch.setattr(entities, "load_fast_ner", lambda: None)  # the model a reading refuses
    assert entities.find_mentions("a", text, sentences) == fast
    assert fast
