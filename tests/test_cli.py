"""The command line: help with examples everywhere, exit codes, JSON for machines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import cli

COMMANDS = ["build", "timeline", "show", "export", "eval"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "storyline " + command in result.output


def test_usage_errors_exit_with_2() -> None:
    assert CliRunner().invoke(cli, ["build"]).exit_code == 2
    assert CliRunner().invoke(cli, ["export", "--db"]).exit_code == 2
    assert CliRunner().invoke(cli, ["frobnicate"]).exit_code == 2


def test_a_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["timeline", "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_a_store_an_older_release_wrote_is_named_so_and_a_build_without_paths_updates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.store.base as base
    from storyline.store import open_store

    old = tmp_path / "old.db"
    with monkeypatch.context() as older:  # the release before this one: a migration fewer
        older.setattr(base, "MIGRATIONS", base.MIGRATIONS[:-1])
        open_store(old).close()
    version = len(base.MIGRATIONS)
    refused = CliRunner().invoke(cli, ["timeline", "--db", str(old)])
    assert refused.exit_code == 3
    assert (
        f"{old} was written by an older storyline (store version {version - 1}; this release"
        f" reads version {version}): `storyline build --db {old}` brings it up to date"
    ) in refused.output
    built = CliRunner().invoke(cli, ["build", "--db", str(old), "--workers", "1"])
    assert built.exit_code == 0, built.output
    with open_store(old, readonly=True) as store:
        assert store.schema_version() == version
    assert CliRunner().invoke(cli, ["timeline", "--db", str(old)]).exit_code == 0
    # Without PATHS and without a store there is nothing to do: a usage error.
    nothing = CliRunner().invoke(cli, ["build", "--db", str(tmp_path / "none.db")])
    assert nothing.exit_code == 2 and "no PATHS to read" in nothing.output
    assert not (tmp_path / "none.db").exists()


def test_regression_serve_refuses_an_older_store_instead_of_migrating_it_behind_the_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `storyline serve` on an older release's store served pages that failed (503) while its
    # meaning index, a writer, migrated the store in the background.
    import storyline.store.base as base
    from storyline.store import open_store

    old = tmp_path / "old.db"
    with monkeypatch.context() as older:
        older.setattr(base, "MIGRATIONS", base.MIGRATIONS[:-1])
        open_store(old).close()
    import uvicorn

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(args))
    result = CliRunner().invoke(cli, ["serve", "--db", str(old), "--port", "1"])
    assert served == [] and result.exit_code == 3
    assert "was written by an older storyline" in result.output
    assert "serving" not in result.output
    with monkeypatch.context() as older:
        older.setattr(base, "MIGRATIONS", base.MIGRATIONS[:-1])
        with open_store(old, readonly=True) as store:  # as it was: nothing migrated it
            assert store.schema_version() == len(base.MIGRATIONS)


def test_serve_says_when_its_address_is_taken(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    import uvicorn

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(args))
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(seed_db), "--port", str(port)])
    assert result.exit_code == 3
    assert served == [] and f"cannot serve on 127.0.0.1:{port}: Address already in use" in (
        result.output
    )


def test_timeline_prints_dates_sources_and_citations(seed_db: Path) -> None:
    result = CliRunner().invoke(cli, ["timeline", "--db", str(seed_db)])
    assert result.exit_code == 0, result.output
    assert "Story st-" in result.output
    assert "2022-06-06 – 2022-06-10" in result.output
    assert "independent source" in result.output
    assert "single source" in result.output


def test_timeline_json_is_machine_readable(seed_db: Path) -> None:
    result = CliRunner().invoke(cli, ["timeline", "--db", str(seed_db), "--json"])
    assert result.exit_code == 0
    (story,) = json.loads(result.output)
    assert story["timeline"]
    assert all(e["summary"] for e in story["timeline"])


def test_unknown_story_is_an_error_with_exit_3(seed_db: Path) -> None:
    result = CliRunner().invoke(cli, ["timeline", "--db", str(seed_db), "--story", "st-nope"])
    assert result.exit_code == 3
    assert "no story" in result.output


def test_show_article_entity_and_event(seed_db: Path, seed_ids: dict[str, str]) -> None:
    runner = CliRunner()
    article = runner.invoke(cli, ["show", "article", seed_ids["004"][:8], "--db", str(seed_db)])
    assert article.exit_code == 0, article.output
    assert "published: 2024-02-28 (text)" in article.output
    entity = runner.invoke(cli, ["show", "entity", "Antony Blinken", "--db", str(seed_db)])
    assert entity.exit_code == 0, entity.output
    assert "Secretary of State" in entity.output
    assert "said" in entity.output
    data = json.loads(
        runner.invoke(
            cli, ["show", "article", seed_ids["001"], "--db", str(seed_db), "--json"]
        ).output
    )
    (event_id,) = data["events"]
    event = runner.invoke(cli, ["show", "event", event_id, "--db", str(seed_db), "--json"])
    assert event.exit_code == 0
    assert len(json.loads(event.output)["articles"]) == 2
    missing = runner.invoke(cli, ["show", "entity", "Nobody Atall", "--db", str(seed_db)])
    assert missing.exit_code == 3


@pytest.mark.parametrize(
    "fmt,marker",
    [("json", '"format": "storyline-export"'), ("markdown", "# "), ("html", "<!DOCTYPE html>")],
)
def test_export_writes_each_format(seed_db: Path, tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"export.{fmt}"
    result = CliRunner().invoke(
        cli, ["export", "--db", str(seed_db), "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert marker.lower() in out.read_text(encoding="utf-8").lower()


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "storyline", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "storyline" in done.stdout
