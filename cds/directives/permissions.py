"""Who may read and act on directives and their tasks.

A directive belongs to its issuer's tree. Province-wide roles read every directive and task of
their tree; a unit reads the directives its unit issued and those assigning it a task (as lead
or coordinating unit), and of those only the tasks concerning it or issued by it. The CĐS
agency (appraiser) and admins register directives for the tree; a unit registers its own
internal directives. The lead unit reports progress; its head asks for an extension, which
the issuer decides — the province's leaders for the UBND tỉnh, the issuing unit's head
otherwise — and never the person who asked.
"""
from django.db.models import Q

from cds.accounts import access
from cds.accounts.models import Role

from .models import Directive, Task


def _unit_user_task_q(user) -> Q:
    units = access.scope_for(user).unit_ids_query()
    return Q(lead_unit__in=units) | Q(pk__in=coordinated_tasks(units)) | Q(directive__issuer__in=units)


def coordinated_tasks(units):
    """Ids of the tasks that ``units`` (a queryset of unit ids) coordinate."""
    return Task.coordinating_units.through.objects.filter(unit__in=units).values("task_id")


def scope_tasks(user, queryset=None):
    qs = queryset if queryset is not None else Task.objects.all()
    scope = access.scope_for(user)
    if scope.everything:
        return qs
    if not scope.paths:
        return qs.none()
    if user.role in access.UNIT_ROLES:
        return qs.filter(_unit_user_task_q(user))
    return qs.filter(scope.q("directive__issuer"))


def scope_directives(user, queryset=None):
    qs = queryset if queryset is not None else Directive.objects.all()
    scope = access.scope_for(user)
    if scope.everything:
        return qs
    if not scope.paths:
        return qs.none()
    if user.role in access.UNIT_ROLES:
        return qs.filter(Q(issuer__in=scope.unit_ids_query()) | Q(pk__in=scope_tasks(user).values("directive_id")))
    return qs.filter(scope.q("issuer"))


def get_directive_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_directives(user, queryset), pk, "Không tìm thấy văn bản chỉ đạo.")


def get_task_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_tasks(user, queryset), pk, "Không tìm thấy nhiệm vụ.")


def can_register_directives(user) -> bool:
    return access.has_role(user, Role.CDS_APPRAISER, Role.ADMIN, Role.UNIT_STAFF, Role.UNIT_HEAD)


def can_issue_for(user, unit) -> bool:
    """May the user register a directive issued by ``unit`` (and manage its tasks)?"""
    if access.has_role(user, Role.CDS_APPRAISER, Role.ADMIN):
        return access.scope_for(user).contains(unit)
    if access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD):
        return user.unit_id is not None and unit is not None and unit.pk == user.unit_id
    return False


def can_manage_directive(user, directive) -> bool:
    return can_issue_for(user, directive.issuer)


def can_report_task(user, task) -> bool:
    return (access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD) and task.lead_unit_id is not None
            and access.scope_for(user).contains(task.lead_unit))


def can_request_extension(user, task) -> bool:
    return access.has_role(user, Role.UNIT_HEAD) and task.lead_unit_id is not None and access.scope_for(user).contains(task.lead_unit)


def can_decide_extension(user, task) -> bool:
    issuer = task.directive.issuer
    if issuer.parent_id is None:  # UBND tỉnh (or a ministry): its leaders decide
        return access.has_role(user, Role.LEADER) and access.scope_for(user).contains(issuer)
    return access.has_role(user, Role.UNIT_HEAD) and user.unit_id == issuer.pk


def can_view_directive_overview(user) -> bool:
    """The province-wide views (all tasks, overdue first; unit performance)."""
    return access.has_role(user, *access.WIDE_ROLES)
