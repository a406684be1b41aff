"""The unit compliance ranking, the projects' cost and schedule signals, and the follow-up items
they open.

* A :class:`Method` is one version of the ranking's rules for a tree (a province or a ministry):
  its :class:`Criterion` rows (a registered criterion code, its weight in points, the data it is
  computed from and how). The administrator drafts it, a leader approves it (never the one who
  drafted it); an approved method never changes — a change is a new version.
* A :class:`Period` is a ranking of the tree's units for a year under the approved method chosen
  for it. Computing it stores one :class:`Result` per unit and one :class:`Score` per criterion,
  with the records the value was computed from. Publishing freezes it: the published method's
  results are never recomputed; another method version may be computed beside it (stored under
  that method) so the two are compared side by side.
* A :class:`ProjectSignal` is a project's cost and schedule variance at the end of a quarter.
* An :class:`Alert` is a follow-up item the signals open for the CĐS authority: a project red two
  quarters running, or disbursement behind the year's plan past a date — with an owner, a due date
  and the outcome recorded when it is closed.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from cds.core.history import HistoricalRecords


class MethodStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Chờ lãnh đạo phê duyệt"
    APPROVED = "approved", "Đã phê duyệt, công bố"


class Method(models.Model):
    root_unit = models.ForeignKey("orgs.Unit", verbose_name="phạm vi (tỉnh/bộ)", on_delete=models.PROTECT,
                                  related_name="+")
    number = models.PositiveSmallIntegerField("phiên bản")
    title = models.CharField("tên phương pháp", max_length=300)
    description = models.TextField("công thức, cách tính chung", blank=True)
    based_on = models.ForeignKey("self", verbose_name="sửa đổi từ phiên bản", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    status = models.CharField("tình trạng", max_length=10, choices=MethodStatus.choices,
                              default=MethodStatus.DRAFT, db_index=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người soạn", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField("ngày soạn", default=timezone.now)
    submitted_at = models.DateTimeField("ngày trình", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người phê duyệt", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("ngày phê duyệt", null=True, blank=True)
    approval_note = models.TextField("ý kiến phê duyệt", blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["root_unit_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["root_unit", "number"], name="rankings_method_number")]
        verbose_name = "phương pháp xếp hạng"
        verbose_name_plural = "phương pháp xếp hạng"

    def __str__(self):
        return f"{self.title} (phiên bản {self.number})"

    @property
    def is_approved(self) -> bool:
        return self.status == MethodStatus.APPROVED

    @property
    def total_weight(self) -> int:
        return sum(c.weight for c in self.criteria.all())


class Criterion(models.Model):
    method = models.ForeignKey(Method, verbose_name="phương pháp", on_delete=models.CASCADE,
                               related_name="criteria")
    code = models.CharField("mã tiêu chí", max_length=40)
    name = models.CharField("tên tiêu chí", max_length=255)
    weight = models.PositiveSmallIntegerField("trọng số (điểm tối đa)")
    source = models.TextField("nguồn dữ liệu", blank=True)
    formula = models.TextField("cách tính", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["method_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["method", "code"], name="rankings_criterion_code")]
        verbose_name = "tiêu chí xếp hạng"
        verbose_name_plural = "tiêu chí xếp hạng"

    def __str__(self):
        return self.name


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", "Chưa công bố"
    PUBLISHED = "published", "Đã công bố"


class Period(models.Model):
    root_unit = models.ForeignKey("orgs.Unit", verbose_name="phạm vi (tỉnh/bộ)", on_delete=models.PROTECT,
                                  related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    name = models.CharField("tên kỳ xếp hạng", max_length=300)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    method = models.ForeignKey(Method, verbose_name="phương pháp áp dụng", on_delete=models.PROTECT,
                               related_name="periods")
    status = models.CharField("tình trạng", max_length=10, choices=PeriodStatus.choices,
                              default=PeriodStatus.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField("ngày tính", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người công bố", null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField("ngày công bố", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-year", "root_unit_id"]
        constraints = [models.UniqueConstraint(fields=["root_unit", "year"], name="rankings_period_year")]
        verbose_name = "kỳ xếp hạng"
        verbose_name_plural = "kỳ xếp hạng"

    def __str__(self):
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == PeriodStatus.PUBLISHED


class Result(models.Model):
    """One unit's place in a period under one method (the period's own, or another version
    computed beside it for comparison)."""

    period = models.ForeignKey(Period, verbose_name="kỳ xếp hạng", on_delete=models.CASCADE, related_name="results")
    method = models.ForeignKey(Method, verbose_name="phương pháp", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField("hạng")
    score = models.DecimalField("tổng điểm", max_digits=7, decimal_places=2)
    computed_at = models.DateTimeField("ngày tính", default=timezone.now)

    class Meta:
        ordering = ["period_id", "method_id", "rank", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["period", "method", "unit"], name="rankings_result_unit")]
        indexes = [models.Index(fields=["period", "method", "rank"], name="rankings_result_rank")]
        verbose_name = "kết quả xếp hạng của đơn vị"
        verbose_name_plural = "kết quả xếp hạng của đơn vị"

    def __str__(self):
        return f"{self.unit} — hạng {self.rank}"


class Score(models.Model):
    """One criterion of one unit's result: the value (a share 0…1, or none when the unit had no
    record the criterion applies to), the points it earned and the records behind it.

    ``evidence`` is ``{"model": "<app_label.model>", "ids": [...], "against": [...]}``: every
    record counted, and those that counted against the unit."""

    result = models.ForeignKey(Result, verbose_name="kết quả", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name="tiêu chí", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField("giá trị", max_digits=6, decimal_places=4, null=True, blank=True)
    numerator = models.IntegerField("số đạt", default=0)
    denominator = models.IntegerField("tổng số", default=0)
    points = models.DecimalField("điểm", max_digits=7, decimal_places=2)
    note = models.CharField("diễn giải", max_length=500, blank=True)
    evidence = models.JSONField("hồ sơ căn cứ", default=dict)

    class Meta:
        ordering = ["result_id", "criterion__order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["result", "criterion"], name="rankings_score_criterion")]
        verbose_name = "điểm theo tiêu chí"
        verbose_name_plural = "điểm theo tiêu chí"

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class Colour(models.TextChoices):
    GREEN = "green", "Xanh (dưới 10%)"
    YELLOW = "yellow", "Vàng (10% đến dưới 30%)"
    RED = "red", "Đỏ (từ 30% trở lên)"
    NONE = "none", "Chưa đủ dữ liệu"


class ProjectSignal(models.Model):
    """A project's cost and schedule variance at the end of a quarter (``period_end``).

    Cost variance: (current approved total − the first approved baseline) ÷ baseline, and the gap
    in VND. Schedule variance: (projected end − planned end) ÷ planned duration, and the gap in
    days; a project past its planned end and not finished is projected to end today. ``recent_*``
    weigh the last quarters more than the old ones (the change since the previous quarter counts
    double), so a recent slip is not hidden by an old good record. ``colour`` is the worse of the
    cumulative and the recent colours; ``trend`` compares with the previous quarter."""

    project = models.ForeignKey("projects.Project", verbose_name="dự án", on_delete=models.CASCADE,
                                related_name="signals")
    period_end = models.DateField("cuối kỳ (quý)")
    cost_variance = models.DecimalField("chênh lệch chi phí", max_digits=9, decimal_places=4, null=True, blank=True)
    cost_gap = models.BigIntegerField("chênh lệch chi phí (đồng)", default=0)
    schedule_variance = models.DecimalField("chênh lệch tiến độ", max_digits=9, decimal_places=4, null=True,
                                            blank=True)
    schedule_gap_days = models.IntegerField("chậm tiến độ (ngày)", default=0)
    recent_cost_variance = models.DecimalField("chênh lệch chi phí gần đây", max_digits=9, decimal_places=4,
                                               null=True, blank=True)
    recent_schedule_variance = models.DecimalField("chênh lệch tiến độ gần đây", max_digits=9, decimal_places=4,
                                                   null=True, blank=True)
    colour = models.CharField("mức", max_length=8, choices=Colour.choices, default=Colour.NONE, db_index=True)
    trend = models.SmallIntegerField("xu hướng", default=0)  # −1 better, 0 same, +1 worse than last quarter
    is_latest = models.BooleanField("kỳ mới nhất", default=False, db_index=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project_id", "-period_end"]
        constraints = [models.UniqueConstraint(fields=["project", "period_end"], name="rankings_signal_quarter")]
        indexes = [models.Index(fields=["is_latest", "colour"], name="rankings_signal_latest")]
        verbose_name = "chênh lệch chi phí, tiến độ của dự án"
        verbose_name_plural = "chênh lệch chi phí, tiến độ của dự án"

    def __str__(self):
        return f"{self.project} — {self.period_end:%d/%m/%Y}"


class AlertKind(models.TextChoices):
    RED_TWICE = "red_twice", "Dự án ở mức đỏ hai quý liên tiếp"
    BEHIND = "behind", "Giải ngân chậm so với kế hoạch vốn năm quá mốc theo dõi"


class AlertState(models.TextChoices):
    OPEN = "open", "Đang xem xét"
    CLOSED = "closed", "Đã kết luận"


class AlertOutcome(models.TextChoices):
    CONTINUE = "continue", "Tiếp tục, có biện pháp khắc phục"
    DESCOPE = "descope", "Điều chỉnh, thu hẹp quy mô"
    PAUSE = "pause", "Đề xuất tạm dừng"
    STOP = "stop", "Đề xuất dừng thực hiện"
    DISMISS = "dismiss", "Không cần xử lý (đã có giải trình)"


class Alert(models.Model):
    """A follow-up item: a troubled project reviewed by the CĐS authority, with an owner and a due
    date; the leader follows them. ``key`` makes opening idempotent (one item per project, kind and
    occasion)."""

    root_unit = models.ForeignKey("orgs.Unit", verbose_name="phạm vi (tỉnh/bộ)", on_delete=models.PROTECT,
                                  related_name="+")
    project = models.ForeignKey("projects.Project", verbose_name="dự án", on_delete=models.PROTECT,
                                related_name="alerts")
    unit = models.ForeignKey("orgs.Unit", verbose_name="chủ đầu tư", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại", max_length=12, choices=AlertKind.choices)
    key = models.CharField(max_length=120, unique=True)
    reason = models.TextField("căn cứ mở")
    opened_on = models.DateField("ngày mở")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người phụ trách", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("hạn xem xét")
    state = models.CharField("tình trạng", max_length=8, choices=AlertState.choices, default=AlertState.OPEN,
                             db_index=True)
    outcome = models.CharField("kết luận", max_length=10, choices=AlertOutcome.choices, blank=True)
    outcome_note = models.TextField("nội dung kết luận", blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người kết luận", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField("ngày kết luận", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["state", "due_on", "pk"]
        verbose_name = "việc theo dõi dự án"
        verbose_name_plural = "việc theo dõi dự án"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.project}"
