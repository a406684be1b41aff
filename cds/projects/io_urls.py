"""Excel import/export routes (kept apart so the import work can grow on its own)."""
from django.urls import path

from . import io_views

urlpatterns = [
    path("xuat-excel/", io_views.export_xlsx, name="export"),
    path("nhap-excel/", io_views.import_upload, name="import"),
    path("nhap-excel/mau/", io_views.import_template, name="import_template"),
    path("nhap-excel/xac-nhan/", io_views.import_confirm, name="import_confirm"),
]
