"""The overlap review queue.

What a project should build on instead of rebuilding — a national platform or database
(LGSP/NDXP, CSDL quốc gia về dân cư, VNeID …), a core system of the province (its IOC, document
management, one-stop-shop), a product on the list of common software, or any system the province
already runs — is a row of the systems map (:class:`cds.systems.models.InformationSystem`), with
its aliases and the capabilities it provides; the overlap engine indexes its name and aliases.

An *overlap pair* is a candidate duplicate the engine found (project × project or project ×
system) with the score and the reasons at the time, and — once the CĐS authority has looked
at it — a decision with its reason. A decided pair is never proposed again; pairs marked
duplicate flag both projects.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cds.core.history import HistoricalRecords
from cds.text.matching import shared_terms


class PairStatus(models.TextChoices):
    PENDING = "pending", "Chờ xem xét"
    DUPLICATE = "duplicate", "Trùng lặp"
    RELATED = "related", "Có liên quan"
    UNRELATED = "unrelated", "Không liên quan"


class OverlapPair(models.Model):
    """``project`` is always the lower id of two projects (or the project of a project ×
    system pair), so a pair exists once whichever side it was found from."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="overlaps_as_a")
    other_project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="overlaps_as_b")
    system = models.ForeignKey("systems.InformationSystem", verbose_name="hệ thống", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="overlaps")
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
            models.UniqueConstraint(fields=["project", "system"], condition=Q(system__isnull=False),
                                    name="overlap_pair_system_once"),
            models.CheckConstraint(
                condition=(Q(other_project__isnull=False, system__isnull=True)
                           | Q(other_project__isnull=True, system__isnull=False)),
                name="overlap_pair_one_other"),
            models.CheckConstraint(condition=Q(other_project__isnull=True) | Q(project__lt=models.F("other_project")),
                                   name="overlap_pair_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-score"])]

    @property
    def other(self):
        return self.other_project or self.system

    @property
    def shared_terms(self) -> list[str]:
        """The key phrases both names share, from the names as they are now (whole words as
        written, no weak terms or fillers alone: :func:`cds.text.matching.shared_terms`); for a
        system, its name or the alias closest to the project's name."""
        names = [self.other_project.name] if self.other_project_id else [self.system.name, *self.system.alias_list]
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
