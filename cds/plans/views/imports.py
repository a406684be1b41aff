"""Import of a unit's proposals from Excel: the round's template, upload and preview,
confirmation — all at ``plans:import`` (GET: the form; POST with a file: the preview; POST with
the preview's token: the confirmation) and ``plans:template``.

The views only move bytes between the browser and :mod:`cds.plans.importer`; every write
happens there, through the services. Between preview and confirmation the file waits in the
import store named by a random token; the session remembers the token, the file's SHA-256, the
user and the round, and the confirmation reads and checks that file again — nothing posted by
the browser is trusted.
"""
from __future__ import annotations

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cds.core.errors import ServiceError
from cds.core.widgets import FileInput
from cds.text.format import format_vnd, num

from .. import importer
from ..permissions import get_round_for

SESSION_KEY = "plans_import"
SHOWN_ERRORS = 500


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx, theo mẫu của đợt)",
                           widget=FileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": "Chưa chọn tệp Excel để tải lên.", "empty": "Tệp rỗng.",
                                           "invalid": "Tệp tải lên không hợp lệ.",
                                           "missing": "Chưa chọn tệp Excel để tải lên."})


def _round(request, pk):
    round_ = get_round_for(request.user, pk)
    importer.ensure_can_import(request.user, round_)
    return round_


def _forget_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict) and pending.get("token"):
        importer.discard(pending["token"])


def _preview_page(request, round_, result, *, token="", rechecked=False):
    row_errors = result.row_errors[:SHOWN_ERRORS]
    return render(request, "plans/import_preview.html", {
        "nav": "plans", "round": round_, "result": result, "file_errors": result.file_errors,
        "row_errors": row_errors, "rows": result.rows, "totals": result.totals(),
        "hidden_errors": max(0, result.error_count - len(result.file_errors) - len(row_errors)),
        "token": token, "rechecked": rechecked,
    }, status=200 if token else 400)


def _upload_page(request, round_, form, status=200):
    return render(request, "plans/import.html", {
        "nav": "plans", "round": round_, "form": form, "columns": importer.COLUMNS,
        "money": [importer.cost_label(y, s) for y, s in importer.money_columns(round_)],
        "max_proposals": importer.MAX_PROPOSALS, "unit": request.user.unit}, status=status)


@login_required
@require_GET
def template(request, pk):
    round_ = _round(request, pk)
    response = HttpResponse(importer.build_template(request.user, round_), content_type=importer.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{importer.template_filename(round_)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_proposals(request, pk):
    round_ = _round(request, pk)
    if request.method != "POST":
        return _upload_page(request, round_, ImportForm())
    if "token" in request.POST:
        return _confirm(request, round_)
    _forget_pending(request)  # a new upload replaces any preview waiting for confirmation
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, round_, form, status=400)
    result, data = importer.preview(request.user, round_, form.cleaned_data["file"])
    token = ""
    if result.ok and data is not None:
        token = importer.stash(data)
        request.session[SESSION_KEY] = {"token": token, "sha256": hashlib.sha256(data).hexdigest(),
                                        "user_id": request.user.pk, "round_id": round_.pk,
                                        "file_name": result.file_name}
    return _preview_page(request, round_, result, token=token)


def _confirm(request, round_):
    pending = request.session.get(SESSION_KEY)
    if (not isinstance(pending, dict) or pending.get("user_id") != request.user.pk or not pending.get("token")
            or pending.get("round_id") != round_.pk or request.POST.get("token") != pending.get("token")):
        messages.error(request, "Không có bản xem trước hợp lệ để xác nhận (hoặc đã được xác nhận). "
                                "Hãy tải tệp lên và xem trước lại.")
        return redirect("plans:import", pk=round_.pk)
    data = importer.claim_stash(pending["token"])
    if data is None or hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        _forget_pending(request)
        messages.error(request, "Tệp đã tải lên không còn trên máy chủ hoặc đã bị thay đổi; chưa lập đề xuất nào. "
                                "Hãy tải tệp lên lại.")
        return redirect("plans:import", pk=round_.pk)
    _forget_pending(request)
    try:
        result = importer.apply(request.user, round_, data, pending.get("file_name") or "")
    except importer.ImportRejected as exc:
        return _preview_page(request, round_, exc.result, rechecked=True)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:import", pk=round_.pk)
    messages.success(request, f"Đã nhập từ tệp “{pending.get('file_name')}”: lập {num(result.created)} đề xuất "
                              f"(tổng {format_vnd(result.total)} đồng) ở tình trạng “Đang soạn”; lãnh đạo đơn vị "
                              "xem lại và gửi từng đề xuất.")
    return redirect("plans:round", pk=round_.pk)
