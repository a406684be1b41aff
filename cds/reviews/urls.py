from django.urls import include, path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("moi/", views.campaign_create, name="create"),
    path("bao-cao-nam/", views.campaign_open_annual, name="open_annual"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/mo/", views.campaign_open, name="open"),
    path("<int:pk>/ket-thuc/", views.campaign_close, name="close"),
    path("bao-cao/<int:pk>/", views.review_detail, name="review"),
    path("bao-cao/<int:pk>/luu/", views.review_save, name="save"),
    path("bao-cao/<int:pk>/kien-nghi/", views.review_add_issue, name="add_issue"),
    path("bao-cao/<int:pk>/kien-nghi/<int:issue_id>/tra-loi/", views.issue_answer, name="answer_issue"),
    path("bao-cao/<int:pk>/minh-chung/", views.review_add_evidence, name="add_evidence"),
    path("bao-cao/<int:pk>/minh-chung/<int:evidence_id>/tai/", views.evidence_download, name="evidence"),
    path("bao-cao/<int:pk>/gui/", views.review_submit, name="submit"),
    path("bao-cao/<int:pk>/tra-lai/", views.review_return, name="return"),
    path("bao-cao/<int:pk>/tham-tra/", views.review_assess, name="assess"),
    path("bao-cao/<int:pk>/quyet-dinh/", views.review_decide, name="decide"),
    path("bao-cao/<int:pk>/viec/<int:action_id>/hoan-thanh/", views.follow_up_done, name="follow_up_done"),
    path("", include("cds.reviews.report_urls")),
]
