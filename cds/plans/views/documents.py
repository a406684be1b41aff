"""Downloads of a plan version: the Word document (NĐ 30/2020) and the Excel appendix.

Whoever may read the version may download it (:func:`cds.plans.permissions.get_plan_for`: a
unit reads approved versions only, anyone else 404); each download is recorded
(``plan.exported``). Building is in :mod:`cds.plans.documents`.
"""
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from cds.core.uploads import bytes_download

from .. import documents
from ..permissions import get_plan_for


def _download(request, pk, kind):
    plan = get_plan_for(request.user, pk)
    content, content_type, name = documents.export(request.user, plan, kind)
    return bytes_download(content, content_type, name)


@login_required
@require_GET
def plan_docx(request, pk):
    return _download(request, pk, "docx")


@login_required
@require_GET
def plan_xlsx(request, pk):
    return _download(request, pk, "xlsx")
