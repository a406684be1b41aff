"""Login throttling on top of django-axes: two counters, two thresholds.

* **A user name from one address** (``AXES_FAILURE_LIMIT``, 5): the lockout a person meets
  when they mistype their own password. It is tied to the address, so that someone who
  guesses an administrator's password from their own machine locks the administrator out of
  *that* machine only: the administrator signs in from any other address as usual.
* **One address, whatever the user names** (``AXES_IP_FAILURE_LIMIT``, 20): an address trying
  many accounts is blocked as a whole. Offices behind one NAT address share this counter,
  hence a threshold well above the first.

Both count the failures of the last ``AXES_COOLOFF_MINUTES`` minutes and lock for as long.
axes compares one number with one limit; :meth:`LockoutHandler.get_failures` scales the
address count to the user limit (``n × user limit // address limit`` reaches the user limit
exactly when ``n`` reaches the address limit) and leaves on the request which of the two
locked (``axes_lock_scope``: ``"ip"`` or ``"user"``) for the lockout page and the audit log.
"""
from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def ip_failure_limit() -> int:
    return int(settings.AXES_IP_FAILURE_LIMIT)


def _failures(qs) -> int:
    return qs.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler counting per (user name, address) and per address."""

    def get_failures(self, request, credentials=None) -> int:
        ip = request.axes_ip_address
        username = get_client_username(request, credentials)
        recent = AccessAttempt.objects.filter(ip_address=ip)
        if settings.AXES_COOLOFF_TIME is not None:
            recent = recent.filter(attempt_time__gte=get_cool_off_threshold(request))
        per_address = _failures(recent)
        per_user = _failures(recent.filter(username=username)) if username is not None else 0
        user_limit, address_limit = get_failure_limit(request, credentials), ip_failure_limit()
        if per_address >= address_limit:
            request.axes_lock_scope = "ip"
        elif per_user >= user_limit:
            request.axes_lock_scope = "user"
        return max(per_user, per_address * user_limit // address_limit)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears that user name's failures from that address only — not the
        address's count of other names (signing in to one's own account must not let an address
        go on guessing others)."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (429), in Vietnamese: an address blocked, or a user name from it."""
    cool_off = get_cool_off(request)
    return render(request, "accounts/locked.html", {
        "scope": getattr(request, "axes_lock_scope", "") or "user",
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "ip_failure_limit": ip_failure_limit(),
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else 0,
    }, status=429)
