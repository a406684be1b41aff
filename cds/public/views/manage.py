"""The staff's side of publication: the tree's publication overview, preparing a snapshot and
previewing exactly what it publishes, the leader's decision, the masking policy and the projects
withheld from publication.

These pages are for the province-wide roles of a tree (:func:`cds.public.permissions.can_manage_view`);
a unit role is refused (403). A snapshot or a withholding of another tree answers 404, as a
missing one. Every change goes through :mod:`cds.public.services`; a refusal comes back on the
page with its Vietnamese message and nothing changed."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cds.accounts.access import get_scoped_or_404
from cds.core.errors import ServiceError, error_messages
from cds.core.forms import error_list, run_form_service
from cds.core.redirects import safe_next
from cds.projects.permissions import scope_projects
from cds.text.format import DASH, format_number, num, vnd, vndate

from .. import dictionary, selectors, services
from ..forms import APPROVE, DecideForm, LiftForm, PrepareForm, WithholdForm
from ..models import Dataset, SnapshotStatus
from ..permissions import can_approve, can_manage_view, can_prepare, can_set_policy, can_withhold

NAV = "public"
PER_PAGE = 50
NOT_FOUND_SNAPSHOT = "Không tìm thấy bản công bố."
NOT_FOUND_WITHHOLDING = "Không tìm thấy ghi nhận không công bố."
STAFF_ONLY = ("Trang công bố chỉ dành cho cơ quan chuyên trách chuyển đổi số, lãnh đạo, giám sát, "
              "thanh tra và quản trị hệ thống của tỉnh/bộ.")


def _guard(user) -> None:
    if not can_manage_view(user):
        raise PermissionDenied(STAFF_ONLY)


def _pick_root(user, value):
    """The tree the page is about: the user's own, or (national users) the one chosen with
    ``don_vi`` — the first by name by default. A root the user may not manage answers 404."""
    roots = list(selectors.roots_for(user))
    if not roots:
        raise Http404("Không có tỉnh/bộ nào trong phạm vi của bạn.")
    value = str(value or "").strip()
    if not value:
        return roots[0], roots
    root = next((r for r in roots if str(r.pk) == value), None)
    if root is None:
        raise Http404("Không tìm thấy tỉnh/bộ.")
    return root, roots


def _with_root(url: str, root, roots) -> str:
    return f"{url}?don_vi={root.pk}" if len(roots) > 1 else url


def _labels(dataset: str, names) -> list[str]:
    out = []
    for name in names or ():
        f = dictionary.field(dataset, name)
        out.append(f.label if f else str(name))
    return out


def _policy_summary(policy: dict) -> list[dict]:
    return [{"dataset": label, "masked": _labels(ds, policy.get(ds, ()))} for ds, label in Dataset.choices]


# ------------------------------------------------------------------ overview

def _overview(request, root, roots, *, prepare_form=None, errors=None, status=200):
    user = request.user
    tree = selectors.snapshots_for(user).filter(root_unit=root)
    history = Paginator(tree.order_by("-number"), PER_PAGE).get_page(request.GET.get("page"))
    draft = tree.filter(status=SnapshotStatus.DRAFT).first()
    ctx = {
        "nav": NAV, "root": root, "roots": roots if len(roots) > 1 else [],
        "current": tree.filter(status=SnapshotStatus.PUBLISHED).first(),
        "draft": draft, "history": history,
        "pending": list(selectors.pending_for(user)),
        "withheld": selectors.withholdings_for(user, root=root).count(),
        "policy": _policy_summary(services.policy_of(root)),
        "can_prepare": can_prepare(user) and draft is None,
        "can_set_policy": can_set_policy(user), "can_withhold": can_withhold(user),
        "prepare_form": prepare_form or PrepareForm(initial={"don_vi": root.pk}),
        "errors": errors or [],
        "policy_url": _with_root(reverse("public:policy"), root, roots),
        "withholdings_url": _with_root(reverse("public:withholdings"), root, roots),
    }
    return render(request, "public/manage/overview.html", ctx, status=status)


@login_required
def overview(request):
    _guard(request.user)
    root, roots = _pick_root(request.user, request.GET.get("don_vi"))
    return _overview(request, root, roots)


@login_required
@require_POST
def prepare(request):
    user = request.user
    _guard(user)
    root, roots = _pick_root(user, request.POST.get("don_vi"))
    form = PrepareForm(request.POST)

    def call(cd):
        return services.prepare(user, root, as_of=cd.get("as_of"))

    return run_form_service(
        request, form, call,
        success=lambda s: f"Đã lập bản công bố số {s.number} (số liệu đến ngày {vndate(s.as_of)}). "
                          "Hãy xem trước nội dung; bản công bố chờ lãnh đạo duyệt.",
        redirect_to=lambda s: reverse("public:snapshot", args=[s.pk]),
        render=lambda f: _overview(request, root, roots, prepare_form=f, errors=error_list(f)))


# ------------------------------------------------------------------ snapshot

def _text(value) -> str:
    if value is None or value == "":
        return DASH
    return str(value)


def _number_text(value) -> str:
    if isinstance(value, float):
        return format_number(value, 2).rstrip("0").rstrip(",")
    return _text(value)


def _list_item(value) -> str:
    """One element of a list field: a name, or a {year, stage, amount} / {indicator, …} line."""
    if isinstance(value, dict):
        if "amount" in value:
            return f"{value.get('year', '')} · {value.get('stage', '')}: {vnd(value.get('amount'))}"
        if "indicator" in value:
            unit = f" ({value['unit']})" if value.get("unit") else ""
            return (f"{value.get('indicator', '')}{unit}: {_number_text(value.get('before'))} → "
                    f"{_number_text(value.get('after'))}")
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return _text(value)


def cell(f: dictionary.Field, value) -> str:
    """A record's value as the preview shows it (dates dd/mm/yyyy, money with "." separators)."""
    if value is None or value == "" or value == []:
        return DASH
    if f.kind == "vnd":
        return vnd(value)
    if f.kind == "int":
        return str(value) if f.unit == "năm" else num(value)
    if f.kind in ("date", "datetime"):
        text = str(value)
        day = text[:10].split("-")
        shown = f"{day[2]}/{day[1]}/{day[0]}" if len(day) == 3 else text
        return f"{shown} {text[11:16]}" if f.kind == "datetime" and len(text) >= 16 else shown
    if f.kind == "list":
        return "; ".join(_list_item(v) for v in value) if isinstance(value, list) else _text(value)
    return _text(value)


def _money_by_year(summary: dict) -> dict:
    lines = summary.get("money_by_year") or []
    stages = []
    for line in lines:
        for stage in line.get("stages", {}):
            if stage not in stages:
                stages.append(stage)
    rows = [{"year": line["year"], "amounts": [line["stages"].get(s, 0) for s in stages]} for line in lines]
    return {"stages": stages, "rows": rows}


def _snapshot_page(request, snap, *, decide_form=None, errors=None, status=200):
    user = request.user
    dataset = request.GET.get("ds")
    if dataset not in Dataset.values:
        dataset = Dataset.PROJECTS
    page = Paginator(selectors.records(snap, dataset), PER_PAGE).get_page(request.GET.get("page"))
    records = list(page.object_list)
    carried = {name for r in records for name in r.data}
    columns = [f for f in dictionary.fields(dataset) if f.name in carried] if records else \
        list(dictionary.public_fields(dataset, snap.policy.get(dataset, ())))
    rows = [[cell(f, r.data[f.name]) if f.name in r.data else "" for f in columns] for r in records]
    summary = snap.summary or {}
    totals = [{"label": _labels(Dataset.PROJECTS, [name])[0], "amount": amount}
              for name, amount in (summary.get("totals") or {}).items()]
    may_decide = (snap.status == SnapshotStatus.DRAFT and can_approve(user) and snap.prepared_by_id != user.pk)
    ctx = {
        "nav": NAV, "snap": snap, "dataset": dataset,
        "datasets": [{"key": ds, "label": label, "count": (snap.counts or {}).get(ds, 0)}
                     for ds, label in Dataset.choices],
        "page": page, "columns": columns, "rows": rows, "summary": summary, "totals": totals,
        "shown": {"approved": "total_approved" in (summary.get("totals") or {}),
                  "disbursed": "total_disbursed" in (summary.get("totals") or {})},
        "money": _money_by_year(summary),
        "policy": _policy_summary(snap.policy or {}),
        "may_decide": may_decide, "decide_form": decide_form or DecideForm(initial={"version": snap.version}),
        "is_draft": snap.status == SnapshotStatus.DRAFT,
        "is_published": snap.status == SnapshotStatus.PUBLISHED,
        "is_rejected": snap.status == SnapshotStatus.REJECTED,
        "errors": errors or [],
    }
    return render(request, "public/manage/snapshot.html", ctx, status=status)


def _snapshot_for(user, pk):
    _guard(user)
    return get_scoped_or_404(selectors.snapshots_for(user), pk, NOT_FOUND_SNAPSHOT)


@login_required
def snapshot(request, pk):
    return _snapshot_page(request, _snapshot_for(request.user, pk))


@login_required
@require_POST
def decide(request, pk):
    user = request.user
    snap = _snapshot_for(user, pk)
    form = DecideForm(request.POST)

    def call(cd):
        # The decision is about the version the leader previewed: none given reads as a stale page.
        return services.decide(user, snap, cd["decision"] == APPROVE, cd.get("note") or "",
                               expected_version=cd.get("version") or 0)

    def success(s):
        if s.status == SnapshotStatus.PUBLISHED:
            return f"Đã duyệt công bố bản số {s.number}. Trang công khai hiển thị bản này từ bây giờ."
        return f"Đã không duyệt bản công bố số {s.number}; các bản ghi của bản này đã được xoá."

    return run_form_service(
        request, form, call, success=success, redirect_to=reverse("public:snapshot", args=[snap.pk]),
        render=lambda f: _snapshot_page(request, snap, decide_form=f, errors=error_list(f)))


# ------------------------------------------------------------------ policy

def _policy_page(request, root, roots, *, errors=None, typed=None, status=200):
    policy = services.policy_of(root)
    typed = typed or {}
    sets = []
    for ds, label in Dataset.choices:
        masked = set(typed.get(ds, policy.get(ds, ())))
        sets.append({"key": ds, "label": label, "errors": (errors or {}).get(ds, []),
                     "fields": [{"f": f, "masked": f.maskable and f.name in masked} for f in dictionary.fields(ds)]})
    ctx = {"nav": NAV, "root": root, "roots": roots if len(roots) > 1 else [], "datasets": sets,
           "can_set_policy": can_set_policy(request.user)}
    return render(request, "public/manage/policy.html", ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def policy(request):
    user = request.user
    _guard(user)
    if request.method == "GET":
        root, roots = _pick_root(user, request.GET.get("don_vi"))
        return _policy_page(request, root, roots)
    if not can_set_policy(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách chuyển đổi số và quản trị hệ thống đặt chính sách ẩn trường.")
    root, roots = _pick_root(user, request.POST.get("don_vi"))
    dataset = str(request.POST.get("dataset") or "")
    masked = request.POST.getlist("masked")
    try:
        services.set_policy(user, root, dataset, masked)
    except ServiceError as exc:
        key = dataset if dataset in Dataset.values else Dataset.PROJECTS
        return _policy_page(request, root, roots, errors={key: error_messages(exc)}, typed={key: masked}, status=400)
    messages.success(request, f"Đã lưu chính sách ẩn trường của bộ dữ liệu “{Dataset(dataset).label}”; "
                              "có hiệu lực từ bản công bố tiếp theo.")
    return redirect(_with_root(reverse("public:policy"), root, roots))


# ------------------------------------------------------------------ withholdings

def _withholdings_page(request, root, roots, *, form=None, errors=None, status=200):
    user = request.user
    lifted = request.GET.get("da_bo") == "1"
    qs = selectors.withholdings_for(user, active_only=not lifted, root=root).order_by("-is_active", "-withheld_at")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    ctx = {"nav": NAV, "root": root, "roots": roots if len(roots) > 1 else [], "page": page, "lifted": lifted,
           "can_withhold": can_withhold(user), "form": form or WithholdForm(), "errors": errors or [],
           "lift_form": LiftForm()}
    return render(request, "public/manage/withholdings.html", ctx, status=status)


def _find_project(user, value: str):
    """The project the user typed (its code, or its number), among the projects the user reads."""
    qs = scope_projects(user).select_related("investor_unit")
    value = value.strip()
    project = qs.filter(code__iexact=value).first()
    if project is None and value.isdigit():
        project = qs.filter(pk=int(value)).first()
    if project is None:
        raise ServiceError({"project": f"Không tìm thấy nhiệm vụ/dự án “{value[:40]}”."})
    return project


def _back(request, fallback: str) -> str:
    return safe_next(request, request.POST.get("next"), fallback)


@login_required
@require_http_methods(["GET", "POST"])
def withholdings(request):
    user = request.user
    _guard(user)
    if request.method == "GET":
        root, roots = _pick_root(user, request.GET.get("don_vi"))
        return _withholdings_page(request, root, roots)
    if not can_withhold(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách chuyển đổi số, lãnh đạo và quản trị hệ thống "
                               "ghi nhận dự án không công bố.")
    root, roots = _pick_root(user, request.POST.get("don_vi"))
    form = WithholdForm(request.POST)

    def call(cd):
        return services.withhold(user, _find_project(user, cd["project"]), cd["reason"])

    def back(item):
        project_root = item.project.investor_unit.root_pk
        url = reverse("public:withholdings") + (f"?don_vi={project_root}" if len(roots) > 1 else "")
        return _back(request, url)

    return run_form_service(
        request, form, call,
        success=lambda item: f"Đã ghi nhận không công bố “{item.project.code}”; có hiệu lực từ bản công bố tiếp theo.",
        redirect_to=back,
        render=lambda f: _withholdings_page(request, root, roots, form=f, errors=error_list(f)))


@login_required
@require_POST
def lift(request, pk):
    user = request.user
    _guard(user)
    if not can_withhold(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách chuyển đổi số, lãnh đạo và quản trị hệ thống "
                               "bỏ ghi nhận không công bố.")
    item = get_scoped_or_404(selectors.withholdings_for(user, active_only=False), pk, NOT_FOUND_WITHHOLDING)
    roots = list(selectors.roots_for(user))
    root = next((r for r in roots if r.pk == item.project.investor_unit.root_pk), None)
    if root is None:
        raise Http404(NOT_FOUND_WITHHOLDING)
    form = LiftForm(request.POST)
    fallback = _with_root(reverse("public:withholdings"), root, roots)
    return run_form_service(
        request, form, lambda cd: services.lift(user, item, cd["reason"]),
        success=lambda i: f"Đã bỏ ghi nhận không công bố “{i.project.code}”; dự án được công bố từ bản tiếp theo.",
        redirect_to=lambda i: _back(request, fallback),
        render=lambda f: _withholdings_page(request, root, roots, errors=error_list(f)))
