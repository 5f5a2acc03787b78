"""WARC and WARC.gz web archives as Common Crawl's CC-News publishes them: every ``response``
record of an HTML page with HTTP status 200 is one input, named by its target URI.

An archive cut short (a truncated download) yields the records before the cut and then one
failure that says so; a record over the size limit is a failure of its own.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, Any

from storyline.errors import IngestError
from storyline.ingest.types import RawInput, over_limit

_HTML = ("text/html", "application/xhtml+xml")


def iter_warc(
    stream: IO[bytes], source: str, *, max_bytes: int, size: int | None = None
) -> Iterator[RawInput | IngestError | tuple[str, IngestError]]:
    """Inputs of the archive ``stream``; a record that cannot be read gives ``(uri, error)``,
    and a broken archive ends with a bare IngestError naming how far it got."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    read = 0
    records = ArchiveIterator(stream, arc2warc=True)
    member: Any = None  # the gzip member of the last record, to tell a cut one when done
    try:
        for record in records:
            member = getattr(records.reader, "decompressor", None)
            page = _html_page(record)
            body = record.content_stream().read(max_bytes + 1) if page is not None else b""
            record.raw_stream.read()  # to its end, to tell a whole record from a cut one
            # A record without a length is read by a stream with no limit: whole by definition.
            if getattr(record.raw_stream, "limit", 0) > 0:
                break
            if page is None:
                continue
            uri, content_type = page
            read += 1
            name = uri or f"{source}#record{read}"
            if len(body) > max_bytes:
                yield name, IngestError(over_limit(len(body), max_bytes, at_least=True))
                continue
            yield RawInput(name, body, content_type, {"url": uri} if uri else {})
        else:
            # A cut inside a record's headers ends the iteration quietly, short of the end.
            # A cut inside the last gzip member ends it quietly too, with the member unfinished.
            whole_member = member is None or getattr(member, "eof", True)
            if whole_member and (size is None or records.offset >= size):
                return
    except (ArchiveLoadFailed, AttributeError, EOFError, OSError, ValueError, zlib.error) as err:
        yield IngestError(f"archive cut short or damaged after {read} page(s): {_reason(err)}")
        return
    yield IngestError(f"archive cut short or damaged after {read} page(s): a record is incomplete")


def _html_page(record: Any) -> tuple[str, str] | None:
    """(target URI, content type) of a 200 response holding an HTML page, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    http: Any = record.http_headers
    content_type = str(http.get_header("Content-Type") or "")
    if str(http.get_statuscode() or "") != "200":
        return None
    if content_type.split(";", 1)[0].strip().lower() not in _HTML:
        return None
    return str(record.rec_headers.get_header("WARC-Target-URI") or "").strip(), content_type


def _reason(err: BaseException) -> str:
    """What went wrong, in a user's words where the reader's own are about its code."""
    # warcio fails on some damaged headers with an AttributeError of its own (found by fuzzing:
    # an HTTP status line it cannot read leaves it a None to parse), whose message names its
    # code ("'NoneType' object has no attribute 'startswith'"), not the archive.
    if isinstance(err, AttributeError):
        return "a record's headers cannot be read"
    text = " ".join(str(err).split()) or type(err).__name__
    return text[:200]
