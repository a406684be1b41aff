"""Library entries: the list (search without diacritics, filters, counts by status), the entry's
page (content, results before/after, links the reader may read, documents, workflow history and
the buttons the reader's role allows), the entry form, the workflow steps, the results table,
documents, nomination from reviews rated "Hiệu quả" and the Excel export of the filtered list.

Every entry comes through :func:`cds.library.selectors.get_practice` (404 outside the reader's
scope); every write is a service call run by :func:`cds.core.forms.run_form_service` — a refusal
shows the page again with the Vietnamese message (400, 403, or 409 for a stale version), nothing
written."""
from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cds.audit.services import record_event
from cds.catalog.models import Capability, DataEntity, Programme
from cds.core.errors import ConflictError, error_messages
from cds.core.forms import FORBIDDEN, error_list, run_form_service
from cds.core.uploads import file_download, xlsx_download
from cds.reports.xlsx import close_list_sheet, open_list_sheet
from cds.reviews.permissions import get_review_for
from cds.text.format import cell_text, vndate

from .. import selectors, services, services_content
from ..forms import (
    DocumentForm,
    NominateForm,
    PracticeForm,
    RemoveDocumentForm,
    ResultFormSet,
    StepForm,
    result_initial,
)
from ..models import Kind, Status
from ..permissions import can_check, can_edit, can_edit_content, can_propose

PAGE_SIZE = 25
EDIT_ONLY = "Chỉ sửa mô hình đang dự thảo hoặc bị trả lại, của đơn vị mình."
PROPOSE_ONLY = "Bạn không có quyền đề xuất mô hình."
NOMINATE_ONLY = "Chỉ cơ quan chuyên trách CĐS đề cử mô hình từ báo cáo đánh giá."
ACTIONS = {
    "submit": "Đã gửi mô hình để cơ quan chuyên trách CĐS kiểm tra.",
    "publish": "Đã công bố mô hình.",
    "return": "Đã trả lại mô hình để đơn vị hoàn thiện.",
    "withdraw": "Đã thu hồi mô hình.",
}


def detail_url(practice, anchor: str = "") -> str:
    return reverse("library:detail", args=[practice.pk]) + (f"#{anchor}" if anchor else "")


def _status_for(exc) -> int:
    if isinstance(exc, PermissionDenied):
        return 403
    return 409 if isinstance(exc, ConflictError) else 400


# ------------------------------------------------------------------ the list

@login_required
@require_GET
def practice_list(request):
    user = request.user
    qs, filterset = selectors.filtered(user, request.GET)
    page = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    wanted = list(page.object_list)
    by_id = {p.pk: p for p in selectors.list_rows(selectors.practices_for(user).filter(pk__in=wanted))}
    rows = [by_id[pk] for pk in wanted if pk in by_id]
    for p in rows:
        p.headline = selectors.headline(p)
    counts = selectors.status_counts(user)
    cd = filterset.form.cleaned_data if hasattr(filterset.form, "cleaned_data") else {}
    return render(request, "library/list.html", {
        "nav": "library", "page": page, "rows": rows,
        "filter_errors": error_list(filterset.form) if filterset.is_bound and not filterset.is_valid() else [],
        "flt": {"q": request.GET.get("q", "")[:200], "loai": cd.get("loai") or "",
                "tinh_trang": cd.get("tinh_trang") or "", "don_vi": cd.get("don_vi"),
                "nang_luc": cd.get("nang_luc"), "chuong_trinh": cd.get("chuong_trinh"), "du_lieu": cd.get("du_lieu")},
        "counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices if counts.get(value)],
        "insider": any(s != Status.PUBLISHED for s in counts),
        "kinds": Kind.choices, "statuses": Status.choices, "units": selectors.unit_options(user),
        "capabilities": Capability.objects.filter(is_active=True), "programmes": Programme.objects.filter(is_active=True),
        "entities": DataEntity.objects.filter(is_active=True),
        "can_propose": can_propose(user), "can_nominate": can_check(user),
    })


EXPORT_HEADERS = ("Mã", "Tên mô hình, thiết kế", "Loại", "Đơn vị thực hiện", "Tình trạng", "Vấn đề cần giải quyết",
                  "Giải pháp, cách làm", "Kết quả đạt được", "Chỉ tiêu kết quả (trước → sau)", "Bài học kinh nghiệm",
                  "Điều kiện áp dụng, nhân rộng", "Năng lực nghiệp vụ", "Thực thể dữ liệu", "Chương trình",
                  "Nhiệm vụ, dự án chứng minh", "Hệ thống thông tin", "Số lần tái sử dụng", "Ngày công bố")
EXPORT_WIDTHS = (14, 40, 20, 28, 18, 50, 50, 40, 40, 40, 40, 24, 24, 24, 40, 30, 12, 12)


def _result_text(r) -> str:
    unit = f" {r.measure_unit}" if r.measure_unit else ""
    return f"{r.indicator_name}: {cell_text(r.before) or '—'} → {cell_text(r.after) or '—'}{unit}"


@login_required
@require_GET
def practice_export(request):
    """The filtered list as an Excel file; a linked project or system appears only where the
    user may read it."""
    user = request.user
    qs, _filterset = selectors.filtered(user, request.GET)
    wb, ws = open_list_sheet("Mô hình", "Thư viện mô hình, thiết kế điển hình",
                             f"Xuất ngày {vndate(timezone.localdate())} — {user.display_name}",
                             EXPORT_HEADERS, EXPORT_WIDTHS)
    n = 0
    ids = list(qs.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        projects, systems = selectors.visible_link_names(user, chunk)
        by_id = {p.pk: p for p in selectors.list_rows(selectors.practices_for(user).filter(pk__in=chunk))}
        for pk in chunk:
            p = by_id[pk]
            ws.append([p.code, p.title, p.get_kind_display(), p.unit.name, p.get_status_display(), p.problem,
                       p.solution, p.results_summary, "\n".join(_result_text(r) for r in p.results.all()),
                       p.lessons, p.reuse_conditions, "; ".join(c.name for c in p.capabilities.all()),
                       "; ".join(e.name for e in p.data_entities.all()),
                       "; ".join(g.name for g in p.programmes.all()), "\n".join(projects.get(pk, [])),
                       "\n".join(systems.get(pk, [])), p.n_reuses, vndate(timezone.localdate(p.published_at)) if p.published_at else ""])
            n += 1
    out = BytesIO()
    close_list_sheet(wb, ws, out, len(EXPORT_HEADERS), n)
    out.seek(0)
    record_event(user, "library.exported", None, data={"count": n})
    return xlsx_download(out, "thu-vien-mo-hinh.xlsx")


# ------------------------------------------------------------------ the entry's page

def _detail(request, practice, *, status=200, step=None, step_form=None, doc_form=None, remove_form=None):
    user = request.user
    maker = user.pk in (practice.created_by_id, practice.submitted_by_id)
    checker = can_check(user, practice)
    content = can_edit_content(user, practice)
    ctx = {
        "nav": "library", "p": practice, "links": selectors.visible_links(user, practice),
        "results": selectors.with_results_changes(list(practice.results.all())),
        "documents": list(selectors.documents(practice)), "steps": selectors.workflow_steps(practice),
        "capabilities": list(practice.capabilities.all()), "data_entities": list(practice.data_entities.all()),
        "programmes": list(practice.programmes.all()),
        "can_edit": can_edit(user, practice), "can_content": content,
        "can_submit": can_edit(user, practice),
        "can_check": checker and practice.status == Status.SUBMITTED and not maker,
        "maker_note": checker and practice.status == Status.SUBMITTED and maker,
        "can_withdraw": checker and practice.status == Status.PUBLISHED,
        "doc_form": doc_form or (DocumentForm() if content else None),
        "step": step, "step_errors": error_list(step_form) if step_form is not None else [],
        "conflict": getattr(step_form, "conflict", False) or getattr(doc_form, "conflict", False),
        "doc_errors": error_list(doc_form) if doc_form is not None and doc_form.is_bound else [],
        "remove_errors": error_list(remove_form) if remove_form is not None else [],
    }
    return render(request, "library/detail.html", ctx, status=status)


@login_required
@require_GET
def practice_detail(request, pk):
    return _detail(request, selectors.get_practice(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request):
    user = request.user
    if not can_propose(user):
        raise PermissionDenied(PROPOSE_ONLY)
    form = PracticeForm(user, request.POST or None,
                        initial={"kind": Kind.MODEL, "unit": user.unit_id if user.unit_id else None})

    def page(f):
        return render(request, "library/form.html", {"nav": "library", "form": f, "creating": True})

    if not form.units:
        raise PermissionDenied(PROPOSE_ONLY)
    if request.method == "GET":
        return page(form)
    return run_form_service(request, form, lambda cd: services.create_practice(user, form.data_for_service()),
                            success=lambda p: f"Đã lập dự thảo mô hình {p.code}.",
                            redirect_to=lambda p: detail_url(p), render=page)


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request, pk):
    user = request.user
    practice = selectors.get_practice(user, pk)
    if not can_edit(user, practice):
        raise PermissionDenied(EDIT_ONLY)

    def page(f):
        return render(request, "library/form.html", {"nav": "library", "form": f, "p": practice})

    if request.method == "GET":
        return page(PracticeForm(user, practice=practice, initial=PracticeForm.initial_for(practice)))
    form = PracticeForm(user, request.POST, practice=practice)
    return run_form_service(
        request, form, lambda cd: services.update_practice(user, practice, form.data_for_service(practice),
                                                           expected_version=cd.get("version")),
        success="Đã lưu mô hình.", redirect_to=detail_url(practice), render=page)


@login_required
@require_POST
def practice_transition(request, pk, action):
    if action not in ACTIONS:
        raise Http404("Không có thao tác này.")
    user = request.user
    practice = selectors.get_practice(user, pk)
    form = StepForm(request.POST)

    def call(cd):
        version, note = cd.get("version"), cd.get("note") or ""
        if action == "submit":
            return services.submit(user, practice, expected_version=version)
        if action == "publish":
            return services.publish(user, practice, note, expected_version=version)
        if action == "return":
            return services.return_practice(user, practice, note, expected_version=version)
        return services.withdraw(user, practice, note, expected_version=version)

    return run_form_service(request, form, call, success=ACTIONS[action], redirect_to=detail_url(practice),
                            render=lambda f: _detail(request, practice, step=action, step_form=f))


# ------------------------------------------------------------------ results

@login_required
@require_http_methods(["GET", "POST"])
def practice_results(request, pk):
    user = request.user
    practice = selectors.get_practice(user, pk)
    if not can_edit_content(user, practice):
        raise PermissionDenied(services_content.CONTENT_ONLY)

    def page(formset, errors=(), status=200, conflict=False):
        return render(request, "library/results.html", {
            "nav": "library", "p": practice, "formset": formset, "errors": list(errors), "conflict": conflict,
            "version": request.POST.get("version", practice.version) if request.method == "POST"
            else practice.version}, status=status)

    if request.method == "GET":
        return page(ResultFormSet(initial=result_initial(practice)))
    formset = ResultFormSet(request.POST)
    version = StepForm(request.POST)
    if not formset.is_valid() or not version.is_valid():
        errors = list(formset.non_form_errors())
        for n, f in enumerate(formset.forms, 1):
            errors += [f"Dòng {n}: {e}" for e in error_list(f)]
        return page(formset, errors or ["Dữ liệu không hợp lệ."], status=400)
    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data]
    try:
        services_content.set_results(user, practice, rows, expected_version=version.cleaned_data.get("version"))
    except (ValidationError, PermissionDenied) as exc:
        msgs = [str(exc) or FORBIDDEN] if isinstance(exc, PermissionDenied) else error_messages(exc)
        return page(formset, msgs, status=_status_for(exc), conflict=isinstance(exc, ConflictError))
    messages.success(request, "Đã lưu kết quả đo được.")
    return redirect(detail_url(practice, "results"))


# ------------------------------------------------------------------ documents

@login_required
@require_POST
def document_add(request, pk):
    user = request.user
    practice = selectors.get_practice(user, pk)
    form = DocumentForm(request.POST, request.FILES)
    return run_form_service(
        request, form, lambda cd: services_content.add_document(user, practice, cd["file"], cd["kind"], cd["title"]),
        success="Đã thêm tài liệu.", redirect_to=detail_url(practice, "documents"),
        render=lambda f: _detail(request, practice, doc_form=f))


@login_required
@require_GET
def document_download(request, pk, doc_id):
    practice = selectors.get_practice(request.user, pk)
    doc = selectors.get_document(practice, doc_id)
    response = file_download(doc.file, doc.file_name, "Tài liệu không còn tệp.")
    record_event(request.user, "library.document_downloaded", practice,
                 data={"code": practice.code, "title": practice.title, "document": doc.title})
    return response


@login_required
@require_POST
def document_remove(request, pk, doc_id):
    user = request.user
    practice = selectors.get_practice(user, pk)
    doc = selectors.get_document(practice, doc_id)
    form = RemoveDocumentForm(request.POST)
    return run_form_service(
        request, form, lambda cd: services_content.remove_document(user, practice, doc, cd.get("reason") or ""),
        success="Đã gỡ tài liệu.", redirect_to=detail_url(practice, "documents"),
        render=lambda f: _detail(request, practice, remove_form=f))


# ------------------------------------------------------------------ nomination

@login_required
@require_http_methods(["GET", "POST"])
def nominate(request):
    user = request.user
    if not can_check(user):
        raise PermissionDenied(NOMINATE_ONLY)

    def page(errors=(), status=200):
        reviews = selectors.nominable_reviews(user)
        return render(request, "library/nominate.html", {"nav": "library", "reviews": reviews[:200],
                                                         "total": reviews.count(), "errors": list(errors)},
                      status=status)

    if request.method == "GET":
        return page()
    form = NominateForm(request.POST)
    review_id = form.cleaned_data.get("review") if form.is_valid() else None
    if review_id is None:
        return page(["Chưa chọn báo cáo đánh giá để đề cử."], status=400)
    review = get_review_for(user, review_id)
    try:
        practice = services_content.nominate_from_review(user, review)
    except (ValidationError, PermissionDenied) as exc:
        msgs = [str(exc) or FORBIDDEN] if isinstance(exc, PermissionDenied) else error_messages(exc)
        return page(msgs, status=_status_for(exc))
    messages.success(request, f"Đã lập dự thảo mô hình {practice.code} từ báo cáo đánh giá; hãy hoàn thiện nội dung.")
    return redirect("library:edit", practice.pk)
