"""/api/v1/calendar — legal periods in the Vietnamese working-day calendar
(:mod:`cds.workdays.calendar`: weekends, holidays of BLLĐ 2019 Điều 112 with Tết and Giỗ Tổ from
the lunar calendar, the Government's yearly schedule; BLDS 2015 Điều 147–148)."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from cds.workdays.calendar import MAX_DAYS, due_date

from .schemas import Day, ErrorOut, ValidationErrorOut

router = Router()


class DueDateIn(Schema):
    start: Day = Field(..., description="Ngày xảy ra sự kiện (không tính vào thời hạn), YYYY-MM-DD.")
    days: int = Field(..., ge=1, le=MAX_DAYS, description="Độ dài thời hạn.")
    unit: Literal["working", "calendar"] = Field("working", description="working: ngày làm việc; calendar: ngày.")


class DueDateOut(Schema):
    due: dt.date = Field(..., description="Ngày cuối cùng của thời hạn (hết ngày này là hết hạn).")


@router.get("/due-date", response={200: DueDateOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut},
            summary="Tính ngày hết hạn",
            description="Ngày đầu không tính; thời hạn tính bằng ngày mà ngày cuối là ngày nghỉ thì kết thúc vào "
                        "ngày làm việc tiếp theo (BLDS 2015 Điều 147–148). Ví dụ: "
                        "`?start=2025-01-24&days=5&unit=working` → `{\"due\": \"2025-02-07\"}` (qua Tết Ất Tỵ).")
def calendar_due_date(request, params: Query[DueDateIn]):
    return {"due": due_date(params.start, params.days, params.unit)}
