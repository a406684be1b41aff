from django.urls import path

from . import views

app_name = "rankings"
urlpatterns = [
    path("", views.index, name="index"),
    path("phuong-phap/", views.methods, name="methods"),
    path("phuong-phap/moi/", views.method_new, name="method_new"),
    path("phuong-phap/<int:pk>/", views.method_detail, name="method"),
    path("phuong-phap/<int:pk>/sua/", views.method_edit, name="method_edit"),
    path("phuong-phap/<int:pk>/trinh/", views.method_submit, name="method_submit"),
    path("phuong-phap/<int:pk>/phe-duyet/", views.method_decide, name="method_decide"),
    path("ky/moi/", views.period_new, name="period_new"),
    path("ky/<int:pk>/", views.period_detail, name="period"),
    path("ky/<int:pk>/tinh/", views.period_compute, name="period_compute"),
    path("ky/<int:pk>/cong-bo/", views.period_publish, name="period_publish"),
    path("ky/<int:pk>/so-sanh/", views.period_compare, name="compare"),
    path("ky/<int:pk>/word/", views.period_docx, name="period_docx"),
    path("ky/<int:pk>/excel/", views.period_xlsx, name="period_xlsx"),
    path("ket-qua/<int:pk>/", views.result_detail, name="result"),
    path("ket-qua/<int:pk>/tieu-chi/<int:criterion>/", views.evidence, name="evidence"),
    path("theo-doi/", views.alerts, name="alerts"),
    path("theo-doi/<int:pk>/", views.alert_detail, name="alert"),
    path("theo-doi/<int:pk>/phan-cong/", views.alert_assign, name="alert_assign"),
    path("theo-doi/<int:pk>/ket-luan/", views.alert_close, name="alert_close"),
    path("chenh-lech/", views.signals, name="signals"),
]
