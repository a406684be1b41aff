"""Routes of effectiveness reviews, at /danh-gia/ in the "reviews" namespace: the workflow
pages, then the consolidated report downloads."""
from django.urls import path

from .views import pages, reports

app_name = "reviews"

page_urls = [
    path("", pages.campaign_list, name="list"),
    path("moi/", pages.campaign_create, name="create"),
    path("bao-cao-nam/", pages.campaign_open_annual, name="open_annual"),
    path("<int:pk>/", pages.campaign_detail, name="campaign"),
    path("<int:pk>/mo/", pages.campaign_open, name="open"),
    path("<int:pk>/ket-thuc/", pages.campaign_close, name="close"),
    path("bao-cao/<int:pk>/", pages.review_detail, name="review"),
    path("bao-cao/<int:pk>/luu/", pages.review_save, name="save"),
    path("bao-cao/<int:pk>/kien-nghi/", pages.review_add_issue, name="add_issue"),
    path("bao-cao/<int:pk>/kien-nghi/<int:issue_id>/tra-loi/", pages.issue_answer, name="answer_issue"),
    path("bao-cao/<int:pk>/minh-chung/", pages.review_add_evidence, name="add_evidence"),
    path("bao-cao/<int:pk>/minh-chung/<int:evidence_id>/tai/", pages.evidence_download, name="evidence"),
    path("bao-cao/<int:pk>/gui/", pages.review_submit, name="submit"),
    path("bao-cao/<int:pk>/tra-lai/", pages.review_return, name="return"),
    path("bao-cao/<int:pk>/tham-tra/", pages.review_assess, name="assess"),
    path("bao-cao/<int:pk>/quyet-dinh/", pages.review_decide, name="decide"),
    path("bao-cao/<int:pk>/viec/<int:action_id>/hoan-thanh/", pages.follow_up_done, name="follow_up_done"),
]

report_urls = [
    path("<int:pk>/bao-cao.docx", reports.report_docx, name="report_docx"),
    path("<int:pk>/bao-cao.xlsx", reports.report_xlsx, name="report_xlsx"),
]

urlpatterns = page_urls + report_urls
