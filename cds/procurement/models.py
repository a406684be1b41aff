"""Procurement (đấu thầu) of the registry's projects: how each contractor was chosen.

* **Rule data** — :class:`LawVersion` (the procurement law in force on a package's date: Luật
  Đấu thầu 22/2023, Luật 57/2024, Luật 90/2025 with NĐ 214/2025 …), and hanging off it
  :class:`MethodRule` rows (which selection method a package of a field, a kind of budget and a
  price may use, whether it must be online), each with its citation; :class:`Setting` holds the
  cut-offs the law does not fix (a price "close to" the package price, a contractor's "large
  share", the window in which packages count as one purchase), a province's own values beside the
  defaults. A new law version adds rows; old rows keep judging old packages.
* **Records** — a project's :class:`SelectionPlan` (kế hoạch lựa chọn nhà thầu, its decision and
  the national system's mã KHLCNT) and its :class:`Package` s (gói thầu, mã TBMT), each with its
  result (winning :class:`Contractor`, awarded price, bidders), the goods' :class:`AwardItem` s,
  the :class:`Contract` and its :class:`ContractPayment` s, each a share of a disbursement line of
  the project's ledger. A package is confirmed by someone other than the person who last changed
  it (maker ≠ checker); a change clears the confirmation.
* **Warnings** — :class:`Warning` rows the checks of :mod:`cds.procurement.signals` leave on a
  package: rule, level, text, evidence and citation, rebuilt for a unit when its packages change.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from cds.core.history import HistoricalRecords
from cds.core.models import Confirmation

# ------------------------------------------------------------------ choices


class Field(models.TextChoices):
    """Lĩnh vực of a package (Luật Đấu thầu Điều 4; commercial software counts as goods)."""
    CONSULTING = "consulting", "Tư vấn"
    GOODS = "goods", "Hàng hóa"
    NON_CONSULTING = "non_consulting", "Phi tư vấn"
    WORKS = "works", "Xây lắp"
    MIXED = "mixed", "Hỗn hợp"
    IT_SERVICE = "it_service", "Thuê dịch vụ CNTT"


class Method(models.TextChoices):
    """Hình thức lựa chọn nhà thầu (Luật Đấu thầu Điều 20–29b)."""
    OPEN = "open", "Đấu thầu rộng rãi"
    RESTRICTED = "restricted", "Đấu thầu hạn chế"
    COMPETITIVE = "competitive", "Chào hàng cạnh tranh"
    DIRECT = "direct", "Chỉ định thầu"
    DIRECT_SHORT = "direct_short", "Chỉ định thầu rút gọn"
    DIRECT_PURCHASE = "direct_purchase", "Mua sắm trực tiếp"
    ONLINE_QUOTE = "online_quote", "Chào giá trực tuyến"
    ONLINE_SHOP = "online_shop", "Mua sắm trực tuyến"
    SELF = "self", "Tự thực hiện"
    COMMUNITY = "community", "Tham gia thực hiện của cộng đồng"
    NEGOTIATION = "negotiation", "Đàm phán giá"
    SPECIAL = "special", "Lựa chọn nhà thầu trong trường hợp đặc biệt"
    ORDER = "order", "Đặt hàng"


class Mode(models.TextChoices):
    """Phương thức lựa chọn nhà thầu."""
    NONE = "", "—"
    ONE_STAGE_ONE = "1s1e", "Một giai đoạn một túi hồ sơ"
    ONE_STAGE_TWO = "1s2e", "Một giai đoạn hai túi hồ sơ"
    TWO_STAGE_ONE = "2s1e", "Hai giai đoạn một túi hồ sơ"
    TWO_STAGE_TWO = "2s2e", "Hai giai đoạn hai túi hồ sơ"


class Budget(models.TextChoices):
    """Whether the package buys for an investment project or from a recurrent-budget purchase
    estimate (dự toán mua sắm): the law sets different direct-appointment limits for each."""
    PROJECT = "project", "Dự án đầu tư"
    RECURRENT = "recurrent", "Dự toán mua sắm (chi thường xuyên)"


class ContractType(models.TextChoices):
    NONE = "", "—"
    LUMP_SUM = "lump_sum", "Trọn gói"
    FIXED_UNIT = "fixed_unit", "Theo đơn giá cố định"
    ADJUSTABLE_UNIT = "adjustable_unit", "Theo đơn giá điều chỉnh"
    TIME_BASED = "time_based", "Theo thời gian"
    OUTPUT = "output", "Theo kết quả đầu ra"
    MIXED = "mixed", "Hỗn hợp"


class Source(models.TextChoices):
    MANUAL = "manual", "Nhập trên hệ thống"
    SHEET = "sheet", "Nhập từ bảng Excel của đơn vị"
    NATIONAL = "national", "Nhập từ kết quả công khai trên Hệ thống mạng đấu thầu quốc gia"
    DEMO = "demo", "Dữ liệu mẫu"


class Level(models.TextChoices):
    WARNING = "warning", "Cảnh báo"
    INFO = "info", "Lưu ý"


# ------------------------------------------------------------------ rule data


class LawVersion(Confirmation):
    """The procurement law as in force from ``in_force_from``: a package is judged by the
    version in force on its date (:meth:`Package.law_date`)."""

    code = models.CharField("mã", max_length=30, unique=True)
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=80)
    in_force_from = models.DateField("hiệu lực từ")
    limits_configured = models.BooleanField(
        "đã cấu hình hạn mức", default=True,
        help_text="Bỏ chọn khi chưa nhập hạn mức các hình thức theo văn bản này: gói thầu của giai đoạn đó "
                  "được ghi là chưa kiểm tra được hạn mức, không bị coi là đúng.")
    citation = models.TextField("căn cứ")
    history = HistoricalRecords()

    class Meta:
        ordering = ["in_force_from"]
        verbose_name = "văn bản pháp luật về đấu thầu"
        verbose_name_plural = "văn bản pháp luật về đấu thầu"

    def __str__(self):
        return self.short_name

    @classmethod
    def for_date(cls, day):
        """The version in force on ``day``: the latest one that started on or before it."""
        return cls.objects.filter(in_force_from__lte=day).order_by("-in_force_from").first()


class MethodRule(Confirmation):
    """When one selection method is allowed under one law version: for packages of ``field``
    (blank: every field) bought from ``budget`` (blank: both) with a package price up to
    ``max_amount`` (blank: no limit). A method with no row is not limited by price under that
    version. ``online_required``: the selection must be held on the national e-procurement
    system (from ``online_from`` when set)."""

    law = models.ForeignKey(LawVersion, verbose_name="văn bản", on_delete=models.CASCADE, related_name="method_rules")
    method = models.CharField("hình thức", max_length=20, choices=Method.choices)
    field = models.CharField("lĩnh vực", max_length=20, choices=Field.choices, blank=True)
    budget = models.CharField("nguồn mua sắm", max_length=12, choices=Budget.choices, blank=True)
    max_amount = models.BigIntegerField(
        "giá gói thầu tối đa (đồng)", null=True, blank=True,
        help_text="Để trống nếu hình thức không bị giới hạn theo giá gói thầu; 0 nếu hình thức không được áp "
                  "dụng cho lĩnh vực, nguồn này.")
    online_required = models.BooleanField("bắt buộc qua mạng", default=False)
    online_from = models.DateField("qua mạng từ ngày", null=True, blank=True)
    citation = models.TextField("căn cứ")
    history = HistoricalRecords()

    class Meta:
        ordering = ["law__in_force_from", "method", "field", "budget"]
        unique_together = [("law", "method", "field", "budget")]
        verbose_name = "điều kiện áp dụng hình thức lựa chọn nhà thầu"
        verbose_name_plural = "điều kiện áp dụng hình thức lựa chọn nhà thầu"

    def __str__(self):
        return f"{self.law.short_name} — {self.get_method_display()}"

    def matches(self, field: str, budget: str) -> bool:
        return self.field in ("", field) and self.budget in ("", budget)


class Setting(models.Model):
    """A cut-off of the warning checks that no law fixes: the default row (``root_unit`` empty)
    and a province's or ministry's own value. Codes: :data:`cds.procurement.signals.SETTINGS`."""

    code = models.CharField("mã", max_length=40)
    root_unit = models.ForeignKey("orgs.Unit", verbose_name="tỉnh/bộ", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+",
                                  help_text="Để trống: giá trị mặc định cho mọi tỉnh, bộ.")
    value = models.DecimalField("giá trị", max_digits=14, decimal_places=4)
    note = models.TextField("giải thích", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "root_unit"]
        constraints = [models.UniqueConstraint(fields=["code", "root_unit"], name="procurement_setting_unique"),
                       models.UniqueConstraint(fields=["code"], condition=models.Q(root_unit__isnull=True),
                                               name="procurement_setting_default_unique")]
        verbose_name = "ngưỡng cảnh báo đấu thầu"
        verbose_name_plural = "ngưỡng cảnh báo đấu thầu"

    def __str__(self):
        return f"{self.code} = {self.value}"


class ColumnMapping(models.Model):
    """How the columns of one kind of sheet map to package fields: a header as written (folded
    for matching) → a field code of :data:`cds.procurement.importer.FIELDS`. Administrators add a
    row when the national system or a unit changes its columns."""

    code = models.CharField("mã", max_length=30, unique=True)
    name = models.CharField("tên", max_length=255)
    source = models.CharField("nguồn", max_length=12, choices=Source.choices)
    columns = models.JSONField("ánh xạ cột", default=dict,
                               help_text='{"Tên gói thầu": "name", "Giá gói thầu": "package_price", …}')
    note = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = "ánh xạ cột nhập gói thầu"
        verbose_name_plural = "ánh xạ cột nhập gói thầu"

    def __str__(self):
        return self.name


# ------------------------------------------------------------------ records


class Contractor(models.Model):
    """A contractor by its tax code (mã số thuế, 10 digits or 10-3 for a branch)."""

    tax_code = models.CharField("mã số thuế", max_length=14, unique=True)
    name = models.CharField("tên nhà thầu", max_length=500)
    search_name = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "nhà thầu"
        verbose_name_plural = "nhà thầu"

    def __str__(self):
        return f"{self.name} (MST {self.tax_code})"


class SelectionPlan(models.Model):
    """Kế hoạch lựa chọn nhà thầu of a project and the decision approving it."""

    project = models.ForeignKey("projects.Project", verbose_name="nhiệm vụ/dự án", on_delete=models.PROTECT,
                                related_name="selection_plans")
    name = models.CharField("tên kế hoạch", max_length=500)
    plan_code = models.CharField("mã KHLCNT", max_length=20, blank=True,
                                 help_text="Mã trên Hệ thống mạng đấu thầu quốc gia, dạng PL + 10 chữ số.")
    decision_number = models.CharField("số quyết định phê duyệt", max_length=80, blank=True)
    decision_date = models.DateField("ngày phê duyệt", null=True, blank=True)
    approver = models.CharField("người/cơ quan phê duyệt", max_length=255, blank=True)
    budget = models.CharField("nguồn mua sắm", max_length=12, choices=Budget.choices, default=Budget.PROJECT)
    source = models.CharField("nguồn dữ liệu", max_length=12, choices=Source.choices, default=Source.MANUAL)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("ngày tạo", default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["decision_date", "id"]
        constraints = [models.UniqueConstraint(fields=["plan_code"], condition=~models.Q(plan_code=""),
                                               name="procurement_plan_code_unique")]
        verbose_name = "kế hoạch lựa chọn nhà thầu"
        verbose_name_plural = "kế hoạch lựa chọn nhà thầu"

    def __str__(self):
        return self.name


class Package(models.Model):
    """Gói thầu: what the plan says (name, field, price, source of funds, method, mode, online,
    contract type, duration, start of selection, mã TBMT), then the result (contractor, awarded
    price, bidders, date). ``project`` and ``unit`` (the project's investor) are copied from the
    plan so a unit's packages are read in one indexed query."""

    plan = models.ForeignKey(SelectionPlan, verbose_name="kế hoạch lựa chọn nhà thầu", on_delete=models.PROTECT,
                             related_name="packages")
    project = models.ForeignKey("projects.Project", verbose_name="nhiệm vụ/dự án", on_delete=models.PROTECT,
                                related_name="packages")
    unit = models.ForeignKey("orgs.Unit", verbose_name="chủ đầu tư", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("tên gói thầu", max_length=500)
    search_name = models.TextField(editable=False, default="")  # the name folded: search without diacritics
    field = models.CharField("lĩnh vực", max_length=20, choices=Field.choices)
    package_price = models.BigIntegerField("giá gói thầu (đồng)")
    funding_source = models.ForeignKey("catalog.FundingSource", verbose_name="nguồn vốn", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    budget = models.CharField("nguồn mua sắm", max_length=12, choices=Budget.choices, default=Budget.PROJECT)
    method = models.CharField("hình thức lựa chọn nhà thầu", max_length=20, choices=Method.choices)
    method_ground = models.CharField(
        "căn cứ áp dụng hình thức", max_length=500, blank=True,
        help_text="Với chỉ định thầu, trường hợp đặc biệt…: trường hợp được áp dụng, ví dụ "
                  "“nhiệm vụ chuyển đổi số trọng điểm (NĐ 214/2025 Điều 78.3)”.")
    mode = models.CharField("phương thức", max_length=4, choices=Mode.choices, blank=True)
    online = models.BooleanField("lựa chọn nhà thầu qua mạng", default=False)
    contract_type = models.CharField("loại hợp đồng", max_length=20, choices=ContractType.choices, blank=True)
    duration_days = models.PositiveIntegerField("thời gian thực hiện hợp đồng (ngày)", null=True, blank=True)
    selection_start = models.DateField("thời gian bắt đầu lựa chọn nhà thầu")
    notice_code = models.CharField("mã TBMT", max_length=20, blank=True,
                                   help_text="Mã thông báo mời thầu, dạng IB + 10 chữ số + -00.")
    # the result
    contractor = models.ForeignKey(Contractor, verbose_name="nhà thầu trúng thầu", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="packages")
    awarded_price = models.BigIntegerField("giá trúng thầu (đồng)", null=True, blank=True)
    bidders = models.PositiveIntegerField("số nhà thầu dự thầu", null=True, blank=True)
    awarded_on = models.DateField("ngày phê duyệt kết quả", null=True, blank=True)
    award_decision = models.CharField("số quyết định phê duyệt kết quả", max_length=80, blank=True)
    cancelled = models.BooleanField("đã hủy thầu", default=False)
    cancel_reason = models.CharField("lý do hủy", max_length=500, blank=True)
    source = models.CharField("nguồn dữ liệu", max_length=12, choices=Source.choices, default=Source.MANUAL)
    # maker ≠ checker: who last changed it, who confirmed it
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người sửa gần nhất", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField("ngày sửa gần nhất", default=timezone.now)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người xác nhận", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField("ngày xác nhận", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("ngày tạo", default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version", "changed_at", "search_name"])

    class Meta:
        ordering = ["selection_start", "id"]
        indexes = [models.Index(fields=["selection_start", "id"]),   # the list, newest first
                   models.Index(fields=["unit", "field", "selection_start"]),
                   models.Index(fields=["contractor", "unit"]),
                   models.Index(fields=["method", "selection_start"])]
        constraints = [models.UniqueConstraint(fields=["notice_code"], condition=~models.Q(notice_code=""),
                                               name="procurement_notice_code_unique")]
        verbose_name = "gói thầu"
        verbose_name_plural = "gói thầu"

    def __str__(self):
        return self.name

    @property
    def law_date(self):
        """The day that decides which law judges the package: when selection started."""
        return self.selection_start

    @property
    def is_awarded(self) -> bool:
        return self.awarded_price is not None and not self.cancelled

    @property
    def savings(self) -> int | None:
        return self.package_price - self.awarded_price if self.is_awarded else None

    @property
    def is_checked(self) -> bool:
        return self.checked_by_id is not None


class AwardItem(models.Model):
    """One item of a goods result (TT 79/2025 Điều 20.4: name, brand, origin, unit price): the
    price the estimates' market comparison reads as evidence."""

    package = models.ForeignKey(Package, verbose_name="gói thầu", on_delete=models.CASCADE, related_name="items")
    name = models.CharField("tên hàng hóa, dịch vụ", max_length=500)
    unit = models.CharField("đơn vị tính", max_length=50, blank=True)
    quantity = models.DecimalField("số lượng", max_digits=14, decimal_places=3)
    unit_price = models.BigIntegerField("đơn giá trúng thầu (đồng)")
    brand = models.CharField("ký mã hiệu, nhãn hiệu", max_length=255, blank=True)
    origin = models.CharField("xuất xứ", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["package", "id"]
        verbose_name = "hàng hóa trúng thầu"
        verbose_name_plural = "hàng hóa trúng thầu"

    def __str__(self):
        return self.name


class Contract(models.Model):
    package = models.OneToOneField(Package, verbose_name="gói thầu", on_delete=models.PROTECT, related_name="contract")
    number = models.CharField("số hợp đồng", max_length=80)
    value = models.BigIntegerField("giá hợp đồng (đồng)")
    signed_on = models.DateField("ngày ký")
    planned_completion = models.DateField("ngày hoàn thành theo hợp đồng")
    actual_completion = models.DateField("ngày hoàn thành thực tế", null=True, blank=True)
    accepted_on = models.DateField("ngày nghiệm thu", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("ngày tạo", default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "hợp đồng"
        verbose_name_plural = "hợp đồng"

    def __str__(self):
        return f"Hợp đồng số {self.number}"


class ContractPayment(models.Model):
    """A payment under a contract: a share of one disbursement line of the project's ledger (a
    line may pay several contracts; the shares never exceed the line)."""

    contract = models.ForeignKey(Contract, verbose_name="hợp đồng", on_delete=models.PROTECT, related_name="payments")
    entry = models.ForeignKey("projects.BudgetEntry", verbose_name="dòng giải ngân", on_delete=models.PROTECT,
                              related_name="contract_payments")
    amount = models.BigIntegerField("số tiền (đồng)")
    paid_on = models.DateField("ngày thanh toán")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người ghi", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("ngày ghi", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = "thanh toán hợp đồng"
        verbose_name_plural = "thanh toán hợp đồng"

    def __str__(self):
        return f"{self.contract} — {self.amount}"


class Warning(models.Model):
    """One warning sign on a package, as the check left it: rebuilt, not edited."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="warnings")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    code = models.CharField("dấu hiệu", max_length=30)
    level = models.CharField("mức", max_length=10, choices=Level.choices, default=Level.WARNING)
    message = models.TextField("nội dung")
    citation = models.TextField("căn cứ", blank=True)
    evidence = models.JSONField("bằng chứng", default=dict, blank=True)
    law = models.ForeignKey(LawVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["package", "code", "id"]
        indexes = [models.Index(fields=["unit", "code"]), models.Index(fields=["code"])]
        verbose_name = "dấu hiệu cảnh báo đấu thầu"
        verbose_name_plural = "dấu hiệu cảnh báo đấu thầu"

    def __str__(self):
        return self.message


class Rollup(models.Model):
    """The figures of one unit's packages of one selection method started in one year, kept by the warnings' rebuild
    of that unit (:func:`cds.procurement.rollup.rebuild`): the list of a province or of the
    whole country sums a few thousand of these rows instead of aggregating every package.
    ``late_contracts`` is as of ``day`` (the daily rebuild moves it on)."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=20, choices=Method.choices)
    year = models.PositiveSmallIntegerField()   # of the selection start
    count = models.PositiveIntegerField(default=0)
    package_price = models.BigIntegerField(default=0)
    awarded_count = models.PositiveIntegerField(default=0)
    awarded_package_price = models.BigIntegerField(default=0)
    awarded_price = models.BigIntegerField(default=0)
    bidders_sum = models.BigIntegerField(default=0)
    with_bidders = models.PositiveIntegerField(default=0)
    single_bidder = models.PositiveIntegerField(default=0)
    contracts = models.PositiveIntegerField(default=0)
    late_contracts = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "method", "year"], name="procurement_rollup_unique")]
        verbose_name = "số liệu gói thầu của đơn vị"
        verbose_name_plural = "số liệu gói thầu của đơn vị"


class WarningRollup(models.Model):
    """How many warnings of one code a unit's packages of one method and year carry, and on how
    many packages."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=30)
    method = models.CharField(max_length=20, choices=Method.choices)
    year = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)
    packages = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "code", "method", "year"],
                                               name="procurement_warning_rollup_unique")]
        verbose_name = "số cảnh báo đấu thầu của đơn vị"
        verbose_name_plural = "số cảnh báo đấu thầu của đơn vị"
