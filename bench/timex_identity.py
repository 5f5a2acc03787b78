"""The gated time-expression scan finds what trying every pattern everywhere finds.

    .venv/bin/python bench/timex_identity.py [--data ../shared/data/timeline17]
                                             [--timeml ../shared/data/tempeval3]
                                             [--against ../snapT] [--json out.json]

Every Timeline17 article and every TimeML text is scanned (``timex._scan``) twice in this
process, with the gates and without them (``gated=False``, every pattern at every position),
and the hits compared. With ``--against`` another checkout (a commit before the gates) scans
the same texts in a child process with its own source, and a digest of each text's hits is
compared with this checkout's: the check is then against the old code itself. Exits 1 on any
difference and names the first texts that differ.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import REPO, SHARED_DATA, data_present, emit, machine, parser


def texts(t17: Path, timeml: Path) -> list[tuple[str, str]]:
    """Every Timeline17 article's text and every TimeML document's, with a name."""
    from storyline.evals.t17 import articles
    from storyline.evals.timex import read_timeml, timeml_files

    named = [(f"t17:{a.path.relative_to(t17)}", a.text) for a in articles(t17)]
    for path in timeml_files(timeml):
        markup = path.read_text("utf-8")
        named.append((f"timeml:{path.relative_to(timeml)}", read_timeml(markup).text))
    return named


def digests(t17: Path, timeml: Path) -> list[str]:
    """A digest of each text's hits, as the checkout first on ``sys.path`` scans it."""
    from storyline.analyse import timex

    named = texts(t17, timeml)
    return [hashlib.sha256(repr(timex._scan(text)).encode()).hexdigest() for _, text in named]


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--timeml", type=Path, default=SHARED_DATA / "tempeval3")
    cli.add_argument("--against", type=Path, default=None, help="Another checkout to compare.")
    cli.add_argument(
        "--digests-of", type=Path, default=None, help="(the child) the checkout to scan with"
    )
    args = cli.parse_args()
    sys.path.insert(0, str((args.digests_of or REPO) / "src"))
    if args.digests_of is not None:  # the child: scan with the given checkout's source
        print(json.dumps(digests(args.data, args.timeml)))
        return
    if not data_present(args.data) or not data_present(args.timeml, "TimeML"):
        return
    named = texts(args.data, args.timeml)
    from storyline.analyse import timex

    results: dict[str, Any] = {**machine(), "texts": len(named)}
    started = time.process_time()
    gated = [timex._scan(text) for _, text in named]
    results["gated_cpu_seconds"] = round(time.process_time() - started, 2)
    started = time.process_time()
    reference = [timex._scan(text, gated=False) for _, text in named]
    results["reference_cpu_seconds"] = round(time.process_time() - started, 2)
    differ = [name for (name, _), a, b in zip(named, gated, reference, strict=True) if a != b]
    results["hits"] = sum(len(h) for h in gated)
    results["differ_from_reference"] = differ[:20]
    if args.against is not None:
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--data",
                str(args.data),
                "--timeml",
                str(args.timeml),
                "--digests-of",
                str(args.against.resolve()),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        theirs = json.loads(child.stdout)
        ours = [hashlib.sha256(repr(h).encode()).hexdigest() for h in gated]
        results["against"] = str(args.against)
        results["differ_from_against"] = [
            name for (name, _), a, b in zip(named, ours, theirs, strict=True) if a != b
        ][:20]
    emit(results, args.json)
    if differ or results.get("differ_from_against"):
        sys.exit(1)


if __name__ == "__main__":
    main()
