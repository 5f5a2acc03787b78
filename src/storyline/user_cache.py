"""Where storyline keeps what it can make again: the user's cache directory."""

from __future__ import annotations

import os
from pathlib import Path

#: Where files kept for a server's database go (``Store.file_beside`` of PostgreSQL), when set.
STORE_FILES_ENV = "STORYLINE_STORE_FILES"


def user_cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/storyline``, else ``~/.cache/storyline``; None where there is no home
    directory to find (a service's user may have none)."""
    try:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (RuntimeError, KeyError):
        return None
    return root / "storyline"


def store_files_dir() -> Path | None:
    """Where files kept for a server's database go: ``$STORYLINE_STORE_FILES``, else
    ``stores`` in the user's cache directory."""
    given = os.environ.get(STORE_FILES_ENV)
    if given:
        return Path(given)
    cache = user_cache_dir()
    return None if cache is None else cache / "stores"
