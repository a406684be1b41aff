"""Consolidated report downloads (kept apart from the workflow pages); included at /danh-gia/
inside the "reviews" namespace."""
from django.urls import path

from . import report_views

urlpatterns = [
    path("<int:pk>/bao-cao.docx", report_views.report_docx, name="report_docx"),
    path("<int:pk>/bao-cao.xlsx", report_views.report_xlsx, name="report_xlsx"),
]
