from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cds.directives.selectors import counts as directive_counts
from cds.projects.models import Stage
from cds.projects.selectors import home_stats


@login_required
def home(request):
    stats = home_stats(request.user)
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
    return render(request, "dashboard/home.html", {
        "nav": "home", "stats": stats, "stage_values": stage_values, "chart": chart, "rate": rate,
        "directives": directive_counts(request.user),
    })
