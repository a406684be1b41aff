"""Reads for the overlap queue and the project page, scoped by the access helper."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse

from cds.projects.models import Project
from cds.systems.models import InformationSystem
from cds.systems.permissions import scope_systems

from .engine import HIDDEN_VIA
from .forms import QueueFilterSet
from .models import OverlapPair, PairStatus, explain
from .permissions import can_open_candidate, may_name, overlap_trees, scope_overlap_pairs

PAIR_JOINS = ("project__investor_unit", "other_project__investor_unit", "system", "decided_by")
# Only pairs from this score link projects into a cluster. At the queue threshold (0.5) chains of
# look-alikes join unrelated purposes (on the demo province 246 of 289 pending pairs fell into
# one component); from 0.65 each cluster is one purpose — the one-stop shop, document management,
# the IOC, the land database, the SOC.
CLUSTER_LINK = 0.65


def system_url(pk: int) -> str:
    """Where a system of the map is shown: its page in the systems map."""
    return reverse("systems:detail", args=[pk])


def with_links(user, candidates):
    """Mark which candidates the user may open (the others are shown by name only), with the
    address to open (one query for the systems among them)."""
    ids = [c.id for c in candidates if c.kind == "system"]
    readable = set(scope_systems(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    for c in candidates:
        c.can_open = can_open_candidate(user, c, readable)
        if not c.can_open:
            c.url = ""
        else:
            c.url = system_url(c.id) if c.kind == "system" else reverse("projects:detail", args=[c.id])
    return candidates


def queue(user, status: str = PairStatus.PENDING):
    qs = scope_overlap_pairs(user).select_related(*PAIR_JOINS)
    if status in PairStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-score", "id")


def queue_counts(user) -> dict:
    rows = scope_overlap_pairs(user).order_by().values("status").annotate(n=Count("id"))
    out = {s: 0 for s in PairStatus.values}
    out.update({r["status"]: r["n"] for r in rows})
    return out


def queue_filter(user, params) -> QueueFilterSet:
    """The queue's filters (:class:`~cds.overlap.forms.QueueFilterSet`) over the pairs ``user``
    may see; ``.qs`` gives the pairs, ordered."""
    return QueueFilterSet(params, queryset=scope_overlap_pairs(user), user=user)


@dataclass
class Cluster:
    """Pairs linked through shared projects (or a shared system): one purpose, looked at —
    and possibly settled — together."""

    ids: list[int]
    top: float  # highest score
    found: object  # latest found_at
    unit: str  # the investor unit of its best pair's first project, for sorting
    projects: set = field(default_factory=set)
    systems: set = field(default_factory=set)
    pairs: list = field(default_factory=list)  # filled for the clusters of the page shown

    @property
    def size(self) -> int:
        return len(self.ids)


def clusters(qs, sort: str = "-score", link: float = CLUSTER_LINK) -> list[Cluster]:
    """The pairs of ``qs`` grouped by purpose: projects (and systems) joined by pairs scoring
    ``link`` or more form connected components, and a cluster holds every pair both of whose
    sides are in one component; any other pair stands alone. One query of ids whatever the
    number of pairs; the pairs themselves are read by :func:`fill_clusters` for one page."""
    rows = list(qs.order_by().values_list("id", "project_id", "other_project_id", "system_id", "score",
                                          "found_at", "project__investor_unit__name"))
    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _pk, a, b, pl, score, *_ in rows:
        ra, rb = find(("p", a)), find(("p", b) if b else ("s", pl))
        if ra != rb and score >= link:
            parent[rb] = ra
    groups: dict = {}
    for pk, a, b, pl, score, found, unit in sorted(rows, key=lambda r: (-r[4], r[0])):
        root = find(("p", a))
        key = root if root == find(("p", b) if b else ("s", pl)) else ("pair", pk)
        c = groups.get(key)
        if c is None:
            c = groups[key] = Cluster([], score, found, unit or "")
        c.ids.append(pk)
        c.found = max(c.found, found)
        c.projects.update(x for x in (a, b) if x)
        if pl:
            c.systems.add(pl)
    out = list(groups.values())
    order = {"-score": lambda c: (-c.top, -c.size), "score": lambda c: (c.top, -c.size),
             "-found": lambda c: (-c.found.timestamp(), -c.top), "found": lambda c: (c.found.timestamp(), -c.top),
             "unit": lambda c: (c.unit, -c.top)}
    return sorted(out, key=order.get(sort, order["-score"]))


def fill_clusters(user, page_clusters: list[Cluster]) -> list[Cluster]:
    """Read the pairs of the clusters shown (one query), best first within each cluster."""
    ids = [pk for c in page_clusters for pk in c.ids]
    by_id = {p.pk: p for p in scope_overlap_pairs(user).filter(pk__in=ids).select_related(*PAIR_JOINS)}
    for c in page_clusters:
        c.pairs = [by_id[pk] for pk in c.ids if pk in by_id]
    return page_clusters


def get_pair(user, pk) -> OverlapPair:
    try:
        return queue(user, "").get(pk=pk)
    except (OverlapPair.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy cặp nghi trùng lặp.") from None


def flags(project, trees) -> list[OverlapPair]:
    """Decided pairs (duplicate or related) involving the project, for its page and its dossier.
    The other side is shown by code and name only — the page's viewer may not be allowed to open
    it —, and only when it may be named to a reader of ``trees``
    (:func:`cds.overlap.permissions.naming_trees`): otherwise ``other_hidden`` is set and the
    page says that a project of another tree was found alike, without naming it or quoting the
    reason written about the two."""
    pairs = list(
        OverlapPair.objects.filter(Q(project=project) | Q(other_project=project))
        .filter(status__in=(PairStatus.DUPLICATE, PairStatus.RELATED))
        .select_related("project__investor_unit", "other_project__investor_unit", "system__root_unit",
                        "decided_by")
        .order_by("status", "-score"))
    for f in pairs:
        if f.system_id:
            f.other_side = f.system
            path = f.system.root_unit.path if f.system.root_unit_id else ""
        else:
            f.other_side = f.other_project if f.project_id == project.pk else f.project
            path = f.other_side.investor_unit.path
        f.other_hidden = not may_name(trees, path)
    return pairs


def readable_signals(user, pairs) -> None:
    """Set ``reader_signals`` and ``reader_explanation`` on stored pairs: a transitive match's
    linking project is named only when it may be named to ``user``. Pairs found before links
    carried their tree name the project by its code, which is looked up (one query per kind)."""
    trees = overlap_trees(user)
    legacy = {s["label"].split()[0] for p in pairs for s in p.signals
              if s.get("kind") == "via" and "tree" not in s and s.get("label") and s["label"] != HIDDEN_VIA}
    paths = {}
    if legacy and trees is not None:
        paths = dict(Project.objects.filter(code__in=legacy).values_list("code", "investor_unit__path"))
        for code, root in InformationSystem.objects.filter(code__in=legacy).values_list("code", "root_unit__path"):
            paths.setdefault(code, root or "")
    for p in pairs:
        shown = []
        for s in p.signals:
            if s.get("kind") == "via" and s.get("label") != HIDDEN_VIA and trees is not None:
                path = s["tree"] if "tree" in s else paths.get((s.get("label") or "_").split()[0])
                if path is None or not may_name(trees, path):
                    s = {"kind": "via", "label": HIDDEN_VIA}
            shown.append(s)
        p.reader_signals = shown
        p.reader_explanation = explain(p.shared_terms, shown)
        p.system_url = system_url(p.system_id) if p.system_id else ""
