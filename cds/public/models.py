"""What the province publishes: a publication snapshot approved by a leader, the per-field
masking policy it was taken under, and the projects withheld from publication.

Nothing on the public page or in the open-data feeds is read from the live registry: the page
and the feeds read :class:`PublishedRecord` rows of the tree's current :class:`Snapshot`, and a
record holds only the fields the data dictionary (:mod:`cds.public.dictionary`) allows and the
policy left unmasked when the snapshot was prepared. A masked field, a withheld project, an
internal note or a document never enters a record, so it cannot leak from one.
"""
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from cds.core.history import HistoricalRecords


class Dataset(models.TextChoices):
    PROJECTS = "projects", "Nhiệm vụ, dự án"
    SYSTEMS = "systems", "Hệ thống thông tin"
    LIBRARY = "library", "Mô hình, thiết kế điển hình"


class FieldPolicy(models.Model):
    """A tree's masking flag for one maskable field of a dataset (the dictionary gives the default
    when there is no row). Takes effect at the next snapshot."""

    root_unit = models.ForeignKey("orgs.Unit", verbose_name="tỉnh/bộ", on_delete=models.PROTECT, related_name="+")
    dataset = models.CharField("bộ dữ liệu", max_length=10, choices=Dataset.choices)
    field = models.CharField("trường", max_length=40)
    masked = models.BooleanField("ẩn khỏi công khai", default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["root_unit", "dataset", "field"], name="public_field_policy")]
        verbose_name = "chính sách ẩn trường"
        verbose_name_plural = "chính sách ẩn trường"


class Withholding(models.Model):
    """A project kept out of publication, with the reason; lifted (never deleted) when it may be
    published again. Takes effect at the next snapshot."""

    project = models.ForeignKey("projects.Project", verbose_name="nhiệm vụ, dự án", on_delete=models.PROTECT,
                                related_name="+")
    reason = models.TextField("lý do không công bố")
    withheld_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người ghi nhận", null=True,
                                    on_delete=models.PROTECT, related_name="+")
    withheld_at = models.DateTimeField("ngày", default=timezone.now)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người bỏ", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField("ngày bỏ", null=True, blank=True)
    lift_reason = models.TextField("lý do bỏ", blank=True)
    is_active = models.BooleanField("đang áp dụng", default=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project"], condition=models.Q(is_active=True),
                                               name="public_one_active_withholding")]
        ordering = ["-withheld_at"]
        verbose_name = "dự án không công bố"
        verbose_name_plural = "dự án không công bố"


class SnapshotStatus(models.TextChoices):
    DRAFT = "draft", "Chờ lãnh đạo duyệt công bố"
    PUBLISHED = "published", "Đang công bố"
    SUPERSEDED = "superseded", "Đã được thay thế"
    REJECTED = "rejected", "Không duyệt công bố"


class Snapshot(models.Model):
    """One publication of a tree: prepared by the CĐS authority from the registry as of a date,
    approved (or rejected) by a leader who did not prepare it. Once published it never changes;
    the next approved snapshot supersedes it."""

    root_unit = models.ForeignKey("orgs.Unit", verbose_name="tỉnh/bộ", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField("số thứ tự")
    status = models.CharField("tình trạng", max_length=10, choices=SnapshotStatus.choices,
                              default=SnapshotStatus.DRAFT, db_index=True)
    as_of = models.DateField("số liệu đến ngày")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người lập", null=True,
                                    on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField("ngày lập", default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="lãnh đạo duyệt", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("ngày duyệt", null=True, blank=True)
    decision_note = models.TextField("ý kiến lãnh đạo", blank=True)
    published_at = models.DateTimeField("ngày công bố", null=True, blank=True)
    policy = models.JSONField("chính sách ẩn trường khi lập", default=dict)  # {dataset: [masked field, …]}
    summary = models.JSONField("số liệu tổng hợp", default=dict)  # the public page's figures, from the records
    counts = models.JSONField("số bản ghi", default=dict)  # {dataset: n, "withheld": n}
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["root_unit_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["root_unit", "number"], name="public_snapshot_number")]
        indexes = [models.Index(fields=["status", "root_unit"])]
        verbose_name = "bản công bố"
        verbose_name_plural = "bản công bố"

    def __str__(self):
        return f"Bản công bố số {self.number}"


class TextJSONEncoder(DjangoJSONEncoder):
    """Stores the text as written (no \\u escapes): the feeds send a record's stored JSON as it is."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class PublishedRecord(models.Model):
    """One record of a snapshot: the public fields of a project, a system or a library entry."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="records")
    dataset = models.CharField(max_length=10, choices=Dataset.choices)
    key = models.PositiveIntegerField()  # the source record's id
    code = models.CharField(max_length=40)
    last_modified = models.DateTimeField()
    data = models.JSONField(default=dict, encoder=TextJSONEncoder)

    class Meta:
        ordering = ["snapshot", "dataset", "key"]
        # The feeds' order: one dataset's records, snapshot by snapshot, by key — read in index order
        # (no sort of every record before a page's offset).
        indexes = [models.Index(fields=["dataset", "snapshot", "key"], name="public_record_feed")]
        constraints = [models.UniqueConstraint(fields=["snapshot", "dataset", "key"], name="public_record_key")]
        verbose_name = "bản ghi công bố"
        verbose_name_plural = "bản ghi công bố"
