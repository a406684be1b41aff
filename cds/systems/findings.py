"""Findings on the systems map, computed from the records when asked (never stored): each names
its reason. Built-in rules are below; higher apps add theirs with :func:`register` from their
``AppConfig.ready`` (reviews adds "in operation, but its review says it is unused").

A provider gets the :class:`World` of one or more trees (every system, integration and holding
read once, a fixed number of queries) and returns findings; the caller keeps those of the
systems the user may read, and names another system only where the user may read it too
(:meth:`Finding.text_for`), so a finding never leaks a name across units or trees.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, Sum

from .models import (
    ALIVE,
    WASTED,
    Category,
    DataHolding,
    Equipment,
    HoldingRole,
    InformationSystem,
    Integration,
    IntegrationStatus,
    Lifecycle,
    Mechanism,
)

OTHER = "một hệ thống khác"


@dataclass(frozen=True)
class Finding:
    code: str
    system_id: int
    #: the text, with ``{others}`` where the names of ``others`` go
    template: str
    others: tuple[int, ...] = ()
    severity: str = "warning"  # "danger" | "warning" | "info"

    def text_for(self, name_of: Callable[[int], str]) -> str:
        return self.template.format(others=", ".join(name_of(i) for i in self.others))

    @property
    def title(self) -> str:
        return RULES[self.code][0] if self.code in RULES else self.code


@dataclass
class World:
    """The systems of some trees (and every shared one), their live integrations and holdings."""

    systems: dict[int, dict]
    integrations: list[tuple]  # (id, source, target, mechanism, status)
    holdings: list[tuple]  # (system, entity id, entity name, role)
    roots: list[int] | None = None  # the trees read (None = every tree)
    extra: dict = field(default_factory=dict)  # what providers compute once and share

    def alive(self, sid: int) -> bool:
        return self.systems[sid]["lifecycle"] in ALIVE


Provider = Callable[[World], list[Finding]]
RULES: dict[str, tuple[str, Provider]] = {}


def register(code: str, title: str, provider: Provider) -> None:
    """Add a rule (idempotent by code)."""
    RULES[code] = (title, provider)


SYSTEM_COLUMNS = ("id", "name", "category", "root_unit_id", "owner_unit_id", "core_system_id", "lifecycle", "is_hub",
                  "security_level")


def load_world(roots: list[int] | None) -> World:
    """``roots`` = the root unit ids of the trees (None = every tree)."""
    qs = InformationSystem.objects.all()
    if roots is not None:
        qs = qs.filter(Q(root_unit__isnull=True) | Q(root_unit_id__in=roots))
    systems = {row[0]: dict(zip(SYSTEM_COLUMNS, row, strict=True)) for row in qs.values_list(*SYSTEM_COLUMNS)}
    links = Integration.objects.exclude(status=IntegrationStatus.ENDED)
    holdings = DataHolding.objects.all()
    if roots is not None:
        ids = qs.values("pk")
        links = links.filter(Q(source__in=ids) | Q(target__in=ids))
        holdings = holdings.filter(system__in=ids)
    integrations = [r for r in links.values_list("id", "source_id", "target_id", "mechanism", "status")
                    if r[1] in systems and r[2] in systems]
    held = list(holdings.values_list("system_id", "entity_id", "entity__name", "role"))
    return World(systems, integrations, held, roots)


def compute(world: World) -> dict[int, list[Finding]]:
    out: dict[int, list[Finding]] = defaultdict(list)
    for _title, provider in RULES.values():
        for f in provider(world):
            out[f.system_id].append(f)
    return out


# ------------------------------------------------------------------ built-in rules

def _tree_systems(world: World):
    """Live systems of a province or ministry (not the rows every tree shares)."""
    return [s for s in world.systems.values() if s["root_unit_id"] is not None and s["lifecycle"] in ALIVE]


def two_masters(world: World) -> list[Finding]:
    masters: dict[tuple, list[int]] = defaultdict(list)
    names = {}
    for sid, entity, name, role in world.holdings:
        s = world.systems[sid]
        if role == HoldingRole.MASTER and s["root_unit_id"] is not None and world.alive(sid):
            masters[(s["root_unit_id"], entity)].append(sid)
            names[entity] = name
    out = []
    for (_root, entity), sids in masters.items():
        if len(sids) > 1:
            for sid in sids:
                others = tuple(o for o in sids if o != sid)
                out.append(Finding("two_masters", sid, f"Dữ liệu «{names[entity]}» có hơn một hệ thống chủ: "
                                   "hệ thống này và {others}; mỗi dữ liệu chỉ có một nơi lưu bản gốc.", others, "danger"))
    return out


def _linked(world: World) -> dict[int, set[int]]:
    """Live links, either way: {system: the systems it exchanges data with} (computed once)."""
    if "linked" not in world.extra:
        out: dict[int, set[int]] = defaultdict(set)
        for _id, a, b, _mechanism, status in world.integrations:
            if status == IntegrationStatus.ACTIVE:
                out[a].add(b)
                out[b].add(a)
        world.extra["linked"] = out
    return world.extra["linked"]


def _synced(world: World, sid: int, master: int) -> bool:
    """Does ``sid`` exchange data with ``master``, directly or through a hub (LGSP, then NDXP)?"""
    links = _linked(world)
    near = links.get(sid, set())
    if master in near:
        return True
    reach = world.extra.setdefault("hub_reach", {})
    for h in near:
        if not world.systems[h]["is_hub"]:
            continue
        if h not in reach:  # what a hub reaches itself or through the hubs it links to
            reach[h] = set(links.get(h, ()))
            for k in links.get(h, ()):
                if world.systems[k]["is_hub"]:
                    reach[h] |= links.get(k, set())
        if master in reach[h]:
            return True
    return False


def local_copy_of_national(world: World) -> list[Finding]:
    """A province's system that collects on its own what a national database masters, or keeps
    it as master without any exchange with that database (a copy synchronised from it, or a
    local component feeding it through the LGSP, is how it should be)."""
    national: dict[int, int] = {}
    for sid, entity, _name, role in world.holdings:
        if role == HoldingRole.MASTER and world.systems[sid]["category"] == Category.NATIONAL and world.alive(sid):
            national.setdefault(entity, sid)
    out = []
    for sid, entity, name, role in world.holdings:
        s = world.systems[sid]
        if entity not in national or s["root_unit_id"] is None or not world.alive(sid):
            continue
        if role == HoldingRole.LOCAL:
            text = f"Tự thu thập, lưu riêng dữ liệu «{name}» mà {{others}} là hệ thống chủ; cần khai thác qua kết nối."
        elif role == HoldingRole.MASTER and not _synced(world, sid, national[entity]):
            text = (f"Lưu dữ liệu «{name}» làm dữ liệu gốc mà không kết nối, đồng bộ với {{others}} "
                    "(hệ thống chủ quốc gia), trực tiếp hay qua LGSP.")
        else:
            continue
        out.append(Finding("local_national", sid, text, (national[entity],), "danger"))
    return out


def isolated(world: World) -> list[Finding]:
    linked = {r[1] for r in world.integrations if r[4] == IntegrationStatus.ACTIVE}
    linked |= {r[2] for r in world.integrations if r[4] == IntegrationStatus.ACTIVE}
    return [Finding("isolated", s["id"], "Không kết nối với hệ thống nào (kể cả nền tảng tích hợp LGSP, NDXP).",
                    severity="danger")
            for s in _tree_systems(world) if s["lifecycle"] == Lifecycle.OPERATE and s["id"] not in linked]


def point_to_point(world: World) -> list[Finding]:
    hub_roots = {s["root_unit_id"] for s in world.systems.values() if s["is_hub"] and world.alive(s["id"])}
    out = []
    for _id, a, b, mechanism, status in world.integrations:
        sa, sb = world.systems[a], world.systems[b]
        if mechanism != Mechanism.DIRECT or status != IntegrationStatus.ACTIVE or sa["is_hub"] or sb["is_hub"]:
            continue
        root = sa["root_unit_id"] or sb["root_unit_id"]
        if root in hub_roots:
            for sid, other in ((a, b), (b, a)):
                if world.systems[sid]["root_unit_id"] is not None:
                    out.append(Finding("point_to_point", sid, "Kết nối trực tiếp (điểm – điểm) với {others} trong khi "
                                       "tỉnh đã có nền tảng tích hợp, chia sẻ dữ liệu (LGSP).", (other,)))
    return out


def not_derived(world: World) -> list[Finding]:
    return [Finding("not_derived", s["id"], "Hệ thống chuyên ngành không khai báo hệ thống lõi mà nó phát triển từ đó.")
            for s in _tree_systems(world) if s["category"] == Category.SECTOR and s["core_system_id"] is None]


def no_security_level(world: World) -> list[Finding]:
    return [Finding("no_security_level", s["id"], "Đang vận hành nhưng chưa có cấp độ an toàn thông tin được phê duyệt.",
                    severity="info")
            for s in _tree_systems(world) if s["lifecycle"] == Lifecycle.OPERATE and s["security_level"] is None]


def idle_equipment(world: World) -> list[Finding]:
    ids = {s["id"] for s in _tree_systems(world)}
    rows = Equipment.objects.filter(status__in=WASTED, system__isnull=False)
    if world.roots is not None:
        rows = rows.filter(system__root_unit_id__in=world.roots)
    rows = rows.values("system_id").annotate(n=Sum("quantity")).order_by()
    return [Finding("idle_equipment", r["system_id"], f"Có {r['n']} thiết bị chưa đưa vào sử dụng, không sử dụng "
                    "hoặc hỏng.") for r in rows if r["system_id"] in ids]


register("two_masters", "Dữ liệu có hai hệ thống chủ", two_masters)
register("local_national", "Lưu riêng dữ liệu mà CSDL quốc gia là hệ thống chủ", local_copy_of_national)
register("isolated", "Không kết nối với hệ thống nào", isolated)
register("point_to_point", "Kết nối trực tiếp trong khi đã có LGSP", point_to_point)
register("not_derived", "Hệ thống chuyên ngành không phát triển từ hệ thống lõi", not_derived)
register("no_security_level", "Chưa phê duyệt cấp độ an toàn thông tin", no_security_level)
register("idle_equipment", "Thiết bị chưa khai thác, hỏng", idle_equipment)
