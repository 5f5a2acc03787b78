"""The JSON export contract: the schema, the span and reference checks, and the docs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from storyline.errors import StorylineError
from storyline.tell.contract import (
    SCHEMA_PATH,
    ContractError,
    check_citations,
    check_consistency,
    load_schema,
    validate_export,
)

try:  # tests/ as a plain folder on sys.path, or as a package (with __init__.py)
    from fixtures_export import ID, TEXT, example_export
except ImportError:
    from .fixtures_export import ID, TEXT, example_export  # type: ignore[no-redef]

DOCS = Path(__file__).resolve().parents[1] / "docs" / "export-format.md"

Doc = dict[str, Any]


def _violations(doc: Any) -> list[str]:
    with pytest.raises(ContractError) as caught:
        validate_export(doc)
    return caught.value.violations


def _entry(doc: Doc, n: int = 0) -> Doc:
    return doc["stories"][0]["timeline"][n]  # type: ignore[no-any-return]


# -- the schema itself ----------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == schema


def test_load_schema_returns_a_copy_callers_may_change() -> None:
    load_schema()["required"].clear()
    assert "articles" in load_schema()["required"]


def _objects(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "properties" in node:
            yield path, node
        for key, value in node.items():
            yield from _objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{path}/{i}")


def test_every_object_in_the_schema_forbids_unknown_keys_and_requires_its_fields() -> None:
    objects = list(_objects(load_schema()))
    assert len(objects) > 15
    for path, node in objects:
        assert node.get("additionalProperties") is False, path
        optional = set(node["properties"]) - set(node.get("required", []))
        # Only the informational generator string may be left out.
        assert optional <= {"generator"}, (path, optional)


# -- the example passes ---------------------------------------------------------------------


def test_the_example_export_follows_the_contract() -> None:
    doc = example_export()
    validate_export(doc)
    assert check_citations(doc) == []
    assert check_consistency(doc) == []


def test_the_example_survives_a_json_round_trip() -> None:
    validate_export(json.loads(json.dumps(example_export(), ensure_ascii=False)))


def test_the_example_spans_quote_the_seed_texts() -> None:
    doc = example_export()
    for entry in doc["stories"][0]["timeline"]:
        for sentence in entry["summary"]:
            first = sentence["citations"][0]
            cited = TEXT[first["article"]][first["start"] : first["end"]]
            assert " ".join(cited.split()) == sentence["text"]
    for quote in doc["quotes"]:
        assert TEXT[quote["article"]][quote["start"] : quote["end"]] == quote["text"]


def test_the_example_has_the_variety_the_reports_must_show() -> None:
    doc = example_export()
    timeline = doc["stories"][0]["timeline"]
    assert {e["status"] for e in timeline} == {"happened", "planned", "ongoing"}
    assert {d["verdict"] for d in doc["discrepancies"]} >= {"agree", "variant", "contradiction"}
    assert any(a["published"]["provenance"] == "inferred" for a in doc["articles"])
    assert any(a["duplicate_of"] for a in doc["articles"])
    assert any(not e["single_source"] for e in timeline)
    assert any(q["speaker"]["entity"] is None for q in doc["quotes"])


# -- broken exports fail, naming the path ---------------------------------------------------

Mutation = Callable[[Doc], None]


def _set(path: str, value: Any) -> Mutation:
    """A mutation that sets ``a.b[0].c`` (dots and [n] indexes) to ``value``."""
    parts = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]

    def mutate(doc: Doc) -> None:
        node: Any = doc
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value

    return mutate


def _delete(path: str) -> Mutation:
    parts = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]

    def mutate(doc: Doc) -> None:
        node: Any = doc
        for part in parts[:-1]:
            node = node[part]
        del node[parts[-1]]

    return mutate


def _past_the_end(doc: Doc) -> None:
    citation = _entry(doc)["summary"][0]["citations"][0]
    citation["end"] = len(TEXT[citation["article"]]) + 1


BROKEN: list[tuple[str, Mutation, str, str]] = [
    # (case, mutation, path the message must name, words the message must contain)
    ("missing top-level key", _delete("failures"), "$", "'failures' is a required property"),
    ("missing article key", _delete("articles[0].title"), "$.articles[0]", "'title' is a required"),
    (
        "missing timeline key",
        _delete("stories[0].timeline[2].independent_sources"),
        "$.stories[0].timeline[2]",
        "'independent_sources' is a required property",
    ),
    ("wrong format", _set("format", "storyline"), "$.format", "storyline-export"),
    ("future version", _set("version", 2), "$.version", "1 was expected"),
    (
        "bad status enum",
        _set("stories[0].timeline[0].status", "rumoured"),
        "$.stories[0].timeline[0].status",
        "'rumoured' is not one of",
    ),
    (
        "bad verdict enum",
        _set("discrepancies[0].verdict", "maybe"),
        "$.discrepancies[0].verdict",
        "'maybe' is not one of",
    ),
    (
        "bad granularity",
        _set("articles[0].published.granularity", "fortnight"),
        "$.articles[0].published.granularity",
        "'fortnight' is not one of",
    ),
    (
        "bad dependency kind",
        _set("articles[2].dependency.kind", "plagiarism"),
        "$.articles[2].dependency.kind",
        "'plagiarism' is not one of",
    ),
    (
        "bad date pattern",
        _set("stories[0].timeline[3].date.start", "March 2022"),
        "$.stories[0].timeline[3].date.start",
        "does not match",
    ),
    (
        "impossible date",
        _set("stories[0].timeline[3].date.end", "2022-02-30"),
        "$.stories[0].timeline[3].date.end",
        "is not a 'date'",
    ),
    (
        "bad published date",
        _set("articles[1].published.start", "20/04/2022"),
        "$.articles[1].published.start",
        "does not match",
    ),
    (
        "bad nullable event date",
        _set("events[0].date", {"start": "2022-04-19", "end": "2022-04-21"}),
        "$.events[0].date",
        "'granularity' is a required property",
    ),
    (
        "extra article key",
        _set("articles[0].sentiment", 0.4),
        "$.articles[0]",
        "'sentiment' was unexpected",
    ),
    (
        "extra timeline key",
        _set("stories[0].timeline[0].score", 2.5),
        "$.stories[0].timeline[0]",
        "'score' was unexpected",
    ),
    ("extra top-level key", _set("sentiment", {}), "$", "'sentiment' was unexpected"),
    (
        "extra citation key",
        _set("stories[0].timeline[0].summary[0].citations[0].quote", "x"),
        "$.stories[0].timeline[0].summary[0].citations[0]",
        "'quote' was unexpected",
    ),
    (
        "count as a string",
        _set("stories[0].timeline[0].independent_sources", "1"),
        "$.stories[0].timeline[0].independent_sources",
        "is not of type 'integer'",
    ),
    (
        "zero independent sources",
        _set("stories[0].timeline[0].independent_sources", 0),
        "$.stories[0].timeline[0].independent_sources",
        "less than the minimum of 1",
    ),
    (
        "summary without sentences",
        _set("stories[0].timeline[0].summary", []),
        "$.stories[0].timeline[0].summary",
        "should be non-empty",
    ),
    (
        "sentence without citations",
        _set("stories[0].timeline[0].summary[0].citations", []),
        "$.stories[0].timeline[0].summary[0].citations",
        "should be non-empty",
    ),
    (
        "one-sided discrepancy",
        lambda doc: doc["discrepancies"][0]["sides"].pop(),
        "$.discrepancies[0].sides",
        "is too short",
    ),
    (
        "article id not a content hash",
        _set("stories[0].timeline[0].sources[0]", "not-an-id"),
        "$.stories[0].timeline[0].sources[0]",
        "does not match",
    ),
    (
        "negative offset",
        _set("quotes[0].start", -1),
        "$.quotes[0].start",
        "less than the minimum of 0",
    ),
    (
        "citation past the end of the text",
        _past_the_end,
        "$.stories[0].timeline[0].summary[0].citations[0]",
        "is not inside article",
    ),
    (
        "empty citation",
        lambda doc: _entry(doc, 1)["summary"][0]["citations"][0].update(start=40, end=40),
        "$.stories[0].timeline[1].summary[0].citations[0]",
        "span [40, 40)",
    ),
    (
        "quote span out of range",
        _set("quotes[2].end", 10**6),
        "$.quotes[2]",
        "is not inside article",
    ),
    (
        "figure span out of range",
        _set("figures[1].start", 10**6),
        "$.figures[1]",
        "is not inside article",
    ),
    (
        "report span out of range",
        _set("happenings[0].reports[0].end", 10**6),
        "$.happenings[0].reports[0]",
        "is not inside article",
    ),
    (
        "discrepancy citation out of range",
        _set("discrepancies[1].sides[0].citations[0].end", 10**6),
        "$.discrepancies[1].sides[0].citations[0]",
        "is not inside article",
    ),
    (
        "citation of an unknown article",
        _set("stories[0].timeline[0].summary[0].citations[0].article", "0123456789abcdef"),
        "$.stories[0].timeline[0].summary[0].citations[0].article",
        "no article '0123456789abcdef'",
    ),
    (
        "dangling duplicate_of",
        _set("articles[2].duplicate_of", "0123456789abcdef"),
        "$.articles[2].duplicate_of",
        "no article with id",
    ),
    (
        "dangling key entity",
        _set("stories[0].key_entities[1]", "e-nobody"),
        "$.stories[0].key_entities[1]",
        "no entity with id 'e-nobody'",
    ),
    (
        "dangling event id",
        _set("stories[0].event_ids[0]", "ev-nothing"),
        "$.stories[0].event_ids[0]",
        "no event with id",
    ),
    (
        "dangling story article",
        _set("stories[0].article_ids[0]", "0123456789abcdef"),
        "$.stories[0].article_ids[0]",
        "no article with id",
    ),
    (
        "dangling timeline source",
        _set("stories[0].timeline[0].sources[0]", "0123456789abcdef"),
        "$.stories[0].timeline[0].sources[0]",
        "no article with id",
    ),
    (
        "dangling happening id",
        _set("stories[0].timeline[0].happening_ids[0]", "h-nowhere"),
        "$.stories[0].timeline[0].happening_ids[0]",
        "no happening with id 'h-nowhere'",
    ),
    (
        "dangling discrepancy id",
        _set("stories[0].timeline[3].discrepancies[0]", "d-none"),
        "$.stories[0].timeline[3].discrepancies[0]",
        "no discrepancy with id 'd-none'",
    ),
    (
        "dangling speaker entity",
        _set("quotes[0].speaker.entity", "e-nobody"),
        "$.quotes[0].speaker.entity",
        "no entity with id",
    ),
    (
        "dangling event article",
        _set("events[0].article_ids[0]", "0123456789abcdef"),
        "$.events[0].article_ids[0]",
        "no article with id",
    ),
    (
        "dangling participant",
        _set("happenings[0].participants[0]", "e-nobody"),
        "$.happenings[0].participants[0]",
        "no entity with id",
    ),
    (
        "single_source contradicts the count",
        _set("stories[0].timeline[0].single_source", False),
        "$.stories[0].timeline[0].single_source",
        "must be true",
    ),
    (
        "more independent sources than articles",
        _set("stories[0].timeline[0].independent_sources", 3),
        "$.stories[0].timeline[0].independent_sources",
        "only 1 source articles",
    ),
    (
        "interval ending before it starts",
        _set("stories[0].timeline[3].date.end", "2022-02-01"),
        "$.stories[0].timeline[3].date",
        "ends (2022-02-01) before it starts",
    ),
    (
        "best day outside the interval",
        _set("happenings[0].date.best", "2023-01-01"),
        "$.happenings[0].date.best",
        "outside",
    ),
    (
        "half-known publication interval",
        _set("articles[0].published.end", None),
        "$.articles[0].published",
        "both null or both set",
    ),
    (
        "dependency without duplicate_of",
        _set("articles[2].duplicate_of", None),
        "$.articles[2]",
        "duplicate_of and dependency",
    ),
    (
        "duplicate story id",
        lambda doc: doc["stories"].append(json.loads(json.dumps(doc["stories"][0]))),
        "$.stories[1].id",
        "is also $.stories[0].id",
    ),
    (
        "cited article not counted as a source",
        lambda doc: _entry(doc, 0)["summary"][0]["citations"].append(
            {"article": ID["004"], "start": 0, "end": 10}
        ),
        "$.stories[0].timeline[0].summary[0].citations[1].article",
        "not counted among the entry's sources",
    ),
]


@pytest.mark.parametrize(
    ("mutation", "path", "words"),
    [pytest.param(m, p, w, id=case) for case, m, p, w in BROKEN],
)
def test_a_broken_export_fails_naming_the_path(mutation: Mutation, path: str, words: str) -> None:
    doc = example_export()
    mutation(doc)
    violations = _violations(doc)
    named = [v for v in violations if v.startswith(f"{path}: ")]
    assert named, violations
    assert any(words in v for v in named), named


def test_every_violation_is_listed_at_once() -> None:
    doc = example_export()
    del doc["articles"][0]["title"]
    doc["stories"][0]["timeline"][0]["status"] = "rumoured"
    doc["quotes"][0]["end"] = 10**6
    doc["stories"][0]["key_entities"].append("e-nobody")
    with pytest.raises(ContractError) as caught:
        validate_export(doc)
    error = caught.value
    assert isinstance(error, StorylineError)
    assert len(error.violations) == 4
    message = str(error)
    for path in (
        "$.articles[0]:",
        "$.stories[0].timeline[0].status:",
        "$.quotes[0]:",
        "$.stories[0].key_entities[6]:",
    ):
        assert path in message


def test_violations_come_in_document_order() -> None:
    doc = example_export()
    doc["failures"][0]["stage"] = 3
    doc["articles"][4]["language"] = "english"
    doc["articles"][0]["language"] = "EN"
    paths = [v.split(":")[0] for v in _violations(doc)]
    assert paths == ["$.articles[0].language", "$.articles[4].language", "$.failures[0].stage"]


@pytest.mark.parametrize("doc", [[], "storyline", None, {}])
def test_a_document_that_is_not_an_export_fails_cleanly(doc: Any) -> None:
    assert _violations(doc)


def test_the_reference_checks_survive_a_malformed_document() -> None:
    doc = example_export()
    doc["stories"][0]["timeline"][0]["summary"][0]["citations"] = "everything"
    doc["stories"][0]["key_entities"] = None
    doc["quotes"][0]["speaker"] = "Ebrard"
    doc["figures"][0]["start"] = "12"
    doc["articles"][1] = ["not", "an", "article"]
    assert isinstance(check_citations(doc), list)
    assert isinstance(check_consistency(doc), list)
    assert _violations(doc)


def test_null_speaker_entity_and_unknown_publication_date_are_allowed() -> None:
    doc = example_export()
    doc["quotes"][0]["speaker"]["entity"] = None
    doc["articles"][0]["published"] = {
        "start": None,
        "end": None,
        "best": None,
        "granularity": "unknown",
        "provenance": "unknown",
        "evidence": ["no date in metadata, text or content"],
    }
    doc["events"][0]["date"] = None
    validate_export(doc)


def test_an_empty_corpus_is_a_valid_export() -> None:
    validate_export(
        {
            "format": "storyline-export",
            "version": 1,
            **{
                key: []
                for key in (
                    "articles",
                    "entities",
                    "events",
                    "happenings",
                    "stories",
                    "quotes",
                    "figures",
                    "discrepancies",
                    "failures",
                )
            },
        }
    )


# -- the documentation ----------------------------------------------------------------------


def _property_names(node: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(node, dict):
        names |= set(node.get("properties", {}))
        for value in node.values():
            names |= _property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= _property_names(value)
    return names


def test_the_docs_describe_every_field() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    missing = sorted(name for name in _property_names(load_schema()) if f"`{name}`" not in docs)
    assert not missing, f"docs/export-format.md does not describe {missing}"


def test_the_docs_example_is_a_valid_export() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", docs, re.DOTALL)
    complete = [json.loads(b) for b in blocks if '"format": "storyline-export"' in b]
    assert complete, "the docs should show one complete export"
    for doc in complete:
        validate_export(doc)
    for block in blocks:
        json.loads(block)  # every excerpt is at least valid JSON
