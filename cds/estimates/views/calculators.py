"""The calculator pages: the cost of internal software by use-case points, the rate norms for
project management and consulting, the data-entry rates. GET shows the form; POST computes and
shows every intermediate value as the appendix tables of an estimate, printable. Nothing is
stored, so every signed-in role may use them."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cds.core.errors import ServiceError, error_messages
from cds.core.forms import add_refusal

from ..calc import data_entry, rates, ucp
from ..calc.constants import method_constants
from ..calc.tables import Table, money, number
from ..forms import DataEntryForm, RateForm, UcpForm
from ..models import Method, MethodKind

RATE_METHOD = "QD1688"
DATA_METHOD = "TT194"


def _in_force(method: Method, day: dt.date) -> bool:
    return (method.in_force_from is None or method.in_force_from <= day) and (
        method.in_force_to is None or day <= method.in_force_to)


def _compute(request, form, call):
    """(result, status): ``call(form)`` on a valid POST; the form's or the calculator's refusal
    beside the fields otherwise (400)."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        return call(form), 200
    except ServiceError as exc:
        return None, add_refusal(form, exc, form.field_for_error)


def _unavailable(request, template: str, title: str, exc: ServiceError, **extra):
    return render(request, template, {"title": title, "unavailable": error_messages(exc), **extra}, status=200)


@login_required
@require_http_methods(["GET", "POST"])
def calc_ucp(request):
    methods = list(Method.objects.filter(kind=MethodKind.UCP))
    today = timezone.localdate()
    wanted = request.POST.get("method") or request.GET.get("method")
    method = next((m for m in methods if m.code == wanted), None) or next(
        (m for m in methods if _in_force(m, today)), methods[-1] if methods else None)
    title = "Tính chi phí phần mềm nội bộ (điểm trường hợp sử dụng)"
    if method is None:
        return _unavailable(request, "estimates/calc_ucp.html", title,
                            ServiceError("Chưa có phương pháp tính điểm trường hợp sử dụng nào."))
    try:
        constants = method_constants(method.code)
    except ServiceError as exc:
        return _unavailable(request, "estimates/calc_ucp.html", title, exc, methods=methods, method=method)
    form = UcpForm(request.POST or None, constants=constants, initial={"method": method.code})
    result, status = _compute(request, form, lambda f: ucp.compute(f.inputs(), constants))
    tables = result.appendix() if result else []
    if result and form.labour:
        tables.append(ucp.labour_table(form.labour))
    return render(request, "estimates/calc_ucp.html", {
        "title": title, "methods": methods, "method": method, "form": form, "result": result,
        "tables": tables, "calc": "ucp",
    }, status=status)


def _rate_tables(result: rates.RateResult) -> list[Table]:
    def rows_of(r: rates.RateResult, prefix: str = ""):
        out = [[f"{prefix}Giá trị làm căn cứ tính Gt", f"{money(r.base)} đồng = {number(r.base_ty)} tỷ đồng"]]
        if r.lower and r.upper:
            out += [[f"{prefix}Mốc dưới Gb; định mức Nb", f"{number(r.lower[0])} tỷ; {number(r.lower[1])}%"],
                    [f"{prefix}Mốc trên Ga; định mức Na", f"{number(r.upper[0])} tỷ; {number(r.upper[1])}%"]]
        elif r.lower:
            out.append([f"{prefix}Mốc áp dụng; định mức", f"{number(r.lower[0])} tỷ; {number(r.lower[1])}%"])
        out.append([f"{prefix}Định mức theo bảng Nt", f"{number(r.table_rate)}%"])
        for label, k in r.coefficients:
            out.append([f"{prefix}Hệ số điều chỉnh: {label}", f"× {number(k)}"])
        out.append([f"{prefix}Định mức áp dụng", f"{number(r.rate)}%"])
        return out

    if result.parts:
        tables = [Table(f"Bảng tính định mức — {p.label}", ["Nội dung", "Giá trị"], rows_of(p), [],
                        p.citation, note=p.formula) for p in result.parts]
        tables.append(Table(f"Bảng tính chi phí — {result.label}", ["Nội dung", "Giá trị"],
                            [["Định mức tổng hợp", f"{number(result.rate)}%"]],
                            [["Chi phí (đồng)", money(result.amount)]], result.citation, note=result.formula,
                            numeric=(1,)))
        return tables
    return [Table(f"Bảng tính chi phí theo định mức tỷ lệ — {result.label}", ["Nội dung", "Giá trị"],
                  rows_of(result), [["Chi phí (đồng)", money(result.amount)]], result.citation, note=result.formula,
                  numeric=(1,))]


@login_required
@require_http_methods(["GET", "POST"])
def calc_rates(request):
    title = "Tính chi phí theo định mức tỷ lệ (quản lý dự án, tư vấn)"
    try:
        constants = method_constants(RATE_METHOD)
    except ServiceError as exc:
        return _unavailable(request, "estimates/calc_rates.html", title, exc)
    form = RateForm(request.POST or None, constants=constants)
    result, status = _compute(request, form, lambda f: rates.rate(
        f.cleaned_data["table"], f.cleaned_data["base"], constants, f.cleaned_data["coefficients"]))
    return render(request, "estimates/calc_rates.html", {
        "title": title, "form": form, "result": result, "tables": _rate_tables(result) if result else [],
        "rate_text": number(result.rate) if result else "",
        "method_name": constants.name, "method_citation": constants.citation, "calc": "rates",
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def calc_data(request):
    title = "Tính chi phí tạo lập thông tin điện tử"
    try:
        constants = method_constants(DATA_METHOD)
    except ServiceError as exc:
        return _unavailable(request, "estimates/calc_data.html", title, exc)
    form = DataEntryForm(request.POST or None, constants=constants)
    result, status = _compute(request, form, lambda f: data_entry.compute(f.inputs(), constants))
    return render(request, "estimates/calc_data.html", {
        "title": title, "form": form, "result": result, "tables": result.appendix() if result else [],
        "method_name": constants.name, "method_citation": constants.citation, "calc": "data",
    }, status=status)
