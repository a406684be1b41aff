"""The reviews app's badge on the project page: the yearly effectiveness review is overdue."""
from cds.projects.models import State
from cds.projects.panels import Panel

from .selectors import staleness


def _stale(user, project, ctx, tab) -> None:
    if project.state in (State.IN_OPERATION, State.SETTLED, State.IMPLEMENTING):
        ctx["review_stale"] = staleness(project)


PANELS = (Panel("reviews.stale", "badge", "reviews/_project_stale.html", _stale, order=10),)
