"""/api/v1/surveys/rounds — survey rounds and their results, read-only.

The rounds are those of :func:`cds.surveys.permissions.scope_rounds` (a unit: the rounds it was
sent, leads a group of, or coordinates; the province-wide roles: their tree), each with its
counts (units sent to, submitted, late). The results of a round are what the caller reads on
the results page (:func:`cds.surveys.results.viewer`): a lead agency its groups across units, a
unit its own answers; counted over the submitted responses. A round outside the scope, or a
group the caller does not read, answers 404; a wrong type 422. Fixed number of queries.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from django.http import Http404
from ninja import Field, Query, Router, Schema

from cds.surveys import results as survey_results
from cds.surveys.models import Round
from cds.surveys.permissions import get_round_for, scope_rounds
from cds.surveys.selectors import RoundCounts, round_counts

from .schemas import MAX_ID, ErrorOut, ValidationErrorOut

router = Router()

NOT_FOUND = "Không tìm thấy đợt khảo sát."
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


def _errors(*codes):
    return {c: ERRORS[c] for c in codes}


# ----------------------------------------------------------------- shapes ----

class CountsOut(Schema):
    units: int = Field(..., description="Số đơn vị được gửi phiếu.")
    submitted: int = Field(..., description="Số đơn vị đã gửi phiếu.")
    late: int = Field(..., description="Số đơn vị gửi muộn hoặc quá hạn chưa gửi.")


class RoundItemOut(Schema):
    id: int
    name: str
    deadline: dt.date = Field(..., description="Hạn gửi phiếu.")
    counts: CountsOut


class RoundListOut(Schema):
    items: list[RoundItemOut]
    count: int = Field(..., description="Tổng số đợt khảo sát (không phụ thuộc limit/offset).")


class Page(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


class ChoiceCountOut(Schema):
    code: str
    label: str
    count: int = Field(..., description="Số đơn vị chọn.")


class MatrixRowOut(Schema):
    label: str
    choices: list[ChoiceCountOut]


class StatsOut(Schema):
    mean: Optional[float] = None
    median: Optional[float] = None
    min: Optional[float] = None
    max: Optional[float] = None
    first: Optional[dt.date] = Field(None, description="Ngày sớm nhất (câu hỏi dạng ngày).")
    last: Optional[dt.date] = Field(None, description="Ngày muộn nhất (câu hỏi dạng ngày).")


class QuestionOut(Schema):
    id: int
    name: str
    label: str
    type: str
    answered: int = Field(..., description="Số đơn vị trả lời.")
    choices: list[ChoiceCountOut] = Field(..., description="Lựa chọn (hoặc giá trị của thang điểm) và số đơn vị.")
    rows: list[MatrixRowOut] = Field(..., description="Câu hỏi dạng bảng: từng hàng.")
    stats: StatsOut
    texts: int = Field(..., description="Số ý kiến (câu hỏi dạng văn bản).")


class SectionOut(Schema):
    id: int
    name: str
    label: str
    group: str
    lead_unit: Optional[str] = Field(None, description="Cơ quan chủ trì tổng hợp nhóm.")
    summary: str = Field(..., description="Ý kiến tổng hợp của cơ quan chủ trì.")
    questions: list[QuestionOut]


class ResultsOut(Schema):
    id: int
    name: str
    units: int = Field(..., description="Số phiếu trong phạm vi người gọi được xem.")
    submitted: int = Field(..., description="Số phiếu đã gửi trong phạm vi đó (kết quả tính trên các phiếu này).")
    across_units: bool = Field(..., description="True: các nhóm được xem của mọi đơn vị; False: phiếu của đơn vị.")
    sections: list[SectionOut]


class ResultsParams(Schema):
    section: Optional[int] = Field(None, ge=1, le=MAX_ID, description="Chỉ một nhóm câu hỏi.")


# ----------------------------------------------------------------- output ----

def _float(v):
    return float(v) if v is not None else None


def _question(res: survey_results.QuestionResult) -> dict:
    q, s = res.question, res.stats
    bars = lambda items: [{"code": b.code, "label": b.label, "count": b.count} for b in items]  # noqa: E731
    return {"id": q.pk, "name": q.name, "label": q.label, "type": q.type, "answered": res.answered,
            "choices": bars(res.bars), "rows": [{"label": label, "choices": bars(items)} for label, items in res.rows],
            "stats": {"mean": _float(s.get("mean")), "median": _float(s.get("median")), "min": _float(s.get("min")),
                      "max": _float(s.get("max")), "first": s.get("first"), "last": s.get("last")},
            "texts": res.texts}


# ------------------------------------------------------------------ routes ----

@router.get("", response={200: RoundListOut, **_errors(401, 422)}, summary="Danh sách đợt khảo sát",
            description="Các đợt khảo sát người gọi được xem, hạn gửi muộn nhất trước, mỗi đợt với số đơn vị được "
                        "gửi, đã gửi phiếu và gửi muộn (hoặc quá hạn chưa gửi).")
def list_survey_rounds(request, params: Query[Page]):
    qs = scope_rounds(request.auth).order_by("-deadline", "-pk")
    count = qs.count()
    page = list(qs.only("pk", "name", "deadline")[params.offset:params.offset + params.limit])
    counts = round_counts([r.pk for r in page])
    items = []
    for r in page:
        c = counts.get(r.pk, RoundCounts())
        items.append({"id": r.pk, "name": r.name, "deadline": r.deadline,
                      "counts": {"units": c.units, "submitted": c.submitted, "late": c.late}})
    return {"items": items, "count": count}


@router.get("/{round_id}/results", response={200: ResultsOut, **_errors(401, 404, 422)},
            summary="Kết quả một đợt khảo sát",
            description="Theo từng nhóm câu hỏi người gọi được xem và từng câu hỏi: số đơn vị trả lời, số đơn vị "
                        "chọn mỗi lựa chọn (câu hỏi dạng bảng: theo từng hàng), trung bình, trung vị, thấp nhất, "
                        "cao nhất (câu hỏi dạng số), số ý kiến (câu hỏi dạng văn bản) — trên các phiếu đã gửi. "
                        "Cơ quan chủ trì nhóm xem nhóm của mình trên mọi đơn vị; đơn vị khác xem phiếu của mình. "
                        "Đợt ngoài phạm vi hoặc nhóm không được xem → 404.")
def survey_round_results(request, round_id: int, params: Query[ResultsParams]):
    user = request.auth
    if not 1 <= round_id <= MAX_ID:
        raise Http404(NOT_FOUND)
    rnd = get_round_for(user, round_id, Round.objects.select_related("form", "root_unit", "coordinator"))
    view = survey_results.viewer(user, rnd)
    sections = None
    if params.section is not None:
        section = view.section(params.section)
        if section is None:
            raise Http404("Không tìm thấy nhóm câu hỏi.")
        sections = [section]
    data = survey_results.distributions(view, sections, text_groups=False) if view.sections else []
    return {"id": rnd.pk, "name": rnd.name, "units": view.responses.count(), "submitted": view.submitted.count(),
            "across_units": view.across_units,
            "sections": [{"id": s.section.pk, "name": s.section.name, "label": s.section.label,
                          "group": s.section.group, "lead_unit": s.lead.lead_unit.name if s.lead else None,
                          "summary": s.lead.summary if s.lead else "",
                          "questions": [_question(q) for q in s.questions]} for s in data]}
