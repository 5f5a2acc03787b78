"""Progress for long work: a bar per stage on a terminal, a line per stage otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol, TextIO


class Tick(Protocol):
    def __call__(self, n: int = 1) -> None: ...


class Progress(Protocol):
    def stage(self, name: str, total: int | None) -> AbstractContextManager[Tick]: ...


class SilentProgress:
    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Tick]:
        yield lambda n=1: None


class TerminalProgress:
    """Rich bars when ``stream`` is a terminal; one summary line per stage when it is not
    (logs and CI keep a readable record instead of carriage-return noise)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty()

    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Tick]:
        started = time.perf_counter()
        done = 0
        if self.interactive:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import Progress as RichProgress

            with RichProgress(
                TextColumn("{task.description:<12}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=False,
            ) as bar:
                task = bar.add_task(name, total=total)

                def tick(n: int = 1) -> None:
                    nonlocal done
                    done += n
                    bar.advance(task, n)

                yield tick
            return

        def count(n: int = 1) -> None:
            nonlocal done
            done += n

        yield count
        elapsed = time.perf_counter() - started
        amount = f"{done}/{total}" if total is not None else str(done)
        print(f"  {name:<12} {amount:>11}  {elapsed:6.2f}s", file=self.stream)
