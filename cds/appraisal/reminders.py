"""Who is reminded of which appraisal deadline, and when: :func:`send_appraisal_reminders`, run once a
day by ``manage.py send_appraisal_reminders`` (cron or a systemd timer, like the review reminders;
README, "Daily jobs"). Days "before" and "after" a deadline are working days
(:class:`cds.workdays.calendar.WorkCalendar`); the texts also give calendar days.

a. Appraisal deadline of an open dossier (``due_date``): from ``days_before`` working days
   before it up to the day itself, the people holding the dossier are reminded — the CĐS
   appraisers of the investor unit's tree while it is appraised, the tree's independent
   supervisors once it is concluded and waits for their countersignature; after it they get an
   overdue notice every day, and the tree's leaders one notice per missed deadline (a new
   deadline after a supplement is a new one). A dossier paused for a supplement has no running
   deadline and is left alone.
b. Approval deadline (``approval_due``) of a countersigned dossier passed: the tree's leaders,
   every day until they decide.
c. Opinions asked of other units, unanswered, on dossiers still taking them: from
   ``days_before`` working days before the due date, the asked unit's staff and heads (who
   acts for a unit: :func:`cds.accounts.selectors.responsible_people`); after it, every day.
   Once an opinion is ``settings.APPRAISAL_ESCALATE_AFTER_DAYS`` working days late (default 2)
   it is escalated, once: ``escalated_on`` is set, an ``opinion_escalated`` event is written on
   the dossier's timeline (actor: the appraiser who asked) and the tree's leaders and that
   appraiser are told.

Idempotent: every notification key names the object and the day (``appraisal-due:<dossier>:
<round>:<day>``, ``appraisal-opinion-overdue:<opinion>:<day>`` …; the leaders' notice of a
missed appraisal deadline names the deadline, the escalation only the opinion), so a second run
on the same day sends nothing new. The notices are collected, then written in batches
(:func:`cds.notifications.services.notify_many`), each batch one transaction whose e-mails go out
when it commits; an escalation and its notices are one transaction of their own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cds.accounts.models import Role
from cds.accounts.selectors import responsible_people, tree_people
from cds.notifications.services import Notice, ReminderTally
from cds.text.format import vndate
from cds.workdays.calendar import DAY, WorkCalendar

from . import services
from .models import Dossier, Opinion, Status

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
RUNNING = (Status.IN_APPRAISAL, Status.CONCLUDED)        # the appraisal deadline runs
ANSWERABLE = (Status.IN_APPRAISAL, Status.SUPPLEMENT)     # opinions are still taken
HOLDERS = {Status.IN_APPRAISAL: (Role.CDS_APPRAISER,), Status.CONCLUDED: (Role.SUPERVISOR,)}


@dataclass
class Outcome(ReminderTally):
    dossiers: int = 0           # dossiers looked at (deadline near or passed)
    opinions: int = 0           # unanswered opinions looked at
    due: int = 0                # dossiers whose appraisal deadline is near
    overdue: int = 0            # dossiers past their appraisal deadline
    approval_overdue: int = 0   # countersigned dossiers past their approval deadline
    opinions_due: int = 0
    opinions_overdue: int = 0
    escalated: int = 0          # opinions escalated to the leaders in this run


def _label(unit) -> str:
    return unit.short_name or unit.name


def _what(dossier: Dossier) -> str:
    project = dossier.project
    return f"hồ sơ {dossier.code} — {project.name} ({_label(project.investor_unit)})"


def escalate_after_days() -> int:
    return int(settings.APPRAISAL_ESCALATE_AFTER_DAYS)


class _Run:
    """One run: the working calendar, the people of each tree (read once per tree and role), the
    notices collected (written by :meth:`flush`)."""

    def __init__(self, today: dt.date, days_before: int, email: bool, cal: WorkCalendar):
        self.today, self.days_before, self.email, self.cal = today, days_before, email, cal
        self.out = Outcome()
        self._trees: dict[tuple[str, tuple], list] = {}
        self.notices: list[Notice] = []

    def tree(self, unit, roles) -> list:
        key = (unit.root_pk, tuple(roles))
        if key not in self._trees:
            self._trees[key] = tree_people(unit, roles)
        return self._trees[key]

    def send(self, users, text: str, url: str, key: str, kind: str) -> None:
        seen = set()
        for user in users:
            if user.pk in seen:
                continue
            seen.add(user.pk)
            self.notices.append(Notice(user, text, url, key=key, kind=kind, email=self.email))

    def flush(self) -> None:
        """Write the notices collected so far."""
        notices, self.notices = self.notices, []
        self.out.write(notices)

    def window(self, due: dt.date) -> tuple[str | None, str]:
        """("due", "còn …") within the reminder window, ("overdue", "quá hạn …") past it."""
        today = self.today
        if due < today:
            late, late_work = (today - due).days, self.cal.working_days_between(due, today)
            return "overdue", f"đã quá hạn {late} ngày ({late_work} ngày làm việc)"
        left = self.cal.working_days_between(today, due)
        if left > self.days_before:
            return None, ""
        return "due", ("hạn là hôm nay" if due == today else
                       f"còn {left} ngày làm việc" + (f", {(due - today).days} ngày" if (due - today).days != left else ""))

    # ------------------------------------------------------------- dossiers ----

    def dossier(self, dossier: Dossier) -> None:
        today, out = self.today, self.out
        unit, url, day = dossier.project.investor_unit, services.dossier_url(dossier), today.isoformat()
        tag = f"{dossier.pk}:{dossier.round}"
        if dossier.status == Status.COUNTERSIGNED:
            late = (today - dossier.approval_due).days
            out.approval_overdue += 1
            text = (f"Quá hạn phê duyệt: {_what(dossier)} đã được giám sát xác nhận kết luận thẩm định "
                    f"({dossier.get_conclusion_display().lower()}); hạn phê duyệt {vndate(dossier.approval_due)} "
                    f"đã quá {late} ngày. Đề nghị lãnh đạo xem xét, quyết định.")
            self.send(self.tree(unit, (Role.LEADER,)), text, url, f"appraisal-approval-overdue:{tag}:{day}",
                      "appraisal.approval_overdue")
            return
        kind, when = self.window(dossier.due_date)
        if kind is None:
            return
        holders = self.tree(unit, HOLDERS[dossier.status])
        step = ("chờ giám sát độc lập xác nhận kết luận" if dossier.status == Status.CONCLUDED
                else "đang thẩm định")
        if kind == "due":
            out.due += 1
            text = (f"Nhắc hạn thẩm định: {_what(dossier)} {step}, hạn thẩm định {vndate(dossier.due_date)} ({when}).")
            self.send(holders, text, url, f"appraisal-due:{tag}:{day}", "appraisal.due")
            return
        out.overdue += 1
        text = (f"Quá hạn thẩm định: {_what(dossier)} {step}, {when} (hạn {vndate(dossier.due_date)}). "
                "Đề nghị hoàn thành ngay.")
        self.send(holders, text, url, f"appraisal-overdue:{tag}:{day}", "appraisal.overdue")
        text = (f"Báo cáo lãnh đạo: {_what(dossier)} quá hạn thẩm định (hạn {vndate(dossier.due_date)}), "
                f"hiện {step}.")
        self.send(self.tree(unit, (Role.LEADER,)), text, url,
                  f"appraisal-overdue-leader:{tag}:{dossier.due_date.isoformat()}", "appraisal.overdue_leader")

    # ------------------------------------------------------------- opinions ----

    def opinion(self, opinion: Opinion, people: list) -> None:
        today, out = self.today, self.out
        dossier = opinion.dossier
        url, day = services.dossier_url(dossier) + "#opinions", today.isoformat()
        kind, when = self.window(opinion.due_date)
        if kind is None:
            return
        asked = _label(opinion.unit)
        if kind == "due":
            out.opinions_due += 1
            text = (f"Nhắc hạn trả lời ý kiến: {asked} được đề nghị cho ý kiến về {_what(dossier)}; "
                    f"hạn trả lời {vndate(opinion.due_date)} ({when}).")
            self.send(people, text, url, f"appraisal-opinion-due:{opinion.pk}:{day}", "appraisal.opinion_due")
            return
        out.opinions_overdue += 1
        text = (f"Quá hạn trả lời ý kiến: {asked} chưa trả lời ý kiến về {_what(dossier)}, {when} "
                f"(hạn {vndate(opinion.due_date)}). Đề nghị trả lời ngay.")
        self.send(people, text, url, f"appraisal-opinion-overdue:{opinion.pk}:{day}", "appraisal.opinion_overdue")
        late_work = self.cal.working_days_between(opinion.due_date, today)
        if late_work < escalate_after_days() or opinion.escalated_on:
            return
        text = (f"Ý kiến quá hạn: {asked} chưa trả lời ý kiến về {_what(dossier)} — hạn {vndate(opinion.due_date)}, "
                f"đã quá {late_work} ngày làm việc. Đề nghị lãnh đạo chỉ đạo đơn vị trả lời.")
        leaders = self.tree(dossier.project.investor_unit, (Role.LEADER,))
        pending, self.notices = self.notices, []
        try:
            with transaction.atomic():   # the escalation and its notices, together
                if not services.escalate_opinion(opinion, today, late_work):
                    return   # escalated meanwhile by another run
                out.escalated += 1
                self.send(leaders + [opinion.requested_by], text, url, f"appraisal-opinion-escalated:{opinion.pk}",
                          "appraisal.opinion_escalated")
                self.flush()
        finally:
            self.notices = pending


def send_appraisal_reminders(today: dt.date | None = None, *, days_before: int = 2, email: bool = True) -> Outcome:
    today = today or timezone.localdate()
    horizon = today + (2 * days_before + 15) * DAY   # beyond any window of ``days_before`` working days
    dossiers = list(
        Dossier.objects.filter(Q(status__in=RUNNING, due_date__lte=horizon)
                               | Q(status=Status.COUNTERSIGNED, approval_due__lt=today))
        .select_related("project__investor_unit").order_by("due_date", "pk"))
    opinions = list(
        Opinion.objects.filter(answered_on__isnull=True, dossier__status__in=ANSWERABLE, due_date__lte=horizon)
        .select_related("unit", "requested_by", "dossier__project__investor_unit").order_by("due_date", "pk"))
    dates = [d.due_date for d in dossiers if d.due_date] + [o.due_date for o in opinions] + [today]
    run = _Run(today, days_before, email, WorkCalendar.load(min(dates), horizon))
    run.out.dossiers, run.out.opinions = len(dossiers), len(opinions)
    for dossier in dossiers:
        run.dossier(dossier)
    people = responsible_people({o.unit_id for o in opinions}, UNIT_ROLES) if opinions else {}
    for opinion in opinions:
        run.opinion(opinion, people.get(opinion.unit_id, []))
    run.flush()
    return run.out
