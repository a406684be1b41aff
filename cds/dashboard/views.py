"""The home page: first what waits on the user ("Việc cần làm", contributed by the apps through
:mod:`cds.core.todo`, each item a count and a link to the page listing exactly those records),
then the portfolio in figures and charts. The leadership dashboard ("Điều hành") is in
:mod:`cds.dashboard.leadership_views`."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from cds.core import todo
from cds.plans.selectors import execution_overview
from cds.projects.models import Stage
from cds.projects.permissions import scope_projects
from cds.projects.selectors import home_stats
from cds.systems import equipment_stats

EQUIPMENT_UNITS = 10  # units shown on the equipment card (the largest shares not serving)


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    entries = todo.for_user(user, today)
    stats = home_stats(user)
    t = stats["totals"]
    stage_values = [
        (Stage.ESTIMATE.label, t["estimate"]), (Stage.APPROVED.label, t["approved"]),
        (Stage.ALLOCATED.label, t["allocated"]), (Stage.DISBURSED.label, t["disbursed"]),
        (Stage.SETTLED.label, t["settled"]),
    ]
    chart = {
        "states": {"labels": [s[1] for s in stats["states"]], "values": [s[2] for s in stats["states"]]},
        "stages": {"labels": [s[0] for s in stage_values], "values": [round(v / 1e9, 2) for _, v in stage_values]},
    }
    rate = round(t["disbursed"] * 100 / t["allocated"], 1) if t["allocated"] else None
    projects = scope_projects(user)
    equipment_units = equipment_stats.by_investor_unit(projects)
    return render(request, "dashboard/home.html", {
        "nav": "home", "today": today, "stats": stats, "stage_values": stage_values, "chart": chart, "rate": rate,
        "act": _by_count([e for e in entries if e.todo.kind == todo.ACT]),
        "watch": _by_count([e for e in entries if e.todo.kind == todo.WATCH]),
        "equipment": equipment_stats.for_projects(projects), "equipment_units": equipment_units[:EQUIPMENT_UNITS],
        "equipment_units_more": max(0, len(equipment_units) - EQUIPMENT_UNITS),
        "plans": execution_overview(user, today.year),
    })


def _by_count(entries) -> dict:
    """The items with something in them first (in their order), then those at zero."""
    return {"some": [e for e in entries if e.n], "none": [e for e in entries if not e.n], "all": entries}
