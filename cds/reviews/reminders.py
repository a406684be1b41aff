"""Who is reminded of which review deadline, and when: :func:`send_review_reminders`, run once a
day by ``manage.py send_review_reminders`` (cron or a systemd timer; README, "Daily
jobs"). For every open campaign:

a. from ``days_before`` days before the deadline up to the deadline day, each unit with
   reports not yet submitted (not started, in progress or returned) gets a reminder — its
   staff and heads, one notification per person per campaign per day, with the number of
   outstanding reports and a link to the campaign page;
b. after the deadline the same people get an overdue notice every day, and the CĐS appraisers
   of the campaign's tree (role ``cds_appraiser`` in the root's subtree) one summary a day with
   the number of late units;
c. each returned report is announced to the staff of its unit once per return.

Who acts for a unit: its own active staff/heads; a unit without accounts is handled by the
nearest unit that has them — its successor if it has ended (Sở TT&TT → Sở KH&CN), then its
parent (a public-service centre by its department) — the same people who may fill its
reports (access.scope_reviews).

Idempotent: every notification has a dedupe key (``review-due:<campaign>:<day>``,
``review-overdue:…``, ``review-summary:…``, ``review-returned:<review>:<return>``), so a
second run on the same day sends nothing new. The notices of every campaign are collected, then
written in batches (:func:`cds.notifications.services.notify_many`), each batch one transaction
whose e-mails go out when it commits. Finally the job counts stale projects (in operation or settled,
last completed review older than the current cycle — reviews.selectors.staleness); that
is a read, nothing is stored.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cds.accounts.models import Role, User
from cds.accounts.selectors import responsible_people
from cds.notifications.services import Notice, ReminderTally
from cds.orgs.models import Unit
from cds.projects.models import Project, State
from cds.text.format import vndate

from .models import Campaign, CampaignStatus, Review, ReviewStatus
from .selectors import DONE, StaleFlag

OUTSTANDING = (ReviewStatus.NOT_STARTED, ReviewStatus.DRAFT, ReviewStatus.RETURNED)
UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
STALE_STATES = (State.IN_OPERATION, State.SETTLED)


@dataclass
class Outcome(ReminderTally):
    campaigns: int = 0
    stale: int = 0


def _url(name: str, pk: int, fallback: str) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return fallback


def campaign_url(campaign) -> str:
    return _url("reviews:campaign", campaign.pk, f"/danh-gia/{campaign.pk}/")


def review_url(review) -> str:
    return _url("reviews:review", review.pk, f"/danh-gia/bao-cao/{review.pk}/")


def _label(unit: Unit) -> str:
    return unit.short_name or unit.name


def _return_marks(review_ids) -> dict[int, str]:
    """Per returned review, the history row where it was last returned: one reminder per return
    (later edits by the unit, which keep it "returned", do not count as a new return)."""
    marks, previous = {}, {}
    rows = Review.history.filter(id__in=list(review_ids)).order_by("id", "history_id").values_list(
        "id", "history_id", "status")
    for rid, hid, status in rows:
        if status == ReviewStatus.RETURNED and previous.get(rid) != ReviewStatus.RETURNED:
            marks[rid] = f"h{hid}"
        previous[rid] = status
    return marks


def _remind_campaign(campaign: Campaign, today: dt.date, days_before: int, email: bool,
                     notices: list[Notice]) -> None:
    days_left = (campaign.deadline - today).days
    url = campaign_url(campaign)
    outstanding = dict(
        Review.objects.filter(campaign=campaign, status__in=OUTSTANDING).order_by().values("unit_id")
        .annotate(n=Count("id")).values_list("unit_id", "n")
    )
    units = Unit.objects.in_bulk(list(outstanding))
    kind = "due" if 0 <= days_left <= days_before else ("overdue" if days_left < 0 else None)
    if outstanding and kind:
        people = responsible_people(outstanding, UNIT_ROLES)
        per_user: dict[User, dict[int, int]] = defaultdict(dict)
        for unit_id, n in outstanding.items():
            for user in people.get(unit_id, []):
                per_user[user][unit_id] = n
        for user, mine in per_user.items():
            total = sum(mine.values())
            where = (f"{_label(units[next(iter(mine))])} còn {total} báo cáo chưa gửi" if len(mine) == 1 else
                     f"các đơn vị còn {total} báo cáo chưa gửi ("
                     + ", ".join(f"{_label(units[u])}: {n}" for u, n in sorted(mine.items(),
                                                                             key=lambda i: _label(units[i[0]])))
                     + ")")
            if kind == "due":
                when = "hạn gửi là hôm nay" if days_left == 0 else f"còn {days_left} ngày"
                text = (f"Nhắc hạn báo cáo đánh giá hiệu quả: đợt “{campaign.name}” — {where}. "
                        f"Hạn gửi {vndate(campaign.deadline)} ({when}).")
            else:
                text = (f"Quá hạn báo cáo đánh giá hiệu quả: đợt “{campaign.name}” đã quá hạn {-days_left} ngày "
                        f"(hạn {vndate(campaign.deadline)}) — {where}. Đề nghị hoàn thành, gửi ngay.")
            notices.append(Notice(user, text, url, key=f"review-{kind}:{campaign.pk}:{today.isoformat()}",
                                  kind=f"review.{kind}", email=email))
    if outstanding and days_left < 0:
        appraisers = User.objects.filter(is_active=True, role=Role.CDS_APPRAISER,
                                         unit__path__startswith=campaign.root_unit.path).order_by("pk")
        text = (f"Tổng hợp đợt đánh giá “{campaign.name}”: quá hạn {-days_left} ngày (hạn {vndate(campaign.deadline)}), "
                f"{len(outstanding)} đơn vị chưa gửi đủ báo cáo ({sum(outstanding.values())} báo cáo).")
        notices += [Notice(user, text, url, key=f"review-summary:{campaign.pk}:{today.isoformat()}",
                           kind="review.summary", email=email) for user in appraisers]
    returned = list(Review.objects.filter(campaign=campaign, status=ReviewStatus.RETURNED).select_related("project")
                    .order_by("pk"))
    if returned:
        marks = _return_marks(r.pk for r in returned)
        staff = responsible_people({r.unit_id for r in returned}, (Role.UNIT_STAFF,))
        for review in returned:
            comment = review.return_comment.strip().rstrip(".")
            comment = comment if len(comment) <= 300 else comment[:299].rstrip() + "…"
            text = (f"Báo cáo đánh giá “{review.project.code} — {review.project.name}” (đợt “{campaign.name}”) bị "
                    f"trả lại để bổ sung, chỉnh sửa: {comment or 'xem ý kiến trên báo cáo'}. "
                    f"Hạn gửi {vndate(campaign.deadline)}.")
            mark = marks.get(review.pk, f"v{review.version}")
            notices += [Notice(user, text, review_url(review), key=f"review-returned:{review.pk}:{mark}",
                               kind="review.returned", email=email) for user in staff.get(review.unit_id, [])]


def stale_projects(today: dt.date) -> int:
    """Projects in operation or settled whose last completed review is older than the current cycle."""
    rows = Project.objects.filter(state__in=STALE_STATES).annotate(
        last=Max("reviews__campaign__period_year", filter=Q(reviews__status__in=DONE))).values_list("last", flat=True)
    return sum(1 for last in rows if StaleFlag(last, today.year).stale)


def send_review_reminders(today: dt.date | None = None, *, days_before: int = 3, email: bool = True) -> Outcome:
    today = today or timezone.localdate()
    out, notices = Outcome(), []
    for campaign in Campaign.objects.filter(status=CampaignStatus.OPEN).select_related("root_unit").order_by(
            "deadline", "pk"):
        out.campaigns += 1
        _remind_campaign(campaign, today, days_before, email, notices)
    out.write(notices)
    out.stale = stale_projects(today)
    return out
