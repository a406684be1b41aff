"""The register's block on the project page: the difficulties raised on the project (those the
user reads) and, for whoever may raise one, the link to do so. One query."""
from cds.projects.panels import Panel

from .bottleneck_selectors import project_items
from .permissions import can_raise

SKIPPED_TABS = ("budget", "trace", "documents", "timeline", "history")


def _bottlenecks(user, project, ctx, tab) -> None:
    if tab in SKIPPED_TABS:
        return
    rows = project_items(user, project)
    raise_link = can_raise(user)
    if rows or raise_link:
        ctx["bottleneck_panel"] = {"rows": rows, "can_raise": raise_link}


PANELS = (Panel("surveys.bottlenecks", "info", "surveys/bottlenecks/_project_panel.html", _bottlenecks, order=60),)
