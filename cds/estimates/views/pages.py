"""Pages of estimates: the list and the checker's worklist, creating an estimate for a project,
the estimate page (a version's lines by cost group with the automatic checks' flags in place,
the checker's comments and accepted amounts, the UCP appendix), the comparison of two versions,
the maker's actions (template, sheet upload → preview → confirm, a line added or corrected,
evidence, UCP calculation, submit), the checker's (comments, conclusion) and the downloads
(Excel with live formulas, the Word appendix).

Every object comes through the access helper (404 outside the user's scope, 403 for what they
may see but not do); every write is a service call run by :func:`cds.core.forms.run_form_service`
— a refusal re-renders the page with the Vietnamese message beside the form and what was typed
(400, 403, or 409 for a stale ``version``), nothing written. Between the preview of an uploaded
sheet and its confirmation the bytes wait in the projects importer's stash (a random token kept
in the session with the file's SHA-256); the confirmation re-reads and re-checks them."""
from __future__ import annotations

import hashlib
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cds.accounts.models import Role
from cds.audit.services import record_event
from cds.core.errors import ConflictError, ServiceError
from cds.core.forms import add_refusal, bootstrap, error_list, run_form_service
from cds.core.uploads import XLSX_CONTENT_TYPE, check_xlsx_upload, file_download
from cds.projects.importer.stashing import claim_stash, discard, stash
from cds.projects.permissions import get_project_for
from cds.text.format import format_vnd

from .. import display, documents, selectors, services, sheet, tracking
from ..calc import ucp as ucp_calc
from ..calc.constants import method_constants
from ..forms import (
    AttachUcpForm,
    ConcludeForm,
    ConfirmImportForm,
    EstimateForm,
    EvidenceForm,
    LineForm,
    ReviewForm,
    SheetForm,
    VersionForm,
)
from ..models import Conclusion, EstimateLine, EstimateVersion, Level, Method, MethodKind, Status
from ..permissions import can_check_estimate, can_check_estimates, can_prepare_estimate, get_estimate_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PER_PAGE = 25
SESSION_KEY = "estimates_import_{}"
MAKER_ONLY = "Chỉ chuyên viên, lãnh đạo đơn vị chủ đầu tư lập, sửa dự toán của mình."
CHECKER_ONLY = "Chỉ chuyên viên cơ quan chuyên trách CĐS hoặc giám sát độc lập kiểm tra dự toán."


# ------------------------------------------------------------------ helpers ----

def _estimate(request, pk):
    return get_estimate_for(request.user, pk, selectors.estimate_queryset())


def _maker_estimate(request, pk):
    estimate = _estimate(request, pk)
    if not can_prepare_estimate(request.user, estimate.project):
        raise PermissionDenied(MAKER_ONLY)
    return estimate


def _checker_estimate(request, pk):
    estimate = _estimate(request, pk)
    if not can_check_estimate(request.user, estimate):
        raise PermissionDenied(CHECKER_ONLY)
    return estimate


def detail_url(estimate, anchor: str = "") -> str:
    return reverse("estimates:detail", args=[estimate.pk]) + (f"#{anchor}" if anchor else "")


def editable(estimate) -> bool:
    """Whether the investor unit may still change the estimate (the services say it again)."""
    return estimate.status == Status.DRAFT or (
        estimate.status == Status.CONCLUDED and estimate.conclusion != Conclusion.SUITABLE)


def _number(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 10_000 else None


def _ucp_tables(version) -> tuple[list, str]:
    """The appendix tables of the UCP calculation attached to ``version``, recomputed from its
    stored inputs; a note when the method's constants changed since (the stored total differs)."""
    ucp = version.ucp or {}
    if not ucp.get("inputs") or not ucp.get("method"):
        return [], ""
    try:
        result = ucp_calc.compute(ucp["inputs"], method_constants(ucp["method"]))
    except ServiceError as exc:
        return [], " ".join(exc.messages)
    note = ""
    if ucp.get("total") is not None and int(ucp["total"]) != result.total:
        note = (f"Hằng số của phương pháp đã thay đổi sau khi gắn bảng tính: tổng khi gắn là "
                f"{format_vnd(int(ucp['total']))} đồng, tính lại theo hằng số hiện hành là {format_vnd(result.total)} đồng.")
    return result.appendix(), note


def _page(request, estimate, *, number=None, status=200, errors=None, posted=None, conflict=False):
    user = request.user
    versions = list(EstimateVersion.objects.filter(estimate=estimate).order_by("-number")
                    .only("id", "estimate_id", "number", "total", "source", "created_at", "note"))
    version = None
    if versions:
        number = number or estimate.current_version
        if not any(v.number == number for v in versions):
            raise Http404("Không có phiên bản này của dự toán.")
        version = selectors.version_of(estimate, number)
    is_current = version is not None and version.number == estimate.current_version
    can_prepare = can_prepare_estimate(user, estimate.project)
    checker = can_check_estimate(user, estimate)
    ctx = {
        "e": estimate, "p": estimate.project, "versions": versions, "version": version, "is_current": is_current,
        "can_prepare": can_prepare, "can_edit": can_prepare and editable(estimate) and (is_current or not versions),
        "can_submit": can_prepare and editable(estimate) and is_current and estimate.status == Status.DRAFT,
        "can_review": checker and estimate.status == Status.SUBMITTED and is_current,
        "conclusions": Conclusion.choices, "errors": errors or {}, "posted": posted or {}, "conflict": conflict,
        "nav": "estimates", "Status": Status,
    }
    if version is not None:
        accepted = selectors.checked_amounts(version)
        view = selectors.version_page(user, estimate, version, accepted)
        display.annotate(list(version.flags.all()), view["sources"])
        for g in view["groups"]:
            for ln in g.lines:
                ln.qty, ln.vat_pct = display.number(ln.quantity), display.number(ln.vat_rate or None)
                ln.after = selectors.accepted_total(ln, ln.accepted)
                ln.form_errors = ctx["errors"].get(f"line-{ln.pk}")
        ctx.update(view)
        ctx["show_checked"] = ctx["can_review"] or bool(accepted) or estimate.status == Status.CONCLUDED
        ctx["checked"] = sum(g.checked for g in view["groups"])
        ctx["ucp_tables"], ctx["ucp_note"] = _ucp_tables(version)
        ctx["ucp_aucp"] = display.number((version.ucp or {}).get("aucp"))
        ctx["line_count"] = sum(len(g.lines) for g in view["groups"])
        ctx["ncols"] = 10 + ctx["show_checked"] + ctx["can_edit"]
        ctx["ncols_rest"] = ctx["ncols"] - 1
    return render(request, "estimates/estimate.html", ctx, status=status)


def _run(request, estimate, form_id: str, form, call, success, anchor: str | None = None):
    """One form of the estimate page: success → flash and back to the form's place; a bad form
    or a refusal → the page again with the message beside that form (400, 403 or 409)."""
    return run_form_service(
        request, form, call, success=success,
        redirect_to=lambda result: detail_url(estimate, anchor if anchor is not None else form_id),
        render=lambda f: _page(request, estimate, errors={form_id: error_list(f)}, posted=request.POST,
                               conflict=f.conflict))


# ------------------------------------------------------------------ lists ----

@login_required
@require_GET
def estimate_list(request):
    user = request.user
    status = request.GET.get("trang-thai", "")
    status = status if status in tracking.FILTERS else ""
    mine = request.GET.get("cua-don-vi") == "1"
    page = Paginator(tracking.estimates(user, status, mine), PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    _with_totals(rows)
    return render(request, "estimates/list.html", {
        "page": page, "rows": rows, "status": status, "mine": mine, "filters": tracking.FILTERS,
        "is_unit": user.role in (Role.UNIT_STAFF, Role.UNIT_HEAD), "is_checker": can_check_estimates(user),
        "nav": "estimates"})


def _with_totals(rows) -> None:
    """Each estimate's current total and its errors/warnings, in two queries for the page."""
    if not rows:
        return
    totals = {(v["estimate_id"], v["number"]): v["total"] for v in EstimateVersion.objects.filter(
        estimate__in=rows).values("estimate_id", "number", "total")}
    counts = selectors.flag_counts(rows)
    for e in rows:
        e.total = totals.get((e.pk, e.current_version))
        e.counts = counts.get(e.pk, {})


@login_required
@require_GET
def worklist(request):
    user = request.user
    if not can_check_estimates(user):
        raise PermissionDenied(CHECKER_ONLY)
    page = Paginator(selectors.worklist(user), PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    _with_totals(rows)
    return render(request, "estimates/worklist.html", {"page": page, "rows": rows, "nav": "estimates"})


# ------------------------------------------------------------------ create ----

@login_required
@require_http_methods(["GET", "POST"])
def estimate_create(request, project_id):
    user = request.user
    project = get_project_for(user, project_id)
    if not can_prepare_estimate(user, project):
        raise PermissionDenied("Chỉ chuyên viên, lãnh đạo đơn vị chủ đầu tư lập dự toán của nhiệm vụ/dự án.")
    structure, structure_error = None, ""
    try:
        structure = services.structure_for(project)
    except ServiceError as exc:
        structure_error = " ".join(exc.messages)
    form = EstimateForm(request.POST or None, initial={"title": f"Dự toán {project.name}"[:500]})
    bootstrap(form)

    def page(f):
        return render(request, "estimates/create.html", {
            "p": project, "form": f, "structure": structure, "structure_error": structure_error,
            "groups": list(structure.groups.all()) if structure else [], "nav": "estimates"})

    if request.method == "GET":
        return page(form)
    return run_form_service(
        request, form, lambda cd: services.create_estimate(user, project, title=cd["title"]),
        success="Đã lập dự toán. Tải mẫu Excel theo cơ cấu chi phí, nhập bảng dự toán rồi gửi kiểm tra.",
        redirect_to=lambda e: detail_url(e), render=page)


# ------------------------------------------------------------------ the estimate ----

@login_required
@require_GET
def estimate_detail(request, pk):
    estimate = _estimate(request, pk)
    return _page(request, estimate, number=_number(request.GET.get("phien-ban")))


@login_required
@require_GET
def version_diff(request, pk):
    estimate = _estimate(request, pk)
    numbers = list(EstimateVersion.objects.filter(estimate=estimate).order_by("number")
                   .values_list("number", flat=True))
    new = _number(request.GET.get("den")) or (numbers[-1] if numbers else None)
    old = _number(request.GET.get("tu")) or (new - 1 if new else None)
    ctx = {"e": estimate, "p": estimate.project, "numbers": numbers, "old_number": old, "new_number": new,
           "nav": "estimates", "changes": None}
    if len(numbers) >= 2:
        if old not in numbers or new not in numbers:
            raise Http404("Không có phiên bản này của dự toán.")
        before, after = selectors.version_of(estimate, old), selectors.version_of(estimate, new)
        changes = selectors.diff(before, after)
        names = {g.code: f"{g.numeral}. {g.name}" for g in estimate.structure.groups.all()}
        for c in changes:
            c.group_name = names.get(c.group_code, c.group_code)
            c.cells = [_moved(c, "quantity", display.number), _moved(c, "unit_price", format_vnd),
                       _moved(c, "total", format_vnd)]
        ctx.update(changes=changes, before=before, after=after, delta=after.total - before.total,
                   added=sum(1 for c in changes if c.kind == "added"),
                   removed=sum(1 for c in changes if c.kind == "removed"),
                   changed=sum(1 for c in changes if c.kind == "changed"))
    return render(request, "estimates/diff.html", ctx)


def _moved(change, attr: str, fmt) -> str:
    """"old → new" of one figure of a changed line (just the value of an added or removed one);
    "—" for a figure the line does not have."""
    def one(line):
        value = getattr(line, attr) if line is not None else None
        return fmt(value) if value is not None else "—"
    if change.old is not None and change.new is not None:
        before, after = one(change.old), one(change.new)
        return after if before == after else f"{before} → {after}"
    return one(change.new if change.new is not None else change.old)


# ------------------------------------------------------------------ maker: the sheet ----

@login_required
@require_GET
def sheet_template(request, pk):
    estimate = _maker_estimate(request, pk)
    structure = estimate.structure
    data = sheet.template(structure.name, sheet.groups_from_structure(structure))
    record_event(request.user, "estimate.exported", estimate,
                 data={"document": "template", "version": estimate.current_version or None})
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-{documents.filename(estimate, "xlsx")}"'
    return response


def _forget_pending(request, estimate) -> None:
    pending = request.session.pop(SESSION_KEY.format(estimate.pk), None)
    if isinstance(pending, dict) and pending.get("token"):
        discard(pending["token"])


def _preview(request, estimate, parsed, found, *, token="", file_name="", status=200, version=None):
    """The parsed sheet by cost group with what the checks would flag, or its row errors."""
    groups = list(estimate.structure.groups.all())
    by_row, by_group, general = {}, {}, []
    readable = selectors.source_estimates(request.user, found) if found else {}
    display.annotate(found, readable)
    for f in found:
        if f.line is not None:
            by_row.setdefault(getattr(f.line, "row", 0), []).append(f)
        elif f.group_code:
            by_group.setdefault(f.group_code, []).append(f)
        else:
            general.append(f)
    sections = []
    for g in groups:
        lines = [ln for ln in parsed.lines if ln.group_code == g.code]
        for ln in lines:
            ln.flag_list = by_row.get(ln.row, [])
            ln.total, ln.qty = ln.amount + ln.vat_amount, display.number(ln.quantity)
        sections.append({"group": g, "lines": lines, "flags": by_group.get(g.code, []),
                         "amount": sum(ln.amount for ln in lines), "vat": sum(ln.vat_amount for ln in lines),
                         "total": sum(ln.total for ln in lines)})
    counts = {lv: sum(1 for f in found if f.level == lv) for lv in Level.values}
    return render(request, "estimates/preview.html", {
        "e": estimate, "p": estimate.project, "parsed": parsed, "sections": sections, "general_flags": general,
        "counts": counts, "token": token, "file_name": file_name, "row_errors": parsed.errors,
        "total": sum(s["total"] for s in sections), "amount_total": sum(s["amount"] for s in sections),
        "vat_total": sum(s["vat"] for s in sections), "line_count": len(parsed.lines),
        "version": version if version is not None else estimate.version, "nav": "estimates"}, status=status)


@login_required
@require_POST
def sheet_preview(request, pk):
    user = request.user
    estimate = _maker_estimate(request, pk)
    form = SheetForm(request.POST, request.FILES)

    def refused(f, status):
        return _page(request, estimate, status=status, errors={"import": error_list(f)}, posted=request.POST,
                     conflict=getattr(f, "conflict", False))

    if not form.is_valid():
        return refused(form, 400)
    _forget_pending(request, estimate)   # a new upload replaces any preview waiting for confirmation
    upload = form.cleaned_data["file"]
    try:
        if form.cleaned_data["version"] and form.cleaned_data["version"] != estimate.version:
            raise ConflictError()
        if not editable(estimate):
            raise ServiceError("Dự toán đang chờ kiểm tra hoặc đã được kết luận phù hợp: không nhập bảng mới được.")
        data = check_xlsx_upload(upload)
        parsed, found = services.read_sheet(user, estimate, data)
    except (ValidationError, PermissionDenied) as exc:
        return refused(form, add_refusal(form, exc))
    name = (upload.name or "du-toan.xlsx")[-255:]
    if parsed.errors:
        # A refused sheet is a bad request, like a bad form: nothing is kept.
        return _preview(request, estimate, parsed, found, file_name=name, status=400)
    token = stash(data)
    request.session[SESSION_KEY.format(estimate.pk)] = {
        "token": token, "sha256": hashlib.sha256(data).hexdigest(), "user_id": user.pk, "file_name": name}
    return _preview(request, estimate, parsed, found, token=token, file_name=name,
                    version=form.cleaned_data["version"] or estimate.version)


@login_required
@require_POST
def sheet_import(request, pk):
    user = request.user
    estimate = _maker_estimate(request, pk)
    form = ConfirmImportForm(request.POST)
    key = SESSION_KEY.format(estimate.pk)
    pending = request.session.get(key)
    if (not form.is_valid() or not isinstance(pending, dict) or pending.get("user_id") != user.pk
            or not pending.get("token") or form.cleaned_data["token"] != pending.get("token")):
        messages.error(request, "Không có bản xem trước hợp lệ để xác nhận (hoặc đã được xác nhận). "
                                "Hãy tải bảng dự toán lên và xem trước lại.")
        return redirect(detail_url(estimate, "import"))
    data = claim_stash(pending["token"])
    request.session.pop(key, None)
    if data is None or hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        messages.error(request, "Tệp đã tải lên không còn trên máy chủ hoặc đã bị thay đổi; chưa nhập gì. "
                                "Hãy tải bảng dự toán lên lại.")
        return redirect(detail_url(estimate, "import"))
    try:
        version = services.import_sheet(user, estimate, ContentFile(data, name=pending.get("file_name") or ""),
                                        expected_version=form.cleaned_data["version"], note=form.cleaned_data["note"])
    except services.SheetRejected as exc:
        return _preview(request, estimate, SimpleNamespace(lines=[], errors=exc.rows), [],
                        file_name=pending.get("file_name") or "", status=400)
    except (ValidationError, PermissionDenied) as exc:
        status = add_refusal(form, exc)
        return _page(request, estimate, status=status, errors={"import": error_list(form)},
                     conflict=getattr(form, "conflict", False))
    messages.success(request, f"Đã nhập phiên bản {version.number}: {format_vnd(version.lines.count())} khoản mục, "
                              f"tổng cộng {format_vnd(version.total)} đồng.")
    return redirect(detail_url(estimate, "lines"))


@login_required
@require_GET
def version_file(request, pk, number):
    estimate = _estimate(request, pk)
    version = get_object_or_404(EstimateVersion, estimate=estimate, number=number)
    return file_download(version.file, version.file_name, "Phiên bản này không nhập từ tệp Excel.")


# ------------------------------------------------------------------ maker: lines ----

def _line_initial(line) -> dict:
    if line is None:
        return {}
    out = {f: getattr(line, f) for f in ("group_code", "stt", "name", "unit", "basis", "note", "norm_key")}
    out["quantity"] = f"{line.quantity.normalize():f}".replace(".", ",") if line.quantity is not None else ""
    out["vat_rate"] = f"{line.vat_rate.normalize():f}".replace(".", ",") if line.vat_rate else ""
    for f in ("unit_price", "amount"):
        value = getattr(line, f)
        out[f] = format_vnd(value) if value is not None else ""
    return out


def _as_dict(line) -> dict:
    return {f: getattr(line, f) for f in services.LINE_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, pk, line_id=None):
    """Add a line to the current version, or correct one: a new version with the other lines
    copied unchanged (their evidence kept)."""
    user = request.user
    estimate = _maker_estimate(request, pk)
    version = selectors.version_of(estimate) if estimate.current_version else None
    lines = list(version.lines.all()) if version else []
    target = None
    if line_id is not None:
        target = next((ln for ln in lines if ln.pk == line_id), None)
        if target is None:
            raise Http404("Khoản mục không thuộc phiên bản hiện hành của dự toán.")
    groups = list(estimate.structure.groups.all())
    initial = {"version": estimate.version, "group_code": request.GET.get("nhom", ""), **_line_initial(target)}
    form = LineForm(request.POST or None, groups=groups, initial=initial)
    bootstrap(form)

    def page(f):
        return render(request, "estimates/line_form.html", {
            "e": estimate, "p": estimate.project, "form": f, "line": target, "nav": "estimates",
            "conflict": getattr(f, "conflict", False), "can_edit": editable(estimate)})

    if request.method == "GET":
        return page(form)

    def call(cd):
        new = form.line()
        rows = [_as_dict(ln) for ln in lines]
        if target is not None:
            rows[lines.index(target)] = new
            note = f"Sửa khoản mục “{new['name'][:200]}”"
        else:
            last = max((i for i, r in enumerate(rows) if r["group_code"] == new["group_code"]), default=len(rows) - 1)
            rows.insert(last + 1, new)
            note = f"Thêm khoản mục “{new['name'][:200]}”"
        return services.save_version(user, estimate, rows, expected_version=cd["version"], note=note)

    return run_form_service(request, form, call,
                            success=lambda v: f"Đã lưu phiên bản {v.number} của dự toán (tổng {format_vnd(v.total)} đồng).",
                            redirect_to=lambda v: detail_url(estimate, "lines"), render=page)


@login_required
@require_POST
def line_delete(request, pk, line_id):
    user = request.user
    estimate = _maker_estimate(request, pk)
    version = selectors.version_of(estimate) if estimate.current_version else None
    lines = list(version.lines.all()) if version else []
    target = next((ln for ln in lines if ln.pk == line_id), None)
    if target is None:
        raise Http404("Khoản mục không thuộc phiên bản hiện hành của dự toán.")
    rows = [_as_dict(ln) for ln in lines if ln.pk != line_id]
    return _run(request, estimate, "lines", VersionForm(request.POST),
                lambda cd: services.save_version(user, estimate, rows, expected_version=cd["version"],
                                                 note=f"Bỏ khoản mục “{target.name[:200]}”"),
                lambda v: f"Đã bỏ khoản mục “{target.name}”; phiên bản {v.number} được lưu.")


@login_required
@require_POST
def evidence_add(request, pk, line_id):
    estimate = _maker_estimate(request, pk)
    form_id = f"line-{line_id}"
    return _run(request, estimate, form_id, EvidenceForm(request.POST, request.FILES),
                lambda cd: services.attach_evidence(request.user, estimate, line_id, cd["file"]),
                lambda ln: f"Đã đính kèm căn cứ đơn giá cho “{ln.name}”.")


@login_required
@require_GET
def evidence_download(request, pk, line_id):
    estimate = _estimate(request, pk)
    line = get_object_or_404(EstimateLine, pk=line_id, version__estimate=estimate)
    return file_download(line.evidence, line.evidence_name, "Khoản mục chưa có tệp căn cứ đơn giá.")


# ------------------------------------------------------------------ maker: UCP, submit ----

def _ucp_initial(current: dict) -> dict:
    """The calculator form's fields from the inputs stored on the current version."""
    inputs = current.get("inputs") or {}
    out = {}
    for k, v in (inputs.get("actors") or {}).items():
        out[f"actor_{k}"] = v
    for cls, row in (inputs.get("use_cases") or {}).items():
        for k, v in (row or {}).items():
            out[f"uc_{cls}_{k}"] = v
    for prefix, key in (("t", "technical_factors"), ("e", "environment_factors")):
        for i, v in enumerate(inputs.get(key) or (), 1):
            out[f"{prefix}{i}"] = v
    if inputs.get("hourly_rate") is not None:
        out["hourly_rate"] = display.number(inputs["hourly_rate"]) if isinstance(inputs["hourly_rate"], float) \
            else format_vnd(int(inputs["hourly_rate"]))
    return out


@login_required
@require_http_methods(["GET", "POST"])
def ucp_attach(request, pk):
    """The use-case-point calculator's form on an estimate: the result and every intermediate value
    are attached to the current version, whose checks then compare the cost per point."""
    user = request.user
    estimate = _maker_estimate(request, pk)
    current = (EstimateVersion.objects.filter(estimate=estimate, number=estimate.current_version)
               .values_list("ucp", flat=True).first()) or {}
    methods = list(Method.objects.filter(kind=MethodKind.UCP))
    wanted = request.POST.get("method") or request.GET.get("phuong-phap") or current.get("method")
    method = next((m for m in methods if m.code == wanted), methods[-1] if methods else None)
    constants, setup_error = None, ""
    try:
        if method is None:
            raise ServiceError("Chưa có phương pháp tính điểm trường hợp sử dụng nào.")
        constants = method_constants(method.code)
    except ServiceError as exc:
        setup_error = " ".join(exc.messages)
    form = None
    if constants is not None:
        initial = {"version": estimate.version, "method": method.code}
        if current.get("method") == method.code:
            initial.update(_ucp_initial(current))
        form = AttachUcpForm(request.POST or None, constants=constants, initial=initial)

    def page(f, status=200):
        return render(request, "estimates/ucp_form.html", {
            "e": estimate, "p": estimate.project, "form": f, "setup_error": setup_error, "methods": methods,
            "method": method, "nav": "estimates", "conflict": getattr(f, "conflict", False),
            "has_version": bool(estimate.current_version)}, status=status)

    if request.method == "GET" or form is None:
        return page(form, 200 if request.method == "GET" else 400)
    return run_form_service(
        request, form,
        lambda cd: services.attach_ucp(user, estimate, method.code, form.inputs(), expected_version=cd["version"]),
        success=lambda v: f"Đã gắn bảng tính chi phí phần mềm nội bộ: {format_vnd(v.ucp.get('total') or 0)} đồng.",
        redirect_to=lambda v: detail_url(estimate, "ucp"), render=page)


@login_required
@require_POST
def estimate_submit(request, pk):
    estimate = _maker_estimate(request, pk)
    return _run(request, estimate, "actions", VersionForm(request.POST),
                lambda cd: services.submit(request.user, estimate, expected_version=cd["version"]),
                "Đã gửi dự toán kiểm tra; cơ quan chuyên trách CĐS hoặc giám sát độc lập sẽ kiểm tra.")


# ------------------------------------------------------------------ checker ----

@login_required
@require_POST
def line_review(request, pk):
    estimate = _checker_estimate(request, pk)
    form = ReviewForm(request.POST)
    line = _number(request.POST.get("line"))
    form_id = f"line-{line}" if line else "general_review"
    return _run(request, estimate, form_id, form,
                lambda cd: services.review_line(request.user, estimate, text=cd["text"], line_id=cd["line"],
                                                checked_amount=cd["checked_amount"]),
                "Đã ghi ý kiến kiểm tra.", anchor=form_id if line else "general-review")


@login_required
@require_POST
def estimate_conclude(request, pk):
    estimate = _checker_estimate(request, pk)
    return _run(request, estimate, "conclusion", ConcludeForm(request.POST),
                lambda cd: services.conclude(request.user, estimate, conclusion=cd["conclusion"], text=cd["text"],
                                             expected_version=cd["version"]),
                lambda e: f"Đã kết luận: {e.get_conclusion_display().lower()}.")


# ------------------------------------------------------------------ downloads ----

@login_required
@require_GET
def export_xlsx(request, pk):
    estimate = _estimate(request, pk)
    number = _number(request.GET.get("phien-ban")) or estimate.current_version
    version = selectors.version_of(estimate, number) if number else None
    if version is None:
        raise Http404("Dự toán chưa có phiên bản này.")
    p = estimate.project
    declared = None
    if version.declared_subtotals or version.declared_total is not None:
        declared = {"subtotals": version.declared_subtotals, "total": version.declared_total}
    data = sheet.export(estimate.title, f"{p.code} — {p.name} · phiên bản {version.number}",
                        sheet.groups_from_structure(estimate.structure), list(version.lines.all()), declared=declared)
    record_event(request.user, "estimate.exported", estimate, data={"document": "xlsx", "version": version.number})
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(estimate, "xlsx", version.number)}"'
    return response


@login_required
@require_GET
def export_docx(request, pk):
    estimate = _estimate(request, pk)
    if not estimate.current_version:
        raise Http404("Dự toán chưa có phiên bản nào.")
    data = documents.estimate_appendix(request.user, estimate)
    record_event(request.user, "estimate.exported", estimate, data={
        "document": "docx", "version": selectors.standing_version(estimate)})
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(estimate, "docx")}"'
    return response
