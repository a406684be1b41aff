"""Questionnaire pages: the list of questionnaires and their versions, a new draft from the five
groups, the import of an XLSForm (every problem listed beside the form, nothing saved), a
version's sections and questions, its XLSForm download, publishing, a new version (a draft copy)
and the replacement of a draft's content by an uploaded XLSForm.

Versions are read through :func:`cds.surveys.permissions.scope_questionnaires` (another tree's →
404); every change goes through the services, which check who may make it."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cds.accounts import access
from cds.core.errors import ServiceError, error_messages
from cds.core.forms import TextField
from cds.core.widgets import FileInput

from .. import services, xlsform
from ..models import ChoiceItem, FormVersion, GroupKind, Question, Section
from ..permissions import can_manage, scope_questionnaires

NAV = "surveys"
NOT_FOUND = "Không tìm thấy bộ câu hỏi khảo sát."
MANAGERS_ONLY = "Chỉ cơ quan chuyên trách CĐS được soạn, nhập và ban hành bộ câu hỏi khảo sát."
PER_PAGE = 50


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp XLSForm (.xlsx)", widget=FileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": "Chưa chọn tệp XLSForm để tải lên.", "empty": "Tệp rỗng.",
                                           "invalid": "Tệp tải lên không hợp lệ.",
                                           "missing": "Chưa chọn tệp XLSForm để tải lên."})


class NewForm(forms.Form):
    title = TextField(label="Tên bộ câu hỏi", noun="tên bộ câu hỏi", max_length=300, multiline=False,
                      initial="Khảo sát điểm nghẽn chuyển đổi số",
                      error_messages={"required": "Chưa nhập tên bộ câu hỏi.",
                                      "max_length": "Tên bộ câu hỏi tối đa 300 ký tự."})


def _versions(user):
    return FormVersion.objects.filter(questionnaire__in=scope_questionnaires(user).values("pk"))


def _version_for(user, pk) -> FormVersion:
    return access.get_scoped_or_404(_versions(user).select_related("questionnaire", "created_by", "published_by"),
                                    pk, NOT_FOUND)


def _require_manager(user) -> None:
    if not can_manage(user):
        raise PermissionDenied(MANAGERS_ONLY)


# ------------------------------------------------------------------------------ list


@login_required
@require_GET
def form_list(request):
    qs = (_versions(request.user).select_related("questionnaire")
          .annotate(n_questions=Count("questions", distinct=True), n_rounds=Count("rounds", distinct=True))
          .order_by("questionnaire__title", "questionnaire_id", "-number"))
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "surveys/forms/list.html", {"nav": NAV, "page": page, "can_manage": can_manage(request.user)})


# ------------------------------------------------------------------------------ create, import


@login_required
@require_http_methods(["GET", "POST"])
def form_new(request):
    _require_manager(request.user)
    form = NewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fv = services.save_definition(request.user, services.default_definition(form.cleaned_data["title"]))
        except ServiceError as exc:
            form.add_error(None, " ".join(error_messages(exc)))
        else:
            messages.success(request, "Đã tạo bộ câu hỏi dự thảo với năm nhóm câu hỏi.")
            return redirect("surveys:form", pk=fv.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/forms/new.html", {"nav": NAV, "form": form,
                                                     "sections": services.DEFAULT_SECTIONS}, status=status)


def _sample_download() -> FileResponse:
    stream = xlsform.write_definition(services.default_definition())
    return FileResponse(stream, as_attachment=True, filename="mau-xlsform-khao-sat-diem-nghen.xlsx",
                        content_type=xlsform.XLSX_CONTENT_TYPE)


@login_required
@require_http_methods(["GET", "POST"])
def form_import(request):
    """GET: the upload page (``?mau=1``: the sample XLSForm of the five groups); POST: the import."""
    _require_manager(request.user)
    if request.method == "GET" and request.GET.get("mau"):
        return _sample_download()
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            fv = xlsform.import_form(request.user, upload, upload.name or "")
        except ServiceError as exc:
            problems = error_messages(exc)
        else:
            messages.success(request, f"Đã nhập bộ câu hỏi “{fv.title}” ({fv.questions.count()} câu hỏi) "
                                      "ở dạng dự thảo.")
            return redirect("surveys:form", pk=fv.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/forms/import.html", {"nav": NAV, "form": form, "problems": problems,
                                                        "limits": _limits()}, status=status)


def _limits() -> dict:
    return {"mb": xlsform.MAX_BYTES // 1024 // 1024, "survey": xlsform.MAX_SURVEY_ROWS,
            "choices": xlsform.MAX_CHOICE_ROWS}


# ------------------------------------------------------------------------------ one version


def _detail_context(request, fv: FormVersion) -> dict:
    """The version's sections with their questions, and each choice list (four queries)."""
    questions = list(Question.objects.filter(form=fv).order_by("order", "pk"))
    sections = list(Section.objects.filter(form=fv).order_by("order", "pk"))
    choices: dict[str, list[ChoiceItem]] = {}
    for c in ChoiceItem.objects.filter(form=fv).order_by("list_name", "order", "pk"):
        choices.setdefault(c.list_name, []).append(c)
    by_section: dict[int | None, list] = {}
    for q in questions:
        q.choice_items = choices.get(q.list_name, []) if q.list_name else []
        by_section.setdefault(q.section_id, []).append(q)
    blocks = [{"section": s, "group": GroupKind(s.group).label if s.group in GroupKind.values else s.group,
               "questions": by_section.get(s.pk, [])} for s in sections]
    if by_section.get(None):
        blocks.insert(0, {"section": None, "group": "", "questions": by_section[None]})
    versions = list(fv.questionnaire.versions.order_by("-number").only("pk", "number", "status", "questionnaire_id"))
    return {"nav": NAV, "fv": fv, "blocks": blocks, "question_count": len(questions), "versions": versions,
            "rounds": list(fv.rounds.order_by("-deadline").only("pk", "name", "deadline", "status")),
            "can_manage": can_manage(request.user), "upload_form": UploadForm(), "problems": []}


@login_required
@require_GET
def form_detail(request, pk):
    fv = _version_for(request.user, pk)
    return render(request, "surveys/forms/detail.html", _detail_context(request, fv))


@login_required
@require_GET
def form_xlsform(request, pk):
    fv = _version_for(request.user, pk)
    return FileResponse(xlsform.export_form(request.user, fv), as_attachment=True, filename=xlsform.file_name_of(fv),
                        content_type=xlsform.XLSX_CONTENT_TYPE)


@login_required
@require_POST
def form_publish(request, pk):
    fv = _version_for(request.user, pk)
    try:
        services.publish_version(request.user, fv)
    except ServiceError as exc:
        messages.error(request, " ".join(error_messages(exc)))
    else:
        messages.success(request, f"Đã ban hành phiên bản {fv.number}; từ nay phiên bản này không được sửa.")
    return redirect("surveys:form", pk=fv.pk)


@login_required
@require_POST
def form_new_version(request, pk):
    fv = _version_for(request.user, pk)
    draft = services.new_version(request.user, fv)
    messages.success(request, f"Đã tạo phiên bản {draft.number} (dự thảo) từ phiên bản {fv.number}.")
    return redirect("surveys:form", pk=draft.pk)


@login_required
@require_POST
def form_replace(request, pk):
    fv = _version_for(request.user, pk)
    _require_manager(request.user)
    form = UploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            xlsform.replace_form(request.user, fv, upload, upload.name or "", version=request.POST.get("version"))
        except ServiceError as exc:
            problems = error_messages(exc)
        else:
            messages.success(request, "Đã thay nội dung phiên bản dự thảo bằng tệp XLSForm.")
            return redirect("surveys:form", pk=fv.pk)
    else:
        problems = [e for errors in form.errors.values() for e in errors]
    context = _detail_context(request, fv)
    context.update(problems=problems, upload_form=form)
    return render(request, "surveys/forms/detail.html", context, status=400)
