"""The analysed corpus of one Timeline17 topic, made once and cached.

Each article goes through storyline's own per-article stages (``pipeline.process_input``: the
same extraction, sentences, entities and time expressions as a build), with its folder date
given as sidecar metadata — news-tls also takes the folder date as the publication date. The
result (articles, sentences, mentions, time mentions and sentence embeddings) is pickled under
the cache folder, keyed by the topic's files and the stage versions, so that re-running the
evaluation only redoes the corpus-wide work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import pickle
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from storyline.evals.t17 import T17Article
from storyline.ingest.furniture import with_furniture
from storyline.ingest.types import RawInput
from storyline.link.corpus import Corpus
from storyline.pipeline import ArticleResult, BuildOptions, process_input, stage_versions

CACHE_VERSION = "1"


def raw_input(article: T17Article, root: Path) -> RawInput:
    """The article as a plain-text input with its folder date and outlet as sidecar metadata."""
    return RawInput(
        source=str(article.path.relative_to(root)),
        data=article.text.encode("utf-8"),
        media_type="text/plain",
        metadata={
            "date": article.published.isoformat(),
            "outlet": article.folder.split("_", 1)[-1],
            "language": "en",
        },
    )


def cache_key(inputs: Sequence[RawInput]) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update(repr(sorted(stage_versions().items())).encode())
    for raw in inputs:
        digest.update(raw.source.encode())
        digest.update(hashlib.sha256(raw.data).digest())
        digest.update(repr(sorted(raw.metadata.items())).encode())
        digest.update(repr(sorted(raw.furniture)).encode())
    return digest.hexdigest()[:16]


def analysed_corpus(
    inputs: Sequence[RawInput], collected_on: dt.date, cache: Path | None, workers: int = 2
) -> Corpus:
    """The corpus of ``inputs`` after the per-article stages and with every sentence embedded,
    read from ``cache`` when it holds this exact input set. Each site's furniture is learnt
    from the inputs, as a build learns it from what it reads."""
    inputs = with_furniture(inputs)
    path = cache / f"corpus-{cache_key(inputs)}.pickle" if cache is not None else None
    if path is not None and path.is_file():
        with path.open("rb") as handle:
            parts = pickle.load(handle)
        corpus = Corpus(*parts[:6])
        _restore_vectors(corpus, parts[6])
        return corpus
    corpus = Corpus({}, {}, {}, {}, {}, {})
    options = BuildOptions(collected_on=collected_on, workers=workers)
    for result in _process(inputs, options, workers):
        article = result.state.get("article")
        if article is None or article.id in corpus.articles:
            continue  # a failed input, or the same text filed twice
        corpus.articles[article.id] = article
        corpus.sentences[article.id] = list(result.state.get("sentences", []))
        for kind in ("mentions", "time_mentions", "quotes", "figures"):
            getattr(corpus, kind)[article.id] = list(result.state.get(kind, []))
    corpus.articles = dict(sorted(corpus.articles.items()))
    corpus.prefetch(list(corpus.articles))
    # Every sentence is saved with its vector: embed them in one batch, not article by article.
    corpus.prefetch_sentences(
        [(a, i) for a, sentences in corpus.sentences.items() for i in range(len(sentences))]
    )
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        parts = (
            corpus.articles,
            corpus.sentences,
            corpus.mentions,
            corpus.time_mentions,
            corpus.quotes,
            corpus.figures,
            {a: corpus.sentence_vectors(a) for a in corpus.articles},
        )
        partial = path.with_suffix(".partial")
        with partial.open("wb") as handle:
            pickle.dump(parts, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    return corpus


def _restore_vectors(corpus: Corpus, vectors: dict[str, np.ndarray]) -> None:
    # The corpus also looks vectors up by the text embedded (an article's gist is its title and
    # first sentences): give it those too, or the first stage embeds them all again.
    by_text: dict[str, np.ndarray] | None = getattr(corpus, "_vectors", None)
    for article_id, rows in vectors.items():
        saved = np.asarray(rows, dtype=np.float32)
        corpus._sentence_vectors[article_id] = saved
        if by_text is not None:
            for sentence, vector in zip(corpus.sentences.get(article_id, []), saved, strict=False):
                by_text.setdefault(sentence.text, vector)


def _process(
    inputs: Sequence[RawInput], options: BuildOptions, workers: int
) -> Iterator[ArticleResult]:
    if workers <= 1 or len(inputs) < 8:
        for raw in inputs:
            yield process_input(raw, options)
        return
    from storyline.pipeline import warm_worker

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=warm_worker) as pool:
        yield from pool.map(process_input, inputs, [options] * len(inputs), chunksize=4)
