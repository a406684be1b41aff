from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cds.core.admin import ReadOnlyAdminMixin

from .models import Project


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only in the admin: registry writes go through the services (pages, API, import)."""

    list_display = ("code", "name", "investor_unit", "state", "start_year")
    list_filter = ("state", "kind")
    search_fields = ("code", "name")

