from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.overlap"
    label = "overlap"
    verbose_name = "Trùng lặp, tái sử dụng"

    def ready(self):
        from cds.projects import panels
        from cds.projects.signals import project_text_saved

        from .panels import PANELS
        from .receivers import queue_overlaps

        for panel in PANELS:
            panels.register(panel)
        project_text_saved.connect(queue_overlaps, dispatch_uid="cds-overlap-queue")
