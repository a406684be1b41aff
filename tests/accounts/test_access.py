"""Every page × every role: allowed roles see it, others get 403/404 (never another unit's data)."""
import pytest
from django.urls import reverse

from cds.projects.models import Project
from tests.conftest import login

ALL = ["staff_a", "head_a", "staff_b", "head_b", "appraiser", "supervisor", "leader", "inspector", "admin",
       "outsider", "outsider_staff"]


def status_for(cast, who, url, method="get", data=None):
    client = login(getattr(cast, who))
    resp = getattr(client, method)(url, data or {})
    return resp.status_code


@pytest.mark.parametrize("name", ["dashboard:home", "projects:list", "orgs:list"])
def test_anonymous_is_sent_to_login(client, db, name):
    resp = client.get(reverse(name))
    assert resp.status_code == 302 and reverse("accounts:login") in resp["Location"]


def test_project_page_visibility(cast, projects):
    url = reverse("projects:detail", args=[projects.a.pk])
    allowed = {"staff_a", "head_a", "appraiser", "supervisor", "leader", "inspector", "admin"}
    for who in ALL:
        expected = 200 if who in allowed else 404
        assert status_for(cast, who, url) == expected, who


def test_successor_unit_sees_predecessor_records(cast, projects):
    url = reverse("projects:detail", args=[projects.old.pk])
    assert status_for(cast, "staff_a", url) == 200  # Sở KH&CN inherits Sở TT&TT's project
    assert status_for(cast, "staff_b", url) == 404


def test_other_root_is_invisible(cast, projects):
    assert status_for(cast, "leader", reverse("projects:detail", args=[projects.bo.pk])) == 404
    assert status_for(cast, "outsider", reverse("projects:detail", args=[projects.a.pk])) == 404
    assert status_for(cast, "outsider", reverse("projects:detail", args=[projects.bo.pk])) == 200


def test_list_is_scoped(cast, projects):
    def codes(who):
        resp = login(getattr(cast, who)).get(reverse("projects:list"))
        return {p.code for p in resp.context["page"].object_list}

    assert codes("staff_a") == {projects.a.code, projects.old.code}
    assert codes("staff_b") == {projects.b.code}
    assert codes("leader") == {projects.a.code, projects.b.code, projects.old.code}
    assert codes("outsider") == {projects.bo.code}


def test_edit_page_permissions(cast, projects):
    url = reverse("projects:edit", args=[projects.a.pk])
    expected = {"staff_a": 200, "head_a": 200, "appraiser": 200, "supervisor": 403, "leader": 403,
                "inspector": 403, "admin": 403, "staff_b": 404, "outsider": 404}
    for who, code in expected.items():
        assert status_for(cast, who, url) == code, who


def test_create_page_permissions(cast, db):
    url = reverse("projects:create")
    expected = {"staff_a": 200, "head_a": 200, "appraiser": 200, "admin": 200, "supervisor": 403,
                "leader": 403, "inspector": 403}
    for who, code in expected.items():
        assert status_for(cast, who, url) == code, who


def test_audit_log_permissions(cast, db):
    url = reverse("audit:log")
    for who in ("inspector", "admin", "leader", "supervisor"):
        assert status_for(cast, who, url) == 200, who
    for who in ("staff_a", "head_a", "appraiser"):
        assert status_for(cast, who, url) == 403, who


def test_transition_page_permissions(cast, projects):
    url = reverse("projects:transition", args=[projects.a.pk, "start_dossier"])
    assert status_for(cast, "staff_a", url) == 200
    assert status_for(cast, "leader", url) == 403
    assert status_for(cast, "inspector", url) == 403
    assert status_for(cast, "staff_b", url) == 404


def test_idor_on_nested_objects(cast, projects):
    """Budget and document endpoints of another unit's project answer 404 and change nothing."""
    before = projects.a.budget_entries.count()
    url = reverse("projects:budget_add", args=[projects.a.pk])
    resp = login(cast.staff_b).post(url, {"stage": "estimate", "year": 2024, "funding_source": 1, "amount": "1000"})
    assert resp.status_code == 404
    assert projects.a.budget_entries.count() == before


def test_inspector_changes_nothing(cast, projects):
    client = login(cast.inspector)
    url = reverse("projects:transition", args=[projects.a.pk, "start_dossier"])
    assert client.post(url, {"version": projects.a.version}).status_code == 403
    resp = client.post(reverse("projects:budget_add", args=[projects.a.pk]),
                       {"stage": "estimate", "year": 2024, "funding_source": 1, "amount": "1000"})
    assert resp.status_code == 403
    projects.a.refresh_from_db()
    assert projects.a.state == "proposed" and projects.a.total_estimate == 0


def test_unit_staff_cannot_register_for_another_unit(cast, units):
    from tests.factories import project_data

    data = project_data(units.syt)
    post = {"name": "Dự án của đơn vị khác", "kind": "investment", "group": "C", "regime": data["regime"].pk,
            "investor_unit": units.syt.pk, "start_year": 2025}
    resp = login(cast.staff_a).post(reverse("projects:create"), post)
    assert resp.status_code == 400  # form redisplayed with an error
    assert Project.objects.filter(name="Dự án của đơn vị khác").count() == 0
    assert "investor_unit" in resp.context["form"].errors
