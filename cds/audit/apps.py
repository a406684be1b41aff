from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.audit"
    label = "audit"
    verbose_name = "Nhật ký hoạt động"

    def ready(self):
        from . import receivers, registry  # noqa: F401 — receivers connect by @receiver

        registry.autodiscover()
