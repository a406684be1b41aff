from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.systems"
    label = "systems"
    verbose_name = "Hệ thống thông tin"

    def ready(self):
        from cds.projects import panels

        from .panels import PANELS

        for panel in PANELS:
            panels.register(panel)
