"""A hand-built, realistic export of the five seed articles, for the contract and report tests.

The article texts are the real seed files (page furniture removed the way the cleaner does),
and every span is found in them with ``str.find``, so each offset is right by construction.
The story, dates, counts and discrepancies are what a good build of the seeds should say.

Not collected by pytest (no ``test_`` prefix); use :func:`example_export`.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"

#: Lines the cleaner drops as titles repeated in the body, navigation, bylines and credits.
_FURNITURE = {
    "000": (),
    "001": ("US seeks strong declaration on migration at Latin American Summit",),
    "002": (
        "The United States seeks a stable agreement on migration issues with Latin America",
        "News report based on information from France 24 and Voice of America.",
    ),
    "003": (
        "U.S. officials say border policy won't be focus of talks with Mexico at three-way"
        " summit, despite lingering issues",
        "Camilo Montoya-Galvez",
        "Camilo Montoya-Galvez is the immigration reporter at CBS News. Based in Washington,"
        " he covers immigration policy and politics.",
        "Source:",
        "<https://www.cbsnews.com/news/three-way-summit-border-issues-biden-trudeau-andres"
        "-manuel-lopez-obrado/>",
        "[Disclaimer]",
    ),
    "004": (
        "Current track",
        "Title",
        "Artist",
        "High-level migration meeting between US, Mexico, Guatemala to result in ‘several"
        " important announcements,’ officials say",
        "Written by on February 28, 2024",
        "Andrew Lichtenstein/Corbis via Getty Images",
        "ABC News’ Morgan Winsor contributed to this report.",
        "Copyright © 2024, ABC Audio. All rights reserved.",
        "Reader's opinions",
        "Leave a Reply",
        "Your email address will not be published.",
    ),
}


def _seed(prefix: str) -> tuple[str, str, str]:
    """(article id, source path, clean text) of one seed file."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    raw = path.read_bytes()
    drop = set(_FURNITURE[prefix])
    lines = [line for line in raw.decode("utf-8").split("\n") if line.strip() not in drop]
    text = "\n".join(line.rstrip() for line in lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return hashlib.sha256(raw).hexdigest()[:16], f"examples/seeds/{path.name}", text


_SEEDS = {prefix: _seed(prefix) for prefix in ("000", "001", "002", "003", "004")}
ID = {prefix: seed[0] for prefix, seed in _SEEDS.items()}
TEXT = {seed[0]: seed[2] for seed in _SEEDS.values()}


def span(prefix: str, passage: str) -> dict[str, Any]:
    """The citation of the first occurrence of ``passage`` in seed ``prefix``'s clean text."""
    article = ID[prefix]
    start = TEXT[article].find(passage)
    if start < 0:
        raise AssertionError(f"{passage!r} is not in seed {prefix}")
    return {"article": article, "start": start, "end": start + len(passage)}


def sentence(*cited: tuple[str, str]) -> dict[str, Any]:
    """A summary sentence: the first cited passage, whitespace-normalised, citing them all."""
    return {"text": " ".join(cited[0][1].split()), "citations": [span(p, s) for p, s in cited]}


def day(iso: str) -> dict[str, Any]:
    return {"start": iso, "end": iso, "granularity": "day", "best": iso}


def interval(start: str, end: str, granularity: str, best: str | None = None) -> dict[str, Any]:
    return {"start": start, "end": end, "granularity": granularity, "best": best}


def _article(
    prefix: str,
    *,
    title: str,
    outlet: str,
    published: dict[str, Any],
    author: str = "",
    url: str = "",
    depends_on: tuple[str, str, float] | None = None,
) -> dict[str, Any]:
    article_id, source, text = _SEEDS[prefix]
    return {
        "id": article_id,
        "source": source,
        "url": url,
        "title": title,
        "outlet": outlet,
        "author": author,
        "language": "en",
        "text": text,
        "published": published,
        "duplicate_of": ID[depends_on[0]] if depends_on else None,
        "dependency": {"kind": depends_on[1], "similarity": depends_on[2]} if depends_on else None,
    }


def _published(date: dict[str, Any] | None, provenance: str, *evidence: str) -> dict[str, Any]:
    if date is None:
        return {
            "start": None,
            "end": None,
            "best": None,
            "granularity": "unknown",
            "provenance": provenance,
            "evidence": list(evidence),
        }
    return {**date, "provenance": provenance, "evidence": list(evidence)}


ARTICLES = [
    _article(
        "000",
        title="Biden to host Latin American leaders for Nov. 3 summit on migration and growth",
        outlet="Reuters",
        published=_published(
            interval("2023-01-01", "2023-12-31", "year", "2023-10-20"),
            "inferred",
            "“next year's presidential election” and “a 2024 election deal”: published in 2023",
            "“on Nov. 3” (future) is still to come and “on Friday” (past) has happened:"
            " most likely 2023-10-20",
        ),
    ),
    _article(
        "001",
        title="US seeks strong declaration on migration at Latin American Summit",
        outlet="AFP",
        published=_published(
            day("2022-04-20"),
            "sidecar",
            "sidecar 001_6d361b6091f386d8.json: published 2022-04-20",
        ),
    ),
    _article(
        "002",
        title="The United States seeks a stable agreement on migration issues with Latin America",
        outlet="France 24; Voice of America",
        published=_published(
            day("2022-04-21"),
            "metadata",
            '<meta property="article:published_time" content="2022-04-21T02:14:00Z">',
        ),
        depends_on=("001", "rewrite", 0.81),
    ),
    _article(
        "003",
        title="U.S. officials say border policy won't be focus of talks with Mexico at three-way"
        " summit, despite lingering issues",
        outlet="CBS News",
        author="Camilo Montoya-Galvez",
        url="https://www.cbsnews.com/news/three-way-summit-border-issues-biden-trudeau-andres"
        "-manuel-lopez-obrado/",
        published=_published(
            interval("2021-10-01", "2022-01-19", "month", "2021-11-17"),
            "inferred",
            "“In October” (past) has happened: not before 2021-10-01",
            "“Vice President Kamala Harris, who was tasked earlier this year”: Harris took"
            " office 2021-01-20, so not after 2022-01-19",
            "“Thursday's summit” and “on Monday”: most likely 2021-11-17",
        ),
    ),
    _article(
        "004",
        title="High-level migration meeting between US, Mexico, Guatemala to result in ‘several"
        " important announcements,’ officials say",
        outlet="ABC News",
        published=_published(
            day("2024-02-28"), "text", 'text line 10: "Written by on February 28, 2024"'
        ),
    ),
]


def _entity(
    entity_id: str,
    name: str,
    kind: str,
    aliases: tuple[str, ...] = (),
    roles: tuple[str, ...] = (),
    variants: tuple[tuple[str, str, float], ...] = (),
) -> dict[str, Any]:
    names = sorted({name, *aliases}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    counts = {a: len(pattern.findall(TEXT[a])) for a in TEXT}
    return {
        "id": entity_id,
        "name": name,
        "type": kind,
        "aliases": list(aliases),
        "roles": list(roles),
        "variants": [
            {"name": v, "articles": [ID[prefix]], "similarity": similarity}
            for v, prefix, similarity in variants
        ],
        "articles": sorted(a for a, n in counts.items() if n),
        "mentions": sum(counts.values()),
    }


ENTITIES = [
    _entity(
        "e-biden",
        "Joe Biden",
        "PERSON",
        ("Biden", "President Joe Biden", "Mr. Biden"),
        ("President", "U.S. President"),
    ),
    _entity("e-blinken", "Antony Blinken", "PERSON", ("Blinken",), ("Secretary of State",)),
    _entity(
        "e-mayorkas",
        "Alejandro Mayorkas",
        "PERSON",
        ("Mayorkas",),
        ("Homeland Security Secretary", "Secretary of Homeland Security"),
    ),
    _entity("e-ebrard", "Marcelo Ebrard", "PERSON", ("Ebrard",), ("Foreign Minister",)),
    _entity("e-mouynes", "Erika Mouynes", "PERSON", (), ("Panamanian Foreign Minister",)),
    _entity("e-jean-pierre", "Karine Jean-Pierre", "PERSON", (), ("Press Secretary",)),
    _entity(
        "e-amlo",
        "Andrés Manuel López Obrador",
        "PERSON",
        ("López Obrador",),
        ("President",),
    ),
    _entity("e-us", "United States", "GPE", ("U.S.", "US")),
    _entity("e-mexico", "Mexico", "GPE"),
    _entity("e-panama", "Panama", "GPE", ("Panama City",)),
    _entity("e-guatemala", "Guatemala", "GPE"),
    _entity("e-darien", "Darien Gap", "LOC", (), (), (("Durian Gap", "001", 0.9),)),
    _entity("e-summit-americas", "Summit of the Americas", "EVENT"),
]

EVENTS = [
    {
        "id": "ev-panama",
        "title": "Blinken seeks a migration declaration at the Panama ministerial",
        "article_ids": sorted([ID["001"], ID["002"]]),
        "date": interval("2022-04-19", "2022-04-21", "week", "2022-04-20"),
    },
    {
        "id": "ev-nals",
        "title": "North American Leaders' Summit",
        "article_ids": [ID["003"]],
        "date": interval("2021-10-01", "2022-01-19", "month", "2021-11-18"),
    },
    {
        "id": "ev-apep",
        "title": "Americas Partnership for Economic Prosperity Leaders' Summit announced",
        "article_ids": [ID["000"]],
        "date": day("2023-10-20"),
    },
    {
        "id": "ev-trilateral",
        "title": "US–Mexico–Guatemala migration meeting",
        "article_ids": [ID["004"]],
        "date": day("2024-02-28"),
    },
]

_NALS = (
    "003",
    "Senior administration officials say U.S. border policy will not be a primary focus of"
    " talks with Mexico on Thursday when President Biden hosts his Mexican and Canadian"
    " counterparts in the North American Leaders' Summit.",
)
_REMAIN = (
    "003",
    "One administration official said the ongoing negotiations over the court-mandated"
    ' revival of the Remain-in-Mexico program will not be "the subject" of Thursday\'s summit.',
)
_ECUADOR = (
    "003",
    "In October, U.S. border officials reported a sharp decline in apprehensions of migrants"
    " from Ecuador.",
)
_MARCH_001 = (
    "001",
    "In March, US authorities apprehended more than 221,000 people on the Mexican border, the"
    " most for a single month in more than two decades, an issue that is sure to be highlighted"
    " by Biden's Republican rivals in November congressional elections.",
)
_MARCH_002 = (
    "002",
    "In this regard, US authorities detained more than 221,000 people at the border with Mexico"
    " in March, the highest number in a single month since February 2000.",
)
_PANAMA_001 = (
    "001",
    "The US is seeking a strong declaration to coordinate migration when Latin American leaders"
    " meet in Los Angeles in June, US Secretary of State Antony Blinken said on Wednesday.",
)
_PANAMA_002 = (
    "002",
    'The United States is seeking to reach a "firm" agreement on migration with Latin American'
    " countries ahead of the upcoming Summit of the Americas in Los Angeles in June, U.S."
    " Secretary of State Antony Blinken said Wednesday.",
)
_PANAMA_AGREEMENT = (
    "001",
    "Panama, a US partner that is home to the dangerous Durian Gap connecting North and South"
    " America, signed an agreement to step up coordination with the United States on Tuesday.",
)
_SUMMIT_002 = (
    "002",
    "The summit, convened by U.S. President Joe Biden, is scheduled to take place in Los"
    " Angeles from June 6 to 10 and will focus on the idea of “building a sustainable,"
    " resilient, and equitable future” for the Americas.",
)
_SUMMIT_001 = (
    "001",
    "Blinken said that the Panama talks are intended to lay the groundwork for a strong"
    " declaration by our leaders at the June 6 -- 10 Summit of the Americas in California.",
)
_SUMMIT_000 = (
    "000",
    "The previous summit, held in Los Angeles in June 2022, was snubbed by Mexico's president"
    " after the leftist governments of Cuba, Venezuela and Nicaragua were excluded.",
)
_APEP = (
    "000",
    "U.S. President Joe Biden will host leaders from South American nations at the White House"
    " for a summit on Nov. 3 where the United States will reaffirm its commitment for"
    " cooperation on economic growth and tackling irregular migration, the White House said on"
    " Friday.",
)
_MEETING = (
    "004",
    "(WASHINGTON) — A meeting between top representatives from the United States, Mexico and"
    " Guatemala on Wednesday will result in “several important announcements” about"
    " “commitments for deeper cooperation” on managing migration between the countries"
    " involved, according to senior Biden administration officials.",
)
_HOST = (
    "004",
    "Secretary of State Antony Blinken will host Wednesday’s meeting with his Mexican and"
    " Guatemalan counterparts in Washington, D.C.",
)
_TRIP = (
    "004",
    "The meeting comes as President Joe Biden prepares to make his second trip to the"
    " U.S.-Mexico border on Thursday in another push for Congress to pass a bipartisan"
    " immigration deal, which includes changes to asylum protocols, funding to bolster"
    " immigration review and hire additional Border Patrol agents as well as new emergency"
    " powers for officials.",
)


def _happening(
    happening_id: str,
    title: str,
    date: dict[str, Any],
    status: str,
    reports: tuple[tuple[str, str], ...],
    participants: tuple[str, ...] = (),
    place: str = "",
) -> dict[str, Any]:
    return {
        "id": happening_id,
        "title": title,
        "date": date,
        "status": status,
        "participants": list(participants),
        "place": place,
        "reports": [{**span(p, s), "text": s} for p, s in reports],
    }


_NALS_DATE = interval("2021-10-07", "2022-01-13", "day", "2021-11-18")
_PUBLISHED_003 = interval("2021-10-01", "2022-01-19", "month", "2021-11-17")

HAPPENINGS = [
    _happening(
        "h-nals",
        "Biden hosts the North American Leaders' Summit",
        _NALS_DATE,
        "planned",
        (_NALS,),
        ("e-biden", "e-mexico"),
    ),
    _happening(
        "h-remain",
        "Negotiations over reviving Remain-in-Mexico",
        _PUBLISHED_003,
        "ongoing",
        (_REMAIN,),
    ),
    _happening(
        "h-ecuador",
        "Apprehensions of Ecuadorian migrants fall",
        interval("2021-10-01", "2021-10-31", "month"),
        "happened",
        (_ECUADOR,),
        ("e-us",),
    ),
    _happening(
        "h-march",
        "More than 221,000 apprehensions at the Mexican border",
        interval("2022-03-01", "2022-03-31", "month"),
        "happened",
        (_MARCH_001, _MARCH_002),
        ("e-us", "e-mexico"),
    ),
    _happening(
        "h-panama-agreement",
        "Panama signs a coordination agreement with the United States",
        day("2022-04-19"),
        "happened",
        (_PANAMA_AGREEMENT,),
        ("e-panama", "e-us", "e-darien"),
    ),
    _happening(
        "h-panama",
        "Blinken calls for a migration declaration in Panama",
        day("2022-04-20"),
        "happened",
        (_PANAMA_001, _PANAMA_002),
        ("e-blinken", "e-us"),
        "Panama City",
    ),
    _happening(
        "h-summit",
        "Summit of the Americas in Los Angeles",
        interval("2022-06-06", "2022-06-10", "day", "2022-06-06"),
        "happened",
        (_SUMMIT_002, _SUMMIT_001, _SUMMIT_000),
        ("e-biden", "e-summit-americas"),
        "Los Angeles",
    ),
    _happening(
        "h-apep",
        "Americas Partnership for Economic Prosperity Leaders' Summit",
        day("2023-11-03"),
        "planned",
        (_APEP,),
        ("e-biden", "e-us"),
        "White House",
    ),
    _happening(
        "h-meeting",
        "US–Mexico–Guatemala migration meeting",
        day("2024-02-28"),
        "planned",
        (_MEETING, _HOST),
        ("e-us", "e-mexico", "e-guatemala", "e-blinken"),
        "Washington, D.C.",
    ),
    _happening(
        "h-trip",
        "Biden's second trip to the U.S.-Mexico border",
        day("2024-02-29"),
        "planned",
        (_TRIP,),
        ("e-biden",),
    ),
]

DISCREPANCIES = [
    {
        "id": "d-march",
        "kind": "figure",
        "subject": "people apprehended at the Mexican border (March)",
        "verdict": "agree",
        "sides": [
            {
                "value": "more than 221,000",
                "articles": [ID["001"]],
                "citations": [span("001", "more than 221,000 people")],
            },
            {
                "value": "more than 221,000",
                "articles": [ID["002"]],
                "citations": [span("002", "more than 221,000 people")],
            },
        ],
    },
    {
        "id": "d-gap",
        "kind": "name",
        "subject": "Darien Gap / Durian Gap",
        "verdict": "variant",
        "sides": [
            {
                "value": "Darien Gap",
                "articles": [ID["000"]],
                "citations": [span("000", "Darien Gap")],
            },
            {
                "value": "Durian Gap",
                "articles": [ID["001"]],
                "citations": [span("001", "Durian Gap")],
            },
        ],
    },
    {
        # A false alarm a figure matcher can raise: the 20 countries that agreed at the
        # summit and the 22 that attended the Panama ministerial are different counts.
        "id": "d-countries",
        "kind": "figure",
        "subject": "countries from the region",
        "verdict": "contradiction",
        "sides": [
            {
                "value": "20",
                "articles": [ID["000"]],
                "citations": [span("000", "20 countries")],
            },
            {
                "value": "22",
                "articles": [ID["002"]],
                "citations": [span("002", "22 countries")],
            },
        ],
    },
]


def _entry(
    date: dict[str, Any],
    status: str,
    summary: list[dict[str, Any]],
    sources: tuple[str, ...],
    independent: int,
    happenings: tuple[str, ...],
    discrepancies: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "date": date,
        "status": status,
        "summary": summary,
        "sources": sorted(ID[p] for p in sources),
        "independent_sources": independent,
        "single_source": independent <= 1,
        "happening_ids": list(happenings),
        "discrepancies": list(discrepancies),
    }


TIMELINE = [
    _entry(_NALS_DATE, "planned", [sentence(_NALS)], ("003",), 1, ("h-nals",)),
    _entry(_PUBLISHED_003, "ongoing", [sentence(_REMAIN)], ("003",), 1, ("h-remain",)),
    _entry(
        interval("2021-10-01", "2021-10-31", "month"),
        "happened",
        [sentence(_ECUADOR)],
        ("003",),
        1,
        ("h-ecuador",),
    ),
    _entry(
        interval("2022-03-01", "2022-03-31", "month"),
        "happened",
        [sentence(_MARCH_001, _MARCH_002)],
        ("001", "002"),
        1,
        ("h-march",),
        ("d-march",),
    ),
    _entry(
        day("2022-04-20"),
        "happened",
        [sentence(_PANAMA_001, _PANAMA_002), sentence(_PANAMA_AGREEMENT)],
        ("001", "002"),
        1,
        ("h-panama", "h-panama-agreement"),
        ("d-gap",),
    ),
    _entry(
        interval("2022-06-06", "2022-06-10", "day", "2022-06-06"),
        "happened",
        [sentence(_SUMMIT_002, _SUMMIT_001), sentence(_SUMMIT_000)],
        ("000", "001", "002"),
        2,
        ("h-summit",),
        ("d-countries",),
    ),
    _entry(day("2023-11-03"), "planned", [sentence(_APEP)], ("000",), 1, ("h-apep",)),
    _entry(
        day("2024-02-28"),
        "planned",
        [sentence(_MEETING), sentence(_HOST)],
        ("004",),
        1,
        ("h-meeting",),
    ),
    _entry(day("2024-02-29"), "planned", [sentence(_TRIP)], ("004",), 1, ("h-trip",)),
]

STORIES = [
    {
        "id": "st-migration",
        "title": "US–Latin America migration diplomacy",
        "key_entities": ["e-biden", "e-blinken", "e-us", "e-mexico", "e-panama", "e-mayorkas"],
        "event_ids": ["ev-nals", "ev-panama", "ev-apep", "ev-trilateral"],
        "article_ids": sorted(ID.values()),
        "timeline": TIMELINE,
    }
]


def _quote(
    prefix: str,
    passage: str,
    kind: str,
    cue: str,
    *,
    entity: str | None = None,
    name: str = "",
    description: str = "",
) -> dict[str, Any]:
    return {
        "speaker": {"entity": entity, "name": name, "description": description},
        "text": passage,
        "kind": kind,
        "cue": cue,
        **span(prefix, passage),
    }


QUOTES = [
    _quote(
        "003",
        "Our perspective is that we are going to have positive results",
        "direct",
        "told",
        entity="e-ebrard",
        name="he",
    ),
    _quote(
        "003",
        "There's not a real focus, this time around, on our borders.",
        "direct",
        "said",
        description="one senior U.S. official",
    ),
    _quote(
        "002",
        "We need to think regionally about how to stem the flow of migrants,",
        "direct",
        "said",
        entity="e-mayorkas",
        name="Alejandro Mayorkas",
    ),
    _quote(
        "001",
        "we only pass this hard test if we work on it together",
        "indirect",
        "said",
        entity="e-mouynes",
        name="She",
    ),
    _quote(
        "001",
        "we can make a significant difference in the lives of our most vulnerable fellow"
        " citizens and the future of our region",
        "indirect",
        "said",
        entity="e-blinken",
        name="He",
    ),
    _quote(
        "000",
        "Biden also will outline commitments to strengthen and expand U.S. efforts to drive"
        " regional economic growth",
        "indirect",
        "said",
        entity="e-jean-pierre",
        name="Press Secretary Karine Jean-Pierre",
    ),
]


def _figure(
    prefix: str,
    passage: str,
    value: float,
    *,
    modifier: str = "",
    unit: str = "",
    counted: str = "",
    time: str = "",
    place: str = "",
) -> dict[str, Any]:
    return {
        "value": value,
        "modifier": modifier,
        "unit": unit,
        "counted": counted,
        "time": time,
        "place": place,
        "text": passage,
        **span(prefix, passage),
    }


FIGURES = [
    _figure(
        "001",
        "more than 221,000 people",
        221000,
        modifier="more than",
        counted="people apprehended",
        time="March",
        place="Mexican border",
    ),
    _figure(
        "002",
        "more than 221,000 people",
        221000,
        modifier="more than",
        counted="people detained",
        time="March",
        place="border with Mexico",
    ),
    _figure(
        "001",
        "Nearly 100 million people",
        100_000_000,
        modifier="nearly",
        counted="people displaced",
        place="around the world",
    ),
    _figure("000", "20 countries", 20, counted="countries from the region"),
    _figure("002", "22 countries", 22, counted="countries attending"),
    _figure("003", "70,000 migrants", 70000, counted="migrants required to wait in Mexico"),
    _figure(
        "003", "11 million vaccine doses", 11_000_000, modifier="almost", counted="vaccine doses"
    ),
]

FAILURES = [
    {
        "source": "examples/inbox/paywalled.html",
        "stage": "extract",
        "reason": "no article text found: the page is a subscription wall",
    }
]

_EXPORT: dict[str, Any] = {
    "format": "storyline-export",
    "version": 1,
    "generator": "storyline 0.1.0",
    "articles": ARTICLES,
    "entities": ENTITIES,
    "events": EVENTS,
    "happenings": HAPPENINGS,
    "stories": STORIES,
    "quotes": QUOTES,
    "figures": FIGURES,
    "discrepancies": DISCREPANCIES,
    "failures": FAILURES,
}


def example_export() -> dict[str, Any]:
    """A fresh deep copy of the example export (tests may change it freely)."""
    return copy.deepcopy(_EXPORT)
