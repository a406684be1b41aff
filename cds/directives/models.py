"""Directives register: documents that assign tasks, the tasks, their progress reports
and extension requests.

A :class:`Directive` is the document as issued (công văn 8826/UBND-VXNV, the conclusions of a
meeting …) with its full text and file. Each :class:`Task` is one assignment in it: who leads,
who coordinates, what is to be done, by when, what product is expected, and which projects of
the registry it concerns. The lead unit reports progress (with evidence); it may ask the issuer
for more time (:class:`ExtensionRequest`), which the issuer's leader decides.

The status a user sees (chưa thực hiện / đang thực hiện / hoàn thành đúng hạn / hoàn thành quá
hạn / quá hạn / đề nghị gia hạn) is not stored: it depends on today's date and is computed by
:func:`cds.directives.status.task_status`. What is stored is what people did (``progress``,
``completed_on``, a pending extension) and ``due_on`` — the deadline moved to the next working
day when it falls on a day off (BLDS 2015 Điều 148), so "overdue" is one indexed comparison.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class DirectiveKind(models.TextChoices):
    CONG_VAN = "cong_van", "Công văn"
    KET_LUAN = "ket_luan", "Thông báo kết luận"
    KE_HOACH = "ke_hoach", "Kế hoạch"
    QUYET_DINH = "quyet_dinh", "Quyết định"
    THONG_BAO = "thong_bao", "Thông báo"
    CHI_THI = "chi_thi", "Chỉ thị"


class Directive(models.Model):
    kind = models.CharField("loại văn bản", max_length=20, choices=DirectiveKind.choices)
    number = models.CharField("số, ký hiệu", max_length=60, help_text="Ví dụ: 8826/UBND-VXNV")
    issued_on = models.DateField("ngày ban hành")
    issuer = models.ForeignKey("orgs.Unit", verbose_name="cơ quan ban hành", on_delete=models.PROTECT,
                               related_name="directives_issued")
    signer = models.CharField("người ký", max_length=200, blank=True,
                              help_text="Chức vụ và họ tên, ví dụ: Chủ tịch UBND tỉnh Nguyễn Văn A")
    title = models.CharField("trích yếu", max_length=500)
    full_text = models.TextField("toàn văn", blank=True)
    file = models.FileField("tệp văn bản", upload_to="directives/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="người nhập")
    created_at = models.DateTimeField("ngày nhập", default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text", "version"])

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "văn bản chỉ đạo"
        verbose_name_plural = "văn bản chỉ đạo"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number", "issued_on"], name="directive_unique_number"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} số {self.number} ngày {self.issued_on:%d/%m/%Y}"


class DeadlineKind(models.TextChoices):
    DATE = "date", "Trước ngày"
    MONTH = "month", "Trong tháng"
    QUARTER = "quarter", "Trong quý"
    YEAR = "year", "Trong năm"
    MONTHLY = "monthly", "Định kỳ hằng tháng"
    QUARTERLY = "quarterly", "Định kỳ hằng quý"
    YEARLY = "yearly", "Định kỳ hằng năm"
    NONE = "none", "Không có thời hạn"


RECURRING = (DeadlineKind.MONTHLY, DeadlineKind.QUARTERLY, DeadlineKind.YEARLY)


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"


class Task(models.Model):
    directive = models.ForeignKey(Directive, verbose_name="văn bản", on_delete=models.CASCADE,
                                  related_name="tasks")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    content = models.TextField("nội dung nhiệm vụ")
    lead_unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị chủ trì", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="directive_tasks")
    lead_text = models.CharField("đơn vị chủ trì (như văn bản ghi)", max_length=300, blank=True)
    coordinating_units = models.ManyToManyField("orgs.Unit", verbose_name="đơn vị phối hợp", blank=True,
                                                related_name="directive_tasks_coordinated")
    coordinating_text = models.CharField("đơn vị phối hợp (như văn bản ghi)", max_length=500, blank=True)
    responsible = models.CharField("người chịu trách nhiệm", max_length=200, blank=True,
                                   help_text="Chức danh, họ tên người chịu trách nhiệm (rõ trách nhiệm)")
    deadline_kind = models.CharField("loại thời hạn", max_length=12, choices=DeadlineKind.choices,
                                     default=DeadlineKind.DATE)
    deadline = models.DateField("thời hạn", null=True, blank=True,
                                help_text="Với nhiệm vụ định kỳ: hạn của kỳ hiện tại")
    deadline_text = models.CharField("thời hạn (như văn bản ghi)", max_length=200, blank=True)
    due_on = models.DateField("hạn tính theo ngày làm việc", null=True, blank=True, editable=False,
                              db_index=True)
    expected_product = models.CharField("sản phẩm, kết quả", max_length=500, blank=True)
    projects = models.ManyToManyField("projects.Project", verbose_name="nhiệm vụ/dự án liên quan", blank=True,
                                      related_name="directive_tasks")
    progress = models.CharField("tiến độ", max_length=12, choices=Progress.choices,
                                default=Progress.NOT_STARTED, db_index=True)
    percent = models.PositiveSmallIntegerField("% hoàn thành", default=0)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    extension_pending = models.BooleanField("đang đề nghị gia hạn", default=False)
    # Set when the lead unit ended and its successor took the task over (cds.directives.services.
    # hand_over_tasks) or the issuer gave it to another unit: the unit it came from and the day.
    transferred_from = models.ForeignKey("orgs.Unit", verbose_name="nhận chuyển giao từ đơn vị", null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    transferred_on = models.DateField("ngày chuyển giao", null=True, blank=True)
    missing_5r = models.CharField("thiếu yêu cầu 5 rõ", max_length=60, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="người nhập")
    created_at = models.DateTimeField("ngày nhập", default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version", "missing_5r", "due_on", "search_text"], m2m_fields=[coordinating_units])

    class Meta:
        ordering = ["directive", "order", "id"]
        verbose_name = "nhiệm vụ được giao"
        verbose_name_plural = "nhiệm vụ được giao"
        indexes = [models.Index(fields=["lead_unit", "progress", "due_on"])]

    def __str__(self):
        text = self.content if len(self.content) <= 80 else self.content[:79].rstrip() + "…"
        return f"{self.directive.number}: {text}"

    @property
    def is_recurring(self) -> bool:
        return self.deadline_kind in RECURRING


class ProgressReport(models.Model):
    """What the lead unit reports: a percentage, what was done, evidence. A report that
    ``completes`` the task (or, for a recurring task, the period due ``period_due``) closes it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField("ngày báo cáo")
    percent = models.PositiveSmallIntegerField("% hoàn thành")
    content = models.TextField("kết quả thực hiện")
    completes = models.BooleanField("báo cáo hoàn thành", default=False)
    period_due = models.DateField("hạn của kỳ báo cáo", null=True, blank=True)
    evidence = models.FileField("minh chứng", upload_to="directives/evidence/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = "báo cáo tiến độ"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "Chờ quyết định"
    APPROVED = "approved", "Đồng ý gia hạn"
    REJECTED = "rejected", "Không đồng ý"


class ExtensionRequest(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    old_deadline = models.DateField("thời hạn cũ", null=True, blank=True)
    proposed_deadline = models.DateField("thời hạn đề nghị")
    reason = models.TextField("lý do")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField("ngày đề nghị")
    status = models.CharField("kết quả", max_length=10, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    decision_note = models.TextField("ý kiến của cơ quan giao nhiệm vụ", blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = "đề nghị gia hạn"
