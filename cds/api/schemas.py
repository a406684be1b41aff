"""Request and response shapes of the API (OpenAPI is generated from them).

Input schemas check *types* and what no text or date may be — typed with :func:`Text` and
:data:`Day`, the API's readers of :mod:`cds.core.validation` (a text that cannot be stored,
a date outside 01/01/1900–31/12/2100 answer 400 with the Vietnamese message, like the pages);
every domain rule (required name, years, who may register for which unit …) is the service's,
so its Vietnamese messages reach the client unchanged. Fields the service validates are
therefore optional here.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional, Union

from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from cds.core.validation import BadInput, check_day, check_text, sentence
from cds.projects.filters import DEFAULT_SORT

MAX_ID = 2**63 - 1  # larger ids overflow the database driver
BAD_INPUT = "bad_input"  # the error type of a refused value: answered 400, not 422


# ------------------------------------------------------------------ types ----

def _refuse(label: str, exc: BadInput):
    return PydanticCustomError(BAD_INPUT, "{message}", {"message": sentence(label, exc)})


def Text(label: str, *, multiline: bool = True):  # noqa: N802 - used as a type: Text("tên")
    """A string as it is stored (:func:`cds.core.validation.check_text`: NFC, trimmed, only
    invisible characters read as empty); a control character, lone surrogate or bidirectional
    control is refused, naming ``label``. Tab and line breaks only when ``multiline``."""
    def check(value: str) -> str:
        try:
            return check_text(value, multiline=multiline)
        except BadInput as exc:
            raise _refuse(label, exc) from None
    return Annotated[str, AfterValidator(check)]


def _day(value: dt.date) -> dt.date:
    try:
        return check_day(value)
    except BadInput as exc:
        raise _refuse("ngày", exc) from None


Day = Annotated[dt.date, AfterValidator(_day)]
"""A date YYYY-MM-DD between 01/01/1900 and 31/12/2100."""


# ----------------------------------------------------------------- errors ----

class ErrorOut(Schema):
    detail: str = Field(..., description="Câu thông báo lỗi bằng tiếng Việt.")
    errors: Optional[dict[str, list[str]]] = Field(
        None, description="Lỗi theo từng trường: {tên trường: [thông báo]}.",
    )


class ValidationErrorOut(ErrorOut):
    validation_errors: list[dict] = Field(
        default_factory=list, description="Danh sách lỗi kiểu dữ liệu gốc (django-ninja/pydantic).",
    )


# ------------------------------------------------------------------- auth ----

class TokenIn(Schema):
    username: str = Field("", max_length=150)
    password: str = Field("", max_length=4096)


class TokenOut(Schema):
    token: str = Field(..., description="Mã truy cập; gửi kèm header `Authorization: Bearer <token>`. "
                                        "Chỉ hiển thị một lần.")
    expires_at: dt.datetime


# ----------------------------------------------------------------- output ----

class UnitRef(Schema):
    id: int
    code: str
    name: str


class CatalogRef(Schema):
    id: int
    code: str
    name: str


class ProjectItemOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    group: str
    regime: str = Field(..., description="Tên ngắn của chế độ pháp lý.")
    regime_code: str
    programme: Optional[str] = Field(None, description="Tên chương trình, kế hoạch.")
    investor_unit: UnitRef
    start_year: int
    end_year: Optional[int]
    carried_over: bool
    state: str
    state_label: str
    total_estimate: int = Field(..., description="Đồng (VND), số nguyên.")
    total_approved: int
    total_allocated: int
    total_disbursed: int
    total_settled: int
    version: int = Field(..., description="Phiên bản bản ghi; gửi lại khi sửa (PATCH) hoặc chuyển trạng thái.")
    updated_at: dt.datetime


class ProjectListOut(Schema):
    items: list[ProjectItemOut]
    count: int = Field(..., description="Tổng số bản ghi khớp bộ lọc (không phụ thuộc limit/offset).")


class DocumentOut(Schema):
    id: int
    number: str
    issued_on: dt.date
    issuer: str
    doc_type: str
    title: str


class EventOut(Schema):
    id: int
    kind: str
    from_state: str
    to_state: str
    occurred_on: dt.date
    decision_number: str
    decision_date: Optional[dt.date]
    reason: str
    actor: Optional[str] = Field(None, description="Tên đăng nhập của người thực hiện.")
    checked_by: Optional[str] = None


class BudgetEntryOut(Schema):
    id: int
    year: int
    funding_source: str = Field(..., description="Mã nguồn vốn.")
    stage: str
    amount: int = Field(..., description="Đồng (VND), số nguyên.")
    decision_number: str
    decision_date: Optional[dt.date]
    is_rebaseline: bool
    voided: bool
    superseded: bool


class ActionOut(Schema):
    action: str
    label: str
    needs_decision: bool
    needs_reason: bool
    checker: bool = Field(..., description="Bước kiểm tra: người lập/người thực hiện bước trước không được làm.")


class ProjectDetailOut(ProjectItemOut):
    objectives: str
    scope: str
    lead_unit: Optional[UnitRef]
    coordinating_units: list[UnitRef]
    funding_sources: list[CatalogRef]
    capabilities: list[CatalogRef]
    data_entities: list[CatalogRef]
    documents: list[DocumentOut]
    events: list[EventOut]
    budget_entries: list[BudgetEntryOut]
    allowed_actions: list[ActionOut]


# ------------------------------------------------------------------ input ----

class ProjectListParams(Schema):
    search: Text("từ khóa tìm kiếm") = Field("", max_length=200,
                                             description="Tìm không dấu, hiểu chữ viết tắt (CSDL, SYT …).")
    unit: Optional[int] = Field(None, ge=1, le=MAX_ID, description="Đơn vị chủ đầu tư (gồm cả đơn vị cấp dưới).")
    kind: str = ""
    state: str = ""
    programme: Optional[int] = Field(None, ge=1, le=MAX_ID)
    year: Optional[int] = Field(None, ge=1, le=9999, description="Đang thực hiện trong năm này.")
    funding_source: Optional[int] = Field(None, ge=1, le=MAX_ID)
    regime: Optional[int] = Field(None, ge=1, le=MAX_ID)
    group: str = ""
    disbursement: str = Field("", description="behind: giải ngân trong năm nay chưa đạt tỷ lệ thời gian đã qua "
                                              "của năm so với kế hoạch vốn được giao năm nay.")
    sort: str = Field("", description="code, name, year, state, approved, disbursed, updated; "
                                      "thêm dấu - để sắp giảm dần; relevance: phù hợp nhất trước. Mặc định: "
                                      f"phù hợp nhất trước khi có search, nếu không thì {DEFAULT_SORT}.")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


RegimeRef = Union[int, str]


class ProjectFields(Schema):
    """Every writable field; all optional at the type level (the service says what is missing)."""

    name: Optional[Text("tên nhiệm vụ/dự án", multiline=False)] = None
    objectives: Optional[Text("mục tiêu")] = None
    scope: Optional[Text("quy mô, phạm vi")] = None
    kind: Optional[str] = Field(None, description="investment, recurrent, rental, procurement")
    group: Optional[str] = Field(None, description="QG, A, B, C hoặc - (không phân nhóm)")
    regime: Optional[RegimeRef] = Field(None, description="Id hoặc mã chế độ pháp lý (ví dụ \"ND73_2019\").")
    regime_code: Optional[str] = Field(None, description="Mã chế độ pháp lý (thay cho regime).")
    programme: Optional[int] = Field(None, description="Id chương trình, kế hoạch; null nếu không thuộc.")
    investor_unit: Optional[int] = None
    lead_unit: Optional[int] = None
    coordinating_units: Optional[list[int]] = None
    funding_sources: Optional[list[int]] = None
    capabilities: Optional[list[int]] = None
    data_entities: Optional[list[int]] = None
    start_year: Optional[int] = None
    end_year: Optional[int] = None
    carried_over: Optional[bool] = None


class ProjectCreateIn(ProjectFields):
    pass


class ProjectPatchIn(ProjectFields):
    version: int = Field(..., description="Phiên bản đã đọc (trường version của GET). Lệch → 409.")


class TransitionIn(Schema):
    action: str = Field(..., description="Mã thao tác, ví dụ start_dossier, submit_appraisal, approve.")
    decision_number: Optional[Text("số, ký hiệu văn bản", multiline=False)] = Field("", max_length=200)
    decision_date: Optional[Day] = Field(None, description="YYYY-MM-DD")
    reason: Optional[Text("lý do")] = Field("", max_length=20_000)
    version: Optional[int] = Field(None, description="Phiên bản đã đọc; nếu gửi mà lệch → 409.")
