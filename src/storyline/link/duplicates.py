"""Copies, rewrites and translations: articles that are not independent sources.

- exact: the same text once white space and case are folded;
- near: MinHash LSH over word 5-gram shingles finds pairs with Jaccard ≥ 0.6;
- rewrite / translation: most sentences of the shorter article have a counterpart in the other
  with multilingual-embedding cosine ≥ 0.75 (works across languages, where shingles see nothing),
  or — for a rewrite that rephrased every sentence — its closest sentences still nearly match
  (mean of the top five alignments ≥ 0.65) and it shares most of its specifics (names and
  numbers, which survive rewording and translation).
Both tests read every sentence's embedding, the costliest thing here; a candidate pair must first
share at least ``CANDIDATE_SPECIFICS`` of its specifics. Among the 2,848 candidate pairs of 300
Timeline17 articles every confirmed pair shared 0.5 or more, and this filter left 648 pairs to
embed and align (the seed story's translation pair shares 0.63).
Rewrites and translations are looked for only among articles published within
``REWRITE_DAYS`` of each other: news is rewritten in its own news cycle, and reports of one topic
weeks apart share background sentences and names enough to pass both tests.
Each dependent article points at an original it is itself paired with: the earliest published
(ties: the longer text, then the smaller id) of those that copy nothing, so the result is
stable whatever the input order. Pairs are never chained: an article paired only with copies
stays an original.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from itertools import groupby
from typing import TYPE_CHECKING, TypeVar

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.ingest.clean import SECONDHAND_NOTE
from storyline.models import Article, Duplicate

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus

T = TypeVar("T")

SHINGLE = 5
NEAR_JACCARD = 0.6
ARTICLE_COSINE = 0.6
SENTENCE_COSINE = 0.75
ALIGNED_SHARE = 0.4
TOP_ALIGNMENT = 0.65
SHARED_SPECIFICS = 0.5
CANDIDATE_SPECIFICS = 0.3
#: A rewrite or translation appears within this many days of what it rewrites: news is
#: rewritten in its own news cycle. Reports of one topic weeks apart share background
#: sentences and names, and were taken for rewrites of each other (on Timeline17 most
#: "rewrite" pairs lay a month or more apart).
REWRITE_DAYS = 7
PERMUTATIONS = 128


def _banding() -> tuple[int, int]:
    """datasketch's banding for ``NEAR_JACCARD``: (bands, rows per band)."""
    lsh = MinHashLSH(threshold=NEAR_JACCARD, num_perm=PERMUTATIONS)
    return int(lsh.b), int(lsh.r)


_BANDS, _ROWS = _banding()
#: Candidates aligned with one article in one matrix product (bounds its memory).
ALIGN_CHUNK = 64
#: Articles whose stacked sentence vectors the alignments keep at hand (about 60 kB each).
STACKED_ARTICLES = 1024
#: A capitalised run (its words on one line: a name does not go on across a line break) or a
#: number.
_SPECIFIC = re.compile(r"\b[A-ZÁÉÍÓÚÑ][\w-]+(?:[^\S\n][A-ZÁÉÍÓÚÑ][\w-]+)*|\d[\d,.]*\d|\d")
#: What a sentence's first word follows: the text's or a line's start, or a sentence's end
#: (closing quotes and brackets after it), then spaces and opening quotes or brackets.
_OPENS_SENTENCE = re.compile(r"(?:\A|\n|[.!?][\"'”’»)\]]*[^\S\n])[^\S\n]*[\"'“‘«(\[]*\Z")
#: How far back a sentence's opening is looked for (spaces and quotes before the word).
_OPENING_REACH = 12


def specifics(text: str) -> frozenset[str]:
    """Names (capitalised runs not opening a sentence or a paragraph) and numbers: what
    rewording keeps. A paragraph's first word is no name: "The", "But" and "We" opening
    paragraphs were specifics every article shared."""
    return frozenset(
        m.group(0).casefold()
        for m in _SPECIFIC.finditer(text)
        if not (m.group(0)[0].isalpha() and _opens_sentence(text, m.start()))
    )


def _opens_sentence(text: str, start: int) -> bool:
    return _OPENS_SENTENCE.search(text, max(0, start - _OPENING_REACH), start) is not None


def specifics_hashes(found: frozenset[str]) -> frozenset[int]:
    """The specifics as CRC-32 hashes: what :func:`shared_specifics` compares, a few bytes
    per name instead of the name."""
    return frozenset(zlib.crc32(s.encode()) for s in found)


def specifics_key(found: frozenset[str]) -> bytes:
    """The specifics' hashes, sorted, as bytes to keep (no text to read back to compare two
    articles)."""
    return np.asarray(sorted(specifics_hashes(found)), dtype=np.uint32).tobytes()


def specifics_from_key(key: bytes) -> frozenset[int]:
    return frozenset(int(h) for h in np.frombuffer(key, dtype=np.uint32))


def published_near(a: Article, b: Article, days: int = REWRITE_DAYS) -> bool:
    """Whether the two may have been published within ``days`` of each other (an article with
    no known date may have been)."""
    first, second = a.published.interval, b.published.interval
    if first is None or second is None:
        return True
    return (max(first.start, second.start) - min(first.end, second.end)).days <= days


def shared_specifics(a: AbstractSet[object], b: AbstractSet[object]) -> float:
    """Overlap coefficient: the share of the smaller set found in the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def top_alignment(best: np.ndarray, k: int = 5) -> float:
    """Mean cosine of the k best-aligned sentences of the shorter article (``best``: each of
    its sentences' closest cosine in the other, from :func:`best_alignments`)."""
    if len(best) == 0:
        return 0.0
    return float(np.sort(best)[-k:].mean())


def aligned_share(best: np.ndarray) -> float:
    """Share of the shorter article's sentences with a close counterpart in the other."""
    if len(best) == 0:
        return 0.0
    return float((best >= SENTENCE_COSINE).mean())


def best_alignments(va: np.ndarray, others: Sequence[np.ndarray]) -> list[np.ndarray]:
    """For each article of ``others``: the closest cosine, in the other article, of each
    sentence of whichever of the two is shorter. One matrix product for all of ``others``
    (many small products cost several times more than one large one)."""
    if not others:
        return []
    sizes = [len(vb) for vb in others]
    if len(va) == 0 or sum(sizes) == 0:
        return [np.zeros(0, dtype=np.float32) for _ in others]
    similar = va @ np.vstack(others).T
    result: list[np.ndarray] = []
    start = 0
    for size in sizes:
        block = similar[:, start : start + size]
        start += size
        if size == 0:
            result.append(np.zeros(0, dtype=np.float32))
        else:
            result.append(block.max(axis=1) if len(va) <= size else block.max(axis=0))
    return result


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def minhash(text: str) -> MinHash:
    return minhash_of_words(words_of(text))


def minhash_of_words(words: Sequence[str]) -> MinHash:
    """:func:`minhash` of the text these are the words of (``words_of``)."""
    shingles = [
        shingle.encode()
        for shingle in {
            " ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))
        }
    ]
    mh = MinHash(num_perm=PERMUTATIONS, seed=7)
    # A numpy pass per part (same hashes: each keeps the least): one pass over a 100,000-word
    # page made several matrices of a shingle by a permutation, 50 MB each.
    for start in range(0, len(shingles), MINHASH_PART):
        mh.update_batch(shingles[start : start + MINHASH_PART])
    return mh


#: Shingles hashed in one numpy pass.
MINHASH_PART = 8192


def band_keys(mh: MinHash) -> list[str]:
    """The MinHash's LSH band keys, banded as datasketch bands for ``NEAR_JACCARD``: two
    texts are near-copy candidates when they share a key. Kept in the store, so that a new
    article finds its candidates by lookup (incremental linking)."""
    values = mh.hashvalues
    keys = []
    for band in range(_BANDS):
        digest = hashlib.sha1(values[band * _ROWS : (band + 1) * _ROWS].tobytes()).hexdigest()
        keys.append(f"{band}:{digest[:16]}")
    return keys


def exact_key(text: str) -> str:
    """The key of a text up to white space and case: equal keys are exact copies."""
    return exact_key_of_words(words_of(text))


def exact_key_of_words(words: Sequence[str]) -> str:
    """:func:`exact_key` of the text these are the words of (``words_of``)."""
    return "x:" + hashlib.sha1(" ".join(words).encode()).hexdigest()


def estimated_jaccard(a: MinHash, b: MinHash) -> float:
    return round(float(a.jaccard(b)), 3)


def find_duplicates(corpus: Corpus) -> list[Duplicate]:
    articles: dict[str, Article] = corpus.articles
    ids = sorted(articles)
    pairs: dict[tuple[str, str], tuple[str, float]] = {}
    # Exact copies.
    by_hash: dict[str, list[str]] = {}
    for article_id in ids:
        by_hash.setdefault(corpus.exact_key(article_id), []).append(article_id)
    for group in by_hash.values():
        # Each copy is paired with the group's original itself: none is left paired only
        # with another copy (``_point_at_originals`` follows no chains).
        first = min(group, key=lambda a: original_rank(articles[a]))
        for other in group:
            if other != first:
                pairs[(min(first, other), max(first, other))] = ("exact", 1.0)
    # Near copies: articles sharing an LSH band, confirmed by their estimated Jaccard.
    hashes = {a: corpus.minhash(a) for a in ids}
    in_band: dict[str, list[str]] = {}
    for article_id in ids:
        keys = band_keys(hashes[article_id])
        corpus.band_keys[article_id] = keys
        sharing = dict.fromkeys(o for k in keys for o in in_band.get(k, ()))
        for other in sharing:
            key = (other, article_id)
            if key not in pairs:
                pairs[key] = ("near", estimated_jaccard(hashes[article_id], hashes[other]))
        for k in keys:
            in_band.setdefault(k, []).append(article_id)
    # Rewrites and translations: candidates by article gist, confirmed by sentence alignment.
    if len(ids) > 1:
        rows = _candidate_rows(corpus, ids, pairs)
        # Every sentence the alignments read, embedded before the first is made: in the
        # batches reading them one article at a time would make (the same vectors), but on
        # every thread the build gives embedding.
        corpus.prefetch_sentence_vectors(
            [read for a, chunk in rows for read in [*(b for b, _ in chunk), a]]
        )
        # An article is a candidate in many rows (a topic's articles are all close): its
        # sentences' matrix is stacked once for a while rather than once per row.
        vectors_of = lru_cache(maxsize=STACKED_ARTICLES)(corpus.sentence_vectors)
        for a, chunk in rows:
            others = [vectors_of(b) for b, _ in chunk]
            aligned = best_alignments(vectors_of(a), others)
            for (b, shared), best in zip(chunk, aligned, strict=True):
                share = aligned_share(best)
                rephrased = top_alignment(best) >= TOP_ALIGNMENT and shared >= SHARED_SPECIFICS
                if share >= ALIGNED_SHARE or rephrased:
                    same_language = articles[a].language == articles[b].language
                    kind = "rewrite" if same_language else "translation"
                    pairs[(a, b)] = (kind, round(share, 3))
    return _point_at_originals(articles, pairs)


def _candidate_rows(
    corpus: Corpus, ids: list[str], pairs: dict[tuple[str, str], tuple[str, float]]
) -> list[tuple[str, list[tuple[str, float]]]]:
    """The rewrite and translation candidates, as the alignments take them: an article with
    up to ``ALIGN_CHUNK`` later ones (and their shared specifics) at a time, in id order.
    Close gists and enough shared specifics make a candidate; pairs already found as copies
    are not one. What the alignments find adds no pair these look up (each names its row's
    own article first), so every candidate is known before the first alignment."""
    gists = np.vstack([corpus.article_vector(a) for a in ids])
    rows: list[tuple[str, list[tuple[str, float]]]] = []
    for i, row in groupby(_similar_pairs(gists, ARTICLE_COSINE), key=lambda p: p[0]):
        a = ids[i]
        candidates: list[tuple[str, float]] = []
        for _, j in row:
            b = ids[j]
            if (a, b) in pairs:
                continue
            if not published_near(corpus.articles[a], corpus.articles[b]):
                continue
            shared = shared_specifics(corpus.specifics(a), corpus.specifics(b))
            if shared >= CANDIDATE_SPECIFICS:
                candidates.append((b, shared))
        rows.extend((a, chunk) for chunk in _chunks(candidates, ALIGN_CHUNK))
    return rows


def _similar_pairs(gists: np.ndarray, floor: float, block: int = 1024) -> Iterator[tuple[int, int]]:
    """Pairs i < j with gist cosine ≥ ``floor``, in (i, j) order; rows a block at a time so
    that memory stays linear in the number of articles."""
    for first in range(0, len(gists), block):
        similar = gists[first : first + block] @ gists.T
        rows, cols = np.nonzero(similar >= floor)
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
            if col > first + row:
                yield first + row, col


def _chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _point_at_originals(
    articles: dict[str, Article], pairs: dict[tuple[str, str], tuple[str, float]]
) -> list[Duplicate]:
    """Each article depends on the earliest original (``original_rank``) it is itself paired
    with, never through a chain of pairs: in a topic's coverage A resembles B, B resembles C
    and so on, and following the chain made one article the "original" of hundreds it shares
    nothing with (624 of the 1,460 oil-spill articles of Timeline17). An article paired only
    with other copies stays an original: it is not known to copy the first."""
    partners: dict[str, dict[str, tuple[str, float]]] = {}
    for (a, b), relation in pairs.items():
        partners.setdefault(a, {})[b] = relation
        partners.setdefault(b, {})[a] = relation
    order = sorted(partners, key=lambda a: original_rank(articles[a]))
    rank = {a: i for i, a in enumerate(order)}
    originals: set[str] = set()
    result: list[Duplicate] = []
    for member in order:
        earlier = [o for o in partners[member] if o in originals]
        if not earlier:
            originals.add(member)
            continue
        original = min(earlier, key=rank.__getitem__)
        kind, similarity = partners[member][original]
        result.append(Duplicate(member, original, kind, similarity))  # type: ignore[arg-type]
    return sorted(result, key=lambda d: d.article_id)


def original_rank(article: Article) -> tuple[str, bool, int, str]:
    """Of a group of copies, the lowest is the original: the earliest, then one that does not
    say it is secondhand (republished, or put together from other outlets' reports), then
    the longest."""
    interval = article.published.interval
    day = (interval.best or interval.start).isoformat() if interval else "9999-12-31"
    secondhand = any(span.reason == SECONDHAND_NOTE for span in article.removed)
    return (day, secondhand, -len(article.text), article.id)
