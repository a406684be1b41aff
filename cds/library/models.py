"""The library of good practices: models, good ways of working and typical designs
("các mô hình, cách làm hay, hiệu quả; các thiết kế điển hình, thông dụng") that other units
can learn from and reuse.

* A :class:`Practice` is proposed by a unit (or nominated from an effectiveness review rated
  "Hiệu quả"), checked by the CĐS authority — never by the one who submitted it — and published.
  It is linked to the projects and systems that prove it, carries its measured results
  (:class:`PracticeResult`, before/after, taken from the reviews' indicators where they exist),
  its documents (:class:`PracticeDocument`: typical design, specification, cost) and its tags
  (capabilities, data entities, programmes), and the conditions under which it can be reused.
* A :class:`Reuse` links a new proposal (a project) to the practice it reuses, so reuse is
  countable: on the practice, on the dashboard and in the ranking.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from cds.core.history import HistoricalRecords


class Kind(models.TextChoices):
    MODEL = "model", "Mô hình, cách làm hay"
    DESIGN = "design", "Thiết kế điển hình, thông dụng"


class Status(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Chờ cơ quan chuyên trách CĐS kiểm tra"
    RETURNED = "returned", "Trả lại để hoàn thiện"
    PUBLISHED = "published", "Đã công bố"
    WITHDRAWN = "withdrawn", "Đã thu hồi"


class Origin(models.TextChoices):
    PROPOSED = "proposed", "Đơn vị đề xuất"
    NOMINATED = "nominated", "Đề cử từ báo cáo đánh giá hiệu quả"


class Practice(models.Model):
    code = models.CharField("mã", max_length=20, unique=True, editable=False)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.MODEL)
    title = models.CharField("tên mô hình", max_length=300)
    problem = models.TextField("vấn đề cần giải quyết")
    solution = models.TextField("giải pháp, cách làm")
    results_summary = models.TextField("kết quả đạt được", blank=True)
    lessons = models.TextField("bài học kinh nghiệm", blank=True)
    reuse_conditions = models.TextField("điều kiện áp dụng, nhân rộng", blank=True)
    keywords = models.CharField("từ khóa", max_length=300, blank=True)
    unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị thực hiện", on_delete=models.PROTECT,
                             related_name="+")
    root_unit = models.ForeignKey("orgs.Unit", verbose_name="thuộc tỉnh/bộ", on_delete=models.PROTECT,
                                  related_name="+", editable=False)
    origin = models.CharField("nguồn", max_length=10, choices=Origin.choices, default=Origin.PROPOSED)
    review = models.ForeignKey("reviews.Review", verbose_name="báo cáo đánh giá đề cử", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    projects = models.ManyToManyField("projects.Project", verbose_name="nhiệm vụ, dự án chứng minh", blank=True,
                                      related_name="+")
    systems = models.ManyToManyField("systems.InformationSystem", verbose_name="hệ thống thông tin", blank=True,
                                     related_name="+")
    capabilities = models.ManyToManyField("catalog.Capability", verbose_name="năng lực nghiệp vụ", blank=True,
                                          related_name="+")
    data_entities = models.ManyToManyField("catalog.DataEntity", verbose_name="thực thể dữ liệu", blank=True,
                                           related_name="+")
    programmes = models.ManyToManyField("catalog.Programme", verbose_name="chương trình", blank=True,
                                        related_name="+")
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    search_text = models.TextField(editable=False, default="")  # folded: title, problem, solution, keywords, unit
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người lập", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("ngày lập", default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người gửi", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("ngày gửi", null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người kiểm tra", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField("ngày kiểm tra", null=True, blank=True)
    check_note = models.TextField("ý kiến kiểm tra", blank=True)
    published_at = models.DateTimeField("ngày công bố", null=True, blank=True)
    withdrawn_reason = models.TextField("lý do thu hồi", blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField("cập nhật", default=timezone.now, db_index=True)
    history = HistoricalRecords(excluded_fields=["version", "search_text"])

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["root_unit", "status"])]
        verbose_name = "mô hình, thiết kế điển hình"
        verbose_name_plural = "mô hình, thiết kế điển hình"

    def __str__(self):
        return f"{self.code} {self.title}"


class PracticeResult(models.Model):
    """One measured result: an indicator before and after (from a review's indicator where one
    exists, else as the unit wrote it)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveSmallIntegerField(default=0)
    indicator_name = models.CharField("chỉ tiêu", max_length=255)
    measure_unit = models.CharField("đơn vị tính", max_length=30, blank=True)
    before = models.DecimalField("trước", max_digits=18, decimal_places=2, null=True, blank=True)
    after = models.DecimalField("sau", max_digits=18, decimal_places=2, null=True, blank=True)
    measured_on = models.DateField("thời điểm đo", null=True, blank=True)
    indicator = models.ForeignKey("reviews.Indicator", verbose_name="chỉ tiêu đánh giá", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    source_review = models.ForeignKey("reviews.Review", verbose_name="lấy từ báo cáo đánh giá", null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("nguồn số liệu, ghi chú", max_length=500, blank=True)

    class Meta:
        ordering = ["practice", "position", "pk"]
        verbose_name = "kết quả đo được"
        verbose_name_plural = "kết quả đo được"


class DocKind(models.TextChoices):
    DESIGN = "design", "Thiết kế điển hình"
    SPEC = "spec", "Yêu cầu kỹ thuật, đặc tả"
    COST = "cost", "Chi phí, dự toán tham khảo"
    OTHER = "other", "Tài liệu khác"


class PracticeDocument(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("loại tài liệu", max_length=10, choices=DocKind.choices)
    title = models.CharField("tên tài liệu", max_length=300)
    file = models.FileField(upload_to="library/%Y/")
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)
    is_removed = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["practice", "kind", "pk"]
        verbose_name = "tài liệu của mô hình"
        verbose_name_plural = "tài liệu của mô hình"


class Reuse(models.Model):
    """A proposal that reuses a practice: started with "Tái sử dụng mô hình" from the practice."""

    practice = models.ForeignKey(Practice, verbose_name="mô hình", on_delete=models.PROTECT, related_name="reuses")
    project = models.OneToOneField("projects.Project", verbose_name="nhiệm vụ, dự án", on_delete=models.PROTECT,
                                   related_name="+")
    unit = models.ForeignKey("orgs.Unit", verbose_name="đơn vị tái sử dụng", on_delete=models.PROTECT,
                             related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("ngày", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "tái sử dụng mô hình"
        verbose_name_plural = "tái sử dụng mô hình"
