"""Which single-byte code page a Greek, Hebrew, Arabic or Thai text was saved in, by the rules
of its spelling.

Each of these scripts has its letters in the upper half of the byte range, where the Cyrillic
code pages have theirs too, so a general detector reads a headline of Hebrew as Cyrillic
("доощмд дегйтд" for "הממשלה הודיעה") or a Greek one as Mac Cyrillic. A text's own code page
gives words spelt as the script spells them; another script's bytes give letters in places
that script never puts them: Greek's final sigma inside a word, Hebrew's final letters before
the end of one, Arabic's tāʾ marbūṭa or a vowel mark opening one, a Thai tone mark on no
consonant. A Greek, Hebrew or Arabic reading is taken when nearly all its characters beyond
ASCII are the script's and nearly all its words are spelt so; Thai, written without spaces
between words, is judged by its characters, on the general detector's readings
(:func:`misspelt_thai`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from storyline.ingest.code_pages import SIGNS, readings


@dataclass(frozen=True)
class Script:
    """A script's code pages (the one kept on a tie first), its characters, what a word of it
    is, and whether a word is misspelt."""

    name: str
    code_pages: tuple[str, ...]
    characters: re.Pattern[str]
    word: re.Pattern[str]
    misspelt: Callable[[str], bool]


#: The signs any text may hold, the numero sign, and Arabic's percent sign, comma, semicolon
#: and question mark.
_SIGNS = SIGNS | frozenset("№٪،؛؟")
#: What may stand around a word's letters beyond ASCII: quotes, dashes, the ellipsis and these
#: scripts' punctuation (Arabic's comma, semicolon and question mark, Hebrew's maqaf and
#: geresh).
_AROUND_WORDS = frozenset("‘’‚“”„–—…«»\u00a0،؛؟\u05be\u05f3\u05f4")
#: Fewer of a script's letters than this say too little to choose by.
MIN_LETTERS = 8
#: The share of a reading's characters beyond ASCII (signs aside) that must be the script's.
HELD = 0.95
#: The share of its words that may be misspelt (a foreign name, an abbreviation).
MISSPELT = 0.1

_GREEK_WORD = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]+")
_GREEK_ACCENTED = frozenset("άέήίόύώΐΰΆΈΉΊΌΎΏ")


#: Letters modern Greek hardly writes, where Windows-1255 and ISO-8859-8 have Alef.
_GREEK_RARE = frozenset("ΐΰ")


def _misspelt_greek(word: str) -> bool:
    """Final sigma inside a word or a medial one at its end, two accents, a letter modern
    Greek hardly writes, or capitals inside a word that is not all capitals: Cyrillic, Hebrew
    or Arabic bytes read as Greek."""
    if "ς" in word[:-1] or (len(word) > 1 and word.endswith("σ")):
        return True
    if any(char in _GREEK_RARE for char in word):
        return True
    if sum(char in _GREEK_ACCENTED for char in word) > 1:
        return True
    return not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower()))


_HEBREW_WORD = re.compile(r"[\u05b0-\u05f4]+")
_HEBREW_FINALS = frozenset("ךםןףץ")
_HEBREW_POINTS = re.compile(r"(?:^|[^\u05d0-\u05ea\u05b0-\u05c7])[\u05b0-\u05c7]")
_HEBREW_POINTS_ONLY = re.compile(r"[\u05b0-\u05c7]")


def _misspelt_hebrew(word: str) -> bool:
    """A final letter before a word's end, a vowel point on no letter, or a word of one
    letter (Hebrew writes its one-letter words joined to the next: "ו", "ה", "ב"; Russian's
    "в" or "и" read as Hebrew stand alone)."""
    if word.endswith(("\u05f3", "\u05f4")):  # geresh, gershayim: an abbreviation or a number
        return False
    letters = _HEBREW_POINTS_ONLY.sub("", word)
    return (
        len(letters) == 1
        or any(char in _HEBREW_FINALS for char in letters[:-1])
        or bool(_HEBREW_POINTS.search(word))
    )


_ARABIC_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
#: Tāʾ marbūṭa and alif maqṣūra end a word; vowel marks and the shadda follow a letter.
_ARABIC_WORD_ENDS = frozenset("\u0629\u0649")
_ARABIC_MARKS = frozenset(chr(code) for code in range(0x064B, 0x0653))


def _misspelt_arabic(word: str) -> bool:
    """A word-final letter inside a word, or a vowel mark opening one."""
    return word[0] in _ARABIC_MARKS or any(char in _ARABIC_WORD_ENDS for char in word[:-1])


#: Thai's consonants; the vowels written before the consonant they follow in speech (which
#: a consonant must follow); the vowels and tone marks written above or below a consonant
#: (which must follow a consonant, or another of them).
_THAI_CONSONANTS = frozenset(chr(code) for code in range(0x0E01, 0x0E2F))
_THAI_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_THAI_MARKS = frozenset(
    chr(code) for code in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))
)


#: Misspellings above this share of a text's Thai characters make it no Thai text.
THAI_MISSPELT = 0.02


def misspelt_thai(text: str) -> bool:
    """Whether ``text`` has Thai characters in places Thai never writes them more often than a
    typo would: another script's bytes read as Windows-874 ("ลไ้ ๅำสิแ้" for Arabic)."""
    thai = sum(1 for char in text if "\u0e00" <= char <= "\u0e7f")
    return thai > 0 and _misspelt_thai_characters(text) > THAI_MISSPELT * thai


def _misspelt_thai_characters(text: str) -> int:
    """How many of ``text``'s Thai characters stand where Thai never writes them."""
    misspelt = 0
    previous = " "
    for char in text:
        if char in _THAI_MARKS and not (previous in _THAI_CONSONANTS or previous in _THAI_MARKS):
            misspelt += 1
        if previous in _THAI_LEADING_VOWELS and char not in _THAI_CONSONANTS:
            misspelt += 1
        previous = char
    return misspelt


SCRIPTS = (
    Script(
        "Greek",
        ("cp1253", "iso8859_7"),
        re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]"),
        _GREEK_WORD,
        _misspelt_greek,
    ),
    Script(
        "Hebrew",
        ("cp1255", "iso8859_8"),
        re.compile(r"[\u0590-\u05ff]"),
        _HEBREW_WORD,
        _misspelt_hebrew,
    ),
    Script(
        "Arabic",
        ("cp1256", "iso8859_6"),
        re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
        _ARABIC_WORD,
        _misspelt_arabic,
    ),
)


def best_script_code_page(data: bytes) -> str | None:
    """The code page of these scripts whose reading of ``data`` is spelt best, if one is
    spelt as its script spells (:func:`spelt_share`); None otherwise."""
    best: tuple[float, str] | None = None
    for script in SCRIPTS:
        for code_page, text in readings(data, script.code_pages):
            share = spelt_share(script, text)
            if share is not None and (best is None or share > best[0]):
                best = (share, code_page)
    return best[1] if best is not None else None


def spelt_share(script: Script, text: str) -> float | None:
    """The share of ``text``'s words of ``script`` that are spelt as it spells them, or None
    where the text is not that script's: too few of its letters, fewer than ASCII's, other
    characters beyond ASCII than its own (signs aside), or more misspelt words than a
    foreign name or two explains."""
    own = 0
    foreign = 0
    latin = 0
    # Each distinct character judged once (a page of 200 kB holds a few hundred of them).
    for char, times in Counter(text).items():
        if char.isascii():
            latin += times * char.isalpha()
        elif script.characters.match(char):
            # Its letters and marks; its punctuation is counted as no evidence either way.
            own += times * (char.isalpha() or unicodedata.category(char)[0] == "M")
        elif char not in _SIGNS:
            foreign += times
    if own < MIN_LETTERS or own < latin or own < HELD * (own + foreign):
        return None
    # Each distinct word judged once, counted as often as it stands.
    words = Counter(token for token in text.split() if script.characters.search(token))
    if not words:
        return None
    misspelt = sum(times for word, times in words.items() if _misspelt(script, word))
    spelt = 1 - misspelt / words.total()
    return spelt if spelt >= 1 - MISSPELT else None


def _misspelt(script: Script, token: str) -> bool:
    """Whether a word (a run of text between spaces) is misspelt in ``script``: another
    script's letter or a sign inside it ("èءاا", "زءع×إز": KOI8-R read as Windows-1256), or
    its letters misspelt as the script's rule says."""
    runs = script.word.findall(token)
    if len(runs) != 1:
        return True
    before, _, after = token.partition(runs[0])
    return _glued(before) or _glued(after) or script.misspelt(runs[0])


def _glued(edge: str) -> bool:
    """Whether what stands around a word's letters holds more than ASCII and quotes, dashes
    and punctuation."""
    return any(not char.isascii() and char not in _AROUND_WORDS for char in edge)
