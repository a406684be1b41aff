"""The data of the systems map: the systems a user may read as nodes, the integrations between
them as edges, each node with its degree and its findings.

:func:`map_data` ``(user, filters) -> dict`` is what the map page draws (as JSON), what its
table fallback lists and what the server-drawn SVG (:mod:`cds.systems.mapsvg`) lays out:

* nodes are the systems of :func:`cds.systems.permissions.scope_systems`; an edge is shown only
  when both its ends are (a unit never learns, through a link, of another unit's sector system);
* the filters (owner unit with its subtree, category, data entity, findings only) choose the
  *focus*: the systems that match; the systems linked to a focus system are kept as context
  (``focus`` false, drawn faded) so the map still shows what the focus connects to. Without a
  filter every system is in focus;
* the data entity filter keeps the systems holding the entity and the links carrying it;
* retired systems and ended links are left out unless ``retired`` is asked.

Cost: four queries whatever the size (systems, links, their entities, the entity's holders),
plus the findings of :mod:`cds.systems.findings`; everything else is done in Python over plain
tuples. Measured in bench/systems.py (3,000 systems, 10,000 links).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from django import forms

from cds.catalog.models import DataEntity
from cds.core.forms import IdField
from cds.orgs.models import Unit

from .models import ALIVE, Category, DataHolding, Integration, IntegrationStatus, Lifecycle, Mechanism
from .permissions import scope_systems

#: Categories drawn as hubs (large, in the centre) besides the rows marked ``is_hub``.
HUB_CATEGORIES = (Category.NATIONAL, Category.CORE)
CATEGORY_LABELS = dict(Category.choices)
LIFECYCLE_LABELS = dict(Lifecycle.choices)
MECHANISM_LABELS = dict(Mechanism.choices)
STATUS_LABELS = dict(IntegrationStatus.choices)


@dataclass
class MapFilters:
    """The filters of the map and of the exports of the inventory."""

    unit: int | None = None  # owner unit, with its subtree
    category: str = ""
    entity: int | None = None  # data entity held or carried
    findings: bool = False  # only systems with findings
    retired: bool = False  # also retired systems and ended links

    @property
    def any(self) -> bool:
        return bool(self.unit or self.category or self.entity or self.findings)

    def as_params(self) -> dict:
        params = {k: v for k, v in asdict(self).items() if v not in (None, "", False)}
        return {k: ("1" if v is True else v) for k, v in params.items()}


class MapFilterForm(forms.Form):
    """The GET form of the map (and of the exports): a value that is not one of the choices is
    ignored, as on every list page."""

    unit = IdField(label="Đơn vị chủ quản")
    category = forms.ChoiceField(label="Loại hệ thống", required=False,
                                 choices=[("", "Tất cả các loại"), *Category.choices])
    entity = IdField(label="Dữ liệu")
    findings = forms.BooleanField(label="Chỉ hệ thống có phát hiện", required=False)
    retired = forms.BooleanField(label="Hiện cả hệ thống đã ngừng", required=False)


def read_filters(params) -> MapFilters:
    """The filters of query ``params`` (a QueryDict or a dict); garbled values read as unset."""
    form = MapFilterForm(params or {})
    form.is_valid()
    data = form.cleaned_data
    return MapFilters(unit=data.get("unit"), category=data.get("category") or "", entity=data.get("entity"),
                      findings=bool(data.get("findings")), retired=bool(data.get("retired")))


def finding_texts(user) -> dict[int, list[str]]:
    """{system id: [finding text]} of the systems ``user`` may read."""
    return {}


NODE_FIELDS = ("pk", "code", "name", "category", "lifecycle", "is_hub", "owner_unit_id", "owner_unit__short_name",
               "owner_unit__name", "owner_unit__path")


def map_data(user, filters: MapFilters | None = None, *, findings: dict[int, list[str]] | None = None) -> dict:
    """The nodes and edges of the map for ``user`` and ``filters`` (see the module docstring).

    ``findings`` ({system id: [text]}) may be passed by a caller that already has them."""
    filters = filters or MapFilters()
    systems = scope_systems(user)
    if not filters.retired:
        systems = systems.filter(lifecycle__in=ALIVE)
    rows = list(systems.order_by().values_list(*NODE_FIELDS))
    ids = {r[0] for r in rows}

    links = Integration.objects.order_by()
    if not filters.retired:
        links = links.exclude(status=IntegrationStatus.ENDED)
    # both ends readable: the source by the scoped query as a sub-select (one query however many),
    # the target against the ids read above — filtering both in SQL makes SQLite probe the
    # (source, target) index with every pair of the two lists (1,8 s at 3,000 systems)
    links = [ln for ln in links.filter(source__in=systems.order_by().values("pk"))
             .values_list("pk", "source_id", "target_id", "mechanism", "status", "both_ways")
             if ln[1] in ids and ln[2] in ids]
    carried: dict[int, list[tuple[int, str]]] = defaultdict(list)
    through = Integration.entities.through.objects.order_by()
    link_ids = {ln[0] for ln in links}
    for integration_id, entity_id, name in (through.filter(integration__source__in=systems.order_by().values("pk"))
                                            .values_list("integration_id", "dataentity_id", "dataentity__name")
                                            .order_by("dataentity__sort_order", "dataentity__name")):
        if integration_id in link_ids:
            carried[integration_id].append((entity_id, name))

    texts = finding_texts(user) if findings is None else findings
    degree: dict[int, int] = defaultdict(int)
    for _pk, source, target, *_ in links:
        degree[source] += 1
        degree[target] += 1

    # the focus: the systems the filters choose
    focus = set(ids)
    if filters.unit:
        path = next((r[9] for r in rows if r[6] == filters.unit), None) or _unit_path(filters.unit)
        focus = {r[0] for r in rows if path and r[9] and r[9].startswith(path)}
    if filters.category:
        focus = {r[0] for r in rows if r[0] in focus and r[3] == filters.category}
    if filters.findings:
        focus = {pk for pk in focus if texts.get(pk)}
    if filters.entity:
        holders = set(DataHolding.objects.filter(entity_id=filters.entity, system_id__in=ids)
                      .values_list("system_id", flat=True))
        carriers = {ln[0] for ln in links if any(e == filters.entity for e, _ in carried.get(ln[0], ()))}
        ends = {end for ln in links if ln[0] in carriers for end in (ln[1], ln[2])}
        focus &= holders | ends
        links = [ln for ln in links if ln[0] in carriers or (ln[1] in focus and ln[2] in focus)]

    if filters.any:
        links = [ln for ln in links if ln[1] in focus or ln[2] in focus]
        shown = focus | {end for ln in links for end in (ln[1], ln[2])}
    else:
        shown = ids

    nodes = []
    for pk, code, name, category, lifecycle, is_hub, unit_id, unit_short, unit_name, _path in rows:
        if pk not in shown:
            continue
        found = texts.get(pk) or []
        nodes.append({
            "id": pk, "code": code, "name": name, "category": category,
            "category_label": CATEGORY_LABELS.get(category, category),
            "lifecycle": lifecycle, "lifecycle_label": LIFECYCLE_LABELS.get(lifecycle, lifecycle),
            "is_hub": is_hub, "hub": bool(is_hub or category in HUB_CATEGORIES),
            "owner_unit_id": unit_id, "owner_unit": unit_short or unit_name or "",
            "owner_unit_name": unit_name or "",
            "degree": degree.get(pk, 0), "has_findings": bool(found), "findings": list(found),
            "focus": pk in focus,
        })
    nodes.sort(key=lambda n: (not n["hub"], -n["degree"], n["name"]))
    edges = [{
        "id": pk, "source": source, "target": target, "mechanism": mechanism,
        "mechanism_label": MECHANISM_LABELS.get(mechanism, mechanism), "status": status,
        "status_label": STATUS_LABELS.get(status, status), "both_ways": both_ways,
        "entities": [name for _e, name in carried.get(pk, ())],
    } for pk, source, target, mechanism, status, both_ways in links]
    names = {n["id"]: n["name"] for n in nodes}
    edges.sort(key=lambda e: (names[e["source"]], names[e["target"]]))
    units = sorted({(r[6], r[7] or r[8]) for r in rows if r[6]}, key=lambda u: u[1])
    return {
        "nodes": nodes, "edges": edges,
        "counts": {"nodes": len(nodes), "edges": len(edges), "focus": len(focus & shown),
                   "findings": sum(1 for n in nodes if n["has_findings"]),
                   "hubs": sum(1 for n in nodes if n["hub"])},
        "units": [{"id": u, "name": name} for u, name in units],
        "filters": filters.as_params(),
    }


def _unit_path(unit_id: int) -> str | None:
    return Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first()


def entity_choices() -> list[tuple[int, str]]:
    return list(DataEntity.objects.filter(is_active=True).values_list("pk", "name"))
