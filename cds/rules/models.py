"""Rules are data keyed by legal regime (design.md). This issue needs the regime itself;
thresholds, deadlines and checklists hang off it in the appraisal work."""
from django.db import models


class LegalRegime(models.Model):
    code = models.CharField("mã", max_length=30, unique=True)
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=60)
    in_force_from = models.DateField("hiệu lực từ", null=True, blank=True)
    in_force_to = models.DateField("hết hiệu lực", null=True, blank=True)
    citation = models.TextField("căn cứ, nguồn", blank=True)
    needs_confirmation = models.BooleanField(
        "cần xác nhận", default=False,
        help_text="Giá trị chưa được kiểm chứng trên văn bản gốc ([U] trong domain.md).",
    )
    sort_order = models.PositiveIntegerField(default=100)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "chế độ pháp lý"
        verbose_name_plural = "chế độ pháp lý"

    def __str__(self):
        return self.short_name

    @classmethod
    def for_date(cls, day):
        """The regime in force on ``day`` (the latest one whose period contains it)."""
        qs = cls.objects.filter(models.Q(in_force_from__isnull=True) | models.Q(in_force_from__lte=day))
        qs = qs.filter(models.Q(in_force_to__isnull=True) | models.Q(in_force_to__gte=day))
        return qs.order_by("-in_force_from").first()
