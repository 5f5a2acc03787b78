"""The Markdown report: each story's timeline with cited summaries, then quotes, figures and
the articles with how each was dated.

Everything is read from the export contract (docs/export-format.md), never from the store, so
the report shows exactly what the JSON says. Article text, titles, names and quotes are
untrusted: every such string goes through :func:`md` before it reaches the page.

The date, source-count and lookup helpers here are shared with the HTML report.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from storyline.analyse.numbers import figure_phrase
from storyline.analyse.timex_calendar import period

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: A day-granular interval up to this long is an event that lasts (a summit, "June 6 to 10");
#: a longer one is a single day we can only place within the interval.
MAX_RANGE_DAYS = 31
#: Words that name a speaker without saying who it is.
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "his", "her"})

Doc = Mapping[str, Any]


# -- dates ---------------------------------------------------------------------------------------


def parse_day(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def date_label(date: Mapping[str, Any] | None) -> str:
    """A date interval as people say it: ``2022-06-06``, ``2022-06-06 – 2022-06-10``,
    ``June 2022``, ``Q2 2022``, ``2022``, or, where the interval only bounds an uncertain date,
    ``between 2021-10-01 and 2021-12-31`` (with the most likely day when one is known)."""
    if not date:
        return "undated"
    start, end, best = (parse_day(date.get(k)) for k in ("start", "end", "best"))
    if start is None or end is None:
        return "undated" if start is end else str(date.get("start") or date.get("end"))
    if start == end:
        return start.isoformat()
    granularity = str(date.get("granularity") or "unknown")
    unit = _calendar_unit(start, end, granularity)
    if unit:
        return unit
    if granularity in ("day", "week") and (end - start).days < MAX_RANGE_DAYS:
        return f"{start.isoformat()} – {end.isoformat()}"
    label = f"between {start.isoformat()} and {end.isoformat()}"
    if best is not None and start <= best <= end:
        label += f", most likely {_most_likely(best, start, end, granularity)}"
    return label


#: Granularities whose most likely unit is named ("August 2021") where the interval is made
#: of whole such units.
_NAMED_UNITS = frozenset({"month", "quarter", "half", "year"})


def _most_likely(best: dt.date, start: dt.date, end: dt.date, granularity: str) -> str:
    """The most likely date at the granularity it was stated at, where the interval is made
    of whole such units and the best is one: a month named without its year is most likely
    "August 2021", not its first day. A best guess of a day stays a day."""
    if granularity not in _NAMED_UNITS:
        return best.isoformat()
    unit = period(best, granularity)
    whole = period(start, granularity).start == start and period(end, granularity).end == end
    if not whole or unit.start != best:
        return best.isoformat()
    return _calendar_unit(unit.start, unit.end, granularity) or best.isoformat()


def is_uncertain(date: Mapping[str, Any] | None) -> bool:
    """Whether the interval bounds one uncertain date rather than naming a span of time."""
    return date_label(date).startswith("between ")


def _calendar_unit(start: dt.date, end: dt.date, granularity: str) -> str:
    """The name of the calendar unit [start, end] is exactly, at the stated granularity."""
    whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if granularity == "week" and (end - start).days == 6:
        return f"week of {start.isoformat()}"
    if not whole_months:
        return ""
    if granularity == "month" and months == 1:
        return f"{MONTHS[start.month - 1]} {start.year}"
    if granularity == "quarter" and months == 3 and start.month % 3 == 1:
        return f"Q{start.month // 3 + 1} {start.year}"
    if granularity == "half" and months == 6 and start.month in (1, 7):
        return f"{'first' if start.month == 1 else 'second'} half of {start.year}"
    if granularity == "season" and 2 <= months <= 4:
        first, last = MONTHS[start.month - 1], MONTHS[end.month - 1]
        span = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return f"{first}–{last} {span}"
    if start.month != 1 or end.month != 12:
        return ""
    years = end.year - start.year + 1
    if granularity == "year" and years == 1:
        return str(start.year)
    if granularity == "decade" and years == 10 and start.year % 10 == 0:
        return f"the {start.year}s"
    if granularity == "century" and years == 100 and start.year % 100 == 1:
        century = start.year // 100 + 1
        suffix = (
            "th"
            if 10 <= century % 100 <= 20
            else {1: "st", 2: "nd", 3: "rd"}.get(century % 10, "th")
        )
        return f"the {century}{suffix} century"
    return ""


def published_label(published: Mapping[str, Any] | None) -> str:
    """When an article was published, as a short phrase: ``2022-04-20``, ``between ... and
    ...``, or ``date unknown``; inferred dates say so."""
    if not published or published.get("start") is None:
        return "date unknown"
    label = date_label(published)
    if published.get("provenance") == "inferred":
        label += " (inferred)"
    return label


# -- counts and labels ---------------------------------------------------------------------------


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def sources_label(entry: Mapping[str, Any]) -> str:
    """``2 independent sources (3 articles)``."""
    independent = entry.get("independent_sources")
    articles = len(entry.get("sources") or [])
    count = independent if isinstance(independent, int) else articles
    return f"{plural(count, 'independent source')} ({plural(articles, 'article')})"


def is_single_source(entry: Mapping[str, Any]) -> bool:
    single = entry.get("single_source")
    if isinstance(single, bool):
        return single
    independent = entry.get("independent_sources")
    return not isinstance(independent, int) or independent <= 1


def number_label(value: Any) -> str:
    """``221,000``, ``100 million``, ``2.5``."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        return str(value)
    for size, word in ((1_000_000_000_000, "trillion"), (1_000_000_000, "billion")):
        if abs(value) >= size and (value / size * 10).is_integer():
            return f"{value / size:g} {word}"
    if abs(value) >= 1_000_000 and (value / 1_000_000 * 10).is_integer():
        return f"{value / 1_000_000:g} million"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}"


# -- looking things up ---------------------------------------------------------------------------


@dataclass
class Index:
    """The export's collections by id, and the helpers both reports use."""

    doc: Doc
    articles: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    entities: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    discrepancies: dict[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, into in (
            ("articles", self.articles),
            ("entities", self.entities),
            ("discrepancies", self.discrepancies),
        ):
            for item in items(self.doc, name):
                if isinstance(item.get("id"), str):
                    into[item["id"]] = item

    def original(self, article_id: str) -> str:
        """The article ``article_id`` ultimately depends on (itself when it is an original)."""
        seen = {article_id}
        while True:
            parent = self.articles.get(article_id, {}).get("duplicate_of")
            if not isinstance(parent, str) or parent in seen:
                return article_id
            seen.add(parent)
            article_id = parent

    def independent(self, article_ids: Iterable[str]) -> int:
        return len({self.original(a) for a in article_ids})

    def outlet(self, article_id: str) -> str:
        article = self.articles.get(article_id, {})
        return str(article.get("outlet") or "") or "unknown outlet"

    def title(self, article_id: str) -> str:
        article = self.articles.get(article_id, {})
        return str(article.get("title") or article.get("source") or article_id)

    def passage(self, article_id: str, start: Any, end: Any) -> str:
        text = self.articles.get(article_id, {}).get("text")
        if not isinstance(text, str) or not isinstance(start, int) or not isinstance(end, int):
            return ""
        return " ".join(text[start:end].split())

    def entity_name(self, entity_id: str) -> str:
        return str(self.entities.get(entity_id, {}).get("name") or entity_id)

    def speaker(self, quote: Mapping[str, Any]) -> tuple[str, str]:
        """(group key, label) of who said a quote: the entity, a name, or a description."""
        speaker = quote.get("speaker") or {}
        entity = speaker.get("entity")
        if isinstance(entity, str) and entity in self.entities:
            return f"e:{entity}", self.entity_name(entity)
        name = str(speaker.get("name") or "").strip()
        description = str(speaker.get("description") or "").strip()
        if name and name.lower() not in _PRONOUNS:
            return f"n:{name}", name
        if description:
            folded = description.casefold()
            label = self._description_labels.get(folded, description)
            return f"d:{folded}", f"Unnamed: {label}"
        return "?", "Unattributed"

    @cached_property
    def _description_labels(self) -> dict[str, str]:
        """Unnamed speakers' descriptions by their case-folded form, each as one of its quotes
        writes it: one group for "Administration officials" at a sentence's start and
        "administration officials" in its middle, under the middle's form where there is one
        (a capital there is the description's own: "U.S. officials")."""
        labels: dict[str, str] = {}
        for quote in items(self.doc, "quotes"):
            description = str(mapping(quote.get("speaker")).get("description") or "").strip()
            if not description:
                continue
            kept = labels.get(description.casefold())
            if kept is None or (not kept[:1].islower() and description[:1].islower()):
                labels[description.casefold()] = description
        return {folded: self._in_lower_case(label) for folded, label in labels.items()}

    def _in_lower_case(self, description: str) -> str:
        """A description written only at a sentence's start ("Officials said ..."), with its
        first word in lower case where the articles write that word so elsewhere: a common
        word the sentence capitalised, not a name ("Pentagon officials", "U.S. officials")."""
        first = description.split()[0]
        lowered = first[:1].lower() + first[1:]
        if lowered == first or not (first[1:].islower() or len(first) == 1):
            return description
        if lowered not in self._words:
            return description
        return lowered + description[len(first) :]

    @cached_property
    def _words(self) -> set[str]:
        """Every word the articles write, as written (read once, only when asked)."""
        found: set[str] = set()
        for article in self.articles.values():
            found.update(re.findall(r"\w+", str(article.get("text") or "")))
        return found


def items(container: Any, key: str) -> list[Mapping[str, Any]]:
    values = container.get(key) if isinstance(container, Mapping) else None
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, Mapping)]


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is an object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def strings(values: Any) -> list[str]:
    return [v for v in values if isinstance(v, str)] if isinstance(values, list) else []


def citation_key(citation: Mapping[str, Any]) -> tuple[str, int, int] | None:
    article, start, end = citation.get("article"), citation.get("start"), citation.get("end")
    if isinstance(article, str) and isinstance(start, int) and isinstance(end, int):
        return article, start, end
    return None


PROVENANCE = {
    "sidecar": "from the sidecar file",
    "feed": "from the feed",
    "metadata": "from the page's metadata",
    "text": "stated in the text",
    "inferred": "inferred from the content",
    "unknown": "no evidence",
}

VERDICTS = {
    "agree": "Sources agree",
    "rounding": "Sources differ only by rounding",
    "contradiction": "Sources contradict each other",
    "variant": "Sources spell a name differently",
}


#: Agreement among versions of one story (a wire story and its rewrites or translations) is
#: one source saying the same thing again, not sources agreeing.
ONE_STORY_AGREES = "Versions of one story agree"


def discrepancy_heading(discrepancy: Mapping[str, Any], original: Callable[[str], str]) -> str:
    """The heading of a discrepancy: its verdict in words. ``original``: the article an
    article depends on (itself for an original)."""
    verdict = str(discrepancy.get("verdict") or "")
    if verdict == "agree":
        sides = items(discrepancy, "sides")
        sources = {original(a) for side in sides for a in strings(side.get("articles"))}
        if len(sources) == 1:
            return ONE_STORY_AGREES
    return VERDICTS.get(verdict, verdict.capitalize() or "Discrepancy")


# -- Markdown ------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MD_LINE_START = re.compile(r"^(\s*)(?:([#+=-])|(\d+)([.)]))")


def md(text: Any) -> str:
    """Untrusted text as inline Markdown that renders literally: one line, with the characters
    Markdown (and HTML inside Markdown) would act on backslash-escaped."""
    line = " ".join(str(text).split())
    line = _MD_SPECIAL.sub(r"\\\1", line)
    line = _MD_ENTITY.sub(r"\\&", line)
    return _MD_LINE_START.sub(_escape_line_start, line)


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


def md_link(url: Any) -> str:
    """An address as an autolink when it is a plain http(s) URL, else as escaped text."""
    url = str(url)
    if re.fullmatch(r"https?://[^\s<>\"'`]+", url):
        return f"<{url}>"
    return md(url)


def render_markdown(doc: Doc) -> str:
    """The whole export as one readable Markdown report."""
    index = Index(doc)
    stories = items(doc, "stories")
    out: list[str] = ["# Storyline report", ""]
    counts = [
        plural(len(items(doc, "articles")), "article"),
        plural(len(stories), "story", "stories"),
        plural(
            sum(len(items(s, "timeline")) for s in stories), "timeline entry", "timeline entries"
        ),
    ]
    if items(doc, "failures"):
        counts.append(plural(len(items(doc, "failures")), "input failure"))
    line = " · ".join(counts)
    if isinstance(doc.get("generator"), str):
        line += f" · written by {md(doc['generator'])}"
    out += [f"_{line}_", ""]
    if len(stories) > 1:
        out += [f"- {md(s.get('title') or 'Untitled story')}" for s in stories] + [""]
    for story in stories:
        out += _story(index, story)
    out += _untold_discrepancies(index)
    out += _quotes(index)
    out += _figures(index)
    out += _articles(index)
    out += _failures(doc)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _story(index: Index, story: Mapping[str, Any]) -> list[str]:
    out = [f"## {md(story.get('title') or 'Untitled story')}", ""]
    entities = [
        _entity_label(index, e) for e in strings(story.get("key_entities")) if e in index.entities
    ]
    if entities:
        out += [f"**Key entities:** {', '.join(entities)}", ""]
    article_ids = strings(story.get("article_ids"))
    out += [
        f"**Coverage:** {plural(len(article_ids), 'article')} from"
        f" {plural(index.independent(article_ids), 'independent source')}",
        "",
    ]
    for entry in items(story, "timeline"):
        out += _entry(index, entry)
    return out


def _entity_label(index: Index, entity_id: str) -> str:
    entity = index.entities[entity_id]
    roles = strings(entity.get("roles"))
    label = md(entity.get("name") or entity_id)
    return f"{label} ({md(roles[0])})" if roles else label


def _entry(index: Index, entry: Mapping[str, Any]) -> list[str]:
    date = entry.get("date") if isinstance(entry.get("date"), Mapping) else None
    status = str(entry.get("status") or "happened")
    out = [f"### {md(date_label(date))}", ""]
    facts = []
    if status != "happened":
        facts.append(f"**{md(status.capitalize())}**")
    facts.append(sources_label(entry))
    if is_single_source(entry):
        facts.append("⚠ **single source**")
    out += [" · ".join(facts), ""]

    numbers: dict[tuple[str, int, int], int] = {}

    def marker(citation: Mapping[str, Any]) -> str:
        key = citation_key(citation)
        if key is None:
            return ""
        if key not in numbers:
            numbers[key] = len(numbers) + 1
        return f"[{numbers[key]}]"

    sentences = []
    for sentence in items(entry, "summary"):
        markers = "".join(marker(c) for c in items(sentence, "citations"))
        sentences.append(f"{md(sentence.get('text', ''))} {markers}".rstrip())
    out += [" ".join(sentences), ""]

    for discrepancy_id in strings(entry.get("discrepancies")):
        discrepancy = index.discrepancies.get(discrepancy_id)
        if discrepancy is None:
            continue
        kind = str(discrepancy.get("kind") or "")
        out.append(
            f"**{discrepancy_heading(discrepancy, index.original)}** ({md(kind)}):"
            f" {md(discrepancy.get('subject') or '')}"
        )
        out.append("")
        for side in items(discrepancy, "sides"):
            outlets = ", ".join(md(index.outlet(a)) for a in strings(side.get("articles")))
            markers = "".join(marker(c) for c in items(side, "citations"))
            out.append(f"- “{md(side.get('value', ''))}”: {outlets} {markers}".rstrip())
        out.append("")

    if numbers:
        out += ["Sources:", ""]
        for (article, start, end), n in numbers.items():
            published = published_label(index.articles.get(article, {}).get("published"))
            out.append(
                f"- [{n}] {md(index.outlet(article))}, “{md(index.title(article))}”,"
                f" published {md(published)}: “{md(index.passage(article, start, end))}”"
            )
        out.append("")
    return out


def _untold_discrepancies(index: Index) -> list[str]:
    """The discrepancies that no timeline entry shows, each with its cited passages."""
    told = {
        d
        for story in items(index.doc, "stories")
        for entry in items(story, "timeline")
        for d in strings(entry.get("discrepancies"))
    }
    untold = [d for i, d in index.discrepancies.items() if i not in told]
    if not untold:
        return []
    out = ["## Other comparisons across sources", ""]
    for discrepancy in untold:
        out += [
            f"**{discrepancy_heading(discrepancy, index.original)}**"
            f" ({md(discrepancy.get('kind') or '')}):"
            f" {md(discrepancy.get('subject') or '')}",
            "",
        ]
        for side in items(discrepancy, "sides"):
            outlets = ", ".join(md(index.outlet(a)) for a in strings(side.get("articles")))
            passages = [
                f"“{md(index.passage(*key))}”"
                for c in items(side, "citations")
                if (key := citation_key(c)) is not None
            ]
            where = f" ({'; '.join(passages)})" if passages else ""
            out.append(f"- “{md(side.get('value', ''))}”: {outlets}{where}")
        out.append("")
    return out


def _quotes(index: Index) -> list[str]:
    quotes = items(index.doc, "quotes")
    if not quotes:
        return []
    groups: dict[str, tuple[str, list[Mapping[str, Any]]]] = {}
    for quote in quotes:
        key, label = index.speaker(quote)
        groups.setdefault(key, (label, []))[1].append(quote)
    out = ["## Quotes", ""]
    for label, said in sorted(groups.values(), key=lambda g: (-len(g[1]), g[0].lower())):
        out += [f"### {md(label)}", ""]
        for quote in said:
            article = str(quote.get("article") or "")
            how = str(quote.get("cue") or "said")
            if quote.get("kind") == "indirect":
                how += " (reported speech)"
            published = index.articles.get(article, {}).get("published")
            out.append(
                f"- “{md(quote.get('text', ''))}” — {md(how)}; {md(index.outlet(article))},"
                f" “{md(index.title(article))}”, published {md(published_label(published))}"
            )
        out.append("")
    return out


def figure_label(figure: Mapping[str, Any]) -> str:
    """``more than 221,000 people apprehended``: modifier, value, unit, what was counted
    (``hundreds of thousands of people``: a vague amount as its text says it)."""
    return figure_phrase(
        str(figure.get("modifier") or ""),
        number_label(figure.get("value")),
        str(figure.get("text") or ""),
        str(figure.get("unit") or ""),
        str(figure.get("counted") or ""),
    )


def _figures(index: Index) -> list[str]:
    figures = items(index.doc, "figures")
    if not figures:
        return []
    out = ["## Figures", ""]
    for figure in figures:
        article = str(figure.get("article") or "")
        context = [str(figure[k]) for k in ("time", "place") if figure.get(k)]
        where = f" ({md('; '.join(context))})" if context else ""
        out.append(
            f"- **{md(figure_label(figure))}**{where} — {md(index.outlet(article))}:"
            f" “{md(index.passage(article, figure.get('start'), figure.get('end')))}”"
        )
    out.append("")
    return out


def _articles(index: Index) -> list[str]:
    if not index.articles:
        return []
    out = ["## Articles", ""]
    for article_id, article in index.articles.items():
        out += [f"### {md(index.title(article_id))}", ""]
        byline = [md(article.get("outlet") or "unknown outlet")]
        if article.get("author"):
            byline.append(f"by {md(article['author'])}")
        byline.append(f"language: {md(article.get('language') or 'und')}")
        out.append(f"- {', '.join(byline)}")
        published = mapping(article.get("published"))
        provenance = str(published.get("provenance") or "unknown")
        when = date_label(published) if published.get("start") else "date unknown"
        how = PROVENANCE.get(provenance, provenance)
        out.append(f"- Published: {md(when)} ({md(how)})")
        for evidence in strings(published.get("evidence")):
            out.append(f"  - evidence: {md(evidence)}")
        original = article.get("duplicate_of")
        if isinstance(original, str):
            dependency = article.get("dependency") or {}
            kind = str(dependency.get("kind") or "copy")
            similarity = dependency.get("similarity")
            how = f"{kind}, similarity {similarity:.2f}" if isinstance(similarity, float) else kind
            out.append(
                f"- Depends on: {md(index.outlet(original))}, “{md(index.title(original))}”"
                f" ({md(how)}); counted once with it"
            )
        out.append(f"- Source: {md_link(article.get('source') or '')}")
        if article.get("url") and article.get("url") != article.get("source"):
            out.append(f"- URL: {md_link(article['url'])}")
        out += [f"- Id: {md(article_id)}", ""]
    return out


def _failures(doc: Doc) -> list[str]:
    failures = items(doc, "failures")
    if not failures:
        return []
    out = ["## Inputs that failed", ""]
    for failure in failures:
        out.append(
            f"- {md(failure.get('source', ''))} ({md(failure.get('stage', ''))}):"
            f" {md(failure.get('reason', ''))}"
        )
    out.append("")
    return out
