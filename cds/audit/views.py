"""The audit log page and its Excel export: the same filter, the same scope."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cds.core.uploads import xlsx_download
from cds.core.widgets import unit_option_tags

from . import exporter
from .permissions import can_view_audit_log
from .selectors import audit_filter

PAGE_SIZE = 50
REFUSED = "Chỉ thanh tra, lãnh đạo, giám sát và quản trị được xem nhật ký."


def _ensure_can_view(user):
    if not can_view_audit_log(user):
        raise PermissionDenied(REFUSED)


def _unit_options(field, selected) -> str:
    """The unit filter's <option>s (a national reader has thousands of units)."""
    return unit_option_tags(field.queryset.values_list("pk", "name", "depth", "valid_to"), selected)


@login_required
@require_GET
def log(request):
    _ensure_can_view(request.user)
    flt = audit_filter(request.user, request.GET)
    paginator = Paginator(flt.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    form = flt.form
    for name, field in form.fields.items():
        css = "form-select" if name in ("person", "verb", "kind") else "form-control"
        field.widget.attrs["class"] = css + (" is-invalid" if name in form.errors else "")
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "audit/log.html", {
        "nav": "audit", "page": page, "total": paginator.count, "form": form,
        "errors": [f"{form.fields[name].label}: {e}" if name in form.fields else e
                   for name, errors in form.errors.items() for e in errors],
        "unit_options": _unit_options(form.fields["unit"], request.GET.get("unit", "")),
        "export_query": params.urlencode(),
    })


@login_required
@require_GET
def export_xlsx(request):
    _ensure_can_view(request.user)
    out, _count, filename = exporter.export_log(request.user, request.GET)
    return xlsx_download(out, filename)
