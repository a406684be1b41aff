from django.contrib import admin

from cds.core.admin import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "actor_name", "verb", "target_repr", "ip")
    list_filter = ("verb",)
    search_fields = ("actor_name", "target_repr")

