from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.rankings"
    label = "rankings"
    verbose_name = "Xếp hạng tuân thủ, cảnh báo theo dõi"

    def ready(self):
        from cds.projects import panels

        from . import criteria
        from .panels import PANELS

        criteria.autoload()
        for panel in PANELS:
            panels.register(panel)
