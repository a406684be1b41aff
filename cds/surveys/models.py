"""Bottleneck surveys (khảo sát điểm nghẽn), the difficulties register and the Đề án 06 key tasks.

A **questionnaire** (:class:`Questionnaire`) has versions; a :class:`FormVersion` holds sections
(the five groups of a bottleneck survey by default: pháp lý, hạ tầng công nghệ, dữ liệu, an ninh
an toàn bảo mật, nguồn lực triển khai — editable), questions and choice lists, and reads and
writes the XLSForm convention (KoboToolbox, ODK). A published version never changes; a round
sends one published version, and every answer keeps the version it was given against.

A **round** (:class:`Round`) sends a version to the units of a scope with a deadline; each
section has a lead agency that consolidates it (:class:`SectionLead`), the round a coordinator
that consolidates the whole. Each unit has one :class:`Response`: staff fill it, the unit head
submits it (maker ≠ checker), a lead agency may return it with a comment on its section.

A reported bottleneck becomes a :class:`Bottleneck` — with the proposal, the agency that must
answer, the level that must decide and, when the leader assigns it, the directive task it
turned into. Units also raise difficulties there at any time, and the difficulties written in
effectiveness reviews join the same register.

The Đề án 06 key tasks (:class:`KeyTask`) are a catalogue the province enters (the number of
tasks, their groups and principle labels such as "5-4-3-2-1" are text, not code), with each
unit's status and evidence (:class:`KeyTaskStatus`).
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from cds.core.history import HistoricalRecords

# ------------------------------------------------------------------------------ questionnaires


class GroupKind(models.TextChoices):
    """The five groups of a bottleneck survey; a section may also be of another kind."""

    LEGAL = "legal", "Pháp lý"
    INFRASTRUCTURE = "infrastructure", "Hạ tầng công nghệ"
    DATA = "data", "Dữ liệu"
    SECURITY = "security", "An ninh, an toàn, bảo mật"
    RESOURCES = "resources", "Nguồn lực triển khai"
    OTHER = "other", "Nhóm khác"


class QuestionType(models.TextChoices):
    SELECT_ONE = "select_one", "Chọn một"
    SELECT_MULTIPLE = "select_multiple", "Chọn nhiều"
    SCALE = "scale", "Thang điểm"
    INTEGER = "integer", "Số nguyên"
    DECIMAL = "decimal", "Số thập phân"
    DATE = "date", "Ngày"
    TEXT = "text", "Văn bản"
    FILE = "file", "Tệp đính kèm"
    MATRIX = "matrix", "Bảng (hàng × lựa chọn)"
    NOTE = "note", "Ghi chú (không trả lời)"


CHOICE_TYPES = (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE, QuestionType.MATRIX)


class Questionnaire(models.Model):
    code = models.CharField("mã bộ câu hỏi", max_length=60)
    title = models.CharField("tên bộ câu hỏi", max_length=300)
    root_unit = models.ForeignKey("orgs.Unit", verbose_name="tỉnh/bộ", on_delete=models.PROTECT, related_name="+")
    description = models.TextField("mô tả", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = [("root_unit", "code")]
        ordering = ["title", "id"]
        verbose_name = "bộ câu hỏi khảo sát"
        verbose_name_plural = "bộ câu hỏi khảo sát"

    def __str__(self):
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    PUBLISHED = "published", "Đã ban hành"


class FormVersion(models.Model):
    """One version of a questionnaire. Published → frozen (services refuse every change)."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("phiên bản", default=1)
    title = models.CharField("tiêu đề", max_length=300)
    form_id = models.CharField("mã biểu mẫu (form_id)", max_length=100)
    version_label = models.CharField("nhãn phiên bản (version)", max_length=60, blank=True)
    status = models.CharField("tình trạng", max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    source_name = models.CharField("tệp XLSForm gốc", max_length=255, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        unique_together = [("questionnaire", "number")]
        ordering = ["questionnaire", "-number"]
        verbose_name = "phiên bản bộ câu hỏi"
        verbose_name_plural = "phiên bản bộ câu hỏi"

    def __str__(self):
        return f"{self.title} (phiên bản {self.number})"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Section(models.Model):
    form = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField("mã nhóm (name)", max_length=100)
    label = models.CharField("tên nhóm", max_length=300)
    group = models.CharField("nhóm điểm nghẽn", max_length=20, choices=GroupKind.choices, default=GroupKind.OTHER)
    relevant = models.CharField("điều kiện hiển thị", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        unique_together = [("form", "name")]
        ordering = ["form", "order", "id"]
        verbose_name = "nhóm câu hỏi"
        verbose_name_plural = "nhóm câu hỏi"

    def __str__(self):
        return self.label


class ChoiceItem(models.Model):
    form = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="choices")
    list_name = models.CharField("danh sách (list_name)", max_length=100)
    name = models.CharField("mã lựa chọn", max_length=100)
    label = models.CharField("nhãn", max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        unique_together = [("form", "list_name", "name")]
        ordering = ["form", "list_name", "order", "id"]
        verbose_name = "lựa chọn"
        verbose_name_plural = "lựa chọn"

    def __str__(self):
        return self.label


class Question(models.Model):
    """A question. ``relevant`` and ``constraint`` are XLSForm expressions, evaluated on the
    server (:mod:`cds.surveys.expr`): an answer hidden by ``relevant`` is neither required nor
    stored. A matrix asks each of ``rows`` ([{"name", "label"}]) with the choices of
    ``list_name``; a scale runs from ``scale_min`` to ``scale_max``."""

    form = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="questions")
    name = models.CharField("mã câu hỏi (name)", max_length=100)
    type = models.CharField("loại", max_length=20, choices=QuestionType.choices)
    label = models.TextField("câu hỏi")
    hint = models.TextField("gợi ý", blank=True)
    required = models.BooleanField("bắt buộc", default=False)
    relevant = models.CharField("điều kiện hiển thị", max_length=500, blank=True)
    constraint = models.CharField("ràng buộc", max_length=500, blank=True)
    constraint_message = models.CharField("thông báo khi vi phạm ràng buộc", max_length=300, blank=True)
    list_name = models.CharField("danh sách lựa chọn", max_length=100, blank=True)
    rows = models.JSONField("các hàng (câu hỏi dạng bảng)", default=list, blank=True)
    scale_min = models.IntegerField("thang từ", null=True, blank=True)
    scale_max = models.IntegerField("thang đến", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        unique_together = [("form", "name")]
        ordering = ["form", "order", "id"]
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"

    def __str__(self):
        return f"{self.name}: {self.label[:60]}"


# ------------------------------------------------------------------------------ rounds


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    OPEN = "open", "Đang thu thập"
    CLOSED = "closed", "Đã kết thúc"


class Round(models.Model):
    name = models.CharField("tên đợt khảo sát", max_length=300)
    form = models.ForeignKey(FormVersion, verbose_name="bộ câu hỏi (phiên bản)", on_delete=models.PROTECT,
                             related_name="rounds")
    root_unit = models.ForeignKey("orgs.Unit", verbose_name="tỉnh/bộ", on_delete=models.PROTECT, related_name="+")
    scope_unit = models.ForeignKey("orgs.Unit", verbose_name="gửi tới các đơn vị thuộc", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    basis_number = models.CharField("số, ký hiệu văn bản", max_length=80, blank=True)
    basis_date = models.DateField("ngày văn bản", null=True, blank=True)
    basis_title = models.CharField("trích yếu", max_length=500, blank=True)
    coordinator = models.ForeignKey("orgs.Unit", verbose_name="đơn vị tổng hợp chung", on_delete=models.PROTECT,
                                    related_name="+")
    deadline = models.DateField("hạn gửi")
    status = models.CharField("tình trạng", max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-deadline", "-id"]
        verbose_name = "đợt khảo sát"
        verbose_name_plural = "đợt khảo sát"

    def __str__(self):
        return self.name


class SectionLead(models.Model):
    """The agency that consolidates one section of a round (and, optionally, one that works with it)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="leads")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    lead_unit = models.ForeignKey("orgs.Unit", verbose_name="cơ quan chủ trì tổng hợp", on_delete=models.PROTECT,
                                  related_name="+")
    co_unit = models.ForeignKey("orgs.Unit", verbose_name="cơ quan phối hợp", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("tổng hợp của cơ quan chủ trì", blank=True)
    summary_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    summary_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        unique_together = [("round", "section")]
        ordering = ["round", "section__order"]
        verbose_name = "cơ quan chủ trì nhóm"
        verbose_name_plural = "cơ quan chủ trì nhóm"


class ResponseStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    DRAFT = "draft", "Đang nhập"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"


OUTSTANDING = (ResponseStatus.NOT_STARTED, ResponseStatus.DRAFT, ResponseStatus.RETURNED)


class Response(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="responses")
    unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị trả lời", on_delete=models.PROTECT, related_name="+")
    form = models.ForeignKey(FormVersion, verbose_name="phiên bản bộ câu hỏi", on_delete=models.PROTECT,
                             related_name="+")
    status = models.CharField("tình trạng", max_length=12, choices=ResponseStatus.choices,
                              default=ResponseStatus.NOT_STARTED, db_index=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField("ngày gửi", null=True, blank=True)
    is_late = models.BooleanField("gửi muộn", default=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        unique_together = [("round", "unit")]
        indexes = [models.Index(fields=["round", "status"])]
        ordering = ["round", "unit__path"]
        verbose_name = "phiếu trả lời"
        verbose_name_plural = "phiếu trả lời"

    def __str__(self):
        return f"{self.round.name}: {self.unit.name}"


class Answer(models.Model):
    """One value of a response. A multiple choice is one row per chosen item; a matrix one row
    per row × chosen item (``row`` names the matrix row). The columns not of the question's type
    stay empty, so distributions are GROUP BY queries."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    row = models.CharField("hàng", max_length=100, blank=True)
    choice = models.CharField("lựa chọn", max_length=100, blank=True)
    number = models.DecimalField("số", max_digits=20, decimal_places=4, null=True, blank=True)
    date = models.DateField("ngày", null=True, blank=True)
    text = models.TextField("văn bản", blank=True)
    file = models.FileField("tệp", upload_to="surveys/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "choice"]), models.Index(fields=["response", "question"])]
        ordering = ["response", "question__order", "row", "id"]
        verbose_name = "câu trả lời"
        verbose_name_plural = "câu trả lời"


class ResponseReturn(models.Model):
    """A lead agency sends a response back with a comment on its section."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="returns")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField("ý kiến")
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-returned_at", "-id"]
        verbose_name = "lần trả lại phiếu"
        verbose_name_plural = "lần trả lại phiếu"


# ------------------------------------------------------------------------------ bottlenecks


class BottleneckSource(models.TextChoices):
    SURVEY = "survey", "Khảo sát"
    UNIT = "unit", "Đơn vị phản ánh"
    REVIEW = "review", "Báo cáo đánh giá hiệu quả"


class DecisionLevel(models.TextChoices):
    AUTHORITY = "authority", "Cơ quan chuyên trách CĐS"
    PROVINCE = "province", "UBND tỉnh"
    MINISTRY = "ministry", "Bộ, ngành trung ương"
    GOVERNMENT = "government", "Chính phủ, Thủ tướng Chính phủ"


class BottleneckStatus(models.TextChoices):
    NEW = "new", "Mới tiếp nhận"
    ANSWERED = "answered", "Đã trả lời"
    PROPOSED = "proposed", "Đã đề xuất lãnh đạo"
    ASSIGNED = "assigned", "Đã giao nhiệm vụ"
    RESOLVED = "resolved", "Đã tháo gỡ"
    CLOSED = "closed", "Đóng (không xử lý)"


OPEN_BOTTLENECK = (BottleneckStatus.NEW, BottleneckStatus.PROPOSED, BottleneckStatus.ASSIGNED)


class Bottleneck(models.Model):
    root_unit = models.ForeignKey("orgs.Unit", verbose_name="tỉnh/bộ", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị phản ánh", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("projects.Project", verbose_name="nhiệm vụ/dự án", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="bottlenecks")
    source = models.CharField("nguồn", max_length=10, choices=BottleneckSource.choices)
    group = models.CharField("nhóm", max_length=20, choices=GroupKind.choices, default=GroupKind.OTHER)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.PROTECT, related_name="bottlenecks")
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    review_issue = models.OneToOneField("reviews.ReviewIssue", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="bottleneck")
    title = models.CharField("điểm nghẽn, khó khăn", max_length=300)
    description = models.TextField("mô tả", blank=True)
    proposal = models.TextField("đề xuất, kiến nghị", blank=True)
    responsible_unit = models.ForeignKey("orgs.Unit", verbose_name="cơ quan trả lời, xử lý",
                                         on_delete=models.PROTECT, related_name="+")
    decision_level = models.CharField("cấp quyết định", max_length=12, choices=DecisionLevel.choices,
                                      default=DecisionLevel.PROVINCE)
    status = models.CharField("tình trạng", max_length=10, choices=BottleneckStatus.choices,
                              default=BottleneckStatus.NEW, db_index=True)
    answer_due = models.DateField("hạn trả lời")
    answer = models.TextField("trả lời", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    proposed_decision = models.TextField("đề xuất lãnh đạo quyết định", blank=True)
    directive_task = models.ForeignKey("directives.Task", verbose_name="nhiệm vụ được giao", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="bottlenecks")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("ngày tiếp nhận", default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        indexes = [models.Index(fields=["root_unit", "status"]), models.Index(fields=["unit", "status"])]
        ordering = ["-created_at", "-id"]
        verbose_name = "điểm nghẽn, khó khăn"
        verbose_name_plural = "điểm nghẽn, khó khăn"

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return not self.answered_at and timezone.localdate() > self.answer_due


# ------------------------------------------------------------------------------ Đề án 06


class KeyTask(models.Model):
    root_unit = models.ForeignKey("orgs.Unit", verbose_name="tỉnh/bộ", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField("số thứ tự")
    name = models.TextField("nhiệm vụ trọng tâm")
    group = models.CharField("nhóm", max_length=200, blank=True)
    principles = models.CharField("nguyên tắc, phương châm", max_length=300, blank=True,
                                  help_text="Ví dụ: 5-4-3-2-1; \"5 rõ\"")
    description = models.TextField("mô tả, yêu cầu", blank=True)
    lead_unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị chủ trì", on_delete=models.PROTECT,
                                  related_name="+")
    deadline = models.DateField("thời hạn", null=True, blank=True)
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    projects = models.ManyToManyField("projects.Project", verbose_name="nhiệm vụ/dự án liên quan", blank=True,
                                      related_name="+")
    directive_tasks = models.ManyToManyField("directives.Task", verbose_name="nhiệm vụ chỉ đạo liên quan",
                                             blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        unique_together = [("root_unit", "number")]
        ordering = ["root_unit", "number"]
        verbose_name = "nhiệm vụ trọng tâm Đề án 06"
        verbose_name_plural = "nhiệm vụ trọng tâm Đề án 06"

    def __str__(self):
        return f"{self.number}. {self.name[:80]}"


class KeyTaskProgress(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa triển khai"
    IN_PROGRESS = "in_progress", "Đang triển khai"
    DONE = "done", "Hoàn thành"
    BLOCKED = "blocked", "Vướng mắc"


class KeyTaskStatus(models.Model):
    task = models.ForeignKey(KeyTask, on_delete=models.CASCADE, related_name="statuses")
    unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+")
    progress = models.CharField("tình trạng", max_length=12, choices=KeyTaskProgress.choices,
                                default=KeyTaskProgress.NOT_STARTED)
    percent = models.PositiveSmallIntegerField("% hoàn thành", default=0)
    evidence = models.TextField("kết quả, minh chứng", blank=True)
    evidence_file = models.FileField("tệp minh chứng", upload_to="surveys/de-an-06/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    projects = models.ManyToManyField("projects.Project", verbose_name="nhiệm vụ/dự án liên quan", blank=True,
                                      related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        unique_together = [("task", "unit")]
        ordering = ["task", "unit__path"]
        verbose_name = "tình hình thực hiện nhiệm vụ Đề án 06"
        verbose_name_plural = "tình hình thực hiện nhiệm vụ Đề án 06"
