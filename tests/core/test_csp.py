"""The pages run under a Content-Security-Policy without 'unsafe-inline' for scripts: no template
may carry an inline script, an on…= handler, a javascript: URL or a <style> element (the policy
would block them, and a page would silently lose its behaviour). Data reaches scripts through
json_script (``<script type="application/json">``, not executed) or data-* attributes; every
page also sends a Permissions-Policy. Every page of the access matrix is checked for both
headers in tests/test_access_matrix.py."""
from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

from tests.conftest import login

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(ROOT.glob("cds/*/templates/**/*.html"))
DJANGO_TAGS = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def _markup(path: Path) -> str:
    """The template with Django's own tags blanked out ({% … only='x' %} is not an attribute)."""
    return DJANGO_TAGS.sub(" ", path.read_text(encoding="utf-8"))


def test_no_template_has_inline_script_or_handlers():
    assert len(TEMPLATES) > 50
    problems = []
    for path in TEMPLATES:
        text, name = _markup(path), path.relative_to(ROOT)
        for attrs in SCRIPT.findall(text):
            if "src=" not in attrs and 'type="application/json"' not in attrs:
                problems.append(f"{name}: inline <script{attrs}>")
        for tag in TAG.findall(text):
            if HANDLER.search(tag):
                problems.append(f"{name}: event handler attribute in {tag[:80]}")
            if "javascript:" in tag.lower():
                problems.append(f"{name}: javascript: URL in {tag[:80]}")
        if re.search(r"<style\b", text, re.I):
            problems.append(f"{name}: <style> element (put the rules in the app's static CSS)")
    assert not problems, "\n".join(problems)


def test_the_check_finds_what_it_looks_for(tmp_path):
    """The patterns above do catch the forms they forbid (and leave json_script alone)."""
    bad = ('<script>alert(1)</script>', '<button onclick="x()">', '<form class="a" onsubmit="return confirm()">',
           '<a href="javascript:void(0)">', '<style>p{}</style>')
    for snippet in bad:
        (tmp_path / "t.html").write_text(snippet)
        text = _markup(tmp_path / "t.html")
        assert (any("src=" not in a for a in SCRIPT.findall(text)) or any(HANDLER.search(t) for t in TAG.findall(text))
                or "javascript:" in text or "<style" in text), snippet
    ok = '{{ data|json_script:"x" }}<script src="/static/a.js" defer></script>{% query_with only="x" %}'
    (tmp_path / "t.html").write_text(ok)
    text = _markup(tmp_path / "t.html")
    assert not any(HANDLER.search(t) for t in TAG.findall(text))
    assert all("src=" in a for a in SCRIPT.findall(text))


def test_pages_send_the_policy(cast):
    csp = Client().get(reverse("accounts:login"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in csp
    for response in (Client().get(reverse("accounts:login")), login(cast.staff_a).get(reverse("projects:list")),
                     login(cast.staff_a).get("/api/v1/projects")):
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in policy
        assert response["Content-Security-Policy"] == csp


def test_htmx_is_told_to_need_neither_inline_style_nor_eval(cast):
    body = login(cast.staff_a).get(reverse("projects:list")).content.decode()
    assert '"includeIndicatorStyles": false' in body and '"allowEval": false' in body
    assert "js/app.js" in body
