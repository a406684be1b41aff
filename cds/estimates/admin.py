from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cds.core.admin import ConfirmationAdminMixin, ConfirmedFilter

from .models import Constant, CostGroup, CostStructure, Method


class CostGroupInline(admin.TabularInline):
    model = CostGroup
    extra = 0
    fields = ("order", "numeral", "code", "name", "required", "is_contingency", "contingency_cap", "citation")


@admin.register(CostStructure)
class CostStructureAdmin(ConfirmationAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "kinds", "citation", "confirmed")
    list_filter = (ConfirmedFilter,)
    inlines = [CostGroupInline]


@admin.register(CostGroup)
class CostGroupAdmin(ConfirmationAdminMixin, SimpleHistoryAdmin):
    list_display = ("structure", "numeral", "name", "required", "contingency_cap", "confirmed")
    list_filter = ("structure", ConfirmedFilter)


@admin.register(Method)
class MethodAdmin(ConfirmationAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "in_force_from", "in_force_to", "confirmed")
    list_filter = ("kind", ConfirmedFilter)


@admin.register(Constant)
class ConstantAdmin(ConfirmationAdminMixin, SimpleHistoryAdmin):
    list_display = ("method", "key", "label", "value", "confirmed")
    list_filter = ("method", ConfirmedFilter)
    search_fields = ("key", "label")
