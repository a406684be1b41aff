"""Where a page may send the user back to: only this site.

Every view that redirects to a URL the request carries (a ``next`` parameter, the Referer)
goes through :func:`safe_next`; Django's login and logout views check their ``next`` the same
way (``url_has_allowed_host_and_scheme``)."""
from __future__ import annotations

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, url: str | None, fallback: str | None = None) -> str:
    """``url`` when it leads to this site (a local path, or this host with the request's
    scheme); otherwise ``fallback``, by default the home page. "https://evil.example/",
    "//evil.example", "/\\\\evil.example" and "javascript:…" all fall back."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return fallback or resolve_url(settings.LOGIN_REDIRECT_URL)
