from django.urls import include, path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("moi/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/sua/", views.project_edit, name="edit"),
    path("<int:pk>/chuyen/<slug:action>/", views.project_transition, name="transition"),
    path("<int:pk>/giam-quy-mo/", views.project_scale_down, name="scale_down"),
    path("<int:pk>/ngan-sach/", views.budget_add, name="budget_add"),
    path("<int:pk>/ngan-sach/<int:entry_id>/huy/", views.budget_void, name="budget_void"),
    path("<int:pk>/van-ban/", views.document_add, name="document_add"),
    path("<int:pk>/van-ban/<int:doc_id>/tai/", views.document_download, name="document_download"),
    path("<int:pk>/van-ban/<int:doc_id>/go/", views.document_remove, name="document_remove"),
    path("<int:pk>/su-kien/<int:event_id>/giam-sat/", views.event_check, name="event_check"),
    path("", include("cds.projects.io_urls")),
]
