"""Which single-byte code page a Cyrillic text was saved in, by how its words are written.

Windows-1251, KOI8-R (and KOI8-U), ISO-8859-5, DOS's 866 and the Mac's Cyrillic all put
Cyrillic letters in the upper half of the byte range, each in another order, so a text saved
in one reads as Cyrillic letters in several others, and a general detector guesses badly on
a sentence or two (regression: a KOI8-R sentence came out as Shift-JIS half-width katakana).
The wrong readings give themselves away: KOI8 orders its letters by their Latin spelling and
puts the capitals where Windows-1251 has the small letters, so one read as the other is
"пРЕЗИДЕНТ рОССИИ"; the other orders give words of rare letters ("щ", "ъ", "ф", "ю"). The right
reading is written as words are — in small letters, a capital first, or an acronym in
capitals — and mostly in the letters every Cyrillic language uses most.
"""

from __future__ import annotations

import re
from collections import Counter

from storyline.ingest.code_pages import SIGNS, readings

#: The code pages tried, the one kept on a tie first (KOI8-U reads Russian as KOI8-R does,
#: and adds Ukrainian's letters).
CODE_PAGES = ("cp1251", "koi8_r", "iso8859_5", "cp866", "mac_cyrillic", "koi8_u")
#: The Cyrillic letters Russian, Ukrainian, Belarusian, Bulgarian, Serbian and Macedonian
#: text is mostly written with (lower case): 80-90% of a sentence's letters (under 70% in
#: about one Russian sentence in a hundred), against 10-80% of a wrong reading's.
COMMON_LETTERS = frozenset("оеаинтсрвлкмдпуяыі")
#: Their vowels (Bulgarian's "ъ" is one): 35-50% of a sentence's letters (under 30% in
#: about one in a hundred); a Greek or Hebrew text read as Cyrillic has 8-30% in most
#: readings.
VOWELS = frozenset("аеёиоуыэюяіїєъ")
#: How much of a reading's Cyrillic letters the common ones must be, the share of vowels it
#: must have, and how many of its words must be written as words are (and hold a small
#: letter), for it to be chosen.
COMMON_HELD = 0.7
VOWEL_SHARES = (0.3, 0.6)
CASED_HELD = 0.85
SMALL_HELD = 0.5
#: Fewer Cyrillic letters than this say too little to choose by.
MIN_LETTERS = 8
#: Acronyms ("США", "МИД", "РИА") are written in capitals; longer words in capitals are
#: rare in running text and common in misreadings.
ACRONYM_LETTERS = 4
#: The signs any text may hold, and the numero sign Cyrillic text writes.
_SIGNS = SIGNS | frozenset("№")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
#: Quotes, which may close a sentence after its full stop.
_QUOTES = "\"'«»„“”‘’‚"
#: What may stand around a word: ASCII's punctuation, quotes, dashes and the ellipsis (other
#: signs stuck to a word are a misreading's: "•агг", Windows-1251 read as the Mac's).
_AROUND_WORDS = _QUOTES + "–—…\u00a0!#$%&()*+,-./:;<=>?@[\\]^_`{|}~"
#: What may join a word's parts: hyphens and apostrophes.
_WORD_JOINERS = re.compile(r"[-'’ʼ]")
#: The letters of Serbian and Macedonian (and Old Church Slavonic's) that Russian, Ukrainian,
#: Belarusian and Bulgarian do not write, deleted to count them.
_BEYOND_THE_COMMON_ALPHABET = {
    code: None
    for code in range(0x0400, 0x0500)
    if chr(code).isalpha() and chr(code).lower() not in "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў"
}
#: Every Cyrillic letter, deleted to count them.
_CYRILLIC_LETTERS = {code: None for code in range(0x0400, 0x0500) if chr(code).isalpha()}


def _count(text: str, deleted: dict[int, None]) -> int:
    """How many of ``text``'s characters the table deletes (one pass in C)."""
    return len(text) - len(text.translate(deleted))


def best_cyrillic_code_page(data: bytes) -> str | None:
    """The Cyrillic code page whose reading of ``data`` is written most as Cyrillic words are
    (:func:`written_as_words`), if one is; None otherwise (another script, too few letters)."""
    best: tuple[tuple[float, int, int], str] | None = None
    for code_page, text in readings(data, CODE_PAGES):
        score = written_as_words(text)
        if score is None:
            continue
        # Of two readings as well written, the one with more letters, then the one with fewer
        # beyond the alphabet most Cyrillic text uses: the Mac's capitals read as
        # Windows-1251 are signs and Serbian and Macedonian letters ("€ министр" for
        # "И министр", "Ѓорьбе" for "Борьбе"), as well written as the right reading.
        key = (
            round(score, 9),
            _count(text, _CYRILLIC_LETTERS),
            -_count(text, _BEYOND_THE_COMMON_ALPHABET),
        )
        if best is None or key > best[0]:
            best = (key, code_page)
    return best[1] if best is not None else None


def written_as_words(text: str) -> float | None:
    """How well ``text`` reads as Cyrillic writing (the share of its letters that are common
    ones plus the share of its words that are written as words are, a sentence's first with a
    capital), or None where it does not: other characters beyond ASCII than Cyrillic letters,
    Cyrillic letters a minority of its letters or too few, or a share of common letters,
    vowels, words written as words or words with small letters outside what the right
    reading has."""
    letters = 0
    common = 0
    vowels = 0
    other = 0
    latin = 0
    # Each distinct character judged once (a page of 200 kB holds a few hundred of them).
    for char, times in Counter(text).items():
        if "\u0400" <= char <= "\u04ff":
            if char.isalpha():
                letters += times
                lower = char.lower()
                common += times * (lower in COMMON_LETTERS)
                vowels += times * (lower in VOWELS)
            else:
                other += times
        elif char.isascii():
            latin += times * char.isalpha()
        elif char not in _SIGNS:
            other += times
    if letters < MIN_LETTERS or letters < 9 * other or letters < latin:
        return None
    words = 0
    written = 0
    small = 0
    judged: dict[str, bool] = {}  # each distinct word judged once
    opening = True  # the text's first word, or one after a full stop, opens a sentence
    for token in text.split():
        word = token.strip(_AROUND_WORDS)
        if _CYRILLIC.search(word):
            words += 1
            if word not in judged:
                judged[word] = _written_as_a_word(word)
            written += judged[word] and not (opening and word[0].islower())
            small += not word.isupper()
        opening = token.rstrip(_QUOTES).endswith((".", "!", "?", "…"))
    written_share = written / words
    common_share = common / letters
    low, high = VOWEL_SHARES
    if (
        common_share < COMMON_HELD
        or not low <= vowels / letters <= high
        or written_share < CASED_HELD
        # (A text in capitals only is a headline at most: short words of a script without
        # capitals read as Cyrillic capitals look like acronyms.)
        or small < SMALL_HELD * words
    ):
        return None
    return common_share + written_share


def _written_as_a_word(word: str) -> bool:
    """Whether a word (its parts between hyphens and apostrophes: "Ханты-Мансийск", "м'ясо",
    "21-летняя") is written as words are: each part Cyrillic letters, in small letters, with
    a capital first or in capitals as an acronym, or ASCII letters and digits. A sign inside
    a word ("ƒепутаты", "врем€": Windows-1251 read as the Mac's) is a misreading."""
    for part in _WORD_JOINERS.split(word):
        if part.isascii() and part.isalnum():
            continue
        if not _CYRILLIC_WORD.fullmatch(part):
            return False
        if not (
            part.islower()
            or (part[0].isupper() and (len(part) == 1 or part[1:].islower()))
            or (part.isupper() and len(part) <= ACRONYM_LETTERS)
        ):
            return False
    return True
