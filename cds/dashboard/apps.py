from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.dashboard"
    label = "dashboard"
    verbose_name = "Trang tổng quan"
