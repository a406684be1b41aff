from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cds.core.admin import ReadOnlyAdminMixin

from .models import OverlapPair


@admin.register(OverlapPair)
class OverlapPairAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only here: conclusions are recorded on the queue page (reason, maker ≠ checker, audit)."""
    list_display = ("project", "other_project", "system", "score", "status", "decided_by", "decided_at")
    list_filter = ("status",)
