"""spaCy's NER decisions, read without its per-token transition loop.

The small English NER model is a greedy transition parser over the BILUO moves (B-, I-, L-,
U- for each of 18 labels, and O: 74 moves). spaCy decides each token in a C loop that, per
token, checks all 74 moves for validity through function pointers and scores the state with
a one-row matrix product; profiled on Timeline17 articles that loop is about half of NER's
CPU time — as much as the network that embeds the tokens.

Most of that work does not depend on what was decided before. A state's features are three
token positions: the next token, the first token of the open entity and the token before the
next. With no entity open the last two are the model's padding, so the scores of every such
state are known up front, computed for all tokens at once; which moves are valid then depends
only on the token (a space, the document's last token, a sentence start after it). Only a
token inside an entity (after its first) needs its state's own product, and there only two
moves are valid: continue the entity (I-) or close it (L-).

With ``exact=True`` the arithmetic is spaCy's own, in its order: the same network calls (its
``tok2vec`` and precomputed lower layer), the three features summed in order, then the bias,
the maxout, the output layer by the same BLAS (blis, which gives a row the same bits whether
it multiplies it alone, as spaCy does each state, or with others), its bias, and the first of
the best-scoring valid moves. ``tests/test_ner_decode.py`` holds it to ``nlp.pipe`` on texts;
``bench/ner_identity.py`` on Timeline17 articles and the seeds. By default the token network
runs as one onnxruntime graph instead (:mod:`storyline.analyse.ner_network`), equal to
spaCy's activations up to float rounding; the rest is the same.

Only a model this reading understands is read this way (the NER transition system, greedy,
three state features, an output layer, every class seen, blis kernels); anything else goes
through ``nlp.pipe`` as before. The documents are made here from texts, so none has an entity
preset (which spaCy's moves would have to respect).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from storyline.analyse import ner_network
from storyline.analyse.ner_network import NerNetwork

#: (first token, end token, label) of one entity, token offsets into its document.
TokenSpan = tuple[int, int, str]

#: spaCy's NER moves by the letter of their names.
_BEGIN, _IN, _LAST, _UNIT, _OUT = "B", "I", "L", "U", "O"


@dataclass(frozen=True)
class _Moves:
    """The model's moves (classes, in the order of its output layer) by kind and label."""

    kind: tuple[str, ...]  # each class's letter
    label_of: tuple[str, ...]  # each class's label ("" for O and the label-less U-)
    begin: NDArray[np.bool_]  # the class is B- with a label
    unit: NDArray[np.bool_]  # the class is U- with a label
    out: NDArray[np.bool_]  # the class is O
    in_class: dict[str, int]  # each label's I- class
    last_class: dict[str, int]  # each label's L- class

    @classmethod
    def of(cls, ner: Any) -> _Moves:
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        kind = tuple(name.split("-", 1)[0] for name in names)
        label_of = tuple(name.split("-", 1)[1] if "-" in name else "" for name in names)
        labelled = np.array([bool(label) for label in label_of])
        by_kind = list(zip(kind, label_of, strict=True))
        return cls(
            kind=kind,
            label_of=label_of,
            begin=np.array([k == _BEGIN for k in kind]) & labelled,
            unit=np.array([k == _UNIT for k in kind]) & labelled,
            out=np.array([k == _OUT for k in kind]),
            in_class={lab: i for i, (k, lab) in enumerate(by_kind) if k == _IN},
            last_class={lab: i for i, (k, lab) in enumerate(by_kind) if k == _LAST},
        )


class FastNer:
    """The entities ``nlp.pipe(texts, batch_size=...)`` gives, as token spans per text.

    ``exact``: the token network runs in thinc, as spaCy runs it, so every decision is
    spaCy's to the bit. Otherwise it runs as one onnxruntime graph where the model's network
    allows (:mod:`storyline.analyse.ner_network`: half the CPU; activations equal to about
    1e-6, so a move that wins by less than that can go the other way)."""

    def __init__(self, nlp: Any, *, exact: bool = False) -> None:
        self.nlp = nlp
        self.ner = nlp.get_pipe("ner")
        model = self.ner.model
        self.tok2vec, self.lower, self.upper = model.layers
        self.network: NerNetwork | None = None
        if not exact and ner_network.supports(model):
            self.network = NerNetwork(model)
        self.moves = _Moves.of(self.ner)
        self.ops = model.ops
        self.upper_w = self.upper.get_param("W")  # (classes, hiddens)
        self.upper_b = self.upper.get_param("b")
        self.lower_b = self.lower.get_param("b")  # (hiddens, pieces)
        from spacy.attrs import IS_SPACE, SENT_START  # spaCy is imported with the model

        self.flag_attrs = [SENT_START, IS_SPACE]

    @staticmethod
    def supports(nlp: Any) -> bool:
        """Whether this reading gives exactly what spaCy's parse of this pipeline gives."""
        from spacy.pipeline._parser_internals.ner import BiluoPushDown

        if nlp.pipe_names != ["ner"]:
            return False
        ner = nlp.get_pipe("ner")
        model = ner.model
        return (
            isinstance(ner.moves, BiluoPushDown)
            and ner.cfg.get("beam_width") == 1
            and model.attrs.get("has_upper") is True
            and not model.attrs.get("unseen_classes")
            and len(model.layers) == 3
            and model.layers[1].get_dim("nF") == 3
            and model.layers[1].get_dim("nP") >= 2
            and not ner.postprocesses
            and getattr(model.ops, "use_blis", False)
            and all(
                name.split("-", 1)[0] in (_BEGIN, _IN, _LAST, _UNIT, _OUT)
                for name in (ner.moves.get_class_name(i) for i in range(ner.moves.n_moves))
            )
        )

    def pipe(self, texts: Sequence[str], batch_size: int) -> Iterator[tuple[Any, list[TokenSpan]]]:
        """Each text's doc and entities, in order. Documents go to the network in the groups
        ``TransitionParser.pipe`` makes (batches of ``batch_size``, sorted by length, in
        sub-batches of ``max(batch_size // 4, 2)``), so each token's vectors are the same."""
        docs = [self.nlp.make_doc(text) for text in texts]
        for start in range(0, len(docs), batch_size):
            batch = docs[start : start + batch_size]
            found: dict[int, list[TokenSpan]] = {}
            by_length = sorted(batch, key=len)
            step = max(batch_size // 4, 2)
            for sub in range(0, len(by_length), step):
                subbatch = by_length[sub : sub + step]
                for doc, spans in zip(subbatch, self._decode(subbatch), strict=True):
                    found[id(doc)] = spans
            for doc in batch:
                yield doc, found[id(doc)]

    def _decode(self, docs: list[Any]) -> list[list[TokenSpan]]:
        # The documents are made here from texts: no entity is preset on them, which spaCy's
        # moves would have to respect.
        if not any(len(doc) for doc in docs):
            return [[] for _ in docs]
        # (tokens + 1, features, hiddens, pieces); row 0 is the padding.
        if self.network is not None:
            cached = self.network.predict(docs)
        else:
            cached = self.lower.predict(self.tok2vec.predict(docs))
        closed = self._closed_scores(cached)
        result: list[list[TokenSpan]] = []
        offset = 0
        for doc in docs:
            result.append(self._decode_doc(doc, cached, closed, offset))
            offset += len(doc)
        return result

    def _closed_scores(self, cached: NDArray[np.float32]) -> NDArray[np.float32]:
        """Scores of the state at each token with no entity open: the token's first feature,
        padding for the other two."""
        pre = cached[1:, 0] + cached[0, 1]
        pre += cached[0, 2]
        pre += self.lower_b
        return self._scores(pre)

    def _scores(self, pre: NDArray[np.float32]) -> NDArray[np.float32]:
        """Output-layer scores of states' summed features (rows): maxout, then the layer."""
        # The maxout piece by piece: the same values as ``pre.max(axis=2)`` (a maximum is
        # exact), without numpy's reduction over a last axis of two, which cost 35 times more.
        hidden = pre[..., 0].copy()
        for piece in range(1, pre.shape[2]):
            np.maximum(hidden, pre[..., piece], out=hidden)
        # blis sums each product's terms in the same order whatever the number of rows
        # (checked: one row at a time, as spaCy's loop multiplies, gives the same bits);
        # numpy's BLAS would not give spaCy's bits.
        scores: NDArray[np.float32] = self.ops.gemm(hidden, self.upper_w, trans2=True)
        scores += self.upper_b
        return scores

    def _decode_doc(
        self,
        doc: Any,
        cached: NDArray[np.float32],
        closed: NDArray[np.float32],
        offset: int,
    ) -> list[TokenSpan]:
        length = len(doc)
        if not length:
            return []
        moves = self.moves
        flags = doc.to_array(self.flag_attrs)
        sent_start = flags[:, 0] == 1
        space = flags[:, 1] == 1
        # The next token starts a sentence, or there is none: no entity may run on.
        stops = np.ones(length, dtype=bool)
        stops[:-1] = sent_start[1:]
        stops[-1] = True
        # The best valid move from a closed state at each token: B- where an entity may run
        # on, U- on a word, O always — the first of the best in class order, as spaCy picks.
        valid = np.broadcast_to(moves.out, (length, moves.out.size)).copy()
        valid |= moves.unit & ~space[:, None]
        valid |= moves.begin & ~(space | stops)[:, None]
        scores = np.where(valid, closed[offset : offset + length], -np.inf)
        best = scores.argmax(axis=1)
        opening = np.flatnonzero(~moves.out[best]).tolist()
        spans: list[TokenSpan] = []
        position = 0
        for token in opening:
            if token < position:
                continue
            move = int(best[token])
            label = moves.label_of[move]
            if moves.kind[move] == _UNIT:
                spans.append((token, token + 1, label))
                position = token + 1
                continue
            position = self._run_on(cached, offset, token, label, stops)
            spans.append((token, position, label))
        return spans

    def _run_on(
        self,
        cached: NDArray[np.float32],
        offset: int,
        start: int,
        label: str,
        stops: NDArray[np.bool_],
    ) -> int:
        """The end of the entity opened at ``start``: at each next token I- continues it
        (where it may run on) and L- closes it, whichever of the two scores best (the first
        in class order on a tie)."""
        first, second = sorted((self.moves.in_class[label], self.moves.last_class[label]))
        last_class = self.moves.last_class[label]
        entity_first = cached[offset + start + 1, 1]
        token = start + 1
        while not stops[token]:
            pre = cached[offset + token + 1, 0] + entity_first
            pre += cached[offset + token, 2]  # the token before, spaCy's third feature
            pre += self.lower_b
            scores = self._scores(pre[None])[0]
            winner = second if scores[second] > scores[first] else first
            if winner == last_class:
                break
            token += 1
        return token + 1
