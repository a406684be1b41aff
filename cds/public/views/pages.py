from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Đang xây dựng", status=501)


index = portfolio = projects = library = practice = _todo
