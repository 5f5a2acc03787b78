"""A timeline tells what happened, not where the wire filed it: datelines, page stamps and
photo credits are cut from told sentences, and the cited span moves with the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.models import Report
from storyline.tell.told_text import in_own_voice, points_back, without_dateline


def _report(text: str, sentence: int = 0, start: int = 100) -> Report:
    return Report("a1", sentence, start, start + len(text), text)


@pytest.mark.parametrize(
    ("text", "told"),
    [
        (
            "HOUSTON | Thu Jun 10, 2010 7:51 pm EDT HOUSTON (Reuters) - U.S. government "
            "scientists on Thursday doubled their estimate of the flow.",
            "U.S. government scientists on Thursday doubled their estimate of the flow.",
        ),
        (
            "WASHINGTON -- WASHINGTON (AP) -- Early finger-pointing erupted Monday among the "
            "companies.",
            "Early finger-pointing erupted Monday among the companies.",
        ),
        (
            "VENICE, Louisiana -- BP's chairman defended his company's safety record on Sunday.",
            "BP's chairman defended his company's safety record on Sunday.",
        ),
        (
            "Thursday, June 3, 2010; 3:26 PM BATON ROUGE -- For some people, a giant leak is "
            "not solely an environmental disaster.",
            "For some people, a giant leak is not solely an environmental disaster.",
        ),
        (
            "MEXICO CITY (AP) — Mexico closed its schools on Friday to slow the outbreak.",
            "Mexico closed its schools on Friday to slow the outbreak.",
        ),
        (
            "WHO says virus has 'pandemic potential' Sunday 26 April 2009 10.40 BST The World "
            "Health Organisation said the outbreak was serious.",
            "The World Health Organisation said the outbreak was serious.",
        ),
        (
            "Photograph: Toby Melville/PA A young soldier has been awarded the Victoria Cross.",
            "A young soldier has been awarded the Victoria Cross.",
        ),
        # Regression: a page's or a wire's stamp after a headline or a byline (the BBC's
        # "Last updated at", a wire's header line, a blog byline's time).
        (
            "3 May 2010 Last updated at 09:12 GMT Help Fishermen in Louisiana have been told to"
            " stay in port.",
            "Fishermen in Louisiana have been told to stay in port.",
        ),
        (
            "Court clears plan HOUSTON | Mon May 3, 2010 4:05 pm EDT HOUSTON (Reuters) - A"
            " federal judge cleared the plan on Monday.",
            "A federal judge cleared the plan on Monday.",
        ),
        (
            "By Jane Roe | May 3, 2010; 9:30 AM ET The committee will vote on the bill today.",
            "The committee will vote on the bill today.",
        ),
        (
            "Jane Roe | 09:43 UK time, Monday, 3 May 2010 The inquiry will report next month.",
            "The inquiry will report next month.",
        ),
        # Regression: an agency named in full, a photographer's initial with its full stop
        # (Timeline17's told sentences opened with them).
        (
            "Photograph: Associated Press The Gulf oil spill has surpassed the Exxon Valdez.",
            "The Gulf oil spill has surpassed the Exxon Valdez.",
        ),
        (
            "Photograph: Erik S. Lesser/EPA BP says it has reinstalled an oil-siphoning cap.",
            "BP says it has reinstalled an oil-siphoning cap.",
        ),
        (
            "(AP Photo/Evan Vucci) President Bush speaks to reporters in the Rose Garden.",
            "President Bush speaks to reporters in the Rose Garden.",
        ),
        # Regression: a byline before a dateline, a dateline with its day, a caption's two
        # credits (Timeline17's told sentences opened with them).
        (
            "By Michael D. Shear and Robert Barnes NEW YORK -- The financial crisis overwhelmed"
            " the presidential race today.",
            "The financial crisis overwhelmed the presidential race today.",
        ),
        (
            "By Shailagh Murray, Paul Kane and Dan Balz TOLEDO, Ohio -- Sen. Barack Obama added"
            " $60 billion in new tax breaks to his plan.",
            "Sen. Barack Obama added $60 billion in new tax breaks to his plan.",
        ),
        (
            "(AP Photo/Katsumi Kasahara) (Katsumi Kasahara - AP) TOKYO, Oct. 17 -- Fear of a deep"
            " recession washed over Asian markets Thursday.",
            "Fear of a deep recession washed over Asian markets Thursday.",
        ),
        (
            "AP June 23, 2010: This image from video provided by BP shows oil gushing from the"
            " broken wellhead.",
            "June 23, 2010: This image from video provided by BP shows oil gushing from the"
            " broken wellhead.",
        ),
        (
            "AP Anadarko Petroleum Corp., which owns a quarter of the well, blasted BP on Friday.",
            "Anadarko Petroleum Corp., which owns a quarter of the well, blasted BP on Friday.",
        ),
        # Regression: the seed story told these with their datelines (Reuters, ABC News).
        (
            "(Reuters) -U.S. President Joe Biden will host leaders from South American nations"
            " at the White House for a summit on Nov. 3.",
            "U.S. President Joe Biden will host leaders from South American nations at the White"
            " House for a summit on Nov. 3.",
        ),
        (
            "(WASHINGTON) — A meeting between top representatives from the United States, Mexico"
            " and Guatemala on Wednesday will result in several announcements.",
            "A meeting between top representatives from the United States, Mexico and Guatemala"
            " on Wednesday will result in several announcements.",
        ),
    ],
)
def test_a_dateline_is_cut_and_the_span_follows(text: str, told: str) -> None:
    report = without_dateline(_report(text))
    assert report.text == told
    assert text[report.start - 100 :] == told
    assert report.end == 100 + len(text)


@pytest.mark.parametrize(
    "text",
    [
        "London-based BP Plc said its latest fix -- a siphon tube -- was capturing oil.",
        "NATO -- the alliance -- said on Monday that it will send more troops.",
        "US President Barack Obama has strongly criticised BP's chief executive.",
        "LONDON -- BP Plc (BP.",  # too little would be left
        "He said (in a statement) that the plan would go ahead next week after the vote.",
        "(WHO)-backed trials -- the largest yet -- began in Geneva on Monday with 400 patients.",
        # A sentence's end is no photographer's initial: nothing is cut across it.
        "Photograph: the rig burns. Officials said BP/EPA crews would work through the night.",
        # "By" that opens a sentence is no byline unless a dateline follows the names.
        "By the time Bremer left the post eight months later, $8.8bn had disappeared.",
        "By Friday Mexico City had closed its schools -- all of them -- and its museums.",
        "By Monday Senate Democrats had the votes, WASHINGTON officials said on Tuesday.",
        # An agency that opens a statement is its subject, not a credit.
        "Reuters June 3 poll: most voters back the plan, the agency said on Thursday.",
        "AP reported on June 3: the well was capped after months of failed attempts.",
        "AP Moller-Maersk said on Tuesday that its ships would avoid the Red Sea.",
    ],
)
def test_other_openings_are_kept(text: str) -> None:
    assert without_dateline(_report(text)) == _report(text)


def test_only_an_articles_opening_sentences_have_datelines() -> None:
    text = "WASHINGTON -- The Senate passed the bill on Tuesday after a long debate."
    assert without_dateline(_report(text, sentence=5)).text == text


def test_page_stamp_bbc_page_last_updated_is_cut() -> None:
    """Regression: Timeline17's BBC pages were told with their stamp, "Page last updated at
    08:03 GMT, Tuesday, 26 July 2011 09:03 UK Katherine Jackson has announced ..."."""
    for stamp in (
        "Page last updated at 08:03 GMT, Tuesday, 26 July 2011 09:03 UK ",
        "Page last updated at 08:14 GMT, Tuesday, 8 November 2011 ",
    ):
        text = stamp + "A jury in Los Angeles has found the doctor guilty of manslaughter."
        report = without_dateline(_report(text))
        assert report.text == "A jury in Los Angeles has found the doctor guilty of manslaughter."
        assert text[report.start - 100 :] == report.text


def test_page_stamp_deep_in_a_page_is_cut() -> None:
    """Regression: a blog's byline stamp after a page's newsletter plugs (its sixth sentence)
    was told: "By Chris Cillizza | September 16, 2008; 6:32 AM ET If Wall Street ..."."""
    text = (
        "By Jane Roe | September 16, 2008; 6:32 AM ET If lenders saw poor credit they would"
        " ask more."
    )
    report = without_dateline(_report(text, sentence=6))
    assert report.text == "If lenders saw poor credit they would ask more."


def test_a_caption_deep_in_a_page_loses_its_credits_too() -> None:
    """Regression: a gallery's captions stand anywhere in a page; a told caption opened with
    "(AP Photo/Evan Vucci) (Evan Vucci - AP)" because only the first sentences were cut."""
    text = (
        "(AP Photo/Evan Vucci) (Evan Vucci - AP) WASHINGTON -- President Bush pauses during a"
        " statement in the Rose Garden."
    )
    report = without_dateline(_report(text, sentence=12))
    # The credits go; a dateline this deep is left (it is no dateline there).
    told = "WASHINGTON -- President Bush pauses during a statement in the Rose Garden."
    assert report.text == told
    assert text[report.start - 100 :] == report.text


_PIECES = [
    *("By", "Jane", "Roe", "and", "A.", "NEW", "YORK", "TOKYO", ",", "Oct.", "17", "--", "—"),
    *("(AP)", "(Reuters)", "AP", "AFP", "Photo", "Photograph:", "(AP Photo/Evan Vucci)", "|"),
    *("Sunday", "26", "April", "2009", "10.40", "BST", "June", "23,", "2010:", "The", "well"),
    *("leaked", "oil", "on", "Monday.", "x", " ", "  ", "\n"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.integers(0, 5))
def test_a_cut_is_a_tail_of_the_sentence_at_its_own_span(pieces: list[str], sentence: int) -> None:
    """Whatever the sentence, what is told is its tail, cited at the tail's own span, with
    enough words left to be a statement (or the sentence unchanged)."""
    text = " ".join(pieces)
    report = without_dateline(_report(text, sentence=sentence))
    assert text.endswith(report.text)
    assert report.start == 100 + len(text) - len(report.text)
    assert report.end == 100 + len(text)
    assert report.text == text or len(report.text.split()) >= 6


@pytest.mark.parametrize(
    ("text", "leaning", "own_voice"),
    [
        ("It is the first death from the flu reported outside Mexico.", True, False),
        ("“It is over,” the minister said on Monday.", True, False),
        ("However, the company said the well was sealed.", True, False),
        ("Italy confirmed its first case on Monday.", False, False),
        ("This week the company said the well was sealed.", False, False),
        ("That night the rig sank.", False, False),
        ("Thereafter the company said the well was sealed.", False, False),
        ("We must hope that BP questions its dependence on oil.", False, True),
        ("The spill shows what our energy policy costs.", False, True),
        ("If you live on the coast, the advice has changed.", False, True),
        ("I have rarely seen the Commons so full.", False, True),
        # The country, a numeral, an initial, and someone else's words are no one's voice.
        ("The US said the cap would hold.", False, False),
        ("Veterans of World War I were honoured on Monday.", False, False),
        ("Mr I. Smith said the cap would hold.", False, False),
        ("“We will not rest,” the chairman said on Monday.", False, False),
    ],
)
def test_a_sentence_that_leans_on_another_or_speaks_in_its_own_voice(
    text: str, leaning: bool, own_voice: bool
) -> None:
    assert points_back(text) is leaning
    assert in_own_voice(text) is own_voice
