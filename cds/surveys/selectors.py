"""Reads shared by the survey pages, exports and API (always over rows already scoped by
:mod:`cds.surveys.permissions`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from .models import OUTSTANDING, Response, ResponseStatus


@dataclass(frozen=True)
class RoundCounts:
    units: int = 0
    submitted: int = 0
    late: int = 0          # submitted after the deadline, or not submitted and the deadline has passed
    returned: int = 0
    not_started: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.units) if self.units else 0


def round_counts(round_ids, today: dt.date | None = None) -> dict[int, RoundCounts]:
    """{round id: counts} for the given rounds, in one query."""
    today = today or timezone.localdate()
    rows = (Response.objects.filter(round_id__in=list(round_ids)).values("round_id")
            .annotate(units=Count("id"),
                      submitted=Count("id", filter=Q(status=ResponseStatus.SUBMITTED)),
                      late_done=Count("id", filter=Q(status=ResponseStatus.SUBMITTED, is_late=True)),
                      late_open=Count("id", filter=Q(status__in=OUTSTANDING, round__deadline__lt=today)),
                      returned=Count("id", filter=Q(status=ResponseStatus.RETURNED)),
                      not_started=Count("id", filter=Q(status=ResponseStatus.NOT_STARTED))))
    return {r["round_id"]: RoundCounts(units=r["units"], submitted=r["submitted"],
                                       late=r["late_done"] + r["late_open"], returned=r["returned"],
                                       not_started=r["not_started"]) for r in rows}


def late_responses(rnd, today: dt.date | None = None):
    """Responses of ``rnd`` that are late: sent after the deadline, or still outstanding past it."""
    today = today or timezone.localdate()
    q = Q(status=ResponseStatus.SUBMITTED, is_late=True)
    if rnd.deadline < today:
        q |= Q(status__in=OUTSTANDING)
    return rnd.responses.filter(q).select_related("unit")
