from django.urls import reverse

from cds.projects.models import Project
from tests.conftest import login


def form_post(p, **changes):
    data = {"name": p.name, "kind": p.kind, "group": p.group, "regime": p.regime_id, "investor_unit": p.investor_unit_id,
            "start_year": p.start_year, "end_year": p.end_year or "", "version": p.version, "objectives": p.objectives,
            "scope": p.scope}
    data.update(changes)
    return data


def test_concurrent_edit_does_not_overwrite(cast, projects):
    p = projects.a
    stale = form_post(p, name="Bản sửa của chuyên viên A")
    fresh = form_post(p, name="Bản sửa của lãnh đạo đơn vị")
    assert login(cast.head_a).post(reverse("projects:edit", args=[p.pk]), fresh).status_code == 302
    resp = login(cast.staff_a).post(reverse("projects:edit", args=[p.pk]), stale)
    assert resp.status_code == 409
    assert "đã được người khác cập nhật" in resp.content.decode()
    assert Project.objects.get(pk=p.pk).name == "Bản sửa của lãnh đạo đơn vị"


def test_edit_validation_in_vietnamese(cast, projects):
    p = projects.a
    resp = login(cast.staff_a).post(reverse("projects:edit", args=[p.pk]),
                                    form_post(p, name="", start_year="hai nghìn", end_year=1999))
    body = resp.content.decode()
    assert "Tên nhiệm vụ/dự án không được để trống" in body and "Năm phải là số" in body
    assert Project.objects.get(pk=p.pk).name == p.name
