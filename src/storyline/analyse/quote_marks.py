"""Quotation marks: which stretches of an article are enclosed in quotes, in every style.

Handled: straight ``"…"``, English ``“…”`` and ``‘…’``, guillemets ``«…»`` and ``‹…›``, German
``„…“``; nested quotes (``«"…"»``, ``“… ‘…’ …”``); quotes that run across paragraphs, in the
news convention where each paragraph of a long quote opens with a mark and only the last one
closes; and a paragraph break that falls inside a sentence ("in a\\n\\ncourt declaration", a
scraping accident), which does not end a quote.

The scanner keeps a stack of open marks. A closing mark closes the nearest open mark it matches
and discards anything opened after it and never closed. An opening mark that is still open at the
end of its paragraph is dropped unless the quote continues (the next paragraph opens with the same
mark, or the break is a soft one inside a sentence): «"We cannot falter …," he said. keeps the
inner quote and drops the stray «. Straight double quotes are told apart by what is next to them
(a space or an opening bracket before an opener; a space or punctuation after a closer); ’ is a
closer only when a ‘ is open and it is not an apostrophe between two letters (don’t, Wednesday’s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from storyline.analyse.sentences import split_paragraphs

#: Opening mark → the closing marks that end it.
_CLOSERS: dict[str, str] = {
    '"': '"',
    "“": "”",
    "«": "»",
    "„": "“”",
    "‘": "’",
    "‹": "›",
    "”": "”",  # Swedish/Finnish style ”…”, only used when no “ is open
}
_MARKS = frozenset('"“”«»„‘’‹›')
#: Any of the marks: a paragraph's marks are found by it, not by a look at every character.
_MARK = re.compile("[" + re.escape("".join(sorted(_MARKS))) + "]")
_OPENING_CHARS = "“«„‘‹"
_BEFORE_OPENER = "([{—–-/" + _OPENING_CHARS + '"'
_AFTER_CLOSER = ",.;:!?)]}—–-…" + "”»’›\"'"
_TERMINAL = '.!?:;"”’»)…'
#: Give up on a quote that runs over this many characters without closing: a stray mark.
_MAX_QUOTE_CHARS = 6000


@dataclass(frozen=True)
class QuotedSpan:
    """Text between an opening mark at ``open_pos`` and its closing mark at ``close_pos``.

    ``start``/``end`` bound the content (inside the marks, white space trimmed); ``depth`` is 0
    for a quote not inside another one; ``paragraphs`` counts the paragraphs it spans.
    """

    open_pos: int
    close_pos: int
    start: int
    end: int
    open_mark: str
    close_mark: str
    depth: int
    paragraphs: int = 1


@dataclass
class _Open:
    mark: str
    pos: int
    paragraph: int


def _typewriter_marks(text: str) -> str:
    """Typewriter quotes (``''…,''`` in wire archives, Penn Treebank's ````…''``) as curly
    ones, two characters for two so that every offset stays and each mark sits where the
    second character was: an opener becomes `` “`` and a closer `` ”``."""
    if "''" not in text and "``" not in text:
        return text

    def curly(match: re.Match[str]) -> str:
        i = match.start()
        before = text[i - 1] if i else " "
        if match.group(0) == "``" or before.isspace() or before in "([{—–-":
            return " “"
        return " ”"

    return re.sub(r"``|''", curly, text)


def find_quoted_spans(text: str, nested: bool = False) -> list[QuotedSpan]:
    """The quoted stretches of ``text`` in order; only outermost ones unless ``nested``."""
    return list(_quoted_spans(text, nested))


@lru_cache(maxsize=4)
def _quoted_spans(text: str, nested: bool) -> tuple[QuotedSpan, ...]:
    """find_quoted_spans, kept for the last few texts: a build's quote reading asks for one
    article's up to three times (the rule reader, the cue model, the rule reader again)."""
    return tuple(_find_quoted_spans(text, nested))


def _find_quoted_spans(text: str, nested: bool = False) -> list[QuotedSpan]:
    text = _typewriter_marks(text)
    paragraphs = split_paragraphs(text)
    stack: list[_Open] = []
    found: list[QuotedSpan] = []
    skip = -1  # the continuation mark opening a paragraph of a multi-paragraph quote
    for index, (p_start, p_end) in enumerate(paragraphs):
        for mark in _MARK.finditer(text, p_start, p_end):
            i = mark.start()
            if i == skip:
                continue
            if stack and i - stack[0].pos > _MAX_QUOTE_CHARS:
                stack.clear()
            _scan_mark(text, i, p_start, p_end, index, stack, found)
        if not stack:
            continue
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if following is None:
            stack.clear()
            continue
        first = text[following[0]]
        if _soft_break(text, p_end, following[0]):
            continue  # a sentence cut by a stray blank line: the quote goes on
        outer = stack[0]
        if (first in _CLOSERS and first == outer.mark) or (first == "“" and outer.mark == "“"):
            del stack[1:]
            skip = following[0]
            continue
        stack.clear()
    spans = [_trimmed(text, span) for span in found]
    spans = [s for s in spans if s.end > s.start]
    spans.sort(key=lambda s: (s.open_pos, -s.close_pos))
    if nested:
        return spans
    outermost: list[QuotedSpan] = []
    for span in spans:
        if outermost and span.open_pos < outermost[-1].close_pos:
            continue
        outermost.append(span)
    return outermost


def _scan_mark(
    text: str,
    i: int,
    p_start: int,
    p_end: int,
    paragraph: int,
    stack: list[_Open],
    found: list[QuotedSpan],
) -> None:
    char = text[i]
    before = text[i - 1] if i > p_start else " "
    after = text[i + 1] if i + 1 < p_end else " "
    opens = before.isspace() or before in _BEFORE_OPENER
    closes = after.isspace() or after in _AFTER_CLOSER
    if char == '"':
        if _find_open(stack, char) is not None and (closes or not opens):
            _close(text, i, char, stack, found, paragraph)
        elif opens or not closes:
            stack.append(_Open(char, i, paragraph))
        return
    if char == "“":
        if _find_open(stack, char) is not None and (closes or not opens):
            _close(text, i, char, stack, found, paragraph)  # closes a „
        else:
            stack.append(_Open(char, i, paragraph))
        return
    if char == "”":
        if _find_open(stack, char) is not None:
            _close(text, i, char, stack, found, paragraph)
        elif opens and not closes:
            stack.append(_Open(char, i, paragraph))
        return
    if char in "«„‹":
        stack.append(_Open(char, i, paragraph))
        return
    if char == "‘":
        if not after.isdigit():  # ‘90s, not a quote
            stack.append(_Open(char, i, paragraph))
        return
    if char == "’":
        apostrophe = before.isalnum() and after.isalpha()
        if not apostrophe and _find_open(stack, char) is not None:
            _close(text, i, char, stack, found, paragraph)
        return
    if char in "»›" and _find_open(stack, char) is not None:
        _close(text, i, char, stack, found, paragraph)


def _find_open(stack: list[_Open], closer: str) -> int | None:
    for k in range(len(stack) - 1, -1, -1):
        if closer in _CLOSERS.get(stack[k].mark, ""):
            return k
    return None


def _close(
    text: str, i: int, closer: str, stack: list[_Open], found: list[QuotedSpan], paragraph: int
) -> None:
    k = _find_open(stack, closer)
    if k is None:
        return
    opened = stack[k]
    found.append(
        QuotedSpan(
            open_pos=opened.pos,
            close_pos=i,
            start=opened.pos + 1,
            end=i,
            open_mark=opened.mark,
            close_mark=closer,
            depth=k,
            paragraphs=paragraph - opened.paragraph + 1,
        )
    )
    del stack[k:]


def _soft_break(text: str, p_end: int, next_start: int) -> bool:
    """A paragraph break inside a sentence: the paragraph does not end a sentence and the next
    one goes on in lower case or with a number ("in a\\n\\ncourt", "almost\\n\\n11 million")."""
    last = text[p_end - 1] if p_end > 0 else "."
    first = text[next_start] if next_start < len(text) else "A"
    return last not in _TERMINAL and (first.islower() or first.isdigit())


def _trimmed(text: str, span: QuotedSpan) -> QuotedSpan:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuotedSpan(
        span.open_pos,
        span.close_pos,
        start,
        end,
        span.open_mark,
        span.close_mark,
        span.depth,
        span.paragraphs,
    )
