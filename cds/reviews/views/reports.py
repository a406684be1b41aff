"""Downloads of a campaign's consolidated report: Word (NĐ 30/2020) and the Excel appendix.

Anyone who can see the campaign may download (``access.scope_campaigns`` through
``selectors.get_campaign``: 404 otherwise); the content is scoped to the reviews the user may
read, so a unit gets a report on its own projects only. Building is in :mod:`cds.reviews.report`.
"""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from .. import report, selectors


def report_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _download(request, pk, fmt):
    campaign = selectors.get_campaign(request.user, pk)
    return report_response(*report.export_report(request.user, campaign, fmt))


@login_required
@require_GET
def report_docx(request, pk):
    return _download(request, pk, "docx")


@login_required
@require_GET
def report_xlsx(request, pk):
    return _download(request, pk, "xlsx")
