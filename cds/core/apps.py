from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _analyze(sender, **kwargs):
    from .db import refresh_statistics

    refresh_statistics()


class Config(AppConfig):
    name = "cds.core"
    label = "core"

    def ready(self):
        post_migrate.connect(_analyze, sender=self, dispatch_uid="cds-core-analyze")
