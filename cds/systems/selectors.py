"""Reads of the systems map, scoped by the access rules and fetched in a fixed number of queries
whatever the number of systems, links or findings."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from cds.accounts import access
from cds.orgs.models import Unit
from cds.projects.permissions import scope_projects

from . import completeness, findings, tracking
from .models import (
    Category,
    CompletenessScheme,
    DataHolding,
    Equipment,
    HoldingRole,
    InformationSystem,
    Integration,
    SystemCost,
    SystemProject,
)
from .permissions import inventory_systems, scope_systems


def system_queryset():
    return InformationSystem.objects.select_related(
        "owner_unit", "operating_unit", "core_system", "root_unit", "attested_by", "seal_broken_by")


def _count(model, field: str):
    sub = (model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
           .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def with_counts(qs):
    """Annotate what the completeness criteria and the lists read: linked projects,
    integrations (either end), data holdings and yearly cost rows."""
    return qs.annotate(
        n_projects=_count(SystemProject, "system"), n_out=_count(Integration, "source"),
        n_in=_count(Integration, "target"), n_holdings=_count(DataHolding, "system"),
        n_costs=_count(SystemCost, "system"))


def annotate_integrations(systems) -> None:
    for s in systems:
        s.n_integrations = getattr(s, "n_out", 0) + getattr(s, "n_in", 0)


def current_scheme() -> CompletenessScheme | None:
    return CompletenessScheme.objects.order_by("-version").first()


def scheme_weights() -> dict:
    scheme = current_scheme()
    return scheme.weights if scheme else completeness.DEFAULT_WEIGHTS


def roots_for(user) -> list[int] | None:
    """The root unit ids of the trees whose findings ``user`` may see (None = every tree)."""
    scope = access.scope_for(user)
    if scope.everything:
        return None
    if not scope.paths or user.unit_id is None:
        return []
    return [user.unit.root_pk]


class ShownFinding:
    """A finding as one user sees it; its text (naming only the systems the user may read) is
    written when first read, so a list that shows counts does not write thousands of texts."""

    __slots__ = ("_finding", "_name_of", "_text")

    def __init__(self, finding, name_of):
        self._finding, self._name_of, self._text = finding, name_of, None

    code = property(lambda self: self._finding.code)
    title = property(lambda self: self._finding.title)
    severity = property(lambda self: self._finding.severity)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._finding.text_for(self._name_of)
        return self._text


def findings_for(user, system_ids=None) -> dict[int, list[ShownFinding]]:
    """{system id: findings} over the systems ``user`` may read (of ``system_ids`` when given);
    a finding names another system only where the user may read that one too."""
    world = findings.load_world(roots_for(user))
    visible = {pk: name for pk, name in scope_systems(user).values_list("pk", "name") if pk in world.systems}
    wanted = set(visible) if system_ids is None else set(system_ids) & set(visible)

    def name_of(sid: int) -> str:
        return visible.get(sid, findings.OTHER)

    out: dict[int, list[ShownFinding]] = defaultdict(list)
    for sid, items in findings.compute(world).items():
        if sid in wanted:
            out[sid] = [ShownFinding(f, name_of) for f in items]
    return out


def listed_findings(user, *, mine: bool = False, unit: int | None = None, code: str = "") -> list[tuple]:
    """The rows of the findings page, (system, finding), unordered (the page groups them by
    rule): the findings of the systems ``user`` may read — with ``mine`` only those of the
    user's own units' systems, with ``unit`` those owned by that unit or its subtree, with
    ``code`` those of one rule. The page and the dashboard count these."""
    found = findings_for(user)
    systems = scope_systems(user).filter(pk__in=list(found))
    if mine:
        systems = tracking.own_systems(user, systems)
    if unit:
        chosen = Unit.objects.filter(pk=unit).only("path").first()
        systems = systems.filter(owner_unit__path__startswith=chosen.path) if chosen else systems.none()
    shown = {s.pk: s for s in systems.select_related("owner_unit").only(
        "pk", "code", "name", "category", "owner_unit__name", "owner_unit__short_name")}
    return [(shown[sid], f) for sid, items in found.items() if sid in shown for f in items
            if f.code in findings.RULES and (not code or f.code == code)]


def system_list(user, qs=None):
    """Systems with their counts, completeness and seal, ready for a list (a fixed number of
    queries)."""
    qs = qs if qs is not None else scope_systems(user)
    items = list(with_counts(qs.select_related("owner_unit", "core_system", "attested_by")))
    annotate_integrations(items)
    weights = scheme_weights()
    for s in items:
        s.completeness = completeness.score(s, weights)
    return items


def detail(user, system: InformationSystem) -> dict:
    """What the system page shows, each part filtered by its own rules."""
    projects = scope_projects(user).values("pk")
    visible = scope_systems(user).values("pk")
    links = list(SystemProject.objects.filter(system=system, project__in=projects)
                 .select_related("project__investor_unit").order_by("project__code"))
    hidden_links = SystemProject.objects.filter(system=system).exclude(project__in=projects).count()
    integrations = list(
        Integration.objects.filter(Q(source=system) | Q(target=system))
        .filter(source__in=visible, target__in=visible)
        .select_related("source", "target").prefetch_related("entities").order_by("source__name", "target__name"))
    equipment = list(Equipment.objects.filter(system=system, project__in=projects)
                     .select_related("project", "status_by").order_by("kind", "id"))
    holdings = list(DataHolding.objects.filter(system=system).select_related("entity").order_by("entity__name"))
    costs = list(SystemCost.objects.filter(system=system).order_by("-year"))
    derived = list(scope_systems(user).filter(core_system=system).order_by("name").only("pk", "name", "code"))
    counted = with_counts(InformationSystem.objects.filter(pk=system.pk)).first()
    annotate_integrations([counted])
    score = completeness.score(counted, scheme_weights())
    return {"links": links, "hidden_links": hidden_links, "integrations": integrations, "equipment": equipment,
            "holdings": holdings, "costs": costs, "derived": derived, "completeness": score,
            "findings": findings_for(user, [system.pk]).get(system.pk, [])}


def systems_of_project(user, project):
    """The systems a project builds, upgrades, integrates … that ``user`` may read."""
    return list(SystemProject.objects.filter(project=project, system__in=scope_systems(user).values("pk"))
                .select_related("system").order_by("system__name"))


def unit_completeness(user) -> dict[int, int]:
    """{owner unit id: mean completeness of its live systems} over what ``user`` may read."""
    return completeness.unit_scores(system_list(user), scheme_weights())


def equipment_of_project(user, project):
    if not scope_projects(user).filter(pk=project.pk).exists():
        return []
    return list(Equipment.objects.filter(project=project).select_related("system", "status_by").order_by("kind", "id"))





@dataclass
class CatalogueRow:
    """One data entity of the province's danh mục CSDL: its master systems (more than one is a
    finding), the systems keeping copies or their own collection, the national master."""

    entity: object
    masters: list
    copies: list
    local: list
    national: list

    @property
    def sharing(self) -> str:
        labels = {h.get_sharing_display() for h in self.masters if h.sharing}
        return ", ".join(sorted(labels))

    @property
    def two_masters(self) -> bool:
        return len([h for h in self.masters if not h.system.is_shared]) > 1


def data_catalogue(user) -> list[CatalogueRow]:
    """The data entities the user's visible systems hold, each with its holders by role (two
    queries whatever the number of entities)."""
    holdings = (DataHolding.objects.filter(system__in=inventory_systems(user).values("pk"))
                .select_related("entity", "system__owner_unit").order_by("entity__sort_order", "entity__name",
                                                                          "system__name"))
    rows: dict[int, CatalogueRow] = {}
    for h in holdings:
        row = rows.setdefault(h.entity_id, CatalogueRow(h.entity, [], [], [], []))
        if h.system.is_shared:  # national databases master; common software holds no province's data
            if h.role == HoldingRole.MASTER and h.system.category == Category.NATIONAL:
                row.national.append(h)
        elif h.role == HoldingRole.MASTER:
            row.masters.append(h)
        elif h.role == HoldingRole.COPY:
            row.copies.append(h)
        else:
            row.local.append(h)
    return list(rows.values())


def visible_ids(user) -> set[int] | None:
    """The ids of the systems ``user`` may read (None: every system), read once: SQLite plans a
    join of integrations against the scope's subquery twice over poorly (seconds at 10,000
    links), while a set of a province's few thousand ids filters them at once."""
    if access.scope_for(user).everything:
        return None
    return set(scope_systems(user).values_list("pk", flat=True))


def visible_link_counts(ids: list[int], visible: set[int] | None) -> Counter:
    """{system id: its integrations with both ends in ``visible`` (None: every system)} — one query."""
    rows = Integration.objects.filter(Q(source__in=ids) | Q(target__in=ids)).values_list("source_id", "target_id")
    counts: Counter = Counter()
    wanted = set(ids)
    for a, b in rows:
        if visible is not None and (a not in visible or b not in visible):
            continue
        for end in (a, b):
            if end in wanted:
                counts[end] += 1
    return counts
