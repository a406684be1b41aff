"""Placeholder: the views of this module are being written."""
from django.http import Http404


def upload(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def preview(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def template(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")
