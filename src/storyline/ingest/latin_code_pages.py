"""Which single-byte code page a Latin-script text was saved in, by the letters of the
languages written with it.

Windows-1252, -1250 (Central European), -1254 (Turkish), -1257 (Baltic) and ISO-8859-2
read almost any byte, so decoding alone cannot choose between them, and a general detector
guesses badly on a short text (a Polish paragraph in Windows-1250 came out as Windows-1252:
"powiedzia³ w poniedzia³ek"; a Turkish one as "Cumhurbaþkaný"). Each reading is judged
instead by how much of its non-ASCII writing one language's alphabet accounts for: the right
code page gives the letters of one language ("ł", "ż", "ę"), the wrong ones a mix of several
languages' letters and symbols ("³", "¹", a "¿" inside a word). Western European text stays
Windows-1252, which comes first and wins a tie.
"""

from __future__ import annotations

import re
from collections import Counter

from storyline.ingest.code_pages import SIGNS, readings

#: The code pages tried, the one kept on a tie first.
CODE_PAGES = ("cp1252", "cp1250", "cp1254", "cp1257", "iso8859_2")
#: The letters beyond ASCII of the languages written in those code pages (lower case).
ALPHABETS: dict[str, frozenset[str]] = {
    name: frozenset(letters)
    for name, letters in {
        "Albanian": "çë",
        "Catalan": "àçèéíïòóúü",
        "Croatian": "čćđšž",
        "Czech": "áčďéěíňóřšťúůýž",
        "Danish and Norwegian": "åæøéó",
        "Dutch": "áéëïóöüèà",
        "Estonian": "äöõüšž",
        "Finnish": "äöåšž",
        "French": "àâæçéèêëîïôœùûüÿ",
        "German": "äöüß",
        "Hungarian": "áéíóöőúüű",
        "Icelandic": "áðéíóúýþæö",
        "Italian": "àèéìíîòóùú",
        "Latvian": "āčēģīķļņšūž",
        "Lithuanian": "ąčęėįšųūž",
        "Polish": "ąćęłńóśźż",
        "Portuguese": "áâãàçéêíóôõú",
        "Romanian": "ăâîșțşţ",
        "Slovak": "áäčďéíĺľňóôŕšťúýž",
        "Slovenian": "čšžćđ",
        "Spanish": "áéíñóúü",
        "Swedish": "åäöé",
        "Turkish": "çğıöşüâîû",
    }.items()
}
#: Punctuation and signs beyond ASCII that any of these languages' text may hold ("±" and
#: "¶" are rare in text and common in misreadings: Central European ISO-8859-2's "ą" and "ś"
#: read as Windows-1250).
_SIGNS = SIGNS | frozenset("£¥¢´¨")
#: Spanish's opening marks start a question or an exclamation; inside a word ("mo¿e") they
#: are another code page's letter.
_OPENING_MARK_IN_A_WORD = re.compile(r"(?<=\w)[¿¡]|[¿¡](?=[a-zß-ÿ])")


#: One language's alphabet must hold this much of a reading's writing beyond ASCII for it to
#: be chosen (a foreign name's letter or two may stand outside it: "René" in Polish).
HELD = 0.9


#: The languages (ISO 639-1) each code page was made for: where several readings are as
#: well accounted for, the one whose language the reading is in.
LANGUAGES = {
    "cp1252": frozenset(
        "en de fr es it pt nl da no nb nn sv fi is ca eu gl ga af lb fo oc wa br".split()
    ),
    "cp1250": frozenset("pl cs sk hu sl hr bs sr ro sq".split()),
    "iso8859_2": frozenset("pl cs sk hu sl hr bs sr ro sq".split()),
    "cp1254": frozenset("tr az".split()),
    "cp1257": frozenset("lt lv et".split()),
}


def best_latin_code_page(data: bytes) -> str | None:
    """The code page whose reading of ``data`` one language's alphabet accounts for best, if
    one accounts for ``HELD`` of it; None otherwise (another script's code page, or bytes no
    such code page reads). Of readings accounted for as well (a headline with one accented
    letter: Turkish "acı" in Windows-1254 is "acý", an Icelandic letter, in Windows-1252), the
    first whose language, as the bundled model detects it, is one its code page was made for;
    else the first."""
    shares = [
        (share, code_page, text)
        for code_page, text in readings(data, CODE_PAGES)
        if (share := _one_language_share(text)) is not None
    ]
    if not shares:
        return None
    top = max(share for share, _, _ in shares)
    if top < HELD:
        return None
    tied = [(code_page, text) for share, code_page, text in shares if share == top]
    if len({text for _, text in tied}) > 1:
        from storyline.ingest.language import detect_language

        for code_page, text in tied:
            if detect_language(text) in LANGUAGES[code_page]:
                return code_page
    return tied[0][0]


def _one_language_share(text: str) -> float | None:
    """The share of the text's characters beyond ASCII (signs aside) that the alphabet of one
    language holds, for the language that holds most (1.0 where they are all signs); None
    for ASCII text."""
    found: Counter[str] = Counter()
    for char, times in Counter(text).items():
        if char.isascii() or (char in _SIGNS):
            continue
        if char in "¿¡":
            continue  # counted below, where they stand
        lower = char.lower()
        found[lower if len(lower) == 1 else "ı" if char == "İ" else char] += times
    misplaced = len(_OPENING_MARK_IN_A_WORD.findall(text))
    total = sum(found.values()) + misplaced
    if not total:
        # Signs only beyond ASCII ("«Zwischen»", "¡El Valle"): all accounted for, as well
        # as another code page's reading of them as letters ("ŤZwischenť", "ĄEl Valle").
        return None if text.isascii() else 1.0
    held = max(
        sum(n for char, n in found.items() if char in letters) for letters in ALPHABETS.values()
    )
    return held / total
