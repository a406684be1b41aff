"""Shared and national platforms, and the overlap review queue.

A *platform* is something a project should build on instead of rebuilding: a national
platform or database (LGSP/NDXP, CSDL quốc gia về dân cư, VNeID …), a shared system of the
province (its IOC, document management, one-stop-shop) or a product on the list of common
software. Each carries aliases and the capabilities it provides; the overlap engine indexes
its name and aliases.

An *overlap pair* is a candidate duplicate the engine found (project × project or project ×
platform) with the score and the reasons at the time, and — once the CĐS authority has looked
at it — a decision with its reason. A decided pair is never proposed again; pairs marked
duplicate flag both projects.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cds.core.models import Confirmation
from cds.text.matching import shared_terms


class PlatformLevel(models.TextChoices):
    NATIONAL = "national", "Nền tảng, CSDL quốc gia"
    SHARED = "shared", "Hệ thống dùng chung của tỉnh/bộ"
    COMMON = "common", "Phần mềm phổ biến"


class Platform(Confirmation):
    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=255)
    level = models.CharField("cấp", max_length=12, choices=PlatformLevel.choices)
    aliases = models.TextField("tên gọi khác", blank=True, help_text="Mỗi dòng một tên (viết tắt, tên thường gọi).")
    description = models.TextField("mô tả, chức năng", blank=True)
    operator = models.CharField("cơ quan chủ quản, vận hành", max_length=255, blank=True)
    root_unit = models.ForeignKey(
        "orgs.Unit", verbose_name="thuộc tỉnh/bộ", null=True, blank=True, on_delete=models.PROTECT,
        help_text="Để trống với nền tảng quốc gia, phần mềm phổ biến (mọi tỉnh, bộ đều thấy).",
    )
    capabilities = models.ManyToManyField("catalog.Capability", verbose_name="năng lực cung cấp", blank=True)
    data_entities = models.ManyToManyField("catalog.DataEntity", verbose_name="dữ liệu chủ", blank=True)
    citation = models.CharField("căn cứ", max_length=500, blank=True)
    is_active = models.BooleanField("đang dùng", default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[capabilities, data_entities])

    class Meta:
        ordering = ["level", "name"]
        verbose_name = "nền tảng, hệ thống dùng chung"
        verbose_name_plural = "nền tảng, hệ thống dùng chung"

    def __str__(self):
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]


class PairStatus(models.TextChoices):
    PENDING = "pending", "Chờ xem xét"
    DUPLICATE = "duplicate", "Trùng lặp"
    RELATED = "related", "Có liên quan"
    UNRELATED = "unrelated", "Không liên quan"


class OverlapPair(models.Model):
    """``project`` is always the lower id of two projects (or the project of a project ×
    platform pair), so a pair exists once whichever side it was found from."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="overlaps_as_a")
    other_project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="overlaps_as_b")
    platform = models.ForeignKey(Platform, null=True, blank=True, on_delete=models.CASCADE, related_name="overlaps")
    score = models.FloatField("độ tương đồng")
    terms = models.JSONField("từ khóa chung", default=list)
    signals = models.JSONField("dấu hiệu khác", default=list)
    status = models.CharField("kết luận", max_length=10, choices=PairStatus.choices, default=PairStatus.PENDING,
                              db_index=True)
    reason = models.TextField("lý do", blank=True)
    found_at = models.DateTimeField("ngày phát hiện", default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="người kết luận")
    decided_at = models.DateTimeField("ngày kết luận", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = "cặp nghi trùng lặp"
        verbose_name_plural = "cặp nghi trùng lặp"
        constraints = [
            models.UniqueConstraint(fields=["project", "other_project"], condition=Q(other_project__isnull=False),
                                    name="overlap_pair_projects_once"),
            models.UniqueConstraint(fields=["project", "platform"], condition=Q(platform__isnull=False),
                                    name="overlap_pair_platform_once"),
            models.CheckConstraint(
                condition=(Q(other_project__isnull=False, platform__isnull=True)
                           | Q(other_project__isnull=True, platform__isnull=False)),
                name="overlap_pair_one_other"),
            models.CheckConstraint(condition=Q(other_project__isnull=True) | Q(project__lt=models.F("other_project")),
                                   name="overlap_pair_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-score"])]

    @property
    def other(self):
        return self.other_project or self.platform

    @property
    def shared_terms(self) -> list[str]:
        """The key phrases both names share, from the names as they are now (whole words as
        written, no weak terms or fillers alone: :func:`cds.text.matching.shared_terms`); for a
        platform, its name or the alias closest to the project's name."""
        names = [self.other_project.name] if self.other_project_id else [self.platform.name, *self.platform.alias_list]
        return max((shared_terms(self.project.name, n) for n in names), key=len)

    @property
    def explanation(self) -> str:
        return explain(self.shared_terms, self.signals)


SIGNAL_LABELS = {"capability": "Cùng năng lực", "data_entity": "Cùng dữ liệu", "unit": "Cùng đơn vị",
                 "years": "Thời gian trùng", "via": "Cùng giống với"}


def explain(terms: list[str], signals: list[dict]) -> str:
    """"Từ khóa chung: cơ sở dữ liệu đất đai · Cùng năng lực: Quản lý đất đai · Thời gian trùng: 2024–2025"."""
    parts = []
    if terms:
        parts.append("Từ khóa chung: " + ", ".join(terms))
    for s in signals:
        label = SIGNAL_LABELS.get(s.get("kind"), s.get("kind"))
        parts.append(f"{label}: {s['label']}" if s.get("label") else label)
    return " · ".join(parts) or "Tên gần giống"
