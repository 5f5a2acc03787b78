"""Main-text extraction from HTML pages, scored the way two public benchmarks score it.

Two layouts are read, told apart by their files:

- the trafilatura evaluation (``evaldata.json`` + ``html/<file>[.gz]``): each page lists
  segments that must be in the text ("with") and segments that must not ("without"). A "with"
  segment found is a true positive, missing a false negative; a "without" segment found is a
  false positive, absent a true negative. Counts are summed over all pages (as that project's
  ``eval_common.count_item`` does, with whitespace normalised) and P/R/F come from the sums.
- the Zyte article-extraction benchmark (``ground-truth.json`` {id: {articleBody}} +
  ``html/<id>.html.gz``): 4-gram shingles of ``\\w+`` tokens, TP/FP/FN per page normalised to
  sum to one, precision and recall averaged over pages, F1 from the averages (as that
  project's ``evaluate.py`` does).

What is scored is what storyline keeps as the article text: the page read by
:func:`storyline.ingest.extract.extract` (extraction, fallbacks and cleaning). ``--out`` writes
each page's text as ``<id>.txt``.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.errors import DataFormatError, DataNotFound, IngestError

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+", re.UNICODE)


def run(data: Path, out_dir: Path | None = None) -> dict[str, float | int | str]:
    layout = detect_layout(data)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    if layout == "trafilatura":
        return _run_trafilatura(data, out_dir)
    return _run_zyte(data, out_dir)


def detect_layout(data: Path) -> str:
    """ "trafilatura" or "zyte"; DataNotFound when the folder is neither."""
    if not data.is_dir():
        raise DataNotFound(f"no extraction benchmark at {data}")
    if (data / "evaldata.json").is_file():
        return "trafilatura"
    if (data / "ground-truth.json").is_file():
        return "zyte"
    for child in sorted(data.iterdir()):  # the benchmark one folder down (extraction/<name>/)
        if child.is_dir() and (
            (child / "evaldata.json").is_file() or (child / "ground-truth.json").is_file()
        ):
            raise DataNotFound(f"no benchmark files in {data}; did you mean {child}?")
    raise DataNotFound(
        f"{data} holds neither evaldata.json + html/ (trafilatura) nor ground-truth.json + html/"
        " (Zyte article-extraction benchmark)"
    )


def extract_text(html: bytes, url: str = "") -> str:
    """The article text storyline keeps from one page ("" when it finds none). The headline is
    stored apart from the body (a headline repeated atop the body is taken out of it) and is
    not scored, as the benchmarks' own runs score the body that extractors return."""
    from storyline.ingest.extract import extract
    from storyline.ingest.types import RawInput

    try:
        return extract(RawInput(url or "page.html", html, "text/html")).text
    except IngestError:
        return ""


# -- trafilatura layout -------------------------------------------------------------------------


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def count_segments(item: dict[str, Any], result: str) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page: whitespace-normalised substring matching."""
    found = _norm(result)
    tp = sum(1 for segment in item["with"] if _norm(segment) in found)
    fp = sum(1 for segment in item["without"] if _norm(segment) in found)
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def segment_scores(counts: list[tuple[int, int, int, int]]) -> dict[str, float]:
    tp = sum(c[0] for c in counts)
    fp = sum(c[1] for c in counts)
    fn = sum(c[2] for c in counts)
    tn = sum(c[3] for c in counts)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fp + fn + tn
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        "accuracy": (tp + tn) / total if total else 0.0,
    }


def _trafilatura_pages(data: Path) -> Iterator[tuple[str, str, dict[str, Any], bytes]]:
    try:
        evaldata = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataFormatError(f"cannot read {data / 'evaldata.json'}: {err}") from err
    for url, item in evaldata.items():
        name = str(item.get("file", ""))
        page = _read_page(data / "html", name)
        if page is None:
            continue
        yield _page_id(name), url, item, page


def _run_trafilatura(data: Path, out_dir: Path | None) -> dict[str, float | int | str]:
    counts = []
    for page_id, url, item, html in _trafilatura_pages(data):
        text = extract_text(html, url)
        counts.append(count_segments(item, text))
        _write(out_dir, page_id, text)
    if not counts:
        raise DataNotFound(f"no pages of evaldata.json found under {data / 'html'}")
    scores = segment_scores(counts)
    return {
        "layout": "trafilatura",
        "documents": len(counts),
        **{key: round(value, 4) for key, value in scores.items()},
    }


# -- Zyte layout --------------------------------------------------------------------------------


def shingle_counts(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """TP/FP/FN over n-gram shingles of ``\\w+`` tokens, normalised to sum to one."""
    truth, predicted = _shingles(true, n), _shingles(pred, n)
    tp = fp = fn = 0.0
    for key in truth.keys() | predicted.keys():
        t, p = truth.get(key, 0), predicted.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def shingle_scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fn == 0 else tp / (tp + fn)

    p_values = [precision(*c) for c in counts if c[0] + c[1] > 0]
    r_values = [recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(p_values) if p_values else 0.0
    r = statistics.mean(r_values) if r_values else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _run_zyte(data: Path, out_dir: Path | None) -> dict[str, float | int | str]:
    try:
        truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataFormatError(f"cannot read {data / 'ground-truth.json'}: {err}") from err
    counts = []
    for page_id, item in truth.items():
        html = _read_page(data / "html", f"{page_id}.html")
        if html is None:
            continue
        text = extract_text(html, str(item.get("url", "")))
        counts.append(shingle_counts(str(item.get("articleBody", "")), text))
        _write(out_dir, page_id, text)
    if not counts:
        raise DataNotFound(f"no pages of ground-truth.json found under {data / 'html'}")
    scores = shingle_scores(counts)
    return {
        "layout": "zyte",
        "documents": len(counts),
        **{key: round(value, 4) for key, value in scores.items()},
    }


# -- shared -------------------------------------------------------------------------------------


def _read_page(folder: Path, name: str) -> bytes | None:
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            data = candidate.read_bytes()
            return gzip.decompress(data) if candidate.suffix == ".gz" else data
    return None


def _page_id(name: str) -> str:
    for suffix in (".gz", ".html", ".htm"):
        name = name.removesuffix(suffix)
    return name


def _write(out_dir: Path | None, page_id: str, text: str) -> None:
    if out_dir is not None:
        safe = re.sub(r"[^\w.-]", "_", page_id)[:200]
        (out_dir / f"{safe}.txt").write_text(text, encoding="utf-8")
