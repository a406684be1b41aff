from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.reviews"
    label = "reviews"
    verbose_name = "Đánh giá hiệu quả"

    def ready(self):
        from cds.orgs import handover
        from cds.projects import panels

        from .panels import PANELS
        from .services import hand_over_reviews

        for panel in PANELS:
            panels.register(panel)
        handover.register(self.label, hand_over_reviews)
