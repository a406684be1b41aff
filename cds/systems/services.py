"""Writes to the systems map. Each function: one transaction, the acting user explicit, the
permission check, the Vietnamese refusal, an audit event. Pages, the import and the API all call
these, so a rule holds at every entry point.

The quality seal: every write to a system's record — its fields, its projects, costs, data,
integrations, equipment — by someone other than the person who attested it breaks the seal
(:func:`_touch`); the attester's own edits keep it.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from cds.audit.services import record_event
from cds.catalog.models import Capability, DataEntity
from cds.core.errors import ConflictError, ServiceError
from cds.core.validation import MAX_AMOUNT, clean_text, missing_message, parse_date
from cds.orgs.models import Unit
from cds.projects.permissions import scope_projects
from cds.text.normalize import search_document

from .models import (
    LIFECYCLE_DATES,
    SHARED_CATEGORIES,
    Category,
    Criticality,
    DataHolding,
    Equipment,
    EquipmentStatus,
    HoldingRole,
    Hosting,
    InformationSystem,
    Integration,
    IntegrationStatus,
    Lifecycle,
    Mechanism,
    ProjectRole,
    SharingClass,
    SystemCost,
    SystemProject,
)
from .permissions import (
    can_attest,
    can_create_system_for,
    can_edit_system,
    can_report_equipment,
    scope_systems,
)

TEXT_FIELDS = {  # field → (label, limit, required, multiline)
    "code": ("mã hệ thống", 40, False, False),
    "name": ("tên hệ thống", 255, True, False),
    "aliases": ("tên gọi khác", 2000, False, True),
    "description": ("mô tả, chức năng", 5000, False, True),
    "operator": ("cơ quan chủ quản, vận hành", 255, False, False),
    "user_groups": ("nhóm người dùng", 500, False, False),
    "security_decision": ("quyết định phê duyệt cấp độ", 120, False, False),
    "vendor": ("nhà cung cấp", 255, False, False),
    "contract": ("hợp đồng", 255, False, False),
    "citation": ("căn cứ", 500, False, False),
}
CHOICE_FIELDS = {"category": ("loại hệ thống", Category, True), "lifecycle": ("vòng đời", Lifecycle, True),
                 "criticality": ("mức độ quan trọng", Criticality, False), "hosting": ("nơi đặt hệ thống", Hosting, False)}
INT_FIELDS = {"user_count": ("số người dùng", 0, 200_000_000), "functional_fit": ("phù hợp nghiệp vụ", 1, 4),
              "technical_fit": ("phù hợp kỹ thuật", 1, 4), "security_level": ("cấp độ an toàn thông tin", 1, 5)}
DATE_FIELDS = {"planned_on": "ngày đưa vào kế hoạch", "build_on": "ngày bắt đầu triển khai",
               "operate_on": "ngày đưa vào vận hành", "phase_out_on": "ngày bắt đầu thu hẹp",
               "retired_on": "ngày ngừng", "security_decision_on": "ngày phê duyệt cấp độ"}
UNIT_FIELDS = ("owner_unit", "operating_unit")
SYSTEM_FIELDS = (*TEXT_FIELDS, *CHOICE_FIELDS, *INT_FIELDS, *DATE_FIELDS, *UNIT_FIELDS, "core_system", "is_hub",
                 "capabilities")
FIELD_LABELS = {**{f: v[0] for f, v in TEXT_FIELDS.items()}, **{f: v[0] for f, v in CHOICE_FIELDS.items()},
                **{f: v[0] for f, v in INT_FIELDS.items()}, **DATE_FIELDS, "owner_unit": "đơn vị chủ quản",
                "operating_unit": "đơn vị vận hành", "core_system": "hệ thống lõi", "is_hub": "là nền tảng tích hợp",
                "capabilities": "năng lực cung cấp"}
MAX_HOLDINGS_NOTE = 500


# ------------------------------------------------------------------ helpers

def _int(value, label: str, lo: int, hi: int) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ServiceError(f"{label.capitalize()} phải là số nguyên.")
    if isinstance(value, str):
        value = value.strip()
        if not value.isascii() or not value.isdigit() or len(value) > 12:
            raise ServiceError(f"{label.capitalize()} phải là số nguyên từ {lo} đến {hi}.")
        value = int(value)
    if not isinstance(value, int) or not lo <= value <= hi:
        raise ServiceError(f"{label.capitalize()} phải là số nguyên từ {lo} đến {hi}.")
    return value


def _choice(value, label: str, choices, required: bool) -> str:
    value = "" if value is None else str(value).strip()
    if not value:
        if required:
            raise ServiceError(missing_message(label))
        return ""
    if value not in choices.values:
        raise ServiceError(f"{label.capitalize()} không hợp lệ; chọn một trong: "
                           f"{', '.join(str(c) for c in choices.labels)}.")
    return value


def _money(value, label: str) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AMOUNT:
        raise ServiceError(f"{label.capitalize()} phải là số nguyên đồng, không âm.")
    return value


def _bump(model, obj, expected_version) -> None:
    """Optimistic check: nothing is written when someone saved in between."""
    if expected_version is None:
        raise ServiceError("Thiếu phiên bản của bản ghi đang sửa; hãy tải lại trang.")
    if not model.objects.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1):
        raise ConflictError()
    obj.version = expected_version + 1


def _touch(actor, system: InformationSystem) -> bool:
    """Break the seal when ``actor`` is not its attester; True when it broke."""
    if system.attested_at is None or system.attested_by_id == actor.pk:
        return False
    InformationSystem.objects.filter(pk=system.pk).update(
        attested_by=None, attested_at=None, seal_broken_by=actor, seal_broken_at=timezone.now())
    system.attested_by = system.attested_at = None
    system.seal_broken_by, system.seal_broken_at = actor, timezone.now()
    return True


def _require_edit(actor, system) -> None:
    if not can_edit_system(actor, system):
        raise PermissionDenied("Bạn không có quyền sửa hệ thống này.")


def next_code() -> str:
    last = InformationSystem.objects.aggregate(m=Max("id"))["m"] or 0
    n = last + 1
    while InformationSystem.objects.filter(code=f"HT{n:05d}").exists():
        n += 1
    return f"HT{n:05d}"


def refresh_search_text(system: InformationSystem) -> None:
    system.search_text = search_document(system.code, system.name, system.aliases)


def _typed(data: dict, system: InformationSystem | None) -> dict:
    """The typed values of the fields present in ``data`` (all of them on create)."""
    out: dict = {}
    for f, (label, limit, required, multiline) in TEXT_FIELDS.items():
        if f in data or system is None:
            out[f] = clean_text(data.get(f), label, required=required, limit=limit, multiline=multiline)
    for f, (label, choices, required) in CHOICE_FIELDS.items():
        if f in data or system is None:
            out[f] = _choice(data.get(f, Lifecycle.OPERATE if f == "lifecycle" else None), label, choices, required)
    for f, (label, lo, hi) in INT_FIELDS.items():
        if f in data:
            out[f] = _int(data[f], label, lo, hi)
    for f, label in DATE_FIELDS.items():
        if f in data:
            out[f] = parse_date(data[f], label)
    for f in UNIT_FIELDS:
        if f in data:
            unit = data[f]
            if unit is not None and not isinstance(unit, Unit):
                raise ServiceError(f"{FIELD_LABELS[f].capitalize()} không hợp lệ.")
            out[f] = unit
    if "is_hub" in data:
        out["is_hub"] = bool(data["is_hub"])
    if "capabilities" in data:
        caps = list(data["capabilities"] or [])
        if any(not isinstance(c, Capability) for c in caps):
            raise ServiceError("Năng lực cung cấp không hợp lệ.")
        out["capabilities"] = caps
    return out


def _validate(actor, data: dict, system: InformationSystem | None) -> dict:
    """The typed values, checked against each other and against what ``actor`` may reach."""
    out = _typed(data, system)
    _check_units(actor, out, system)
    if "core_system" in data:
        out["core_system"] = _check_core(actor, data["core_system"], out, system)
    if out.get("code"):
        clash = InformationSystem.objects.filter(code=out["code"])
        if system is not None:
            clash = clash.exclude(pk=system.pk)
        if clash.exists():
            raise ServiceError(f"Mã hệ thống {out['code']} đã được dùng cho hệ thống khác.")
    return out


def _owner(out: dict, system):
    return out["owner_unit"] if "owner_unit" in out else (system.owner_unit if system else None)


def _check_units(actor, out: dict, system) -> None:
    category = out.get("category", system.category if system else "")
    owner = _owner(out, system)
    if category in SHARED_CATEGORIES:
        if owner is not None:
            raise ServiceError("Nền tảng quốc gia, phần mềm phổ biến không thuộc đơn vị nào của tỉnh; "
                               "để trống đơn vị chủ quản, ghi cơ quan chủ quản vào ô cơ quan vận hành.")
    elif owner is None:
        raise ServiceError(missing_message("đơn vị chủ quản"))
    elif owner != (system.owner_unit if system else None) or system is None:
        if not can_create_system_for(actor, owner):
            raise ServiceError("Đơn vị chủ quản phải là đơn vị bạn được quản lý.")
    operating = out.get("operating_unit")
    if operating is not None and owner is not None and operating.root_pk != owner.root_pk:
        raise ServiceError("Đơn vị vận hành phải thuộc cùng tỉnh/bộ với đơn vị chủ quản.")


def _check_core(actor, core, out: dict, system):
    owner = _owner(out, system)
    if core is None:
        return None
    if not isinstance(core, InformationSystem) or not scope_systems(actor).filter(pk=core.pk).exists():
        raise ServiceError("Không tìm thấy hệ thống lõi đã chọn.")
    if system is not None and core.pk == system.pk:
        raise ServiceError("Một hệ thống không thể phát triển từ chính nó.")
    if core.category not in (Category.CORE, Category.NATIONAL, Category.COMMON):
        raise ServiceError("Hệ thống lõi phải là hệ thống lõi, dùng chung của tỉnh/bộ hoặc nền tảng quốc gia.")
    if core.root_unit_id is not None and owner is not None and core.root_unit_id != owner.root_pk:
        raise ServiceError("Hệ thống lõi phải thuộc cùng tỉnh/bộ.")
    return core


def _apply(system: InformationSystem, values: dict) -> list[str]:
    """Set ``values``; returns the labels of the fields that changed (m2m included)."""
    changed = []
    for f, v in values.items():
        if f == "capabilities":
            continue
        if getattr(system, f) != v:
            changed.append(FIELD_LABELS[f])
            setattr(system, f, v)
    if system.owner_unit_id:
        system.root_unit_id = system.owner_unit.root_pk
    elif system.category in SHARED_CATEGORIES:
        system.root_unit = None
    date_field = LIFECYCLE_DATES[system.lifecycle]
    if getattr(system, date_field) is None and FIELD_LABELS["lifecycle"] in changed:
        setattr(system, date_field, timezone.localdate())
    return changed


def _save(actor, system: InformationSystem, values: dict) -> list[str]:
    """Save fields and capabilities as one history record."""
    changed = _apply(system, values)
    refresh_search_text(system)
    system._history_user = actor
    system.skip_history_when_saving = True
    try:
        system.save()
        if "capabilities" in values:
            before = set(system.capabilities.values_list("pk", flat=True))
            after = {c.pk for c in values["capabilities"]}
            if before != after:
                system.capabilities.set(values["capabilities"])
                changed.append(FIELD_LABELS["capabilities"])
    finally:
        del system.skip_history_when_saving
    system.save()
    return changed


# ------------------------------------------------------------------ systems

@transaction.atomic
def create_system(actor, data: dict) -> InformationSystem:
    values = _validate(actor, data, None)
    if values.get("owner_unit") is None and not can_create_system_for(actor, None):
        raise PermissionDenied("Chỉ quản trị viên khai báo nền tảng quốc gia, phần mềm phổ biến.")
    system = InformationSystem(created_by=actor)
    values["code"] = values.get("code") or next_code()
    _save(actor, system, values)
    system.history.filter(pk=system.history.latest().pk).update(history_type="+")
    record_event(actor, "system.created", system, data={"code": system.code, "name": system.name})
    return system


@transaction.atomic
def update_system(actor, system: InformationSystem, data: dict, *, expected_version) -> InformationSystem:
    _require_edit(actor, system)
    values = _validate(actor, {k: v for k, v in data.items() if k in SYSTEM_FIELDS}, system)
    if "code" in values and not values["code"]:
        values.pop("code")
    _bump(InformationSystem, system, expected_version)
    changed = _save(actor, system, values)
    broke = _touch(actor, system) if changed else False
    record_event(actor, "system.updated", system, data={"fields": changed, "seal_broken": broke})
    return system


@transaction.atomic
def attest(actor, system: InformationSystem, *, expected_version) -> InformationSystem:
    """The owner unit's head confirms the record as it stands (version ``expected_version``)."""
    if not can_attest(actor, system):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị chủ quản xác nhận hồ sơ hệ thống.")
    if system.version != expected_version:
        raise ConflictError()
    now = timezone.now()
    InformationSystem.objects.filter(pk=system.pk).update(attested_by=actor, attested_at=now,
                                                          seal_broken_by=None, seal_broken_at=None)
    system.attested_by, system.attested_at, system.seal_broken_by, system.seal_broken_at = actor, now, None, None
    record_event(actor, "system.attested", system, data={"version": system.version})
    return system


# ------------------------------------------------------------------ projects

@transaction.atomic
def link_project(actor, system: InformationSystem, project, role: str, note: str = "") -> SystemProject:
    _require_edit(actor, system)
    role = _choice(role, "vai trò của dự án", ProjectRole, True)
    if project is None or not scope_projects(actor).filter(pk=project.pk).exists():
        raise ServiceError("Không tìm thấy nhiệm vụ/dự án đã chọn.")
    if system.root_unit_id is not None and project.investor_unit.root_pk != system.root_unit_id:
        raise ServiceError("Dự án và hệ thống phải thuộc cùng tỉnh/bộ.")
    note = clean_text(note, "ghi chú", required=False, limit=500)
    if SystemProject.objects.filter(system=system, project=project, role=role).exists():
        raise ServiceError("Dự án đã được gắn với hệ thống theo vai trò này.")
    link = SystemProject(system=system, project=project, role=role, note=note, created_by=actor)
    link._history_user = actor
    link.save()
    _touch(actor, system)
    record_event(actor, "system.project_linked", system, data={"project": project.code, "role": role})
    return link


@transaction.atomic
def unlink_project(actor, link: SystemProject) -> None:
    system = link.system
    _require_edit(actor, system)
    link._history_user = actor
    data = {"project": link.project.code, "role": link.role}
    link.delete()
    _touch(actor, system)
    record_event(actor, "system.project_unlinked", system, data=data)


# ------------------------------------------------------------------ costs

@transaction.atomic
def save_cost(actor, system: InformationSystem, *, year, operating_cost, development_cost, note="") -> SystemCost:
    _require_edit(actor, system)
    this_year = timezone.localdate().year
    year = _int(year, "năm", 2000, this_year + 5)
    if year is None:
        raise ServiceError(missing_message("năm"))
    op = _money(operating_cost, "chi phí vận hành")
    dev = _money(development_cost, "chi phí phát triển")
    note = clean_text(note, "ghi chú", required=False, limit=500)
    cost = SystemCost.objects.filter(system=system, year=year).first() or SystemCost(system=system, year=year,
                                                                                      created_by=actor)
    cost.operating_cost, cost.development_cost, cost.note = op, dev, note
    cost._history_user = actor
    cost.save()
    _touch(actor, system)
    record_event(actor, "system.cost_saved", system,
                 data={"year": year, "operating_cost": op, "development_cost": dev})
    return cost


# ------------------------------------------------------------------ data holdings

@transaction.atomic
def save_holding(actor, system: InformationSystem, *, entity, role, sharing="", database_name="",
                 note="") -> DataHolding:
    _require_edit(actor, system)
    if not isinstance(entity, DataEntity):
        raise ServiceError(missing_message("thực thể dữ liệu"))
    role = _choice(role, "vai trò", HoldingRole, True)
    sharing = _choice(sharing, "phân loại chia sẻ", SharingClass, False)
    if role == HoldingRole.MASTER and not sharing and not system.is_shared:
        raise ServiceError("Hệ thống chủ của dữ liệu phải ghi phân loại chia sẻ (dữ liệu mở, dùng chung mặc định "
                           "hoặc dùng chung có điều kiện).")
    if role != HoldingRole.MASTER:
        sharing = ""
    database_name = clean_text(database_name, "tên cơ sở dữ liệu", required=False, limit=255)
    note = clean_text(note, "ghi chú", required=False, limit=MAX_HOLDINGS_NOTE)
    holding = DataHolding.objects.filter(system=system, entity=entity).first() or DataHolding(
        system=system, entity=entity, created_by=actor)
    holding.role, holding.sharing, holding.database_name, holding.note = role, sharing, database_name, note
    holding._history_user = actor
    holding.save()
    _touch(actor, system)
    record_event(actor, "system.holding_saved", system,
                 data={"entity": entity.name, "role": role, "sharing": sharing})
    return holding


@transaction.atomic
def remove_holding(actor, holding: DataHolding) -> None:
    system = holding.system
    _require_edit(actor, system)
    holding._history_user = actor
    name = holding.entity.name
    holding.delete()
    _touch(actor, system)
    record_event(actor, "system.holding_removed", system, data={"entity": name})


# ------------------------------------------------------------------ integrations

def _check_integration(actor, source, target) -> None:
    visible = scope_systems(actor)
    for end in (source, target):
        if not isinstance(end, InformationSystem) or not visible.filter(pk=end.pk).exists():
            raise ServiceError("Không tìm thấy hệ thống ở một đầu kết nối.")
    if source.pk == target.pk:
        raise ServiceError("Hai đầu kết nối phải là hai hệ thống khác nhau.")
    if not (can_edit_system(actor, source) or can_edit_system(actor, target)):
        raise PermissionDenied("Bạn chỉ khai báo kết nối của hệ thống mình quản lý.")
    roots = {s.root_unit_id for s in (source, target)} - {None}
    if len(roots) > 1:
        raise ServiceError("Kết nối giữa hai tỉnh/bộ khác nhau đi qua nền tảng quốc gia; "
                           "hãy khai báo kết nối của mỗi bên tới nền tảng đó.")


@transaction.atomic
def save_integration(actor, *, source, target, mechanism, status=IntegrationStatus.ACTIVE, both_ways=False,
                     since=None, entities=(), note="", integration: Integration | None = None,
                     expected_version=None) -> Integration:
    _check_integration(actor, source, target)
    mechanism = _choice(mechanism, "phương thức kết nối", Mechanism, True)
    status = _choice(status, "tình trạng kết nối", IntegrationStatus, True)
    since = parse_date(since, "từ ngày")
    note = clean_text(note, "ghi chú", required=False, limit=500)
    entities = list(entities or [])
    if any(not isinstance(e, DataEntity) for e in entities):
        raise ServiceError("Dữ liệu trao đổi không hợp lệ.")
    if integration is None:
        if Integration.objects.filter(source=source, target=target).exists():
            raise ServiceError(f"Đã có kết nối từ {source.name} tới {target.name}; hãy sửa kết nối đó.")
        integration = Integration(created_by=actor)
    else:
        if not (can_edit_system(actor, integration.source) or can_edit_system(actor, integration.target)):
            raise PermissionDenied("Bạn chỉ sửa kết nối của hệ thống mình quản lý.")
        _bump(Integration, integration, expected_version)
    integration.source, integration.target = source, target
    integration.mechanism, integration.status, integration.both_ways = mechanism, status, bool(both_ways)
    integration.since, integration.note = since, note
    integration._history_user = actor
    try:
        with transaction.atomic():
            integration.save()
    except IntegrityError:
        raise ServiceError(f"Đã có kết nối từ {source.name} tới {target.name}; hãy sửa kết nối đó.") from None
    integration.entities.set(entities)
    for end in (source, target):
        if can_edit_system(actor, end):
            _touch(actor, end)
    record_event(actor, "integration.saved", source, data={"source": source.code, "target": target.code,
                                                           "mechanism": mechanism, "status": status})
    return integration


@transaction.atomic
def remove_integration(actor, integration: Integration) -> None:
    source, target = integration.source, integration.target
    if not (can_edit_system(actor, source) or can_edit_system(actor, target)):
        raise PermissionDenied("Bạn chỉ xóa kết nối của hệ thống mình quản lý.")
    integration._history_user = actor
    integration.delete()
    for end in (source, target):
        if can_edit_system(actor, end):
            _touch(actor, end)
    record_event(actor, "integration.removed", source, data={"source": source.code, "target": target.code})


# ------------------------------------------------------------------ equipment

EQUIPMENT_TEXT = {"kind": ("loại thiết bị", 255, True), "model": ("chủng loại, model", 255, False),
                  "location": ("nơi lắp đặt", 255, False), "note": ("ghi chú", 500, False)}


EQUIPMENT_LABELS = {**{f: v[0] for f, v in EQUIPMENT_TEXT.items()}, "quantity": "số lượng",
                    "accepted_on": "ngày nghiệm thu", "warranty_until": "ngày hết bảo hành", "system": "hệ thống"}


def _equipment_values(actor, data: dict, project, partial: bool) -> dict:
    out = {}
    for f, (label, limit, required) in EQUIPMENT_TEXT.items():
        if f in data or not partial:
            out[f] = clean_text(data.get(f), label, required=required, limit=limit, multiline=False)
    if "quantity" in data or not partial:
        q = _int(data.get("quantity", 1), "số lượng", 1, 1_000_000)
        if q is None:
            raise ServiceError(missing_message("số lượng"))
        out["quantity"] = q
    for f, label in (("accepted_on", "ngày nghiệm thu"), ("warranty_until", "ngày hết bảo hành")):
        if f in data:
            out[f] = parse_date(data[f], label)
    if "system" in data:
        system = data["system"]
        if system is not None:
            if not isinstance(system, InformationSystem) or not scope_systems(actor).filter(pk=system.pk).exists():
                raise ServiceError("Không tìm thấy hệ thống đã chọn.")
            if system.root_unit_id not in (None, project.investor_unit.root_pk):
                raise ServiceError("Thiết bị và hệ thống phải thuộc cùng tỉnh/bộ.")
        out["system"] = system
    if out.get("accepted_on") and out.get("warranty_until") and out["warranty_until"] < out["accepted_on"]:
        raise ServiceError("Ngày hết bảo hành không được trước ngày nghiệm thu.")
    return out


@transaction.atomic
def add_equipment(actor, project, data: dict) -> Equipment:
    if project is None or not scope_projects(actor).filter(pk=project.pk).exists():
        raise ServiceError("Không tìm thấy nhiệm vụ/dự án đã chọn.")
    eq = Equipment(project=project, created_by=actor)
    values = _equipment_values(actor, data, project, partial=False)
    status = _choice(data.get("status") or EquipmentStatus.IN_USE, "tình trạng", EquipmentStatus, True)
    on = parse_date(data.get("status_on"), "ngày ghi nhận tình trạng") or timezone.localdate()
    for f, v in values.items():
        setattr(eq, f, v)
    eq.status, eq.status_on, eq.status_by = status, on, actor
    if not can_report_equipment(actor, eq):
        raise PermissionDenied("Bạn không có quyền khai báo thiết bị của dự án này.")
    eq._history_user = actor
    eq.save()
    if eq.system_id:
        _touch(actor, eq.system)
    record_event(actor, "equipment.added", eq.system or project,
                 data={"project": project.code, "kind": eq.kind, "quantity": eq.quantity})
    return eq


@transaction.atomic
def update_equipment(actor, eq: Equipment, data: dict, *, expected_version) -> Equipment:
    if not can_report_equipment(actor, eq):
        raise PermissionDenied("Bạn không có quyền sửa thiết bị này.")
    values = _equipment_values(actor, data, eq.project, partial=True)
    _bump(Equipment, eq, expected_version)
    changed = []
    for f, v in values.items():
        if getattr(eq, f) != v:
            changed.append(EQUIPMENT_LABELS[f])
            setattr(eq, f, v)
    eq._history_user = actor
    eq.save()
    if eq.system_id:
        _touch(actor, eq.system)
    record_event(actor, "equipment.updated", eq.system or eq.project, data={"fields": changed})
    return eq


@transaction.atomic
def report_equipment_status(actor, eq: Equipment, *, status, on=None, note="", expected_version) -> Equipment:
    """Record what the equipment is doing now (in use, not yet used, idle, broken, disposed),
    on which day and by whom."""
    if not can_report_equipment(actor, eq):
        raise PermissionDenied("Bạn không có quyền báo tình trạng thiết bị này.")
    status = _choice(status, "tình trạng", EquipmentStatus, True)
    on = parse_date(on, "ngày ghi nhận tình trạng") or timezone.localdate()
    if on > timezone.localdate():
        raise ServiceError("Ngày ghi nhận tình trạng không được sau hôm nay.")
    note = clean_text(note, "ghi chú", required=False, limit=500)
    _bump(Equipment, eq, expected_version)
    eq.status, eq.status_on, eq.status_by = status, on, actor
    if note:
        eq.note = note
    eq._history_user = actor
    eq.save()
    if eq.system_id:
        _touch(actor, eq.system)
    record_event(actor, "equipment.status", eq.system or eq.project,
                 data={"kind": eq.kind, "status": status, "on": on.isoformat(), "note": note})
    return eq


__all__ = ["create_system", "update_system", "attest", "link_project", "unlink_project", "save_cost",
           "save_holding", "remove_holding", "save_integration", "remove_integration", "add_equipment",
           "update_equipment", "report_equipment_status", "next_code"]
