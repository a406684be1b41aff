"""Excel import/export routes (kept apart so the import work can grow on its own)."""
from django.urls import path

from . import io_views

urlpatterns = [
    path("xuat-excel/", io_views.export_xlsx, name="export"),
    path("nhap-excel/", io_views.import_upload, name="import"),
]
