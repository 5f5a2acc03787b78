"""Copying SQLite's write-ahead log into the database from a thread beside the writer.

SQLite copies the log back into the database itself (an automatic checkpoint) inside the commit
that grows the log past 1,000 pages: every few incremental links one of them waited 15–30 ms
for the copy and its ``fsync``, far longer than the link. While an incremental link runs, a
thread with a connection of its own checkpoints instead, after commits and at most every
``INTERVAL_SECONDS``; the writer goes on appending to the log meanwhile (a checkpoint that
only copies what no reader still needs blocks no one: SQLite's ``PASSIVE`` mode).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path

#: At most one checkpoint per this many seconds: each copies every commit made since.
INTERVAL_SECONDS = 0.25


class WalCheckpointer:
    """Checkpoints the database at ``path`` after :meth:`committed`, from its own thread,
    until :meth:`stop`."""

    def __init__(self, path: Path) -> None:
        # Used by the thread only; made here so that a file that cannot be opened fails now.
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="storyline-wal-checkpoint", daemon=True
        )
        self._thread.start()

    def committed(self) -> None:
        """A transaction landed in the log: copy it back soon."""
        self._wake.set()

    def stop(self) -> None:
        """End the thread and close its connection. What it has not copied yet the writer's
        own automatic checkpoints copy, once they are on again."""
        self._stopped.set()
        self._wake.set()
        self._thread.join()
        self._db.close()

    def _run(self) -> None:
        while not self._stopped.is_set():
            self._wake.wait()
            self._wake.clear()
            self._checkpoint()
            # Commits during the pause set the event again for the next round; a stop ends
            # the pause at once.
            self._stopped.wait(INTERVAL_SECONDS)

    def _checkpoint(self) -> None:
        # Housekeeping only: what is not copied now is copied by the next checkpoint.
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
