from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.reviews"
    label = "reviews"
    verbose_name = "Đánh giá hiệu quả"

    def ready(self):
        from cds.projects import panels

        from .panels import PANELS

        for panel in PANELS:
            panels.register(panel)
