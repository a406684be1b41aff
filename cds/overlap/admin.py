from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cds.core.admin import ConfirmationAdminMixin, ConfirmedFilter, ReadOnlyAdminMixin

from .models import OverlapPair, Platform


@admin.register(Platform)
class PlatformAdmin(ConfirmationAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "level", "operator", "confirmed", "is_active")
    list_filter = ("level", ConfirmedFilter, "is_active")
    search_fields = ("code", "name", "aliases")
    filter_horizontal = ("capabilities", "data_entities")


@admin.register(OverlapPair)
class OverlapPairAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only here: conclusions are recorded on the queue page (reason, maker ≠ checker, audit)."""
    list_display = ("project", "other_project", "platform", "score", "status", "decided_by", "decided_at")
    list_filter = ("status",)
