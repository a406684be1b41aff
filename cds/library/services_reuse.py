"""Reuse of a published entry: "Tái sử dụng mô hình" registers a new proposal pre-filled from the
entry and links it to the entry (:class:`~cds.library.models.Reuse`), in one transaction, so reuse
is countable on the entry, on the dashboard and in the ranking."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cds.audit.services import record_event
from cds.core.errors import ServiceError
from cds.projects.models import Project
from cds.projects.services import create_project

from .models import Practice, Reuse, Status
from .permissions import can_reuse

NOT_PUBLISHED = "Chỉ tái sử dụng được mô hình đang được công bố."


@transaction.atomic
def start_reuse(actor, practice: Practice, data: dict) -> Project:
    """Register the proposal ``data`` (as :func:`cds.projects.services.create_project` takes it)
    as a reuse of the published ``practice``: the project and its link, or nothing."""
    if not can_reuse(actor):
        raise PermissionDenied("Chỉ cán bộ, lãnh đạo đơn vị đăng ký đề xuất tái sử dụng mô hình.")
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != Status.PUBLISHED:
        raise ServiceError(NOT_PUBLISHED)
    project = create_project(actor, data)
    Reuse.objects.create(practice=practice, project=project, unit=project.investor_unit, created_by=actor)
    record_event(actor, "library.reused", practice, data={"code": practice.code, "title": practice.title,
                                                           "project": project.code})
    return project
