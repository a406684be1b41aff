from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from cds.accounts import access

from .models import Unit


@login_required
def unit_list(request):
    units = (
        access.scope_units(request.user, Unit.objects.all())
        .prefetch_related("successors", "predecessors", "aliases")
        .annotate(n_projects=Count("invested_projects"))
        .order_by("path")
    )
    return render(request, "orgs/list.html", {"nav": "units", "units": units})
