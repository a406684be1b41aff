"""Routes of the library of good practices, at /thu-vien/ in the "library" namespace."""
from django.urls import path

from .views import pages, reuse

app_name = "library"

urlpatterns = [
    path("", pages.practice_list, name="list"),
    path("moi/", pages.practice_create, name="create"),
    path("xuat-excel/", pages.practice_export, name="export"),
    path("de-cu/", pages.nominate, name="nominate"),
    path("goi-y/", reuse.suggest, name="suggest"),
    path("tai-su-dung/", reuse.reuse_list, name="reuses"),
    path("<int:pk>/", pages.practice_detail, name="detail"),
    path("<int:pk>/sua/", pages.practice_edit, name="edit"),
    path("<int:pk>/chuyen/<slug:action>/", pages.practice_transition, name="transition"),
    path("<int:pk>/ket-qua/", pages.practice_results, name="results"),
    path("<int:pk>/tai-lieu/", pages.document_add, name="document_add"),
    path("<int:pk>/tai-lieu/<int:doc_id>/tai/", pages.document_download, name="document_download"),
    path("<int:pk>/tai-lieu/<int:doc_id>/go/", pages.document_remove, name="document_remove"),
    path("<int:pk>/lien-quan/", reuse.related, name="related"),
    path("<int:pk>/tai-su-dung/", reuse.reuse_start, name="reuse"),
]
