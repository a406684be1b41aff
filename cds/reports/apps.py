from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.reports"
    label = "reports"
    verbose_name = "Báo cáo, văn bản xuất"
