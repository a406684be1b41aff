from django.urls import path

from .views import directives, overview, tasks

app_name = "directives"

urlpatterns = [
    path("", overview.home, name="home"),
    path("xuat-excel/", overview.export_xlsx, name="export"),
    path("van-ban/", directives.directive_list, name="directives"),
    path("van-ban/moi/", directives.directive_create, name="directive_create"),
    path("van-ban/<int:pk>/", directives.directive_detail, name="directive"),
    path("van-ban/<int:pk>/sua/", directives.directive_edit, name="directive_edit"),
    path("van-ban/<int:pk>/tep/", directives.directive_file, name="directive_file"),
    path("van-ban/<int:pk>/trich-xuat/", directives.assistant, name="assistant"),
    path("van-ban/<int:pk>/nhiem-vu/moi/", directives.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", tasks.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/sua/", tasks.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/xoa/", tasks.task_delete, name="task_delete"),
    path("nhiem-vu/<int:pk>/bao-cao/", tasks.task_report, name="task_report"),
    path("nhiem-vu/<int:pk>/bao-cao/<int:report_id>/minh-chung/", tasks.report_evidence, name="report_evidence"),
    path("nhiem-vu/<int:pk>/gia-han/", tasks.task_extension, name="task_extension"),
    path("nhiem-vu/<int:pk>/gia-han/<int:req_id>/quyet-dinh/", tasks.extension_decide, name="extension_decide"),
    path("lich/", overview.calendar, name="calendar"),
    path("don-vi/", overview.performance, name="performance"),
]
