"""Fuzzing every parser with Hypothesis: whatever the input, a parser returns or raises one of
the project's own errors (StorylineError and its kinds), never anything else. Inputs mix
arbitrary text and bytes with the fragments the parsers key on (dates, quote marks, numbers,
markup, CSV and JSON punctuation, WARC and gzip headers), so that the examples reach past the
first check."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyse.entities import find_mentions
from storyline.analyse.figures import find_figures
from storyline.analyse.numbers import parse_number, vague_amount
from storyline.analyse.quotes import find_quotes
from storyline.analyse.sentences import split_paragraphs, split_sentences
from storyline.analyse.timex import find_time_expressions
from storyline.errors import StorylineError
from storyline.ingest.dating import infer_from_content
from storyline.ingest.decode import decode_bytes
from storyline.ingest.feeds import looks_like_feed, parse_feed
from storyline.ingest.html import extract_html, looks_like_html
from storyline.ingest.language import detect_language
from storyline.ingest.outlet import outlet_from_url, read_outlet
from storyline.ingest.sidecar import load_sidecar
from storyline.ingest.tables import iter_csv, iter_json, iter_jsonl, parse_columns
from storyline.ingest.textdate import (
    find_dateline_day,
    find_text_dates,
    is_date_line,
    parse_date,
)
from storyline.ingest.warc import iter_warc
from storyline.models import DateInterval

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_FRAGMENTS = [
    # dates and times, English and Spanish
    "January 5", "5 March 2024", "2024-02-30", "2024-13-01", "12/31/1999", "31/12/99", "Mon.",
    "last week", "next year", "on Friday", "in the 1990s", "Q3 2023", "el 5 de marzo de 2024",
    "ayer", "9:30 p.m.", "2024", "0000", "99999999", "Updated:", "Published",
    # quotes and speech
    '"', "“", "”", "‘", "’", "«", "»", "'", "said", "told reporters", "according to", "he said.",
    "— ", " - ", "(Reuters) -", ":", ";",
    # numbers and figures
    "$", "1,000", "1.5", "%", "million", "billion", "three", "half", "about", "more than", "-",
    "€", "km", "1e308", "0.000", "½",
    # names and words
    "Biden", "Mr.", "President", "the U.S.", "Mexico City", "López", "said Tuesday", "The", "a",
    # structure and markup
    "\n", "\n\n", "\r\n", "\t", " ", ".", ",", "<p>", "</p>", "<html>", "<title>", "<meta ",
    'property="article:published_time" content="', "<script>", "&amp;", "&#0;", "<!--",
    "<rss>", "<item>", "<link>", "</", "CDATA[", "{", "}", "[", "]", '"text":', "null", "\\",
    "\x00", "\ufeff", "\u200b", "\ud7ff", "\U0001f600",
    # other languages' numbers, quotes, names and datelines
    "221.000", "3,2", "1.234,5", "millones", "mil millones", "de euros", "más de", "unas",
    "según dijo", "afirmó", "el secretario de Estado,", "Cumbre de las Américas", "Ana Pérez",
    "Panamá, 20 abr (EFE).-", "este miércoles", "<h1>", "</h1>",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=8)), max_size=40).map(
        " ".join
    ),
)
blobs = st.one_of(st.binary(max_size=400), texts.map(lambda t: t.encode("utf-8", "replace")))


def ours(call: Callable[[], Any]) -> Any:
    """The call's result, or None when it raised one of the project's errors."""
    with contextlib.suppress(StorylineError):
        return call()
    return None


def drain(items: Iterator[Any]) -> list[Any]:
    return list(items)


@FUZZ
@given(blobs, st.sampled_from(["", "utf-8", "latin-1", "shift_jis", "bogus-charset"]))
def test_decoding(data: bytes, declared: str) -> None:
    ours(lambda: decode_bytes(data, declared))


@FUZZ
@given(texts)
def test_text_dates(text: str) -> None:
    found = ours(lambda: find_text_dates(text))
    for candidate in found or []:
        assert isinstance(candidate.date, dt.date)
    ours(lambda: parse_date(text))
    ours(lambda: is_date_line(text))


@FUZZ
@given(texts, st.sampled_from(["en", "es", "und"]), st.booleans())
def test_time_expressions_and_inferred_dates(text: str, language: str, anchored: bool) -> None:
    sentences = split_sentences("a", text)
    anchor = DateInterval(dt.date(2024, 3, 5), dt.date(2024, 3, 5)) if anchored else None
    mentions = ours(lambda: find_time_expressions("a", text, sentences, anchor, language))
    for mention in mentions or []:
        assert 0 <= mention.start <= mention.end <= len(text)
    ours(lambda: infer_from_content(text, mentions or [], collected_on=dt.date(2026, 11, 23)))


@FUZZ
@given(texts)
def test_sentences(text: str) -> None:
    for start, end in ours(lambda: split_paragraphs(text)) or []:
        assert 0 <= start <= end <= len(text)
    for sentence in ours(lambda: split_sentences("a", text)) or []:
        assert text[sentence.start : sentence.end] == sentence.text


@FUZZ
@given(texts, st.sampled_from(["en", "es"]))
def test_quotes(text: str, language: str) -> None:
    sentences = split_sentences("a", text)
    ours(lambda: find_quotes("a", text, sentences, [], language))


@FUZZ
@given(texts, st.sampled_from(["en", "es", "de"]))
def test_figures_and_numbers(text: str, language: str) -> None:
    sentences = split_sentences("a", text)
    for figure in ours(lambda: find_figures("a", text, sentences, language=language)) or []:
        assert 0 <= figure.start < figure.end <= len(text)
    ours(lambda: parse_number(text))
    ours(lambda: parse_number(text, "million"))
    ours(lambda: vague_amount(text))


@FUZZ
@given(texts, st.sampled_from(["", "https://www.example.org/news/a", "not a url", "http://[::1"]))
def test_html_outlet_and_language(text: str, url: str) -> None:
    ours(lambda: looks_like_html(text))
    ours(lambda: extract_html(text, url=url))
    ours(lambda: read_outlet(text, url=url))
    ours(lambda: outlet_from_url(text))
    ours(lambda: outlet_from_url(url))
    assert isinstance(ours(lambda: detect_language(text)) or "", str)


@FUZZ
@given(texts)
def test_names_without_an_ner_model_and_datelines(text: str) -> None:
    for mention in ours(lambda: find_mentions("a", text, split_sentences("a", text), "es")) or []:
        assert text[mention.start : mention.end] == mention.text
    ours(lambda: find_dateline_day(text))


#: JSON documents of any shape: what an API's answer may hold around its records.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "articles", "data", "items", "page", "x"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@FUZZ
@given(json_values)
def test_json_of_any_shape(value: Any) -> None:
    import json

    ours(lambda: drain(iter_json(json.dumps(value), "t.json", {})))


@FUZZ
@given(texts, st.sampled_from([{}, {"text": "body", "title": "headline"}]))
def test_tables(text: str, columns: dict[str, str]) -> None:
    for reader in (iter_csv, iter_jsonl, iter_json):
        ours(lambda reader=reader: drain(reader(text, "t.csv", columns)))  # type: ignore[misc]
    # The column mapping is a command-line value: its contract is a ValueError naming the part
    # that is wrong (the CLI turns it into a usage error).
    with contextlib.suppress(ValueError):
        ours(lambda: parse_columns(text))


@FUZZ
@given(blobs, st.sampled_from(["", "application/rss+xml", "text/html"]))
def test_feeds(data: bytes, content_type: str) -> None:
    ours(lambda: looks_like_feed(data, content_type))
    ours(lambda: parse_feed(data, "https://example.org/feed"))
    ours(lambda: parse_feed(b"<rss><channel><item>" + data, ""))


_WARC_HEAD = (
    b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
    b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
)


@FUZZ
@given(blobs, st.integers(0, 600), st.booleans())
def test_warc(data: bytes, length: int, zipped: bool) -> None:
    for raw in (data, _WARC_HEAD + str(length).encode() + b"\r\n\r\n" + data):
        archive = gzip.compress(raw) if zipped else raw
        # A cut gzip member is a damaged archive too.
        for body in (archive, archive[: len(archive) // 2]):
            ours(lambda body=body: drain(iter_warc(io.BytesIO(body), "a.warc", max_bytes=10_000)))  # type: ignore[misc]


@FUZZ
@given(blobs, st.sampled_from(["meta.csv", "meta.jsonl", "meta.json", "meta.txt"]))
def test_sidecar(tmp_path_factory: Any, data: bytes, name: str) -> None:
    path = Path(tmp_path_factory.mktemp("sidecar")) / name
    path.write_bytes(b"path,title,date\n" + data if name.endswith(".csv") else data)
    ours(lambda: load_sidecar(str(path)))
