"""Reads of the ranking shared with the dashboard and the API."""
from __future__ import annotations

from .models import Period, PeriodStatus, ProjectSignal


def latest_signals(project_ids) -> dict[int, ProjectSignal]:
    """The latest quarter's signal of each project in ``project_ids`` (one query)."""
    return {s.project_id: s for s in ProjectSignal.objects.filter(project_id__in=list(project_ids), is_latest=True)}


def latest_published(periods_qs):
    """The newest published period of a (scoped) period queryset, or None."""
    return periods_qs.filter(status=PeriodStatus.PUBLISHED).order_by("-year", "-published_at").first()


__all__ = ["Period", "latest_published", "latest_signals"]
