"""Bytes to text: byte order marks, UTF-8, a declared charset, then detection.

Order of trust: a byte order mark; strict UTF-8 (bytes that are valid UTF-8 and not plain ASCII
are almost never anything else); UTF-8 with a few stray bytes of a legacy encoding (read as
Windows-1252); a charset the input declares (HTTP header or HTML ``<meta>``);
Windows-1252 when it reads as Western text (the most common legacy encoding of news pages, and
one detectors often confuse with its Central European sibling); then charset-normalizer.
Binary files are refused before any of this, and text that reads as garbage in every encoding is
refused after it. Nothing here raises anything but :class:`IngestError`.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from storyline.errors import IngestError
from storyline.ingest.cyrillic_code_pages import best_cyrillic_code_page
from storyline.ingest.latin_code_pages import best_latin_code_page
from storyline.ingest.script_code_pages import best_script_code_page, misspelt_thai

BINARY = "binary content, not text or HTML"
EMPTY = "empty input"

# Signatures of common binary formats at the start of a file.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"PK\x07\x08", "ZIP"),
    (b"\x1f\x8b", "GZIP"),
    (b"BZh", "BZIP2"),
    (b"\xfd7zXZ\x00", "XZ"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\x28\xb5\x2f\xfd", "Zstandard"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE (old Office)"),
    (b"\x7fELF", "ELF"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O / Java class"),
    (b"\xcf\xfa\xed\xfe", "Mach-O"),
    (b"\x00asm", "WebAssembly"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"OggS", "Ogg"),
    (b"fLaC", "FLAC"),
    (b"ID3", "MP3"),
    (b"RIFF", "RIFF (WAV/AVI/WebP)"),
    (b"wOFF", "WOFF"),
    (b"wOF2", "WOFF2"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%!PS", "PostScript"),
    (b"{\\rtf", "RTF"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Charsets that browsers read as Windows-1252 (the WHATWG encoding standard).
_AS_CP1252 = frozenset(
    {"ascii", "us-ascii", "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "windows-1252"}
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.I)
# Control characters that have no place in text (tab, line feed, form feed, carriage return and
# escape are allowed).
_CONTROL_BYTES = bytes(sorted(frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}))
# Non-ASCII characters that Western text in Windows-1252 commonly has.
_WORD = re.compile(r"[^\W\d_]+")
_WESTERN_PUNCT = frozenset("‘’‚“”„–—…•€©®™°«»·¡¿§¶×÷ªº±£¥¢´¨\u00a0")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode_bytes(data: bytes, declared: str = "") -> Decoded:
    """The text of ``data``. ``declared`` is a charset named by headers or a media type
    parameter ("text/html; charset=iso-8859-1" works too); an HTML ``<meta>`` charset is read
    from the bytes themselves."""
    if not data.strip():
        raise IngestError(EMPTY)
    kind = _magic(data)
    if kind:
        raise IngestError(f"{BINARY} ({kind} file)")
    decoded = _decode(data, declared)
    # Zero bytes have no meaning in text, and PostgreSQL refuses them in a text column.
    text = decoded.text.lstrip("\ufeff").replace("\x00", "")
    if not text.strip():
        raise IngestError(EMPTY)
    if _control_share(text) > 0.05:
        raise IngestError(BINARY)
    broken = text.count("\ufffd")
    # More than a few in a long text, or a quarter of a short one ("\ufffd\ufffd" is no text).
    if broken > max(3, len(text) // 100) or broken * 4 > len(text.strip()):
        raise IngestError("undecodable bytes: invalid sequences in every encoding tried")
    return Decoded(text, decoded.encoding)


def _decode(data: bytes, declared: str) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding), encoding)
            except UnicodeDecodeError:
                text = data[len(bom) :].decode(encoding, errors="replace")
                return Decoded(text, encoding)
    for charset in _declared_charsets(data, declared):
        if charset.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
            try:  # declared wide encodings come before the zero-byte test for binary
                return Decoded(data.decode(charset), charset)
            except UnicodeDecodeError:
                continue
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    # (Korean's shift bytes are control bytes: read before the test for binary.)
    seven_bit = _iso2022(data)
    if seven_bit is not None:
        return seven_bit
    # Binary formats are full of zero bytes; a page with a stray few (a template that leaked
    # them, one in 10,000 bytes) is still text.
    if data.count(b"\x00") > len(data) // 1000:
        raise IngestError(BINARY)
    if _control_byte_share(data) > 0.05:
        raise IngestError(BINARY)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    for charset in _declared_charsets(data, declared):
        try:
            text = data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
        if charset in ("utf-8", "utf_8"):
            continue
        if _plausible(text):
            return Decoded(text, charset)
    # A single-byte code page chosen by what its reading is, where the general detector
    # guesses badly on a sentence or two (a KOI8-R sentence as Japanese, a Hebrew headline
    # as Cyrillic, a Polish one as Windows-1252): Cyrillic by how its words are written, then
    # Greek, Hebrew and Arabic by their scripts' spelling, then the Latin code pages by their
    # languages' letters. In that order: a short Russian sentence can read as Latvian ("Министр
    # что" as "Ģčķčńņš ÷ņī") or as Hebrew ("в четверг"), while no Latin text reads as
    # Cyrillic words (its ASCII letters outnumber what would).
    for choose in (best_cyrillic_code_page, best_script_code_page, best_latin_code_page):
        code_page = choose(data)
        if code_page is not None:
            with contextlib.suppress(UnicodeDecodeError):
                return Decoded(data.decode(code_page), code_page)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if _western(text):
            return Decoded(text, "cp1252")
    detected = _detect(data)
    if detected is not None:
        return detected
    raise IngestError("undecodable bytes: no text encoding reads them as text")


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 read as Windows-1252 instead."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    stray = error.object[error.start : error.end]
    return bytes(stray).decode("cp1252", errors="replace"), error.end


codecs.register_error("storyline-cp1252", _cp1252_fallback)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray bytes of another encoding (a page assembled from parts, a name
    pasted from a legacy file): valid multi-byte sequences outnumber the invalid bytes twenty
    to one. The strays are read as Windows-1252 rather than losing the whole page to a
    single-byte encoding that turns every accented letter into two."""
    lenient = data.decode("utf-8", errors="replace")
    invalid = lenient.count("\ufffd")
    valid = sum(1 for char in lenient if ord(char) > 0x7F and char != "\ufffd")
    if invalid == 0 or valid < 20 * invalid:
        return None
    return Decoded(data.decode("utf-8", errors="storyline-cp1252"), "utf-8")


def _magic(data: bytes) -> str:
    head = data[:16]
    for signature, kind in _MAGIC:
        if head.startswith(signature):
            if kind == "MP3" and (len(head) < 4 or head[3] > 0x0F):
                continue  # "ID3" followed by a version byte, not a word
            return kind
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime"
    return ""


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a byte order mark: mostly-ASCII text has a zero byte in every other
    position; text of one alphabetic script (Cyrillic, Greek, Hebrew, Arabic, Thai, Indic)
    has that script's block there instead, or a zero (its spaces and punctuation)."""
    if len(data) < 4:
        return None
    sample = data[:4000]
    if len(sample) % 2:
        sample = sample[:-1]
    even, odd = sample[0::2], sample[1::2]
    body = data if len(data) % 2 == 0 else data[:-1]
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if _one_script_high_bytes(high) and low.count(0) / len(low) < 0.05:
            try:
                text = body.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _control_share(text) <= 0.05:
                return Decoded(text, encoding)
    if _control_byte_share(sample) > 0:
        return _utf16_east_asian(sample, body)
    return None


#: What UTF-16 text in Chinese, Japanese or Korean is written with: ASCII's printable
#: characters and line breaks, general punctuation (dashes, quotes, the ellipsis), CJK
#: punctuation, kana, bopomofo and Hangul's letters, the ideographs (and their first
#: extension), Hangul syllables, and full- and half-width forms.
_EAST_ASIAN = re.compile(
    "[\t\n\r\x20-\x7e\u2010-\u2027\u2030-\u205e\u3000-\u318f\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]"
)
#: The share of a reading those characters must make for it to be taken as UTF-16: the
#: right byte order gives nearly only them; the wrong one turns about half the ideographs
#: into other blocks (or into surrogates, which do not decode at all).
EAST_ASIAN_HELD = 0.95


def _utf16_east_asian(sample: bytes, body: bytes) -> Decoded | None:
    """UTF-16 text in Chinese, Japanese or Korean without a byte order mark: neither byte of
    an ideograph is zero, so it has no telltale zeros, and its low bytes hold control bytes
    that otherwise make it "binary" (regression). Only data with such bytes comes here:
    the double-byte legacy encodings of those languages (GBK, Big5, Shift-JIS, EUC) have
    none, and keep their own reading."""
    held = [e for e in ("utf-16-le", "utf-16-be") if _reads_as_east_asian(sample, e)]
    # One byte order only: ASCII text with zero bytes reads as ideographs both ways ("text\0"
    # as "整瑸" and as "瑥硴"), and is binary, as before (regression).
    if len(held) == 1:
        with contextlib.suppress(UnicodeDecodeError):
            return Decoded(body.decode(held[0]), held[0])
    return None


def _reads_as_east_asian(sample: bytes, encoding: str) -> bool:
    """Whether this reading of ``sample`` is (nearly) only what such text is written with."""
    # (Replaced, not refused: the sample may end inside a surrogate pair.)
    text = sample.decode(encoding, errors="replace")
    return len(_EAST_ASIAN.findall(text)) >= EAST_ASIAN_HELD * len(text)


#: The escape sequences that switch ISO-2022 text into a script's double bytes, and the codec
#: that reads each: old Japanese and Korean mail and news, 7-bit, read as ASCII by UTF-8 with
#: the escapes left in ("$BEl5~$G7nMKF|": regression).
_ISO2022 = (
    ((b"\x1b$B", b"\x1b$@", b"\x1b$(D"), "iso2022_jp_2"),
    ((b"\x1b$)C",), "iso2022_kr"),
)


def _iso2022(data: bytes) -> Decoded | None:
    """ISO-2022 text (7-bit, with its escape sequences), read by its codec."""
    if b"\x1b$" not in data or not data.isascii():
        return None
    for escapes, codec in _ISO2022:
        if any(escape in data for escape in escapes):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _plausible(text):
                return Decoded(text, codec)
    return None


#: The high bytes of UTF-16 of the alphabetic scripts: Greek (0x03) to Thai (0x0E).
_SCRIPT_BLOCKS = bytes(range(0x03, 0x0F))


def _one_script_high_bytes(high: bytes) -> bool:
    """Whether these are the high bytes of UTF-16 text: zeros (ASCII) in more than 40% of
    places, or zeros and one alphabetic script's block (0x03 Greek to 0x0E Thai; regression:
    Cyrillic UTF-16 without a byte order mark was "binary content") in nearly all, the
    script in a third or more."""
    zeros = high.count(0) / len(high)
    if zeros > 0.4:
        return True
    # Most text has none of those bytes: it is told so by one pass in C, not counted.
    if len(high) - len(high.translate(None, _SCRIPT_BLOCKS)) < 0.3 * len(high):
        return False
    block, times = Counter(high).most_common(1)[0]
    share = times / len(high)
    return 0x03 <= block <= 0x0E and share >= 0.3 and zeros + share >= 0.95


def _declared_charsets(data: bytes, declared: str) -> list[str]:
    names: list[str] = []
    header = _HEADER_CHARSET.search(declared) if "=" in declared else None
    if header:
        names.append(header.group(1))
    elif declared and "/" not in declared:
        names.append(declared)
    meta = _META_CHARSET.search(data[:8192])
    if meta:
        names.append(meta.group(1).decode("ascii", "replace"))
    out: list[str] = []
    for name in names:
        lowered = name.strip().lower()
        if lowered in _AS_CP1252:
            lowered = "cp1252"
        try:
            canonical = codecs.lookup(lowered).name
        except LookupError:
            continue
        if canonical not in out:
            out.append(canonical)
    return out


def _detect(data: bytes) -> Decoded | None:
    try:
        from charset_normalizer import from_bytes

        results = from_bytes(data)
        best = results.best()
    except Exception:  # the detector must not take the ingest down with it
        return None
    if best is None:
        return None
    # Of the readings as good as the detector's first choice: Windows-1252 if it is one of
    # them, else the first that is not Thai misspelt (ISO-8859-6 Arabic reads as Windows-874
    # Thai letters, as free of symbols as Arabic: regression).
    tied = [match for match in results if match.chaos <= best.chaos + 0.01]
    choice = next((m for m in tied if m.encoding == "cp1252"), None) or next(
        (m for m in tied if not _misspelt_reading(m)), best
    )
    try:
        text = str(choice)
    except Exception:
        return None
    if not _plausible(text):
        return None
    return Decoded(text, choice.encoding)


def _misspelt_reading(match: Any) -> bool:
    """Whether the detector's reading has Thai misspelt (or cannot be had at all)."""
    try:
        return misspelt_thai(str(match))
    except Exception:  # the detector must not take the ingest down with it
        return True


def _western(text: str) -> bool:
    """Whether text decoded as Windows-1252 reads like Western European text rather than
    another single-byte script misread: Cyrillic or Greek bytes come out as whole words of
    accented letters ("Ïðåçèäåíò"), Central European ones with odd symbols ("³", "¹")."""
    for char in text:
        if not char.isascii() and not char.isalpha() and char not in _WESTERN_PUNCT:
            return False
    accented = 0
    all_accented = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        accented += 1
        if len(word) >= 3 and not any(char.isascii() for char in word):
            all_accented += 1
    return all_accented <= 0.2 * accented


def _plausible(text: str) -> bool:
    """Whether decoded text looks like writing: mostly letters, digits, spaces and common
    punctuation, few symbols and control characters."""
    if not text.strip():
        return True
    if _control_share(text) > 0.05:
        return False
    odd = 0
    for char, times in Counter(text).items():  # each distinct character judged once
        if char.isalnum() or char.isspace():
            continue
        category = unicodedata.category(char)
        if category[0] == "M":
            continue  # a vowel sign or tone mark (Thai's; regression: Thai was "undecodable")
        if category[0] in "PS" and (char.isascii() or category[0] == "P"):
            continue
        if char in _WESTERN_PUNCT:
            continue
        odd += times
    return odd <= 0.1 * len(text)


def _control_byte_share(data: bytes) -> float:
    sample = data[:20000]
    # Deleting the control bytes and measuring what went runs in C, not a step per byte.
    count = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return count / len(sample)


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    count = 0
    # Each distinct character is looked up once: a text holds a few hundred of them.
    for char, times in Counter(sample).items():
        if char in "\t\n\r\x0b\x0c\x1b":
            continue
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
            count += times
    return count / len(sample)
