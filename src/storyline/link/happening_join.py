"""Which known happening a new article's dated sentence joins, read from the store.

A dated sentence joins the happening of overlapping span that it tells (the rules of
``link/happenings.same_happening``, against the happening's mean report vector), else it
starts one (``link/incremental.py``). The happenings looked among are those that the new
article's closest linked articles report and whose span meets one of its dates; their link
state (span, mean report vector, number of reports) and the happenings themselves are read
from the store once and kept for the next new articles, written through as the linker
changes them.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from storyline.link.embeddings import DIMENSIONS, Vectors
from storyline.link.happening_file import HappeningFile
from storyline.link.happenings import SAME_COSINE_WITH_ENTITIES, Candidate, same_happening
from storyline.link.kept import keep_recent
from storyline.link.link_state import happening_state, read_data, unit
from storyline.models import DateInterval, Duplicate, Happening, Report
from storyline.store import Store
from storyline.store.base import LinkRow

#: The link state of this many happenings is kept between new articles (about 2 KiB each):
#: articles of one burst of news look among the same happenings.
HAPPENING_READS_KEPT = 20_000
#: The happenings a new article's sentences were weighed against (their reports, participants
#: and place) are kept for the next articles, which weigh their sentences against the same.
HAPPENINGS_KEPT = 5_000

#: A dated sentence's closest happenings read first (``HappeningJoin.join``); the rest of
#: the twenty it may join are read only if it joins none of these.
FIRST_READ = 4

#: A happening's kept link state as a lookup reads it: id, span (day ordinals), mean report
#: vector, number of reports.
HappeningState = tuple[str, int, int, Vectors, int]


@dataclass(frozen=True)
class Related:
    """Happenings a new article may join, as arrays: one span check and one matrix product
    per candidate sentence instead of a loop over every happening."""

    ids: list[str]
    starts: np.ndarray  # day ordinals
    stops: np.ndarray
    vectors: np.ndarray  # mean report vector per row
    reports: np.ndarray
    rows: dict[str, int]  # each id's row

    @classmethod
    def of(cls, rows: Sequence[HappeningState]) -> Related:
        return cls(
            ids=[row[0] for row in rows],
            starts=np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows)),
            stops=np.fromiter((row[2] for row in rows), dtype=np.int64, count=len(rows)),
            vectors=(
                np.vstack([row[3] for row in rows])
                if rows
                else np.zeros((0, DIMENSIONS), dtype=np.float32)
            ),
            reports=np.array([row[4] for row in rows], dtype=np.int64),
            rows={row[0]: i for i, row in enumerate(rows)},
        )


class HappeningJoin:
    """Happenings' link state and the happenings themselves as lookups read them, most
    recently used last; written through as the linker changes happenings."""

    def __init__(self, store: Store) -> None:
        self.store = store
        #: Happenings' link state as lookups read it (span as day ordinals, mean report
        #: vector, reports).
        self.state_reads: OrderedDict[str, tuple[int, int, Vectors, int]] = OrderedDict()
        #: Happenings as a sentence's lookup read them; those the linker writes replace
        #: them once their article's transaction is in (:meth:`written`).
        self.happenings: OrderedDict[str, Happening] = OrderedDict()
        #: The same link state in the store's file (``Store.file_beside``), read by row (None
        #: without one, and once a transaction that wrote to it did not commit: then read from
        #: the store).
        self.file = HappeningFile.beside(store)
        #: With the file: the records of the happenings each linked article reports (its
        #: link state's list), for the articles all of whose happenings the file holds;
        #: found from its link state's data (kept unread until a lookup needs it).
        self.reports: dict[str, np.ndarray | None] = {}
        self._unread: dict[str, str] = {}

    def index_articles(self, rows: Sequence[LinkRow]) -> None:
        """Note the happenings each of these articles (their link-state rows) reports."""
        if self.file is not None:
            self._unread.update((row[0], row[4]) for row in rows)

    def _reports_of(self, article_id: str) -> np.ndarray | None:
        """The records of the happenings the article reports (None: not all in the file; none
        for an article without link state, as the store's rows give none)."""
        if article_id not in self.reports:
            data = self._unread.pop(article_id, None)
            self._index(article_id, read_data(data).get("happenings", []))
        return self.reports.get(article_id)

    def _index(self, article_id: str, reported: Sequence[str]) -> None:
        assert self.file is not None
        rows = self.file.rows
        found = [rows.get(h, -1) for h in reported]
        self.reports[article_id] = None if -1 in found else np.array(found, dtype=np.int64)

    def reported_by(self, article_ids: Sequence[str], dates: list[tuple[str, str]]) -> Related:
        """The happenings these articles report whose span meets one of ``dates`` (first
        and last days): by id, their span, mean report vector and number of reports."""
        if self.file is not None and not self.file.usable:
            # The last link's transaction did not commit its writes: read the store.
            self.file, self.reports, self._unread = None, {}, {}
        if self.file is not None:
            reported = [self._reports_of(a) for a in article_ids]
            if all(rows is not None for rows in reported):
                return self._reported_by_from_file(reported, dates)
        spans: list[tuple[str, str, str]] = []
        unknown: list[str] = []
        for _id, listed in self.store.link_data("article", article_ids):
            data = read_data(listed)
            reported, kept = data.get("happenings", []), data.get("spans")
            if kept is None or len(kept) != len(reported):  # linked before spans were kept
                unknown.extend(reported)
            else:
                spans.extend(
                    (h, start, stop) for h, (start, stop) in zip(reported, kept, strict=True)
                )
        spans.extend(self.store.link_spans("happening", unknown))
        # Only those whose span (as kept: it can only have narrowed) meets one of the
        # article's dates are read in full, with their spans as they are now.
        ids = meeting(spans, dates)
        if self.file is None:
            return Related.of(self.states(ids))
        found, records = self.file.records(ids)
        elsewhere = self.states([i for i in ids if i not in self.file.rows])
        if elsewhere:  # (ids too long for the file's records)
            return Related.of(
                sorted([*_states_of(found, records), *elsewhere], key=lambda s: str(s[0]))
            )
        return _related(found, records)

    def _reported_by_from_file(
        self, reported: Sequence[np.ndarray | None], dates: list[tuple[str, str]]
    ) -> Related:
        """:meth:`reported_by` from the file alone, given the records each article reports:
        those whose span (as it is now: what the link's joins check) meets a date."""
        assert self.file is not None
        listed = [rows for rows in reported if rows is not None]
        rows = np.unique(np.concatenate(listed or [np.zeros(0, np.int64)]))
        records = self.file.at(rows)
        firsts = np.array([dt.date.fromisoformat(first).toordinal() for first, _ in dates])
        lasts = np.array([dt.date.fromisoformat(last).toordinal() for _, last in dates])
        meets = (
            (firsts[None, :] <= records["stop"][:, None])
            & (lasts[None, :] >= records["start"][:, None])
        ).any(axis=1)
        ids = [self.file.ids[int(row)] for row in rows[meets]]
        # In id order, as the store's rows come; without records whose happening lost its
        # span (taken out of the file: the store's row has none, and a lookup skips it).
        order = sorted((i for i, found in enumerate(ids) if found), key=ids.__getitem__)
        return _related([ids[i] for i in order], records[meets][order])

    def states(self, ids: Sequence[str]) -> list[HappeningState]:
        """These happenings' kept link state (those with a span, by id): from memory where an
        earlier article's lookup read it or this linker wrote it, else from the store. Only
        the linker writes happening states while it links, so what is kept stays what the
        store holds (tested against a fresh read)."""
        kept = self.state_reads
        missing = [i for i in ids if i not in kept]
        for i, start, stop, data, extra in self.store.link_state("happening", missing):
            if start is not None and stop is not None:
                self.keep_state(i, start, stop, data, extra)
        found = sorted((i for i in dict.fromkeys(ids) if i in kept), key=str)
        states = [(i, *kept[i]) for i in found]
        keep_recent(kept, found, HAPPENING_READS_KEPT)
        return states

    def keep_state(
        self, happening_id: str, start: str, stop: str, data: bytes | None, extra: str
    ) -> None:
        self.state_reads[happening_id] = happening_state(start, stop, data, extra)
        self.state_reads.move_to_end(happening_id)

    def by_id(self, ids: Sequence[str]) -> dict[str, Happening]:
        """These happenings as the store holds them: from memory where an earlier lookup read
        them or this linker wrote them, else read (and kept)."""
        kept = self.happenings
        missing = [i for i in ids if i not in kept]
        for happening in self.store.happenings_by_id(missing):
            kept[happening.id] = happening
        found = {i: kept[i] for i in ids if i in kept}
        keep_recent(kept, found, HAPPENINGS_KEPT)
        return found

    def put(self, rows: Sequence[LinkRow]) -> None:
        """Happenings' link state the linker is writing (inside its transaction): what is
        kept, and the file, stay what the store holds."""
        for happening_id, start, stop, data, extra in rows:
            if start is not None and stop is not None:
                self.keep_state(happening_id, start, stop, data, extra)
        if self.file is not None:
            try:
                self.file.put(rows)
            except OSError:  # (it could not grow): dirty, so made again by the next linker
                self.file, self.reports, self._unread = None, {}, {}

    def written(self, article_id: str, happenings: Sequence[Happening]) -> None:
        """The happenings an article reports, as the linker wrote them, once its transaction
        has committed: what is kept stays what the store holds."""
        if self.file is not None and not self.store.in_transaction:
            self.file.committed()  # (inside another transaction it is not yet the store's)
            self._index(article_id, [h.id for h in happenings])
        for happening in happenings:
            self.happenings[happening.id] = happening
            self.happenings.move_to_end(happening.id)

    def join(
        self,
        candidate: Candidate,
        related: Related,
        changed: dict[str, Happening],
        vectors: dict[str, tuple[Vectors, int]],
        duplicate: Duplicate | None,
    ) -> Happening | None:
        date = candidate.date
        meeting = np.flatnonzero(
            (related.starts <= date.end.toordinal()) & (related.stops >= date.start.toordinal())
        )
        # Happenings this link changed are taken as they now are (their span, their vector).
        grown = [k for k in vectors if changed[k].date.overlaps(date)]
        dropped = [related.rows[k] for k in grown if k in related.rows]
        if dropped:
            meeting = meeting[~np.isin(meeting, dropped)]
        if not len(meeting) and not grown:
            return None

        # Position i is the related happening of row meeting[i], then those grown.
        def id_at(i: int) -> str:
            return related.ids[int(meeting[i])] if i < len(meeting) else grown[i - len(meeting)]

        cosines = np.concatenate(
            [
                related.vectors[meeting] @ candidate.vector,
                np.array([vectors[k][0] @ candidate.vector for k in grown], dtype=np.float64),
            ]
        )
        ranked = np.argsort(-cosines)
        order = [int(i) for i in ranked[cosines[ranked] >= SAME_COSINE_WITH_ENTITIES - 1e-3][:20]]
        if not order:
            return None
        ids = {i: id_at(i) for i in order}
        original = duplicate.original_id if duplicate else candidate.article_id
        # The closest few read first: the sentence most often joins one of them, and the
        # others (their reports: hundreds where a story was copied widely) are then never
        # read. The answer is the same: the first, in this order, that it may join.
        for group in (order[:FIRST_READ], order[FIRST_READ:]):
            loaded = self.by_id([ids[i] for i in group if ids[i] not in changed])
            loaded.update(changed)
            for i in group:
                happening = loaded.get(ids[i])
                if happening is None:
                    continue
                common = _joined_span(happening, candidate, float(cosines[i]), original)
                if common is None:
                    continue
                joined = _grow(happening, candidate, common)
                changed[joined.id] = joined
                vector, n = (
                    vectors[ids[i]]
                    if ids[i] in vectors
                    else (related.vectors[int(meeting[i])], int(related.reports[int(meeting[i])]))
                )
                vectors[joined.id] = (unit(vector * n + candidate.vector), n + 1)
                return joined
        return None


def _joined_span(
    happening: Happening, candidate: Candidate, cosine: float, original: str
) -> DateInterval | None:
    """The span the happening keeps if the candidate sentence joins it (``cosine``: of their
    vectors; ``original``: the article whose copies' reports count as the candidate's), else
    None."""
    if any(
        r.article_id == candidate.article_id and r.sentence == candidate.sentence.index
        for r in happening.reports
    ):
        return None  # two dates of one sentence are two happenings
    shared = len(set(happening.participants) & candidate.participants) + (
        1 if candidate.place and candidate.place == happening.place else 0
    )
    copies = any(r.article_id == original for r in happening.reports)
    common = happening.date.intersect(candidate.date)
    if common is None or not same_happening(candidate.date, happening.date, cosine, shared, copies):
        return None
    return common


def _related(ids: list[str], records: np.ndarray) -> Related:
    """Happenings (by id, in id order) and their records in the file, as a lookup takes them."""
    return Related(
        ids=ids,
        starts=records["start"].astype(np.int64),
        stops=records["stop"].astype(np.int64),
        vectors=np.ascontiguousarray(records["vector"]),
        reports=records["reports"].astype(np.int64),
        rows={i: row for row, i in enumerate(ids)},
    )


def _states_of(ids: Sequence[str], records: np.ndarray) -> list[HappeningState]:
    return [
        (i, int(r["start"]), int(r["stop"]), np.array(r["vector"]), int(r["reports"]))
        for i, r in zip(ids, records, strict=True)
    ]


def meeting(spans: Sequence[tuple[str, str, str]], dates: Sequence[tuple[str, str]]) -> list[str]:
    """The ids of the ``(id, first day, last day)`` spans that meet one of ``dates`` (first
    and last days), each once, in the order of ``spans``: ISO days compare as strings, every
    span with every date in one comparison."""
    starts = np.array([start for _i, start, _stop in spans], dtype=str)
    stops = np.array([stop for _i, _start, stop in spans], dtype=str)
    firsts = np.array([first for first, _last in dates], dtype=str)
    lasts = np.array([last for _first, last in dates], dtype=str)
    meets = ((firsts[None, :] <= stops[:, None]) & (lasts[None, :] >= starts[:, None])).any(axis=1)
    return list(dict.fromkeys(spans[int(i)][0] for i in np.flatnonzero(meets)))


def _grow(happening: Happening, candidate: Candidate, common: DateInterval) -> Happening:
    sentence = candidate.sentence
    report = Report(
        candidate.article_id, sentence.index, sentence.start, sentence.end, sentence.text
    )
    reports = happening.reports
    if not any(
        r.article_id == report.article_id and r.sentence == report.sentence for r in reports
    ):
        reports = (*reports, report)
    status = happening.status
    if "happened" in (status, candidate.status):
        status = "happened"
    elif "planned" in (status, candidate.status):
        status = "planned"
    return replace(
        happening,
        date=common,
        status=status,
        reports=reports,
        participants=tuple(sorted({*happening.participants, *candidate.participants})),
        place=happening.place or candidate.place,
    )
