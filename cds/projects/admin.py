from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Project


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    """Read-only in the admin: registry writes go through the services (pages, API, import)."""

    list_display = ("code", "name", "investor_unit", "state", "start_year")
    list_filter = ("state", "kind")
    search_fields = ("code", "name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
