"""Reads for the overlap queue and the project page, scoped by the access helper."""
from __future__ import annotations

from django.db.models import Count, Q

from cds.projects.models import Project

from .engine import HIDDEN_VIA
from .models import OverlapPair, PairStatus, Platform, explain
from .permissions import can_open_candidate, may_name, overlap_trees, scope_overlap_pairs


def with_links(user, candidates):
    """Mark which candidates the user may open (the others are shown by name only)."""
    for c in candidates:
        c.can_open = can_open_candidate(user, c)
    return candidates


def queue(user, status: str = PairStatus.PENDING):
    qs = scope_overlap_pairs(user).select_related(
        "project__investor_unit", "other_project__investor_unit", "platform", "decided_by")
    if status in PairStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-score", "id")


def queue_counts(user) -> dict:
    rows = scope_overlap_pairs(user).order_by().values("status").annotate(n=Count("id"))
    out = {s: 0 for s in PairStatus.values}
    out.update({r["status"]: r["n"] for r in rows})
    return out


def get_pair(user, pk) -> OverlapPair:
    from django.http import Http404

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
        .select_related("project__investor_unit", "other_project__investor_unit", "platform__root_unit",
                        "decided_by")
        .order_by("status", "-score"))
    for f in pairs:
        if f.platform_id:
            f.other_side = f.platform
            path = f.platform.root_unit.path if f.platform.root_unit_id else ""
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
        for code, root in Platform.objects.filter(code__in=legacy).values_list("code", "root_unit__path"):
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
        p.reader_explanation = explain(p.terms, shown)


def platforms(user):
    trees = overlap_trees(user)
    qs = Platform.objects.filter(is_active=True).select_related("root_unit").prefetch_related("capabilities",
                                                                                             "data_entities")
    if trees is not None:
        cond = Q(root_unit__isnull=True)
        for t in trees:
            cond |= Q(root_unit__path__startswith=t)
        qs = qs.filter(cond)
    return qs.order_by("level", "name")
