"""Rate norms for project management and consulting (Quyết định 1688/QĐ-BTTTT): a percentage of
the base (xây lắp + thiết bị, or the software cost) read from the table's milestones in tỷ đồng,
linearly interpolated between them:

    Nt = Nb − (Nb − Na) / (Ga − Gb) × (Gt − Gb)

(Gt the base, Gb < Gt < Ga the milestones around it, Nb and Na their rates); at or below the first
milestone the first rate, at or above the last the last rate. Adjustment coefficients multiply the
rate (the "qlda" column for the project-management tables 1a/1b, "other" for the rest). The review
of a BCKTKT, đề cương or rental plan is the sum of the shares of tables 4, 5 and 6.

All in Decimal; the rate is not rounded; the amount is rounded half up to whole đồng.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cds.core.errors import ServiceError
from cds.core.validation import MAX_AMOUNT

from .constants import citation_of, dec, label_of, need, to_dong
from .tables import money, number

BILLION = Decimal(1_000_000_000)
REVIEW_KEYS = {"review_a": "a", "review_b": "b"}


@dataclass
class RateResult:
    table_key: str
    label: str
    base: int
    base_ty: Decimal
    rate: Decimal            # % after coefficients
    table_rate: Decimal      # % read from the table
    amount: int
    lower: tuple | None      # (milestone tỷ, rate %) used
    upper: tuple | None
    coefficients: list = field(default_factory=list)   # [(label, value)]
    formula: str = ""
    citation: str = ""
    parts: list = field(default_factory=list)          # review: the RateResults of tables 4, 5, 6


def table_keys(constants) -> list[tuple[str, str]]:
    """(key, label) of the rate tables among ``constants``."""
    return [(key, label_of(constants, key)) for key, value in constants.items()
            if isinstance(value, dict) and "milestones" in value]


def _check_base(base_vnd) -> int:
    if isinstance(base_vnd, bool) or not isinstance(base_vnd, int):
        raise ServiceError({"base": ["Giá trị làm căn cứ tính phải là số nguyên đồng."]})
    if base_vnd < 0:
        raise ServiceError({"base": ["Giá trị làm căn cứ tính không được âm."]})
    if base_vnd == 0:
        raise ServiceError({"base": ["Giá trị làm căn cứ tính phải lớn hơn 0 đồng."]})
    if base_vnd > MAX_AMOUNT:
        raise ServiceError({"base": [f"Giá trị làm căn cứ tính quá lớn (tối đa {money(MAX_AMOUNT)} đồng)."]})
    return base_vnd


def interpolate(table: dict, gt: Decimal) -> tuple[Decimal, tuple | None, tuple | None, str]:
    """(rate %, lower milestone pair, upper pair, how it was read) of base ``gt`` tỷ đồng."""
    milestones = [dec(m) for m in table["milestones"]]
    rates = [dec(r) for r in table["rates"]]
    if len(milestones) != len(rates) or not milestones:
        raise ServiceError("Bảng định mức không hợp lệ: số mốc và số định mức khác nhau.")
    if gt <= milestones[0]:
        return rates[0], (milestones[0], rates[0]), None, (
            f"Gt = {number(gt)} tỷ ≤ mốc đầu {number(milestones[0])} tỷ: lấy định mức của mốc đầu {number(rates[0])}%")
    if gt >= milestones[-1]:
        return rates[-1], (milestones[-1], rates[-1]), None, (
            f"Gt = {number(gt)} tỷ ≥ mốc cuối {number(milestones[-1])} tỷ: lấy định mức của mốc cuối "
            f"{number(rates[-1])}%")
    for i in range(1, len(milestones)):
        gb, ga, nb, na = milestones[i - 1], milestones[i], rates[i - 1], rates[i]
        if gt == ga:
            return na, (ga, na), None, f"Gt = {number(gt)} tỷ đúng mốc: định mức {number(na)}%"
        if gb < gt < ga:
            nt = nb - (nb - na) / (ga - gb) * (gt - gb)
            return nt, (gb, nb), (ga, na), (
                f"Nt = Nb − (Nb − Na) / (Ga − Gb) × (Gt − Gb) = {number(nb)} − ({number(nb)} − {number(na)}) / "
                f"({number(ga)} − {number(gb)}) × ({number(gt)} − {number(gb)}) = {number(nt)}%")
    raise ServiceError("Bảng định mức không hợp lệ: các mốc phải tăng dần.")   # pragma: no cover


REVIEW_TABLES = ("t4", "t5", "t6")


def _coefficients(keys, table_key: str, constants) -> list[tuple[str, Decimal]]:
    if not keys:
        return []
    table = need(constants, "coefficients")
    column = "qlda" if table_key.startswith("t1") else "other"
    review = table_key[:2] in REVIEW_TABLES
    out = []
    for key in keys:
        if key not in table:
            raise ServiceError({"coefficients": [f"Không có hệ số điều chỉnh “{key}”."]})
        # A review (thẩm tra: tables 4–6) takes its own coefficient where the row has one.
        value = table[key].get("review", table[key].get(column)) if review else table[key].get(column)
        if value is None:
            raise ServiceError(f"Tỉnh chưa nhập hệ số “{table[key].get('label', key)}” cho loại chi phí này; "
                               "quản trị viên nhập tại Quy tắc → Hằng số, bảng định mức.", code="not_configured")
        out.append((table[key].get("label", key), dec(value)))
    return out


def rate(table_key: str, base_vnd: int, constants, coefficients=()) -> RateResult:
    """The rate and amount of table ``table_key`` for a base of ``base_vnd`` đồng (or the review
    rule for ``review_a``/``review_b``), with the adjustment ``coefficients`` (keys)."""
    if table_key in REVIEW_KEYS:
        return review(REVIEW_KEYS[table_key], base_vnd, constants, coefficients)
    base = _check_base(base_vnd)
    value = constants.get(table_key)
    if table_key not in constants or not (value is None or isinstance(value, dict) and "milestones" in value):
        raise ServiceError({"table": [f"Không có bảng định mức “{table_key}”."]})
    table = need(constants, table_key)
    gt = Decimal(base) / BILLION
    nt, lower, upper, how = interpolate(table, gt)
    coefs = _coefficients(coefficients, table_key, constants)
    adjusted = nt
    for _, k in coefs:
        adjusted *= k
    amount = to_dong(adjusted / 100 * base)
    coef_text = "".join(f" × {number(k)}" for _, k in coefs)
    formula = f"{how}. Chi phí = {number(nt)}%{coef_text} × {money(base)} đồng = {money(amount)} đồng."
    return RateResult(table_key, label_of(constants, table_key), base, gt, adjusted, nt, amount, lower, upper, coefs,
                      formula, citation_of(constants, table_key))


def review(category: str, base_vnd: int, constants, coefficients=()) -> RateResult:
    """Review of a BCKTKT, đề cương or rental plan: Σ share × table 4, 5, 6 of ``category``
    ("a" hạ tầng, "b" phần mềm); each part interpolated on its own."""
    base = _check_base(base_vnd)
    shares = need(constants, "review_shares")
    parts, total_rate, terms = [], Decimal(0), []
    for prefix in ("t4", "t5", "t6"):
        part = rate(f"{prefix}{category}", base, constants, coefficients)
        share = dec(shares[prefix])
        parts.append(part)
        total_rate += share * part.rate
        terms.append(f"{number(share * 100)}% × {number(part.rate)}%")
    amount = to_dong(total_rate / 100 * base)
    label = label_of(constants, "review_shares")
    formula = f"Định mức = {' + '.join(terms)} = {number(total_rate)}%. Chi phí = {number(total_rate)}% × " \
              f"{money(base)} đồng = {money(amount)} đồng."
    return RateResult(f"review_{category}", label, base, Decimal(base) / BILLION, total_rate, total_rate, amount,
                      None, None, parts[0].coefficients, formula, citation_of(constants, "review_shares"), parts)
