"""Who may read, propose, check and reuse library entries.

* A published entry is read by every signed-in user of every tree: good practices are there to
  be learnt from across provinces and ministries. What an entry links to (projects, systems,
  reviews) is shown to a reader only where the reader may read that record itself
  (:func:`cds.library.selectors.visible_links`) — a project of another tree is never named.
* Entries not yet published (draft, submitted, returned, withdrawn) are read by the unit that
  proposed them (its unit roles) and by the province-wide roles of its tree.
* A unit (staff or head) proposes entries for its own unit and submits them; the CĐS authority
  may also propose for any unit of its tree and nominates entries from reviews rated "Hiệu quả".
* The CĐS authority of the tree checks a submitted entry and publishes it or returns it — never
  the one who drafted or submitted it (maker ≠ checker, in the services) — and withdraws a
  published one with a reason.
* Reuse: a unit role that may register projects starts a new proposal from a published entry.
"""
from django.db.models import Q

from cds.accounts import access
from cds.accounts.models import Role

from .models import Status

PROPOSERS = (Role.UNIT_STAFF, Role.UNIT_HEAD, Role.CDS_APPRAISER)
CHECKERS = (Role.CDS_APPRAISER,)
REUSERS = (Role.UNIT_STAFF, Role.UNIT_HEAD)


def readable_q(user) -> Q:
    """Q over practices the user may read (see the module docstring); nothing for anonymous users."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    published = Q(status=Status.PUBLISHED)
    scope = access.scope_for(user)
    if scope.everything:
        return Q()
    return published | scope.q("unit")


def can_propose(user) -> bool:
    return access.has_role(user, *PROPOSERS)


def can_propose_for(user, unit) -> bool:
    if not can_propose(user) or unit is None:
        return False
    if user.role == Role.CDS_APPRAISER:
        return access.scope_for(user).contains(unit)
    return access.in_own_units(user, unit)


def can_edit(user, practice) -> bool:
    """Drafts and returned entries, by the proposing unit or the CĐS authority of the tree."""
    return practice.status in (Status.DRAFT, Status.RETURNED) and can_propose_for(user, practice.unit)


def can_check(user, practice=None) -> bool:
    if not access.has_role(user, *CHECKERS):
        return False
    return practice is None or access.scope_for(user).contains(practice.unit)


def can_edit_content(user, practice) -> bool:
    """Measured results and documents: while the entry is editable (draft or returned) by the
    proposing unit, or by the CĐS authority of the tree at any time before it is withdrawn."""
    if can_edit(user, practice):
        return True
    return practice.status != Status.WITHDRAWN and can_check(user, practice)


def can_reuse(user) -> bool:
    return access.has_role(user, *REUSERS) and user.unit_id is not None
