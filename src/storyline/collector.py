"""Python's cyclic garbage collector kept off what a long stretch of work holds.

Every full collection walks every object the process holds. A process that holds a corpus
(hundreds of thousands of objects, 1.4 GB on Timeline17) and keeps allocating meets several
of them, each about half a second of walking that finds nothing: what it holds is alive, and
the little cyclic garbage there is goes in the young generations' collections. ``gc.freeze``
sets the objects held so far apart (a forked child inherits that, and so does not copy their
pages to walk them either); objects made afterwards are collected as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def held_apart_from_the_collector(collect_first: bool = True) -> Iterator[None]:
    """What the process holds now is set apart from the cyclic collector until the end of
    this; then it is let go (``gc.unfreeze``) and collected as usual. ``collect_first``: a
    full collection first, so that what is garbage already is not set apart with the rest
    (without it, cyclic garbage held now waits until the end)."""
    if collect_first:
        gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
