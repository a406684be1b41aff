from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("xuat-excel/", views.export_xlsx, name="export"),
]
