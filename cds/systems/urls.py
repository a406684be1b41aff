from django.urls import path

from .views import imports
from .views import map as system_map

app_name = "systems"

urlpatterns = [
    path("nhap-excel/", imports.import_upload, name="import"),
    path("nhap-excel/mau/", imports.import_template, name="import_template"),
    path("nhap-excel/xac-nhan/", imports.import_confirm, name="import_confirm"),
    # the map and the inventory's exports
    path("ban-do/", system_map.map_page, name="map"),
    path("ban-do/du-lieu/", system_map.map_json, name="map_data"),
    path("ban-do/so-do.svg", system_map.map_svg, name="map_svg"),
    path("danh-muc.docx", system_map.export_docx, name="export_docx"),
    path("danh-muc.xlsx", system_map.export_xlsx, name="export_xlsx"),
]
