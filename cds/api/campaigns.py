"""/api/v1/campaigns — effectiveness review campaigns (đợt rà soát, đánh giá hiệu quả) and
their consolidated report.

Same conventions as :mod:`cds.api.projects`: reads are scoped by the access helper (a campaign
outside the caller's scope answers 404 like one that does not exist), counts are computed
over the reviews the caller may read (a unit sees its own), and the report endpoints return
exactly the bytes of the web downloads (:func:`cds.reviews.report.export_report`, which
also records the audit event).
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from cds.core.uploads import bytes_download
from cds.reports.nd30 import DOCX_CONTENT_TYPE
from cds.reviews import report, selectors
from cds.reviews.models import CampaignStatus
from cds.reviews.permissions import scope_campaigns, scope_reviews

from .schemas import MAX_ID, ErrorOut, ValidationErrorOut

router = Router()

NOT_FOUND = "Không tìm thấy đợt đánh giá."
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
STATUS_LABELS = dict(CampaignStatus.choices)


def _errors(*codes):
    return {c: ERRORS[c] for c in codes}


class CampaignCounts(Schema):
    total: int = Field(..., description="Số nhiệm vụ, dự án phải báo cáo (trong phạm vi của người gọi).")
    submitted: int = Field(..., description="Số báo cáo đã gửi (kể cả đã thẩm tra, đã quyết định).")
    late: int = Field(..., description="Gửi sau hạn, cộng với chưa gửi khi đã quá hạn.")


class CampaignItem(Schema):
    id: int
    name: str = Field(..., description="Tên đợt rà soát, đánh giá.")
    deadline: dt.date = Field(..., description="Hạn gửi báo cáo.")
    status: str = Field(..., description="draft (dự thảo), open (đang thu thập), closed (đã kết thúc).")
    status_label: str
    period_year: int = Field(..., description="Năm đánh giá.")
    basis_number: str = Field(..., description="Số, ký hiệu văn bản chỉ đạo, ví dụ 8826/UBND-VXNV.")
    receiving_unit: str = Field(..., description="Đơn vị tiếp nhận, tổng hợp.")
    counts: CampaignCounts


class CampaignListOut(Schema):
    items: list[CampaignItem]
    count: int = Field(..., description="Tổng số đợt trong phạm vi (không phụ thuộc limit/offset).")


class CampaignListParams(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


def _counts_by_campaign(user, campaigns) -> dict[int, dict]:
    """total / submitted / late per campaign over the reviews ``user`` may read — one query,
    the same figures as :func:`cds.reviews.selectors.counts` (late = submitted after the
    deadline day, local time, plus everything not submitted once the deadline has passed)."""
    ids = [c.pk for c in campaigns]
    if not ids:
        return {}
    rows = (
        scope_reviews(user).filter(campaign_id__in=ids).order_by().values("campaign_id")
        .annotate(
            total=Count("id"),
            submitted=Count("id", filter=Q(status__in=selectors.DONE)),
            submitted_late=Count("id", filter=Q(
                status__in=selectors.DONE,
                submitted_at__isnull=False,
                campaign__deadline__lt=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()),
            )),
        )
    )
    today = timezone.localdate()
    by_id = {r["campaign_id"]: r for r in rows}
    out = {}
    for c in campaigns:
        r = by_id.get(c.pk, {"total": 0, "submitted": 0, "submitted_late": 0})
        outstanding = r["total"] - r["submitted"]
        out[c.pk] = {"total": r["total"], "submitted": r["submitted"],
                     "late": r["submitted_late"] + (outstanding if today > c.deadline else 0)}
    return out


@router.get("", response={200: CampaignListOut, **_errors(401, 422)}, summary="Danh sách đợt rà soát, đánh giá",
            description="Các đợt rà soát, đánh giá hiệu quả trong phạm vi của người gọi (đơn vị chỉ thấy các đợt "
                        "có nhiệm vụ, dự án của mình), mới nhất trước. `counts` tính trên các báo cáo người gọi "
                        "được xem: đơn vị chỉ thấy số của mình.")
def list_campaigns(request, params: Query[CampaignListParams]):
    user = request.auth
    qs = scope_campaigns(user).select_related("receiving_unit").order_by("-period_year", "-deadline", "-id")
    count = qs.count()
    page = list(qs[params.offset:params.offset + params.limit])
    counts = _counts_by_campaign(user, page)
    items = [{
        "id": c.pk, "name": c.name, "deadline": c.deadline, "status": c.status,
        "status_label": STATUS_LABELS.get(c.status, c.status), "period_year": c.period_year,
        "basis_number": c.basis_number, "receiving_unit": c.receiving_unit.name, "counts": counts[c.pk],
    } for c in page]
    return {"items": items, "count": count}


def _campaign_for(user, campaign_id: int):
    if not 1 <= campaign_id <= MAX_ID:
        raise Http404(NOT_FOUND)
    return selectors.get_campaign(user, campaign_id)


def _binary(content_type: str, what: str) -> dict:
    return {"responses": {200: {
        "description": what,
        "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
    }}}


@router.get("/{campaign_id}/report.docx", response=_errors(401, 404, 422),
            summary="Báo cáo tổng hợp kết quả rà soát (Word)",
            description="Báo cáo theo thể thức Nghị định 30/2020/NĐ-CP (dự thảo: chưa có số, chưa ký), gồm tình "
                        "hình thực hiện theo đơn vị, kết quả đánh giá, danh sách đề xuất tạm dừng/dừng/giảm quy "
                        "mô/điều chỉnh, kiến nghị và phụ lục danh mục. Cùng nội dung với tải về trên giao diện web; "
                        "chỉ gồm các báo cáo người gọi được xem. Ngoài phạm vi → 404.",
            openapi_extra=_binary(DOCX_CONTENT_TYPE, "Tệp .docx"))
def campaign_report_docx(request, campaign_id: int):
    campaign = _campaign_for(request.auth, campaign_id)
    return bytes_download(*report.export_report(request.auth, campaign, "docx"))


@router.get("/{campaign_id}/report.xlsx", response=_errors(401, 404, 422),
            summary="Phụ lục Excel: chỉ tiêu và kết quả đánh giá",
            description="Bốn trang tính: “Tổng hợp” (theo đơn vị), “Chỉ tiêu” (mỗi dòng một chỉ tiêu của một "
                        "báo cáo: giá trị ban đầu, mục tiêu, thực tế, mức đạt), “Đánh giá” (mỗi dòng một báo cáo) "
                        "và “Kiến nghị”. Chỉ gồm các báo cáo người gọi được xem. Ngoài phạm vi → 404.",
            openapi_extra=_binary(report.XLSX_CONTENT_TYPE, "Tệp .xlsx"))
def campaign_report_xlsx(request, campaign_id: int):
    campaign = _campaign_for(request.auth, campaign_id)
    return bytes_download(*report.export_report(request.auth, campaign, "xlsx"))
