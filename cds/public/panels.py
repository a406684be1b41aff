"""The project page's publication panel: whether the project is on its tree's public page (in
which snapshot), withheld from publication or not yet published, and — for those who may — the
form to withhold it or lift the withholding. The reason of a withholding is shown to the
province-wide roles only. Three queries."""
from cds.projects.panels import Panel

from . import selectors
from .permissions import can_manage_view, can_withhold

SKIPPED_TABS = ("budget", "trace", "documents", "timeline", "history", "in")


def _publication(user, project, ctx, tab) -> None:
    if tab in SKIPPED_TABS:
        return
    pub = selectors.project_publication(project)
    wide = can_manage_view(user)
    pub["show_reason"] = wide
    pub["can_withhold"] = wide and can_withhold(user)
    ctx["publication"] = pub


PANELS = (Panel("public.publication", "info", "public/manage/_project_panel.html", _publication, order=90),)
