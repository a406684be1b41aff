"""Catalogues editable by administrators: programmes, funding sources, capabilities and
data entities. Projects (and later systems and platforms) are tagged with them; the
overlap engine uses the tags as structured signals."""
from django.db import models


class CatalogItem(models.Model):
    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=255)
    description = models.TextField("mô tả", blank=True)
    is_active = models.BooleanField("đang dùng", default=True)
    sort_order = models.PositiveIntegerField(default=100)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Programme(CatalogItem):
    """Annual CĐS plan, Đề án 06, Chính quyền điện tử, Thành phố thông minh …"""

    class Meta(CatalogItem.Meta):
        verbose_name = "chương trình, đề án, kế hoạch"
        verbose_name_plural = "chương trình, đề án, kế hoạch"


class FundingSource(CatalogItem):
    class Meta(CatalogItem.Meta):
        verbose_name = "nguồn vốn"
        verbose_name_plural = "nguồn vốn"


class Capability(CatalogItem):
    """A business capability a system provides (quản lý văn bản, một cửa, bản đồ GIS …)."""

    class Meta(CatalogItem.Meta):
        verbose_name = "năng lực nghiệp vụ"
        verbose_name_plural = "năng lực nghiệp vụ"


class DataEntity(CatalogItem):
    """A data entity whose master copy must have a single home (dân cư, đất đai, doanh nghiệp …)."""

    class Meta(CatalogItem.Meta):
        verbose_name = "thực thể dữ liệu"
        verbose_name_plural = "thực thể dữ liệu"
