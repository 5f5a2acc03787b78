"""Publication-date inference, scored on a T17-layout corpus with every date hidden.

Each article is built as a build reads a text file with no metadata but its outlet (the
topic folder's source, as a sidecar would name it): the per-article stages of a build
(``pipeline.process_input``: the text cleaned of comments and of the furniture its site's
pages repeat, a date the text prints near its top — a dateline or a timestamp, "Thu Apr 30,
2009 5:11 am EDT" — taken first, otherwise its own time expressions giving an interval and a
best guess), then the rest of the corpus narrows it (``link.dating.refine_dates``, the link
stage's dating). Identical files are one article, as in a build; an input a build cannot
read (T17 holds empty files) is scored as undated. The folder date is the truth. The
collection day — the one thing a collector always knows — is taken as the day after the
corpus's last article; it only closes intervals that the text leaves open. Scores are given
over all articles and over the articles whose date had to be inferred (``inferred_*``), so
the two steps can be judged apart. ``inferred_voters_within_3_days`` is how often one of the
similar dated articles whose votes date an inferred article (``link.dating_similar``) was
published within 3 days of the truth: the most that choosing among their days can reach
(each row of ``dates.jsonl`` says it as ``voters_within_3_days``). With ``--out``, the
analysed corpus is cached under ``OUT/cache`` (keyed by the files and the stage versions), so
a re-run redoes only the dating over the corpus.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from storyline.evals import print_metrics
from storyline.evals.t17 import T17Article, articles
from storyline.evals.tls_corpus import analysed_corpus, raw_input
from storyline.link.corpus import Corpus
from storyline.link.dating import refine_dates
from storyline.link.dating_similar import voter_days
from storyline.models import Article
from storyline.pipeline import BuildOptions, article_id_for

#: A best guess (or a voted day) this close to the truth counts as right: ``within_3_days``.
NEAR_DAYS = 3


def run(data: Path, out_dir: Path | None = None, workers: int = 2) -> dict[str, float | int]:
    found = list(articles(data))
    collected_on = max(a.published for a in found) + dt.timedelta(days=1)
    corpus = _built_corpus(data, found, collected_on, out_dir, workers)
    refine_dates(corpus, BuildOptions(collected_on=collected_on, workers=1))
    return _scored(data, found, corpus.articles, out_dir, voter_days(corpus))


def run_among_neighbours(
    data: Path,
    voters: int | None = None,
    neighbours: int | None = None,
    out_dir: Path | None = None,
    workers: int = 2,
) -> dict[str, float | int]:
    """The same scores, each undated article dated as an incremental link dates a new one:
    among its ``voters`` closest articles with a stated day and its ``neighbours`` closest
    of any kind, by gist cosine (by default the linker's ``DATING_VOTERS`` and
    ``DATING_NEIGHBOURS``), the rest of the corpus unread; every other article as the first
    reading left it (stated, or inferred from its own words: only stated days vote)."""
    from storyline.link import incremental
    from storyline.link.dating import STATED
    from storyline.link.dating_similar import votes

    voters = incremental.DATING_VOTERS if voters is None else voters
    neighbours = incremental.DATING_NEIGHBOURS if neighbours is None else neighbours
    found = list(articles(data))
    collected_on = max(a.published for a in found) + dt.timedelta(days=1)
    corpus = _built_corpus(data, found, collected_on, out_dir, workers)
    ids = list(corpus.articles)
    corpus.prefetch(ids)
    gists = np.vstack([corpus.article_vector(i) for i in ids])
    voting = np.array([votes(corpus.articles[i]) for i in ids], dtype=bool)
    _keep_what_links_keep(corpus)
    options = BuildOptions(collected_on=collected_on, workers=1)
    dated = dict(corpus.articles)
    voted_days: dict[str, list[dt.date]] = {}
    for row, article_id in enumerate(ids):
        if corpus.articles[article_id].published.provenance in STATED:
            continue
        cosines = gists @ gists[row]
        cosines[row] = -np.inf  # (not its own neighbour)
        order = np.argsort(-cosines, kind="stable")[:-1]
        closest = [*order[voting[order]][:voters], *order[:neighbours]]
        local = corpus.part(sorted({article_id, *(ids[int(i)] for i in closest)}))
        refine_dates(local, options, targets={article_id})
        dated[article_id] = local.articles[article_id]
        voted_days.update(voter_days(local, {article_id}))
    scores = _scored(data, found, dated, out_dir, voted_days)
    scores["voters"], scores["neighbours"] = voters, neighbours
    return scores


def _keep_what_links_keep(corpus: Corpus) -> None:
    """Each article's dating words, and each dated one's dated sentences, found once, as a
    linked store keeps them in its ``dating`` rows (dating an article among its neighbours
    would otherwise find them again at every article it is a neighbour of)."""
    from storyline.link.dating_happenings import dated_happenings
    from storyline.link.dating_similar import votes, words_from_bytes, words_to_bytes

    for article_id, article in corpus.articles.items():
        corpus.word_weights[article_id] = words_from_bytes(words_to_bytes(article.text))
        if votes(article):
            corpus.dated_sentences[article_id] = dated_happenings(corpus, [article_id])


def _scored(
    data: Path,
    found: Sequence[T17Article],
    dated: Mapping[str, Article],
    out_dir: Path | None,
    voters: Mapping[str, Sequence[dt.date]],
) -> dict[str, float | int]:
    """The scores of these dates against the folder dates, one row per file (files of the
    same text are one article, named by it as a build names it; a file no article was built
    from has no date), the rows written to ``out_dir``. ``voters``: the days of the similar
    dated articles that voted in dating each undated article (a row says whether one of them
    is within 3 days of the truth: the votes held the right day)."""
    rows = []
    for source in found:
        name = str(source.path.relative_to(data))
        article_id = article_id_for(raw_input(source, data).data)
        article = dated.get(article_id)
        published = article.published if article is not None else None
        interval = published.interval if published is not None else None
        guess = None
        if interval is not None:
            guess = interval.best or interval.start + (interval.end - interval.start) / 2
        rows.append(
            {
                "path": name,
                "truth": source.published.isoformat(),
                "start": interval.start.isoformat() if interval else None,
                "end": interval.end.isoformat() if interval else None,
                "best": guess.isoformat() if guess else None,
                "provenance": published.provenance if published is not None else "not built",
                "evidence": list(published.evidence) if published is not None else [],
                "voters_within_3_days": _near_any(source.published, voters.get(article_id)),
            }
        )
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        with open(out_dir / "dates.jsonl", "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return _score(rows)


def _near_any(truth: dt.date, days: Sequence[dt.date] | None) -> bool | None:
    """Whether any of these days is within 3 days of the truth (None: no days voted)."""
    if days is None:
        return None
    return any(abs((day - truth).days) <= NEAR_DAYS for day in days)


def _built_corpus(
    data: Path,
    found: Sequence[T17Article],
    collected_on: dt.date,
    out_dir: Path | None,
    workers: int,
) -> Corpus:
    """The articles through a build's per-article stages, each read as a text file whose
    only metadata is its outlet (the analysis cached under ``out_dir/cache``)."""
    inputs = [raw_input(source, data) for source in found]
    inputs = [replace(raw, metadata={"outlet": raw.metadata["outlet"]}) for raw in inputs]
    cache = out_dir / "cache" if out_dir is not None else None
    return analysed_corpus(inputs, collected_on, cache, workers)


def _score(rows: Sequence[Mapping[str, object]]) -> dict[str, float | int]:
    inferred = [row for row in rows if row["provenance"] != "text"]
    scores = _metrics(rows)
    scores["stated_in_text"] = len(rows) - len(inferred)
    scores.update({f"inferred_{key}": value for key, value in _metrics(inferred).items()})
    # How often the similar dated articles that voted held a day within 3 days of the truth:
    # the most that choosing among their days could reach (articles no votes dated count
    # as misses).
    held = sum(row.get("voters_within_3_days") is True for row in inferred)
    scores["inferred_voters_within_3_days"] = round(held / (len(inferred) or 1), 4)
    return scores


def _metrics(rows: Sequence[Mapping[str, object]]) -> dict[str, float | int]:
    errors = []
    covered = exact = near = 0
    for row in rows:
        truth = dt.date.fromisoformat(str(row["truth"]))
        if row["start"] and row["end"]:
            start = dt.date.fromisoformat(str(row["start"]))
            end = dt.date.fromisoformat(str(row["end"]))
            covered += start <= truth <= end
        if row["best"]:
            error = abs((dt.date.fromisoformat(str(row["best"])) - truth).days)
            errors.append(error)
            exact += error == 0
            near += error <= NEAR_DAYS
    n = len(rows) or 1
    return {
        "articles": len(rows),
        "dated": len(errors),
        "exact_day": round(exact / n, 4),
        "within_3_days": round(near / n, 4),
        "median_abs_error_days": float(statistics.median(errors)) if errors else float("nan"),
        "interval_coverage": round(covered / n, 4),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storyline.evals.dating DATA [OUT] [--incremental] [--voters K]
    [--neighbours M]``: what ``storyline eval dating`` scores (the whole corpus dates each
    article), or with ``--incremental`` each undated article dated as an incremental link
    dates a new one (among its K closest with a stated day and M closest of any kind: by
    default as the linker does)."""
    import argparse

    cli = argparse.ArgumentParser(prog="python -m storyline.evals.dating", description=main.__doc__)
    cli.add_argument("data", type=Path)
    cli.add_argument("out", type=Path, nargs="?")
    cli.add_argument(
        "--incremental",
        action="store_true",
        help="date each undated article as an incremental link dates a new one",
    )
    cli.add_argument("--voters", type=int, default=None, help="closest with a stated day")
    cli.add_argument("--neighbours", type=int, default=None, help="closest of any kind")
    args = cli.parse_args(argv)
    if args.incremental or args.voters is not None or args.neighbours is not None:
        return print_metrics(
            lambda: run_among_neighbours(args.data, args.voters, args.neighbours, args.out)
        )
    return print_metrics(lambda: run(args.data, args.out))


if __name__ == "__main__":
    sys.exit(main())
