"""A per-address request limit for the pages anyone may open without an account (the public
transparency pages, the open-data feeds and their dictionary).

``settings.PUBLIC_RATE_LIMIT`` ("120/m": at most 120 requests a minute from one client address;
the period is one of s, m, h, d; empty or "0" turns the limit off) is read at each request, so a
test or an operator may change it without a restart. The address is the one the audit log
records (:func:`cds.core.request_context.client_ip`: ``REMOTE_ADDR``, or the first
``X-Forwarded-For`` hop when ``TRUST_X_FORWARDED_FOR`` is set behind a proxy).

Requests are counted in fixed windows of the period, in Django's default cache: with the local
memory cache each server process counts for itself; a shared cache (Redis, Memcached, the
database) makes the limit hold across processes. Past the limit the answer is 429 with a
Vietnamese message and ``Retry-After`` (seconds to the next window); every client is counted,
signed in or not (counting does not touch the session, so a public response stays cacheable).
"""
from __future__ import annotations

import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse

from .request_context import client_ip

_clock = time.time  # the tests stop it
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MESSAGE = ("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau {seconds} giây "
           "(giới hạn {limit} yêu cầu mỗi {period}).")
PERIOD_WORDS = {1: "giây", 60: "phút", 3600: "giờ", 86400: "ngày"}


def parse_rate(rate) -> tuple[int, int] | None:
    """"120/m" → (120, 60); None when the limit is off (empty, "0", None). A malformed value is a
    configuration error and raises ValueError."""
    if not rate:
        return None
    count, _, unit = str(rate).strip().partition("/")
    if not count.strip().isdigit() or unit.strip().lower() not in PERIODS:
        raise ValueError(f"PUBLIC_RATE_LIMIT must look like '120/m', not {rate!r}")
    count = int(count)
    return (count, PERIODS[unit.strip().lower()]) if count > 0 else None


def wait_seconds(scope: str, ident: str, limit: int, period: int, now: float | None = None) -> int:
    """Count one request of ``ident`` in ``scope``; the seconds to wait when it is over the limit,
    else 0."""
    now = _clock() if now is None else now
    window = int(now // period)
    key = f"throttle:{scope}:{ident}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the window's counter expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def too_many(seconds: int, limit: int, period: int, *, as_json: bool) -> HttpResponse:
    message = MESSAGE.format(seconds=seconds, limit=limit, period=PERIOD_WORDS[period])
    if as_json:
        response = JsonResponse({"detail": message}, status=429, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response


def throttle(view=None, *, scope: str = "public", as_json: bool = False):
    """Decorator: at most ``settings.PUBLIC_RATE_LIMIT`` requests per client address to the
    views of ``scope`` (all the views sharing a scope share the count). ``as_json`` answers the
    429 as ``{"detail": "…"}`` (feeds) instead of plain text (pages)."""
    def decorate(func):
        @wraps(func)
        def inner(request, *args, **kwargs):
            rate = parse_rate(getattr(settings, "PUBLIC_RATE_LIMIT", ""))
            if rate:
                limit, period = rate
                seconds = wait_seconds(scope, client_ip(request) or "unknown", limit, period)
                if seconds:
                    return too_many(seconds, limit, period, as_json=as_json)
            return func(request, *args, **kwargs)
        return inner
    return decorate(view) if view is not None else decorate
