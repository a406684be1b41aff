from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save

from .db import refresh_statistics
from .storable import refuse_unstorable


def _analyze(sender, **kwargs):
    refresh_statistics()


class Config(AppConfig):
    name = "cds.core"
    label = "core"

    def ready(self):
        post_migrate.connect(_analyze, sender=self, dispatch_uid="cds-core-analyze")
        # Every model of the application: no text that cannot be stored or exported is saved.
        pre_save.connect(refuse_unstorable, dispatch_uid="cds-core-storable")
