"""The ``storyline`` command: parse, call core, format. Exit codes: 0 success, 1 finished but
some inputs failed (each listed), 2 usage error (click's own), 3 a store or data error."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from storyline import __version__
from storyline.core import NotFound, Storyline, StoryTimeline
from storyline.errors import StorylineError
from storyline.models import DateInterval, to_dict


class StoreLocation(click.Path):
    """--db: a database file, as click.Path checks it, or a postgresql:// URL as it is."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from storyline.store import is_postgres

        if isinstance(value, str) and is_postgres(value):
            return value
        return super().convert(value, param, ctx)


EXIT_FAILED_INPUTS = 1
EXIT_ERROR = 3


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="storyline")
def cli() -> None:
    """Turn a pile of news articles into a dated, cited story timeline.

    \b
    Examples:
      storyline build examples/seeds --db out/seeds.db
      storyline timeline --db out/seeds.db
      storyline export --db out/seeds.db --format html -o out/report.html
    """


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--db",
    required=True,
    type=StoreLocation(dir_okay=False),
    help="The database file, or a postgresql:// URL.",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 256),
    default=0,
    show_default=True,
    help="Processes for the per-article stages (0: one per core).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=20_000_000,
    show_default=True,
    help="Refuse inputs larger than this.",
)
@click.option(
    "--collected-on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="When the inputs were collected (bounds inferred dates; default: today).",
)
@click.option(
    "--csv-columns",
    default="",
    metavar="FIELD=COLUMN,...",
    help="Which CSV/JSON columns hold text, html, title, date, url, outlet, author, language"
    " (common names such as body, headline, published, link are found without it).",
)
@click.option(
    "--metadata",
    "metadata_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A sidecar CSV or JSONL file: path or url → title, outlet, date, language, url, author;"
    " it overrides what is read from the articles.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1),
    default=20.0,
    show_default=True,
    help="Seconds to wait for a web page or feed.",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=2,
    show_default=True,
    help="Tries again after a timeout or a server error, waiting longer each time.",
)
@click.option(
    "--dask",
    default="",
    metavar="local|tcp://HOST:PORT",
    help="Run the per-article stages on a Dask cluster: 'local' starts one of --workers"
    " processes here; an address uses a running scheduler (see docs/performance.md).",
)
@click.option(
    "--ner-everywhere",
    is_flag=True,
    help="Tag names in every sentence, not only where they are read (the lead, speech,"
    " figures, dates; names found there are matched elsewhere): complete entity pages,"
    " about twice the time for that analysis.",
)
@click.option(
    "--keep-repeated-lines",
    is_flag=True,
    help="Keep the lines that many pages of one site (outlet, host or folder) repeat, which a"
    " build otherwise removes as the site's furniture (notices, promotions, widgets): for a"
    " folder of one story's rewrites by many outlets, whose shared sentences are news.",
)
@click.option(
    "--relink",
    is_flag=True,
    help="Link the whole corpus again (every corpus stage over every article) instead of"
    " linking a few new articles into the existing links one by one.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the build summary as JSON.")
def build(
    paths: tuple[str, ...],
    db: str,
    workers: int,
    max_bytes: int,
    collected_on: dt.datetime | None,
    csv_columns: str,
    metadata_file: str | None,
    timeout: float,
    retries: int,
    dask: str,
    ner_everywhere: bool,
    keep_repeated_lines: bool,
    relink: bool,
    as_json: bool,
) -> None:
    """Ingest PATHS, analyse each article, link the corpus and tell the stories.

    PATHS are files, folders (read recursively), web addresses, feeds and archives:
    .txt .md .html .htm (one article each); .csv .tsv .json .jsonl (one article a row);
    .xml .rss .atom feeds and http(s) feed addresses (each item's page is fetched; an
    item with no link is the text the feed gives it); .warc archives (HTML response
    records); .gz of any of these; a .urls file or a .txt file of addresses; and - for
    standard input (an article, or a list of addresses). An input named twice in one
    build (a page an archive holds twice) is read once, and the build notes it.

    Building again processes only what is new or changed; a killed build resumes; inputs
    that failed for a network reason are tried again. A few new articles (up to a tenth of
    a corpus of 200 or more) are linked into the existing events, happenings and stories
    one by one; --relink links the whole corpus again. Without PATHS, a build brings an
    existing store up to date with this release (a store an older release wrote): it is
    migrated, and what this release analyses differently is analysed again from the raw
    inputs the store keeps.

    \b
    Examples:
      storyline build examples/seeds --db out/seeds.db
      storyline build news/ more/article.html --db corpus.db --workers 2
      storyline build a.csv --db c.db --csv-columns text=body,title=headline,date=published
      storyline build https://example.org/news/rss.xml links.urls --db c.db --timeout 10
      storyline build CC-NEWS-20240101.warc.gz --db c.db --max-bytes 5000000
      storyline build pages/ --metadata pages-meta.csv --db c.db
      cat article.txt | storyline build - --db c.db
      storyline build news/ --db c.db --dask tcp://scheduler:8786
      storyline build news/ --db c.db --ner-everywhere
      storyline build one-story-many-outlets/ --db c.db --keep-repeated-lines
      storyline build today/ --db c.db --relink
      storyline build --db c.db   # after upgrading storyline: bring c.db up to date
    """
    from storyline.ingest.sources import SourceOptions
    from storyline.ingest.tables import parse_columns
    from storyline.pipeline import BuildOptions
    from storyline.progress import TerminalProgress
    from storyline.store import is_postgres

    if not paths and not is_postgres(db) and not Path(db).exists():
        raise click.UsageError(
            f"no PATHS to read, and no store at {db} to bring up to date: name files,"
            " folders or addresses to build from"
        )
    try:
        columns = parse_columns(csv_columns)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--csv-columns") from exc
    options = BuildOptions(
        collected_on=collected_on.date() if collected_on else dt.date.today(),
        workers=workers,
        max_bytes=max_bytes,
        dask=dask,
        ner_everywhere=ner_everywhere,
        keep_repeated_lines=keep_repeated_lines,
        relink=relink,
    )
    sources = SourceOptions(
        max_bytes=max_bytes,
        csv_columns=columns,
        metadata_file=metadata_file,
        timeout=timeout,
        retries=retries,
    )
    try:
        report = Storyline(db).build(paths, options, TerminalProgress(), sources=sources)
    except StorylineError as exc:
        _fail(str(exc))
        return
    if as_json:
        click.echo(
            json.dumps(
                {
                    "inputs": report.inputs,
                    "added": report.added,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "linked_incrementally": report.linked_incrementally,
                    "seconds": round(report.seconds, 3),
                    "counts": report.counts,
                    "failures": [
                        {"source": f.source, "stage": f.stage, "reason": f.reason}
                        for f in report.failures
                    ],
                    "notes": report.notes,
                },
                indent=2,
            )
        )
    else:
        c = report.counts
        click.echo(
            f"built {db}: {report.inputs} inputs ({report.added} new, {report.updated} updated,"
            f" {report.unchanged} unchanged) in {report.seconds:.1f}s\n"
            f"  {c.get('articles', 0)} articles, {c.get('entities', 0)} entities,"
            f" {c.get('events', 0)} events, {c.get('happenings', 0)} happenings,"
            f" {c.get('stories', 0)} stories, {c.get('quotes', 0)} quotes,"
            f" {c.get('figures', 0)} figures"
        )
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        if report.failures:
            click.echo(f"{len(report.failures)} input(s) failed:", err=True)
            for f in report.failures:
                click.echo(f"  FAILED {f.source} [{f.stage}]: {f.reason}", err=True)
    if report.failures:
        sys.exit(EXIT_FAILED_INPUTS)


def date_label(interval: DateInterval | None) -> str:
    """The date as the report and the web app word it (``June 2022``, ``2022-06-06 – 2022-06-10``,
    ``between 2021-10-07 and 2022-01-13, most likely 2021-11-18``): one wording everywhere."""
    from storyline.tell.export import date_dict
    from storyline.tell.render_markdown import date_label as worded

    return worded(date_dict(interval))


def _print_timeline(item: StoryTimeline) -> None:
    story = item.story
    click.secho(f"Story {story.id}: {story.title}", bold=True)
    click.echo(f"  {len(story.article_ids)} articles, {len(story.event_ids)} events")
    for entry in item.entries:
        flags: list[str] = [entry.status] if entry.status != "happened" else []
        sources = f"{entry.independent_sources} independent source" + (
            "s" if entry.independent_sources != 1 else ""
        )
        if len(entry.sources) != entry.independent_sources:
            sources += f" ({len(entry.sources)} articles)"
        if entry.single_source:
            flags.append("single source")
        click.echo("")
        click.secho(f"  {date_label(entry.date)}", fg="cyan", bold=True, nl=False)
        click.echo(f"  · {sources}" + (f" · {', '.join(flags)}" if flags else ""))
        for sentence in entry.summary:
            cites = ", ".join(f"{c.article[:8]}:{c.start}-{c.end}" for c in sentence.citations)
            click.echo(f"    - {sentence.text} [{cites}]")
        if entry.discrepancy_ids:
            click.echo(
                f"    ! {len(entry.discrepancy_ids)} cross-source comparison(s): "
                + ", ".join(entry.discrepancy_ids)
            )
    click.echo("")


@cli.command()
@click.option("--db", required=True, type=StoreLocation(exists=True, dir_okay=False))
@click.option("--story", "story_id", default=None, help="Only this story (an id or its prefix).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--abstractive",
    is_flag=True,
    help="Rewrite each date's summary through the OpenAI-compatible endpoint in"
    " STORYLINE_LLM_URL (model: STORYLINE_LLM_MODEL, key: STORYLINE_LLM_API_KEY); every"
    " sentence keeps its citations, and an entry the endpoint fails keeps its extractive summary.",
)
def timeline(db: str, story_id: str | None, as_json: bool, abstractive: bool) -> None:
    """Print the dated timeline of every story (or one), each sentence with its citations.

    \b
    Examples:
      storyline timeline --db out/seeds.db
      storyline timeline --db out/seeds.db --story st-3f2a --json
      STORYLINE_LLM_URL=http://127.0.0.1:8080/v1 STORYLINE_LLM_MODEL=qwen2.5-7b-instruct \\
        storyline timeline --db out/seeds.db --abstractive
    """
    from storyline.tell.abstractive import AbstractiveConfig

    try:
        if abstractive:
            config = AbstractiveConfig.from_env()
            if config is None:
                _fail("--abstractive needs STORYLINE_LLM_URL (and STORYLINE_LLM_MODEL) set")
                return
            items, fallbacks = Storyline(db).abstractive_timelines(story_id, config)
            for reason in fallbacks:
                click.echo(f"storyline: kept the extractive summary: {reason}", err=True)
        else:
            items = Storyline(db).timelines(story_id)
    except StorylineError as exc:
        _fail(str(exc))
        return
    if as_json:
        click.echo(
            json.dumps(
                [{"story": to_dict(i.story), "timeline": to_dict(i.entries)} for i in items],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not items:
        click.echo("no stories yet: run `storyline build PATH --db FILE` first")
    for item in items:
        _print_timeline(item)


@cli.command()
@click.argument("kind", type=click.Choice(["article", "event", "entity"]))
@click.argument("ident")
@click.option("--db", required=True, type=StoreLocation(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def show(kind: str, ident: str, db: str, as_json: bool) -> None:
    """Show one article, event or entity (an id, an id prefix, or an entity's name).

    \b
    Examples:
      storyline show article 6d361b60 --db out/seeds.db
      storyline show entity "Antony Blinken" --db out/seeds.db
      storyline show event ev-1a2b --db out/seeds.db --json
    """
    app = Storyline(db)
    try:
        if kind == "article":
            data: Any = app.article(ident)
            _show_article(data, as_json)
        elif kind == "event":
            event, articles = app.event(ident)
            if as_json:
                click.echo(
                    json.dumps(
                        {
                            "event": to_dict(event),
                            "articles": [
                                {
                                    "id": a.id,
                                    "title": a.title,
                                    "outlet": a.outlet,
                                    "source": a.source,
                                }
                                for a in articles
                            ],
                        },
                        indent=2,
                        ensure_ascii=False,
                    )
                )
            else:
                click.secho(f"Event {event.id}: {event.title}", bold=True)
                click.echo(f"  date: {date_label(event.date)}")
                for a in articles:
                    click.echo(f"  - {a.id} {a.outlet or '?'}: {a.title} ({a.source})")
        else:
            entity, quotes = app.entity(ident)
            if as_json:
                click.echo(
                    json.dumps(
                        {"entity": to_dict(entity), "quotes": to_dict(quotes)},
                        indent=2,
                        ensure_ascii=False,
                    )
                )
            else:
                click.secho(f"{entity.name} ({entity.type}) {entity.id}", bold=True)
                if entity.aliases:
                    click.echo(f"  also: {'; '.join(entity.aliases)}")
                if entity.roles:
                    click.echo(f"  roles: {'; '.join(entity.roles)}")
                for v in entity.variants:
                    click.echo(
                        f"  possible variant: {v.name} (in {', '.join(x[:8] for x in v.articles)})"
                    )
                click.echo(f"  {entity.mentions} mentions in {len(entity.articles)} articles")
                for q in quotes:
                    click.echo(
                        f"  said ({q.kind}): “{q.text}” [{q.article_id[:8]}:{q.start}-{q.end}]"
                    )
    except NotFound as exc:
        _fail(str(exc))
    except StorylineError as exc:
        _fail(str(exc))


def _show_article(data: dict[str, Any], as_json: bool) -> None:
    article = data["article"]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "article": to_dict(article),
                    "mentions": [dict(to_dict(m), entity_id=e) for m, e in data["mentions"]],
                    "time_mentions": to_dict(data["time_mentions"]),
                    "quotes": to_dict(data["quotes"]),
                    "figures": to_dict(data["figures"]),
                    "duplicate_of": to_dict(data["duplicate_of"]),
                    "events": [e.id for e in data["events"]],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    published = article.published
    click.secho(f"{article.title}", bold=True)
    click.echo(
        f"  id {article.id} · {article.outlet or 'outlet unknown'}"
        f"{' · ' + article.author if article.author else ''} · {article.language}"
    )
    click.echo(f"  source: {article.source}")
    click.echo(f"  published: {date_label(published.interval)} ({published.provenance})")
    for line in published.evidence:
        click.echo(f"    evidence: {line}")
    if data["duplicate_of"]:
        d = data["duplicate_of"]
        click.echo(f"  depends on {d.original_id} ({d.kind}, {d.similarity:.2f})")
    click.echo(f"  events: {', '.join(e.id for e in data['events'])}")
    click.echo(
        f"  {len(data['mentions'])} names, {len(data['time_mentions'])} time expressions,"
        f" {len(data['quotes'])} quotes, {len(data['figures'])} figures"
    )
    for q in data["quotes"]:
        who = q.speaker or q.speaker_description or "?"
        click.echo(f"    quote ({q.kind}) {who}: “{q.text[:100]}”")
    for f in data["figures"]:
        click.echo(f"    figure: {f.text} = {f.value:,g} {f.unit} ({f.counted})")
    for t in data["time_mentions"]:
        click.echo(f"    time: “{t.text}” → {t.value} ({t.tense or '-'})")


@cli.command()
@click.option("--db", required=True, type=StoreLocation(exists=True, dir_okay=False))
@click.option(
    "--to",
    "target",
    required=True,
    type=StoreLocation(dir_okay=False),
    help="The empty store to copy into: a file, or a postgresql:// URL.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the rows copied per table as JSON.")
def copy(db: str, target: str, as_json: bool) -> None:
    """Copy a whole store into another: a SQLite file onto a PostgreSQL server, or back.

    Everything is copied (articles with their raw input, analyses, stories, timelines, search
    documents and vectors), so the copy answers every query the source answers and later
    builds on it go on incrementally. The target must be empty; the copy is one transaction,
    so a failed or interrupted copy leaves it empty.

    \b
    Examples:
      storyline copy --db corpus.db --to postgresql://newsroom@dbhost/storyline
      storyline copy --db postgresql://newsroom@dbhost/storyline --to laptop.db --json
    """
    from storyline.progress import TerminalProgress
    from storyline.store.postgres import redact

    try:
        copied = Storyline(db).copy_to(target, TerminalProgress())
    except StorylineError as exc:
        _fail(str(exc))
        return
    if as_json:
        click.echo(json.dumps({"copied": copied}, indent=2))
    else:
        click.echo(
            f"copied {copied.get('articles', 0):,} articles"
            f" ({sum(copied.values()):,} rows in {len(copied)} tables) into {redact(target)}"
        )


@cli.command()
@click.option("--db", required=True, type=StoreLocation(exists=True, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "markdown", "html", "timelinejs", "csv", "parquet", "gexf"]),
    default="json",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default="-",
    help="Output file ('-' for standard output); a folder for csv and parquet.",
)
def export(db: str, fmt: str, output: str) -> None:
    """Export the stories, articles, entities, quotes, figures and discrepancies.

    JSON follows the documented contract (docs/export-format.md); HTML is one self-contained
    file whose citations link to the cited passage; timelinejs is TimelineJS's JSON; csv and
    parquet write one table per file (articles, entities, quotes, figures, timeline) into the
    folder given by -o; gexf is the entity co-occurrence graph for Gephi.

    \b
    Examples:
      storyline export --db out/seeds.db --format json -o out/seeds.json
      storyline export --db out/seeds.db --format html -o out/report.html
      storyline export --db out/seeds.db --format parquet -o out/tables/
    """
    if fmt in ("csv", "parquet"):
        if output == "-":
            _fail(f"--format {fmt} writes a folder of tables: give it with -o DIR")
            return
        try:
            written = Storyline(db).export_tables(fmt, output)
        except StorylineError as exc:
            _fail(str(exc))
            return
        for path in written:
            click.echo(f"wrote {path}", err=True)
        return
    try:
        text = Storyline(db).export(fmt)
    except StorylineError as exc:
        _fail(str(exc))
        return
    if output == "-":
        click.echo(text, nl=False)
    else:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.option("--db", required=True, type=StoreLocation(exists=True, dir_okay=False))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on (0.0.0.0: every interface; think before you do).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--allow-writes",
    is_flag=True,
    help="Turn on the POST endpoints that add articles; needs STORYLINE_WRITE_TOKEN set.",
)
@click.option(
    "--allow-private-urls",
    is_flag=True,
    help="Let the API fetch private, loopback and link-local addresses.",
)
@click.option(
    "--max-body-bytes",
    type=click.IntRange(1024),
    default=5_000_000,
    show_default=True,
    help="The largest request, upload or fetched page accepted.",
)
@click.option(
    "--no-index", is_flag=True, help="Do not compute missing meaning-search vectors at start."
)
def serve(
    db: str,
    host: str,
    port: int,
    allow_writes: bool,
    allow_private_urls: bool,
    max_body_bytes: int,
    no_index: bool,
) -> None:
    """Serve the stories as a web app and an HTTP API (OpenAPI at /openapi.json).

    Pages: / (stories), /stories/ID (timeline), /stories/ID/entries/N, /articles/ID,
    /entities/ID, /events/ID, /search. Each has its JSON under /api (/api/stories/ID, ...).
    Writing is off unless --allow-writes is given and STORYLINE_WRITE_TOKEN holds the token
    that write requests must send as "Authorization: Bearer TOKEN".

    \b
    Examples:
      storyline serve --db out/seeds.db
      STORYLINE_WRITE_TOKEN=s3cret storyline serve --db corpus.db --allow-writes --port 8080
    """
    import os

    # One BLAS thread: a server answers many small requests at once, and a BLAS thread pool
    # only adds hand-offs to each (on a busy machine, a query's 1 ms embedding took 400 ms
    # waiting for pool threads). Set before numpy is first imported, which is below.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    try:
        import uvicorn

        from storyline.web.app import WebSettings, create_app
    except ImportError as exc:
        _fail(f"the web app needs its extra: pip install 'storyline[web]' ({exc})")
        return
    token = os.environ.get("STORYLINE_WRITE_TOKEN", "").strip() or None
    if allow_writes and token is None:
        _fail("--allow-writes needs the token in STORYLINE_WRITE_TOKEN")
        return
    problem = _cannot_serve(db, host, port)
    if problem:
        _fail(problem)
        return
    settings = WebSettings(
        db=db,
        write_token=token if allow_writes else None,
        allow_private_urls=allow_private_urls,
        max_body_bytes=max_body_bytes,
        index_meaning=not no_index,
    )
    click.echo(f"storyline: serving {db} on http://{host}:{port}/", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _cannot_serve(db: str, host: str, port: int) -> str:
    """Why the server could not start, said before it claims to serve: a store the readers
    refuse (an older release's: the meaning index would otherwise have migrated it in the
    background while the first pages failed), or an address in use."""
    import socket

    from storyline.store import open_store

    try:
        open_store(db, readonly=True).close()
    except StorylineError as exc:
        return str(exc)
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        return f"cannot serve on {host}:{port}: {exc.strerror or exc}"
    return ""


EVALS = {
    "timex": "storyline.evals.timex",
    "extraction": "storyline.evals.extraction",
    "dating": "storyline.evals.dating",
    "attribution": "storyline.evals.attribution",
    "tls": "storyline.evals.tls",
    "similarity": "storyline.evals.similarity",
    "events": "storyline.evals.events",
    "encodings": "storyline.evals.encodings",
}


@cli.command("eval")
@click.argument("name", type=click.Choice(sorted(EVALS)))
@click.option("--data", required=True, type=click.Path(), help="The benchmark's folder or file.")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Write the predictions here, in the data set's own format.",
)
def evaluate(name: str, data: str, out: str | None) -> None:
    """Score storyline on a public benchmark; the last line printed is the metrics as JSON.

    \b
    Examples:
      storyline eval timex --data ../shared/data/tempeval3/TBAQ-cleaned
      storyline eval timex --data ../shared/data/tempeval3/TBAQ-cleaned --out out/timex
      storyline eval attribution --data ../shared/data/polnear/dev --out out/attribution
      storyline eval encodings --data ../shared/data/similarity/semeval2022_task8_sample_train.csv
    """
    import importlib

    from storyline.errors import DataNotFound

    try:
        module = importlib.import_module(EVALS[name])
    except ModuleNotFoundError:
        _fail(f"the {name} evaluation is not available in this version")
        return
    try:
        metrics = module.run(Path(data), Path(out) if out else None)
    except DataNotFound as exc:
        _fail(str(exc))
        return
    click.echo(json.dumps(metrics, sort_keys=True))


def main() -> None:
    cli(prog_name="storyline")
