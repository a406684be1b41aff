"""Who may read and change ranking methods, periods, results and follow-up items.

* The administrator drafts a method version and submits it; a leader of the tree approves it or
  sends it back — never the one who drafted it (maker ≠ checker, in the services). An approved
  version is published: every user of the tree reads it. Drafts and versions waiting for approval
  are read by the administrator and the leaders only.
* The administrator opens a period and computes it (as often as needed while it is a draft); a
  leader publishes it, which freezes it. A published period — its table of units, ranks and scores
  — is read by every user of the tree; a unit reads the criterion-by-criterion detail of its own
  result; the province-wide roles read every unit's detail. Results computed under another method
  version (for comparison) and draft periods are the administrator's and the leaders' only.
* Follow-up items (alerts) are the CĐS authority's: it owns, reviews and closes them; leaders,
  supervisors, inspectors and the administrator of the tree read them; a unit reads those on its
  own projects.
"""
from django.db.models import F, Q

from cds.accounts import access
from cds.accounts.models import Role

from .models import Alert, Method, MethodStatus, Period, PeriodStatus, Result

DRAFTERS = (Role.ADMIN,)
APPROVERS = (Role.LEADER,)
INSIDERS = (Role.ADMIN, Role.LEADER)          # read drafts and comparisons
ALERT_MANAGERS = (Role.CDS_APPRAISER, Role.ADMIN)


def _tree_q(user, field: str) -> Q | None:
    """Q over a root-unit field for a user of a tree (every role); None when the user has none."""
    scope = access.scope_for(user)
    if scope.everything:
        return Q()
    if not user.is_authenticated or not user.unit_id:
        return None
    return Q(**{f"{field}__path__startswith": user.unit.tree_prefix})


def can_draft(user) -> bool:
    return access.has_role(user, *DRAFTERS)


def can_approve(user) -> bool:
    return access.has_role(user, *APPROVERS)


def sees_drafts(user) -> bool:
    return access.has_role(user, *INSIDERS)


def scope_methods(user, queryset=None):
    qs = queryset if queryset is not None else Method.objects.all()
    q = _tree_q(user, "root_unit")
    if q is None:
        return qs.none()
    qs = qs.filter(q)
    return qs if sees_drafts(user) else qs.filter(status=MethodStatus.APPROVED)


def get_method_for(user, pk):
    return access.get_scoped_or_404(scope_methods(user), pk, "Không tìm thấy phương pháp xếp hạng.")


def scope_periods(user, queryset=None):
    qs = queryset if queryset is not None else Period.objects.all()
    q = _tree_q(user, "root_unit")
    if q is None:
        return qs.none()
    qs = qs.filter(q)
    return qs if sees_drafts(user) else qs.filter(status=PeriodStatus.PUBLISHED)


def get_period_for(user, pk):
    return access.get_scoped_or_404(scope_periods(user).select_related("method", "root_unit"), pk,
                                    "Không tìm thấy kỳ xếp hạng.")


def scope_results(user, queryset=None):
    """Rows of ranking tables the user may read: a published period's own method for everyone in
    the tree; drafts and comparisons for the administrator and the leaders."""
    qs = queryset if queryset is not None else Result.objects.all()
    qs = qs.filter(period__in=scope_periods(user).values("pk"))
    if sees_drafts(user):
        return qs
    return qs.filter(method=F("period__method"))


def can_read_detail(user, result) -> bool:
    """Criterion by criterion, with the records behind each value: the province-wide roles of the
    tree, and the unit itself (its subtree, or a unit it succeeded)."""
    if not scope_results(user).filter(pk=result.pk).exists():
        return False
    if user.role in access.WIDE_ROLES:
        return True
    return access.scope_for(user).contains(result.unit)


def scope_details(user, queryset=None):
    """The results whose detail the user may read (see :func:`can_read_detail`)."""
    qs = scope_results(user, queryset)
    if user.role in access.WIDE_ROLES:
        return qs
    return qs.filter(access.scope_for(user).q("unit"))


def get_result_for(user, pk):
    return access.get_scoped_or_404(
        scope_details(user).select_related("period", "method", "unit", "period__root_unit"), pk,
        "Không tìm thấy kết quả xếp hạng của đơn vị.")


# ------------------------------------------------------------------ follow-up items

def scope_alerts(user, queryset=None):
    qs = queryset if queryset is not None else Alert.objects.all()
    # the province-wide roles by the item's tree, a unit role by the project's investor unit
    return qs.filter(access.scope_for(user).q("root_unit" if user.role in access.WIDE_ROLES else "unit"))


def get_alert_for(user, pk):
    return access.get_scoped_or_404(scope_alerts(user).select_related("project", "unit", "owner"), pk,
                                    "Không tìm thấy việc theo dõi.")


def can_manage_alerts(user) -> bool:
    return access.has_role(user, *ALERT_MANAGERS)
