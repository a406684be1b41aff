from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.appraisal"
    label = "appraisal"
    verbose_name = "Thẩm định hồ sơ"

    def ready(self):
        from cds.orgs import handover
        from cds.projects import lifecycle, panels

        from .panels import PANELS, dossier_step_guard
        from .services import hand_over_opinions

        for panel in PANELS:
            panels.register(panel)
        lifecycle.register_step_guard(dossier_step_guard)
        handover.register(self.label, hand_over_opinions)
