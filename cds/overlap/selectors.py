"""Reads for the overlap queue and the project page, scoped by the access helper."""
from __future__ import annotations

from django.db.models import Count, Q

from .models import OverlapPair, PairStatus, Platform
from .permissions import can_open_candidate, overlap_trees, scope_overlap_pairs


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


def flags(project) -> list[OverlapPair]:
    """Decided pairs (duplicate or related) involving the project, for its page. The other
    side is shown by code and name only — the page's viewer may not be allowed to open it."""
    return list(
        OverlapPair.objects.filter(Q(project=project) | Q(other_project=project))
        .filter(status__in=(PairStatus.DUPLICATE, PairStatus.RELATED))
        .select_related("project__investor_unit", "other_project__investor_unit", "platform", "decided_by")
        .order_by("status", "-score"))


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
