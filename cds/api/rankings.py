"""/api/v1/rankings — the unit compliance ranking, read-only.

A published period's table — every ranked unit with its rank, score and the points it earned on
each criterion — is public within its tree: every user of the tree reads it whole, nothing of
another tree is shown (:func:`cds.rankings.permissions.scope_periods`). A period not yet
published is read, by its id, by the administrator and the leaders only; for everyone else it
answers 404 like a missing one. ``score`` is the sum of the unit's criterion points (both with
two decimals) and the units come in rank order (equal scores share a rank). Fixed number of
queries.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Optional

from django.db.models import Count, F, Q
from django.http import Http404
from ninja import Field, Query, Router, Schema

from cds.rankings.models import Period, PeriodStatus
from cds.rankings.permissions import get_period_for, scope_periods
from cds.rankings.selectors import latest_published, ranking_table

from .schemas import MAX_ID, ErrorOut, ValidationErrorOut

router = Router()

NOT_FOUND = "Không tìm thấy kỳ xếp hạng."
NONE_PUBLISHED = "Chưa có kỳ xếp hạng nào được công bố trong phạm vi của bạn."
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
CENT = Decimal("0.01")


def _errors(*codes):
    return {c: ERRORS[c] for c in codes}


# ----------------------------------------------------------------- shapes ----

class PeriodOut(Schema):
    id: int
    year: int
    name: str
    published_at: Optional[dt.datetime] = Field(None, description="Ngày công bố (trống: chưa công bố).")


class CriterionOut(Schema):
    code: str = Field(..., description="Mã tiêu chí (khóa của `criteria` ở mỗi đơn vị).")
    name: str
    weight: int = Field(..., description="Trọng số: số điểm tối đa của tiêu chí.")


class MethodOut(Schema):
    version: int = Field(..., description="Phiên bản phương pháp xếp hạng áp dụng cho kỳ.")
    criteria: list[CriterionOut]


class UnitOut(Schema):
    unit_id: int
    unit_name: str
    rank: int = Field(..., description="Hạng (đơn vị bằng điểm đồng hạng: 1, 2, 2, 4).")
    score: float = Field(..., description="Tổng điểm, bằng tổng điểm các tiêu chí (hai chữ số thập phân).")
    criteria: dict[str, float] = Field(..., description="Điểm theo từng tiêu chí, theo mã tiêu chí.")


class RankingOut(Schema):
    period: PeriodOut
    method: MethodOut
    units: list[UnitOut]


class PeriodItemOut(Schema):
    id: int
    year: int
    name: str
    method_version: int
    published_at: Optional[dt.datetime] = None
    units: int = Field(..., description="Số đơn vị được xếp hạng.")


class PeriodListOut(Schema):
    items: list[PeriodItemOut]
    count: int = Field(..., description="Tổng số kỳ đã công bố (không phụ thuộc limit/offset).")


class Page(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


# ----------------------------------------------------------------- output ----

def _number(value: Decimal) -> float:
    return float(value.quantize(CENT))


def _ranking(period: Period) -> dict:
    table = ranking_table(period)
    codes = {c.pk: c.code for c in table.criteria}
    units = []
    for row in table.rows:
        points = {codes[cid]: line.points for cid, line in row.scores.items() if cid in codes}
        units.append({"unit_id": row.unit_id, "unit_name": row.unit_name, "rank": row.rank,
                      "score": _number(row.score),
                      "criteria": {code: _number(p) for code, p in points.items()}})
    return {"period": {"id": period.pk, "year": period.year, "name": period.name,
                       "published_at": period.published_at},
            "method": {"version": table.method.number,
                       "criteria": [{"code": c.code, "name": c.name, "weight": c.weight} for c in table.criteria]},
            "units": units}


# ------------------------------------------------------------------ routes ----

@router.get("", response={200: PeriodListOut, **_errors(401, 422)}, summary="Danh sách kỳ xếp hạng đã công bố",
            description="Các kỳ xếp hạng đã công bố của phạm vi (tỉnh/bộ) người gọi, năm mới nhất trước, mỗi kỳ "
                        "với phiên bản phương pháp áp dụng và số đơn vị được xếp hạng.")
def list_rankings(request, params: Query[Page]):
    qs = scope_periods(request.auth).filter(status=PeriodStatus.PUBLISHED).order_by("-year", "-published_at", "-pk")
    count = qs.count()
    page = (qs.annotate(units=Count("results", filter=Q(results__method=F("method"))))
            .values("pk", "year", "name", "method__number", "published_at", "units")
            [params.offset:params.offset + params.limit])
    return {"items": [{"id": p["pk"], "year": p["year"], "name": p["name"], "method_version": p["method__number"],
                       "published_at": p["published_at"], "units": p["units"]} for p in page],
            "count": count}


@router.get("/latest", response={200: RankingOut, **_errors(401, 404)}, summary="Kết quả xếp hạng mới nhất",
            description="Kỳ xếp hạng đã công bố mới nhất của phạm vi người gọi: phương pháp (phiên bản, tiêu chí, "
                        "trọng số) và mọi đơn vị theo thứ tự hạng với tổng điểm và điểm từng tiêu chí. Chưa có kỳ "
                        "nào được công bố → 404.")
def latest_ranking(request):
    period = latest_published(scope_periods(request.auth).select_related("method"))
    if period is None:
        raise Http404(NONE_PUBLISHED)
    return _ranking(period)


@router.get("/{period_id}", response={200: RankingOut, **_errors(401, 404, 422)}, summary="Kết quả một kỳ xếp hạng",
            description="Như kết quả mới nhất, cho một kỳ. Kỳ của phạm vi khác → 404; kỳ chưa công bố chỉ quản trị "
                        "hệ thống và lãnh đạo xem được (người khác → 404).")
def get_ranking(request, period_id: int):
    if not 1 <= period_id <= MAX_ID:
        raise Http404(NOT_FOUND)
    return _ranking(get_period_for(request.auth, period_id))
