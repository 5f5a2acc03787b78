"""Words that time expressions are made of, in English and Spanish."""

from __future__ import annotations

from storyline.analyse.numbers import SCALES
from storyline.analyse.numbers import TENS as TENS  # the tens words of dates are the figures'
from storyline.analyse.numbers import UNITS as _UNIT_WORDS

EN_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
ES_MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
ES_WEEKDAYS = {
    "lunes": 0,
    "martes": 1,
    "miércoles": 2,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sábado": 5,
    "sabado": 5,
    "domingo": 6,
}
#: Number words in time expressions ("two weeks", "nineteen ninety-six"): the figures' words.
NUMBER_WORDS = {
    **{w: n for w, n in _UNIT_WORDS.items() if n},
    **TENS,
    "hundred": SCALES["hundred"],
    "thousand": SCALES["thousand"],
}
#: Units that combine with a tens word ("twenty-four", "ninety six").
ONES = {w: n for w, n in _UNIT_WORDS.items() if 1 <= n <= 9}
#: Counts that are stated but not known ("a few days" is PXD in TIMEX3).
VAGUE_COUNTS = ("a few", "several", "a number of", "many", "some", "few")
#: Parts of the day and their TIMEX3 codes.
PARTS_OF_DAY = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
    "overnight": "NI",
}
#: Unit name → its length in days (for "two weeks ago").
UNITS = {
    "day": 1,
    "days": 1,
    "week": 7,
    "weeks": 7,
    "month": 30,
    "months": 30,
    "year": 365,
    "years": 365,
    "decade": 3650,
    "decades": 3650,
    "hour": 1,
    "hours": 1,
    "minute": 1,
    "minutes": 1,
    "quarter": 91,
    "quarters": 91,
    "century": 36500,
    "centuries": 36500,
}
#: Season → (first month, last month), northern hemisphere.
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "fall": (9, 11),
    "autumn": (9, 11),
    "winter": (12, 2),
}
