"""Library entries: list, detail, form, workflow, results, documents, nomination, export."""
from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Đang xây dựng", status=501)


practice_list = practice_create = practice_export = nominate = practice_detail = practice_edit = _todo
practice_transition = practice_results = document_add = document_download = document_remove = _todo
