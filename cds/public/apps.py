from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.public"
    label = "public"
    verbose_name = "Công khai, dữ liệu mở"

    def ready(self):
        from cds.projects import panels

        from .panels import PANELS

        for panel in PANELS:
            panels.register(panel)
