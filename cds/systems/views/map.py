"""The systems map (an interactive graph, its data as JSON, the same map drawn as SVG on the
server) and the inventory's Word and Excel exports. Every one reads
:func:`cds.systems.mapdata.map_data` for the signed-in user under the filters of the query
string, so each shows the same systems and links."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import documents, mapsvg
from ..mapdata import LIST_PARAMS, entity_choices, map_data, read_filters
from ..models import Category, Mechanism

#: A table row per system and per link below the graph, up to this many each (the Excel
#: export has every row).
TABLE_MAX_ROWS = 500
SHOWN = ("don_vi", "loai", "du_lieu")  # the list filters the map's form shows


def _detail_url() -> str:
    """The system page's address with "{id}" for the id, for the map's script."""
    return reverse("systems:detail", args=[0]).replace("/0/", "/{id}/")


@login_required
@require_GET
def map_page(request):
    filters = read_filters(request.GET)
    data = mapsvg.place(map_data(request.user, filters))
    params = request.GET.urlencode()
    query = f"?{params}" if params else ""
    names = {n["id"]: n["name"] for n in data["nodes"]}
    detail = _detail_url()
    table_nodes = [{**n, "url": detail.replace("{id}", str(n["id"]))} for n in data["nodes"][:TABLE_MAX_ROWS]]
    edges = [{**e, "source_name": names[e["source"]], "target_name": names[e["target"]]}
             for e in data["edges"][:TABLE_MAX_ROWS]]
    return render(request, "systems/map.html", {
        "nav": "systems", "data": data, "filters": filters, "query": query,
        # list filters the map's form does not show, carried over from the list page
        "kept": [(k, v) for k, v in filters.as_params().items() if k in LIST_PARAMS and k not in SHOWN],
        "units": data["units"], "entities": entity_choices(), "categories": Category.choices,
        "mechanisms": Mechanism.choices, "table_nodes": table_nodes, "table_edges": edges,
        "table_max": TABLE_MAX_ROWS,
        "detail_url": detail,
        "unit_url": reverse("orgs:detail", args=[0]).replace("/0/", "/{id}/"),
    })


@login_required
@require_GET
def map_json(request):
    data = mapsvg.place(map_data(request.user, read_filters(request.GET)))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@login_required
@require_GET
def map_svg(request):
    svg = mapsvg.render(map_data(request.user, read_filters(request.GET)))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    if request.GET.get("tai"):
        response["Content-Disposition"] = f'attachment; filename="so-do-he-thong-{timezone.localdate():%Y%m%d}.svg"'
    return response


def _download(request, kind):
    content, name = documents.export(request.user, read_filters(request.GET), kind)
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def export_docx(request):
    return _download(request, "docx")


@login_required
@require_GET
def export_xlsx(request):
    return _download(request, "xlsx")
