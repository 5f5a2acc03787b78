"""The NER model's token network run as one onnxruntime graph: the same model, fewer steps.

spaCy's small English NER embeds each token with a network of its own before its transition
parser reads it: four hashed attribute embeddings, a maxout layer with layer normalisation,
four residual maxout layers over a window of one token either side, a linear projection, and
the parser's precomputed lower layer (each token's contribution to the three state features).
thinc runs it layer by layer from Python, each layer a BLIS product and a few numpy passes;
profiled on Timeline17 articles it was over half of NER's CPU time, and NER more than half of
the per-article analysis.

Here the same weights and the same arithmetic, in the same order of layers, run as one
onnxruntime graph (MLAS kernels, the layer normalisation and the maxout fused in C++). Only the
attribute hashing and the embedding-table sums stay in thinc (cheap C loops), so a token's
rows are looked up exactly as spaCy looks them up. Float sums are grouped differently by
another kernel, so activations differ from spaCy's in their last bits (about 1e-6 relative);
where two moves score within that of each other the decision can differ. Measured on
Timeline17 articles by ``bench/ner_identity.py`` against spaCy's own parse (docs/quality.md).

Documents are laid out as thinc lays them out (``with_array(pad=4)``): four zero rows before
each document and after the last, the padding rows taking each layer's output as thinc's do, so
a document's windows read what they read there.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from storyline import onnx_proto

Floats = npt.NDArray[np.float32]

#: The layout's padding between documents (thinc's ``with_array(pad=...)`` of the encoder).
_PAD = 4
#: thinc's LayerNorm adds this to the variance.
_LAYER_NORM_EPS = 1e-8


def _params(model: Any) -> dict[str, Any]:
    """The network's layers, found by the architecture spaCy's ``Tok2Vec.v2`` with
    ``MultiHashEmbed.v2`` and ``MaxoutWindowEncoder.v2`` builds (None where it differs)."""
    tok2vec_chain, lower, _upper = model.layers
    tok2vec, projection = tok2vec_chain.layers[0], tok2vec_chain.layers[-1]
    walk = list(tok2vec.walk())
    hash_embeds = [layer for layer in walk if layer.name == "hashembed"]
    maxouts = [layer for layer in walk if layer.name == "maxout"]
    norms = [layer for layer in walk if layer.name == "layernorm"]
    windows = [layer for layer in walk if layer.name == "expand_window"]
    features = [layer for layer in walk if layer.name == "extract_features"]
    encoder_pads = [
        layer.attrs.get("pad") for layer in walk if layer.name.startswith("with_array(residual")
    ]
    return {
        "hash_embeds": hash_embeds,
        "maxouts": maxouts,
        "norms": norms,
        "windows": windows,
        "features": features,
        "encoder_pads": encoder_pads,
        "projection": projection,
        "lower": lower,
        "chain_names": [layer.name for layer in tok2vec_chain.layers],
    }


def supports(model: Any) -> bool:
    """Whether ``model`` (the NER pipe's model) has exactly the network this graph runs."""
    try:
        p = _params(model)
    except (AttributeError, ValueError):
        return False
    depth = len(p["windows"])
    return (
        len(p["chain_names"]) == 3
        and p["chain_names"][1] == "list2array"
        and p["projection"].name == "linear"
        and p["lower"].name == "precomputable_affine"
        and len(p["features"]) == 1
        and len(p["hash_embeds"]) == len(p["features"][0].attrs["columns"])
        and len(p["maxouts"]) == depth + 1
        and len(p["norms"]) == depth + 1
        and depth >= 1
        and all(w.attrs.get("window_size") == 1 for w in p["windows"])
        and p["encoder_pads"] == [_PAD]
    )


class NerNetwork:
    """``predict(docs)`` → the lower layer's precomputed features of every token of
    ``docs`` in order, after one row of the model's padding: what spaCy's
    ``lower.predict(tok2vec.predict(docs))`` gives, shape (tokens + 1, features, hiddens,
    pieces)."""

    def __init__(self, model: Any) -> None:
        p = _params(model)
        self._ops = model.ops
        self._columns = p["features"][0].attrs["columns"]
        self._tables = [
            (layer.get_param("E"), int(layer.attrs["seed"]), int(layer.attrs["column"]))
            for layer in p["hash_embeds"]
        ]
        lower = p["lower"]
        self._lower_shape = tuple(lower.get_dim(d) for d in ("nF", "nO", "nP"))
        self._session = onnx_proto.one_thread_session(self._graph(p))

    def _graph(self, p: dict[str, Any]) -> bytes:
        g = onnx_proto.Graph()

        def maxout_norm(x: str, maxout: Any, norm: Any) -> str:
            n_out, pieces = maxout.get_dim("nO"), maxout.get_dim("nP")
            weights = maxout.get_param("W").reshape(n_out * pieces, -1)
            y = g.op(
                "Add",
                g.op("MatMul", x, g.const(np.ascontiguousarray(weights.T))),
                g.const(maxout.get_param("b").reshape(-1)),
            )
            y = g.op("Reshape", y, g.const(np.array([-1, n_out, pieces], np.int64)))
            y = g.op("ReduceMax", y, axes=[2], keepdims=0)
            return g.op(
                "LayerNormalization",
                y,
                g.const(norm.get_param("G")),
                g.const(norm.get_param("b")),
                axis=-1,
                epsilon=_LAYER_NORM_EPS,
            )

        maxouts, norms = p["maxouts"], p["norms"]
        embedded = maxout_norm("embeddings", maxouts[0], norms[0])
        width = maxouts[0].get_dim("nO")
        # The encoder's layout: the padding rows point at one zero row after the tokens.
        with_zero = g.op("Concat", embedded, g.const(np.zeros((1, width), np.float32)), axis=0)
        x = g.op("Gather", with_zero, "layout", axis=0)
        edge = g.const(np.zeros((1, width), np.float32))
        for maxout, norm in zip(maxouts[1:], norms[1:], strict=True):
            # thinc's window of one: each row beside the row before it and the one after
            # (zeros past the ends), in that order.
            padded = g.op("Concat", edge, x, edge, axis=0)
            before = g.op("Slice", padded, *self._consts(g, [0], [-2]))
            after = g.op("Slice", padded, *self._consts(g, [2], [2**62]))
            window = g.op("Concat", before, x, after, axis=1)
            x = g.op("Add", x, maxout_norm(window, maxout, norm))
        tokens = g.op("Gather", x, "positions", axis=0)
        projection = p["projection"]
        projected = g.op(
            "Add",
            g.op("MatMul", tokens, g.const(np.ascontiguousarray(projection.get_param("W").T))),
            g.const(projection.get_param("b")),
        )
        lower = p["lower"]
        n_f, n_o, n_p = self._lower_shape
        lower_w = lower.get_param("W").reshape(n_f * n_o * n_p, -1)
        features = g.op("MatMul", projected, g.const(np.ascontiguousarray(lower_w.T)))
        features = g.op("Reshape", features, g.const(np.array([-1, n_f, n_o, n_p], np.int64)))
        g.op("Concat", g.const(lower.get_param("pad")), features, axis=0, output="cached")
        return onnx_proto.model(
            "spacy_ner_token_network",
            g.nodes,
            g.initializers,
            inputs=[
                onnx_proto.value_info("embeddings", onnx_proto.FLOAT, [None, None]),
                onnx_proto.value_info("layout", onnx_proto.INT64, [None]),
                onnx_proto.value_info("positions", onnx_proto.INT64, [None]),
            ],
            outputs=[onnx_proto.value_info("cached", onnx_proto.FLOAT, [None, n_f, n_o, n_p])],
        )

    @staticmethod
    def _consts(g: onnx_proto.Graph, starts: list[int], ends: list[int]) -> tuple[str, ...]:
        return (
            g.const(np.array(starts, np.int64)),
            g.const(np.array(ends, np.int64)),
            g.const(np.array([0], np.int64)),
        )

    def _embedding_input(self, docs: list[Any]) -> Floats:
        """Each token's hashed attribute rows summed per attribute, attributes side by side
        (thinc's ``hashembed``: the same hash, seed and ``gather_add``)."""
        from spacy.attrs import intify_attr

        columns = [intify_attr(c) for c in self._columns]
        ids = np.concatenate([doc.to_array(columns) for doc in docs]).astype(np.uint64)
        parts = []
        for table, seed, column in self._tables:
            keys = self._ops.hash(np.ascontiguousarray(ids[:, column]), seed) % table.shape[0]
            parts.append(self._ops.gather_add(table, keys))
        return np.ascontiguousarray(np.hstack(parts), dtype=np.float32)

    def predict(self, docs: list[Any]) -> Floats:
        lengths = [len(doc) for doc in docs]
        total = sum(lengths)
        # Rows of the encoder's layout: _PAD padding rows (index ``total``: the zero row)
        # before each document and after the last, then the document's tokens in order.
        layout = np.full(total + _PAD * (len(docs) + 1), total, dtype=np.int64)
        positions = np.empty(total, dtype=np.int64)
        row = token = 0
        for length in lengths:
            row += _PAD
            layout[row : row + length] = np.arange(token, token + length)
            positions[token : token + length] = np.arange(row, row + length)
            row += length
            token += length
        cached: Floats = self._session.run(
            None,
            {"embeddings": self._embedding_input(docs), "layout": layout, "positions": positions},
        )[0]
        return cached
