"""The registry of nhiệm vụ / dự án: the spine appraisal, overlap, reviews and directives hang on."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cds.text.format import vnd


class Kind(models.TextChoices):
    INVESTMENT = "investment", "Dự án đầu tư"
    RECURRENT = "recurrent", "Nhiệm vụ chi thường xuyên (đề cương và dự toán chi tiết)"
    RENTAL = "rental", "Thuê dịch vụ CNTT"
    PROCUREMENT = "procurement", "Mua sắm"


KIND_CODE_PREFIX = {
    Kind.INVESTMENT: "DA",
    Kind.RECURRENT: "NV",
    Kind.RENTAL: "TDV",
    Kind.PROCUREMENT: "MS",
}


class Group(models.TextChoices):
    NATIONAL = "QG", "Quan trọng quốc gia"
    A = "A", "Nhóm A"
    B = "B", "Nhóm B"
    C = "C", "Nhóm C"
    NONE = "-", "Không phân nhóm"


class State(models.TextChoices):
    PROPOSED = "proposed", "Đề xuất"
    POLICY_APPROVED = "policy_approved", "Đã phê duyệt chủ trương"
    DOSSIER_PREPARING = "dossier_preparing", "Đang lập hồ sơ"
    IN_APPRAISAL = "in_appraisal", "Đang thẩm định"
    APPROVED = "approved", "Đã phê duyệt"
    PROCURING = "procuring", "Đang lựa chọn nhà thầu"
    IMPLEMENTING = "implementing", "Đang triển khai"
    IN_OPERATION = "in_operation", "Đang vận hành"
    SETTLED = "settled", "Đã quyết toán"
    RETIRED = "retired", "Ngừng sử dụng"
    PAUSED = "paused", "Tạm dừng"
    STOPPED = "stopped", "Dừng thực hiện"
    REJECTED = "rejected", "Không phê duyệt"


TERMINAL_STATES = {State.RETIRED, State.STOPPED, State.REJECTED}
STATE_COLORS = {
    State.PROPOSED: "secondary", State.POLICY_APPROVED: "info", State.DOSSIER_PREPARING: "info",
    State.IN_APPRAISAL: "primary", State.APPROVED: "primary", State.PROCURING: "primary",
    State.IMPLEMENTING: "warning", State.IN_OPERATION: "success", State.SETTLED: "success",
    State.RETIRED: "dark", State.PAUSED: "danger", State.STOPPED: "danger", State.REJECTED: "dark",
}


class Project(models.Model):
    code = models.CharField("mã", max_length=20, unique=True, editable=False)
    name = models.CharField("tên nhiệm vụ/dự án", max_length=500)
    objectives = models.TextField("mục tiêu", blank=True)
    scope = models.TextField("quy mô, phạm vi", blank=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    group = models.CharField("nhóm dự án", max_length=2, choices=Group.choices, default=Group.NONE)
    regime = models.ForeignKey("rules.LegalRegime", verbose_name="chế độ pháp lý", on_delete=models.PROTECT)
    programme = models.ForeignKey(
        "catalog.Programme", verbose_name="chương trình, kế hoạch", null=True, blank=True,
        on_delete=models.PROTECT,
    )
    investor_unit = models.ForeignKey(
        "orgs.Unit", verbose_name="chủ đầu tư / đơn vị chủ trì", on_delete=models.PROTECT,
        related_name="invested_projects",
    )
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name="đơn vị thực hiện", null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_projects",
    )
    coordinating_units = models.ManyToManyField(
        "orgs.Unit", verbose_name="đơn vị phối hợp", blank=True, related_name="coordinated_projects",
    )
    start_year = models.PositiveSmallIntegerField("năm bắt đầu")
    end_year = models.PositiveSmallIntegerField("năm kết thúc", null=True, blank=True)
    carried_over = models.BooleanField("chuyển tiếp", default=False)
    funding_sources = models.ManyToManyField("catalog.FundingSource", verbose_name="nguồn vốn", blank=True)
    capabilities = models.ManyToManyField("catalog.Capability", verbose_name="năng lực nghiệp vụ", blank=True)
    data_entities = models.ManyToManyField("catalog.DataEntity", verbose_name="thực thể dữ liệu", blank=True)

    state = models.CharField("trạng thái", max_length=20, choices=State.choices, default=State.PROPOSED, db_index=True)
    state_changed_at = models.DateTimeField("ngày chuyển trạng thái", default=timezone.now)
    paused_from = models.CharField(max_length=20, choices=State.choices, blank=True)

    # Ledger totals, maintained by cds.projects.services.recompute_totals (never typed in).
    total_estimate = models.BigIntegerField("dự toán/khái toán", default=0)
    total_approved = models.BigIntegerField("tổng mức/dự toán được duyệt", default=0)
    total_allocated = models.BigIntegerField("kế hoạch vốn đã giao", default=0)
    total_disbursed = models.BigIntegerField("đã giải ngân", default=0)
    total_settled = models.BigIntegerField("quyết toán", default=0)
    rebaseline_count = models.PositiveSmallIntegerField("số lần điều chỉnh", default=0)

    search_text = models.TextField(editable=False, default="")
    search_name = models.TextField(editable=False, default="")  # the name alone, folded: search relevance
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField("ngày tạo", default=timezone.now)
    updated_at = models.DateTimeField("cập nhật", default=timezone.now)

    history = HistoricalRecords(
        excluded_fields=["search_text", "search_name", "version", "updated_at", "total_estimate", "total_approved",
                         "total_allocated", "total_disbursed", "total_settled", "rebaseline_count"],
        m2m_fields=[coordinating_units, funding_sources, capabilities, data_entities],
    )

    class Meta:
        ordering = ["-start_year", "code"]
        verbose_name = "nhiệm vụ/dự án"
        verbose_name_plural = "nhiệm vụ/dự án"
        indexes = [
            models.Index(fields=["investor_unit", "state"]),
            models.Index(fields=["start_year"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["-start_year", "-id"]),  # the default list order
            models.Index(fields=["state", "kind", "start_year"]),
            models.Index(fields=["updated_at"]),  # the overlap index reads the rows saved since its last look
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def is_terminal(self):
        return self.state in TERMINAL_STATES

    @property
    def state_color(self):
        return STATE_COLORS.get(self.state, "secondary")

    @property
    def disbursement_rate(self):
        """Disbursed ÷ allocated, in percent (None when nothing is allocated)."""
        if not self.total_allocated:
            return None
        return round(self.total_disbursed * 100 / self.total_allocated, 1)


class DocType(models.TextChoices):
    DECISION = "QD", "Quyết định"
    RESOLUTION = "NQ", "Nghị quyết"
    PLAN = "KH", "Kế hoạch"
    OFFICIAL_LETTER = "CV", "Công văn"
    REPORT = "BC", "Báo cáo"
    SUBMISSION = "TTr", "Tờ trình"
    CONTRACT = "HD", "Hợp đồng"
    MINUTES = "BB", "Biên bản"
    NOTICE = "TB", "Thông báo"
    OTHER = "other", "Văn bản khác"


class ProjectDocument(models.Model):
    """A legal-basis or decision document of a project (số/ký hiệu, ngày, cơ quan ban hành …)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="documents")
    number = models.CharField("số, ký hiệu", max_length=80)
    issued_on = models.DateField("ngày ban hành")
    issuer = models.CharField("cơ quan ban hành", max_length=255)
    doc_type = models.CharField("loại văn bản", max_length=10, choices=DocType.choices)
    title = models.CharField("trích yếu", max_length=500, blank=True)
    is_legal_basis = models.BooleanField("là căn cứ pháp lý", default=True)
    file = models.FileField("tệp", upload_to="documents/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    is_removed = models.BooleanField(default=False)
    removed_reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = "văn bản"

    def __str__(self):
        return f"{self.get_doc_type_display()} số {self.number} ngày {self.issued_on:%d/%m/%Y}"


class Stage(models.TextChoices):
    ESTIMATE = "estimate", "Dự toán/khái toán đề xuất"
    APPROVED = "approved", "Tổng mức/dự toán được duyệt"
    ALLOCATED = "allocated", "Kế hoạch vốn năm"
    DISBURSED = "disbursed", "Giải ngân"
    SETTLED = "settled", "Quyết toán"


class BudgetEntry(models.Model):
    """One line of the four-stage ledger: project × year × funding source × stage.

    Entries are never deleted: a mistaken entry is voided with a reason; a new approved
    figure for the same source supersedes the old one and is recorded as a rebaseline.
    """

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="budget_entries")
    year = models.PositiveSmallIntegerField("năm")
    funding_source = models.ForeignKey("catalog.FundingSource", verbose_name="nguồn vốn", on_delete=models.PROTECT)
    stage = models.CharField("giai đoạn", max_length=12, choices=Stage.choices)
    amount = models.BigIntegerField("số tiền (đồng)")
    decision_number = models.CharField("số quyết định/văn bản", max_length=80, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    is_rebaseline = models.BooleanField("là điều chỉnh", default=False)
    superseded_by = models.ForeignKey(
        "self", verbose_name="được thay thế bởi", null=True, blank=True, on_delete=models.PROTECT,
        related_name="supersedes",
    )
    voided = models.BooleanField("đã hủy", default=False)
    void_reason = models.CharField("lý do hủy", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["year", "stage", "id"]
        indexes = [models.Index(fields=["project", "stage"])]
        verbose_name = "bút toán ngân sách"

    def __str__(self):
        return f"{self.get_stage_display()} {self.year}: {vnd(self.amount)}"

    @property
    def is_current(self):
        return not self.voided and self.superseded_by_id is None


class EventKind(models.TextChoices):
    CREATED = "created", "Tạo mới"
    TRANSITION = "transition", "Chuyển trạng thái"
    ADJUSTMENT = "adjustment", "Điều chỉnh giảm quy mô"
    REBASELINE = "rebaseline", "Điều chỉnh tổng mức/dự toán"


class ProjectEvent(models.Model):
    """The project's timeline: creation, every transition, scale-downs and rebaselines."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    occurred_on = models.DateField("ngày")
    decision_number = models.CharField("số văn bản", max_length=80, blank=True)
    decision_date = models.DateField("ngày văn bản", null=True, blank=True)
    reason = models.TextField("lý do, nội dung", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_on", "created_at", "id"]
        verbose_name = "sự kiện"

    def __str__(self):
        return f"{self.project.code}: {self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"


class CodeSequence(models.Model):
    """Counters behind automatic codes (DA-2024-0012), one row per prefix and year."""

    prefix = models.CharField(max_length=6)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = [("prefix", "year")]
