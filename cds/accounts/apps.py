from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.accounts"
    label = "accounts"
    verbose_name = "Người dùng"
