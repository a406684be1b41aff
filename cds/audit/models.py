"""Domain audit log: who did what (logged in, submitted, approved, imported, exported …) and when.

Field-level before/after lives in django-simple-history tables; this log records the
*acts*. Rows are append-only: there is no service that updates or deletes them.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from . import registry


class AuditEvent(models.Model):
    created_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, blank=True,
        on_delete=models.PROTECT, related_name="audit_events",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    verb = models.CharField("hành động", max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_repr = models.CharField("đối tượng", max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # The unit the event concerns (a project's investor, a user's unit): scopes the log by subtree.
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký hoạt động"

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_name} {self.verb} {self.target_repr}"

    @property
    def verb_label(self):
        return registry.label(self.verb)

    @property
    def summary(self):
        return registry.summarize(self)
