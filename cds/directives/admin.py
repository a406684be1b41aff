from django.contrib import admin

from cds.core.admin import ReadOnlyAdminMixin

from .models import Directive, ExtensionRequest, ProgressReport, Task


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: directives and their tasks change only through the directives services
    (permission, validation, audit, notifications)."""
    list_display = ("number", "kind", "issued_on", "issuer", "title")
    list_filter = ("kind",)
    search_fields = ("number", "title", "signer")
    date_hierarchy = "issued_on"


@admin.register(Task)
class TaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "lead_unit", "deadline_kind", "deadline", "due_on", "progress", "extension_pending")
    list_filter = ("progress", "deadline_kind", "extension_pending")
    search_fields = ("content", "lead_text", "directive__number")
    list_select_related = ("directive", "lead_unit")


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("task", "reported_on", "percent", "completes", "reported_by")
    list_select_related = ("task__directive", "reported_by")


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("task", "old_deadline", "proposed_deadline", "status", "requested_by", "decided_by")
    list_filter = ("status",)
    list_select_related = ("task__directive", "requested_by", "decided_by")
