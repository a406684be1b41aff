from django.urls import path

from .views import imports

app_name = "systems"

urlpatterns = [
    path("nhap-excel/", imports.import_upload, name="import"),
    path("nhap-excel/mau/", imports.import_template, name="import_template"),
    path("nhap-excel/xac-nhan/", imports.import_confirm, name="import_confirm"),
]
