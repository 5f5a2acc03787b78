"""The build lock is not handed down to forked children.

A build's lock lives as long as a file descriptor behind it is open: SQLite's lock file
(``flock``: held while any descriptor of that open file is), PostgreSQL's connection (the
advisory lock ends with the session, which ends when the last descriptor of its socket is
closed). ``os.fork`` copies every descriptor, so a child the build forks to compute beside it
(``link.forked``) would hold the lock as long as it runs: a build killed while such a child
computed left its store locked until the child ended, and the build that should resume it was
refused ("another build is writing"; regression: the SIGKILL test, a flake on a loaded
machine). Every forked child points its copies of these descriptors at ``/dev/null`` at once,
which lets go of them without touching the parent's (unlocking through a copy would unlock the
parent's lock too). Spawned processes (the analysis workers) inherit no descriptors.
"""

from __future__ import annotations

import contextlib
import os

_HELD: set[int] = set()


def hold(descriptor: int) -> None:
    """A descriptor behind a build lock this process holds."""
    _HELD.add(descriptor)


def let_go(descriptor: int) -> None:
    """The lock behind ``descriptor`` is released (or its descriptor closed)."""
    _HELD.discard(descriptor)


def _in_forked_child() -> None:
    if not _HELD:
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for descriptor in _HELD:
            with contextlib.suppress(OSError):
                os.dup2(null, descriptor, inheritable=False)
    finally:
        os.close(null)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_in_forked_child)
