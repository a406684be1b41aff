"""Who may read, prepare and check estimates. The investor unit prepares (the maker); the CĐS
appraiser or the supervisor of the project's tree checks; nobody checks an estimate they
prepared (enforced again in the services, whatever the page offers)."""
from cds.accounts import access
from cds.accounts.models import Role
from cds.projects.permissions import investor_in_own_units, scope_projects

from .models import Estimate

CHECKER_ROLES = (Role.CDS_APPRAISER, Role.SUPERVISOR)


def scope_estimates(user, queryset=None):
    """Estimates of projects the user may read."""
    qs = queryset if queryset is not None else Estimate.objects.all()
    scope = access.scope_for(user)
    if scope.everything:
        return qs
    if user.role not in access.UNIT_ROLES:
        return qs.filter(scope.q("project__investor_unit")) if scope.paths else qs.none()
    return qs.filter(project__in=scope_projects(user).values("pk"))


def get_estimate_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_estimates(user, queryset), pk, "Không tìm thấy dự toán.")


def can_prepare_estimate(user, project) -> bool:
    """Staff and heads of the investor unit prepare its estimates."""
    return access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD) and investor_in_own_units(user, project)


def can_check_estimates(user) -> bool:
    return access.has_role(user, *CHECKER_ROLES)


def can_check_estimate(user, estimate) -> bool:
    return can_check_estimates(user) and access.scope_for(user).contains(estimate.project.investor_unit)
