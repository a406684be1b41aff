"""The data of the systems map: the systems a user may read as nodes, the integrations between
them as edges, each node with its degree and its findings.

:func:`map_data` ``(user, filters) -> dict`` is what the map page draws (as JSON), what its
table fallback lists and what the server-drawn SVG (:mod:`cds.systems.mapsvg`) lays out:

* nodes are the systems of :func:`cds.systems.permissions.inventory_systems`; an edge is shown only
  when both its ends are (a unit never learns, through a link, of another unit's sector system);
* the filters — the list page's (:class:`cds.systems.filters.SystemFilterSet`: owner unit with
  its subtree, category, lifecycle, data entity, core system, search) and the map's "findings
  only" — choose the *focus*: the systems that match; the systems linked to a focus system are
  kept as context (``focus`` false, drawn faded) so the map still shows what the focus connects
  to. Without a filter every system is in focus;
* the data entity filter keeps the systems holding the entity, and the links carrying it with
  both their ends;
* retired systems and ended links are left out unless asked (``ca_da_ngung``, or the lifecycle
  filter "Ngừng").

Cost: three queries whatever the size (systems, links, the entities they carry), one or two for
the filters, and the findings of :func:`cds.systems.selectors.findings_for`; everything else is
done in Python over plain tuples. At 3,000 systems and 10,000 links, for the CĐS authority of the
province: see bench/systems.py.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from django import forms

from cds.catalog.models import DataEntity

from . import selectors
from .filters import SystemFilterSet
from .models import ALIVE, Category, Integration, IntegrationStatus, Lifecycle, Mechanism
from .permissions import inventory_systems

#: Categories drawn as hubs (large, in the centre) besides the rows marked ``is_hub``.
HUB_CATEGORIES = (Category.NATIONAL, Category.CORE)
CATEGORY_LABELS = dict(Category.choices)
LIFECYCLE_LABELS = dict(Lifecycle.choices)
MECHANISM_LABELS = dict(Mechanism.choices)
STATUS_LABELS = dict(IntegrationStatus.choices)


#: The list filters (:class:`cds.systems.filters.SystemFilterSet`) the map and the exports take.
LIST_PARAMS = ("q", "loai", "vong_doi", "don_vi", "du_lieu", "loi")


@dataclass
class MapFilters:
    """The filters of the map and of the exports: the list page's (same names, same meaning)
    and two of the map's own."""

    q: str = ""
    loai: str = ""  # category
    vong_doi: str = ""  # lifecycle
    don_vi: int | None = None  # owner unit, with its subtree
    du_lieu: int | None = None  # data entity held (the map adds: or carried by a link)
    loi: int | None = None  # a core system and the systems derived from it
    phat_hien: bool = False  # only systems with findings
    ca_da_ngung: bool = False  # also retired systems and ended links

    @property
    def any(self) -> bool:
        return bool(self.list_params() or self.phat_hien)

    @property
    def retired(self) -> bool:
        return self.ca_da_ngung or self.vong_doi == Lifecycle.RETIRED

    def list_params(self, *, without: str = "") -> dict:
        return {k: getattr(self, k) for k in LIST_PARAMS if k != without and getattr(self, k) not in (None, "")}

    def as_params(self) -> dict:
        params = {k: v for k, v in asdict(self).items() if v not in (None, "", False)}
        return {k: ("1" if v is True else v) for k, v in params.items()}


class MapOptionsForm(forms.Form):
    phat_hien = forms.BooleanField(required=False)
    ca_da_ngung = forms.BooleanField(required=False)


def read_filters(params) -> MapFilters:
    """The filters of query ``params`` (a QueryDict or a dict); a value that is not one of the
    choices is ignored, as on the list page."""
    params = params or {}
    list_form = SystemFilterSet(params).form
    list_form.is_valid()
    options = MapOptionsForm(params)
    options.is_valid()
    data = {**{k: v for k, v in list_form.cleaned_data.items() if v not in (None, "")}, **options.cleaned_data}
    if isinstance(data.get("q"), str):
        data["q"] = data["q"].strip()
    return MapFilters(**{k: data[k] for k in (*LIST_PARAMS, "phat_hien", "ca_da_ngung") if k in data})


def finding_texts(user) -> dict[int, list[str]]:
    """{system id: [finding text]} of the systems ``user`` may read."""
    return {pk: [f.text for f in items] for pk, items in selectors.findings_for(user).items() if items}


def _chosen(user, filters: MapFilters, **kwargs) -> set[int]:
    return set(SystemFilterSet(filters.list_params(**kwargs), queryset=inventory_systems(user)).qs.order_by()
               .values_list("pk", flat=True))


NODE_FIELDS = ("pk", "code", "name", "category", "lifecycle", "is_hub", "owner_unit_id", "owner_unit__short_name",
               "owner_unit__name")


def map_data(user, filters: MapFilters | dict | None = None, *, findings: dict[int, list[str]] | None = None) -> dict:
    """The nodes and edges of the map for ``user`` and ``filters`` (a :class:`MapFilters`, or
    query parameters as the page takes them; see the module docstring).

    ``findings`` ({system id: [text]}) may be passed by a caller that already has them."""
    if not isinstance(filters, MapFilters):
        filters = read_filters(filters)
    systems = inventory_systems(user)
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

    # the focus: the systems the filters choose (the list's filter set, over the same scope)
    focus = set(ids)
    if filters.list_params(without="du_lieu"):
        focus &= _chosen(user, filters, without="du_lieu")
    if filters.phat_hien:
        focus = {pk for pk in focus if texts.get(pk)}
    if filters.du_lieu:
        holders = _chosen(user, MapFilters(du_lieu=filters.du_lieu))
        carriers = {ln[0] for ln in links if any(e == filters.du_lieu for e, _ in carried.get(ln[0], ()))}
        ends = {end for ln in links if ln[0] in carriers for end in (ln[1], ln[2])}
        focus &= holders | ends
        links = [ln for ln in links if ln[0] in carriers or (ln[1] in focus and ln[2] in focus)]

    if filters.any:
        links = [ln for ln in links if ln[1] in focus or ln[2] in focus]
        shown = focus | {end for ln in links for end in (ln[1], ln[2])}
    else:
        shown = ids

    nodes = []
    for pk, code, name, category, lifecycle, is_hub, unit_id, unit_short, unit_name in rows:
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


def entity_choices() -> list[tuple[int, str]]:
    return list(DataEntity.objects.filter(is_active=True).values_list("pk", "name"))
