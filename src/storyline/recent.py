"""What was worked out for the last few texts, kept by a digest of the text.

Several readers of a text keep their result for the texts read most recently: the time
expressions' pattern scan and date-free reading, duplicate detection's keys. One article is
read by several stages in turn, and a build hands what its worker processes read to the
process that links the corpus. The server reads added articles in its request threads, so
each keeper takes a lock."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


def text_digest(text: str) -> hashlib.blake2b:
    """A running digest of ``text`` (update it with more to key on more than the text)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)


class Recent(Generic[V]):
    """The values put for the last ``limit`` keys; reading a value makes it the latest."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._values: OrderedDict[bytes, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> V | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: bytes, value: V) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.limit:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values
