"""/api/v1/packages and /api/v1/projects/{id}/packages — procurement packages (gói thầu), read-only.

The rows come from :func:`cds.procurement.permissions.scope_packages`: whoever may read a project
reads its packages (its units; the province-wide roles and the inspector the whole tree; nobody
another tree's). A project the caller may not read answers 404 like a missing one. Each item
carries the package's price, its result (awarded price, bidders, contractor) and the texts of the
warning signs the checks left on it. A filter value that names no method, field or warning sign
answers 400 with a Vietnamese message; a wrong type (a unit that is not a number) 422. Each
endpoint costs a fixed number of queries whatever the page size.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from django.db.models import Prefetch
from django.http import Http404
from ninja import Field, Query, Router, Schema

from cds.core.errors import ServiceError
from cds.orgs.models import Unit
from cds.procurement import signals
from cds.procurement.models import Field as PackageField
from cds.procurement.models import Method, Package, Warning
from cds.procurement.permissions import scope_packages
from cds.projects.models import Project
from cds.projects.permissions import get_project_for

from .schemas import MAX_ID, ErrorOut, ValidationErrorOut

router = Router()
project_router = Router()

NOT_FOUND = "Không tìm thấy nhiệm vụ/dự án."
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
MIN_YEAR, MAX_YEAR = 1900, 2100


def _errors(*codes):
    return {c: ERRORS[c] for c in codes}


# ----------------------------------------------------------------- shapes ----

class PackageItemOut(Schema):
    id: int
    project_id: int
    name: str
    field: str = Field(..., description="consulting, goods, non_consulting, works, mixed, it_service")
    method: str = Field(..., description="Mã hình thức lựa chọn nhà thầu (open, restricted, competitive, direct …).")
    package_price: int = Field(..., description="Giá gói thầu (đồng).")
    awarded_price: Optional[int] = Field(None, description="Giá trúng thầu (đồng); trống nếu chưa có kết quả.")
    bidders: Optional[int] = Field(None, description="Số nhà thầu dự thầu.")
    contractor: Optional[str] = Field(None, description="Tên nhà thầu trúng thầu.")
    warnings: list[str] = Field(..., description="Nội dung các dấu hiệu cảnh báo của gói thầu (mỗi dấu hiệu nêu lý do).")
    selection_start: dt.date = Field(..., description="Thời gian bắt đầu lựa chọn nhà thầu.")
    notice_code: str = Field(..., description="Mã TBMT trên Hệ thống mạng đấu thầu quốc gia (có thể trống).")
    cancelled: bool = Field(..., description="Đã hủy thầu.")


class PackageListOut(Schema):
    items: list[PackageItemOut]
    count: int = Field(..., description="Tổng số gói thầu khớp bộ lọc (không phụ thuộc limit/offset).")


class Page(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


class PackageListParams(Page):
    unit: Optional[int] = Field(None, ge=1, le=MAX_ID, description="Đơn vị chủ đầu tư (gồm cả đơn vị cấp dưới).")
    method: str = Field("", max_length=30, description="Mã hình thức lựa chọn nhà thầu, ví dụ direct.")
    warning: str = Field("", max_length=30, description="Mã dấu hiệu cảnh báo: chỉ các gói thầu có dấu hiệu này.")
    field: str = Field("", max_length=30, description="Lĩnh vực: consulting, goods, non_consulting, works, mixed, "
                                                      "it_service.")
    year: Optional[int] = Field(None, ge=MIN_YEAR, le=MAX_YEAR,
                                description="Năm bắt đầu lựa chọn nhà thầu.")


# ----------------------------------------------------------------- output ----

def _item(p: Package) -> dict:
    return {"id": p.pk, "project_id": p.project_id, "name": p.name, "field": p.field, "method": p.method,
            "package_price": p.package_price, "awarded_price": p.awarded_price, "bidders": p.bidders,
            "contractor": p.contractor.name if p.contractor_id else None,
            "warnings": [w.message for w in p.warnings.all()],
            "selection_start": p.selection_start, "notice_code": p.notice_code, "cancelled": p.cancelled}


def _page(qs, params: Page) -> dict:
    """One count and one page (contractor joined, warnings prefetched): three queries."""
    count = qs.count()
    page = list(qs.select_related("contractor").prefetch_related(
        Prefetch("warnings", queryset=Warning.objects.order_by("code", "pk").only("package_id", "message")))
        .order_by("-selection_start", "-pk")[params.offset:params.offset + params.limit])
    return {"items": [_item(p) for p in page], "count": count}


def _choice(value: str, field: str, label: str, codes) -> str:
    value = value.strip()
    if value and value not in codes:
        raise ServiceError({field: [f"{label} không hợp lệ; dùng một trong: {', '.join(codes)}."]})
    return value


def _filtered(qs, params: PackageListParams):
    errors: dict[str, list[str]] = {}
    values = {}
    for name, label, codes in (("method", "Hình thức lựa chọn nhà thầu", Method.values),
                               ("field", "Lĩnh vực", PackageField.values),
                               ("warning", "Dấu hiệu cảnh báo", list(signals.titles()))):
        try:
            values[name] = _choice(getattr(params, name), name, label, codes)
        except ServiceError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ServiceError(errors)
    if params.unit is not None:
        qs = qs.filter(unit__in=Unit.objects.filter(
            path__startswith=Unit.objects.filter(pk=params.unit).values("path")[:1]).values("pk"))
    if values["method"]:
        qs = qs.filter(method=values["method"])
    if values["field"]:
        qs = qs.filter(field=values["field"])
    if values["warning"]:
        qs = qs.filter(pk__in=Warning.objects.filter(code=values["warning"]).values("package_id"))
    if params.year is not None:
        qs = qs.filter(selection_start__year=params.year)
    return qs


# ------------------------------------------------------------------ routes ----

@router.get("", response={200: PackageListOut, **_errors(400, 401, 422)}, summary="Danh sách gói thầu",
            description="Các gói thầu của những nhiệm vụ/dự án người gọi được xem (thanh tra đọc toàn tỉnh/bộ), "
                        "mới nhất trước, mỗi gói với giá gói thầu, kết quả lựa chọn nhà thầu và nội dung các dấu hiệu "
                        "cảnh báo. Lọc theo đơn vị chủ đầu tư (gồm đơn vị cấp dưới), hình thức, dấu hiệu cảnh báo, "
                        "lĩnh vực, năm. Số truy vấn không phụ thuộc `limit`.")
def list_packages(request, params: Query[PackageListParams]):
    return _page(_filtered(scope_packages(request.auth), params), params)


@project_router.get("/{project_id}/packages", response={200: PackageListOut, **_errors(401, 404, 422)},
                    summary="Các gói thầu của một nhiệm vụ/dự án",
                    description="Cùng dạng với danh sách gói thầu. Nhiệm vụ/dự án ngoài phạm vi → 404.")
def list_project_packages(request, project_id: int, params: Query[Page]):
    user = request.auth
    if not 1 <= project_id <= MAX_ID:
        raise Http404(NOT_FOUND)
    project = get_project_for(user, project_id, queryset=Project.objects.only("pk"))
    return _page(scope_packages(user).filter(project=project), params)
