"""Fetching a page over HTTP(S): timeouts, a size limit, retries with backoff, a clear User-Agent.

A failure is an :class:`~storyline.errors.IngestError` whose ``transient`` flag says whether a
later build should try again: timeouts, refused connections, 5xx answers and 429 are transient;
4xx answers, a body over the size limit and non-HTTP addresses are not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from storyline import __version__
from storyline.errors import IngestError
from storyline.ingest.types import over_limit

USER_AGENT = f"storyline/{__version__} (news timeline builder; +python-httpx)"
#: Answers worth asking again for: the server is busy or broken, not the address.
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
#: The longest a Retry-After header may make us wait, so a build never hangs on one server.
_MAX_RETRY_AFTER = 30.0


@dataclass(frozen=True)
class Fetched:
    #: The address asked for, and the one answered after redirects.
    url: str
    final_url: str
    status: int
    #: The Content-Type header ("" when absent).
    content_type: str
    data: bytes


class Fetcher:
    """One HTTP client for a whole build (connections are reused between pages)."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        retries: int = 2,
        backoff: float = 1.0,
        max_bytes: int = 20_000_000,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=10,
            headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> Fetched:
        """The body at ``url``; raises IngestError (transient or not) and nothing else."""
        if not url.lower().startswith(("http://", "https://")):
            raise IngestError(f"not an http(s) address: {url}")
        last = ""
        retry_after: float | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                wait = self.backoff * (2 ** (attempt - 1))
                if retry_after is not None:
                    wait = max(wait, min(retry_after, _MAX_RETRY_AFTER))
                self._sleep(wait)
            retry_after = None
            try:
                return self._once(url)
            except _Retry as retry:
                last, retry_after = retry.reason, retry.retry_after
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as err:
                raise IngestError(f"not a fetchable address: {err}") from err
            except httpx.TimeoutException:
                last = f"timed out after {self.timeout:g}s"
            except httpx.TransportError as err:
                last = _transport_reason(err)
            except httpx.HTTPError as err:  # e.g. too many redirects, a malformed address
                raise IngestError(f"fetch failed: {type(err).__name__}: {err}") from err
        tries = self.retries + 1
        raise IngestError(
            f"{last} ({tries} tr{'y' if tries == 1 else 'ies'}; tried again on the next build)",
            transient=True,
        )

    def _once(self, url: str) -> Fetched:
        with self._client.stream("GET", url) as response:
            status = response.status_code
            if status in _RETRY_STATUS:
                raise _Retry(
                    f"HTTP {status} {response.reason_phrase}".strip(), _retry_after(response)
                )
            if status >= 400:
                raise IngestError(f"HTTP {status} {response.reason_phrase}".strip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise IngestError(over_limit(int(declared), self.max_bytes))
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > self.max_bytes:
                    raise IngestError(over_limit(len(body), self.max_bytes, at_least=True))
            return Fetched(
                url=url,
                final_url=str(response.url),
                status=status,
                content_type=response.headers.get("content-type", ""),
                data=bytes(body),
            )


class _Retry(Exception):
    def __init__(self, reason: str, retry_after: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def _transport_reason(err: httpx.TransportError) -> str:
    if isinstance(err, httpx.ConnectError):
        detail = str(err) or "connection refused or host not found"
        return f"could not connect: {detail}"
    if isinstance(err, httpx.RemoteProtocolError):
        return f"the server broke the connection: {err}"
    return f"network error: {type(err).__name__}: {err}"
