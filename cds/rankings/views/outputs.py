"""The Word report and the Excel workbook of a ranking period (:mod:`cds.rankings.outputs`).

Who downloads them is who reads the period page: a published period every user of the tree, a
draft one the administrator and the leaders only; anything else answers 404. ``?method=<id>``
gives, to the administrator and the leaders, the results computed under another method version
beside the period's own (for comparison).
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from cds.core.uploads import bytes_download

from .. import outputs
from ..models import Result
from ..permissions import get_method_for, get_period_for, sees_drafts

NO_RESULTS = "Kỳ xếp hạng chưa có kết quả tính theo phiên bản phương pháp này."


def _target(request, pk):
    """(period, method) the download is of; 404 for what the user may not read."""
    period = get_period_for(request.user, pk)
    raw = request.GET.get("method", "").strip()
    if not raw or raw == str(period.method_id):
        return period, period.method
    if not sees_drafts(request.user):
        raise Http404("Không tìm thấy phương pháp xếp hạng.")
    method = get_method_for(request.user, raw)
    if method.root_unit_id != period.root_unit_id:
        raise Http404("Không tìm thấy phương pháp xếp hạng.")
    if not Result.objects.filter(period=period, method=method).exists():
        raise Http404(NO_RESULTS)
    return period, method


@login_required
@require_GET
def period_docx(request, pk):
    return bytes_download(*outputs.export(request.user, *_target(request, pk), "docx"))


@login_required
@require_GET
def period_xlsx(request, pk):
    return bytes_download(*outputs.export(request.user, *_target(request, pk), "xlsx"))
