"""Excel export of the list and import of an existing portfolio (preview, then confirm).

The views only move bytes between the browser and :mod:`cds.projects.importer` /
:mod:`cds.projects.exporter`; every write (projects, audit events) happens there. Between
preview and confirmation the uploaded file waits under ``MEDIA_ROOT/imports`` named by a
random token; the session remembers the token, the file's SHA-256 and the user, and the
confirmation re-reads and re-validates that file — nothing posted by the browser is trusted.
"""
from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cds.core.errors import ServiceError
from cds.core.uploads import xlsx_download

from .. import exporter, importer
from ..filters import ProjectFilterSet
from ..forms import ImportForm
from ..permissions import can_import

SESSION_KEY = "projects_import"
SHOWN_ERRORS = 500
SHOWN_ROWS = 50


def _ensure_can_import(user):
    if not can_import(user):
        raise PermissionDenied("Bạn không có quyền nhập danh mục nhiệm vụ, dự án từ Excel.")


@login_required
@require_GET
def export_xlsx(request):
    flt = ProjectFilterSet(request.GET).values   # the list page's filters, read the same way
    out, _count, filename = exporter.export_projects(request.user, flt)
    return xlsx_download(out, filename)


@login_required
@require_GET
def import_template(request):
    _ensure_can_import(request.user)
    content = importer.build_template(request.user)
    response = HttpResponse(content, content_type=importer.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{importer.template_filename()}"'
    return response


def _forget_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict) and pending.get("token"):
        importer.discard(pending["token"])


def _page_context(result, **extra):
    ctx = {
        "nav": "import",
        "result": result,
        "file_errors": result.file_errors,
        "row_errors": result.row_errors[:SHOWN_ERRORS],
        "hidden_errors": max(0, result.error_count - len(result.file_errors) - min(len(result.row_errors), SHOWN_ERRORS)),
        "sample": result.rows[:SHOWN_ROWS],
        "columns": importer.COLUMNS,
    }
    ctx.update(extra)
    return ctx


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _ensure_can_import(request.user)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    form.fields["file"].error_messages.update({
        "required": "Chưa chọn tệp Excel để tải lên.", "empty": "Tệp rỗng.",
        "invalid": "Tệp tải lên không hợp lệ.", "missing": "Chưa chọn tệp Excel để tải lên.",
    })
    if request.method == "POST":
        _forget_pending(request)  # a new upload replaces any preview waiting for confirmation
        if not form.is_valid():
            return render(request, "projects/import.html", {"nav": "import", "form": form,
                                                            "columns": importer.COLUMNS}, status=400)
        upload = form.cleaned_data["file"]
        result, data = importer.preview(request.user, upload)
        token = ""
        if result.ok and data is not None:
            token = importer.stash(data)
            request.session[SESSION_KEY] = {
                "token": token, "sha256": hashlib.sha256(data).hexdigest(), "user_id": request.user.pk,
                "file_name": result.file_name, "rows": result.ok_count,
            }
        # A file refused (a bad row, a limit reached) is a bad request like a bad form: 400.
        return render(request, "projects/import_preview.html", _page_context(result, token=token),
                      status=200 if token else 400)
    return render(request, "projects/import.html", {"nav": "import", "form": form, "columns": importer.COLUMNS})


@login_required
@require_POST
def import_confirm(request):
    _ensure_can_import(request.user)
    pending = request.session.get(SESSION_KEY)
    if (
        not isinstance(pending, dict)
        or pending.get("user_id") != request.user.pk
        or not pending.get("token")
        or request.POST.get("token") != pending.get("token")
    ):
        messages.error(request, "Không có bản xem trước hợp lệ để xác nhận (hoặc đã được xác nhận). "
                                "Hãy tải tệp lên và xem trước lại.")
        return redirect("projects:import")
    data = importer.claim_stash(pending["token"])
    if data is None or hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        _forget_pending(request)
        messages.error(request, "Tệp đã tải lên không còn trên máy chủ hoặc đã bị thay đổi; chưa nhập dòng nào. "
                                "Hãy tải tệp lên lại.")
        return redirect("projects:import")
    try:
        count = importer.apply(request.user, data, pending.get("file_name") or "")
    except importer.ImportRejected as exc:
        _forget_pending(request)
        return render(request, "projects/import_preview.html", _page_context(exc.result, token="", rechecked=True),
                      status=400)
    except ServiceError as exc:
        _forget_pending(request)
        messages.error(request, " ".join(exc.messages))
        return redirect("projects:import")
    _forget_pending(request)
    messages.success(request, f"Đã nhập {count:,} nhiệm vụ/dự án từ tệp “{pending.get('file_name')}”.".replace(",", "."))
    return redirect("projects:list")
