"""Corpus entities: mentions that name the same thing merged, with aliases, roles and variants.

Merging rules, from safest to boldest:
1. the same name up to case, accents, punctuation and a leading "the" (U.S. = US);
2. an acronym and the name it abbreviates (US = United States, UN = United Nations);
3. a person's shorter name and the one full name in the corpus that ends with it
   (Biden → Joe Biden, López Obrador → Andrés Manuel López Obrador); a short name that ends
   several full names goes to the one used in the same article, else stays apart;
3a. the names of one country or city in several languages (Germany = Alemania = Deutschland,
   Geneva = Ginebra: :mod:`storyline.analyse.places`), only among places;
4. near-spellings of one name ("Durian Gap" / "Darien Gap") are NOT merged: a spelling error
   and two different places look alike, so they are flagged as variants for a person to judge.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from storyline.models import Entity, Mention, NameVariant

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus

TYPE_FAMILIES = {"GPE": "place", "LOC": "place", "FAC": "place"}
_HONORIFIC_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Dr)\.\s+$")


def name_key(name: str) -> str:
    """Case-, accent- and punctuation-free key: 'the U.S.' → 'us', 'López' → 'lopez'."""
    return _name_key(name)


# Corpus stages ask for the key of the same few thousand names millions of times.
@lru_cache(maxsize=1 << 18)
def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _LEADING_THE.sub("", text.strip())
    text = _DROPPED.sub("", text)
    text = _NON_WORD.sub(" ", text.casefold())
    return text.strip()


_LEADING_THE = re.compile(r"^(the)\s+", flags=re.IGNORECASE)
_DROPPED = re.compile(r"[.’'`]")
#: Vowel signs and the like (marks that stay after accents are dropped: combining class 0)
#: are part of a word: without them Hindi's "नेता" (leader) and "नते" would be one key.
WORD_MARKS = "".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)).startswith("M"))
_NON_WORD = re.compile(rf"[^\w{re.escape(WORD_MARKS)}]+")


def mention_surfaces(text: str, mention: Mention) -> list[str]:
    """The ways the article writes this mention's name, all aliases of its entity: the name,
    with the honorific before it ("Mr. Biden") and with its role ("Secretary of State Antony
    Blinken")."""
    surfaces = [mention.text]
    honorific = _HONORIFIC_BEFORE.search(text[max(0, mention.start - 6) : mention.start])
    if honorific:
        surfaces.append(f"{honorific.group(1)}. {mention.text}")
    if mention.role:
        surfaces.append(f"{mention.role} {mention.text}")
    return surfaces


def acronym(key: str) -> str:
    words = [w for w in key.split() if w not in {"of", "the", "and", "for"}]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


@dataclass
class _Group:
    key: str
    types: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    members: list[tuple[str, int]] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)

    @property
    def type(self) -> str:
        return self.types.most_common(1)[0][0]


def resolve_entities(corpus: Corpus) -> tuple[list[Entity], dict[tuple[str, int], str]]:
    """All entities of the corpus and, for each (article id, mention index), its entity id."""
    groups: dict[str, _Group] = {}
    for article_id, mentions in corpus.mentions.items():
        text = corpus.articles[article_id].text
        for seq, mention in enumerate(mentions):
            key = name_key(mention.text)
            if not key:
                continue
            group = groups.get(key)
            if group is None:  # not setdefault: a group (three Counters) made per mention
                group = groups[key] = _Group(key)
            group.types[mention.type] += 1
            group.surfaces.update(mention_surfaces(text, mention))
            if mention.role:
                group.roles[mention.role] += 1
            group.members.append((article_id, seq))
            group.articles.add(article_id)
    parent = {key: key for key in groups}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(child: str, root: str) -> None:
        parent[find(child)] = find(root)

    persons = [g for g in groups.values() if g.type == "PERSON" and len(g.key.split()) >= 2]
    # Full names by each of their word suffixes ("biden", "joe biden"), in ``persons`` order,
    # so that finding the names a short name ends is a lookup, not a scan of every person.
    by_suffix: dict[tuple[str, ...], list[_Group]] = defaultdict(list)
    for person in persons:
        person_words = person.key.split()
        for k in range(1, len(person_words) + 1):
            by_suffix[tuple(person_words[-k:])].append(person)
    by_acronym = {acronym(k): k for k in groups if acronym(k)}
    for key, group in sorted(groups.items()):
        # Acronyms: "us" → "united states" (only within one type family).
        target = by_acronym.get(key.replace(" ", ""))
        if target and target != key and _family(groups[target].type) == _family(group.type):
            union(key, target)
            continue
        # Shorter person names → the full name that ends with them.
        words = key.split()
        if len(words) >= 1 and not (group.type != "PERSON" and len(words) > 1):
            candidates = [p for p in by_suffix.get(tuple(words), ()) if p.key != key]
            if len(candidates) > 1:
                shared = [p for p in candidates if p.articles & group.articles]
                candidates = shared if len(shared) == 1 else candidates
            if len(candidates) == 1 and group.types["PERSON"] > 0:
                union(key, candidates[0].key)
    for keys in _one_place_names(groups).values():
        # The most mentioned name of the place leads ("Germany" over "Alemania" in a corpus
        # mostly in English), ties by key so that the order of reading does not matter.
        lead = max(keys, key=lambda k: (len(groups[k].members), k))
        for key in keys:
            union(key, lead)
    merged: dict[str, list[_Group]] = defaultdict(list)
    for key, group in groups.items():
        merged[find(key)].append(group)
    entities: list[Entity] = []
    mention_entities: dict[tuple[str, int], str] = {}
    for root in sorted(merged):
        members = merged[root]
        entity = _entity(root, members)
        entities.append(entity)
        for group in members:
            for member in group.members:
                mention_entities[member] = entity.id
    return _flag_variants(entities), mention_entities


def _one_place_names(groups: dict[str, _Group]) -> dict[str, list[str]]:
    """The place names of several keys that name one country or city, by the place (the
    same place written in several languages: "Germany", "Alemania", "Deutschland")."""
    from storyline.analyse.places import place_of_key

    by_place: dict[str, list[str]] = defaultdict(list)
    for key, group in groups.items():
        if _family(group.type) == "place":
            place = place_of_key(key)
            if place is not None:
                by_place[place].append(key)
    return {place: keys for place, keys in by_place.items() if len(keys) > 1}


def _family(entity_type: str) -> str:
    return TYPE_FAMILIES.get(entity_type, entity_type)


def _entity(root: str, members: list[_Group]) -> Entity:
    from storyline.link.corpus import stable_id

    types: Counter[str] = Counter()
    surfaces: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    articles: set[str] = set()
    count = 0
    for group in members:
        types.update(group.types)
        surfaces.update(group.surfaces)
        roles.update(group.roles)
        articles |= group.articles
        count += len(group.members)
    entity_type = types.most_common(1)[0][0]
    root_group = next(g for g in members if g.key == root)
    # The name: the root's most frequent plain spelling (no role, no honorific).
    plain = [s for s in root_group.surfaces if not any(s.startswith(r + " ") for r in roles)]
    plain = [s for s in plain if not re.match(r"(Mr|Mrs|Ms|Dr)\. ", s)] or list(root_group.surfaces)
    name = max(plain, key=lambda s: (root_group.surfaces[s], len(s), s))
    aliases = tuple(sorted({s for s in surfaces if s != name}))
    return Entity(
        id=stable_id("e", entity_type if entity_type == "PERSON" else _family(entity_type), root),
        name=name,
        type=entity_type,
        aliases=aliases,
        roles=tuple(r for r, _ in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))),
        mentions=count,
        articles=tuple(sorted(articles)),
    )


def variant_block(entity: Entity) -> tuple[str, int, str] | None:
    """The block of names ``entity``'s name can be a variant within (one family, one word
    count, one initial: every differing word must share its initial), or None for names that
    are never flagged (nationalities, names under 5 letters)."""
    key = name_key(entity.name)
    if entity.type == "NORP" or len(entity.name) < 5 or not key:
        return None
    return (_family(entity.type), len(entity.name.split()), key[0])


#: Names whose keys are less alike than this (rapidfuzz ratio, 0-100) are never variants.
VARIANT_RATIO = 80


def variant_similarity(a: str, b: str) -> float | None:
    """How alike two names of one block are when they look like spellings of one name (same
    last word and similar first: "Durian Gap" / "Darien Gap"), else None."""
    key_a, key_b = name_key(a), name_key(b)
    if key_a == key_b:
        return None
    similarity = fuzz.ratio(key_a, key_b) / 100.0
    if similarity * 100 >= VARIANT_RATIO and _differs_by_spelling(a, b):
        return similarity
    return None


def _flag_variants(entities: list[Entity]) -> list[Entity]:
    """Mark pairs of same-family names that look like spellings of one name.

    Candidates are compared within their :func:`variant_block`, all at once by rapidfuzz,
    instead of every pair in Python.
    """
    from dataclasses import replace

    blocks: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for i, entity in enumerate(entities):
        block = variant_block(entity)
        if block is not None:
            blocks[block].append(i)
    partners: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for members in blocks.values():
        if len(members) < 2:
            continue
        block_keys = [name_key(entities[i].name) for i in members]
        # score_cutoff zeroes everything under the similarity floor.
        scores = process.cdist(
            block_keys, block_keys, scorer=fuzz.ratio, score_cutoff=VARIANT_RATIO
        )
        for x, y in zip(*scores.nonzero(), strict=True):
            i, j = members[int(x)], members[int(y)]
            if i >= j:
                continue
            similarity = variant_similarity(entities[i].name, entities[j].name)
            if similarity is not None:
                partners[i].append((j, similarity))
                partners[j].append((i, similarity))
    variants: dict[str, list[NameVariant]] = {}
    for i, found in partners.items():
        # The order the pairwise scan gave: partners by their place in ``entities``.
        variants[entities[i].id] = [
            NameVariant(entities[j].name, entities[j].articles, round(similarity, 3))
            for j, similarity in sorted(found)
        ]
    return [replace(e, variants=tuple(variants[e.id])) if e.id in variants else e for e in entities]


def _differs_by_spelling(a: str, b: str) -> bool:
    """Every differing word alike and with the same initial, so that "Durian Gap" / "Darien
    Gap" is a variant but "North Korea" / "South Korea" is not."""
    for x, y in zip(name_key(a).split(), name_key(b).split(), strict=False):
        if x == y:
            continue
        if x[0] != y[0] or fuzz.ratio(x, y) < 60:
            return False
    return True
