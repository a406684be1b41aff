from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="list"),
    path("da-doc/", views.read_all, name="read_all"),
    path("<int:pk>/da-doc/", views.read_one, name="read_one"),
]
