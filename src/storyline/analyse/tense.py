"""The tense of the clause around a time expression: past, present or future.

Cheap cues, no parser: modal and auxiliary future markers ("will", "is set to", "scheduled"),
past auxiliaries and -ed forms, in the clause the expression sits in; the nearest decides, a
cue before the time counting over one as far after it. A reporting verb ("said
on Friday", "told reporters Wednesday") governs only the time right after it: in "leaders meet
in June, Blinken said on Wednesday" the saying is past but June is not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storyline.analyse.timex_patterns import MONTH_RE, WEEKDAY_RE

# Every cue starts with a word character (or the apostrophe of "'ll"): the lookahead after the
# "\b" turns away the end of each word at once, where the alternatives were tried one by one.
_FUTURE = re.compile(
    r"\b(?=[\w'])(?:will|won't|'ll|shall|going to|"
    r"(?:is|are|was|were) (?:set|scheduled|slated|expected|due|poised|sure|likely|planned|"
    r"intended|meant|aimed|designed) to|(?:is|are) to|to be held|"
    r"plans? to|prepares? to|intends? to|"
    # Reduced relatives and plans told in the past still point ahead: "talks set to resume
    # Monday", "the meeting scheduled for Friday", "they planned a rally on Saturday"
    # ("had been scheduled to expire Friday" is a plan that has passed).
    # Not a bare "due to" before what it is owed to: "closed due to a protest" is a cause
    # ("is due to the committee" is still a plan, by the auxiliary's alternative above).
    r"(?<!had been )(?:(?:set|slated|poised) (?:to|for)|due (?:for|to(?! (?:a|an|the|its|his|"
    r"her|their|our|this|that|these|those|some|lack|concerns?|fears?)\b))|scheduled|"
    r"plann(?:ed|ing))|"
    # A decision, promise or wish about a time is about what comes after it: "has decided to
    # admit them in early March", "agreed to acquire the bank in January".
    r"(?:decided|decides|agreed|agrees|promised|promises|pledged|pledges|vowed|vows|"
    r"threatened|threatens|voted|votes|hopes|hoped|wants|wanted|aims|expects|seeks|sought|"
    r"committed|commits) to|"
    # "as soon as Tuesday", "as early as next week": the earliest a thing may happen.
    r"as (?:soon|early) as|"
    r"upcoming|forthcoming|next(?! to\b)|coming(?! (?:from|back|out|in|under)\b)|would|to be|"
    # What may happen is ahead ("the market might not rebound until 2010"); lower case only:
    # "May" is a month.
    r"(?-i:may|might)(?! have\b))\b|"
    r"\b(?:se celebrará|va a|van a|próxim[oa]s?)\b|"
    # "\b" first: a left-to-right scan meets a word at its start, where "\w+" takes the most
    # a match can take, and so never matches inside one; without it the pattern reads every
    # word again from each of its letters (quadratic in the word's length).
    r"\b\w+(?:rá|rán)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?=\w)(?:was|were|had|did|has been|have been|ago|last|previous|earlier|former|"
    r"took|met|made|went|came|began|saw|held|left|gave|won|lost|signed|agreed|"
    r"announced|reported|\w{3,}ed|"
    # Irregular past forms common in news that the "-ed" rule misses (none is also a present
    # or a base form: "set", "cut", "hit", "put" are left out).
    r"became|brought|bought|built|caught|chose|fell|fled|flew|fought|found|grew|kept|knew|"
    r"ran|rose|sold|sent|spent|stood|struck|taught|thought|threw|told|wrote|paid|"
    r"broke|spoke|drove|forgot|sank|shook|swept|withdrew|blew|froze|hid|rode|rang|sang|"
    r"stole|swore|tore|wore|woke|felt|heard|meant|dealt|slept|wept|underwent|overtook|"
    # Past forms of three or four letters, too short for the "-ed" rule above.
    r"died|tied|lied|eyed|"
    # A modal perfect looks back: "could have begun when the rig sank".
    r"(?:could|would|should|must|may|might) have)\b|"
    r"\b(?=\w)(?:\w+(?:ó|aron|ió|ieron)|pasad[oa]s?|ayer)\b",
    re.IGNORECASE,
)
#: The sayings in the past that date what follows them ("said on Friday") or the time just
#: before them ("Bush on Tuesday said"), in English and Spanish: one list for every rule.
_PAST_SAYING = r"said|told|added|announced|wrote|stated|dijo|afirmó|declaró"
_REPORTING = re.compile(
    rf"\b(?:says|told (?:reporters|\w+)|{_PAST_SAYING})\s*(?:on\s+|el\s+)?$", re.IGNORECASE
)
_NOT_PAST_ED = frozenset(
    {
        "need",
        "seed",
        "feed",
        "speed",
        "bed",
        "red",
        "led",
        "shed",
        "embed",
        "proceed",
        "exceed",
        "succeed",
        "indeed",
        "united",
        "limited",
        "based",
        "concerned",
        "interested",
        "related",
        "expected",
        "scheduled",
    }
)
#: Words right before a time that place it in the past whatever the clause says: "since
#: March", "the year ended March 31", "desde marzo". The time is the latest one before
#: publication, however long ago (a fiscal year ended ten months back is still this one).
_SETTLED_PAST = re.compile(r"\b(?:since|ended|desde)\s+(?:the\s+|el\s+)?$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s+(?:but|while|whereas|and)\b|\bwhen\b|\bafter\b|\bbefore\b")
_BE_BEFORE = re.compile(r"\bbe\s+$")
_REPORTING_TAIL = re.compile(
    r",\s+[^,]{0,80}?\b(?:said|says|told|added|according to|dijo|afirmó|declaró|señaló|"
    r"aseguró|explicó|indicó|añadió|agregó|según)(?!\w).*$"
)


#: What may stand before a time that opens its clause: "On", "But on", "Late on", "And" (not
#: "By": "By March, the company said, ..." sets a limit, not the saying's day).
_OPENS_THE_CLAUSE = re.compile(
    r"\s*(?:(?:But|And|Then|Earlier|Later|Late|Early|Also)\s+)?(?:on|On|late|early)?\s*"
)
#: After such a time, the clause's subject — a name, or a few words after "the" — maybe with
#: what it is in commas, then a saying in the past: ", Blas Nuñez-Neto, the top Homeland
#: Security official, said"; not ", the leaders meet in Ottawa, a spokesman said".
_SAID_AFTER_ITS_SUBJECT = re.compile(
    r",?\s+(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}|"
    r"(?:the|a|an|his|her|their|its|el|la|los|las)\s+(?:[\w'’-]+\s+){0,2}[\w'’-]+)"
    rf"(?:,\s+[^,;:.!?]{{1,80}},)?\s+(?:{_PAST_SAYING})\b"
)


#: A saying in the past right after the time: "Bush on Tuesday said ..." (after a comma, it
#: is a reporting tail: "..., from June 6 to 10, Blinken said", not the time's own).
_SAID_RIGHT_AFTER = re.compile(rf"\s+(?:{_PAST_SAYING})\b")


#: A photo caption's day: a full date with its year set off by a comma after a place, or
#: after a place and its region, ending the sentence or followed by a comma ("... in Venice,
#: La., Thursday, April 29, 2010.", "in Camden, London, 27 July 2010.", "in Miami, Florida
#: February 2, 2009."). The photo was taken then, before the page was published, whatever the
#: caption's own verbs say ("A bird flies off ... to assist"). A weekday before the date is
#: skipped to find the place ("set for Thursday, June 3, 2010" is no caption).
_CAPTION_PLACE = re.compile(
    r"(?:[A-Z][\w'’-]*\.?,|,\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+"
    rf"(?:{WEEKDAY_RE},\s+)?$"
)
#: The place's word is no weekday or month: "Thursday, June 3, 2010" alone is no caption.
_NO_PLACE = re.compile(rf"(?:{WEEKDAY_RE}|{MONTH_RE})\W*\s+(?:{WEEKDAY_RE},\s+)?$")
_CAPTION_DATE = re.compile(r"(?:.*\D)?\d{1,2}\b.*\b\d{4}")
_CAPTION_END = re.compile(r"\s*(?:[.!]|,\s|$)")


def _a_captions_day(sentence: str, start: int, end: int) -> bool:
    """Whether ``sentence[start:end]`` is a photo caption's day (:data:`_CAPTION_PLACE`)."""
    before = sentence[max(0, start - 60) : start]
    return bool(
        _CAPTION_DATE.fullmatch(sentence, start, end)
        and _CAPTION_PLACE.search(before)
        and not _NO_PLACE.search(before)
        and _CAPTION_END.match(sentence, end)
    )


@lru_cache(maxsize=4096)
def clause_tense(sentence: str, start: int, end: int) -> str:
    """Tense of the clause holding ``sentence[start:end]``: "past", "present" or "future".

    Kept for the last few thousand expressions: the dating stage reads the time expressions of
    an undated article and the time-expression stage reads the same ones again."""
    before = sentence[:start]
    if settled_past(sentence, start) or _a_captions_day(sentence, start, end):
        return "past"
    possessive = "'s" in (sentence[max(0, end - 2) : end], sentence[end : end + 2]) or "’s" in (
        sentence[max(0, end - 2) : end],
        sentence[end : end + 2],
    )
    if _REPORTING.search(before[-40:]) and not possessive:
        return "past"
    opening = max(_CLAUSE_BREAK.finditer(before), key=lambda m: m.end(), default=None)
    clause_start = opening.end() if opening else 0
    after_break = _CLAUSE_BREAK.search(sentence, end)
    clause_end = after_break.start() if after_break else len(sentence)
    aside = _relative_clause(sentence, max(clause_start, before.rfind(",") + 1), start)
    if aside is not None:
        # "Trudeau, who took office in 2015, will host": the time is the aside's.
        clause_start = aside
        comma = sentence.find(",", end, clause_end)
        clause_end = comma if comma >= 0 else clause_end
    left = sentence[clause_start:start]
    right = _without_reporting_tail(sentence[end:clause_end])
    if _OPENS_THE_CLAUSE.fullmatch(left) and _SAID_AFTER_ITS_SUBJECT.match(sentence, end):
        # "On Monday, Blas Nuñez-Neto, the top official, said ...": a time that opens the
        # clause before its subject and a past saying is when it was said.
        return "past"
    if _SAID_RIGHT_AFTER.match(sentence, end):
        # "President Bush on Tuesday said the United States may extend ...": the saying's.
        return "past"
    cues: list[tuple[int, str]] = []
    for text, offset in ((left, clause_start), (right, end)):
        future_spans = []
        for match in _FUTURE.finditer(text):
            future_spans.append(match.span())
            cues.append((_distance(offset + match.start(), start, end, possessive), "future"))
        for match in _PAST.finditer(text):
            word = match.group(0).lower()
            if word in _NOT_PAST_ED or _BE_BEFORE.search(text, 0, match.start()):
                continue  # "is sure to be highlighted" is not past
            if any(s <= match.start() < e for s, e in future_spans):
                continue  # "are intended to" is one future cue, not a past participle
            cues.append((_distance(offset + match.start(), start, end, possessive), "past"))
    if not cues:
        # A time clause in the present tells what is to come: "when leaders meet in June".
        return "future" if opening and opening.group(0) == "when" else "present"
    return min(cues)[1]


#: A clause set off by a comma that opens with a relative pronoun ("Trudeau, who took office
#: in 2015, will ...", "the bank, which collapsed in 2008, ...") or a past participle ("the
#: law, passed in 1991, will ..."): an aside with its own tense.
_RELATIVE_OPENING = re.compile(
    r"\s*(?:(?:who|which|whose|whom)\b|(?P<participle>[a-z]{3,}ed|held|built|born|made|taken|"
    r"given|written|chosen|sold|won|found|known)\b)"
)


def _relative_clause(sentence: str, comma_end: int, start: int) -> int | None:
    """Where the relative clause holding ``sentence[start:]`` starts, if the text since the
    last comma before it (``comma_end``, just past it, or the clause's start where that comes
    later; 0 where there is neither) opens with a relative pronoun or a past participle (a
    plan's, "scheduled", is not one)."""
    found = _RELATIVE_OPENING.match(sentence, comma_end, start) if comma_end > 0 else None
    if found is None or (found.group("participle") or "") in _NOT_PAST_ED:
        return None
    return comma_end


def settled_past(sentence: str, start: int) -> bool:
    """Does the word before ``sentence[start:]`` fix the time as past ("since", "ended")?"""
    return bool(_SETTLED_PAST.search(sentence[max(0, start - 20) : start]))


def _without_reporting_tail(text: str) -> str:
    """Drop ", X said" after the expression: it tells when it was said, not when it happens."""
    match = _REPORTING_TAIL.search(text)
    return text[: match.start()] if match else text


#: How much further a cue after the time counts than one as far before it. A time at a
#: clause's end is the adverbial of the verb before it ("there will be a deep recession in
#: 2009 and that every industrialized nation ..."; "the deal, which is expected to close in
#: early 2011 - and that the company remained ..."): the next clause's words, which a comma
#: does not always set apart, weigh less than the clause's own. Not a possessive time's:
#: "told reporters this year's meetings will ..." opens the clause after it.
AFTER_WEIGHT = 2


def _distance(position: int, start: int, end: int, possessive: bool) -> int:
    """How far a cue at ``position`` stands from the time ``[start, end)`` (after it:
    ``AFTER_WEIGHT`` times as far, unless the time is a possessive)."""
    if position < start:
        return start - position
    return (1 if possessive else AFTER_WEIGHT) * (position - end)
