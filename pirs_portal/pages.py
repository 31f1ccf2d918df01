"""Public pages in standard HTTP: an ETag from the data version, Cache-Control, 304s, and one page store.

A view marked ``public_page`` answers the same to everyone until the data
changes. Its answer carries a weak ETag made of the data version, the code
version and the full address (which fixes the language), and
``Cache-Control: public, max-age=PUBLIC_MAX_AGE``, so any standard HTTP cache
(nginx's proxy_cache in the README's deployment, a browser) can keep it and
revalidate it with ``If-None-Match``, which costs the app no work at all.

``PageStore`` is the one in-process layer: it keeps each public answer whole,
gzipped once for clients that take gzip, and answers it before the session,
language, CSRF and user middleware run. bench/report.md measures it against the
portal without it (PAGE_STORE=false), and docs/ARCHITECTURE.md says why it stays.
"""

import gzip
import hashlib
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from .datacache import TIMEOUT, data_version

COMPRESSIBLE = ("text/", "application/json", "application/geo+json")
READS = ("GET", "HEAD")


def code_folders() -> list[str]:
    """The folders a release's pages are made from: templates, static files, translations and the project's own
    apps, which are those of INSTALLED_APPS with a folder here, so a new app is counted without a change."""
    root = Path(settings.BASE_DIR)
    apps = [name.split(".")[0] for name in settings.INSTALLED_APPS if (root / name.split(".")[0]).is_dir()]
    return ["templates", "static", "locale", *dict.fromkeys(apps)]


def _code_version() -> str:
    """A digest of the templates, static files, translations and code, so a new release is never answered 304
    from the old; made from their contents, so every server of one release agrees."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in code_folders():
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


CODE_VERSION = _code_version()


def page_etag(request: HttpRequest, *, day: str = "") -> str:
    """The weak ETag of a public address: the same for every copy of it until the data or the code changes."""
    address = f"{data_version()} {CODE_VERSION} {day} {request.scheme}://{request.get_host()}{request.get_full_path()}"
    return 'W/"' + hashlib.sha256(address.encode()).hexdigest()[:32] + '"'


def _personal(request: HttpRequest) -> bool:
    """Say whether the request carries a cookie that can change what a page shows (a session or messages)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES


def _made_personal(request: HttpRequest, response: HttpResponse) -> bool:
    """Say whether answering read the session, set a cookie, used a CSRF token or messages, or varies by cookie."""
    session = getattr(request, "session", None)
    return (
        bool(response.cookies)
        or "cookie" in response.get("Vary", "").lower()
        or (session is not None and session.accessed)
        or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        or getattr(getattr(request, "_messages", None), "used", False)
        or isinstance(getattr(request, "_csp_nonce", None), str)
    )


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/")


def _if_none_match(request: HttpRequest, etag: str) -> bool:
    """Say whether If-None-Match names this ETag, compared weakly as RFC 9110 asks ("*" is left to the view)."""
    wanted = request.META.get("HTTP_IF_NONE_MATCH", "")
    return _opaque(etag) in [_opaque(tag) for tag in wanted.split(",")]


def _wants_any(request: HttpRequest) -> bool:
    return request.META.get("HTTP_IF_NONE_MATCH", "").strip() == "*"


def _not_modified(etag: str, *, vary: str = "") -> HttpResponse:
    """Answer 304 with the headers the 200 would carry that a cache needs: ETag, Cache-Control and Vary."""
    response = HttpResponseNotModified()
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
    if vary:
        response["Vary"] = vary
    return response


def public_page(view: Callable[..., HttpResponse] | None = None, *, store: bool = True, daily: bool = False):
    """Mark a view's answers as the same for everyone: ETag, Cache-Control public, 304, and the page store.

    With ``store=False`` the answer is still cacheable by HTTP caches, but the page
    store leaves it to the view every time: for views that count each request
    against a limit (downloads). With ``daily=True`` the ETag also changes each
    day, for a page that says the day it was made.
    """

    def mark(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in READS:
                return view(request, *args, **kwargs)
            etag = page_etag(request, day=timezone.localdate().isoformat() if daily else "")
            if _if_none_match(request, etag):
                return _not_modified(etag)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not _made_personal(request, response):
                if _wants_any(request):
                    # "*" matches any current answer, and only one: never a 404's or a 400's.
                    return _not_modified(etag, vary=response.get("Vary", ""))
                response["ETag"] = etag
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
                request.pirs_storable = store
            return response

        return wrapped

    return mark(view) if view is not None else mark


def _compress(response: HttpResponse) -> None:
    """Gzip an answer once, as it is stored, as whitenoise does for static files.

    A stored answer is the same for everyone and carries no secret, so the
    compression can reveal nothing (BREACH needs a secret in the page).
    """
    if (response.has_header("Content-Encoding") or len(response.content) < 200
            or not response.get("Content-Type", "").startswith(COMPRESSIBLE)):
        return
    response.content = gzip.compress(response.content, compresslevel=6, mtime=0)
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    patch_vary_headers(response, ["Accept-Encoding"])


class PageStore:
    """Answer a stored public page before the session, language, CSRF, user and audit middleware run.

    Those cost as much per request as gunicorn itself, and a stored page needs none
    of them. Only plain GETs without a session or messages cookie are answered or
    stored, and only answers of views marked ``public_page``; the key is the page's
    ETag (data version, code version, address), the day, and whether the client takes gzip.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_STORE or request.method != "GET" or _personal(request):
            return self.get_response(request)
        etag = page_etag(request)
        # A page that says the day it was made (daily) has that day in its ETag; every key holds the day,
        # so no stored page outlives the day it was made.
        day = timezone.localdate().isoformat()
        accepts_gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        key = f"page:{etag}:{day}:{accepts_gzip}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            stored_headers = dict(headers)
            stored_etag = stored_headers["ETag"]
            if _if_none_match(request, stored_etag) or _wants_any(request):
                return _not_modified(stored_etag, vary=stored_headers.get("Vary", ""))
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if getattr(request, "pirs_storable", False) and response.get("ETag") in (etag, page_etag(request, day=day)):
            if accepts_gzip:
                _compress(response)
            cache.set(key, (response.content, list(response.items())), timeout=TIMEOUT)
        return response
