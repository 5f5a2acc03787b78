"""The NER model's token network run as one onnxruntime graph computes what thinc computes
(to float rounding), document layout and padding included, and decides the same entities on
the seed articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyse import ner_network
from storyline.analyse.entities import load_fast_ner, load_ner
from storyline.analyse.ner_decode import FastNer
from storyline.analyse.ner_network import NerNetwork

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"

#: Relative to the largest activation: float sums grouped by other kernels differ in their
#: last bits (measured: 4e-7 on 300 Timeline17 articles), a wrong layer by far more.
_TOLERANCE = 1e-5


def _model() -> Any:
    return load_ner().get_pipe("ner").model


def _thinc(docs: list[Any]) -> np.ndarray:
    tok2vec, lower, _upper = _model().layers
    return np.asarray(lower.predict(tok2vec.predict(docs)))


def _assert_close(found: np.ndarray, expected: np.ndarray) -> None:
    assert found.shape == expected.shape
    scale = float(np.abs(expected).max())
    assert float(np.abs(found - expected).max()) <= _TOLERANCE * scale


def test_the_packaged_model_runs_its_token_network_as_one_graph() -> None:
    assert ner_network.supports(_model())
    fast = load_fast_ner()
    assert fast is not None and fast.network is not None


def test_the_graph_computes_thincs_features_for_the_seed_articles() -> None:
    nlp = load_ner()
    docs = [nlp.make_doc(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*"))]
    _assert_close(NerNetwork(_model()).predict(docs), _thinc(docs))


_WORDS = st.sampled_from(
    "Joe Biden said the United States and China met in Geneva on Monday . , \n \n\n "
    "Mr. Smith of Reuters told CNN that Boris Johnson ' s party lost 12 seats Beijing".split(" ")
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_WORDS, max_size=30).map(" ".join), min_size=1, max_size=6))
def test_any_batch_of_documents_gets_thincs_features(texts: list[str]) -> None:
    # Several documents of any length side by side (empty ones too): the padding between
    # them must keep each document's windows to its own tokens, as thinc's layout does.
    nlp = load_ner()
    docs = [nlp.make_doc(text) for text in texts]
    if not sum(len(doc) for doc in docs):
        return
    _assert_close(NerNetwork(_model()).predict(docs), _thinc(docs))


def test_a_document_reads_the_same_alone_and_beside_others() -> None:
    nlp = load_ner()
    network = NerNetwork(_model())
    alone = network.predict([nlp.make_doc("Angela Merkel met Emmanuel Macron in Berlin.")])
    docs = [nlp.make_doc(t) for t in ("Paris", "Angela Merkel met Emmanuel Macron in Berlin.")]
    together = network.predict(docs)
    _assert_close(together[2:], alone[1:])
    assert np.array_equal(together[0], alone[0])  # the model's padding row


def test_seed_articles_get_the_entities_of_spacys_own_arithmetic() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*"))]
    fast, exact = load_fast_ner(), FastNer(load_ner(), exact=True)
    assert fast is not None and fast.network is not None
    found = [spans for _doc, spans in fast.pipe(texts, batch_size=4)]
    assert found == [spans for _doc, spans in exact.pipe(texts, batch_size=4)]
    assert sum(map(len, found)) > 50


@pytest.mark.parametrize(
    ("layer_name", "attr", "value"),
    [("expand_window", "window_size", 2), ("extract_features", "columns", ["NORM", "SHAPE"])],
)
def test_a_network_of_another_shape_is_left_to_thinc(
    monkeypatch: pytest.MonkeyPatch, layer_name: str, attr: str, value: object
) -> None:
    layer = next(layer for layer in _model().walk() if layer.name == layer_name)
    monkeypatch.setitem(layer.attrs, attr, value)
    assert not ner_network.supports(_model())
    assert FastNer(load_ner()).network is None
