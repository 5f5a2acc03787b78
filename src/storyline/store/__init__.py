"""Storage: the only code that speaks SQL. ``open_store`` picks the backend from a path or URL.

* a file path, or ``sqlite:///path`` (SQLAlchemy's spelling: ``sqlite:////abs/path``): SQLite,
  the default;
* ``postgresql://user@host:port/dbname`` (or ``postgres://``): PostgreSQL, through psycopg 3
  (``pip install 'storyline[postgres]'``).

Both backends are :class:`Store`: one interface, one set of queries (``base``), and only the
dialect in ``sqlite`` and ``postgres``.
"""

from __future__ import annotations

import os
import re

from storyline.errors import StoreError
from storyline.store.base import Store
from storyline.store.postgres import PostgresStore
from storyline.store.sqlite import SQLiteStore

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
POSTGRES_SCHEMES = ("postgresql", "postgres")


def is_postgres(location: str | os.PathLike[str]) -> bool:
    match = _SCHEME.match(os.fspath(location))
    return match is not None and match.group(1).lower() in POSTGRES_SCHEMES


def open_store(location: str | os.PathLike[str], *, readonly: bool = False) -> Store:
    """Open the store at a file path, a ``sqlite:///path`` URL or a ``postgresql://`` URL."""
    text = os.fspath(location)
    match = _SCHEME.match(text)
    if match:
        scheme = match.group(1).lower()
        if scheme in POSTGRES_SCHEMES:
            return PostgresStore(text, readonly=readonly)
        if scheme != "sqlite" or not text.startswith("sqlite:///"):
            raise StoreError(
                f"unknown store {text.split('://')[0]}://...: give a file path,"
                " sqlite:///path or postgresql://user@host:port/dbname"
            )
        text = text[len("sqlite:///") :]
    return SQLiteStore(text, readonly=readonly)


__all__ = ["PostgresStore", "SQLiteStore", "Store", "is_postgres", "open_store"]
