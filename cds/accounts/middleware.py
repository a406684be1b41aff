"""Idle sessions end: a signed-in user who has sent no request for ``SESSION_IDLE_MINUTES``
minutes is signed out at the next one and meets the login page with a message saying why (an
HTMX request is sent there whole instead of swapping the login page into a fragment)."""
from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import resolve_url

LAST_SEEN = "cds_last_seen"  # session key: the time of the user's last request (seconds)
RESOLUTION = 60  # the time is written at most once a minute: no session write on every request


def expired_message(minutes: int) -> str:
    return (f"Phiên làm việc đã hết hạn vì không thao tác trong {minutes} phút. "
            "Vui lòng đăng nhập lại để tiếp tục.")


def start_idle_clock(sender, request=None, user=None, **kwargs) -> None:
    """At login (``user_logged_in``): the session's clock starts with it, so the first page
    after the login writes nothing more to the session."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN] = int(time.time())


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        idle = int(settings.SESSION_IDLE_MINUTES) * 60
        now = int(time.time())
        if idle > 0 and request.user.is_authenticated:
            seen = request.session.get(LAST_SEEN)
            if seen is not None and now - seen > idle:
                logout(request)
                messages.warning(request, expired_message(idle // 60))
                if request.headers.get("HX-Request"):
                    return self._htmx_to_login(request)
        response = self.get_response(request)
        if idle > 0 and getattr(request, "user", None) is not None and request.user.is_authenticated:
            seen = request.session.get(LAST_SEEN)
            if seen is None or now - seen >= RESOLUTION:
                request.session[LAST_SEEN] = now
        return response

    @staticmethod
    def _htmx_to_login(request):
        page = urlsplit(request.headers.get("HX-Current-URL", ""))
        back = page.path + (f"?{page.query}" if page.query else "") if page.path.startswith("/") else "/"
        response = HttpResponse(status=200)
        response["HX-Redirect"] = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': back})}"
        return response
