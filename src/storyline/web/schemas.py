"""What every page and API answer holds, as pydantic models: the API returns them as JSON (and
the OpenAPI document at ``/openapi.json`` describes them), and the HTML pages render the very
same objects. Every ``href`` is a path of this server's HTML pages; the same path under
``/api`` is its JSON.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    """Every error answer: what went wrong, in words."""

    detail: str


class DateOut(BaseModel):
    """A date interval: ``start`` and ``end`` inclusive, the granularity it was stated at, the
    most likely day where one can be told, and how people would say it."""

    start: str
    end: str
    granularity: str
    best: str | None = None
    label: str
    #: The interval bounds one uncertain day rather than naming a span of time.
    uncertain: bool = False


class CitationOut(BaseModel):
    article: str
    start: int
    end: int
    href: str


class SentenceOut(BaseModel):
    text: str
    citations: list[CitationOut]


class ArticleRef(BaseModel):
    id: str
    title: str
    outlet: str
    source: str
    language: str
    published: str = Field(description="The publication date as a label ('date unknown').")
    published_start: str | None = None
    duplicate_of: str | None = Field(
        None, description="The article this one copies, rewrites or translates."
    )
    dependency: str | None = None
    href: str


class EntityRef(BaseModel):
    id: str
    name: str
    type: str
    role: str = ""
    href: str


class StoryRef(BaseModel):
    id: str
    title: str
    href: str


class DiscrepancySideOut(BaseModel):
    value: str
    articles: list[str]
    citations: list[CitationOut]


class DiscrepancyOut(BaseModel):
    id: str
    kind: str
    subject: str
    verdict: str
    heading: str
    sides: list[DiscrepancySideOut]


class EntryOut(BaseModel):
    seq: int
    href: str
    date: DateOut
    status: str
    summary: list[SentenceOut]
    sources: list[str]
    independent_sources: int
    single_source: bool
    discrepancies: list[str]


class StoryListItem(BaseModel):
    id: str
    title: str
    href: str
    entries: int
    articles: int
    first: str | None
    last: str | None


class StoriesPage(BaseModel):
    stories: list[StoryListItem]
    failures: int = Field(
        default=0, description="Inputs or articles the builds could not use (see /api/failures)."
    )


class FailureOut(BaseModel):
    source: str = Field(description="The file, address or record, as the build named it.")
    stage: str = Field(description="The step that failed: ingest, extract, analyse ...")
    reason: str
    transient: bool = Field(
        default=False, description="A network failure: the next build tries it again."
    )
    at: str = Field(default="", description="When it was recorded (UTC, ISO 8601).")


class FailuresPage(BaseModel):
    failures: list[FailureOut]


class StoryPage(BaseModel):
    id: str
    title: str
    href: str
    key_entities: list[EntityRef]
    entries: list[EntryOut]
    discrepancies: list[DiscrepancyOut]
    articles: list[ArticleRef]
    more_discrepancies: int = Field(
        default=0, description="Disagreements beyond those listed (the first ones are)."
    )


class QuoteOut(BaseModel):
    text: str
    kind: str
    cue: str
    speaker: str
    speaker_description: str
    speaker_entity: str | None
    speaker_href: str | None
    article: str
    article_title: str = ""
    start: int
    end: int
    href: str


class FigureOut(BaseModel):
    text: str
    value: float
    modifier: str
    unit: str
    counted: str
    time: str
    place: str
    article: str
    start: int
    end: int
    href: str


class PassageOut(BaseModel):
    start: int
    end: int
    text: str
    #: "cited" (a summary sentence cites it) or "report" (a happening was read from it).
    role: str


class SourceColumn(BaseModel):
    """One source of an entry, shown beside the others: the passages the entry rests on."""

    article: ArticleRef
    independent: bool
    passages: list[PassageOut]


class HappeningOut(BaseModel):
    id: str
    title: str
    date: DateOut
    status: str
    place: str


class EntryPage(BaseModel):
    story: StoryRef
    seq: int
    date: DateOut
    status: str
    summary: list[SentenceOut]
    independent_sources: int
    single_source: bool
    sources: list[SourceColumn]
    quotes: list[QuoteOut]
    figures: list[FigureOut]
    discrepancies: list[DiscrepancyOut]
    happenings: list[HappeningOut]
    previous: str | None
    next: str | None
    more_sources: list[ArticleRef] = Field(
        default_factory=list,
        description="Sources of a much-reported entry beyond those shown side by side.",
    )
    more_discrepancies: int = Field(
        default=0, description="Disagreements beyond those listed (the first ones are)."
    )


class EventPage(BaseModel):
    id: str
    title: str
    date: DateOut | None
    articles: list[ArticleRef]


class MarkOut(BaseModel):
    """A marked span of the article's text."""

    kind: Literal["entity", "time", "quote", "figure", "cited"]
    start: int
    end: int
    label: str
    href: str | None = None


class PublishedOut(BaseModel):
    label: str
    start: str | None
    end: str | None
    best: str | None
    granularity: str
    provenance: str
    provenance_label: str
    evidence: list[str]


class RemovedOut(BaseModel):
    start: int
    end: int
    reason: str


class ArticlePage(BaseModel):
    id: str
    title: str
    outlet: str
    author: str
    language: str
    source: str
    url: str
    published: PublishedOut
    duplicate_of: ArticleRef | None
    dependency: str | None
    events: list[StoryRef]
    stories: list[StoryRef]
    text: str
    marks: list[MarkOut]
    quotes: list[QuoteOut]
    figures: list[FigureOut]
    removed: list[RemovedOut] = Field(
        description="What cleaning removed as page furniture: spans of raw_text."
    )
    raw_text: str | None = Field(None, description="The input as it came (with ?removed=true).")


class AppearanceOut(BaseModel):
    month: str
    articles: int
    mentions: int


class VariantOut(BaseModel):
    name: str
    articles: list[str]
    similarity: float


class EntityPage(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    roles: list[str]
    variants: list[VariantOut]
    mentions: int
    appearances: list[AppearanceOut]
    quotes: list[QuoteOut]
    more_quotes: int = Field(
        default=0, description="Quotes beyond those listed (the newest are listed)."
    )
    more_articles: int = Field(
        default=0, description="Earlier articles naming the entity beyond those listed."
    )
    articles: list[ArticleRef]
    stories: list[StoryRef]


class HitOut(BaseModel):
    kind: str
    ref: str
    title: str
    snippet: str
    #: ``[start, end)`` character ranges of ``snippet`` that matched the query's words.
    highlights: list[tuple[int, int]]
    score: float
    article: str | None
    href: str


class SearchPage(BaseModel):
    query: str
    mode: str
    kinds: list[str]
    results: list[HitOut]
    #: For meaning search: documents still waiting for their vectors.
    note: str = ""


class NewArticle(BaseModel):
    """An article to add: exactly one of ``text``, ``html`` or ``url``, with optional
    metadata (title, outlet, author, date as YYYY-MM-DD, language, url)."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    source: str | None = Field(None, max_length=500, description="A name for the input.")
    metadata: dict[str, str] = Field(default_factory=dict)


class AddResult(BaseModel):
    inputs: int
    added: int
    updated: int
    unchanged: int
    articles: list[str]
    failures: list[FailureOut]
    seconds: float
