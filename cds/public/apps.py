from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.public"
    label = "public"
    verbose_name = "Công khai, dữ liệu mở"
