"""Find the inputs a user named: files, and folders walked recursively in a stable order."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from storyline.ingest.types import RawInput
from storyline.models import Failure

#: File name suffixes read as articles, with the media type each is read as.
MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(MEDIA_TYPES)

_STAGE = "ingest"


def media_type_for(path: str) -> str:
    """The media type a file is read as, from its suffix; "" when the suffix is not supported."""
    return MEDIA_TYPES.get(Path(path).suffix.lower(), "")


def iter_inputs(paths: Sequence[str]) -> Iterator[RawInput | Failure]:
    """Every input under ``paths``: each file, and each file in each folder (recursively, in
    sorted order, hidden files and folders skipped). A path that cannot be read gives a
    :class:`Failure` in its place; this never raises for one bad path."""
    seen_dirs: set[str] = set()
    for path in paths:
        yield from _walk(path, seen_dirs, named=True)


def _walk(path: str, seen_dirs: set[str], *, named: bool) -> Iterator[RawInput | Failure]:
    if _looks_like_url(path):
        yield _failure(
            path,
            "fetching URLs is not supported; save the page and pass the file",
            "UnsupportedSource",
        )
        return
    try:
        info = os.stat(path)
    except FileNotFoundError:
        yield _failure(path, "no such file or directory", "FileNotFoundError")
        return
    except OSError as err:
        yield _failure(path, _os_reason(err), type(err).__name__)
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk_dir(path, seen_dirs)
    elif stat.S_ISREG(info.st_mode):
        yield _read_file(path)
    elif named:
        yield _failure(path, "not a regular file or folder", "UnsupportedType")


def _walk_dir(path: str, seen_dirs: set[str]) -> Iterator[RawInput | Failure]:
    real = os.path.realpath(path)
    if real in seen_dirs:  # a symbolic link loop, or the same folder named twice
        return
    seen_dirs.add(real)
    try:
        names = sorted(os.listdir(path))
    except OSError as err:
        yield _failure(path, _os_reason(err), type(err).__name__)
        return
    for name in names:
        if name.startswith("."):
            continue
        yield from _walk(os.path.join(path, name), seen_dirs, named=False)


def _read_file(path: str) -> RawInput | Failure:
    suffix = Path(path).suffix.lower()
    media_type = MEDIA_TYPES.get(suffix)
    if media_type is None:
        shown = suffix or "(none)"
        supported = " ".join(sorted(SUPPORTED_SUFFIXES))
        return _failure(
            path,
            f"unsupported file type '{shown}' (supported: {supported})",
            "UnsupportedType",
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as err:
        return _failure(path, _os_reason(err), type(err).__name__)
    return RawInput(source=path, data=data, media_type=media_type)


def _looks_like_url(path: str) -> bool:
    lowered = path.lower()
    return lowered.startswith(("http://", "https://", "ftp://")) and not os.path.exists(path)


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return (err.strerror or str(err)).lower()


def _failure(source: str, reason: str, error: str) -> Failure:
    return Failure(source=source, stage=_STAGE, reason=reason, error=error)
