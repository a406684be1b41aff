from django.urls import path

from .views import calculators, pages

app_name = "estimates"

urlpatterns = [
    # calculators (nothing stored)
    path("tinh/ucp/", calculators.calc_ucp, name="calc_ucp"),
    path("tinh/dinh-muc-ty-le/", calculators.calc_rates, name="calc_rates"),
    path("tinh/tao-lap-du-lieu/", calculators.calc_data, name="calc_data"),
    # pages of estimates
    path("", pages.estimate_list, name="list"),
    path("kiem-tra/", pages.worklist, name="worklist"),
    path("du-an/<int:project_id>/lap/", pages.estimate_create, name="create"),
    path("<int:pk>/", pages.estimate_detail, name="detail"),
    path("<int:pk>/so-sanh/", pages.version_diff, name="diff"),
    path("<int:pk>/mau.xlsx", pages.sheet_template, name="template"),
    path("<int:pk>/nhap/", pages.sheet_preview, name="preview"),
    path("<int:pk>/nhap/xac-nhan/", pages.sheet_import, name="import"),
    path("<int:pk>/phien-ban/<int:number>/tep/", pages.version_file, name="version_file"),
    path("<int:pk>/khoan-muc/them/", pages.line_edit, name="line_add"),
    path("<int:pk>/khoan-muc/<int:line_id>/", pages.line_edit, name="line_edit"),
    path("<int:pk>/khoan-muc/<int:line_id>/bo/", pages.line_delete, name="line_delete"),
    path("<int:pk>/khoan-muc/<int:line_id>/can-cu/", pages.evidence_download, name="evidence"),
    path("<int:pk>/khoan-muc/<int:line_id>/can-cu/tai-len/", pages.evidence_add, name="evidence_add"),
    path("<int:pk>/ucp/", pages.ucp_attach, name="ucp"),
    path("<int:pk>/gui/", pages.estimate_submit, name="submit"),
    path("<int:pk>/y-kien/", pages.line_review, name="review"),
    path("<int:pk>/ket-luan/", pages.estimate_conclude, name="conclude"),
    path("<int:pk>/du-toan.xlsx", pages.export_xlsx, name="export_xlsx"),
    path("<int:pk>/phu-luc.docx", pages.export_docx, name="export_docx"),
]
