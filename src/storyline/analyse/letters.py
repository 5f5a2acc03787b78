"""Character classes of every script's capitals and small letters, for patterns that read
names by their capitals: "[A-Z]" and Spanish's accented capitals miss "Łódź", "İstanbul" and
every Cyrillic or Greek name."""

from __future__ import annotations

#: Every capital letter of the Basic Multilingual Plane, as a regex character class.
CAPITAL = "[" + "".join(chr(c) for c in range(0x10000) if chr(c).isupper()) + "]"
#: Every small letter of the Basic Multilingual Plane, as a regex character class.
SMALL = "[" + "".join(chr(c) for c in range(0x10000) if chr(c).islower()) + "]"
#: Every letter of the Basic Multilingual Plane that is neither capital nor small (Chinese,
#: Japanese, Arabic, Hebrew, Devanagari, Thai ...): any of them may open a sentence.
UNCASED = (
    "["
    + "".join(
        chr(c)
        for c in range(0x10000)
        if chr(c).isalpha() and not chr(c).isupper() and not chr(c).islower()
    )
    + "]"
)
