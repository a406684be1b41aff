"""Who is reminded of which directive task, and when: :func:`send_directive_reminders`, run once
a day by ``manage.py send_directive_reminders`` (cron or a systemd timer, like the other
reminder jobs; README, "Daily jobs"). Days are working days
(:class:`cds.workdays.calendar.WorkCalendar`).

* **Before the deadline**: an open task whose deadline (``due_on``, moved off days off) is within
  ``days_before`` working days, or today: the lead unit's staff and heads are reminded once
  for that deadline (a new deadline after an extension, or the next period of a recurring
  task, is a new one).
* **Overdue**: the lead unit's staff and heads on the first overdue day and again every
  ``OVERDUE_EVERY`` working days while it stays open; the issuer's deciders (the province's
  leaders for UBND tỉnh, the issuing unit's head otherwise) and the person who registered the
  directive once per missed deadline. A task with an extension request pending still counts as
  overdue for the leaders — the request does not stop the clock until it is granted.

Idempotent: every key names the task and the deadline (``directive-due:<task>:<due_on>``,
``directive-overdue:<task>:<due_on>:<n>`` …), so a second run on the same day sends nothing new.
The notices of every task are collected, then written in batches
(:func:`cds.notifications.services.notify_many`), each batch one transaction; its e-mails go
out when it commits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from cds.accounts.models import Role
from cds.accounts.selectors import responsible_people
from cds.notifications.services import Notice, notify_many
from cds.text.format import vndate
from cds.workdays.calendar import DAY, WorkCalendar

from . import services
from .models import Progress, Task

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
OVERDUE_EVERY = 5   # working days between two overdue notices to the lead unit (one a week)


@dataclass
class Outcome:
    tasks: int = 0
    due: int = 0
    overdue: int = 0
    sent: int = 0
    skipped: int = 0


def send_directive_reminders(today: dt.date | None = None, *, days_before: int = 3, email: bool = True) -> Outcome:
    today = today or timezone.localdate()
    horizon = today + (2 * days_before + 15) * DAY
    tasks = list(Task.objects.exclude(progress=Progress.DONE).filter(due_on__lte=horizon, lead_unit__isnull=False)
                 .select_related("directive__issuer", "directive__created_by", "lead_unit").order_by("due_on", "pk"))
    out = Outcome(tasks=len(tasks))
    if not tasks:
        return out
    cal = WorkCalendar.load(min(t.due_on for t in tasks) - DAY, horizon)
    people = responsible_people({t.lead_unit_id for t in tasks}, UNIT_ROLES)
    deciders: dict[int, list] = {}
    notices: list[Notice] = []

    def send(users, text, url, key):
        seen = set()
        for user in users:
            if user.pk in seen:
                continue
            seen.add(user.pk)
            notices.append(Notice(user, text, url, key=key, kind="directive", email=email))

    for task in tasks:
        due, url = task.due_on, services.task_url(task)
        what = f"“{task.content[:160]}” ({task.directive.number}, {task.lead_unit.short_name or task.lead_unit.name} chủ trì)"
        if due >= today:
            left = cal.working_days_between(today, due)
            if left > days_before:
                continue
            out.due += 1
            when = "hạn là hôm nay" if due == today else f"còn {left} ngày làm việc"
            send(people.get(task.lead_unit_id, []), f"Nhắc hạn nhiệm vụ {what}: hạn {vndate(due)} ({when}).",
                 url, f"directive-due:{task.pk}:{due.isoformat()}")
            continue
        late = cal.working_days_between(due, today)
        out.overdue += 1
        past = f"đã quá {late} ngày làm việc" if late else "đã quá hạn"
        text = f"Quá hạn nhiệm vụ {what}: hạn {vndate(due)}, {past}. Đề nghị báo cáo kết quả ngay."
        send(people.get(task.lead_unit_id, []), text, url,
             f"directive-overdue:{task.pk}:{due.isoformat()}:{max(late - 1, 0) // OVERDUE_EVERY}")
        issuer = task.directive.issuer_id
        if issuer not in deciders:
            deciders[issuer] = services.deciders(task)
        watchers = list(deciders[issuer]) + ([task.directive.created_by] if task.directive.created_by else [])
        send(watchers, f"Báo cáo: nhiệm vụ {what} quá hạn (hạn {vndate(due)})"
                       + (", đơn vị đang đề nghị gia hạn." if task.extension_pending else "."),
             url, f"directive-overdue-issuer:{task.pk}:{due.isoformat()}")
    created = notify_many(notices)
    out.sent = sum(created)
    out.skipped = len(created) - out.sent
    return out
