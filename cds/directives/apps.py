from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.directives"
    label = "directives"
    verbose_name = "Văn bản chỉ đạo, nhiệm vụ được giao"

    def ready(self):
        from cds.orgs import handover
        from cds.projects import panels

        from .panels import PANELS
        from .services import hand_over_tasks

        for panel in PANELS:
            panels.register(panel)
        handover.register(self.label, hand_over_tasks)
