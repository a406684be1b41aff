"""The legal clock of an appraisal: days counted from the complete dossier, paused while the
unit supplements.

Counting follows Bộ luật Dân sự 2015 Điều 147–148, as :mod:`cds.workdays.calendar` does: the
day the complete dossier arrives is not counted; a period in calendar days that ends on a day
off ends on the next working day. A supplement request made on day *p* and answered on day *r*
stops the clock for the days after *p* up to and including *r* ("không tính thời gian bổ sung");
counting resumes the day after the supplement arrives. The request day itself was a day the
appraiser had, so it counts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cds.workdays.calendar import DAY, WorkCalendar

HORIZON_DAYS = 3 * 366  # no appraisal clock runs longer than this


@dataclass(frozen=True)
class Pause:
    start: dt.date
    end: dt.date | None  # None: still waiting for the supplement

    def covers(self, day: dt.date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ClockState:
    start: dt.date
    limit: int
    unit: str
    used: int              # days counted up to today
    due: dt.date | None    # None while paused
    paused: bool

    @property
    def left(self) -> int:
        return self.limit - self.used

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and today > self.due


def _counts(day: dt.date, unit: str, cal: WorkCalendar, pauses) -> bool:
    if any(p.covers(day) for p in pauses):
        return False
    return unit == "calendar" or cal.is_working_day(day)


def counted_days(start: dt.date, until: dt.date, unit: str, pauses, cal: WorkCalendar) -> int:
    """Days counted after ``start`` up to and including ``until``."""
    n, day = 0, start
    while day < until:
        day += DAY
        n += _counts(day, unit, cal, pauses)
    return n


def due_date(start: dt.date, limit: int, unit: str, pauses, cal: WorkCalendar) -> dt.date | None:
    """The last day of the period, or None while a pause is open (the end is not known)."""
    if any(p.end is None for p in pauses):
        return None
    day, left = start, limit
    while left > 0:
        day += DAY
        if (day - start).days > HORIZON_DAYS:
            return None
        left -= _counts(day, unit, cal, pauses)
    return day if unit == "working" else cal.next_working_day(day)


def state(start: dt.date, limit: int, unit: str, pauses, today: dt.date, cal: WorkCalendar | None = None) -> ClockState:
    pauses = list(pauses)
    if cal is None:
        last = max([today, start] + [p.end for p in pauses if p.end])
        cal = WorkCalendar.load(start, last + (limit * 2 + 60) * DAY)
    used = counted_days(start, today, unit, pauses, cal)
    due = due_date(start, limit, unit, pauses, cal)
    return ClockState(start=start, limit=limit, unit=unit, used=used, due=due,
                      paused=any(p.end is None for p in pauses))
