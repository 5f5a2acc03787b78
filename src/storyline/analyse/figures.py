"""Figures: numbers that count or measure something, with their hedge ("more than"), unit,
what they count ("people apprehended on the Mexican border"), and the time and place stated.

A figure keeps its modifier because "more than 221,000" and "221,000" are not the same claim,
and what it counts because two outlets' figures can only be compared when they count the same
thing over the same period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.analyse.numbers import SCALES, VAGUE_AMOUNTS, WORD_NUMBERS, parse_number
from storyline.models import Figure, Mention, Sentence, TimeMention

_MODIFIER = (
    r"more\s+than|less\s+than|fewer\s+than|over|under|nearly|almost|about|around|roughly|"
    r"approximately|at\s+least|at\s+most|up\s+to|some|close\s+to|just\s+over|just\s+under|"
    r"an\s+estimated|as\s+many\s+as"
)
_WORDS = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_VAGUE = "|".join(sorted(VAGUE_AMOUNTS, key=len, reverse=True))
_SCALE = "|".join(SCALES)
_FIGURE = re.compile(
    rf"(?:(?P<mod>{_MODIFIER})\s+)?"
    rf"(?:(?P<vague>{_VAGUE})"
    rf"|(?P<cur>[$€£])\s?(?P<cnum>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<cscale>{_SCALE}|[mbk]n?)\b)?"
    rf"|(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<scale>{_SCALE})\b)?(?P<pct>\s?%|\s+percent\b)?"
    rf"|\b(?P<word>{_WORDS})(?:\s+(?P<wscale>{_SCALE})\b)?)",
    re.IGNORECASE,
)
_NOUN_PHRASE = re.compile(r"\s+((?:[a-zA-Z][\w-]*\s*){1,4})")
_NOT_COUNTED = frozenset(
    "senior top largest biggest main key other more of administration former new".split()
)
_STOP = frozenset(
    "the a an of in on at to for from by with and or but that which who whom whose as than "
    "is are was were be been has have had will would this these those its their his her our "
    "more most less said says told around across after before north south east west per each "
    "into onto over under".split()
)
_PLURAL_HEADS = frozenset("people children men women police staff personnel".split())
_TIME_UNITS = frozenset(
    "year years month months week weeks day days hour hours minute minutes second seconds "
    "decade decades century centuries".split()
)
_PLACE = re.compile(
    r"^\s+((?:on|at|along|in|across|into|to|from)\s+(?:the\s+)?(?:[\w.-]+\s+){0,3}"
    r"(?:border|frontier|[A-Z][\w.-]+)(?:\s+with\s+[A-Z][\w-]+)?)"
)
_VERB_BEFORE = re.compile(r"\b(\w+ed)\s+(?:(?:" + _MODIFIER + r")\s+)?$", re.IGNORECASE)


def find_figures(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    time_mentions: Sequence[TimeMention] = (),
    mentions: Sequence[Mention] = (),
) -> list[Figure]:
    """Every figure in ``text`` with value, modifier, unit, counted thing, time and place."""
    figures = []
    times = [(t.start, t.end) for t in time_mentions]
    names = [(m.start, m.end) for m in mentions]
    for sentence in sentences:
        for match in _FIGURE.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if any(s < end and start < e for s, e in times):
                continue  # part of a date or duration
            if not _stands_alone(text, start, end, match, names):
                continue
            figure = _figure(article_id, text, sentence, match, start, end, time_mentions, mentions)
            if figure is not None:
                figures.append(figure)
    return figures


def _stands_alone(
    text: str, start: int, end: int, match: re.Match[str], names: list[tuple[int, int]]
) -> bool:
    """Not a year, a code, an ordinal or part of a name ("Title 42", "COVID-19", "France 24")."""
    before, after = text[max(0, start - 1) : start], text[end : end + 2]
    if before in ("-", "#", "/") or (after[:1] in ("-", "/") and match.group("num")):
        return False
    if re.match(r"(?:st|nd|rd|th)\b", after):
        return False
    number = match.group("num")
    if number and re.fullmatch(r"(?:1[89]|20)\d\d", number) and not match.group("pct"):
        return False  # a year, not a count
    if any(s <= start < e for s, e in names):
        return False
    previous = re.search(r"([A-Z][\w-]*)\s+$", text[max(0, start - 30) : start])
    return not (number and previous and not match.group("mod"))


def _figure(
    article_id: str,
    text: str,
    sentence: Sentence,
    match: re.Match[str],
    start: int,
    end: int,
    time_mentions: Sequence[TimeMention],
    mentions: Sequence[Mention],
) -> Figure | None:
    g = match.groupdict()
    modifier = " ".join((g["mod"] or "").lower().split())
    unit = ""
    value: float | None
    if g["vague"]:
        value = VAGUE_AMOUNTS[" ".join(g["vague"].lower().split())]
        modifier = modifier or " ".join(g["vague"].lower().split()[:2])
    elif g["cur"]:
        value = parse_number(g["cnum"], g["cscale"])
        unit = {"$": "USD", "€": "EUR", "£": "GBP"}[g["cur"]]
    elif g["num"]:
        value = parse_number(g["num"], g["scale"])
        unit = "%" if g["pct"] else ""
    else:
        if g["word"].lower() == "one" and not g["wscale"] and not modifier:
            return None  # "one official": a determiner
        value = parse_number(g["word"], g["wscale"])
    if value is None:
        return None
    counted = ""
    tail = text[end : sentence.end]
    if unit != "%":
        noun = _NOUN_PHRASE.match(tail)
        words = _until_stop(noun.group(1).split()) if noun else []
        if words and (words[0].lower() in _TIME_UNITS or words[0][:1].isupper()):
            return None  # "three years" is a duration; "Three Amigos" a name
        if words and words[0].lower() in _NOT_COUNTED:
            return None  # "one senior official": a determiner, not a count
        counted = " ".join(words)
        if not counted and not g["cur"]:
            return None  # a bare number counts nothing we can name
        verb = _VERB_BEFORE.search(text[sentence.start : start])
        after_noun = end + (tail.find(words[-1]) + len(words[-1]) if words else 0)
        place_match = _PLACE.match(text[after_noun : sentence.end])
        place = place_match.group(1) if place_match else ""
        if verb and counted:
            counted = f"{counted} {verb.group(1).lower()}"
        if place and counted:
            counted = f"{counted} {place}"
    else:
        place = ""
    time = _time_in_sentence(sentence, time_mentions, start)
    return Figure(
        article_id=article_id,
        start=start,
        end=end,
        text=text[start:end],
        value=float(value),
        modifier=modifier,
        unit=unit,
        counted=counted,
        time=time,
        place=place or _place_in_sentence(sentence, mentions),
        sentence=sentence.index,
    )


def _until_stop(words: list[str]) -> list[str]:
    """The noun phrase after a number, up to its head: 'vaccine doses', 'people'."""
    kept: list[str] = []
    for word in words:
        lower = word.lower().strip(",.;:")
        if lower in _STOP or (lower.endswith(("ing", "ly")) and kept):
            break
        kept.append(word.strip(",.;:"))
        if lower in _PLURAL_HEADS or (lower.endswith("s") and not lower.endswith("ss")):
            break  # a plural head noun ends the phrase
    return kept


def _time_in_sentence(sentence: Sentence, times: Sequence[TimeMention], offset: int) -> str:
    dated = [
        t
        for t in times
        if t.sentence == sentence.index and t.type == "DATE" and not t.value.endswith("_REF")
    ]
    if not dated:
        return ""
    return min(dated, key=lambda t: abs(t.start - offset)).value


def _place_in_sentence(sentence: Sentence, mentions: Sequence[Mention]) -> str:
    for m in mentions:
        if m.sentence == sentence.index and m.type in ("GPE", "LOC", "FAC"):
            return m.text
    return ""
