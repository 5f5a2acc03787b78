"""Where NER runs: on the sentences whose names the product reads; elsewhere names are matched.

NER is by far the slowest analysis (under 10,000 words per CPU-second for spaCy's small
English model, against tens or hundreds of thousands for the rule-based ones). The names the
later stages read sit in a few kinds of sentence:

- the lead, where an article introduces its people in full, with their roles;
- sentences with speech (quotation marks, a reporting verb, "according to") and the sentence
  before each: speakers and the names their pronouns point back to;
- sentences with a figure or a date: a figure's place, a dated happening's participants.

Everywhere else a name is, in news writing, almost always one introduced earlier. So NER runs on
the selected sentences (joined into runs, so that the model still sees context), and the names
it finds — their exact surfaces, and a person's surname — are then found again over the whole
text by matching. ``storyline.analyse.entities`` does both; ``bench/ner_scope.py`` measures
what this keeps of the full tagging and the time it saves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.analyse.numbers import SCALES, VAGUE_MAGNITUDES
from storyline.analyse.quotes import speech_cues
from storyline.analyse.timex_lexicon import EN_MONTHS, ES_MONTHS, ES_WEEKDAYS, WEEKDAYS
from storyline.analyse.word_trie import trie_alternation
from storyline.models import Sentence

#: An article's opening sentences, tagged whatever they hold.
LEAD_SENTENCES = 3

# Both searches run on every sentence of every article: their word lists are written as tries
# (analyse/word_trie.py), which match what the flat lists, longest word first, match but
# several times faster.
_SPEECH_WORDS = [*speech_cues(), "spokesman", "spokeswoman", "spokesperson"]
_SPEECH = re.compile(
    r"[\"“”«»„]|\b" + trie_alternation(_SPEECH_WORDS) + r"\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = [w for w in SCALES if len(w) > 3] + [*VAGUE_MAGNITUDES, "dozen"]
_DATE_NAMES = [name.capitalize() for name in (*EN_MONTHS, *ES_MONTHS, *WEEKDAYS, *ES_WEEKDAYS)]
_FIGURE_OR_DATE_WORDS = [
    *_NUMBER_WORDS,
    *_DATE_NAMES,
    *"yesterday today tomorrow tonight ayer hoy mañana".split(),
]
_FIGURE_OR_DATE = re.compile(
    r"\d|\b" + trie_alternation(_FIGURE_OR_DATE_WORDS) + r"\b",
    re.IGNORECASE,
)


def _has_figure_or_date(text: str) -> bool:
    """A digit, a number word, or a month or weekday named with its capital ("May", not "may")."""
    match = _FIGURE_OR_DATE.search(text)
    while match:
        word = match.group(0)
        if word[:1].isupper() or word.capitalize() not in _DATE_NAMES:
            return True
        match = _FIGURE_OR_DATE.search(text, match.end())
    return False


def sentences_to_tag(sentences: Sequence[Sentence]) -> list[bool]:
    """For each sentence (in text order), whether NER should read it."""
    chosen = [False] * len(sentences)
    for index, sentence in enumerate(sentences):
        if index < LEAD_SENTENCES or _has_figure_or_date(sentence.text):
            chosen[index] = True
        elif _SPEECH.search(sentence.text):
            chosen[index] = True
            if index > 0:
                chosen[index - 1] = True
    return chosen


def runs_to_tag(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Character spans of ``text`` for NER: runs of consecutive chosen sentences, each run one
    span (so the model reads a chosen sentence with its chosen neighbours). Without sentences,
    the whole text."""
    if not sentences:
        return [(0, len(text))] if text.strip() else []
    ordered = sorted(sentences, key=lambda s: s.start)
    runs: list[tuple[int, int]] = []
    for sentence, chosen in zip(ordered, sentences_to_tag(ordered), strict=True):
        if not chosen:
            continue
        if runs and _adjacent(text, runs[-1][1], sentence.start):
            runs[-1] = (runs[-1][0], sentence.end)
        else:
            runs.append((sentence.start, sentence.end))
    return runs


def _adjacent(text: str, end: int, start: int) -> bool:
    """Only white space between the two: the next sentence follows on."""
    return start >= end and not text[end:start].strip()
