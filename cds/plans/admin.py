from django.contrib import admin

from cds.core.admin import ReadOnlyAdminMixin

from .models import Proposal, Round, Rubric


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    """A published version is never edited in place (rounds were scored with it): publish a new
    version instead. Versions are never deleted."""

    list_display = ("code", "version", "name", "published_on")
    list_filter = ("code",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.published_on:
            return [f.name for f in obj._meta.fields]
        return ["created_by", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: rounds change through the plan's services (permission, checks, audit,
    notifications)."""

    list_display = ("name", "root_unit", "year_from", "year_to", "deadline", "status")
    list_filter = ("status",)
    search_fields = ("name", "basis_number")
    list_select_related = ("root_unit",)


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "unit", "round", "status", "total", "warnings")
    list_filter = ("status", "basis")
    search_fields = ("code", "name")
    list_select_related = ("unit", "round")
