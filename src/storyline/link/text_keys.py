"""What linking reads of an article's text alone: duplicate detection its exact-copy key, its
MinHash and its specifics (``duplicates``), dating its words and their counts
(``dating_similar.words_to_bytes``). A build works them out in the processes that analyse the
articles and hands them to the one process that links the corpus, which would otherwise read
every text again on its own (about 2 ms an article, in the part of a build that runs on one
core). They depend on the text alone, so a kept one is what reading the text again gives."""

from __future__ import annotations

from dataclasses import dataclass

from datasketch import MinHash

from storyline.link.dating_similar import words_to_bytes
from storyline.link.duplicates import (
    exact_key_of_words,
    minhash_of_words,
    specifics,
    words_of,
)
from storyline.recent import Recent, text_digest


@dataclass(frozen=True)
class TextKeys:
    exact: str
    minhash: MinHash
    specifics: frozenset[str]
    #: ``words_to_bytes`` of the text: read twice by a full link (the dating of undated
    #: articles and each article's ``dating`` row), about 1 ms an article each time.
    dating_words: bytes


def text_keys(text: str) -> TextKeys:
    words = words_of(text)  # the exact key and the MinHash read the same words
    return TextKeys(
        exact_key_of_words(words), minhash_of_words(words), specifics(text), words_to_bytes(text)
    )


def keep_text_keys(text: str, keys: TextKeys) -> None:
    """Keep the keys another process worked out for this text."""
    _KEPT.put(text_digest(text).digest(), keys)


def kept_text_keys(text: str) -> TextKeys | None:
    """The keys kept for this text (:func:`keep_text_keys`), if any."""
    return _KEPT.get(text_digest(text).digest())


#: Enough for every article of a build of a few thousand; about 10 kB each on news pages.
_KEPT: Recent[TextKeys] = Recent(8192)
