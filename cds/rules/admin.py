from django.contrib import admin

from .models import LegalRegime


@admin.register(LegalRegime)
class LegalRegimeAdmin(admin.ModelAdmin):
    list_display = ("code", "short_name", "in_force_from", "in_force_to", "needs_confirmation")
    list_filter = ("needs_confirmation",)
