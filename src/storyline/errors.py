"""The project's own error types. Parsers raise only these (or let nothing escape)."""

from __future__ import annotations


class StorylineError(Exception):
    """Base of every error storyline raises on purpose."""


class IngestError(StorylineError):
    """An input could not be turned into an article. ``reason`` is one line for the build summary;
    ``transient`` says whether trying again later may succeed (a timeout, a dead server)."""

    def __init__(self, reason: str, *, transient: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


class StageError(StorylineError):
    """A pipeline stage could not handle one article."""


class StoreError(StorylineError):
    """The store could not be opened, migrated or written."""


class BuildLockedError(StoreError):
    """Another build holds the store."""


class DataNotFound(StorylineError):
    """An evaluation's public data set is not where it was asked for."""


class DataFormatError(DataNotFound):
    """A data file is there but not in the format its evaluation reads (broken TimeML or brat
    standoff). A kind of DataNotFound: either way the data cannot be used as given."""
