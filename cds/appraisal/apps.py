from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.appraisal"
    label = "appraisal"
    verbose_name = "Thẩm định hồ sơ"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cds.orgs import handover
        from cds.projects import lifecycle, panels
        from cds.workdays.models import CalendarException

        from .panels import PANELS, dossier_step_guard
        from .services import hand_over_opinions
        from .stage_times import rebuild_on_calendar_change

        for panel in PANELS:
            panels.register(panel)
        lifecycle.register_step_guard(dossier_step_guard)
        handover.register(self.label, hand_over_opinions)
        # The stored stage times count working days: a schedule row changed recomputes them.
        post_save.connect(rebuild_on_calendar_change, sender=CalendarException, dispatch_uid="appraisal-stage-times")
        post_delete.connect(rebuild_on_calendar_change, sender=CalendarException, dispatch_uid="appraisal-stage-times-del")
