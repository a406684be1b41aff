"""Routes of the registry: at /du-an/ in the "projects" namespace the pages, then the Excel
export and import (``urlpatterns``); at /don-vi/ in the "orgs" namespace the units directory
(``unit_urls``, included by ``config/urls.py`` as ``include((unit_urls, "orgs"))`` so the
``orgs:list`` / ``orgs:detail`` names stay as they were)."""
from django.urls import path

from .views import io, pages, units

app_name = "projects"

page_urls = [
    path("", pages.project_list, name="list"),
    path("moi/", pages.project_create, name="create"),
    path("<int:pk>/", pages.project_detail, name="detail"),
    path("<int:pk>/sua/", pages.project_edit, name="edit"),
    path("<int:pk>/chuyen/<slug:action>/", pages.project_transition, name="transition"),
    path("<int:pk>/giam-quy-mo/", pages.project_scale_down, name="scale_down"),
    path("<int:pk>/ngan-sach/", pages.budget_add, name="budget_add"),
    path("<int:pk>/ngan-sach/<int:entry_id>/huy/", pages.budget_void, name="budget_void"),
    path("<int:pk>/van-ban/", pages.document_add, name="document_add"),
    path("<int:pk>/van-ban/<int:doc_id>/tai/", pages.document_download, name="document_download"),
    path("<int:pk>/van-ban/<int:doc_id>/go/", pages.document_remove, name="document_remove"),
    path("<int:pk>/su-kien/<int:event_id>/giam-sat/", pages.event_check, name="event_check"),
]

io_urls = [
    path("xuat-excel/", io.export_xlsx, name="export"),
    path("nhap-excel/", io.import_upload, name="import"),
    path("nhap-excel/mau/", io.import_template, name="import_template"),
    path("nhap-excel/xac-nhan/", io.import_confirm, name="import_confirm"),
]

urlpatterns = page_urls + io_urls

unit_urls = [
    path("", units.unit_list, name="list"),
    path("<int:pk>/", units.unit_detail, name="detail"),
]
