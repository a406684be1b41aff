from django.urls import path

from . import leadership_views, views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("dieu-hanh/", leadership_views.leadership, name="leadership"),
    path("dieu-hanh/word/", leadership_views.leadership_docx, name="leadership_docx"),
    path("dieu-hanh/excel/", leadership_views.leadership_xlsx, name="leadership_xlsx"),
]
