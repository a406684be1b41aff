"""Domain audit log: who did what (logged in, submitted, approved, imported, exported …) and when.

Field-level before/after lives in django-simple-history tables; this log records the
*acts*. Rows are append-only: there is no service that updates or deletes them.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from cds.accounts.models import Role

from . import registry


class AuditEvent(models.Model):
    created_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, blank=True,
        on_delete=models.PROTECT, related_name="audit_events",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    # Who the actor was when acting (their name, role and unit may change later). Empty on
    # events recorded before these were kept: those read the user's current values.
    actor_full_name = models.CharField("họ tên người thực hiện", max_length=300, blank=True)
    actor_role = models.CharField("vai trò người thực hiện", max_length=20, blank=True)
    actor_unit = models.ForeignKey(
        "orgs.Unit", verbose_name="đơn vị người thực hiện", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    actor_unit_name = models.CharField("tên đơn vị người thực hiện", max_length=300, blank=True)
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
        verbose_name = "nhật ký"

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_name} {self.verb} {self.target_repr}"

    @property
    def actor_display(self) -> str:
        """The actor's full name (the user name when none is known); with no actor, "Hệ thống"
        (a scheduled job) or, for a failed login, "Người chưa đăng nhập"."""
        if self.actor_full_name:
            return self.actor_full_name
        if self.actor_id is not None:
            return self.actor.display_name
        if self.actor_name:
            return self.actor_name
        return "Người chưa đăng nhập" if self.verb.startswith("auth.") else "Hệ thống"

    @property
    def actor_role_label(self) -> str:
        role = self.actor_role or (self.actor.role if self.actor_id is not None else "")
        return str(Role(role).label) if role in Role.values else ""

    @property
    def actor_unit_label(self) -> str:
        if self.actor_unit_name:
            return self.actor_unit_name
        unit = self.actor.unit if self.actor_id is not None else None
        return unit.name if unit is not None else ""

    @property
    def link(self) -> str:
        """The page of the event's object, where it has one."""
        return registry.link(self)

    @property
    def verb_label(self):
        return registry.label(self.verb)

    @property
    def summary(self):
        return registry.summarize(self)
