"""Words that time expressions are made of, in English and Spanish, and the names of months
and weekdays in German, French, Italian, Portuguese, Russian, Polish and Turkish."""

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


def _months(*forms: str) -> dict[str, int]:
    """Each month's forms (January's first), to its number."""
    return {form: number for number, words in enumerate(forms, start=1) for form in words.split()}


#: Months in German, French, Italian and Portuguese, less the names English writes alike
#: ("April", "August": English's patterns read those) and Spanish's (read by its own).
EU_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6,
    "juli": 7, "oktober": 10, "dezember": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12,
    "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "outubro": 10, "dezembro": 12,
    **_months(
        # Russian: nominative, genitive ("3 марта"), prepositional ("в марте")
        "январь января январе", "февраль февраля феврале", "март марта марте",
        "апрель апреля апреле", "май мая мае", "июнь июня июне", "июль июля июле",
        "август августа августе", "сентябрь сентября сентябре", "октябрь октября октябре",
        "ноябрь ноября ноябре", "декабрь декабря декабре",
    ),
    **_months(
        # Polish: nominative, genitive ("3 marca"), locative ("w marcu")
        "styczeń stycznia styczniu", "luty lutego lutym", "marzec marca marcu",
        "kwiecień kwietnia kwietniu", "maj maja maju", "czerwiec czerwca czerwcu",
        "lipiec lipca lipcu", "sierpień sierpnia sierpniu", "wrzesień września wrześniu",
        "październik października październiku", "listopad listopada listopadzie",
        "grudzień grudnia grudniu",
    ),
    **_months(
        # Turkish
        "ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül",
        "ekim", "kasım", "aralık",
    ),
}  # fmt: skip
#: Weekdays in German, French, Italian and Portuguese (Portuguese's "sábado" and "domingo"
#: are Spanish's, read with them).
EU_WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonnabend": 5, "sonntag": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6,
    "lunedì": 0, "lunedi": 0, "martedì": 1, "martedi": 1, "mercoledì": 2, "mercoledi": 2,
    "giovedì": 3, "giovedi": 3, "venerdì": 4, "venerdi": 4, "sabato": 5, "domenica": 6,
    "segunda-feira": 0, "terça-feira": 1, "terca-feira": 1, "quarta-feira": 2,
    "quinta-feira": 3, "sexta-feira": 4,
    # Russian and Polish, with the accusative "в среду", "w środę" (on Wednesday)
    "понедельник": 0, "вторник": 1, "среда": 2, "среду": 2, "четверг": 3, "пятница": 4,
    "пятницу": 4, "суббота": 5, "субботу": 5, "воскресенье": 6,
    "poniedziałek": 0, "wtorek": 1, "środa": 2, "środę": 2, "czwartek": 3, "piątek": 4,
    "sobota": 5, "sobotę": 5, "niedziela": 6, "niedzielę": 6,
}  # fmt: skip
#: A weekday's word for the one before or after ("letzten Montag", "lundi dernier").
EU_PAST_WORDS = frozenset("letzten vergangenen dernier scorso scorsa passado passada".split())
EU_FUTURE_WORDS = frozenset("nächsten kommenden prochain prossimo prossima próximo próxima".split())
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
