"""The lists of systems that wait on someone, shared by the list page's work filters and the home
page's "Việc cần làm" (:mod:`cds.systems.todo`), so the number on the home page is the number of
rows on the page it links to:

* ``cua-don-vi=1``: the systems the user's own units own;
* ``xac-nhan=chua``: of those, the records whose quality seal is missing, broken by another
  person's edit or older than twelve months (the owner unit's head attests);
* ``bo-sung=1``: of those, the records less than :data:`LOW_COMPLETENESS` % complete or with a
  finding (the unit's staff completes them).
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from cds.accounts import access

from .models import SEAL_DAYS, SHARED_CATEGORIES
from .permissions import scope_systems

LOW_COMPLETENESS = 60

MINE = "cua-don-vi"
SEAL = "xac-nhan"
SEAL_MISSING = "chua"
WORK = "bo-sung"


def own_systems(user, qs=None):
    """The systems owned by the user's own units (a unit role), none for other roles."""
    qs = qs if qs is not None else scope_systems(user)
    if user.role not in access.UNIT_ROLES:
        return qs.none()
    return qs.filter(access.scope_for(user).q("owner_unit")).exclude(category__in=SHARED_CATEGORIES)


def unsealed(qs, now=None):
    """Records without a valid seal: never attested, broken, or attested more than SEAL_DAYS ago."""
    now = now or timezone.now()
    return qs.filter(Q(attested_at__isnull=True) | Q(attested_at__lt=now - dt.timedelta(days=SEAL_DAYS)))


def needs_seal(user):
    return unsealed(own_systems(user))


def needs_work(rows, findings: dict) -> list:
    """Of the rows (with ``completeness`` set, see selectors.system_list), those under
    LOW_COMPLETENESS % or with a finding."""
    return [s for s in rows if (s.completeness is not None and s.completeness.percent < LOW_COMPLETENESS)
            or findings.get(s.pk)]


def narrow(user, qs, params) -> tuple:
    """Apply the work filters of ``params`` to ``qs``; (queryset, whether ``bo-sung`` is asked,
    the values kept for the form)."""
    flt = {MINE: params.get(MINE) == "1", SEAL: params.get(SEAL) == SEAL_MISSING, WORK: params.get(WORK) == "1"}
    if flt[MINE] or flt[SEAL] or flt[WORK]:
        qs = own_systems(user, qs)
    if flt[SEAL]:
        qs = unsealed(qs)
    return qs, flt
