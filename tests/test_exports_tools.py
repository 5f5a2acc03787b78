"""The exports other tools open: TimelineJS JSON, CSV and Parquet tables, the GEXF entity graph,
and the `serve` command's options."""

from __future__ import annotations

import csv
import html
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.tell.export_gexf import gexf
from storyline.tell.export_tables import TABLES, tables, write_csv
from storyline.tell.export_timelinejs import timelinejs

GEXF = "{http://gexf.net/1.3}"


def _entries(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for s in doc["stories"] for e in s["timeline"]]


def test_timelinejs_has_one_event_per_dated_entry(seed_export: dict[str, Any]) -> None:
    out = timelinejs(seed_export)
    entries = [e for e in _entries(seed_export) if e["date"]]
    assert len(out["events"]) == len(entries)
    for event, entry in zip(out["events"], entries, strict=True):
        start = event["start_date"]
        assert start["year"] == entry["date"]["start"][:4]
        if entry["date"]["granularity"] == "day":
            assert (int(start["month"]), int(start["day"])) == tuple(
                int(x) for x in entry["date"]["start"][5:].split("-")
            )
        if entry["date"]["granularity"] == "year":
            assert "month" not in start
        assert html.escape(entry["summary"][0]["text"]) in event["text"]["text"]
    assert out["title"]["text"]["headline"] == seed_export["stories"][0]["title"]


def test_timelinejs_escapes_article_text() -> None:
    doc = {
        "articles": [{"id": "a", "outlet": "<b>Out</b>", "title": "t"}],
        "stories": [
            {
                "id": "s",
                "title": "<script>alert(1)</script>",
                "timeline": [
                    {
                        "date": {
                            "start": "2024-01-02",
                            "end": "2024-01-02",
                            "granularity": "day",
                            "best": "2024-01-02",
                        },
                        "status": "planned",
                        "summary": [{"text": "<img src=x onerror=alert(1)>", "citations": []}],
                        "sources": ["a"],
                        "independent_sources": 1,
                    }
                ],
            }
        ],
    }
    text = json.dumps(timelinejs(doc))
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_csv_tables_hold_every_row(seed_export: dict[str, Any], tmp_path: Path) -> None:
    written = write_csv(seed_export, tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{t}.csv" for t in TABLES)
    counts = {
        "articles": len(seed_export["articles"]),
        "entities": len(seed_export["entities"]),
        "quotes": len(seed_export["quotes"]),
        "figures": len(seed_export["figures"]),
        "timeline": len(_entries(seed_export)),
        "events": len(seed_export["events"]),
        "happenings": len(seed_export["happenings"]),
        # A row per side of each discrepancy.
        "discrepancies": sum(len(d["sides"]) for d in seed_export["discrepancies"]),
        "failures": len(seed_export["failures"]),
    }
    for name, count in counts.items():
        with (tmp_path / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == count, name
    with (tmp_path / "articles.csv").open(encoding="utf-8", newline="") as handle:
        articles = {r["id"]: r for r in csv.DictReader(handle)}
    for article in seed_export["articles"]:
        assert articles[article["id"]]["text"] == article["text"]  # newlines survive quoting
    # What the outlets disagree or agree on, side by side, each side citing its passages.
    assert seed_export["discrepancies"], "the seed story has discrepancies"
    with (tmp_path / "discrepancies.csv").open(encoding="utf-8", newline="") as handle:
        sides = list(csv.DictReader(handle))
    for discrepancy in seed_export["discrepancies"]:
        mine = [r for r in sides if r["id"] == discrepancy["id"]]
        assert [r["value"] for r in mine] == [side["value"] for side in discrepancy["sides"]]
        assert {r["subject"] for r in mine} == {discrepancy["subject"]}
        cited = "; ".join(
            f"{c['article']}:{c['start']}-{c['end']}" for c in discrepancy["sides"][0]["citations"]
        )
        assert mine[0]["citations"] == cited
    with (tmp_path / "happenings.csv").open(encoding="utf-8", newline="") as handle:
        happenings = {r["id"]: r for r in csv.DictReader(handle)}
    for happening in seed_export["happenings"]:
        row = happenings[happening["id"]]
        assert row["date_start"] == happening["date"]["start"]
        assert len(row["citations"].split("; ")) == len(happening["reports"])


def test_csv_defuses_spreadsheet_formulas(tmp_path: Path) -> None:
    doc = {
        "articles": [],
        "entities": [
            {
                "id": "e",
                "name": '=HYPERLINK("http://x")',
                "type": "PERSON",
                "aliases": ["@x"],
                "roles": [],
                "mentions": 1,
                "articles": ["a"],
            }
        ],
        "quotes": [],
        "figures": [],
        "stories": [],
    }
    write_csv(doc, tmp_path)
    with (tmp_path / "entities.csv").open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["name"] == '\'=HYPERLINK("http://x")' and row["aliases"] == "'@x"


def test_parquet_tables_match_the_rows(
    seed_db: Path, tmp_path: Path, seed_export: dict[str, Any]
) -> None:
    result = CliRunner().invoke(
        cli, ["export", "--db", str(seed_db), "--format", "parquet", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    expected = tables(seed_export)
    for name in TABLES:
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.num_rows == len(expected[name]), name
        assert table.to_pylist() == expected[name], name
    schema = pq.read_schema(tmp_path / "entities.parquet")
    assert str(schema.field("aliases").type).startswith("list<")


def test_gexf_graph_of_entities(seed_export: dict[str, Any]) -> None:
    root = ET.fromstring(gexf(seed_export).encode())
    nodes = root.findall(f".//{GEXF}node")
    assert {n.get("id") for n in nodes} == {e["id"] for e in seed_export["entities"]}
    edges = root.findall(f".//{GEXF}edge")
    assert edges
    copies = {a["id"] for a in seed_export["articles"] if a["duplicate_of"]}
    articles = {e["id"]: set(e["articles"]) - copies for e in seed_export["entities"]}
    for edge in edges[:200]:
        shared = articles[edge.get("source", "")] & articles[edge.get("target", "")]
        assert int(edge.get("weight", "0")) == len(shared)


def test_gexf_escapes_names() -> None:
    doc = {
        "articles": [{"id": "a", "duplicate_of": None}],
        "entities": [
            {
                "id": "e1",
                "name": '<A & "B">',
                "type": "ORG",
                "aliases": [],
                "mentions": 2,
                "articles": ["a"],
            },
            {
                "id": "e2",
                "name": "C",
                "type": "ORG",
                "aliases": ["x<y"],
                "mentions": 1,
                "articles": ["a"],
            },
        ],
    }
    root = ET.fromstring(gexf(doc).encode())
    labels = {n.get("label") for n in root.findall(f".//{GEXF}node")}
    assert labels == {'<A & "B">', "C"}
    (edge,) = root.findall(f".//{GEXF}edge")
    assert edge.get("weight") == "1"


@pytest.mark.parametrize("fmt", ["timelinejs", "gexf"])
def test_cli_writes_the_one_file_formats(seed_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"x.{fmt}"
    result = CliRunner().invoke(
        cli, ["export", "--db", str(seed_db), "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "timelinejs":
        assert json.loads(text)["events"]
    else:
        assert ET.fromstring(text.encode()).tag == f"{GEXF}gexf"


def test_cli_tables_need_a_folder(seed_db: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(seed_db), "--format", "csv"])
    assert result.exit_code != 0 and "-o DIR" in result.output


def test_serve_has_help_and_refuses_writes_without_a_token(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    help_text = CliRunner().invoke(cli, ["serve", "--help"])
    assert help_text.exit_code == 0 and "Examples:" in help_text.output
    assert "127.0.0.1" in help_text.output
    monkeypatch.delenv("STORYLINE_WRITE_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(seed_db), "--allow-writes"])
    assert result.exit_code != 0 and "STORYLINE_WRITE_TOKEN" in result.output
