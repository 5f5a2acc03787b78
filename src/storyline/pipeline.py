"""The per-article stages and the runner that chains them.

A stage declares what it needs and what it adds; ``check_chain`` refuses a chain whose needs are
not met before anything runs. Stages are pure functions of what they need: they open no
connection, read no global setting and print nothing. The runner owns processes, storage,
progress and failures: a stage that raises on one article is recorded for that article, the
stages that need its output are skipped, and everything else goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
import traceback
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.errors import IngestError, StorylineError
from storyline.ingest.types import RawInput
from storyline.models import Article, Failure, PublicationDate

State = dict[str, Any]


@dataclass(frozen=True)
class ArticleStage:
    name: str
    version: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable[[State], State]


@dataclass(frozen=True)
class BuildOptions:
    """What a build may vary. ``collected_on`` bounds publication dates from above when the
    text gives no upper bound (an article cannot be published after it was collected)."""

    collected_on: dt.date = field(default_factory=dt.date.today)
    workers: int = 0
    max_bytes: int = 20_000_000
    #: Run the per-article stages on a Dask cluster: "local" (a cluster of ``workers``
    #: processes on this machine) or a scheduler's address ("tcp://host:8786"); "" for the
    #: built-in process pool. The output is the same either way.
    dask: str = ""
    #: NER over every sentence, instead of only where names are read (the lead, speech,
    #: figures and dates) with the names found there matched over the rest: complete entity
    #: pages at about twice the cost of the slowest analysis. See analyse/ner_scope.py.
    ner_everywhere: bool = False
    #: Keep the lines many pages of one site repeat (``ingest.furniture``) instead of
    #: removing them as the site's furniture: a pile of one story's rewrites from many outlets
    #: in one folder can share a sentence on enough pages to be taken for furniture.
    keep_repeated_lines: bool = False
    #: Run every corpus stage over the whole corpus even when the new articles could be
    #: linked one by one into the existing links (see link/incremental.py).
    relink: bool = False
    #: The fewest linked articles for which new ones are linked incrementally: below it a
    #: full link takes moments and sees more (dating from other articles, story merges).
    incremental_from: int = 200
    #: The largest share of new articles (against the linked ones) linked incrementally.
    incremental_share: float = 0.1


def content_hash(raw: RawInput) -> str:
    """What an input's article is made from: its bytes and metadata, then (after a "+") the
    site's furniture it holds, so that a build can tell unchanged bytes apart from changed
    furniture (:func:`furniture_part`)."""
    digest = hashlib.sha256(raw.data)
    digest.update(json.dumps(dict(raw.metadata), sort_keys=True).encode())
    return digest.hexdigest() + furniture_part(raw.furniture)


def furniture_part(furniture: Collection[str]) -> str:
    """The part of :func:`content_hash` that the furniture makes ("" without any)."""
    if not furniture:
        return ""
    return "+" + hashlib.sha256("\n".join(sorted(furniture)).encode()).hexdigest()[:16]


def article_id_for(data: bytes) -> str:
    """Articles are named by their content: the same bytes are one article, wherever
    they come from."""
    return hashlib.sha256(data).hexdigest()[:16]


# -- the stages -------------------------------------------------------------------------------


def _extract(state: State) -> State:
    from storyline.ingest.extract import extract

    raw: RawInput = state["raw"]
    options: BuildOptions = state["options"]
    if len(raw.data) > options.max_bytes:
        raise IngestError(
            f"input is {len(raw.data):,} bytes, over the limit of {options.max_bytes:,}"
            " (raise it with --max-bytes)"
        )
    extracted = extract(raw)
    title = extracted.title or _title_from_text(extracted.text)
    article = Article(
        id=article_id_for(raw.data),
        source=raw.source,
        text=extracted.text,
        title=title,
        outlet=extracted.outlet,
        author=extracted.author,
        language=extracted.language,
        url=extracted.url,
        removed=extracted.removed,
        content_type=extracted.content_type,
    )
    return {"extracted": extracted, "article": article}


_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z .'-]*,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?)?"
    r"\((?:[A-Z][\w .'-]*)\)\s*[-—–]+\s*"
)


def _title_from_text(text: str) -> str:
    """Without a headline, the first sentence stands in, less its dateline ("(Reuters) -")."""
    first = text.strip().split("\n", 1)[0].strip()
    from storyline.analyse.sentences import split_sentences

    first = _DATELINE.sub("", first)
    sentences = split_sentences("", first)
    if sentences:
        first = sentences[0].text.rstrip(".")
    if len(first) <= 120:
        return first
    cut = first[:117].rsplit(" ", 1)[0]
    return cut + "…"


def _sentences(state: State) -> State:
    from storyline.analyse.sentences import split_sentences

    article: Article = state["article"]
    return {"sentences": split_sentences(article.id, article.text)}


def _date(state: State) -> State:
    from storyline.ingest.dating import date_article

    article: Article = state["article"]
    published, unanchored = date_article(
        article,
        state["extracted"].date_candidates,
        state["sentences"],
        collected_on=state["options"].collected_on,
        page_text=state["extracted"].raw_text,
    )
    return {
        "article": replace(article, published=published),
        "published": published,
        # Read without a date to infer one; the corpus dating reads them again (yearless
        # months, weekdays), and keeping them spares it a scan of every undated text.
        "unanchored_time_mentions": unanchored,
    }


def _entities(state: State) -> State:
    from storyline.analyse.entities import find_mentions

    article: Article = state["article"]
    scoped = not state["options"].ner_everywhere
    return {
        "mentions": find_mentions(
            article.id, article.text, state["sentences"], article.language, scoped=scoped
        )
    }


def _timex(state: State) -> State:
    from storyline.analyse.timex import find_time_expressions, read_time_expressions

    article: Article = state["article"]
    published: PublicationDate = state["published"]
    return {
        "time_mentions": find_time_expressions(
            article.id, article.text, state["sentences"], published.interval, article.language
        ),
        # What the date does not change (kept from the line above, so free here), handed to
        # the process that links the corpus: dating an undated article there normalises its
        # expressions again, and need not read the text again to do it. Not stored.
        "time_readings": read_time_expressions(article.text, state["sentences"], article.language),
    }


def _quotes(state: State) -> State:
    from storyline.analyse.quotes import find_quotes

    article: Article = state["article"]
    return {
        "quotes": find_quotes(
            article.id, article.text, state["sentences"], state["mentions"], article.language
        )
    }


def _figures(state: State) -> State:
    from storyline.analyse.figures import find_figures

    article: Article = state["article"]
    return {
        "figures": find_figures(
            article.id,
            article.text,
            state["sentences"],
            state["time_mentions"],
            state["mentions"],
            article.language,
        )
    }


ARTICLE_STAGES: tuple[ArticleStage, ...] = (
    ArticleStage(
        "extract",
        # 2: a note that the article is secondhand is told apart from a source line; 3: readers'
        # comments are cut from scraped text (a store built before keeps them otherwise); 4: a
        # web server's error messages are cut wherever they stand; 5: an HTML page nested past
        # 256 elements keeps the text inside, ISO-2022 text is read by its codec, a Central
        # European, Baltic or Turkish code page is chosen by its language's letters, and
        # UTF-16 of another script without a byte order mark and Thai's code page are read
        "5",
        ("raw", "options"),
        ("extracted", "article"),
        _extract,
    ),
    # 2: sentences end before a capital of any script, at Chinese and Japanese full stops;
    # 3: a sentence longer than 2,000 characters (text without full stops) is cut in pieces
    ArticleStage("sentences", "3", ("article",), ("sentences",), _sentences),
    ArticleStage(
        "date",
        # 3: a clue that bounds both ends of an inferred date is one line of evidence;
        # 4: a month without its day has ended (past) or not begun (to come), the past weighs
        # twice in the best guess, and the evidence says what put the guess where it is;
        # 5: a time before a saying's subject is the saying's ("On Monday, X, the official, said");
        # 6: a month told as past puts the guess from the next month's first day, not its 28th;
        # 7: the article's weekdays move the guess its months put within 3 days; 8: within
        # 6, and a day named with its month is not the day of publication; 9: a page's stamp
        # with its clock time after a long byline is read; 10: a decade or century bounds the
        # date but chooses no year for the guess ("settled in the 9th century"), and a bound
        # after the day the article was collected is set aside, and a relative clause or a past
        # participle's between commas has its own tense; 11: a day a page says it was amended,
        # corrected or printed on bounds the date from above only, and a 24-hour clock with
        # its zone ("1830 GMT") is no year; 12: a time's own "last" or "next" gives its tense;
        # 13: a year that names a thing ("the 1969 spill", "the Act of 1990") is no plan;
        # 14: a plan for a year is announced within the year before it begins, not its end;
        # 15: with the time-expression stage's 13; 16: with its 14; 17: a decade or a century
        # is no plan's time, and with the time-expression stage's 15; 18: with its 16; 19: a
        # post's or a reader's comment's stamp ("Posted by ... on October 12, 2008 7:51 PM")
        # bounds the date and is the best guess
        "19",
        ("article", "extracted", "sentences", "options"),
        ("published", "unanchored_time_mentions"),
        _date,
    ),
    ArticleStage(
        "entities",
        # 3: names in a language without an NER model here: "Cumbre de las Américas", titles;
        # 4: German titles in the run ("Bundeskanzlerin Angela Merkel"), French titles;
        # 5: names with particles after a title ("Lula da Silva"), "premier", what a title
        # is of kept out of the name ("presidente del Consiglio Giuseppe Conte"); 6: countries
        # and cities are places in any language (analyse.places); 7: a sentence's opening
        # word, a time zone or a word with figures before a role is not part of it
        # ("Despite President Obama", "BST President Bush", "AP2010 President Obama"); 8: a
        # time zone or a decimal figure opening a name is cut from it ("BST Barack Obama");
        # 9: one list of a clause's opening words for roles, names and speakers
        # (``analyse.clause_openers``: "Thursday British Prime Minister", "Adobe Reader It")
        "9",
        ("article", "sentences", "options"),
        ("mentions",),
        _entities,
    ),
    ArticleStage(
        "timex",
        # 2: a time clause in the present ("when leaders meet in June") is to come;
        # 3: Spanish "hace dos semanas", "la próxima semana"; 4: dates, months, weekdays,
        # today and yesterday in German, French, Italian and Portuguese; 5: Turkish words in
        # capitals ("YARIN") no longer passed over by the pattern scan's gates; 6: a time
        # before a saying's subject is when it was said ("On Monday, X, the official, said");
        # 7: "tomorrow" points ahead and "yesterday" back whatever the clause's tense; 8: a
        # relative clause between commas has its own tense ("X, who took office in 2015, will");
        # 9: so has a past participle's ("the law, passed in 1991, will expire"); 10: a 24-hour
        # clock with its zone ("from 1830 GMT", "at 2000 (0000 GMT)") is no year; 11: a time's
        # own "last" or "next" gives its tense ("who died last June"), and "died" is past;
        # 12: a tense cue after the time counts as twice as far as one before it; 13: "may" and
        # "might" point ahead, and a time right before "said" is the saying's; 14: not the
        # cue after a possessive time ("told reporters this year's meetings will"); 15: a photo
        # caption's day is past, a bare "due to a ..." is a cause, not a plan, a commitment to a
        # time is a plan, and "this past March" is found; 16: one list of past sayings for
        # every saying rule ("stated" now before a time's subject too)
        "16",
        ("article", "sentences", "published"),
        ("time_mentions", "time_readings"),
        _timex,
    ),
    ArticleStage(
        "quotes",
        # 2: an article the cue model took into a cue opens the content ("reported a");
        # 3: "según dijo X" is one cue with its source after it; 4: German, French, Italian
        # and Portuguese cues; 5: "selon le ministre X", "…, ha dichiarato X"; 6: a clause's
        # opening words as names and roles read them (``analyse.clause_openers``: "Yes, it
        # does apply, said ONeil" is ONeil's, not "Yes"'s)
        "6",
        ("article", "sentences", "mentions"),
        ("quotes",),
        _quotes,
    ),
    ArticleStage(
        "figures",
        # 2: a clock time's digits ("09:43 UK time") are not figures; 3: numerals as the
        # article's language writes them ("221.000", "3,2", "500 millones de euros"); 4: French,
        # Russian, Polish ... ("12 500", "1,5 млрд рублей"), counted nouns of any alphabet
        "4",
        ("article", "sentences", "time_mentions", "mentions"),
        ("figures",),
        _figures,
    ),
)

#: The outputs the store keeps per article, by extraction kind.
EXTRACTION_KINDS = ("mentions", "time_mentions", "quotes", "figures", "unanchored_time_mentions")


def stage_versions(options: BuildOptions | None = None) -> dict[str, str]:
    """Each stage's version; with ``options``, as those options make it (a stage whose output
    an option changes records the option, so changing it redoes that stage)."""
    versions = {stage.name: stage.version for stage in ARTICLE_STAGES}
    if options is not None and options.ner_everywhere:
        versions["entities"] += "+everywhere"
    return versions


def check_chain(stages: Sequence[ArticleStage], given: Sequence[str]) -> None:
    """Refuse a chain in which a stage needs something no earlier stage adds."""
    available = set(given)
    for stage in stages:
        missing = [need for need in stage.needs if need not in available]
        if missing:
            raise StorylineError(
                f"stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage adds"
            )
        available.update(stage.adds)


@dataclass
class ArticleResult:
    """What the per-article stages made of one input, to be written by the runner."""

    source: str
    content_hash: str
    state: State
    failures: list[Failure]
    completed: list[str]
    #: CPU-side seconds each stage took on this article (for benchmarks and --json summaries).
    seconds: dict[str, float] = field(default_factory=dict)
    #: The version of each stage as these options ran it (what the store records).
    versions: dict[str, str] = field(default_factory=stage_versions)


def process_input(raw: RawInput, options: BuildOptions) -> ArticleResult:
    """Run every per-article stage on one input; never raises (failures are returned)."""
    state: State = {"raw": raw, "options": options}
    failures: list[Failure] = []
    completed: list[str] = []
    failed_outputs: set[str] = set()
    seconds: dict[str, float] = {}
    for stage in ARTICLE_STAGES:
        if any(need in failed_outputs for need in stage.needs):
            failed_outputs.update(stage.adds)
            continue
        started = time.perf_counter()
        try:
            state.update(stage.run(state))
            completed.append(stage.name)
        except IngestError as exc:
            failures.append(_failure(raw.source, stage.name, exc.reason, exc, state, exc.transient))
            failed_outputs.update(stage.adds)
        except Exception as exc:  # a bug or a model error on one article must not stop the run
            reason = f"{type(exc).__name__}: {exc}".strip()
            failures.append(_failure(raw.source, stage.name, reason, exc, state, False))
            failed_outputs.update(stage.adds)
        seconds[stage.name] = time.perf_counter() - started
    if "article" in state:
        started = time.perf_counter()
        state["text_keys"] = _text_keys(state["article"].text)
        seconds["text_keys"] = time.perf_counter() - started
    # Hand back the raw input for the store, and nothing unpicklable.
    state["raw_data"] = raw.data
    state["metadata"] = dict(raw.metadata)
    state.pop("raw", None)
    state.pop("options", None)
    return ArticleResult(
        raw.source,
        content_hash(raw),
        state,
        failures,
        completed,
        seconds,
        stage_versions(options),
    )


def _text_keys(text: str) -> Any:
    """What duplicate detection reads of the text alone, worked out here for the process that
    links the corpus (``link.text_keys``); None if reading it fails, which leaves it to that
    process (where the failure is recorded). Not stored."""
    from storyline.link.text_keys import text_keys

    try:
        return text_keys(text)
    except Exception:
        return None


def _failure(
    source: str, stage: str, reason: str, exc: BaseException, state: State, transient: bool
) -> Failure:
    article = state.get("article")
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return Failure(
        source=source,
        stage=stage,
        reason=reason,
        error=detail,
        article_id=article.id if isinstance(article, Article) else "",
        transient=transient,
        at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


def single_threaded_blas() -> Any:
    """A context (also effective at once, for the life of the process) in which numpy's BLAS
    uses one thread. The models' matrices are small: more threads on them only spin and
    wait, and with one process per core already (or other jobs on the machine) they fight
    for the cores. Measured here: NER 2.5 times less CPU per word, sentence embeddings
    several times less, with the same results. Parallelism comes from processes."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


#: Time-expression readings a worker process keeps: its date and time-expression stages read
#: each article one after the other, and the corpus stages that read them again run in the
#: process the worker hands them to (which keeps thousands: ``timex._READINGS``).
WORKER_READINGS_KEPT = 16


def warm_worker() -> None:
    """Load the models once per worker process, before the first article arrives."""
    from storyline.analyse import timex
    from storyline.analyse.entities import load_ner

    single_threaded_blas()
    timex._READINGS.limit = WORKER_READINGS_KEPT
    load_ner()


check_chain(ARTICLE_STAGES, ("raw", "options"))
