from django.contrib import admin

from cds.core.admin import ReadOnlyAdminMixin

from .models import Snapshot, Withholding


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: snapshots are prepared and decided through the publication services (maker ≠
    checker, audit); a published snapshot never changes."""

    list_display = ("root_unit", "number", "status", "as_of", "prepared_by", "decided_by", "published_at")
    list_filter = ("status",)
    list_select_related = ("root_unit", "prepared_by", "decided_by")
    exclude = ("summary",)


@admin.register(Withholding)
class WithholdingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "is_active", "withheld_by", "withheld_at", "lifted_at")
    list_filter = ("is_active",)
    search_fields = ("project__code", "project__name")
    list_select_related = ("project", "withheld_by")
