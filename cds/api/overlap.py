"""/api/v1/overlap — duplicate-investment check of a proposal against the registry and the
systems map.

Any signed-in user may check (a unit proposing a project needs it most). Candidates from
other units of the caller's tree are returned with their name, code and unit only — the
fields a unit may not read (objectives, budget …) stay behind ``GET /projects/{id}``, which
answers 404 outside the caller's scope. A province's systems are proposed within its tree
(name, code, owner unit); national platforms and common software to all.
"""
from __future__ import annotations

from typing import Literal

from ninja import Field, Router, Schema

from cds.overlap import services

from .schemas import ErrorOut, Text, ValidationErrorOut

router = Router()


class CheckIn(Schema):
    name: Text("tên nhiệm vụ/dự án") = Field(
        ..., description="Tên nhiệm vụ/dự án đề xuất (bắt buộc, tối đa 500 ký tự).")
    description: Text("phần mô tả") = Field("", description="Mục tiêu, quy mô, phạm vi (tùy chọn, tối đa 20.000 ký tự).")


class Signal(Schema):
    kind: str = Field(..., description="capability | data_entity | unit | years | via (giống cùng một dự án, hệ thống thứ ba)")
    label: str


class CandidateOut(Schema):
    kind: Literal["project", "system"] = Field(
        ..., description="project: nhiệm vụ/dự án; system: hệ thống trong danh mục hệ thống thông tin "
                         "(nền tảng, CSDL quốc gia, hệ thống lõi, chuyên ngành, của đơn vị, phần mềm phổ biến).")
    id: int = Field(..., description="id của dự án (GET /projects/{id}) hoặc của hệ thống (GET /systems/{id}).")
    code: str
    name: str
    unit: str = Field(..., description="Đơn vị chủ đầu tư; với hệ thống: đơn vị chủ quản hoặc cơ quan vận hành.")
    running: bool = Field(False, description="Dự án đã đưa vào vận hành.")
    category: str = Field("", description="Loại hệ thống (national, core, sector, unit, common); rỗng với dự án.")
    score: float = Field(..., ge=0, le=1, description="Độ tương đồng 0–1 (văn bản + dấu hiệu cấu trúc).")
    explanation: str = Field(..., description="Vì sao: từ khóa chung và các dấu hiệu khác.")
    shared_terms: list[str]
    signals: list[Signal]


class CheckOut(Schema):
    candidates: list[CandidateOut]
    threshold: float = Field(..., description="Ngưỡng mặc định của bộ máy: từ mức này coi là nghi trùng lặp.")
    index_building: bool = Field(False, description="Chỉ mục trùng lặp đang được xây dựng (sau khi cài mới): "
                                                     "chưa có ứng viên nào, hãy kiểm tra lại sau ít phút.")


@router.post("/check", response={200: CheckOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
             summary="Kiểm tra trùng lặp một đề xuất",
             description="Trả về các ứng viên xếp theo độ tương đồng giảm dần (tối đa 10). Tên trống hoặc quá dài → 400.")
def check(request, payload: CheckIn):
    found = services.check(request.auth, payload.name, payload.description, k=10)
    return {
        "threshold": services.DEFAULT_THRESHOLD,
        "index_building": services.index_building(),
        "candidates": [{
            "kind": c.kind, "id": c.id, "code": c.code, "name": c.name, "unit": c.unit, "score": c.score,
            "running": c.running, "category": c.category,
            "explanation": c.explanation, "shared_terms": c.terms,
            "signals": [{"kind": s["kind"], "label": s.get("label", "")} for s in c.signals],
        } for c in found],
    }
