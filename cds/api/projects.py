"""/api/v1/projects — the registry of nhiệm vụ/dự án.

Like the web views, endpoints only parse input, resolve ids to objects the caller may use,
and call selectors (reads, scoped by the access helper) or services (writes, which carry
the permission, maker ≠ checker, version and audit rules). Errors are raised as
exceptions and turned into JSON by the handlers in ``cds.api.api``.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from ninja import Query, Router, Status

from cds.accounts import access
from cds.catalog.models import Capability, DataEntity, FundingSource, Programme
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.core.validation import too_long_message
from cds.orgs.models import Unit
from cds.projects import lifecycle, selectors, services
from cds.projects.filters import ProjectFilterSet
from cds.projects.forms import (
    DECISION_NUMBER_LIMIT,
    DECISION_NUMBER_TOO_LONG,
    GROUP_INVALID,
    TEXT_LIMIT,
    TEXT_NOUNS,
)
from cds.projects.models import Group, Project
from cds.projects.permissions import (
    can_create_projects,
    can_transition,
    ensure_can_edit_project,
    get_project_for,
)
from cds.rules.models import LegalRegime

from .schemas import (
    MAX_ID,
    ErrorOut,
    ProjectCreateIn,
    ProjectDetailOut,
    ProjectListOut,
    ProjectListParams,
    ProjectPatchIn,
    TransitionIn,
    ValidationErrorOut,
)

router = Router()

NOT_FOUND = "Không tìm thấy nhiệm vụ/dự án."
UNIT_OUT_OF_SCOPE = "Đơn vị không tồn tại hoặc nằm ngoài phạm vi của bạn."
MIN_YEAR, MAX_YEAR = services.MIN_YEAR, services.MAX_YEAR

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}


def _errors(*codes):
    return {c: ERRORS[c] for c in codes}


# ----------------------------------------------------------------- output ----

def _unit(u):
    return None if u is None else {"id": u.pk, "code": u.code, "name": u.name}


def _ref(obj):
    return {"id": obj.pk, "code": obj.code, "name": obj.name}


def project_item(p: Project) -> dict:
    """List fields; uses only the joins selectors.project_list selects (no per-item query)."""
    return {
        "id": p.pk, "code": p.code, "name": p.name,
        "kind": p.kind, "kind_label": p.get_kind_display(), "group": p.group,
        "regime": p.regime.short_name, "regime_code": p.regime.code,
        "programme": p.programme.name if p.programme_id else None,
        "investor_unit": _unit(p.investor_unit),
        "start_year": p.start_year, "end_year": p.end_year, "carried_over": p.carried_over,
        "state": p.state, "state_label": p.get_state_display(),
        "total_estimate": p.total_estimate, "total_approved": p.total_approved,
        "total_allocated": p.total_allocated, "total_disbursed": p.total_disbursed,
        "total_settled": p.total_settled,
        "version": p.version, "updated_at": p.updated_at,
    }


def project_body(user, p: Project) -> dict:
    """Detail fields of a project fetched with selectors.project_detail (all prefetched)."""
    body = project_item(p)
    body.update({
        "objectives": p.objectives, "scope": p.scope, "lead_unit": _unit(p.lead_unit),
        "coordinating_units": [_unit(u) for u in p.coordinating_units.all()],
        "funding_sources": [_ref(s) for s in p.funding_sources.all()],
        "capabilities": [_ref(c) for c in p.capabilities.all()],
        "data_entities": [_ref(d) for d in p.data_entities.all()],
        "documents": [
            {"id": d.pk, "number": d.number, "issued_on": d.issued_on, "issuer": d.issuer,
             "doc_type": d.doc_type, "title": d.title}
            for d in p.documents.all() if not d.is_removed
        ],
        "events": [
            {"id": e.pk, "kind": e.kind, "from_state": e.from_state, "to_state": e.to_state,
             "occurred_on": e.occurred_on, "decision_number": e.decision_number, "decision_date": e.decision_date,
             "reason": e.reason, "actor": e.actor.username if e.actor_id else None,
             "checked_by": e.checked_by.username if e.checked_by_id else None}
            for e in p.events.all()
        ],
        "budget_entries": [
            {"id": b.pk, "year": b.year, "funding_source": b.funding_source.code, "stage": b.stage,
             "amount": b.amount, "decision_number": b.decision_number, "decision_date": b.decision_date,
             "is_rebaseline": b.is_rebaseline, "voided": b.voided, "superseded": b.superseded_by_id is not None}
            for b in p.budget_entries.all()
        ],
        "allowed_actions": [
            {"action": r.action, "label": r.label, "needs_decision": r.needs_decision,
             "needs_reason": r.needs_reason, "checker": r.checker}
            for r in lifecycle.rules_from(p.state) if can_transition(user, p, r)
        ],
    })
    return body


def _detail(user, pk) -> dict:
    return project_body(user, selectors.project_detail(user, pk))


def _project_for(user, pk) -> Project:
    if not 1 <= pk <= MAX_ID:
        raise Http404(NOT_FOUND)
    return get_project_for(user, pk, queryset=Project.objects.select_related(
        "investor_unit", "lead_unit", "programme", "regime"))


# ------------------------------------------------------------------ input ----

def _coordinating_units(user):
    """Units that may be named as coordinators: the caller's whole tree, as in the web form
    (a Sở coordinates with other Sở of its province) — never another tree."""
    scope = access.scope_for(user)
    if scope.everything:
        return Unit.objects.all()
    if not user.unit_id:
        return access.scope_units(user)
    root = user.unit.tree_prefix
    return Unit.objects.filter(path__startswith=root)


def _ids(values) -> list[int]:
    seen = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


def _resolve_many(ids, allowed_qs, field, errors, label):
    ids = _ids(ids)
    valid = [i for i in ids if 1 <= i <= MAX_ID]
    found = {o.pk: o for o in allowed_qs.filter(pk__in=valid)} if valid else {}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        errors[field] = [f"Không tìm thấy {label} có id: {', '.join(missing)}."]
        return []
    return [found[i] for i in ids]


def resolve_fields(user, raw: dict, project: Project | None = None) -> dict:  # noqa: C901
    """Turn the JSON fields that were sent into the dict the services take (ids → objects).

    Ids the caller may not use answer exactly like ids that do not exist, so the API never
    reveals units outside the caller's scope.
    """
    errors: dict[str, list[str]] = {}
    data: dict = {}

    if "name" in raw:
        data["name"] = raw["name"] or ""
    for field, noun in TEXT_NOUNS.items():
        if field in raw:
            value = raw[field] or ""
            if len(value) > TEXT_LIMIT:
                errors[field] = [too_long_message(noun, TEXT_LIMIT)]
            data[field] = value
    if "kind" in raw:
        data["kind"] = raw["kind"] or ""
    if "group" in raw:
        if raw["group"] not in Group.values:
            errors["group"] = [GROUP_INVALID]
        data["group"] = raw["group"]

    # Legal regime: by id (or code) in ``regime``, or by code in ``regime_code``.
    regimes = {}
    for key in ("regime", "regime_code"):
        if key not in raw:
            continue
        value = raw[key]
        if value is None or value == "":
            regimes[key] = None
            continue
        if isinstance(value, int):
            found = LegalRegime.objects.filter(pk=value).first() if 1 <= value <= MAX_ID else None
        else:
            found = LegalRegime.objects.filter(code=str(value).strip()).first()
        if found is None:
            errors[key] = ["Chế độ pháp lý không tồn tại."]
        regimes[key] = found
    if regimes:
        chosen = [r for r in regimes.values() if r is not None]
        if len({r.pk for r in chosen}) > 1:
            errors["regime_code"] = ["regime và regime_code không cùng chỉ một chế độ pháp lý."]
        data["regime"] = chosen[0] if chosen else None

    if "programme" in raw:
        pk = raw["programme"]
        if pk is None:
            data["programme"] = None
        else:
            allowed = Q(is_active=True) | Q(pk=project.programme_id if project else None)
            found = Programme.objects.filter(allowed, pk=pk).first() if 1 <= pk <= MAX_ID else None
            if found is None:
                errors["programme"] = ["Chương trình, kế hoạch không tồn tại hoặc đã ngừng sử dụng."]
            data["programme"] = found

    for field in ("investor_unit", "lead_unit"):
        if field not in raw:
            continue
        pk = raw[field]
        if pk is None:
            data[field] = None
            continue
        current = getattr(project, f"{field}_id") if project else None
        if pk == current:
            data[field] = getattr(project, field)  # keeping a unit is always fine (it may have merged)
            continue
        unit = access.scope_units(user).filter(pk=pk).first() if 1 <= pk <= MAX_ID else None
        if unit is None:
            errors[field] = [UNIT_OUT_OF_SCOPE]
        data[field] = unit

    if raw.get("coordinating_units") is not None:
        allowed = _coordinating_units(user)
        if project is not None:
            allowed = Unit.objects.filter(
                Q(pk__in=allowed.values("pk")) | Q(pk__in=project.coordinating_units.values("pk")))
        ids = _ids(raw["coordinating_units"])
        valid = [i for i in ids if 1 <= i <= MAX_ID]
        found = {u.pk: u for u in allowed.filter(pk__in=valid)} if valid else {}
        if len(found) != len(ids):
            errors["coordinating_units"] = [UNIT_OUT_OF_SCOPE]
        data["coordinating_units"] = [found[i] for i in ids if i in found]

    for field, model, label in (
        ("funding_sources", FundingSource, "nguồn vốn"),
        ("capabilities", Capability, "năng lực nghiệp vụ"),
        ("data_entities", DataEntity, "thực thể dữ liệu"),
    ):
        if raw.get(field) is None:
            continue
        allowed = Q(is_active=True)
        if project is not None:
            allowed |= Q(pk__in=getattr(project, field).values("pk"))
        data[field] = _resolve_many(raw[field], model.objects.filter(allowed), field, errors, label)

    if "start_year" in raw:
        data["start_year"] = raw["start_year"]
    if "end_year" in raw:
        end = raw["end_year"]
        if end is not None and not MIN_YEAR <= end <= MAX_YEAR:
            errors["end_year"] = [f"Năm kết thúc phải trong khoảng {MIN_YEAR}–{MAX_YEAR}."]
        data["end_year"] = end
    if "carried_over" in raw:
        data["carried_over"] = bool(raw["carried_over"])

    if errors:
        raise ServiceError(errors)
    return data


# -------------------------------------------------------------- endpoints ----

@router.get("", response={200: ProjectListOut, **_errors(400, 401, 422)}, summary="Danh sách nhiệm vụ/dự án",
            description="Chỉ gồm bản ghi trong phạm vi của người gọi. Số truy vấn không phụ thuộc `limit`.")
def list_projects(request, params: Query[ProjectListParams]):
    query = {k: v for k, v in params.model_dump().items() if k not in ("limit", "offset") and v not in (None, "")}
    # The list page's filter: the same parameters, rows and order, and its messages for a wrong choice.
    filterset = ProjectFilterSet.for_user(query, request.auth)
    if filterset.errors:
        raise ServiceError({field: list(messages) for field, messages in filterset.errors.items()})
    # The long texts are not part of a list item; leave them in the database.
    qs = filterset.qs.defer("search_text", "objectives", "scope")
    count = qs.count()
    page = list(qs[params.offset:params.offset + params.limit])
    return {"items": [project_item(p) for p in page], "count": count}


@router.get("/{project_id}", response={200: ProjectDetailOut, **_errors(401, 404, 422)},
            summary="Chi tiết nhiệm vụ/dự án",
            description="Gồm văn bản, dòng thời gian, sổ ngân sách và `allowed_actions` — các thao tác chuyển "
                        "trạng thái người gọi được làm lúc này.")
def get_project(request, project_id: int):
    if not 1 <= project_id <= MAX_ID:
        raise Http404(NOT_FOUND)
    return _detail(request.auth, project_id)


@router.post("", response={201: ProjectDetailOut, **_errors(400, 401, 403, 422)},
             summary="Đăng ký nhiệm vụ/dự án",
             description="Khóa ngoại gửi bằng id; chế độ pháp lý gửi bằng id (`regime`) hoặc mã (`regime_code`, "
                         "ví dụ \"ND73_2019\"). Đơn vị phải thuộc phạm vi của người gọi.")
def create_project(request, payload: ProjectCreateIn):
    user = request.auth
    if not can_create_projects(user):
        raise PermissionDenied("Bạn không có quyền đăng ký nhiệm vụ/dự án.")
    data = resolve_fields(user, payload.model_dump(exclude_unset=True))
    data.setdefault("group", Group.NONE)
    project = services.create_project(user, data)
    return Status(201, _detail(user, project.pk))


@router.patch("/{project_id}", response={200: ProjectDetailOut, **_errors(400, 401, 403, 404, 409, 422)},
              summary="Sửa nhiệm vụ/dự án (một phần)",
              description="Chỉ các trường gửi lên được sửa. Bắt buộc gửi `version` đã đọc; nếu người khác đã sửa "
                          "trong lúc đó thì trả 409 và không ghi gì.")
def update_project(request, project_id: int, payload: ProjectPatchIn):
    user = request.auth
    project = _project_for(user, project_id)
    ensure_can_edit_project(user, project)
    raw = payload.model_dump(exclude_unset=True)
    version = raw.pop("version")
    data = resolve_fields(user, raw, project)
    services.update_project(user, project, data, expected_version=version)
    return Status(200, _detail(user, project.pk))


@router.post("/{project_id}/transition", response={200: ProjectDetailOut, **_errors(400, 401, 403, 404, 409, 422)},
             summary="Chuyển trạng thái",
             description="Thao tác theo bảng vòng đời (xem `allowed_actions` của chi tiết). Thiếu số/ngày quyết định "
                         "hoặc lý do khi bước đó cần → 400. Không có quyền → 403. Người lập hoặc người thực hiện "
                         "bước trước làm bước kiểm tra, phê duyệt (nguyên tắc người lập ≠ người kiểm tra) → 403. "
                         "`version` lệch → 409.")
def transition_project(request, project_id: int, payload: TransitionIn):
    user = request.auth
    project = _project_for(user, project_id)
    rule = lifecycle.BY_ACTION.get(payload.action)
    if rule is None:
        raise ServiceError({"action": ["Thao tác không hợp lệ."]})
    if not can_transition(user, project, rule):
        raise PermissionDenied(f"Bạn không có quyền “{rule.label}” nhiệm vụ/dự án này.")
    decision_number, reason = (payload.decision_number or "").strip(), payload.reason or ""
    if len(decision_number) > DECISION_NUMBER_LIMIT:
        raise ServiceError({"decision_number": [DECISION_NUMBER_TOO_LONG]})
    try:
        services.transition(
            user, project, rule.action, decision_number=decision_number,
            decision_date=payload.decision_date, reason=reason, expected_version=payload.version,
        )
    except (ConflictError, MakerCheckerError):
        raise
    except ServiceError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ServiceError({"action": exc.messages}) from exc
    return Status(200, _detail(user, project.pk))
