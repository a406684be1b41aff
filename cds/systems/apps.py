from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.systems"
    label = "systems"
    verbose_name = "Hệ thống thông tin"
