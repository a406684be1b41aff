"""The yearly CĐS plan (Kế hoạch ứng dụng CNTT, chuyển đổi số năm N or a period): units'
proposals, checked against the portfolio before anyone scores them, scored on a published rubric,
fitted to the funding envelopes, approved by the leader, and carried into the registry.

* A :class:`Round` is opened by the CĐS authority of one tree for a year (or a period) with its
  legal basis, deadline, the units called, the envelopes by source and year
  (:class:`Envelope`), the :class:`Rubric` version used to score and, optionally, the finance
  department that scores beside it.
* A :class:`Proposal` is prepared by a unit's staff and submitted by its head (maker ≠ checker):
  a new task or one carried over from the registry, its costs by year and source
  (:class:`ProposalCost`). Every save re-runs the checks, which leave :class:`Finding` s (overlap
  with the registry, the systems map and other proposals of the round; reuse of a core system;
  estimate sanity; missing basis; a carried-over task paused or rated ineffective).
* Reviewers score independently (:class:`Score`, one per reviewer and proposal); the authority
  merges or rejects duplicates with a reason and recommends funding (``funding``).
* The plan itself is a sequence of :class:`PlanVersion` s (the draft, the approved plan, each
  adjustment during the year with its decision): a version is never overwritten once submitted;
  an adjustment is a new version and the difference is computed between versions. Approved items
  become registry projects (or update the carried-over ones) through the registry's services.

Money is integer VND.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from cds.core.history import HistoricalRecords


class Rubric(models.Model):
    """A versioned, published set of weighted criteria. ``criteria`` is a list of
    ``{"code", "name", "weight", "guidance"}``; weights sum to 100 and each criterion is scored
    0…``scale_max``. A published version never changes: a change is a new version."""

    code = models.CharField("mã", max_length=30)
    version = models.PositiveIntegerField("phiên bản", default=1)
    name = models.CharField("tên bộ tiêu chí", max_length=255)
    description = models.TextField("cách chấm", blank=True)
    criteria = models.JSONField("tiêu chí", default=list)
    scale_max = models.PositiveSmallIntegerField("điểm tối đa mỗi tiêu chí", default=5)
    spread_alert = models.PositiveSmallIntegerField(
        "chênh lệch điểm cần xem lại", default=20,
        help_text="Chênh lệch giữa người chấm cao nhất và thấp nhất (thang 100) từ mức này trở lên được đánh dấu.")
    citation = models.TextField("căn cứ", blank=True)
    published_on = models.DateField("ngày công bố", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "-version"]
        unique_together = [("code", "version")]
        verbose_name = "bộ tiêu chí chấm điểm đề xuất"
        verbose_name_plural = "bộ tiêu chí chấm điểm đề xuất"

    def __str__(self):
        return f"{self.name} (phiên bản {self.version})"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    OPEN = "open", "Đang nhận đề xuất"
    REVIEWING = "reviewing", "Đang tổng hợp, chấm điểm"
    CLOSED = "closed", "Đã kết thúc"


class Round(models.Model):
    name = models.CharField("tên đợt lập kế hoạch", max_length=300)
    root_unit = models.ForeignKey("orgs.Unit", verbose_name="phạm vi (tỉnh/bộ)", on_delete=models.PROTECT,
                                  related_name="+")
    year_from = models.PositiveSmallIntegerField("từ năm")
    year_to = models.PositiveSmallIntegerField("đến năm")
    basis_number = models.CharField("số, ký hiệu văn bản", max_length=80)
    basis_date = models.DateField("ngày văn bản")
    basis_issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    basis_title = models.CharField("trích yếu", max_length=500, blank=True)
    deadline = models.DateField("hạn gửi đề xuất")
    receiving_unit = models.ForeignKey("orgs.Unit", verbose_name="cơ quan tổng hợp (chuyên trách CĐS)",
                                       on_delete=models.PROTECT, related_name="+")
    finance_unit = models.ForeignKey("orgs.Unit", verbose_name="cơ quan tài chính phối hợp chấm điểm", null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    called_units = models.ManyToManyField("orgs.Unit", verbose_name="đơn vị được đề nghị gửi đề xuất",
                                          related_name="+")
    rubric = models.ForeignKey(Rubric, verbose_name="bộ tiêu chí chấm điểm", on_delete=models.PROTECT)
    status = models.CharField("tình trạng", max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT,
                              db_index=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[called_units], excluded_fields=["version"])

    class Meta:
        ordering = ["-year_from", "-created_at"]
        verbose_name = "đợt lập kế hoạch"
        verbose_name_plural = "đợt lập kế hoạch"

    def __str__(self):
        return self.name

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    @property
    def period_label(self) -> str:
        return str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"


class Envelope(models.Model):
    """The funds the province expects for the round: one amount per funding source and year."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="envelopes")
    funding_source = models.ForeignKey("catalog.FundingSource", verbose_name="nguồn vốn", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("năm")
    amount = models.BigIntegerField("hạn mức (đồng)")
    history = HistoricalRecords()

    class Meta:
        unique_together = [("round", "funding_source", "year")]
        ordering = ["year", "funding_source__sort_order", "funding_source__name"]
        verbose_name = "hạn mức kinh phí"
        verbose_name_plural = "hạn mức kinh phí"


class Basis(models.TextChoices):
    NEW = "new", "Nhiệm vụ mới"
    CARRIED = "carried", "Chuyển tiếp"


class Priority(models.IntegerChoices):
    HIGH = 1, "Cao"
    MEDIUM = 2, "Trung bình"
    LOW = 3, "Thấp"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Trả lại để hoàn thiện"
    MERGED = "merged", "Đã gộp vào đề xuất khác"
    REJECTED = "rejected", "Không đưa vào kế hoạch"


class Funding(models.TextChoices):
    PENDING = "", "Chưa xét"
    FUNDED = "funded", "Đề nghị bố trí"
    UNFUNDED = "unfunded", "Chưa bố trí được"


class Proposal(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="proposals")
    unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị đề xuất", on_delete=models.PROTECT,
                             related_name="+")
    code = models.CharField("mã đề xuất", max_length=30, unique=True, editable=False)
    basis = models.CharField("loại đề xuất", max_length=10, choices=Basis.choices, default=Basis.NEW)
    project = models.ForeignKey("projects.Project", verbose_name="nhiệm vụ/dự án trong danh mục", null=True,
                                blank=True, on_delete=models.PROTECT, related_name="plan_proposals",
                                help_text="Nhiệm vụ chuyển tiếp, hoặc nhiệm vụ đã tạo từ kế hoạch được duyệt.")
    name = models.CharField("tên nhiệm vụ", max_length=500)
    objectives = models.TextField("mục tiêu", blank=True)
    problem = models.TextField("vấn đề cần giải quyết", blank=True)
    legal_basis = models.TextField("căn cứ đề xuất", blank=True)
    kind = models.CharField("loại nhiệm vụ/dự án", max_length=20)
    regime = models.ForeignKey("rules.LegalRegime", verbose_name="chế độ pháp lý áp dụng", on_delete=models.PROTECT)
    programme = models.ForeignKey("catalog.Programme", verbose_name="chương trình, đề án", null=True, blank=True,
                                  on_delete=models.PROTECT)
    capabilities = models.ManyToManyField("catalog.Capability", verbose_name="năng lực nghiệp vụ", blank=True)
    data_entities = models.ManyToManyField("catalog.DataEntity", verbose_name="thực thể dữ liệu", blank=True)
    systems = models.ManyToManyField("systems.InformationSystem", verbose_name="hệ thống sử dụng, kế thừa",
                                     blank=True, related_name="plan_proposals")
    start_year = models.PositiveSmallIntegerField("năm bắt đầu")
    end_year = models.PositiveSmallIntegerField("năm kết thúc")
    priority = models.PositiveSmallIntegerField("mức ưu tiên", choices=Priority.choices, default=Priority.MEDIUM)
    # The estimate tools: the adjusted use-case points and the software cost of the unit's
    # calculation (cds.estimates.calc.ucp), when the task builds internal software.
    ucp_points = models.DecimalField("điểm trường hợp sử dụng đã điều chỉnh", max_digits=12, decimal_places=2,
                                     null=True, blank=True)
    software_cost = models.BigIntegerField("chi phí phát triển phần mềm (đồng)", null=True, blank=True)
    total = models.BigIntegerField("tổng kinh phí đề xuất (đồng)", default=0)
    status = models.CharField("tình trạng", max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT, db_index=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField("ngày gửi", null=True, blank=True)
    return_comment = models.TextField("ý kiến khi trả lại", blank=True)
    merged_into = models.ForeignKey("self", verbose_name="gộp vào", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged")
    decision_reason = models.TextField("lý do gộp, không đưa vào kế hoạch", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    funding = models.CharField("đề nghị bố trí kinh phí", max_length=10, choices=Funding.choices, blank=True,
                               default=Funding.PENDING)
    funding_note = models.TextField("ghi chú bố trí kinh phí", blank=True)
    score = models.DecimalField("điểm bình quân", max_digits=5, decimal_places=2, null=True, blank=True)
    score_spread = models.DecimalField("chênh lệch điểm", max_digits=5, decimal_places=2, null=True, blank=True)
    score_count = models.PositiveSmallIntegerField("số người chấm", default=0)
    warnings = models.PositiveSmallIntegerField("số cảnh báo", default=0)
    checked_at = models.DateTimeField("kiểm tra lúc", null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[capabilities, data_entities, systems],
                                excluded_fields=["version", "updated_at", "search_text", "checked_at", "warnings",
                                                 "score", "score_spread", "score_count"])

    class Meta:
        ordering = ["round", "unit__name", "code"]
        indexes = [
            models.Index(fields=["round", "unit", "status"]),
            models.Index(fields=["round", "status", "funding"]),
        ]
        verbose_name = "đề xuất nhiệm vụ"
        verbose_name_plural = "đề xuất nhiệm vụ"

    def __str__(self):
        return f"{self.code} {self.name}"


class ProposalCost(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField("năm")
    funding_source = models.ForeignKey("catalog.FundingSource", verbose_name="nguồn vốn", on_delete=models.PROTECT)
    amount = models.BigIntegerField("số tiền (đồng)")
    history = HistoricalRecords()

    class Meta:
        unique_together = [("proposal", "year", "funding_source")]
        ordering = ["year", "funding_source__sort_order", "funding_source__name"]
        verbose_name = "kinh phí đề xuất"
        verbose_name_plural = "kinh phí đề xuất"


class Level(models.TextChoices):
    WARNING = "warning", "Cảnh báo"
    INFO = "info", "Lưu ý"


class Finding(models.Model):
    """One result of the checks on a proposal, with its evidence. Rewritten on every check run;
    a duplicate between two proposals of the round is written on both."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField("loại", max_length=40)
    level = models.CharField("mức", max_length=10, choices=Level.choices, default=Level.WARNING)
    message = models.TextField("nội dung")
    citation = models.CharField("căn cứ", max_length=300, blank=True)
    evidence = models.JSONField("bằng chứng", default=dict, blank=True)
    other_proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    other_project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="+")
    system = models.ForeignKey("systems.InformationSystem", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    score = models.FloatField("mức tương đồng", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["proposal", "-level", "code", "-score"]
        indexes = [models.Index(fields=["proposal", "code"]), models.Index(fields=["other_proposal"])]
        verbose_name = "kết quả kiểm tra đề xuất"
        verbose_name_plural = "kết quả kiểm tra đề xuất"


class Score(models.Model):
    """One reviewer's score of one proposal on the round's rubric: ``marks`` = {criterion code:
    0…scale_max}; ``total`` on a scale of 100 (weighted)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT)
    marks = models.JSONField("điểm từng tiêu chí", default=dict)
    total = models.DecimalField("điểm (thang 100)", max_digits=5, decimal_places=2)
    comment = models.TextField("nhận xét", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        unique_together = [("proposal", "reviewer")]
        ordering = ["proposal", "created_at"]
        verbose_name = "phiếu chấm điểm"
        verbose_name_plural = "phiếu chấm điểm"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Trình phê duyệt"
    APPROVED = "approved", "Đã phê duyệt"
    SUPERSEDED = "superseded", "Đã được điều chỉnh"


class PlanVersion(models.Model):
    """Version 1 is the plan as first approved; each adjustment during the year is a new version
    with its decision. Only a draft is edited; submitting freezes it."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="plan_versions")
    number = models.PositiveSmallIntegerField("lần")
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("tên kế hoạch", max_length=500)
    reason = models.TextField("lý do điều chỉnh", blank=True)
    status = models.CharField("tình trạng", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decision_number = models.CharField("số quyết định, văn bản ban hành", max_length=80, blank=True)
    decision_date = models.DateField("ngày ban hành", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    registered_at = models.DateTimeField("đưa vào danh mục lúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        unique_together = [("round", "number")]
        ordering = ["round", "-number"]
        verbose_name = "kế hoạch (phiên bản)"
        verbose_name_plural = "kế hoạch (phiên bản)"

    def __str__(self):
        return f"{self.title} — lần {self.number}"

    @property
    def label(self) -> str:
        return "Kế hoạch ban hành" if self.number == 1 else f"Điều chỉnh lần {self.number - 1}"


class PlanItem(models.Model):
    plan = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="items")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="plan_items")
    position = models.PositiveIntegerField("STT")
    name = models.CharField("nhiệm vụ", max_length=500)
    unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị chủ trì", on_delete=models.PROTECT, related_name="+")
    start_year = models.PositiveSmallIntegerField("năm bắt đầu")
    end_year = models.PositiveSmallIntegerField("năm kết thúc")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    total = models.BigIntegerField("tổng kinh phí (đồng)", default=0)
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="plan_items")

    class Meta:
        unique_together = [("plan", "proposal")]
        ordering = ["plan", "position"]
        verbose_name = "nhiệm vụ trong kế hoạch"
        verbose_name_plural = "nhiệm vụ trong kế hoạch"

    def __str__(self):
        return self.name


class PlanItemCost(models.Model):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField("năm")
    funding_source = models.ForeignKey("catalog.FundingSource", verbose_name="nguồn vốn", on_delete=models.PROTECT)
    amount = models.BigIntegerField("số tiền (đồng)")
    entry = models.ForeignKey("projects.BudgetEntry", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", help_text="Dòng dự toán trong sổ ngân sách tạo từ kế hoạch.")

    class Meta:
        unique_together = [("item", "year", "funding_source")]
        ordering = ["year", "funding_source__sort_order", "funding_source__name"]
        verbose_name = "kinh phí trong kế hoạch"
        verbose_name_plural = "kinh phí trong kế hoạch"
