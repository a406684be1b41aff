from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.plans"
    label = "plans"
    verbose_name = "Kế hoạch ứng dụng CNTT, chuyển đổi số"

    def ready(self):
        from cds.projects import panels

        from .panels import PANELS

        for panel in PANELS:
            panels.register(panel)
