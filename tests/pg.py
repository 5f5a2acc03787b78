"""A throwaway PostgreSQL server for the test session, and the fixtures that run a test against
every backend.

The server is the real thing (Debian's PostgreSQL 15 binaries, ``make postgres-deps`` installs
them): ``initdb`` into a temporary directory (as the ``postgres`` system user when the tests run
as root, since initdb refuses root), ``pg_ctl start`` on 127.0.0.1 and a free port with its
socket in the same directory, one fresh database per test, and ``pg_ctl stop`` plus removal of
the directory when the session ends, also when it fails.

If the binaries are missing the PostgreSQL tests fail, saying to run ``make postgres-deps``;
with ``STORYLINE_SKIP_POSTGRES=1`` they skip instead.

Test modules use the fixtures with ``pytest_plugins = ("tests.pg",)``. (PYTEST_DONT_REWRITE:
test modules import helpers from here before pytest registers it as a plugin.)
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from storyline.store import Store, open_store
from storyline.user_cache import STORE_FILES_ENV

SKIP_ENV = "STORYLINE_SKIP_POSTGRES"
MISSING_BINARIES = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin"
    " or on PATH: run `make postgres-deps` (or set STORYLINE_SKIP_POSTGRES=1 to skip the"
    " PostgreSQL tests)"
)
MISSING_DRIVER = (
    "psycopg is not installed: run `make postgres-deps` and `pip install -e '.[test]'`"
    " (or set STORYLINE_SKIP_POSTGRES=1 to skip the PostgreSQL tests)"
)
#: The role the tests connect as (trust authentication on 127.0.0.1 only).
ROLE = "storyline"
#: Who runs the server when the tests run as root.
SERVER_USERS = ("postgres", "storyline-pg")
BACKENDS = ("sqlite", "postgresql")


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` with initdb and pg_ctl, else one on PATH."""

    def version(path: str) -> float:
        try:
            return float(Path(path).parent.name)
        except ValueError:
            return 0.0

    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).parent
    return None


def unavailable(message: str) -> None:
    """Fail with ``message``, or skip with it when STORYLINE_SKIP_POSTGRES=1."""
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(message)
    pytest.fail(message, pytrace=False)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _server_user() -> pwd.struct_passwd | None:
    """None when not root; else the system user to run the server as (created if need be)."""
    if os.geteuid() != 0:
        return None
    for name in SERVER_USERS:
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    subprocess.run(
        [
            "useradd",
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            SERVER_USERS[-1],
        ],
        check=True,
        capture_output=True,
    )
    return pwd.getpwnam(SERVER_USERS[-1])


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    user: pwd.struct_passwd | None
    port: int = 0
    running: bool = False
    databases: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str) -> str:
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/{database}"

    def _as_server_user(self, args: list[str], timeout: float = 120) -> None:
        """Run a server binary (as the server user when we are root); raise with its output."""
        extra: dict[str, Any] = {}
        if self.user is not None:
            extra = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        done = subprocess.run(
            args,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "LC_ALL": "C.UTF-8", "PGTZ": "UTC"},
            check=False,
            **extra,
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{shlex.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}{log}"
            )

    def initdb(self) -> None:
        base = [str(self.bindir / "initdb"), "-D", str(self.data), "-U", ROLE]
        base += ["--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"]
        try:
            # An ICU locale that does not sort bytewise, so that a query whose order depends on
            # the database's collation shows up as a difference between the backends.
            self._as_server_user(
                [*base, "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US"]
            )
        except RuntimeError:
            shutil.rmtree(self.data, ignore_errors=True)
            self._as_server_user([*base, "--no-locale"])

    def start(self) -> None:
        last: Exception | None = None
        for _attempt in range(3):
            self.port = free_port()
            options = [
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={shlex.quote(str(self.root))}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=50",
            ]
            try:
                self._as_server_user(
                    [
                        str(self.bindir / "pg_ctl"),
                        "-D",
                        str(self.data),
                        "-l",
                        str(self.log),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        " ".join(options),
                        "start",
                    ],
                )
            except RuntimeError as exc:  # most likely the port was taken meanwhile
                last = exc
                continue
            self.running = True
            return
        raise RuntimeError(f"could not start PostgreSQL: {last}")

    def stop(self) -> None:
        try:
            if self.running:
                self._as_server_user(
                    [
                        str(self.bindir / "pg_ctl"),
                        "-D",
                        str(self.data),
                        "-m",
                        "immediate",
                        "-w",
                        "stop",
                    ],
                    timeout=60,
                )
                self.running = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def admin(self) -> Any:
        import psycopg

        return psycopg.connect(self.url("postgres"), autocommit=True)

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_server(bindir: Path) -> PostgresServer:
    user = _server_user()
    root = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    server = PostgresServer(bindir, root, user)
    try:
        server.initdb()
        server.start()
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> PostgresServer:
    """The session's server, started on first use and stopped when the session ends."""
    bindir = find_bindir()
    if bindir is None:
        unavailable(MISSING_BINARIES)
    assert bindir is not None
    if importlib.util.find_spec("psycopg") is None:
        unavailable(MISSING_DRIVER)
    server = start_server(bindir)
    request.addfinalizer(server.stop)
    # Files a linker keeps for the session's databases (``Store.file_beside``) go with the
    # server, not into the user's cache.
    files = tempfile.mkdtemp(prefix="storyline-pg-files-")
    env = pytest.MonkeyPatch()
    env.setenv(STORE_FILES_ENV, files)
    request.addfinalizer(lambda: shutil.rmtree(files, ignore_errors=True))
    request.addfinalizer(env.undo)
    return server


@pytest.fixture()
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=BACKENDS)
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store's location, once per backend: a new SQLite file, a new PostgreSQL
    database."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture()
def store(store_location: str) -> Iterator[Store]:
    """A fresh, migrated store, once per backend."""
    with open_store(store_location) as opened:
        yield opened
