from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Đang xây dựng", status=501)


overview = prepare = snapshot = decide = policy = withholdings = lift = _todo
