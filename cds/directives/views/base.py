"""What the register's pages share: the tabs' context and the objects every page fetches
through the access helper (404 outside the user's scope, 403 for what they may not do)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cds.accounts import access
from cds.orgs.models import Unit

from .. import selectors
from ..permissions import (
    can_manage_directive,
    can_register_directives,
    can_view_directive_overview,
    get_directive_for,
    get_task_for,
)


def page_context(request, tab: str, **extra) -> dict:
    """What every page of the register needs: the tabs and the "Nhập văn bản" button."""
    user = request.user
    ctx = {
        "nav": "directives", "tab": tab, "today": timezone.localdate(),
        "can_register": can_register_directives(user),
        "wide": can_view_directive_overview(user),
    }
    ctx.update(extra)
    return ctx


def tree_units(user, directive):
    """Units of the directive's tree the user may pick as lead or coordinating units."""
    return list(access.scope_units(user, Unit.objects.filter(path__startswith=directive.issuer.tree_prefix))
                .order_by("path"))


def directive_for(request, pk):
    return get_directive_for(request.user, pk, selectors.directive_queryset())


def managed_directive(request, pk):
    directive = directive_for(request, pk)
    if not can_manage_directive(request.user, directive):
        raise PermissionDenied("Chỉ cơ quan ban hành văn bản (người nhập văn bản) được giao, sửa nhiệm vụ.")
    return directive


def task_for(request, pk):
    return get_task_for(request.user, pk, selectors.task_queryset())


def allowed_task(request, pk, check, refusal: str):
    task = task_for(request, pk)
    if not check(request.user, task):
        raise PermissionDenied(refusal)
    return task
