"""Every file input reads Vietnamese ("Chọn tệp" / "Chưa chọn tệp"), not the browser's "Choose
File / No file chosen": forms use cds.core.widgets.FileInput and templates include
core/_file_input.html — no bare <input type="file"> anywhere."""
import inspect
import re
from pathlib import Path

from django import forms
from django.apps import apps

from cds.core.widgets import FileInput
from tests.conftest import login

ROOT = Path(__file__).resolve().parents[2]
WIDGET_TEMPLATE = ROOT / "cds/core/templates/core/_file_input.html"


def test_no_template_draws_a_bare_file_input():
    bare = [str(path.relative_to(ROOT)) for path in (ROOT / "cds").rglob("*.html")
            if path != WIDGET_TEMPLATE and re.search(r"type=[\"']?file", path.read_text(encoding="utf-8"))]
    assert not bare, f"use {{% include \"core/_file_input.html\" %}} instead of <input type=\"file\"> in {bare}"


def test_every_file_field_of_our_forms_uses_the_vietnamese_widget():
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("cds."):
            continue
        try:
            module = __import__(f"{config.name}.forms", fromlist=["*"])
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, forms.FileField):
                        found.append(f"{cls.__name__}.{field_name}")
                        assert isinstance(field.widget, FileInput), f"{cls.__name__}.{field_name}"
    assert len(found) >= 7, found


def test_pages_show_the_vietnamese_file_picker(cast, projects):
    client = login(cast.staff_a)
    for url in (f"/du-an/{projects.a.pk}/?tab=documents", "/du-an/nhap-excel/"):
        html = client.get(url).content.decode()
        assert "Chọn tệp" in html and "Chưa chọn tệp" in html, url
        assert re.search(r'<input type="file" class="file-picker-input" name="file"', html), url
