from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.estimates"
    label = "estimates"
    verbose_name = "Dự toán"

    def ready(self):
        from cds.projects import panels

        from .panels import PANELS

        for panel in PANELS:
            panels.register(panel)
