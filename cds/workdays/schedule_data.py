"""The Government's yearly schedules of days off for civil servants, 2023–2026, as loaded by
migration 0004: only the days where a schedule departs from the statutory rule computed by
:mod:`cds.workdays.calendar` (the other days agree with it — Giỗ Tổ, 30/4–1/5 and 2/9 with their
compensatory days are computed). Each row cites its notice; whether it was checked against the
notice is the administrator's confirmation."""
from __future__ import annotations

import datetime as dt

D = dt.date
CHECKED_ON = D(2026, 12, 1)
CHECKED_BY = "Đợt đối chiếu văn bản tháng 12/2026"

TB_2023 = "Thông báo 5034/TB-LĐTBXH; Công văn 8056/VPCP-KGVX ngày 01/12/2022"
TB_2024 = "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023"
VPCP_2024 = "Công văn 2450/VPCP-KGVX ngày 12/4/2024"
TB_2025 = "Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024"
TB_2026 = "Thông báo 9441/TB-BNV"

OPEN_2023 = ("Ngày nghỉ theo lịch nghỉ Tết Quý Mão đã được báo chí đăng; số, ngày của thông báo và công văn "
             "chưa đối chiếu được với văn bản.")

# date, is working, name, citation, text checked (empty: not checked — see the note)
ROWS = [
    (D(2023, 1, 20), False, "Nghỉ Tết Nguyên đán Quý Mão (nghỉ bù ngày Tết trùng thứ Bảy, Chủ nhật)", TB_2023, ""),
    (D(2023, 1, 27), True, "ngày nghỉ bù Tết Quý Mão đã chuyển lên 20/01", TB_2023, ""),
    (D(2024, 2, 8), False, "Nghỉ Tết Nguyên đán Giáp Thìn (nghỉ bù ngày Tết trùng thứ Bảy, Chủ nhật)", TB_2024,
     f"{TB_2024} (văn bản)"),
    (D(2024, 2, 15), True, "ngày nghỉ bù Tết Giáp Thìn đã chuyển lên 08/02", TB_2024, f"{TB_2024} (văn bản)"),
    (D(2024, 4, 29), False, "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 04/5)", VPCP_2024,
     f"{VPCP_2024}, theo cổng thông tin, báo chí đăng lại"),
    (D(2024, 5, 4), True, "ngày 29/4 (nghỉ hoán đổi dịp 30/4–1/5)", VPCP_2024,
     f"{VPCP_2024}, theo cổng thông tin, báo chí đăng lại"),
    (D(2025, 1, 27), False, "Nghỉ Tết Nguyên đán Ất Tỵ", TB_2025, f"{TB_2025}, theo cổng thông tin, báo chí đăng lại"),
    (D(2025, 2, 3), True, "Tết Ất Tỵ nghỉ từ 27/01 đến 31/01, không nghỉ bù", TB_2025,
     f"{TB_2025}, theo cổng thông tin, báo chí đăng lại"),
    (D(2025, 5, 2), False, "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4)", TB_2025,
     f"{TB_2025}, theo cổng thông tin, báo chí đăng lại"),
    (D(2025, 4, 26), True, "ngày 02/5 (nghỉ hoán đổi dịp 30/4–1/5)", TB_2025,
     f"{TB_2025}, theo cổng thông tin, báo chí đăng lại"),
    (D(2026, 8, 31), False, "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8)", TB_2026,
     f"{TB_2026}, theo cổng thông tin, báo chí đăng lại"),
    (D(2026, 8, 22), True, "ngày 31/8 (nghỉ hoán đổi dịp Quốc khánh)", TB_2026,
     f"{TB_2026}, theo cổng thông tin, báo chí đăng lại"),
]

# Rows an earlier version of the data entered and the schedules do not have: (date, its citation then).
# 08/02/2025 is not a make-up day: Tết Ất Tỵ was five weekdays off with no compensation.
WITHDRAWN = [(D(2025, 2, 8), "Thông báo 6150/TB-LĐTBXH (2024)")]


def load(apps, schema_editor=None):
    CalendarException = apps.get_model("workdays", "CalendarException")
    for day, citation in WITHDRAWN:
        CalendarException.objects.filter(date=day, citation=citation).delete()
    for day, working, name, citation, against in ROWS:
        confirmed = dict(confirmed_at=CHECKED_ON, confirmed_by=CHECKED_BY, confirmed_against=against,
                         confirmation_note="") if against else dict(
            confirmed_at=None, confirmed_by="", confirmed_against="", confirmation_note=OPEN_2023)
        CalendarException.objects.update_or_create(date=day, defaults=dict(
            is_working=working, name=name, citation=citation, **confirmed))
