"""The open-data feeds (/mo/v1/<dataset>.json and .csv) and their data dictionary (/mo/v1/): no
account, published snapshots only (:mod:`cds.public.opendata`).

Each feed answers with ``ETag`` and ``Last-Modified`` and ``304 Not Modified`` to a conditional
request (Django's :func:`~django.views.decorators.http.condition`), ``Cache-Control: public,
max-age=300`` and ``Access-Control-Allow-Origin: *``; every view counts against the public
request limit (:mod:`cds.core.throttle`).
"""
from __future__ import annotations

from functools import wraps

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import condition, require_safe

from cds.core.throttle import throttle

from .. import dictionary as data_dictionary
from .. import opendata, selectors
from ..models import Dataset

CACHE_CONTROL = "public, max-age=300"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
LICENCE = "Dữ liệu công khai theo quy định; ghi nguồn khi sử dụng."
KIND_LABELS = {"text": "văn bản", "int": "số nguyên", "vnd": "số nguyên (đồng)", "date": "ngày (YYYY-MM-DD)",
               "datetime": "thời điểm (ISO 8601, giờ Việt Nam)", "list": "danh sách"}


# ------------------------------------------------------------------ helpers

def _selection(request, dataset: str, fmt: str):
    """The request's Selection (or FeedError), worked out once for the validators and the view."""
    cache = request.__dict__.setdefault("_open_data", {})
    if fmt not in cache:
        try:
            cache[fmt] = opendata.select(dataset, request.GET, whole_by_default=fmt == "csv")
        except opendata.FeedError as error:
            cache[fmt] = error
    return cache[fmt]


def _validators(fmt: str):
    def etag(request, dataset):
        sel = _selection(request, dataset, fmt)
        return None if isinstance(sel, opendata.FeedError) else opendata.etag(sel, fmt, request.get_host())

    def modified(request, dataset):
        sel = _selection(request, dataset, fmt)
        return None if isinstance(sel, opendata.FeedError) else opendata.last_modified(sel)

    return condition(etag_func=etag, last_modified_func=modified)


def _open(view):
    """Cache-Control and CORS on the answers that carry data (200) or confirm it (304)."""
    @wraps(view)
    def inner(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            response["Cache-Control"] = CACHE_CONTROL
            response["Access-Control-Allow-Origin"] = "*"
        return response
    return inner


def _error(error: opendata.FeedError) -> JsonResponse:
    return JsonResponse({"detail": error.message}, status=error.status, json_dumps_params={"ensure_ascii": False})


def _page_url(request, number: int) -> str:
    params = request.GET.copy()
    params[opendata.PAGE_PARAM] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _links(request, sel, total: int) -> tuple[str | None, str | None]:
    page = sel.page or 1
    last = opendata.pages(total, sel.size)
    following = _page_url(request, page + 1) if page < last else None
    previous = _page_url(request, page - 1) if page > 1 else None
    return following, previous


def _out_of_range(sel, total: int) -> opendata.FeedError | None:
    last = opendata.pages(total, sel.size)
    if sel.page and sel.page > last:
        return opendata.FeedError(404, f"Không có trang {sel.page}: bộ dữ liệu có {last} trang "
                                       f"({total} bản ghi, {sel.size} bản ghi mỗi trang).")
    return None


# -------------------------------------------------------------------- views

@throttle(as_json=True)
@require_safe
@_open
@_validators("json")
def feed_json(request, dataset):
    sel = _selection(request, dataset, "json")
    if isinstance(sel, opendata.FeedError):
        return _error(sel)
    total, rows = opendata.page_text(sel)
    missing = _out_of_range(sel, total)
    if missing:
        return _error(missing)
    following, previous = _links(request, sel, total)
    trees = sel.trees
    generated = opendata.last_modified(sel)
    body = {
        "dataset": sel.dataset,
        "generated": generated.isoformat(timespec="seconds") if generated else None,
        "snapshots": [opendata.snapshot_entry(s) for s in sel.snapshots],
        "page": sel.page, "page_size": sel.size, "pages": opendata.pages(total, sel.size), "total": total,
        "next": following, "previous": previous,
        "licence": LICENCE,
    }
    head = opendata.dumps(body)[:-1]   # the envelope without its closing brace; the records follow as stored
    records = ",".join(opendata.record_text(text, trees.get(sid, "")) for sid, text in rows)
    return HttpResponse(head + b',"records":[' + records.encode("utf-8") + b"]}", content_type=JSON_CONTENT_TYPE)


def _filename(sel) -> str:
    parts = [sel.dataset] + ([sel.tree] if sel.tree else []) + ([f"trang-{sel.page}"] if sel.page else [])
    name = "-".join(parts)
    return "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch in "-_")) + ".csv"


@throttle(as_json=True)
@require_safe
@_open
@_validators("csv")
def feed_csv(request, dataset):
    sel = _selection(request, dataset, "csv")
    if isinstance(sel, opendata.FeedError):
        return _error(sel)
    if sel.page is None:
        response = StreamingHttpResponse(opendata.csv_lines(sel), content_type=CSV_CONTENT_TYPE)
    else:
        total, rows = opendata.page(sel)
        missing = _out_of_range(sel, total)
        if missing:
            return _error(missing)
        response = HttpResponse("".join(opendata.csv_lines(sel, rows)), content_type=CSV_CONTENT_TYPE)
        response["X-Total-Count"] = str(total)
        following, previous = _links(request, sel, total)
        links = [f'<{url}>; rel="{rel}"' for url, rel in ((following, "next"), (previous, "prev")) if url]
        if links:
            response["Link"] = ", ".join(links)
    response["Content-Disposition"] = f'attachment; filename="{_filename(sel)}"'
    return response


def _masked_in(dataset: str, snapshots) -> dict[str, list]:
    """{field: [root units whose current snapshot masks it]}."""
    out: dict[str, list] = {}
    for s in snapshots:
        for name in (s.policy or {}).get(dataset, ()):
            out.setdefault(name, []).append(s.root_unit)
    return out


@throttle
@require_safe
def dictionary_page(request):
    snapshots = list(selectors.published().order_by("root_unit__name"))
    datasets = []
    for ds in Dataset:
        masked = _masked_in(ds.value, snapshots)
        rows = [{"field": f, "kind": KIND_LABELS.get(f.kind, f.kind), "masked_in": masked.get(f.name, [])}
                for f in data_dictionary.fields(ds.value)]
        datasets.append({"name": ds.value, "label": ds.label, "fields": rows,
                         "json": request.build_absolute_uri(reverse("public:feed_json", args=[ds.value])),
                         "csv": request.build_absolute_uri(reverse("public:feed_csv", args=[ds.value]))})
    example_tree = snapshots[0].root_unit.code if snapshots else "T01"
    context = {"datasets": datasets, "snapshots": snapshots, "never": data_dictionary.NEVER_PUBLISHED,
               "licence": LICENCE, "page_size": opendata.PAGE_SIZE, "max_page_size": opendata.MAX_PAGE_SIZE,
               "example_tree": example_tree, "tree_column": opendata.TREE_COLUMN,
               "list_separator": opendata.CSV_LIST_SEPARATOR, "part_separator": opendata.CSV_PART_SEPARATOR}
    return render(request, "public/dictionary.html", context)


dictionary = dictionary_page
