from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Đang xây dựng", status=501)


dictionary = feed_json = feed_csv = _todo
