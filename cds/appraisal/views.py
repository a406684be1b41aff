"""Pages of the appraisal of a dossier. Views parse input, call selectors/services and render;
every object comes through the access helper (404 outside the user's scope, 403 for what they
may see but not do); every write is a service call, and a refusal re-renders the page with the
Vietnamese message and what the user typed (nothing written)."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cds.accounts import access
from cds.audit.services import record_event
from cds.core.errors import ConflictError, ServiceError, error_messages, posted_version
from cds.core.validation import parse_date
from cds.orgs.models import Unit
from cds.projects.forms import MoneyField
from cds.projects.permissions import get_project_for
from cds.rules.models import ItemKind, LegalRegime, Step
from cds.rules.selectors import procedures

from . import findings as findings_mod
from . import selectors, services
from .models import Conclusion, DocKind, DossierDocument, Opinion, Result, Status
from .permissions import (
    can_answer_opinion,
    can_appraise,
    can_countersign,
    can_decide_dossier,
    can_prepare_dossier,
    can_submit_dossier,
    get_dossier_for,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ------------------------------------------------------------------ helpers ----


def _date(value: str | None) -> dt.date | None:
    return parse_date(value)



def _act(request, dossier, form_id: str, call, success: str):
    """Run a service call for one of the page's forms: success → flash and back to the form's
    place on the page; refusal → the page again (400) with the message beside that form and
    the typed values kept."""
    try:
        call()
    except ServiceError as exc:
        return _render(request, dossier, status=400, errors={form_id: error_messages(exc)},
                       posted=request.POST, conflict=isinstance(exc, ConflictError))
    messages.success(request, success)
    return redirect(f"{services.dossier_url(dossier)}#{form_id}")


def _render(request, dossier, status=200, **extra):
    user = request.user
    ctx = selectors.dossier_page(user, dossier)
    ctx.update({
        "can_prepare": can_prepare_dossier(user, dossier.project),
        "can_submit": can_submit_dossier(user, dossier),
        "can_appraise": can_appraise(user, dossier),
        "can_countersign": can_countersign(user, dossier),
        "can_decide": can_decide_dossier(user, dossier),
        "doc_kinds": DocKind.choices, "results": Result.choices, "conclusions": Conclusion.choices,
        "decisions": services.DECISIONS, "errors": {}, "posted": {}, "Status": Status,
    })
    if ctx["can_appraise"] and dossier.status in (Status.IN_APPRAISAL, Status.SUPPLEMENT):
        ctx["opinion_units"] = (access.scope_units(user, Unit.objects.filter(valid_to__isnull=True))
                                .exclude(pk=dossier.project.investor_unit_id).order_by("path"))
    ctx.update(extra)
    posted = ctx["posted"]
    for row in ctx["content"]:
        key, saved = row["item"].pk, row["result"]
        row["value"] = posted.get(f"result_{key}", saved.result if saved else "")
        row["comment"] = posted.get(f"comment_{key}", saved.comment if saved else "")
    ctx["nav"] = "appraisal"
    return render(request, "appraisal/dossier.html", ctx, status=status)


def _dossier(request, pk):
    return get_dossier_for(request.user, pk, selectors.dossier_queryset())


def _allowed(request, pk, check, refusal: str):
    """The dossier if the user may read it (else 404) and ``check(user, dossier)`` allows the
    action (else 403 with ``refusal``)."""
    dossier = _dossier(request, pk)
    if not check(request.user, dossier):
        raise PermissionDenied(refusal)
    return dossier


# -------------------------------------------------------------------- rules ----

@login_required
def rules(request):
    regimes = list(LegalRegime.objects.all())
    try:
        chosen = int(request.GET.get("regime") or 0)
    except ValueError:
        chosen = 0
    regime = next((r for r in regimes if r.pk == chosen), None) or next(
        (r for r in regimes if r.code == "ND224_2026"), regimes[0] if regimes else None)
    rows = list(procedures(regime.pk)) if regime else []
    for proc in rows:
        proc.limits = sorted(proc.time_limits.all(), key=lambda t: (list(Step.values).index(t.step), t.group))
        proc.documents = [i for i in proc.checklist.all() if i.kind == ItemKind.DOCUMENT]
        proc.contents = [i for i in proc.checklist.all() if i.kind == ItemKind.CONTENT]
    return render(request, "appraisal/rules.html", {
        "regimes": regimes, "regime": regime, "procedures": rows, "can_admin": request.user.is_staff,
    })


# ------------------------------------------------------------------ create ----

class DossierForm(forms.Form):
    amount = MoneyField(label="Kinh phí đề nghị (đồng)", error_messages={"required": "Chưa nhập kinh phí đề nghị."})
    title = forms.CharField(label="Trích yếu", max_length=500, required=False,
                            error_messages={"max_length": "Trích yếu tối đa 500 ký tự."})


@login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request, project_id):
    user = request.user
    project = get_project_for(user, project_id)
    if not can_prepare_dossier(user, project):
        raise PermissionDenied("Chỉ chuyên viên, lãnh đạo đơn vị chủ đầu tư được lập hồ sơ thẩm định.")
    form = DossierForm(request.POST or None, initial={"amount": f"{project.total_estimate:,}".replace(",", ".")
                                                     if project.total_estimate else ""})
    route, route_error, amount = None, "", project.total_estimate
    if request.method == "POST":
        try:
            amount = form.fields["amount"].clean(request.POST.get("amount"))
        except forms.ValidationError:
            amount = None
    if amount:
        try:
            route = services.routing(project, amount)
        except ServiceError as exc:
            route_error = " ".join(exc.messages)
    if request.method == "POST" and form.is_valid() and not request.POST.get("preview"):
        try:
            dossier = services.create_dossier(user, project, form.cleaned_data)
        except ServiceError as exc:
            for key, errs in (exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]):
                form.add_error(key if key in form.fields else None, errs)
        else:
            messages.success(request, f"Đã lập hồ sơ {dossier.code} theo thủ tục “{dossier.procedure.name}”. "
                                      "Tải lên các thành phần hồ sơ theo danh mục rồi trình thẩm định.")
            return redirect(services.dossier_url(dossier))
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "appraisal/create.html", {
        "project": project, "form": form, "route": route, "route_error": route_error,
    }, status=status)


# ------------------------------------------------------------------ dossier ----

@login_required
def dossier_detail(request, pk):
    return _render(request, _dossier(request, pk))


@login_required
@require_POST
def document_add(request, pk):
    dossier = _dossier(request, pk)
    if not can_prepare_dossier(request.user, dossier.project):
        raise PermissionDenied("Chỉ đơn vị chủ đầu tư được nộp tài liệu cho hồ sơ này.")
    upload = request.FILES.get("file")
    return _act(request, dossier, "documents",
                lambda: services.add_document(request.user, dossier, kind=request.POST.get("kind", ""),
                                              upload=upload, note=request.POST.get("note", "")),
                "Đã tải lên tài liệu.")


@login_required
def document_download(request, pk, doc_id):
    dossier = _dossier(request, pk)
    doc = get_object_or_404(DossierDocument, pk=doc_id, dossier=dossier)
    if not doc.file:
        raise Http404("Không có tệp.")
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file_name)


@login_required
@require_POST
def dossier_submit(request, pk):
    dossier = _allowed(request, pk, can_submit_dossier, "Chỉ lãnh đạo đơn vị chủ đầu tư được trình hồ sơ thẩm định.")
    return _act(request, dossier, "actions",
                lambda: services.submit(request.user, dossier, expected_version=posted_version(request)),
                "Đã trình hồ sơ; thời hạn thẩm định bắt đầu tính từ hôm nay.")


@login_required
@require_POST
def supplement_request(request, pk):
    dossier = _allowed(request, pk, can_appraise, "Chỉ chuyên viên cơ quan chuyên trách CĐS được yêu cầu bổ sung.")
    return _act(request, dossier, "actions",
                lambda: services.request_supplement(request.user, dossier, request=request.POST.get("request", ""),
                                                    expected_version=posted_version(request)),
                "Đã gửi yêu cầu bổ sung; thời hạn thẩm định tạm dừng đến khi đơn vị nộp bổ sung.")


@login_required
@require_POST
def supplement(request, pk):
    dossier = _allowed(request, pk, can_submit_dossier, "Chỉ lãnh đạo đơn vị chủ đầu tư được nộp hồ sơ bổ sung.")
    return _act(request, dossier, "actions",
                lambda: services.supplement(request.user, dossier, response=request.POST.get("response", ""),
                                            expected_version=posted_version(request)),
                "Đã nộp hồ sơ bổ sung; thời hạn thẩm định tiếp tục được tính.")


@login_required
@require_POST
def opinion_request(request, pk):
    user = request.user
    dossier = _dossier(request, pk)
    if not can_appraise(user, dossier):
        raise PermissionDenied("Chỉ chuyên viên cơ quan chuyên trách CĐS được xin ý kiến.")

    def call():
        try:
            unit = access.scope_units(user, Unit.objects.all()).get(pk=int(request.POST.get("unit") or 0))
        except (Unit.DoesNotExist, ValueError):
            unit = None
        services.request_opinion(user, dossier, unit=unit, question=request.POST.get("question", ""),
                                 due=_date(request.POST.get("due")))
    return _act(request, dossier, "opinions", call, "Đã gửi đề nghị cho ý kiến.")


def _opinion(request, opinion_id):
    opinion = get_object_or_404(Opinion.objects.select_related("dossier", "unit"), pk=opinion_id)
    get_dossier_for(request.user, opinion.dossier_id)  # 404 outside the user's scope
    return opinion


@login_required
@require_POST
def opinion_answer(request, opinion_id):
    opinion = _opinion(request, opinion_id)
    if not can_answer_opinion(request.user, opinion):
        raise PermissionDenied("Chỉ đơn vị được xin ý kiến mới trả lời được.")
    dossier = get_dossier_for(request.user, opinion.dossier_id, selectors.dossier_queryset())
    agrees = {"yes": True, "no": False}.get(request.POST.get("agrees", ""))
    return _act(request, dossier, "opinions",
                lambda: services.answer_opinion(request.user, opinion, answer=request.POST.get("answer", ""),
                                                agrees=agrees, upload=request.FILES.get("file")),
                "Đã gửi ý kiến.")


@login_required
def opinion_file(request, opinion_id):
    opinion = _opinion(request, opinion_id)
    if not opinion.answer_file:
        raise Http404("Không có tệp.")
    return FileResponse(opinion.answer_file.open("rb"), as_attachment=True, filename=opinion.answer_file_name)


@login_required
@require_POST
def checklist_save(request, pk):
    dossier = _allowed(request, pk, can_appraise, "Chỉ chuyên viên cơ quan chuyên trách CĐS được đánh giá hồ sơ.")
    results = {}
    for item in dossier.procedure.checklist.all():
        if item.kind == ItemKind.CONTENT and f"result_{item.pk}" in request.POST:
            results[item.pk] = (request.POST.get(f"result_{item.pk}", ""), request.POST.get(f"comment_{item.pk}", ""))
    return _act(request, dossier, "checklist",
                lambda: services.save_checklist(request.user, dossier, results, expected_version=posted_version(request)),
                "Đã lưu kết quả kiểm tra.")


@login_required
@require_POST
def dossier_conclude(request, pk):
    user = request.user
    dossier = _dossier(request, pk)
    if not can_appraise(user, dossier):
        raise PermissionDenied("Chỉ chuyên viên cơ quan chuyên trách CĐS được kết luận thẩm định.")

    def call():
        snapshot = findings_mod.flat(findings_mod.findings(user, dossier))
        services.conclude(user, dossier, conclusion=request.POST.get("conclusion", ""),
                          text=request.POST.get("text", ""), findings=snapshot, expected_version=posted_version(request))
    return _act(request, dossier, "actions", call, "Đã kết luận thẩm định; chờ giám sát độc lập xác nhận.")


@login_required
@require_POST
def dossier_countersign(request, pk):
    dossier = _allowed(request, pk, can_countersign, "Chỉ giám sát độc lập được xác nhận kết luận thẩm định.")
    agree = request.POST.get("agree") == "yes"
    return _act(request, dossier, "actions",
                lambda: services.countersign(request.user, dossier, agree=agree, note=request.POST.get("note", ""),
                                             expected_version=posted_version(request)),
                "Đã xác nhận kết luận thẩm định." if agree else "Đã trả kết luận về chuyên viên thẩm định.")


@login_required
@require_POST
def dossier_decide(request, pk):
    dossier = _allowed(request, pk, can_decide_dossier, "Chỉ lãnh đạo UBND được phê duyệt hồ sơ.")
    decision = request.POST.get("decision", "")
    return _act(request, dossier, "actions",
                lambda: services.decide(request.user, dossier, decision=decision,
                                        decision_number=request.POST.get("decision_number", ""),
                                        decision_date=_date(request.POST.get("decision_date")),
                                        reason=request.POST.get("reason", ""), expected_version=posted_version(request)),
                f"Đã ghi quyết định: {services.DECISIONS.get(decision, '').lower()}.")


# ---------------------------------------------------------------- documents ----

def _docx(request, pk, kind: str):
    from . import documents

    dossier = _dossier(request, pk)
    if dossier.status == Status.DRAFT:
        raise PermissionDenied("Hồ sơ chưa trình thẩm định.")
    data = documents.appraisal_report(dossier) if kind == "report" else documents.draft_decision(dossier)
    record_event(request.user, "appraisal.exported", dossier.project,
                 data={"dossier": dossier.code, "document": kind})
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{documents.report_filename(dossier, kind)}"'
    return response


@login_required
def report_docx(request, pk):
    return _docx(request, pk, "report")


@login_required
def decision_docx(request, pk):
    return _docx(request, pk, "decision")

