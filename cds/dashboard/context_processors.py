from django.conf import settings

from cds.accounts.access import WIDE_ROLES
from cds.accounts.models import Role
from cds.audit.permissions import can_view_audit_log
from cds.estimates.permissions import can_check_estimates
from cds.overlap.permissions import can_view_overlap_queue
from cds.projects.permissions import can_create_projects, can_import


def site(request):
    user = getattr(request, "user", None)
    ctx = {"SITE_NAME": settings.SITE_NAME, "DEMO_MODE": settings.DEMO_MODE}
    if user is not None and user.is_authenticated:
        ctx.update({
            "can_create_projects": can_create_projects(user),
            "can_import": can_import(user),
            "can_view_audit": can_view_audit_log(user),
            "can_view_overlap": can_view_overlap_queue(user),
            "can_check_estimates": can_check_estimates(user),
            "is_admin": user.role == Role.ADMIN,
            "sees_leadership": user.role in WIDE_ROLES,
        })
    return ctx
