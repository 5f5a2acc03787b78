"""The web app and the HTTP API: ``create_app(WebSettings(db=...))`` is an ASGI application.

Every page has a JSON twin under ``/api`` computed by the same view function
(:mod:`storyline.web.views`); the OpenAPI document at ``/openapi.json`` describes the API.
Pages are rendered on the server by Jinja2 with autoescaping; the one script (timeline zoom)
is served from this origin and the Content-Security-Policy forbids every other.

Writing (adding articles) is off unless the operator gives a token; each write request must
carry it as ``Authorization: Bearer <token>``. Writes run one at a time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined

from storyline import __version__
from storyline.core import SEARCH_KINDS, NotFound, Storyline
from storyline.errors import StorylineError
from storyline.ingest.types import RawInput
from storyline.pipeline import BuildOptions
from storyline.web import schemas as s
from storyline.web import views
from storyline.web.fetch import FetchFailed, URLRefused, fetch
from storyline.web.marking import Span, mark_text
from storyline.web.timeline_svg import build_timeline

log = logging.getLogger("storyline.web")

#: Every page's security headers: nothing runs or loads but what this server serves.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
#: The API documentation pages load scripts from elsewhere; they get their own, looser policy.
_DOCS_PATHS = ("/docs", "/redoc")


@dataclass(frozen=True)
class WebSettings:
    """How the server runs. ``write_token`` None: writing is off."""

    db: str
    write_token: str | None = None
    allow_private_urls: bool = False
    #: The largest request body (and uploaded or fetched article) accepted, in bytes.
    max_body_bytes: int = 5_000_000
    #: Compute the vectors meaning search lacks, in the background, at start.
    index_meaning: bool = True


ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]


class BodyLimit:
    """Refuses (413) a request whose body is larger than ``limit`` bytes: at once when its
    Content-Length says so, otherwise as soon as the bytes received pass the limit."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await _too_large(self.limit, send)
            return
        received = 0
        refused = False

        async def limited() -> Any:
            # Over the limit: answer 413 here and tell the app the client left (raising would
            # reach the app's body parser, which turns any error into a 400).
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    refused = True
                    await _too_large(self.limit, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Any) -> None:
            if not refused:
                await send(message)

        await self.app(scope, limited, guarded_send)


async def _too_large(limit: int, send: Callable[[Any], Awaitable[None]]) -> None:
    response = JSONResponse(
        {"detail": f"request body over the limit of {limit:,} bytes"}, status_code=413
    )
    await response({"type": "http"}, _nothing, send)


async def _nothing() -> Any:
    return {"type": "http.disconnect"}


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("storyline.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.filters["number"] = views.number
    return env


def create_app(settings: WebSettings) -> FastAPI:
    core = Storyline(settings.db, keep_readers=True)
    writing = threading.Lock()
    templates = Jinja2Templates(env=_environment())

    def index_in_background() -> None:
        try:
            core.warm()
        except StorylineError as exc:
            log.warning("could not prepare the speaker index: %s", exc)
        if not settings.index_meaning:
            return
        with writing:
            try:
                added = core.index_meaning()
                if added:
                    log.info("meaning search: %d vectors computed", added)
            except StorylineError as exc:  # a read-only store: meaning search stays partial
                log.warning("meaning search index not updated: %s", exc)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=index_in_background, daemon=True).start()
        yield

    app = FastAPI(
        title="storyline",
        version=__version__,
        description=(
            "Stories, timelines, articles, entities and search of one storyline store, as"
            " JSON. Every path here without its /api prefix is the same data as an HTML page."
            " POST endpoints add articles; they are off unless the operator set a token."
        ),
        lifespan=lifespan,
    )
    app.mount("/static", StaticFiles(packages=[("storyline.web", "static")]), name="static")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.url.path not in _DOCS_PATHS:
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def error_page(request: Request, status: int, message: str) -> Response:
        if is_api(request):
            return JSONResponse({"detail": message}, status_code=status)
        return templates.TemplateResponse(
            request, "error.html.j2", {"status": status, "message": message}, status_code=status
        )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_page(request, 404, str(exc))

    @app.exception_handler(StorylineError)
    async def store_error(request: Request, exc: StorylineError) -> Response:
        return error_page(request, 503, str(exc))

    def page(request: Request, template: str, model: Any, **extra: Any) -> Response:
        return templates.TemplateResponse(request, template, {"page": model, **extra})

    # -- stories --------------------------------------------------------------------------

    @app.get("/api/stories", response_model=s.StoriesPage, tags=["read"])
    def api_stories() -> s.StoriesPage:
        """Every story: title, number of timeline entries and articles, first and last date."""
        return views.stories_page(core)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def html_stories(request: Request) -> Response:
        return page(request, "stories.html.j2", views.stories_page(core))

    @app.get("/api/failures", response_model=s.FailuresPage, tags=["read"])
    def api_failures() -> s.FailuresPage:
        """What the builds could not use: each input or article by name, the step that
        failed and why; network failures are tried again by the next build."""
        return views.failures_page(core)

    @app.get("/failures", response_class=HTMLResponse, include_in_schema=False)
    def html_failures(request: Request) -> Response:
        return page(request, "failures.html.j2", views.failures_page(core))

    @app.get(
        "/api/stories/{story_id}", response_model=s.StoryPage, tags=["read"], responses=NOT_FOUND
    )
    def api_story(story_id: str) -> s.StoryPage:
        """One story: key entities, its timeline entries, discrepancies and articles."""
        return views.story_page(core, story_id)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def html_story(
        request: Request,
        story_id: str,
        start: Annotated[dt.date | None, Query(alias="from")] = None,
        end: Annotated[dt.date | None, Query(alias="to")] = None,
    ) -> Response:
        model = views.story_page(core, story_id)
        timeline = build_timeline(model.entries, start, end)
        return page(request, "story.html.j2", model, timeline=timeline)

    @app.get(
        "/api/stories/{story_id}/entries/{seq}",
        response_model=s.EntryPage,
        tags=["read"],
        responses=NOT_FOUND,
    )
    def api_entry(story_id: str, seq: int) -> s.EntryPage:
        """One timeline entry: its cited summary, the sources side by side (the passages it
        rests on), quotes and figures in them, discrepancies and the happenings merged."""
        return views.entry_page(core, story_id, _seq(seq))

    @app.get(
        "/stories/{story_id}/entries/{seq}", response_class=HTMLResponse, include_in_schema=False
    )
    def html_entry(request: Request, story_id: str, seq: int) -> Response:
        return page(request, "entry.html.j2", views.entry_page(core, story_id, _seq(seq)))

    # -- events, articles, entities ---------------------------------------------------------

    @app.get(
        "/api/events/{event_id}", response_model=s.EventPage, tags=["read"], responses=NOT_FOUND
    )
    def api_event(event_id: str) -> s.EventPage:
        """One coverage event: the articles about the same happening."""
        return views.event_page(core, event_id)

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def html_event(request: Request, event_id: str) -> Response:
        return page(request, "event.html.j2", views.event_page(core, event_id))

    @app.get(
        "/api/articles/{article_id}",
        response_model=s.ArticlePage,
        tags=["read"],
        responses=NOT_FOUND,
    )
    def api_article(
        article_id: str,
        removed: Annotated[bool, Query(description="Include the raw input text.")] = False,
    ) -> s.ArticlePage:
        """One article: clean text with its marked spans (entities, dates, quotes, figures),
        the publication date with its evidence, and what cleaning removed."""
        return views.article_page(core, article_id, with_raw=removed)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def html_article(
        request: Request,
        article_id: str,
        removed: bool = False,
        span: Annotated[str | None, Query(pattern=r"^\d{1,9}-\d{1,9}$")] = None,
    ) -> Response:
        model = views.article_page(core, article_id, with_raw=removed)
        spans = [Span(m.start, m.end, m.kind, m.label, m.href) for m in model.marks]
        if span:
            a, b = (int(x) for x in span.split("-"))
            spans.append(Span(a, b, "cited", "the cited passage"))
        text = mark_text(model.text, spans)
        raw = None
        if model.raw_text is not None:
            raw = mark_text(
                model.raw_text,
                [Span(r.start, r.end, "removed", r.reason) for r in model.removed],
            )
        return page(request, "article.html.j2", model, text=text, raw=raw)

    @app.get(
        "/api/entities/{entity_id}", response_model=s.EntityPage, tags=["read"], responses=NOT_FOUND
    )
    def api_entity(entity_id: str) -> s.EntityPage:
        """One entity: aliases, roles, appearances per month, what it said, its articles."""
        return views.entity_page(core, entity_id)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def html_entity(request: Request, entity_id: str) -> Response:
        model = views.entity_page(core, entity_id)
        peak = max((a.articles for a in model.appearances), default=1)
        return page(request, "entity.html.j2", model, peak=peak)

    # -- search ---------------------------------------------------------------------------------

    def search_model(q: str, mode: str, kind: list[str] | None, limit: int) -> s.SearchPage:
        return views.search_page(core, q, mode, kind or list(SEARCH_KINDS), limit)

    @app.get("/api/search", response_model=s.SearchPage, tags=["read"])
    def api_search(
        q: Annotated[str, Query(max_length=500, description="Words, or a sentence.")] = "",
        mode: Annotated[
            Literal["keyword", "meaning"],
            Query(description="keyword: full-text search; meaning: sentence vectors."),
        ] = "keyword",
        kind: Annotated[list[Kind] | None, Query(description="What to search.")] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> s.SearchPage:
        """Search articles, quotes and timeline entries by keyword or by meaning."""
        return search_model(q, mode, list(kind) if kind else None, limit)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def html_search(
        request: Request,
        q: Annotated[str, Query(max_length=500)] = "",
        mode: Literal["keyword", "meaning"] = "keyword",
        kind: Annotated[list[Kind] | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> Response:
        return page(
            request, "search.html.j2", search_model(q, mode, list(kind) if kind else None, limit)
        )

    # -- writing -------------------------------------------------------------------------------

    def writer(authorization: Annotated[str | None, Header()] = None) -> None:
        if settings.write_token is None:
            raise HTTPException(403, "writing is off on this server (no write token was set)")
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), settings.write_token.encode()
        ):
            raise HTTPException(
                401, "a write token is needed", headers={"WWW-Authenticate": "Bearer"}
            )

    def build(raw: RawInput) -> s.AddResult:
        options = BuildOptions(
            collected_on=dt.date.today(), workers=1, max_bytes=settings.max_body_bytes
        )
        with writing:
            report = core.add([raw], options)
        ids = core.article_ids_for([raw.source])
        return s.AddResult(
            inputs=report.inputs,
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
            articles=ids,
            failures=[views.failure_out(f) for f in report.failures],
            seconds=round(report.seconds, 3),
        )

    @app.post(
        "/api/articles",
        response_model=s.AddResult,
        status_code=201,
        dependencies=[Depends(writer)],
        tags=["write"],
        responses=WRITE_ERRORS | {502: {"model": s.ErrorOut, "description": "fetching failed"}},
    )
    def add_article(body: s.NewArticle) -> s.AddResult:
        """Add one article (its text, its HTML, or an http(s) address to fetch) and run the
        pipeline: the article's analyses, then the corpus stages again."""
        given = [x for x in (body.text, body.html, body.url) if x is not None]
        if len(given) != 1:
            raise HTTPException(422, "give exactly one of text, html or url")
        metadata = {k: v for k, v in body.metadata.items() if k in METADATA_KEYS}
        if body.url is not None:
            try:
                fetched = fetch(
                    body.url,
                    max_bytes=settings.max_body_bytes,
                    allow_private=settings.allow_private_urls,
                )
            except URLRefused as exc:
                raise HTTPException(422, str(exc)) from exc
            except FetchFailed as exc:
                raise HTTPException(502, str(exc)) from exc
            media = "text/html" if "html" in fetched.content_type.lower() else ""
            metadata.setdefault("url", fetched.final_url)
            raw = RawInput(body.source or body.url, fetched.data, media, metadata)
        else:
            data = (body.text if body.text is not None else body.html or "").encode()
            media = "text/plain" if body.text is not None else "text/html"
            source = body.source or f"api:{hashlib.sha256(data).hexdigest()[:16]}"
            raw = RawInput(source, data, media, metadata)
        return build(raw)

    @app.post(
        "/api/articles/upload",
        response_model=s.AddResult,
        status_code=201,
        dependencies=[Depends(writer)],
        tags=["write"],
        responses=WRITE_ERRORS,
    )
    def upload_article(
        file: Annotated[UploadFile, File(description="A .txt, .md or .html article.")],
        title: Annotated[str | None, Form(max_length=500)] = None,
        date: Annotated[str | None, Form(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    ) -> s.AddResult:
        """Add one uploaded file as an article and run the pipeline."""
        data = file.file.read(settings.max_body_bytes + 1)
        if len(data) > settings.max_body_bytes:
            raise HTTPException(413, f"file over the limit of {settings.max_body_bytes:,} bytes")
        name = (file.filename or "upload").rsplit("/", 1)[-1][:200]
        lowered = name.lower()
        media = (
            "text/html"
            if lowered.endswith((".html", ".htm"))
            else "text/markdown"
            if lowered.endswith(".md")
            else "text/plain"
        )
        metadata = {k: v for k, v in (("title", title), ("date", date)) if v}
        source = f"upload:{hashlib.sha256(data).hexdigest()[:16]}/{name}"
        return build(RawInput(source, data, media, metadata))

    return _limited(app, settings.max_body_bytes)


#: The error answers the OpenAPI document names (every error body is ``{"detail": ...}``).
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": s.ErrorOut, "description": "no such thing, or an ambiguous id prefix"}
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": s.ErrorOut, "description": "the body cannot be parsed"},
    401: {"model": s.ErrorOut, "description": "no token, or the wrong one"},
    403: {"model": s.ErrorOut, "description": "writing is off on this server"},
    413: {"model": s.ErrorOut, "description": "the request or the file is too large"},
}

#: What search can look through (as a query parameter).
Kind = Literal["article", "quote", "entry"]

#: The metadata an API caller may give with an article.
METADATA_KEYS = frozenset({"title", "outlet", "author", "date", "language", "url"})


def _seq(seq: int) -> int:
    if not 0 <= seq <= 1_000_000:
        raise NotFound(f"no timeline entry {seq}")
    return seq


def _limited(app: FastAPI, limit: int) -> FastAPI:
    app.add_middleware(BodyLimit, limit=limit)  # type: ignore[arg-type]
    return app
