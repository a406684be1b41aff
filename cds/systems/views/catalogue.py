"""The province's danh mục CSDL: each data entity with its master system and sharing class."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors


@login_required
def data_catalogue(request):
    rows = selectors.data_catalogue(request.user)
    return render(request, "systems/data_catalogue.html", {
        "nav": "systems", "rows": rows, "two_masters": sum(1 for r in rows if r.two_masters),
        "no_master": sum(1 for r in rows if not r.masters and not r.national)})
