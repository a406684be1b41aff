from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.surveys"
    label = "surveys"
    verbose_name = "Khảo sát điểm nghẽn, Đề án 06"

    def ready(self):
        from cds.projects import panels

        from . import receivers  # noqa: F401  (difficulties written in reviews join the register)
        from .panels import PANELS

        for panel in PANELS:
            panels.register(panel)
