"""Import of packages from a unit's Excel sheet or the national e-procurement system's export:
``procurement:import`` (GET: the form; POST: the upload, checked and tried), then
``procurement:import_preview`` (GET: every row with what it will create; POST: the
confirmation), and ``procurement:import_template``.

The views only move bytes between the browser and :mod:`cds.procurement.importer`; every write
happens there, through the services. Between preview and confirmation the file waits in the
import store named by a random token; the session remembers the token, the file's SHA-256, its
kind, the user, the mapping and the project chosen, and the confirmation reads and checks that
file again — nothing posted by the browser is trusted.
"""
from __future__ import annotations

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cds.core.errors import ServiceError
from cds.core.forms import IdField
from cds.core.widgets import FileInput
from cds.text.format import format_vnd, num

from .. import importer
from ..models import ColumnMapping

SESSION_KEY = "procurement_import"
SHOWN_ERRORS = 500
SHOWN_ROWS = 5_000
MAX_PROJECTS_LISTED = 1_000


class ImportForm(forms.Form):
    mapping = IdField(label="Loại tệp", widget=forms.Select)
    project = IdField(label="Nhiệm vụ/dự án (cho các dòng không ghi mã nhiệm vụ/dự án)", widget=forms.Select)
    file = forms.FileField(label="Tệp (.xlsx hoặc .csv)", widget=FileInput(attrs={"accept": ".xlsx,.csv"}),
                           error_messages={"required": "Chưa chọn tệp để tải lên.", "empty": "Tệp rỗng.",
                                           "invalid": "Tệp tải lên không hợp lệ.",
                                           "missing": "Chưa chọn tệp để tải lên."})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["mapping"].widget.choices = [("", "— Chọn loại tệp —")] + [
            (m.pk, m.name) for m in ColumnMapping.objects.order_by("code")]
        projects = importer.recordable_projects(user).order_by("-id")[:MAX_PROJECTS_LISTED]
        self.fields["project"].widget.choices = [("", "— Theo mã ghi trong tệp —")] + sorted(
            ((p.pk, f"{p.code} — {p.name}") for p in projects), key=lambda c: c[1])

    def clean_mapping(self):
        pk = self.cleaned_data.get("mapping")
        mapping = ColumnMapping.objects.filter(pk=pk).first() if pk else None
        if mapping is None:
            raise forms.ValidationError("Chưa chọn loại tệp.")
        return mapping

    def clean_project(self):
        return _project(self.user, self.cleaned_data.get("project"), refuse=True)


def _project(user, pk, *, refuse=False):
    if not pk:
        return None
    project = importer.recordable_projects(user).filter(pk=pk).first()
    if project is None and refuse:
        raise forms.ValidationError("Không tìm thấy nhiệm vụ/dự án trong các nhiệm vụ/dự án bạn được ghi thông tin "
                                    "đấu thầu.")
    return project


def _forget_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict) and pending.get("token"):
        importer.discard(pending["token"])


def _upload_page(request, form, status=200):
    return render(request, "procurement/form_import.html", {
        "nav": "procurement", "form": form, "max_rows": importer.MAX_ROWS,
        "mappings": ColumnMapping.objects.order_by("code")}, status=status)


def _preview_page(request, result, mapping, project, *, token="", rechecked=False):
    row_errors = result.row_errors[:SHOWN_ERRORS]
    return render(request, "procurement/form_import_preview.html", {
        "nav": "procurement", "result": result, "mapping": mapping, "project": project,
        "file_errors": result.file_errors, "row_errors": row_errors, "rows": [r for r in result.rows if r.row not in result.error_rows][:SHOWN_ROWS],
        "hidden_errors": max(0, result.error_count - len(result.file_errors) - len(row_errors)),
        "token": token, "rechecked": rechecked,
    }, status=200 if token else 400)


@login_required
@require_GET
def template(request):
    importer.ensure_can_import(request.user)
    response = HttpResponse(importer.build_template(), content_type=importer.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{importer.TEMPLATE_FILENAME}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    importer.ensure_can_import(request.user)
    if request.method != "POST":
        initial = {}
        wanted = _project(request.user, IdField().to_python(request.GET.get("project")))
        if wanted is not None:
            initial["project"] = wanted.pk
        sheet = ColumnMapping.objects.filter(code="unit_sheet").first()
        if sheet is not None:
            initial["mapping"] = sheet.pk
        return _upload_page(request, ImportForm(user=request.user, initial=initial))
    _forget_pending(request)  # a new upload replaces any preview waiting for confirmation
    form = ImportForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    mapping, project = form.cleaned_data["mapping"], form.cleaned_data["project"]
    result, kind, data = importer.preview(request.user, mapping, form.cleaned_data["file"], project)
    if not result.ok or data is None:
        return _preview_page(request, result, mapping, project)
    token = importer.stash(data)
    request.session[SESSION_KEY] = {"token": token, "sha256": hashlib.sha256(data).hexdigest(), "kind": kind,
                                    "user_id": request.user.pk, "mapping_id": mapping.pk,
                                    "project_id": project.pk if project else None, "file_name": result.file_name}
    return redirect("procurement:import_preview", token=token)


def _pending(request, token):
    pending = request.session.get(SESSION_KEY)
    if (not isinstance(pending, dict) or pending.get("user_id") != request.user.pk or not pending.get("token")
            or pending.get("token") != token):
        return None
    return pending


@login_required
@require_http_methods(["GET", "POST"])
def preview(request, token):
    importer.ensure_can_import(request.user)
    pending = _pending(request, token)
    if pending is None:
        if request.method == "POST":
            messages.error(request, "Không có bản xem trước hợp lệ để xác nhận (hoặc đã được xác nhận). Hãy tải tệp "
                                    "lên và xem trước lại.")
            return redirect("procurement:import")
        raise Http404("Không có bản xem trước này (đã hết hạn hoặc đã được xác nhận).")
    mapping = ColumnMapping.objects.filter(pk=pending.get("mapping_id")).first()
    project = _project(request.user, pending.get("project_id"))
    if mapping is None or (pending.get("project_id") and project is None):
        _forget_pending(request)
        messages.error(request, "Loại tệp hoặc nhiệm vụ/dự án đã chọn không còn hợp lệ. Hãy tải tệp lên lại.")
        return redirect("procurement:import")
    if request.method == "POST":
        return _confirm(request, pending, mapping, project)
    data = importer.load_stash(token)
    if data is None or hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        _forget_pending(request)
        messages.error(request, "Tệp đã tải lên không còn trên máy chủ; hãy tải tệp lên lại.")
        return redirect("procurement:import")
    # Tried through the services when uploaded, and again when confirmed: here it is only read.
    result = importer.parse(request.user, mapping, pending.get("kind"), data, pending.get("file_name") or "", project)
    return _preview_page(request, result, mapping, project, token=token if result.ok else "",
                         rechecked=not result.ok)


def _confirm(request, pending, mapping, project):
    data = importer.claim_stash(pending["token"])
    file_name = pending.get("file_name") or ""
    if data is None or hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        _forget_pending(request)
        messages.error(request, "Tệp đã tải lên không còn trên máy chủ hoặc đã bị thay đổi; chưa ghi gói thầu nào. "
                                "Hãy tải tệp lên lại.")
        return redirect("procurement:import")
    _forget_pending(request)
    try:
        result = importer.apply(request.user, mapping, pending.get("kind"), data, file_name, project)
    except importer.ImportRejected as exc:
        return _preview_page(request, exc.result, mapping, project, rechecked=True)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("procurement:import")
    messages.success(request, f"Đã nhập từ tệp “{file_name}”: {num(result.created)} gói thầu (tổng giá gói thầu "
                              f"{format_vnd(result.total)} đồng), trong đó {num(result.results)} gói có kết quả lựa "
                              f"chọn nhà thầu; lập mới {num(result.plans_created)} kế hoạch lựa chọn nhà thầu.")
    return redirect("procurement:index")
