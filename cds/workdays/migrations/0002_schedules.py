"""The yearly schedules as first entered: only the days where a schedule departs from the
statutory rule computed by cds.workdays.calendar. Rewritten, with each row's citation and
confirmation, by 0004."""
import datetime as dt

from django.db import migrations

D = dt.date
ROWS = [
    # (date, is_working, name, citation)
    (D(2023, 1, 20), False, "Nghỉ Tết Nguyên đán Quý Mão (28 tháng Chạp)", "Thông báo 4881/TB-LĐTBXH (2022)"),
    (D(2023, 1, 27), True, "Đi làm sau Tết Quý Mão (nghỉ bù đã dồn vào 20/01)", "Thông báo 4881/TB-LĐTBXH (2022)"),
    (D(2024, 2, 8), False, "Nghỉ Tết Nguyên đán Giáp Thìn (28 tháng Chạp)", "Thông báo 6150/TB-LĐTBXH (2023)"),
    (D(2024, 2, 15), True, "Đi làm sau Tết Giáp Thìn (nghỉ bù đã dồn vào 08/02)", "Thông báo 6150/TB-LĐTBXH (2023)"),
    (D(2024, 4, 29), False, "Nghỉ hoán đổi dịp 30/4–1/5", "Thông báo 6150/TB-LĐTBXH (2023)"),
    (D(2024, 5, 4), True, "Làm bù ngày 29/04 (thứ Bảy)", "Thông báo 6150/TB-LĐTBXH (2023)"),
    (D(2025, 1, 27), False, "Nghỉ hoán đổi dịp Tết Ất Tỵ (28 tháng Chạp)", "Thông báo 6150/TB-LĐTBXH (2024)"),
    (D(2025, 2, 3), True, "Đi làm sau Tết Ất Tỵ", "Thông báo 6150/TB-LĐTBXH (2024)"),
    (D(2025, 2, 8), True, "Làm bù ngày 27/01 (thứ Bảy)", "Thông báo 6150/TB-LĐTBXH (2024)"),
    (D(2025, 5, 2), False, "Nghỉ hoán đổi dịp 30/4–1/5", "Công văn của Bộ Nội vụ (2025)"),
    (D(2025, 4, 26), True, "Làm bù ngày 02/05 (thứ Bảy)", "Công văn của Bộ Nội vụ (2025)"),
]


def load(apps, schema_editor):
    CalendarException = apps.get_model("workdays", "CalendarException")
    for day, working, name, citation in ROWS:
        CalendarException.objects.get_or_create(date=day, defaults={
            "is_working": working, "name": name, "citation": citation, "needs_confirmation": True})


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
