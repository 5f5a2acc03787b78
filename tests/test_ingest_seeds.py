"""Extraction on the five seed articles: real news scraped as text with page furniture left in."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from storyline.ingest.extract import extract
from storyline.ingest.types import Extracted, RawInput

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


@cache
def seed(number: int) -> Extracted:
    (path,) = SEEDS.glob(f"{number:03d}_*.txt")
    return extract(RawInput(str(path), path.read_bytes(), "text/plain"))


def removed_texts(extracted: Extracted) -> dict[str, str]:
    """Each removed span's raw text, with its reason."""
    return {extracted.raw_text[r.start : r.end]: r.reason for r in extracted.removed}


# -- furniture out, with a reason -------------------------------------------------------------

FURNITURE = [
    (4, "Current track", "player widget"),
    (4, "Artist", "player widget"),
    (4, "Written by on February 28, 2024", "byline"),
    (4, "Andrew Lichtenstein/Corbis via Getty Images", "photo credit"),
    (4, "ABC News’ Morgan Winsor contributed to this report.", "byline"),
    (4, "Copyright © 2024, ABC Audio. All rights reserved.", "copyright"),
    (4, "Reader's opinions", "comment form"),
    (4, "Leave a Reply", "comment form"),
    (4, "Your email address will not be published.", "comment form"),
    (3, "Camilo Montoya-Galvez", "author bio"),
    (
        3,
        "Camilo Montoya-Galvez is the immigration reporter at CBS News. Based in Washington, he "
        "covers immigration policy and politics.",
        "author bio",
    ),
    (3, "Source:", "source line"),
    (
        3,
        "<https://www.cbsnews.com/news/three-way-summit-border-issues-biden-trudeau-andres-manuel-"
        "lopez-obrado/>",
        "source line",
    ),
    (3, "[Disclaimer]", "disclaimer"),
    (2, "News report based on information from France 24 and Voice of America.", "secondhand note"),
]


@pytest.mark.parametrize(("number", "line", "reason"), FURNITURE)
def test_furniture_is_removed_with_its_reason(number: int, line: str, reason: str) -> None:
    extracted = seed(number)
    assert line not in extracted.text
    assert line in extracted.raw_text
    assert removed_texts(extracted).get(line) == reason


def test_title_line_of_004_is_removed_twice_and_kept_as_title() -> None:
    extracted = seed(4)
    title = extracted.title
    assert title.startswith("High-level migration meeting")
    assert title not in extracted.text
    assert extracted.raw_text.count(title) == 2
    reasons = [r.reason for r in extracted.removed if extracted.raw_text[r.start : r.end] == title]
    assert reasons == ["title", "repeated title"]
    # "Title" (the player's label) is furniture, not the article's title.
    assert "\nTitle\n" in extracted.raw_text
    assert removed_texts(extracted)["Title"] == "player widget"


def test_repeated_title_of_001_appears_once_as_title() -> None:
    extracted = seed(1)
    title = "US seeks strong declaration on migration at Latin American Summit"
    assert extracted.title == title
    assert title not in extracted.text
    assert sorted(r.reason for r in extracted.removed) == ["repeated title", "title"]


# -- article text kept ---------------------------------------------------------------------------

KEPT = [
    (0, "(Reuters) -U.S. President Joe Biden will host leaders from South American nations"),
    (
        0,
        "The previous summit, held in Los Angeles in June 2022, was snubbed by Mexico's president "
        "after the leftist governments of Cuba, Venezuela and Nicaragua were excluded.",
    ),
    (1, "She said that we only pass this hard test if we work on it together."),
    (
        2,
        "issues such as the fight against corruption and the rule of law in the region were also "
        "addressed.",
    ),
    (
        3,
        "Ebrard, the Mexican foreign minister, acknowledged there could be policy disagreements "
        "among the three countries.",
    ),
    (3, "But as I mentioned, it's not actually one of the themes or focuses of tomorrow.\""),
    (4, "(WASHINGTON) — A meeting between top representatives from the United States"),
    (
        4,
        "Biden, a Democrat who is running for reelection this year, last visited his country’s "
        "southern border in January 2023 after facing immense criticism from Republicans for not "
        "going there as migrant encounters reached a record high in December.",
    ),
]


@pytest.mark.parametrize(("number", "sentence"), KEPT)
def test_article_sentences_are_kept(number: int, sentence: str) -> None:
    assert sentence in seed(number).text


@pytest.mark.parametrize("number", range(5))
def test_last_real_sentence_ends_the_text(number: int) -> None:
    endings = {
        0: "were excluded.",
        1: "if we work on it together.",
        2: "were also addressed.",
        3: 'themes or focuses of tomorrow."',
        4: "reached a record high in December.",
    }
    assert seed(number).text.endswith(endings[number])


@pytest.mark.parametrize("number", range(5))
def test_clean_text_shape(number: int) -> None:
    text = seed(number).text
    assert text == text.strip()
    assert "\n\n\n" not in text
    paragraphs = text.split("\n\n")
    assert all(p == p.strip() and "\n" not in p for p in paragraphs)


def test_one_paragraph_a_line_becomes_blank_line_paragraphs() -> None:
    assert len(seed(0).text.split("\n\n")) == 11


def test_removed_spans_are_disjoint_and_in_order() -> None:
    for number in range(5):
        extracted = seed(number)
        end = 0
        for span in extracted.removed:
            assert end <= span.start < span.end <= len(extracted.raw_text)
            end = span.end


def test_nothing_is_removed_from_000() -> None:
    assert seed(0).removed == ()


# -- broken paragraphs repaired ------------------------------------------------------------------


def test_paragraph_break_inside_a_sentence_is_repaired() -> None:
    text = seed(3).text
    assert "the U.S. has donated almost 11 million vaccine doses to Mexico alone" in text
    assert "Nuñez-Neto said in a court declaration." in text
    assert "almost\n" not in text
    assert "in a\n" not in text


# -- metadata --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "title"),
    [
        (0, ""),
        (1, "US seeks strong declaration on migration at Latin American Summit"),
        (2, "The United States seeks a stable agreement on migration issues with Latin America"),
        (
            3,
            "U.S. officials say border policy won't be focus of talks with Mexico at three-way "
            "summit, despite lingering issues",
        ),
        (
            4,
            "High-level migration meeting between US, Mexico, Guatemala to result in ‘several "
            "important announcements,’ officials say",
        ),
    ],
)
def test_titles(number: int, title: str) -> None:
    assert seed(number).title == title


@pytest.mark.parametrize(
    ("number", "outlet", "author", "url"),
    [
        (0, "Reuters", "", ""),
        (1, "", "", ""),
        (2, "France 24; Voice of America", "", ""),
        (
            3,
            "CBS News",
            "Camilo Montoya-Galvez",
            "https://www.cbsnews.com/news/three-way-summit-border-issues-biden-trudeau-andres-"
            "manuel-lopez-obrado/",
        ),
        (4, "ABC News", "", ""),
    ],
)
def test_outlet_author_url(number: int, outlet: str, author: str, url: str) -> None:
    extracted = seed(number)
    assert (extracted.outlet, extracted.author, extracted.url) == (outlet, author, url)


def test_date_near_the_top_of_004() -> None:
    (candidate,) = seed(4).date_candidates
    assert candidate.date == dt.date(2024, 2, 28)
    assert candidate.provenance == "text"
    assert "Written by on February 28, 2024" in candidate.evidence


@pytest.mark.parametrize("number", range(4))
def test_no_date_is_taken_from_the_body(number: int) -> None:
    assert seed(number).date_candidates == ()


@pytest.mark.parametrize("number", range(5))
def test_language_and_content_type(number: int) -> None:
    extracted = seed(number)
    assert extracted.language == "en"
    assert extracted.content_type == "text/plain"
