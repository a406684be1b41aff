"""/api/v1/estimates — the estimate calculators (cds.estimates.calc): the cost of internal
software by use-case points, under the method version chosen (Công văn 2589/BTTTT-ƯDCNTT or
Quyết định 671/QĐ-BTTTT), with every constant read from the method's rows.

Nothing is stored. Any signed-in user may calculate. An input out of range answers 422 with the
Vietnamese message of the field (the same shape as the other errors); a constant the province has
not entered answers 400 naming it."""
from __future__ import annotations

from typing import Literal

from ninja import Field, Router, Schema

from cds.core.errors import ServiceError
from cds.estimates.calc import ucp
from cds.estimates.calc.constants import NOT_CONFIGURED, method_constants

from .schemas import ErrorOut, ValidationErrorOut

router = Router()

class CountsIn(Schema):
    simple: int = Field(0, ge=0, le=ucp.MAX_COUNT, description="Đơn giản.")
    average: int = Field(0, ge=0, le=ucp.MAX_COUNT, description="Trung bình.")
    complex: int = Field(0, ge=0, le=ucp.MAX_COUNT, description="Phức tạp.")


class UseCasesIn(Schema):
    B: CountsIn = Field(default_factory=CountsIn, description="Mức B.")
    M: CountsIn = Field(default_factory=CountsIn, description="Mức M.")
    T: CountsIn = Field(default_factory=CountsIn, description="Mức T.")


class UcpIn(Schema):
    method: Literal["CV2589", "QD671"] = Field(
        ..., description="CV2589: Công văn 2589/BTTTT-ƯDCNTT (2011); QD671: Quyết định 671/QĐ-BTTTT (2024).")
    actors: CountsIn = Field(..., description="Số tác nhân theo loại (0–10.000 mỗi loại).")
    use_cases: UseCasesIn = Field(..., description="Số trường hợp sử dụng theo mức B/M/T và độ phức tạp.")
    technical_factors: list[int] = Field(
        ..., description="Điểm 13 hệ số phức tạp kỹ thuật – công nghệ T1…T13, mỗi điểm 0–5, theo thứ tự của "
                         "phương pháp.")
    environment_factors: list[int] = Field(
        ..., description="Điểm 8 hệ số môi trường E1…E8, mỗi điểm 0–5.")
    hourly_rate: int = Field(..., gt=0, le=ucp.MAX_HOURLY_RATE,
                             description="Mức lương lao động bình quân H, đồng/giờ (số nguyên).")


class UcpOut(Schema):
    taw: float = Field(..., description="Điểm tác nhân.")
    tbf: float = Field(..., description="Điểm trường hợp sử dụng.")
    uucp: float
    tfw: float
    tcf: float
    efw: float
    ef: float
    es: float
    p: float = Field(..., description="Thời gian lao động, giờ/điểm.")
    aucp: float
    e: float = Field(..., description="Nỗ lực thực tế.")
    g: int = Field(..., description="Giá trị phần mềm G, đồng.")
    c: int = Field(..., description="Chi phí chung, đồng.")
    tl: int = Field(..., description="Thu nhập chịu thuế tính trước, đồng.")
    total: int = Field(..., description="G + C + TL, đồng (chưa gồm thuế GTGT).")


class OutOfRange(ServiceError):
    """An input the calculator refused (a count, a rating, the hourly rate out of range, the wrong
    number of factors): answered 422 by cds.api.api with the fields' Vietnamese messages."""


@router.post("/ucp", response={200: UcpOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut},
             summary="Tính chi phí phần mềm nội bộ theo điểm trường hợp sử dụng",
             description="Tính TAW, TBF, UUCP, TFW, TCF, EFW, EF, ES, P, AUCP, E và giá trị phần mềm G, chi phí chung C, "
                         "thu nhập chịu thuế tính trước TL, tổng G + C + TL (đồng, số nguyên, chưa gồm thuế GTGT) theo "
                         "hằng số của phương pháp đã chọn. Số tiền làm tròn đến đồng ở G, C và TL. Số lượng âm hoặc "
                         "quá 10.000, điểm ngoài 0–5, sai số hệ số, đơn giá giờ công không dương hoặc quá lớn → 422; "
                         "hằng số tỉnh chưa nhập → 400. Không ghi dữ liệu nào.")
def calculate_ucp(request, payload: UcpIn):
    constants = method_constants(payload.method)
    data = payload.model_dump()
    data.pop("method")
    try:
        ucp.clean(data, constants)
    except ServiceError as exc:
        if getattr(exc, "code", None) == NOT_CONFIGURED:
            raise
        raise OutOfRange(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
    result = ucp.compute(data, constants)
    return result.as_dict()
