"""The export as flat tables — articles, entities, quotes, figures, timeline, events, happenings,
discrepancies, failures — for spreadsheets, pandas and Datasette: one CSV file or one Parquet
file per table. A discrepancy has a row per side (what each group of sources reported).

Built from the JSON export (the contract), so the tables say exactly what the JSON says. A
list-valued column (aliases, sources, citations) is a list in Parquet and ``; ``-joined text in
CSV. CSV is UTF-8 with a header row; a cell that a spreadsheet would run as a formula (it
starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading ``'``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from storyline.errors import StorylineError

TABLES = (
    "articles",
    "entities",
    "quotes",
    "figures",
    "timeline",
    "events",
    "happenings",
    "discrepancies",
    "failures",
)
Row = dict[str, Any]


def tables(doc: Mapping[str, Any]) -> dict[str, list[Row]]:
    """Every table's rows, each a dict of column → value, from an export document."""
    articles = [
        {
            "id": a["id"],
            "source": a["source"],
            "url": a["url"],
            "title": a["title"],
            "outlet": a["outlet"],
            "author": a["author"],
            "language": a["language"],
            "published_start": a["published"]["start"],
            "published_end": a["published"]["end"],
            "published_best": a["published"]["best"],
            "published_granularity": a["published"]["granularity"],
            "published_provenance": a["published"]["provenance"],
            "duplicate_of": a["duplicate_of"],
            "dependency": (a["dependency"] or {}).get("kind"),
            "text": a["text"],
        }
        for a in doc["articles"]
    ]
    entities = [
        {
            "id": e["id"],
            "name": e["name"],
            "type": e["type"],
            "aliases": list(e["aliases"]),
            "roles": list(e["roles"]),
            "mentions": e["mentions"],
            "articles": len(e["articles"]),
        }
        for e in doc["entities"]
    ]
    quotes = [
        {
            "article": q["article"],
            "start": q["start"],
            "end": q["end"],
            "text": q["text"],
            "kind": q["kind"],
            "cue": q["cue"],
            "speaker": q["speaker"]["name"],
            "speaker_entity": q["speaker"]["entity"],
            "speaker_description": q["speaker"]["description"],
        }
        for q in doc["quotes"]
    ]
    figures = [
        {
            "article": f["article"],
            "start": f["start"],
            "end": f["end"],
            "text": f["text"],
            "value": float(f["value"]),
            "modifier": f["modifier"],
            "unit": f["unit"],
            "counted": f["counted"],
            "time": f["time"],
            "place": f["place"],
        }
        for f in doc["figures"]
    ]
    timeline = [
        {
            "story_id": story["id"],
            "story_title": story["title"],
            "seq": seq,
            **_date_columns(entry["date"]),
            "status": entry["status"],
            "summary": " ".join(s["text"] for s in entry["summary"]),
            "citations": [_citation(c) for s in entry["summary"] for c in s["citations"]],
            "sources": list(entry["sources"]),
            "independent_sources": entry["independent_sources"],
            "single_source": entry["single_source"],
            "discrepancies": list(entry["discrepancies"]),
        }
        for story in doc["stories"]
        for seq, entry in enumerate(story["timeline"])
    ]
    events = [
        {
            "id": e["id"],
            "title": e["title"],
            **_date_columns(e["date"]),
            "articles": list(e["article_ids"]),
        }
        for e in doc.get("events", [])
    ]
    happenings = [
        {
            "id": h["id"],
            "title": h["title"],
            **_date_columns(h["date"]),
            "status": h["status"],
            "participants": list(h["participants"]),
            "place": h["place"],
            "articles": sorted({r["article"] for r in h["reports"]}),
            "citations": [_citation(r) for r in h["reports"]],
        }
        for h in doc.get("happenings", [])
    ]
    discrepancies = [
        {
            "id": d["id"],
            "kind": d["kind"],
            "subject": d["subject"],
            "verdict": d["verdict"],
            "side": side_seq,
            "value": side["value"],
            "articles": list(side["articles"]),
            "citations": [_citation(c) for c in side["citations"]],
        }
        for d in doc.get("discrepancies", [])
        for side_seq, side in enumerate(d["sides"])
    ]
    failures = [
        {"source": f["source"], "stage": f["stage"], "reason": f["reason"]}
        for f in doc.get("failures", [])
    ]
    return {
        "articles": articles,
        "entities": entities,
        "quotes": quotes,
        "figures": figures,
        "timeline": timeline,
        "events": events,
        "happenings": happenings,
        "discrepancies": discrepancies,
        "failures": failures,
    }


def _date_columns(date: Mapping[str, Any] | None) -> Row:
    date = date or {}
    return {
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "date_best": date.get("best"),
        "granularity": date.get("granularity"),
    }


def _citation(cited: Mapping[str, Any]) -> str:
    """A cited passage as ``article:start-end`` (characters of the article's text)."""
    return f"{cited['article']}:{cited['start']}-{cited['end']}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if value is None:
        return ""
    return value


def write_csv(doc: Mapping[str, Any], folder: Path) -> list[Path]:
    """One ``<table>.csv`` per table in ``folder``; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables(doc).items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=_columns(name))
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        written.append(path)
    return written


def write_parquet(doc: Mapping[str, Any], folder: Path) -> list[Path]:
    """One ``<table>.parquet`` per table in ``folder`` (needs pyarrow: ``storyline[tables]``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StorylineError(
            "Parquet export needs pyarrow: pip install 'storyline[tables]'"
        ) from exc
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables(doc).items():
        schema = pa.schema([(column, _ARROW[kind]()) for column, kind in _SCHEMAS[name]])
        columns = {c: [row[c] for row in rows] for c, _ in _SCHEMAS[name]}
        path = folder / f"{name}.parquet"
        pq.write_table(pa.Table.from_pydict(columns, schema=schema), path)
        written.append(path)
    return written


def _columns(name: str) -> list[str]:
    return [column for column, _ in _SCHEMAS[name]]


def _list_of_strings() -> Any:
    import pyarrow as pa

    return pa.list_(pa.string())


def _arrow(kind: str) -> Any:
    def make() -> Any:
        import pyarrow as pa

        return getattr(pa, kind)()

    return make


_ARROW = {
    "str": _arrow("string"),
    "int": _arrow("int64"),
    "float": _arrow("float64"),
    "bool": _arrow("bool_"),
    "strings": _list_of_strings,
}

#: A date's columns (:func:`_date_columns`).
_DATE_COLUMNS = [
    ("date_start", "str"),
    ("date_end", "str"),
    ("date_best", "str"),
    ("granularity", "str"),
]

#: Every table's columns and their types (the same for CSV and Parquet).
_SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "str"),
        ("source", "str"),
        ("url", "str"),
        ("title", "str"),
        ("outlet", "str"),
        ("author", "str"),
        ("language", "str"),
        ("published_start", "str"),
        ("published_end", "str"),
        ("published_best", "str"),
        ("published_granularity", "str"),
        ("published_provenance", "str"),
        ("duplicate_of", "str"),
        ("dependency", "str"),
        ("text", "str"),
    ],
    "entities": [
        ("id", "str"),
        ("name", "str"),
        ("type", "str"),
        ("aliases", "strings"),
        ("roles", "strings"),
        ("mentions", "int"),
        ("articles", "int"),
    ],
    "quotes": [
        ("article", "str"),
        ("start", "int"),
        ("end", "int"),
        ("text", "str"),
        ("kind", "str"),
        ("cue", "str"),
        ("speaker", "str"),
        ("speaker_entity", "str"),
        ("speaker_description", "str"),
    ],
    "figures": [
        ("article", "str"),
        ("start", "int"),
        ("end", "int"),
        ("text", "str"),
        ("value", "float"),
        ("modifier", "str"),
        ("unit", "str"),
        ("counted", "str"),
        ("time", "str"),
        ("place", "str"),
    ],
    "timeline": [
        ("story_id", "str"),
        ("story_title", "str"),
        ("seq", "int"),
        *_DATE_COLUMNS,
        ("status", "str"),
        ("summary", "str"),
        ("citations", "strings"),
        ("sources", "strings"),
        ("independent_sources", "int"),
        ("single_source", "bool"),
        ("discrepancies", "strings"),
    ],
    "events": [("id", "str"), ("title", "str"), *_DATE_COLUMNS, ("articles", "strings")],
    "happenings": [
        ("id", "str"),
        ("title", "str"),
        *_DATE_COLUMNS,
        ("status", "str"),
        ("participants", "strings"),
        ("place", "str"),
        ("articles", "strings"),
        ("citations", "strings"),
    ],
    "discrepancies": [
        ("id", "str"),
        ("kind", "str"),
        ("subject", "str"),
        ("verdict", "str"),
        ("side", "int"),
        ("value", "str"),
        ("articles", "strings"),
        ("citations", "strings"),
    ],
    "failures": [
        ("source", "str"),
        ("stage", "str"),
        ("reason", "str"),
    ],
}
