from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
