"""Import of the inventory workbook: template, upload and preview, confirmation.

The views only move bytes between the browser and :mod:`cds.systems.importer`; every write
happens there, through the services. Between preview and confirmation the file waits in the
import store named by a random token; the session remembers the token, the file's SHA-256 and
the user, and the confirmation reads and checks that file again — nothing posted by the browser
is trusted.
"""
from __future__ import annotations

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cds.core.errors import ServiceError
from cds.text.format import num

from .. import importer
from ..permissions import can_create_systems

SESSION_KEY = "systems_import"
SHOWN_ERRORS = 500
SHOWN_ROWS = 100


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx, theo mẫu)", widget=forms.FileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": "Chưa chọn tệp Excel để tải lên.", "empty": "Tệp rỗng.",
                                           "invalid": "Tệp tải lên không hợp lệ.",
                                           "missing": "Chưa chọn tệp Excel để tải lên."})


def _ensure_can_import(user):
    if not can_create_systems(user):
        raise PermissionDenied(importer.NOT_ALLOWED)


def _forget_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict) and pending.get("token"):
        importer.discard(pending["token"])


def _context(result, **extra) -> dict:
    row_errors = result.row_errors[:SHOWN_ERRORS]
    ctx = {"nav": "systems", "result": result, "file_errors": result.file_errors, "row_errors": row_errors,
           "hidden_errors": max(0, result.error_count - len(result.file_errors) - len(row_errors)),
           "to_create": result.to_create[:SHOWN_ROWS], "to_update": result.to_update[:SHOWN_ROWS],
           "links": result.links[:SHOWN_ROWS], "shown": SHOWN_ROWS}
    ctx.update(extra)
    return ctx


def _upload_page(request, form, status=200):
    return render(request, "systems/import.html", {
        "nav": "systems", "form": form, "system_columns": importer.SYSTEM_COLUMNS,
        "link_columns": importer.LINK_COLUMNS, "max_systems": importer.MAX_SYSTEMS,
        "max_links": importer.MAX_LINKS}, status=status)


@login_required
@require_GET
def import_template(request):
    _ensure_can_import(request.user)
    response = HttpResponse(importer.build_template(request.user), content_type=importer.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{importer.template_filename()}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _ensure_can_import(request.user)
    if request.method != "POST":
        return _upload_page(request, ImportForm())
    _forget_pending(request)  # a new upload replaces any preview waiting for confirmation
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    result, data = importer.preview(request.user, form.cleaned_data["file"])
    token = ""
    if result.ok and data is not None:
        token = importer.stash(data)
        request.session[SESSION_KEY] = {"token": token, "sha256": hashlib.sha256(data).hexdigest(),
                                        "user_id": request.user.pk, "file_name": result.file_name}
    return render(request, "systems/import_preview.html", _context(result, token=token), status=200 if token else 400)


@login_required
@require_POST
def import_confirm(request):
    _ensure_can_import(request.user)
    pending = request.session.get(SESSION_KEY)
    if (not isinstance(pending, dict) or pending.get("user_id") != request.user.pk or not pending.get("token")
            or request.POST.get("token") != pending.get("token")):
        messages.error(request, "Không có bản xem trước hợp lệ để xác nhận (hoặc đã được xác nhận). "
                                "Hãy tải tệp lên và xem trước lại.")
        return redirect("systems:import")
    data = importer.claim_stash(pending["token"])
    if data is None or hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        _forget_pending(request)
        messages.error(request, "Tệp đã tải lên không còn trên máy chủ hoặc đã bị thay đổi; chưa ghi dòng nào. "
                                "Hãy tải tệp lên lại.")
        return redirect("systems:import")
    _forget_pending(request)
    try:
        result = importer.apply(request.user, data, pending.get("file_name") or "")
    except importer.ImportRejected as exc:
        return render(request, "systems/import_preview.html", _context(exc.result, token="", rechecked=True),
                      status=400)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("systems:import")
    messages.success(request, f"Đã nhập từ tệp “{pending.get('file_name')}”: thêm {num(result.created)} hệ thống, "
                              f"cập nhật {num(result.updated)} hệ thống, ghi {num(result.links_saved)} kết nối.")
    return redirect(reverse("systems:list"))
