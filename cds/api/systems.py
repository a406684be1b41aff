"""/api/v1/systems and /api/v1/integrations — the systems map, read-only.

The same rules as the pages: rows come from the scoped selectors (a unit sees its own systems,
the core systems of its province and the national platforms; the province-wide roles their
tree), a system outside the caller's scope answers 404 like a missing one, an integration is
listed only when the caller may read both of its ends, and the list filters are the list page's
(:class:`cds.systems.filters.SystemFilterSet`), so a wrong value gets the page's Vietnamese
message with a 400. Each endpoint costs a fixed number of queries whatever the page size.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from django.db.models import Q
from django.http import Http404
from ninja import Field, Query, Router, Schema

from cds.core.errors import ServiceError
from cds.core.forms import MAX_SEARCH
from cds.systems import selectors
from cds.systems.filters import SystemFilterSet
from cds.systems.models import InformationSystem, Integration, IntegrationStatus, Mechanism
from cds.systems.permissions import get_system_for

from .schemas import ErrorOut, ValidationErrorOut

router = Router()
integrations_router = Router()

NOT_FOUND = "Không tìm thấy hệ thống thông tin."
MAX_ID = 2**31 - 1
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


# ----------------------------------------------------------------- shapes ----

class Ref(Schema):
    id: int
    code: str
    name: str


class SystemItemOut(Schema):
    id: int
    code: str
    name: str
    owner_unit: Optional[Ref] = Field(None, description="Đơn vị chủ quản (trống với nền tảng quốc gia).")
    category: str = Field(..., description="national, core, sector, unit, common")
    category_label: str
    lifecycle: str = Field(..., description="plan, build, operate, phase_out, retired")
    lifecycle_label: str
    core_system_id: Optional[int] = Field(None, description="Hệ thống lõi mà hệ thống này phát triển từ đó.")
    integrations_count: int = Field(..., description="Số kết nối mà người gọi được xem cả hai đầu.")
    findings: list[str] = Field(..., description="Các phát hiện (mỗi phát hiện nêu lý do).")


class SystemListOut(Schema):
    items: list[SystemItemOut]
    count: int = Field(..., description="Tổng số hệ thống khớp bộ lọc (không phụ thuộc limit/offset).")


class IntegrationOut(Schema):
    id: int
    source: Ref
    target: Ref
    both_ways: bool
    mechanism: str = Field(..., description="hub (qua LGSP/NDXP), direct (điểm – điểm), file")
    status: str = Field(..., description="planned, active, suspended, ended")
    since: Optional[dt.date]
    entities: list[Ref]
    version: int


class IntegrationListOut(Schema):
    items: list[IntegrationOut]
    count: int


class HoldingOut(Schema):
    entity: Ref
    role: str = Field(..., description="master (hệ thống chủ), copy (bản sao đồng bộ), local (tự thu thập)")
    sharing: str = Field(..., description="open, default, conditional; trống nếu không phải hệ thống chủ")
    database_name: str


class CostOut(Schema):
    year: int
    operating_cost: int = Field(..., description="Đồng.")
    development_cost: int = Field(..., description="Đồng.")


class ProjectLinkOut(Schema):
    id: int
    code: str
    name: str
    role: str = Field(..., description="build, upgrade, integrate, migrate, retire")


class CompletenessOut(Schema):
    percent: int
    missing: list[str]


class SealOut(Schema):
    state: str = Field(..., description="valid, broken, expired, none")
    text: str
    attested_at: Optional[dt.datetime]


class SystemDetailOut(SystemItemOut):
    aliases: list[str]
    description: str
    is_hub: bool
    operating_unit: Optional[Ref]
    operator: str
    user_groups: str
    user_count: Optional[int]
    planned_on: Optional[dt.date]
    build_on: Optional[dt.date]
    operate_on: Optional[dt.date]
    phase_out_on: Optional[dt.date]
    retired_on: Optional[dt.date]
    criticality: str
    functional_fit: Optional[int] = Field(None, description="1–4")
    technical_fit: Optional[int] = Field(None, description="1–4")
    hosting: str
    security_level: Optional[int] = Field(None, description="Cấp độ an toàn thông tin 1–5.")
    security_decision: str
    vendor: str
    contract: str
    version: int
    integrations: list[IntegrationOut]
    data: list[HoldingOut]
    costs: list[CostOut]
    projects: list[ProjectLinkOut] = Field(..., description="Dự án người gọi được xem.")
    completeness: Optional[CompletenessOut] = Field(None, description="Trống với nền tảng quốc gia.")
    seal: SealOut


class SystemListParams(Schema):
    q: str = Field("", description="Tìm không dấu theo tên, tên gọi khác, mã.")
    loai: str = Field("", description="Loại: national, core, sector, unit, common.")
    vong_doi: str = Field("", description="Vòng đời: plan, build, operate, phase_out, retired.")
    don_vi: str = Field("", description="Id đơn vị chủ quản (gồm đơn vị cấp dưới).")
    du_lieu: str = Field("", description="Id dữ liệu (thực thể) hệ thống nắm giữ.")
    loi: str = Field("", description="Id hệ thống lõi: nó và các hệ thống phát triển từ nó.")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


class IntegrationListParams(Schema):
    system: str = Field("", description="Id hệ thống ở một trong hai đầu.")
    mechanism: str = Field("", description="hub, direct, file")
    status: str = Field("", description="planned, active, suspended, ended")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


# ----------------------------------------------------------------- output ----

def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "code": obj.code, "name": obj.name}


def _link(i: Integration) -> dict:
    return {"id": i.pk, "source": _ref(i.source), "target": _ref(i.target), "both_ways": i.both_ways,
            "mechanism": i.mechanism, "status": i.status, "since": i.since,
            "entities": [_ref(e) for e in i.entities.all()], "version": i.version}


def _item(s: InformationSystem, links: int, findings: list) -> dict:
    return {"id": s.pk, "code": s.code, "name": s.name, "owner_unit": _ref(s.owner_unit), "category": s.category,
            "category_label": s.get_category_display(), "lifecycle": s.lifecycle,
            "lifecycle_label": s.get_lifecycle_display(), "core_system_id": s.core_system_id,
            "integrations_count": links, "findings": [f.text for f in findings]}




def _check_lengths(values: dict) -> None:
    errors = {k: [f"Quá dài (tối đa {MAX_SEARCH} ký tự)."] for k, v in values.items() if len(v) > MAX_SEARCH}
    if errors:
        raise ServiceError(errors)


def _id(value: str, field: str, label: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise ServiceError({field: [f"{label} phải là một id (số nguyên dương)."]})
    return int(value)


# ------------------------------------------------------------------ routes ----

@router.get("", response={200: SystemListOut, **ERRORS}, summary="Danh sách hệ thống thông tin",
            description="Chỉ gồm hệ thống trong phạm vi của người gọi; bộ lọc như trang danh sách. "
                        "Số truy vấn không phụ thuộc `limit`.")
def list_systems(request, params: Query[SystemListParams]):
    user = request.auth
    query = {k: v.strip() for k, v in params.model_dump().items() if k not in ("limit", "offset") and v.strip()}
    _check_lengths(query)
    filterset = SystemFilterSet.for_user(query, user)
    if not filterset.is_valid():
        raise ServiceError({field: list(messages) for field, messages in filterset.errors.items()})
    qs = filterset.qs.select_related("owner_unit").defer("search_text", "description").order_by(
        "category", "name", "pk")
    count = qs.count()
    page = list(qs[params.offset:params.offset + params.limit])
    ids = [s.pk for s in page]
    links = selectors.visible_link_counts(ids, selectors.visible_ids(user))
    findings = selectors.findings_for(user, ids) if ids else {}
    return {"items": [_item(s, links[s.pk], findings.get(s.pk, [])) for s in page], "count": count}


@router.get("/{system_id}", response={200: SystemDetailOut, **ERRORS}, summary="Chi tiết hệ thống thông tin",
            description="Gồm kết nối (chỉ những kết nối người gọi được xem cả hai đầu), dữ liệu nắm giữ, chi phí "
                        "hằng năm, dự án, mức đầy đủ hồ sơ và dấu xác nhận.")
def get_system(request, system_id: int):
    user = request.auth
    if not 1 <= system_id <= MAX_ID:
        raise Http404(NOT_FOUND)
    system = get_system_for(user, system_id, queryset=selectors.system_queryset())
    d = selectors.detail(user, system)
    body = _item(system, len(d["integrations"]), d["findings"])
    state, text = system.seal_state()
    score = d["completeness"]
    body.update({
        "aliases": system.alias_list, "description": system.description, "is_hub": system.is_hub,
        "operating_unit": _ref(system.operating_unit), "operator": system.operator,
        "user_groups": system.user_groups, "user_count": system.user_count,
        **{f: getattr(system, f) for f in ("planned_on", "build_on", "operate_on", "phase_out_on", "retired_on")},
        "criticality": system.criticality, "functional_fit": system.functional_fit,
        "technical_fit": system.technical_fit, "hosting": system.hosting, "security_level": system.security_level,
        "security_decision": system.security_decision, "vendor": system.vendor, "contract": system.contract,
        "version": system.version,
        "integrations": [_link(i) for i in d["integrations"]],
        "data": [{"entity": _ref(h.entity), "role": h.role, "sharing": h.sharing, "database_name": h.database_name}
                 for h in d["holdings"]],
        "costs": [{"year": c.year, "operating_cost": c.operating_cost, "development_cost": c.development_cost}
                  for c in d["costs"]],
        "projects": [{"id": link.project.pk, "code": link.project.code, "name": link.project.name, "role": link.role}
                     for link in d["links"]],
        "completeness": None if score is None else {"percent": score.percent, "missing": list(score.missing)},
        "seal": {"state": state, "text": text, "attested_at": system.attested_at},
    })
    return body


def _choice_error(label: str, choices) -> str:
    return f"{label} không hợp lệ; dùng một trong: {', '.join(choices.values)}."


@integrations_router.get("", response={200: IntegrationListOut, **ERRORS}, summary="Danh sách kết nối, tích hợp",
                         description="Chỉ gồm kết nối mà người gọi được xem cả hai đầu. Lọc theo hệ thống (một "
                                     "trong hai đầu), phương thức, tình trạng.")
def list_integrations(request, params: Query[IntegrationListParams]):
    user = request.auth
    _check_lengths({"system": params.system, "mechanism": params.mechanism, "status": params.status})
    system_id = _id(params.system, "system", "Hệ thống")
    mechanism, status = params.mechanism.strip(), params.status.strip()
    errors = {}
    if mechanism and mechanism not in Mechanism.values:
        errors["mechanism"] = [_choice_error("Phương thức", Mechanism)]
    if status and status not in IntegrationStatus.values:
        errors["status"] = [_choice_error("Tình trạng", IntegrationStatus)]
    if errors:
        raise ServiceError(errors)
    qs = Integration.objects.all()
    if system_id is not None:
        get_system_for(user, system_id)
        qs = qs.filter(Q(source_id=system_id) | Q(target_id=system_id))
    if mechanism:
        qs = qs.filter(mechanism=mechanism)
    if status:
        qs = qs.filter(status=status)
    qs = qs.order_by("source__name", "target__name", "pk")
    visible = selectors.visible_ids(user)
    if visible is None:
        count = qs.count()
        page_ids = list(qs.values_list("pk", flat=True)[params.offset:params.offset + params.limit])
    else:
        shown = [pk for pk, a, b in qs.values_list("pk", "source_id", "target_id") if a in visible and b in visible]
        count = len(shown)
        page_ids = shown[params.offset:params.offset + params.limit]
    place = {pk: i for i, pk in enumerate(page_ids)}
    page = sorted(Integration.objects.filter(pk__in=page_ids).select_related("source", "target")
                  .prefetch_related("entities"), key=lambda i: place[i.pk])
    return {"items": [_link(i) for i in page], "count": count}
