"""Every name the administration shows is Vietnamese: the section titles (each app's
verbose_name), the models' names in the singular and the plural (no "Đề nghị gia hạns", no
"historical …", no "Axes" or "Access attempts")."""
import re

import pytest
from django.apps import apps
from django.utils.text import camel_case_to_spaces

from tests.conftest import login

CDS_APPS = [c for c in apps.get_app_configs() if c.name.startswith("cds.")]
CDS_MODELS = [m for c in CDS_APPS for m in c.get_models()]
# A Vietnamese word with an English plural "s" glued on ("gia hạns", "đánh giás").
ENGLISH_PLURAL = re.compile(r"[^\x00-\x7f]s\b")
ENGLISH_WORDS = re.compile(r"\b(historical|access|attempts?|logs?|failures?|token|sequence|relationship)\b", re.I)


@pytest.mark.parametrize("config", CDS_APPS, ids=lambda c: c.label)
def test_every_app_has_a_vietnamese_title(config):
    assert config.verbose_name != config.label.title(), f"{config.name}: no verbose_name (shown as “{config.label.title()}”)"
    assert re.search(r"[^\x00-\x7f]", str(config.verbose_name)), config.verbose_name


@pytest.mark.parametrize("model", CDS_MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_vietnamese_names_set_explicitly(model):
    opts = model._meta
    singular, plural = str(opts.verbose_name), str(opts.verbose_name_plural)
    assert singular != camel_case_to_spaces(opts.object_name), f"{opts.label}: no verbose_name"
    assert "verbose_name_plural" in opts.original_attrs, f"{opts.label}: verbose_name_plural not set"
    assert plural != singular + "s", f"{opts.label}: plural “{plural}”"
    for name in (singular, plural):
        assert not ENGLISH_PLURAL.search(name) and not ENGLISH_WORDS.search(name), f"{opts.label}: “{name}”"


def _admin_titles(html: str) -> list[str]:
    """Section titles and model names of the admin's index page."""
    captions = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)
    rows = re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', html)
    assert captions and rows, "the admin index's layout changed: update this test"
    return [t.strip() for t in captions + rows]


def test_admin_index_reads_vietnamese(cast):
    html = login(cast.admin).get("/quan-tri/").content.decode()
    titles = _admin_titles(html)
    for title in titles:
        assert re.search(r"[^\x00-\x7f]", title), f"English title on the admin index: “{title}”"
        assert not ENGLISH_PLURAL.search(title) and not ENGLISH_WORDS.search(title), title
    for expected in ("Đăng nhập sai, khóa tài khoản", "Lượt đăng nhập sai", "Nhật ký đăng nhập",
                     "Đề nghị gia hạn", "Văn bản chỉ đạo, nhiệm vụ được giao", "Nhật ký hoạt động"):
        assert expected in titles, (expected, titles)


def test_history_pages_name_the_model_in_vietnamese(cast, units):
    """django-simple-history's page of a unit's changes, in the admin."""
    html = login(cast.admin).get(f"/quan-tri/orgs/unit/{units.skhcn.pk}/history/").content.decode()
    assert "Lịch sử thay đổi" in html
    assert "Change history" not in html and "historical" not in html
