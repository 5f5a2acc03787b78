"""The JSON export contract: its schema, and the checks a schema cannot express.

``validate_export`` is what consumers and tests call: it checks the document against
``schema/export.schema.json`` (draft 2020-12), then that every character span lies inside its
article's text and every id the document refers to exists, then a few consistency rules (date
intervals in order, source counts that add up). Every violation is reported at once, each with
the JSON path (``$.stories[0].timeline[3].summary[0].citations[1].end``) where it was found.

The human documentation of the contract is docs/export-format.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, TypeGuard

from storyline.errors import StorylineError

#: The schema file inside the installed package.
SCHEMA_PATH: Traversable = files("storyline") / "schema" / "export.schema.json"
FORMAT = "storyline-export"
VERSION = 1

#: Collections whose items carry an ``id`` that others refer to.
_COLLECTIONS = ("articles", "entities", "events", "happenings", "stories", "discrepancies")
_SINGULAR = {
    "articles": "article",
    "entities": "entity",
    "events": "event",
    "happenings": "happening",
    "stories": "story",
    "discrepancies": "discrepancy",
}


class ContractError(StorylineError):
    """An export does not follow the contract. ``violations`` lists every problem found, each
    as ``"<JSON path>: <what is wrong>"``."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = list(violations)
        shown = "\n".join(f"  - {v}" for v in self.violations)
        super().__init__(
            f"the export breaks its contract ({len(self.violations)} violation"
            f"{'' if len(self.violations) == 1 else 's'}):\n{shown}"
        )


def load_schema() -> dict[str, Any]:
    """The export's JSON Schema (a fresh copy: callers may change it)."""
    return json.loads(_schema_text())  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def validate_export(doc: Any) -> None:
    """Raise :class:`ContractError` listing every way ``doc`` breaks the contract: the schema,
    the spans and references (:func:`check_citations`) and consistency
    (:func:`check_consistency`)."""
    violations = schema_violations(doc)
    if isinstance(doc, Mapping):
        violations += check_citations(doc)
        violations += check_consistency(doc)
    if violations:
        raise ContractError(violations)


def schema_violations(doc: Any) -> list[str]:
    """What the JSON Schema finds wrong with ``doc``, as ``"<path>: <message>"``, in document
    order."""
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import best_match

    validator = Draft202012Validator(_schema(), format_checker=FormatChecker())
    found = []
    for error in validator.iter_errors(doc):
        # An alternative (``anyOf``) fails as a whole; its closest branch says why.
        while error.context:
            error = best_match(error.context)
        found.append((_sort_key(error.absolute_path), f"{error.json_path}: {error.message}"))
    return [message for _, message in sorted(found)]


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return load_schema()


def _sort_key(path: Iterable[Any]) -> tuple[tuple[int, str], ...]:
    return tuple((p, "") if isinstance(p, int) else (-1, str(p)) for p in path)


# -- spans and references ---------------------------------------------------------------------


def check_citations(doc: Mapping[str, Any]) -> list[str]:
    """Every span (citation, quote, figure, happening report) must lie inside its article's
    text (``0 <= start < end <= len(text)``) and every id the document refers to must exist.
    Tolerates a document that fails the schema: what cannot be read is skipped."""
    problems: list[str] = []
    texts = {
        a["id"]: a["text"]
        for a in _items(doc, "articles")
        if isinstance(a.get("id"), str) and isinstance(a.get("text"), str)
    }
    known = {name: _ids(doc, name) for name in _COLLECTIONS}

    def span(path: str, item: Mapping[str, Any]) -> None:
        article, start, end = item.get("article"), item.get("start"), item.get("end")
        if not isinstance(article, str) or not _is_int(start) or not _is_int(end):
            return
        if article not in texts:
            problems.append(f"{path}.article: no article {article!r}")
            return
        size = len(texts[article])
        if not 0 <= start < end <= size:
            problems.append(
                f"{path}: span [{start}, {end}) is not inside article {article}'s text"
                f" ({size} characters; need 0 <= start < end <= {size})"
            )

    def refs(path: str, values: Any, collection: str) -> None:
        if values is None:
            return
        if isinstance(values, str):
            values, at = [values], [path]
        elif isinstance(values, list):
            at = [f"{path}[{i}]" for i in range(len(values))]
        else:
            return
        kind = _SINGULAR[collection]
        for where, value in zip(at, values, strict=True):
            if isinstance(value, str) and value not in known[collection]:
                problems.append(f"{where}: no {kind} with id {value!r}")

    for i, article in _enumerate(doc, "articles"):
        refs(f"$.articles[{i}].duplicate_of", article.get("duplicate_of"), "articles")
    for i, entity in _enumerate(doc, "entities"):
        refs(f"$.entities[{i}].articles", entity.get("articles"), "articles")
        for j, variant in _enumerate(entity, "variants"):
            refs(f"$.entities[{i}].variants[{j}].articles", variant.get("articles"), "articles")
    for i, event in _enumerate(doc, "events"):
        refs(f"$.events[{i}].article_ids", event.get("article_ids"), "articles")
    for i, happening in _enumerate(doc, "happenings"):
        refs(f"$.happenings[{i}].participants", happening.get("participants"), "entities")
        for j, report in _enumerate(happening, "reports"):
            span(f"$.happenings[{i}].reports[{j}]", report)
    for i, story in _enumerate(doc, "stories"):
        at = f"$.stories[{i}]"
        refs(f"{at}.key_entities", story.get("key_entities"), "entities")
        refs(f"{at}.event_ids", story.get("event_ids"), "events")
        refs(f"{at}.article_ids", story.get("article_ids"), "articles")
        for j, entry in _enumerate(story, "timeline"):
            here = f"{at}.timeline[{j}]"
            refs(f"{here}.sources", entry.get("sources"), "articles")
            refs(f"{here}.happening_ids", entry.get("happening_ids"), "happenings")
            refs(f"{here}.discrepancies", entry.get("discrepancies"), "discrepancies")
            for k, sentence in _enumerate(entry, "summary"):
                for m, citation in _enumerate(sentence, "citations"):
                    span(f"{here}.summary[{k}].citations[{m}]", citation)
    for i, quote in _enumerate(doc, "quotes"):
        speaker = quote.get("speaker")
        if isinstance(speaker, Mapping):
            refs(f"$.quotes[{i}].speaker.entity", speaker.get("entity"), "entities")
        span(f"$.quotes[{i}]", quote)
    for i, figure in _enumerate(doc, "figures"):
        span(f"$.figures[{i}]", figure)
    for i, discrepancy in _enumerate(doc, "discrepancies"):
        for j, side in _enumerate(discrepancy, "sides"):
            here = f"$.discrepancies[{i}].sides[{j}]"
            refs(f"{here}.articles", side.get("articles"), "articles")
            for k, citation in _enumerate(side, "citations"):
                span(f"{here}.citations[{k}]", citation)
    return problems


# -- consistency --------------------------------------------------------------------------------


def check_consistency(doc: Mapping[str, Any]) -> list[str]:
    """Rules that tie fields together: ids unique, intervals in order with ``best`` inside,
    a dependency exactly where there is a ``duplicate_of``, source counts that add up, cited
    articles among an entry's sources and the story's articles."""
    problems: list[str] = []
    for name in _COLLECTIONS:
        seen: dict[str, int] = {}
        for i, item in _enumerate(doc, name):
            value = item.get("id")
            if not isinstance(value, str):
                continue
            if value in seen:
                problems.append(f"$.{name}[{i}].id: {value!r} is also $.{name}[{seen[value]}].id")
            else:
                seen[value] = i

    for i, article in _enumerate(doc, "articles"):
        at = f"$.articles[{i}]"
        published = article.get("published")
        if isinstance(published, Mapping):
            problems += _interval_problems(f"{at}.published", published, nullable=True)
        original, dependency = article.get("duplicate_of"), article.get("dependency")
        if (original is None) != (dependency is None):
            problems.append(f"{at}: duplicate_of and dependency must be both null or both set")
        if original is not None and original == article.get("id"):
            problems.append(f"{at}.duplicate_of: an article cannot depend on itself")
    for i, event in _enumerate(doc, "events"):
        if isinstance(event.get("date"), Mapping):
            problems += _interval_problems(f"$.events[{i}].date", event["date"])
    for i, happening in _enumerate(doc, "happenings"):
        if isinstance(happening.get("date"), Mapping):
            problems += _interval_problems(f"$.happenings[{i}].date", happening["date"])
    for i, story in _enumerate(doc, "stories"):
        story_articles = _strings(story.get("article_ids"))
        for j, entry in _enumerate(story, "timeline"):
            problems += _entry_problems(f"$.stories[{i}].timeline[{j}]", entry, story_articles)
    for i, discrepancy in _enumerate(doc, "discrepancies"):
        for j, side in _enumerate(discrepancy, "sides"):
            articles = _strings(side.get("articles"))
            for k, citation in _enumerate(side, "citations"):
                cited = citation.get("article")
                if isinstance(cited, str) and cited not in articles:
                    problems.append(
                        f"$.discrepancies[{i}].sides[{j}].citations[{k}].article: {cited!r} is"
                        " not among the side's articles"
                    )
    return problems


def _entry_problems(at: str, entry: Mapping[str, Any], story_articles: set[str]) -> list[str]:
    problems = []
    if isinstance(entry.get("date"), Mapping):
        problems += _interval_problems(f"{at}.date", entry["date"])
    sources = _strings(entry.get("sources"))
    independent = entry.get("independent_sources")
    if _is_int(independent):
        if sources and independent > len(sources):
            problems.append(
                f"{at}.independent_sources: {independent} independent sources but only"
                f" {len(sources)} source articles"
            )
        single = entry.get("single_source")
        if isinstance(single, bool) and single != (independent <= 1):
            problems.append(
                f"{at}.single_source: must be {str(independent <= 1).lower()} when"
                f" independent_sources is {independent}"
            )
    for a in sorted(sources - story_articles):
        problems.append(f"{at}.sources: article {a!r} is not one of the story's articles")
    for k, sentence in _enumerate(entry, "summary"):
        for m, citation in _enumerate(sentence, "citations"):
            cited = citation.get("article")
            if isinstance(cited, str) and cited not in sources:
                problems.append(
                    f"{at}.summary[{k}].citations[{m}].article: {cited!r} is cited but not"
                    " counted among the entry's sources"
                )
    return problems


def _interval_problems(at: str, date: Mapping[str, Any], *, nullable: bool = False) -> list[str]:
    start, end, best = (_day(date.get(k)) for k in ("start", "end", "best"))
    if nullable and date.get("start") is None and date.get("end") is None:
        if date.get("best") is not None:
            return [f"{at}.best: a best day without an interval"]
        return []
    if nullable and (date.get("start") is None or date.get("end") is None):
        return [f"{at}: start and end must be both null or both set"]
    if start is None or end is None:
        return []  # malformed days are the schema's to report
    if end < start:
        return [f"{at}: the interval ends ({end}) before it starts ({start})"]
    if best is not None and not start <= best <= end:
        return [f"{at}.best: {best} is outside [{start}, {end}]"]
    return []


# -- reading a document that may be malformed ---------------------------------------------------


def _items(container: Any, key: str) -> Iterator[Mapping[str, Any]]:
    for _, item in _enumerate(container, key):
        yield item


def _enumerate(container: Any, key: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if not isinstance(container, Mapping):
        return
    values = container.get(key)
    if not isinstance(values, list):
        return
    for i, item in enumerate(values):
        if isinstance(item, Mapping):
            yield i, item


def _ids(doc: Mapping[str, Any], key: str) -> set[str]:
    return {item["id"] for item in _items(doc, key) if isinstance(item.get("id"), str)}


def _strings(values: Any) -> set[str]:
    if not isinstance(values, list):
        return set()
    return {v for v in values if isinstance(v, str)}


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _day(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
