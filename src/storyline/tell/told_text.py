"""What a told sentence leaves out: the wire's dateline, the page's stamp and headline, a
photo's credits that its sentence opens with, and the sentences that are a page's contact lines
rather than news. A timeline tells what happened, not where the wire filed it or how the page
was laid out; the citation's span moves with the told text."""

from __future__ import annotations

import dataclasses
import re

from storyline.models import Report

#: A place in capitals as a dateline writes it: "WASHINGTON", "NEW ORLEANS", "VENICE, Louisiana",
#: "GRAND ISLE, La.", "HOUSTON/LONDON" (T17's text escapes the slash), "ON BARATARIA BAY, LA.".
_PLACE = r"[A-Z][A-Z.'\\/ -]*[A-Z.](?:,\s*[A-Z][A-Za-z.]+)?"
_AGENCY = r"\((?:Reuters|AP|AFP|UPI|Bloomberg|Xinhua)\)"
_CREDIT = (
    r"(?:AP Photo[^()]{0,40}|AP|PA|Reuters|AFP|EPA|Getty(?: Images)?|Rex(?: Features)?|Corbis|"
    r"Bloomberg(?: News)?|The Washington Post|Associated Press)"
)
#: A photographer's name before the agency: its initials may carry a full stop ("Erik S.
#: Lesser/EPA"), a sentence's end may not.
_PHOTOGRAPHER = r"(?:[^.]|(?<=\b[A-Z])\.){0,60}?"
#: A reporter's name in a byline: "Michael D. Shear", "Shailagh Murray".
_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z]\.)*(?:\s+[A-Z][\w'’-]+){1,2}"
#: A byline is cut only where a dateline follows it: "By Michael D. Shear and Robert Barnes
#: NEW YORK -- "; elsewhere "By" opens a sentence ("By the time ...").
_BYLINE = rf"(?:By\s+{_NAME}(?:(?:\s*,\s*|\s+and\s+){_NAME})*\s+)?"
#: A month as a dateline abbreviates it: "Oct. 17", "Sept. 7", "June 3".
_DATELINE_DAY = r",\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
#: A photo's credit left before the text: "Photograph: Toby Melville/PA ", "(AP Photo/Evan
#: Vucci) ", "(Daniel Acker - Bloomberg News) ". Captions stand anywhere in a page, so a
#: sentence opening with one loses it wherever it stands.
_PHOTO_CREDITS = [
    re.compile(rf"Photo(?:graph)?\s*:\s*(?:{_PHOTOGRAPHER}[\\/]\s*)?{_CREDIT}\s+(?=[A-Z“\"‘'])"),
    # (a caption may carry two: "(AP Photo/Evan Vucci) (Evan Vucci - AP) ")
    re.compile(rf"\((?:[^()]{{0,60}}?\b)?{_CREDIT}\b[^()]{{0,40}}\)\s+(?=[A-Z“\"‘'(])"),
    # A gallery's credit before its caption's day: "AP June 23, 2010: This image ...".
    re.compile(rf"{_CREDIT}\s+(?=[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?\s*:\s)"),
]
_DATELINES = [
    # A page's stamp: "Thursday, June 3, 2010; 3:26 PM ".
    re.compile(
        r"[A-Z][a-z]+day,\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4};\s+\d{1,2}\s*:\s*\d{2}\s+[AP]M\s+"
    ),
    # The dateline itself: "HOUSTON (Reuters) - ", "AP NEW ORLEANS -- ", "(AP) -- ", and as
    # news sites print them, "(Reuters) -U.S. President ..." (no space after the dash: the
    # agency's brackets say what it is) and "(WASHINGTON) — "; with the byline before it
    # and the day after the place ("TOKYO, Oct. 17 -- ").
    re.compile(rf"{_BYLINE}(?:AP\s+)?(?:{_PLACE}\s*)?{_AGENCY}\s*[-—–]+\s*(?=[A-Z“\"‘'])"),
    re.compile(
        rf"{_BYLINE}(?:AP\s+)?(?:{_PLACE}(?:{_DATELINE_DAY})?|\({_PLACE}\))\s*(?:--|—|–)\s+"
        r"(?=[A-Z“\"‘'])"
    ),
    # An agency's name as a page prints it over the wire copy's lead: "AP Anadarko Petroleum
    # Corp., which owns ..." (as the subject it is followed by a verb: "AP reported").
    re.compile(r"(?:AP|AFP)\s+(?=[A-Z][a-z]+\b(?!-))"),
    *_PHOTO_CREDITS,
]
_ZONE = r"(?:BST|GMT|CET|CEST|EDT|EST|ET|UTC)"
_CLOCK = r"\d{1,2}\s*[:.]\s*\d{2}"
#: The stamp a page or a wire puts between its headline (or byline) and its text, with the
#: day and the time: everything up to it is cut.
_PAGE_STAMP = re.compile(
    "|".join(
        [
            # "Sunday 26 April 2009 10.40 BST "
            rf"\b[A-Z][a-z]+day\s+\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}}\s+{_CLOCK}\s+{_ZONE}\s+",
            # "24 June 2010 Last updated at 14:59 GMT Help " (its "Help" is a link's text)
            rf"\b\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}}\s+Last updated at\s+{_CLOCK}"
            rf"(?:\s+{_ZONE})?(?:\s+Help)?\s+",
            # "Page last updated at 08:58 GMT, Thursday, 24 June 2010 09:58 UK " (the time in
            # the UK after the time in GMT, where they differ)
            rf"\bPage last updated at\s+{_CLOCK}\s+{_ZONE},\s+[A-Z][a-z]+day,\s+\d{{1,2}}\s+"
            rf"[A-Z][a-z]+\s+\d{{4}}(?:\s+{_CLOCK}\s+UK)?\s+",
            # A wire's header line: "HOUSTON | Thu Jun 10, 2010 7:51 pm EDT "
            rf"{_PLACE}\s*\|\s*[A-Z][a-z]{{2}}\s+[A-Z][a-z]{{2}}\s+\d{{1,2}},\s*\d{{4}}\s+"
            rf"{_CLOCK}\s*[ap]m\s+[A-Z]{{2,4}}\s+",
            # A byline's stamp: "| September 16, 2008; 6:32 AM ET ", "| 09:43 UK time,
            # Thursday, 6 January 2011 "
            rf"\|\s*[A-Z][a-z]+\.?\s+\d{{1,2}},\s*\d{{4}};\s*{_CLOCK}\s*[AP]M(?:\s+{_ZONE})?\s+",
            rf"\|\s*{_CLOCK}\s+UK time,\s+[A-Z][a-z]+day,\s+\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}}\s+",
        ]
    )
    + r"(?=[A-Z“\"‘'])"
)
#: Datelines open an article: only its first sentences are looked at. (A page's stamp, with its
#: day, time and zone, is unmistakable wherever it stands: a page's lines that are no article,
#: a newsletter's plug or a link list, often come before it.)
_DATELINE_SENTENCES = 3
#: What is left after a dateline must still be a statement.
_MIN_TOLD_WORDS = 6


def without_dateline(report: Report) -> Report:
    """The report without the wire dateline, page stamp or photo credit its sentence opens
    with ("HOUSTON | Thu Jun 10, 2010 7:51 pm EDT HOUSTON (Reuters) - U.S. government
    scientists ...", "Headline Standfirst Sunday 26 April 2009 10.40 BST The text ..."): a
    timeline tells what happened, not where the wire filed it or how the page was laid out.
    The span moves with the text."""
    text = report.text
    opening = report.sentence < _DATELINE_SENTENCES
    stamp = _PAGE_STAMP.search(text, 0, 400)
    skip = stamp.end() if stamp else 0
    for _ in range(3):
        before = skip
        for pattern in _DATELINES if opening else _PHOTO_CREDITS:
            match = pattern.match(text, skip)
            if match:
                skip = match.end()
        if skip == before:
            break
    if not skip or len(text[skip:].split()) < _MIN_TOLD_WORDS:
        return report
    return dataclasses.replace(report, start=report.start + skip, text=text[skip:])


#: An e-mail or web address: a page's contact lines and links ("Letters for publication should
#: be sent to: letters@..."), which a page without its line breaks runs into a sentence.
_ADDRESS = re.compile(
    r"\S@\w[\w-]*\.\w|\bwww\.\w|\bhttps?://|\b[\w-]+\.(?:com|org|net|gov|co\s*\.\s*uk)/"
)


def is_news(report: Report) -> bool:
    """Whether a sentence may be told: not one holding an e-mail or web address."""
    return _ADDRESS.search(report.text) is None


#: A sentence that opens by pointing back ("It is the first death from swine flu reported
#: outside Mexico", "He is thought to have picked up swine flu in Texas", "But ...") leans on
#: the sentence before it, which a timeline entry does not show. "This week", "That night"
#: point at a time, not at a sentence. (English words: sentences of other languages are
#: neither held back nor favoured by this or by ``_OWN_VOICE``.)
_POINTS_BACK = re.compile(
    r"[“\"‘']?(?:He|She|It|They|This|These|That|Those|His|Her|Its|Their|Such|"
    r"But|However|And|Yet|Still|Also)\b"
    r"(?!\s+(?:morning|afternoon|evening|night|day|week|weekend|month|year|spring|summer|"
    r"autumn|fall|winter|time|days|weeks|months|years)\b)"
)
#: The writer's or the reader's voice ("we must hope that BP questions ...", "you can see"):
#: a comment or an address, not a report. "US" is the country; "World War I" a numeral.
_OWN_VOICE = re.compile(
    r"\b(?:[Ww]e|[Oo]ur|[Uu]s(?<!US)|[Yy]ou|[Yy]our|[Mm]y|me)\b|(?<!War )(?<!Phase )\bI\b(?!\.)"
)
#: Quoted words are someone else's voice: "“We will not rest,” the chairman said".
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def points_back(text: str) -> bool:
    """Whether a sentence opens with a pronoun or a connective that points to the one
    before it."""
    return _POINTS_BACK.match(text.lstrip()) is not None


def in_own_voice(text: str) -> bool:
    """Whether a sentence speaks as its writer or to its reader outside quotation marks."""
    return _OWN_VOICE.search(_QUOTED.sub(" ", text)) is not None
