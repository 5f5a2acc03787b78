"""PolNeAR attribution: storyline's quote and attribution extractor scored against brat spans.

Layout (PolNeAR, Newell et al. LREC 2018): ``text/<name>.txt`` and
``attributions/<name>_<annotator>.ann``, brat standoff. ``T`` lines are ``Source``, ``Cue``,
``Content`` (and ``Attribution``) spans, possibly discontinuous (``0 5;9 12``); an ``E`` line
ties one attribution together (``Attribution:T4 Content:T3 Cue:T2 Source:T1``). A text with
several annotators is scored against each, and the scores averaged per text.

The extractor (:func:`storyline.analyse.quotes.find_attributions`) runs on the text with
storyline's own sentences and NER mentions, as in a build. Each predicted quote gives a cue,
a source phrase (as written next to the cue: "he", "a campaign aide") and a content span;
quotes sharing a cue are one attribution with their contents joined.

Scores (micro-averaged over the texts' attributions, then over annotators):

- cue P/R/F1: predicted and gold cues match one-to-one when their spans overlap;
- source P/R/F1, given a matched cue: a source is right when it overlaps the gold source;
  precision over matched pairs where storyline names a source, recall over those where the
  annotator marked one;
- content token-overlap F1: over matched pairs, the tokens of the predicted content against the
  gold content (precision and recall summed over pairs).

``out_dir`` receives ``attributions/<name>_storyline.ann`` in the same brat layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import DataFormatError, DataNotFound

Spans = tuple[tuple[int, int], ...]
Metrics = dict[str, Any]

_TOKEN = re.compile(r"\w+|[^\w\s]")
_T_LINE = re.compile(r"^T(\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?")
_E_LINE = re.compile(r"^E(\d+)\t(.*)$")


@dataclass(frozen=True)
class BratAttribution:
    """One attribution: cue, source (may be empty) and content, each as character spans."""

    cue: Spans
    source: Spans
    content: Spans


def read_brat(ann: str, text_length: int | None = None, name: str = "") -> list[BratAttribution]:
    """The attributions of one brat ``.ann`` file.

    Raises :class:`DataFormatError` (and nothing else) when a ``T`` line's offsets are not
    numbers in order (or run past ``text_length``), or an ``E`` line names a missing ``T``."""
    if not isinstance(ann, str):
        raise DataFormatError(f"{name or 'annotation'}: brat standoff must be text")
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[list[tuple[str, str]]] = []
    for number, line in enumerate(ann.splitlines(), start=1):
        if line.startswith("T"):
            match = _T_LINE.match(line)
            if not match:
                if re.match(r"^T\d+\t", line):
                    raise DataFormatError(f"{name}:{number}: unreadable span line")
                continue  # text of a multi-line span spilling onto the next line
            fragments = []
            for piece in match.group(3).split(";"):
                start_text, end_text = piece.split()
                start, end = int(start_text), int(end_text)
                if end < start or (text_length is not None and end > text_length):
                    raise DataFormatError(f"{name}:{number}: span {start}-{end} is out of range")
                fragments.append((start, end))
            spans["T" + match.group(1)] = (match.group(2), tuple(fragments))
        elif line.startswith("E"):
            match = _E_LINE.match(line)
            if not match:
                continue
            roles = []
            for argument in match.group(2).split():
                role, _, target = argument.partition(":")
                if target:
                    roles.append((role, target))
            events.append(roles)
    result = []
    for roles in events:
        parts: dict[str, list[tuple[int, int]]] = {"Cue": [], "Source": [], "Content": []}
        for role, target in roles:
            base = re.sub(r"\d+$", "", role)
            if base not in parts:
                continue
            if target not in spans:
                raise DataFormatError(f"{name}: an attribution names {target}, which is absent")
            parts[base].extend(spans[target][1])
        if parts["Cue"]:
            result.append(
                BratAttribution(
                    tuple(sorted(parts["Cue"])),
                    tuple(sorted(parts["Source"])),
                    tuple(sorted(parts["Content"])),
                )
            )
    return result


def to_brat(attributions: Sequence[BratAttribution], text: str) -> str:
    """Attributions as brat standoff (T lines for each span, an E line tying them)."""
    lines: list[str] = []
    t = 0
    for e, attribution in enumerate(attributions, start=1):
        roles = []
        for role, fragments in (
            ("Source", attribution.source),
            ("Cue", attribution.cue),
            ("Content", attribution.content),
        ):
            if not fragments:
                continue
            t += 1
            offsets = ";".join(f"{s} {e_}" for s, e_ in fragments)
            surface = " ".join(text[s:e_] for s, e_ in fragments).replace("\n", " ")
            lines.append(f"T{t}\t{role} {offsets}\t{surface}")
            roles.append(f"{role}:T{t}")
        t += 1
        cue_start, cue_end = attribution.cue[0]
        lines.append(f"T{t}\tAttribution {cue_start} {cue_end}\t{text[cue_start:cue_end]}")
        lines.append(f"E{e}\tAttribution:T{t} " + " ".join(roles))
    return "\n".join(lines) + ("\n" if lines else "")


# -- prediction ----------------------------------------------------------------------------


def predict(name: str, text: str, *, model: bool = True) -> list[BratAttribution]:
    """storyline's attributions in ``text``, one per cue (``model``: with the learned cue
    model, :mod:`storyline.analyse.cue_model`; without it, the rules alone)."""
    from storyline.analyse.entities import find_mentions
    from storyline.analyse.quotes import find_attributions
    from storyline.analyse.sentences import split_sentences

    sentences = split_sentences(name, text)
    mentions = find_mentions(name, text, sentences, "en")
    by_cue: dict[tuple[int, int], tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    for found in find_attributions(
        name, text, sentences, mentions, "en", broad=True, learned=model
    ):
        quote = found.quote
        if quote.cue_start < 0:
            continue
        sources, contents = by_cue.setdefault((quote.cue_start, quote.cue_end), ([], []))
        if found.source_start >= 0 and (found.source_start, found.source_end) not in sources:
            sources.append((found.source_start, found.source_end))
        contents.append((quote.start, quote.end))
    return [
        BratAttribution((cue,), tuple(sorted(sources))[:1], tuple(sorted(contents)))
        for cue, (sources, contents) in sorted(by_cue.items())
    ]


# -- scoring -------------------------------------------------------------------------------


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    cue_matched: int = 0
    source_gold: int = 0
    source_system: int = 0
    source_right: int = 0
    content_gold_tokens: int = 0
    content_system_tokens: int = 0
    content_common_tokens: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _tokens(text: str, spans: Spans) -> set[tuple[int, int]]:
    return {
        (s + m.start(), s + m.end())
        for s, e in spans
        for m in _TOKEN.finditer(text[s:e])
        if m.group(0).isalnum() or "_" in m.group(0) or len(m.group(0)) > 1 or m.group(0).isalpha()
    }


def count(text: str, gold: Sequence[BratAttribution], system: Sequence[BratAttribution]) -> Counts:
    counts = Counts(gold=len(gold), system=len(system))
    candidates = sorted(
        (-_overlap(g.cue, s.cue), i, j)
        for i, g in enumerate(gold)
        for j, s in enumerate(system)
        if _overlap(g.cue, s.cue) > 0
    )
    used_gold: set[int] = set()
    used_system: set[int] = set()
    for _o, i, j in candidates:
        if i in used_gold or j in used_system:
            continue
        used_gold.add(i)
        used_system.add(j)
        g, s = gold[i], system[j]
        counts.cue_matched += 1
        counts.source_gold += bool(g.source)
        counts.source_system += bool(s.source)
        counts.source_right += bool(g.source and s.source and _overlap(g.source, s.source) > 0)
        gold_tokens = _tokens(text, g.content)
        system_tokens = _tokens(text, s.content)
        counts.content_gold_tokens += len(gold_tokens)
        counts.content_system_tokens += len(system_tokens)
        counts.content_common_tokens += len(gold_tokens & system_tokens)
    return counts


def _prf(hits: int, predicted: int, actual: int) -> tuple[float, float, float]:
    p = hits / predicted if predicted else 0.0
    r = hits / actual if actual else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def metrics(counts: Counts) -> Metrics:
    result: Metrics = {"gold": counts.gold, "system": counts.system}
    for prefix, (hits, predicted, actual) in {
        "cue": (counts.cue_matched, counts.system, counts.gold),
        "source": (counts.source_right, counts.source_system, counts.source_gold),
        "content": (
            counts.content_common_tokens,
            counts.content_system_tokens,
            counts.content_gold_tokens,
        ),
    }.items():
        p, r, f = _prf(hits, predicted, actual)
        result |= {f"{prefix}_precision": p, f"{prefix}_recall": r, f"{prefix}_f1": f}
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}


# -- the evaluation ------------------------------------------------------------------------


def documents(data: Path) -> list[tuple[Path, list[Path]]]:
    """Each text with its annotation files (``<name>_<annotator>.ann``)."""
    text_dir, ann_dir = data / "text", data / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DataNotFound(
            f"no PolNeAR split at {data} (expected text/ and attributions/ folders, e.g. "
            "../shared/data/polnear/dev)"
        )
    annotations: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        annotations.setdefault(stem, []).append(ann)
    found = [
        (text, annotations[text.stem])
        for text in sorted(text_dir.glob("*.txt"))
        if text.stem in annotations
    ]
    if not found:
        raise DataNotFound(f"no text under {text_dir} has an annotation in {ann_dir}")
    return found


def run(data: Path, out_dir: Path | None = None, *, limit: int | None = None) -> Metrics:
    """Score the extractor on every annotated text of a PolNeAR split (the first ``limit``)."""
    found = documents(data)[:limit] if limit else documents(data)
    per_annotator_total = Counts()
    unreadable: list[str] = []
    texts = 0
    for text_path, ann_paths in found:
        text = text_path.read_text(encoding="utf-8", errors="replace")
        golds = []
        for ann in ann_paths:
            try:
                golds.append(read_brat(ann.read_text(encoding="utf-8"), len(text), ann.name))
            except (DataFormatError, UnicodeDecodeError):
                unreadable.append(ann.name)
        if not golds:
            continue
        predicted = predict(text_path.stem, text)
        texts += 1
        # Each annotator counts 1/len(golds): texts with two annotators weigh as one text.
        shares = [count(text, gold, predicted) for gold in golds]
        per_annotator_total.add(_average(shares))
        if out_dir is not None:
            target = out_dir / "attributions" / f"{text_path.stem}_storyline.ann"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(to_brat(predicted, text), encoding="utf-8")
    if texts == 0:
        raise DataNotFound(f"no readable PolNeAR annotation under {data}")
    result = metrics(per_annotator_total)
    result["documents"] = texts
    result["unreadable"] = unreadable
    result["matching"] = (
        "cue: span overlap, one-to-one; source: overlap given a matched cue; "
        "content: token overlap over matched cues; annotators averaged per text"
    )
    return result


def _average(shares: Iterable[Counts]) -> Counts:
    items = list(shares)
    if len(items) == 1:
        return items[0]
    total = Counts()
    for item in items:
        total.add(item)
    averaged = Counts()
    for name in total.__dataclass_fields__:
        setattr(averaged, name, round(getattr(total, name) / len(items)))
    return averaged
