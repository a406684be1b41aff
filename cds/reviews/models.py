"""Effectiveness review campaigns (rà soát, đánh giá hiệu quả nhiệm vụ/dự án CĐS).

A campaign (e.g. Công văn 8826/UBND-VXNV: every task/project up to 12/2023, reports before
10/01/2024; or the yearly January report of NĐ 224/2026 Điều 68.2) opens one review per
in-scope project, assigned to the unit that carries the project today. The unit fills the
indicators and problems, its head confirms and submits (maker ≠ checker), the CĐS authority
reviews, may return it, rates it and proposes a decision; the leader decides, and a pause,
stop or scale-down moves the project through its lifecycle.

Indicators and the scoring method are data (editable, versioned, each with a citation): no
national method for ex-post IT effectiveness exists, so most indicators are the province's own
choice; whether each was checked against a text is the administrator's
:class:`cds.core.models.Confirmation`.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cds.core.models import Confirmation


class IndicatorGroup(models.TextChoices):
    USE = "use", "Mức độ sử dụng"
    DIGITISATION = "digitisation", "Số hóa"
    ONLINE = "online", "Dịch vụ công trực tuyến"
    RELIABILITY = "reliability", "Độ ổn định"
    DATA = "data", "Kết nối, chia sẻ dữ liệu"
    COST = "cost", "Chi phí, giải ngân"
    COMPLIANCE = "compliance", "Tuân thủ"


class Direction(models.TextChoices):
    HIGHER = "higher", "Càng cao càng tốt"
    LOWER = "lower", "Càng thấp càng tốt"
    YES = "yes", "Đạt / không đạt"


class Indicator(Confirmation):
    code = models.CharField("mã", max_length=30, unique=True)
    name = models.CharField("tên chỉ tiêu", max_length=255)
    group = models.CharField("nhóm", max_length=20, choices=IndicatorGroup.choices)
    unit = models.CharField("đơn vị tính", max_length=30)
    direction = models.CharField("chiều đánh giá", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    is_percentage = models.BooleanField("là tỷ lệ %", default=False)
    description = models.TextField("cách tính", blank=True)
    citation = models.TextField("căn cứ, nguồn", blank=True)
    is_active = models.BooleanField("đang dùng", default=True)
    sort_order = models.PositiveIntegerField(default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "chỉ tiêu đánh giá"
        verbose_name_plural = "chỉ tiêu đánh giá"

    def __str__(self):
        return self.name


class ProblemType(models.Model):
    """The checklist of what reviews find (the problems provincial ex-post reviews report, e.g.
    Quảng Ninh's)."""

    code = models.CharField("mã", max_length=30, unique=True)
    name = models.CharField("vấn đề", max_length=255)
    citation = models.CharField("nguồn", max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "loại vấn đề"

    def __str__(self):
        return self.name


class ScoringMethod(models.Model):
    """A published, versioned method turning indicator results into two scores (0–100):
    value (giá trị mang lại) and technical fitness (phù hợp kỹ thuật), a TIME-style quadrant.

    ``weights`` = {"value": {indicator_code: weight}, "fitness": {indicator_code: weight}};
    an indicator's attainment is actual ÷ target (or target ÷ actual when lower is better),
    capped at 1; a group with no data is left out rather than counted as zero.
    """

    code = models.CharField("mã", max_length=30)
    version = models.PositiveIntegerField("phiên bản", default=1)
    name = models.CharField("tên", max_length=255)
    description = models.TextField("mô tả phương pháp")
    weights = models.JSONField("trọng số", default=dict)
    value_threshold = models.PositiveSmallIntegerField("ngưỡng giá trị", default=50)
    fitness_threshold = models.PositiveSmallIntegerField("ngưỡng phù hợp kỹ thuật", default=50)
    published_on = models.DateField("ngày công bố", null=True, blank=True)
    citation = models.TextField("căn cứ", blank=True)

    class Meta:
        ordering = ["code", "-version"]
        unique_together = [("code", "version")]
        verbose_name = "phương pháp chấm điểm"

    def __str__(self):
        return f"{self.name} (phiên bản {self.version})"


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    OPEN = "open", "Đang thu thập"
    CLOSED = "closed", "Đã kết thúc"


class Campaign(models.Model):
    name = models.CharField("tên đợt đánh giá", max_length=300)
    root_unit = models.ForeignKey("orgs.Unit", verbose_name="phạm vi (tỉnh/bộ)", on_delete=models.PROTECT,
                                  related_name="+")
    basis_number = models.CharField("số, ký hiệu văn bản chỉ đạo", max_length=80)
    basis_date = models.DateField("ngày văn bản")
    basis_issuer = models.CharField("cơ quan ban hành", max_length=255)
    basis_title = models.CharField("trích yếu", max_length=500, blank=True)
    # Scope: projects of the root subtree (or of ``scope_unit``'s subtree) in ``scope_states``,
    # optionally of one programme, started no later than ``started_until``.
    scope_states = models.JSONField("trạng thái trong phạm vi", default=list)
    scope_unit = models.ForeignKey("orgs.Unit", verbose_name="chỉ đơn vị", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    scope_programme = models.ForeignKey("catalog.Programme", verbose_name="chỉ chương trình", null=True, blank=True,
                                        on_delete=models.PROTECT)
    started_until = models.DateField("bắt đầu không muộn hơn", null=True, blank=True)
    period_year = models.PositiveSmallIntegerField("năm đánh giá")
    deadline = models.DateField("hạn gửi báo cáo")
    receiving_unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị tiếp nhận, tổng hợp",
                                       on_delete=models.PROTECT, related_name="+")
    method = models.ForeignKey(ScoringMethod, verbose_name="phương pháp chấm điểm", on_delete=models.PROTECT)
    status = models.CharField("tình trạng", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_year", "-deadline", "-id"]
        verbose_name = "đợt đánh giá hiệu quả"

    def __str__(self):
        return self.name


class Rating(models.TextChoices):
    EFFECTIVE = "effective", "Hiệu quả"
    PARTLY = "partly", "Hiệu quả một phần"
    NOT_YET = "not_yet", "Chưa hiệu quả"
    INEFFECTIVE = "ineffective", "Không hiệu quả"


RATING_RANK = {Rating.EFFECTIVE: 4, Rating.PARTLY: 3, Rating.NOT_YET: 2, Rating.INEFFECTIVE: 1}


class ReviewStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    DRAFT = "draft", "Đang nhập"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đã thẩm tra"
    DECIDED = "decided", "Đã quyết định"


class Decision(models.TextChoices):
    CONTINUE = "continue", "Tiếp tục"
    ADJUST = "adjust", "Điều chỉnh"
    SCALE_DOWN = "scale_down", "Giảm quy mô"
    PAUSE = "pause", "Tạm dừng"
    STOP = "stop", "Dừng"


class Review(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="reviews")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="reviews")
    unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị báo cáo", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("tình trạng", max_length=12, choices=ReviewStatus.choices,
                              default=ReviewStatus.NOT_STARTED, db_index=True)
    summary = models.TextField("đánh giá chung của đơn vị", blank=True)
    self_rating = models.CharField("đơn vị tự đánh giá", max_length=12, choices=Rating.choices, blank=True)
    problems = models.ManyToManyField(ProblemType, verbose_name="vấn đề phát hiện", blank=True)
    problems_note = models.TextField("mô tả vấn đề", blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField("ngày gửi", null=True, blank=True)
    return_comment = models.TextField("ý kiến khi trả lại", blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewer_rating = models.CharField("thẩm tra đánh giá", max_length=12, choices=Rating.choices, blank=True)
    reviewer_comment = models.TextField("ý kiến thẩm tra", blank=True)
    value_score = models.PositiveSmallIntegerField("điểm giá trị", null=True, blank=True)
    fitness_score = models.PositiveSmallIntegerField("điểm phù hợp kỹ thuật", null=True, blank=True)
    proposed_decision = models.CharField("đề xuất", max_length=12, choices=Decision.choices, blank=True)
    proposed_reason = models.TextField("lý do đề xuất", blank=True)
    decision = models.CharField("quyết định", max_length=12, choices=Decision.choices, blank=True)
    decision_number = models.CharField("số văn bản quyết định", max_length=80, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    decision_note = models.TextField("nội dung quyết định", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        unique_together = [("campaign", "project")]
        indexes = [
            models.Index(fields=["campaign", "unit", "status"]),
            models.Index(fields=["campaign", "unit", "project"]),  # the campaign page's list order
            models.Index(fields=["campaign", "reviewer_rating", "project"]),  # "chưa hiệu quả" list
        ]
        ordering = ["campaign", "unit", "project__code"]
        verbose_name = "báo cáo đánh giá"

    def __str__(self):
        return f"{self.campaign.name}: {self.project.code}"

    @property
    def rating_gap(self):
        """Self minus reviewer rating on the 4-step scale (positive = the unit was more optimistic)."""
        if not (self.self_rating and self.reviewer_rating):
            return None
        return RATING_RANK[self.self_rating] - RATING_RANK[self.reviewer_rating]

    @property
    def is_late(self):
        done = self.submitted_at is not None and self.status not in (ReviewStatus.NOT_STARTED, ReviewStatus.DRAFT,
                                                                     ReviewStatus.RETURNED)
        if done:
            return timezone.localtime(self.submitted_at).date() > self.campaign.deadline
        return timezone.localdate() > self.campaign.deadline


class IndicatorValue(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT)
    baseline = models.DecimalField("giá trị ban đầu", max_digits=18, decimal_places=2, null=True, blank=True)
    target = models.DecimalField("mục tiêu (theo hồ sơ duyệt)", max_digits=18, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField("thực tế", max_digits=18, decimal_places=2, null=True, blank=True)
    note = models.CharField("ghi chú, nguồn số liệu", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        unique_together = [("review", "indicator")]
        ordering = ["indicator__sort_order", "indicator__code"]


class Evidence(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="evidence")
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT)
    file = models.FileField(upload_to="evidence/%Y/%m/")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    description = models.CharField("mô tả", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    is_removed = models.BooleanField(default=False)

    class Meta:
        ordering = ["uploaded_at", "id"]


class IssueKind(models.TextChoices):
    DIFFICULTY = "difficulty", "Khó khăn, vướng mắc"
    PROPOSAL = "proposal", "Kiến nghị, đề xuất"


class ReviewIssue(models.Model):
    """A difficulty or proposal routed to the CĐS authority, with its answer."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="issues")
    kind = models.CharField(max_length=12, choices=IssueKind.choices)
    text = models.TextField("nội dung")
    answer = models.TextField("trả lời", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"


class FollowUpAction(models.Model):
    """What a decision requires next (e.g. "lập hồ sơ điều chỉnh giảm quy mô"), with owner and due date."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="follow_ups")
    description = models.TextField("việc cần làm")
    owner_unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị thực hiện", on_delete=models.PROTECT,
                                   related_name="+")
    due_date = models.DateField("hạn hoàn thành")
    status = models.CharField(max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "id"]
