"""Downloads of a campaign's consolidated report: Word (NĐ 30/2020) and the Excel appendix.

Anyone who can see the campaign may download (``access.scope_campaigns`` through
``selectors.get_campaign``: 404 otherwise); the content is scoped to the reviews the user may
read, so a unit gets a report on its own projects only. Building is in :mod:`cds.reviews.report`.
"""
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from cds.core.uploads import bytes_download

from .. import report, selectors


def _download(request, pk, fmt):
    campaign = selectors.get_campaign(request.user, pk)
    return bytes_download(*report.export_report(request.user, campaign, fmt))


@login_required
@require_GET
def report_docx(request, pk):
    return _download(request, pk, "docx")


@login_required
@require_GET
def report_xlsx(request, pk):
    return _download(request, pk, "xlsx")
