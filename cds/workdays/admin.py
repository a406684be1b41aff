from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarException


@admin.register(CalendarException)
class CalendarExceptionAdmin(SimpleHistoryAdmin):
    list_display = ("date", "is_working", "name", "citation", "needs_confirmation")
    list_filter = ("is_working", "needs_confirmation")
    search_fields = ("name", "citation")
    date_hierarchy = "date"
