"""/api/v1/surveys/forms — questionnaires in and out as XLSForm (KoboToolbox, ODK).

``POST`` (multipart field ``file``) reads the workbook with :func:`cds.surveys.xlsform.import_form`
and creates a new questionnaire as a draft version; a workbook with any problem answers 422 with
``detail`` = the list of every problem in Vietnamese, each naming the sheet, the row and what is
wrong — and nothing is created. Only the CĐS authority (and the administrator) may import (403).
``GET /{id}/xlsform`` returns a version as an .xlsx, for whoever may read the questionnaire
(another tree's → 404).
"""
from __future__ import annotations

from typing import Optional

from django.db.models import Count
from django.http import FileResponse, Http404
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from cds.surveys import xlsform
from cds.surveys.models import FormVersion
from cds.surveys.permissions import can_manage, scope_questionnaires

from .schemas import MAX_ID, ErrorOut

router = Router()

NOT_FOUND = "Không tìm thấy bộ câu hỏi khảo sát."
MAX_LISTED = 500
NO_FILE = "Chưa gửi tệp XLSForm (trường multipart “file”)."


class FormErrorsOut(Schema):
    detail: list[str] = Field(..., description="Mọi lỗi của tệp, mỗi lỗi nêu sheet, dòng và nội dung lỗi.")


class FormCreatedOut(Schema):
    id: int = Field(..., description="Mã phiên bản bộ câu hỏi vừa tạo (dự thảo).")
    title: str
    questions: int = Field(..., description="Số câu hỏi.")
    groups: list[str] = Field(..., description="Tên các nhóm câu hỏi, theo thứ tự.")


class FormItemOut(Schema):
    id: int = Field(..., description="Mã phiên bản (dùng cho /{id}/xlsform).")
    questionnaire_id: int
    title: str
    number: int = Field(..., description="Số thứ tự phiên bản.")
    status: str = Field(..., description="draft (dự thảo) hoặc published (đã ban hành).")
    questions: int


class FormListOut(Schema):
    items: list[FormItemOut]
    count: int


def _versions(user):
    return FormVersion.objects.filter(questionnaire__in=scope_questionnaires(user).values("pk"))


@router.get("", response={200: FormListOut, 401: ErrorOut}, summary="Danh sách bộ câu hỏi khảo sát",
            description="Các phiên bản bộ câu hỏi người gọi được xem (tối đa 500, theo tên bộ câu hỏi, phiên bản "
                        "mới trước); `count` là tổng số.")
def list_forms(request):
    qs = _versions(request.auth)
    rows = list(qs.annotate(n=Count("questions"))
                .order_by("questionnaire__title", "questionnaire_id", "-number")[:MAX_LISTED])
    items = [{"id": fv.pk, "questionnaire_id": fv.questionnaire_id, "title": fv.title, "number": fv.number,
              "status": fv.status, "questions": fv.n} for fv in rows]
    return {"items": items, "count": qs.count()}


@router.post("", response={201: FormCreatedOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: FormErrorsOut},
             summary="Nhập bộ câu hỏi từ tệp XLSForm",
             description="Gửi tệp .xlsx theo quy chuẩn XLSForm (sheet survey, choices, settings) ở trường multipart "
                         "`file`; tạo bộ câu hỏi mới ở dạng dự thảo. Tệp có lỗi → 422, `detail` là danh sách lỗi "
                         "(sheet, dòng, nội dung), không tạo gì. Tối đa 2 MB, 2.000 dòng câu hỏi, 5.000 dòng lựa chọn.")
def import_form(request, file: File[UploadedFile] = None):
    user = request.auth
    if not can_manage(user):
        return Status(403, {"detail": "Chỉ cơ quan chuyên trách CĐS được nhập bộ câu hỏi khảo sát."})
    if file is None:
        return Status(422, {"detail": [NO_FILE]})
    try:
        fv = xlsform.import_form(user, file, file.name or "")
    except xlsform.XLSFormError as exc:
        return Status(422, {"detail": [str(m) for m in exc.messages]})
    groups = [s.label or s.name for s in fv.sections.all()]
    return Status(201, {"id": fv.pk, "title": fv.title, "questions": fv.questions.count(), "groups": groups})


@router.get("/{form_id}/xlsform", response={200: None, 401: ErrorOut, 404: ErrorOut},
            summary="Tải một phiên bản bộ câu hỏi dạng XLSForm (.xlsx)",
            description="Phiên bản ngoài phạm vi được xem → 404.")
def export_form(request, form_id: int) -> Optional[FileResponse]:
    if not 1 <= form_id <= MAX_ID:
        raise Http404(NOT_FOUND)
    fv = _versions(request.auth).filter(pk=form_id).first()
    if fv is None:
        raise Http404(NOT_FOUND)
    stream = xlsform.export_form(request.auth, fv)
    return FileResponse(stream, as_attachment=True, filename=xlsform.file_name_of(fv),
                        content_type=xlsform.XLSX_CONTENT_TYPE)
