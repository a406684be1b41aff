"""Working days of Vietnamese state agencies, and legal periods (BLDS 2015 Điều 147–148).

A day is a working day unless it is (in this order of precedence):
1. listed in :class:`~cds.workdays.models.CalendarException` — the Government's yearly schedule
   (a worked Saturday, a swapped day off) — which decides;
2. a Saturday or Sunday (weekly rest of state agencies: the 40-hour week of QĐ 188/1999/QĐ-TTg);
3. a public holiday of Bộ luật Lao động 2019 Điều 112 — 1/1, Tết Nguyên đán (5 days: the last
   day of the lunar year and mùng 1–4 by default, the yearly schedule decides), Giỗ Tổ Hùng Vương
   (10/3 âm lịch), 30/4, 1/5, 2/9 and one adjacent day (3/9 when 2/9 is a Thursday, else 1/9, by
   default) — or the compensatory day for a holiday falling on a weekend (Điều 112.3: the next
   working day).

Periods: the day of the event is not counted; a period of N days ends at the end of its last
day; if that day is a day off the period ends at the end of the next working day (Điều 147,
148). In working days, the N-th working day after the event.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from cds.core.errors import ServiceError

from . import lunar
from .models import CalendarException

DAY = dt.timedelta(days=1)
STATUTE = "Bộ luật Lao động 2019, Điều 112"
MAX_DAYS = 3650


@lru_cache(maxsize=64)
def statutory_days_off(year: int) -> dict[dt.date, str]:
    """Holidays of the year by the statute alone, with the compensatory days for those that
    fall on a weekend (before any yearly schedule is applied)."""
    holidays: dict[dt.date, str] = {dt.date(year, 1, 1): "Tết Dương lịch"}
    tet = lunar.tet(year)
    for offset in range(-1, 4):
        holidays[tet + offset * DAY] = "Tết Nguyên đán"
    holidays[lunar.gio_to(year)] = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    holidays[dt.date(year, 4, 30)] = "Ngày Chiến thắng (30/4)"
    holidays[dt.date(year, 5, 1)] = "Ngày Quốc tế Lao động (1/5)"
    national = dt.date(year, 9, 2)
    holidays[national] = "Quốc khánh (2/9)"
    holidays[national + DAY if national.weekday() == 3 else national - DAY] = "Quốc khánh (ngày liền kề)"
    off = dict(holidays)
    for day in sorted(holidays):
        if day.weekday() >= 5:
            comp = day + DAY
            while comp.weekday() >= 5 or comp in off:
                comp += DAY
            off[comp] = f"Nghỉ bù {holidays[day]}"
    return off


class WorkCalendar:
    """Working-day arithmetic over a span of years, with the schedule rows read once."""

    def __init__(self, exceptions: dict[dt.date, bool] | None = None):
        self.exceptions = exceptions or {}

    @classmethod
    def load(cls, start: dt.date, end: dt.date) -> "WorkCalendar":
        rows = CalendarException.objects.filter(date__range=(start, end)).values_list("date", "is_working")
        return cls(dict(rows))

    @classmethod
    def covering(cls, *dates: dt.date | None) -> "WorkCalendar":
        """One calendar (one query) spanning every date given — a page's deadlines and today."""
        days = [d for d in dates if d]
        return cls.load(min(days), max(days)) if days else cls()

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        if day.weekday() >= 5:
            return False
        return day not in statutory_days_off(day.year)

    def next_working_day(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += DAY
        return day

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        day, left = start, days
        while left > 0:
            day += DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def due_date(self, start: dt.date, days: int, unit: str = "working") -> dt.date:
        if unit == "working":
            return self.add_working_days(start, days)
        return self.next_working_day(start + days * DAY)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end ≤ start)."""
        n, day = 0, start
        while day < end:
            day += DAY
            n += self.is_working_day(day)
        return n


def due_date(start: dt.date, days: int, unit: str = "working") -> dt.date:
    """The last day of a period of ``days`` (working or calendar) days counted from ``start``."""
    if unit not in ("working", "calendar"):
        raise ServiceError("Đơn vị thời hạn phải là “working” (ngày làm việc) hoặc “calendar” (ngày).")
    if not isinstance(days, int) or days < 1 or days > MAX_DAYS:
        raise ServiceError(f"Số ngày phải là số nguyên từ 1 đến {MAX_DAYS}.")
    if not dt.date(1990, 1, 1) <= start <= dt.date(2099, 12, 31):
        raise ServiceError("Ngày bắt đầu phải trong khoảng 1990–2099.")
    span = days * 2 + 60  # working days never need more than twice the calendar span, plus Tết
    return WorkCalendar.load(start, start + span * DAY).due_date(start, days, unit)


def days_off(year: int) -> list[tuple[dt.date, str, str, str]]:
    """Every weekday off and every worked weekend day of a year: (date, name, source, citation) —
    source "schedule" for a row of the yearly schedule (cited to its notice), "statute" for the
    computed rule (cited to the Labour Code)."""
    rows = {e.date: e for e in CalendarException.objects.filter(date__year=year)}
    out = []
    for day, name in sorted(statutory_days_off(year).items()):
        if day.year == year and day.weekday() < 5 and day not in rows:
            out.append((day, name, "statute", STATUTE))
    for day, e in rows.items():
        prefix = ("Làm bù: " if day.weekday() >= 5 else "Làm việc: ") if e.is_working else ""
        out.append((day, prefix + e.name, "schedule", e.citation or "Lịch nghỉ hằng năm của Chính phủ"))
    return sorted(out)
