"""Rules are edited here by administrators; every change is history-tracked (who, when, what)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChecklistItem, LegalRegime, Procedure, TimeLimit


@admin.register(LegalRegime)
class LegalRegimeAdmin(admin.ModelAdmin):
    list_display = ("code", "short_name", "in_force_from", "in_force_to", "needs_confirmation")
    list_filter = ("needs_confirmation",)


class TimeLimitInline(admin.TabularInline):
    model = TimeLimit
    extra = 0
    fields = ("step", "group", "days", "unit", "citation", "needs_confirmation")


class ChecklistInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ("kind", "order", "text", "document_kind", "required", "auto_check", "citation", "needs_confirmation")


@admin.register(Procedure)
class ProcedureAdmin(SimpleHistoryAdmin):
    list_display = ("name", "regime", "kinds", "min_amount", "max_amount", "needs_appraisal", "needs_confirmation")
    list_filter = ("regime", "needs_appraisal", "needs_confirmation")
    search_fields = ("name", "code", "citation")
    inlines = [TimeLimitInline, ChecklistInline]


@admin.register(TimeLimit)
class TimeLimitAdmin(SimpleHistoryAdmin):
    list_display = ("procedure", "step", "group", "days", "unit", "needs_confirmation")
    list_filter = ("procedure__regime", "step", "needs_confirmation")
