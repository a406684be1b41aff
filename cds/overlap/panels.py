"""The overlap app's blocks on the project page: decided findings, and similar systems."""
from cds.projects.panels import Panel

from . import selectors, services
from .permissions import can_check_overlap, overlap_trees


def _flags(user, project, ctx, tab) -> None:
    ctx["overlap_flags"] = selectors.flags(project, overlap_trees(user))
    ctx["overlap_duplicate"] = any(f.status == "duplicate" for f in ctx["overlap_flags"])


def _similar(user, project, ctx, tab) -> None:
    if tab == "info" and can_check_overlap(user):
        ctx["similar"] = selectors.with_links(user, services.check(
            user, project.name, f"{project.objectives} {project.scope}", project=project, k=5))
        ctx["overlap_building_note"] = services.building_note()


PANELS = (
    Panel("overlap.flags", "top", "overlap/_project_flags.html", _flags, order=10),
    Panel("overlap.similar", "info", "overlap/_project_similar.html", _similar, order=10),
)
