"""Placeholder: the views of this module are being written."""
from django.http import Http404


def plan_create(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def plan_edit(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def package_create(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def package_edit(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def result(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def items(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def contract(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def payment_add(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def payment_remove(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def cancel(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")


def confirm(request, *args, **kwargs):
    raise Http404("Chưa có trang này.")
