"""Who may read and change procurement records.

* Reading follows the project: whoever may read a project (its investor, lead and coordinating
  units; the province-wide roles of its tree; national roles everywhere) reads its selection
  plans, packages, results, contracts, payments and warnings. An inspector reads everything in
  the tree and changes nothing.
* The investor unit's staff and head, and the CĐS authority of the tree, record plans, packages,
  results, contracts and payments (the same people who keep the project's ledger).
* A package is confirmed by a unit head of the investor or by the CĐS authority — never by the
  person who last changed it (maker ≠ checker, enforced in the services).
* Rule data (law versions, method limits, cut-offs, column mappings) is the administrator's.
"""
from cds.accounts import access
from cds.accounts.models import Role
from cds.projects.permissions import can_edit_budget, scope_projects

from .models import Package, SelectionPlan

RECORDERS = (Role.UNIT_STAFF, Role.UNIT_HEAD, Role.CDS_APPRAISER)
CONFIRMERS = (Role.UNIT_HEAD, Role.CDS_APPRAISER)


def _of_readable_projects(user, qs):
    """``qs`` (rows with a ``project``) limited to the projects the user may read: one
    ``project IN (…)`` sub-query."""
    scope = access.scope_for(user)
    if scope.everything:
        return qs
    if not scope.paths:
        return qs.none()
    return qs.filter(project__in=scope_projects(user).values("pk"))


def scope_packages(user, queryset=None):
    return _of_readable_projects(user, queryset if queryset is not None else Package.objects.all())


def scope_plans(user, queryset=None):
    return _of_readable_projects(user, queryset if queryset is not None else SelectionPlan.objects.all())


def get_package_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_packages(user, queryset), pk, "Không tìm thấy gói thầu.")


def get_plan_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_plans(user, queryset), pk, "Không tìm thấy kế hoạch lựa chọn nhà thầu.")


def can_record(user, project) -> bool:
    """May record plans, packages, results, contracts and payments of ``project``."""
    return access.has_role(user, *RECORDERS) and can_edit_budget(user, project)


def can_record_any(user) -> bool:
    return access.has_role(user, *RECORDERS)


def can_confirm(user, package) -> bool:
    """Role and scope of a confirmation; that the confirmer is not the last maker is checked in
    the service (the message says why)."""
    if not access.has_role(user, *CONFIRMERS):
        return False
    if user.role == Role.CDS_APPRAISER:
        return access.scope_for(user).contains(package.unit)
    return access.in_own_units(user, package.unit)


def can_import(user) -> bool:
    return access.has_role(user, *RECORDERS)


def can_manage_rules(user) -> bool:
    return access.has_role(user, Role.ADMIN)
