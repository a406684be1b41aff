"""The constants of one calculation method, read in one query, with the label and citation of
each row so that a calculator refusing an unset value can say which one and where it comes from."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from cds.core.errors import ServiceError
from cds.estimates.models import Constant, Method

NOT_CONFIGURED = "not_configured"
WHERE = "quản trị viên nhập tại Quy tắc → Hằng số, bảng định mức"


class MethodConstants(dict):
    """``{key: value}`` of a method's constants; ``labels`` and ``citations`` by key, and the
    method's name, citation and code. A plain dict works with the calculators too (a missing
    constant is then named by its key)."""

    def __init__(self, values=(), *, labels=None, citations=None, code="", name="", citation=""):
        super().__init__(values)
        self.labels = dict(labels or {})
        self.citations = dict(citations or {})
        self.code, self.name, self.citation = code, name, citation


def method_constants(code: str) -> MethodConstants:
    """The constants of Method ``code`` (one query). A method without rows is refused."""
    rows = list(Constant.objects.filter(method__code=code).select_related("method"))
    if not rows:
        if not Method.objects.filter(code=code).exists():
            raise ServiceError(f"Không có phương pháp tính “{code}”.", code=NOT_CONFIGURED)
        raise ServiceError(f"Phương pháp tính “{code}” chưa có hằng số nào; {WHERE}.", code=NOT_CONFIGURED)
    method = rows[0].method
    return MethodConstants(
        {r.key: r.value for r in rows}, labels={r.key: r.label for r in rows},
        citations={r.key: r.citation for r in rows}, code=method.code, name=method.name, citation=method.citation)


def label_of(constants, key: str) -> str:
    return getattr(constants, "labels", {}).get(key, key)


def citation_of(constants, key: str = "") -> str:
    """The citation of constant ``key``, else the method's."""
    citations = getattr(constants, "citations", {})
    return citations.get(key) or getattr(constants, "citation", "")


def need(constants, key: str):
    """The value of constant ``key``; a ServiceError that says plainly the province has not entered
    it when the row is missing or empty."""
    value = constants.get(key)
    if value is None:
        label = label_of(constants, key)
        cite = citation_of(constants, key)
        where = f"{label} ({cite})" if cite else label
        raise ServiceError(f"Tỉnh chưa nhập {where}; {WHERE}.", code=NOT_CONFIGURED)
    return value


def dec(value) -> Decimal:
    """A JSON number (int or float as stored) as the Decimal it was typed as (0.65, not 0.6500000000000000222)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("boolean is not a number")
    return Decimal(str(value))


def to_dong(value: Decimal) -> int:
    """Whole đồng, half up."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
