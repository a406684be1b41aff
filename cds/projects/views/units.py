"""The units directory: each unit of the user's scope with the number of projects it invests in,
and a unit's page with its reorganisations and its field history."""
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render

from cds.accounts import access
from cds.audit.history import build_history
from cds.orgs.models import Unit


@login_required
def unit_list(request):
    units = (
        access.scope_units(request.user, Unit.objects.all())
        .prefetch_related("successors", "predecessors", "aliases")
        .annotate(n_projects=Count("invested_projects"))
        .order_by("path")
    )
    return render(request, "orgs/list.html", {"nav": "units", "units": units})


@login_required
def unit_detail(request, pk):
    unit = access.scope_units(request.user, Unit.objects.select_related("parent")).filter(pk=pk).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    history = build_history([(Unit, unit.history.select_related("history_user").all(), lambda r: "Thông tin đơn vị")])
    return render(request, "orgs/detail.html", {
        "nav": "units", "u": unit, "history": history,
        "successors": unit.successors.all(), "predecessors": unit.predecessors.all(),
        "children": unit.children.order_by("code"), "aliases": unit.aliases.all(),
    })
