"""Cache results computed from the directory, and forget them all whenever its data changes.

Every cached value is keyed by a data version that any save or delete in the
regions or services apps moves on, so no stale figure outlives a change. The
results live in Django's default cache: Redis shared by every app server when
CACHE_URL is set, else each process's memory. The version lives in the
"versions" cache, shared by every process on the machine (or by Redis), so a
change made anywhere is seen everywhere.
"""

import gzip
import hashlib
import time
import uuid
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.translation import get_language

T = TypeVar("T")
VERSION_KEY = "data-version"
TIMEOUT = 60 * 60  # an hour: a safety net, as every change moves the version anyway
WATCHED_APPS = {"regions", "services"}
COMPRESSIBLE = ("text/", "application/json", "application/geo+json")
# Results of this data version already in this process, so a hit costs no unpickling:
# the gap summary at 10,000 services takes over a second to unpickle.
_in_process: dict[str, object] = {}


# The version as this process last read it, and until when to trust that reading
# (settings.DATA_VERSION_MEMO_SECONDS): a change made in another process is seen
# at most that long after it, and a busy server reads the shared cache once a
# second instead of on every request. A change made in this process is seen at once.
_memo: dict = {"version": None, "until": 0.0}


def data_version() -> str:
    """Return the current data version, starting one if there is none.

    It lives in the "versions" cache, which every process shares even when the
    results themselves are kept in each process's memory.
    """
    now = time.monotonic()
    if _memo["version"] is not None and now < _memo["until"]:
        return _memo["version"]
    versions = caches["versions"]
    version = versions.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        versions.add(VERSION_KEY, version, timeout=None)
        version = versions.get(VERSION_KEY, version)
    _memo.update(version=version, until=now + settings.DATA_VERSION_MEMO_SECONDS)
    return version


def _new_version() -> None:
    version = uuid.uuid4().hex
    caches["versions"].set(VERSION_KEY, version, timeout=None)
    _memo.update(version=version, until=time.monotonic() + settings.DATA_VERSION_MEMO_SECONDS)


def data_changed(**kwargs) -> None:
    """Move the data version on, so every cached result is computed afresh.

    It moves at once, so the change is seen inside its own transaction, and again
    when the transaction commits: a request answered in between, from the data as
    it was, must not stay cached under the new version.
    """
    sender = kwargs.get("sender")
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in WATCHED_APPS:
        _new_version()
        transaction.on_commit(_new_version)


def cached(name: str, compute: Callable[[], T]) -> T:
    """Return the cached result for this data version, computing and storing it if missing.

    The result is shared by every caller in this process until the data changes: treat it as read-only.
    """
    key = f"{name}:{data_version()}"
    if key in _in_process:
        return _in_process[key]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
    # Keep only the current version's results: older ones can never be asked for again.
    for old in [k for k in list(_in_process) if k.startswith(f"{name}:")]:
        _in_process.pop(old, None)
    _in_process[key] = value
    return value


def _personal(request: HttpRequest) -> bool:
    """Say whether the request carries a cookie that can change what a page shows (a session or messages)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES


def _made_personal(request: HttpRequest) -> bool:
    """Say whether answering read the session (the signed-in user), a CSRF token, messages or a CSP nonce."""
    session = getattr(request, "session", None)
    return (
        (session is not None and session.accessed)
        or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        or getattr(getattr(request, "_messages", None), "used", False)
        or isinstance(getattr(request, "_csp_nonce", None), str)
    )


def _same_for_everyone(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
        and not _made_personal(request)
    )


def _replayable(request: HttpRequest, response: HttpResponse) -> bool:
    """Say whether content, status and content type replay a view's answer whole, for anyone."""
    return _same_for_everyone(request, response) and {h.lower() for h in response.headers} == {"content-type"}


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public read-only view from the cache, per data version, language and full URL.

    Only anonymous GET and HEAD requests are served from or stored in the cache,
    and only answers that are the same for everyone (see ``_replayable``).
    Wrap it inside any throttle, so that limits still count every request.
    """
    name = f"{view.__module__}.{view.__qualname__}"

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _personal(request):
            return view(request, *args, **kwargs)
        address = f"{name} {get_language()} {request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = f"page:{hashlib.sha256(address.encode()).hexdigest()}:{data_version()}"
        stored = cache.get(key)
        if stored is not None:
            content, status, content_type = stored
            return HttpResponse(content, status=status, content_type=content_type)
        response = view(request, *args, **kwargs)
        if _replayable(request, response):
            cache.set(key, (response.content, response.status_code, response["Content-Type"]), timeout=TIMEOUT)
        return response

    return wrapped


def public_page(view: Callable[..., HttpResponse] | None = None, *, throttle: str = ""):
    """Mark a view's answers as the same for everyone, so ``PublicPageMiddleware`` may store and replay them.

    A rate-limited view names its limit in ``throttle``: the dotted path of a
    function that takes ``request=`` and returns the seconds to wait, as
    ``pirs_portal.throttle.throttle_wait`` does. The middleware counts every
    replayed request with it, and lets one over the limit through to the view,
    which refuses it in its own words.
    """

    def mark(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            request.pirs_public_page = throttle
            return response

        return wrapped

    return mark(view) if view is not None else mark


class PublicPageMiddleware:
    """Answer a stored public page before the session, language, CSRF, user and audit middleware run.

    Those cost as much per request as gunicorn itself, and a stored page needs none
    of them once stored. What this stores is the answer as those middleware left it,
    headers and all, keyed by the data version, the full URL (which fixes the
    language) and whether the client takes gzip, in which case it is stored gzipped.
    Only plain GET requests without a
    session or messages cookie or conditional headers are answered or stored, and
    only for views marked with ``public_page``, whose rate limits it keeps.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if (request.method != "GET" or _personal(request)
                or "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta):
            return self.get_response(request)
        accepts_gzip = "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "")
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()} {accepts_gzip}"
        key = f"public:{hashlib.sha256(address.encode()).hexdigest()}:{data_version()}"
        stored = cache.get(key)
        if stored is not None:
            content, headers, throttle = stored
            if throttle and import_string(throttle)(request=request):
                return self.get_response(request)
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        throttle = getattr(request, "pirs_public_page", None)
        if throttle is not None and _same_for_everyone(request, response):
            if accepts_gzip:
                _compress(response)
            cache.set(key, (response.content, list(response.items()), throttle), timeout=TIMEOUT)
        return response



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
