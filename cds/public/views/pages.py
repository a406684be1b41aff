"""The public transparency pages (no account): a tree's published portfolio, its project list and
its library of good practices.

Every page reads the tree's current published snapshot through :mod:`cds.public.selectors`
(:func:`~cds.public.selectors.published`, :func:`~cds.public.selectors.current`,
:func:`~cds.public.selectors.records`) — never the live registry, never a draft. A record carries
only the fields the masking policy left public, and the columns and figures shown are those of
the policy recorded on the snapshot, so a masked field shows neither its value nor its label.

A published snapshot never changes: the rendered portfolio and library pages, and the project
list's search index, are cached under the snapshot's id and publication time (a new snapshot
means new keys). The pages are rendered without the request's context processors, so they carry
nothing of the visitor (no name, no CSRF token) and are the same for everyone; the responses say
``Cache-Control: public`` with the snapshot's publication time as ``Last-Modified`` and answer a
conditional request with 304.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from cds.projects.models import Stage
from cds.text import format
from cds.text.normalize import search_document, search_terms

from .. import dictionary, selectors
from ..models import Dataset

MAX_AGE = 300  # seconds a browser or proxy may keep a page
CACHE_SECONDS = 6 * 3600  # a snapshot never changes; the keys change with a new one
PROJECTS_PER_PAGE = 50
LIBRARY_PER_PAGE = 20
MAX_LIBRARY_PAGE = 1000
LATEST_PRACTICES = 5
QUERY_LIMIT = 200
NO_VALUE = "(không ghi)"  # the summary's label of an empty unit/programme/state (snapshots._tally)

HEADLINE_MONEY = ("total_approved", "total_allocated", "total_disbursed")
STAGE_FIELDS = {Stage.ESTIMATE.label: "total_estimate", Stage.APPROVED.label: "total_approved",
                Stage.ALLOCATED.label: "total_allocated", Stage.DISBURSED.label: "total_disbursed",
                Stage.SETTLED.label: "total_settled"}
#: The project list's columns (shown when the snapshot's records carry the field): field → short
#: header (the dictionary's label is the header's tooltip). "period" joins the start and end years.
PROJECT_COLUMNS = {"name": "Tên nhiệm vụ/dự án", "investor_unit": "Chủ đầu tư", "programme": "Chương trình",
                   "state": "Trạng thái", "period": "Thời gian", "total_approved": "Được duyệt",
                   "total_allocated": "Vốn đã giao", "total_disbursed": "Đã giải ngân",
                   "effectiveness": "Đánh giá hiệu quả"}
#: The project list's filters: query parameter → (record field, summary table, label).
FILTERS = (("don_vi", "investor_unit", "by_unit", "Chủ đầu tư"),
           ("chuong_trinh", "programme", "by_programme", "Chương trình"),
           ("trang_thai", "state", "by_state", "Trạng thái"))

NOT_FOUND = "Không có trang công khai này: tỉnh/bộ không tồn tại hoặc chưa công bố số liệu."
NO_PRACTICE = "Mô hình này không có trong bản công bố hiện hành."


# ------------------------------------------------------------------ helpers

def _public_fields(snapshot, dataset: str) -> set[str]:
    """The fields records of ``dataset`` carry in ``snapshot`` (its recorded masking policy)."""
    return {f.name for f in dictionary.public_fields(dataset, (snapshot.policy or {}).get(dataset, ()))}


def _context(snapshot=None, **extra) -> dict:
    return {"site_name": settings.SITE_NAME, "snapshot": snapshot,
            "tree": snapshot.root_unit if snapshot else None, **extra}


def _render(template: str, context: dict, *, status: int = 200) -> HttpResponse:
    return HttpResponse(render_to_string(template, context), status=status)


def _public(response: HttpResponse, last_modified=None, request=None) -> HttpResponse:
    """Cache headers: ``public`` — except for a request carrying a session (a signed-in visitor),
    whose response may renew the session cookie and must then stay out of shared caches."""
    if request is not None and settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def _not_found(message: str = NOT_FOUND) -> HttpResponse:
    return _render("public/not_found.html", _context(message=message), status=404)


def _not_modified(request, snapshot) -> HttpResponse | None:
    """A 304 when the visitor's copy is as new as the snapshot (If-Modified-Since)."""
    response = get_conditional_response(request, last_modified=int(snapshot.published_at.timestamp()))
    return _public(response, snapshot.published_at, request) if response is not None else None


def _key(snapshot, *parts) -> str:
    return ":".join(("public", str(snapshot.pk), str(snapshot.published_at.timestamp()), *map(str, parts)))


def _cached_page(request, snapshot, key_parts, build) -> HttpResponse:
    """The page ``build()`` renders, from the cache when this snapshot's page was rendered before."""
    unchanged = _not_modified(request, snapshot)
    if unchanged is not None:
        return unchanged
    key = _key(snapshot, *key_parts)
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, CACHE_SECONDS)
    return _public(HttpResponse(html), snapshot.published_at, request)


# ------------------------------------------------------------------- pages

@require_safe
def index(request):
    """The trees with a published snapshot; the one tree's portfolio when there is only one."""
    snapshots = list(selectors.published().order_by("root_unit__name"))
    if len(snapshots) == 1:
        return redirect("public:portfolio", code=snapshots[0].root_unit.code)
    latest = max((s.published_at for s in snapshots), default=None)
    return _public(_render("public/index.html", _context(snapshots=snapshots)), latest, request)


def _money_by_year(summary: dict, public: set[str]) -> dict | None:
    """Money by year and stage: years × the stages whose amount field is public."""
    if "money_by_year" not in public:
        return None
    present = {stage for line in summary.get("money_by_year", ()) for stage in line["stages"]}
    stages = [label for label in STAGE_FIELDS
              if label in present and STAGE_FIELDS[label] in public]
    years = [{"year": line["year"], "amounts": [line["stages"].get(s, 0) for s in stages]}
             for line in summary.get("money_by_year", ())]
    if not stages or not years:
        return None
    chart = {"labels": [str(y["year"]) for y in years],
             "datasets": [{"label": s, "data": [y["amounts"][i] for y in years]} for i, s in enumerate(stages)]}
    return {"stages": stages, "years": years, "chart": chart}


def _portfolio_html(snapshot) -> str:
    summary = snapshot.summary or {}
    public = _public_fields(snapshot, Dataset.PROJECTS)
    totals = summary.get("totals", {})
    labels = {f.name: f.label for f in dictionary.fields(Dataset.PROJECTS)}
    money = [{"name": m, "label": labels[m], "value": totals.get(m, 0)} for m in HEADLINE_MONEY if m in public]
    tables = [(title, summary.get(key) or []) for title, key, field in (
        ("Theo chủ đầu tư", "by_unit", "investor_unit"), ("Theo chương trình", "by_programme", "programme"),
        ("Theo trạng thái", "by_state", "state")) if field in public]
    latest = list(selectors.records(snapshot, Dataset.LIBRARY).order_by("-last_modified", "-key")
                  .values("key", "code", "data")[:LATEST_PRACTICES])
    return render_to_string("public/portfolio.html", _context(
        snapshot,
        summary=summary, money=money, tables=[t for t in tables if t[1]],
        show_approved="total_approved" in public, show_disbursed="total_disbursed" in public,
        by_year=_money_by_year(summary, public),
        effectiveness=summary.get("effectiveness") if summary.get("effectiveness_shown") and
        "effectiveness" in public else None,
        latest=latest, library_public=_public_fields(snapshot, Dataset.LIBRARY),
    ))


@require_safe
def portfolio(request, code):
    snapshot = selectors.current(code)
    if snapshot is None:
        return _not_found()
    return _cached_page(request, snapshot, ("portfolio",), lambda: _portfolio_html(snapshot))


# ------------------------------------------------------------ project list

def _project_index(snapshot) -> list[tuple]:
    """[(record id, folded code and name, unit, programme, state)] of the snapshot's projects, in
    the list's order — read once per snapshot (a few fields of each record, no whole record)."""
    key = _key(snapshot, "project-index")
    rows = cache.get(key)
    if rows is None:
        rows = [(pk, search_document(code, name), unit or NO_VALUE, programme or NO_VALUE, state or NO_VALUE)
                for pk, code, name, unit, programme, state in selectors.records(snapshot, Dataset.PROJECTS)
                .values_list("pk", "code", "data__name", "data__investor_unit", "data__programme", "data__state")]
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def _matches(row: tuple, terms: list[str], chosen: dict[int, str]) -> bool:
    if any(row[i] != value for i, value in chosen.items()):
        return False
    return all(f" {term}" in row[1] for term in terms)


def _columns(public: set[str]) -> list[dict]:
    labels = {f.name: f for f in dictionary.fields(Dataset.PROJECTS)}
    columns = []
    for name, header in PROJECT_COLUMNS.items():
        if name == "period":
            if public & {"start_year", "end_year"}:
                columns.append({"name": name, "label": header, "title": "Năm bắt đầu – năm kết thúc", "kind": "text"})
        elif name in public:
            columns.append({"name": name, "label": header, "title": labels[name].label, "kind": labels[name].kind})
    return columns


def _cells(data: dict, columns) -> list[dict]:
    cells = []
    for c in columns:
        if c["name"] == "period":
            years = [str(data[y]) for y in ("start_year", "end_year") if data.get(y)]
            value = "–".join(dict.fromkeys(years))
        else:
            value = data.get(c["name"])
        cells.append({"name": c["name"], "kind": c["kind"], "value": value})
    return cells


@require_safe
def projects(request, code):
    snapshot = selectors.current(code)
    if snapshot is None:
        return _not_found()
    unchanged = _not_modified(request, snapshot)
    if unchanged is not None:
        return unchanged
    summary = snapshot.summary or {}
    public = _public_fields(snapshot, Dataset.PROJECTS)
    query = (request.GET.get("q") or "").strip()[:QUERY_LIMIT]
    errors, filters, chosen, params = [], [], {}, {}
    for position, (param, field, table, label) in enumerate(FILTERS, start=2):
        if field not in public:
            continue
        options = [row["label"] for row in summary.get(table) or []]
        value = (request.GET.get(param) or "").strip()
        if value and value not in options:
            errors.append(f"{label}: giá trị lọc không có trong bản công bố, đã bỏ qua.")
            value = ""
        if value:
            chosen[position], params[param] = value, value
        filters.append({"param": param, "label": label, "options": options, "value": value})
    if query:
        params = {"q": query, **params}
    rows = _project_index(snapshot)
    if query or chosen:
        terms = search_terms(query)
        rows = [row for row in rows if _matches(row, terms, chosen)]
    page = Paginator(rows, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    ids = [row[0] for row in page.object_list]
    found = {r.pk: r for r in selectors.records(snapshot, Dataset.PROJECTS).filter(pk__in=ids).only("pk", "data")}
    columns = _columns(public)
    records = [{"code": found[i].data.get("code", ""), "cells": _cells(found[i].data, columns)}
               for i in ids if i in found]
    response = _render("public/projects.html", _context(
        snapshot, page=page, records=records, columns=columns, query=query, filters=filters, errors=errors,
        base_query=urlencode(params) + "&" if params else "", filtered=bool(query or chosen),
    ))
    return _public(response, snapshot.published_at, request)


# ----------------------------------------------------------------- library

def _number(value) -> str:
    return format.cell_text(value) if value is not None else format.DASH


def _practice_view(record, projects_public: bool) -> dict:
    """A library record for its card: the record's data, its results' numbers and its date in
    Vietnamese style, its linked projects only when the policy publishes them."""
    data = record["data"]
    published_on = data.get("published_at")
    return {"key": record["key"], "code": record["code"], "data": data,
            "results": [{**r, "before": _number(r.get("before")), "after": _number(r.get("after"))}
                        for r in data.get("results") or ()],
            "published_on": format.vndate(dt.date.fromisoformat(published_on)) if published_on else "",
            "projects": data.get("projects") if projects_public else None}


def _library_html(snapshot, page_number) -> str:
    qs = selectors.records(snapshot, Dataset.LIBRARY).values("key", "code", "data")
    page = Paginator(qs, LIBRARY_PER_PAGE).get_page(page_number)
    public = _public_fields(snapshot, Dataset.LIBRARY)
    return render_to_string("public/library.html", _context(
        snapshot, page=page, practices=[_practice_view(r, "projects" in public) for r in page.object_list],
        public=public, full=False))


@require_safe
def library(request, code):
    snapshot = selectors.current(code)
    if snapshot is None:
        return _not_found()
    raw = request.GET.get("page") or "1"
    number = min(int(raw), MAX_LIBRARY_PAGE) if raw.isdigit() and len(raw) < 7 else 1  # bounded cache keys
    return _cached_page(request, snapshot, ("library", number), lambda: _library_html(snapshot, number))


def _practice_html(snapshot, record) -> str:
    public = _public_fields(snapshot, Dataset.LIBRARY)
    return render_to_string("public/practice.html", _context(
        snapshot, practice=_practice_view(record, "projects" in public), public=public, full=True))


@require_safe
def practice(request, code, key):
    snapshot = selectors.current(code)
    if snapshot is None:
        return _not_found()
    record = selectors.records(snapshot, Dataset.LIBRARY).filter(key=key).values("key", "code", "data").first()
    if record is None:
        return _not_found(NO_PRACTICE)
    return _cached_page(request, snapshot, ("practice", key), lambda: _practice_html(snapshot, record))
