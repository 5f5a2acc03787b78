"""Timeline summarisation on Timeline17, following the news-tls protocol.

For each topic, every article of all its ``<topic>_<source>`` folders is pooled, with its folder
date as the publication date (as news-tls does). For each gold timeline, storyline tells the
topic as one story with the gold's shape — as many dates as the gold has, per date the gold's
mean number of sentences (rounded), only dates between the gold's first and last date and only
articles published in that span — and the result is scored with tilse (see ``tls_score``):
alignment-based ROUGE-1/2 F1 ("align+ m:1") and Date F1, averaged over timelines.

The method is the product's: the per-article stages, duplicates, entities and happenings of a
build, then ``tell.timeline.build_timeline`` with the number of dates and sentences as its
only parameters. Nothing is set per topic.

``out_dir`` receives ``<topic_source>/<gold name>.txt`` per timeline (tilse's text layout, so that
tilse itself can re-score them), ``scores.json`` with per-timeline scores, and ``cache/`` with the
analysed corpus of each topic (reused by later runs on the same files).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import DataNotFound
from storyline.evals import print_metrics
from storyline.evals.t17 import GoldTimeline, articles, gold_timelines, topic_folders
from storyline.evals.tls_corpus import analysed_corpus, raw_input
from storyline.evals.tls_score import Scorer, f1_of_means, mean, ptb_tokenize, write_timeline
from storyline.link.corpus import Corpus, stable_id
from storyline.models import Duplicate, Happening, Story, TimelineEntry
from storyline.user_cache import user_cache_dir

Metrics = dict[str, Any]


@dataclass(frozen=True)
class TopicLinks:
    """What the corpus stages made of one topic's pooled articles."""

    corpus: Corpus
    duplicates: list[Duplicate]
    happenings: list[Happening]
    seconds: dict[str, float]


def link_topic(corpus: Corpus) -> TopicLinks:
    """The corpus stages a timeline needs, as a build runs them."""
    from storyline.link.duplicates import find_duplicates
    from storyline.link.entities import resolve_entities
    from storyline.link.happenings import find_happenings

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    _entities, mention_entities = resolve_entities(corpus)
    seconds["entities"] = time.perf_counter() - started
    started = time.perf_counter()
    duplicates = find_duplicates(corpus)
    seconds["duplicates"] = time.perf_counter() - started
    started = time.perf_counter()
    happenings = find_happenings(corpus, mention_entities, duplicates)
    seconds["happenings"] = time.perf_counter() - started
    return TopicLinks(corpus, duplicates, happenings, seconds)


def gold_shape(gold: GoldTimeline) -> tuple[int, int, dt.date, dt.date]:
    """Number of dates, sentences per date (the gold's mean, rounded, at least 1), first and
    last date — the news-tls protocol's ``max_dates``, ``max_summary_sents`` and time span."""
    days = sorted(day for day, _ in gold.entries)
    sentences = sum(len(lines) for _, lines in gold.entries) / max(1, len(gold.entries))
    return len(days), max(1, round(sentences)), days[0], days[-1]


def predict(links: TopicLinks, gold: GoldTimeline) -> list[TimelineEntry]:
    """storyline's timeline of the topic with the gold's shape."""
    from storyline.tell.timeline import TimelineShape, build_timeline

    n_dates, n_sentences, first, last = gold_shape(gold)
    in_span = tuple(
        sorted(
            a.id
            for a in links.corpus.articles.values()
            if (p := a.published.interval) is not None and first <= (p.best or p.start) <= last
        )
    )
    story = Story(stable_id("st", gold.name), gold.topic, (), in_span)
    shape = TimelineShape(
        dates=n_dates, sentences=n_sentences, start=first, end=last, days_only=True
    )
    return build_timeline(links.corpus, story, links.happenings, links.duplicates, [], shape=shape)


def as_dated_sentences(entries: Sequence[TimelineEntry]) -> dict[dt.date, list[str]]:
    """Entry date (its most likely day) → its summary sentences, tokenised like the gold."""
    timeline: dict[dt.date, list[str]] = {}
    for entry in entries:
        day = entry.date.best or entry.date.start
        timeline.setdefault(day, []).extend(ptb_tokenize(s.text) for s in entry.summary)
    return timeline


def run(
    data: Path,
    out_dir: Path | None = None,
    topics: Sequence[str] | None = None,
    limit: int | None = None,
    rouge: str = "original",
) -> Metrics:
    """Score every gold timeline under ``data`` (the T17 layout); ``topics`` restricts the
    topics, ``limit`` keeps each topic's first ``limit`` articles per folder (for quick
    checks), ``rouge="reimpl"`` uses tilse's Python ROUGE approximation instead of the Perl."""
    started = time.perf_counter()
    if (data / "timeline17").is_dir():  # the shared data folder itself
        data = data / "timeline17"
    folders = topic_folders(data)
    chosen = [t for t in folders if topics is None or t in topics]
    if not chosen:
        raise DataNotFound(f"none of the topics {list(topics or [])} under {data}")
    scorer = Scorer(rouge)
    cache = _cache_dir(out_dir)
    golds = [g for g in gold_timelines(data) if g.topic in chosen]
    rows: list[dict[str, Any]] = []
    seconds: dict[str, float] = {}
    for topic in chosen:
        found = list(articles(data, topic))
        if limit is not None:
            found = _first_per_folder(found, limit)
        if not found:
            continue
        collected_on = max(a.published for a in found) + dt.timedelta(days=1)
        tick = time.perf_counter()
        corpus = analysed_corpus([raw_input(a, data) for a in found], collected_on, cache)
        seconds["analyse"] = seconds.get("analyse", 0.0) + time.perf_counter() - tick
        links = link_topic(corpus)
        for stage, value in links.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + value
        for gold in (g for g in golds if g.topic == topic):
            tick = time.perf_counter()
            predicted = as_dated_sentences(predict(links, gold))
            seconds["timeline"] = seconds.get("timeline", 0.0) + time.perf_counter() - tick
            tick = time.perf_counter()
            scores = scorer.score(predicted, dict(gold.entries))
            seconds["score"] = seconds.get("score", 0.0) + time.perf_counter() - tick
            n_dates, n_sentences, first, last = gold_shape(gold)
            rows.append(
                {
                    "timeline": gold.name,
                    "topic": topic,
                    "articles": len(corpus.articles),
                    "gold_dates": n_dates,
                    "sentences_per_date": n_sentences,
                    "span": [first.isoformat(), last.isoformat()],
                    "predicted_dates": len(predicted),
                    **{k: round(v, 4) for k, v in scores.items()},
                }
            )
            if out_dir is not None:
                write_timeline(out_dir / f"{gold.name}.txt", predicted)
    metrics: Metrics = {
        "ar1_f1": round(mean(rows, "ar1_f1"), 4),
        "ar2_f1": round(mean(rows, "ar2_f1"), 4),
        "date_f1": round(mean(rows, "date_f1"), 4),
        # The same scores averaged as news-tls averages them (and its published figures).
        "news_tls_average": {
            f"{m}_f1": round(f1_of_means(rows, m), 4) for m in ("ar1", "ar2", "date")
        },
        "timelines": len(rows),
        "topics": {t: _topic_means([r for r in rows if r["topic"] == t]) for t in chosen},
        "per_timeline": rows,
        "rouge": "ROUGE-1.5.5 (tilse, Perl)" if rouge == "original" else "tilse reimpl",
        "metric": "align_date_content_costs_many_to_one",
        "seconds": {k: round(v, 1) for k, v in seconds.items()}
        | {"total": round(time.perf_counter() - started, 1)},
    }
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "scores.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return metrics


def _topic_means(rows: list[dict[str, Any]]) -> dict[str, float | int]:
    return {
        "ar1_f1": round(mean(rows, "ar1_f1"), 4),
        "ar2_f1": round(mean(rows, "ar2_f1"), 4),
        "date_f1": round(mean(rows, "date_f1"), 4),
        "timelines": len(rows),
    }


def _first_per_folder(found: list[Any], limit: int) -> list[Any]:
    kept: dict[str, int] = {}
    chosen = []
    for article in found:
        if kept.get(article.folder, 0) < limit:
            kept[article.folder] = kept.get(article.folder, 0) + 1
            chosen.append(article)
    return chosen


def _cache_dir(out_dir: Path | None) -> Path:
    if out_dir is not None:
        return out_dir / "cache"
    given = os.environ.get("STORYLINE_TLS_CACHE")
    if given:
        return Path(given)
    root = user_cache_dir()
    if root is None:
        raise RuntimeError("no home directory for the cache: give an output directory")
    return root / "tls"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storyline.evals.tls DATA [OUT] [--topic T]... [--limit N] [--reimpl]``"""
    args = list(sys.argv[1:] if argv is None else argv)
    topics: list[str] = []
    limit = None
    rouge = "original"
    while "--topic" in args:
        at = args.index("--topic")
        topics.append(args[at + 1])
        del args[at : at + 2]
    if "--limit" in args:
        at = args.index("--limit")
        limit = int(args[at + 1])
        del args[at : at + 2]
    if "--reimpl" in args:
        args.remove("--reimpl")
        rouge = "reimpl"
    if not args:
        print(main.__doc__, file=sys.stderr)
        return 2
    return print_metrics(
        lambda: run(
            Path(args[0]), Path(args[1]) if len(args) > 1 else None, topics or None, limit, rouge
        )
    )


if __name__ == "__main__":
    sys.exit(main())
