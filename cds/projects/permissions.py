"""Who may read and change projects, built on the scope primitives of ``cds.accounts.access``.

Reading is answered with querysets (``scope_projects``) so lists cost a constant number of
queries; single objects go through ``get_project_for``, which answers 404 for what the user may
not see (no IDOR), and ``ensure_can_edit_project`` 403 for what they may see but not change.
"""
from django.core.exceptions import PermissionDenied

from cds.accounts import access
from cds.accounts.models import Role

from .models import Project


def scope_projects(user, queryset=None):
    """Projects the user may read: investor, lead or coordinating unit inside their scope."""
    qs = queryset if queryset is not None else Project.objects.all()
    scope = access.scope_for(user)
    if scope.everything:
        return qs
    if not scope.paths:
        return qs.none()
    if user.role in access.UNIT_ROLES:
        # Unit users also see projects they lead or coordinate for another investor. One
        # ``pk IN (… UNION …)`` keeps each part on its own index; an OR of the three would
        # force a full scan (bench/README.md, change C3).
        units = scope.unit_ids_query()
        ids = (
            Project.objects.filter(investor_unit__in=units).order_by().values("pk")
            .union(
                Project.objects.filter(lead_unit__in=units).order_by().values("pk"),
                Project.coordinating_units.through.objects.filter(unit__in=units).order_by().values("project_id"),
            )
        )
        return qs.filter(pk__in=ids)
    return qs.filter(scope.q("investor_unit"))


def can_read_project(user, project) -> bool:
    return scope_projects(user).filter(pk=project.pk).exists()


def investor_in_own_units(user, project) -> bool:
    return access.in_own_units(user, project.investor_unit)


def can_create_project_for(user, unit) -> bool:
    if access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD):
        return access.scope_for(user).contains(unit)
    if access.has_role(user, Role.CDS_APPRAISER, Role.ADMIN):
        return access.scope_for(user).contains(unit)
    return False


def can_create_projects(user) -> bool:
    return access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD, Role.CDS_APPRAISER, Role.ADMIN)


def can_edit_project(user, project) -> bool:
    if project.is_terminal:
        return False
    if access.has_role(user, Role.CDS_APPRAISER):
        return access.scope_for(user).contains(project.investor_unit)
    if access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD):
        return investor_in_own_units(user, project)
    return False


def can_edit_budget(user, project) -> bool:
    if access.has_role(user, Role.CDS_APPRAISER):
        return access.scope_for(user).contains(project.investor_unit)
    if access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD):
        return investor_in_own_units(user, project)
    return False


def can_transition(user, project, rule) -> bool:
    """Role check for one lifecycle rule; unit roles only on their own projects."""
    if not access.has_role(user, *rule.roles):
        return False
    if user.role in access.UNIT_ROLES:
        return investor_in_own_units(user, project)
    return access.scope_for(user).contains(project.investor_unit)


def can_see_history(user, project) -> bool:
    return can_read_project(user, project)


def can_import(user) -> bool:
    return access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD, Role.CDS_APPRAISER, Role.ADMIN)


def can_supervise(user) -> bool:
    return access.has_role(user, Role.SUPERVISOR)


def get_project_for(user, pk, *, for_update: bool = False, queryset=None):
    """The project ``pk`` if ``user`` may read it, else 404 (never reveal existence)."""
    return access.get_scoped_or_404(scope_projects(user, queryset), pk, "Không tìm thấy nhiệm vụ/dự án.")


def ensure_can_edit_project(user, project) -> None:
    if not can_edit_project(user, project):
        raise PermissionDenied("Bạn không có quyền sửa nhiệm vụ/dự án này.")
