from django.urls import path

from .views import map as system_map

app_name = "systems"

#: The map and the inventory's exports (the list, detail and edit pages are added beside them).
map_urls = [
    path("ban-do/", system_map.map_page, name="map"),
    path("ban-do/du-lieu/", system_map.map_json, name="map_data"),
    path("ban-do/so-do.svg", system_map.map_svg, name="map_svg"),
    path("danh-muc.docx", system_map.export_docx, name="export_docx"),
    path("danh-muc.xlsx", system_map.export_xlsx, name="export_xlsx"),
]

urlpatterns = [
    *map_urls,
    # until the system pages arrive: the map links to /he-thong/<id>/
    path("<int:pk>/", system_map.map_page, name="detail"),
]
