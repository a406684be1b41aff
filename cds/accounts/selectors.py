"""Who acts for a unit, and who holds a role in a tree: the people notifications go to."""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from cds.orgs.models import Unit
from cds.orgs.selectors import current_successors

from .models import User


def responsible_people(unit_ids, roles) -> dict[int, list[User]]:
    """{unit id: active users with ``roles`` who act for it} (see the module docstring)."""
    units = Unit.objects.in_bulk(list(unit_ids))
    successor = current_successors(u for u in units.values() if u.valid_to)
    chains, needed = {}, set()
    for uid, unit in units.items():
        chain, base = [unit.pk], unit
        if unit.valid_to:
            base = successor[unit.pk]
            chain.append(base.pk)
        chain += [int(x) for x in base.path.strip("/").split("/")[:-1][::-1] if x]
        chains[uid] = chain
        needed.update(chain)
    by_unit = defaultdict(list)
    for user in User.objects.filter(is_active=True, role__in=roles, unit_id__in=needed).order_by("pk"):
        by_unit[user.unit_id].append(user)
    return {uid: next((by_unit[c] for c in chain if by_unit[c]), []) for uid, chain in chains.items()}


def tree_people(unit: Unit, roles) -> list[User]:
    """Active users with ``roles`` anywhere in ``unit``'s tree (its root's subtree), and
    national users with those roles (no unit)."""
    root = unit.tree_prefix
    return list(User.objects.filter(Q(unit__path__startswith=root) | Q(unit__isnull=True),
                                    is_active=True, role__in=roles).order_by("pk"))
