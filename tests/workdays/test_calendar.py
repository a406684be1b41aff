"""The Vietnamese working-day calendar: lunar dates, holidays and compensatory days, the yearly
schedule overriding the statute, legal periods across Tết and make-up Saturdays (BLDS 2015 Điều
147–148), the API and the page."""
import datetime as dt

import pytest
from django.urls import reverse

from cds.workdays import lunar
from cds.workdays.calendar import WorkCalendar, due_date, statutory_days_off
from cds.workdays.models import CalendarException
from tests.api.conftest import ApiClient
from tests.conftest import login

D = dt.date


@pytest.mark.parametrize("year, tet, gio_to", [
    (2020, D(2020, 1, 25), D(2020, 4, 2)), (2021, D(2021, 2, 12), D(2021, 4, 21)),
    (2022, D(2022, 2, 1), D(2022, 4, 10)), (2023, D(2023, 1, 22), D(2023, 4, 29)),
    (2024, D(2024, 2, 10), D(2024, 4, 18)), (2025, D(2025, 1, 29), D(2025, 4, 7)),
    (2026, D(2026, 2, 17), D(2026, 4, 26)), (2027, D(2027, 2, 6), D(2027, 4, 16)),
])
def test_lunar_dates(year, tet, gio_to):
    assert lunar.tet(year) == tet and lunar.gio_to(year) == gio_to


def test_vietnamese_not_chinese_calendar():
    # UTC+7: Tết 1985 fell on 21/01 in Viet Nam (20/02 in China); Tết 2007 on 17/02 (18/02 in China)
    assert lunar.tet(1985) == D(1985, 1, 21) and lunar.tet(2007) == D(2007, 2, 17)


def test_statute_with_compensatory_days():
    off = statutory_days_off(2026)
    assert {D(2026, 2, d) for d in range(16, 21)} <= set(off)  # 30 Tết + mùng 1–4 (Mon–Fri)
    assert D(2026, 4, 27) in off and "Nghỉ bù" in off[D(2026, 4, 27)]  # Giỗ Tổ on a Sunday
    assert D(2024, 9, 3) in statutory_days_off(2024)  # 1/9/2024 was a Sunday → Tuesday 3/9


@pytest.mark.django_db
def test_schedule_overrides_the_statute():
    cal = WorkCalendar.load(D(2025, 1, 1), D(2025, 12, 31))
    assert not cal.is_working_day(D(2025, 1, 27))  # swapped day off before Tết Ất Tỵ
    assert not cal.is_working_day(D(2025, 2, 8))  # … and no make-up Saturday after it
    assert cal.is_working_day(D(2025, 4, 26)) and not cal.is_working_day(D(2025, 5, 2))  # the 30/4 swap
    assert cal.is_working_day(D(2025, 2, 3))  # the statute's compensatory Monday is not taken
    assert not cal.is_working_day(D(2025, 2, 9)) and cal.is_working_day(D(2025, 2, 10))


@pytest.mark.django_db
@pytest.mark.parametrize("start, days, unit, due", [
    (D(2025, 1, 24), 5, "working", D(2025, 2, 7)),     # across Tết Ất Tỵ (9 days off)
    (D(2025, 2, 6), 1, "working", D(2025, 2, 7)),
    (D(2025, 2, 7), 1, "working", D(2025, 2, 10)),     # no make-up Saturday after Tết Ất Tỵ
    (D(2026, 8, 21), 1, "working", D(2026, 8, 22)),    # make-up Saturday for Monday 31/8/2026
    (D(2026, 8, 28), 1, "working", D(2026, 9, 3)),     # 31/8 swapped, 1–2/9 Quốc khánh
    (D(2025, 4, 25), 1, "working", D(2025, 4, 26)),    # make-up Saturday before 30/4
    (D(2025, 4, 29), 2, "working", D(2025, 5, 6)),     # 30/4, 1/5, 2/5 and the weekend off
    (D(2024, 2, 7), 1, "working", D(2024, 2, 15)),
    (D(2026, 2, 12), 3, "calendar", D(2026, 2, 23)),   # ends on a Sunday inside Tết → next working day
    (D(2026, 3, 2), 10, "calendar", D(2026, 3, 12)),   # ends on a working day: exactly N days
    (D(2023, 3, 7), 15, "working", D(2023, 3, 28)),    # "trong 15 ngày làm việc": first day not counted
])
def test_due_dates(start, days, unit, due):
    assert due_date(start, days, unit) == due


@pytest.mark.django_db
def test_an_edited_schedule_row_changes_the_answer():
    assert due_date(D(2026, 9, 1), 1) == D(2026, 9, 3)  # 2/9/2026 (Wednesday) off
    CalendarException.objects.create(date=D(2026, 9, 3), is_working=False, name="Nghỉ Quốc khánh (liền kề)")
    CalendarException.objects.create(date=D(2026, 9, 1), is_working=True, name="Ngày liền kề chọn 3/9")
    assert due_date(D(2026, 8, 31), 1) == D(2026, 9, 1) and due_date(D(2026, 9, 1), 1) == D(2026, 9, 4)


def test_api_due_date(cast):
    api = ApiClient.login("staff_a")
    resp = api.get("/calendar/due-date", {"start": "2025-01-24", "days": "5", "unit": "working"})
    assert resp.status_code == 200 and resp.json() == {"due": "2025-02-07"}
    assert api.get("/calendar/due-date", {"start": "2026-02-12", "days": "3", "unit": "calendar"}).json() == \
        {"due": "2026-02-23"}
    assert api.get("/calendar/due-date", {"start": "2025-01-24", "days": "5"}).json() == {"due": "2025-02-07"}
    for bad in ({"start": "24/01/2025", "days": "5"}, {"start": "2025-01-24", "days": "0"},
                {"start": "2025-01-24", "days": "5", "unit": "weeks"}, {"start": "2025-02-30", "days": "1"}):
        resp = api.get("/calendar/due-date", bad)
        assert resp.status_code == 422 and resp.json()["detail"]
    assert ApiClient().get("/calendar/due-date", {"start": "2025-01-24", "days": "5"}).status_code == 401


def test_calendar_page(cast):
    client = login(cast.staff_a)
    page = client.get(reverse("workdays:year"), {"year": "2025"}).content.decode()
    assert "27/01/2025" in page and "Làm bù" in page and "26/04/2025" in page
    # each day of the yearly schedule cites its notice; nothing says whether it was checked
    assert "Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024" in page and "Bộ luật Lao động 2019, Điều 112" in page
    assert "cần xác nhận" not in page and "đối chiếu" not in page
    result = client.get(reverse("workdays:year"), {"start": "24/01/2025", "days": "5", "unit": "working"})
    assert "07/02/2025" in result.content.decode()
    bad = client.get(reverse("workdays:year"), {"start": "2025-01-24", "days": "5"}).content.decode()
    assert "dd/mm/yyyy" in bad
    assert "Số ngày phải" in client.get(reverse("workdays:year"), {"start": "24/01/2025", "days": "0"}).content.decode()


@pytest.mark.django_db
def test_yearly_schedules_cite_their_notices_and_carry_their_check():
    rows = {e.date: e for e in CalendarException.objects.all()}
    tet = rows[D(2024, 2, 8)]
    assert not tet.is_working and tet.citation == "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023" and tet.is_confirmed
    assert rows[D(2024, 5, 4)].is_working and rows[D(2024, 5, 4)].citation == "Công văn 2450/VPCP-KGVX ngày 12/4/2024"
    assert rows[D(2025, 4, 26)].is_working and rows[D(2025, 4, 26)].citation.startswith("Thông báo 6150/TB-BLĐTBXH")
    swapped, worked = rows[D(2026, 8, 31)], rows[D(2026, 8, 22)]
    assert not swapped.is_working and worked.is_working and swapped.citation == "Thông báo 9441/TB-BNV"
    assert swapped.confirmed_by and "9441/TB-BNV" in swapped.confirmed_against
    assert D(2025, 2, 8) not in rows  # Tết Ất Tỵ had no make-up Saturday
    # 2023: the days are known, the notice's number was not checked — open, with the note, still cited
    assert not rows[D(2023, 1, 20)].is_confirmed and "chưa đối chiếu" in rows[D(2023, 1, 20)].confirmation_note
    assert rows[D(2023, 1, 20)].citation.startswith("Thông báo 5034/TB-LĐTBXH")
