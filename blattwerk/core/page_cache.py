"""Full-page cache for anonymous readers, answered before Django is even entered.

Reader pages are the same for every anonymous visitor, so a finished response is
kept as bytes: in this process (L1, a few seconds) and in the shared Django cache
(L2: local memory, or Redis when REDIS_URL is set). `CachedPageApp` wraps the ASGI
application and serves hits without touching Django's request machinery; misses
go through Django, where `PageCacheMiddleware` stores what may be shared.
Publishing purges the stale paths (news/invalidation.py); L1 expires on its own so
every process sees a purge within `L1_SECONDS`.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

CACHEABLE_TYPES = (
    "text/html",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "text/plain",
)
# Never cached: editors, personal results, forms with CSRF tokens, the event stream, files.
PRIVATE_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/suche/",
    "/live/",
    "/pressemitteilung/",
    "/dokumente/",
    "/media/",
    "/static/",
)
# Requests carrying one of these cookies belong to a logged-in editor or a form in progress.
PRIVATE_COOKIES = (b"sessionid", b"csrftoken")
L1_SECONDS = 5
L1_MAX_ENTRIES = 2000
KEY_PREFIX = "page:"
# Browsers may reuse a page briefly; what changes meanwhile reaches open pages over the live stream.
BROWSER_SECONDS = 15


@dataclass(frozen=True, slots=True)
class CachedPage:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


def cache_seconds() -> int:
    """How long the shared cache keeps a page; 0 disables the page cache."""
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 60))


GENERATION_KEY = "page-generation"
_generation: list[float] = [0.0, 0.0]  # [value, when this process must read it again]


def generation() -> int:
    """The shared cache generation: `purge_all` bumps it, which retires every stored page at once.

    Read from the shared cache at most once per L1 period per process (one lookup per second is cheap
    even over the network, and the hot path stays a dict lookup).
    """
    now = time.monotonic()
    if now >= _generation[1]:
        _generation[0] = cache.get(GENERATION_KEY, 0)
        _generation[1] = now + 1.0
    return int(_generation[0])


def page_key(path: str, query: str) -> str:
    base = f"{KEY_PREFIX}{generation()}:{path}"
    return f"{base}?{query}" if query else base


def is_private_path(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES)


class _LocalCache:
    """A small LRU with expiry: one dict lookup on a hit."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.entries: OrderedDict[str, tuple[float, CachedPage]] = OrderedDict()

    def get(self, key: str) -> CachedPage | None:
        item = self.entries.get(key)
        if item is None:
            return None
        expires, page = item
        if expires < time.monotonic():
            self.entries.pop(key, None)
            return None
        return page

    def set(self, key: str, page: CachedPage, seconds: float) -> None:
        self.entries[key] = (time.monotonic() + seconds, page)
        self.entries.move_to_end(key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)

    def delete(self, key: str) -> None:
        self.entries.pop(key, None)

    def clear(self) -> None:
        self.entries.clear()


local_pages = _LocalCache(L1_MAX_ENTRIES)


def store(path: str, query: str, page: CachedPage) -> None:
    seconds = cache_seconds()
    key = page_key(path, query)
    local_pages.set(key, page, min(L1_SECONDS, seconds))
    cache.set(key, page, seconds)


def purge(paths: list[str]) -> None:
    """Forget the first page of each path (later pages of a listing expire with the shared TTL)."""
    keys = [page_key(path, "") for path in paths]
    for key in keys:
        local_pages.delete(key)
    cache.delete_many(keys)


def purge_all() -> None:
    """Retire every cached page, in every process (for changes shown on all pages, like breaking news)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
    _generation[1] = 0.0
    local_pages.clear()


def _has_private_cookie(headers: list[tuple[bytes, bytes]]) -> bool:
    cookies = b";".join(value for name, value in headers if name == b"cookie")
    return any(cookie in cookies for cookie in PRIVATE_COOKIES)


# Headers a 304 repeats (RFC 9110, 15.4.5).
CONDITIONAL_HEADERS = (b"etag", b"last-modified", b"cache-control", b"vary", b"content-location", b"expires")
HIT = (b"x-cache", b"HIT")


def _not_modified(request_headers: list[tuple[bytes, bytes]], page: CachedPage) -> bool:
    """A conditional GET whose validator still matches the cached page (ETag first, as RFC 9110 asks)."""
    stored = dict(page.headers)
    for name, value in request_headers:
        if name == b"if-none-match" and b"etag" in stored:
            return value.strip() == b"*" or stored[b"etag"] in [tag.strip() for tag in value.split(b",")]
    for name, value in request_headers:
        if name == b"if-modified-since" and b"last-modified" in stored:
            return value.strip() == stored[b"last-modified"]
    return False


class CachedPageApp:
    """ASGI wrapper: answers anonymous GET/HEAD for cached pages, passes everything else on."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app
        self._shared_get = sync_to_async(cache.get, thread_sensitive=False)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or cache_seconds() <= 0:
            return await self.app(scope, receive, send)
        path = scope["path"]
        if is_private_path(path) or _has_private_cookie(scope["headers"]):
            return await self.app(scope, receive, send)
        query = scope["query_string"].decode("latin-1")
        key = page_key(path, query)
        page = local_pages.get(key)
        if page is None:
            page = await self._shared_get(key)
            if page is None:
                return await self.app(scope, receive, send)
            local_pages.set(key, page, min(L1_SECONDS, cache_seconds()))
        status, headers, body = page.status, [*page.headers, HIT], page.body
        if _not_modified(scope["headers"], page):
            status, body = 304, b""
            headers = [(name, value) for name, value in page.headers if name in CONDITIONAL_HEADERS] + [HIT]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


class PageCacheMiddleware:
    """Stores responses that every anonymous reader may share."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._shareable(request, response):
            if not response.has_header("Cache-Control"):
                response.headers["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
            response.headers["Content-Length"] = str(len(response.content))
            headers = tuple(
                (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in response.items()
            )
            store(
                request.path,
                request.META.get("QUERY_STRING", ""),
                CachedPage(response.status_code, headers, response.content),
            )
            response.headers["X-Cache"] = "MISS"
        return response

    @staticmethod
    def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
        if cache_seconds() <= 0 or request.method != "GET" or response.status_code != 200:
            return False
        if response.streaming or response.cookies or is_private_path(request.path):
            return False
        if any(name in request.COOKIES for name in ("sessionid", "csrftoken")):
            return False
        if request.user.is_authenticated:
            return False
        control = response.get("Cache-Control", "")
        if "private" in control or "no-store" in control or "no-cache" in control:
            return False
        return response.get("Content-Type", "").split(";")[0].strip() in CACHEABLE_TYPES
