from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.accounts"
    label = "accounts"
    verbose_name = "Người dùng"

    def ready(self):
        from . import signals  # noqa: F401
