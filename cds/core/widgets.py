"""Widgets whose browser-drawn parts would otherwise speak the browser's language."""
from __future__ import annotations

from django import forms


class FileInput(forms.FileInput):
    """A file input that reads "Chọn tệp" / "Chưa chọn tệp" whatever the browser's language: the
    native input is laid transparently over a button (core/_file_input.html, styled in
    css/app.css) and js/ui.js writes the chosen file's name beside it. ``small``: a small input
    group, for the compact forms of the side columns."""

    template_name = "core/widgets/file_input.html"

    def __init__(self, attrs=None, small: bool = False):
        super().__init__(attrs)
        self.small = small

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["small"] = self.small
        return context
