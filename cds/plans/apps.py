from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.plans"
    label = "plans"
    verbose_name = "Kế hoạch ứng dụng CNTT, chuyển đổi số"
