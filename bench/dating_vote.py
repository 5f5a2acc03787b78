"""The similar-articles vote of the dating eval alone, re-run on a saved corpus state.

    .venv/bin/python bench/dating_vote.py --save STATE.pkl [--data ../shared/data/timeline17]
    .venv/bin/python bench/dating_vote.py --state STATE.pkl [--out DIR] [--json out.json]

``storyline eval dating`` takes 2–3 minutes here, nearly all of it the build's per-article
stages over every file; the vote of similar dated articles, where most of the inferred guesses
are decided, takes seconds. ``--save`` runs the whole eval once and keeps
what the vote reads (each article with its date so far, its sentences and time expressions,
those read without a date, the collection day; a state saved before sentences were kept has
them read again on loading, in about half a minute); ``--state`` then runs only the vote of
the ``src`` beside this script (``link/dating_similar``, ``link/dating_clues``,
``link/dating_happenings``) on it, and scores it as the eval does, over all folders and over
each half of them (``--half-a``; the rest are half B), so that a change is developed on one
half and checked on the other. The state holds the code's
results up to the vote: save it again after changing anything before it. ``--out`` writes
``dates.jsonl`` as the eval's ``--out`` does (paths relative to the folder of the topics).
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

from _common import REPO, data_present, emit, machine, parser

sys.path.insert(0, str(REPO / "src"))

from storyline.analyse.sentences import split_sentences
from storyline.analyse.timex import find_time_expressions
from storyline.evals import dating as dating_eval
from storyline.link import dating_similar
from storyline.models import Article, Sentence, TimeMention
from storyline.recent import text_digest

#: The folders the 2026-12-03 dating work was developed on (docs/quality.md).
HALF_A = "H1N1_bbc,H1N1_guardian,H1N1_reuters,MJ_bbc,bpoil_bbc,bpoil_foxnews"


class _SavedCorpus:
    """What ``date_from_similar`` reads of a corpus: its articles, their sentences, their time
    expressions (read against their date so far) and those read without a date."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.articles: dict[str, Article] = dict(state["articles"])
        self.unanchored_time_mentions: dict[str, list[TimeMention]] = state["unanchored"]
        if "sentences" not in state:  # a state saved before the vote read them: read them here
            _read_sentences(state)
        self.sentences: dict[str, list[Sentence]] = state["sentences"]
        self.time_mentions: dict[str, list[TimeMention]] = state["time_mentions"]
        # What an incremental link reads from the store instead of the texts: none here, so
        # the vote reads everything from the texts, as a full link does.
        self.word_weights: dict[str, Any] = {}
        self.dated_sentences: dict[str, Any] = {}
        self._digests: dict[str, str] = {}

    def text_digest(self, article_id: str) -> str:
        """As ``Corpus.text_digest``: the lead matches leave out an article's own copies."""
        if article_id not in self._digests:
            self._digests[article_id] = text_digest(self.articles[article_id].text).hexdigest()
        return self._digests[article_id]

    def unanchored(self, article_id: str) -> list[TimeMention]:
        return self.unanchored_time_mentions[article_id]


def _read_sentences(state: dict[str, Any]) -> None:
    """Each article's sentences and time expressions, as the eval's corpus holds them when the
    vote runs (read against each article's date so far, as ``link.dating._apply`` does)."""
    state["sentences"], state["time_mentions"] = {}, {}
    for article_id, article in state["articles"].items():
        sentences = split_sentences(article_id, article.text)
        state["sentences"][article_id] = sentences
        state["time_mentions"][article_id] = find_time_expressions(
            article_id, article.text, sentences, article.published.interval, article.language
        )


def save(data: Path, path: Path) -> dict[str, Any]:
    """Run the whole eval, keeping what the vote reads; returns the eval's scores."""
    vote = dating_similar.date_from_similar

    def saving(corpus: Any, collected_on: dt.date, *args: Any, **kwargs: Any) -> Any:
        undated = [
            article_id
            for article_id, article in corpus.articles.items()
            if article.published.provenance not in dating_similar.STATED
        ]
        state = {
            "articles": dict(corpus.articles),
            "unanchored": {a: list(corpus.unanchored(a)) for a in undated},
            "sentences": dict(corpus.sentences),
            "time_mentions": {a: list(found) for a, found in corpus.time_mentions.items()},
            "collected_on": collected_on,
            "data": str(data.resolve()),
            # The articles' sources are relative to the data folder (a build's sources).
            "cwd": str(data.resolve()),
        }
        with open(path, "wb") as out:
            pickle.dump(state, out)
        return vote(corpus, collected_on, *args, **kwargs)

    dating_similar.date_from_similar = saving  # refine_dates looks it up when it runs
    try:
        return dating_eval.run(data)
    finally:
        dating_similar.date_from_similar = vote


def vote(state: dict[str, Any], half_a: set[str], out: Path | None) -> dict[str, Any]:
    """Only the vote, on a saved state: the eval's scores over all folders and each half."""
    corpus = _SavedCorpus(state)
    started = time.process_time()
    changed = dating_similar.date_from_similar(
        corpus,  # type: ignore[arg-type]  # the part of a Corpus the vote reads
        state["collected_on"],
        lambda article: corpus.unanchored(article.id),
    )
    seconds = time.process_time() - started
    root = Path(state["data"])
    rows = []
    for article_id, article in corpus.articles.items():
        published = changed.get(article_id, article.published)
        path = (Path(state["cwd"]) / article.source).resolve()
        interval = published.interval
        guess = None
        if interval is not None:
            guess = interval.best or interval.start + (interval.end - interval.start) / 2
        rows.append(
            {
                "path": str(path.relative_to(root)),
                "truth": path.parent.name,  # <topic>/InputDocs/<YYYY-MM-DD>/<n>.htm.txt
                "start": interval.start.isoformat() if interval else None,
                "end": interval.end.isoformat() if interval else None,
                "best": guess.isoformat() if guess else None,
                "provenance": published.provenance,
                "evidence": list(published.evidence),
            }
        )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        with open(out / "dates.jsonl", "w", encoding="utf-8") as found:
            for row in rows:
                found.write(json.dumps(row, ensure_ascii=False) + "\n")

    def folder(row: dict[str, Any]) -> str:
        return str(row["path"]).split("/", 1)[0]

    return {
        "all": dating_eval._score(rows),
        "half_a": dating_eval._score([r for r in rows if folder(r) in half_a]),
        "half_b": dating_eval._score([r for r in rows if folder(r) not in half_a]),
        "vote_cpu_seconds": round(seconds, 2),
    }


def main() -> None:
    cli = parser(__doc__)
    what = cli.add_mutually_exclusive_group(required=True)
    what.add_argument("--save", type=Path, help="run the whole eval, saving the vote's input")
    what.add_argument("--state", type=Path, help="run only the vote on a saved input")
    cli.add_argument("--out", type=Path, default=None)
    cli.add_argument("--half-a", default=HALF_A, help="comma-separated topic/source folders")
    args = cli.parse_args()
    results = machine()
    if args.save is not None:
        if not data_present(args.data):
            return
        results["eval"] = save(args.data, args.save)
    else:
        with open(args.state, "rb") as saved:
            state = pickle.load(saved)
        results.update(vote(state, set(args.half_a.split(",")), args.out))
    emit(results, args.json)


if __name__ == "__main__":
    main()
