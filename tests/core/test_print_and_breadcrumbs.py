"""Breadcrumbs on every detail page, a print button where officials print (the registry list,
the task lists, the project page with its one-page print view) and a print stylesheet."""
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import login

CSS = Path(__file__).resolve().parents[2] / "cds/core/static/css/app.css"


def crumbs(html: str) -> list[tuple[str | None, str]]:
    """(href or None for the current page, text) of the page's breadcrumbs."""
    nav = re.search(r'<nav aria-label="Đường dẫn" data-testid="breadcrumbs"><ol class="breadcrumb">(.*?)</ol></nav>',
                    html, re.S)
    assert nav, "no breadcrumbs"
    items = re.findall(r'<li class="breadcrumb-item( active" aria-current="page)?[^>]*>(.*?)</li>', nav.group(1), re.S)
    out = []
    for current, inner in items:
        link = re.match(r'\s*<a href="([^"]+)">(.*?)</a>\s*$', inner, re.S)
        out.append((None, inner.strip()) if current else (link.group(1), link.group(2).strip()))
    return out


@pytest.fixture
def pages(demo):
    from cds.accounts.models import User
    from cds.appraisal.models import Dossier
    from cds.directives.models import Directive, Task
    from cds.orgs.models import Unit
    from cds.reviews.models import Review

    dossier = Dossier.objects.select_related("project").order_by("pk").first()
    task = Task.objects.select_related("directive").order_by("pk").first()
    review = Review.objects.select_related("campaign", "project").order_by("pk").first()
    unit = Unit.objects.filter(parent__isnull=False, short_name="Sở KH&CN").first()
    return dict(client=login(User.objects.get(username="admin")), dossier=dossier, task=task,
                directive=Directive.objects.order_by("pk").first(), review=review, unit=unit)


def test_every_detail_page_has_breadcrumbs(pages):
    client, home = pages["client"], reverse("dashboard:home")
    d, t, r, u, dv = pages["dossier"], pages["task"], pages["review"], pages["unit"], pages["directive"]
    expected = {
        reverse("projects:detail", args=[d.project.pk]): [home, reverse("projects:list"), d.project.code],
        reverse("appraisal:dossier", args=[d.pk]): [home, reverse("appraisal:tracking"),
                                                    reverse("projects:detail", args=[d.project.pk]), f"Hồ sơ {d.code}"],
        reverse("directives:directive", args=[dv.pk]): [home, reverse("directives:home"),
                                                        reverse("directives:directives"), dv.number],
        reverse("directives:task", args=[t.pk]): [home, reverse("directives:home"),
                                                  reverse("directives:directive", args=[t.directive_id]), "Nhiệm vụ"],
        reverse("reviews:review", args=[r.pk]): [home, reverse("reviews:list"),
                                                 reverse("reviews:campaign", args=[r.campaign_id]), r.project.code],
        reverse("reviews:campaign", args=[r.campaign_id]): [home, reverse("reviews:list"), r.campaign.name],
        reverse("orgs:detail", args=[u.pk]): [home, reverse("orgs:list"), reverse("orgs:detail", args=[u.parent_id]),
                                              "Sở KH&amp;CN"],
    }
    for url, trail in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        got = crumbs(response.content.decode())
        assert [href or text for href, text in got] == trail, url
        assert got[0][1] == "Tổng quan"
        for href, _text in got[:-1]:
            assert client.get(href).status_code == 200, href      # every crumb leads to a page


def test_print_buttons_and_the_project_print_view(pages):
    client, project = pages["client"], pages["dossier"].project
    for url in (reverse("projects:list"), reverse("directives:home")):
        assert re.search(r'<button[^>]*data-print[^>]*>In</button>', client.get(url).content.decode()), url
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert re.search(r'<a class="btn[^"]*" href="\?tab=in"[^>]*>In</a>', page)
    view = client.get(reverse("projects:detail", args=[project.pk]), {"tab": "in"}).content.decode()
    titles = re.findall(r'<h2 class="print-section-title">([^<]+)</h2>', view)
    assert titles == ["Thông tin", "Sổ ngân sách", "Văn bản", "Tiến trình"]
    assert re.search(r'<button[^>]*data-print[^>]*>In</button>', view)
    assert 'id="timeline"' in view and view.count('<table') >= 2      # the sections' own content


def test_print_stylesheet_hides_the_controls_and_keeps_tables_whole():
    css = CSS.read_text(encoding="utf-8")
    block = css[css.index("@media print"):]
    for rule in (".navbar", "footer.site", ".btn", "form", ".pagination", ".nav-tabs"):
        assert rule in block.split("{ display: none !important; }")[0], rule
    assert ".table-responsive { overflow: visible !important; }" in block
    assert "thead { display: table-header-group; }" in block and "break-inside: avoid" in block
    assert "@page" in block
