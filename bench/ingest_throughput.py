"""Throughput of ingest alone (decode, HTML extraction or text cleaning, title, outlet, byline,
language, stated dates): pages per second and MB per second of input, one process, on the
trafilatura evaluation pages (HTML) and on Timeline17 articles (text):

    .venv/bin/python bench/ingest_throughput.py [--data ../shared/data] [--json out.json]

Inputs are read into memory first, so only :func:`storyline.ingest.extract.extract` is timed,
and for the text pages, before it, what a build learns of their site's furniture from them
(:func:`storyline.ingest.furniture.with_furniture`: one folder, one site). The language model
is loaded (on one warm-up input) before timing.
"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

from _common import REPO, SHARED_DATA, emit, machine, parser

sys.path.insert(0, str(REPO / "src"))

from storyline.errors import IngestError
from storyline.ingest.extract import extract
from storyline.ingest.furniture import with_furniture
from storyline.ingest.types import RawInput


def _html_pages(root: Path) -> list[RawInput]:
    folder = root / "extraction" / "trafilatura_eval" / "html"
    pages = []
    for path in sorted(folder.iterdir()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        pages.append(RawInput(path.name.removesuffix(".gz"), data, "text/html"))
    return pages


def _t17_texts(root: Path) -> list[RawInput]:
    folder = root / "timeline17"
    return [
        RawInput(path.name, path.read_bytes(), "text/plain")
        for path in sorted(folder.glob("*/InputDocs/*/*.txt"))
    ]


def _time(inputs: list[RawInput], learn: bool = False) -> dict[str, float | int]:
    extract(inputs[0])  # warm-up: models and lazy imports
    failed = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    if learn:
        inputs = with_furniture(inputs)
    learnt = time.perf_counter() - started
    for raw in inputs:
        try:
            extract(raw)
        except IngestError:
            failed += 1
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    megabytes = sum(len(raw.data) for raw in inputs) / 1e6
    return {
        "inputs": len(inputs),
        "failed": failed,
        "megabytes": round(megabytes, 2),
        "seconds": round(seconds, 2),
        "pages_per_second": round(len(inputs) / seconds, 1),
        "megabytes_per_second": round(megabytes / seconds, 2),
        # On a shared machine the CPU time this process got is the fairer measure.
        "cpu_seconds": round(cpu_seconds, 2),
        "pages_per_cpu_second": round(len(inputs) / cpu_seconds, 1),
        "megabytes_per_cpu_second": round(megabytes / cpu_seconds, 2),
        "furniture_learning_seconds": round(learnt, 2),
        "pages_with_furniture": sum(1 for raw in inputs if raw.furniture),
    }


def main() -> None:
    args = parser(__doc__, data=SHARED_DATA).parse_args()
    result = {
        **machine(),
        "html_trafilatura_eval": _time(_html_pages(args.data)),
        "text_timeline17": _time(_t17_texts(args.data), learn=True),
    }
    emit(result, args.json)


if __name__ == "__main__":
    main()
