"""Finding inputs: files and folder trees in a stable order, failures in place of bad paths."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from storyline.ingest.sources import SUPPORTED_SUFFIXES, iter_inputs
from storyline.ingest.types import RawInput
from storyline.models import Failure


def _tree(root: Path) -> None:
    files = {
        "b.txt": "second",
        "a.md": "# first",
        "nested/deeper/c.html": "<p>third</p>",
        "nested/d.HTM": "<p>fourth</p>",
        "nested/notes.docx": "not supported",
        "nested/README": "no suffix",
        ".hidden.txt": "skipped",
        ".git/config.txt": "skipped",
        "nested/.cache/e.txt": "skipped",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".html", ".htm", ".csv", ".json", ".jsonl", ".warc", ".gz"} <= set(
        SUPPORTED_SUFFIXES
    )


def test_folder_tree_sorted_recursive_hidden_skipped(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = list(iter_inputs([str(tmp_path)]))
    names = [os.path.relpath(item.source, tmp_path) for item in items]
    assert names == [
        "a.md",
        "b.txt",
        "nested/README",
        "nested/d.HTM",
        "nested/deeper/c.html",
        "nested/notes.docx",
    ]
    by_name = dict(zip(names, items, strict=True))
    first = by_name["a.md"]
    assert isinstance(first, RawInput)
    assert (first.data, first.media_type) == (b"# first", "text/markdown")
    assert isinstance(by_name["b.txt"], RawInput) and by_name["b.txt"].media_type == "text/plain"
    upper = by_name["nested/d.HTM"]
    assert isinstance(upper, RawInput) and upper.media_type == "text/html"
    docx = by_name["nested/notes.docx"]
    assert isinstance(docx, Failure)
    assert docx.stage == "ingest"
    assert docx.error == "UnsupportedType"
    assert docx.reason.startswith("unsupported file type '.docx' (supported: ")
    assert ".html" in docx.reason and ".warc" in docx.reason
    readme = by_name["nested/README"]
    assert isinstance(readme, Failure) and "unsupported file type '(none)'" in readme.reason


def test_missing_path_is_a_failure_and_the_rest_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "ok.txt"
    good.write_text("fine", encoding="utf-8")
    missing = str(tmp_path / "nope.txt")
    items = list(iter_inputs([missing, str(good)]))
    assert isinstance(items[0], Failure)
    assert items[0].source == missing
    assert items[0].reason == "no such file or directory"
    assert isinstance(items[1], RawInput) and items[1].data == b"fine"


def test_file_named_directly_with_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "data.xyz"
    path.write_bytes(b"x")
    (item,) = iter_inputs([str(path)])
    assert isinstance(item, Failure)
    assert item.reason.startswith("unsupported file type '.xyz' (supported: ")


def test_hidden_file_named_directly_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".draft.txt"
    path.write_text("draft", encoding="utf-8")
    (item,) = iter_inputs([str(path)])
    assert isinstance(item, RawInput)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    try:
        (item,) = iter_inputs([str(path)])
    finally:
        path.chmod(0o644)
    assert isinstance(item, Failure)
    assert item.reason == "permission denied"


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    items = list(iter_inputs([str(tmp_path)]))
    assert [os.path.basename(i.source) for i in items] == ["x.txt"]


def test_regression_a_folder_hundreds_deep_ended_the_build(tmp_path: Path) -> None:
    # The walk called itself for each folder in a folder: 600 deep went past Python's
    # recursion limit (RecursionError) and ended the build.
    made = [tmp_path / "a"]
    for _ in range(700):
        made.append(made[-1] / "a")
    for folder in made:
        folder.mkdir()
    (made[-1] / "bottom.txt").write_text("at the bottom", encoding="utf-8")
    (tmp_path / "top.txt").write_text("at the top", encoding="utf-8")
    try:
        items = list(iter_inputs([str(tmp_path)]))
    finally:  # deepest first: pytest's own clean-up of a tree this deep recurses as deep
        (made[-1] / "bottom.txt").unlink()
        for folder in reversed(made):
            folder.rmdir()
    assert [os.path.basename(i.source) for i in items] == ["bottom.txt", "top.txt"]
    assert all(isinstance(i, RawInput) for i in items)


def test_a_named_folder_with_nothing_to_read_is_a_failure_by_name(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden.txt").write_text("skipped", encoding="utf-8")
    (item,) = iter_inputs([str(empty)])
    assert isinstance(item, Failure)
    assert (item.source, item.stage, item.error) == (str(empty), "ingest", "EmptyFolder")
    assert item.reason == "no files in this folder (hidden files are skipped)"
    # Empty folders inside a named one, and a folder named twice, are not failures.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "nothing").mkdir()
    items = list(iter_inputs([str(tmp_path / "a"), str(tmp_path / "a")]))
    assert [type(i).__name__ for i in items] == ["RawInput"]


def test_regression_a_file_named_twice_is_one_input(tmp_path: Path) -> None:
    # "a.txt a.txt ./a.txt", or a file and its folder, were read (and counted) once per name.
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("x", encoding="utf-8")
    (folder / "b.txt").write_text("y", encoding="utf-8")
    named = [
        str(folder / "a.txt"),
        str(folder / "a.txt"),
        str(folder / "." / "a.txt"),
        str(folder),
    ]
    items = list(iter_inputs(named))
    assert [i.source for i in items] == [str(folder / "a.txt"), str(folder / "b.txt")]
    # A folder whose only file was named before it is not an empty folder.
    (folder / "b.txt").unlink()
    (item,) = iter_inputs([str(folder / "a.txt"), str(folder)])
    assert isinstance(item, RawInput) and item.source == str(folder / "a.txt")


def test_url_is_fetched_and_a_dead_one_is_a_transient_failure() -> None:
    import httpx

    from storyline.ingest.sources import SourceOptions

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    options = SourceOptions(transport=httpx.MockTransport(refuse), backoff=0.0, retries=0)
    (item,) = iter_inputs(["https://example.com/story"], options)
    assert isinstance(item, Failure)
    assert (item.error, item.transient) == ("FetchError", True)
    assert item.reason.startswith("could not connect: connection refused")


def test_same_folder_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    items = list(iter_inputs([str(tmp_path), str(tmp_path)]))
    assert len(items) == 1


def test_read_error_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.ingest.sources as sources

    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")

    def refuse(path: str, mode: str = "r") -> object:
        if path.endswith("a.txt"):
            raise PermissionError(13, "Permission denied", path)
        return open(path, mode)

    monkeypatch.setattr(sources, "open", refuse, raising=False)
    first, second = iter_inputs([str(tmp_path)])
    assert isinstance(first, Failure)
    assert (first.reason, first.error) == ("permission denied", "PermissionError")
    assert isinstance(second, RawInput) and second.data == b"b"
