"""What an incremental link read, kept between new articles: most recently used last."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any


def keep_recent(kept: OrderedDict[str, Any], used: Iterable[str], limit: int) -> None:
    """Mark ``used`` as the most recently used of ``kept``, then drop the least recently used
    beyond ``limit``."""
    for key in used:
        kept.move_to_end(key)
    while len(kept) > limit:
        kept.popitem(last=False)
