from django.apps import AppConfig
from django.db.models.signals import post_migrate

from .db import refresh_statistics


def _analyze(sender, **kwargs):
    refresh_statistics()


class Config(AppConfig):
    name = "cds.core"
    label = "core"
    verbose_name = "Thành phần dùng chung"

    def ready(self):
        post_migrate.connect(_analyze, sender=self, dispatch_uid="cds-core-analyze")
