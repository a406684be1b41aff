from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.directives"
    label = "directives"
    verbose_name = "Văn bản chỉ đạo, nhiệm vụ được giao"

    def ready(self):
        from cds.projects import panels

        from .panels import PANELS

        for panel in PANELS:
            panels.register(panel)
