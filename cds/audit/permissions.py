"""Who may read the audit log."""
from cds.accounts import access
from cds.accounts.models import Role


def can_view_audit_log(user) -> bool:
    return access.has_role(user, Role.INSPECTOR, Role.ADMIN, Role.LEADER, Role.SUPERVISOR)
