from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import Unit, UnitAlias
from .services import hand_over_work, save_unit


class AliasInline(admin.TabularInline):
    model = UnitAlias
    fields = ("alias",)
    extra = 1


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "short_name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name", "aliases__alias")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("successors",)
    inlines = [AliasInline]

    def save_model(self, request, obj, form, change):
        save_unit(obj, actor=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        obj.refresh_search_text()
        Unit.objects.filter(pk=obj.pk).update(search_text=obj.search_text)
        if obj.has_ended(timezone.localdate()):
            hand_over_work(obj, actor=request.user)   # its open work goes to the successor just recorded

    def has_delete_permission(self, request, obj=None):
        return False  # units end (valid_to) and get successors; they are never deleted
