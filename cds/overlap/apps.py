from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.overlap"
    label = "overlap"
    verbose_name = "Trùng lặp, tái sử dụng"
