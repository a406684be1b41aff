from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cds.core.admin import ConfirmationAdminMixin, ConfirmedFilter

from .models import CalendarException


@admin.register(CalendarException)
class CalendarExceptionAdmin(ConfirmationAdminMixin, SimpleHistoryAdmin):
    list_display = ("date", "is_working", "name", "citation", "confirmed")
    list_filter = ("is_working", ConfirmedFilter)
    search_fields = ("name", "citation")
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ("date", "is_working", "name", "citation")}),
        ConfirmationAdminMixin.confirmation_fieldset,
    ]
