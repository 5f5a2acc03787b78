"""The tagger's general rules of news language, one behaviour per test: words that settle a
time's direction, counts with halves, datelines, ... (the TBAQ floor is in test_eval_timex)."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.analyse.sentences import split_sentences
from storyline.analyse.tense import clause_tense
from storyline.analyse.timex import find_time_expressions

from .test_eval_timex import tag, value_of

SATURDAY = dt.date(1998, 8, 8)
WEDNESDAY = dt.date(1998, 9, 30)
NOVEMBER_1 = dt.date(1989, 11, 1)


# -- direction ---------------------------------------------------------------------------


def test_next_to_is_a_place_not_the_future() -> None:
    found = tag("Dozens were killed in the blasts next to the embassy on Friday.", SATURDAY)
    assert value_of(found, "Friday") == "1998-08-07"


@pytest.mark.parametrize(
    "text",
    [
        "The team planned to leave Nairobi on Thursday.",
        "Talks set to resume Thursday in Belfast drew protests.",
        "The group might arrive as soon as Thursday, according to reports.",
        "Protesters were planning to drive around the airport on Thursday.",
    ],
)
def test_plans_and_schedules_point_ahead(text: str) -> None:
    assert value_of(tag(text, WEDNESDAY), "Thursday") == "1998-10-01"


def test_a_time_clause_in_the_present_is_to_come() -> None:
    text = "The US seeks a declaration when Latin American leaders meet in Los Angeles in June."
    assert _clause_tense_of(text, "June") == "future"
    met = "The US sought a declaration when Latin American leaders met in Los Angeles in June."
    assert _clause_tense_of(met, "June") == "past"


def test_a_spanish_reporting_tail_does_not_decide_the_tense() -> None:
    """ "..., que se celebrará ... del 6 al 10 de junio, afirmó este miércoles X" was read as
    past: "afirmó", the saying, stood nearer the dates than "se celebrará"."""
    text = (
        "EE.UU. busca un acuerdo en la Cumbre, que se celebrará en Los Ángeles del 6 al 10 de"
        " junio, afirmó este miércoles el secretario de Estado."
    )
    at = text.index("del 6")
    assert clause_tense(text, at, text.index(", afirmó")) == "future"


def test_regression_a_modal_perfect_and_sank_are_past() -> None:
    """Regression: "could have begun when the rig sank on Thursday" was read as to come
    ("sank" was no past cue, and a time clause with none is read as the future)."""
    text = "The leak could have begun when the rig sank on Thursday, two days after the blast."
    assert value_of(tag(text, WEDNESDAY), "Thursday") == "1998-09-24"


def test_irregular_past_verbs_are_past() -> None:
    found = tag("In January, the company brought in a new chief executive.", dt.date(1989, 10, 27))
    assert value_of(found, "January") == "1989-01"
    assert clause_tense("Sales rose in March.", 15, 20) == "past"


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Revenue was $76 million for the year ended March 31.", "March 31", "1989-03-31"),
        ("The ship has been on patrol since March and is due back soon.", "March", "1989-03"),
        ("Nobody has seen him since Dec. 3.", "Dec. 3", "1988-12-03"),
    ],
)
def test_since_and_ended_settle_the_past_however_far(text: str, surface: str, value: str) -> None:
    assert value_of(tag(text, NOVEMBER_1), surface) == value


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Llegaron hace dos semanas a la frontera.", "hace dos semanas", "1989-W42"),
        ("Hubo elecciones hace 3 años en el país.", "hace 3 años", "1986"),
        ("La próxima semana habrá elecciones.", "La próxima semana", "1989-W45"),
        ("El pasado año fue difícil para todos.", "El pasado año", "1988"),
    ],
)
def test_spanish_ago_and_the_word_before_the_unit(text: str, surface: str, value: str) -> None:
    """Spanish "hace dos semanas" (two weeks ago), "la próxima semana" (next week): unread."""
    assert value_of(tag(text, NOVEMBER_1, "es"), surface) == value


def test_spanish_desde_is_past() -> None:
    found = tag("No ha llovido desde marzo.", NOVEMBER_1, "es")
    assert value_of(found, "marzo") == "1989-03"


# -- counts and extents ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("She spent about 5 1/2 hours in Nairobi.", "5 1/2 hours", "PT5H30M"),
        ("They lived in camps for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("But a minute and a half later, a pilot called.", "a minute and a half", "PT1M30S"),
        ("The meeting lasted an hour and a half.", "an hour and a half", "PT1H30M"),
        ("Over the next couple of years sales will grow.", "the next couple of years", "P2Y"),
    ],
)
def test_halves_and_couples_are_counted(text: str, surface: str, value: str) -> None:
    assert value_of(tag(text, NOVEMBER_1), surface) == value


def test_a_colon_after_a_date_ends_a_dateline() -> None:
    found = tag("The Times said in an editorial on Monday, Oct. 26: The murder is", NOVEMBER_1)
    assert value_of(found, "Monday, Oct. 26") == "1989-10-26"
    # a clock after a month stays no date
    assert not [m for m in tag("Doors open May 5:30 p.m.", NOVEMBER_1) if m.text == "May 5"]


# -- holidays, weeks, clock times, names ----------------------------------------------------

JANUARY_7 = dt.date(2000, 1, 7)


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("He was found Thanksgiving Day clinging to a tube.", "Thanksgiving Day", "1999-11-25"),
        ("He arrived last Thanksgiving after a wreck.", "last Thanksgiving", "1999-11-25"),
        ("The campaign runs from now to Election Day.", "Election Day", "1999-11-02"),
        ("Markets were closed on Good Friday 1998.", "Good Friday 1998", "1998-04-10"),
        ("The family will gather at Christmas.", "Christmas", "2000-12-25"),
        ("They bought gifts before Christmas Eve.", "Christmas Eve", "1999-12-24"),
    ],
)
def test_holidays_are_dated(text: str, surface: str, value: str) -> None:
    assert value_of(tag(text, JANUARY_7), surface) == value


def test_spanish_holidays_are_dated() -> None:
    assert value_of(tag("Lo vimos en Navidad.", JANUARY_7, "es"), "Navidad") == "1999-12-25"


def test_lower_case_holiday_words_are_not_times() -> None:
    assert not tag("They sold easter eggs and christmas trees.", JANUARY_7)


def test_easter_follows_the_computus() -> None:
    from storyline.analyse.timex_holidays import easter

    assert [easter(y).isoformat() for y in (2000, 2024, 2025)] == [
        "2000-04-23",
        "2024-03-31",
        "2025-04-20",
    ]


def test_the_week_of_a_date_is_its_iso_week() -> None:
    found = tag("The case may be heard the week of March 6, a lawyer said.", dt.date(2000, 2, 24))
    assert value_of(found, "the week of March 6") == "2000-W10"


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("He will leave at 4 in the morning.", "4 in the morning", "2000-01-07T04:00"),
        ("They met at 10 o'clock at night.", "10 o'clock at night", "2000-01-07T22:00"),
        ("It ended at 3 in the afternoon.", "3 in the afternoon", "2000-01-07T15:00"),
    ],
)
def test_a_part_of_day_sets_am_or_pm(text: str, surface: str, value: str) -> None:
    assert value_of(tag(text, JANUARY_7), surface) == value


def test_a_month_abbreviation_before_a_name_is_a_first_name() -> None:
    assert not tag("Geremek of Poland and Jan Kavan of the Czech Republic signed.", JANUARY_7)
    assert value_of(tag("In June Smith left.", JANUARY_7), "June") == "1999-06"


def test_spelled_thousands_before_a_unit_are_a_count() -> None:
    found = tag("Families kept the secret for more than two thousand years.", JANUARY_7)
    assert [(m.text, m.value) for m in found] == [("more than two thousand years", "P2000Y")]


# -- earnings reports: the reported period stays the reference -------------------------------

OCTOBER_30 = dt.date(1989, 10, 30)


def test_comparison_periods_do_not_move_the_reference() -> None:
    text = (
        "Unisys lost $648 million in the third quarter, against a profit in the 1988 quarter. "
        "It paid $78.8 million in taxes during the quarter. The year-ago results were restated."
    )
    found = tag(text, OCTOBER_30)
    assert value_of(found, "the 1988 quarter") == "1988-Q3"
    assert value_of(found, "the quarter") == "1989-Q3"  # the reported one, not 1988's
    assert value_of(found, "year-ago") == "1988-Q3"  # counted from 1989, not from 1988 again


def test_the_current_quarter_is_the_one_under_way() -> None:
    found = tag("Profit fell in the third quarter; the current quarter began well.", OCTOBER_30)
    assert value_of(found, "the third quarter") == "1989-Q3"
    assert value_of(found, "the current quarter") == "1989-Q4"


def test_the_day_a_period_ended_is_not_the_reference() -> None:
    text = "Sales rose in the quarter ended Sept. 30 to $7 million from $6 million a year earlier."
    assert value_of(tag(text, OCTOBER_30), "a year earlier") == "1988-Q3"


# -- plans that passed, limits ahead ----------------------------------------------------------


def test_a_plan_in_the_past_perfect_has_passed() -> None:
    found = tag("The offer had been scheduled to expire at midnight Friday.", OCTOBER_30)
    assert value_of(found, "midnight Friday") == "1989-10-27T24:00"
    found = tag("The offer is scheduled to expire at midnight Friday.", OCTOBER_30)
    assert value_of(found, "midnight Friday") == "1989-11-03T24:00"


def test_a_rally_planned_for_a_weekday_lies_ahead() -> None:
    found = tag("Protesters planned a large demonstration on Saturday.", JANUARY_7)
    assert value_of(found, "Saturday") == "2000-01-08"


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("The sale is part of a program to pay down the loan by February.", "February", "1990-02"),
        ("They postponed until Tuesday morning any action.", "Tuesday morning", "1989-10-31TMO"),
        ("It gave Merieux until mid-November to submit information.", "mid-November", "1989-11"),
        # looking back from the limit in the past perfect: the limit has passed
        ("Thirty members had filed reports by Wednesday.", "Wednesday", "1989-10-25"),
    ],
)
def test_a_limit_lies_ahead(text: str, surface: str, value: str) -> None:
    assert value_of(tag(text, OCTOBER_30), surface) == value


# -- decisions, reference granularity, frequencies, parts of days ----------------------------


def test_a_decision_about_a_time_points_ahead() -> None:
    text = "NATO has decided to admit Poland in early March, an official said."
    assert value_of(tag(text, dt.date(1999, 2, 10)), "early March") == "1999-03"


def test_that_year_is_the_year_of_a_finer_reference() -> None:
    text = "He fled to Florida in June 1998 and returned to Cuba later that year."
    assert value_of(tag(text, dt.date(2000, 1, 28)), "later that year") == "1998"


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("The government has held such rallies almost daily.", "daily", "P1D"),
        ("Clinton said in his weekly radio address.", "weekly", "P1W"),
        ("Commemorations are held here annually for Marti.", "annually", "P1Y"),
    ],
)
def test_frequency_adverbs_are_sets(text: str, surface: str, value: str) -> None:
    found = [m for m in tag(text, JANUARY_7) if m.text == surface]
    assert [(m.type, m.value) for m in found] == [("SET", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Sales should rise 8.5% annually through 1992.",
        "The plant would produce about 10,000 units annually.",
        "That is 5% of the average daily volume.",
        "The conglomerate has been doubling its profits annually.",
        "The Communist Party daily Granma compared him with a hero.",
    ],
)
def test_rates_and_newspapers_are_not_sets(text: str) -> None:
    assert not [m for m in tag(text, JANUARY_7) if m.type == "SET"]


def test_recent_units_are_an_unstated_duration() -> None:
    found = tag("Kidnappings have spread in recent years; he left recently.", JANUARY_7)
    assert [(m.text, m.type, m.value) for m in found] == [
        ("recent years", "DURATION", "PXY"),
        ("recently", "DATE", "PAST_REF"),
    ]


def test_a_part_of_day_before_its_day() -> None:
    found = tag("In London at mid-afternoon yesterday, shares rose.", dt.date(1989, 11, 2))
    assert value_of(found, "mid-afternoon yesterday") == "1989-11-01TAF"


@pytest.mark.parametrize(
    "text",
    [
        "But on Monday, Blas Nuñez-Neto, the top Homeland Security official overseeing border"
        " policy, said the U.S. was close to finalizing the talks.",
        "On Monday, the president said he would veto the bill.",
        "Earlier on Monday, Blinken told reporters the talks had ended.",
    ],
)
def test_a_time_before_a_sayings_subject_is_when_it_was_said(text: str) -> None:
    """Regression: "But on Monday, X, the top official, said ..." was read as present (the
    saying after the subject was dropped as a reporting tail, and nothing else was left), so
    a seed article's Monday was told as ongoing and resolved as the Monday to come."""
    assert _clause_tense_of(text, "Monday") == "past"
    assert value_of(tag(text, WEDNESDAY), "Monday") == "1998-09-28"


@pytest.mark.parametrize(
    ("text", "tense"),
    [
        ("On Friday the leaders will meet, officials said.", "future"),
        ("On Friday, the leaders meet in Ottawa, a spokesman said.", "present"),
        ("On Friday, Biden hosts the summit, the White House said.", "present"),
    ],
)
def test_a_saying_after_another_verb_does_not_date_the_time(text: str, tense: str) -> None:
    assert _clause_tense_of(text, "Friday") == tense


@pytest.mark.parametrize(
    ("text", "word", "tense"),
    [
        ("But as I mentioned, it's not one of the focuses of tomorrow.", "tomorrow", "future"),
        ("The talks that were planned will start tomorrow.", "tomorrow", "future"),
        ("He will say more about what happened yesterday.", "yesterday", "past"),
        ("Como dijo, la cumbre empieza mañana.", "mañana", "future"),
    ],
)
def test_tomorrow_is_ahead_and_yesterday_behind_whatever_the_clause(
    text: str, word: str, tense: str
) -> None:
    """Regression: "it's not one of the focuses of tomorrow", read as past by its clause's
    "mentioned", made the seed story's Thursday talks a thing that had happened."""
    assert _tagged_tense(text, word) == tense


def _tagged_tense(text: str, word: str) -> str | None:
    """The tense the tagger gives the one time expression ``word`` (any case) of ``text``."""
    (found,) = [m for m in tag(text, WEDNESDAY) if m.text.lower() == word.lower()]
    return found.tense


def _clause_tense_of(sentence: str, time: str) -> str:
    """:func:`clause_tense` of the first ``time`` in ``sentence``."""
    start = sentence.index(time)
    return clause_tense(sentence, start, start + len(time))


@pytest.mark.parametrize(
    ("text", "word", "tense"),
    [
        ("Trudeau, who took office in 2015, will host the summit.", "2015", "past"),
        ("The bank, which collapsed in September 2008, will be sold.", "September 2008", "past"),
        ("Leaders, who met in Ottawa on Monday, will meet again in June.", "Monday", "past"),
        ("Leaders, who met in Ottawa on Monday, will meet again in June.", "June", "future"),
        ("The summit, which will be held in June, was announced by Biden.", "June", "future"),
        ("He thanked Ortega, who battled the contras through the 1980s.", "the 1980s", "past"),
        ("The law, passed in 1991, will expire next year.", "1991", "past"),
        ("Merkel, elected in 2005, will step down.", "2005", "past"),
        # A plan's participle is not a past one.
        ("The talks, scheduled for Friday, will go ahead.", "Friday", "future"),
        # Not an aside: the comma closes a time that opens the clause.
        ("In June, leaders will meet in Ottawa.", "June", "future"),
    ],
)
def test_a_relative_clause_between_commas_has_its_own_tense(
    text: str, word: str, tense: str
) -> None:
    """Regression: in "Ortega, who battled the U.S.-sponsored contra insurgency through the
    1980s, will be there" (a Timeline17 page) the nearest cue to the time was the main
    clause's "will", so the 1980s were told as to come and bounded the article's date to
    1989; "Leaders, who met on Monday, will meet again" made that Monday the next one."""
    assert _clause_tense_of(text, word) == tense
    assert _tagged_tense(text, word) == tense


@pytest.mark.parametrize(
    "text",
    [
        "Jon Sopel will have the latest in a special programme on BBC World News from 1830 GMT.",
        "He will use the prime-time speech, at 2000 (0000 GMT), to outline the next steps.",
        "Listen to File on 4, BBC Radio 4 2000 BST, repeated on Sunday.",
    ],
)
def test_regression_a_24_hour_clock_was_read_as_a_year(text: str) -> None:
    """ "from 1830 GMT" in a 2010 page was read as the year 1830, still to come: the page was
    bounded to before 1831. A four-digit number with a time zone after it is a clock."""
    found = tag(text, dt.date(2010, 7, 27))
    assert not [m for m in found if m.value[:2] in ("18", "20") and len(m.value) == 4], found
    # A year before a zone-less word is still a year.
    still = tag("The spill of 1969 led to a moratorium.", dt.date(2010, 7, 27))
    assert value_of(still, "1969") == "1969"


@pytest.mark.parametrize(
    ("text", "surface", "tense"),
    [
        ("Dr Murray denies the manslaughter of Jackson, who died last June.", "last June", "past"),
        ("The singer died in June 2009 at his home in Los Angeles.", "June 2009", "past"),
        ("Officials hope the deal is done by next spring.", "next spring", "future"),
        ("The company says talks with the union begin next June.", "next June", "future"),
    ],
)
def test_regression_last_june_was_read_as_the_nearest_june(
    text: str, surface: str, tense: str
) -> None:
    """A BBC page of June 2010 said Jackson "died last June": with no tense cue ("died" is
    too short for the "-ed" rule) the month was read as the nearest June, either side of an
    undated page, and dated it within half a year of June 2009. A time's own "last" or
    "next" says its side, and "died" is past."""
    (found,) = [m for m in tag(text, dt.date(2010, 6, 14)) if m.text == surface]
    assert found.tense == tense
    undated = find_time_expressions("t", text, split_sentences("t", text), None, "en")
    assert [m.tense for m in undated if m.text == surface] == [tense]


@pytest.mark.parametrize(
    ("sentence", "time", "tense"),
    [
        (
            "Dervis said that there will be a deep recession in 2009 and that every"
            " industrialized nation will see its output shrink.",
            "2009",
            "future",
        ),
        (
            "The sale is expected to be completed in early 2011 - and the company remained the"
            " largest producer in the region.",
            "early 2011",
            "future",
        ),
        ("In 2009, the company lost $1bn.", "2009", "past"),
        ("Sales in 2009 were flat.", "2009", "past"),
    ],
)
def test_regression_a_cue_after_the_time_outweighed_the_clauses_own(
    sentence: str, time: str, tense: str
) -> None:
    """ "there will be a deep recession in 2009 and that every industrialized nation ..." told
    2009 as past: "industrialized", after the time, stood nearer than "will" before it. A
    time at a clause's end belongs to the verb before it: a cue after the time counts as
    twice as far; a time that opens its clause still takes the verb after it."""
    assert _clause_tense_of(sentence, time) == tense


@pytest.mark.parametrize(
    ("sentence", "time", "tense"),
    [
        ("He predicted the global auto market might not rebound until 2010.", "2010", "future"),
        ("The bank may raise rates again in March, economists say.", "March", "future"),
        ("Prices may have peaked in March.", "March", "past"),
        (
            "President Bush on Tuesday said the United States may extend its quarantine.",
            "Tuesday",
            "past",
        ),
        ("In May the company made a loss.", "May", "past"),
    ],
)
def test_regression_what_might_happen_was_told_as_past(
    sentence: str, time: str, tense: str
) -> None:
    """ "He predicted the global auto market might not rebound until 2010" told 2010 as past
    (the only cue was "predicted"), so a 2008 page was put after 2010. "may" and "might"
    (lower case: "May" is a month; not "might have") point ahead; and a time right before a
    saying in the past is the saying's ("Bush on Tuesday said ... may extend")."""
    assert _clause_tense_of(sentence, time) == tense


def test_a_possessive_time_takes_the_verb_after_it() -> None:
    """ "told reporters this year's meetings will ..." : the possessive opens the clause after
    it, so a cue after it is not weighed down (``tense.AFTER_WEIGHT``)."""
    for sentence, time in (
        (
            "Officials told reporters this year's meetings will concentrate on trade.",
            "this year",
        ),
        ("An official reiterated that Thursday's talks will focus on root causes.", "Thursday"),
    ):
        assert _clause_tense_of(sentence, time) == "future"


@pytest.mark.parametrize(
    ("caption", "day"),
    [
        (
            "A bird flies off of a post near a barge carrying oil booms to be deployed to assist"
            " in the containment of oil in Venice, La., Thursday, April 29, 2010.",
            "Thursday, April 29, 2010",
        ),
        (
            "A man celebrates after finishing the application process to be a firefighter in"
            " Miami, Florida February 2, 2009.",
            "February 2, 2009",
        ),
        (
            "President Barack Obama departs the White House in Washington, Wednesday, June 2,"
            " 2010, for a short helicopter flight to Pittsburgh where he will speak.",
            "Wednesday, June 2, 2010",
        ),
    ],
)
def test_regression_a_photo_captions_day_was_read_as_a_plan(caption: str, day: str) -> None:
    """A Fox News page of 8 June 2010 was bounded "not after 2010-04-29" by its photo's
    caption ("A bird flies off ... to assist in the containment ..., La., Thursday, April 29,
    2010."): the caption's infinitive made its day a plan. A full date set off by a comma after
    a place, at the caption's end, is the photo's day: past, whatever the caption's verbs."""
    assert _clause_tense_of(caption, day) == "past"


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("The vote is set for Thursday, June 3, 2010.", "Thursday, June 3, 2010"),
        ("The talks will be held on Monday, June 7, 2010.", "Monday, June 7, 2010"),
        ("The law will take effect January 1, 2011.", "January 1, 2011"),
        ("Leaders will meet in Geneva, Switzerland, in June 2011.", "June 2011"),
    ],
)
def test_a_plans_full_date_is_no_caption(sentence: str, day: str) -> None:
    assert _clause_tense_of(sentence, day) == "future"


def test_regression_due_to_a_cause_was_read_as_a_plan() -> None:
    """ "A BP petrol station closed due to a Greenpeace protest, in Camden ..." read "due to"
    as a plan's ("talks due to resume Monday"); before what it is owed to it is a cause."""
    assert _clause_tense_of("Trading closed due to a protest, in June 2010.", "June 2010") == (
        "past"
    )
    assert _clause_tense_of("Talks are due to resume in June 2011.", "June 2011") == "future"
    assert _clause_tense_of("The talks, due to resume in June 2011.", "June 2011") == "future"


def test_regression_this_past_march_was_not_found() -> None:
    """ "this past March" was no time expression at all (the month's lead words lacked it)."""
    found = {m.text: (m.value, m.tense) for m in tag("Sales fell this past March.", WEDNESDAY)}
    assert found == {"this past March": ("1998-03", "past")}
    coming = {m.text: m.value for m in tag("Sales will recover this coming November.", WEDNESDAY)}
    assert coming == {"this coming November": "1998-11"}


def test_regression_a_commitment_to_a_date_was_read_as_past() -> None:
    """ "the president has committed to July of 2011 as a date of our transition" (a Fox News
    page of July 2010) bounded the page to after July 2011: "has" made it past. A commitment
    to a time is a plan, as a promise or a pledge to one is."""
    sentence = "Obviously, the president has committed to July of 2011 as a date of transition."
    assert _clause_tense_of(sentence, "July of 2011") == "future"
