from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cds.core.admin import ConfirmationAdminMixin, ConfirmedFilter

from .models import CompletenessScheme, InformationSystem


@admin.register(InformationSystem)
class InformationSystemAdmin(ConfirmationAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "category", "owner_unit", "lifecycle", "is_hub", "confirmed")
    list_filter = ("category", "lifecycle", "is_hub", ConfirmedFilter)
    search_fields = ("code", "name", "aliases")
    filter_horizontal = ("capabilities",)
    readonly_fields = ("attested_by", "attested_at", "seal_broken_by", "seal_broken_at", "version")


@admin.register(CompletenessScheme)
class CompletenessSchemeAdmin(admin.ModelAdmin):
    list_display = ("version", "name", "published_on")
