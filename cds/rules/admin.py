"""Rules are edited here by administrators; every change is history-tracked (who, when, what).
Each row's confirmation (checked against which text, by whom, when) is edited here too."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cds.core.admin import CONFIRMATION_FIELDS, ConfirmationAdminMixin, ConfirmedFilter

from .models import ChecklistItem, LegalRegime, Procedure, TimeLimit


@admin.register(LegalRegime)
class LegalRegimeAdmin(ConfirmationAdminMixin, admin.ModelAdmin):
    list_display = ("code", "short_name", "in_force_from", "in_force_to", "confirmed")
    list_filter = (ConfirmedFilter,)
    fieldsets = [
        (None, {"fields": ("code", "name", "short_name", "in_force_from", "in_force_to", "citation", "sort_order")}),
        ConfirmationAdminMixin.confirmation_fieldset,
    ]


class TimeLimitInline(admin.TabularInline):
    model = TimeLimit
    extra = 0
    fields = ("step", "group", "days", "unit", "citation") + CONFIRMATION_FIELDS


class ChecklistInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ("kind", "order", "text", "document_kind", "required", "auto_check", "citation") + CONFIRMATION_FIELDS


@admin.register(Procedure)
class ProcedureAdmin(ConfirmationAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "regime", "kinds", "min_amount", "max_amount", "needs_appraisal", "confirmed")
    list_filter = ("regime", "needs_appraisal", ConfirmedFilter)
    search_fields = ("name", "code", "citation")
    inlines = [TimeLimitInline, ChecklistInline]


@admin.register(TimeLimit)
class TimeLimitAdmin(ConfirmationAdminMixin, SimpleHistoryAdmin):
    list_display = ("procedure", "step", "group", "days", "unit", "confirmed")
    list_filter = ("procedure__regime", "step", ConfirmedFilter)
