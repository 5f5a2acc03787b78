"""Sentence and paragraph splitting with exact character spans.

A rule-based splitter rather than a parser: it is fast, deterministic, works the same for
every language written with full stops and spaces (and at Chinese and Japanese full stops),
and its spans are exact offsets into the clean text, which is what citations need. It knows
news abbreviations (U.S., Nov., Mr., Gov.) and does not split inside quotations that run on
("... now," he said.).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.analyse.letters import CAPITAL, UNCASED
from storyline.models import Sentence

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev hon pres st sr jr mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    sun inc ltd corp co bros dept univ est approx vs etc no nos fig vol ed eds u.s u.k u.n
    e.u d.c u.s.a p.m a.m e.g i.e sra sr srta dña
    """.split()
)

# A blank line always ends a paragraph; a single line break does when the line before ends a
# sentence (one paragraph a line, as scraped text often has); otherwise it is a wrapped line.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*|(?<=[.!?:\"”’»)。！？])[ \t]*\n\s*")
# A sentence ends at . ! ? (optionally followed by closing quotes or brackets) and white space,
# when the next visible character can start a sentence: a capital of any script, a digit, or
# a letter of a script without capitals; at Chinese and Japanese full stops, which need no
# space after them; and at the Arabic question mark and the Devanagari danda.
# The pattern starts with the stop itself (one character, which the sentence keeps), so that
# the search skips straight to the stops instead of looking behind at every character; the
# stops of other scripts are looked for only in text that has them (an alternation that
# starts with them takes that skip away: twice the time on English text).
_BOUNDARY = re.compile(
    rf"""[.!?]["'”’»)\]]*\s+(?=["'“‘«(\[¿¡]?[0-9{CAPITAL[1:-1]}{UNCASED[1:-1]}])"""
)
_OTHER_STOPS = "。！？؟।"
_BOUNDARY_ANY_STOP = re.compile(rf"{_BOUNDARY.pattern}|[。！？][”’」』）)]*\s*(?=\S)|[؟।]\s+")
#: A sentence longer than this is cut into pieces of at most this many characters, at a line
#: break, a semicolon, a comma or a space in the second half of each. The longest sentence of
#: Timeline17's 135,825 is 1,665 characters (a biography's list run together); a longer one
#: is text without full stops (a dump of captions, a page of a script written without them),
#: and reading a sentence for quotes, tense and names costs in proportion to its length for
#: each of its cue words: a 10,000-word text without a stop took 13 s to analyse, and one of
#: 400,000 words (2.5 MB, under the input limit) would have taken hours.
MAX_SENTENCE_CHARS = 2_000
# Where a long sentence is best cut, most preferred first.
_CUTS = ("\n", "; ", ", ", " ")
# The word before a full stop, in any script ("Gov.", "г." of "2020 г.").
_WORD_BEFORE = re.compile(r"([^\W\d_](?:[^\W\d_]|\.)*)\.$")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``text`` (runs separated by a blank line), trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _append_trimmed(text, pos, match.start(), spans)
        pos = match.end()
    _append_trimmed(text, pos, len(text), spans)
    return spans


def split_sentences(article_id: str, text: str) -> list[Sentence]:
    """Every sentence of ``text`` with its span, its index and the paragraph it belongs to."""
    sentences: list[Sentence] = []
    for paragraph_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        for start, end in _sentence_spans(text, p_start, p_end):
            sentences.append(
                Sentence(
                    article_id=article_id,
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=text[start:end],
                    paragraph=paragraph_index,
                )
            )
    return sentences


def usable_sentences(article_id: str, text: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    """The given sentences in text order when they fit the text (an analyser may be handed
    sentences of another version of it); otherwise the text split again."""
    ordered = sorted(sentences, key=lambda s: s.start)
    if ordered and all(
        0 <= s.start < s.end <= len(text) and text[s.start : s.end] == s.text for s in ordered
    ):
        return ordered
    return split_sentences(article_id, text)


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    chunk = text[start:end]
    boundary = _BOUNDARY_ANY_STOP if any(c in chunk for c in _OTHER_STOPS) else _BOUNDARY
    for match in boundary.finditer(chunk):
        cut = start + match.start() + 1  # after the stop
        if _ends_with_abbreviation(text[pos:cut]):
            continue
        _append_cut(text, pos, cut, spans)
        pos = start + match.end()
    _append_cut(text, pos, end, spans)
    return spans


def _append_cut(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """The sentence ``text[start:end]``, trimmed, in pieces of at most ``MAX_SENTENCE_CHARS``."""
    while end - start > MAX_SENTENCE_CHARS:
        low, high = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
        found = (text.rfind(mark, low, high) for mark in _CUTS)
        cut = next((at + 1 for at in found if at >= 0), high)  # after the mark's first char
        _append_trimmed(text, start, cut, spans)
        start = cut
    _append_trimmed(text, start, end, spans)


def _ends_with_abbreviation(fragment: str) -> bool:
    # Only the fragment's end is looked at: the search would otherwise try every position of
    # the sentence before it; no abbreviation is longer.
    stripped = fragment[-40:].rstrip("\"'”’»)] ")
    match = _WORD_BEFORE.search(stripped)
    if not match:
        return False
    word = match.group(1).lower()
    if word in _ABBREVIATIONS:
        return True
    # Single initials ("John F. Kennedy") and dotted acronyms ("U.S.") do not end sentences
    # unless the acronym closes the sentence, which we cannot tell apart cheaply; keeping
    # them together costs less than cutting a name in two.
    return len(word) == 1 or (word.count(".") >= 1 and len(word.replace(".", "")) <= 3)


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
