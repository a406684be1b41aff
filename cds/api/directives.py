"""/api/v1/directives — the extraction assistant as a service: a directive's text in, the
proposed assignments out (nothing is saved; saving is the user's act after correcting them in
the web assistant).

Units are matched against the caller's tree (province or ministry); a national account names
the tree with ``root_unit_id``.
"""
from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema

from cds.accounts import access
from cds.directives import extract
from cds.orgs.models import Unit

from .schemas import Day, ErrorOut, Text, ValidationErrorOut

router = Router()


class ExtractIn(Schema):
    text: Text("nội dung văn bản") = Field(..., description=f"Toàn văn hoặc một phần văn bản chỉ đạo (tối đa {extract.MAX_CHARS:,} ký tự)."
                      .replace(",", "."))
    date: Day | None = Field(None, description="Ngày ban hành (YYYY-MM-DD): năm của các thời hạn không ghi năm. "
                                                   "Vắng: lấy ngày ghi ở đầu văn bản nếu có, nếu không là hôm nay.")
    root_unit_id: int | None = Field(None, description="Tỉnh/bộ để đối chiếu tên đơn vị (mặc định: cây đơn vị của người gọi).")


class AssignmentOut(Schema):
    lead: str = Field(..., description="Đơn vị chủ trì như văn bản ghi.")
    lead_unit_id: int | None = Field(None, description="id đơn vị chủ trì trong danh mục; null nếu là nhóm hoặc không nhận ra.")
    lead_unit_ids: list[int] = Field(..., description="Các đơn vị chủ trì (một nhóm như “các sở, ban, ngành” được mở rộng).")
    coordinating: list[str] = Field(..., description="Đơn vị phối hợp như văn bản ghi.")
    coordinating_unit_ids: list[int]
    task: str = Field(..., description="Nội dung nhiệm vụ.")
    deadline: dt.date | None = Field(None, description="Thời hạn YYYY-MM-DD (ngày cuối tháng/quý/năm với “trong tháng …”).")
    deadline_text: str = Field(..., description="Thời hạn như văn bản ghi.")
    deadline_kind: str = Field(..., description="date | month | quarter | year | monthly | quarterly | yearly | none")
    responsible: str = Field("", description="Người chịu trách nhiệm nếu văn bản nêu (ví dụ “Giám đốc Sở Y tế”).")
    warnings: list[str]


class ExtractOut(Schema):
    assignments: list[AssignmentOut]


@router.post("/extract", response={200: ExtractOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
             summary="Đề xuất nhiệm vụ từ văn bản chỉ đạo",
             description="Ví dụ: `{\"text\": \"Giao Sở Y tế chủ trì, phối hợp với Công an tỉnh triển khai ..., "
                         "hoàn thành trước ngày 10/01/2024.\"}` → `{\"assignments\": [{\"lead\": \"Sở Y tế\", "
                         "\"lead_unit_id\": 12, \"coordinating\": [\"Công an tỉnh\"], \"deadline\": \"2024-01-10\", …}]}`. "
                         "Văn bản trống, quá dài hoặc không có câu giao nhiệm vụ → 400 với thông báo tiếng Việt.")
def extract_assignments(request, payload: ExtractIn):
    user = request.auth
    root = None
    if payload.root_unit_id is not None:
        unit = access.scope_units(user, Unit.objects.filter(pk=payload.root_unit_id, parent__isnull=True)).first()
        if unit is None:
            raise Http404("Không tìm thấy đơn vị.")
        root = unit
    found = extract.extract_for(user, payload.text, payload.date, root)
    return {"assignments": [a.as_json() for a in found]}
