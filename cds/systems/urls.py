from django.urls import path

from .views import catalogue, imports, pages
from .views import map as system_map

app_name = "systems"

urlpatterns = [
    path("", pages.system_list, name="list"),
    path("phat-hien/", pages.findings_page, name="findings"),
    path("danh-muc-du-lieu/", catalogue.data_catalogue, name="data_catalogue"),
    path("them/", pages.system_create, name="create"),
    path("<int:pk>/", pages.system_detail, name="detail"),
    path("<int:pk>/sua/", pages.system_edit, name="edit"),
    path("<int:pk>/xac-nhan/", pages.system_attest, name="attest"),
    path("<int:pk>/du-an/", pages.link_project, name="link_project"),
    path("<int:pk>/du-an/<int:link_id>/bo/", pages.unlink_project, name="unlink_project"),
    path("<int:pk>/chi-phi/", pages.cost_save, name="cost_save"),
    path("<int:pk>/du-lieu/", pages.holding_save, name="holding_save"),
    path("<int:pk>/du-lieu/<int:holding_id>/bo/", pages.holding_remove, name="holding_remove"),
    path("<int:pk>/ket-noi/", pages.integration_add, name="integration_add"),
    path("<int:pk>/ket-noi/<int:integration_id>/", pages.integration_edit, name="integration_edit"),
    path("<int:pk>/ket-noi/<int:integration_id>/xoa/", pages.integration_remove, name="integration_remove"),
    path("<int:pk>/thiet-bi/", pages.equipment_add, name="equipment_add"),
    path("thiet-bi/<int:equipment_id>/", pages.equipment_edit, name="equipment_edit"),
    path("thiet-bi/<int:equipment_id>/tinh-trang/", pages.equipment_status, name="equipment_status"),
    path("du-an/<int:project_id>/gan-he-thong/", pages.project_link, name="project_link"),
    path("du-an/<int:project_id>/thiet-bi/", pages.project_equipment, name="project_equipment"),
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
