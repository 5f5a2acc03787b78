"""Storage: the only code that speaks SQL. ``open_store`` picks the backend from a path or URL."""

from __future__ import annotations

import os

from storyline.store.sqlite import SQLiteStore

Store = SQLiteStore


def open_store(location: str | os.PathLike[str], *, readonly: bool = False) -> SQLiteStore:
    """Open the store at a file path or a ``sqlite:///path`` URL."""
    text = os.fspath(location)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///") :]
    return SQLiteStore(text, readonly=readonly)


__all__ = ["SQLiteStore", "Store", "open_store"]
