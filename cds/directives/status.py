"""What a task's status is today, and what a task lacks under "5 rõ".

Status depends on the date, so it is computed, not stored (see :mod:`cds.directives.models`).
Lateness is counted in working days (weekends, public holidays and the yearly make-up days of
:mod:`cds.workdays`): a deadline on a day off moves to the next working day (BLDS 2015 Điều 148),
and "quá hạn 3 ngày" means three working days have passed since it.
"""
from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass

from django.db import models

from cds.workdays.calendar import WorkCalendar

from .models import DeadlineKind, Progress

DUE_SOON_WORKING_DAYS = 5   # a working week: the lists' "đến hạn trong 7 ngày"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE_ON_TIME = "done_on_time", "Hoàn thành đúng hạn"
    DONE_LATE = "done_late", "Hoàn thành quá hạn"
    OVERDUE = "overdue", "Quá hạn"
    EXTENSION = "extension", "Đề nghị gia hạn"


STATUS_COLORS = {
    TaskStatus.NOT_STARTED: "secondary", TaskStatus.IN_PROGRESS: "primary",
    TaskStatus.DONE_ON_TIME: "success", TaskStatus.DONE_LATE: "warning",
    TaskStatus.OVERDUE: "danger", TaskStatus.EXTENSION: "info",
}


@dataclass(frozen=True)
class StatusInfo:
    code: str
    label: str
    color: str
    overdue_days: int = 0      # working days past the deadline (open or completed late); 0 over a weekend
    due_soon: bool = False     # open, deadline within DUE_SOON_WORKING_DAYS working days

    @property
    def is_overdue(self) -> bool:
        return self.code == TaskStatus.OVERDUE or (self.code == TaskStatus.EXTENSION and self.overdue_days > 0)


def effective_due(deadline: dt.date | None, cal: WorkCalendar | None = None) -> dt.date | None:
    """The deadline as the law counts it: a day off moves it to the next working day."""
    if deadline is None:
        return None
    cal = cal or WorkCalendar.load(deadline, deadline + dt.timedelta(days=20))
    return cal.next_working_day(deadline)


def task_status(task, today: dt.date, cal: WorkCalendar) -> StatusInfo:
    def info(code, days=0, soon=False):
        return StatusInfo(code, TaskStatus(code).label, STATUS_COLORS[code], days, soon)

    due = task.due_on
    if task.progress == Progress.DONE:
        done = task.completed_on or today
        if due and done > due:
            return info(TaskStatus.DONE_LATE, cal.working_days_between(due, done))
        return info(TaskStatus.DONE_ON_TIME)
    overdue = bool(due) and today > due   # the deadline has passed, even if only a weekend followed it
    late = cal.working_days_between(due, today) if overdue else 0
    if task.extension_pending:
        return info(TaskStatus.EXTENSION, late)
    if overdue:
        return info(TaskStatus.OVERDUE, late)
    soon = bool(due) and cal.working_days_between(today, due) <= DUE_SOON_WORKING_DAYS
    if task.progress == Progress.IN_PROGRESS:
        return info(TaskStatus.IN_PROGRESS, soon=soon)
    return info(TaskStatus.NOT_STARTED, soon=soon)


# ------------------------------------------------------------------ 5 rõ ----

FIVE_R = {
    "nguoi": "Rõ người (đơn vị chủ trì)",
    "viec": "Rõ việc (nội dung cụ thể)",
    "thoi_gian": "Rõ thời gian (thời hạn)",
    "trach_nhiem": "Rõ trách nhiệm (người chịu trách nhiệm)",
    "ket_qua": "Rõ kết quả, sản phẩm",
}
MIN_CONTENT = 15


def missing_five_r(task) -> list[str]:
    """Codes of the "5 rõ" a task does not meet (rõ người, rõ việc, rõ thời gian, rõ trách
    nhiệm, rõ kết quả/sản phẩm — the Đề án 06 working group's wording; no official text of it was
    found, so the labels are data in :data:`FIVE_R`)."""
    missing = []
    if not task.lead_unit_id:
        missing.append("nguoi")
    if len((task.content or "").strip()) < MIN_CONTENT:
        missing.append("viec")
    if task.deadline is None or task.deadline_kind == DeadlineKind.NONE:
        missing.append("thoi_gian")
    if not (task.responsible or "").strip():
        missing.append("trach_nhiem")
    if not (task.expected_product or "").strip():
        missing.append("ket_qua")
    return missing


def five_r_labels(codes: str | list[str]) -> list[str]:
    if isinstance(codes, str):
        codes = [c for c in codes.split(",") if c]
    return [FIVE_R[c] for c in codes if c in FIVE_R]


# ---------------------------------------------------------- periods ----

def last_day_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def add_months(day: dt.date, months: int, anchor_day: int | None = None) -> dt.date:
    """``day`` moved by ``months`` months, on ``anchor_day`` (default: day's own), clamped."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(anchor_day or day.day, _cal.monthrange(year, month)[1]))


PERIOD_MONTHS = {DeadlineKind.MONTHLY: 1, DeadlineKind.QUARTERLY: 3, DeadlineKind.YEARLY: 12}


def next_period(deadline: dt.date, kind: str) -> dt.date:
    """The next period's deadline of a recurring task."""
    return add_months(deadline, PERIOD_MONTHS[kind])
