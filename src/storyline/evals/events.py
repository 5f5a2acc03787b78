"""Same-event and duplicate detection, scored on pairs of real articles labelled by reading.

The labels (``tests/data/event_pairs.jsonl``) name two articles by path — ``timeline17/...``
under the data folder, ``seeds/...`` in the bundled example corpus — and say whether they
report the same happening (``same_event``) and whether one is a copy or rewrite of the other
(``duplicate``: one wire story run by several outlets, a translation). No article text is
stored with the labels. Pairs: Timeline17 articles from different outlets on the same day of
one topic (a random sample stratified by how many words their leads share), the cross-outlet
pairs within two days that share the most 5-word shingles, and every pair of the seed story.

Every labelled article goes through the product's per-article stages; then duplicates and
events are found over all of them together, exactly as a build does (``find_duplicates``,
``cluster_events``). A pair is predicted "same event" when both articles end in one event,
and "duplicate" when they end in one dependency group (one points at the other, or both at
the same original). Reported: precision, recall and F1 of each, with the confusion counts.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import DataNotFound
from storyline.evals.t17 import detokenize
from storyline.evals.tls_corpus import analysed_corpus
from storyline.ingest.types import RawInput
from storyline.link.corpus import Corpus

REPO = Path(__file__).resolve().parents[3]
LABELS = REPO / "tests" / "data" / "event_pairs.jsonl"
SEEDS = REPO / "examples" / "seeds"
#: The seed story's collection day (as in the seed tests): it bounds undated articles.
SEEDS_COLLECTED_ON = dt.date(2026, 11, 23)


@dataclass(frozen=True)
class LabelledPair:
    a: str
    b: str
    same_event: bool
    duplicate: bool


def read_labels(path: Path = LABELS) -> list[LabelledPair]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append(
                LabelledPair(row["a"], row["b"], bool(row["same_event"]), bool(row["duplicate"]))
            )
    return rows


def _t17_root(data: Path) -> Path:
    """``data`` may be the shared data folder or its ``timeline17`` folder."""
    root = data / "timeline17" if (data / "timeline17").is_dir() else data
    folders = [p for p in root.iterdir() if p.is_dir()] if root.is_dir() else []
    if not any((p / "InputDocs").is_dir() for p in folders):
        raise DataNotFound(f"no Timeline17 folders under {data} (timeline17/<topic>_<source>)")
    return root


def _inputs(names: Sequence[str], data: Path) -> dict[str, RawInput]:
    """Each labelled name as the input a build would read: Timeline17 files detokenised with
    their folder date and outlet as sidecar metadata, seed files as they are."""
    found: dict[str, RawInput] = {}
    t17 = _t17_root(data) if any(n.startswith("timeline17/") for n in names) else data
    for name in names:
        kind, _, rest = name.partition("/")
        if kind == "timeline17":
            path = t17 / rest
            if not path.is_file():
                raise DataNotFound(f"labelled article {name} is not under {t17}")
            folder = rest.split("/", 1)[0]
            day = rest.split("/")[2]
            text = detokenize(path.read_text(encoding="utf-8", errors="replace"))
            found[name] = RawInput(
                source=name,
                data=text.encode("utf-8"),
                media_type="text/plain",
                metadata={"date": day, "outlet": folder.split("_", 1)[-1], "language": "en"},
            )
        elif kind == "seeds":
            path = SEEDS / rest
            found[name] = RawInput(str(path), path.read_bytes(), "text/plain", {})
        else:
            raise DataNotFound(f"unknown article {name} in the labels")
    return found


def run(data: Path, out_dir: Path | None = None, labels: Path = LABELS) -> dict[str, Any]:
    """Precision and recall of "same event" and "duplicate" over the labelled pairs; ``data``
    is the shared data folder (or its ``timeline17`` folder); ``out_dir`` receives
    ``pairs.jsonl`` (each pair with its label and prediction) and the analysed corpus cache."""
    from storyline.link.duplicates import find_duplicates
    from storyline.link.events import cluster_events
    from storyline.pipeline import article_id_for

    pairs = read_labels(labels)
    names = sorted({p.a for p in pairs} | {p.b for p in pairs})
    inputs = _inputs(names, data)
    cache = out_dir / "cache" if out_dir is not None else None
    t17_inputs = [r for n, r in inputs.items() if n.startswith("timeline17/")]
    seed_inputs = [r for n, r in inputs.items() if n.startswith("seeds/")]
    corpus = analysed_corpus(t17_inputs, dt.date(2012, 1, 1), cache)
    if seed_inputs:
        _merge(corpus, analysed_corpus(seed_inputs, SEEDS_COLLECTED_ON, cache))
    duplicates = find_duplicates(corpus)
    events = cluster_events(corpus, duplicates)
    event_of = {a: e.id for e in events for a in e.article_ids}
    original_of = {d.article_id: d.original_id for d in duplicates}
    id_of = {name: article_id_for(raw.data) for name, raw in inputs.items()}
    rows = []
    for pair in pairs:
        a, b = id_of[pair.a], id_of[pair.b]
        rows.append(
            {
                "a": pair.a,
                "b": pair.b,
                "same_event": pair.same_event,
                "predicted_same_event": event_of.get(a) == event_of.get(b),
                "duplicate": pair.duplicate,
                "predicted_duplicate": a == b or original_of.get(a, a) == original_of.get(b, b),
            }
        )
    metrics: dict[str, Any] = {
        "pairs": len(rows),
        "articles": len(corpus.articles),
        "same_event": _scores(rows, "same_event"),
        "duplicate": _scores(rows, "duplicate"),
        "events": len(events),
        "duplicates_found": len(duplicates),
    }
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        with (out_dir / "pairs.jsonl").open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row) + "\n")
    return metrics


def _merge(into: Corpus, other: Corpus) -> None:
    for field in ("articles", "sentences", "mentions", "time_mentions", "quotes", "figures"):
        getattr(into, field).update(getattr(other, field))
    into.articles = dict(sorted(into.articles.items()))
    into._sentence_vectors.update(other._sentence_vectors)


def _scores(rows: list[dict[str, Any]], key: str) -> dict[str, float | int]:
    tp = sum(1 for r in rows if r[key] and r[f"predicted_{key}"])
    fp = sum(1 for r in rows if not r[key] and r[f"predicted_{key}"])
    fn = sum(1 for r in rows if r[key] and not r[f"predicted_{key}"])
    tn = len(rows) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }
