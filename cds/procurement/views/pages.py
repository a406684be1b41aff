"""Placeholder: the views of this module are being written."""
from django.http import Http404


def index(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def export(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def rules(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def package_detail(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def plan_detail(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def contractor_detail(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")
