"""Page furniture out of text scraped without markup, and paragraphs put back together.

Text copied out of a news page keeps what was around the article: an audio player ("Current
track / Title / Artist"), the headline twice, a byline with a date, photo credits, a copyright
line, an author bio, a "Source:" link, a comment form. Each line is judged by its words *and* its
shape: its length, whether it ends like a sentence, whether it sits above the first paragraph of
prose or below the last, whether it is a bare name. Every line removed is kept as a span of the
raw text with the reason, so nothing disappears without trace.

Then paragraphs are rebuilt: one paragraph a line, or hard-wrapped lines joined, and paragraph
breaks that cut a sentence in two ("has donated almost" / "11 million vaccine doses") repaired.

Cleaning is idempotent: a document rebuilt from the result (title, a blank line, text) cleans to
the same result. Rules that look at a line's neighbours are applied until nothing changes, and
the whole cleaning is repeated over its own output until it is stable, so the text never keeps
something that a second cleaning would remove.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from storyline.ingest.line_breaks import LINE_BREAK
from storyline.ingest.outlet import BIO, looks_like_name
from storyline.ingest.textdate import is_date_line
from storyline.models import RemovedSpan

# -- what a line can be -------------------------------------------------------------------------

# Horizontal white space and stray control characters, collapsed to one space.
_SPACE_CLASS = r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x00-\x08\x0e-\x1b\x7f]"
_SPACE_RUN = re.compile(_SPACE_CLASS + "+")
#: The runs ``_SPACE_RUN`` finds that collapsing changes: a lone " " already is what it would
#: become, and skipping it spares a step per word when text is copied with its offsets.
_SPACE_RUN_TO_COLLAPSE = re.compile(_SPACE_CLASS + "{2,}|" + _SPACE_CLASS.replace("[ ", "[", 1))
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_TERMINAL = ".!?…"
#: What parts a breadcrumb or a menu: "Home | World", "News › Europe", "Sport » Football".
_NAVIGATION_SEPARATOR = re.compile(r"\s(?:\||›|»|>)\s")
_CLOSERS = "\"'”’»)]"

_PLAYER_HEAD = frozenset({"current track", "now playing", "listen live", "on air", "live radio"})
_PLAYER = _PLAYER_HEAD | frozenset(
    {
        "listen to this article",
        "listen to this story",
        "play",
        "pause",
        "mute",
        "unmute",
        "volume",
        "audio player",
    }
)
_COMMENT_FORM = frozenset(
    {
        "leave a reply",
        "leave a comment",
        "reader's opinions",
        "readers' opinions",
        "readers opinions",
        "cancel reply",
        "post comment",
        "submit comment",
        "comments",
        "comment",
        "add a comment",
        "join the conversation",
        "be the first to comment",
        "be the first to comment!",
        "name *",
        "email *",
        "comment *",
        "website",
        "required fields are marked *",
        "required fields are marked",
        "notify me of new posts by email.",
        "notify me of follow-up comments by email.",
        "you must be logged in to post a comment.",
        "save my name, email, and website in this browser for the next time i comment.",
        "deja una respuesta",
        "deja un comentario",
    }
)
_COMMENT_FORM_RE = re.compile(
    r"^(?:your\s+email\s+address\s+will\s+not\s+be\s+published|"
    r"required\s+fields\s+are\s+marked|tu\s+dirección\s+de\s+correo|"
    r"\d+\s+(?:comments?|responses?|replies)\b|comments?\s+\(\d+\))",
    re.IGNORECASE,
)
#: A comment's date as comment systems print it: "16 Jun 2010", "23rd Mar 2010", "May 28, 2009"
#: (and tokenised, "May 28 , 2009"): always with its year.
_COMMENT_DATE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?\s*,?\s*\d{4}"
    r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*,\s*\d{4})"
)
#: Where readers' comments begin in text scraped without markup: a comment's header with its
#: time and date ("At 00:45 am on 16 Jun 2010, jdd535 wrote:", as BBC pages print them), a
#: comment's signature below it ("Posted by: daddio | May 28, 2009 7:15 PM | Report abuse", as
#: newspaper blogs do), or a blog's "Jane says:" over "June 3, 2010 at 10:15 am". Each needs a
#: name and a date with its year, so that an article quoting a letter ("Smith wrote: ...") or
#: a post's own byline ("Posted by Fareed Zakaria on October 12, 2008") is no comment.
_COMMENT_HEADERS = (
    # (a word the text must hold, the pattern): each pattern opens with a literal, which the
    # regular expression engine scans for quickly, and runs only where its word is.
    (
        "wrote",
        re.compile(
            r"At\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?\s+)?(?:on\s+)?"
            + _COMMENT_DATE
            + r"\s*,\s*[^\n]{1,60}?\s+wrote\s*:"
        ),
    ),
    ("Posted", re.compile(r"Posted\s+by\s*:\s*[^|\n]{1,60}\|\s*" + _COMMENT_DATE)),
    (
        "says:",
        re.compile(
            r"^[^\n]{1,60}\s+says\s*:[ \t]*\n\s*" + _COMMENT_DATE + r"\s+at\s+\d{1,2}:\d{2}",
            re.MULTILINE,
        ),
    ),
)
#: Words of the article a comment header must come after: one at the very top is a widget
#: of other pages' comments, not this page's, and cutting there would lose the article.
_COMMENTS_AFTER_WORDS = 30
COMMENTS = "reader comments"
#: What a web server prints where it failed to include a part of the page (Apache's
#: server-side includes): "[an error occurred while processing this directive]". It stands
#: within lines as often as on its own (a page's stamp and caption run into it), so it is cut
#: wherever it is, not judged as a line.
_SERVER_ERROR = re.compile(
    r"[\[(]an error occurred while processing this directive[\])][ \t]*", re.IGNORECASE
)
SERVER_ERROR = "server error message"

_PAGE_CONTROL = frozenset(
    {
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "share on x",
        "share via email",
        "tweet",
        "email",
        "print",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "linkedin",
        "reddit",
        "copy link",
        "link copied",
        "link copied!",
        "advertisement",
        "advertisement:",
        "ad",
        "sponsored",
        "home",
        "skip to content",
        "skip to main content",
        "menu",
        "search",
        "subscribe",
        "sign in",
        "sign up",
        "log in",
        "close",
        "read more",
        "show more",
        "load more",
        "related",
        "related articles",
        "related stories",
        "related content",
        "more from",
        "trending",
        "trending now",
        "follow us",
        "back to top",
        "scroll to continue",
        "continue reading",
        "story continues below advertisement",
        "article continues below advertisement",
        "toggle navigation",
        "toggle caption",
        "hide caption",
        "enlarge this image",
        "expand",
        "video",
        "watch",
        "gallery",
        "photos",
        "image",
        "•",
        "|",
    }
)
_MIN_READ = re.compile(r"^\d+\s*(?:-|\s)?(?:min(?:ute)?s?)\.?\s+read$", re.IGNORECASE)
_TIMER = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?$")
_COOKIES = re.compile(
    r"\b(?:we|this\s+(?:web)?site)\s+uses?\s+cookies\b|\baccept\s+(?:all\s+)?cookies\b",
    re.IGNORECASE,
)
_DATE_MARKER = re.compile(
    r"^\W*(?:published|updated|posted|last\s+(?:updated|modified)|publicado|actualizado)\b",
    re.IGNORECASE,
)
_PROMOTION = re.compile(
    r"^\W*(?:sign\s+up|subscribe|register|download|get)\b.{0,80}\b(?:newsletters?|inbox|"
    r"alerts?|app|briefing|email)\b|^\W*follow\s+(?:us|\w+)\s+on\s+(?:twitter|x|facebook|"
    r"instagram|threads|whatsapp|telegram|google\s+news)\b|^\W*(?:click|tap)\s+here\b",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"^\W*our\s+standards\s*:|^\W*disclaimer\W*$|^\W*disclaimer\s*[:\]-]|^the\s+views\s+(?:and\s+opinions\s+)?"
    r"expressed\s+(?:in\s+this\s+\w+\s+)?are\s+(?:solely\s+)?(?:those\s+of|the\s+author)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^\W*(?:copyright\b|©|\(c\)\s*(?:19|20)\d\d)|\ball\s+rights\s+reserved\b|"
    r"^this\s+material\s+may\s+not\s+be\s+published,\s+broadcast",
    re.IGNORECASE,
)
_SOURCE = re.compile(
    r"^\W*(?:sources?|fuentes?|source\s+link)\s*:|^read\s+more\s*(?::|at\b|on\b|in\b)",
    re.IGNORECASE,
)
#: A note that the article is another's: republished ("Originally published at ...") or put
#: together from other outlets' reports ("News report based on information from ...").
_SECONDHAND = re.compile(
    r"^originally\s+published\s*(?::|at\b|on\b|in\b)|"
    r"^this\s+(?:article|story|report)\s+(?:was\s+)?(?:originally|first)\s+(?:published|appeared)|"
    r"^(?:(?:news\s+)?report\s+)?based\s+on\s+(?:information|reporting|reports|material)\s+"
    r"(?:from|by)\b|^with\s+(?:information|reporting)\s+(?:from|by)\b|^con\s+información\s+de\b",
    re.IGNORECASE,
)
#: The reason :func:`_furniture` gives such a note: of two versions of a story published
#: alike, the one that says it is secondhand is not the original (``link.duplicates``).
SECONDHAND_NOTE = "secondhand note"
_URL_LINE = re.compile(r"^[<(\[]?\s*(?:https?://|www\.)\S+\s*[>)\]]?$", re.IGNORECASE)
_AGENCIES = (
    r"(?:Reuters|AFP|AP|EPA|EFE|Bloomberg|Shutterstock|Sipa(?:\s+USA)?|NurPhoto|Anadolu|Xinhua|"
    r"Pool|ZUMA(?:\s+(?:Wire|Press))?|Alamy|dpa|Getty(?:\s+Images)?|Corbis|AP\s+Images|"
    r"The\s+New\s+York\s+Times|The\s+Washington\s+Post|Redux|Polaris|MediaNews\s+Group|"
    r"SOPA\s+Images|LightRocket|Abaca|CBS\s+News|ABC\s+News|NBC\s+News|CNN|Bloomberg\s+News|"
    r"Tribune\s+News\s+Service|Newscom|Imagn|USA\s+TODAY(?:\s+NETWORK)?|IMAGO|Picture\s+Alliance|"
    r"Hans\s+Lucas|Cover\s+Images|Handout|Courtesy|White\s+House)"
)
_PHOTO_CREDIT = re.compile(
    r"^\W*(?:photo(?:graph)?s?|image|picture|foto|imagen|credit|photo\s+credit|file\s+photo|"
    r"photo\s+illustration|illustration)\s*(?:by\b|:|/|credit\s*:)|"
    r"\((?:[A-Z][\w.]*\s+){0,3}photos?\s*(?:/|by|:)[^)]*\)\s*$|"
    r"\bvia\s+(?:Getty\s+Images|AP|Reuters|AFP|Shutterstock|Imagn|ZUMA\s+Wire)\W{0,2}$|"
    r"^(?:Getty\s+Images|AP\s+Photo|Shutterstock|Reuters\s+photo|AFP\s+photo)\W*$",
    re.IGNORECASE,
)
# "Kevin Lamarque/Reuters", "Andrew Harnik/AP", "REUTERS/Kevin Lamarque/File Photo": a credit,
# alone or closing a caption. Case matters: "a Reuters/Ipsos poll" is not one.
_NAME_TOKEN = r"(?:[A-Z][a-z][\w'’.-]*|[A-Z]\.|de|da|del|van|von|la)"
_PHOTO_CREDIT_CASED = re.compile(
    rf"(?:^|[.!?]\s+|\s|\()(?:{_NAME_TOKEN}\s+){{0,3}}[A-Z][a-z][\w'’.-]*\s*/\s*{_AGENCIES}"
    r"(?:\s+via\s+[\w ]{2,30})?\s*\)?\s*$|"
    r"\b(?:REUTERS|AFP|EPA|EFE|AP|ANADOLU|XINHUA)\s*/\s*(?:[A-Z][a-z][\w'’.-]*\s*){1,4}"
    r"(?:/\s*(?:File\s+Photo|Pool|Handout|Illustration))*\s*$"
)
# "X contributed to this report.", "(Reporting by Ted Hesson; Editing by Mary Milliken)",
# "Written by on February 28, 2024"; not "Reported by the ministry, the figures show ...".
_CONTRIBUTED = re.compile(
    r"(?i:\bcontributed\s+(?:to\s+)?(?:this\s+)?(?:report|reporting|story|article)\W{0,2}$)|"
    r"(?i:^\W?(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written|posted|"
    r"reported|produced)\s+by)\s+(?:[A-Z]|on\b)"
)
_BYLINE_TOP = re.compile(r"^\W?(?i:by|por|par|von)\s+[A-Z]")
# A line ending in an abbreviation has not necessarily ended its sentence.
_ABBREVIATION_END = re.compile(
    r"(?:\b[A-Za-z]\.){2,}$|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Gov|Sen|Rep|Lt|Col|Sgt|Capt|Adm|St|Jr|Sr|"
    r"Inc|Co|Corp|Ltd|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$"
)
# Words a sentence cannot end on: a paragraph ending with one was cut.
_UNFINISHED = frozenset(
    """a an the of to in on at by for with from about almost nearly than over under some and or
    but were was is are had has have been be said roughly around approximately least more less
    only just some all its their his her our per""".split()
)
# A full stop after a word (not an abbreviation like "U.S." or "Gov.") and more text.
# A sentence's end inside a line: a word of three letters or more, or a lower-case two-letter
# word ("... was signed in. Then"), before the stop; not an abbreviation ("Mr.", "U.S.", "vs.")
# unless a second stop follows its own ("... in the U.S.. Then": the sentence's stop).
_SENTENCE_BREAK = re.compile(
    r"(?:[a-z0-9]{3,}|(?<![A-Za-z.])(?!(?:vs|al|pp|ed|eg|ie|no|co|st|mt|ft)\b)[a-z]{2}"
    r"|[A-Za-z]\.)"
    r"[.!?][\"'”’»)]*\s+\S"
)
_NAVIGATION = re.compile(r"\s(?:\||›|»|>|/)\s")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+")
_MD_HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$")
_MD_RULE = re.compile(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,})$")
_MD_FENCE = re.compile(r"^(?:```|~~~)")
_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(([^)\s\n]{0,500})(?:\s+\"[^\"\n]*\")?\)")
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_QUOTE = re.compile(r"^(?:>[ \t]?)+")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

#: Reasons, for callers that want to group removals.
TITLE = "title"
REPEATED_TITLE = "repeated title"

_MAX_PASSES = 6


@dataclass(frozen=True)
class Cleaned:
    #: Clean article text: paragraphs separated by exactly one blank line, trimmed.
    text: str
    #: The headline, when the first line is one; "" otherwise.
    title: str
    #: Spans of the raw text removed, in order, disjoint.
    removed: tuple[RemovedSpan, ...]


@dataclass
class _Line:
    number: int  # index in the line list
    start: int  # span of the stripped content in the current text
    end: int
    text: str  # stripped content, white space collapsed
    reason: str = ""

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def kept(self) -> bool:
        return bool(self.text) and not self.reason


@dataclass
class _Mapped:
    """A text and, for each character, its offset in the raw text (-1 where inserted)."""

    text: str
    offsets: list[int]


# -- the public functions ----------------------------------------------------------------------


def clean_text(
    raw: str,
    repeated_lines: frozenset[str] = frozenset(),
    *,
    markdown: bool = False,
    detect_title: bool = True,
    known_title: str = "",
) -> Cleaned:
    """The article in ``raw`` without its page furniture, with its title and what was removed.

    ``repeated_lines`` are lines learnt from other articles of the same site
    (:mod:`storyline.ingest.furniture`); a line equal to one of them is removed. ``markdown`` strips
    Markdown markup first. ``known_title`` is a title already known (from HTML metadata): lines
    repeating it are removed, and no title is looked for when it is given or when
    ``detect_title`` is false.
    """
    repeated = frozenset(_norm(line) for line in repeated_lines)
    removed: list[tuple[int, int, str]] = []
    current = _Mapped(raw, list(range(len(raw))))
    if markdown:
        current, markup = _strip_markdown(raw)
        removed.extend(markup)
    title = _tidy(known_title)
    looking = detect_title and not title
    current = _without_server_errors(raw, current, removed)
    for _ in range(_MAX_PASSES):
        current = _without_comments(raw, current, removed)
        lines = _lines(current.text)
        found_title = _judge(lines, repeated, title, looking)
        if found_title:
            title = found_title
            looking = False
        changed = any(line.reason for line in lines)
        for line in lines:
            if line.reason:
                for start, end in _raw_spans(raw, current.offsets, line.start, line.end):
                    removed.append((start, end, line.reason))
        rebuilt = _assemble(current, lines)
        if not changed and rebuilt.text == current.text:
            break
        current = rebuilt
    removed.sort()
    spans = tuple(RemovedSpan(start, end, reason) for start, end, reason in removed)
    if title and not current.text:
        # A title over nothing is not a title: give the line back so cleaning stays stable.
        return _without_title(raw, repeated_lines, markdown=markdown)
    return Cleaned(current.text, title, spans)


def _without_server_errors(
    raw: str, current: _Mapped, removed: list[tuple[int, int, str]]
) -> _Mapped:
    """``current`` without a web server's error messages (``_SERVER_ERROR``), each added to
    ``removed``."""
    text = current.text
    if "error occurred" not in text.lower():
        return current  # (nearly every page)
    kept: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _SERVER_ERROR.finditer(text):
        kept.append(text[position : match.start()])
        offsets.extend(current.offsets[position : match.start()])
        for start, end in _raw_spans(raw, current.offsets, match.start(), match.end()):
            removed.append((start, end, SERVER_ERROR))
        position = match.end()
    if not position:
        return current
    kept.append(text[position:])
    offsets.extend(current.offsets[position:])
    return _Mapped("".join(kept), offsets)


def comment_headers(text: str) -> list[re.Match[str]]:
    """The headers of the page's readers' comments (``_COMMENT_HEADERS``), each with its
    date: those within a word, or before the article's first ``_COMMENTS_AFTER_WORDS`` words
    (a widget of other pages' comments), are none. In the order of the patterns, then of the
    text."""
    found: list[re.Match[str]] = []
    for word, header in _COMMENT_HEADERS:
        if word not in text:
            continue  # (most articles: no search)
        after_the_article = False  # once a header is, every later one is (in text order)
        for match in header.finditer(text):
            if match.start() and text[match.start() - 1].isalnum():
                continue  # within a word
            after_the_article = after_the_article or (
                len(_WORD.findall(text, 0, match.start())) >= _COMMENTS_AFTER_WORDS
            )
            if after_the_article:
                found.append(match)
    return found


def _without_comments(raw: str, current: _Mapped, removed: list[tuple[int, int, str]]) -> _Mapped:
    """``current`` up to where readers' comments begin (:func:`comment_headers`), the rest
    added to ``removed``. Comments run to the end of a page; what a reader wrote is not the
    article (its names, quotes and figures are no outlet's report), and on a busy page it
    outweighs the article many times. A header within a line (text joined without its
    breaks) is cut there: what comes before it on the line is kept."""
    text = current.text
    cut = min((match.start() for match in comment_headers(text)), default=len(text))
    if cut == len(text):
        return current
    for start, end in _raw_spans(raw, current.offsets, cut, len(text)):
        removed.append((start, end, COMMENTS))
    kept = text[:cut].rstrip()
    return _Mapped(kept, current.offsets[: len(kept)])


# -- judging lines ------------------------------------------------------------------------------


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    position = 0
    for match in LINE_BREAK.finditer(text):
        lines.append(_make_line(len(lines), text, position, match.start()))
        position = match.end()
    lines.append(_make_line(len(lines), text, position, len(text)))
    return lines


def _make_line(number: int, text: str, start: int, end: int) -> _Line:
    segment = text[start:end]
    stripped = segment.strip()
    if not stripped:
        return _Line(number, start, start, "")
    lead = len(segment) - len(segment.lstrip())
    trail = len(segment) - len(segment.rstrip())
    return _Line(number, start + lead, end - trail, _tidy(stripped))


def _judge(lines: list[_Line], repeated: frozenset[str], title: str, looking: bool) -> str:
    """Mark each furniture line with its reason; return the title found (when ``looking``)."""
    for line in lines:
        if line.kept:
            line.reason = _furniture(line.text)
    _remove_repeated(lines, repeated)
    found = ""
    for _ in range(len(lines) + 1):
        changed = _player_widget(lines)
        if looking and not found:
            index = _title_line(lines)
            if index is not None:
                found = lines[index].text
                lines[index].reason = TITLE
                changed = True
        norm_title = _norm(title or found)
        if norm_title:
            for line in lines:
                if line.kept and _repeats_title(line.text, norm_title):
                    line.reason = REPEATED_TITLE
                    changed = True
        changed |= _top_zone(lines)
        changed |= _tail(lines)
        if not changed:
            break
    return found


@lru_cache(maxsize=4096)
def _furniture(text: str) -> str:
    """The reason a line is page furniture wherever it stands, or "".

    It depends on the line alone and is kept for the last few thousand lines: cleaning reads
    an article again after each pass that removed something, and every kept line is judged
    again then."""
    key = _norm(text)
    words = len(_WORD.findall(text))
    if key in _PLAYER or _TIMER.match(text):
        return "player widget"
    if key in _COMMENT_FORM or (words <= 30 and _COMMENT_FORM_RE.match(text)):
        return "comment form"
    if words <= 60 and _DISCLAIMER.search(text):
        return "disclaimer"
    if words <= 30 and _COPYRIGHT.search(text):
        return "copyright"
    if _URL_LINE.match(text) or (words <= 30 and _SOURCE.search(text)):
        return "source line"
    if words <= 30 and _SECONDHAND.search(text):
        return SECONDHAND_NOTE
    if _DATE_MARKER.match(text) and is_date_line(text):
        return "date line"
    if _is_photo_credit(text, words):
        return "photo credit"
    if words <= 40 and _CONTRIBUTED.search(text):
        return "byline"
    if key in _PAGE_CONTROL or _MIN_READ.match(text):
        return "page control"
    if words <= 60 and _COOKIES.search(text):
        return "cookie notice"
    if words <= 30 and _PROMOTION.search(text):
        return "promotion"
    if _is_navigation(text):
        return "navigation"
    return ""


def _is_photo_credit(text: str, words: int) -> bool:
    # Every credit this pattern knows has a slash; most lines have none and skip the search.
    if "/" in text and _PHOTO_CREDIT_CASED.search(text):
        return True  # "Name Surname/Reuters" at the end: a credit or a caption with one
    if not _PHOTO_CREDIT.search(text):
        return False
    if (
        text.lstrip("(")
        .lower()
        .startswith(
            ("photo", "image", "picture", "foto", "imagen", "credit", "file photo", "illustration")
        )
    ):
        return words <= 30
    return words <= 60


def _is_navigation(text: str) -> bool:
    """Breadcrumbs and menus: "Home | World | Americas", short items between separators.
    A row of a table ("| Diesel | 32,23 Mio. t | 0,1 % |", as extracted from ``<table>``)
    opens and closes with a bar; it is content, however short its cells."""
    stripped = text.strip()
    if len(stripped) > 1 and stripped[0] == "|" and stripped[-1] == "|":
        return False
    parts = [part.strip() for part in _NAVIGATION_SEPARATOR.split(text)]
    if len(parts) < 3:
        return False
    return all(0 < len(part.split()) <= 4 and part[-1:] not in _TERMINAL for part in parts)


def _remove_repeated(lines: list[_Line], repeated: frozenset[str]) -> None:
    if not repeated:
        return
    kept = [line for line in lines if line.kept]
    hits = [line for line in kept if _norm(line.text) in repeated]
    total = sum(len(line.text) for line in kept)
    # Most of the article matching is a copy of an article, not furniture: keep it.
    if not hits or sum(len(line.text) for line in hits) > 0.5 * total:
        return
    for line in hits:
        line.reason = "repeated line"


def _title_line(lines: list[_Line]) -> int | None:
    """The first kept line, when it looks like a headline: short, no final full stop, starting
    with a capital, followed by a blank line (or its own repeat), with more text after it."""
    kept = [line for line in lines if line.kept]
    if len(kept) < 2:
        return None
    first = kept[0]
    text = first.text
    words = _WORD.findall(text)
    if not 2 <= len(words) <= 30 or len(text) > 250:
        return None
    if len(words) == 2 and looks_like_name(text):
        return None  # "Jane Doe" over the article is a byline
    if _ends_sentence(text) and not (
        text.rstrip(_CLOSERS).endswith(("?", "!")) and len(words) < 12
    ):
        return None
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘¿¡«"):
        return None
    if text[-1] in ",;:-–—" or words[-1].lower() in _UNFINISHED:
        return None  # "... Nuñez-Neto said in a": a sentence cut short, not a headline
    if not any(char.islower() for char in text) and len(words) < 3:
        return None
    if _URL_LINE.match(text) or _BYLINE_TOP.match(text) or is_date_line(text):
        return None
    if _SENTENCE_BREAK.search(text):
        return None  # two sentences are not a headline
    follower = lines[first.number + 1]
    if follower.blank or not follower.kept or follower.text == text:
        return first.number
    # Followed by a line break only: a headline when it makes a paragraph of its own (as the
    # paragraphs will be rebuilt), not the first line of a wrapped paragraph.
    block = list(itertools.takewhile(lambda line: line.kept, lines[first.number :]))
    if len(_split_block(block)[0]) == 1:
        return first.number
    return None


def _repeats_title(text: str, norm_title: str) -> bool:
    key = _norm(text)
    if key == norm_title:
        return True
    # "The headline | Outlet", "The headline - Outlet"
    if key.startswith(norm_title) and len(key) > len(norm_title):
        rest = key[len(norm_title) :].strip()
        return rest[:1] in ("|", "-", "–", "—", ":") and len(rest.split()) <= 5
    return False


def _player_widget(lines: list[_Line]) -> bool:
    """The player's head line ("Current track") and the labels after it ("Title", "Artist")."""
    changed = False
    for index, line in enumerate(lines):
        if line.reason != "player widget" or _norm(line.text) not in _PLAYER_HEAD:
            continue
        seen = 0
        for follower in lines[index + 1 :]:
            if follower.blank:
                continue
            if follower.reason == "player widget":
                continue
            seen += 1
            if seen > 4 or not follower.kept:
                break
            words = _WORD.findall(follower.text)
            if len(words) > 2 or _ends_sentence(follower.text):
                break
            follower.reason = "player widget"
            changed = True
    return changed


def _is_prose(text: str) -> bool:
    words = len(_WORD.findall(text))
    return (words >= 8 and _ends_sentence(text)) or words >= 20


def _top_zone(lines: list[_Line]) -> bool:
    """Bylines, date lines and the author's name above the first paragraph of prose."""
    changed = False
    zone: list[_Line] = []
    for line in lines:
        if line.blank:
            continue
        if line.kept and _is_prose(line.text):
            break
        zone.append(line)
        if len(zone) > 12:
            return False
    for line in zone:
        if not line.kept:
            continue
        if (
            _BYLINE_TOP.match(line.text)
            and len(_WORD.findall(line.text)) <= 14
            and not (line.text.endswith(".") and not re.search(r"\b[A-Z]\.$", line.text))
        ):
            line.reason = "byline"
            changed = True
        elif is_date_line(line.text):
            line.reason = "date line"
            changed = True
    # A bare name beside a byline or a date line is the byline.
    for position, line in enumerate(zone):
        if not line.kept or not looks_like_name(line.text):
            continue
        neighbours = zone[max(0, position - 1) : position] + zone[position + 1 : position + 2]
        if any(n.reason in ("byline", "date line") for n in neighbours):
            line.reason = "byline"
            changed = True
    return changed


def _tail(lines: list[_Line]) -> bool:
    """The author bio at the end ("X is the immigration reporter at CBS News.") and the bare
    name line above it."""
    changed = False
    after: _Line | None = None
    for line in reversed(lines):
        if line.blank:
            continue
        if not line.kept:
            if line.reason == "author bio":
                after = line
            continue
        bio = BIO.match(line.text)
        if bio and len(_WORD.findall(line.text)) <= 80 and _about_its_author(line.text, bio):
            line.reason = "author bio"
            changed = True
            after = line
            continue
        if (
            after is not None
            and looks_like_name(line.text)
            and _norm(after.text).startswith(_norm(line.text))
        ):
            line.reason = "author bio"
            changed = True
            continue
        break
    return changed


#: What a bio's further sentences say of its author ("Based in Washington, she covers ...").
_AUTHOR_WORDS = re.compile(r"\b(?:s?he|her|hers|his|him|they|their|them)\b", re.IGNORECASE)
#: A short line after a bio needs no pronoun ("Follow @janedoe on X.").
_BIO_ASIDE_WORDS = 8


def _about_its_author(text: str, bio: re.Match[str]) -> bool:
    """Whether every sentence after the bio's first speaks of its author (a pronoun, their
    name) or is a short aside. Wrapped lines are joined into one paragraph before a pass
    looks again: an article's own lines run into a bio above them must not go with it.
    Sentences end where title detection sees them end (``_SENTENCE_BREAK``)."""
    names = set(bio.group("name").split())
    # Each break's match ends on the next sentence's first character.
    starts = [m.end() - 1 for m in _SENTENCE_BREAK.finditer(text) if m.end() - 1 >= bio.end()]
    for start, end in itertools.pairwise([*starts, len(text)]):
        sentence = text[start:end]
        words = _WORD.findall(sentence)
        if len(words) <= _BIO_ASIDE_WORDS or _AUTHOR_WORDS.search(sentence):
            continue
        if names.intersection(words):
            continue
        return False
    return True


# -- rebuilding paragraphs ----------------------------------------------------------------------


def _assemble(current: _Mapped, lines: list[_Line]) -> _Mapped:
    """Kept lines as paragraphs separated by a blank line: lines of one block joined where they
    were wrapped, breaks inside a sentence repaired."""
    blocks: list[list[_Line]] = []
    block: list[_Line] = []
    for line in lines:
        if line.kept:
            block.append(line)
            continue
        if block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)

    paragraphs: list[list[_Line]] = []
    for group in blocks:
        paragraphs.extend(_split_block(group))

    merged: list[list[_Line]] = []
    for paragraph in paragraphs:
        if merged and _continues(merged[-1][-1].text, paragraph[0].text):
            merged[-1].extend(paragraph)
        else:
            merged.append(list(paragraph))

    text_parts: list[str] = []
    offsets: list[int] = []
    for p_index, paragraph in enumerate(merged):
        if p_index:
            text_parts.append("\n\n")
            offsets.extend((-1, -1))
        for l_index, line in enumerate(paragraph):
            if l_index:
                text_parts.append(" ")
                offsets.append(-1)
            _emit(current, line.start, line.end, text_parts, offsets)
    return _Mapped("".join(text_parts), offsets)


def _split_block(block: list[_Line]) -> list[list[_Line]]:
    """A block of lines with no blank line between them, as paragraphs. Long lines are one
    paragraph each; short lines of similar length are a wrapped paragraph, broken where a
    line ends a sentence well short of the width."""
    if len(block) == 1:
        return [block]
    width = max(len(line.text) for line in block[:-1])
    full = sum(1 for line in block[:-1] if len(line.text) >= 0.6 * width)
    wrapped = len(block) >= 3 and 40 <= width <= 100 and full >= 0.6 * (len(block) - 1)
    paragraphs: list[list[_Line]] = [[block[0]]]
    for before, line in itertools.pairwise(block):
        if wrapped:
            ends = _ends_sentence_strictly(before.text) and len(before.text) < 0.8 * width
            heading = (
                len(before.text) < 0.5 * width
                and not _ends_sentence(before.text)
                and (line.text[:1].isupper())
            )
            listed = bool(re.match(r"^(?:[-*•·]\s|\d{1,3}[.)]\s)", line.text))
            join = not (ends or heading or listed)
        else:
            join = _continues(before.text, line.text) or (
                len(block) == 2 and _wrapped_pair(before.text, line.text)
            )
        if join:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _wrapped_pair(first: str, second: str) -> bool:
    """Two lines that are one paragraph wrapped: the first cut mid-sentence at a typical width,
    the second no longer than it (a headline over a paragraph is shorter than what follows)."""
    long_words = [word for word in _WORD.findall(first) if len(word) >= 4]
    title_case = len(long_words) >= 3 and all(word[0].isupper() for word in long_words)
    return (
        not _ends_sentence_strictly(first)
        and 40 <= len(first) <= 100
        and len(second) <= min(len(first) + 15, 100)
        and first[-1:] not in ":"
        and not title_case  # A Line In Title Case Is A Headline
    )


def _continues(before: str, after: str) -> bool:
    """Whether ``after`` carries on the sentence ``before`` left unfinished: ``before`` does not
    end a sentence (or ends with an abbreviation, "the U.S."), ``after`` starts in lower case
    or with a digit."""
    if not before or not after:
        return False
    first = after[0]
    if _ends_sentence(before):
        return first.islower() and bool(_ABBREVIATION_END.search(before))
    if first.isdigit():  # "Key facts" / "10 people ..." is a heading over a paragraph
        words = _WORD.findall(before)
        return len(words) > 5 or (bool(words) and words[-1].lower() in _UNFINISHED)
    return first.islower()


def _ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence: terminal punctuation, perhaps inside closing quotes or
    brackets (a closing quote after a word, as in 'the “Three Amigos”', does not)."""
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINAL


def _ends_sentence_strictly(text: str) -> bool:
    """Ends a sentence, and not merely with an abbreviation ("the U.S.")."""
    return _ends_sentence(text) and not _ABBREVIATION_END.search(text)


def _emit(current: _Mapped, start: int, end: int, parts: list[str], offsets: list[int]) -> None:
    """Copy ``current.text[start:end]`` with white space runs collapsed to one space."""
    text = current.text
    position = start
    for match in _SPACE_RUN_TO_COLLAPSE.finditer(text, start, end):
        parts.append(text[position : match.start()])
        offsets.extend(current.offsets[position : match.start()])
        parts.append(" ")
        offsets.append(current.offsets[match.start()])
        position = match.end()
    parts.append(text[position:end])
    offsets.extend(current.offsets[position:end])


def _raw_spans(raw: str, offsets: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """The raw text spans behind ``[start, end)`` of a mapped text: runs of consecutive raw
    offsets, joined across white space."""
    points = [offset for offset in offsets[start:end] if offset >= 0]
    if not points:
        return []
    spans: list[list[int]] = [[points[0], points[0] + 1]]
    for point in points[1:]:
        last = spans[-1]
        if point == last[1] or (point > last[1] and not raw[last[1] : point].strip()):
            last[1] = point + 1
        else:
            spans.append([point, point + 1])
    out: list[tuple[int, int]] = []
    for span_start, span_end in spans:
        segment = raw[span_start:span_end]
        lead = len(segment) - len(segment.lstrip())
        trail = len(segment) - len(segment.rstrip())
        if span_end - trail > span_start + lead:
            out.append((span_start + lead, span_end - trail))
    return out


# -- Markdown -----------------------------------------------------------------------------------


def _strip_markdown(raw: str) -> tuple[_Mapped, list[tuple[int, int, str]]]:
    """Markdown markup out (heading marks, link syntax, images, emphasis marks, rules, front
    matter, HTML comments), the words kept, each removal recorded."""
    drop: list[tuple[int, int, str]] = []
    front = re.match(r"^\ufeff?---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", raw, re.S)
    if front:
        drop.append((front.start(), front.end(), "front matter"))
    for match in _HTML_COMMENT.finditer(raw):
        drop.append((match.start(), match.end(), "markdown markup"))
    fenced = False
    position = 0
    for line in raw.splitlines(keepends=True):
        start, body = position, line.rstrip("\r\n")
        position += len(line)
        stripped = body.strip()
        if _MD_FENCE.match(stripped):
            fenced = not fenced
            drop.append((start, start + len(body), "markdown markup"))
            continue
        if fenced:
            continue
        if _MD_RULE.match(stripped):
            drop.append((start, start + len(body), "markdown markup"))
            continue
        lead = len(body) - len(body.lstrip())
        quote = _MD_QUOTE.match(body[lead:])
        if quote and quote.end():
            drop.append((start + lead, start + lead + quote.end(), "markdown markup"))
            lead += quote.end()
        heading = _MD_HEADING.match(body[lead:])
        if heading:
            drop.append((start + lead, start + lead + heading.end(), "markdown markup"))
            tail = _MD_HEADING_TAIL.search(body)
            if tail:
                drop.append((start + tail.start(), start + tail.end(), "markdown markup"))
        for image in _MD_IMAGE.finditer(body):
            drop.append((start + image.start(), start + image.end(), "image"))
        for link in _MD_LINK.finditer(body):
            if body[max(0, link.start() - 1) : link.start()] == "!":
                continue
            drop.append((start + link.start(), start + link.start() + 1, "markdown markup"))
            drop.append((start + link.end(1), start + link.end(), "markdown markup"))
        for emphasis in _MD_EMPHASIS.finditer(body):
            drop.append((start + emphasis.start(), start + emphasis.end(), "markdown markup"))
    # keep the outermost of overlapping removals
    drop.sort(key=lambda item: (item[0], -item[1]))
    chosen: list[tuple[int, int, str]] = []
    for item in drop:
        if chosen and item[0] < chosen[-1][1]:
            continue
        chosen.append(item)
    keep = [True] * len(raw)
    for start, end, _reason in chosen:
        for index in range(start, end):
            keep[index] = False
    offsets = [index for index in range(len(raw)) if keep[index]]
    text = "".join(raw[index] for index in offsets)
    spans: list[tuple[int, int, str]] = []
    for start, end, reason in chosen:
        for span_start, span_end in _raw_spans(raw, list(range(len(raw))), start, end):
            spans.append((span_start, span_end, reason))
    return _Mapped(text, offsets), spans


def _without_title(raw: str, repeated_lines: frozenset[str], *, markdown: bool) -> Cleaned:
    return clean_text(raw, repeated_lines, markdown=markdown, detect_title=False)


# -- small helpers ------------------------------------------------------------------------------


def _tidy(text: str) -> str:
    return _SPACE_RUN.sub(" ", text).strip()


def _norm(text: str) -> str:
    """A line for comparison: case folded, quotes unified, white space collapsed."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _SPACE_RUN.sub(" ", text).strip().casefold()
