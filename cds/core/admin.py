from django.contrib import admin
from django.utils import timezone


class ReadOnlyAdminMixin:
    """For models written only through services (registry, audit log): the admin may look, not touch."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConfirmedFilter(admin.SimpleListFilter):
    """Rows checked against their legal text, or not yet (models with
    :class:`cds.core.models.Confirmation`)."""

    title = "đối chiếu văn bản"
    parameter_name = "doi_chieu"

    def lookups(self, request, model_admin):
        return [("co", "Đã đối chiếu"), ("chua", "Chưa đối chiếu")]

    def queryset(self, request, queryset):
        if self.value() == "co":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "chua":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


CONFIRMATION_FIELDS = ("confirmed_against", "confirmed_at", "confirmed_by", "confirmation_note")


def _acting_name(request) -> str:
    user = request.user
    return getattr(user, "display_name", "") or user.get_full_name() or user.get_username()


class ConfirmationAdminMixin:
    """The confirmation of a reference row in its admin: a column and a filter on the list, a
    fieldset on the form; when an administrator writes the text checked, the date and their name
    are filled in (on the row and on the rows of its inlines)."""

    confirmation_fieldset = ("Đối chiếu văn bản (chỉ quản trị viên thấy)", {"fields": CONFIRMATION_FIELDS})

    @admin.display(boolean=True, description="đã đối chiếu", ordering="confirmed_at")
    def confirmed(self, obj):
        return obj.is_confirmed

    def save_model(self, request, obj, form, change):
        obj.fill_confirmation(_acting_name(request), timezone.localdate())
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            row = inline_form.instance
            if hasattr(row, "fill_confirmation") and inline_form.has_changed():
                row.fill_confirmation(_acting_name(request), timezone.localdate())
        super().save_formset(request, form, formset, change)
