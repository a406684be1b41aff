"""Rules are data keyed by legal regime (the decree a project falls under; decrees change, so
the rules are rows an admin edits, not code): the regime, and hanging off it the procedures
(routing by kind and amount), their time limits and dossier checklists. Every row carries its
citation, shown with the value wherever the rule is used. Whether a row has been checked against
its legal text is the administrator's attribute of :class:`cds.core.models.Confirmation`."""
from django.db import models
from simple_history.models import HistoricalRecords

from cds.core.models import Confirmation


class LegalRegime(Confirmation):
    code = models.CharField("mã", max_length=30, unique=True)
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=60)
    in_force_from = models.DateField("hiệu lực từ", null=True, blank=True)
    in_force_to = models.DateField("hết hiệu lực", null=True, blank=True)
    citation = models.TextField("căn cứ", blank=True,
                                help_text="Số, ngày, hiệu lực của văn bản và văn bản thay thế, sửa đổi.")
    sort_order = models.PositiveIntegerField(default=100)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "chế độ pháp lý"
        verbose_name_plural = "chế độ pháp lý"

    def __str__(self):
        return self.short_name

    @classmethod
    def for_date(cls, day):
        """The regime in force on ``day`` (the latest one whose period contains it)."""
        qs = cls.objects.filter(models.Q(in_force_from__isnull=True) | models.Q(in_force_from__lte=day))
        qs = qs.filter(models.Q(in_force_to__isnull=True) | models.Q(in_force_to__gte=day))
        return qs.order_by("-in_force_from").first()


class DayUnit(models.TextChoices):
    WORKING = "working", "ngày làm việc"
    CALENDAR = "calendar", "ngày"


class Procedure(Confirmation):
    """Which procedure a dossier follows under one regime: chosen by the project's kind and the
    amount asked for (``min_amount`` < amount <= ``max_amount``; either bound may be open).

    The routing rules of NĐ 73/2019 Điều 10 and 51 (200 triệu / 15 tỷ) and NĐ 224/2026 Điều 42,
    66–67 (20 tỷ; no money tiers for recurrent funds) are rows of this table, not code."""

    regime = models.ForeignKey(LegalRegime, verbose_name="chế độ pháp lý", on_delete=models.CASCADE,
                               related_name="procedures")
    code = models.CharField("mã", max_length=40)
    name = models.CharField("tên thủ tục", max_length=255)
    kinds = models.CharField("loại nhiệm vụ/dự án áp dụng", max_length=100,
                             help_text="Mã loại, cách nhau bởi dấu phẩy: investment, recurrent, rental, procurement.")
    min_amount = models.BigIntegerField("trên (đồng)", null=True, blank=True,
                                        help_text="Áp dụng khi số tiền lớn hơn giá trị này; để trống nếu không có cận dưới.")
    max_amount = models.BigIntegerField("đến (đồng)", null=True, blank=True,
                                        help_text="Áp dụng khi số tiền nhỏ hơn hoặc bằng giá trị này; để trống nếu không có cận trên.")
    dossier_name = models.CharField("hồ sơ trình", max_length=255)
    approval_subject = models.CharField(
        "nội dung được phê duyệt", max_length=255, blank=True,
        help_text="Điền vào “Phê duyệt … <tên dự án>” của quyết định, ví dụ “đề cương và dự toán chi tiết”.")
    needs_appraisal = models.BooleanField("phải thẩm định", default=True)
    appraising_body = models.CharField("cơ quan thẩm định", max_length=255, blank=True)
    approving_body = models.CharField("cấp phê duyệt", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)
    citation = models.TextField("căn cứ")
    sort_order = models.PositiveIntegerField(default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["regime__sort_order", "sort_order"]
        unique_together = [("regime", "code")]
        verbose_name = "thủ tục theo chế độ"
        verbose_name_plural = "thủ tục theo chế độ"

    def __str__(self):
        return f"{self.regime.short_name} — {self.name}"

    @property
    def kind_list(self) -> list[str]:
        return [k.strip() for k in self.kinds.split(",") if k.strip()]

    def applies(self, kind: str, amount: int) -> bool:
        return (kind in self.kind_list
                and (self.min_amount is None or amount > self.min_amount)
                and (self.max_amount is None or amount <= self.max_amount))

    def limit(self, step: str, group: str = "") -> "TimeLimit | None":
        """The time limit of ``step`` for a project ``group`` (the group's own row, else the
        row for every group). Reads the prefetched ``time_limits`` when present."""
        rows = [t for t in self.time_limits.all() if t.step == step]
        for wanted in (group, ""):
            for row in rows:
                if row.group == wanted:
                    return row
        return None


class Step(models.TextChoices):
    APPRAISAL = "appraisal", "Thẩm định (tính từ khi nhận đủ hồ sơ hợp lệ)"
    DESIGN = "design", "Thẩm định thiết kế/nội dung chuyên môn"
    SUPPLEMENT = "supplement", "Yêu cầu bổ sung hồ sơ (kể từ khi nhận hồ sơ)"
    OPINION = "opinion", "Cơ quan được hỏi trả lời ý kiến"
    APPROVAL = "approval", "Phê duyệt (kể từ khi nhận kết quả thẩm định)"


class TimeLimit(Confirmation):
    procedure = models.ForeignKey(Procedure, verbose_name="thủ tục", on_delete=models.CASCADE,
                                  related_name="time_limits")
    step = models.CharField("bước", max_length=20, choices=Step.choices)
    group = models.CharField("nhóm dự án", max_length=2, blank=True,
                             help_text="A, B, C hoặc QG; để trống nếu áp dụng cho mọi nhóm.")
    days = models.PositiveIntegerField("số ngày")
    unit = models.CharField("đơn vị", max_length=10, choices=DayUnit.choices)
    citation = models.TextField("căn cứ")
    history = HistoricalRecords()

    class Meta:
        ordering = ["procedure", "step", "group"]
        unique_together = [("procedure", "step", "group")]
        verbose_name = "thời hạn"
        verbose_name_plural = "thời hạn"

    def __str__(self):
        group = f" (nhóm {self.group})" if self.group else ""
        return f"{self.get_step_display()}{group}: {self.days} {self.get_unit_display()}"

    @property
    def text(self) -> str:
        return f"{self.days} {self.get_unit_display()}"


class ItemKind(models.TextChoices):
    DOCUMENT = "document", "Thành phần hồ sơ"
    CONTENT = "content", "Nội dung thẩm định"


class CheckKind(models.TextChoices):
    """Automatic findings shown beside a checklist item (cds.appraisal.findings)."""
    NONE = "", "—"
    LEGAL_BASIS = "legal_basis", "Căn cứ pháp lý"
    OVERLAP = "overlap", "Trùng lặp, dùng lại"
    ARCHITECTURE = "architecture", "Kiến trúc, kết nối"
    ESTIMATE = "estimate", "Dự toán"


class ChecklistItem(Confirmation):
    procedure = models.ForeignKey(Procedure, verbose_name="thủ tục", on_delete=models.CASCADE,
                                  related_name="checklist")
    kind = models.CharField("loại", max_length=10, choices=ItemKind.choices)
    order = models.PositiveSmallIntegerField("thứ tự", default=10)
    text = models.CharField("nội dung", max_length=500)
    document_kind = models.CharField(
        "loại tài liệu", max_length=30, blank=True,
        help_text="Với thành phần hồ sơ: mã loại tài liệu phải có (xem cds.appraisal.models.DocKind).")
    required = models.BooleanField("bắt buộc", default=True)
    auto_check = models.CharField("phát hiện tự động", max_length=20, choices=CheckKind.choices, blank=True)
    citation = models.TextField("căn cứ")
    history = HistoricalRecords()

    class Meta:
        ordering = ["procedure", "kind", "order", "id"]
        verbose_name = "mục kiểm tra"
        verbose_name_plural = "danh mục kiểm tra hồ sơ"

    def __str__(self):
        return self.text
