from django.urls import path

from . import views

app_name = "overlap"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("kiem-tra/", views.check_hint, name="check"),
    path("quet/", views.scan, name="scan"),
    path("<int:pk>/ket-luan/", views.decide, name="decide"),
    path("ket-luan-cum/", views.decide_cluster, name="decide_cluster"),
    path("nen-tang/", views.platforms, name="platforms"),
]
