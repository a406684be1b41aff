"""Estimates (dự toán) of a project, checked line by line against the state's norms and against
what the province already paid.

* **Rule data** — cost structures and their groups per regime (:class:`CostStructure`,
  :class:`CostGroup`), and the constants of every calculation method (:class:`Method`,
  :class:`Constant`: use-case points by CV 2589/2011 or QĐ 671/2024, QĐ 1688/2019 rate tables,
  TT 194/2012 data-entry rates). Rows an administrator edits, each with its citation; never
  constants in code.
* **Documents** — an :class:`Estimate` of a project, prepared by the investor unit (the maker) in
  numbered :class:`EstimateVersion` s of :class:`EstimateLine` s; every check run leaves
  :class:`Flag` s on the version; an independent checker comments line by line
  (:class:`LineReview`) and concludes. Money is integer VND.
* **Market history** — :class:`PricePoint` rows copied from the lines of estimates concluded as
  suitable: the "same item, earlier price" the market comparison reads in one indexed query.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from cds.core.history import HistoricalRecords
from cds.core.models import Confirmation

# ------------------------------------------------------------------ rule data


class CostStructure(Confirmation):
    """The cost structure one regime prescribes for one kind of project (TT 04/2020 six groups for
    an investment under NĐ 73, TT 03/2020 for a đề cương, NĐ 73 Điều 55 for a rental plan, NĐ 224
    Điều 49 …)."""

    code = models.CharField("mã", max_length=30, unique=True)
    name = models.CharField("tên", max_length=255)
    regimes = models.ManyToManyField("rules.LegalRegime", verbose_name="chế độ pháp lý", related_name="+")
    kinds = models.CharField("loại nhiệm vụ/dự án áp dụng", max_length=100,
                             help_text="Mã loại, cách nhau bởi dấu phẩy: investment, recurrent, rental, procurement.")
    citation = models.TextField("căn cứ")
    sort_order = models.PositiveIntegerField(default=100)
    history = HistoricalRecords(m2m_fields=[regimes])

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "cơ cấu dự toán"
        verbose_name_plural = "cơ cấu dự toán"

    def __str__(self):
        return self.name

    @property
    def kind_list(self) -> list[str]:
        return [k.strip() for k in self.kinds.split(",") if k.strip()]


class CostGroup(Confirmation):
    """One group of a cost structure (I. Chi phí thiết bị …). ``keywords`` are the words of items
    that belong in it (folded, one phrase a line): a line matching only another group's words is
    flagged as misplaced. ``contingency_cap`` (per cent of the other groups) is set on the
    contingency group where the regime caps it."""

    structure = models.ForeignKey(CostStructure, verbose_name="cơ cấu", on_delete=models.CASCADE,
                                  related_name="groups")
    code = models.CharField("mã nhóm", max_length=10,
                            help_text="xl, tb, qlda, tv, k, dp, thue …")
    numeral = models.CharField("số thứ tự", max_length=6, help_text="I, II, III …")
    name = models.CharField("tên nhóm chi phí", max_length=255)
    required = models.BooleanField("bắt buộc có", default=False)
    is_contingency = models.BooleanField("là chi phí dự phòng", default=False)
    contingency_cap = models.DecimalField("mức tối đa dự phòng (%)", max_digits=5, decimal_places=2,
                                          null=True, blank=True)
    keywords = models.TextField("từ khóa khoản mục thuộc nhóm", blank=True,
                                help_text="Mỗi dòng một cụm từ (không dấu cũng được).")
    citation = models.TextField("căn cứ")
    order = models.PositiveSmallIntegerField("thứ tự", default=10)
    history = HistoricalRecords()

    class Meta:
        ordering = ["structure", "order"]
        unique_together = [("structure", "code")]
        verbose_name = "nhóm chi phí"
        verbose_name_plural = "nhóm chi phí"

    def __str__(self):
        return f"{self.numeral}. {self.name}"


class MethodKind(models.TextChoices):
    UCP = "ucp", "Chi phí phần mềm nội bộ theo điểm trường hợp sử dụng"
    RATE = "rate", "Định mức tỷ lệ quản lý dự án, tư vấn"
    DATA = "data", "Tạo lập thông tin điện tử, số hóa"


class Method(Confirmation):
    """A calculation method in one version (CV2589, QD671, QD1688, TT194)."""

    code = models.CharField("mã", max_length=20, unique=True)
    kind = models.CharField("loại", max_length=10, choices=MethodKind.choices)
    name = models.CharField("tên", max_length=255)
    citation = models.TextField("căn cứ")
    in_force_from = models.DateField("áp dụng từ", null=True, blank=True)
    in_force_to = models.DateField("áp dụng đến", null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "sort_order"]
        verbose_name = "phương pháp tính"
        verbose_name_plural = "phương pháp tính"

    def __str__(self):
        return self.name


class Constant(Confirmation):
    """One constant of a method: a number, or a table (``{"milestones": […], "rates": […]}``)."""

    method = models.ForeignKey(Method, verbose_name="phương pháp", on_delete=models.CASCADE,
                               related_name="constants")
    key = models.CharField("khóa", max_length=60)
    label = models.CharField("nội dung", max_length=255)
    value = models.JSONField("giá trị", null=True, blank=True,
                             help_text="Để trống khi tỉnh chưa nhập: tính năng cần giá trị này sẽ báo chưa cấu hình.")
    citation = models.TextField("căn cứ")
    order = models.PositiveSmallIntegerField("thứ tự", default=10)
    history = HistoricalRecords()

    class Meta:
        ordering = ["method", "order", "key"]
        unique_together = [("method", "key")]
        verbose_name = "hằng số, bảng định mức"
        verbose_name_plural = "hằng số, bảng định mức"

    def __str__(self):
        return f"{self.method.code} · {self.label}"


# ------------------------------------------------------------------ documents


class Status(models.TextChoices):
    DRAFT = "draft", "Đơn vị đang lập"
    SUBMITTED = "submitted", "Chờ kiểm tra"
    CONCLUDED = "concluded", "Đã kết luận"


class Conclusion(models.TextChoices):
    SUITABLE = "suitable", "Dự toán phù hợp"
    ADJUST = "adjust", "Cần điều chỉnh theo ý kiến kiểm tra"
    UNSUITABLE = "unsuitable", "Không phù hợp"


STATUS_COLORS = {Status.DRAFT: "secondary", Status.SUBMITTED: "primary", Status.CONCLUDED: "success"}


class Estimate(models.Model):
    project = models.ForeignKey("projects.Project", verbose_name="nhiệm vụ/dự án", on_delete=models.PROTECT,
                                related_name="estimates")
    structure = models.ForeignKey(CostStructure, verbose_name="cơ cấu dự toán", on_delete=models.PROTECT,
                                  related_name="estimates")
    title = models.CharField("tên dự toán", max_length=500)
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    current_version = models.PositiveSmallIntegerField("phiên bản hiện hành", default=0)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="người lập")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="người gửi kiểm tra")
    submitted_at = models.DateTimeField("ngày gửi kiểm tra", null=True, blank=True)
    conclusion = models.CharField("kết luận", max_length=12, choices=Conclusion.choices, blank=True)
    conclusion_text = models.TextField("ý kiến kiểm tra", blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="người kiểm tra")
    concluded_at = models.DateTimeField("ngày kết luận", null=True, blank=True)
    concluded_version = models.PositiveSmallIntegerField("phiên bản được kết luận", null=True, blank=True)
    checked_total = models.BigIntegerField("giá trị sau kiểm tra (đồng)", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("ngày tạo", default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "dự toán"
        verbose_name_plural = "dự toán"
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return self.title

    @property
    def status_color(self):
        return STATUS_COLORS.get(self.status, "secondary")


class Source(models.TextChoices):
    IMPORT = "import", "Nhập từ Excel"
    MANUAL = "manual", "Nhập trên trang"
    COPY = "copy", "Sao từ phiên bản trước"


class EstimateVersion(models.Model):
    """One version of an estimate; its lines never change once a newer version exists or the
    estimate is submitted (a correction is a new version, and the diff shows what moved)."""

    estimate = models.ForeignKey(Estimate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("phiên bản")
    source = models.CharField("nguồn", max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    file = models.FileField(upload_to="estimates/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    declared_subtotals = models.JSONField("tổng nhóm ghi trong bảng", default=dict, blank=True,
                                          help_text="{mã nhóm: số tiền} như đơn vị ghi ở dòng tổng của nhóm.")
    declared_total = models.BigIntegerField("tổng cộng ghi trong bảng", null=True, blank=True)
    ucp = models.JSONField("tính chi phí phần mềm nội bộ", default=dict, blank=True,
                           help_text="Đầu vào và kết quả của bảng tính điểm trường hợp sử dụng kèm dự toán.")
    total_before_vat = models.BigIntegerField("cộng trước thuế", default=0)
    total_vat = models.BigIntegerField("thuế GTGT", default=0)
    total = models.BigIntegerField("tổng cộng", default=0)
    checked_at = models.DateTimeField("kiểm tra tự động lúc", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["estimate", "-number"]
        unique_together = [("estimate", "number")]
        verbose_name = "phiên bản dự toán"
        verbose_name_plural = "phiên bản dự toán"

    def __str__(self):
        return f"{self.estimate} (phiên bản {self.number})"


class Basis(models.TextChoices):
    NORM = "norm", "Định mức, đơn giá nhà nước"
    RATE = "rate", "Định mức tỷ lệ"
    QUOTE = "quote", "Báo giá"
    AWARD = "award", "Kết quả trúng thầu"
    APPRAISAL = "appraisal", "Thẩm định giá"
    SIMILAR = "similar", "Dự toán tương tự đã duyệt"
    CALCULATION = "calculation", "Tính toán (phụ lục kèm theo)"
    OTHER = "", "Chưa ghi"


class EstimateLine(models.Model):
    version = models.ForeignKey(EstimateVersion, on_delete=models.CASCADE, related_name="lines")
    group_code = models.CharField("nhóm chi phí", max_length=10)
    position = models.PositiveIntegerField("thứ tự")
    stt = models.CharField("STT", max_length=20, blank=True)
    name = models.CharField("nội dung chi phí", max_length=500)
    unit = models.CharField("đơn vị tính", max_length=50, blank=True)
    quantity = models.DecimalField("khối lượng", max_digits=18, decimal_places=4, null=True, blank=True)
    unit_price = models.BigIntegerField("đơn giá (đồng)", null=True, blank=True)
    amount = models.BigIntegerField("thành tiền (đồng)")
    vat_rate = models.DecimalField("thuế GTGT (%)", max_digits=5, decimal_places=2, default=0)
    vat_amount = models.BigIntegerField("thuế GTGT (đồng)", default=0)
    basis = models.CharField("căn cứ đơn giá", max_length=12, choices=Basis.choices, blank=True)
    evidence = models.FileField(upload_to="estimates/evidence/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    note = models.CharField("ghi chú", max_length=1000, blank=True)
    norm_key = models.CharField("định mức áp dụng", max_length=30, blank=True,
                                help_text="Với khoản tính theo định mức tỷ lệ: mã bảng định mức (qlda, lap_du_an …).")
    item_key = models.CharField(max_length=200, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["version", "position"]
        verbose_name = "khoản mục dự toán"
        verbose_name_plural = "khoản mục dự toán"

    def __str__(self):
        return self.name

    @property
    def total(self) -> int:
        return self.amount + self.vat_amount


class Level(models.TextChoices):
    ERROR = "error", "Sai"
    WARNING = "warning", "Cần xem xét"
    INFO = "info", "Thông tin"


class Flag(models.Model):
    """What an automatic check found on a version (a line, a group, or the whole estimate), with
    the evidence it rests on and the legal text it applies."""

    version = models.ForeignKey(EstimateVersion, on_delete=models.CASCADE, related_name="flags")
    line = models.ForeignKey(EstimateLine, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    group_code = models.CharField(max_length=10, blank=True)
    rule = models.CharField("quy tắc", max_length=40)
    level = models.CharField("mức", max_length=8, choices=Level.choices)
    message = models.TextField("nội dung")
    evidence = models.JSONField("bằng chứng", default=dict, blank=True)
    citation = models.CharField("căn cứ", max_length=300, blank=True)

    class Meta:
        ordering = ["version", "id"]
        verbose_name = "cảnh báo dự toán"
        verbose_name_plural = "cảnh báo dự toán"


class LineReview(models.Model):
    """The checker's comment on a line (or, with no line, on a group or the whole estimate) and
    the amount they accept; the latest review of a line is the one the appendix uses."""

    version = models.ForeignKey(EstimateVersion, on_delete=models.CASCADE, related_name="reviews")
    line = models.ForeignKey(EstimateLine, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews")
    text = models.TextField("ý kiến")
    checked_amount = models.BigIntegerField("giá trị chấp nhận (đồng, trước thuế)", null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "created_at", "id"]
        verbose_name = "ý kiến kiểm tra khoản mục"
        verbose_name_plural = "ý kiến kiểm tra khoản mục"


class PriceSource(models.TextChoices):
    ESTIMATE = "estimate", "Dự toán đã duyệt"
    AWARD = "award", "Giá trúng thầu"


class PricePoint(models.Model):
    """An earlier price: one line of an estimate concluded as suitable, or one item of a
    procurement result (``source`` award, ``package_id`` the package it was awarded in; written
    by the procurement services, which live above this app). ``tree_prefix`` is the unit tree
    (province, ministry) the price belongs to: a comparison reads its own tree only."""

    tree_prefix = models.CharField(max_length=50)
    item_key = models.CharField(max_length=200)
    unit = models.CharField(max_length=50, blank=True)
    unit_price = models.BigIntegerField()
    name = models.CharField(max_length=500)
    day = models.DateField()
    source = models.CharField(max_length=10, choices=PriceSource.choices, default=PriceSource.ESTIMATE)
    estimate = models.ForeignKey(Estimate, null=True, on_delete=models.CASCADE, related_name="+")
    line = models.ForeignKey(EstimateLine, null=True, on_delete=models.CASCADE, related_name="+")
    package_id = models.BigIntegerField(null=True, db_index=True)

    class Meta:
        verbose_name = "giá đã duyệt"
        verbose_name_plural = "giá đã duyệt"
        indexes = [models.Index(fields=["tree_prefix", "item_key"])]
