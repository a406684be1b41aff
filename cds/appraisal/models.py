"""Appraisal (thẩm định) of a project's dossier under the procedure its regime routes it to.

A dossier is prepared by the investor unit (versioned documents), submitted by the unit head
when the checklist's required documents are there — the legal clock starts that day — and
appraised by the CĐS appraiser, who may ask other units for opinions in parallel and may pause
the clock with a supplement request made within its legal limit. The appraiser's
conclusion is countersigned by an independent supervisor and decided by the leader; the decision
moves the project through its lifecycle. Every act is a :class:`DossierEvent` (the timeline and
the per-stage statistics come from it)."""
from django.conf import settings
from django.db import models
from django.utils import timezone

from cds.core.history import HistoricalRecords


class DocKind(models.TextChoices):
    TO_TRINH = "to_trinh", "Tờ trình thẩm định"
    BCKTKT = "bcktkt", "Báo cáo kinh tế – kỹ thuật"
    BCNCKT = "bcnckt", "Báo cáo nghiên cứu khả thi"
    DE_CUONG = "de_cuong", "Đề cương và dự toán chi tiết"
    THUYET_MINH = "thuyet_minh", "Thuyết minh"
    DU_TOAN = "du_toan", "Dự toán"
    THIET_KE = "thiet_ke", "Thiết kế (TKCS/TKCT)"
    KE_HOACH_THUE = "ke_hoach_thue", "Kế hoạch thuê dịch vụ"
    KHAO_SAT = "khao_sat", "Báo cáo kết quả khảo sát"
    CHU_TRUONG = "chu_truong", "Quyết định phê duyệt chủ trương, dự kiến kinh phí"
    THAM_TRA = "tham_tra", "Báo cáo kết quả thẩm tra"
    BAO_GIA = "bao_gia", "Báo giá, kết quả thẩm định giá"
    GIAI_TRINH = "giai_trinh", "Văn bản giải trình, bổ sung"
    OTHER = "other", "Tài liệu khác"


class Status(models.TextChoices):
    DRAFT = "draft", "Đang lập hồ sơ"
    IN_APPRAISAL = "in_appraisal", "Đang thẩm định"
    SUPPLEMENT = "supplement", "Chờ bổ sung (tạm dừng tính thời hạn)"
    CONCLUDED = "concluded", "Chờ giám sát xác nhận"
    COUNTERSIGNED = "countersigned", "Chờ lãnh đạo phê duyệt"
    RETURNED = "returned", "Trả lại để hoàn thiện"
    APPROVED = "approved", "Đã phê duyệt"
    REJECTED = "rejected", "Không phê duyệt"


OPEN_STATUSES = (Status.IN_APPRAISAL, Status.SUPPLEMENT, Status.CONCLUDED, Status.COUNTERSIGNED)
STATUS_COLORS = {
    Status.DRAFT: "secondary", Status.IN_APPRAISAL: "primary", Status.SUPPLEMENT: "warning",
    Status.CONCLUDED: "info", Status.COUNTERSIGNED: "info", Status.RETURNED: "warning",
    Status.APPROVED: "success", Status.REJECTED: "dark",
}


class Conclusion(models.TextChoices):
    ELIGIBLE = "eligible", "Đủ điều kiện trình phê duyệt"
    NEEDS_SUPPLEMENT = "needs_supplement", "Cần bổ sung, hoàn thiện"
    INELIGIBLE = "ineligible", "Không đủ điều kiện"


class Dossier(models.Model):
    code = models.CharField("số hồ sơ", max_length=20, unique=True, editable=False)
    project = models.ForeignKey("projects.Project", verbose_name="nhiệm vụ/dự án", on_delete=models.PROTECT,
                                related_name="dossiers")
    procedure = models.ForeignKey("rules.Procedure", verbose_name="thủ tục", on_delete=models.PROTECT,
                                  related_name="dossiers")
    amount = models.BigIntegerField("kinh phí đề nghị (đồng)")
    title = models.CharField("trích yếu", max_length=500)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    round = models.PositiveSmallIntegerField("lần trình", default=0)

    # The legal clock of the current round (cds.appraisal.clock).
    submitted_at = models.DateTimeField("ngày trình", null=True, blank=True)
    clock_start = models.DateField("ngày nhận đủ hồ sơ hợp lệ", null=True, blank=True)
    due_date = models.DateField("hạn thẩm định", null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="người trình")

    conclusion = models.CharField("kết luận", max_length=20, choices=Conclusion.choices, blank=True)
    conclusion_text = models.TextField("ý kiến thẩm định", blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="người thẩm định")
    concluded_at = models.DateTimeField(null=True, blank=True)
    findings_snapshot = models.JSONField("phát hiện tự động khi kết luận", default=list, blank=True)
    countersigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+",
                                         verbose_name="giám sát xác nhận")
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersign_note = models.TextField("ý kiến giám sát", blank=True)
    approval_due = models.DateField("hạn phê duyệt", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="người phê duyệt")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("ngày tạo", default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version", "findings_snapshot"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "hồ sơ thẩm định"
        verbose_name_plural = "hồ sơ thẩm định"

    def __str__(self):
        return f"{self.code} — {self.title}"

    @property
    def status_color(self):
        return STATUS_COLORS.get(self.status, "secondary")

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class DossierDocument(models.Model):
    """One version of one kind of document; a new upload of the same kind is the next version
    and the older ones stay (who uploaded what, when, with its SHA-256)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("loại tài liệu", max_length=30, choices=DocKind.choices)
    version = models.PositiveSmallIntegerField("phiên bản")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    file = models.FileField(upload_to="dossiers/%Y/")
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64)
    round = models.PositiveSmallIntegerField("lần trình", default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-version"]
        unique_together = [("dossier", "kind", "version")]
        verbose_name = "tài liệu hồ sơ"
        verbose_name_plural = "tài liệu hồ sơ"

    def __str__(self):
        return f"{self.get_kind_display()} (bản {self.version})"


class ClockPause(models.Model):
    """A supplement request: the clock stops from ``started_on`` until the unit supplements."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    round = models.PositiveSmallIntegerField()
    started_on = models.DateField("ngày yêu cầu bổ sung")
    ended_on = models.DateField("ngày nhận hồ sơ bổ sung", null=True, blank=True)
    request = models.TextField("nội dung yêu cầu bổ sung")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    response = models.TextField("giải trình của đơn vị", blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = "lần tạm dừng tính thời hạn"
        verbose_name_plural = "lần tạm dừng tính thời hạn"


class Opinion(models.Model):
    """The appraiser asks another unit (Sở Tài chính on funds, Công an tỉnh on security …)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="opinions")
    unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị được hỏi", on_delete=models.PROTECT,
                             related_name="appraisal_opinions")
    question = models.TextField("nội dung xin ý kiến")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField("ngày gửi")
    due_date = models.DateField("hạn trả lời")
    answer = models.TextField("ý kiến trả lời", blank=True)
    agrees = models.BooleanField("thống nhất", null=True)
    answer_file = models.FileField(upload_to="opinions/%Y/", blank=True)
    answer_file_name = models.CharField(max_length=255, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    escalated_on = models.DateField("ngày báo cáo lãnh đạo", null=True, blank=True)

    class Meta:
        ordering = ["requested_on", "id"]
        verbose_name = "ý kiến phối hợp"
        verbose_name_plural = "ý kiến phối hợp"

    def is_late(self, today) -> bool:
        if self.answered_on:
            return self.answered_on > self.due_date
        return today > self.due_date


class Result(models.TextChoices):
    PASS = "pass", "Đạt"
    FAIL = "fail", "Không đạt"
    NA = "na", "Không áp dụng"


class ChecklistResult(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey("rules.ChecklistItem", on_delete=models.PROTECT, related_name="+")
    result = models.CharField("kết quả", max_length=10, choices=Result.choices, blank=True)
    comment = models.TextField("nhận xét", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        unique_together = [("dossier", "item")]
        verbose_name = "kết quả kiểm tra hồ sơ"
        verbose_name_plural = "kết quả kiểm tra hồ sơ"


class EventKind(models.TextChoices):
    CREATED = "created", "Lập hồ sơ"
    DOCUMENT = "document", "Tải lên tài liệu"
    SUBMITTED = "submitted", "Trình thẩm định (bắt đầu tính thời hạn)"
    SUPPLEMENT_REQUESTED = "supplement_requested", "Yêu cầu bổ sung (tạm dừng thời hạn)"
    SUPPLEMENTED = "supplemented", "Nộp hồ sơ bổ sung (tiếp tục tính thời hạn)"
    OPINION_REQUESTED = "opinion_requested", "Xin ý kiến đơn vị"
    OPINION_ANSWERED = "opinion_answered", "Đơn vị trả lời ý kiến"
    OPINION_ESCALATED = "opinion_escalated", "Báo cáo lãnh đạo: ý kiến quá hạn"
    OPINION_TRANSFERRED = "opinion_transferred", "Chuyển xin ý kiến cho đơn vị kế thừa"
    CHECKED = "checked", "Cập nhật kết quả kiểm tra"
    CONCLUDED = "concluded", "Kết luận thẩm định"
    COUNTERSIGNED = "countersigned", "Giám sát xác nhận"
    COUNTERSIGN_REFUSED = "countersign_refused", "Giám sát không xác nhận, trả lại chuyên viên"
    RETURNED = "returned", "Trả hồ sơ để hoàn thiện"
    APPROVED = "approved", "Phê duyệt"
    REJECTED = "rejected", "Không phê duyệt"


class DossierEvent(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    round = models.PositiveSmallIntegerField(default=0)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "diễn biến hồ sơ thẩm định"
        verbose_name_plural = "diễn biến hồ sơ thẩm định"


class RoundTime(models.Model):
    """Days one submission round of a dossier spent in each stage it has completed (calendar and
    working days; empty while the stage has not ended), as :func:`cds.appraisal.stage_times.refresh`
    computes them from the dossier's events each time a stage starts or ends. The tracking page
    sums these rows in the database instead of replaying a province's whole event history."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="round_times")
    round = models.PositiveSmallIntegerField()
    appraisal_days = models.IntegerField(null=True)
    appraisal_working = models.IntegerField(null=True)
    countersign_days = models.IntegerField(null=True)
    countersign_working = models.IntegerField(null=True)
    decision_days = models.IntegerField(null=True)
    decision_working = models.IntegerField(null=True)
    pause_days = models.IntegerField(null=True)
    pause_working = models.IntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "round"], name="appraisal_roundtime_unique")]
        verbose_name = "thời gian các bước của lượt trình"
        verbose_name_plural = "thời gian các bước của lượt trình"
