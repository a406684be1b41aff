"""Who is reminded of which planning-round deadline, and when: :func:`send_plan_reminders`, run
once a day by ``manage.py send_plan_reminders`` (cron or a systemd timer; README, "Daily jobs").
For every open round (taking proposals):

a. from ``days_before`` days before the deadline up to the deadline day, each called unit that
   has sent no proposal, or still has proposals being drafted or returned and not sent again,
   gets a reminder — its staff and heads, one notification per person per round per day (a
   person acting for several such units gets one, naming them all), with a link to the round;
b. after the deadline the same people get an overdue notice every day, and the CĐS appraisers
   of the round's tree (role ``cds_appraiser`` in the root's subtree) one summary a day with
   the number of late units (called, nothing sent) and of units with proposals not yet sent.

A unit that has sent its proposals and has none left in preparation gets nothing. Who acts for
a unit: :func:`cds.accounts.selectors.responsible_people` (its own staff and heads, else its
successor's, else its parent's), as for every reminder.

Idempotent: every notification has a dedupe key (``plan-due:<round>:<day>``,
``plan-overdue:…``, ``plan-summary:…``), so a second run on the same day sends nothing new.
The notices of every round are collected, then written in batches
(:func:`cds.notifications.services.notify_many`), each batch one transaction whose e-mails go out
when it commits.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cds.accounts.models import Role, User
from cds.accounts.selectors import responsible_people
from cds.notifications.services import Notice, ReminderTally
from cds.orgs.models import Unit
from cds.text.format import vndate

from .models import Proposal, ProposalStatus, Round, RoundStatus

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
PENDING = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)


@dataclass
class Outcome(ReminderTally):
    rounds: int = 0
    late_units: int = 0


@dataclass
class UnitState:
    """Where a called unit stands in a round."""
    unit: Unit
    sent: int = 0       # proposals sent (whatever was decided on them since)
    drafts: int = 0
    returned: int = 0

    @property
    def late(self) -> bool:
        return not self.sent

    @property
    def outstanding(self) -> bool:
        return self.late or bool(self.drafts or self.returned)

    def describe(self) -> str:
        name = self.unit.short_name or self.unit.name
        parts = ["chưa gửi đề xuất nào"] if self.late else []
        if self.drafts:
            parts.append(f"{self.drafts} đề xuất đang soạn chưa gửi")
        if self.returned:
            parts.append(f"{self.returned} đề xuất bị trả lại chưa gửi lại")
        return f"{name}: {', '.join(parts)}"


def round_url(round_: Round) -> str:
    try:
        return reverse("plans:round", args=[round_.pk])
    except NoReverseMatch:
        return f"/ke-hoach/{round_.pk}/"


def unit_states(round_: Round) -> list[UnitState]:
    """Every called unit of the round with its counts (two queries)."""
    states = {u.pk: UnitState(u) for u in round_.called_units.order_by("name")}
    rows = (Proposal.objects.filter(round=round_, unit_id__in=list(states)).order_by()
            .values("unit_id", "status").annotate(n=Count("id")).values_list("unit_id", "status", "n"))
    for unit_id, status, n in rows:
        state = states[unit_id]
        if status == ProposalStatus.DRAFT:
            state.drafts += n
        else:
            state.sent += n  # returned ones were sent once: the unit is not late, they are still pending
            if status == ProposalStatus.RETURNED:
                state.returned += n
    return list(states.values())


def _remind_round(round_: Round, today: dt.date, days_before: int, email: bool, out: Outcome,
                  notices: list[Notice]) -> None:
    days_left = (round_.deadline - today).days
    kind = "due" if 0 <= days_left <= days_before else ("overdue" if days_left < 0 else None)
    if kind is None:
        return
    outstanding = {s.unit.pk: s for s in unit_states(round_) if s.outstanding}
    if not outstanding:
        return
    url = round_url(round_)
    people = responsible_people(outstanding, UNIT_ROLES)
    per_user: dict[User, list[UnitState]] = defaultdict(list)
    for unit_id, state in outstanding.items():
        for user in people.get(unit_id, []):
            per_user[user].append(state)
    for user, mine in per_user.items():
        where = "; ".join(s.describe() for s in mine)
        if kind == "due":
            when = "hạn gửi là hôm nay" if days_left == 0 else f"còn {days_left} ngày"
            text = (f"Nhắc hạn gửi đề xuất nhiệm vụ, kinh phí: đợt “{round_.name}” — {where}. "
                    f"Hạn gửi {vndate(round_.deadline)} ({when}).")
        else:
            text = (f"Quá hạn gửi đề xuất nhiệm vụ, kinh phí: đợt “{round_.name}” đã quá hạn {-days_left} ngày "
                    f"(hạn {vndate(round_.deadline)}) — {where}. Đề nghị hoàn thành, gửi ngay.")
        notices.append(Notice(user, text, url, key=f"plan-{kind}:{round_.pk}:{today.isoformat()}",
                              kind=f"plan.{kind}", email=email))
    if days_left < 0:
        late = sum(1 for s in outstanding.values() if s.late)
        pending = sum(1 for s in outstanding.values() if not s.late)
        out.late_units += late
        appraisers = User.objects.filter(is_active=True, role=Role.CDS_APPRAISER,
                                         unit__path__startswith=round_.root_unit.path).order_by("pk")
        text = (f"Tổng hợp đợt lập kế hoạch “{round_.name}”: quá hạn {-days_left} ngày (hạn {vndate(round_.deadline)}), "
                f"{late} đơn vị chưa gửi đề xuất"
                + (f", {pending} đơn vị còn đề xuất chưa gửi hoặc bị trả lại chưa gửi lại" if pending else "") + ".")
        notices += [Notice(user, text, url, key=f"plan-summary:{round_.pk}:{today.isoformat()}", kind="plan.summary",
                           email=email) for user in appraisers]


def send_plan_reminders(today: dt.date | None = None, *, days_before: int = 3, email: bool = True) -> Outcome:
    today = today or timezone.localdate()
    out, notices = Outcome(), []
    for round_ in Round.objects.filter(status=RoundStatus.OPEN).select_related("root_unit").order_by("deadline", "pk"):
        out.rounds += 1
        _remind_round(round_, today, days_before, email, out, notices)
    out.write(notices)
    return out
