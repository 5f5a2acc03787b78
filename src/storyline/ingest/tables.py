"""Articles as rows: CSV files, JSON Lines, and JSON (a list of records, one record, or an object
of id → record). Each row with text is one input named ``<file>#<row>``; its other columns are
metadata (title, date, url, outlet, author, language) that win over what the text says.

Columns are found by common names (``text``/``body``/``content``, ``title``/``headline``,
``date``/``published`` ...) or named by a mapping (``--csv-columns text=body,date=published``).
A row without text, or a line that is not JSON, is a failure of its own; the other rows go on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from storyline.errors import IngestError
from storyline.ingest.types import RawInput

#: The fields a row may fill, and the column names each is looked for under, first found wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "body",
        "content",
        "maintext",
        "article",
        "articlebody",
        "article_body",
        "story",
        "full_text",
        "fulltext",
    ),
    "html": ("html", "raw_html", "page", "source_html"),
    "title": ("title", "headline", "heading"),
    "date": (
        "date",
        "published",
        "published_at",
        "date_publish",
        "datepublished",
        "pubdate",
        "publication_date",
        "pub_date",
        "publish_date",
        "publishedat",
        "date_published",
    ),
    "url": ("url", "link", "source_url", "href", "canonical_url"),
    "outlet": ("outlet", "source", "site", "site_name", "publisher", "source_domain", "domain"),
    "author": ("author", "authors", "byline", "by"),
    "language": ("language", "lang", "locale"),
    "id": ("id", "uid", "doc_id", "article_id", "guid"),
}
_METADATA_FIELDS = ("title", "date", "url", "outlet", "author", "language")


def parse_columns(spec: str) -> dict[str, str]:
    """``"text=body,title=headline"`` → {"text": "body", "title": "headline"}; raises
    ValueError naming what is wrong."""
    mapping: dict[str, str] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        field, sep, column = part.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not column:
            raise ValueError(f"expected FIELD=COLUMN, got {part!r}")
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r} (fields: {', '.join(FIELDS)})")
        mapping[field] = column
    return mapping


Rows = Iterator[RawInput | IngestError | tuple[str, IngestError]]


def iter_csv(text: str, source: str, columns: Mapping[str, str]) -> Rows:
    """Rows of a CSV file (comma, semicolon or tab separated: sniffed from the header line)."""
    # Article bodies are long: lift the csv module's 128 KiB field cap to what fits in memory.
    csv.field_size_limit(1 << 30)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count) if first else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = list(reader.fieldnames or [])
    except csv.Error as err:
        yield IngestError(f"malformed CSV header: {err}")
        return
    if not header:
        yield IngestError("empty CSV file: no header row")
        return
    chosen = _choose(header, columns)
    if "text" not in chosen and "html" not in chosen:
        wanted = columns.get("text") or "/".join(FIELDS["text"][:3])
        yield IngestError(
            f"no text column ({wanted!r} not in header: {', '.join(header[:12])});"
            " name it with --csv-columns text=COLUMN"
        )
        return
    row_number = 0
    while True:
        row_number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield IngestError(f"malformed CSV at row {row_number}: {err}; rows after it skipped")
            return
        if None in row:  # more cells than header columns
            yield (
                f"{source}#{row_number}",
                IngestError(
                    f"malformed CSV row {row_number}: {len(header) + len(row[None])} cells for"
                    f" {len(header)} columns"
                ),
            )
            continue
        yield _from_record(row, chosen, f"{source}#{row_number}", row_number, "row")


def loads_json(text: str) -> Any:
    """``json.loads``, where a document nested too deeply for it (thousands of brackets) is a
    JSONDecodeError like any other malformed one, not a RecursionError (regression: one such
    file ended the whole build)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply to read", text, 0) from None


def iter_jsonl(text: str, source: str, columns: Mapping[str, str]) -> Rows:
    """One JSON object a line; blank lines are skipped."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{source}#{number}"
        try:
            record = loads_json(line)
        except json.JSONDecodeError as err:
            yield name, IngestError(f"malformed JSON on line {number}: {err.msg}")
            continue
        if not isinstance(record, dict):
            yield name, IngestError(f"line {number} is not a JSON object")
            continue
        yield _from_record(record, _choose(list(record), columns), name, number, "line")


#: Where an API's answer keeps its list of records ({"status": "ok", "articles": [...]}),
#: most likely first, when it has more than one list of objects.
_RECORD_LISTS = ("articles", "items", "results", "records", "data", "documents", "docs",
                 "entries", "posts", "stories", "news", "hits")  # fmt: skip


def iter_json(text: str, source: str, columns: Mapping[str, str]) -> Rows:
    """A JSON document: a list of records, one record, an object of id → record, or an
    object that holds a list of records (an API's answer: ``{"articles": [...]}``, perhaps
    inside ``{"data": ...}``), whose records are named by the path to them ("articles.3")."""
    try:
        doc = loads_json(text)
    except json.JSONDecodeError as err:
        yield IngestError(f"malformed JSON: {err.msg} at line {err.lineno} column {err.colno}")
        return
    records = _records(doc, columns)
    if records is None:
        yield IngestError("JSON is not a record, a list of records or an object of records")
        return
    for number, (key, record) in enumerate(records, start=1):
        name = f"{source}#{key}"
        if not isinstance(record, dict):
            yield name, IngestError(f"record {key} is not a JSON object")
            continue
        yield _from_record(record, _choose(list(record), columns), name, number, "record")


def _records(
    doc: Any, columns: Mapping[str, str], path: str = "", depth: int = 0
) -> list[tuple[str, Any]] | None:
    """The records of a JSON document, each with its key; None where it holds none."""
    if isinstance(doc, list):
        return [(f"{path}{i}", r) for i, r in enumerate(doc, start=1)]
    if not isinstance(doc, dict) or not doc:
        return None
    if _is_record(doc, columns):
        return [(path or "1", doc)]
    lists = {k: v for k, v in doc.items() if isinstance(v, list) and v and isinstance(v[0], dict)}
    if lists:
        key = next((k for k in _RECORD_LISTS if k in lists), None)
        key = key or next((k for k in lists if str(k).lower() in _RECORD_LISTS), None)
        if key is None and len(lists) == 1:
            key = next(iter(lists))
        if key is not None:
            return _records(lists[key], columns, f"{path}{key}.", depth + 1)
    if not all(isinstance(v, dict) for v in doc.values()):
        return None
    key, inner = next(iter(doc.items()))
    if len(doc) == 1 and depth < 3 and not _is_record(inner, columns):
        return _records(inner, columns, f"{path}{key}.", depth + 1)  # {"data": {...}}
    return [(f"{path}{k}", v) for k, v in doc.items()]  # id → record


def _is_record(doc: Mapping[str, Any], columns: Mapping[str, str]) -> bool:
    """Whether an object is an article: a text or HTML field holding a string (an API's
    ``"page": 1`` is no page of HTML)."""
    chosen = _choose(list(doc), columns)
    return any(isinstance(doc.get(chosen[f]), str) for f in ("text", "html") if f in chosen)


def _choose(header: list[str], columns: Mapping[str, str]) -> dict[str, str]:
    """Field → the column that holds it: the mapping's choice, else a common name."""
    by_lower = {str(h).strip().lower(): str(h) for h in header}
    chosen: dict[str, str] = {}
    for field, names in FIELDS.items():
        if field in columns:
            if columns[field] in header:
                chosen[field] = columns[field]
            continue
        for name in names:
            if name in by_lower:
                chosen[field] = by_lower[name]
                break
    return chosen


def _from_record(
    record: Mapping[str, Any], chosen: Mapping[str, str], name: str, number: int, what: str
) -> RawInput | tuple[str, IngestError]:
    text = _cell(record.get(chosen["text"])) if "text" in chosen else ""
    html = _cell(record.get(chosen["html"])) if "html" in chosen else ""
    if not text.strip() and not html.strip():
        column = chosen.get("text") or chosen.get("html") or "text"
        return name, IngestError(f"{what} {number} has no text (column {column!r} is empty)")
    metadata = {}
    for field in _METADATA_FIELDS:
        if field in chosen:
            value = _cell(record.get(chosen[field])).strip()
            if value:
                metadata[field] = value
    if text.strip():
        return RawInput(name, text.encode("utf-8"), "text/plain", metadata)
    return RawInput(name, html.encode("utf-8"), "text/html", metadata)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # e.g. "authors": ["A", "B"]
        return ", ".join(_cell(v) for v in value if v is not None)
    if isinstance(value, dict):  # e.g. "source": {"id": "reuters", "name": "Reuters"}
        return _cell(value.get("name")) if isinstance(value.get("name"), str) else ""
    return str(value)
