"""Writes of the yearly plan: one transaction each, the actor explicit, access and maker ≠ checker
checked, an audit event written. The flow (see :mod:`cds.plans.models`):

round: create → set envelopes → open (units notified) → start review → close
proposal: create / carry over → edit (checks re-run on every save) → submit (unit head, not the
    maker) → return / merge / reject (CĐS authority) → score (each reviewer) → funding
plan: draft (from the funded proposals; an adjustment copies the approved version) → edit items
    → submit (envelopes exceeded only with a reason) → approve (leader, not the preparer) or
    return → carry into the registry (projects in "Đề xuất" with their estimate lines).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from cds.accounts import access
from cds.accounts.models import Role
from cds.accounts.selectors import responsible_people
from cds.audit.services import record_event
from cds.catalog.models import FundingSource
from cds.core.errors import MakerCheckerError, ServiceError, check_version
from cds.core.validation import MAX_AMOUNT, BadInput, clean_text, read_money, sentence
from cds.notifications.services import notify
from cds.projects import services as project_services
from cds.projects.models import KIND_CODE_PREFIX, BudgetEntry, Stage, State
from cds.reviews.services import root_of
from cds.systems import services as system_services
from cds.systems.models import ProjectRole, SystemProject
from cds.systems.permissions import can_edit_system
from cds.text.format import format_vnd, vndate
from cds.text.normalize import search_document

from . import checks
from .models import (
    Basis,
    Envelope,
    Funding,
    PlanItem,
    PlanItemCost,
    PlanStatus,
    PlanVersion,
    Priority,
    Proposal,
    ProposalCost,
    ProposalStatus,
    Round,
    RoundStatus,
    Rubric,
    Score,
)
from .permissions import (
    EDITABLE,
    can_approve_plan,
    can_consolidate,
    can_edit_proposal,
    can_manage_round,
    can_manage_rounds,
    can_manage_rubrics,
    can_propose,
    can_score,
    can_submit_proposal,
)

MIN_YEAR, MAX_YEAR = project_services.MIN_YEAR, project_services.MAX_YEAR
MAX_PERIOD = 10  # years in one round (a five-year plan, with room)
TEXT_LIMIT = 10_000
UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
TERMINAL_PROPOSALS = (ProposalStatus.MERGED, ProposalStatus.REJECTED)
# Registry states a task is not carried over from: ended, or settled (nothing left to fund).
NOT_CARRIED = (State.RETIRED, State.STOPPED, State.REJECTED, State.SETTLED)



def _bump(obj) -> None:
    obj.version += 1


def _text(data: dict, field: str, label: str, *, required=False, limit=TEXT_LIMIT, multiline=True,
          errors: dict) -> str:
    try:
        return clean_text(data.get(field) or "", label, required=required, limit=limit, multiline=multiline)
    except ServiceError as exc:
        errors[field] = exc.messages[0]
        return ""


def _year(value, label: str, field: str, errors: dict) -> int | None:
    if value in (None, ""):
        errors[field] = f"Chưa nhập {label}."
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        errors[field] = f"{label.capitalize()} phải là một năm, ví dụ 2027."
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors[field] = f"{label.capitalize()} phải trong khoảng {MIN_YEAR}–{MAX_YEAR}."
        return None
    return year


def _link(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


# ---------------------------------------------------------------- rubrics ----

def _criteria(raw) -> list[dict]:
    """Criteria as stored, or a ServiceError naming what is wrong. Weights are whole numbers that
    sum to 100; codes are unique."""
    if not isinstance(raw, list) or not raw:
        raise ServiceError({"criteria": "Bộ tiêu chí cần ít nhất một tiêu chí."})
    out, codes, problems = [], set(), []
    for i, c in enumerate(raw, 1):
        if not isinstance(c, dict):
            problems.append(f"Tiêu chí {i} không hợp lệ.")
            continue
        code = str(c.get("code") or "").strip()
        try:
            name = clean_text(c.get("name") or "", f"tên tiêu chí {i}", limit=255, multiline=False)
            guidance = clean_text(c.get("guidance") or "", f"hướng dẫn chấm tiêu chí {i}", required=False,
                                  limit=2000)
        except ServiceError as exc:
            problems.append(exc.messages[0])
            continue
        if not code or not code.replace("_", "").isalnum() or not code.isascii() or len(code) > 30:
            problems.append(f"Mã tiêu chí {i} chỉ gồm chữ không dấu, số và dấu gạch dưới (tối đa 30 ký tự).")
        elif code in codes:
            problems.append(f"Mã tiêu chí {code} bị lặp.")
        codes.add(code)
        weight = c.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int):
            try:
                weight = int(str(weight).strip())
            except (TypeError, ValueError):
                problems.append(f"Trọng số tiêu chí {i} phải là số nguyên.")
                continue
        if not 1 <= weight <= 100:
            problems.append(f"Trọng số tiêu chí {i} phải từ 1 đến 100.")
        out.append({"code": code, "name": name, "weight": weight, "guidance": guidance})
    if not problems and sum(c["weight"] for c in out) != 100:
        problems.append(f"Tổng trọng số phải bằng 100 (đang là {sum(c['weight'] for c in out)}).")
    if problems:
        raise ServiceError({"criteria": problems})
    return out


@transaction.atomic
def new_rubric_version(actor, base: Rubric | None, data: dict) -> Rubric:
    """A new, unpublished version (of ``base``'s code, or a new code)."""
    if not can_manage_rubrics(actor):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS hoặc quản trị được sửa bộ tiêu chí.")
    errors: dict = {}
    code = base.code if base else str(data.get("code") or "").strip()
    if not code or len(code) > 30:
        errors["code"] = "Chưa nhập mã bộ tiêu chí (tối đa 30 ký tự)."
    name = _text(data, "name", "tên bộ tiêu chí", required=True, limit=255, multiline=False, errors=errors)
    description = _text(data, "description", "cách chấm", errors=errors)
    citation = _text(data, "citation", "căn cứ", errors=errors)
    try:
        criteria = _criteria(data.get("criteria") if "criteria" in data else (base.criteria if base else None))
    except ServiceError as exc:
        errors.update(exc.message_dict)
        criteria = []
    if errors:
        raise ServiceError(errors)
    number = (Rubric.objects.filter(code=code).aggregate(n=Max("version"))["n"] or 0) + 1
    rubric = Rubric(code=code, version=number, name=name, description=description, criteria=criteria,
                    scale_max=base.scale_max if base else 5, spread_alert=base.spread_alert if base else 20,
                    citation=citation, created_by=actor)
    rubric._history_user = actor
    rubric.save()
    record_event(actor, "plan.rubric_drafted", rubric, data={"code": code, "version": number})
    return rubric


@transaction.atomic
def publish_rubric(actor, rubric: Rubric, *, on: dt.date | None = None) -> Rubric:
    """Publishing freezes the version: rounds may use it, nobody may change it."""
    if not can_manage_rubrics(actor):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS hoặc quản trị được công bố bộ tiêu chí.")
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if rubric.is_published:
        raise ServiceError("Phiên bản này đã được công bố; muốn thay đổi hãy tạo phiên bản mới.")
    _criteria(rubric.criteria)
    rubric.published_on = on or timezone.localdate()
    rubric._history_user = actor
    rubric.save(update_fields=["published_on"])
    record_event(actor, "plan.rubric_published", rubric, data={"code": rubric.code, "version": rubric.version})
    return rubric


def current_rubric() -> Rubric | None:
    return Rubric.objects.filter(published_on__isnull=False).order_by("-published_on", "-version").first()


# ----------------------------------------------------------------- rounds ----

def _round_fields(actor, data: dict, errors: dict) -> dict:
    out = {
        "name": _text(data, "name", "tên đợt lập kế hoạch", required=True, limit=300, multiline=False, errors=errors),
        "basis_number": _text(data, "basis_number", "số, ký hiệu văn bản", required=True, limit=80,
                              multiline=False, errors=errors),
        "basis_issuer": _text(data, "basis_issuer", "cơ quan ban hành", limit=255, multiline=False, errors=errors),
        "basis_title": _text(data, "basis_title", "trích yếu", limit=500, multiline=False, errors=errors),
    }
    year_from = _year(data.get("year_from"), "năm bắt đầu của kế hoạch", "year_from", errors)
    year_to = data.get("year_to") or year_from
    year_to = _year(year_to, "năm kết thúc của kế hoạch", "year_to", errors) if year_to else None
    if year_from and year_to:
        if year_to < year_from:
            errors["year_to"] = "Năm kết thúc không được trước năm bắt đầu."
        elif year_to - year_from + 1 > MAX_PERIOD:
            errors["year_to"] = f"Một đợt lập kế hoạch tối đa {MAX_PERIOD} năm."
    out["year_from"], out["year_to"] = year_from, year_to
    if not data.get("basis_date"):
        errors["basis_date"] = "Chưa nhập ngày văn bản."
    if not data.get("deadline"):
        errors["deadline"] = "Chưa nhập hạn gửi đề xuất."
    elif data.get("basis_date") and data["deadline"] < data["basis_date"]:
        errors["deadline"] = "Hạn gửi đề xuất phải sau ngày văn bản."
    out["basis_date"], out["deadline"] = data.get("basis_date"), data.get("deadline")
    for field, label in (("receiving_unit", "cơ quan tổng hợp"), ("finance_unit", "cơ quan tài chính")):
        unit = data.get(field)
        if unit is None:
            if field == "receiving_unit":
                errors[field] = f"Chưa chọn {label}."
        elif not access.scope_for(actor).contains(unit):
            errors[field] = "Đơn vị không thuộc phạm vi bạn quản lý."
        out[field] = unit
    return out


@transaction.atomic
def create_round(actor, data: dict) -> Round:
    if not can_manage_rounds(actor):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được mở đợt lập kế hoạch.")
    errors: dict = {}
    fields = _round_fields(actor, data, errors)
    root = data.get("root_unit") or root_of(actor)
    if root is None or not access.scope_for(actor).contains(root):
        errors["root_unit"] = "Phạm vi đợt lập kế hoạch phải thuộc đơn vị bạn quản lý."
    elif root.parent_id is not None:
        root = root.root()
    rubric = data.get("rubric") or current_rubric()
    if rubric is None or not rubric.is_published:
        errors["rubric"] = "Chọn một bộ tiêu chí đã công bố."
    for field in ("receiving_unit", "finance_unit"):
        unit = fields.get(field)
        if unit is not None and root is not None and not unit.path.startswith(root.tree_prefix):
            errors[field] = "Đơn vị phải thuộc tỉnh/bộ của đợt lập kế hoạch."
    called = list(data.get("called_units") or [])
    if errors:
        raise ServiceError(errors)
    round_ = Round(root_unit=root, rubric=rubric, created_by=actor, **fields)
    round_._history_user = actor
    round_.save()
    _set_called(actor, round_, called)
    record_event(actor, "plan.round_created", round_, data={"name": round_.name, "period": round_.period_label})
    return round_


def _set_called(actor, round_: Round, units) -> None:
    prefix = round_.root_unit.tree_prefix
    outside = [u for u in units if not u.path.startswith(prefix)]
    if outside:
        raise ServiceError({"called_units": "Đơn vị được đề nghị phải thuộc tỉnh/bộ của đợt lập kế hoạch: "
                                            + ", ".join(u.name for u in outside[:5]) + "."})
    today = timezone.localdate()
    ended = [u for u in units if u.has_ended(today)]
    if ended:
        raise ServiceError({"called_units": "Đơn vị đã giải thể hoặc sáp nhập: " + ", ".join(u.name for u in ended[:5])
                                            + "."})
    round_.called_units.set(units)


@transaction.atomic
def update_round(actor, round_: Round, data: dict, *, expected_version) -> Round:
    """A draft round is edited freely; an open one may move its deadline and call more units."""
    if not can_manage_round(actor, round_):
        raise PermissionDenied("Bạn không có quyền sửa đợt lập kế hoạch này.")
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    check_version(round_, expected_version)
    if round_.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        raise ServiceError("Đợt lập kế hoạch đã chuyển sang tổng hợp; không sửa được nữa.")
    errors: dict = {}
    fields = _round_fields(actor, data, errors)
    if round_.status == RoundStatus.OPEN:
        for field in ("year_from", "year_to"):
            if fields[field] != getattr(round_, field):
                errors[field] = "Đợt đã mở: không đổi được thời kỳ kế hoạch."
    if errors:
        raise ServiceError(errors)
    changed = [f for f, v in fields.items() if getattr(round_, f) != v]
    for f, v in fields.items():
        setattr(round_, f, v)
    if data.get("called_units") is not None:
        before = set(round_.called_units.values_list("pk", flat=True))
        units = list(data["called_units"])
        if round_.status == RoundStatus.OPEN and not before <= {u.pk for u in units}:
            raise ServiceError({"called_units": "Đợt đã mở: chỉ bổ sung được đơn vị, không bỏ đơn vị đã được đề nghị."})
        _set_called(actor, round_, units)
        if before != {u.pk for u in units}:
            changed.append("called_units")
    _bump(round_)
    round_._history_user = actor
    round_.save()
    record_event(actor, "plan.round_updated", round_, data={"fields": changed})
    return round_


def _envelope_rows(round_: Round, rows) -> list[tuple]:
    """[(source, year, amount)] checked: a year of the round, a known source, whole đồng, no pair twice."""
    problems, seen, out = [], set(), []
    for i, row in enumerate(rows, 1):
        source, year, amount = row.get("funding_source"), row.get("year"), row.get("amount")
        if not isinstance(source, FundingSource):
            problems.append(f"Dòng {i}: chưa chọn nguồn vốn.")
            continue
        try:
            year = int(year)
        except (TypeError, ValueError):
            problems.append(f"Dòng {i}: năm không hợp lệ.")
            continue
        if year not in round_.years:
            problems.append(f"Dòng {i}: năm {year} không thuộc thời kỳ {round_.period_label}.")
            continue
        try:
            amount = read_money(amount)
        except BadInput as exc:
            problems.append(f"Dòng {i}: {sentence('hạn mức', exc)}")
            continue
        if amount is None:
            problems.append(f"Dòng {i}: chưa nhập hạn mức.")
            continue
        if (source.pk, year) in seen:
            problems.append(f"Dòng {i}: nguồn {source.name} năm {year} đã có ở dòng trên.")
            continue
        seen.add((source.pk, year))
        out.append((source, year, amount))
    if problems:
        raise ServiceError({"envelopes": problems})
    return out


@transaction.atomic
def set_envelopes(actor, round_: Round, rows, *, expected_version) -> list[Envelope]:
    """Replace the round's envelopes (one per source and year) — until a plan is approved."""
    if not can_manage_round(actor, round_):
        raise PermissionDenied("Bạn không có quyền sửa hạn mức của đợt lập kế hoạch này.")
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    check_version(round_, expected_version)
    if round_.status == RoundStatus.CLOSED:
        raise ServiceError("Đợt lập kế hoạch đã kết thúc.")
    clean = _envelope_rows(round_, rows)
    old = {(e.funding_source_id, e.year): e for e in round_.envelopes.all()}
    keep = set()
    for source, year, amount in clean:
        env = old.get((source.pk, year))
        if env is None:
            env = Envelope(round=round_, funding_source=source, year=year, amount=amount)
        elif env.amount == amount:
            keep.add(env.pk)
            continue
        env.amount = amount
        env._history_user = actor
        env.save()
        keep.add(env.pk)
    for env in old.values():
        if env.pk not in keep:
            env._history_user = actor
            env.delete()
    _bump(round_)
    round_.save(update_fields=["version"])
    record_event(actor, "plan.envelopes_set", round_, data={
        "count": len(clean), "total": sum(a for _, _, a in clean)})
    return list(round_.envelopes.select_related("funding_source"))


@transaction.atomic
def open_round(actor, round_: Round, *, expected_version=None) -> Round:
    if not can_manage_round(actor, round_):
        raise PermissionDenied("Bạn không có quyền mở đợt lập kế hoạch này.")
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    check_version(round_, expected_version)
    if round_.status != RoundStatus.DRAFT:
        raise ServiceError("Đợt lập kế hoạch đã được mở.")
    problems = []
    called = list(round_.called_units.all())
    if not called:
        problems.append("Chưa chọn đơn vị được đề nghị gửi đề xuất.")
    if not round_.envelopes.exists():
        problems.append("Chưa nhập hạn mức kinh phí theo nguồn và năm.")
    if not round_.rubric.is_published:
        problems.append("Bộ tiêu chí chấm điểm chưa được công bố.")
    if problems:
        raise ServiceError(problems)
    round_.status = RoundStatus.OPEN
    round_.opened_at, round_.opened_by = timezone.now(), actor
    _bump(round_)
    round_._history_user = actor
    round_.save()
    record_event(actor, "plan.round_opened", round_, data={"units": len(called)})
    url = _link("plans:round", round_.pk)
    text = (f"{round_.name}: đề nghị đơn vị gửi đề xuất nhiệm vụ, kinh phí trước ngày {vndate(round_.deadline)} "
            f"(văn bản {round_.basis_number}).")
    people = responsible_people([u.pk for u in called], UNIT_ROLES)
    sent = set()
    for users in people.values():
        for user in users:
            if user.pk not in sent:
                sent.add(user.pk)
                notify(user, text, url, key=f"plan-opened:{round_.pk}:{user.pk}", kind="plan")
    return round_


def _move_round(actor, round_: Round, to: str, allowed_from: tuple, expected_version) -> Round:
    if not can_manage_round(actor, round_):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với đợt lập kế hoạch.")
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    check_version(round_, expected_version)
    if round_.status not in allowed_from:
        raise ServiceError(f"Đợt lập kế hoạch đang ở tình trạng “{round_.get_status_display()}”; "
                           "không thực hiện được thao tác này.")
    round_.status = to
    _bump(round_)
    round_._history_user = actor
    round_.save()
    return round_


def start_review(actor, round_: Round, *, expected_version=None) -> Round:
    """Stop taking new proposals; returned ones may still be completed and sent."""
    with transaction.atomic():
        round_ = _move_round(actor, round_, RoundStatus.REVIEWING, (RoundStatus.OPEN,), expected_version)
        record_event(actor, "plan.round_reviewing", round_)
        return round_


def close_round(actor, round_: Round, *, expected_version=None) -> Round:
    with transaction.atomic():
        if not round_.plan_versions.filter(status=PlanStatus.APPROVED).exists():
            raise ServiceError("Chưa có kế hoạch được phê duyệt; chưa kết thúc được đợt lập kế hoạch.")
        round_ = _move_round(actor, round_, RoundStatus.CLOSED, (RoundStatus.REVIEWING,), expected_version)
        record_event(actor, "plan.round_closed", round_)
        return round_


# -------------------------------------------------------------- proposals ----

def _costs(round_: Round, rows, errors: dict) -> list[tuple]:
    problems, seen, out = [], set(), []
    for i, row in enumerate(rows or [], 1):
        source, year = row.get("funding_source"), row.get("year")
        try:
            amount = read_money(row.get("amount"))
        except BadInput as exc:
            problems.append(f"Dòng kinh phí {i}: {sentence('số tiền', exc)}")
            continue
        if amount is None:
            continue  # an empty cell of the year × source grid
        if not isinstance(source, FundingSource):
            problems.append(f"Dòng kinh phí {i}: chưa chọn nguồn vốn.")
            continue
        try:
            year = int(year)
        except (TypeError, ValueError):
            problems.append(f"Dòng kinh phí {i}: năm không hợp lệ.")
            continue
        if not MIN_YEAR <= year <= MAX_YEAR:
            problems.append(f"Dòng kinh phí {i}: năm phải trong khoảng {MIN_YEAR}–{MAX_YEAR}.")
            continue
        if (year, source.pk) in seen:
            problems.append(f"Dòng kinh phí {i}: nguồn {source.name} năm {year} đã có ở dòng trên.")
            continue
        seen.add((year, source.pk))
        if amount:
            out.append((year, source, amount))
    if sum(a for _, _, a in out) > MAX_AMOUNT:
        problems.append(f"Tổng kinh phí quá lớn (tối đa {format_vnd(MAX_AMOUNT)} đồng).")
    if problems:
        errors["costs"] = problems
    return out


def _proposal_fields(data: dict, errors: dict) -> dict:
    out = {
        "name": _text(data, "name", "tên nhiệm vụ", required=True, limit=500, multiline=False, errors=errors),
        "objectives": _text(data, "objectives", "mục tiêu", errors=errors),
        "problem": _text(data, "problem", "vấn đề cần giải quyết", errors=errors),
        "legal_basis": _text(data, "legal_basis", "căn cứ đề xuất", errors=errors),
    }
    if data.get("kind") not in KIND_CODE_PREFIX:
        errors["kind"] = "Chưa chọn loại nhiệm vụ/dự án."
    out["kind"] = data.get("kind")
    if data.get("regime") is None:
        errors["regime"] = "Chưa chọn chế độ pháp lý áp dụng."
    out["regime"], out["programme"] = data.get("regime"), data.get("programme")
    start = _year(data.get("start_year"), "năm bắt đầu", "start_year", errors)
    end = data.get("end_year") or start
    end = _year(end, "năm kết thúc", "end_year", errors) if end else None
    if start and end and end < start:
        errors["end_year"] = "Năm kết thúc không được trước năm bắt đầu."
    out["start_year"], out["end_year"] = start, end
    priority = data.get("priority") or Priority.MEDIUM
    try:
        priority = int(priority)
    except (TypeError, ValueError):
        priority = 0
    if priority not in Priority.values:
        errors["priority"] = "Mức ưu tiên không hợp lệ."
    out["priority"] = priority
    ucp = data.get("ucp_points")
    if ucp in ("", None):
        out["ucp_points"] = None
    else:
        try:
            ucp = Decimal(str(ucp).replace(",", ".")).quantize(Decimal("0.01"))
        except Exception:  # noqa: BLE001 — any unreadable number is the same refusal
            ucp = None
            errors["ucp_points"] = "Điểm trường hợp sử dụng phải là số, ví dụ 245,5."
        else:
            if not Decimal(0) < ucp < Decimal(10**9):
                errors["ucp_points"] = "Điểm trường hợp sử dụng phải lớn hơn 0."
        out["ucp_points"] = ucp
    try:
        out["software_cost"] = read_money(data.get("software_cost"))
    except BadInput as exc:
        errors["software_cost"] = sentence("chi phí phát triển phần mềm", exc)
    return out


M2M = ("capabilities", "data_entities", "systems")


def _check_systems(round_: Round, systems, errors: dict) -> None:
    prefix = round_.root_unit.tree_prefix
    for s in systems or []:
        if s.root_unit_id is not None and not f"/{s.root_unit_id}/" == prefix:
            errors["systems"] = f"Hệ thống {s.code} không thuộc tỉnh/bộ của đợt lập kế hoạch."


def refresh_search(proposal: Proposal) -> None:
    proposal.search_text = search_document(proposal.code, proposal.name, proposal.objectives, proposal.problem,
                                           proposal.unit.name, proposal.unit.short_name)


def _save_costs(actor, proposal: Proposal, costs: list[tuple]) -> None:
    old = {(c.year, c.funding_source_id): c for c in proposal.costs.all()}
    new = {(y, s.pk): (s, a) for y, s, a in costs}
    for key, c in old.items():
        if key not in new:
            c._history_user = actor
            c.delete()
        elif c.amount != new[key][1]:
            c.amount = new[key][1]
            c._history_user = actor
            c.save()
    for key, (source, amount) in new.items():
        if key not in old:
            c = ProposalCost(proposal=proposal, year=key[0], funding_source=source, amount=amount)
            c._history_user = actor
            c.save()
    proposal.total = sum(a for _, _, a in costs)


def _next_code(round_: Round) -> str:
    """``DX<year>-<round>-NNNN``, the round's proposals counted (proposals are never deleted, and
    the caller holds the round's row lock, so two saves never take one number); not the largest
    code read as text, which "…-10000" would break."""
    return f"DX{round_.year_from}-{round_.pk}-{Proposal.objects.filter(round=round_).count() + 1:04d}"


def _write_proposal(actor, proposal: Proposal, data: dict, fields: dict, costs: list[tuple]) -> Proposal:
    for f, v in fields.items():
        setattr(proposal, f, v)
    proposal.updated_at = timezone.now()
    proposal.total = sum(a for _, _, a in costs)
    proposal.skip_history_when_saving = True
    try:
        proposal.save()
        for field in M2M:
            if data.get(field) is not None:
                getattr(proposal, field).set(list(data[field]))
        _save_costs(actor, proposal, costs)
        refresh_search(proposal)
    finally:
        del proposal.skip_history_when_saving
    proposal._history_user = actor
    proposal.save()
    checks.refresh(proposal, actor)
    return proposal


@transaction.atomic
def create_proposal(actor, round_: Round, data: dict) -> Proposal:
    unit = data.get("unit") or actor.unit
    if not can_propose(actor, round_, unit):
        if round_.status != RoundStatus.OPEN:
            raise ServiceError("Đợt lập kế hoạch không nhận đề xuất mới.")
        raise PermissionDenied("Bạn không được gửi đề xuất cho đơn vị này trong đợt lập kế hoạch này.")
    if unit.has_ended(timezone.localdate()):
        raise ServiceError({"unit": unit.ended_message})
    if not is_called(round_, unit):
        raise ServiceError({"unit": f"{unit.name} không thuộc các đơn vị được đề nghị gửi đề xuất trong đợt này."})
    errors: dict = {}
    fields = _proposal_fields(data, errors)
    costs = _costs(round_, data.get("costs"), errors)
    _check_systems(round_, data.get("systems"), errors)
    project = data.get("project")
    basis = Basis.CARRIED if project is not None else Basis.NEW
    if project is not None:
        _check_carried(round_, unit, project, errors)
    if errors:
        raise ServiceError(errors)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)  # serialises the codes of one round
    proposal = Proposal(round=round_, unit=unit, code=_next_code(round_), basis=basis, project=project,
                        prepared_by=actor)
    _write_proposal(actor, proposal, data, fields, costs)
    proposal.history.filter(pk=proposal.history.latest().pk).update(history_type="+")
    record_event(actor, "plan.proposal_created", proposal, data={
        "code": proposal.code, "name": proposal.name[:200], "basis": basis, "total": proposal.total})
    return proposal


def is_called(round_: Round, unit) -> bool:
    """The unit, or a unit above it, is among those the round calls (a centre proposes under its
    department's call)."""
    return any(unit.path.startswith(p) for p in round_.called_units.values_list("path", flat=True))


def _check_carried(round_: Round, unit, project, errors: dict) -> None:
    if not unit.path.startswith(round_.root_unit.tree_prefix) or project.investor_unit.root_pk != round_.root_unit_id:
        errors["project"] = "Nhiệm vụ/dự án không thuộc tỉnh/bộ của đợt lập kế hoạch."
    elif project.state in NOT_CARRIED:
        errors["project"] = f"Nhiệm vụ/dự án {project.code} đã {project.get_state_display().lower()}; không chuyển tiếp được."
    elif Proposal.objects.filter(round=round_, project=project).exclude(status__in=TERMINAL_PROPOSALS).exists():
        errors["project"] = f"Nhiệm vụ/dự án {project.code} đã có đề xuất chuyển tiếp trong đợt này."


def remaining_to_fund(project) -> int:
    """What a carried-over task still needs: the approved total (else the estimate) less what
    yearly plans have already allocated."""
    base = project.total_approved or project.total_estimate
    return max(0, base - project.total_allocated)


def carried_over_data(round_: Round, project) -> dict:
    """A proposal pre-filled from a registry project: its texts, tags, systems and what remains
    to be funded, on the round's first year and the project's first funding source."""
    sources = list(project.funding_sources.all())
    source = sources[0] if sources else None
    if source is None:
        env = round_.envelopes.select_related("funding_source").first()
        source = env.funding_source if env else None
    remaining = remaining_to_fund(project)
    return {
        "project": project, "unit": project.investor_unit, "name": project.name, "objectives": project.objectives,
        "problem": "", "legal_basis": "", "kind": project.kind, "regime": project.regime,
        "programme": project.programme, "capabilities": list(project.capabilities.all()),
        "data_entities": list(project.data_entities.all()),
        "systems": [link.system for link in SystemProject.objects.filter(project=project).select_related("system")],
        "start_year": round_.year_from, "end_year": max(round_.year_from, project.end_year or round_.year_from),
        "priority": Priority.HIGH,
        "costs": [{"year": round_.year_from, "funding_source": source, "amount": remaining}] if source and remaining else [],
    }


def carry_over(actor, round_: Round, project, unit=None) -> Proposal:
    data = carried_over_data(round_, project)
    if unit is not None:
        data["unit"] = unit
    return create_proposal(actor, round_, data)


def makers(proposal: Proposal) -> set[int]:
    """Everyone who wrote the proposal (its preparer and every editor)."""
    ids = set(proposal.history.exclude(history_user__isnull=True).values_list("history_user_id", flat=True))
    if proposal.prepared_by_id:
        ids.add(proposal.prepared_by_id)
    return ids


def _lock(proposal: Proposal, expected_version=None) -> Proposal:
    locked = Proposal.objects.select_for_update().select_related("round", "unit").get(pk=proposal.pk)
    check_version(locked, expected_version)
    return locked


@transaction.atomic
def update_proposal(actor, proposal: Proposal, data: dict, *, expected_version) -> Proposal:
    proposal = _lock(proposal)
    if not can_edit_proposal(actor, proposal):
        raise PermissionDenied("Bạn không được sửa đề xuất này (đã gửi, hoặc không thuộc đơn vị của bạn).")
    check_version(proposal, expected_version)
    errors: dict = {}
    fields = _proposal_fields(data, errors)
    costs = _costs(proposal.round, data.get("costs"), errors)
    _check_systems(proposal.round, data.get("systems"), errors)
    if errors:
        raise ServiceError(errors)
    changed = [f for f, v in fields.items() if getattr(proposal, f) != v]
    _bump(proposal)
    _write_proposal(actor, proposal, data, fields, costs)
    record_event(actor, "plan.proposal_updated", proposal, data={"fields": changed, "total": proposal.total})
    return proposal


@transaction.atomic
def submit_proposal(actor, proposal: Proposal, *, expected_version=None) -> Proposal:
    """The unit head sends the proposal — never the person who wrote it."""
    proposal = _lock(proposal)
    if proposal.status not in EDITABLE:
        raise ServiceError("Đề xuất đã được gửi.")
    if not can_submit_proposal(actor, proposal):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị đề xuất được gửi đề xuất.")
    check_version(proposal, expected_version)
    if actor.pk in makers(proposal):
        raise MakerCheckerError("Người lập hoặc sửa đề xuất không được đồng thời là người gửi đề xuất.")
    if proposal.round.status == RoundStatus.REVIEWING and proposal.status != ProposalStatus.RETURNED:
        raise ServiceError("Đợt lập kế hoạch đã hết hạn nhận đề xuất.")
    if not proposal.total:
        raise ServiceError("Đề xuất chưa có kinh phí theo năm và nguồn vốn.")
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_by, proposal.submitted_at = actor, timezone.now()
    _bump(proposal)
    proposal._history_user = actor
    proposal.save()
    record_event(actor, "plan.proposal_submitted", proposal, data={
        "code": proposal.code, "warnings": proposal.warnings, "total": proposal.total})
    return proposal


def _ensure_consolidator(actor, proposal: Proposal) -> None:
    if not can_consolidate(actor, proposal.round):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được xử lý đề xuất.")
    if actor.pk in makers(proposal) or actor.pk == proposal.submitted_by_id:
        raise MakerCheckerError()


def _reason(reason, label: str) -> str:
    return clean_text(reason or "", label, limit=TEXT_LIMIT)


@transaction.atomic
def return_proposal(actor, proposal: Proposal, comment: str, *, expected_version=None) -> Proposal:
    _ensure_consolidator(actor, proposal)
    comment = _reason(comment, "ý kiến khi trả lại")
    proposal = _lock(proposal, expected_version)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ServiceError("Chỉ trả lại được đề xuất đã gửi.")
    if proposal.plan_items.filter(plan__status__in=(PlanStatus.SUBMITTED, PlanStatus.APPROVED)).exists():
        raise ServiceError("Đề xuất đã có trong kế hoạch trình hoặc đã duyệt.")
    proposal.status, proposal.return_comment = ProposalStatus.RETURNED, comment
    proposal.funding = Funding.PENDING
    _bump(proposal)
    proposal._history_user = actor
    proposal.save()
    record_event(actor, "plan.proposal_returned", proposal, data={"comment": comment[:300]})
    url = _link("plans:proposal", proposal.pk)
    for users in responsible_people([proposal.unit_id], UNIT_ROLES).values():
        for user in users:
            notify(user, f"Đề xuất {proposal.code} được trả lại để hoàn thiện: {comment[:200]}", url,
                   key=f"plan-returned:{proposal.pk}:{proposal.version}:{user.pk}", kind="plan")
    return proposal


def _decide(actor, proposal: Proposal, status: str, reason: str, expected_version, into=None) -> Proposal:
    _ensure_consolidator(actor, proposal)
    reason = _reason(reason, "lý do")
    proposal = _lock(proposal, expected_version)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ServiceError("Chỉ gộp hoặc loại được đề xuất đã gửi.")
    if proposal.plan_items.filter(plan__status__in=(PlanStatus.SUBMITTED, PlanStatus.APPROVED)).exists():
        raise ServiceError("Đề xuất đã có trong kế hoạch trình hoặc đã duyệt.")
    proposal.status, proposal.decision_reason, proposal.decided_by = status, reason, actor
    proposal.merged_into = into
    proposal.funding = Funding.PENDING
    _bump(proposal)
    proposal._history_user = actor
    proposal.save()
    proposal.plan_items.filter(plan__status=PlanStatus.DRAFT).delete()
    checks.forget(proposal)
    return proposal


@transaction.atomic
def merge_proposal(actor, proposal: Proposal, into: Proposal, reason: str, *, expected_version=None) -> Proposal:
    """A duplicate is merged into the proposal that carries the task on; the reason is kept."""
    if into is None or into.pk == proposal.pk or into.round_id != proposal.round_id:
        raise ServiceError({"into": "Chọn một đề xuất khác của cùng đợt để gộp vào."})
    if into.status != ProposalStatus.SUBMITTED:
        raise ServiceError({"into": "Chỉ gộp vào một đề xuất đã gửi, chưa bị gộp hay loại."})
    proposal = _decide(actor, proposal, ProposalStatus.MERGED, reason, expected_version, into=into)
    record_event(actor, "plan.proposal_merged", proposal, data={
        "code": proposal.code, "into": into.code, "reason": proposal.decision_reason[:300]})
    return proposal


@transaction.atomic
def reject_proposal(actor, proposal: Proposal, reason: str, *, expected_version=None) -> Proposal:
    proposal = _decide(actor, proposal, ProposalStatus.REJECTED, reason, expected_version)
    record_event(actor, "plan.proposal_rejected", proposal, data={
        "code": proposal.code, "reason": proposal.decision_reason[:300]})
    return proposal


# ---------------------------------------------------------------- scoring ----

def score_total(rubric: Rubric, marks: dict) -> Decimal:
    """The weighted score on a scale of 100: Σ mark ÷ scale_max × weight."""
    total = sum(Decimal(marks[c["code"]]) / Decimal(rubric.scale_max) * Decimal(c["weight"]) for c in rubric.criteria)
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _marks(rubric: Rubric, raw: dict) -> dict:
    problems, out = [], {}
    for c in rubric.criteria:
        value = (raw or {}).get(c["code"])
        if value in (None, ""):
            problems.append(f"Chưa chấm tiêu chí “{c['name']}”.")
            continue
        try:
            mark = int(str(value).strip()) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            mark = None
        if mark is None or not 0 <= mark <= rubric.scale_max:
            problems.append(f"Điểm tiêu chí “{c['name']}” phải là số nguyên từ 0 đến {rubric.scale_max}.")
            continue
        out[c["code"]] = mark
    if problems:
        raise ServiceError({"marks": problems})
    return out


def refresh_score(proposal: Proposal) -> None:
    totals = list(Score.objects.filter(proposal_id=proposal.pk).values_list("total", flat=True))  # never a stale prefetch
    if totals:
        avg = (sum(totals) / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        spread = max(totals) - min(totals)
    else:
        avg = spread = None
    Proposal.objects.filter(pk=proposal.pk).update(score=avg, score_spread=spread, score_count=len(totals))
    proposal.score, proposal.score_spread, proposal.score_count = avg, spread, len(totals)


@transaction.atomic
def score_proposal(actor, proposal: Proposal, marks: dict, comment: str = "") -> Score:
    """One reviewer's score on the round's rubric; a second call replaces the reviewer's own score
    (history keeps the first)."""
    if not can_score(actor, proposal):
        raise PermissionDenied("Bạn không được chấm điểm đề xuất này.")
    if actor.pk in makers(proposal) or actor.pk == proposal.submitted_by_id:
        raise MakerCheckerError()
    rubric = proposal.round.rubric
    marks = _marks(rubric, marks)
    comment = clean_text(comment or "", "nhận xét", required=False, limit=TEXT_LIMIT)
    total = score_total(rubric, marks)
    score = Score.objects.select_for_update().filter(proposal=proposal, reviewer=actor).first()
    if score is None:
        score = Score(proposal=proposal, reviewer=actor, rubric=rubric)
    score.marks, score.total, score.comment, score.updated_at = marks, total, comment, timezone.now()
    score._history_user = actor
    score.save()
    refresh_score(proposal)
    record_event(actor, "plan.proposal_scored", proposal, data={"code": proposal.code, "total": str(total)})
    return score


# ---------------------------------------------------------------- funding ----

def envelope_left(round_: Round, *, exclude: int | None = None) -> dict[tuple[int, int], int]:
    """{(source id, year): envelope less what funded proposals take} (negative = exceeded)."""
    left = {(e.funding_source_id, e.year): e.amount for e in round_.envelopes.all()}
    costs = ProposalCost.objects.filter(proposal__round=round_, proposal__funding=Funding.FUNDED,
                                        proposal__status=ProposalStatus.SUBMITTED)
    if exclude:
        costs = costs.exclude(proposal_id=exclude)
    for source, year, amount in costs.values_list("funding_source_id", "year", "amount"):
        left[(source, year)] = left.get((source, year), 0) - amount
    return left


def _shortfalls(costs, left: dict) -> list[str]:
    out = []
    for c in costs:
        have = left.get((c.funding_source_id, c.year))
        if have is None:
            out.append(f"không có hạn mức nguồn {c.funding_source.name} năm {c.year}")
        elif c.amount > have:
            out.append(f"nguồn {c.funding_source.name} năm {c.year} còn {format_vnd(max(have, 0))} đồng, "
                       f"cần {format_vnd(c.amount)} đồng")
    return out


def funding_order(proposals) -> list[Proposal]:
    """Best first: the average score (unscored last), then priority, then the smaller total."""
    return sorted(proposals, key=lambda p: (p.score is None, -(p.score or 0), p.priority, p.total, p.code))


@transaction.atomic
def recommend_funding(actor, round_: Round) -> dict:
    """Fit the sent proposals into the envelopes in score order: each is funded when every one
    of its cost lines fits what is left of its source and year, else marked as not fitting with
    the reason. Returns {"funded": n, "unfunded": m}."""
    if not can_consolidate(actor, round_):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được đề xuất bố trí kinh phí.")
    if round_.plan_versions.filter(status__in=(PlanStatus.SUBMITTED, PlanStatus.APPROVED)).exists():
        raise ServiceError("Kế hoạch đã trình hoặc đã duyệt; điều chỉnh kế hoạch bằng một phiên bản mới.")
    proposals = list(Proposal.objects.select_for_update().filter(round=round_, status=ProposalStatus.SUBMITTED)
                     .prefetch_related("costs__funding_source"))
    left = {(e.funding_source_id, e.year): e.amount for e in round_.envelopes.all()}
    funded = unfunded = 0
    for p in funding_order(proposals):
        costs = list(p.costs.all())
        short = _shortfalls(costs, left)
        if short or not costs:
            p.funding, p.funding_note = Funding.UNFUNDED, ("Chưa bố trí được: " + "; ".join(short) + ".") if short \
                else "Chưa có kinh phí đề xuất."
            unfunded += 1
        else:
            for c in costs:
                left[(c.funding_source_id, c.year)] -= c.amount
            p.funding = Funding.FUNDED
            p.funding_note = f"Đề nghị bố trí theo thứ tự điểm ({p.score if p.score is not None else 'chưa chấm'})."
            funded += 1
    Proposal.objects.bulk_update(proposals, ["funding", "funding_note"])
    record_event(actor, "plan.funding_recommended", round_, data={"funded": funded, "unfunded": unfunded})
    return {"funded": funded, "unfunded": unfunded}


@transaction.atomic
def set_funding(actor, proposal: Proposal, funding: str, note: str = "", *, expected_version=None) -> Proposal:
    """The authority's own call on one proposal. Funding one that does not fit what is left of
    the envelopes needs a written reason: an envelope is never exceeded silently."""
    if not can_consolidate(actor, proposal.round):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được đề xuất bố trí kinh phí.")
    if funding not in (Funding.FUNDED, Funding.UNFUNDED):
        raise ServiceError({"funding": "Chọn “Đề nghị bố trí” hoặc “Chưa bố trí được”."})
    proposal = _lock(proposal, expected_version)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ServiceError("Chỉ bố trí kinh phí cho đề xuất đã gửi.")
    if proposal.round.plan_versions.filter(status__in=(PlanStatus.SUBMITTED, PlanStatus.APPROVED)).exists():
        raise ServiceError("Kế hoạch đã trình hoặc đã duyệt; điều chỉnh kế hoạch bằng một phiên bản mới.")
    note = clean_text(note or "", "ghi chú", required=False, limit=TEXT_LIMIT)
    over = []
    if funding == Funding.FUNDED:
        over = _shortfalls(list(proposal.costs.select_related("funding_source")),
                           envelope_left(proposal.round, exclude=proposal.pk))
        if over and not note:
            raise ServiceError({"note": "Vượt hạn mức: " + "; ".join(over)
                                        + ". Ghi lý do nếu vẫn đề nghị bố trí."})
    proposal.funding = funding
    proposal.funding_note = (f"Vượt hạn mức ({'; '.join(over)}). Lý do: {note}" if over else note)
    _bump(proposal)
    proposal._history_user = actor
    proposal.save()
    record_event(actor, "plan.funding_set", proposal, data={
        "code": proposal.code, "funding": funding, "over": bool(over), "note": note[:300]})
    return proposal


# ------------------------------------------------------------------- plan ----

def plan_over(plan: PlanVersion) -> list[str]:
    """Where the plan's items exceed the round's envelopes (source, year), in words."""
    left = {(e.funding_source_id, e.year): (e.funding_source.name, e.amount)
            for e in plan.round.envelopes.select_related("funding_source")}
    used: dict = defaultdict(int)
    names = {}
    for c in PlanItemCost.objects.filter(item__plan=plan).select_related("funding_source"):
        used[(c.funding_source_id, c.year)] += c.amount
        names[(c.funding_source_id, c.year)] = c.funding_source.name
    out = []
    for key, amount in sorted(used.items(), key=lambda kv: (kv[0][1], names[kv[0]])):
        name, cap = left.get(key, (names[key], 0))
        if amount > cap:
            out.append(f"nguồn {name} năm {key[1]}: {format_vnd(amount)} đồng, hạn mức {format_vnd(cap)} đồng")
    return out


def _item_from_proposal(plan: PlanVersion, proposal: Proposal, position: int) -> PlanItem:
    item = PlanItem.objects.create(
        plan=plan, proposal=proposal, position=position, name=proposal.name, unit=proposal.unit,
        start_year=proposal.start_year, end_year=proposal.end_year,
        note="Chuyển tiếp" if proposal.basis == Basis.CARRIED else "", total=proposal.total,
        project=proposal.project)
    PlanItemCost.objects.bulk_create([
        PlanItemCost(item=item, year=c.year, funding_source_id=c.funding_source_id, amount=c.amount)
        for c in proposal.costs.all()])
    return item


@transaction.atomic
def draft_plan(actor, round_: Round, *, title: str = "", reason: str = "") -> PlanVersion:
    """The first draft lists the funded proposals in score order; once a plan is approved, a new
    draft is an adjustment that starts as a copy of the approved version and needs its reason."""
    if not can_consolidate(actor, round_):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được lập dự thảo kế hoạch.")
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.plan_versions.filter(status__in=(PlanStatus.DRAFT, PlanStatus.SUBMITTED)).exists():
        raise ServiceError("Đang có một dự thảo kế hoạch chưa được phê duyệt.")
    approved = round_.plan_versions.filter(status=PlanStatus.APPROVED).first()
    number = (round_.plan_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    title = clean_text(title or "", "tên kế hoạch", required=False, limit=500, multiline=False) or (
        approved.title if approved else f"Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số năm {round_.period_label}")
    if approved is not None:
        reason = clean_text(reason or "", "lý do điều chỉnh", limit=TEXT_LIMIT)
    plan = PlanVersion(round=round_, number=number, based_on=approved, title=title, reason=reason or "",
                       prepared_by=actor)
    plan._history_user = actor
    plan.save()
    if approved is None:
        proposals = funding_order(Proposal.objects.filter(
            round=round_, status=ProposalStatus.SUBMITTED, funding=Funding.FUNDED).prefetch_related("costs"))
        if not proposals:
            raise ServiceError("Chưa có đề xuất nào được đề nghị bố trí kinh phí.")
        for i, p in enumerate(proposals, 1):
            _item_from_proposal(plan, p, i)
    else:
        for old in approved.items.prefetch_related("costs"):
            item = PlanItem.objects.create(plan=plan, proposal_id=old.proposal_id, position=old.position,
                                           name=old.name, unit_id=old.unit_id, start_year=old.start_year,
                                           end_year=old.end_year, note=old.note, total=old.total,
                                           project_id=old.project_id)
            PlanItemCost.objects.bulk_create([
                PlanItemCost(item=item, year=c.year, funding_source_id=c.funding_source_id, amount=c.amount,
                             entry_id=c.entry_id) for c in old.costs.all()])
    record_event(actor, "plan.drafted", plan, data={"number": number, "items": plan.items.count()})
    return plan


def _draft(actor, plan: PlanVersion, expected_version=None) -> PlanVersion:
    if not can_consolidate(actor, plan.round):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được sửa dự thảo kế hoạch.")
    plan = PlanVersion.objects.select_for_update().select_related("round").get(pk=plan.pk)
    check_version(plan, expected_version)
    if plan.status != PlanStatus.DRAFT:
        raise ServiceError("Kế hoạch đã trình hoặc đã duyệt; không sửa được. Điều chỉnh bằng một phiên bản mới.")
    return plan


@transaction.atomic
def update_item(actor, item: PlanItem, data: dict, *, expected_version=None) -> PlanItem:
    """Change an item of a draft: its note and its amounts by year and source."""
    plan = _draft(actor, item.plan, expected_version)
    errors: dict = {}
    note = _text(data, "note", "ghi chú", limit=500, multiline=False, errors=errors)
    costs = _costs(plan.round, data.get("costs"), errors) if "costs" in data else None
    if errors:
        raise ServiceError(errors)
    item.note = note
    if costs is not None:
        old = {(c.year, c.funding_source_id): c for c in item.costs.all()}
        new = {(y, s.pk): a for y, s, a in costs}
        for key, c in old.items():
            if key not in new:
                c.delete()
            elif c.amount != new[key]:
                c.amount = new[key]
                c.save(update_fields=["amount"])
        for (year, source_id), amount in new.items():
            if (year, source_id) not in old:
                PlanItemCost.objects.create(item=item, year=year, funding_source_id=source_id, amount=amount)
        item.total = sum(new.values())
    item.save()
    _bump(plan)
    plan.save(update_fields=["version"])
    record_event(actor, "plan.item_updated", plan, data={"item": item.name[:200], "total": item.total})
    return item


@transaction.atomic
def add_item(actor, plan: PlanVersion, proposal: Proposal, *, expected_version=None) -> PlanItem:
    plan = _draft(actor, plan, expected_version)
    if proposal.round_id != plan.round_id or proposal.status != ProposalStatus.SUBMITTED:
        raise ServiceError("Chỉ đưa vào kế hoạch đề xuất đã gửi của đợt này.")
    if plan.items.filter(proposal=proposal).exists():
        raise ServiceError("Đề xuất đã có trong kế hoạch.")
    position = (plan.items.aggregate(n=Max("position"))["n"] or 0) + 1
    item = _item_from_proposal(plan, proposal, position)
    _bump(plan)
    plan.save(update_fields=["version"])
    record_event(actor, "plan.item_added", plan, data={"item": item.name[:200], "total": item.total})
    return item


@transaction.atomic
def remove_item(actor, item: PlanItem, *, expected_version=None) -> None:
    plan = _draft(actor, item.plan, expected_version)
    name, total = item.name, item.total
    item.delete()
    for i, it in enumerate(plan.items.order_by("position"), 1):
        if it.position != i:
            PlanItem.objects.filter(pk=it.pk).update(position=i)
    _bump(plan)
    plan.save(update_fields=["version"])
    record_event(actor, "plan.item_removed", plan, data={"item": name[:200], "total": total})


@transaction.atomic
def submit_plan(actor, plan: PlanVersion, *, over_reason: str = "", expected_version=None) -> PlanVersion:
    """Send the draft to the leader. A plan above an envelope is sent only with the reason."""
    plan = _draft(actor, plan, expected_version)
    if not plan.items.exists():
        raise ServiceError("Kế hoạch chưa có nhiệm vụ nào.")
    over = plan_over(plan)
    over_reason = clean_text(over_reason or "", "lý do vượt hạn mức", required=False, limit=TEXT_LIMIT)
    if over and not over_reason:
        raise ServiceError({"over_reason": "Kế hoạch vượt hạn mức: " + "; ".join(over)
                                           + ". Ghi lý do nếu vẫn trình."})
    plan.status, plan.submitted_at = PlanStatus.SUBMITTED, timezone.now()
    _bump(plan)
    plan._history_user = actor
    plan.save()
    record_event(actor, "plan.submitted", plan, data={
        "number": plan.number, "over": over, "over_reason": over_reason[:500]})
    return plan


def _ensure_approver(actor, plan: PlanVersion) -> PlanVersion:
    if not can_approve_plan(actor, plan.round):
        raise PermissionDenied("Chỉ lãnh đạo UBND được phê duyệt kế hoạch.")
    plan = PlanVersion.objects.select_for_update().select_related("round").get(pk=plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise ServiceError("Kế hoạch chưa được trình phê duyệt.")
    if actor.pk == plan.prepared_by_id:
        raise MakerCheckerError()
    return plan


@transaction.atomic
def return_plan(actor, plan: PlanVersion, comment: str, *, expected_version=None) -> PlanVersion:
    plan = _ensure_approver(actor, plan)
    check_version(plan, expected_version)
    comment = _reason(comment, "ý kiến")
    plan.status = PlanStatus.DRAFT
    _bump(plan)
    plan._history_user = actor
    plan.save()
    record_event(actor, "plan.returned", plan, data={"number": plan.number, "comment": comment[:500]})
    return plan


@transaction.atomic
def approve_plan(actor, plan: PlanVersion, *, decision_number: str, decision_date, expected_version=None) -> PlanVersion:
    plan = _ensure_approver(actor, plan)
    check_version(plan, expected_version)
    errors = {}
    try:
        number = clean_text(decision_number or "", "số quyết định, văn bản", limit=80, multiline=False)
    except ServiceError as exc:
        errors["decision_number"] = exc.messages[0]
    if not isinstance(decision_date, dt.date):
        errors["decision_date"] = "Chưa nhập ngày ban hành."
    elif decision_date > timezone.localdate():
        errors["decision_date"] = "Ngày ban hành không được sau hôm nay."
    elif decision_date < plan.round.basis_date:
        errors["decision_date"] = "Ngày ban hành không được trước ngày văn bản mở đợt lập kế hoạch."
    if errors:
        raise ServiceError(errors)
    previous = plan.round.plan_versions.filter(status=PlanStatus.APPROVED).exclude(pk=plan.pk)
    for old in previous:
        old.status = PlanStatus.SUPERSEDED
        old._history_user = actor
        old.save(update_fields=["status"])
    plan.status, plan.decision_number, plan.decision_date = PlanStatus.APPROVED, number, decision_date
    plan.approved_by, plan.approved_at = actor, timezone.now()
    _bump(plan)
    plan._history_user = actor
    plan.save()
    record_event(actor, "plan.approved", plan, data={"number": plan.number, "decision": number,
                                                    "decision_date": decision_date.isoformat()})
    url = _link("plans:plan", plan.pk)
    units = set(plan.items.values_list("unit_id", flat=True))
    for users in responsible_people(units, UNIT_ROLES).values():
        for user in users:
            notify(user, f"{plan.title} ({plan.label.lower()}) đã được phê duyệt: {number} ngày {vndate(decision_date)}.",
                   url, key=f"plan-approved:{plan.pk}:{user.pk}", kind="plan")
    return plan


@transaction.atomic
def register_plan(actor, plan: PlanVersion) -> dict:
    """Carry an approved version into the registry: a new task becomes a project in "Đề xuất"
    with one estimate line per year and source (the plan's decision as its document); a
    carried-over task keeps its project. For an adjustment, items already carried keep their
    project; an amount that changed voids the old line and records the new one; an item
    dropped from the plan has its lines voided. Returns counts."""
    if not can_consolidate(actor, plan.round):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được đưa kế hoạch vào danh mục.")
    plan = PlanVersion.objects.select_for_update().select_related("round").get(pk=plan.pk)
    if plan.status != PlanStatus.APPROVED:
        raise ServiceError("Chỉ đưa vào danh mục kế hoạch đã được phê duyệt.")
    if plan.registered_at is not None:
        raise ServiceError("Kế hoạch này đã được đưa vào danh mục.")
    created = updated = voided = 0
    note = f"{plan.title}, {plan.label.lower()} ({plan.decision_number})"
    items = list(plan.items.select_related("proposal", "proposal__regime", "proposal__programme", "project")
                 .prefetch_related("costs__funding_source", "proposal__capabilities", "proposal__data_entities",
                                   "proposal__systems"))
    for item in items:
        p = item.proposal
        project = item.project or p.project
        if project is None:
            project = project_services.create_project(actor, {
                "name": item.name, "objectives": p.objectives, "scope": p.problem, "kind": p.kind,
                "regime": p.regime, "programme": p.programme, "investor_unit": item.unit,
                "start_year": item.start_year, "end_year": item.end_year,
                "capabilities": list(p.capabilities.all()), "data_entities": list(p.data_entities.all()),
                "funding_sources": list({c.funding_source for c in item.costs.all()}),
            }, occurred_on=plan.decision_date)
            Proposal.objects.filter(pk=p.pk).update(project=project)
            for system in p.systems.all():
                if can_edit_system(actor, system):
                    system_services.link_project(actor, system, project, ProjectRole.INTEGRATE,
                                                 "Kế thừa theo đề xuất kế hoạch")
            created += 1
        elif p.basis == Basis.NEW:
            updated += 1
        item.project = project
        item.save(update_fields=["project"])
        if p.basis == Basis.CARRIED:
            continue  # the funds of a carried-over task are its yearly allocation, not a new estimate
        for c in item.costs.all():
            old = BudgetEntry.objects.filter(pk=c.entry_id, voided=False).first() if c.entry_id else None
            if old is not None and old.amount == c.amount:
                continue
            if old is not None:
                project_services.void_budget_entry(actor, old, reason=f"Điều chỉnh theo {note}",
                                                   expected_version=old.version)
                voided += 1
            entry = project_services.record_budget_entry(actor, project, {
                "year": c.year, "funding_source": c.funding_source, "stage": Stage.ESTIMATE, "amount": c.amount,
                "decision_number": plan.decision_number, "decision_date": plan.decision_date,
                "note": f"Theo {note}, mục {item.position}"})
            c.entry = entry
            c.save(update_fields=["entry"])
    if plan.based_on_id:
        kept = {c.entry_id for c in PlanItemCost.objects.filter(item__plan=plan, entry__isnull=False)}
        dropped = (BudgetEntry.objects.filter(voided=False, pk__in=PlanItemCost.objects.filter(
            item__plan=plan.based_on, entry__isnull=False).values("entry_id")).exclude(pk__in=kept))
        for entry in dropped:
            project_services.void_budget_entry(actor, entry, reason=f"Không còn trong {note}",
                                               expected_version=entry.version)
            voided += 1
    plan.registered_at = timezone.now()
    plan.save(update_fields=["registered_at"])
    result = {"created": created, "updated": updated, "voided": voided, "items": len(items)}
    record_event(actor, "plan.registered", plan, data={"number": plan.number, **result})
    return result


def carriable_projects(round_: Round) -> Q:
    """Registry projects of the round's tree that could be carried over (the same rule as
    :func:`_check_carried`)."""
    return Q(investor_unit__path__startswith=round_.root_unit.tree_prefix) & ~Q(state__in=NOT_CARRIED)
