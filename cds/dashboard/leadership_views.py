"""The leadership dashboard ("Điều hành", ``/dieu-hanh/``) and its Word and Excel outputs.

For the province-wide roles (:data:`cds.accounts.access.WIDE_ROLES`): a unit role is refused
with 403 — its own figures are on the project list and the published ranking. The figures are
read by :mod:`cds.dashboard.leadership`; the documents are built by
:mod:`cds.dashboard.leadership_report` from the same figures."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cds.accounts import access
from cds.audit.services import record_event
from cds.catalog.models import FundingSource, Programme
from cds.core.uploads import bytes_download
from cds.projects.models import State
from cds.projects.views.pages import unit_options
from cds.rules.models import LegalRegime

from . import leadership as reads
from . import leadership_report

REFUSED = ("Bảng điều hành dành cho lãnh đạo và các vai trò theo dõi toàn tỉnh. Số liệu của đơn vị bạn có ở "
           "danh mục nhiệm vụ, dự án và ở kết quả xếp hạng đã công bố.")
YEARS = range(2019, 2031)


def _figures(request) -> reads.Figures:
    if not access.has_role(request.user, *access.WIDE_ROLES):
        raise PermissionDenied(REFUSED)
    return reads.figures(request.user, request.GET, timezone.localdate())


@login_required
@require_GET
def leadership(request):
    fig = _figures(request)
    chosen = fig.chosen
    query = chosen.query()
    return render(request, "dashboard/leadership.html", {
        "nav": "leadership", "fig": fig, "flt": chosen.flt, "chart": reads.chart_data(fig),
        "unit_options": unit_options(request.user, chosen.flt.unit), "programmes": Programme.objects.all(),
        "sources": FundingSource.objects.all(), "regimes": LegalRegime.objects.all(), "states": State.choices,
        "years": YEARS, "projects_url": reads.project_list_url(chosen.params),
        "query": f"?{query}" if query else "",
    })


def _download(request, fmt: str):
    fig = _figures(request)
    content, content_type, filename = leadership_report.export(request.user, fig, fmt)
    record_event(request.user, "dashboard.exported", None, data={"format": "Word" if fmt == "docx" else "Excel"})
    return bytes_download(content, content_type, filename)


@login_required
@require_GET
def leadership_docx(request):
    return _download(request, "docx")


@login_required
@require_GET
def leadership_xlsx(request):
    return _download(request, "xlsx")

