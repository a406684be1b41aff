"""A warning's evidence as a reader sees it: the keys each check writes, each with its Vietnamese
label and its reading (amounts in đồng, dates dd/mm/yyyy, percentages, choice labels, the law's
short name). Only the keys listed here are shown; ids are for links, the API and the audit."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from cds.text.format import format_number, format_vnd, vndate

from .models import Budget, Field, LawVersion, Method, Package
from .permissions import scope_packages

MONEY, DATE, PCT, NUMBER, YES_NO, CHOICE, LAW, TEXT, PACKAGES = range(9)

# key → (label, reading); the order is the order shown.
KEYS: dict[str, tuple[str, int]] = {
    "package_price": ("Giá gói thầu", MONEY),
    "awarded_price": ("Giá trúng thầu", MONEY),
    "savings": ("Giá trị tiết kiệm", MONEY),
    "savings_pct": ("Tỷ lệ tiết kiệm", PCT),
    "max_amount": ("Hạn mức của hình thức", MONEY),
    "sum": ("Tổng giá các gói trong nhóm", MONEY),
    "group_size": ("Số gói trong nhóm", NUMBER),
    "window_days": ("Khoảng thời gian xét (ngày)", NUMBER),
    "same_project": ("Cùng một nhiệm vụ/dự án", YES_NO),
    "others": ("Các gói thầu cùng nhóm", PACKAGES),
    "bidders": ("Số nhà thầu dự thầu", NUMBER),
    "threshold_pct": ("Ngưỡng xem xét của tỉnh", PCT),
    "tax_code": ("Mã số thuế nhà thầu", TEXT),
    "count": ("Số gói nhà thầu này trúng", NUMBER),
    "total": ("Số gói đã có kết quả của đơn vị", NUMBER),
    "share_count_pct": ("Tỷ lệ theo số gói", PCT),
    "share_value_pct": ("Tỷ lệ theo giá trị", PCT),
    "value": ("Giá trị", MONEY),
    "value_total": ("Tổng giá trị trúng thầu của đơn vị", MONEY),
    "window_from": ("Xét từ ngày", DATE),
    "window_to": ("Đến ngày", DATE),
    "package_ids": ("Các gói nhà thầu này trúng", PACKAGES),
    "planned_completion": ("Ngày hoàn thành theo hợp đồng", DATE),
    "actual_completion": ("Ngày hoàn thành thực tế", DATE),
    "days_late": ("Số ngày chậm", NUMBER),
    "grace_days": ("Số ngày chậm được chấp nhận", NUMBER),
    "today": ("Ngày xét", DATE),
    "paid": ("Đã thanh toán", MONEY),
    "over": ("Vượt giá hợp đồng", MONEY),
    "method": ("Hình thức lựa chọn nhà thầu", CHOICE),
    "field": ("Lĩnh vực", CHOICE),
    "budget": ("Nguồn mua sắm", CHOICE),
    "method_ground": ("Căn cứ áp dụng hình thức đã nêu", TEXT),
    "online_from": ("Bắt buộc qua mạng từ ngày", DATE),
    "law": ("Văn bản áp dụng", LAW),
    "law_date": ("Xét theo văn bản có hiệu lực ngày", DATE),
}
# The same key read differently by one check.
BY_CODE = {
    ("contractor.share", "value"): "Giá trị các gói nhà thầu này trúng",
    ("paid.over", "value"): "Giá hợp đồng",
}
CHOICES = {"method": Method, "field": Field, "budget": Budget}


def _pct(value) -> str:
    try:
        return format_number(float(Decimal(str(value))), 2) + "%"
    except (InvalidOperation, ValueError):
        return str(value)


def _date(value) -> str:
    try:
        return vndate(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _read(key: str, kind: int, value, laws: dict[str, str]) -> str:
    if kind == MONEY and isinstance(value, int):
        return f"{format_vnd(value)} đồng"
    if kind == NUMBER and isinstance(value, int):
        return format_number(value)
    if kind == PCT:
        return _pct(value)
    if kind == DATE:
        return _date(value)
    if kind == YES_NO:
        return "có" if value else "không"
    if kind == CHOICE:
        return str(dict(CHOICES[key].choices).get(value, value))
    if kind == LAW:
        return laws.get(value, str(value))
    return str(value)


def package_ids(value) -> list[int]:
    ids = []
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, int) and not isinstance(v, bool):
            ids.append(v)
        elif isinstance(v, dict) and isinstance(v.get("id"), int):
            ids.append(v["id"])
    return ids


def attach_rows(user, warnings) -> None:
    """``.evidence_rows`` on each warning: dicts of label, text and linked packages. Packages
    the evidence names are linked when the reader may read them, else only counted. Two
    queries, whatever the number of warnings."""
    wanted = {i for w in warnings for k, v in (w.evidence or {}).items() if KEYS.get(k, ("", None))[1] == PACKAGES
              for i in package_ids(v)}
    readable = {p.pk: p for p in scope_packages(user, Package.objects.filter(pk__in=wanted))
                .only("pk", "name", "package_price", "selection_start")} if wanted else {}
    laws = dict(LawVersion.objects.values_list("code", "short_name")) if warnings else {}
    for w in warnings:
        evidence = w.evidence or {}
        rows = []
        for key, (label, kind) in KEYS.items():
            if key not in evidence or evidence[key] in ("", None, []):
                continue
            label = BY_CODE.get((w.code, key), label)
            value = evidence[key]
            if kind == PACKAGES:
                ids = [i for i in package_ids(value) if i != w.package_id]
                linked = [readable[i] for i in ids if i in readable]
                hidden = len(ids) - len(linked)
                if ids:
                    rows.append({"label": label, "packages": linked,
                                 "text": f"và {hidden} gói bạn không có quyền xem" if hidden else ""})
            else:
                rows.append({"label": label, "text": _read(key, kind, value, laws), "packages": []})
        w.evidence_rows = rows
