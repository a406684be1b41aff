from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.appraisal"
    label = "appraisal"
    verbose_name = "Thẩm định hồ sơ"

    def ready(self):
        from cds.projects import lifecycle, panels

        from .panels import PANELS, dossier_step_guard

        for panel in PANELS:
            panels.register(panel)
        lifecycle.register_step_guard(dossier_step_guard)
