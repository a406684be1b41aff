from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.reviews"
    label = "reviews"
    verbose_name = "Đánh giá hiệu quả"

    def ready(self):
        from cds.orgs import handover
        from cds.projects import panels
        from cds.systems import findings

        from . import system_findings
        from .panels import PANELS
        from .services import hand_over_reviews

        for panel in PANELS:
            panels.register(panel)
        handover.register(self.label, hand_over_reviews)
        findings.register(system_findings.CODE, system_findings.TITLE, system_findings.unused_per_review)
