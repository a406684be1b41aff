from django.contrib import admin

from cds.core.admin import ReadOnlyAdminMixin

from .models import Dossier, DossierEvent


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: dossiers change only through the appraisal services (maker ≠ checker, audit)."""
    list_display = ("code", "project", "procedure", "status", "due_date")
    list_filter = ("status",)
    search_fields = ("code", "title", "project__code")


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("dossier", "kind", "actor", "at")
