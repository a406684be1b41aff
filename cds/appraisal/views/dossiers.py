"""Pages of the appraisal of a dossier. Views read input with the forms of
:mod:`cds.appraisal.forms`, call selectors/services and render; every object comes through the
access helper (404 outside the user's scope, 403 for what they may see but not do); every write
is a service call run by :func:`cds.core.forms.run_form_service`, and a refusal re-renders the
page with the Vietnamese message beside the form and what the user typed (nothing written)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from cds.accounts import access
from cds.audit.services import record_event
from cds.core.errors import ServiceError
from cds.core.forms import error_list, run_form_service
from cds.core.uploads import file_download
from cds.orgs.models import Unit
from cds.projects.permissions import get_project_for

from .. import documents, selectors, services
from .. import findings as findings_mod
from ..forms import (
    ChecklistForm,
    ConcludeForm,
    CountersignForm,
    DecideForm,
    DocumentForm,
    DossierForm,
    OpinionAnswerForm,
    OpinionRequestForm,
    SupplementForm,
    SupplementRequestForm,
    VersionForm,
)
from ..models import Conclusion, DocKind, DossierDocument, Opinion, Result, Status
from ..permissions import (
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

def _run(request, dossier, form_id: str, form, call, success):
    """One of the dossier page's forms: success → flash and back to the form's place on the
    page; a bad form or a refusal → the page again with the message beside that form and the
    typed values kept (400, 403 or 409)."""
    return run_form_service(
        request, form, call, success=success, redirect_to=f"{services.dossier_url(dossier)}#{form_id}",
        render=lambda f: _render(request, dossier, errors={form_id: error_list(f)}, posted=request.POST,
                                 conflict=f.conflict))


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


# ------------------------------------------------------------------ create ----

@login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request, project_id):
    user = request.user
    project = get_project_for(user, project_id)
    if not can_prepare_dossier(user, project):
        raise PermissionDenied("Chỉ chuyên viên, lãnh đạo đơn vị chủ đầu tư được lập hồ sơ thẩm định.")
    form = DossierForm(request.POST or None, initial={"amount": f"{project.total_estimate:,}".replace(",", ".")
                                                     if project.total_estimate else ""})
    amount = form.typed_amount() if request.method == "POST" else project.total_estimate
    route, route_error = None, ""
    if amount:
        try:
            route = services.routing(project, amount)
        except ServiceError as exc:
            route_error = " ".join(exc.messages)

    def page(f):
        return render(request, "appraisal/create.html", {
            "project": project, "form": f, "route": route, "route_error": route_error})

    if request.method == "GET" or request.POST.get("preview"):
        response = page(form)
        response.status_code = 400 if request.method == "POST" and form.errors else 200
        return response
    return run_form_service(
        request, form, lambda cd: services.create_dossier(user, project, cd),
        success=lambda d: (f"Đã lập hồ sơ {d.code} theo thủ tục “{d.procedure.name}”. "
                           "Tải lên các thành phần hồ sơ theo danh mục rồi trình thẩm định."),
        redirect_to=services.dossier_url, render=page)


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
    return _run(request, dossier, "documents", DocumentForm(request.POST, request.FILES),
                lambda cd: services.add_document(request.user, dossier, kind=cd["kind"], upload=cd["file"],
                                                 note=cd["note"]),
                "Đã tải lên tài liệu.")


@login_required
def document_download(request, pk, doc_id):
    dossier = _dossier(request, pk)
    doc = get_object_or_404(DossierDocument, pk=doc_id, dossier=dossier)
    return file_download(doc.file, doc.file_name)


@login_required
@require_POST
def dossier_submit(request, pk):
    dossier = _allowed(request, pk, can_submit_dossier, "Chỉ lãnh đạo đơn vị chủ đầu tư được trình hồ sơ thẩm định.")
    return _run(request, dossier, "actions", VersionForm(request.POST),
                lambda cd: services.submit(request.user, dossier, expected_version=cd["version"]),
                "Đã trình hồ sơ; thời hạn thẩm định bắt đầu tính từ hôm nay.")


@login_required
@require_POST
def supplement_request(request, pk):
    dossier = _allowed(request, pk, can_appraise, "Chỉ chuyên viên cơ quan chuyên trách CĐS được yêu cầu bổ sung.")
    return _run(request, dossier, "actions", SupplementRequestForm(request.POST),
                lambda cd: services.request_supplement(request.user, dossier, request=cd["request"],
                                                       expected_version=cd["version"]),
                "Đã gửi yêu cầu bổ sung; thời hạn thẩm định tạm dừng đến khi đơn vị nộp bổ sung.")


@login_required
@require_POST
def supplement(request, pk):
    dossier = _allowed(request, pk, can_submit_dossier, "Chỉ lãnh đạo đơn vị chủ đầu tư được nộp hồ sơ bổ sung.")
    return _run(request, dossier, "actions", SupplementForm(request.POST),
                lambda cd: services.supplement(request.user, dossier, response=cd["response"],
                                               expected_version=cd["version"]),
                "Đã nộp hồ sơ bổ sung; thời hạn thẩm định tiếp tục được tính.")


@login_required
@require_POST
def opinion_request(request, pk):
    user = request.user
    dossier = _allowed(request, pk, can_appraise, "Chỉ chuyên viên cơ quan chuyên trách CĐS được xin ý kiến.")
    return _run(request, dossier, "opinions", OpinionRequestForm(request.POST, user=user),
                lambda cd: services.request_opinion(user, dossier, unit=cd["unit"], question=cd["question"],
                                                    due=cd["due"]),
                "Đã gửi đề nghị cho ý kiến.")


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
    return _run(request, dossier, "opinions", OpinionAnswerForm(request.POST, request.FILES),
                lambda cd: services.answer_opinion(request.user, opinion, answer=cd["answer"], agrees=cd["agrees"],
                                                   upload=cd["file"]),
                "Đã gửi ý kiến.")


@login_required
def opinion_file(request, opinion_id):
    opinion = _opinion(request, opinion_id)
    return file_download(opinion.answer_file, opinion.answer_file_name)


@login_required
@require_POST
def checklist_save(request, pk):
    dossier = _allowed(request, pk, can_appraise, "Chỉ chuyên viên cơ quan chuyên trách CĐS được đánh giá hồ sơ.")
    form = ChecklistForm(request.POST, items=dossier.procedure.checklist.all())
    return _run(request, dossier, "checklist", form,
                lambda cd: services.save_checklist(request.user, dossier, form.results(),
                                                   expected_version=cd["version"]),
                "Đã lưu kết quả kiểm tra.")


@login_required
@require_POST
def dossier_conclude(request, pk):
    user = request.user
    dossier = _allowed(request, pk, can_appraise, "Chỉ chuyên viên cơ quan chuyên trách CĐS được kết luận thẩm định.")

    def call(cd):
        snapshot = findings_mod.flat(findings_mod.findings(user, dossier))
        return services.conclude(user, dossier, conclusion=cd["conclusion"], text=cd["text"], findings=snapshot,
                                 expected_version=cd["version"])
    return _run(request, dossier, "actions", ConcludeForm(request.POST), call,
                "Đã kết luận thẩm định; chờ giám sát độc lập xác nhận.")


@login_required
@require_POST
def dossier_countersign(request, pk):
    dossier = _allowed(request, pk, can_countersign, "Chỉ giám sát độc lập được xác nhận kết luận thẩm định.")
    form = CountersignForm(request.POST)
    return _run(request, dossier, "actions", form,
                lambda cd: services.countersign(request.user, dossier, agree=cd["agree"], note=cd["note"],
                                                expected_version=cd["version"]),
                lambda d: "Đã xác nhận kết luận thẩm định." if form.cleaned_data["agree"]
                else "Đã trả kết luận về chuyên viên thẩm định.")


@login_required
@require_POST
def dossier_decide(request, pk):
    dossier = _allowed(request, pk, can_decide_dossier, "Chỉ lãnh đạo UBND được phê duyệt hồ sơ.")
    form = DecideForm(request.POST)
    return _run(request, dossier, "actions", form,
                lambda cd: services.decide(request.user, dossier, decision=cd["decision"],
                                           decision_number=cd["decision_number"], decision_date=cd["decision_date"],
                                           reason=cd["reason"], expected_version=cd["version"]),
                lambda d: f"Đã ghi quyết định: {services.DECISIONS[form.cleaned_data['decision']].lower()}.")


# ---------------------------------------------------------------- documents ----

def _docx(request, pk, kind: str):
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

