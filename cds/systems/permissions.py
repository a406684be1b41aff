"""Who may read and change the systems map.

Reading: national platforms and common software (no root unit) are seen by everyone signed in.
A province's systems are seen by the province-wide roles of its tree; a unit's staff and head
see their own units' systems (subtree and predecessors, as everywhere) and the core, shared
systems of their province, which every unit must build on — not the other units' sector
systems. Projects, equipment and integrations shown beside a system are filtered again by their
own rules (a project's name only where the project may be read; an integration only where both
ends may be read).

Changing: a unit edits the systems it owns; the CĐS authority (appraiser) and the administrator
edit every system of their tree; national rows are the administrator's. Only a head of the
owner unit attests a record (the quality seal).
"""
from django.db.models import Q

from cds.accounts import access
from cds.accounts.models import Role
from cds.projects.permissions import investor_in_own_units

from .models import Category, InformationSystem

#: Categories that, on a row of no tree, are a reference type rather than a real system.
REFERENCE_CATEGORIES = (Category.CORE, Category.SECTOR, Category.UNIT)
EDITOR_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD, Role.CDS_APPRAISER, Role.ADMIN)
TREE_EDITORS = (Role.CDS_APPRAISER, Role.ADMIN)


def scope_systems(user, queryset=None):
    qs = queryset if queryset is not None else InformationSystem.objects.all()
    scope = access.scope_for(user)
    if scope.everything:
        return qs
    if not scope.paths:
        return qs.none()
    shared = Q(root_unit__isnull=True)
    if user.role in access.UNIT_ROLES:
        own = scope.q("owner_unit") | scope.q("operating_unit")
        core = Q(category=Category.CORE, root_unit_id=user.unit.root_pk)
        return qs.filter(shared | own | core)
    return qs.filter(shared | scope.q("root_unit"))


def inventory_systems(user, queryset=None):
    """The systems the user may read that belong to an inventory: a province's or ministry's
    own and the national platforms and common software. The catalogue's reference types of
    shared systems (an LGSP, a one-stop shop "of a province", no tree) stay out of lists, maps
    and exports; they exist so that the overlap check recognises a proposal to build one."""
    return scope_systems(user, queryset).exclude(root_unit__isnull=True, category__in=REFERENCE_CATEGORIES)


def get_system_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_systems(user, queryset), pk, "Không tìm thấy hệ thống thông tin.")


def can_read_system(user, system) -> bool:
    return scope_systems(user, InformationSystem.objects.filter(pk=system.pk)).exists()


def can_create_systems(user) -> bool:
    return access.has_role(user, *EDITOR_ROLES) and user.unit_id is not None or access.has_role(user, Role.ADMIN)


def can_create_system_for(user, unit) -> bool:
    """A unit registers systems it owns; the CĐS authority and the administrator any unit of
    their tree."""
    if unit is None:
        return access.has_role(user, Role.ADMIN)
    if access.has_role(user, *TREE_EDITORS):
        return access.scope_for(user).contains(unit)
    return access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD) and access.in_own_units(user, unit)


def can_edit_system(user, system) -> bool:
    if system.root_unit_id is None:
        return access.has_role(user, Role.ADMIN)
    if access.has_role(user, *TREE_EDITORS):
        return access.scope_for(user).contains(system.root_unit)
    return (access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD)
            and system.owner_unit_id is not None and access.in_own_units(user, system.owner_unit))


def can_attest(user, system) -> bool:
    """The head of the owner unit (the LeanIX "Accountable") attests the record."""
    return (access.has_role(user, Role.UNIT_HEAD) and system.owner_unit_id is not None
            and access.in_own_units(user, system.owner_unit))


def can_report_equipment(user, equipment) -> bool:
    """The equipment's status is reported by whoever may edit its system, the project's investor
    unit, or the CĐS authority of the tree."""
    if equipment.system_id and can_edit_system(user, equipment.system):
        return True
    if access.has_role(user, *TREE_EDITORS):
        return access.scope_for(user).contains(equipment.project.investor_unit)
    return access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD) and investor_in_own_units(user, equipment.project)


def can_see_history(user, system) -> bool:
    return user.role != Role.UNIT_STAFF or can_edit_system(user, system)
