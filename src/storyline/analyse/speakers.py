"""Who is speaking: the noun phrase next to a speech cue, and what it refers to.

A speaker is read off the text around its cue (``Blinken said``, ``said the official``,
``according to the State Department``, ``Ebrard, the Mexican foreign minister, acknowledged``)
and then resolved with what the article itself tells:

- a name → the person's fullest name in the article ("Ebrard" → "Marcelo Ebrard"); the returned
  span is that full-name mention, so ``text[start:end] == name`` always holds;
- an organisation name ("the White House said") → that organisation mention;
- he/she → a person named before it. The **paragraph-adjacency rule** comes first: when the
  pronoun's paragraph names nobody before it and the paragraph just before names exactly one
  person, that person is the speaker, whatever the pronoun's gender. A paragraph that opens with
  a quote and "he said" continues the subject of the paragraph before, and translated copy often
  gets the gender wrong (Spanish drops subject pronouns — "dijo" has none — so a translator or a
  machine has to supply one, usually "he"): seed 002's «"We cannot falter …," he said. follows
  the paragraph about Erika Mouynes, and is hers. Otherwise the most recent person of a compatible
  gender, where gender comes from the article's own pronoun history (a pronoun that follows a
  sentence naming exactly one person counts for that person), honorifics (Mr., Ms.) and gendered
  roles (spokeswoman); for "she", a person already referred to as "she" is preferred to a nearer
  person of unknown gender;
- an unnamed described source ("one senior U.S. official", "administration officials") stays a
  description, never a guessed name; a definite one ("the Mexican foreign minister", "the
  official") is first matched against the roles of named people, then against an earlier
  described source with the same head noun.

Mentions may come from the pipeline (repaired: roles split off, surnames typed as persons) or
straight from spaCy, whose small model types "Ebrard" as ORG and tags "Homeland Security
Alejandro Mayorkas" as one ORG; both are handled here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from copy import copy as shallow_copy
from dataclasses import dataclass, field
from functools import cached_property

from storyline.analyse.clause_openers import CLAUSE_OPENERS
from storyline.analyse.containing import Containing
from storyline.analyse.covered import Covered
from storyline.analyse.described_seen import DescribedSeen
from storyline.analyse.letters import CAPITAL, SMALL
from storyline.analyse.whole_words import after_spaces, first_whole_word, whole_word_spans
from storyline.models import Mention

#: One to four capitalised words, after an honorific: a name no model tagged.
_NAME_AT = re.compile(
    rf"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?((?:{CAPITAL}[\w'’-]+)(?:\s+{CAPITAL}[\w'’-]+){{0,3}})"
)
#: A word written with a capital and ending in a small letter ("Blinken", not "US").
_CAPITALISED_WORD = re.compile(rf"{CAPITAL}[\w'’-]*{SMALL}")

#: An article between a cue and the name it introduces ("said the [Pentagon]").
_LEAD = re.compile(r"(?:the|el|la)\s+")
_ORG_LEAD = re.compile(r"(?:the|el|la|los|las)\s+", re.I)

#: Mention types that can name a speaker.
NAME_TYPES = frozenset({"PERSON", "PER", "ORG", "GPE", "NORP", "FAC", "LOC", "MISC"})
_ORG_TYPES = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})

_ROLE_WORDS = (
    "President|Vice|Prime|Minister|Secretary|Senator|Sen\\.|Rep\\.|Representative|Gov\\.|"
    "Governor|Ambassador|Chancellor|Mayor|Director|Chief|General|Gen\\.|Judge|Justice|Speaker|"
    "Commissioner|Spokesman|Spokeswoman|Spokesperson|Leader|Premier|Envoy|Adviser|Advisor|"
    "Attorney|Chairman|Chairwoman|Chair|CEO|King|Queen|Prince|Princess|Pope|Czar|Coordinator|"
    "Press|Foreign|Interior|Defense|Defence|Homeland|Security|State|Deputy|Assistant|Acting|"
    "Former|Administrator|Presidente|Ministra|Ministro|Canciller|Secretaria|Secretario"
)
_TITLE_TOKEN = re.compile(r"(?:[A-Z][\w'’.-]*|of|the|for|de|del|la|el)$")
_DEPARTMENT_OF = re.compile(
    r"(?:Secretary|Minister|Director|Chief|Commissioner|Administrator|Head|Secretaria|"
    r"Secretario|Ministra|Ministro)\s+(?:of|de)\s+(?:the\s+)?$"
)
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sr|Sra|Srta|Sir|Dame|Lady)\.?\s+")
_FEMALE_TITLES = frozenset(
    "mrs mrs. ms ms. miss sra sra. srta srta. dame lady queen princess duchess spokeswoman "
    "chairwoman congresswoman businesswoman sister mother wife daughter ministra secretaria "
    "presidenta actress".split()
)
_MALE_TITLES = frozenset(
    "mr mr. sr sr. sir lord king prince duke spokesman chairman congressman businessman brother "
    "father husband son ministro secretario".split()
)
_PRONOUN_GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip
_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)

#: Head nouns of unnamed, described sources.
DESCRIBED_HEADS = frozenset(
    """
    official officials spokesman spokeswoman spokesperson spokespeople spokesmen source sources
    aide aides diplomat diplomats authorities authority police investigators investigator
    analyst analysts expert experts lawmaker lawmakers legislator legislators senator senators
    minister ministers secretary ministry department agency government administration embassy
    prosecutors prosecutor officer officers negotiator negotiators adviser advisers advisor
    advisors representative representatives envoy leader leaders company firm statement report
    data figures statistics survey study poll estimates documents witness witnesses residents
    resident observers observer critics critic president chairman chairwoman director chief
    commissioner governor mayor ambassador judge general commander organisers organizers
    funcionario funcionarios funcionaria portavoz fuente fuentes autoridades ministro ministra
    canciller presidente presidenta gobierno ministerio vocero vocera
    """.split()
)
_PLURAL_HEADS = frozenset(
    "authorities police data figures statistics estimates documents fuentes autoridades "
    "funcionarios".split()
)
_DETERMINERS = frozenset(
    """
    a an one the two three four five six seven eight nine ten several some many other another
    both most few multiple various numerous his her their its our
    un una el la los las uno dos tres varios varias algunos algunas otro otra
    """.split()
)
_MODIFIERS = frozenset(
    """
    senior top former current high-level high-ranking ranking unnamed anonymous administration
    government military federal state local foreign border immigration intelligence security
    health defense defence trade economic police other white house department ministry agency
    campaign party company embassy election american european western us u.s. un eu top-level
    law enforcement homeland justice treasury public private independent regional provincial
    national international chief deputy assistant vice special press mexican
    alto alta altos altas
    """.split()
)
# Patterns tried at every name and cue, compiled once here: by a string in the function, each
# call looked its pattern up in the module's cache again.
_HONORIFIC_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sr|Sra|Srta|Sir|Dame|Lady)\.?\s*$")
_HEAD_AFTER = re.compile(r"(?:['’]s)?\s+([\w-]+)")
_LAST_WORD = re.compile(r"(?<![\w-])(\w+)$")
_ARTICLE_LEAD = re.compile(r"(?:the|The|el|El|la|La|los|Los|las|Las)\s+")
_INITIAL_END = re.compile(r"(?:^|[\s.])[A-Z]\.$")
_NUMBER_WORD = re.compile(
    r"(?i)(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)s?(?:-|$)"
)
_SUBJECT_PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n"}
_WORD = re.compile(r"[^\s,;:()\[\]\"“”«»„‘—–!?]+")
_FAMILIAR = re.compile(
    r"(?:(?:a|one|two|three|several|some)\s+)?(?:person|people|sources?|officials?)\s+"
    r"(?:familiar\s+with|close\s+to|briefed\s+on|with\s+(?:direct\s+)?knowledge\s+of|"
    r"involved\s+in|who\s+spoke\s+on\s+condition\s+of\s+anonymity)\s+(?:the\s+|a\s+)?"
    r"[\w-]+(?:\s+[\w-]+)?"
)


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: a name (person or organisation) or an unnamed description."""

    name: str
    start: int
    end: int
    description: str = ""
    kind: str = "person"  # person | org | described
    plural: bool = False


@dataclass(frozen=True)
class Phrase:
    """The noun phrase that stands next to a cue, before it is resolved."""

    kind: str  # person | org | pronoun | described | name
    start: int
    end: int
    text: str
    person: int = -1  # the person cluster, for kind == person
    head: str = ""
    plural: bool = False
    definite: bool = False


@dataclass
class _Person:
    name: str
    start: int
    end: int
    roles: set[str] = field(default_factory=set)
    female: int = 0
    male: int = 0

    @property
    def gender(self) -> str:
        if self.female > self.male:
            return "f"
        if self.male > self.female:
            return "m"
        return ""


class _FullNames:
    """An article's full names, longest first, and for a surface the first of them it is, is
    the end of, or ends with (after a space): lookups by the words after each space, where a
    comparison with every name was made for every occurrence of a name."""

    def __init__(self, full_names: Sequence[str]) -> None:
        self._order = {name: i for i, name in enumerate(full_names)}
        self._names = list(full_names)
        #: What comes after each space of a name: the first name it ends.
        self._ending: dict[str, int] = {}
        for i, name in enumerate(full_names):
            for tail in after_spaces(name):
                self._ending.setdefault(tail, i)

    def first_related(self, surface: str) -> str | None:
        """The first name (in order) that is ``surface``, ends with " " + ``surface``, or that
        ``surface`` ends with after a space."""
        found = [self._order.get(surface), self._ending.get(surface)]
        found += [self._order.get(tail) for tail in after_spaces(surface)]
        first = min((i for i in found if i is not None), default=None)
        return None if first is None else self._names[first]


class SpeakerIndex:
    """The people and organisations of one article, and how to resolve a phrase to them."""

    def __init__(
        self,
        text: str,
        mentions: Sequence[Mention],
        paragraphs: Sequence[tuple[int, int]],
        sentence_starts: Sequence[int],
    ) -> None:
        self.text = text
        self.paragraph_starts = [p[0] for p in paragraphs] or [0]
        self.sentence_starts = list(sentence_starts) or [0]
        self.people: list[_Person] = []
        #: (start, end, person index) for every place a person is named, in text order.
        self.occurrences: list[tuple[int, int, int]] = []
        #: (start, end, name) for organisations and places.
        self.orgs: list[tuple[int, int, str]] = []
        #: Described sources already seen as speakers, by head noun and number, and the plural
        #: ones of them all.
        self._seen_described: dict[tuple[str, bool], DescribedSeen] = {}
        self._plural_described = DescribedSeen()
        #: Where each person is named, by person (built when first asked).
        self._person_starts: dict[int, list[int]] | None = None
        #: The words before each offset asked about (they depend on the text alone; a copy of
        #: the index shares them).
        self._words_before: dict[int, tuple[tuple[int, int, str], ...]] = {}
        self._build(mentions)
        self._occurrence_starts = [o[0] for o in self.occurrences]
        self._built_occurrences = tuple(self.occurrences)

    @property
    def described(self) -> list[tuple[int, int, str, bool]]:
        """The described sources noted as speakers since the index was built (start, end,
        wording, plural), by head noun and number, each in the order noted."""
        return [entry for seen in self._seen_described.values() for entry in seen.entries]

    def copy(self) -> SpeakerIndex:
        """The index as built, without the speakers a read noted since (a second read of the
        article starts from it). What is built is shared: only noting changes an index."""
        fresh = shallow_copy(self)
        fresh.occurrences = list(self._built_occurrences)
        fresh._occurrence_starts = [o[0] for o in fresh.occurrences]
        fresh._seen_described = {}
        fresh._plural_described = DescribedSeen()
        fresh._person_starts = None
        return fresh

    # -- building ----------------------------------------------------------------------------

    def _build(self, mentions: Sequence[Mention]) -> None:
        text = self.text
        persons: list[tuple[int, int]] = []
        others: list[tuple[int, int, str]] = []
        for m in mentions:
            if m.type not in NAME_TYPES or not (0 <= m.start < m.end <= len(text)):
                continue
            start, end = trim_name(text, m.start, m.end)
            if end <= start:
                continue
            if m.type in ("PERSON", "PER"):
                persons.append((start, end))
                continue
            split = self._person_in_org(start, end)
            if split is not None:
                persons.append(split)
                if split[0] > start:
                    others.append((start, split[0] - 1, m.type))
                continue
            others.append((start, end, m.type))
        # Longest first, then in order of appearance: a set's order depends on the process's
        # string hashing, and which of two same-length names ("Terry Jones", "Larry Jones")
        # a bare "Jones" names must not.
        full_names = sorted(
            dict.fromkeys(text[s:e] for s, e in sorted(persons) if " " in text[s:e]),
            key=len,
            reverse=True,
        )
        # Surnames (and the last two words of long names) that name a known person.
        short_forms: dict[str, str] = {}
        for name in full_names:
            parts = name.split()
            for k in (1, 2):
                if len(parts) > k:
                    form = " ".join(parts[-k:])
                    if len(form) >= 3 and form[0].isupper():
                        short_forms.setdefault(form, name)
        # The names taken so far, and which characters they cover: a non-empty span overlaps
        # a taken one exactly when it covers one of them (a scan of every taken span per
        # occurrence was quadratic: seconds on a live blog naming hundreds of people).
        spans: list[tuple[int, int]] = []
        covered = Covered(len(text))

        def take(start: int, end: int) -> None:
            spans.append((start, end))
            covered.add(start, end)

        for s, e in persons:
            take(s, e)
        for s, e, label in others:
            surface = text[s:e]
            if surface in short_forms or surface in full_names:
                take(s, e)
            else:
                self.orgs.append((s, e, label))
        for form in sorted(short_forms, key=len, reverse=True):
            for s, e in whole_word_spans(text, form):
                if not covered.overlaps(s, e):
                    take(s, e)
        self.orgs = [
            o
            for o in self.orgs
            if not (
                covered.overlaps(o[0], o[1])
                if o[0] < o[1]
                # an empty span overlaps only a span around it, which covers no character of it
                else any(o[0] < e and s < o[1] for s, e in spans)
            )
        ]
        self.orgs.sort()
        spans.sort()
        related = _FullNames(full_names)
        people: dict[str, int] = {}
        for s, e in spans:
            self.occurrences.append((s, e, self._cluster(text[s:e], s, e, related, people)))
        self.occurrences.sort()
        with_roles = Containing((m.start, m.end, m) for m in mentions if m.role)
        for s, e, k in self.occurrences:
            self._harvest_role(s, e, k, with_roles)
        self._gender_evidence()

    def _person_in_org(self, start: int, end: int) -> tuple[int, int] | None:
        """'[U.S. Secretary of ]Homeland Security Alejandro Mayorkas' tagged as one ORG: after a
        role's "of", the last two capitalised words are the person."""
        words = self.text[start:end].split(" ")
        if len(words) < 3 or not _DEPARTMENT_OF.search(self.text[max(0, start - 40) : start]):
            return None
        last = words[-2:]
        if not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in last):
            return None
        return end - len(" ".join(last)), end

    def _cluster(
        self, surface: str, start: int, end: int, full_names: _FullNames, people: dict[str, int]
    ) -> int:
        """The person a name belongs to, by its fullest form in the article (``people``: the
        first person of each name, kept as people are added)."""
        canonical = surface
        name = full_names.first_related(surface)
        if name is not None:
            canonical = name if len(name) >= len(surface) else surface
        index = people.get(canonical)
        if index is not None:
            person = self.people[index]
            if surface == canonical and start < person.start:
                person.start, person.end = start, end
            return index
        if surface == canonical:
            self.people.append(_Person(canonical, start, end))
        else:
            found = first_whole_word(self.text, canonical)
            s, e = found or (start, end)
            self.people.append(_Person(canonical if found else surface, s, e))
        people.setdefault(self.people[-1].name, len(self.people) - 1)
        return len(self.people) - 1

    def _harvest_role(
        self, start: int, end: int, person: int, mentions: Containing[Mention]
    ) -> None:
        """``mentions``: those stated with a role (only they add one)."""
        roles = self.people[person].roles
        for m in mentions.all(start, end - 1):
            roles.add(m.role.lower())
        before = self.text[max(0, start - 80) : start]
        words = before.split()
        title: list[str] = []
        for word in reversed(words):
            if _TITLE_TOKEN.match(word) and word not in CLAUSE_OPENERS:
                title.insert(0, word)
                if len(title) >= 6:
                    break
            else:
                break
        while title and not title[0][:1].isupper():
            title.pop(0)
        if title and re.search(_ROLE_WORDS, " ".join(title)):
            roles.add(" ".join(title).lower())
            self._title_gender(title[-1], person)
        honorific = _HONORIFIC_BEFORE.search(before)
        if honorific:
            self._title_gender(honorific.group(1), person)
        apposition = re.match(
            r",\s+((?:the|a|an|who\s+is|el|la)\s+[^,.;:]{3,90}?)\s*[,.;]",
            self.text[end : end + 120],
        )
        if apposition:
            phrase = apposition.group(1).lower()
            roles.add(phrase)
            for word in phrase.split():
                self._title_gender(word, person)

    def _title_gender(self, word: str, person: int) -> None:
        lower = word.lower()
        if lower in _FEMALE_TITLES:
            self.people[person].female += 2
        elif lower in _MALE_TITLES:
            self.people[person].male += 2

    def _gender_evidence(self) -> None:
        """A pronoun after a stretch that names exactly one person counts for that person."""
        # The occurrences are sorted: those in a stretch are found by halving, not by a walk
        # over all of them for each pronoun.
        starts = [s for s, _e, _k in self.occurrences]
        for match in _PRONOUN.finditer(self.text):
            p = match.start()
            sentence = bisect.bisect_right(self.sentence_starts, p) - 1
            window_start = self.sentence_starts[max(0, sentence - 1)] if sentence >= 0 else 0
            first = bisect.bisect_left(starts, window_start)
            named = {k for _s, _e, k in self.occurrences[first : bisect.bisect_left(starts, p)]}
            if len(named) != 1:
                continue
            (person,) = named
            if _PRONOUN_GENDER[match.group(1).lower()] == "f":
                self.people[person].female += 1
            else:
                self.people[person].male += 1

    # -- reading a phrase next to a cue -------------------------------------------------------

    def phrase_before(self, end: int) -> Phrase | None:
        """The speaker phrase that ends at ``end`` (just before a cue), if there is one."""
        text = self.text
        while end > 0 and text[end - 1].isspace():
            end -= 1
        found = self._name_ending(end) or self._pronoun_at(end) or self._described_ending(end)
        if found is not None:
            return found
        return self._capitalised_ending(end)

    def phrase_after(self, start: int, limit: int) -> Phrase | None:
        """The speaker phrase that starts at ``start`` ("said [the official]", "according to
        [the State Department]")."""
        text = self.text
        while start < limit and text[start].isspace():
            start += 1
        if start >= limit:
            return None
        familiar = _FAMILIAR.match(text, start, limit)
        if familiar:
            return self._described(start, familiar.end(), "source")
        # A person named at ``start`` or right after a lead word ("the", "el") and the white
        # space after it: ``_LEAD.fullmatch(text, start, s)`` holds exactly for the ``s``
        # past the lead word up to the end of that white space. So only the occurrences from
        # ``start`` to there are looked at (each occurrence of the page was, per phrase).
        lead_word = _LEAD.match(text, start)
        last = lead_word.end() if lead_word is not None else start
        after_word = start + len(lead_word.group(0).rstrip()) if lead_word else start
        # (By index from there: ``itertools.islice`` would step through all before it.)
        occurrences = self.occurrences
        for i in range(bisect.bisect_left(self._occurrence_starts, start), len(occurrences)):
            s, e, k = occurrences[i]
            if s > last:
                break
            at_start = s == start or after_word < s
            if e > s and at_start and not self._head_follows(e):
                return Phrase("person", s, e, text[s:e], person=k)
        # An organisation named at ``start`` or after a lead word ("the", "el") and the white
        # space after it: only those starting from ``start`` to that space's end can be (a
        # walk over all of them for each phrase was quadratic in a long text's).
        org_lead = _ORG_LEAD.match(text, start)
        last_start = org_lead.end() if org_lead else start
        for i in range(bisect.bisect_left(self._org_starts, start), len(self.orgs)):
            s, e, _label = self.orgs[i]
            if s > last_start:
                break
            lead = s > start and _ORG_LEAD.fullmatch(text, start, s) is not None
            if (s == start or lead) and not self._head_follows(e):
                return Phrase("org", s, e, text[s:e])
        word = _WORD.match(text, start, limit)
        if word and word.group(0).lower() in _SUBJECT_PRONOUNS:
            return self._pronoun_phrase(word.start(), word.end())
        described = self._described_starting(start, limit)
        if described is not None:
            # "according to the foreign minister Marcelo Ebrard": the name after a title
            after = bisect.bisect_right(self._occurrence_starts, described.end)
            for i in range(after, len(occurrences)):
                s, e, k = occurrences[i]
                close = s > described.end and s - described.end <= 2 and e > s
                if close and not text[described.end : s].strip(" "):
                    return Phrase("person", s, e, text[s:e], person=k)
                if s > described.end + 2:
                    break
            return described
        name = _NAME_AT.match(text[start:limit])
        if name and name.group(1).split()[0] not in CLAUSE_OPENERS:
            s = start + name.start(1)
            return Phrase("name", s, s + len(name.group(1)), name.group(1))
        return None

    def _head_follows(self, end: int) -> bool:
        """'[the White House] official': the name modifies a described head noun."""
        after = _HEAD_AFTER.match(self.text[end : end + 40])
        return bool(after and after.group(1).lower() in DESCRIBED_HEADS)

    def _name_ending(self, end: int) -> Phrase | None:
        text = self.text
        # Only the occurrences that start before ``end`` can end at it, nearest first: a walk
        # from the text's last one made each cue cost the names after it, and a long text
        # quadratic (regression: a 100,000-word text spent 29 s here).
        occurrences = self.occurrences
        for i in range(bisect.bisect_left(self._occurrence_starts, end) - 1, -1, -1):
            s, e, k = occurrences[i]
            if e == end and e > s:
                return Phrase("person", s, e, text[s:e], person=k)
            if e < end - 200:
                break
        org = self._org_ending.get(end)
        return Phrase("org", org[0], org[1], text[org[0] : org[1]]) if org else None

    @cached_property
    def _person_at(self) -> dict[tuple[int, int], int]:
        """The first person (by index) named at each span: a walk over every person for each
        speaker noted was quadratic in a long text's (8 s of one naming 8,000 people)."""
        found: dict[tuple[int, int], int] = {}
        for index, person in enumerate(self.people):
            found.setdefault((person.start, person.end), index)
        return found

    @cached_property
    def _role_words(self) -> list[tuple[str, set[str]]]:
        """Each person's roles as one text, and its words (the roles are complete once built)."""
        found = []
        for person in self.people:
            roles = " ".join(person.roles)
            found.append((roles, set(re.findall(r"[\w.-]+", roles))))
        return found

    @cached_property
    def _people_by_role_word(self) -> dict[str, list[int]]:
        """The people (by index, in order) whose roles have each word."""
        found: dict[str, list[int]] = {}
        for k, (_roles, words) in enumerate(self._role_words):
            for word in words:
                found.setdefault(word, []).append(k)
        return found

    def _starts_of_person(self) -> dict[int, list[int]]:
        """Where each person is named (their occurrences' starts, in order), kept as
        speakers are noted."""
        if self._person_starts is None:
            self._person_starts = {}
            for s, _e, k in self.occurrences:
                self._person_starts.setdefault(k, []).append(s)
        return self._person_starts

    @cached_property
    def _org_starts(self) -> list[int]:
        return [s for s, _e, _label in self.orgs]

    @cached_property
    def _org_ending(self) -> dict[int, tuple[int, int]]:
        """The first organisation or place (in their order) ending at each offset."""
        ending: dict[int, tuple[int, int]] = {}
        for s, e, _label in self.orgs:
            ending.setdefault(e, (s, e))
        return ending

    def _pronoun_at(self, end: int) -> Phrase | None:
        match = _LAST_WORD.search(self.text[max(0, end - 8) : end])
        if not match or match.group(1).lower() not in _SUBJECT_PRONOUNS:
            return None
        return self._pronoun_phrase(end - len(match.group(1)), end)

    def _pronoun_phrase(self, start: int, end: int) -> Phrase:
        word = self.text[start:end].lower()
        return Phrase("pronoun", start, end, self.text[start:end], head=word, plural=word == "they")

    def _tokens_before(self, end: int) -> tuple[tuple[int, int, str], ...]:
        """Words before ``end``, nearest first, up to the first punctuation between them.

        Kept per offset: a description and a capitalised name are both looked for before a
        cue, and the second read of an article asks before the same cues again."""
        found = self._words_before.get(end)
        if found is None:
            found = self._words_before[end] = tuple(self._read_tokens_before(end))
        return found

    def _read_tokens_before(self, end: int) -> list[tuple[int, int, str]]:
        """:meth:`_tokens_before`, read from the text."""
        window_start = max(0, end - 160)
        tokens = [
            (m.start(), m.end(), m.group(0)) for m in _WORD.finditer(self.text, window_start, end)
        ]
        tokens.reverse()
        kept: list[tuple[int, int, str]] = []
        position = end
        for s, e, word in tokens:
            if e > position or (not self.text[e:position].isspace() and e != position):
                break
            kept.append((s, e, word))
            position = s
        return kept

    def _described_ending(self, end: int) -> Phrase | None:
        familiar = None
        for match in _FAMILIAR.finditer(self.text, max(0, end - 100), end):
            if match.end() == end:
                familiar = match
        if familiar:
            return self._described(familiar.start(), end, "source")
        tokens = self._tokens_before(end)
        if not tokens:
            return None
        head = _bare(tokens[0][2]).lower()
        if head not in DESCRIBED_HEADS or tokens[0][2].endswith(("'s", "’s")):
            return None
        start = tokens[0][0]
        for s, _e, word in tokens[1:7]:
            lower = word.lower()
            if lower in _DETERMINERS:
                start = s
                break
            if (
                lower in _MODIFIERS
                or word.endswith(("'s", "’s"))
                or (word[:1].isupper() and word not in CLAUSE_OPENERS)
                or re.fullmatch(r"[a-z]+-(?:level|ranking|time)", lower)
            ):
                start = s
                continue
            break
        if self.text[start:end].split()[0] in CLAUSE_OPENERS:
            return None
        return self._described(start, end, head)

    def _described_starting(self, start: int, limit: int) -> Phrase | None:
        tokens = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(self.text, start, limit)]
        end = -1
        head = ""
        position = start
        for index, (s, e, word) in enumerate(tokens[:8]):
            if not self.text[position:s].isspace() and s != position:
                break
            lower = _bare(word).lower()
            if index == 0 and lower in _DETERMINERS:
                position = e
                continue
            if lower in DESCRIBED_HEADS and not word.endswith(("'s", "’s")):
                end, head = (e - 1 if word.endswith(".") else e), lower
            elif not (
                lower in _MODIFIERS
                or word.endswith(("'s", "’s"))
                or (word[:1].isupper() and word not in CLAUSE_OPENERS)
                or re.fullmatch(r"[a-z]+-(?:level|ranking|time)", lower)
            ):
                break
            position = e
        if end < 0:
            return None
        return self._described(start, end, head)

    def _described(self, start: int, end: int, head: str) -> Phrase:
        phrase = self.text[start:end]
        first = phrase.split()[0].lower() if phrase.split() else ""
        plural = head in _PLURAL_HEADS or (head.endswith("s") and not head.endswith("ss"))
        return Phrase(
            "described",
            start,
            end,
            phrase,
            head=head.rstrip("s") if plural and head not in _PLURAL_HEADS else head,
            plural=plural,
            definite=first in ("the", "el", "la", "los", "las"),
        )

    def _capitalised_ending(self, end: int) -> Phrase | None:
        """A name the model did not tag: one to four capitalised words just before the cue."""
        tokens = self._tokens_before(end)
        names: list[tuple[int, int, str]] = []
        for s, e, word in tokens[:4]:
            if (
                not _CAPITALISED_WORD.fullmatch(word)
                or word in CLAUSE_OPENERS
                or word.endswith("ing")
                or _NUMBER_WORD.match(word)
            ):
                break
            names.insert(0, (s, e, word))
        if not names:
            return None
        start = names[0][0]
        return Phrase("name", start, end, self.text[start:end])

    # -- resolving ---------------------------------------------------------------------------

    def resolve(self, phrase: Phrase, cue: int) -> Speaker | None:
        """What a phrase found next to the cue at ``cue`` refers to."""
        if phrase.kind == "person":
            return self.person_speaker(phrase.person)
        if phrase.kind in ("org", "name"):
            return Speaker(phrase.text, phrase.start, phrase.end, kind="org")
        if phrase.kind == "pronoun":
            return self._resolve_pronoun(phrase, cue)
        return self._resolve_described(phrase, cue)

    def person_speaker(self, person: int) -> Speaker:
        p = self.people[person]
        return Speaker(p.name, p.start, p.end, kind="person")

    def note_speaker(self, speaker: Speaker, cue: int) -> None:
        """Record a resolved speaker, so that later pronouns and descriptions can refer to it."""
        if speaker.kind == "person":
            index = self._person_at.get((speaker.start, speaker.end))
            if index is not None:
                position = bisect.bisect_left(self._occurrence_starts, cue)
                self.occurrences.insert(position, (cue, cue, index))
                self._occurrence_starts.insert(position, cue)
                if self._person_starts is not None:
                    bisect.insort(self._person_starts.setdefault(index, []), cue)
        elif speaker.kind == "described" and speaker.description:
            head = speaker.description.split()[-1].lower()
            plural = speaker.plural
            if plural and head not in _PLURAL_HEADS:
                head = head.rstrip("s")
            seen = self._seen_described.setdefault((head, plural), DescribedSeen())
            seen.add(speaker.start, speaker.end, speaker.description, plural)
            if plural:
                self._plural_described.add(speaker.start, speaker.end, speaker.description, True)

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def _paragraph_start(self, paragraph: int) -> int:
        """Where ``paragraph`` starts: an offset is in it or later exactly when it is not
        before this (-1 for a paragraph before the first, which every offset is in or after)."""
        return self.paragraph_starts[paragraph] if paragraph >= 0 else -1

    def _resolve_pronoun(self, phrase: Phrase, cue: int) -> Speaker | None:
        word = phrase.head
        if word in ("they", "it"):
            return self._resolve_group(phrase.start, plural=word == "they")
        gender = _SUBJECT_PRONOUNS.get(word, "")
        person = self.antecedent(phrase.start, gender)
        return self.person_speaker(person) if person is not None else None

    def antecedent(self, offset: int, gender: str) -> int | None:
        """The person a he/she (or a subject-less verb) at ``offset`` refers to."""
        # The occurrences are in text order, so those before ``offset``, those of its
        # paragraph and those of the one before are runs of them, found by halving (lists of
        # them built for each pronoun were quadratic in a long text's names: 29 s of a text
        # of 2,000 paragraphs).
        starts, occurrences = self._occurrence_starts, self.occurrences
        before = bisect.bisect_left(starts, offset)
        if not before:
            return None
        paragraph = self.paragraph_of(offset)
        here = bisect.bisect_left(starts, self._paragraph_start(paragraph), 0, before)
        window = bisect.bisect_left(starts, self._paragraph_start(paragraph - 1), 0, here)
        if here == before:  # none named in its paragraph before it
            people = {k for _s, _e, k in occurrences[window:here]}
            if len(people) == 1:
                return occurrences[here - 1][2]  # the paragraph-adjacency rule (module notes)
        for first in (window, 0):
            ranked = range(before - 1, first - 1, -1)
            if gender == "f":
                for i in ranked:
                    if self.people[occurrences[i][2]].gender == "f":
                        return occurrences[i][2]
            for i in ranked:
                k = occurrences[i][2]
                if self.people[k].gender in ("", gender) or not gender:
                    return k
        return None

    def _resolve_group(self, offset: int, plural: bool) -> Speaker | None:
        """'they said' → the last plural described source; 'it said' → the last organisation."""
        paragraph = self.paragraph_of(offset)
        if plural:
            floor = self._paragraph_start(paragraph - 3)
            for s, e, phrase, _plural in self._plural_described.back_to(floor):
                if s < offset and paragraph - self.paragraph_of(s) <= 3:
                    return Speaker("", s, e, phrase, kind="described", plural=True)
        # The organisations are in text order: only those starting before ``offset`` can end
        # by it, and once one starts before the paragraph before, so do all before it.
        floor = self._paragraph_start(paragraph - 1)
        for i in range(bisect.bisect_left(self._org_starts, offset) - 1, -1, -1):
            s, e, _label = self.orgs[i]
            if s < floor:
                break
            if e <= offset:
                return Speaker(self.text[s:e], s, e, kind="org")
        return None

    def _resolve_described(self, phrase: Phrase, cue: int) -> Speaker:
        """A definite description ("the Mexican foreign minister", "the official") is the named
        person whose role it matches or the described source mentioned before with the same
        head noun, whichever was mentioned last; anything else stays a description."""
        person: tuple[int, int] | None = None
        earlier: Speaker | None = None
        earlier_at = -1
        if phrase.definite and not phrase.plural:
            person = self._person_by_role(phrase, cue)
        if phrase.definite:
            paragraph = self.paragraph_of(phrase.start)
            seen = self._seen_described.get((phrase.head, phrase.plural), DescribedSeen())
            floor = self._paragraph_start(paragraph - 4)
            for s, e, text, plural in seen.back_to(floor, other_than=phrase.text.lower()):
                if s < phrase.start and paragraph - self.paragraph_of(s) <= 4:
                    earlier = Speaker("", s, e, text, kind="described", plural=plural)
                    earlier_at = s
                    break
        if person is not None and person[1] > earlier_at:
            return self.person_speaker(person[0])
        if earlier is not None:
            return earlier
        return Speaker(
            "", phrase.start, phrase.end, phrase.text, kind="described", plural=phrase.plural
        )

    def _person_by_role(self, phrase: Phrase, cue: int) -> tuple[int, int] | None:
        """'the Mexican foreign minister' → the person whose stated role matches it, with where
        that person was last named."""
        words = [w.lower() for w in phrase.text.split()[1:]]
        if not words:
            return None
        head = words[-1]
        best: tuple[int, int, int] | None = None
        # Only the people with a role of that head noun, and for each where it was last named
        # before the cue, found by halving (a walk over every occurrence for each description
        # was quadratic in a long text's names).
        for k in self._people_by_role_word.get(head, ()):
            starts = self._starts_of_person().get(k, [])
            seen = bisect.bisect_left(starts, cue)
            if not seen:
                continue
            roles, role_words = self._role_words[k]
            score = sum(1 for w in words if w in role_words or _nationality_match(w, roles))
            last = starts[seen - 1]
            if best is None or (score, last) > best[:2]:
                best = (score, last, k)
        return (best[2], best[1]) if best else None


def trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """A mention cut to the name: no leading article, quotes, honorific, possessive or
    trailing punctuation ("the White House" → "White House", "Biden's" → "Biden")."""
    changed = True
    while changed and start < end:
        before = (start, end)
        surface = text[start:end]
        lead = _ARTICLE_LEAD.match(surface)
        if lead and end - start > lead.end():
            start += lead.end()
        while start < end and (text[start] in "\"“”'‘’«»(" or text[start].isspace()):
            start += 1
        while end > start and (text[end - 1] in '"“”‘«»),.;:' or text[end - 1].isspace()):
            if text[end - 1] == "." and _INITIAL_END.search(text[start:end]):
                break  # "U.S.", "D.C.": the stop belongs to the abbreviation
            end -= 1
        for suffix in ("'s", "’s", "'", "’"):
            if text[start:end].endswith(suffix) and end - len(suffix) > start:
                end -= len(suffix)
                break
        honorific = _HONORIFIC.match(text[start:end])
        if honorific and end - start > honorific.end():
            start += honorific.end()
        changed = (start, end) != before
    return start, end


def _bare(word: str) -> str:
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word.rstrip(".")


_NATIONALITIES = {
    "mexican": "mexico", "american": "u.s.", "u.s.": "u.s.", "canadian": "canada",
    "panamanian": "panama", "guatemalan": "guatemala", "colombian": "colombia",
    "british": "britain", "french": "france", "german": "germany", "spanish": "spain",
}  # fmt: skip


def _nationality_match(word: str, roles: str) -> bool:
    country = _NATIONALITIES.get(word)
    return bool(country and country in roles)
