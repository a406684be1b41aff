"""Pages of the ranking periods: opening one, its table under its own method (with a bar chart
of the scores), computing and publishing it, the comparison with another method version, a
unit's result criterion by criterion and the records behind each value.

Every page reads through :mod:`cds.rankings.permissions` (a period, result or method outside the
reader's scope is a 404), calls the services for every change (a refusal comes back beside the
button that asked, nothing changed) and costs a fixed number of queries whatever the number of
units, criteria or records."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms as djforms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cds.audit import registry as audit_registry
from cds.core.errors import ServiceError
from cds.core.forms import error_list, run_form_service
from cds.text.format import DASH, format_number

from .. import criteria as registry
from .. import services
from ..forms import CompareComputeForm, PeriodNewForm, VersionForm
from ..models import Method, MethodStatus, Result, Score
from ..permissions import (
    can_approve,
    can_draft,
    get_period_for,
    get_result_for,
    scope_details,
    scope_methods,
    scope_results,
    sees_drafts,
)

NAV = "rankings"
EVIDENCE_PER_PAGE = 200
CHART_WIDTH = 420      # px of the longest bar (the highest possible score)
CHART_LABEL = 230      # px of the unit names left of the bars
CHART_ROW = 24


def points(value) -> str:
    """Points as the pages show them: two decimals after a comma ("12,50")."""
    return DASH if value is None else format_number(value, 2)


def percent(value) -> str:
    """A share 0…1 as a percentage with one decimal ("87,5%")."""
    return DASH if value is None else f"{format_number(Decimal(value) * 100, 1)}%"


# ------------------------------------------------------------------ the table

@dataclass
class Row:
    result: Result
    score: str
    points: list            # one text per criterion of the method (when asked)
    detail: bool            # the reader may open the unit's detail


def ranking_rows(user, period, method, *, with_points: bool = False) -> list[Row]:
    """The period's table under ``method``, ranked, as ``user`` may read it (three queries)."""
    results = list(scope_results(user, Result.objects.filter(period=period, method=method))
                   .select_related("unit").order_by("rank", "unit__name"))
    if not results:
        return []
    readable = set(scope_details(user, Result.objects.filter(period=period, method=method))
                   .values_list("pk", flat=True))
    by_result: dict[int, dict[int, Decimal]] = {}
    crit_ids = []
    if with_points:
        crit_ids = [c.pk for c in method.criteria.all()]
        for rid, cid, p in Score.objects.filter(result__in=[r.pk for r in results]).values_list(
                "result_id", "criterion_id", "points"):
            by_result.setdefault(rid, {})[cid] = p
    return [Row(r, points(r.score), [points(by_result.get(r.pk, {}).get(cid)) for cid in crit_ids],
                r.pk in readable) for r in results]


def score_chart(rows: list[Row], top: int = services.TOTAL_WEIGHT) -> dict:
    """Horizontal bars of the scores (out of ``top``), best first: what an inline SVG needs."""
    bars = []
    for i, row in enumerate(rows):
        width = round(float(row.result.score) / top * CHART_WIDTH) if top else 0
        bars.append({"y": i * CHART_ROW, "ty": i * CHART_ROW + 16, "width": max(0, min(width, CHART_WIDTH)),
                     "label": row.result.unit.short_name or row.result.unit.name, "score": row.score,
                     "tx": CHART_LABEL + max(0, min(width, CHART_WIDTH)) + 6})
    return {"bars": bars, "x": CHART_LABEL, "label_x": CHART_LABEL - 8, "height": len(bars) * CHART_ROW + 4,
            "width": CHART_LABEL + CHART_WIDTH + 70}


# ------------------------------------------------------------------ opening

def _root(user):
    if not user.unit_id:
        raise PermissionDenied("Tài khoản chưa gắn với tỉnh hoặc bộ nào, không mở được kỳ xếp hạng.")
    return user.unit.root()


@login_required
@require_http_methods(["GET", "POST"])
def period_new(request):
    user = request.user
    if not can_draft(user):
        raise PermissionDenied("Chỉ quản trị hệ thống mở kỳ xếp hạng.")
    root = _root(user)
    approved = list(scope_methods(user).filter(root_unit=root, status=MethodStatus.APPROVED).order_by("-number"))
    form = PeriodNewForm(request.POST or None, methods=approved,
                         initial={"method": approved[0].pk if approved else None})

    def page(f):
        return render(request, "rankings/period_new.html", {"nav": NAV, "form": f, "methods": approved,
                                                             "errors": error_list(f) if f.is_bound else []})

    if request.method == "GET":
        return page(form)

    def call(cd):
        method = next((m for m in approved if m.pk == cd["method"]), None)
        if method is None:
            raise ServiceError("Chọn một phương pháp đã được phê duyệt.")
        return services.open_period(user, root, year=cd["year"], method=method, name=cd.get("name") or "")

    return run_form_service(request, form, call, success=lambda p: f"Đã mở kỳ “{p.name}”. Bấm “Tính kết quả” để xếp hạng.",
                            redirect_to=lambda p: reverse("rankings:period", args=[p.pk]), render=page)


# ------------------------------------------------------------------ the period

def _period_page(request, period, *, errors=None, status=200):
    user = request.user
    method = period.method
    crits = list(method.criteria.all())
    rows = ranking_rows(user, period, method, with_points=True)
    insider = sees_drafts(user)
    others = []
    if insider:
        others = list(scope_methods(user).filter(root_unit_id=period.root_unit_id).exclude(pk=method.pk)
                      .order_by("-number"))
    response = render(request, "rankings/period.html", {
        "nav": NAV, "period": period, "method": method, "criteria": crits, "rows": rows,
        "chart": score_chart(rows), "others": others, "insider": insider,
        "can_compute": can_draft(user) and not period.is_published,
        "can_publish": can_approve(user) and not period.is_published and period.computed_at is not None,
        "errors": errors or {}})
    response.status_code = status
    return response


@login_required
def period_detail(request, pk):
    return _period_page(request, get_period_for(request.user, pk))


def _run_on_period(request, period, form, call, success, form_id):
    return run_form_service(request, form, call, success=success,
                            redirect_to=reverse("rankings:period", args=[period.pk]),
                            render=lambda f: _period_page(request, period, errors={form_id: error_list(f)}))


@login_required
@require_POST
def period_compute(request, pk):
    period = get_period_for(request.user, pk)
    return _run_on_period(request, period, djforms.Form(request.POST),
                          lambda cd: services.compute_period(request.user, period),
                          lambda results: f"Đã tính kết quả xếp hạng của {len(results)} đơn vị.", "compute")


@login_required
@require_POST
def period_publish(request, pk):
    period = get_period_for(request.user, pk)
    return _run_on_period(request, period, VersionForm(request.POST),
                          lambda cd: services.publish_period(request.user, period, version=cd.get("version")),
                          "Đã công bố kết quả xếp hạng. Từ nay kết quả của kỳ được giữ nguyên.", "publish")


# ------------------------------------------------------------------ comparison

def _other_method(user, period, value):
    if not str(value or "").isdigit():
        return None
    try:
        return scope_methods(user).get(pk=int(value), root_unit_id=period.root_unit_id)
    except Method.DoesNotExist:
        raise Http404("Không tìm thấy phương pháp xếp hạng.") from None


def _side_by_side(user, period, own, other):
    mine = ranking_rows(user, period, own)
    theirs = {row.result.unit_id: row for row in ranking_rows(user, period, other)}
    out = []
    for row in mine:
        alt = theirs.pop(row.result.unit_id, None)
        change = (row.result.rank - alt.result.rank) if alt is not None else None
        out.append({"unit": row.result.unit, "own": row, "other": alt, "change": change})
    for alt in theirs.values():
        out.append({"unit": alt.result.unit, "own": None, "other": alt, "change": None})
    return out


def _weights(own, other):
    """The criteria of both versions side by side, by code, with the change in weight."""
    a = {c.code: c for c in own.criteria.all()}
    b = {c.code: c for c in other.criteria.all()}
    rows = []
    for code in list(a) + [c for c in b if c not in a]:
        x, y = a.get(code), b.get(code)
        rows.append({"name": (x or y).name, "own": x.weight if x else None, "other": y.weight if y else None,
                     "diff": (y.weight if y else 0) - (x.weight if x else 0)})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def period_compare(request, pk):
    user = request.user
    period = get_period_for(user, pk)
    if not sees_drafts(user):
        raise PermissionDenied("Chỉ quản trị hệ thống và lãnh đạo xem so sánh giữa các phiên bản phương pháp.")
    own = period.method
    versions = list(scope_methods(user).filter(root_unit_id=period.root_unit_id).exclude(pk=own.pk)
                    .order_by("-number"))
    other = _other_method(user, period, request.POST.get("method") if request.method == "POST"
                          else request.GET.get("method"))
    if other is not None and other.pk == own.pk:
        other = None

    def page(form=None, status=200):
        computed = other is not None and Result.objects.filter(period=period, method=other).exists()
        response = render(request, "rankings/compare.html", {
            "nav": NAV, "period": period, "own": own, "other": other, "versions": versions, "computed": computed,
            "rows": _side_by_side(user, period, own, other) if computed else [],
            "weights": _weights(own, other) if other is not None else [],
            "errors": error_list(form) if form is not None else []})
        response.status_code = status
        return response

    if request.method == "GET":
        return page()
    if other is None:
        raise Http404("Không tìm thấy phương pháp xếp hạng.")
    url = f"{reverse('rankings:compare', args=[period.pk])}?method={other.pk}"
    return run_form_service(request, CompareComputeForm(request.POST),
                            lambda cd: services.compute_period(user, period, other),
                            success=f"Đã tính kỳ xếp hạng theo phiên bản {other.number} để so sánh; "
                                    "kết quả của kỳ không thay đổi.",
                            redirect_to=url, render=lambda f: page(f))


# ------------------------------------------------------------------ a unit's result

@login_required
def result_detail(request, pk):
    user = request.user
    result = get_result_for(user, pk)
    scores = list(result.scores.select_related("criterion").order_by("criterion__order", "criterion_id"))
    lines = [{"score": s, "crit": s.criterion, "value": percent(s.value), "points": points(s.points),
              "has_evidence": bool((s.evidence or {}).get("ids"))} for s in scores]
    total = sum((s.points for s in scores), Decimal("0"))
    return render(request, "rankings/result.html", {
        "nav": NAV, "result": result, "period": result.period, "method": result.method, "lines": lines,
        "total": points(total), "score": points(result.score),
        "own_method": result.method_id == result.period.method_id})


def _has_field(model, name) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _record_url(label: str, pk: int) -> str:
    """The page of a record, from the pages each app declares for its audit events."""
    return audit_registry.record_link(label, pk)


@login_required
def evidence(request, pk, criterion):
    """The records a value was computed from — only those the reader may read (a record outside
    the reader's scope is left out, name included), those that counted against the unit marked."""
    user = request.user
    result = get_result_for(user, pk)
    score = Score.objects.select_related("criterion").filter(result=result, criterion_id=criterion).first()
    if score is None:
        raise Http404("Không tìm thấy tiêu chí của kết quả xếp hạng.")
    spec = registry.get(score.criterion.code)
    ev = score.evidence or {}
    ids = [int(i) for i in ev.get("ids", [])]
    against = {int(i) for i in ev.get("against", [])}
    page = None
    records = []
    if spec is not None and ids:
        qs = spec.scope(user).filter(pk__in=ids)
        model = qs.model
        who = _has_field(model, "created_by")
        when = _has_field(model, "created_at")
        if who:
            qs = qs.select_related("created_by")
        page = Paginator(qs.order_by("pk"), EVIDENCE_PER_PAGE).get_page(request.GET.get("page"))
        label = model._meta.label_lower
        for obj in page.object_list:
            records.append({"obj": obj, "against": obj.pk in against, "url": _record_url(label, obj.pk),
                            "who": getattr(obj, "created_by", None) if who else None,
                            "when": getattr(obj, "created_at", None) if when else None})
    return render(request, "rankings/evidence.html", {
        "nav": NAV, "result": result, "period": result.period, "score": score, "crit": score.criterion,
        "spec": spec, "records": records, "page": page, "total": len(ids),
        "shown": page.paginator.count if page is not None else 0, "n_against": len(against),
        "value": percent(score.value), "points": points(score.points)})


__all__ = ["evidence", "period_compare", "period_compute", "period_detail", "period_new",
           "period_publish", "result_detail"]
