"""A sidecar metadata file (CSV or JSON Lines): path or URL → title, outlet, date, language,
url, author. What it says overrides what storyline reads or guesses from the article.

A row is matched to an input by its ``path`` (as given, absolute, or relative to the sidecar's
folder, or by file name when that is unique) or by its ``url`` (the input's address, or the
address a feed or an archive gave it).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from storyline.errors import IngestError, StorylineError
from storyline.ingest.decode import decode_bytes
from storyline.ingest.tables import loads_json
from storyline.ingest.textdate import parse_date
from storyline.ingest.types import RawInput

_KEY_COLUMNS = ("path", "file", "source", "filename")
_URL_COLUMNS = ("url", "link")
_FIELDS = ("title", "outlet", "date", "language", "url", "author")
_ALIASES = {
    "published": "date",
    "published_at": "date",
    "pubdate": "date",
    "lang": "language",
    "headline": "title",
    "site": "outlet",
    "publisher": "outlet",
    "link": "url",
    "byline": "author",
}


@dataclass
class Sidecar:
    path: str
    by_key: dict[str, dict[str, str]] = field(default_factory=dict)
    by_name: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    #: Rows that could not be read: (row name, reason).
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: Each usable row's name and what it matches by (its path or url), in file order, by
    #: the ``id`` of its values (each row has its own dict: what :meth:`lookup` gives).
    rows: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: The names of the rows that matched an input so far.
    used: set[str] = field(default_factory=set)

    def lookup(self, raw: RawInput) -> dict[str, str] | None:
        keys = [raw.source, os.path.abspath(raw.source) if "://" not in raw.source else ""]
        keys.append(str(raw.metadata.get("url", "")))
        for key in keys:
            if key and key in self.by_key:
                return self.by_key[key]
        named = self.by_name.get(os.path.basename(raw.source), [])
        return named[0] if len(named) == 1 else None

    def unmatched(self) -> list[str]:
        """The rows no input matched so far, as ``name (what it names)``: a path or address
        written differently from the input's, most likely."""
        return [f"{name} ({key})" for name, key in self.rows.values() if name not in self.used]

    def apply(self, raw: RawInput) -> RawInput:
        """``raw`` with the sidecar's fields over its own metadata (sidecar dates as such)."""
        found = self.lookup(raw)
        if not found:
            return raw
        self.used.add(self.rows[id(found)][0])
        merged: dict[str, str] = dict(raw.metadata)
        if "date" in found:
            for key in ("date", "published", "published_at", "pubdate", "pub_date"):
                merged.pop(key, None)
            merged["date_provenance"] = "sidecar"
        merged.update(found)
        return replace(raw, metadata=merged)


def load_sidecar(path: str) -> Sidecar:
    """Read a sidecar; raises StorylineError when the file cannot be used at all."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as err:
        raise StorylineError(
            f"cannot read the metadata file {path}: {err.strerror or err}"
        ) from err
    try:
        text = decode_bytes(data).text
    except IngestError as err:
        raise StorylineError(f"cannot read the metadata file {path}: {err.reason}") from err
    sidecar = Sidecar(path)
    lowered = path.lower()
    rows = (
        _jsonl_rows(text, path, sidecar)
        if lowered.endswith((".jsonl", ".ndjson"))
        else (_csv_rows(text, path, sidecar))
    )
    folder = os.path.dirname(os.path.abspath(path))
    for name, row in rows:
        fields = {_ALIASES.get(k, k): v.strip() for k, v in row.items() if v and v.strip()}
        key = next((fields[k] for k in _KEY_COLUMNS if fields.get(k)), "")
        values = {k: fields[k] for k in _FIELDS if k in fields}
        if not key and not values.get("url"):
            sidecar.problems.append((name, "no path or url to match an input"))
            continue
        if "date" in values and parse_date(values["date"]) is None:
            # Said, not silently passed over: the date would otherwise be inferred instead.
            sidecar.problems.append(
                (name, f"date {values.pop('date')!r} is not a date (write it as YYYY-MM-DD)")
            )
        if not values:
            sidecar.problems.append((name, "no title, outlet, date, language, url or author"))
            continue
        sidecar.rows[id(values)] = (name, key or values.get("url", ""))
        if key:
            sidecar.by_key[key] = values
            if "://" not in key:
                resolved = key if os.path.isabs(key) else os.path.join(folder, key)
                sidecar.by_key[os.path.normpath(resolved)] = values
                sidecar.by_key[os.path.abspath(key)] = values
                sidecar.by_name.setdefault(os.path.basename(key), []).append(values)
        if values.get("url"):
            sidecar.by_key.setdefault(values["url"], values)
    if not sidecar.by_key and not sidecar.problems:
        raise StorylineError(f"the metadata file {path} has no rows")
    return sidecar


def _csv_rows(text: str, path: str, sidecar: Sidecar) -> Iterator[tuple[str, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    usable = set(header) & {*_KEY_COLUMNS, *_URL_COLUMNS}
    if not usable:
        raise StorylineError(
            f"the metadata file {path} needs a 'path' or 'url' column (header: {', '.join(header)})"
        )
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            sidecar.problems.append((f"{path}#{number}", f"malformed CSV: {err}"))
            return
        yield (
            f"{path}#{number}",
            {str(k).strip().lower(): str(v) for k, v in row.items() if k is not None and v},
        )


def _jsonl_rows(text: str, path: str, sidecar: Sidecar) -> Iterator[tuple[str, dict[str, str]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = loads_json(line)
        except json.JSONDecodeError as err:
            sidecar.problems.append((f"{path}#{number}", f"malformed JSON: {err.msg}"))
            continue
        if not isinstance(record, dict):
            sidecar.problems.append((f"{path}#{number}", "not a JSON object"))
            continue
        yield f"{path}#{number}", _strings(record)


def _strings(record: Mapping[str, object]) -> dict[str, str]:
    return {
        str(k).strip().lower(): str(v)
        for k, v in record.items()
        if isinstance(v, str | int | float) and not isinstance(v, bool)
    }
