from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def export_xlsx(request):
    return HttpResponse(status=501)


@login_required
def import_upload(request):
    return HttpResponse(status=501)
