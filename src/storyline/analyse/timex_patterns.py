"""Finding time expressions: the patterns, and the TimeML extent conventions around them.

Each pattern knows what kind of expression it finds (a day, a month without its year, a
weekday, a quarter, a duration ...); earlier patterns win where two overlap. After matching,
:func:`widen` applies the extent conventions of the TimeML guidelines (TimeML 1.2.1, TIMEX3):
an expression includes its determiner and the words that are part of what it denotes ("the
past two months", "the third quarter", "early next year", "mid-November", "fiscal 1989",
"a year earlier", "Saturday night", "10 p.m. Wednesday", approximators such as "nearly" and
"more than"), and excludes prepositions ("in", "for", "within") and the possessive "'s".
Modifiers that change the value are kept in the hit's groups for the normaliser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from storyline.analyse.timex_holidays import HOLIDAYS
from storyline.analyse.timex_lexicon import (
    ES_MONTHS,
    ES_WEEKDAYS,
    EU_MONTHS,
    EU_WEEKDAYS,
    NUMBER_WORDS,
    ONES,
    TENS,
)
from storyline.analyse.word_trie import longest_first

MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_ES_MONTH_RE = r"(?:" + "|".join(ES_MONTHS) + r")"
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ES_WEEKDAY_RE = r"(?:" + "|".join(ES_WEEKDAYS) + r")"
#: Spanish's months too: Italian writes some alike ("3 marzo 2020", "a agosto"); and the
#: months German writes as English does, which English's patterns miss in German's forms
#: ("9. April", "im August 2020").
_EU_AND_ES_MONTHS = (*EU_MONTHS, *ES_MONTHS, "april", "august", "september", "november")
# French's "mars" only in small letters, as French writes it: "Mars" is a planet in English
# ("the Mars 2020 mission").
_EU_MONTH_RE = longest_first(m for m in _EU_AND_ES_MONTHS if m != "mars")[:-1] + "|(?-i:mars))"
_EU_WEEKDAY_RE = longest_first(EU_WEEKDAYS)
#: The words before a month named without its day in German, French, Italian and
#: Portuguese ("im März", "en mars", "a marzo", "em março", "Anfang Mai", "fin juin"), each a
#: look-behind of its own (they must have a fixed width).
_EU_MONTH_LEAD = "|".join(
    rf"(?<=\b{word} )"
    for word in (
        *("im", "in", "seit", "bis", "anfang", "mitte", "ende", "en", "depuis", "début"),
        *("fin", "a", "di", "da", "inizio", "fine", "em", "até", "início", "meados"),
        *("в", "во", "с", "до", "w", "we", "od", "do"),
    )
)
#: Today, yesterday, tomorrow ... in German, French, Italian and Portuguese, as days from
#: the publication day (German's "morgen" and French's "hier" are left out: "morning" and
#: German's "here").
EU_DEICTIC = {
    "heute": 0, "gestern": -1, "vorgestern": -2, "übermorgen": 2,
    "aujourd'hui": 0, "aujourd’hui": 0, "demain": 1, "avant-hier": -2, "après-demain": 2,
    "oggi": 0, "ieri": -1, "domani": 1, "dopodomani": 2,
    "hoje": 0, "ontem": -1, "amanhã": 1, "anteontem": -2,
    "сегодня": 0, "вчера": -1, "завтра": 1, "позавчера": -2, "послезавтра": 2,
    "dzisiaj": 0, "dziś": 0, "wczoraj": -1, "jutro": 1, "przedwczoraj": -2,
    "bugün": 0, "dün": -1, "yarın": 1,
}  # fmt: skip
#: Spanish counts and units of time, for "hace dos semanas".
ES_COUNTS = {
    "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "cien": 100,
}  # fmt: skip
ES_UNITS = {
    "día": "day", "días": "day", "dias": "day", "semana": "week", "semanas": "week",
    "mes": "month", "meses": "month", "año": "year", "años": "year", "década": "decade",
    "décadas": "decade", "hora": "hour", "horas": "hour",
}  # fmt: skip
_ES_COUNT_RE = longest_first(ES_COUNTS)
_ES_UNIT_RE = longest_first(ES_UNITS)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
#: Time zones and hours after a four-digit 24-hour clock ("1830 GMT", "2000 hrs").
_CLOCK_ZONE = r"GMT|BST|UTC|CET|CEST|[ECMP][SD]T|hrs|hours\s+(?:GMT|local)"
_COMPOUND = r"(?:" + "|".join(TENS) + r")(?:[\s-](?:" + "|".join(ONES) + r"))?"
_NUMBER_WORD = r"(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
#: A count: digits, words ("twenty-four", "a hundred"), or a vague one ("a few", "several").
NUM = (
    rf"(?:\d+(?:\.\d+)?|{_COMPOUND}|a\s+(?:hundred|thousand)|"
    rf"{_NUMBER_WORD}(?:\s+(?:hundred|thousand))?|(?:a\s+)?couple\s+of|"
    r"(?:a\s+)?few|several|a\s+number\s+of|a|an|one)"
)
_UNIT_RE = r"(?:year|month|week|day|hour|minute|second|decade|centur(?:y|ie)|quarter)"
_PART_RE = r"(?:morning|afternoon|evening|night)"
_CLOCK_RE = (
    r"(?:(?P<h>\d{1,2})(?::(?P<mi>\d\d))?\s*(?P<ap>[ap]\.\s?m\.|[ap]m\b)|(?P<noon>noon|midnight))"
    r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC)\b)?"
)
#: Holiday names as written, capitalised ("Thanksgiving Day", "New Year's Eve", "Año Nuevo"):
#: lower case they are ordinary words ("christmas shopping" aside, "easter" is no word).
_HOLIDAY_RE = (
    "(?:"
    + "|".join(
        r"\s+".join(word[0].upper() + word[1:] for word in name.split()).replace("'", "['’]")
        for name in sorted(HOLIDAYS, key=len, reverse=True)
    )
    + ")"
)
_SPELLED_DECADES = r"(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
# A bare month name only when something marks it as a time ("in May", "May 2022", "and May").
_MONTH_LEAD = (
    r"(?:(?<=\bin )|(?<=\bIn )|(?<=\bsince )|(?<=\buntil )|(?<=\bby )|(?<=\bduring )|"
    r"(?<=\bearly )|(?<=\blate )|(?<=\bmid-)|(?<=\bmid )|(?<=\bof )|(?<=\band )|(?<=\bor )|"
    r"(?<=\bthrough )|(?<=\bfrom )|(?<=\bthis )|(?<=\blast )|(?<=\bnext )|(?<=\bSince )|"
    r"(?<=\bBy )|(?<=\bUntil )|(?<=\bfor )|(?<=\bto )|(?<=\bLast )|(?<=\bThis )|"
    r"(?<=\bbefore )|(?<=\bafter )|(?<=\bend of )|(?<=\bbeginning of )|(?<=\bmiddle of )|"
    # "this past March", "this coming June" (the prefix is read as its direction by ``widen``).
    r"(?<=\bthis past )|(?<=\bThis past )|(?<=\bthis coming )|(?<=\bThis coming ))"
)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    kind: str
    groups: dict[str, str] = field(default_factory=dict)


PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "clock",
        re.compile(
            rf"(?<![\w.:$])(?:(?P<approx>around|about|at about)\s+)?(?:{_CLOCK_RE}|"
            # "4 in the morning", "10 o'clock at night": the part of day says a.m. or p.m.
            r"(?P<h2>\d{1,2})(?::(?P<mi2>\d\d))?\s+(?:o['’]clock\s+)?"
            r"(?P<pd>in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b)",
            re.I,
        ),
    ),
    (
        "part_day",
        re.compile(
            rf"\b(?P<d>today|yesterday|tomorrow|this|last|{WEEKDAY_RE})\s+(?P<p>{_PART_RE})\b"
            r"(?!s\b)|\b(?P<tonight>tonight)\b|(?<=\bin )the\s+(?P<p2>morning|afternoon|evening)\b"
            r"(?!\s+of\b)|"
            # the part first: "mid-afternoon yesterday", "late evening today"
            rf"\b(?:(?:early|late|mid)-?\s*)?(?P<p3>{_PART_RE})\s+(?P<d3>today|yesterday|tomorrow)\b",
            re.I,
        ),
    ),
    (
        "range_md",
        re.compile(
            rf"\b(?:from\s+)?(?P<m>{MONTH_RE})\s+(?P<d1>\d{{1,2}})\s*(?:--|-|–|—|to|through)\s*"
            rf"(?P<d2>\d{{1,2}})\b(?:,?\s+(?P<y>{_YEAR}))?"
        ),
    ),
    (
        "range_es",
        re.compile(
            rf"\bdel\s+(?P<d1>\d{{1,2}})\s+al\s+(?P<d2>\d{{1,2}})\s+de\s+(?P<m>{_ES_MONTH_RE})"
            rf"(?:\s+de\s+(?P<y>{_YEAR}))?",
            re.IGNORECASE,
        ),
    ),
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<mn>\d\d)-(?P<d>\d\d)\b")),
    (
        "mdy",
        re.compile(
            rf"\b(?P<m>{MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?\b"
            r"(?!\d|:\d)"  # not a clock ("May 5:30"); a colon after it ends a dateline
        ),
    ),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{MONTH_RE})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    (
        "es_dmy",
        re.compile(
            rf"\b(?P<d>\d{{1,2}})\s+de\s+(?P<m>{_ES_MONTH_RE})(?:\s+de\s+(?P<y>{_YEAR}))?",
            re.IGNORECASE,
        ),
    ),
    (
        # "2020年3月3日", "3月3日", "2020年3月", "3月" (Chinese, Japanese)
        "cjk_date",
        re.compile(
            # after a character of the text, not only at a word's start ("于2020年3月")
            r"(?<!\d)(?:(?:(?P<y>\d{4})\s*年\s*)?(?P<mn>\d{1,2})\s*月"
            r"(?:\s*(?P<d>\d{1,2})\s*[日号])?|(?P<y2>\d{4})\s*年(?!\s*\d{1,2}\s*月)(?!代))"
        ),
    ),
    (
        "cjk_weekday",
        re.compile(r"(?:星期|礼拜|周)(?P<w>[一二三四五六日天])|(?P<jw>[月火水木金土日])曜日?"),
    ),
    ("cjk_deictic", re.compile(r"(?P<w>前天|昨天|今天|明天|后天|昨日|今日|明日)")),
    (
        # "08.03.2020", "25/03/2020": the day first, as these languages write it
        "eu_numeric",
        re.compile(rf"\b(?P<d>\d{{1,2}})(?P<sep>[./])(?P<mn>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})\b"),
    ),
    (
        # "3. März 2020", "1er mars", "3 marzo 2020", "3 de março de 2020"
        "eu_dmy",
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:\.|er|º|°)?\s+(?:de\s+)?(?P<m>{_EU_MONTH_RE})\b"
            rf"(?:\s+(?:de\s+)?(?P<y>{_YEAR}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "holiday",
        re.compile(
            r"\b(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Tt]his\s+past|[Tt]his\s+coming)\s+)?"
            rf"(?P<h>{_HOLIDAY_RE})\b(?:,?\s+(?P<y>{_YEAR})\b)?"
        ),
    ),
    (
        "month_year",
        re.compile(
            rf"\b(?:(?P<part>early|late|mid-?)\s*)?(?P<m>{MONTH_RE})\s+"
            rf"(?:of\s+)?(?P<y>{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "month_rel_year",
        re.compile(
            rf"\b(?P<m>{MONTH_RE})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b(?!['’]s)", re.I
        ),
    ),
    (
        "spelled_year",
        re.compile(
            r"\b(?:the\s+year\s+)?(?:(?P<c>nineteen)\s+(?P<t>ten|twenty|thirty|forty|fifty|sixty|"
            r"seventy|eighty|ninety)(?:[\s-](?P<o>one|two|three|four|five|six|seven|eight|nine))?"
            r"|(?P<k>two\s+thousand)(?:\s+and)?(?:\s+(?P<o2>one|two|three|four|five|six|seven|"
            r"eight|nine|ten))?)\b"
            # "two thousand years", "nineteen twenty people": a count, not a year.
            r"(?!\s+(?:years?|months?|weeks?|days?|hours?|people|dollars|miles)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "es_month",
        re.compile(
            rf"(?:(?<=\ben )|(?<=\bdesde )|(?<=\bhasta ))(?P<m>{_ES_MONTH_RE})\b"
            rf"(?:\s+de\s+(?P<y>{_YEAR}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "month",
        re.compile(
            # Every match starts with a month's capital: the lookahead lets the scan skip
            # other positions before trying the lookbehinds (a fifth of the whole scan).
            rf"(?=[ADFJMNOS])(?:{_MONTH_LEAD}(?P<m>{MONTH_RE})\b(?!\s+\d)|"
            r"\b(?P<m2>January|February|March|April|June|July|August|September|October|"
            r"November|December)(?=['’]s\b))"
        ),
    ),
    (
        "eu_month_year",
        re.compile(rf"\b(?P<m>{_EU_MONTH_RE})\s+(?:de\s+|del\s+)?(?P<y>{_YEAR})\b", re.IGNORECASE),
    ),
    ("eu_month", re.compile(rf"(?:{_EU_MONTH_LEAD})(?P<m>{_EU_MONTH_RE})\b", re.IGNORECASE)),
    (
        "century",
        re.compile(r"\b(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b", re.IGNORECASE),
    ),
    (
        "decade",
        re.compile(
            r"\b(?P<dec>(?:1[89]|20)\d0)['’]?s\b|(?<![\w'’])['’](?P<dec2>[2-9]0)['’]?s\b|"
            rf"\bthe\s+(?P<dec3>[2-9]0)['’]?s\b|\bthe\s+{_SPELLED_DECADES}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "season_year",
        re.compile(
            rf"\b(?P<s>spring|summer|fall|autumn|winter)\s+(?:of\s+)?(?P<y>{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "half",
        re.compile(
            rf"\b(?P<q>first|second|last)\s+half(?:\s+of\s+(?:the\s+)?(?:(?P<y>{_YEAR})|"
            r"(?P<yu>year)))?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+"
            rf"quarter(?!s)(?:\s+of\s+(?P<y>{_YEAR}))?\b|\bQ(?P<qn>[1-4])\s+(?P<y2>{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter_rel",
        re.compile(
            rf"\b(?:the|this|that|its)\s+(?:(?P<rel>latest|current|last|past|previous|same|"
            rf"year-earlier|year-ago|year-before|comparable|corresponding|next|coming|recent|"
            rf"fiscal|{_YEAR})\s+){{0,2}}(?P<head>quarter|(?<=\s)period(?=[\s,.;]))"
            r"(?:\s+(?P<ly>last\s+year|a\s+year\s+(?:ago|earlier)))?\b(?![\s-]+(?:of\s+(?:a|an|the|its|his|her|their)|century|mile|point|"
            r"percent|inch|share|pound|ton))",
            re.IGNORECASE,
        ),
    ),
    (
        "fiscal",
        re.compile(
            rf"\bfiscal(?:\s+year)?\s+(?:(?P<y>{_YEAR})|['’](?P<yy>\d\d))\b|"
            rf"\b(?P<y2>{_YEAR})\s+fiscal\s+year\b",
            re.IGNORECASE,
        ),
    ),
    (
        "year_end",
        re.compile(r"\b(?:the\s+)?(?:year[-\s]end|year['’]s\s+end|end\s+of\s+the\s+year)\b", re.I),
    ),
    (
        "season",
        re.compile(
            r"\b(?P<rel>the|this|last|next|this\s+past|this\s+coming)\s+(?:(?P<where>early|late)\s+)?"
            r"(?P<s>spring|summer|fall|autumn|winter)\b(?!\s+(?:of\s+)?\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            rf"(?<![\w$#.-])(?P<y>{_YEAR})(?![\w-]|\.\d|,\d|\s*%)"
            # A 24-hour clock with its zone is no year: "from 1830 GMT", "at 2000 (0000 GMT)".
            rf"(?!\s*(?:{_CLOCK_ZONE})\b|\s*\(\d{{4}}\s*(?:{_CLOCK_ZONE})\b)"
        ),
    ),
    (
        "shifted_adj",
        re.compile(r"\b(?P<w>year-earlier|year-ago|year-before)\b", re.IGNORECASE),
    ),
    (
        "ago",
        re.compile(
            rf"\b(?P<n>{NUM})\s+(?:more\s+)?(?P<u>{_UNIT_RE})s?(?:\s+or\s+(?:so|two|more))?"
            r"\s+ago\b|\b(?P<vague>(?:years|months|weeks|days|decades)|(?:long|some\s+time))\s+ago\b",
            re.IGNORECASE,
        ),
    ),
    (
        "shifted",
        re.compile(
            rf"\b(?P<n>{NUM})\s+(?P<u>{_UNIT_RE})s?\s+(?P<dir>earlier|from\s+now|hence)\b"
            r"(?!\s+than)",
            re.IGNORECASE,
        ),
    ),
    (
        "rel_year",
        re.compile(
            r"\b(?P<rel>this|next|last|past|previous|coming|the\s+following|the\s+previous|"
            r"the\s+next|the\s+last|the\s+past)\s+"
            r"(?P<u>year|month|week|weekend|summer|winter|spring|fall|autumn|decade)\b"
            r"(?![-\w])",
            re.IGNORECASE,
        ),
    ),
    (
        "the_unit",
        re.compile(
            r"\b(?P<det>the|that|the\s+same)\s+(?:(?P<adj>current|full|fiscal|entire|whole|"
            r"calendar|latest)\s+)?(?:(?:fiscal)\s+)?(?P<u>year|month|week|weekend|day)\b"
            r"(?P<ended>(?=\s+(?:ended|ending)\b))?(?![-\w])(?!\s+(?:of|before|after|when|that|in\s+which)\b)",
            re.IGNORECASE,
        ),
    ),
    ("deictic", re.compile(r"\b(?P<w>today|tomorrow|yesterday)\b", re.IGNORECASE)),
    ("es_deictic", re.compile(r"\b(?P<w>hoy|ayer|mañana|pasado mañana|anteayer)\b", re.IGNORECASE)),
    ("eu_deictic", re.compile(rf"\b(?P<w>{longest_first(EU_DEICTIC)})(?!\w)", re.IGNORECASE)),
    (
        "es_rel",
        re.compile(
            r"\b(?P<a>la|el)\s+(?P<u>semana|mes|año)\s+(?P<rel>pasad[oa]|próxim[oa]|"
            r"que viene)\b|\beste\s+(?P<u2>año|mes)\b"
            # the same with the word before ("la próxima semana", "el pasado año")
            r"|\b(?:la|el)\s+(?P<rel3>pasad[oa]|próxim[oa])\s+(?P<u3>semana|mes|año)\b",
            re.IGNORECASE,
        ),
    ),
    # "hace dos semanas", "hace 3 años": Spanish's "ago", before what it counts.
    (
        "es_ago",
        re.compile(
            rf"\bhace\s+(?P<n>\d{{1,3}}|{_ES_COUNT_RE})\s+(?P<u>{_ES_UNIT_RE})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "set",
        re.compile(
            rf"\b(?P<q>each|every|per)\s+(?P<u>{_UNIT_RE}|{WEEKDAY_RE}|{MONTH_RE})\b",
            re.IGNORECASE,
        ),
    ),
    # "rallies held almost daily", "his weekly radio address": a frequency, as TimeML's SET.
    ("set", re.compile(r"(?<![-\w])(?P<adv>daily|weekly|monthly|annually|yearly|hourly)\b", re.I)),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<rel>last|this|next|this\s+coming|this\s+past|the\s+previous|the\s+next|"
            rf"the\s+following)\s+)?(?P<w>{WEEKDAY_RE})\b(?!['’]?s?\s+(?:night|morning)s\b)"
        ),
    ),
    (
        "es_weekday",
        re.compile(
            rf"\b(?:el\s+)?(?:(?P<rel>próximo|pasado)\s+)?(?P<w>{_ES_WEEKDAY_RE})"
            rf"(?:\s+(?P<rel2>próximo|pasado))?\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "letzten Montag", "lundi dernier", "martedì scorso", "na quarta-feira passada"
        "eu_weekday",
        re.compile(
            r"\b(?:(?P<rel>letzten|vergangenen|nächsten|kommenden|прошлый|прошлую|следующий|"
            rf"следующую|zeszły|zeszłą|przyszły|przyszłą)\s+)?(?P<w>{_EU_WEEKDAY_RE})"
            r"(?:\s+(?P<rel2>dernier|prochain|scors[oa]|prossim[oa]|passad[oa]|próxim[oa]))?"
            r"(?!\w)",
            re.IGNORECASE,
        ),
    ),
    (
        "refs",
        re.compile(
            r"\b(?P<w>(?:right\s+)?now|currently|recently|nowadays|these\s+days|"
            r"the\s+(?:near\s+|foreseeable\s+|distant\s+)?future(?!\s+of\b)|the\s+short\s+term|"
            r"(?:the\s+)?near\s+term|recent\s+(?:years|months|weeks|days|quarters|decades)|"
            r"(?:the\s+)?(?:coming|future)\s+(?:weeks|months|days|years|quarters|decades)|"
            r"the\s+past|past\s+years|a\s+later\s+date|the\s+(?:present|time\s+being)|"
            r"(?:as\s+soon\s+as\s+possible))\b(?![-’'])",
            re.IGNORECASE,
        ),
    ),
    (
        "duration_adj",
        re.compile(
            rf"\b(?P<n>{NUM})-(?P<u>{_UNIT_RE})(?:-long)?\b(?!-)"
            r"(?:\s+(?:period|term|span|stretch|window)\b)?",
            re.IGNORECASE,
        ),
    ),
    (
        "duration",
        re.compile(
            rf"\b(?:(?P<n0>{NUM})\s+(?:to|or)\s+)?(?P<n>{NUM})(?P<frac>\s+1/2|\s?½)?\s+"
            rf"(?:(?:more|additional|full|straight|consecutive|extra)\s+)?"
            rf"(?P<u>{_UNIT_RE})s?\b(?!\s+ago|\s+old\b|-old)(?P<half>\s+and\s+a\s+half\b)?",
            re.IGNORECASE,
        ),
    ),
    (
        "vague_duration",
        re.compile(
            r"(?=[ydwchmas])(?:(?:(?<=\bfor )|(?<=\bwithin )|(?<=\bin )|(?<=\bover )"
            r"|(?<=\bafter ))"
            r"(?P<u>years|months|weeks|days|decades|centuries|hours)\b(?!\s+(?:of|ago)\b)|"
            r"(?<=\bfor )(?P<while>a\s+while|some\s+time|a\s+long\s+time)\b)",
            re.IGNORECASE,
        ),
    ),
]


# -- where a pattern can start: the scan's gates -----------------------------------------------
#
# Trying every pattern at every position of a text was most of the tagger's cost: a pattern
# that opens with ``\b`` under ``re.IGNORECASE`` gets none of the regex engine's quick skips
# to a first character. Each pattern has a gate, read on the lower-cased text, that gives the
# positions where the pattern can begin a match: where one of its ``words`` is (found with
# ``str.find``), where one of its ``starts`` regexes matches (each opens with a literal, which
# the engine skips to quickly), at a figure or a count that starts a word; and none at all
# when the text holds none of what it ``needs``. The scan tries the pattern only at those
# positions (``pattern.match``, left to right, on from the end of the last match), which finds
# exactly what ``finditer`` finds: the same pattern, tried at the same starts in the same
# order, and a position the gate leaves out is one where it cannot match. A gate may give
# positions where the pattern fails; it must never leave out one where it matches.
# The lower-cased text lines up with the text character for character, and its letters,
# digits, spaces and word characters are the text's, except for four characters that
# ``re.IGNORECASE`` takes for ASCII letters (see ``UNGATED``): a text holding any of them is
# scanned the old way, every pattern at every position.


@dataclass(frozen=True)
class Gate:
    #: Lower-case strings a match can begin with.
    words: tuple[str, ...] = ()
    #: Regexes (for the lower-cased text) a match can begin with, each opening with a literal.
    starts: tuple[re.Pattern[str], ...] = ()
    #: The pattern can start at a figure that starts a word.
    digits: bool = False
    #: The pattern can start at a count (``NUM``) that starts a word.
    counts: bool = False
    #: One of these is in the lower-cased text wherever the pattern matches.
    needs: tuple[str, ...] = ()
    #: ``words`` only where they start a word (no word character before them).
    word_start: bool = False


#: Characters that ``re.IGNORECASE`` matches to an ASCII letter though their ``lower()`` is
#: not it (dotted and dotless i, long s, the Kelvin sign); no other character does.
UNGATED = re.compile("[\u0130\u0131\u017f\u212a]")
#: A figure that starts a word: where "4 p.m.", "1990", "20th century" and "5 years" start.
DIGIT_STARTS = re.compile(r"\d(?<!\w\d)")
#: Where a count (``NUM``) that starts a word can begin, save at a figure: "a" or "an" before
#: a space, a hyphen or a half ("a year", "an hour-long", "a½"), or (``COUNT_WORDS``) a
#: number word, "couple", "few" or "several".
COUNT_STARTS = re.compile(r"a(?<!\wa)n?[\s\-½]")
COUNT_WORDS = tuple(sorted({*NUMBER_WORDS, "couple", "few", "several"}))


def _gate(
    *starts: str,
    words: tuple[str, ...] = (),
    digits: bool = False,
    counts: bool = False,
    needs: tuple[str, ...] = (),
    word_start: bool = False,
) -> Gate:
    return Gate(
        _with_dotted(words),
        tuple(re.compile(start.replace("ı", "[ıi]")) for start in starts),
        digits,
        counts,
        _with_dotted(needs),
        word_start,
    )


def _with_dotted(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words, and each with a dotless i ("yarın", Turkish) also with a dotted one: under
    ``re.IGNORECASE`` the pattern's "ı" matches "I" and "i" (a Turkish "YARIN" in capitals),
    which the lower-cased text holds as "i"."""
    dotted = tuple(word.replace("ı", "i") for word in words if "ı" in word)
    return words + tuple(word for word in dotted if word not in words)


def _prefixes(words: tuple[str, ...] | list[str] | dict[str, int]) -> tuple[str, ...]:
    """The first three letters of each word, once: another language's months and weekdays
    mostly begin as English's do ("mar", "jun", "mon"), whose positions the English gates
    find anyway (each word's positions are found once a text), so a gate of prefixes costs
    a few more searches of the text instead of sixty."""
    return tuple(sorted({word[:3] for word in words}))


_LMON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_MONTHS = tuple(_LMON[3:-1].split("|"))
#: A month as MONTH_RE writes it, lower-cased.
_LMONTH = _LMON + r"[a-z]*\.?"
_WEEKDAYS = tuple(WEEKDAY_RE[3:-1].lower().split("|"))
_LWEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_PARTS = ("morning", "afternoon", "evening", "night")
_LPART = r"(?:morning|afternoon|evening|night)"
_LYEAR = r"(?:1[89]\d\d|20\d\d)"
_ES_LWEEKDAY = "(?:" + "|".join(ES_WEEKDAYS) + ")"
_SEASONS = ("spring", "summer", "fall", "autumn", "winter")
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_LUNIT = r"(?:year|month|week|day|hour|minute|second|decade|centur|quarter)"
_HOLIDAY_FIRST = tuple(sorted({name.split()[0].split("'")[0] for name in HOLIDAYS}))
#: Each holiday name holds one of these.
_HOLIDAY_NEEDS = (*(w for w in _HOLIDAY_FIRST if w not in ("good", "new")), "friday", "year")
_DECADE_WORDS = tuple(_SPELLED_DECADES[7:-1].split("|"))
_APPROX_CLOCK = r"\s+(?:\d|noon|midnight)"

#: Each pattern's gate, in the order of PATTERNS.
GATES: list[Gate] = [
    _gate(  # clock
        "around" + _APPROX_CLOCK,
        "about" + _APPROX_CLOCK,
        r"at\s+about" + _APPROX_CLOCK,
        words=("noon", "midnight"),
        digits=True,
    ),
    _gate(  # part_day
        r"the\s+(?:morning|afternoon|evening)",
        words=(
            *("today", "yesterday", "tomorrow", "this", "last", *_WEEKDAYS, "tonight"),
            *("early", "late", "mid", *_PARTS),
        ),
        needs=_PARTS,
    ),
    _gate(rf"from\s+{_LMON}", words=_MONTHS),  # range_md
    _gate(r"del\s+\d"),  # range_es
    _gate(rf"{_LYEAR}-\d\d-\d\d"),  # iso
    _gate(words=_MONTHS),  # mdy
    _gate(rf"\d\d?\s+{_LMON}"),  # dmy
    _gate(r"\d\d?\s+de\s", needs=tuple(ES_MONTHS)),  # es_dmy
    _gate(r"(?<!\d)\d", needs=("月", "年")),  # cjk_date
    _gate(
        words=("星期", "礼拜", "周", *"月火水木金土日"), needs=("星期", "礼拜", "周", "曜")
    ),  # cjk_weekday
    _gate(words=("前天", "昨天", "今天", "明天", "后天", "昨日", "今日", "明日")),  # cjk_deictic
    _gate(digits=True, needs=(".", "/")),  # eu_numeric
    _gate(digits=True, needs=_prefixes(_EU_AND_ES_MONTHS)),  # eu_dmy
    _gate(  # holiday
        words=("last", "this", "next", *_HOLIDAY_FIRST), needs=_HOLIDAY_NEEDS
    ),
    _gate(  # month_year
        rf"early\s*{_LMONTH}\s+(?:of\s+)?{_LYEAR}",
        rf"late\s*{_LMONTH}\s+(?:of\s+)?{_LYEAR}",
        rf"mid-?\s*{_LMONTH}\s+(?:of\s+)?{_LYEAR}",
        words=_MONTHS,
    ),
    _gate(words=_MONTHS, needs=("year",)),  # month_rel_year
    _gate(  # spelled_year
        r"the\s+year\s+(?:nineteen|two)",
        words=("nineteen", "two"),
        needs=("nineteen", "thousand"),
    ),
    _gate(words=tuple(ES_MONTHS)),  # es_month
    _gate(words=_MONTHS),  # month
    _gate(words=_prefixes(_EU_AND_ES_MONTHS), word_start=True),  # eu_month_year
    _gate(words=_prefixes(_EU_AND_ES_MONTHS), word_start=True),  # eu_month
    _gate(r"\d\d?(?:st|nd|rd|th)[\s\-]+century", needs=("century",)),  # century
    _gate(  # decade
        r"(?:1[89]|20)\d0['’]?s",
        r"['’][2-9]0['’]?s",
        r"the\s+(?:[2-9]0['’]?s|" + "|".join(_DECADE_WORDS) + ")",
        needs=("0s", "0'", "0’", *_DECADE_WORDS),
    ),
    _gate(words=_SEASONS, needs=_SEASONS),  # season_year
    _gate(words=("first", "second", "last"), needs=("half",)),  # half
    _gate(  # quarter
        rf"q[1-4]\s+{_LYEAR}",
        words=("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th"),
        needs=("quarter", "q1", "q2", "q3", "q4"),
    ),
    _gate(  # quarter_rel
        *(
            rf"{det}\s+(?:\S+\s+){{0,2}}(?:quarter|period)"
            for det in ("the", "this", "that", "its")
        ),
        needs=("quarter", "period"),
    ),
    _gate(rf"{_LYEAR}\s+fiscal\s+year", words=("fiscal",), needs=("fiscal",)),  # fiscal
    _gate(  # year_end
        r"the\s+(?:year[\-\s]end|year['’]s\s+end|end\s+of\s+the\s+year)",
        r"year(?:[\-\s]end|['’]s\s+end)",
        r"end\s+of\s+the\s+year",
        needs=("end",),
    ),
    _gate(words=("the", "this", "last", "next"), needs=_SEASONS),  # season
    _gate(digits=True),  # year
    _gate(r"year-(?:earlier|ago|before)"),  # shifted_adj
    _gate(  # ago
        r"some\s+time\s+ago",
        words=("years", "months", "weeks", "days", "decades", "long"),
        digits=True,
        counts=True,
        needs=("ago",),
    ),
    _gate(digits=True, counts=True, needs=("earlier", "now", "hence")),  # shifted
    _gate(  # rel_year
        r"the\s+(?:following|previous|next|last|past)\s",
        words=("this", "next", "last", "past", "previous", "coming"),
    ),
    _gate(  # the_unit
        *(
            rf"{det}\s+(?:same\s+)?(?:(?:current|full|fiscal|entire|whole|calendar|latest)"
            r"\s+)?(?:fiscal\s+)?(?:year|month|week|day)"
            for det in ("the", "that")
        )
    ),
    _gate(words=("today", "tomorrow", "yesterday")),  # deictic
    _gate(words=("hoy", "ayer", "mañana", "pasado mañana", "anteayer")),  # es_deictic
    _gate(words=tuple(w.replace("’", "'").split("'")[0] for w in EU_DEICTIC)),  # eu_deictic
    _gate(  # es_rel
        r"la\s+(?:semana|mes|año)\s",
        r"el\s+(?:semana|mes|año)\s",
        r"este\s+(?:año|mes)",
        r"(?:la|el)\s+(?:pasad|próxim)",
        needs=("pasad", "próxim", "que viene", "este"),
    ),
    _gate(words=("hace",), needs=("hace",)),  # es_ago
    _gate(  # set
        *(rf"{each}\s+(?:{_LUNIT}|{_LWEEKDAY}|{_LMON})" for each in ("each", "every", "per"))
    ),
    _gate(words=("daily", "weekly", "monthly", "annually", "yearly", "hourly")),  # set (adverb)
    _gate(  # weekday
        rf"the\s+(?:previous|next|following)\s+{_LWEEKDAY}",
        words=("last", "this", "next", *_WEEKDAYS),
        needs=_WEEKDAYS,
    ),
    _gate(  # es_weekday
        rf"el\s+(?:(?:próximo|pasado)\s+)?{_ES_LWEEKDAY}",
        words=("próximo", "pasado", *ES_WEEKDAYS),
        needs=tuple(ES_WEEKDAYS),
    ),
    _gate(  # eu_weekday
        words=_prefixes(
            (
                *("letzten", "vergangenen", "nächsten", "kommenden", "прошлый", "прошлую"),
                *("следующий", "следующую", "zeszły", "zeszłą", "przyszły", "przyszłą"),
                *EU_WEEKDAYS,
            )
        ),
        word_start=True,
        needs=_prefixes(EU_WEEKDAYS),
    ),
    _gate(  # refs
        r"the\s+(?:near|foreseeable|distant|future|short|coming|past|present|time)",
        r"a\s+later\s+date",
        r"as\s+soon\s+as\s+possible",
        words=(
            *("right", "now", "currently", "recently", "these", "near", "recent"),
            *("coming", "future", "past"),
        ),
    ),
    _gate(  # duration_adj
        digits=True,
        counts=True,
        needs=tuple(f"-{unit}" for unit in _LUNIT[3:-1].split("|")),
    ),
    _gate(digits=True, counts=True),  # duration
    _gate(  # vague_duration
        r"a\s+(?:while|long\s+time)",
        r"some\s+time",
        words=("years", "months", "weeks", "days", "decades", "centuries", "hours"),
    ),
]
assert len(GATES) == len(PATTERNS)
#: The patterns of German, French, Italian and Portuguese (read only in texts not in English).
OTHER_LANGUAGE_KINDS = frozenset(kind for kind, _ in PATTERNS if kind.startswith(("eu_", "cjk_")))
#: Days from today of the Chinese and Japanese words for yesterday, today, tomorrow ...
CJK_DEICTIC = {
    "前天": -2,
    "昨天": -1,
    "今天": 0,
    "明天": 1,
    "后天": 2,
    "昨日": -1,
    "今日": 0,
    "明日": 1,
}
#: Weekdays by their Chinese numeral ("星期二", Tuesday) or Japanese day ("火曜日").
CJK_WEEKDAYS = {
    **{c: i for i, c in enumerate("一二三四五六")}, "日": 6, "天": 6,
    **{c: i for i, c in enumerate("月火水木金土")},
}  # fmt: skip

# -- extent conventions ----------------------------------------------------------------------

_APPROX = (
    r"(?:nearly|almost|more\s+than|less\s+than|at\s+least|up\s+to|no\s+more\s+than|"
    r"around|roughly|approximately|some)"
)
_DURATION_DET = (
    r"(?:(?:the|those|these|its|their)\s+)?(?:past|last|next|first|coming|previous|latest|final|"
    r"following|initial|remaining|same|full|entire|whole|other|additional|further|last)\s+"
)
#: Before an expression that names a period: where in it, and the determiner.
_POINT_PREFIX = re.compile(
    r"(?:\b(?:the|its)\s+)?\b(?P<where>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|"
    r"the\s+middle\s+of|the\s+start\s+of|the\s+close\s+of|end\s+of|beginning\s+of|"
    r"earlier|later)(?:\s+|-)(?:the\s+)?$",
    re.IGNORECASE,
)
_REL_PREFIX = re.compile(r"\b(?P<rel>last|this|next|this\s+past|this\s+coming)\s+$", re.I)
_THE = re.compile(r"\b(?:the|The)\s+$")
_FISCAL = re.compile(
    r"(?:\b(?:the|its)\s+)?\b(?P<fy>fiscal(?:-|\s+)|(?P<yy>this|last|next)\s+year['’]s\s+|"
    r"(?P<ya>year-earlier|year-ago|comparable|corresponding|same)\s+|"
    rf"(?P<y>{_YEAR})\s+)+$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s$")
#: "the week of March 6": the week that holds the day, one expression.
_WEEK_OF = re.compile(r"\b(?:the\s+|The\s+)?week\s+of\s+$")

_PERIOD_KINDS = frozenset(
    {
        "month",
        "month_year",
        "year",
        "decade",
        "century",
        "season_year",
        "quarter",
        "half",
        "rel_year",
        "the_unit",
        "fiscal",
        "spelled_year",
        "month_rel_year",
    }
)
_DAY_KINDS = frozenset({"weekday", "deictic", "mdy", "dmy", "part_day", "holiday"})


def widen(text: str, hits: list[Hit]) -> list[Hit]:
    """Apply the TimeML extent conventions to every hit, then merge times with their days."""
    widened = [_widen_one(text, hit) for hit in hits]
    return _merge_clock_and_day(text, _no_overlaps(widened))


def _widen_one(text: str, hit: Hit) -> Hit:
    start, end, kind = hit.start, hit.end, hit.kind
    groups = dict(hit.groups)
    # The possessive is not part of the expression: "Friday's", "last year's".
    if _POSSESSIVE.search(text[start:end]):
        end -= 2
    if kind == "refs" and text[start:end].lower().startswith("in "):
        start += 3
    before = text[max(0, start - 40) : start]
    week_of = _WEEK_OF.search(before)
    if kind in ("mdy", "dmy", "iso") and week_of:
        day_groups = {f"day_{k}": v for k, v in groups.items()}
        return Hit(start - len(week_of.group(0)), end, "week_of", {**day_groups, "day_kind": kind})
    if kind in ("duration", "duration_adj", "ago", "shifted", "vague_duration"):
        det = re.search(rf"(?:{_DURATION_DET}|\b(?:the|The)\s+)$", before)
        if det and kind in ("duration", "vague_duration"):
            start -= len(det.group(0))
            groups["det"] = det.group(0).strip().lower()
            before = text[max(0, start - 40) : start]
        approx_words = _APPROX if kind != "ago" else rf"(?:{_APPROX}|about)"
        approx = re.search(rf"\b{approx_words}\s+$", before, re.IGNORECASE)
        if approx:
            start -= len(approx.group(0))
        if kind == "duration":
            tail = re.match(r"\s+or\s+so\b", text[end : end + 8])
            if tail:
                end += tail.end()
    elif kind in _PERIOD_KINDS or kind in _DAY_KINDS or kind in ("quarter_rel", "shifted_adj"):
        if kind in ("quarter", "quarter_rel", "fiscal", "the_unit", "shifted_adj", "half"):
            fiscal = _FISCAL.search(before)
            if fiscal and kind != "fiscal":
                start -= len(fiscal.group(0))
                for key in ("yy", "ya", "y"):
                    if fiscal.group(key):
                        groups[f"pre_{key}"] = fiscal.group(key).lower()
                before = text[max(0, start - 40) : start]
        if kind in ("month", "weekday", "season_year") and "rel" not in groups:
            rel = _REL_PREFIX.search(before)
            if rel:
                start -= len(rel.group(0))
                groups["rel"] = " ".join(rel.group("rel").lower().split())
                before = text[max(0, start - 40) : start]
        point = _POINT_PREFIX.search(before)
        if point:
            start -= len(point.group(0))
            groups["where"] = " ".join(point.group("where").lower().split())
            before = text[max(0, start - 40) : start]
        adjectival = kind == "quarter" and "-" in text[hit.start : hit.end]
        if kind in ("decade", "century", "quarter", "half", "season_year") and adjectival:
            pass
        elif kind in ("decade", "century", "quarter", "half", "season_year") or (
            kind == "fiscal" and not text[start:end].lower().startswith("the")
        ):
            the = _THE.search(before)
            if the and not text[start:end].lower().startswith("the"):
                start -= len(the.group(0))
        if kind == "rel_year" or kind == "the_unit":
            tail = re.match(r"\s+or\s+so\b", text[end : end + 8])
            if tail:
                end += tail.end()
    return replace(hit, start=start, end=end, groups=groups)


def _no_overlaps(hits: list[Hit]) -> list[Hit]:
    """Widened hits that now overlap: the longer one stays."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and hit.start < kept[-1].end:
            if hit.end - hit.start > kept[-1].end - kept[-1].start:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


def _merge_clock_and_day(text: str, hits: list[Hit]) -> list[Hit]:
    """'10 p.m. Wednesday', '5 p.m. EST, Nov. 9', 'noon Thursday', 'Wednesday at 10 p.m.':
    one TIME expression whose day comes from the date part."""
    merged: list[Hit] = []
    for hit in hits:
        if merged:
            last = merged[-1]
            gap = text[last.end : hit.start]
            clock, day = (last, hit) if last.kind == "clock" else (hit, last)
            if (
                {last.kind, hit.kind} & {"clock"}
                and (day.kind in ("weekday", "deictic", "mdy", "dmy", "iso"))
                and re.fullmatch(r",?\s+(?:on\s+|at\s+)?", gap)
            ):
                groups = {**clock.groups, **{f"day_{k}": v for k, v in day.groups.items()}}
                groups["day_kind"] = day.kind
                merged[-1] = Hit(last.start, hit.end, "clock", groups)
                continue
        if (
            merged
            and merged[-1].kind == "weekday"
            and hit.kind in ("mdy", "dmy")
            and re.fullmatch(r",?\s+", text[merged[-1].end : hit.start])
        ):
            merged[-1] = Hit(merged[-1].start, hit.end, hit.kind, hit.groups)  # "Friday, Oct. 13"
            continue
        merged.append(hit)
    return merged
