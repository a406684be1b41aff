"""The systems map: the information systems of a province (or ministry) and of the nation, the
projects that build them, the equipment projects bought, the integrations between systems and
the data entities each system is the master of.

One catalogue: the national platforms and databases, the common software and the province's own
systems are all :class:`InformationSystem` rows, told apart by ``category``. A row with no
``root_unit`` (national platforms, common software) is seen by every tree; a row of a province
belongs to its tree and is owned by one unit of it. The overlap engine indexes every active row.

Findings (an entity with two masters, a system connected to nothing …) are computed from these
rows when asked (``findings.py``), never stored; the completeness score is computed by the
published scheme (``CompletenessScheme``); the quality seal is the owner head's attestation,
kept on the row and broken by the services when anyone else edits the record.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cds.core.history import HistoricalRecords
from cds.core.models import Confirmation

#: How long an attestation holds before the record must be attested again.
SEAL_DAYS = 365


class Category(models.TextChoices):
    NATIONAL = "national", "Nền tảng, CSDL quốc gia"
    CORE = "core", "Hệ thống lõi, dùng chung của tỉnh/bộ"
    SECTOR = "sector", "Hệ thống chuyên ngành"
    UNIT = "unit", "Hệ thống của đơn vị"
    COMMON = "common", "Phần mềm phổ biến"


#: Categories seen by every tree (they have no root unit).
SHARED_CATEGORIES = (Category.NATIONAL, Category.COMMON)


class Lifecycle(models.TextChoices):
    PLAN = "plan", "Kế hoạch"
    BUILD = "build", "Triển khai"
    OPERATE = "operate", "Vận hành"
    PHASE_OUT = "phase_out", "Thu hẹp"
    RETIRED = "retired", "Ngừng"


#: The date field that records when a system entered each phase.
LIFECYCLE_DATES = {Lifecycle.PLAN: "planned_on", Lifecycle.BUILD: "build_on", Lifecycle.OPERATE: "operate_on",
                   Lifecycle.PHASE_OUT: "phase_out_on", Lifecycle.RETIRED: "retired_on"}
ALIVE = (Lifecycle.PLAN, Lifecycle.BUILD, Lifecycle.OPERATE, Lifecycle.PHASE_OUT)


class Criticality(models.TextChoices):
    MISSION = "mission", "Trọng yếu"
    BUSINESS = "business", "Quan trọng"
    OPERATIONAL = "operational", "Hỗ trợ nghiệp vụ"
    ADMINISTRATIVE = "administrative", "Hành chính, nội bộ"


class Fit(models.IntegerChoices):
    """The 4-point scale of functional and technical fit."""

    FULL = 4, "Hoàn toàn phù hợp"
    ADEQUATE = 3, "Phù hợp"
    UNREASONABLE = 2, "Chưa phù hợp"
    INAPPROPRIATE = 1, "Không phù hợp"


class Hosting(models.TextChoices):
    PROVINCE_DC = "province_dc", "Trung tâm dữ liệu của tỉnh/bộ"
    CLOUD = "cloud", "Điện toán đám mây"
    UNIT = "unit", "Tại đơn vị"
    NATIONAL = "national", "Hạ tầng quốc gia"
    VENDOR = "vendor", "Thuê dịch vụ của nhà cung cấp"


class InformationSystem(Confirmation):
    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên hệ thống", max_length=255)
    aliases = models.TextField("tên gọi khác", blank=True, help_text="Mỗi dòng một tên (viết tắt, tên thường gọi).")
    description = models.TextField("mô tả, chức năng", blank=True)
    category = models.CharField("loại", max_length=10, choices=Category.choices, db_index=True)
    is_hub = models.BooleanField(
        "là nền tảng tích hợp, chia sẻ dữ liệu", default=False,
        help_text="LGSP của tỉnh, NDXP: các hệ thống khác kết nối qua đây thay vì kết nối trực tiếp.")
    root_unit = models.ForeignKey(
        "orgs.Unit", verbose_name="thuộc tỉnh/bộ", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Để trống với nền tảng quốc gia, phần mềm phổ biến (mọi tỉnh, bộ đều thấy).")
    owner_unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị chủ quản", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="owned_systems")
    operating_unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị vận hành", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="operated_systems")
    operator = models.CharField("cơ quan chủ quản, vận hành (ngoài tỉnh)", max_length=255, blank=True)
    user_groups = models.CharField("nhóm người dùng", max_length=500, blank=True)
    user_count = models.PositiveIntegerField("số người dùng", null=True, blank=True)
    core_system = models.ForeignKey("self", verbose_name="phát triển từ hệ thống lõi", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="derived")
    lifecycle = models.CharField("vòng đời", max_length=10, choices=Lifecycle.choices, default=Lifecycle.OPERATE,
                                 db_index=True)
    planned_on = models.DateField("ngày đưa vào kế hoạch", null=True, blank=True)
    build_on = models.DateField("ngày bắt đầu triển khai", null=True, blank=True)
    operate_on = models.DateField("ngày đưa vào vận hành", null=True, blank=True)
    phase_out_on = models.DateField("ngày bắt đầu thu hẹp", null=True, blank=True)
    retired_on = models.DateField("ngày ngừng", null=True, blank=True)
    criticality = models.CharField("mức độ quan trọng", max_length=15, choices=Criticality.choices, blank=True)
    functional_fit = models.PositiveSmallIntegerField("phù hợp nghiệp vụ", choices=Fit.choices, null=True, blank=True)
    technical_fit = models.PositiveSmallIntegerField("phù hợp kỹ thuật", choices=Fit.choices, null=True, blank=True)
    hosting = models.CharField("nơi đặt hệ thống", max_length=12, choices=Hosting.choices, blank=True)
    security_level = models.PositiveSmallIntegerField("cấp độ an toàn thông tin", null=True, blank=True,
                                                      choices=[(i, f"Cấp độ {i}") for i in range(1, 6)])
    security_decision = models.CharField("quyết định phê duyệt cấp độ", max_length=120, blank=True)
    security_decision_on = models.DateField("ngày phê duyệt cấp độ", null=True, blank=True)
    vendor = models.CharField("nhà cung cấp", max_length=255, blank=True)
    contract = models.CharField("hợp đồng", max_length=255, blank=True)
    capabilities = models.ManyToManyField("catalog.Capability", verbose_name="năng lực cung cấp", blank=True)
    citation = models.CharField("căn cứ", max_length=500, blank=True)
    # the quality seal (LeanIX-style): the owner unit's head attests; broken by others' edits
    attested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="người xác nhận")
    attested_at = models.DateTimeField("ngày xác nhận", null=True, blank=True)
    seal_broken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name="người sửa sau xác nhận")
    seal_broken_at = models.DateTimeField("ngày sửa sau xác nhận", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("ngày tạo", default=timezone.now)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)
    search_text = models.TextField(editable=False, default="")  # folded name, aliases and code
    history = HistoricalRecords(m2m_fields=[capabilities], excluded_fields=["search_text", "updated_at"])

    class Meta:
        ordering = ["category", "name"]
        verbose_name = "hệ thống thông tin"
        verbose_name_plural = "hệ thống thông tin"
        indexes = [models.Index(fields=["root_unit", "category"]), models.Index(fields=["owner_unit", "lifecycle"])]

    def __str__(self):
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    @property
    def is_alive(self) -> bool:
        return self.lifecycle != Lifecycle.RETIRED

    @property
    def lifecycle_date(self):
        """The date the system entered its current phase."""
        return getattr(self, LIFECYCLE_DATES[self.lifecycle])

    @property
    def is_shared(self) -> bool:
        """Seen by every tree (a national platform or common software)."""
        return self.root_unit_id is None

    def seal_state(self, now=None) -> tuple[str, str]:
        """(state, Vietnamese reading): ``valid``, ``broken``, ``expired`` or ``none``."""
        now = now or timezone.now()
        if self.attested_at is None:
            if self.seal_broken_at is not None:
                return "broken", "Mất dấu xác nhận: có người khác sửa sau khi lãnh đạo đơn vị xác nhận"
            return "none", "Chưa được lãnh đạo đơn vị chủ quản xác nhận"
        if now - self.attested_at > dt.timedelta(days=SEAL_DAYS):
            return "expired", f"Hết hiệu lực xác nhận (quá {SEAL_DAYS // 30} tháng), lãnh đạo đơn vị xác nhận lại"
        return "valid", "Đã được lãnh đạo đơn vị chủ quản xác nhận"


class SystemCost(models.Model):
    """One record per system per year (as Japan's IT Dashboard): what running it cost and what
    developing it cost that year, integer VND."""

    system = models.ForeignKey(InformationSystem, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField("năm")
    operating_cost = models.BigIntegerField("chi phí vận hành (đồng)", default=0)
    development_cost = models.BigIntegerField("chi phí phát triển, nâng cấp (đồng)", default=0)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "-year"]
        unique_together = [("system", "year")]
        verbose_name = "chi phí hằng năm của hệ thống"
        verbose_name_plural = "chi phí hằng năm của hệ thống"


class ProjectRole(models.TextChoices):
    BUILD = "build", "Xây dựng"
    UPGRADE = "upgrade", "Nâng cấp, mở rộng"
    INTEGRATE = "integrate", "Tích hợp, kết nối"
    MIGRATE = "migrate", "Chuyển đổi, di chuyển"
    RETIRE = "retire", "Thay thế, ngừng"


class SystemProject(models.Model):
    system = models.ForeignKey(InformationSystem, on_delete=models.CASCADE, related_name="project_links")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="system_links")
    role = models.CharField("vai trò của dự án", max_length=10, choices=ProjectRole.choices)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "project"]
        verbose_name = "dự án của hệ thống"
        verbose_name_plural = "dự án của hệ thống"
        constraints = [models.UniqueConstraint(fields=["system", "project", "role"], name="system_project_role_once")]


class EquipmentStatus(models.TextChoices):
    IN_USE = "in_use", "Đang sử dụng"
    NOT_USED = "not_used", "Chưa đưa vào sử dụng"
    IDLE = "idle", "Không sử dụng"
    BROKEN = "broken", "Hỏng"
    DISPOSED = "disposed", "Đã thanh lý"


#: Statuses counted as "equipment bought and not serving" in the figures.
WASTED = (EquipmentStatus.NOT_USED, EquipmentStatus.IDLE, EquipmentStatus.BROKEN)


class Equipment(models.Model):
    project = models.ForeignKey("projects.Project", verbose_name="dự án mua sắm", on_delete=models.PROTECT,
                                related_name="equipment")
    system = models.ForeignKey(InformationSystem, verbose_name="thuộc hệ thống", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="equipment")
    kind = models.CharField("loại thiết bị", max_length=255)
    model = models.CharField("chủng loại, model", max_length=255, blank=True)
    quantity = models.PositiveIntegerField("số lượng", default=1)
    location = models.CharField("nơi lắp đặt", max_length=255, blank=True)
    accepted_on = models.DateField("ngày nghiệm thu", null=True, blank=True)
    warranty_until = models.DateField("hết bảo hành", null=True, blank=True)
    status = models.CharField("tình trạng", max_length=10, choices=EquipmentStatus.choices,
                              default=EquipmentStatus.IN_USE, db_index=True)
    status_on = models.DateField("ngày ghi nhận tình trạng", default=dt.date.today)
    status_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="người báo tình trạng")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["project", "kind", "id"]
        verbose_name = "thiết bị"
        verbose_name_plural = "thiết bị"

    def __str__(self):
        return f"{self.kind} ({self.quantity})"


class Mechanism(models.TextChoices):
    HUB = "hub", "Qua nền tảng tích hợp (LGSP, NDXP)"
    DIRECT = "direct", "Kết nối trực tiếp (điểm – điểm)"
    FILE = "file", "Trao đổi tệp, thủ công"


class IntegrationStatus(models.TextChoices):
    PLANNED = "planned", "Kế hoạch"
    ACTIVE = "active", "Đang hoạt động"
    SUSPENDED = "suspended", "Tạm dừng"
    ENDED = "ended", "Đã ngừng"


class Integration(models.Model):
    """A link from ``source`` to ``target`` (both ways when ``both_ways``), carrying data
    entities. A link to a hub (LGSP, NDXP) is an integration whose target is the hub."""

    source = models.ForeignKey(InformationSystem, verbose_name="hệ thống gửi", on_delete=models.CASCADE,
                               related_name="outgoing")
    target = models.ForeignKey(InformationSystem, verbose_name="hệ thống nhận", on_delete=models.CASCADE,
                               related_name="incoming")
    both_ways = models.BooleanField("hai chiều", default=False)
    mechanism = models.CharField("phương thức", max_length=8, choices=Mechanism.choices, default=Mechanism.HUB)
    status = models.CharField("tình trạng", max_length=10, choices=IntegrationStatus.choices,
                              default=IntegrationStatus.ACTIVE, db_index=True)
    since = models.DateField("từ ngày", null=True, blank=True)
    entities = models.ManyToManyField("catalog.DataEntity", verbose_name="dữ liệu trao đổi", blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[entities], excluded_fields=["version"])

    class Meta:
        ordering = ["source", "target"]
        verbose_name = "kết nối, tích hợp"
        verbose_name_plural = "kết nối, tích hợp"
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="integration_once"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="integration_not_self"),
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"


class HoldingRole(models.TextChoices):
    MASTER = "master", "Hệ thống chủ (dữ liệu gốc)"
    COPY = "copy", "Bản sao đồng bộ từ hệ thống chủ"
    LOCAL = "local", "Tự thu thập, lưu riêng"


class SharingClass(models.TextChoices):
    OPEN = "open", "Dữ liệu mở"
    DEFAULT = "default", "Dùng chung mặc định"
    CONDITIONAL = "conditional", "Dùng chung có điều kiện"


class DataHolding(models.Model):
    """A data entity a system holds, and how: the province's danh mục CSDL is the master rows
    (one master per entity and tree), with their sharing class."""

    system = models.ForeignKey(InformationSystem, on_delete=models.CASCADE, related_name="holdings")
    entity = models.ForeignKey("catalog.DataEntity", verbose_name="thực thể dữ liệu", on_delete=models.PROTECT,
                               related_name="holdings")
    role = models.CharField("vai trò", max_length=8, choices=HoldingRole.choices, default=HoldingRole.MASTER)
    sharing = models.CharField("phân loại chia sẻ", max_length=12, choices=SharingClass.choices, blank=True)
    database_name = models.CharField("tên cơ sở dữ liệu", max_length=255, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["entity", "system"]
        verbose_name = "dữ liệu của hệ thống"
        verbose_name_plural = "dữ liệu của hệ thống"
        constraints = [models.UniqueConstraint(fields=["system", "entity"], name="holding_once")]


class CompletenessScheme(models.Model):
    """A published, versioned weighting of what a complete system record holds (LeanIX's
    completion score): ``weights`` = {criterion code: weight}; weight 0 marks an item optional.
    The criteria are the codes of ``completeness.CRITERIA``."""

    version = models.PositiveIntegerField("phiên bản", unique=True)
    name = models.CharField("tên", max_length=255)
    weights = models.JSONField("trọng số", default=dict)
    published_on = models.DateField("ngày áp dụng")
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = "cách tính mức đầy đủ hồ sơ hệ thống"
        verbose_name_plural = "cách tính mức đầy đủ hồ sơ hệ thống"

    def __str__(self):
        return f"{self.name} (phiên bản {self.version})"
