from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("dieu-hanh/", views.leadership, name="leadership"),
    path("dieu-hanh/word/", views.leadership_docx, name="leadership_docx"),
    path("dieu-hanh/excel/", views.leadership_xlsx, name="leadership_xlsx"),
]
