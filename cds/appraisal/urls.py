from django.urls import path

from .views import dossiers, rules, tracking

app_name = "appraisal"

urlpatterns = [
    path("", tracking.tracking, name="tracking"),
    path("quy-tac/", rules.rules, name="rules"),
    path("du-an/<int:project_id>/lap-ho-so/", dossiers.dossier_create, name="create"),
    path("ho-so/<int:pk>/", dossiers.dossier_detail, name="dossier"),
    path("ho-so/<int:pk>/tai-lieu/", dossiers.document_add, name="document_add"),
    path("ho-so/<int:pk>/tai-lieu/<int:doc_id>/", dossiers.document_download, name="document_download"),
    path("ho-so/<int:pk>/trinh/", dossiers.dossier_submit, name="submit"),
    path("ho-so/<int:pk>/yeu-cau-bo-sung/", dossiers.supplement_request, name="supplement_request"),
    path("ho-so/<int:pk>/bo-sung/", dossiers.supplement, name="supplement"),
    path("ho-so/<int:pk>/xin-y-kien/", dossiers.opinion_request, name="opinion_request"),
    path("y-kien/<int:opinion_id>/tra-loi/", dossiers.opinion_answer, name="opinion_answer"),
    path("y-kien/<int:opinion_id>/tep/", dossiers.opinion_file, name="opinion_file"),
    path("ho-so/<int:pk>/kiem-tra/", dossiers.checklist_save, name="checklist"),
    path("ho-so/<int:pk>/ket-luan/", dossiers.dossier_conclude, name="conclude"),
    path("ho-so/<int:pk>/giam-sat/", dossiers.dossier_countersign, name="countersign"),
    path("ho-so/<int:pk>/phe-duyet/", dossiers.dossier_decide, name="decide"),
    path("ho-so/<int:pk>/bao-cao.docx", dossiers.report_docx, name="report"),
    path("ho-so/<int:pk>/du-thao-quyet-dinh.docx", dossiers.decision_docx, name="decision_draft"),
]
