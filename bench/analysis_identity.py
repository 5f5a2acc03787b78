"""The entities and quotes stages give what another checkout gives: mentions, quotes, cues and
speakers, text for text.

    .venv/bin/python bench/analysis_identity.py --against ../snap [--sample 300] [--runs 3]
                                                [--data ../shared/data/timeline17] [--json out.json]

Each text — a seeded Timeline17 sample (``--sample 0``: every article; detokenised as a build
reads it) and the seed articles — is read as a build's stages read it: sentences, then
``find_mentions`` (NER where names are read), then ``find_attributions`` over those mentions
(each quote with its cue, speaker and source span). This checkout and the one given with
``--against`` (a worktree of an earlier commit) each do it in a child process with their own
source and a fixed ``PYTHONHASHSEED``; a digest of each text's mentions and of its quotes is
compared. Reports the counts and the CPU seconds of each child's two stages — with ``--runs N``,
N children of each checkout, alternating which goes first, and the medians — and words per
CPU-second; exits 1 on any difference and names the first texts that differ.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import REPO, data_present, emit, machine, parser, seeded_sample


def _texts(data: Path, sample: int) -> list[str]:
    from storyline.evals.t17 import articles

    pool = [a.text for a in articles(data)]
    texts = seeded_sample(pool, sample) if sample else pool
    return texts + [
        p.read_text(encoding="utf-8") for p in sorted((REPO / "examples/seeds").glob("*"))
    ]


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def read_all(data: Path, sample: int) -> dict[str, Any]:
    """Digests of each text's mentions and quotes, as the checkout first on ``sys.path`` reads
    them, and the CPU seconds of each stage."""
    from storyline.analyse.entities import find_mentions
    from storyline.analyse.quotes import find_attributions
    from storyline.analyse.sentences import split_sentences
    from storyline.pipeline import single_threaded_blas

    single_threaded_blas()  # as a build runs it
    find_attributions(
        "w", "Warm up, he said.", [], find_mentions("w", "Warm up in Washington.", [])
    )
    mentions_cpu = quotes_cpu = 0.0
    out: dict[str, Any] = {"mentions": [], "quotes": [], "counts": [0, 0], "words": 0}
    for number, text in enumerate(_texts(data, sample)):
        article_id = f"a{number:05d}"
        sentences = split_sentences(article_id, text)
        out["words"] += len(text.split())
        started = time.process_time()
        mentions = find_mentions(article_id, text, sentences)
        middle = time.process_time()
        quotes = find_attributions(article_id, text, sentences, mentions)
        quotes_cpu += time.process_time() - middle
        mentions_cpu += middle - started
        out["mentions"].append(_digest(mentions))
        out["quotes"].append(_digest(quotes))
        out["counts"][0] += len(mentions)
        out["counts"][1] += len(quotes)
    out["cpu_seconds"] = {"entities": round(mentions_cpu, 2), "quotes": round(quotes_cpu, 2)}
    return out


def _child(checkout: Path, args: Any) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--digests-of",
        str(checkout.resolve()),
        "--data",
        str(args.data.resolve()),
        "--sample",
        str(args.sample),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--sample", type=int, default=300, help="0: every Timeline17 article.")
    cli.add_argument("--against", type=Path, default=None, help="Another checkout to compare.")
    cli.add_argument("--runs", type=int, default=1, help="Runs of each, alternating: medians.")
    cli.add_argument("--digests-of", type=Path, default=None, help="(the child) its checkout")
    args = cli.parse_args()
    if args.digests_of is not None:  # the child: read with the given checkout's source
        sys.path.insert(0, str(args.digests_of / "src"))
        print(json.dumps(read_all(args.data, args.sample)))
        return
    if not data_present(args.data):
        return
    if args.against is None:
        cli.error("--against: the checkout to compare with")
    before = machine()
    runs: dict[str, list[dict[str, Any]]] = {"this": [], "against": []}
    for number in range(args.runs):
        # Alternate which goes first, so that the machine's load weighs on both alike.
        order = (("this", REPO), ("against", args.against))
        for name, checkout in order if number % 2 == 0 else order[::-1]:
            runs[name].append(_child(checkout, args))
    ours, theirs = runs["this"][0], runs["against"][0]
    differ = {
        kind: [i for i, (a, b) in enumerate(zip(ours[kind], theirs[kind], strict=True)) if a != b]
        for kind in ("mentions", "quotes")
    }
    emit(
        {
            **before,
            "load_average_after": machine()["load_average_before"],
            "texts": len(ours["mentions"]),
            "mentions": {"this": ours["counts"][0], "against": theirs["counts"][0]},
            "quotes": {"this": ours["counts"][1], "against": theirs["counts"][1]},
            "texts_differing": {kind: len(found) for kind, found in differ.items()},
            "first_differing": {kind: found[:10] for kind, found in differ.items()},
            "words": ours["words"],
            "runs": args.runs,
            "cpu_seconds_median": {
                name: {
                    stage: statistics.median(r["cpu_seconds"][stage] for r in done)
                    for stage in ("entities", "quotes")
                }
                for name, done in runs.items()
            },
            "cpu_seconds_runs": {
                name: [r["cpu_seconds"] for r in done] for name, done in runs.items()
            },
            "words_per_cpu_second_median": {
                name: {
                    stage: round(
                        ours["words"] / statistics.median(r["cpu_seconds"][stage] for r in done)
                    )
                    for stage in ("entities", "quotes")
                }
                for name, done in runs.items()
            },
        },
        args.json,
    )
    if any(differ.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
