"""The estimates app's part of the project page: the project's estimates (status, current
version, total, errors and warnings of the current version) and the button to prepare one."""
from cds.projects.panels import Panel

from .permissions import can_prepare_estimate
from .selectors import estimates_of_project, flag_counts


def _estimates(user, project, ctx, tab) -> None:
    rows = list(estimates_of_project(user, project).prefetch_related("versions"))
    counts = flag_counts(rows) if rows else {}
    for e in rows:
        e.current = next((v for v in e.versions.all() if v.number == e.current_version), None)
        e.counts = counts.get(e.pk, {})
    ctx["estimates"] = rows
    ctx["can_create_estimate"] = can_prepare_estimate(user, project)


PANELS = (Panel("estimates.list", "top", "estimates/_project_estimates.html", _estimates, order=30),)
