"""The overlap app listens to the registry: a project whose texts changed is matched again."""
import logging

from cds.projects.models import Project

from .services import record_candidates

log = logging.getLogger("cds.overlap")


def queue_overlaps(sender, project_id: int, **kwargs) -> None:
    """Put the pairs the project now forms into the overlap queue. The save has already
    committed; a failure here is logged and the daily scan catches up."""
    try:
        project = Project.objects.select_related("investor_unit").prefetch_related("capabilities", "data_entities").get(pk=project_id)
        record_candidates(project)
    except Exception:  # noqa: BLE001 — logged; the registry save has already committed
        log.exception("Không ghi được cặp nghi trùng lặp cho dự án %s", project_id)
