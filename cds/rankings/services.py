"""Writes of the ranking: method versions (drafted by the administrator, approved by a leader),
periods (opened and computed by the administrator, published by a leader, then frozen) and the
follow-up items the project signals open (:mod:`.signals`, :mod:`.services_alerts`).

Points: a criterion's value is a share 0…1 (``good ÷ total``); its points are ``weight × value``
rounded to hundredths; a unit's score is the sum of its points, so the score always equals the sum
shown beside it. A unit with no record a criterion applies to earns the average value of the units
that have one (it is neither rewarded nor punished for having nothing to report); if no unit has
one, every unit earns the full weight. Ranks follow scores (equal scores share a rank: 1, 2, 2, 4).
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cds.accounts import access
from cds.audit.services import record_event
from cds.core.errors import MakerCheckerError, ServiceError, check_version
from cds.core.history import saved
from cds.core.validation import BadInput, clean_text, sentence

from . import criteria as registry
from .models import Criterion, Method, MethodStatus, Period, PeriodStatus, Result, Score
from .permissions import can_approve, can_draft

TOTAL_WEIGHT = 100
MAX_WEIGHT = 100
TITLE_LIMIT = 300
TEXT_LIMIT = 4000
CENT = Decimal("0.01")
NO_RECORD = "Không có hồ sơ thuộc tiêu chí: tính bằng mức trung bình của các đơn vị có hồ sơ"
NO_RECORD_ANYWHERE = "Không đơn vị nào có hồ sơ thuộc tiêu chí trong kỳ: mọi đơn vị được đủ điểm"


def _text(value, label: str, *, required=True, limit=TEXT_LIMIT, multiline=True) -> str:
    try:
        return clean_text(value, label, required=required, limit=limit, multiline=multiline)
    except BadInput as exc:
        raise ServiceError(sentence(label, exc)) from None


def _bump(obj) -> None:
    obj.version += 1


def _require(allowed: bool, message="Bạn không có quyền thực hiện thao tác này.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def _in_tree(user, root) -> None:
    if not access.scope_for(user).contains(root):
        raise PermissionDenied("Bạn không có quyền với phạm vi này.")


# ------------------------------------------------------------------ methods

def default_criteria() -> list[dict]:
    """Every registered criterion with its default weight, as a new method's rows."""
    return [{"code": s.code, "name": s.name, "weight": s.weight, "source": s.source, "formula": s.formula}
            for s in registry.registered()]


def _clean_criteria(rows) -> list[dict]:
    if not isinstance(rows, (list, tuple)) or not rows:
        raise ServiceError("Phương pháp phải có ít nhất một tiêu chí.")
    out, seen, errors = [], set(), []
    for n, row in enumerate(rows, start=1):
        code = str(row.get("code", "")).strip()
        spec = registry.get(code)
        if spec is None:
            errors.append(f"Tiêu chí thứ {n}: mã “{code[:40]}” không phải tiêu chí được hỗ trợ.")
            continue
        if code in seen:
            errors.append(f"Tiêu chí thứ {n}: mã “{code}” bị lặp.")
            continue
        seen.add(code)
        try:
            weight = int(str(row.get("weight", "")).strip())
        except ValueError:
            errors.append(f"Tiêu chí “{spec.name}”: trọng số phải là số nguyên.")
            continue
        if not 0 <= weight <= MAX_WEIGHT:
            errors.append(f"Tiêu chí “{spec.name}”: trọng số phải từ 0 đến {MAX_WEIGHT}.")
            continue
        try:
            name = _text(row.get("name") or spec.name, "tên tiêu chí", limit=255, multiline=False)
            source = _text(row.get("source") or spec.source, "nguồn dữ liệu", required=False)
            formula = _text(row.get("formula") or spec.formula, "cách tính", required=False)
        except ServiceError as exc:
            errors.extend(exc.messages)
            continue
        out.append({"code": code, "name": name, "weight": weight, "source": source, "formula": formula,
                    "order": n})
    if errors:
        raise ServiceError(errors)
    return out


def _write_criteria(method: Method, rows: list[dict]) -> None:
    method.criteria.all().delete()
    Criterion.objects.bulk_create([Criterion(method=method, **row) for row in rows])


@transaction.atomic
def draft_method(actor, root_unit, *, title: str, description: str = "", based_on: Method | None = None,
                 criteria: list[dict] | None = None) -> Method:
    """A new draft version for ``root_unit``'s tree: the criteria given, else those of
    ``based_on``, else every registered criterion with its default weight."""
    _require(can_draft(actor))
    _in_tree(actor, root_unit)
    if based_on is not None and based_on.root_unit_id != root_unit.pk:
        raise ServiceError("Phiên bản gốc thuộc phạm vi khác.")
    if criteria is None:
        criteria = ([{"code": c.code, "name": c.name, "weight": c.weight, "source": c.source, "formula": c.formula}
                     for c in based_on.criteria.all()] if based_on is not None else default_criteria())
    rows = _clean_criteria(criteria)
    number = (Method.objects.select_for_update().filter(root_unit=root_unit)
              .aggregate(n=Max("number"))["n"] or 0) + 1
    method = saved(Method(root_unit=root_unit, number=number,
                          title=_text(title, "tên phương pháp", limit=TITLE_LIMIT, multiline=False),
                          description=_text(description, "công thức, cách tính chung", required=False),
                          based_on=based_on, drafted_by=actor), actor)
    _write_criteria(method, rows)
    record_event(actor, "ranking.method_drafted", method,
                 data={"title": method.title, "number": number, "criteria": len(rows)})
    return method


@transaction.atomic
def update_method(actor, method: Method, *, version, title: str, description: str, criteria: list[dict]) -> Method:
    _require(can_draft(actor))
    method = Method.objects.select_for_update().get(pk=method.pk)
    check_version(method, version)
    if method.status != MethodStatus.DRAFT:
        raise ServiceError("Chỉ sửa được phương pháp đang là dự thảo; phiên bản đã phê duyệt không thay đổi — "
                           "hãy soạn phiên bản mới.")
    rows = _clean_criteria(criteria)
    method.title = _text(title, "tên phương pháp", limit=TITLE_LIMIT, multiline=False)
    method.description = _text(description, "công thức, cách tính chung", required=False)
    _bump(method)
    saved(method, actor)
    _write_criteria(method, rows)
    record_event(actor, "ranking.method_updated", method,
                 data={"title": method.title, "number": method.number, "criteria": len(rows)})
    return method


@transaction.atomic
def submit_method(actor, method: Method, *, version) -> Method:
    _require(can_draft(actor))
    method = Method.objects.select_for_update().get(pk=method.pk)
    check_version(method, version)
    if method.status != MethodStatus.DRAFT:
        raise ServiceError("Phương pháp này không ở trạng thái dự thảo.")
    total = method.total_weight
    if total != TOTAL_WEIGHT:
        raise ServiceError(f"Tổng trọng số các tiêu chí phải bằng {TOTAL_WEIGHT} điểm (hiện là {total}).")
    method.status = MethodStatus.SUBMITTED
    method.submitted_at = timezone.now()
    _bump(method)
    saved(method, actor)
    record_event(actor, "ranking.method_submitted", method, data={"title": method.title, "number": method.number})
    return method


@transaction.atomic
def decide_method(actor, method: Method, *, version, approve: bool, note: str = "") -> Method:
    """A leader approves (publishes) a submitted version, or sends it back with a reason."""
    _require(can_approve(actor), "Chỉ lãnh đạo phê duyệt phương pháp xếp hạng.")
    method = Method.objects.select_for_update().get(pk=method.pk)
    _in_tree(actor, method.root_unit)
    check_version(method, version)
    if method.status != MethodStatus.SUBMITTED:
        raise ServiceError("Phương pháp này không chờ phê duyệt.")
    if method.drafted_by_id == actor.pk:
        raise MakerCheckerError()
    note = _text(note, "ý kiến", required=not approve)
    if approve:
        method.status = MethodStatus.APPROVED
        method.approved_by = actor
        method.approved_at = timezone.now()
    else:
        method.status = MethodStatus.DRAFT
    method.approval_note = note
    _bump(method)
    saved(method, actor)
    record_event(actor, "ranking.method_approved" if approve else "ranking.method_returned", method,
                 data={"title": method.title, "number": method.number, "note": note[:300]})
    return method


# ------------------------------------------------------------------ periods

@transaction.atomic
def open_period(actor, root_unit, *, year: int, method: Method, name: str = "") -> Period:
    _require(can_draft(actor))
    _in_tree(actor, root_unit)
    if not 2000 <= int(year) <= 2100:
        raise ServiceError("Năm xếp hạng không hợp lệ.")
    if method.root_unit_id != root_unit.pk or not method.is_approved:
        raise ServiceError("Kỳ xếp hạng phải áp dụng một phương pháp đã được phê duyệt của phạm vi này.")
    if Period.objects.filter(root_unit=root_unit, year=year).exists():
        raise ServiceError(f"Đã có kỳ xếp hạng năm {year} của phạm vi này.")
    period = saved(Period(root_unit=root_unit, year=year, method=method,
                          name=_text(name or f"Xếp hạng tuân thủ năm {year}", "tên kỳ xếp hạng", limit=300,
                                     multiline=False),
                          starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31), created_by=actor), actor)
    record_event(actor, "ranking.period_opened", period, data={"name": period.name, "year": year,
                                                                  "number": method.number})
    return period


@transaction.atomic
def set_period_method(actor, period: Period, *, version, method: Method) -> Period:
    _require(can_draft(actor))
    period = Period.objects.select_for_update().get(pk=period.pk)
    check_version(period, version)
    if period.is_published:
        raise ServiceError("Kỳ xếp hạng đã công bố không đổi phương pháp.")
    if method.root_unit_id != period.root_unit_id or not method.is_approved:
        raise ServiceError("Phải chọn một phương pháp đã được phê duyệt của phạm vi này.")
    period.method = method
    period.computed_at = None
    _bump(period)
    saved(period, actor)
    period.results.filter(method=method).delete()
    record_event(actor, "ranking.period_updated", period, data={"name": period.name, "number": method.number})
    return period


def _points(weight: int, value: float | None) -> Decimal:
    return (Decimal(weight) * Decimal(str(value if value is not None else 1))).quantize(CENT, ROUND_HALF_UP)


def _ranks(scores: list[tuple[Decimal, str, int]]) -> dict[int, int]:
    """Competition ranks (1, 2, 2, 4) by score, highest first; equal scores in name order."""
    ordered = sorted(scores, key=lambda s: (-s[0], s[1]))
    ranks, last, last_rank = {}, None, 0
    for n, (score, _name, unit_id) in enumerate(ordered, start=1):
        if score != last:
            last, last_rank = score, n
        ranks[unit_id] = last_rank
    return ranks


def measure_all(period: Period, method: Method) -> tuple[registry.Context, dict[str, dict]]:
    """Every criterion of ``method`` computed over ``period``'s units (nothing written)."""
    ctx = registry.Context.build(period.root_unit, period.starts_on, period.ends_on)
    out = {}
    for crit in method.criteria.all():
        spec = registry.get(crit.code)
        if spec is None:
            raise ServiceError(f"Tiêu chí “{crit.name}” không còn được hỗ trợ; không tính được.")
        out[crit.code] = spec.compute(ctx)
    return ctx, out


@transaction.atomic
def compute_period(actor, period: Period, method: Method | None = None) -> list[Result]:
    """Compute ``period`` under ``method`` (its own by default) and store the results, replacing
    those of an earlier computation under the same method. A published period is frozen: its own
    method's results are never recomputed; another version may be computed beside them."""
    _require(can_draft(actor) or can_approve(actor))
    period = Period.objects.select_for_update().select_related("root_unit").get(pk=period.pk)
    method = method or period.method
    if method.root_unit_id != period.root_unit_id:
        raise ServiceError("Phương pháp thuộc phạm vi khác.")
    own = method.pk == period.method_id
    if own and period.is_published:
        raise ServiceError("Kỳ xếp hạng đã công bố: kết quả đã được giữ nguyên, không tính lại.")
    if own and not method.is_approved:
        raise ServiceError("Phương pháp của kỳ chưa được phê duyệt.")
    ctx, measures = measure_all(period, method)
    crits = list(method.criteria.all())
    now = timezone.now()
    per_unit: dict[int, list[tuple[Criterion, registry.Measure | None, Decimal]]] = {u.pk: [] for u in ctx.units}
    for crit in crits:
        by_unit = measures[crit.code]
        values = [m.value for m in by_unit.values() if m.value is not None and m.total]
        fallback = sum(values) / len(values) if values else None
        for unit in ctx.units:
            m = by_unit.get(unit.pk)
            value = m.value if m is not None and m.total else fallback
            per_unit[unit.pk].append((crit, m if m is not None and m.total else None, _points(crit.weight, value),
                                      NO_RECORD if values else NO_RECORD_ANYWHERE))
    totals = {uid: sum((p for _c, _m, p, _n in rows), Decimal("0")) for uid, rows in per_unit.items()}
    ranks = _ranks([(totals[u.pk], u.name, u.pk) for u in ctx.units])
    Result.objects.filter(period=period, method=method).delete()
    results = Result.objects.bulk_create([
        Result(period=period, method=method, unit=u, rank=ranks[u.pk], score=totals[u.pk], computed_at=now)
        for u in ctx.units])
    scores = []
    for result in results:
        for crit, m, points, missing in per_unit[result.unit_id]:
            scores.append(Score(
                result=result, criterion=crit, points=points,
                value=Decimal(str(round(m.value, 4))) if m is not None else None,
                numerator=m.good if m is not None else 0, denominator=m.total if m is not None else 0,
                note=(m.note if m is not None else missing)[:500],
                evidence={"model": registry.get(crit.code).model, "ids": m.ids, "against": m.against}
                if m is not None else {}))
    Score.objects.bulk_create(scores, batch_size=2000)
    if own:
        period.computed_at = now
        _bump(period)
        saved(period, actor)
    record_event(actor, "ranking.period_computed", period,
                 data={"name": period.name, "number": method.number, "units": len(results)})
    return results


@transaction.atomic
def publish_period(actor, period: Period, *, version) -> Period:
    """A leader publishes a computed period: from then on it is frozen."""
    _require(can_approve(actor), "Chỉ lãnh đạo công bố kết quả xếp hạng.")
    period = Period.objects.select_for_update().get(pk=period.pk)
    _in_tree(actor, period.root_unit)
    check_version(period, version)
    if period.is_published:
        raise ServiceError("Kỳ xếp hạng đã được công bố.")
    if period.computed_at is None or not period.results.filter(method=period.method).exists():
        raise ServiceError("Kỳ xếp hạng chưa được tính theo phương pháp áp dụng.")
    if not period.method.is_approved:
        raise ServiceError("Phương pháp của kỳ chưa được phê duyệt.")
    period.status = PeriodStatus.PUBLISHED
    period.published_by = actor
    period.published_at = timezone.now()
    _bump(period)
    saved(period, actor)
    record_event(actor, "ranking.period_published", period, data={"name": period.name,
                                                                    "number": period.method.number})
    return period
