"""Figures: numbers that count or measure something, with their hedge ("more than"), unit,
what they count ("people apprehended on the Mexican border"), and the time and place stated.

A figure keeps its modifier because "more than 221,000" and "221,000" are not the same claim,
and what it counts because two outlets' figures can only be compared when they count the same
thing over the same period.

What is read as a figure: digits ("221,000", "3.2", "1.5bn"), number words ("three", "twenty-
one", "a dozen", "half a million"), vague amounts ("hundreds of thousands", "dozens"), fractions
("a third", "two-thirds", "half of"), percentages, money ("$1.5 billion" → unit USD) and measures
("5,000 barrels", "500ft"). What is not: dates and years, times, durations ("two-day", "three
years", "more than two decades"), ages, ordinals, ranks ("number 11", "top 40", "alert level
5"), numbers in names and codes ("Title 42", "COVID-19", "Group of 20", "France 24", "Three
Amigos"), section and page numbers, street numbers, scores, and "one" used as a determiner ("one
senior official"). Time expressions found by the timex stage are skipped by span; the same
guards also run on their own when none are given.

Values: vague amounts count twice their order of magnitude ("hundreds of thousands" → 200,000,
modifier "hundreds of"); fractions and percentages are percentages (unit "%": "a third" → 33.3,
"3.2%" → 3.2); money is in its currency's units (unit "USD", "EUR", "GBP" …); the first bound of
a range shares the scale and unit of the second ("between 100 and 200 million gallons", "$6
billion to 9 billion", "1 to 2 percent").

What is counted: the noun phrase the number quantifies, head first when a measure unit leads it
("barrels of oil"), then the verb that happened to it and where ("people apprehended on the
Mexican border", "vaccine doses donated to Mexico"); "three of the 21 countries" counts
countries.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from storyline.analyse.letters import CAPITAL, SMALL
from storyline.analyse.numbers import FRACTIONS, TENS, UNITS, parse_number, vague_amount
from storyline.analyse.sentences import usable_sentences
from storyline.analyse.word_trie import longest_first
from storyline.ingest.language import language_code
from storyline.models import Figure, Mention, Sentence, TimeMention

# -- the number itself ----------------------------------------------------------------------

_UNIT_WORDS = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN_WORDS = "|".join(TENS)
_NUMBER_WORD = (
    rf"(?:(?:{_TEN_WORDS})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
    rf"|(?:{_UNIT_WORDS}))"
)
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_FRACTION_WORD = "|".join(sorted(FRACTIONS, key=len, reverse=True))
_ABBREVIATIONS = {"bn": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12, "m": 1e6,
                  "b": 1e9, "k": 1e3}  # fmt: skip
#: What a number can start with: a digit, a decimal point, or the first letter of a number word,
#: a scale or a vague amount ("dozens", "several", "half", "a"). Looked at first, it spares the
#: pattern entering its alternatives at every other word's start (a quarter of the scan).
_NUMBER_STARTS = (*UNITS, *TENS, "tens", "scores", "several", "a", "an", "half", "dozen", "dozens")
_NUMBER_STARTS += ("hundreds", "thousands", "millions", "billions")
_NUMBER_FIRSTS = "".join(sorted({word[0] for word in _NUMBER_STARTS}))


def _one_of(words: Iterable[str]) -> str:
    """:func:`longest_first` of ``words`` (so "mil millones" before "mil"), any white space
    between their words."""
    return longest_first(words).replace(r"\ ", r"\s+")


def _number_pattern(digits: str, scale_word: str) -> re.Pattern[str]:
    """The number reader over ``digits`` (how the language writes numerals) and
    ``scale_word`` (its words for thousand, million ...)."""
    return re.compile(
        rf"""
    (?<![\w.,])
    (?=[\d.{_NUMBER_FIRSTS}])
    (?:
      (?P<vague>
          (?:tens|hundreds|dozens|scores)\s+of\s+(?:thousands|millions|billions)
        | (?:several|a\s+few)\s+{_SCALE_WORD}(?:\s+{_SCALE_WORD})?
        | dozens|scores|hundreds|thousands|millions|billions
      )
    | (?P<fraction>
          (?:a|an|one|{_NUMBER_WORD})[\s-](?:{_FRACTION_WORD})
        | half(?=\s+(?:of|the|their|its|his|her|our|all)\b)
      )
    | (?P<number>
          (?:{digits}|{_NUMBER_WORD}|(?:a|an|half\s+a|half\s+an)(?=\s+(?:{_SCALE_WORD}|dozen)\b)
             |dozen)
          (?:(?:\s+|-)(?:and\s+)?(?:{scale_word}|{_NUMBER_WORD}|dozen)\b)*
      )
      (?P<abbr>(?P<space>\s)?(?:bn|mn|mln|tn|trn|m|b|k)(?![\w]))?
    )
    (?!(?!(?:ft|km|kg|cm|mm|mph|lbs?|mw|gw)\b)\w)
    """,
        re.IGNORECASE | re.VERBOSE,
    )


_NUMBER = _number_pattern(_DIGITS, _SCALE_WORD)
#: Languages that write "221.000" for 221,000 and "3,2" for 3.2.
COMMA_DECIMALS = frozenset(
    {"es", "pt", "it", "de", "nl", "ca", "da", "id", "tr", "fr", "ru", "pl", "uk", "cs", "sk"}
    | {"sv", "nb", "no", "fi", "ro", "hu", "bg", "hr", "sl", "sr", "el"}
)
#: Thousands grouped by dots ("221.000") or by spaces, as French, Russian and Polish group
#: them ("221 000", with a space that does not break, or a thin one).
_DIGITS_COMMA = (
    r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?:,\d+)?"
    r"|\d+(?:,\d+)?)"
)
#: Their words for thousand, million and billion, in what English calls them (a Spanish
#: "billón" is a million million).
_FOREIGN_SCALES = {
    "mil millones": "billion", "millones": "million", "millón": "million", "millon": "million",
    "billones": "trillion", "billón": "trillion", "mil": "thousand", "milhões": "million",
    "milhão": "million", "bilhões": "billion", "bilhão": "billion", "milioni": "million",
    "milione": "million", "miliardi": "billion", "miliardo": "billion", "millionen": "million",
    "milliarden": "billion", "milliarde": "billion", "miljoen": "million", "miljard": "billion",
    "tausend": "thousand",
    "milliards": "billion", "milliard": "billion", "millions": "million", "mille": "thousand",
    "тыс": "thousand", "тысяч": "thousand", "тысячи": "thousand", "тысяча": "thousand",
    "млн": "million", "миллион": "million", "миллиона": "million", "миллионов": "million",
    "млрд": "billion", "миллиард": "billion", "миллиарда": "billion", "миллиардов": "billion",
    "tys": "thousand", "tysięcy": "thousand", "tysiące": "thousand", "tysiąc": "thousand",
    "mln": "million", "milion": "million", "miliona": "million", "milionów": "million",
    "mld": "billion", "miliard": "billion", "miliarda": "billion", "miliardów": "billion",
    "bin": "thousand", "milyon": "million", "milyar": "billion",
}  # fmt: skip
_NUMBER_COMMA = _number_pattern(_DIGITS_COMMA, f"(?:{_one_of(_FOREIGN_SCALES)}|{_SCALE_WORD})")
_FOREIGN_SCALE = re.compile(rf"\b(?:{_one_of(_FOREIGN_SCALES)})\b", re.IGNORECASE)


def _word_key(written: str) -> str:
    """A matched scale or currency word as the tables write it: in small letters, one space
    between words. ``re.IGNORECASE`` matches Turkish's dotted capital ("BİN", "LİRA"), whose
    ``lower()`` is "i" and a combining dot: that dot is dropped (it raised KeyError)."""
    return " ".join(written.lower().replace("\u0307", "").split())


_SEPARATORS = str.maketrans(".,", ",.")
#: A space between groups of thousands, which English writes as a comma.
_SPACED_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")


def _in_english(number: str, language: str) -> str:
    """A number phrase as English writes it, which the rest of this module reads: "221.000"
    → "221,000", "3,2" → "3.2", "500 millones" → "500 million", where ``language`` writes
    numbers so (the same number of characters but for the scale words)."""
    if language not in COMMA_DECIMALS:
        return number
    swapped = _SPACED_THOUSANDS.sub(",", number.translate(_SEPARATORS))
    return _FOREIGN_SCALE.sub(lambda m: _FOREIGN_SCALES[_word_key(m.group(0))], swapped)


_MODIFIER = re.compile(
    r"(?P<mod>more\s+than|less\s+than|fewer\s+than|greater\s+than|well\s+over|just\s+over|"
    r"just\s+under|well\s+under|over|under|nearly|almost|about|around|roughly|approximately|"
    r"some|at\s+least|at\s+most|up\s+to|as\s+many\s+as|as\s+much\s+as|as\s+few\s+as|"
    r"as\s+little\s+as|close\s+to|an\s+estimated|estimated|upwards\s+of|in\s+excess\s+of|"
    r"between|below|above|only|just|barely|approx\.?|circa|"
    # The same hedges in Spanish, Portuguese, Italian and German.
    r"m[aá]s\s+de|menos\s+de|casi|cerca\s+de|alrededor\s+de|al\s+menos|aproximadamente|"
    r"unos|unas|"
    r"mais\s+de|quase|pi[uù]\s+di|meno\s+di|quasi|mehr\s+als|weniger\s+als|rund|etwa|fast)"
    r"\s+$",
    re.IGNORECASE,
)
#: Words before a number that stress it rather than hedge it: not kept as modifiers.
_EMPHASIS = frozenset({"only", "just", "barely"})
_CURRENCY_SIGNS = {
    "US$": "USD", "$": "USD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "NZ$": "NZD",
    "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "Rs": "INR", "Rs.": "INR",
}  # fmt: skip
_CURRENCY_BEFORE = re.compile(r"(?P<cur>US\$|A\$|C\$|HK\$|NZ\$|\$|€|£|¥|₹|Rs\.?)\s?$")
_CURRENCY_CODE_BEFORE = re.compile(r"\b(?P<code>USD|EUR|GBP|JPY|CNY|CHF|CAD|AUD)\s?$")
_CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP",
    "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR",
    "pesos": "MXN", "francs": "CHF", "dólares": "USD", "dolares": "USD", "dólar": "USD",
    "dolar": "USD", "reais": "BRL", "dollari": "USD",
    "рублей": "RUB", "рубля": "RUB", "рубль": "RUB", "долларов": "USD", "доллара": "USD",
    "доллар": "USD", "евро": "EUR", "złotych": "PLN", "złote": "PLN", "zł": "PLN",
    "dolarów": "USD", "lira": "TRY", "liras": "TRY",
}  # fmt: skip
# Every spelling it matches is a key of _CURRENCY_WORDS (a Spanish "dolar" without its accent
# once matched with no code to give it, and failed the article's figures).
_CURRENCY_AFTER = re.compile(
    rf"\s+(?:de\s+|di\s+|d['’])?(?P<w>{_one_of(_CURRENCY_WORDS)})(?!\w)", re.IGNORECASE
)
_PERCENT = re.compile(
    r"\s?%|\s?per\s?cent\b|\s?percent\b|\s+percentage\s+points?\b|\s+por\s+ciento\b|"
    r"\s+por\s+cento\b|\s+per\s+cento\b|\s+Prozent\b|\s+pour\s+cent\b|\s+proc\.|"
    r"\s+procent\w*|\s+процент\w*",
    re.I,
)
_MEASURES = {
    "barrels": "barrels", "barrel": "barrels", "bpd": "barrels per day", "gallons": "gallons",
    "gallon": "gallons", "litres": "litres", "liters": "litres", "tonnes": "tonnes",
    "tons": "tonnes", "ton": "tonnes", "tonne": "tonnes", "km": "km", "kilometres": "km",
    "kilometers": "km", "kilometre": "km", "kilometer": "km", "miles": "miles", "mile": "miles",
    "metres": "m", "meters": "m", "metre": "m", "meter": "m", "m": "m", "cm": "cm", "mm": "mm",
    "feet": "ft", "ft": "ft", "foot": "ft", "inches": "in", "acres": "acres",
    "hectares": "hectares", "kg": "kg", "kilograms": "kg", "kilos": "kg", "lb": "lb",
    "lbs": "lb", "degrees": "degrees", "mph": "mph", "knots": "knots",
    "square miles": "sq miles", "square kilometres": "sq km", "square kilometers": "sq km",
    "sq km": "sq km", "cubic feet": "cubic ft", "standard cubic feet": "cubic ft",
    "megawatts": "MW", "mw": "MW", "gigawatts": "GW", "gw": "GW", "points": "points",
}  # fmt: skip
_MEASURE = re.compile(rf"(?P<space>\s*)(?P<unit>{_one_of(_MEASURES)})(?![\w])", re.IGNORECASE)
#: Units written against the number ("500ft", "10km"); "m" there is million, not metres.
_ATTACHED_UNITS = frozenset({"ft", "km", "kg", "cm", "mm", "mph", "lb", "lbs", "mw", "gw"})

# -- what is not a figure -------------------------------------------------------------------

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MONTH_BEFORE = re.compile(
    rf"\b{_MONTHS}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-{{1,2}}|–|—|to|through|and|&)\s*)?$",
    re.IGNORECASE,
)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTHS}(?!\w)", re.IGNORECASE)
_WEEKDAY_BEFORE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:the\s+)?$", re.I
)
_TIME_UNITS = (
    r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?|decades?|"
    r"centuries|century|millennia|millennium|quarters?|semesters?|weekends?|"
    r"year-olds?|years?-old|months?-old|weeks?-old|days?-old|way|time|times|fold)"
)
_DURATION_AFTER = re.compile(
    rf"^(?:\s+|-)(?:(?:more|full|long|straight|consecutive|successive|calendar|fiscal|working|"
    rf"business|short|whole)\s+)?{_TIME_UNITS}\b",
    re.IGNORECASE,
)
_CLOCK_AFTER = re.compile(
    r"^(?:[:.]\d{2}\b|\s*(?i:[ap]\.m\.|[ap]m\b|o'clock)|"
    r"\s*(?:GMT|BST|UTC|EST|EDT|CDT|CST|PDT|PST|ET|PT|CET|hrs|h|noon|midnight)\b|"
    # the hour as other languages write it: "um 19 Uhr", "à 8 heures du matin", "в 5 часов
    # утра", "o godz. 12"
    r"\s*(?i:uhr\b|heures?\s+(?:du\s+matin|du\s+soir)|час(?:а|ов)?\s+(?:утра|вечера|дня|ночи)"
    r"|godz))"
)
#: "between 23 and 28 April": the first day of a date range.
_DAY_RANGE_AFTER = re.compile(
    rf"^\s*(?:-{{1,2}}|–|—|to|and|through)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}(?!\w)",
    re.IGNORECASE,
)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:No|Nos|no|nos|Number|number|page|pages|p|pp|section|sections|paragraph|article|"
    r"Article|Section|Chapter|chapter|clause|item|items|rule|resolution|Resolution|bill|Bill|"
    r"exhibit|line|lines|room|Room|flight|Flight|version|Version|model|Model|level|Level|"
    r"grade|Grade|stage|Stage|phase|Phase|category|Category|top|Top|aged|age|ages|channel|"
    r"Channel|route|Route|highway|Highway|interstate|Interstate|gate|Gate|platform|pier|"
    r"terminal|Terminal|block|Block|unit|Unit|ward|Ward|district|District|zone|Zone|tier|Tier|"
    r"size|Size|vol|Vol|volume|Volume|issue|Issue|episode|Episode|season|Season|Proposition|"
    r"proposition|Prop|act|Act|title|Title|code|Code)\.?\s*$|#\s*$"
)
_RANK_BEFORE = re.compile(
    r"\b(?:level|phase|stage|category|grade|rank|ranking|position|spot|place|number|no\.)s?\s+"
    r"(?:(?:was|is|has|had|been|were|raised|lowered|moved|cut|hiked|upgraded|downgraded)\s+){0,3}"
    r"(?:to|from|of|at)\s+(?:\d+\s+(?:to|from)\s+)?$",
    re.IGNORECASE,
)
_RANK_AFTER = re.compile(r"^\s+to\s+(?:the\s+)?(?:top|number|no\.)\b", re.IGNORECASE)
_STREET_AFTER = re.compile(
    r"^\s+(?:[A-Z][\w'-]*\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|"
    r"Dr|Way|Place|Pl|Square|Sq|Court|Ct|Terrace|Parkway|Highway)\b\.?"
)
_NAME_BEFORE = re.compile(r"(?:^|[\s(])(?P<word>[A-Z][\w'’.&-]*)\s+$")
#: Capitalised words that may stand before a number without making it part of a name.
_FREE_BEFORE = frozenset(
    """
    About Nearly Almost Some Over Only Just Around Roughly Approximately More Fewer Less At The
    All Another In By Of And With For To From On Since Until After Before Up Under Those These
    Its Their His Her Our Every Each Both Estimated An A But Yet So Then While When If As
    Because Although Though Than Between Among Including Still Also Now Today Yesterday Last
    This That Below Above Fully Exactly Precisely Barely Another
    """.split()
)
_NAMED_ENTITIES = frozenset(
    {"ORG", "LAW", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "PERSON", "GPE", "LOC", "NORP"}
)
_BARE_BEFORE = re.compile(
    r"\b(?:to|of|at|by|from|reached|totall?ed|hit|topped|exceeded|was|were|is|are|stood|rose|"
    r"fell|numbered|counted|recorded|total|toll|tally|count|figure|number|with|and|or|"
    r"[a-z]+ed)\s*$"
)
_BARE_AFTER = re.compile(
    r"^\s+(?:were|are|was|is|have|had|has|died|remain|remained|who|of\s+(?:them|those|whom)|"
    r"more|others|dead|missing|injured|wounded|confirmed|suspected)\b"
)

# -- what is counted ------------------------------------------------------------------------

_NP_STOP = frozenset(
    """
    the a an of in on at to for from by with and or but nor that which who whom whose as than
    is are was were be been being has have had will would shall should can could may might must
    do does did this these those its their his her our my your it they them he she we i you
    said says told after before around across into onto over under per each every since until
    while when where if because although though about against among between through during
    without within along toward towards near off up down out so then also not no more most
    less least only just even still yet already all both either neither such what whether
    inside outside throughout upon via
    """.split()
) | frozenset(
    # The same small words in Spanish, Portuguese, Italian, German, French, Polish and
    # Russian: in them, too, what is
    # counted ends where a clause or a preposition starts ("... de euros para la vivienda").
    # Only words that English news does not write before a noun or in a name ("Los Angeles",
    # "Des Moines", "Al Jazeera", "MIT", "a war", "her son" are why the others are left out).
    """
    para por y que como cuando donde según hasta desde entre sobre durante se su sus
    una unos unas es fue fueron han eran em com foi foram pela pelas senza nel nella nei
    negli sulla und oder für ohne nach bei zu im der das dem ein eine ist sind wurde wurden
    e ed il è della delle degli sono hanno qui dans pour sur sont że się jest są przez dla
    oraz z ze
    и в на что не с по за из от до для к у о это был была были было как но
    """.split()
)
_IRREGULAR_PLURALS = frozenset(
    "people children men women police staff personnel cattle troops fish sheep deer crew "
    "aircraft livestock clergy offspring wildlife".split()
)
_NOT_COUNTED = frozenset(
    "senior top largest biggest main key other former new last next first second third "
    "administration".split()
)
_PARTICIPLES = {
    "gave": "given", "took": "taken", "saw": "seen", "drew": "drawn", "threw": "thrown",
    "wrote": "written", "broke": "broken", "chose": "chosen", "rose": "risen", "fell": "fallen",
    "grew": "grown", "flew": "flown", "stole": "stolen", "drove": "driven", "ate": "eaten",
    "ran": "run", "began": "begun", "sent": "sent", "paid": "paid", "spent": "spent",
    "lost": "lost", "held": "held", "made": "made", "brought": "brought", "sold": "sold",
    "bought": "bought", "left": "left", "found": "found", "built": "built", "cut": "cut",
    "shot": "shot", "struck": "struck", "fought": "fought", "kept": "kept", "won": "won",
    "laid": "laid", "led": "led", "met": "met", "fled": "fled", "given": "given",
    "taken": "taken", "seen": "seen", "thrown": "thrown", "sunk": "sunk", "sank": "sunk",
    "spilt": "spilt", "caught": "caught", "dug": "dug", "lent": "lent", "bore": "borne",
    "borne": "borne",
}  # fmt: skip
#: Verbs before a figure that say how big it is rather than what happened to what is counted.
_NOT_EVENT_VERBS = frozenset(
    "included includes numbered totaled totalled reached exceeded estimated reported said "
    "stood rose fell increased decreased dropped climbed jumped surged grew declined passed "
    "topped hit ranged averaged amounted compared represented involved used required "
    "expected needed wanted planned proposed announced called named described added noted "
    "showed indicated suggested listed counted recorded registered received gained lost "
    "closed opened finished ended settled traded valued worth".split()
)
_PLACE_PREPOSITIONS = (
    "on|at|along|in|across|into|to|from|near|off|inside|outside|throughout|around|within|"
    "through|over|toward|towards"
)
_PLACE_NOUNS = frozenset(
    """
    border borders frontier world country countries region regions coast coastline gulf city
    cities state states area areas zone zones sea ocean river continent hemisphere island
    islands camp camps jungle shelter shelters capital province provinces district districts
    county counties town towns village villages territory territories nation nations abroad
    overseas shore shores waters beach beaches port ports airport prison prisons hospital
    hospitals school schools market markets street streets crossing crossings well wells rig
    site hotel hotels shoreline surface
    """.split()
)
_PLACE_STOP = frozenset(
    "alone only too also each annually daily yearly weekly monthly last this next every per "
    "ago so far".split()
)
_NOT_PARTICIPLES = frozenset(
    "including according during following involving totaling totalling ranging amounting "
    "costing making bringing leaving worth compared".split()
)
#: Finite verbs that end a noun phrase ("a $10 million payout went to …").
_FINITE_VERBS = frozenset(
    "went came got took gave made said told saw became began fell rose grew led paid spent "
    "lost won held kept brought bought sold sent stood seemed appeared remains remain appear "
    "appears goes comes get gets make makes take takes give gives say says think thinks know "
    "knows".split()
)
_DIRECTION = r"(?:north|south|east|west|home|abroad|overseas|northward|southward)"


@dataclass(frozen=True)
class _Found:
    start: int  # where the figure phrase starts (modifier or currency included)
    number_start: int
    number_end: int
    end: int  # where the number, with its unit, ends
    value: float
    modifier: str
    unit: str
    vague: bool
    measure: str = ""  # the measure unit as written ("barrels", "feet")
    partner_end: int = -1  # the end of the second bound, for the first bound of a range


def find_figures(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    time_mentions: Sequence[TimeMention] = (),
    mentions: Sequence[Mention] = (),
    language: str = "en",
) -> list[Figure]:
    """Every figure in ``text`` with value, modifier, unit, counted thing, time and place;
    numerals as ``language`` writes them ("221.000" is 221,000 in Spanish)."""
    if not text.strip():
        return []
    usable = usable_sentences(article_id, text, sentences)
    times = _times_in(text, time_mentions)
    time_spans = [(t.start, t.end) for t in times]
    names = sorted(
        (m.start, m.end)
        for m in mentions
        if m.type in _NAMED_ENTITIES and 0 <= m.start < m.end <= len(text)
    )
    places = sorted(
        (m for m in mentions if m.type in ("GPE", "LOC", "FAC") and 0 <= m.start < m.end),
        key=lambda m: m.start,
    )
    figures: list[Figure] = []
    numbers = _NUMBER_COMMA if language in COMMA_DECIMALS else _NUMBER
    english = language_code(language) in ("en", "und")
    starts = [s.start for s in usable]
    for unit in _units(text, usable):
        taken: list[tuple[int, int]] = []
        for match in numbers.finditer(text, unit.start, unit.end):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if _overlaps_any(match.start(), match.end(), time_spans):
                continue  # part of a date or a duration
            if _overlaps_any(match.start(), match.end(), names):
                continue  # part of a name: "France 24", "Title 42", "World War II"
            if not english and not match.group(0)[:1].isdigit():
                continue  # English's number words in another language: Polish "ten" (this)
            found = _read(text, unit, match, language)
            if found is None:
                continue
            index = usable[max(0, bisect.bisect_right(starts, match.start()) - 1)].index
            figure = _figure(article_id, text, unit, found, times, places, index, language)
            if figure is not None:
                figures.append(figure)
                taken.append((figure.start, max(figure.end, found.end)))
    return figures


def retime_figures(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    figures: Sequence[Figure],
    before: Sequence[TimeMention],
    after: Sequence[TimeMention],
    mentions: Sequence[Mention] = (),
    language: str = "en",
) -> list[Figure]:
    """What :func:`find_figures` gives with the time expressions ``after``, given ``figures``,
    what it gave with ``before`` (the same text, sentences and names).

    A figure reads the time expressions twice: where they are (a number inside one is part
    of a date, not a figure) and, for its ``time``, the nearest date's value in its sentence.
    When an article is dated again its expressions keep their places and change their
    values, so when both lists cover the same spans only each figure's ``time`` is worked
    out again; otherwise the text is read in full."""
    spans = [(t.start, t.end) for t in _times_in(text, before)]
    times = _times_in(text, after)
    if spans != [(t.start, t.end) for t in times]:
        return find_figures(article_id, text, sentences, after, mentions, language)
    usable = usable_sentences(article_id, text, sentences)
    units = _units(text, usable)
    unit_starts = [u.start for u in units]
    # A figure names the sentence its number starts in; the unit holding it is the last that
    # starts at or before that sentence (units are sentences, some joined to the next).
    sentence_starts = {s.index: s.start for s in usable}
    retimed = []
    for figure in figures:
        start = sentence_starts.get(figure.sentence)
        if start is None:  # not a figure of this text as it is: read it again
            return find_figures(article_id, text, sentences, after, mentions, language)
        unit = units[max(0, bisect.bisect_right(unit_starts, start) - 1)]
        retimed.append(replace(figure, time=_time_in_sentence(unit, times, figure.start)))
    return retimed


def _times_in(text: str, time_mentions: Sequence[TimeMention]) -> list[TimeMention]:
    """The time expressions that lie in the text, by where they start."""
    return sorted(
        (t for t in time_mentions if 0 <= t.start < t.end <= len(text)), key=lambda t: t.start
    )


def _units(text: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    """Sentences, with one cut by a stray paragraph break ("almost\\n\\n11 million") joined to
    its continuation, so that a hedge and its number stay together."""
    units: list[Sentence] = []
    for sentence in sentences:
        if units:
            last = units[-1]
            first = text[sentence.start]
            if text[last.end - 1] not in '.!?:;"”’»)…' and (first.islower() or first.isdigit()):
                units[-1] = Sentence(
                    last.article_id,
                    last.index,
                    last.start,
                    sentence.end,
                    text[last.start : sentence.end],
                    last.paragraph,
                )
                continue
        units.append(sentence)
    return units


def _overlaps_any(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    k = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, k - 16) : k + 1])


# -- reading one number ---------------------------------------------------------------------


def _read(text: str, unit: Sentence, match: re.Match[str], language: str) -> _Found | None:
    """The figure around one number, or None when the number is not a figure."""
    n_start = match.start()
    n_end = match.end()
    core = text[n_start:n_end]
    abbr = match.group("abbr")
    before = text[max(unit.start, n_start - 60) : n_start]
    has_currency = bool(_CURRENCY_BEFORE.search(before) or _CURRENCY_CODE_BEFORE.search(before))
    scale = 1.0
    if abbr:
        word = abbr.strip().lower()
        after_abbr = text[n_end : n_end + 12]
        metres = word in ("m", "b") and (
            (match.group("space") and not has_currency)
            or (
                not has_currency
                and re.match(r"\s+(?:deep|high|long|tall|wide|below|above|away)", after_abbr)
            )
        )
        if metres or (word == "b" and not has_currency):
            n_end -= len(abbr)  # "1.5 m" is metres: the measure reader takes it
            core = text[n_start:n_end]
        else:
            scale = _ABBREVIATIONS[word]
            core = text[n_start : n_end - len(abbr)]
    core = _in_english(core, language)
    lower = " ".join(core.lower().replace("-", " ").split())
    after = text[n_end : min(unit.end, n_end + 60)]
    if not _stands_alone(text, n_start, n_end):
        return None
    if _not_a_figure(text, unit, n_start, n_end, core, before, after):
        return None
    value: float
    modifier = ""
    figure_unit = ""
    vague = bool(match.group("vague"))
    if vague:
        amount = vague_amount(lower)
        if amount is None:
            return None
        value, modifier = amount
        if re.match(r"\s+of\b", after) and " " not in modifier:
            modifier += " of"
    elif match.group("fraction"):
        fraction = parse_number(lower)
        if fraction is None:
            return None
        value, figure_unit = fraction * 100, "%"
    else:
        number = parse_number(lower)
        if number is None:
            return None
        value = number * scale
    end = n_end
    start = n_start
    measure = ""
    percent = _PERCENT.match(text, end)
    money = _CURRENCY_AFTER.match(text, end)
    measured = _MEASURE.match(text, end)
    if percent and not figure_unit and not re.match(r"\s?%\w", text[end : end + 3]):
        figure_unit = "percentage points" if "point" in percent.group(0).lower() else "%"
        end = percent.end()
    elif money and not figure_unit and not re.match(r"\s+pounds?\b", text[end : end + 9], re.I):
        figure_unit = _CURRENCY_WORDS[_word_key(money.group("w"))]
        end = money.end()
    elif (
        measured
        and not figure_unit
        and (measured.group("space") or measured.group("unit").lower() in _ATTACHED_UNITS | {"m"})
    ):
        written = " ".join(measured.group("unit").split())
        if written.lower() != "points" or re.search(r"\d\.\d", core):
            figure_unit = _MEASURES[written.lower()]
            measure = written
            end = measured.end()
    pounds = re.match(r"\s+pounds?\b", text[end : end + 9], re.I)
    if pounds and not figure_unit:
        british = re.search(r"\b(?:UK|Britain|British|London|sterling)\b", unit.text)
        figure_unit = "GBP" if british else "lb"
        end += pounds.end()
    sign = _CURRENCY_BEFORE.search(text[max(unit.start, start - 4) : start])
    code = _CURRENCY_CODE_BEFORE.search(text[max(unit.start, start - 5) : start])
    if sign and figure_unit in ("", "USD"):
        figure_unit = _CURRENCY_SIGNS.get(sign.group("cur"), "USD")
        start -= len(sign.group(0))
    elif code and not figure_unit:
        figure_unit = code.group("code")
        start -= len(code.group(0))
    # a range: the first bound shares the second's scale and unit
    partner_end = -1
    partner = _RANGE_AFTER.match(text, end, unit.end)
    if partner and (vague or (figure_unit and figure_unit != _partner_unit(partner))):
        partner = None  # "fell 36 percent to 75.2 billion pounds": a change, not a range
    if partner:
        partner_scale = _scale_of(partner)
        if partner_scale and scale == 1.0 and not re.search(r"[a-z]", lower):
            value *= partner_scale
        if not figure_unit:
            figure_unit = _partner_unit(partner)
        partner_end = partner.end()
    if not figure_unit:
        earlier = _RANGE_BEFORE.search(text[max(unit.start, start - 40) : start])
        if earlier and earlier.group("cur"):
            figure_unit = _CURRENCY_SIGNS.get(earlier.group("cur"), "USD")
    hedge = _MODIFIER.search(text[max(unit.start, start - 40) : start])
    if hedge:
        word = " ".join(hedge.group("mod").lower().split())
        if word in ("about", "over", "under", "around") and re.search(
            r"\b(?:fought|fight|argued|argue|worried|worries|disagreed|talked|talks|care|cares|"
            r"row|rows|dispute|disputes|spread|spreads|spanning|scattered|stretched|distributed|"
            r"control|power|influence|debate|battle|war|feud|tensions?|anger|outrage|protests?|"
            r"concerns?|clash(?:es)?|questions?|hovered|hovering|centred|centered)\s*$",
            text[max(0, start - len(hedge.group(0)) - 20) : start - len(hedge.group(0))],
        ):
            word = ""  # "fought over 3 issues": a preposition, not a hedge
        if word and word not in _EMPHASIS:
            modifier = word
            start -= len(hedge.group(0))
    if (
        lower in ("one", "an", "a")
        and not figure_unit
        and modifier in ("", "some")
        and scale == 1.0
    ):
        return None  # "one senior official", "some one": a determiner, not a count
    return _Found(
        start, n_start, n_end, end, float(value), modifier, figure_unit, vague, measure, partner_end
    )


_RANGE_AFTER = re.compile(
    rf"\s*(?:-{{1,2}}|–|—|to|and|or)\s*(?P<cur>US\$|\$|€|£)?\s?(?P<num>{_DIGITS})"
    rf"(?:\s*(?P<scale>{_SCALE_WORD}|bn|mn|m|b|k)\b)?(?P<pct>\s?%|\s?per\s?cent\b|\s?percent\b)?",
    re.IGNORECASE,
)
_RANGE_BEFORE = re.compile(
    rf"(?P<cur>US\$|\$|€|£)?\s?{_DIGITS}(?:\s*(?:{_SCALE_WORD}|bn|mn|m|b|k)\b)?\s*"
    rf"(?:-{{1,2}}|–|—|to|and|or)\s*$",
    re.IGNORECASE,
)


def _scale_of(partner: re.Match[str]) -> float:
    scale = (partner.group("scale") or "").lower()
    if not scale:
        return 0.0
    words = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
    return words.get(scale, _ABBREVIATIONS.get(scale, 0.0))


def _partner_unit(partner: re.Match[str]) -> str:
    if partner.group("pct"):
        return "%"
    if partner.group("cur"):
        return _CURRENCY_SIGNS.get(partner.group("cur"), "USD")
    return ""


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Not part of a word or a code: "H1N1", "G20", "COVID-19", "747-400", "9/11", "1990s"."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or before in "/#@_":
        return False
    if after.isalpha():
        unit = re.match(r"[a-zA-Z]+", text[end : end + 6])
        if not unit or unit.group(0).lower() not in _ATTACHED_UNITS | {"m"}:
            return False  # 1990s, 3rd, 5G
    if before in "-–‑" and start >= 2 and text[start - 2].isalnum():
        return False  # COVID-19, F-16
    if after == "/" or (after in "-–‑" and end + 1 < len(text) and text[end + 1].isdigit()):
        return False  # 9/11, 3-2, 747-400
    if after in ":." and end + 1 < len(text) and text[end + 1].isdigit():
        return False  # 10:30, 1.2.3
    if text[start] == "." and start >= 2 and text[start - 2].isdigit():
        return False  # "10 .30": a time cut in two by tokenisation
    if after in "'’" and end + 1 < len(text) and text[end + 1] == "s":
        return False  # 1990's
    return not (before in "'’" and text[start : start + 1].isdigit())  # '90s


# The patterns the readers below try on every number, compiled once here: by a string in the
# function, each call looked its pattern up in the module's cache again (a tenth of the stage).
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_FOUR_DIGITS = re.compile(r"\d{4}")
_CODE_DIGITS = re.compile(r"0\d+|\d{6,}")
#: The other side of a colon between digits: "09:43", "00:11 JST" (a clock time), "3:1" (a
#: score), "3:16" (a verse).
_COLON_DIGITS_BEFORE = re.compile(r"\d:$")
_COLON_DIGITS_AFTER = re.compile(r"^:\d")
_ORDINAL_SUFFIX = re.compile(r"^(?:st|nd|rd|th)\b")
_HYPHENED_DURATION = re.compile(r"\s*(?:-|–)\s*(?:year|month|week|day)s?\b", re.I)
_NAME_NOT_BEFORE_NUMBER = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Z]{2,4}|[A-Z][a-z]+ians?|[A-Z][a-z]+ese|[A-Z][\w.-]*['’]s"
    r"|[A-Z][a-z]+[^s\W]s"
)
_NAME_OF_BEFORE = re.compile(r"\b[A-Z][\w-]*\s+of\s+$")
_DIGIT = re.compile(r"\d")
_CAPITALISED_AFTER = re.compile(r"\s+[A-Z][a-z]+\b")
_CAPITALISED_WORD_AFTER = re.compile(r"\s+([A-Z][a-z]+)")
_NATIONALITY = re.compile(r"[A-Z][a-z]+(?:ians?|ans|ese|ish|is)")
_ONE_OF_AFTER = re.compile(r"\s+(?:of|another|by|in|or|more|day|time)\b")
_HYPHEN_DIGIT_AFTER = re.compile(r"\s*-\s*\d")
_DIGIT_HYPHEN_BEFORE = re.compile(r"\d\s*-\s*$")
_SENTENCE_MARK_BEFORE = re.compile(r"[.!?:;\"“(—–-]\s*$")


def _not_a_figure(
    text: str, unit: Sentence, start: int, end: int, core: str, before: str, after: str
) -> bool:
    """Dates, years, times, durations, ages, ranks, references, addresses, names and codes."""
    digits = core.replace(",", "")
    is_digits = bool(_DECIMAL.fullmatch(digits))
    lower = core.lower()
    year = is_digits and _FOUR_DIGITS.fullmatch(core) and 1000 <= int(core) <= 2100
    if year and not (_PERCENT.match(after) or _CURRENCY_BEFORE.search(before)):
        return True  # a year
    if is_digits and _FOUR_DIGITS.fullmatch(core) and _CLOCK_AFTER.match(after):
        return True  # 1930 CDT
    if is_digits and _CODE_DIGITS.fullmatch(core):
        return True  # a code, a phone number or a clock time
    if is_digits and (_COLON_DIGITS_BEFORE.search(before) or _COLON_DIGITS_AFTER.match(after)):
        return True  # "09:43 UK time": a clock time's minutes or hours
    if _ORDINAL_SUFFIX.match(after):
        return True  # ordinal
    if is_digits and (
        _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after) or _DAY_RANGE_AFTER.match(after)
    ):
        return True
    if is_digits and _WEEKDAY_BEFORE.search(before) and float(digits) <= 31:
        return True
    if is_digits and _CLOCK_AFTER.match(after):
        return True
    if _DURATION_AFTER.match(after) or _HYPHENED_DURATION.match(after):
        return True  # "three years", "two-day", "a 50-year-old"
    if _REFERENCE_BEFORE.search(before) or _RANK_BEFORE.search(before) or _RANK_AFTER.match(after):
        return True
    if _STREET_AFTER.match(after):
        return True
    name = _NAME_BEFORE.search(before)
    if name and name.group("word") not in _FREE_BEFORE:
        word = name.group("word")
        position = start - len(before) + name.start("word")
        if not _is_sentence_start(text, unit, position) and not (
            _NAME_NOT_BEFORE_NUMBER.fullmatch(word)
        ):
            return True  # "Title 42", "France 24", "Flight 370"; not "U.S. 20", "BBC 5"
    if _NAME_OF_BEFORE.search(before):
        return True  # "Group of 20"
    if not _DIGIT.search(core) and _CAPITALISED_AFTER.match(after):
        following = _CAPITALISED_WORD_AFTER.match(after)
        nationality = following and _NATIONALITY.fullmatch(following.group(1))
        if not nationality:
            return True  # "Three Amigos", "Big Three"
    if lower == "one" and _ONE_OF_AFTER.match(after):
        return True  # "one of the …", "one another"
    return bool(
        _HYPHEN_DIGIT_AFTER.match(after)
        or (_DIGIT_HYPHEN_BEFORE.search(before) and "$" not in before[-6:])
    )


def _is_sentence_start(text: str, unit: Sentence, offset: int) -> bool:
    return offset <= unit.start + 1 or bool(
        _SENTENCE_MARK_BEFORE.search(text[max(0, offset - 4) : offset])
    )


# -- the figure around it -------------------------------------------------------------------


#: Languages whose plurals do not end in "s" ("persone", "Menschen", "человек", "osób") and
#: whose counted noun the reader finds by their small words: there a word after a count
#: that does not end in "s" is still what is counted. Elsewhere ("seven appear to …") it is
#: not; in Chinese, Arabic or Turkish the reader would take a whole clause for the noun.
_PLURAL_NOT_IN_S = frozenset({"it", "de", "ru", "pl", "uk", "cs", "sk"})


def _head_words(words: Sequence[str], language: str) -> int:
    """How many of the words read after a count are what it counts, where the reader's small
    words do not end the phrase: in German up to the first noun (written with a capital:
    "750 Soldaten zusätzlich" counts soldiers), in the other languages of
    ``_PLURAL_NOT_IN_S`` at most two ("500 zakażonych osób", "450 терактов")."""
    code = language_code(language)
    if code not in _PLURAL_NOT_IN_S:
        return len(words)
    if code == "de":
        noun = next((i for i, w in enumerate(words) if w[:1].isupper()), len(words) - 1)
        return min(len(words), noun + 1)
    return min(len(words), 2)


def _end_of_words(text: str, start: int, words: Sequence[str]) -> int:
    """Where ``words``, read in turn from ``start``, end in ``text``."""
    position = start
    for word in words:
        position = text.index(word, position) + len(word)
    return position


def _figure(
    article_id: str,
    text: str,
    unit: Sentence,
    found: _Found,
    times: Sequence[TimeMention],
    places: Sequence[Mention],
    index: int,
    language: str = "en",
) -> Figure | None:
    counted_from = found.partner_end if found.partner_end > 0 else found.end
    noun_end, words = _counted_noun(text, unit, found, counted_from)
    if words and words[0].lower() in _NOT_COUNTED and len(words) == 1:
        words = []
    if (
        words
        and language_code(language) not in _PLURAL_NOT_IN_S
        and found.value > 1
        and not found.unit
        and not _plural(words[-1])
        and words[-1][:1].islower()
        and "-" not in text[found.number_end : found.number_end + 1]
    ):
        words = []  # "seven appear to …": more than one of a singular is not what is counted
    keep = _head_words(words, language)
    if keep < len(words):
        noun_end = _end_of_words(text, counted_from, words[:keep])
        words = words[:keep]
    bare = not words and not found.unit and not found.modifier and not found.vague
    if bare and not _bare_figure(text, unit, found):
        return None
    # the first bound of a range stops before the second
    end = max(found.end, noun_end) if words and found.partner_end < 0 else found.end
    head = " ".join(words)
    verb = _event_verb(text, unit, found.start) if words else ""
    if not verb and words:
        verb = _participle_after(text, noun_end, unit.end)
    place_text = _place_after(text, noun_end if words else found.end, unit.end, places, verb)
    counted = " ".join(part for part in (head, verb, place_text) if part) if words else ""
    return Figure(
        article_id=article_id,
        start=found.start,
        end=end,
        text=text[found.start : end],
        value=found.value,
        modifier=found.modifier,
        unit=found.unit,
        counted=counted,
        time=_time_in_sentence(unit, times, found.start),
        place=place_text or _place_in_sentence(unit, places, found.start),
        sentence=index,
    )


def _bare_figure(text: str, unit: Sentence, found: _Found) -> bool:
    """A number with nothing counted after it is a figure when it is written in digits and
    reads as a quantity: '771,000', '104.13', '1.07 million', 'injured 180', '85 were being
    tested', the first bound of a range."""
    core = text[found.number_start : found.number_end]
    if not re.match(r"\d|\.\d", core):
        return False  # "the three agreed": a number word counting nothing nameable
    if re.search(r"[,.]\d|[a-z]", core.lower()) or found.partner_end > 0:
        return True
    before = text[max(unit.start, found.start - 30) : found.start].lower()
    after = text[found.end : min(unit.end, found.end + 30)]
    return bool(_BARE_BEFORE.search(before) or _BARE_AFTER.match(after))


_OF_THE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?")
_HYPHENED_NOUN = re.compile(r"-([a-z][a-z]+)\b")
_IN_AFTER = re.compile(r"\s+in\s+")
_OF_TOTAL = re.compile(
    r"\s+(?-i:(?:out\s+)?of)\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|our\s+|all\s+|these\s+|"
    r"those\s+)?(?:top\s+)?(?:(?P<total>\d[\d,]*|" + _NUMBER_WORD + r")\s+)?",
    re.IGNORECASE,
)
_LOWER_LETTER = re.compile(r"[a-z]")
_NON_SPACE = re.compile(r"[^\s]+")
#: A word of any alphabet with capitals ("people", "personas", "человек", "przypadków"):
#: not of Chinese or Arabic, where the reader cannot tell a word's end and would take a whole
#: clause for what is counted.
_PLAIN_WORD = re.compile(rf"(?:{CAPITAL}|{SMALL})[\w'’-]*")
_WORD_AFTER = re.compile(rf"\s+((?:{CAPITAL}|{SMALL})[\w'’-]*)")
_TIME_UNIT = re.compile(_TIME_UNITS)


#: "of" between a number and what it counts where Spanish, Portuguese and Italian write one.
_ROMANCE_OF = re.compile(r"\s+d[eia]\s+(?=\w)", re.IGNORECASE)


def _counted_noun(text: str, unit: Sentence, found: _Found, position: int) -> tuple[int, list[str]]:
    """The noun phrase a figure counts: 'people', 'vaccine doses', 'Mexican and Central
    American migrants', 'barrels of oil'; with where it ends."""
    limit = unit.end
    if found.measure:
        # a measure leads what is counted: "barrels of oil", "feet"
        words = [found.measure]
        of = _OF_THE.match(text[position:limit])
        if of:
            end, following = _noun_phrase(text, position + of.end(), limit)
            if following:
                return end, [*words, "of", *following]
        return position, words
    hyphen = _HYPHENED_NOUN.match(text[position:limit])
    if hyphen:
        return position + hyphen.end(), [hyphen.group(1)]  # "a 32-vessel flotilla"
    rest = text[position:limit]
    romance_of = _ROMANCE_OF.match(rest)  # "2,5 millones de personas"
    if romance_of and found.unit not in ("%", "percentage points"):
        return _noun_phrase(text, position + romance_of.end(), limit)
    if found.unit in ("USD", "EUR", "GBP", "JPY", "CNY", "INR", "AUD", "CAD", "HKD", "MXN", "CHF"):
        inside = _IN_AFTER.match(rest)  # "$7 billion in assets"
        if inside:
            return _noun_phrase(text, position + inside.end(), limit)
        return _noun_phrase(text, position, limit)
    # "a third of migrants", "20% of the population", "three of the 21 countries",
    # "43 out of the top 200 singles", "Four of his other hit albums"
    of = _OF_TOTAL.match(rest)
    if of and of.group("total"):
        _end, words = _noun_phrase(text, position + of.end(), limit)
        return position, words  # the figure's span stops before the total it is part of
    if found.unit in ("%", "percentage points") and not of:
        return position, []  # "70 percent favored …": a share counts only what it is "of"
    if of and (
        found.vague
        or found.unit == "%"
        or _LOWER_LETTER.search(text[found.number_start : found.number_end].lower())
        or rest.lstrip().startswith("out")
    ):
        return _noun_phrase(text, position + of.end(), limit)
    return _noun_phrase(text, position, limit)


def _noun_phrase(text: str, position: int, limit: int) -> tuple[int, list[str]]:
    """Words from ``position`` up to a head noun (a plural, or the last noun before a stop)."""
    words: list[str] = []
    end = position
    cursor = position
    for token in _NON_SPACE.finditer(text[position:limit]):
        gap = text[cursor : position + token.start()]
        if gap.strip() or (words and "\n" in gap and "\n\n" in gap):
            break
        raw = token.group(0)
        word = raw.rstrip(',;:.!?)"”’')
        trailing = raw[len(word) :]
        lower = word.lower()
        if not _PLAIN_WORD.fullmatch(word) or lower in ("'s", "’s"):
            break
        if lower in _NP_STOP:
            if lower in ("and", "or") and words and words[-1][:1].isupper():
                following = text[position + token.end() : position + token.end() + 2].strip()
                if following[:1].isupper():
                    words.append(word)
                    cursor = position + token.end()
                    continue
            break
        if (
            words
            and lower.endswith(("ed", "ing"))
            and not _noun_follows(text, position + token.end())
        ):
            break  # "vaccine donated to" is not a noun phrase; "new confirmed cases" is
        if words and (lower in _PARTICIPLES or lower in _FINITE_VERBS):
            break
        if _time_word(lower) or lower in ("last", "next", "this", "per", "a", "an"):
            if not words:
                return position, []  # "£20bn last year", "three years": nothing counted
            break
        words.append(word)
        end = position + token.start() + len(word)
        cursor = position + token.end()
        if trailing or _plural(word) or len(words) >= 6:
            break
    while words and words[-1].lower() in ("and", "or"):
        words.pop()
    if words and not words[-1][:1].isupper() and words[-1].lower().endswith("ly"):
        words.pop()
    return end, words


def _noun_follows(text: str, position: int) -> bool:
    """Whether the next word can go on a noun phrase (a participle used as an adjective:
    "new confirmed cases", "visibly oiled birds")."""
    following = _WORD_AFTER.match(text[position : position + 40])
    return bool(following and following.group(1).lower() not in _NP_STOP)


def _plural(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        return True
    return (
        lower.endswith("s")
        and not lower.endswith(("ss", "us", "is", "'s", "’s"))
        and len(lower) > 3
    )


def _time_word(word: str) -> bool:
    return bool(_TIME_UNIT.fullmatch(word.lower()))


def _event_verb(text: str, unit: Sentence, start: int) -> str:
    """The past participle of the verb whose object the figure is: 'apprehended more than
    221,000 people' → 'apprehended'; 'has donated almost 11 million' → 'donated'."""
    before = text[max(unit.start, start - 40) : start]
    match = re.search(r"\b([a-z]+)\s+(?:(?:a|an|the)\s+(?:record|total\s+of)\s+)?$", before)
    if not match:
        return ""
    word = match.group(1)
    if word in _NOT_EVENT_VERBS:
        return ""
    if word in _PARTICIPLES:
        return _PARTICIPLES[word]
    if word.endswith("ed") and len(word) > 4:
        return word
    return ""


def _participle_after(text: str, position: int, limit: int) -> str:
    """'people displaced', 'migrants expelled', 'people heading north': a participle right
    after the counted noun says what happened to it."""
    match = re.match(rf"\s+([a-z]+(?:ed|ing))\b(\s+{_DIRECTION}\b)?", text[position:limit])
    if not match:
        return ""
    word = match.group(1)
    if word in _NOT_EVENT_VERBS or word in _NOT_PARTICIPLES:
        return ""
    return word + (match.group(2) or "")


def _place_after(text: str, position: int, limit: int, places: Sequence[Mention], verb: str) -> str:
    """A place phrase right after the counted thing: 'on the Mexican border', 'to Mexico',
    'at the border with Mexico', 'around the world'."""
    if verb:
        skip = re.match(r"\s+" + re.escape(verb) + r"\b", text[position:limit])
        if skip:
            position += skip.end()
    prep = re.match(rf"\s+(?:{_PLACE_PREPOSITIONS})\s+", text[position:limit], re.IGNORECASE)
    if not prep:
        return ""
    phrase_start = position + len(text[position:limit]) - len(text[position:limit].lstrip())
    cursor = position + prep.end()
    det = re.match(r"(?:the|a|an|its|their|this|that|his|her)\s+", text[cursor:limit], re.I)
    if det:
        cursor += det.end()
    words: list[str] = []
    phrase_end = cursor
    for token in re.finditer(r"[^\s,;:()\"“”!?]+", text[cursor:limit]):
        gap = (
            text[phrase_end : cursor + token.start()]
            if words
            else text[cursor : cursor + token.start()]
        )
        if gap.strip():
            break
        word = token.group(0)
        bare = word.rstrip(".").lower()
        if re.fullmatch(_MONTHS, word) or _time_word(bare) or bare in _PLACE_STOP:
            break
        if bare == "of" and words and words[-1][:1].isupper():
            following = text[cursor + token.end() : cursor + token.end() + 3].strip()
            if following[:1].isupper():
                words.append(word)
                phrase_end = cursor + token.end()
                continue
        if bare in _NP_STOP or (bare.endswith(("ed", "ing")) and not word[:1].isupper()):
            break
        words.append(word)
        phrase_end = cursor + token.end()
        if word.endswith(".") and not re.search(r"[A-Z]\.$", word):
            phrase_end -= 1
            break
        if len(words) >= 5:
            break
    if not words:
        return ""
    lowered = [w.rstrip(".").lower() for w in words]
    more = re.match(r"\s+with\s+([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)", text[phrase_end:limit])
    if lowered[-1] in ("border", "borders", "frontier") and more:
        phrase_end += more.end()
    in_place = [
        m for m in _starting_in(places, phrase_start, phrase_end + 1) if m.end <= phrase_end + 1
    ]
    has_place_word = any(w in _PLACE_NOUNS for w in lowered)
    if in_place and not has_place_word:
        phrase_end = max(m.end for m in in_place)
    elif not (in_place or has_place_word or any(w[:1].isupper() for w in words)):
        return ""
    return text[phrase_start:phrase_end].strip()


def _place_in_sentence(unit: Sentence, places: Sequence[Mention], offset: int) -> str:
    """A place named in the same sentence after a locative preposition ('in Colombia');
    ``places`` in order of their starts."""
    best: tuple[int, str] | None = None
    for m in _starting_in(places, unit.start, unit.end):
        before = unit.text[max(0, m.start - unit.start - 12) : m.start - unit.start]
        if re.search(rf"\b(?:{_PLACE_PREPOSITIONS})\s+(?:the\s+)?$", before, re.IGNORECASE):
            distance = abs(m.start - offset)
            if best is None or distance < best[0]:
                best = (distance, m.text)
    return best[1] if best else ""


class _HasStart(Protocol):
    @property
    def start(self) -> int: ...


_Spanned = TypeVar("_Spanned", bound=_HasStart)


def _starting_in(items: Sequence[_Spanned], start: int, end: int) -> Sequence[_Spanned]:
    """Those of ``items`` (in order of their starts) that start in ``[start, end)``: found by
    halving, as a figure asks of its sentence's (a walk over all of them per figure was
    quadratic: 7 s of a 640,000-character text)."""
    first = bisect.bisect_left(items, start, key=_start_of)
    return items[first : bisect.bisect_left(items, end, lo=first, key=_start_of)]


def _start_of(item: _Spanned) -> int:
    return item.start


def _time_in_sentence(unit: Sentence, times: Sequence[TimeMention], offset: int) -> str:
    """The TIMEX value of the date stated in the figure's sentence, nearest to it (``times``
    in order of their starts)."""
    best: tuple[int, str] | None = None
    for t in _starting_in(times, unit.start, unit.end):
        if t.type != "DATE":
            continue
        if not t.value or t.value.endswith("_REF"):
            continue
        distance = abs(t.start - offset)
        if best is None or distance < best[0]:
            best = (distance, t.value)
    return best[1] if best else ""
