"""Who may check for overlaps, see candidates' names, and work the review queue."""
from django.db.models import Q

from cds.accounts import access
from cds.accounts.models import Role
from cds.systems.permissions import scope_systems

from .models import OverlapPair


def overlap_trees(user) -> tuple[str, ...] | None:
    """Unit-path prefixes whose project *names* may be shown to ``user`` as overlap candidates:
    the whole tree of the user's unit (a unit user learns that another unit of the province
    runs a similar system — its name, code and unit, nothing else), every tree for national
    users (None). Restricted fields stay behind :func:`get_project_for`."""
    if not user.is_authenticated or not user.is_active:
        return ()
    if user.unit_id is None:
        return None if user.role in access.WIDE_ROLES else ()
    return (user.unit.tree_prefix,)


def naming_trees(user, within: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    """The trees whose projects may be *named* to ``user`` (:func:`overlap_trees`), narrowed to
    ``within`` when given — a dossier, its findings and its report belong to the project's tree,
    so even a national reader's view of them names nothing of another tree."""
    trees = overlap_trees(user)
    if within is None:
        return trees
    return tuple(within) if trees is None else tuple(t for t in trees if t in within)


def may_name(trees: tuple[str, ...] | None, unit_path: str | None) -> bool:
    """May a project (its investor unit's path) or a system (its tree's path, "" for one of no
    tree) be named to a reader of ``trees`` (None: every tree)?"""
    return trees is None or not unit_path or unit_path.startswith(tuple(trees))


def can_open_candidate(user, candidate, readable_systems=None) -> bool:
    """May the user open an overlap candidate's page: a project of their scope, a system they
    may read (``readable_systems``: the ids of those among the candidates, when already read)?"""
    if candidate.kind == "system":
        if readable_systems is None:
            readable_systems = set(scope_systems(user).filter(pk=candidate.id).values_list("pk", flat=True))
        return candidate.id in readable_systems
    scope = access.scope_for(user)
    return scope.everything or any(candidate.unit_path.startswith(p) for p in scope.paths)


def can_check_overlap(user) -> bool:
    return bool(user.is_authenticated and user.is_active and overlap_trees(user) != ())


def can_view_overlap_queue(user) -> bool:
    return access.has_role(user, *access.WIDE_ROLES)


def can_decide_overlap(user) -> bool:
    return access.has_role(user, Role.CDS_APPRAISER, Role.ADMIN)


def scope_overlap_pairs(user, queryset=None):
    """Pairs both of whose projects the user may read (queue roles see their whole tree; a pair
    across two provinces appears only to national users); a pair with a system appears where
    the system's name may be shown (one of no tree everywhere, a province's in its tree)."""
    qs = queryset if queryset is not None else OverlapPair.objects.all()
    if not can_view_overlap_queue(user):
        return qs.none()
    scope = access.scope_for(user)
    if scope.everything:
        return qs
    # the other side: a project the user may read, or a system of no tree or of the user's
    systems = Q(system__root_unit__isnull=True)
    for tree in overlap_trees(user) or ():
        systems |= Q(system__root_unit__path__startswith=tree)
    return qs.filter(scope.q("project__investor_unit")).filter(
        (Q(other_project__isnull=True) & systems) | scope.q("other_project__investor_unit"))
