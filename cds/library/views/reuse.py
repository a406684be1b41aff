"""Reuse first: the hint under a new proposal's name, related entries, starting a reuse."""
from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Đang xây dựng", status=501)


suggest = related = reuse_start = _todo
