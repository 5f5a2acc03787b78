"""TempEval-3 Task A: storyline's time-expression tagger scored on TimeML documents.

Each ``*.tml`` file under the data folder is read (:func:`read_timeml`): the text of its
``<TEXT>`` element with the tags taken out, the gold ``TIMEX3`` spans with their ``type`` and
``value``, and the document creation time (the ``TIMEX3`` with
``functionInDocument="CREATION_TIME"``), which is given to the tagger as the publication date.
The tagger (:func:`storyline.analyse.timex.find_time_expressions`) runs on that text alone.

Scores, as the TempEval-3 scorer defines them (UzZaman et al. 2013), micro-averaged over
every expression of every document:

- strict extent P/R/F1: a system expression counts when its span equals a gold span;
- relaxed extent P/R/F1: when it overlaps one (each gold matched at most once);
- ``type_accuracy`` / ``value_accuracy``: the share of relaxed matches with the right attribute;
- ``value_f1`` (and ``type_f1``): P/R/F1 counting only relaxed matches with the right attribute.

Offsets are characters rather than the scorer's tokens; with spans trimmed of white space the
two agree. Results are also given per top-level sub-folder (``TimeBank``, ``AQUAINT``) so a
held-out part can be read on its own. ``out_dir`` receives one TimeML file per document with
the predicted ``TIMEX3`` tags, for the official scorer.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from storyline.analyse.sentences import split_sentences
from storyline.analyse.timex import find_time_expressions
from storyline.errors import DataFormatError, DataNotFound
from storyline.models import DateInterval

#: A tag, a processing instruction, a comment, CDATA or a declaration.
_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<![^>]*>"
    r"|<(?P<close>/?)(?P<name>[A-Za-z_][\w.:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*?)"
    r"(?P<empty>/?)>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"([A-Za-z_][\w.:-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_DAY = re.compile(r"^(\d{4})-?(\d\d)-?(\d\d)")

Metrics = dict[str, Any]


@dataclass(frozen=True)
class Timex:
    """A time expression: a character span of the document text, its type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDocument:
    name: str
    text: str
    #: The creation time's value as written ("1998-01-08", "1998-08-07T06:18:00"); "" if none.
    dct_value: str
    dct: dt.date | None
    timexes: tuple[Timex, ...]


def read_timeml(markup: str, name: str = "") -> TimeMLDocument:
    """The text, gold time expressions and creation time of one TimeML document.

    Raises :class:`DataFormatError` (and nothing else) when the markup has no single
    ``<TEXT>`` element or its ``TIMEX3`` tags do not nest."""
    if not isinstance(markup, str):
        raise DataFormatError(f"{name or 'document'}: TimeML must be text")
    dct_value = ""
    in_text = 0
    seen_text = False
    parts: list[str] = []
    length = 0
    open_timexes: list[tuple[int, dict[str, str]]] = []
    timexes: list[Timex] = []
    position = 0
    for match in _MARKUP.finditer(markup):
        if in_text:
            chunk = html.unescape(markup[position : match.start()])
            parts.append(chunk)
            length += len(chunk)
        position = match.end()
        tag = match.group("name")
        if tag is None:
            continue
        closing = bool(match.group("close"))
        empty = bool(match.group("empty"))
        if tag == "TEXT":
            if closing:
                if not in_text:
                    raise DataFormatError(f"{name or 'document'}: </TEXT> without <TEXT>")
                if open_timexes:
                    raise DataFormatError(f"{name or 'document'}: TIMEX3 left open in TEXT")
                in_text = 0
            elif not empty:
                if in_text or seen_text:
                    raise DataFormatError(f"{name or 'document'}: more than one <TEXT>")
                in_text, seen_text = 1, True
            continue
        if tag != "TIMEX3":
            continue
        attributes = _attributes(match.group("attrs") or "")
        if attributes.get("functionInDocument") == "CREATION_TIME" and not closing:
            dct_value = dct_value or attributes.get("value", "")
        if not in_text:
            continue
        if closing:
            if not open_timexes:
                raise DataFormatError(f"{name or 'document'}: </TIMEX3> without <TIMEX3>")
            start, attrs = open_timexes.pop()
            text = "".join(parts)
            span = _trimmed(text, start, length)
            if span is not None:
                timexes.append(
                    Timex(
                        span[0],
                        span[1],
                        text[span[0] : span[1]],
                        attrs.get("type", ""),
                        attrs.get("value", ""),
                    )
                )
        elif not empty:
            open_timexes.append((length, attributes))
    if in_text:
        raise DataFormatError(f"{name or 'document'}: <TEXT> is never closed")
    if not seen_text:
        raise DataFormatError(f"{name or 'document'}: no <TEXT> element")
    return TimeMLDocument(
        name=name,
        text="".join(parts),
        dct_value=dct_value,
        dct=_date(dct_value),
        timexes=tuple(sorted(timexes, key=lambda t: (t.start, t.end))),
    )


def _attributes(text: str) -> dict[str, str]:
    return {
        m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3) or "")
        for m in _ATTRIBUTE.finditer(text)
    }


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _date(value: str) -> dt.date | None:
    match = _DAY.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


# -- tagging -------------------------------------------------------------------------------


def tag(document: TimeMLDocument) -> list[Timex]:
    """storyline's time expressions in the document's text, against its creation time."""
    sentences = split_sentences(document.name, document.text)
    anchor = DateInterval.day(document.dct) if document.dct else None
    mentions = find_time_expressions(document.name, document.text, sentences, anchor, "en")
    return [Timex(m.start, m.end, m.text, m.type, m.value) for m in mentions]


# -- scoring -------------------------------------------------------------------------------


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0
    documents: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def match(gold: Sequence[Timex], system: Sequence[Timex]) -> list[tuple[Timex, Timex]]:
    """Gold–system pairs that overlap, one-to-one, the largest overlaps first."""
    candidates = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                candidates.append((-overlap, i, j))
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _overlap, i, j in sorted(candidates):
        if i in used_gold or j in used_system:
            continue
        used_gold.add(i)
        used_system.add(j)
        pairs.append((gold[i], system[j]))
    return pairs


def count(gold: Sequence[Timex], system: Sequence[Timex]) -> Counts:
    counts = Counts(gold=len(gold), system=len(system), documents=1)
    for g, s in match(gold, system):
        counts.relaxed += 1
        counts.strict += (g.start, g.end) == (s.start, s.end)
        counts.type_correct += g.type.strip().upper() == s.type.strip().upper()
        counts.value_correct += _same_value(g.value, s.value)
    return counts


def _same_value(gold: str, system: str) -> bool:
    return gold.strip().upper() == system.strip().upper()


def metrics(counts: Counts) -> Metrics:
    def prf(hits: int, prefix: str) -> Metrics:
        p = hits / counts.system if counts.system else 0.0
        r = hits / counts.gold if counts.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {f"{prefix}_precision": p, f"{prefix}_recall": r, f"{prefix}_f1": f}

    result: Metrics = {"documents": counts.documents, "gold": counts.gold, "system": counts.system}
    result |= prf(counts.strict, "strict")
    result |= prf(counts.relaxed, "relaxed")
    result |= prf(counts.value_correct, "value")
    result |= prf(counts.type_correct, "type")
    result["type_accuracy"] = counts.type_correct / counts.relaxed if counts.relaxed else 0.0
    result["value_accuracy"] = counts.value_correct / counts.relaxed if counts.relaxed else 0.0
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}


# -- output --------------------------------------------------------------------------------


def to_timeml(document: TimeMLDocument, predicted: Sequence[Timex]) -> str:
    """The document as TimeML with the predicted TIMEX3 tags (non-overlapping, in order)."""
    text = document.text
    pieces = []
    position = 0
    for number, timex in enumerate(sorted(predicted, key=lambda t: t.start), start=1):
        if timex.start < position:
            continue
        pieces.append(escape(text[position : timex.start]))
        pieces.append(
            f'<TIMEX3 tid="t{number}" type={quoteattr(timex.type)} '
            f"value={quoteattr(timex.value)}>{escape(text[timex.start : timex.end])}</TIMEX3>"
        )
        position = timex.end
    pieces.append(escape(text[position:]))
    dct = ""
    if document.dct_value:
        dct = (
            f'<DCT><TIMEX3 tid="t0" type="DATE" value={quoteattr(document.dct_value)} '
            f'temporalFunction="false" functionInDocument="CREATION_TIME">'
            f"{escape(document.dct_value)}</TIMEX3></DCT>\n\n"
        )
    docid = escape(Path(document.name).stem)
    return (
        '<?xml version="1.0" ?>\n<TimeML>\n\n'
        f"<DOCID>{docid}</DOCID>\n\n{dct}<TEXT>{''.join(pieces)}</TEXT>\n\n</TimeML>\n"
    )


# -- the evaluation ------------------------------------------------------------------------


def timeml_files(data: Path) -> list[Path]:
    if not data.is_dir():
        raise DataNotFound(f"no TimeML folder at {data} (expected *.tml files, e.g. TBAQ-cleaned)")
    files = sorted(data.rglob("*.tml"))
    if not files:
        raise DataNotFound(f"no *.tml files under {data}")
    return files


def run(data: Path, out_dir: Path | None = None, *, files: Iterable[Path] | None = None) -> Metrics:
    """Score the tagger on every ``*.tml`` under ``data`` (or on ``files`` only)."""
    paths = sorted(files) if files is not None else timeml_files(data)
    total = Counts()
    parts: dict[str, Counts] = {}
    unreadable: list[str] = []
    for path in paths:
        relative = path.relative_to(data) if path.is_relative_to(data) else Path(path.name)
        try:
            markup = path.read_text(encoding="utf-8", errors="replace")
            document = read_timeml(markup, str(relative))
        except DataFormatError:
            unreadable.append(str(relative))
            continue
        predicted = tag(document)
        counts = count(document.timexes, predicted)
        total.add(counts)
        part = relative.parts[0] if len(relative.parts) > 1 else "."
        parts.setdefault(part, Counts()).add(counts)
        if out_dir is not None:
            target = out_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(to_timeml(document, predicted), encoding="utf-8")
    if total.documents == 0:
        raise DataNotFound(f"no readable TimeML document under {data}")
    result = metrics(total)
    if len(parts) > 1:
        result["parts"] = {name: metrics(c) for name, c in sorted(parts.items())}
    result["unreadable"] = unreadable
    result["matching"] = "TempEval-3 Task A, character spans, micro-averaged"
    return result
