"""The official yearly schedule of days off and make-up working days, as editable data.

The rules of Bộ luật Lao động 2019 Điều 112 (holidays, including Tết and Giỗ Tổ Hùng Vương
from the lunar calendar) and the weekly rest of state agencies (Saturday, Sunday) are computed
by :mod:`cds.workdays.calendar`; each year the Government (Thủ tướng / Bộ Nội vụ, formerly Bộ
LĐ-TB&XH) announces which days are actually off and which Saturdays are worked in exchange. Those
announcements are the rows of this table, each with its citation; a row overrides the computed
rule for its date. Whether a row was checked against its notice is the administrator's
:class:`cds.core.models.Confirmation`."""
from django.db import models
from simple_history.models import HistoricalRecords

from cds.core.models import Confirmation


class CalendarException(Confirmation):
    date = models.DateField("ngày", unique=True)
    is_working = models.BooleanField("là ngày làm việc",
                                     help_text="Đánh dấu: ngày thứ Bảy/Chủ nhật đi làm bù. Bỏ đánh dấu: ngày nghỉ.")
    name = models.CharField("nội dung", max_length=200)
    citation = models.CharField("căn cứ", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = "ngày nghỉ, ngày làm bù theo thông báo"
        verbose_name_plural = "ngày nghỉ, ngày làm bù theo thông báo"

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.name}"
