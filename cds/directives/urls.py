from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("", views.home, name="home"),
    path("van-ban/", views.directive_list, name="directives"),
    path("van-ban/moi/", views.directive_create, name="directive_create"),
    path("van-ban/<int:pk>/", views.directive_detail, name="directive"),
    path("van-ban/<int:pk>/sua/", views.directive_edit, name="directive_edit"),
    path("van-ban/<int:pk>/tep/", views.directive_file, name="directive_file"),
    path("van-ban/<int:pk>/trich-xuat/", views.assistant, name="assistant"),
    path("van-ban/<int:pk>/nhiem-vu/moi/", views.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/xoa/", views.task_delete, name="task_delete"),
    path("nhiem-vu/<int:pk>/bao-cao/", views.task_report, name="task_report"),
    path("nhiem-vu/<int:pk>/bao-cao/<int:report_id>/minh-chung/", views.report_evidence, name="report_evidence"),
    path("nhiem-vu/<int:pk>/gia-han/", views.task_extension, name="task_extension"),
    path("nhiem-vu/<int:pk>/gia-han/<int:req_id>/quyet-dinh/", views.extension_decide, name="extension_decide"),
    path("lich/", views.calendar, name="calendar"),
    path("don-vi/", views.performance, name="performance"),
]
