from django.urls import path

from . import tracking_views, views

app_name = "appraisal"

urlpatterns = [
    path("", tracking_views.tracking, name="tracking"),
    path("quy-tac/", views.rules, name="rules"),
    path("du-an/<int:project_id>/lap-ho-so/", views.dossier_create, name="create"),
    path("ho-so/<int:pk>/", views.dossier_detail, name="dossier"),
    path("ho-so/<int:pk>/tai-lieu/", views.document_add, name="document_add"),
    path("ho-so/<int:pk>/tai-lieu/<int:doc_id>/", views.document_download, name="document_download"),
    path("ho-so/<int:pk>/trinh/", views.dossier_submit, name="submit"),
    path("ho-so/<int:pk>/yeu-cau-bo-sung/", views.supplement_request, name="supplement_request"),
    path("ho-so/<int:pk>/bo-sung/", views.supplement, name="supplement"),
    path("ho-so/<int:pk>/xin-y-kien/", views.opinion_request, name="opinion_request"),
    path("y-kien/<int:opinion_id>/tra-loi/", views.opinion_answer, name="opinion_answer"),
    path("y-kien/<int:opinion_id>/tep/", views.opinion_file, name="opinion_file"),
    path("ho-so/<int:pk>/kiem-tra/", views.checklist_save, name="checklist"),
    path("ho-so/<int:pk>/ket-luan/", views.dossier_conclude, name="conclude"),
    path("ho-so/<int:pk>/giam-sat/", views.dossier_countersign, name="countersign"),
    path("ho-so/<int:pk>/phe-duyet/", views.dossier_decide, name="decide"),
    path("ho-so/<int:pk>/bao-cao.docx", views.report_docx, name="report"),
    path("ho-so/<int:pk>/du-thao-quyet-dinh.docx", views.decision_docx, name="decision_draft"),
]
