"""Plain text cleaning: page furniture out by words and line shape, paragraphs rebuilt."""

from __future__ import annotations

import time

import pytest

from storyline.ingest.clean import Cleaned, clean_text, comment_headers
from storyline.ingest.furniture import learn_repeated_lines

BODY = (
    "Officials from the United States, Mexico and Guatemala met on Wednesday to agree a joint "
    "plan on migration, the State Department said."
)
BODY2 = "The plan includes a new operational cell that will share best practices, officials said."


def reasons(raw: str, cleaned: Cleaned) -> dict[str, str]:
    return {raw[span.start : span.end]: span.reason for span in cleaned.removed}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Leave a Reply", "comment form"),
        ("Your email address will not be published. Required fields are marked *", "comment form"),
        ("Required fields are marked *", "comment form"),
        ("Reader’s opinions", "comment form"),
        ("[Disclaimer]", "disclaimer"),
        ("Disclaimer: The views expressed here are the author's own.", "disclaimer"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "disclaimer"),
        ("Copyright © 2024, ABC Audio. All rights reserved.", "copyright"),
        ("© 2024 Reuters. All rights reserved.", "copyright"),
        ("Source:", "source line"),
        ("Source: Reuters", "source line"),
        ("<https://www.cbsnews.com/news/a-story/>", "source line"),
        ("https://example.com/story?id=3", "source line"),
        (
            "News report based on information from France 24 and Voice of America.",
            "secondhand note",
        ),
        ("Originally published at example.org on May 2.", "secondhand note"),
        ("This article first appeared in The Daily Example.", "secondhand note"),
        ("With reporting by Reuters", "secondhand note"),
        ("Andrew Lichtenstein/Corbis via Getty Images", "photo credit"),
        ("Kevin Lamarque/Reuters", "photo credit"),
        ("(AP Photo/Evan Vucci)", "photo credit"),
        ("Photo: Jane Doe for The Daily Example", "photo credit"),
        (
            "President Joe Biden speaks in the Roosevelt Room of the White House, Tuesday, Nov. "
            "16, 2021, in Washington. (AP Photo/Evan Vucci)",
            "photo credit",
        ),
        (
            "FILE PHOTO: U.S. President Joe Biden speaks at the White House in Washington, U.S., "
            "October 20, 2021. REUTERS/Kevin Lamarque/File Photo",
            "photo credit",
        ),
        ("ABC News' Morgan Winsor contributed to this report.", "byline"),
        ("(Reporting by Ted Hesson in Washington; Editing by Mary Milliken)", "byline"),
        ("Written by on February 28, 2024", "byline"),
        ("Advertisement", "page control"),
        ("Share this article", "page control"),
        ("5 min read", "page control"),
        ("Sign up for our newsletter to get the latest news delivered to your inbox.", "promotion"),
        ("We use cookies to give you the best experience on our website.", "cookie notice"),
        ("Home | World | Americas", "navigation"),
        ("Published: March 3, 2023 10:00 AM EST", "date line"),
    ],
)
def test_furniture_line_in_the_middle_is_removed(line: str, reason: str) -> None:
    raw = f"{BODY}\n\n{line}\n\n{BODY2}"
    cleaned = clean_text(raw)
    assert cleaned.text == f"{BODY}\n\n{BODY2}"
    assert reasons(raw, cleaned) == {line: reason}


@pytest.mark.parametrize(
    "line",
    [
        "A Reuters/Ipsos poll showed most Americans back the plan, officials said.",
        "The source of the figures was not disclosed by the ministry, a spokesperson said.",
        "Photographs of the camp were shared widely on social media on Tuesday night.",
        "Officials said the copyright dispute would be settled by the courts next year.",
        "Comments from the minister drew criticism from the opposition.",
        "Share prices rose 3% after the announcement.",
        "Title 42 expired in May 2023, ending the expulsions.",
    ],
)
def test_article_lines_that_mention_furniture_words_are_kept(line: str) -> None:
    raw = f"{BODY}\n\n{line}\n\n{BODY2}"
    assert clean_text(raw).text == raw


def test_player_widget_labels_are_removed_only_after_the_player() -> None:
    raw = f"Current track\n\nTitle\n\nArtist\n\n\n{BODY}\n\n{BODY2}"
    cleaned = clean_text(raw)
    assert cleaned.text == f"{BODY}\n\n{BODY2}"
    assert set(reasons(raw, cleaned).values()) == {"player widget"}
    # without the player, a short line is not furniture
    assert "Artist" in clean_text(f"{BODY}\n\nArtist\n\n{BODY2}").text


def test_byline_and_date_lines_at_the_top() -> None:
    raw = (
        "Border talks set for Thursday\n\nBy Camilo Montoya-Galvez\n\n"
        "Updated on: December 1, 2021 / 8:00 AM / CBS News\n\n"
        f"{BODY}\n\n{BODY2}"
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Border talks set for Thursday"
    assert cleaned.text == f"{BODY}\n\n{BODY2}"
    assert reasons(raw, cleaned) == {
        "Border talks set for Thursday": "title",
        "By Camilo Montoya-Galvez": "byline",
        "Updated on: December 1, 2021 / 8:00 AM / CBS News": "date line",
    }


def test_bare_name_beside_a_date_line_at_the_top_is_a_byline() -> None:
    raw = f"Jane Doe\nFebruary 28, 2024\n\n{BODY}"
    cleaned = clean_text(raw)
    assert cleaned.text == BODY
    assert reasons(raw, cleaned) == {"Jane Doe": "byline", "February 28, 2024": "date line"}


def test_by_sentence_in_the_body_is_kept() -> None:
    raw = f"{BODY}\n\nBy the end of the year, officials expect the plan to be working.\n\n{BODY2}"
    assert clean_text(raw).text == raw


def test_author_bio_and_name_at_the_end() -> None:
    raw = (
        f"{BODY}\n\n{BODY2}\n\nJane Doe\n\nJane Doe is a White House correspondent for The "
        "Daily Example. She covers the presidency."
    )
    cleaned = clean_text(raw)
    assert cleaned.text == f"{BODY}\n\n{BODY2}"
    assert set(reasons(raw, cleaned).values()) == {"author bio"}


def test_regression_lines_joined_to_a_bio_above_them_went_with_it() -> None:
    # Three lines read as one wrapped paragraph; the bio pattern then matched its start and
    # the whole paragraph, the article's text with it, was removed as "author bio".
    raw = (
        "Jane Doe is the immigration reporter at CBS News. Based in Washington, she covers it.\n"
        "Officials from three countries met in Guatemala City\n"
        "The talks ended without an agreement on the number of visas.\n"
    )
    cleaned = clean_text(raw)
    assert "The talks ended without an agreement on the number of visas." in cleaned.text
    assert "author bio" not in {span.reason for span in cleaned.removed}


def test_a_wrapped_bio_at_the_end_is_still_removed() -> None:
    bio = (
        "Jane Doe is a White House correspondent for The Daily Example. Before that, she\n"
        "covered Congress for six years. Follow her reporting on the website of the paper.\n"
        "Doe lives in Washington."
    )
    cleaned = clean_text(f"{BODY}\n\n{BODY2}\n\n{bio}")
    assert cleaned.text == f"{BODY}\n\n{BODY2}"


def test_bio_like_sentence_in_the_middle_is_kept() -> None:
    middle = "Alejandro Mayorkas is the secretary of homeland security at the department."
    raw = f"{BODY}\n\n{middle}\n\n{BODY2}"
    assert clean_text(raw).text == raw


def test_regression_a_sentence_ending_in_u_s_and_a_stop_became_the_title() -> None:
    # "... the U.S.." ends a sentence (the abbreviation's stop, then the sentence's), but the
    # sentence-break pattern took no abbreviation for a sentence's end: joined to the short
    # line below it, the first sentence looked like a headline and left the text.
    first = "Officials said leaders would meet again soon to talk about visas in the U.S.."
    second = "Leaders from Mexico and Guatemala said the talks would go on next week."
    cleaned = clean_text(f"{first}\nTitle\n{second}\nTitle\n")
    assert cleaned.title == ""
    assert first in cleaned.text
    assert second in cleaned.text
    # a headline that starts with the abbreviation is still one
    headline = "U.S. President meets Mexican leaders on migration"
    assert clean_text(f"{headline}\n\n{BODY}").title == headline


def test_title_detection() -> None:
    assert clean_text(f"Leaders meet on migration\n\n{BODY}").title == "Leaders meet on migration"
    # a first line that ends with a full stop is the article's first sentence
    assert clean_text(f"{BODY}\n\n{BODY2}").title == ""
    # the first line of a wrapped paragraph is not a headline
    wrapped = (
        "Officials from the United States, Mexico and Guatemala met in\nWashington on Wednesday."
    )
    assert clean_text(wrapped).title == ""
    # nothing after it: not a title
    assert clean_text("Leaders meet on migration").title == ""
    assert clean_text("Leaders meet on migration").text == "Leaders meet on migration"


def test_known_title_is_removed_where_repeated() -> None:
    raw = f"Leaders meet on migration | The Daily Example\n\n{BODY}"
    cleaned = clean_text(raw, known_title="Leaders meet on migration", detect_title=False)
    assert cleaned.text == BODY
    assert cleaned.title == "Leaders meet on migration"


def test_one_paragraph_a_line() -> None:
    raw = f"{BODY}\n{BODY2}\n"
    assert clean_text(raw).text == f"{BODY}\n\n{BODY2}"


def test_hard_wrapped_text_with_crlf() -> None:
    raw = (
        "Officials from the United States, Mexico and Guatemala met in\r\n"
        "Washington on Wednesday to agree a joint plan on migration and legal\r\n"
        "pathways for workers, the State Department said in a statement.\r\n"
        "\r\n"
        "The plan includes a new operational cell.\r\n"
    )
    assert clean_text(raw).text == (
        "Officials from the United States, Mexico and Guatemala met in Washington on Wednesday "
        "to agree a joint plan on migration and legal pathways for workers, the State Department "
        "said in a statement.\n\nThe plan includes a new operational cell."
    )


def test_broken_paragraph_is_joined() -> None:
    raw = "the U.S. has donated almost\n\n11 million vaccine doses to Mexico alone.\n\nNext one."
    assert clean_text(raw).text.startswith("the U.S. has donated almost 11 million vaccine doses")
    raw = '"It will begin within weeks," Nuñez-Neto said in a\n\ncourt declaration.'
    assert (
        clean_text(raw).text
        == '"It will begin within weeks," Nuñez-Neto said in a court declaration.'
    )


def test_heading_over_a_number_is_not_joined() -> None:
    raw = f"{BODY}\n\nKey facts\n\n10 people were detained at the border, police said."
    assert "Key facts\n\n10 people" in clean_text(raw).text


def test_white_space_is_normalised() -> None:
    raw = f"  {BODY}\u00a0 \n\n\n\n\t{BODY2}   \n\n"
    assert clean_text(raw).text == f"{BODY}\n\n{BODY2}"


def test_repeated_lines_learnt_across_an_outlet() -> None:
    footer = "The Daily Example is an independent newsroom."
    articles = [
        f"Story {n} headline\n\nOfficials said thing number {n} happened today.\n\n{footer}"
        for n in range(4)
    ]
    learnt = learn_repeated_lines(articles, min_count=3)
    assert footer in learnt
    assert not any("Officials" in line for line in learnt)
    raw = f"{BODY}\n\n{footer}\n\n{BODY2}"
    cleaned = clean_text(raw, learnt)
    assert cleaned.text == f"{BODY}\n\n{BODY2}"
    assert reasons(raw, cleaned) == {footer: "repeated line"}


def test_copies_of_one_story_do_not_teach_their_own_sentences() -> None:
    story = f"{BODY}\n\n{BODY2}\n\nOfficials will meet again in April."
    learnt = learn_repeated_lines([story, story, story + "\n\nUpdated.", story], min_count=3)
    assert learnt == frozenset()


def test_repeated_lines_never_empty_an_article() -> None:
    learnt = frozenset({BODY, BODY2})
    assert clean_text(f"{BODY}\n\n{BODY2}", learnt).text == f"{BODY}\n\n{BODY2}"


def test_markdown_markup_is_stripped_and_recorded() -> None:
    raw = (
        "---\ntitle: Leaders meet\ndate: 2024-02-28\n---\n\n# Leaders meet on migration\n\n"
        f"**WASHINGTON** — {BODY} Read the [statement](https://state.gov/x).\n\n"
        "![A photo](https://img.example/x.jpg)\n\n---\n\n"
        f"> {BODY2}\n"
    )
    cleaned = clean_text(raw, markdown=True)
    assert cleaned.title == "Leaders meet on migration"
    assert cleaned.text == f"WASHINGTON — {BODY} Read the statement.\n\n{BODY2}"
    found = reasons(raw, cleaned)
    assert found["![A photo](https://img.example/x.jpg)"] == "image"
    assert found["](https://state.gov/x)"] == "markdown markup"
    assert "front matter" in found.values()


def test_empty_and_furniture_only() -> None:
    assert clean_text("") == Cleaned("", "", ())
    cleaned = clean_text("Leave a Reply\n\nYour email address will not be published.")
    assert cleaned.text == ""


# -- regressions ------------------------------------------------------------------------------


def test_regression_title_not_detected_behind_player_widget_labels() -> None:
    # "Title" and "Artist" were only known as furniture after the title had been looked for, so
    # the player's "Title" label was taken for the first line and 004 had no title.
    raw = f"Current track\n\nTitle\n\nArtist\n\n\nLeaders meet on migration\n\n{BODY}"
    assert clean_text(raw).title == "Leaders meet on migration"


def test_regression_date_line_with_outlet_was_a_photo_credit() -> None:
    # "... / 8:00 AM / CBS News" ended like "Name/CBS News" and was called a photo credit.
    raw = f"Updated on: December 1, 2021 / 8:00 AM / CBS News\n\n{BODY}"
    assert reasons(raw, clean_text(raw)) == {
        "Updated on: December 1, 2021 / 8:00 AM / CBS News": "date line"
    }


def test_regression_question_sentence_taken_for_a_headline() -> None:
    # A first line of 12+ words ending in "?" was taken for the title and lost from the text.
    question = "Why do the officials from Mexico and Guatemala keep meeting every single week?"
    assert clean_text(f"{question}\n\n{BODY}").text.startswith(question)


def test_regression_sentence_and_stray_line_joined_into_a_title() -> None:
    # A sentence and a stray short line were joined as a wrapped paragraph; the second cleaning
    # then took the joined line for a headline (not idempotent, and the sentence was lost).
    raw = f"{BODY}\n0\n{BODY2}\n"
    cleaned = clean_text(raw)
    assert BODY in cleaned.text and cleaned.title == ""
    again = clean_text(cleaned.text)
    assert again.text == cleaned.text


def test_regression_two_line_wrapped_paragraph_was_split() -> None:
    # A paragraph wrapped over two lines, the second starting with a capital, was cut in two.
    raw = "leaders the the officials officials officials officials officials\nWednesday the said."
    assert "\n" not in clean_text(raw).text


def test_regression_line_ending_with_abbreviation_broke_the_sentence() -> None:
    # "... the U.S." at a line end was taken for the end of the sentence.
    raw = "Officials said the talks were held in the U.S.\nlast week, before the summit."
    assert clean_text(raw).text == (
        "Officials said the talks were held in the U.S. last week, before the summit."
    )


def test_regression_title_over_nothing_keeps_cleaning_stable() -> None:
    # A headline whose body was all furniture left an empty text and a title; cleaning the
    # result again gave a different answer.
    raw = "Leaders meet on migration\n\nLeave a Reply"
    cleaned = clean_text(raw)
    assert (cleaned.title, cleaned.text) == ("", "Leaders meet on migration")


def test_furniture_of_short_articles_is_learnt() -> None:
    # Short articles share more furniture than prose; they are still different articles.
    furniture = ["Leave a Reply", "Share this story", "The Daily Example newsroom"]
    articles = [
        "\n\n".join([f"Officials said thing number {n} happened in the capital today.", *furniture])
        for n in range(3)
    ]
    assert set(furniture) <= learn_repeated_lines(articles)


@pytest.mark.parametrize(
    "line",
    [
        "Reported by the ministry, the figures show a sharp fall in crossings this year.",
        "By Friday, officials expect the talks to have produced a joint statement.",
    ],
)
def test_regression_sentences_starting_like_credits_are_kept(line: str) -> None:
    # "Reported by ..." and "By ..." lines were removed as bylines whatever followed.
    raw = f"{line}\n\n{BODY}\n\n{BODY2}"
    assert clean_text(raw).text == raw


def test_source_described_in_the_last_paragraph_is_not_an_author_bio() -> None:
    last = "Smith is a senior fellow at the Brookings Institution in Washington."
    raw = f"{BODY}\n\n{BODY2}\n\n{last}"
    assert clean_text(raw).text == raw


def test_short_headline_after_the_player_is_kept() -> None:
    raw = f"Current track\n\nMigration talks resume\n\n{BODY}"
    cleaned = clean_text(raw)
    assert (cleaned.title, cleaned.text) == ("Migration talks resume", BODY)


# -- readers' comments ------------------------------------------------------------------------

ARTICLE = (
    "BP has agreed to place $20bn in a special fund to deal with compensation payouts for "
    "those affected by the oil spill, the White House said on Wednesday after talks in "
    "Washington.\n\nThe company also suspended its dividend for the rest of the year."
)


@pytest.mark.parametrize(
    "comments",
    [
        # A header over each comment, as BBC pages print them.
        "At 00:45 am on 16 Jun 2010, MrWonderfulReality wrote:\nHe should say that the "
        "demand for oil is directly linked to taking bigger risks.\n\nAt 00:52 am on 16 Jun "
        "2010, jdd535 wrote:\nHe should get his facts right first.",
        "At 18:40 23rd Mar 2010, jenny wrote: If you could go anywhere, where would it be?",
        # A signature under each comment, as newspaper blogs print them.
        "Posted by: daddio | May 28, 2009 7:15 PM | Report abuse\nYes, let's all forget the "
        "past eight years.\nPosted by: Lee | May 28, 2009 8:01 PM | Report abuse",
        # A blog's comment: the name over the date and time.
        "Jane Smith says:\nJune 3, 2010 at 10:15 am\nThis is the worst spill in history.\n\nReply",
    ],
)
def test_readers_comments_are_cut_from_the_first_one_to_the_end(comments: str) -> None:
    raw = f"{ARTICLE}\n\n{comments}"
    cleaned = clean_text(raw)
    assert cleaned.text == ARTICLE
    cut = [span for span in cleaned.removed if span.reason == "reader comments"]
    assert cut and raw[cut[0].start :].startswith(comments[:10])
    assert raw[cut[-1].start : cut[-1].end] in comments


def test_a_comment_header_within_a_line_keeps_what_comes_before_it() -> None:
    """Text joined without its line breaks (Timeline17's pages): the article's last sentence
    and the first comment's header on one line."""
    raw = f"{ARTICLE} Posted by: daddio | May 28 , 2009 7:15 PM | Report abuse Yes, Ezra."
    assert clean_text(raw).text == ARTICLE


@pytest.mark.parametrize(
    "line",
    [
        # A letter quoted by the article, with its date: no comment header's time and name.
        'In a letter dated June 3, 2010, the chairman wrote: "We will not rest until the '
        'well is capped."',
        # A post's own byline.
        "Posted by Fareed Zakaria on October 12, 2008 7:51 PM",
        "The minister says: the plan stands, and June 3, 2010 at 10:15 am is the deadline.",
    ],
)
def test_what_only_looks_like_a_comment_stays(line: str) -> None:
    after = "The company also said it would set up a claims office."
    cleaned = clean_text(f"{ARTICLE}\n\n{line}\n\n{after}")
    assert cleaned.text.endswith(after)  # (a byline may go as a date line; nothing after it)
    assert not [span for span in cleaned.removed if span.reason == "reader comments"]


def test_comments_above_the_article_are_not_taken_for_its_own() -> None:
    """A box of other pages' comments at the top of a page: cutting there would lose the
    article, so the cut waits for a comment below some of the article."""
    widget = "At 09:10 am on 15 Jun 2010, reader1 wrote: Great coverage as always."
    raw = f"{widget}\n\n{ARTICLE}"
    assert ARTICLE in clean_text(raw).text


@pytest.mark.parametrize(
    "raw",
    [
        f"[an error occurred while processing this directive]\n\n{ARTICLE}",
        f"{ARTICLE}\n\n[an error occurred while processing this directive]",
        # Within a line (Timeline17's BBC pages, their stamp and caption run together).
        f"(an error occurred while processing this directive) {ARTICLE}",
    ],
)
def test_a_servers_error_message_is_cut_wherever_it_stands(raw: str) -> None:
    """Regression: Timeline17's BBC pages told "... 09:03 UK (an error occurred while processing
    this directive) Katherine Jackson has announced ..." in a timeline."""
    cleaned = clean_text(raw)
    assert cleaned.text == ARTICLE
    (span,) = [span for span in cleaned.removed if span.reason == "server error message"]
    assert raw[span.start : span.end].lower().strip("[]()") == (
        "an error occurred while processing this directive"
    )
    assert clean_text(cleaned.text).text == cleaned.text


def test_regression_every_comment_header_counted_the_words_before_it() -> None:
    # Reading every comment header of a page (to date it) counted the words before each one
    # from the page's start: 10 s for a page of 2,000 comments. Once one header comes after
    # the article, every later one does.
    page = "word " * 2000 + "".join(
        f"Posted by: reader{i} | January {1 + i % 28}, 2009 8:56 PM | Report abuse\nA comment.\n"
        for i in range(2000)
    )
    started = time.perf_counter()
    assert len(comment_headers(page)) == 2000
    assert time.perf_counter() - started < 1.0
