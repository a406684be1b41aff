from django.contrib import admin

from .models import Capability, DataEntity, FundingSource, Programme


@admin.register(Programme, FundingSource, Capability, DataEntity)
class CatalogAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")
    search_fields = ("code", "name")
