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


#: A ticker's tail where the corpus's sentence splitter broke a Reuters code at its full stop
#: ("BP Plc's -LRB- BP . \nL -RRB- massive oil spill" for "BP Plc's (BP.L) massive oil spill").
_CODE_TAIL = re.compile(r"[A-Za-z]{1,3} -RRB-")
#: A bullet the corpus's conversion turned into a word ("•" read as "¢", then spelt "cents"):
#: "cents Hayward tells investors ... cents New blow to ...", never after a figure.
_BULLET = re.compile(r"(?:^|(?<=[^\d\s] )|(?<=[^\d\s]  ))cents (?=[A-Z“`\"'])", re.MULTILINE)


def _rejoin_bracket_splits(text: str) -> str:
    """Join the lines the corpus's sentence splitter cut inside brackets: a line that leaves a
    bracket open and a next line that closes it before opening any are one sentence."""
    lines: list[str] = []
    for line in text.split("\n"):
        if lines and _leaves_open(lines[-1]) and _closes_first(line):
            before = lines[-1].rstrip()
            if before.endswith(" .") and _CODE_TAIL.match(line.lstrip()):
                lines[-1] = before[:-2] + "." + line.lstrip()
            else:
                lines[-1] = before + " " + line.lstrip()
        else:
            lines.append(line)
    return "\n".join(lines)


def _bullet_item(match: re.Match[str]) -> str:
    at_line_start = match.start() == 0 or match.string[match.start() - 1] == "\n"
    return "" if at_line_start else "\n"


def _leaves_open(line: str) -> bool:
    return line.count("-LRB-") > line.count("-RRB-")


def _closes_first(line: str) -> bool:
    closing = line.find("-RRB-")
    opening = line.find("-LRB-")
    return closing >= 0 and (opening < 0 or closing < opening)


def detokenize(text: str) -> str:
    """Undo Penn-Treebank tokenisation well enough for dates, figures and quotes to read, and
    the corpus's conversion slips: sentences split inside brackets, bullets spelt "cents"."""
    # A bullet inside a line starts an item of its own: a line of its own, as on the page.
    text = _BULLET.sub(_bullet_item, _rejoin_bracket_splits(text))
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
