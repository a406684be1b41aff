from django.conf import settings

from cds.accounts import access
from cds.accounts.models import Role


def site(request):
    user = getattr(request, "user", None)
    ctx = {"SITE_NAME": settings.SITE_NAME, "DEMO_MODE": settings.DEMO_MODE}
    if user is not None and user.is_authenticated:
        ctx.update({
            "can_create_projects": access.can_create_projects(user),
            "can_import": access.can_import(user),
            "can_view_audit": access.can_view_audit_log(user),
            "can_view_overlap": access.can_view_overlap_queue(user),
            "is_admin": user.role == Role.ADMIN,
        })
    return ctx
