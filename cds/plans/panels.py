"""The yearly plan's part of the project page: the items of approved plans (and of the versions
they replaced) that fund this project — plan, version, decision and amounts by year and source.
Whoever reads the project reads them; the link to the plan only where the plan may be read."""
from django.db.models import Prefetch, Q

from cds.projects.panels import Panel

from .models import PlanItem, PlanItemCost, PlanStatus
from .permissions import scope_plans

PUBLISHED = (PlanStatus.APPROVED, PlanStatus.SUPERSEDED)


def _plans(user, project, ctx, tab) -> None:
    if tab in ("budget", "trace", "documents", "timeline", "history"):
        return
    items = list(PlanItem.objects.filter(Q(project=project) | Q(proposal__project=project),
                                         plan__status__in=PUBLISHED)
                 .select_related("plan", "plan__round", "unit")
                 .prefetch_related(Prefetch("costs", queryset=PlanItemCost.objects.select_related("funding_source")))
                 .order_by("-plan__round__year_from", "-plan__number"))
    if items:
        readable = set(scope_plans(user).filter(pk__in={i.plan_id for i in items}).values_list("pk", flat=True))
        for item in items:
            item.plan_readable = item.plan_id in readable
    ctx["project_plan_items"] = items


PANELS = (Panel("plans.project", "info", "plans/_round_project_plans.html", _plans, order=45),)
