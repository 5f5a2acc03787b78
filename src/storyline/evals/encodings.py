"""Reading bytes in the encodings news was saved in, scored on real multilingual news texts.

No public benchmark gives news pages in their legacy encodings with the true text, so this
makes one from a multilingual news corpus whose texts are known (the SemEval-2022 Task 8
layout, :mod:`storyline.evals.similarity`): each distinct article's headline, first sentence
and first 1,000 characters, encoded in each encoding its language was commonly published in
(Windows and ISO code pages, KOI8, DOS and Mac Cyrillic, GB18030 and Big5, UTF-16 without a
byte order mark), are read back by :func:`storyline.ingest.decode.decode_bytes` with nothing
declared, as a file or a response without a charset is. A case is right when the text read is
the text encoded. Cases an encoding cannot write (a "€" in KOI8-R) are left out.

Metrics: ``accuracy`` over all cases, ``cases``, ``articles``, and ``accuracy_<language>_<size>``
(``size``: ``headline``, ``sentence``, ``1000``) per language. ``--out DIR`` writes every
wrong case to ``DIR/wrong.jsonl`` (language, encoding, size, the text, what was read and in
which encoding, or the error).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import product
from pathlib import Path
from typing import Any

from storyline.errors import IngestError
from storyline.evals import print_metrics
from storyline.evals.similarity import read_pairs
from storyline.ingest.decode import decode_bytes

#: The encodings each language's news was commonly saved in, besides UTF-8 (which any reader
#: takes first). Western European languages share Windows-1252; ISO-8859-1 is read as it.
ENCODINGS: dict[str, tuple[str, ...]] = {
    "en": ("cp1252", "utf_16_le"),
    "de": ("cp1252", "utf_16_le"),
    "es": ("cp1252", "utf_16_le"),
    "fr": ("cp1252", "utf_16_le"),
    "it": ("cp1252", "utf_16_le"),
    "pl": ("cp1250", "iso8859_2", "utf_16_le"),
    "tr": ("cp1254", "iso8859_9", "utf_16_le"),
    "ru": ("cp1251", "koi8_r", "iso8859_5", "cp866", "mac_cyrillic", "utf_16_le", "utf_16_be"),
    "ar": ("cp1256", "iso8859_6", "utf_16_le", "utf_16_be"),
    "zh": ("gb18030", "big5", "utf_16_le", "utf_16_be"),
}
#: Sizes of text read: a headline, the first sentence, the first 1,000 characters.
SIZES = ("headline", "sentence", "1000")
#: Texts with fewer letters than this say too little to be read by any detector.
MIN_LETTERS = 8
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def run(data: Path, out_dir: Path | None = None) -> dict[str, Any]:
    """Score reading the texts of ``data`` (a SemEval-2022 Task 8 CSV) in the encodings of
    their languages."""
    pairs, _ = read_pairs(data)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong: list[dict[str, str]] = []
    articles = 0
    for language, pieces in _articles(pairs):
        articles += 1
        for (size, text), encoding in product(pieces.items(), ENCODINGS[language]):
            try:
                data_bytes = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            key = f"{language}_{size}"
            total[key] += 1
            try:
                decoded = decode_bytes(data_bytes)
            except IngestError as exc:
                wrong.append(_wrong(language, encoding, size, text, {"error": str(exc)}))
                continue
            if decoded.text.strip() == text.strip():
                right[key] += 1
            else:
                found = {"read": decoded.text, "as": decoded.encoding}
                wrong.append(_wrong(language, encoding, size, text, found))
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        with open(out_dir / "wrong.jsonl", "w", encoding="utf-8") as out:
            for case in wrong:
                out.write(json.dumps(case, ensure_ascii=False) + "\n")
    cases = sum(total.values())
    metrics: dict[str, Any] = {
        "accuracy": round(sum(right.values()) / cases, 4) if cases else 0.0,
        "cases": cases,
        "articles": articles,
    }
    for key in sorted(total):
        metrics[f"accuracy_{key}"] = round(right[key] / total[key], 4)
    return metrics


def _articles(pairs: Sequence[Any]) -> Iterator[tuple[str, dict[str, str]]]:
    """Each distinct article whose language has encodings here: its language and its pieces
    by size (those with ``MIN_LETTERS`` letters or more)."""
    seen: set[str] = set()
    for pair in pairs:
        for language, title, text in (
            (pair.lang1, pair.title1, pair.text1),
            (pair.lang2, pair.title2, pair.text2),
        ):
            if language not in ENCODINGS or text in seen:
                continue
            seen.add(text)
            sentence = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
            pieces = zip(SIZES, (title, sentence, text[:1000]), strict=True)
            yield (
                language,
                {
                    size: piece.strip()
                    for size, piece in pieces
                    if sum(char.isalpha() for char in piece) >= MIN_LETTERS
                },
            )


def _wrong(
    language: str, encoding: str, size: str, text: str, found: dict[str, str]
) -> dict[str, str]:
    """A wrong case as ``wrong.jsonl`` keeps it: what was written, and what was found (the
    text read and its encoding, or the error)."""
    return {"language": language, "encoding": encoding, "size": size, "text": text, **found}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storyline.evals.encodings DATA.csv [OUT_DIR]``"""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(main.__doc__, file=sys.stderr)
        return 2
    return print_metrics(lambda: run(Path(args[0]), Path(args[1]) if len(args) > 1 else None))


if __name__ == "__main__":
    sys.exit(main())
