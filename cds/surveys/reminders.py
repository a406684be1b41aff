"""Who is reminded of which survey deadline, and when: :func:`send_survey_reminders`, run once a
day by ``manage.py send_survey_reminders`` (cron or a systemd timer; README, "Daily jobs"). For
every open round:

a. from ``days_before`` days before the deadline up to the deadline day, each unit whose
   response is not yet submitted (not started, being filled or returned) gets a reminder — its
   staff and heads, one notification per person per unit per day, with a link to its response;
b. after the deadline the same people get an overdue notice every day;
c. after the deadline, one summary a day of the late units (outstanding or sent late) to the
   people of the round's coordinating unit and to the CĐS appraisers of the round's tree.

Who acts for a unit is :func:`cds.accounts.selectors.responsible_people` (its own staff and
heads; an ended unit's successor; else its parent), loaded once per round.

Idempotent: every notification has a dedupe key (``survey-due:<round>:<unit>:<day>``,
``survey-overdue:<round>:<unit>:<day>``, ``survey-summary:<round>:<day>``), so a second run on
the same day sends nothing new. The notices of every round are collected, then written in batches
(:func:`cds.notifications.services.notify_many`), each batch one transaction whose e-mails go out
when it commits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from cds.accounts.models import Role, User
from cds.accounts.selectors import responsible_people
from cds.notifications.services import Notice, ReminderTally
from cds.text.format import vndate

from .models import OUTSTANDING, Response, Round, RoundStatus
from .selectors import late_responses
from .services.rounds import response_url, round_url

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
SUMMARY_NAMES = 10   # late units named in the summary; the rest are counted


@dataclass
class Outcome(ReminderTally):
    rounds: int = 0
    late_units: int = 0


def _label(unit) -> str:
    return unit.short_name or unit.name


def _remind_units(rnd: Round, today: dt.date, days_before: int, email: bool, notices: list[Notice]) -> None:
    days_left = (rnd.deadline - today).days
    kind = "due" if 0 <= days_left <= days_before else ("overdue" if days_left < 0 else None)
    if kind is None:
        return
    outstanding = list(Response.objects.filter(round=rnd, status__in=OUTSTANDING).select_related("unit")
                       .order_by("unit__path"))
    if not outstanding:
        return
    people = responsible_people({r.unit_id for r in outstanding}, UNIT_ROLES)
    for response in outstanding:
        if kind == "due":
            when = "hạn gửi là hôm nay" if days_left == 0 else f"còn {days_left} ngày"
            text = (f"Nhắc hạn khảo sát: đợt “{rnd.name}” — phiếu của {_label(response.unit)} chưa gửi. "
                    f"Hạn gửi {vndate(rnd.deadline)} ({when}).")
        else:
            text = (f"Quá hạn khảo sát: đợt “{rnd.name}” đã quá hạn {-days_left} ngày (hạn {vndate(rnd.deadline)}) — "
                    f"phiếu của {_label(response.unit)} chưa gửi. Đề nghị hoàn thành, gửi ngay.")
        key = f"survey-{kind}:{rnd.pk}:{response.unit_id}:{today.isoformat()}"
        url = response_url(response)
        notices += [Notice(user, text, url, key=key, kind=f"survey.{kind}", email=email)
                    for user in people.get(response.unit_id, [])]


def _summarise(rnd: Round, today: dt.date, email: bool, out: Outcome, notices: list[Notice]) -> None:
    if today <= rnd.deadline:
        return
    late = list(late_responses(rnd, today).order_by("unit__path"))
    out.late_units += len(late)
    if not late:
        return
    names = ", ".join(_label(r.unit) for r in late[:SUMMARY_NAMES])
    more = f" và {len(late) - SUMMARY_NAMES} đơn vị khác" if len(late) > SUMMARY_NAMES else ""
    text = (f"Tổng hợp đợt khảo sát “{rnd.name}”: quá hạn {(today - rnd.deadline).days} ngày "
            f"(hạn {vndate(rnd.deadline)}), {len(late)} đơn vị trễ hạn: {names}{more}.")
    recipients = {u.pk: u for u in responsible_people([rnd.coordinator_id], UNIT_ROLES).get(rnd.coordinator_id, [])}
    for user in User.objects.filter(is_active=True, role=Role.CDS_APPRAISER,
                                    unit__path__startswith=rnd.root_unit.tree_prefix).order_by("pk"):
        recipients.setdefault(user.pk, user)
    notices += [Notice(user, text, round_url(rnd), key=f"survey-summary:{rnd.pk}:{today.isoformat()}",
                       kind="survey.summary", email=email) for user in recipients.values()]


def send_survey_reminders(today: dt.date | None = None, *, days_before: int = 3, email: bool = True) -> Outcome:
    today = today or timezone.localdate()
    out, notices = Outcome(), []
    for rnd in Round.objects.filter(status=RoundStatus.OPEN).select_related("root_unit").order_by("deadline", "pk"):
        out.rounds += 1
        _remind_units(rnd, today, days_before, email, notices)
        _summarise(rnd, today, email, out, notices)
    out.write(notices)
    return out
