from django.urls import reverse

from tests.conftest import login


def test_pages_render_for_staff(projects, cast):
    client = login(cast.staff_a)
    for url in [reverse("dashboard:home"), reverse("projects:list"), reverse("projects:detail", args=[projects.a.pk]),
                reverse("projects:create"), reverse("orgs:list")]:
        resp = client.get(url)
        assert resp.status_code == 200, url
    for tab in ("budget", "documents", "timeline", "history"):
        assert login(cast.staff_a).get(reverse("projects:detail", args=[projects.a.pk]) + f"?tab={tab}").status_code == 200
