"""The procurement part of the project page: the project's selection plans and their packages
(method, package and awarded price, savings, bidders, number of warnings, where the contract
stands), the project's figures (:func:`cds.procurement.selectors.figures`) and, for whoever may
record them, the link to add a plan. Whoever reads the project reads them. Three queries."""
from django.db.models import Prefetch

from cds.projects.panels import Panel

from . import selectors
from .exporter import state_label
from .models import Package, SelectionPlan
from .permissions import can_record

SKIPPED_TABS = ("budget", "trace", "documents", "timeline", "history")


def _procurement(user, project, ctx, tab) -> None:
    if tab in SKIPPED_TABS:
        return
    recorder = can_record(user, project)
    packages = selectors.list_rows(Package.objects.filter(project=project)).order_by("selection_start", "id")
    plans = list(SelectionPlan.objects.filter(project=project).order_by("decision_date", "id")
                 .prefetch_related(Prefetch("packages", queryset=packages, to_attr="package_rows")))
    if not plans and not recorder:
        return
    for package in selectors.with_warnings([p for plan in plans for p in plan.package_rows]):
        package.state = state_label(package)
    ctx["procurement_panel"] = {
        "plans": plans, "can_record": recorder,
        "figures": selectors.figures(Package.objects.filter(project=project)) if plans else {"count": 0},
    }


PANELS = (Panel("procurement.project", "info", "procurement/_project_panel.html", _procurement, order=50),)
