"""Find the inputs a user named, whatever shape they come in.

- files: ``.txt`` ``.md`` ``.html``/``.htm`` (one article each); ``.csv``/``.tsv``, ``.jsonl``
  and ``.json`` (one article a row or record, see :mod:`storyline.ingest.tables`); ``.xml``,
  ``.rss`` and ``.atom`` feeds; ``.warc`` archives; ``.gz`` of any of these;
- folders, walked recursively in sorted order (hidden files and folders skipped);
- ``http(s)://`` addresses (a page, or a feed whose items are followed), and URL lists: a
  ``.urls`` file, or a ``.txt`` file whose every line is an address;
- ``-``: standard input (an article, or a list of addresses).

A sidecar metadata file (:mod:`storyline.ingest.sidecar`) overrides what each input says about
itself. Anything that cannot be read gives a :class:`Failure` in its place (transient for the
network, so the next build tries again); this never raises for one bad input.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from storyline.errors import IngestError
from storyline.ingest.types import RawInput, over_limit
from storyline.models import Failure

if TYPE_CHECKING:
    from storyline.ingest.fetch import Fetcher
    from storyline.ingest.sidecar import Sidecar

#: File name suffixes read as one article each, with the media type each is read as.
MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
}
#: Suffixes of files that hold many articles (rows, records, feed items, archived pages).
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".json", ".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
ARCHIVE_SUFFIXES = frozenset({".warc", ".arc"})
URL_LIST_SUFFIXES = frozenset({".urls"})
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {*MEDIA_TYPES, *TABLE_SUFFIXES, *FEED_SUFFIXES, *ARCHIVE_SUFFIXES, *URL_LIST_SUFFIXES, ".gz"}
)
STDIN = "-"

_STAGE = "ingest"


@dataclass(frozen=True)
class SourceOptions:
    """How inputs are read and fetched."""

    #: Largest article (a file, a page, a row, an archived record), in bytes.
    max_bytes: int = 20_000_000
    #: Largest file holding many articles (CSV, JSON, a feed, a URL list) read into memory.
    max_container_bytes: int = 2_000_000_000
    #: Field → column for CSV/JSON rows (``--csv-columns``); common names are found without it.
    csv_columns: Mapping[str, str] = field(default_factory=dict)
    #: A sidecar metadata file (``--metadata``).
    metadata_file: str | None = None
    #: Per-request timeout, retries after the first try, first backoff (doubling) in seconds.
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    #: An httpx transport in place of the network (tests).
    transport: Any = None
    #: Where ``-`` reads from (default: the process's standard input).
    stdin: IO[bytes] | None = None


def media_type_for(path: str) -> str:
    """The media type a file is read as, from its suffix; "" when the suffix is not supported."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return MEDIA_TYPES.get(Path(name).suffix, "")


def iter_inputs(
    paths: Sequence[str],
    options: SourceOptions | None = None,
    *,
    retry: Iterable[str] = (),
    notes: list[str] | None = None,
) -> Iterator[RawInput | Failure]:
    """Every input under ``paths``, then the addresses in ``retry`` (inputs that failed for a
    transient reason in an earlier build) that ``paths`` did not reach again. ``notes``
    receives, once every input is read, what the user should know though nothing failed: the
    metadata file's rows that matched no input."""
    walker = _Walker(options or SourceOptions())
    try:
        yield from walker.sidecar_problems()
        for path in paths:
            yield from walker.walk(path, named=True)
        for url in retry:
            if url not in walker.seen_urls and _is_url(url):
                yield from walker.url(url)
        if notes is not None and walker.repeats:
            repeated = [f"{name} ({times} times)" for name, times in walker.repeats.items()]
            notes.append(
                f"{len(repeated)} input name(s) met more than once, each read the first time"
                f" only: {_first_few(repeated)}"
            )
        if notes is not None and walker.sidecar is not None:
            unmatched = walker.sidecar.unmatched()
            if unmatched:
                notes.append(
                    f"{len(unmatched)} row(s) of {walker.sidecar.path} matched no input:"
                    f" {_first_few(unmatched)}"
                )
    finally:
        walker.close()


def _guarded(path: str, items: Iterator[RawInput | Failure]) -> Iterator[RawInput | Failure]:
    """A file's inputs, and a failure by its name if reading it raises what no reader expects:
    a fault in one file (or in the reader) never ends the build and the other inputs with it.
    What it gave before the fault stands."""
    try:
        yield from items
    except Exception as err:  # the net under every reader: reported by name, never raised
        reason = f"could not be read ({type(err).__name__}: {' '.join(str(err).split())[:200]})"
        yield _failure(path, reason, type(err).__name__)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _first_few(names: Sequence[str], shown: int = 5) -> str:
    return ", ".join(names[:shown]) + (" ..." if len(names) > shown else "")


class _Walker:
    def __init__(self, options: SourceOptions) -> None:
        self.options = options
        self.seen_dirs: set[str] = set()
        #: Files read in this walk, by real path: one named twice (``a.txt ./a.txt``, or in a
        #: folder also named) is one input, read once under the first name given.
        self.seen_files: set[str] = set()
        #: Regular files met by the walk, each time one is met (read or not).
        self.files_met = 0
        self.seen_urls: set[str] = set()
        #: The names of the inputs this walk gave; those met again, with how often met.
        self.read_names: set[str] = set()
        self.repeats: dict[str, int] = {}
        self._fetcher: Fetcher | None = None
        self.sidecar: Sidecar | None = None
        if options.metadata_file:
            from storyline.ingest.sidecar import load_sidecar

            self.sidecar = load_sidecar(options.metadata_file)

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def sidecar_problems(self) -> Iterator[Failure]:
        for name, reason in self.sidecar.problems if self.sidecar else ():
            yield _failure(name, f"metadata file: {reason}", "SidecarError")

    # -- dispatch --------------------------------------------------------------------------

    def walk(self, path: str, *, named: bool) -> Iterator[RawInput | Failure]:
        if path == STDIN and named:
            yield from self.stdin()
            return
        if _is_url(path) and not os.path.exists(path):
            yield from self.url(path)
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
            named_again = os.path.realpath(path) in self.seen_dirs
            files_before = self.files_met
            found = False
            for item in self.folder(path):
                found = True
                yield item
            # A file in it already read under another name still counts as in it.
            found = found or self.files_met > files_before
            if named and not found and not named_again:
                # Named by the user and nothing in it to read: say so rather than build nothing.
                yield _failure(
                    path, "no files in this folder (hidden files are skipped)", "EmptyFolder"
                )
        elif stat.S_ISREG(info.st_mode):
            self.files_met += 1
            real = os.path.realpath(path)
            if real not in self.seen_files:
                self.seen_files.add(real)
                yield from _guarded(path, self.file(path, info.st_size))
        elif named:
            yield _failure(path, "not a regular file or folder", "UnsupportedType")

    def folder(self, path: str) -> Iterator[RawInput | Failure]:
        """Every input in the folder and the folders in it, depth first, by name. Walked with
        a stack of folders, not by a call per folder: a folder a thousand deep went past
        Python's recursion limit and ended the build (regression)."""
        opened = self._entries(path)
        if opened is None:
            return
        stack = [opened]
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            if isinstance(entry, Failure):
                yield entry
            elif entry.is_dir(follow_symlinks=True):
                inner = self._entries(entry.path)
                if inner is not None:
                    stack.append(inner)
            else:
                yield from self.walk(entry.path, named=False)

    def _entries(self, path: str) -> Iterator[os.DirEntry[str] | Failure] | None:
        """The folder's visible entries by name (or the failure to list them); None for a
        folder walked already (a symbolic link loop, or one named twice)."""
        real = os.path.realpath(path)
        if real in self.seen_dirs:
            return None
        self.seen_dirs.add(real)
        try:
            with os.scandir(path) as found:
                entries = sorted((e for e in found if not e.name.startswith(".")), key=_name)
        except OSError as err:
            return iter([_failure(path, _os_reason(err), type(err).__name__)])
        return iter(entries)

    def file(self, path: str, size: int) -> Iterator[RawInput | Failure]:
        lowered = path.lower()
        compressed = lowered.endswith(".gz")
        suffix = Path(lowered[:-3] if compressed else lowered).suffix
        if suffix not in SUPPORTED_SUFFIXES - {".gz"}:
            shown = (suffix + ".gz" if compressed else suffix) or "(none)"
            supported = " ".join(sorted(SUPPORTED_SUFFIXES))
            yield _failure(
                path,
                f"unsupported file type '{shown}' (supported: {supported}, and .gz of these)",
                "UnsupportedType",
            )
            return
        if suffix in ARCHIVE_SUFFIXES:
            yield from self.archive(path, size)
            return
        single = suffix in MEDIA_TYPES
        limit = self.options.max_bytes if single else self.options.max_container_bytes
        what = "input" if single else "file"  # a file of many inputs has a limit of its own
        if not compressed and size > limit:
            yield _failure(path, over_limit(size, limit, what=what), "TooLarge")
            return
        try:
            data = _read(path, compressed, limit)
        except IngestError as err:
            yield _failure(path, err.reason, "IngestError")
            return
        except OSError as err:
            yield _failure(path, _os_reason(err), type(err).__name__)
            return
        if len(data) > limit:
            yield _failure(path, over_limit(len(data), limit, at_least=True, what=what), "TooLarge")
            return
        if suffix in TABLE_SUFFIXES:
            yield from self.table(path, suffix, data)
        elif suffix in FEED_SUFFIXES:
            yield from self.feed(path, data, "")
        elif suffix in URL_LIST_SUFFIXES:
            yield from self.url_list(path, data)
        elif suffix == ".txt" and (urls := _url_list(data)):
            for url in urls:
                yield from self.url(url)
        else:
            yield from self._out(RawInput(source=path, data=data, media_type=MEDIA_TYPES[suffix]))

    # -- kinds -----------------------------------------------------------------------------

    def url_list(self, path: str, data: bytes) -> Iterator[RawInput | Failure]:
        """A list of addresses, one a line: each fetched; a line that is no address is a
        failure of its own, named by its line (regression: one such line failed the whole list
        as "no URLs in it", the good addresses with it)."""
        lines = _address_lines(data)
        if lines is None:
            yield _failure(path, "not UTF-8 text (a list of addresses, one a line)", "DecodeError")
            return
        if not lines:
            yield _failure(path, f"no URLs in it ({_URL_LIST_FORM})", "EmptyInput")
        for number, line in lines:
            if _an_address(line):
                yield from self.url(line)
            else:
                reason = f"line {number}, {line[:80]!r}, is no web address ({_URL_LIST_FORM})"
                yield _failure(f"{path}#{number}", reason, "IngestError")

    def stdin(self) -> Iterator[RawInput | Failure]:
        stream = self.options.stdin or sys.stdin.buffer
        try:
            data = stream.read(self.options.max_bytes + 1)
        except (OSError, ValueError) as err:
            yield _failure(STDIN, f"cannot read standard input: {err}", type(err).__name__)
            return
        urls = _url_list(data)
        if urls:
            for url in urls:
                yield from self.url(url)
            return
        if len(data) > self.options.max_bytes:
            too_large = over_limit(len(data), self.options.max_bytes, at_least=True)
            yield _failure(STDIN, too_large, "TooLarge")
            return
        # Named by content: each text piped in is its own article, however often it comes.
        source = f"stdin:{hashlib.sha256(data).hexdigest()[:12]}"
        yield from self._out(RawInput(source=source, data=data))

    def table(self, path: str, suffix: str, data: bytes) -> Iterator[RawInput | Failure]:
        from storyline.ingest.decode import decode_bytes
        from storyline.ingest.tables import iter_csv, iter_json, iter_jsonl

        try:
            text = decode_bytes(data).text
        except IngestError as err:
            yield _failure(path, err.reason, "IngestError")
            return
        columns = self.options.csv_columns
        if suffix in (".csv", ".tsv"):
            rows = iter_csv(text, path, columns)
        elif suffix == ".json":
            rows = iter_json(text, path, columns)
        else:
            rows = iter_jsonl(text, path, columns)
        yield from self._items(path, rows, "no records in it")

    def archive(self, path: str, size: int) -> Iterator[RawInput | Failure]:
        from storyline.ingest.warc import iter_warc

        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is done
        except OSError as err:
            yield _failure(path, _os_reason(err), type(err).__name__)
            return
        with handle:
            records = iter_warc(handle, path, max_bytes=self.options.max_bytes, size=size)
            yield from self._items(path, records, "no HTML pages in it (no response records)")

    def url(self, url: str) -> Iterator[RawInput | Failure]:
        """The page or feed at ``url`` (its items' pages), each address once a walk."""
        if url in self.seen_urls:
            return
        self.seen_urls.add(url)
        yield from _guarded(url, self._fetched(url))

    def _fetched(self, url: str) -> Iterator[RawInput | Failure]:
        from storyline.ingest.feeds import looks_like_feed

        try:
            page = self.fetcher().fetch(url)
        except IngestError as err:
            yield _failure(url, err.reason, "FetchError", transient=err.transient)
            return
        if looks_like_feed(page.data, page.content_type):
            yield from self.feed(url, page.data, page.final_url)
            return
        metadata = {"url": page.final_url} if page.final_url != url else {}
        yield from self._out(RawInput(url, page.data, page.content_type, metadata))

    def feed(self, source: str, data: bytes, base_url: str) -> Iterator[RawInput | Failure]:
        from storyline.ingest.feeds import distinct, parse_feed

        try:
            items = parse_feed(data, base_url)
        except IngestError as err:
            yield _failure(source, err.reason, "FeedError")
            return
        for item in distinct(items):
            if not item.link:
                # An item whose text is in the feed itself, named by its id or its place.
                name = f"{source}#{item.key}"
                if item.content:
                    raw = RawInput(name, item.content.encode("utf-8"), "text/html", item.metadata)
                    yield from self._out(raw)
                elif item.unusable_link:
                    reason = f"feed item's link {item.unusable_link!r} is no web address"
                    yield _failure(name, reason, "FeedError")
                else:
                    reason = "feed item has no link and no text"
                    if item.feed_problem:
                        reason += f" (the feed is malformed: {item.feed_problem})"
                    yield _failure(name, reason, "FeedError")
                continue
            link, metadata = item.link, item.metadata
            if link in self.seen_urls:
                continue
            self.seen_urls.add(link)
            try:
                page = self.fetcher().fetch(link)
            except IngestError as err:
                yield _failure(link, err.reason, "FetchError", transient=err.transient)
                continue
            yield from self._out(RawInput(link, page.data, page.content_type, metadata))

    # -- helpers ---------------------------------------------------------------------------

    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from storyline.ingest.fetch import Fetcher

            self._fetcher = Fetcher(
                timeout=self.options.timeout,
                retries=self.options.retries,
                backoff=self.options.backoff,
                max_bytes=self.options.max_bytes,
                transport=self.options.transport,
            )
        return self._fetcher

    def _items(
        self,
        path: str,
        items: Iterable[RawInput | IngestError | tuple[str, IngestError]],
        nothing: str,
    ) -> Iterator[RawInput | Failure]:
        """What a container (a table, an archive) holds; ``nothing`` is the reason it fails
        when it holds nothing at all (a user who named it expected articles)."""
        empty = True
        for item in items:
            empty = False
            if isinstance(item, RawInput):
                yield from self._out(item)
            elif isinstance(item, IngestError):
                yield _failure(path, item.reason, "IngestError")
            else:
                name, err = item
                yield _failure(name, err.reason, "IngestError")
        if empty:
            yield _failure(path, nothing, "EmptyInput")

    def _out(self, raw: RawInput) -> Iterator[RawInput]:
        """The input as the build reads it, unless an input of that name was read already in
        this walk (a page an archive holds twice, a record two archives hold): the first is
        read, and the others are counted for a note."""
        if raw.source in self.read_names:
            self.repeats[raw.source] = self.repeats.get(raw.source, 1) + 1
            return
        self.read_names.add(raw.source)
        yield self.sidecar.apply(raw) if self.sidecar is not None else raw


def _read(path: str, compressed: bool, limit: int) -> bytes:
    """The file's bytes (decompressed), at most ``limit + 1`` of them."""
    if not compressed:
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read(limit + 1)
    except EOFError as err:
        raise IngestError("compressed file cut short (incomplete .gz)") from err
    except (gzip.BadGzipFile, zlib.error) as err:
        raise IngestError(f"not a valid .gz file: {err}") from err


_URL_LIST_FORM = "one http(s) address a line; # for comments"


def _url_list(data: bytes) -> list[str] | None:
    """The addresses, when every non-blank line (``#`` comments aside) is one."""
    lines = _address_lines(data[:1_000_000])
    if not lines or not all(_an_address(line) for _, line in lines):
        return None
    return [line for _, line in lines]


def _address_lines(data: bytes) -> list[tuple[int, str]] | None:
    """The non-blank lines of a list of addresses (``#`` comments aside), stripped, with their
    numbers (from 1); None when it is not UTF-8 text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    found = []
    for number, line in enumerate(io.StringIO(text), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            found.append((number, line))
    return found


def _an_address(line: str) -> bool:
    return _is_url(line) and not any(c.isspace() for c in line)


def _is_url(path: str) -> bool:
    return path.lower().startswith(("http://", "https://"))


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return (err.strerror or str(err)).lower()


def _failure(source: str, reason: str, error: str, *, transient: bool = False) -> Failure:
    return Failure(source=source, stage=_STAGE, reason=reason, error=error, transient=transient)
