"""Who published an article, who wrote it and where it lives, read from what the input says.

Read from the *raw* text, before cleaning removes the lines that say it: a "Source:" line with
the article's address, the URL's host, a wire dateline ("(Reuters) -", "MEXICO CITY (AP) —"), an
author bio ("X is the immigration reporter at CBS News."), a credit line ("ABC News' Morgan
Winsor contributed to this report."), a copyright line ("Copyright © 2024, ABC Audio"), a
byline ("By Jane Doe", "Written by Jane Doe on ...") or a note naming the sources ("News report
based on information from France 24 and Voice of America.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from storyline.ingest.line_breaks import LINE_BREAK

#: Well-known outlets by registered host (without "www.").
KNOWN_HOSTS: dict[str, str] = {
    "abcnews.go.com": "ABC News",
    "abcnews.com": "ABC News",
    "aljazeera.com": "Al Jazeera",
    "apnews.com": "Associated Press",
    "axios.com": "Axios",
    "bbc.co.uk": "BBC News",
    "bbc.com": "BBC News",
    "bloomberg.com": "Bloomberg",
    "businessinsider.com": "Business Insider",
    "cbc.ca": "CBC News",
    "cbsnews.com": "CBS News",
    "cnbc.com": "CNBC",
    "cnn.com": "CNN",
    "dw.com": "DW",
    "economist.com": "The Economist",
    "efe.com": "EFE",
    "elpais.com": "El País",
    "euronews.com": "Euronews",
    "foxnews.com": "Fox News",
    "france24.com": "France 24",
    "ft.com": "Financial Times",
    "infobae.com": "Infobae",
    "latimes.com": "Los Angeles Times",
    "lemonde.fr": "Le Monde",
    "msnbc.com": "MSNBC",
    "nbcnews.com": "NBC News",
    "newsweek.com": "Newsweek",
    "npr.org": "NPR",
    "nypost.com": "New York Post",
    "nytimes.com": "The New York Times",
    "pbs.org": "PBS",
    "politico.com": "Politico",
    "reuters.com": "Reuters",
    "telemundo.com": "Telemundo",
    "theguardian.com": "The Guardian",
    "thehill.com": "The Hill",
    "time.com": "TIME",
    "univision.com": "Univision",
    "usatoday.com": "USA Today",
    "usnews.com": "U.S. News & World Report",
    "voanews.com": "Voice of America",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "afp.com": "AFP",
}
#: Names used in datelines, credits and copyright lines, by lower-cased spelling.
KNOWN_NAMES: dict[str, str] = {
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "the associated press": "Associated Press",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "cnn": "CNN",
    "bloomberg": "Bloomberg",
    "upi": "UPI",
    "efe": "EFE",
    "dpa": "dpa",
    "ansa": "ANSA",
    "xinhua": "Xinhua",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "pti": "PTI",
    "ians": "IANS",
    "bbc": "BBC News",
    "bbc news": "BBC News",
    "cnbc": "CNBC",
    "abc audio": "ABC News",
    "abc news": "ABC News",
    "abc news internet ventures": "ABC News",
    "cbs news": "CBS News",
    "cbs interactive": "CBS News",
    "cbs interactive inc": "CBS News",
    "nbc news": "NBC News",
    "fox news": "Fox News",
    "voa": "Voice of America",
    "voice of america": "Voice of America",
    "france 24": "France 24",
    "the hill": "The Hill",
    "politico": "Politico",
    "axios": "Axios",
    "npr": "NPR",
    "al jazeera": "Al Jazeera",
    "the new york times": "The New York Times",
    "the new york times company": "The New York Times",
    "the washington post": "The Washington Post",
    "the guardian": "The Guardian",
}
# Multi-part public suffixes that come before the registered name ("bbc.co.uk").
_SECOND_LEVEL = frozenset(
    ["co", "com", "net", "org", "gov", "edu", "ac", "go", "gob", "gouv", "or", "ne", "nic"]
)

_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^\W*(?:source|sources|fuente|fuentes|source\s+link)\s*:\s*(.*)$", re.I)
_WIRE_DATELINE = re.compile(
    r"^\W{0,3}(?:[A-ZÁÉÍÓÚÑ][\w.' ]{0,40}?,?\s*"
    r"(?:[A-Z][a-z]{2,4}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*|\d{1,2}\s+[a-zé]{3,4}\.?(?:\s+\d{4})?\s*)?)?"
    # "(Reuters) -", and the Spanish wires' "(EFE).-"
    r"\((?P<agency>[A-Za-z][\w.&' -]{0,30})\)\s*\.?\s*[-–—]"
)
#: An author bio: "Camilo Montoya-Galvez is the immigration reporter at CBS News." Only the
#: trades of a newsroom count: "X is a senior fellow at Brookings" describes a source.
BIO = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s+(?:is|was|has\s+been)\s+"
    r"(?:a|an|the|one\s+of\s+the)\s+[^.]{0,120}?"
    r"\b(?:reporter|correspondent|editor|writer|journalist|producer|contributor|columnist|"
    r"anchor|staff\s+writer|freelance\s+\w+|intern|bureau\s+chief)s?\b"
    r"[^.]{0,60}?\s+(?:at|for|with|of|in)\s+(?P<outlet>(?:the\s+)?[A-Z][\w&.'’-]*"
    r"(?:\s+(?:[A-Z0-9][\w&.'’-]*|of|and|&))*)"
)
_CONTRIBUTED = re.compile(
    r"^(?P<outlet>(?:The\s+)?[A-Z][\w&.-]*(?:\s+[A-Z0-9][\w&.-]*){0,3})['’]s?\s+"
    r"(?P<names>.{2,200}?)\s+contributed\s+(?:to\s+)?(?:this\s+)?(?:report|reporting|story)",
)
_COPYRIGHT = re.compile(
    r"^\W*(?:copyright\s*(?:©|\(c\))?|©|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"(?P<holder>[^.|]{2,80}?)\s*(?:\.|\||all\s+rights|$)",
    re.IGNORECASE,
)
_BASED_ON = re.compile(
    r"\b(?:based\s+on\s+(?:information|reporting|reports|material|news)\s+(?:from|by)|"
    r"with\s+(?:information|reporting)\s+(?:from|by)|con\s+información\s+de|"
    r"avec\s+(?:l'|l’)?(?:afp|ap|reuters)|according\s+to\s+reporting\s+by)\s+"
    r"(?P<names>[^.]{2,200})",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\W*(?:written\s+by|by|por|par|von)\s+(?P<names>[A-Z][^\n|]{1,120}?)"
    r"\s*(?:$|\||,\s*(?:updated|published)|\s+on\s+|\s+(?:updated|published)\b|,\s*\w+\s+\d)",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"^(?:[A-Z][a-zà-ÿ'’]+(?:[-‐][A-Z][a-zà-ÿ'’]+)?|[A-Z]\.)(?:\s+(?:de|da|del|van|von|la|le|"
    r"[A-Z][a-zà-ÿ'’]+(?:[-‐][A-Z][a-zà-ÿ'’]+)?|[A-Z]\.|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+)){1,3}$"
)


@dataclass(frozen=True)
class OutletInfo:
    outlet: str = ""
    author: str = ""
    url: str = ""
    #: Where each field was read, for debugging: ("outlet", "dateline (Reuters)"), ...
    evidence: tuple[tuple[str, str], ...] = ()


def outlet_from_url(url: str) -> str:
    """The outlet a URL belongs to: a well-known name, else the host without "www."."""
    host = host_of(url)
    if not host:
        return ""
    for known, name in KNOWN_HOSTS.items():
        if host == known or host.endswith("." + known):
            return name
    return registered_host(host)


def host_of(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or "." not in host:
        return ""
    return host


def registered_host(host: str) -> str:
    """The registered part of a host name: "edition.cnn.com" → "cnn.com", "www.bbc.co.uk" →
    "bbc.co.uk"."""
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def normalise_outlet(name: str) -> str:
    """A known outlet's usual name for a spelling of it ("ABC Audio" → "ABC News"); other names
    come back tidied but unchanged."""
    cleaned = re.sub(r"\s+", " ", name).strip(" .,;:-–—'\"")
    cleaned = re.sub(r",?\s+(?:Inc|LLC|Ltd|L\.L\.C|Corp|Co|S\.A|GmbH|plc)\.?$", "", cleaned)
    key = cleaned.lower().removeprefix("©").strip()
    if key in KNOWN_NAMES:
        return KNOWN_NAMES[key]
    if key.removeprefix("the ") in KNOWN_NAMES:
        return KNOWN_NAMES[key.removeprefix("the ")]
    return cleaned


def read_outlet(raw_text: str, *, url: str = "", site_name: str = "") -> OutletInfo:
    """Outlet, author and URL as ``raw_text`` (and an already known ``url`` or HTML
    ``site_name``) state them. Stronger evidence wins: the article's own address, a site name,
    a wire dateline, an author bio, a credit line, a copyright line, a note naming sources."""
    lines = [line.strip() for line in LINE_BREAK.split(raw_text)]
    nonblank = [line for line in lines if line]
    evidence: list[tuple[str, str]] = []

    found_url = url or _source_url(nonblank)
    if found_url and not url:
        evidence.append(("url", "source line"))

    outlets: list[tuple[str, str]] = []  # (name, evidence), strongest first
    if site_name.strip():
        outlets.append((normalise_outlet(site_name), "HTML site name"))
    if found_url:
        from_url = outlet_from_url(found_url)
        if from_url:
            outlets.append((from_url, "URL host"))
    head = nonblank[:12]
    for line in head:
        match = _WIRE_DATELINE.match(line)
        if match:
            agency = KNOWN_NAMES.get(match.group("agency").strip().lower())
            if agency:  # "(WASHINGTON) —" is a place, not an outlet
                outlets.append((agency, f"dateline ({match.group('agency').strip()})"))
                break
    author = ""
    tail = nonblank[-12:]
    for line in tail:
        bio = BIO.match(line)
        if bio:
            named = re.split(r"\.\s", bio.group("outlet"))[0]
            outlets.append((normalise_outlet(named), "author bio"))
            author = author or bio.group("name")
            evidence.append(("author", "author bio"))
    for line in tail:
        contributed = _CONTRIBUTED.match(line)
        if contributed and _outlet_like(contributed.group("outlet")):
            outlets.append((normalise_outlet(contributed.group("outlet")), "credit line"))
    for line in nonblank[:12] + tail:
        copyright_line = _COPYRIGHT.match(line)
        if copyright_line:
            holder = normalise_outlet(copyright_line.group("holder"))
            if holder and len(holder.split()) <= 6:
                outlets.append((holder, "copyright line"))
    for line in tail:
        based = _BASED_ON.search(line)
        if based and len(line) < 300:
            names = _split_names(based.group("names"))
            if names:
                outlets.append(("; ".join(normalise_outlet(n) for n in names), "source note"))
    if not author:
        author = _byline_author(head)
        if author:
            evidence.append(("author", "byline"))

    outlet = ""
    if outlets:
        outlet, why = outlets[0]
        evidence.append(("outlet", why))
    return OutletInfo(outlet=outlet, author=author, url=found_url, evidence=tuple(evidence))


def _source_url(lines: list[str]) -> str:
    """The article's address from a "Source:" line (the address on it or on the next line)."""
    for index, line in enumerate(lines):
        match = _SOURCE_LINE.match(line)
        if not match:
            continue
        rest = match.group(1)
        if not rest and index + 1 < len(lines):
            rest = lines[index + 1]
        found = _URL.search(rest)
        if found:
            return found.group(0).rstrip(".,;>")
    for line in lines[-6:]:  # a bare address line at the very end
        stripped = line.strip("<> ")
        if _URL.fullmatch(stripped):
            return stripped.rstrip(".,;")
    return ""


def _byline_author(lines: list[str]) -> str:
    for line in lines:
        if len(line) > 160:
            continue
        match = _BYLINE.match(line)
        if not match:
            continue
        names = re.sub(r"\s+(?:and|y|et|und|&)\s+", ", ", match.group("names").strip(" ,"))
        parts = [part.strip() for part in names.split(",") if part.strip()]
        people = [part for part in parts if _NAME.match(part)]
        if people:
            return " and ".join(people) if len(people) <= 2 else ", ".join(people)
    return ""


def _split_names(text: str) -> list[str]:
    parts = re.split(r",\s*|\s+(?:and|y|et|und|&)\s+", text.strip(" ."))
    names = [part.strip() for part in parts if part.strip()]
    if not names or any(not _outlet_like(name) for name in names):
        return []
    return names


def _outlet_like(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 6:
        return False
    return all(w[0].isupper() or w[0].isdigit() or w in ("of", "and", "de", "&") for w in words)


def looks_like_name(line: str) -> bool:
    """Whether a line is a person's name and nothing else ("Camilo Montoya-Galvez")."""
    return bool(_NAME.match(line.strip())) and len(line) <= 60
