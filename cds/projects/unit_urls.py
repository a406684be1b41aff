from django.urls import path

from . import unit_views

app_name = "orgs"
urlpatterns = [
    path("", unit_views.unit_list, name="list"),
    path("<int:pk>/", unit_views.unit_detail, name="detail"),
]
