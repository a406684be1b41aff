"""The appraisal clock, computed by hand on real calendars: the first day not counted, Tết Ất Tỵ
and the make-up Saturday of 2025 (schedule rows), calendar-day periods ending on a day off,
pauses for supplements."""
import datetime as dt

import pytest

from cds.appraisal import clock
from cds.workdays.calendar import WorkCalendar

pytestmark = pytest.mark.django_db
D = dt.date


def cal():
    return WorkCalendar.load(D(2024, 12, 1), D(2025, 12, 31))


def test_working_days_across_tet_at_ty_and_the_make_up_saturday():
    # Complete dossier on Friday 24/01/2025. 27/01–31/01 are Tết days off (27/01 by the yearly
    # schedule, Thông báo 6150/TB-BLĐTBXH), 01–02/02 the weekend, Monday 03/02 is worked; Tết Ất Tỵ
    # had no make-up Saturday: Saturday 08/02 is a day off.
    assert clock.due_date(D(2025, 1, 24), 5, "working", [], cal()) == D(2025, 2, 7)
    assert clock.due_date(D(2025, 1, 24), 6, "working", [], cal()) == D(2025, 2, 10)
    assert clock.due_date(D(2025, 1, 24), 15, "working", [], cal()) == D(2025, 2, 21)
    # The make-up Saturday of 2025 is 26/04, for the day off of Friday 02/05.
    assert clock.due_date(D(2025, 4, 25), 1, "working", [], cal()) == D(2025, 4, 26)


def test_calendar_days_ending_on_a_day_off_move_to_the_next_working_day():
    # 10 days from 20/01/2025 end on 30/01 (Tết) → the next working day, Monday 03/02.
    assert clock.due_date(D(2025, 1, 20), 10, "calendar", [], cal()) == D(2025, 2, 3)
    # 20 days from 02/06/2025 end on Sunday 22/06 → Monday 23/06.
    assert clock.due_date(D(2025, 6, 2), 20, "calendar", [], cal()) == D(2025, 6, 23)


def test_a_pause_stops_the_clock_and_resumes_the_next_day():
    start = D(2025, 3, 3)  # Monday
    assert clock.due_date(start, 15, "working", [], cal()) == D(2025, 3, 24)
    # Supplement asked Wednesday 05/03 (counted), handed in Monday 10/03 (not counted):
    # 06, 07, 10/03 are three working days not counted → due moves three working days.
    pause = clock.Pause(D(2025, 3, 5), D(2025, 3, 10))
    assert clock.due_date(start, 15, "working", [pause], cal()) == D(2025, 3, 27)
    assert clock.counted_days(start, D(2025, 3, 11), "working", [pause], cal()) == 3  # 04, 05, 11/03
    open_pause = clock.Pause(D(2025, 3, 5), None)
    state = clock.state(start, 15, "working", [open_pause], D(2025, 3, 20), cal())
    assert state.paused and state.due is None and state.used == 2 and state.left == 13


def test_state_reports_overdue():
    state = clock.state(D(2025, 3, 3), 15, "working", [], D(2025, 3, 25), cal())
    assert state.due == D(2025, 3, 24) and state.overdue(D(2025, 3, 25)) and not state.overdue(D(2025, 3, 24))
