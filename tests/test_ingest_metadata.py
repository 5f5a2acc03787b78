"""Outlet, byline, dates near the top, language, sidecar metadata and Markdown inputs."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.ingest.extract import extract
from storyline.ingest.language import detect_language
from storyline.ingest.outlet import normalise_outlet, outlet_from_url, read_outlet
from storyline.ingest.textdate import find_text_dates, is_date_line, parse_date
from storyline.ingest.types import RawInput

BODY = (
    "Officials from the United States, Mexico and Guatemala met on Wednesday to agree a joint "
    "plan on migration, the State Department said."
)

# -- outlet and byline ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.cbsnews.com/news/x/", "CBS News"),
        ("https://www.reuters.com/world/americas/x", "Reuters"),
        ("https://abcnews.go.com/Politics/x", "ABC News"),
        ("https://edition.cnn.com/2024/x", "CNN"),
        ("https://www.bbc.co.uk/news/x", "BBC News"),
        ("https://news.example-daily.co.uk/a/b", "example-daily.co.uk"),
        ("https://www.smalltownpaper.com/x", "smalltownpaper.com"),
        ("not a url", ""),
        ("", ""),
    ],
)
def test_outlet_from_url(url: str, outlet: str) -> None:
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    ("first_line", "outlet"),
    [
        ("(Reuters) -U.S. President Joe Biden will host leaders.", "Reuters"),
        ("WASHINGTON, Nov 17 (Reuters) - The United States said on Wednesday.", "Reuters"),
        ("MEXICO CITY (AP) — Mexico's president said on Tuesday.", "Associated Press"),
        ("(CNN) — The White House said on Friday.", "CNN"),
        ("(WASHINGTON) — A meeting between top representatives was held.", ""),
        ("PANAMA CITY (EFE) - Los cancilleres se reunieron.", "EFE"),
        # The Spanish wires' own form: the day before the month, ".-" after the agency.
        ("Panamá, 20 abr (EFE).- Los cancilleres se reunieron.", "EFE"),
        ("Ciudad de México, 3 mar 2024 (AFP) - El presidente habló.", "AFP"),
    ],
)
def test_outlet_from_dateline(first_line: str, outlet: str) -> None:
    assert read_outlet(f"{first_line}\n\n{BODY}").outlet == outlet


@pytest.mark.parametrize(
    ("last_line", "outlet"),
    [
        ("Copyright © 2024, ABC Audio. All rights reserved.", "ABC News"),
        ("ABC News’ Morgan Winsor contributed to this report.", "ABC News"),
        ("© 2023 The Associated Press. All rights reserved.", "Associated Press"),
        (
            "News report based on information from France 24 and Voice of America.",
            "France 24; Voice of America",
        ),
        ("Source: <https://www.cbsnews.com/news/x/>", "CBS News"),
    ],
)
def test_outlet_from_credit_lines(last_line: str, outlet: str) -> None:
    assert read_outlet(f"{BODY}\n\n{last_line}").outlet == outlet


def test_author_bio_gives_author_and_outlet() -> None:
    info = read_outlet(
        f"{BODY}\n\nCamilo Montoya-Galvez\n\nCamilo Montoya-Galvez is the immigration reporter at "
        "CBS News. Based in Washington, he covers immigration policy and politics."
    )
    assert (info.outlet, info.author) == ("CBS News", "Camilo Montoya-Galvez")


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("Written by Jane Doe on February 28, 2024", "Jane Doe"),
        ("Written by on February 28, 2024", ""),
        ("By JANE DOE | February 28, 2024", ""),
        ("Por María José Pérez", "María José Pérez"),
    ],
)
def test_author_from_byline(line: str, author: str) -> None:
    assert read_outlet(f"Leaders meet\n\n{line}\n\n{BODY}").author == author


def test_site_name_and_url_win_over_credit_lines() -> None:
    info = read_outlet(
        f"(Reuters) - {BODY}", url="https://www.usnews.com/news/x", site_name="US News"
    )
    assert info.outlet == "US News"
    assert info.url == "https://www.usnews.com/news/x"


def test_normalise_outlet() -> None:
    assert normalise_outlet("ABC Audio") == "ABC News"
    assert normalise_outlet("CBS Interactive Inc.") == "CBS News"
    assert normalise_outlet("  The Daily Example ") == "The Daily Example"


# -- dates near the top ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Written by on February 28, 2024", dt.date(2024, 2, 28)),
        ("February 28, 2024", dt.date(2024, 2, 28)),
        ("Nov. 17, 2021", dt.date(2021, 11, 17)),
        ("Sept. 5, 2023", dt.date(2023, 9, 5)),
        ("2024-02-28", dt.date(2024, 2, 28)),
        ("Published: Nov. 17, 2021 at 10:32 AM", dt.date(2021, 11, 17)),
        ("Updated on: Dec 1, 2021 / 8:00 AM / CBS News", dt.date(2021, 12, 1)),
        ("Wednesday, February 28, 2024 10:32 AM EST", dt.date(2024, 2, 28)),
        ("28 de febrero de 2024", dt.date(2024, 2, 28)),
        ("By Jane Doe | 28/02/2024", dt.date(2024, 2, 28)),
        (
            "WASHINGTON, Nov. 17, 2021 (Reuters) - The United States said on Wednesday.",
            dt.date(2021, 11, 17),
        ),
    ],
)
def test_dates_near_the_top(line: str, day: dt.date) -> None:
    (candidate,) = find_text_dates(f"Leaders meet\n\n{line}\n\n{BODY}")
    assert candidate.date == day
    assert candidate.provenance == "text"
    assert candidate.evidence == f'text line 3: "{line}"'


@pytest.mark.parametrize(
    "line",
    [
        "WASHINGTON, Nov 17 (Reuters) - The United States said on Wednesday.",  # no year
        "On February 28, 2024, officials met in Washington to discuss the plan.",  # the story
        "03/04/2024",  # April 3 or March 4
        "February 30, 2024",  # no such day
        "The summit on Nov. 3 will be the first.",
    ],
)
def test_no_date_near_the_top(line: str) -> None:
    assert find_text_dates(f"{line}\n\n{BODY}") == []


def test_a_long_bylines_stamp_with_its_clock_time_is_the_pages_date() -> None:
    """Regression: three reporters' names pushed a Reuters page's stamp past where a byline's
    date is looked for, and its date was inferred (a month off) instead of read."""
    line = (
        "By Nastassia Astrasheuskaya, Ben Judah, Alina Selyukh MOSCOW/WASHINGTON | Fri Jul 2,"
        " 2010 11:22 am EDT MOSCOW/WASHINGTON (Reuters) - His face wracked by age, the former"
        " minister knows just how to fix the leak, he says, sitting in a conference room."
    )
    (candidate,) = find_text_dates(f"{line}\n\n{BODY}")
    assert candidate.date == dt.date(2010, 7, 2)
    # Past the byline, a date in the story is still the story's, not the page's.
    story = line.replace("| Fri Jul 2, 2010 11:22 am EDT ", "").replace(
        "he says,", "he said on 29 October 2010 10:00,"
    )
    assert find_text_dates(f"{story}\n\n{BODY}") == []


def test_dates_below_the_top_lines_are_not_read() -> None:
    text = "\n".join(f"Line {n} of the story, officials said." for n in range(10))
    assert find_text_dates(text + "\nFebruary 28, 2024") == []


def test_published_comes_before_updated() -> None:
    found = find_text_dates("Updated: March 4, 2023\nPublished: March 3, 2023\n\n" + BODY)
    assert [c.date.day for c in found] == [3, 4]


def test_is_date_line() -> None:
    assert is_date_line("Published: March 3, 2023")
    assert is_date_line("March 3, 2023")
    assert not is_date_line("By Jane Doe, March 3, 2023")
    assert not is_date_line("WASHINGTON, Nov. 17, 2021 (Reuters) - The talks began.")


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-02-28", dt.date(2024, 2, 28)),
        ("2024-02-28T23:30:00-05:00", dt.date(2024, 2, 28)),
        ("Wed, 28 Feb 2024 10:00:00 GMT", dt.date(2024, 2, 28)),
        ("February 28, 2024", dt.date(2024, 2, 28)),
        ("yesterday", None),
        ("2024-13-45", None),
        ("", None),
    ],
)
def test_parse_date(value: str, day: dt.date | None) -> None:
    assert parse_date(value) == day


# -- language ------------------------------------------------------------------------------------


def test_languages() -> None:
    assert detect_language(BODY) == "en"
    spanish = (
        "Estados Unidos busca un acuerdo firme sobre migración con los países de América Latina "
        "antes de la Cumbre de las Américas en Los Ángeles, dijo el secretario de Estado."
    )
    assert detect_language(spanish) == "es"
    assert detect_language("Le président a dit que la situation était très grave.") == "fr"


@pytest.mark.parametrize("text", ["", "Hello", "12345 67890 !!!", "\n\n\n"])
def test_language_unknown_for_too_little_text(text: str) -> None:
    assert detect_language(text) == "und"


# -- sidecar metadata and Markdown ------------------------------------------------------------


def test_sidecar_metadata_wins() -> None:
    raw = RawInput(
        "x.txt",
        f"(Reuters) - {BODY}".encode(),
        "text/plain",
        {
            "title": "Given title",
            "outlet": "Given Outlet",
            "url": "https://example.org/a",
            "date": "2024-02-27",
            "language": "en-US",
        },
    )
    extracted = extract(raw)
    assert (extracted.title, extracted.outlet, extracted.url) == (
        "Given title",
        "Given Outlet",
        "https://example.org/a",
    )
    assert extracted.language == "en"
    (candidate,) = extracted.date_candidates
    assert (candidate.date, candidate.provenance) == (dt.date(2024, 2, 27), "sidecar")


def test_feed_date_and_url_only() -> None:
    raw = RawInput(
        "feed-item",
        BODY.encode(),
        "text/plain",
        {
            "date": "Wed, 28 Feb 2024 10:00:00 GMT",
            "provenance": "feed",
            "url": "https://www.cbsnews.com/news/x/",
        },
    )
    extracted = extract(raw)
    assert extracted.outlet == "CBS News"
    assert extracted.date_candidates[0].provenance == "feed"


def test_bad_sidecar_date_is_ignored() -> None:
    raw = RawInput("x.txt", BODY.encode(), "text/plain", {"date": "soon"})
    assert extract(raw).date_candidates == ()


def test_markdown_input() -> None:
    markdown = (
        "---\ntitle: Leaders meet on migration\ndate: 2024-02-28\nauthor: Jane Doe\n---\n\n"
        f"# Leaders meet on migration\n\n{BODY}\n"
    )
    extracted = extract(RawInput("a.md", markdown.encode(), "text/markdown"))
    assert extracted.content_type == "text/markdown"
    assert extracted.title == "Leaders meet on migration"
    assert extracted.author == "Jane Doe"
    assert extracted.text == BODY
    assert extracted.date_candidates[0].provenance == "metadata"
    assert extracted.date_candidates[0].date == dt.date(2024, 2, 28)
