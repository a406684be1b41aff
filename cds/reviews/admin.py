from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cds.core.admin import ConfirmationAdminMixin, ConfirmedFilter

from .models import Indicator, ProblemType, ScoringMethod


@admin.register(Indicator)
class IndicatorAdmin(ConfirmationAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "group", "unit", "direction", "confirmed", "is_active")
    list_filter = ("group", ConfirmedFilter, "is_active")
    search_fields = ("code", "name")


@admin.register(ProblemType)
class ProblemTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "citation", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")


@admin.register(ScoringMethod)
class ScoringMethodAdmin(admin.ModelAdmin):
    """A published method is never edited in place: add a new version instead."""

    list_display = ("code", "version", "name", "published_on")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.published_on:
            return [f.name for f in obj._meta.fields]
        return []
