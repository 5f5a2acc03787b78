"""The same-story score, with the real multilingual encoder (no mocks)."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.link.similarity import (
    DEFAULT_MODEL,
    FEATURES,
    ArticleSketch,
    features,
    find_names,
    fit_model,
    fold,
    same_story_score,
    sketch,
    split_sentences,
    split_title,
)

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"

ENGLISH = (
    "Floods in Valencia: at least 95 people have died after torrential rain hit eastern Spain "
    "on Tuesday. The regional government said on Wednesday that dozens of people were still "
    "missing, and rescue teams were searching flooded garages and cars in the town of Paiporta. "
    "Prime Minister Pedro Sánchez declared three days of national mourning and promised that "
    "the army would help with the clean-up."
)
# The same paragraph, translated into Spanish for this test.
SPANISH = (
    "Inundaciones en Valencia: al menos 95 personas han muerto después de que lluvias "
    "torrenciales azotaran el este de España el martes. El gobierno regional dijo el miércoles "
    "que decenas de personas seguían desaparecidas, y los equipos de rescate buscaban en garajes "
    "y coches inundados en la localidad de Paiporta. El presidente del Gobierno, Pedro Sánchez, "
    "decretó tres días de luto nacional y prometió que el ejército ayudaría en las tareas de "
    "limpieza."
)
UNRELATED = (
    "Apple unveiled a new line of laptops on Monday, with faster chips and a longer battery "
    "life. The company said the machines would be in stores from next week, at prices starting "
    "at 1,599 dollars. Analysts expect strong sales before the holiday season."
)
UNRELATED_SPANISH = (
    "El Real Madrid ganó por tres goles a uno al Barcelona en el estadio Santiago Bernabéu. "
    "Vinícius marcó dos goles en la primera parte y el entrenador elogió la defensa del equipo. "
    "El próximo partido de la liga se jugará el sábado en Sevilla."
)


def _sketch_text(text: str, language: str | None = None) -> ArticleSketch:
    return sketch(*split_title(text), language)


@pytest.fixture(scope="module")
def seeds() -> dict[str, ArticleSketch]:
    return {
        path.name[:3]: _sketch_text(path.read_text(encoding="utf-8"))
        for path in sorted(SEEDS.glob("*.txt"))
    }


@pytest.fixture(scope="module")
def paragraphs() -> dict[str, ArticleSketch]:
    return {
        "en": _sketch_text(ENGLISH),
        "es": _sketch_text(SPANISH),
        "other": _sketch_text(UNRELATED),
        "other_es": _sketch_text(UNRELATED_SPANISH),
    }


def test_two_versions_of_one_wire_story_beat_other_stories_of_the_same_topic(
    seeds: dict[str, ArticleSketch],
) -> None:
    # 001 and 002 are two versions of one story (Blinken in Panama); 000, 003 and 004 are
    # other migration/summit events.
    same = same_story_score(seeds["001"], seeds["002"])
    others = {
        (a, b): same_story_score(seeds[a], seeds[b])
        for a, b in itertools.combinations(sorted(seeds), 2)
        if {a, b} != {"001", "002"}
    }
    assert same >= 0.8, same
    assert same > max(others.values()) + 0.15, (same, others)


def test_a_translation_scores_high_and_an_unrelated_text_low(
    paragraphs: dict[str, ArticleSketch],
) -> None:
    assert paragraphs["en"].language == "en"
    assert paragraphs["es"].language == "es"
    translated = same_story_score(paragraphs["en"], paragraphs["es"])
    assert translated >= 0.8, translated
    for english, spanish in [("en", "other_es"), ("other", "es"), ("en", "other")]:
        unrelated = same_story_score(paragraphs[english], paragraphs[spanish])
        assert unrelated <= 0.25, (english, spanish, unrelated)


def test_an_article_is_the_same_story_as_itself(seeds: dict[str, ArticleSketch]) -> None:
    for s in seeds.values():
        assert same_story_score(s, s) >= 0.9


def test_bounded_symmetric_and_deterministic(seeds: dict[str, ArticleSketch]) -> None:
    again = {
        path.name[:3]: _sketch_text(path.read_text(encoding="utf-8"))
        for path in sorted(SEEDS.glob("*.txt"))
    }
    for a, b in itertools.product(sorted(seeds), repeat=2):
        score = same_story_score(seeds[a], seeds[b])
        assert 0.0 <= score <= 1.0
        assert score == same_story_score(seeds[b], seeds[a])
        assert score == same_story_score(again[a], again[b])
        assert np.array_equal(features(seeds[a], seeds[b]), features(seeds[b], seeds[a]))


def test_sketch_shape_and_cost(seeds: dict[str, ArticleSketch]) -> None:
    for s in seeds.values():
        assert s.gist.shape == (512,)
        assert s.sentences.ndim == 2 and s.sentences.shape[1] == 512
        assert 1 <= len(s.sentences) <= 24  # at most MAX_SENTENCES sentences are embedded
        for vector in (s.gist, s.headline, s.document, *s.sentences):
            assert math.isclose(float(np.linalg.norm(vector)), 1.0, abs_tol=1e-3)
    assert {"blink", "panama"} <= seeds["001"].names  # long names keep 5 letters
    assert {"blink", "panama"} <= seeds["002"].names


def test_empty_articles_score_zero() -> None:
    empty = sketch("", "")
    assert empty.empty and empty.names == frozenset() and len(empty.sentences) == 0
    full = _sketch_text(ENGLISH)
    assert same_story_score(empty, full) == 0.0
    assert same_story_score(full, empty) == 0.0
    assert same_story_score(empty, empty) == 0.0
    title_only = sketch("Floods in Valencia kill 95", "")
    assert not title_only.empty
    assert 0.0 <= same_story_score(title_only, full) <= 1.0


def test_names_fold_case_accents_scripts_and_figures() -> None:
    assert fold("Łódź") == "lodz"
    assert fold("Москва") == "moskva"
    assert fold("SÁNCHEZ") == "sanchez"
    english = find_names("Officials in São Paulo said 1,500 people met President Lula.")
    portuguese = find_names("Autoridades de Sao Paulo disseram que 1.500 pessoas viram Lula.")
    assert {"1500", "lula", "paulo"} <= english & portuguese
    # Headline case says nothing about names; a sentence's first word is not a name.
    assert find_names("Floods Kill Dozens In Eastern Town") == set()
    assert "yesterday" not in find_names("Yesterday the rain stopped in Valencia.")
    assert "valen" in find_names("Yesterday the rain stopped in Valencia.")


def test_sentences_in_several_scripts() -> None:
    assert split_sentences("Dr. Smith arrived on 24. April in Berlin. He left the next day.") == [
        "Dr. Smith arrived on 24. April in Berlin.",
        "He left the next day.",
    ]
    chinese = split_sentences("多伦多迎来了2020年的第一个婴儿。医院说婴儿很健康！父亲非常高兴。")
    assert len(chinese) >= 2
    assert split_title("Headline without a stop\nFirst sentence of the body. Second one here.")[
        0
    ] == ("Headline without a stop")


def test_the_shipped_model_is_monotone() -> None:
    assert len(DEFAULT_MODEL.weights) == len(FEATURES)
    assert all(w >= 0 for w in DEFAULT_MODEL.weights)
    assert DEFAULT_MODEL.centre.shape == (512,) and DEFAULT_MODEL.centre.any()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=-1, max_value=1), min_size=len(FEATURES), max_size=len(FEATURES)),
    st.integers(min_value=0, max_value=len(FEATURES) - 1),
    st.floats(min_value=0, max_value=1),
)
def test_no_signal_of_closeness_lowers_the_score(
    values: list[float], which: int, raise_by: float
) -> None:
    low = np.array(values)
    high = low.copy()
    high[which] += raise_by
    assert DEFAULT_MODEL.score(high) >= DEFAULT_MODEL.score(low)


def test_fit_model_learns_from_rated_pairs(seeds: dict[str, ArticleSketch]) -> None:
    pairs = list(itertools.combinations(sorted(seeds), 2))
    targets = [1.0 if {a, b} == {"001", "002"} else 0.2 for a, b in pairs]
    model = fit_model([(seeds[a], seeds[b]) for a, b in pairs], targets)
    assert all(w >= 0 for w in model.weights)
    scores = {(a, b): same_story_score(seeds[a], seeds[b], model) for a, b in pairs}
    assert max(scores, key=lambda pair: scores[pair]) == ("001", "002")


_ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8"),
    max_size=400,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANY_TEXT, _ANY_TEXT, _ANY_TEXT, _ANY_TEXT)
def test_any_texts_give_a_bounded_symmetric_score(
    title_a: str, text_a: str, title_b: str, text_b: str
) -> None:
    a = sketch(title_a, text_a)
    b = sketch(title_b, text_b)
    score = same_story_score(a, b)
    assert 0.0 <= score <= 1.0 and math.isfinite(score)
    assert score == same_story_score(b, a)
    assert np.all(np.isfinite(features(a, b)))


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["", " ", "\n\n", ".", "“”", "12", "a", "\x00", "。。。"]), _ANY_TEXT)
def test_empty_and_degenerate_texts_do_not_fail(tiny: str, text: str) -> None:
    a = sketch(tiny, tiny)
    b = sketch(tiny, text, language="xx")
    assert 0.0 <= same_story_score(a, b) <= 1.0
    assert 0.0 <= same_story_score(b, b) <= 1.0
