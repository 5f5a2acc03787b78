"""One input's bytes to clean article text and what the input says about the article.

Decode, tell HTML from text, take the main text (HTML) or remove page furniture (text,
Markdown), then read title, outlet, author, address, language and the dates the input states.
Outlet, author, address and dates are read from the text *before* cleaning, since cleaning
removes the lines that carry them. A sidecar's or a feed's metadata wins over what is read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from storyline.errors import IngestError
from storyline.ingest.clean import Cleaned, clean_text
from storyline.ingest.decode import decode_bytes
from storyline.ingest.html import NO_TEXT, extract_html, looks_like_html
from storyline.ingest.language import UNKNOWN, detect_language
from storyline.ingest.outlet import OutletInfo, outlet_from_url, read_outlet
from storyline.ingest.sources import media_type_for
from storyline.ingest.textdate import candidate_from_metadata, find_text_dates
from storyline.ingest.types import CandidateProvenance, DateCandidate, Extracted, RawInput

PLAIN = "text/plain"
HTML = "text/html"
MARKDOWN = "text/markdown"
#: Fewer words than this read from a page is no article.
MIN_HTML_WORDS = 5
# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese):
# there a run of text is one "word" to str.split, so its characters are counted instead.
_UNSPACED = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff]"
)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/html"})
_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown", "text/md"})
_FRONT_MATTER = re.compile(r"^\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.S)
#: Metadata keys a sidecar or a feed may give the publication date under, first found wins.
_DATE_KEYS = ("date", "published", "published_at", "pubdate", "pub_date")
_FRONT_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def extract(raw: RawInput) -> Extracted:
    """The article in ``raw``. Raises :class:`IngestError` (and nothing else) when the input is
    not an article: binary, empty, undecodable, or without text."""
    try:
        return _extract(raw)
    except IngestError:
        raise
    except RecursionError as err:
        raise IngestError("input nested too deeply to read") from err
    except MemoryError as err:
        raise IngestError("input too large to read in memory") from err
    except Exception as err:  # a bug on one odd input must not stop the build
        raise IngestError(f"could not read input ({type(err).__name__}: {err})") from err


def _extract(raw: RawInput) -> Extracted:
    content_type, text = read_as(raw)
    metadata = {key.lower(): str(value) for key, value in dict(raw.metadata).items()}
    source_url = raw.source if raw.source.lower().startswith(("http://", "https://")) else ""
    url_hint = metadata.get("url", "") or source_url
    if content_type == HTML:
        return _from_html(text, url_hint, metadata)
    return _from_text(text, content_type, url_hint, metadata, raw.furniture)


def read_as(raw: RawInput) -> tuple[str, str]:
    """How the input is read — HTML (declared, or markup in a text without a type), Markdown
    or plain text — and its decoded text. Raises :class:`IngestError` for what cannot be."""
    media, charset = media_type_of(raw)
    text = decode_bytes(raw.data, charset).text
    if media == HTML or (media in ("", PLAIN) and looks_like_html(text)):
        return HTML, text
    return (MARKDOWN if media == MARKDOWN else PLAIN), text


def media_type_of(raw: RawInput) -> tuple[str, str]:
    """The base media type and any charset parameter; unsupported types raise."""
    declared = raw.media_type.strip()
    base = declared.split(";", 1)[0].strip().lower()
    charset = declared if "charset" in declared.lower() else ""
    if not base:
        base = media_type_for(raw.source)
    if base in _HTML_TYPES:
        return HTML, charset
    if base in _MARKDOWN_TYPES:
        return MARKDOWN, charset
    if base in ("", PLAIN) or base.startswith("text/"):
        return (base if base == PLAIN else ""), charset
    raise IngestError(f"unsupported media type '{base}'")


def _from_html(markup: str, url_hint: str, metadata: Mapping[str, str]) -> Extracted:
    page = extract_html(markup, url=url_hint)
    cleaned = clean_text(page.text, detect_title=not page.title, known_title=page.title)
    if word_count(cleaned.text) < MIN_HTML_WORDS:
        raise IngestError(NO_TEXT)  # a menu item or a lone caption is not an article
    info = read_outlet(page.text, url=page.url, site_name=page.site_name)
    candidates: list[DateCandidate] = []
    if page.date is not None:
        candidates.append(page.date)
    candidates.extend(find_text_dates(page.text))
    # The byline and date lines under the headline, which the extraction leaves out.
    candidates.extend(find_text_dates(page.head, source="page head"))
    language = detect_language(cleaned.text)
    if language == UNKNOWN and page.language:
        language = page.language
    return _finish(
        text=cleaned.text,
        raw_text=markup,
        title=page.title or cleaned.title,
        author=page.author or info.author,
        info=info,
        language=language,
        content_type=HTML,
        cleaned=None,
        candidates=candidates,
        metadata=metadata,
    )


def word_count(text: str) -> int:
    """Words in ``text``, two characters of an unspaced script counting as one word."""
    return len(text.split()) + len(_UNSPACED.findall(text)) // 2


def _from_text(
    text: str,
    content_type: str,
    url_hint: str,
    metadata: Mapping[str, str],
    furniture: frozenset[str] = frozenset(),
) -> Extracted:
    markdown = content_type == MARKDOWN
    front = _front_matter(text) if markdown else {}
    cleaned = clean_text(text, furniture, markdown=markdown)
    if not cleaned.text:
        raise IngestError("no article text: only page furniture")
    info = read_outlet(text, url=url_hint or front.get("url", ""))
    candidates: list[DateCandidate] = []
    for key in ("date", "published", "pubdate"):
        if key in front:
            candidate = candidate_from_metadata(
                front[key], "metadata", f"Markdown front matter {key}: {front[key]!r}"
            )
            if candidate is not None:
                candidates.append(candidate)
                break
    candidates.extend(find_text_dates(text))
    return _finish(
        text=cleaned.text,
        raw_text=text,
        title=front.get("title", "") or cleaned.title,
        author=front.get("author", "") or info.author,
        info=info,
        language=detect_language(cleaned.text),
        content_type=content_type,
        cleaned=cleaned,
        candidates=candidates,
        metadata=metadata,
    )


def _finish(
    *,
    text: str,
    raw_text: str,
    title: str,
    author: str,
    info: OutletInfo,
    language: str,
    content_type: str,
    cleaned: Cleaned | None,
    candidates: list[DateCandidate],
    metadata: Mapping[str, str],
) -> Extracted:
    """Apply a sidecar's or feed's metadata over what was read, and build the result."""
    url = metadata.get("url", "").strip() or info.url
    outlet = metadata.get("outlet", "").strip() or info.outlet or outlet_from_url(url)
    given_language = metadata.get("language", "").strip().lower()
    if re.fullmatch(r"[a-z]{2}(?:[-_][a-z0-9]+)?", given_language):
        language = given_language[:2]
    dates = list(candidates)
    provenance = _metadata_provenance(metadata)
    for key in _DATE_KEYS:
        value = metadata.get(key, "").strip()
        given = candidate_from_metadata(value, provenance, f"{provenance} {key}: {value!r}")
        if given is not None:
            dates.insert(0, given)
            break
    return Extracted(
        text=text,
        raw_text=raw_text,
        title=metadata.get("title", "").strip() or title,
        author=metadata.get("author", "").strip() or author,
        outlet=outlet,
        url=url,
        language=language,
        content_type=content_type,
        removed=cleaned.removed if cleaned is not None else (),
        date_candidates=tuple(dates),
    )


def _metadata_provenance(metadata: Mapping[str, str]) -> CandidateProvenance:
    stated = (metadata.get("date_provenance") or metadata.get("provenance") or "").strip().lower()
    return "feed" if stated == "feed" else "sidecar"


def _front_matter(text: str) -> dict[str, str]:
    """Simple ``key: value`` fields of a Markdown front matter block."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        found = _FRONT_FIELD.match(line)
        if found and found.group(2):
            fields[found.group(1).lower()] = found.group(2).strip().strip("\"'")
    return fields
