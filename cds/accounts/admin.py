from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("unit",)
    fieldsets = BaseUserAdmin.fieldsets + (("Vai trò và đơn vị", {"fields": ("role", "unit", "job_title", "phone")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("Vai trò và đơn vị", {"fields": ("role", "unit")}),)
