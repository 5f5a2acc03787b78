"""Reading the Timeline17 layout: ``<topic>_<source>/InputDocs/<YYYY-MM-DD>/<n>.htm.txt``
articles (Penn-Treebank tokenised) and ``timelines/<source>.txt`` gold timelines."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import DataNotFound

_PTB = [
    (re.compile(r"-LRB-"), "("),
    (re.compile(r"-RRB-"), ")"),
    (re.compile(r"-LSB-"), "["),
    (re.compile(r"-RSB-"), "]"),
    (re.compile(r"-LCB-"), "{"),
    (re.compile(r"-RCB-"), "}"),
    (re.compile(r"``\s*"), "“"),
    (re.compile(r"\s*''"), "”"),
    (re.compile(r"\s+([.,;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$])\s+"), r"\1"),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE), r"\1"),
    (re.compile(r"(\d)\s+,\s+(\d{3})\b"), r"\1,\2"),
    (re.compile(r"[ \t]{2,}"), " "),
]


def detokenize(text: str) -> str:
    """Undo Penn-Treebank tokenisation well enough for dates, figures and quotes to read."""
    for pattern, replacement in _PTB:
        text = pattern.sub(replacement, text)
    return text


@dataclass(frozen=True)
class T17Article:
    topic: str
    folder: str
    path: Path
    published: dt.date
    text: str


@dataclass(frozen=True)
class GoldTimeline:
    topic: str
    name: str
    entries: tuple[tuple[dt.date, tuple[str, ...]], ...]


def topic_folders(root: Path) -> dict[str, list[Path]]:
    if not root.is_dir():
        raise DataNotFound(f"no Timeline17 data at {root} (expected <topic>_<source>/InputDocs)")
    topics: dict[str, list[Path]] = {}
    for folder in sorted(root.iterdir()):
        if (folder / "InputDocs").is_dir():
            topics.setdefault(folder.name.split("_", 1)[0], []).append(folder)
    if not topics:
        raise DataNotFound(f"no <topic>_<source>/InputDocs folders under {root}")
    return topics


def articles(root: Path, topic: str | None = None) -> Iterator[T17Article]:
    for name, folders in topic_folders(root).items():
        if topic is not None and name != topic:
            continue
        for folder in folders:
            for day_dir in sorted((folder / "InputDocs").iterdir()):
                try:
                    day = dt.date.fromisoformat(day_dir.name)
                except ValueError:
                    continue
                for path in sorted(day_dir.glob("*.txt")):
                    raw = path.read_text(encoding="utf-8", errors="replace")
                    yield T17Article(name, folder.name, path, day, detokenize(raw))


def gold_timelines(root: Path) -> Iterator[GoldTimeline]:
    for name, folders in topic_folders(root).items():
        for folder in folders:
            for path in sorted((folder / "timelines").glob("*.txt")):
                yield GoldTimeline(name, f"{folder.name}/{path.stem}", tuple(_parse_timeline(path)))


def _parse_timeline(path: Path) -> Iterator[tuple[dt.date, tuple[str, ...]]]:
    day: dt.date | None = None
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line:
            continue
        if set(line) == {"-"}:
            if day is not None:
                yield day, tuple(lines)
            day, lines = None, []
        elif day is None:
            try:
                day = dt.date.fromisoformat(line[:10])
            except ValueError:
                continue
        else:
            lines.append(line)
    if day is not None and lines:
        yield day, tuple(lines)
