from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.procurement"
    label = "procurement"
    verbose_name = "Đấu thầu, lựa chọn nhà thầu"

    def ready(self):
        from cds.projects import panels

        from . import receivers  # noqa: F401  (connects the registry's signals)
        from .panels import PANELS

        for panel in PANELS:
            panels.register(panel)
