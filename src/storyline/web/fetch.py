"""Fetching a page that an API caller named, without letting the caller reach inside the
operator's network.

Every request, the first and each redirect, goes through :class:`GuardedTransport`: it
resolves the host itself, refuses the request unless every address is a public one (no
private, loopback, link-local, multicast, reserved or unspecified address) — unless the
operator allowed private addresses — and then connects to the very address it checked (the
host name still goes in the ``Host`` header and the TLS server name), so a DNS answer that
changes between the check and the connection cannot slip past it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from storyline import __version__
from storyline.errors import StorylineError

Resolver = Callable[[str, int], list[str]]
USER_AGENT = f"storyline/{__version__} (news timeline builder)"


class URLRefused(StorylineError):
    """The address may not be fetched (a private network, a non-web scheme, ...)."""


class FetchFailed(StorylineError):
    """The page could not be fetched."""


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchFailed(f"cannot resolve {host}: {exc.strerror}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that checks and pins the address of every request."""

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        *,
        allow_private: bool = False,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.allow_private = allow_private
        self.resolver = resolver
        #: The address (with its host name) of the last request sent: after redirects, the
        #: page's own address.
        self.last_url = ""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in ("http", "https"):
            raise URLRefused(f"only http and https addresses can be fetched, not {url.scheme}:")
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            addresses = self.resolver(host, port)
        if not addresses:
            raise FetchFailed(f"{host} has no address")
        if not self.allow_private:
            for address in addresses:
                if not is_public(address):
                    raise URLRefused(
                        f"{host} is a private, loopback or link-local address ({address});"
                        " the server's operator has not allowed those"
                    )
        pinned = addresses[0]
        self.last_url = str(url)
        if url.scheme == "https" and pinned != host:
            request.extensions = {**request.extensions, "sni_hostname": host}
        request.headers["Host"] = url.netloc.decode("ascii")
        request.url = url.copy_with(host=pinned)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@dataclass(frozen=True)
class Page:
    url: str
    final_url: str
    content_type: str
    data: bytes


def fetch(
    url: str,
    *,
    max_bytes: int,
    allow_private: bool = False,
    timeout: float = 15.0,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver = system_resolver,
) -> Page:
    """The body at ``url``, at most ``max_bytes`` of it; raises URLRefused or FetchFailed."""
    if not url.lower().startswith(("http://", "https://")):
        raise URLRefused("only http and https addresses can be fetched")
    guarded = GuardedTransport(transport, allow_private=allow_private, resolver=resolver)
    try:
        with (
            httpx.Client(
                transport=guarded,
                timeout=httpx.Timeout(timeout),
                follow_redirects=True,
                max_redirects=5,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html, text/plain;q=0.9, */*;q=0.5",
                },
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchFailed(f"{url} answered HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchFailed(f"{url} is {int(declared):,} bytes, over {max_bytes:,}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise FetchFailed(f"{url} is over {max_bytes:,} bytes")
            return Page(
                url=url,
                final_url=guarded.last_url or url,
                content_type=response.headers.get("content-type", ""),
                data=bytes(body),
            )
    except (URLRefused, FetchFailed):
        raise
    except httpx.InvalidURL as exc:
        raise URLRefused(f"not a valid address: {exc}") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(f"cannot fetch {url}: {type(exc).__name__}: {exc}") from exc
