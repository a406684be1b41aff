"""Reads for review campaigns, scoped by the access helper; aggregates are done in the
database so a campaign of 20,000 projects costs a handful of queries."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.utils import timezone

from cds.accounts import access
from cds.core.db import count_of
from cds.orgs.models import Unit
from cds.systems import equipment_stats
from cds.systems import selectors as system_selectors
from cds.systems.models import ProjectRole, SystemProject
from cds.systems.permissions import scope_systems
from cds.systems.time import time_quadrant

from .models import (
    RATING_RANK,
    Campaign,
    CampaignStatus,
    Decision,
    IndicatorValue,
    Rating,
    Review,
    ReviewIssue,
    ReviewStatus,
)
from .permissions import get_review_for, scope_campaigns, scope_reviews

DONE = (ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED, ReviewStatus.DECIDED)
INEFFECTIVE = (Rating.NOT_YET, Rating.INEFFECTIVE)


def campaign_list(user):
    """Campaigns with progress counted over the reviews the user may see (a unit sees its own
    n_done/n_total, not the province's): one correlated count per figure, evaluated for the
    page's campaigns only (``cds.core.db.count_of``)."""
    reviews = Review.objects.filter(access.scope_for(user).q("unit"), campaign=OuterRef("pk"))
    done = reviews.filter(status__in=DONE)
    return scope_campaigns(user).select_related("receiving_unit", "root_unit", "method").annotate(
        n_total=count_of(reviews, "campaign"),
        n_done=count_of(done, "campaign"),
    ).order_by("-period_year", "-deadline", "-id")


def with_late_counts(user, campaigns) -> list:
    """``campaigns`` as a list, each with ``n_done_late``: the reviews the user may see that were
    sent after the day of the campaign's deadline (local time), counted in one query.

    The instant the deadline's next day starts is computed here: comparing the local *date* of
    ``submitted_at`` in SQL casts every review's time (a Python callback per row on SQLite, most
    of a campaign list's time at a national campaign's 50,000 reviews)."""
    campaigns = list(campaigns)
    if not campaigns:
        return campaigns
    after = Q()
    for c in campaigns:
        start = timezone.make_aware(dt.datetime.combine(c.deadline + dt.timedelta(days=1), dt.time.min))
        after |= Q(campaign_id=c.pk, submitted_at__gte=start)
    counts = dict(Review.objects.filter(access.scope_for(user).q("unit"), after, status__in=DONE)
                  .order_by().values("campaign").annotate(n=Count("pk")).values_list("campaign", "n"))
    for c in campaigns:
        c.n_done_late = counts.get(c.pk, 0)
    return campaigns


def get_campaign(user, pk) -> Campaign:
    from django.http import Http404

    try:
        return scope_campaigns(user).select_related("receiving_unit", "root_unit", "method").get(pk=pk)
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đợt đánh giá.") from None


def campaign_reviews(user, campaign):
    return scope_reviews(user, campaign.reviews.all())


def counts(user, campaign) -> dict:
    """total / submitted (on time or late) / late (submitted late or not in by the deadline)."""
    qs = campaign_reviews(user, campaign)
    past_deadline = timezone.localdate() > campaign.deadline
    deadline_end = _deadline_end(campaign)
    agg = qs.aggregate(
        total=Count("id"),
        submitted=Count("id", filter=Q(status__in=DONE)),
        submitted_late=Count("id", filter=Q(status__in=DONE, submitted_at__gt=deadline_end)),
        not_started=Count("id", filter=Q(status=ReviewStatus.NOT_STARTED)),
    )
    outstanding = agg["total"] - agg["submitted"]
    agg["late"] = agg["submitted_late"] + (outstanding if past_deadline else 0)
    agg["in_progress"] = outstanding - agg["not_started"]
    return agg


def _deadline_end(campaign):
    import datetime as dt

    return timezone.make_aware(dt.datetime.combine(campaign.deadline, dt.time.max))


@dataclass
class UnitProgress:
    unit: Unit
    total: int = 0
    submitted: int = 0
    submitted_late: int = 0
    not_started: int = 0
    in_progress: int = 0
    late: int = 0
    optimistic: int = 0  # self-rating better than the reviewer's
    ineffective: int = 0

    @property
    def status(self) -> str:
        if self.submitted == self.total:
            return "late" if self.submitted_late else "done"
        return "late" if self.late else ("not_started" if self.not_started == self.total else "in_progress")


def progress_by_unit(user, campaign) -> list[UnitProgress]:
    """One row per reporting unit: submitted / late / not started, ineffective and the
    self-rating gap (the campaign page's table), in one grouped query."""
    past_deadline = timezone.localdate() > campaign.deadline
    deadline_end = _deadline_end(campaign)
    rows = (
        with_ranks(campaign_reviews(user, campaign)).order_by().values("unit_id").annotate(
            total=Count("id"),
            submitted=Count("id", filter=Q(status__in=DONE)),
            submitted_late=Count("id", filter=Q(status__in=DONE, submitted_at__gt=deadline_end)),
            not_started=Count("id", filter=Q(status=ReviewStatus.NOT_STARTED)),
            ineffective=Count("id", filter=Q(reviewer_rating__in=INEFFECTIVE)),
            optimistic=Count("id", filter=optimistic_q()),
        )
    )
    units = Unit.objects.in_bulk([r["unit_id"] for r in rows])
    out = []
    for r in rows:
        outstanding = r["total"] - r["submitted"]
        out.append(UnitProgress(
            unit=units[r["unit_id"]], total=r["total"], submitted=r["submitted"], submitted_late=r["submitted_late"],
            not_started=r["not_started"], in_progress=outstanding - r["not_started"],
            late=r["submitted_late"] + (outstanding if past_deadline else 0),
            optimistic=r["optimistic"], ineffective=r["ineffective"],
        ))
    out.sort(key=lambda p: (-p.late, -(p.total - p.submitted), p.unit.name))
    return out


def totals(progress: list[UnitProgress]) -> dict:
    """The campaign's counts (as :func:`counts` gives them) summed from the per-unit rows, so a
    page that shows both costs one query, not two."""
    keys = ("total", "submitted", "submitted_late", "not_started", "in_progress", "late")
    return {k: sum(getattr(p, k) for p in progress) for k in keys}


def _rank(field):
    """A rating's rank on the shared scale; a blank rating ranks NULL, so no comparison holds."""
    return Case(*[When(**{field: r}, then=Value(n)) for r, n in RATING_RANK.items()], output_field=IntegerField())


def optimistic_q():
    """Reviews where the unit rated itself better than the reviewer did (computed in SQL)."""
    return Q(self_rank__gt=F("reviewer_rank"))


def with_ranks(qs):
    """Adds both ratings' ranks (for :func:`optimistic_q`) without selecting them."""
    return qs.alias(self_rank=_rank("self_rating"), reviewer_rank=_rank("reviewer_rating"))


def ineffective_reviews(user, campaign):
    return campaign_reviews(user, campaign).filter(reviewer_rating__in=INEFFECTIVE).select_related(
        "project", "unit").order_by("reviewer_rating", "project_id")


def overdue_reviews(user, campaign):
    if timezone.localdate() <= campaign.deadline:
        return campaign_reviews(user, campaign).none()
    return campaign_reviews(user, campaign).exclude(status__in=DONE).select_related("project", "unit").order_by(
        "unit__name", "project__code")


def review_detail(user, pk) -> Review:
    qs = Review.objects.select_related(
        "campaign__method", "campaign__receiving_unit", "project__investor_unit", "unit", "prepared_by",
        "submitted_by", "reviewed_by", "decided_by",
    ).prefetch_related(
        "problems", "evidence", "follow_ups",
        Prefetch("values", queryset=IndicatorValue.objects.select_related("indicator")),
        Prefetch("issues", queryset=ReviewIssue.objects.select_related("answered_by")),
    )
    return get_review_for(user, pk, queryset=qs)


#: The roles by which a project stands for a system in its review: it built or upgraded it.
BUILT_ROLES = (ProjectRole.BUILD, ProjectRole.UPGRADE)


def built_systems(user, project) -> list:
    """The systems ``project`` built or upgraded that ``user`` may read (SystemProject rows,
    system joined), each with its TIME quadrant (``time`` = (key, label)) by its fits."""
    links = [link for link in system_selectors.systems_of_project(user, project) if link.role in BUILT_ROLES]
    for link in links:
        link.time = time_quadrant(link.system)
    return links


def built_systems_by_project(user, projects) -> dict[int, str]:
    """{project id: "System A (Duy trì); System B (Chưa đánh giá mức phù hợp)"} for the projects
    of the queryset ``projects`` (the reports' column), the systems ``user`` may read. One query."""
    out = defaultdict(list)
    links = (SystemProject.objects.filter(project__in=projects, role__in=BUILT_ROLES,
                                          system__in=scope_systems(user).values("pk"))
             .select_related("system").order_by("project_id", "system__name"))
    for link in links:
        if link.system.name not in (n for n, _ in out[link.project_id]):
            out[link.project_id].append((link.system.name, time_quadrant(link.system)[1]))
    return {pid: "; ".join(f"{name} ({label})" for name, label in names) for pid, names in out.items()}


def project_equipment(project) -> equipment_stats.EquipmentFigures:
    """The equipment the project bought, by status (the review page's card)."""
    return equipment_stats.for_project(project)


# The reviews waiting on someone, by who acts next: the unit fills and its head submits while the
# campaign collects, the CĐS authority assesses what was submitted, the leader decides on the
# proposals that change a project. The reviews page lists each (``?todo=<key>``) and the home
# page counts it, both through :func:`todo_reviews`.
WAITING_FILTERS = {
    "to_fill": ("Báo cáo đánh giá cần nhập", lambda: Q(status__in=(ReviewStatus.NOT_STARTED, ReviewStatus.DRAFT),
                                                         campaign__status=CampaignStatus.OPEN)),
    "returned": ("Báo cáo đánh giá bị trả lại để bổ sung", lambda: Q(status=ReviewStatus.RETURNED,
                                                                        campaign__status=CampaignStatus.OPEN)),
    "to_submit": ("Báo cáo đánh giá chờ lãnh đạo đơn vị xác nhận, gửi",
                  lambda: Q(status__in=(ReviewStatus.DRAFT, ReviewStatus.RETURNED), campaign__status=CampaignStatus.OPEN)),
    "to_assess": ("Báo cáo đánh giá chờ thẩm tra", lambda: Q(status=ReviewStatus.SUBMITTED)),
    "to_decide": ("Đề xuất điều chỉnh, giảm quy mô, tạm dừng, dừng chờ quyết định",
                  lambda: Q(status=ReviewStatus.ACCEPTED) & ~Q(proposed_decision=Decision.CONTINUE)),
    "ineffective": ("Dự án được đánh giá chưa hiệu quả, không hiệu quả (đợt đang thu thập)",
                    lambda: Q(reviewer_rating__in=INEFFECTIVE, campaign__status=CampaignStatus.OPEN,
                              status__in=(ReviewStatus.ACCEPTED, ReviewStatus.DECIDED))),
    "late": ("Báo cáo đánh giá quá hạn chưa gửi (đợt đang thu thập)",
             lambda: Q(campaign__status=CampaignStatus.OPEN, campaign__deadline__lt=timezone.localdate())
             & ~Q(status__in=DONE)),
}


def todo_reviews(user, key: str, unit: int | None = None):
    """The reviews of :data:`WAITING_FILTERS` ``key`` the user may see, nearest deadline first
    (none for an unknown key); with ``unit``, only those of that reporting unit and its subtree."""
    qs = scope_reviews(user)
    if key not in WAITING_FILTERS:
        return qs.none()
    if unit:
        chosen = Unit.objects.filter(pk=unit).only("path").first()
        qs = qs.filter(unit__path__startswith=chosen.path) if chosen else qs.none()
    return (qs.filter(WAITING_FILTERS[key][1]()).select_related("campaign", "project", "unit")
            .order_by("campaign__deadline", "campaign_id", "project__code", "pk"))


def my_reviews(user):
    """The reviews waiting on this user's unit (fill, confirm) — newest campaign first."""
    return scope_reviews(user).filter(campaign__status="open").select_related(
        "campaign", "project", "unit").order_by("campaign__deadline", "project__code")


@dataclass
class StaleFlag:
    last_campaign_year: int | None
    current_year: int
    stale: bool = field(init=False)

    def __post_init__(self):
        self.stale = self.last_campaign_year is None or self.last_campaign_year < self.current_year - 1


def staleness(project) -> StaleFlag:
    """A project whose last completed review is older than the current cycle is flagged stale
    (the yearly report of year N is due in January of N+1)."""
    last = (Review.objects.filter(project=project, status__in=DONE).order_by("-campaign__period_year")
            .values_list("campaign__period_year", flat=True).first())
    return StaleFlag(last, timezone.localdate().year)
