"""Units (đơn vị): a forest of trees (provinces, ministries) whose nodes change over time.

A unit has a validity period and successors: Sở TT&TT (to 28/02/2025) → Sở KH&CN; the
district level ended on 30/6/2025.  Old records keep pointing at the old unit; access and
reports follow the successor links (see :mod:`cds.orgs.selectors`).
"""
from django.db import models

from cds.core.history import HistoricalRecords
from cds.text.normalize import fold, search_document


class UnitKind(models.TextChoices):
    PROVINCE = "province", "UBND tỉnh"
    DEPARTMENT = "department", "Sở, ban, ngành"
    DISTRICT = "district", "UBND cấp huyện"
    COMMUNE = "commune", "UBND cấp xã"
    POLICE = "police", "Công an tỉnh"
    PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp"
    MINISTRY = "ministry", "Bộ, ngành trung ương"
    OTHER = "other", "Khác"


class Unit(models.Model):
    code = models.CharField("mã đơn vị", max_length=40, unique=True)
    name = models.CharField("tên đầy đủ", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    kind = models.CharField("loại", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="đơn vị cấp trên", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    # Materialised path of primary keys, "/1/7/42/": a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name="đơn vị kế thừa", symmetrical=False, blank=True,
        related_name="predecessors",
    )
    note = models.TextField("ghi chú", blank=True)
    search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text", "path", "depth"])

    class Meta:
        ordering = ["path"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        if self.valid_to:
            return f"{self.name} (đến {self.valid_to:%d/%m/%Y})"
        return self.name

    @property
    def root_pk(self) -> int:
        """The id of the tree's root (the province or ministry), read from the path."""
        return int(self.path.strip("/").split("/")[0])

    @property
    def tree_prefix(self) -> str:
        """The path prefix of every unit of this unit's tree: "/<root id>/"."""
        return f"/{self.root_pk}/"

    def root(self) -> "Unit":
        return self if self.parent_id is None else Unit.objects.get(pk=self.root_pk)

    def has_ended(self, day) -> bool:
        """The unit stopped before ``day`` (merged or dissolved: ``valid_to`` is past)."""
        return self.valid_to is not None and self.valid_to < day

    @property
    def ended_message(self) -> str:
        """The refusal when an ended unit is picked for new work (one wording for the pages,
        the API and the services)."""
        return f"{self.name} đã kết thúc hoạt động ngày {self.valid_to:%d/%m/%Y}; hãy chọn đơn vị kế thừa."

    def is_active_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def refresh_search_text(self, aliases=None):
        if aliases is None:
            aliases = list(self.aliases.values_list("alias", flat=True)) if self.pk else []
        self.search_text = search_document(self.code, self.name, self.short_name, *aliases)


class UnitAlias(models.Model):
    """Other names a unit is known by: "Sở TT&TT", "STTTT", "Sở Thông tin và Truyền thông"."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField("tên gọi khác", max_length=255)
    folded = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        unique_together = [("unit", "folded")]
        verbose_name = "tên gọi khác"
        verbose_name_plural = "tên gọi khác"

    def save(self, *args, **kwargs):
        self.folded = fold(self.alias)
        super().save(*args, **kwargs)

    def __str__(self):
        return self.alias
