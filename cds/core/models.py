"""Abstract models shared by the reference apps (no tables of their own)."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models


class Confirmation(models.Model):
    """Whether a reference row — a rule, a time limit, a day of the yearly schedule, a catalogue
    entry — has been checked against the text of the document it cites: who checked it, when,
    against which text, and a note on what is still open.

    This is an administrator's data-quality attribute. The administration pages and the rules
    catalogue show it to administrators; every other page, document and export shows the row's
    value and its citation only, whatever the row's confirmation."""

    confirmed_at = models.DateField(
        "ngày đối chiếu", null=True, blank=True,
        help_text="Ngày đối chiếu giá trị với văn bản. Để trống nếu chưa đối chiếu.")
    confirmed_by = models.CharField(
        "người đối chiếu", max_length=150, blank=True,
        help_text="Để trống khi lưu: hệ thống ghi tên người đang đăng nhập.")
    confirmed_against = models.CharField(
        "văn bản đã đối chiếu", max_length=500, blank=True,
        help_text="Số, ký hiệu văn bản và bản đã đọc (bản gốc, Công báo, cơ sở dữ liệu văn bản …). "
                  "Ghi nội dung này là xác nhận dòng đã được đối chiếu.")
    confirmation_note = models.TextField(
        "ghi chú đối chiếu", blank=True,
        help_text="Điều còn phải kiểm tra, giá trị đang lấy theo văn bản nào. Chỉ quản trị viên thấy.")

    class Meta:
        abstract = True

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def confirmation_summary(self) -> str:
        """One line for administrators: "Đã đối chiếu 01/12/2026 (…) với …" or "Chưa đối chiếu"."""
        if not self.is_confirmed:
            return "Chưa đối chiếu văn bản" + (f": {self.confirmation_note}" if self.confirmation_note else "")
        by = f" ({self.confirmed_by})" if self.confirmed_by else ""
        return f"Đã đối chiếu {self.confirmed_at:%d/%m/%Y}{by} với {self.confirmed_against}"

    def clean(self):
        super().clean()
        if self.confirmed_at and not (self.confirmed_against or "").strip():
            raise ValidationError({"confirmed_against": "Ghi văn bản đã dùng để đối chiếu (số, ký hiệu, bản đã đọc)."})

    def fill_confirmation(self, who: str, today: dt.date) -> None:
        """Complete a confirmation an administrator has just written: the text checked is
        given, the date and the name default to today and the acting administrator."""
        if (self.confirmed_against or "").strip():
            if self.confirmed_at is None:
                self.confirmed_at = today
            if not self.confirmed_by.strip():
                self.confirmed_by = who


def flags_to_confirmation(model, on: dt.date, by: str, open_note: str) -> None:
    """Data migration step: turn a model's former ``needs_confirmation`` flag into its
    confirmation. A row not flagged was entered from the text it cites: confirmed on ``on`` by
    ``by`` against that citation; a flagged row, or one citing nothing, stays unconfirmed with a
    note."""
    for row in model.objects.all():
        citation = (row.citation or "").strip()
        if row.needs_confirmation or not citation:
            row.confirmation_note = open_note if citation else "Chưa ghi căn cứ."
        else:
            row.confirmed_at, row.confirmed_by, row.confirmed_against = on, by, citation[:500]
        row.save(update_fields=["confirmed_at", "confirmed_by", "confirmed_against", "confirmation_note"])
