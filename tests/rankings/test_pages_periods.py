# ruff: noqa: F811 - the fixtures of page_specs are imported, then named as arguments
"""A ranking period through the pages: opened by the administrator, computed, published by a
leader (then frozen: no compute button, a compute POST refused with its reason); its table under
its own method with points per criterion and a bar chart; a unit's result whose total is the sum of
the points shown; the records behind a value, scoped to the reader; the comparison with another
method version side by side. Built on test-only criteria (tests/rankings/page_specs.py)."""
from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cds.rankings import services
from cds.rankings.models import Period, PeriodStatus, Result, Score
from tests.conftest import login
from tests.rankings.page_specs import approved, page_specs, ranking_world  # noqa: F401 - fixtures


def text(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def ranks(resp, testid="rank") -> list[tuple[int, int]]:
    body = resp.content.decode()
    return [(int(u), int(r)) for u, r in re.findall(rf'data-unit="(\d+)">\s*<td[^>]*data-testid="{testid}">(\d+)</td>',
                                                     body)]


def result_of(period, unit, method=None):
    return Result.objects.get(period=period, unit=unit, method=method or period.method)


def test_open_compute_publish_through_the_pages(cast, units, ranking_world):
    w = ranking_world
    admin, leader = login(cast.admin), login(cast.leader)
    # Opening: the form lists the approved methods; a year already ranked is refused beside the form.
    page = admin.get(reverse("rankings:period_new"))
    assert page.status_code == 200 and f"Phiên bản {w.v1.number}: {w.v1.title}" in page.content.decode()
    resp = admin.post(reverse("rankings:period_new"), {"year": 2025, "method": w.v1.pk})
    assert resp.status_code == 400 and "Đã có kỳ xếp hạng năm 2025 của phạm vi này." in text(resp)
    resp = admin.post(reverse("rankings:period_new"), {"year": "hai nghìn", "method": w.v1.pk})
    assert resp.status_code == 400 and "Năm xếp hạng phải là số" in text(resp)
    resp = admin.post(reverse("rankings:period_new"), {"year": 2024, "method": ""})
    assert resp.status_code == 400 and "Chọn một phương pháp đã được phê duyệt." in text(resp)
    assert Period.objects.count() == 1
    resp = admin.post(reverse("rankings:period_new"), {"year": 2024, "method": w.v1.pk})
    p2024 = Period.objects.get(year=2024)
    assert resp.status_code == 302 and resp["Location"] == reverse("rankings:period", args=[p2024.pk])
    assert p2024.name == "Xếp hạng tuân thủ năm 2024" and p2024.created_by == cast.admin

    url = reverse("rankings:period", args=[w.period.pk])
    page = admin.get(url).content.decode()
    assert 'data-testid="period-compute"' in page and 'data-testid="period-publish"' not in page
    # Publishing before computing is refused, nothing changed.
    resp = leader.post(reverse("rankings:period_publish", args=[w.period.pk]), {"version": w.period.version})
    assert resp.status_code == 400 and "Kỳ xếp hạng chưa được tính theo phương pháp áp dụng." in text(resp)

    resp = admin.post(reverse("rankings:period_compute", args=[w.period.pk]))
    assert resp.status_code == 302
    page = admin.get(url)
    assert ranks(page) == [(units.skhcn.pk, 1), (units.syt.pk, 2), (units.thanhtra.pk, 3)]
    body = text(page)
    # Score, then the points of each criterion: Sở Y tế has 1 of 2 projects on time (30 of 60) and
    # reported 1 of 2 late (20 of 40).
    assert "Sở Y tế 50,00 30,00 20,00" in body
    assert "Sở Khoa học và Công nghệ 60,00 60,00 0,00" in body
    assert 'data-testid="score-chart"' in page.content.decode()
    bars = re.findall(r'<rect class="rk-bar"[^>]*width="(\d+)"', page.content.decode())
    assert [int(b) for b in bars] == [round(s / 100 * 420) for s in (60, 50, 40)]
    assert reverse("rankings:period_docx", args=[w.period.pk]) in page.content.decode()
    assert reverse("rankings:method", args=[w.v1.pk]) in page.content.decode()

    # The leader publishes; the period is frozen.
    w.period.refresh_from_db()
    assert 'data-testid="period-compute"' not in leader.get(url).content.decode()
    resp = leader.post(reverse("rankings:period_publish", args=[w.period.pk]), {"version": w.period.version})
    assert resp.status_code == 302
    w.period.refresh_from_db()
    assert w.period.status == PeriodStatus.PUBLISHED and w.period.published_by == cast.leader
    page = admin.get(url).content.decode()
    assert 'data-testid="period-compute"' not in page and 'data-testid="period-publish"' not in page
    assert "kết quả được giữ nguyên" in page
    before = list(Result.objects.filter(period=w.period).values_list("pk", "computed_at"))
    resp = admin.post(reverse("rankings:period_compute", args=[w.period.pk]))
    assert resp.status_code == 400 and "Kỳ xếp hạng đã công bố: kết quả đã được giữ nguyên, không tính lại." in text(resp)
    resp = leader.post(reverse("rankings:period_publish", args=[w.period.pk]), {"version": w.period.version})
    assert resp.status_code == 400 and "Kỳ xếp hạng đã được công bố." in text(resp)
    assert list(Result.objects.filter(period=w.period).values_list("pk", "computed_at")) == before


def test_who_reads_a_period_and_its_details(cast, units, ranking_world):
    w = ranking_world
    services.compute_period(cast.admin, w.period)
    url = reverse("rankings:period", args=[w.period.pk])
    # A draft period: the administrator and the leaders only.
    for user in (cast.admin, cast.leader):
        assert login(user).get(url).status_code == 200
    for user in (cast.staff_a, cast.head_b, cast.appraiser, cast.supervisor, cast.inspector, cast.outsider,
                 cast.outsider_staff):
        assert login(user).get(url).status_code == 404
        assert login(user).post(reverse("rankings:period_compute", args=[w.period.pk])).status_code == 404
    # Only the administrator computes; only a leader publishes.
    assert login(cast.leader).get(url).content.decode().count('data-testid="period-compute"') == 0
    w.period.refresh_from_db()
    resp = login(cast.admin).post(reverse("rankings:period_publish", args=[w.period.pk]), {"version": w.period.version})
    assert resp.status_code == 403
    services.publish_period(cast.leader, w.period, version=w.period.version)

    res_a, res_b = result_of(w.period, units.skhcn), result_of(w.period, units.syt)
    # Published: every user of the tree reads the table; a unit opens its own detail only.
    page = login(cast.staff_a).get(url)
    assert page.status_code == 200
    links = re.findall(r'href="/[^"]*ket-qua/(\d+)/"', page.content.decode())
    assert links == [str(res_a.pk)]
    assert login(cast.staff_a).get(reverse("rankings:result", args=[res_a.pk])).status_code == 200
    assert login(cast.staff_a).get(reverse("rankings:result", args=[res_b.pk])).status_code == 404
    assert login(cast.head_b).get(reverse("rankings:result", args=[res_b.pk])).status_code == 200
    # Province-wide roles open every unit's detail.
    for user in (cast.appraiser, cast.supervisor, cast.inspector):
        page = login(user).get(url).content.decode()
        assert len(re.findall(r'href="/[^"]*ket-qua/(\d+)/"', page)) == 3
        assert login(user).get(reverse("rankings:result", args=[res_b.pk])).status_code == 200
        assert login(user).get(reverse("rankings:compare", args=[w.period.pk])).status_code == 403
    # Comparisons are the administrator's and the leaders'; the other tree sees nothing.
    assert login(cast.staff_a).get(reverse("rankings:compare", args=[w.period.pk])).status_code == 403
    for user in (cast.outsider, cast.outsider_staff):
        assert login(user).get(url).status_code == 404
        assert login(user).get(reverse("rankings:result", args=[res_a.pk])).status_code == 404
        assert login(user).get(reverse("rankings:compare", args=[w.period.pk])).status_code == 404


def test_a_units_result_adds_up_and_links_to_its_records(cast, units, ranking_world):
    w = ranking_world
    services.compute_period(cast.admin, w.period)
    res = result_of(w.period, units.syt)
    page = login(cast.head_b).get(reverse("rankings:result", args=[res.pk]))
    body = text(page)
    assert "Dự án không chậm 50,0% 1 / 2 60 30,00" in body
    assert "Báo cáo trung thực 50,0% 1 / 2 40 20,00" in body
    points = [p.replace(",", ".") for p in re.findall(r'data-testid="points">([\d,]+)<', page.content.decode())]
    total = re.search(r'data-testid="total">([\d,]+)<', page.content.decode()).group(1)
    assert sum(float(p) for p in points) == float(total.replace(",", ".")) == float(res.score) == 50
    crit = w.v1.criteria.get(code="pg_done")
    assert reverse("rankings:evidence", args=[res.pk, crit.pk]) in page.content.decode()

    # Thanh tra's result has a record for each criterion too, Thanh tra reads it; Sở Y tế does not.
    ev = login(cast.head_b).get(reverse("rankings:evidence", args=[res.pk, crit.pk]))
    assert ev.status_code == 200
    rows = re.findall(r'data-testid="evidence-row" class="([^"]*)"><td><a href="([^"]+)">([^<]+)</a>', ev.content.decode())
    late = w.late_b
    assert sorted((name.strip(), href, "rk-against" in cls) for cls, href, name in rows) == sorted([
        (str(w.projects.b), reverse("projects:detail", args=[w.projects.b.pk]), False),
        (str(late), reverse("projects:detail", args=[late.pk]), True)])
    assert cast.staff_b.display_name in text(ev)         # who entered the late project
    res_tt = result_of(w.period, units.thanhtra)
    assert login(cast.head_b).get(reverse("rankings:evidence", args=[res_tt.pk, crit.pk])).status_code == 404
    assert login(cast.head_b).get(reverse("rankings:evidence", args=[res.pk, 999999])).status_code == 404


def test_evidence_shows_only_the_records_the_reader_may_read(cast, units, ranking_world):
    """A value counted records the reader may not read (here a project of Sở Y tế and one of the
    ministry put into Sở KH&CN's evidence): they never appear, not even their names."""
    w = ranking_world
    services.compute_period(cast.admin, w.period)
    res = result_of(w.period, units.skhcn)
    crit = w.v1.criteria.get(code="pg_done")
    score = Score.objects.get(result=res, criterion=crit)
    hidden_b, hidden_bo = w.projects.b, w.projects.bo
    score.evidence = {**score.evidence, "ids": score.evidence["ids"] + [hidden_b.pk, hidden_bo.pk],
                      "against": [hidden_bo.pk]}
    score.save()
    url = reverse("rankings:evidence", args=[res.pk, crit.pk])
    page = text(login(cast.staff_a).get(url))
    assert str(w.projects.a) in page and str(w.projects.old) in page
    assert str(hidden_b) not in page and str(hidden_bo) not in page
    assert "Hiển thị 2/4 hồ sơ" in page
    wide = text(login(cast.appraiser).get(url))
    assert str(hidden_b) in wide and str(hidden_bo) not in wide
    for user in (cast.staff_b, cast.head_b, cast.outsider, cast.outsider_staff):
        assert login(user).get(url).status_code == 404


def test_comparison_side_by_side_leaves_the_published_period_alone(cast, units, ranking_world):
    w = ranking_world
    services.compute_period(cast.admin, w.period)
    w.period.refresh_from_db()
    services.publish_period(cast.leader, w.period, version=w.period.version)
    own_before = list(Result.objects.filter(period=w.period, method=w.v1).values_list("unit_id", "rank", "score"))
    v2 = approved(cast, units, done=20, candour=80, title="Phương pháp sửa đổi", based_on=w.v1)
    leader = login(cast.leader)
    url = reverse("rankings:compare", args=[w.period.pk]) + f"?method={v2.pk}"
    page = leader.get(url)
    assert page.status_code == 200 and 'data-testid="compare-compute-button"' in page.content.decode()
    assert "không thay đổi" in text(page)
    resp = leader.post(reverse("rankings:compare", args=[w.period.pk]), {"method": v2.pk})
    assert resp.status_code == 302 and resp["Location"] == url
    page = leader.get(url)
    body = page.content.decode()
    assert ranks(page, "own-rank") == [(units.skhcn.pk, 1), (units.syt.pk, 2), (units.thanhtra.pk, 3)]
    other = dict(re.findall(r'data-unit="(\d+)">.*?data-testid="other-rank">(\d+)<', body, re.S))
    assert other == {str(units.skhcn.pk): "3", str(units.syt.pk): "2", str(units.thanhtra.pk): "1"}
    change = dict(re.findall(r'data-unit="(\d+)">.*?data-testid="rank-change">(.*?)</td>', body, re.S))
    assert "giảm 2" in change[str(units.skhcn.pk)] and "tăng 2" in change[str(units.thanhtra.pk)]
    assert "không đổi" in change[str(units.syt.pk)]
    weights = text(page)
    assert "Dự án không chậm 60 20 -40" in weights and "Báo cáo trung thực 40 80 +40" in weights
    # The published results under the period's own method are unchanged.
    assert list(Result.objects.filter(period=w.period, method=w.v1).values_list("unit_id", "rank", "score")) \
        == own_before
    w.period.refresh_from_db()
    assert w.period.method == w.v1 and w.period.status == PeriodStatus.PUBLISHED
    # Units still read the period's own table, never the comparison's.
    staff = login(cast.staff_a)
    assert ranks(staff.get(reverse("rankings:period", args=[w.period.pk]))) == [
        (units.skhcn.pk, 1), (units.syt.pk, 2), (units.thanhtra.pk, 3)]
    compared = result_of(w.period, units.skhcn, v2)
    assert staff.get(reverse("rankings:result", args=[compared.pk])).status_code == 404
    assert staff.post(reverse("rankings:compare", args=[w.period.pk]), {"method": v2.pk}).status_code == 403
    # A method of another tree is not found.
    assert leader.get(reverse("rankings:compare", args=[w.period.pk]) + "?method=999999").status_code == 404


@pytest.mark.parametrize("reader", ["leader", "head_b"])
def test_period_pages_cost_a_fixed_number_of_queries(cast, units, ranking_world, reader):
    from tests.factories import make_project, make_unit

    w = ranking_world
    services.compute_period(cast.admin, w.period)
    w.period.refresh_from_db()
    services.publish_period(cast.leader, w.period, version=w.period.version)
    client = login(getattr(cast, reader))
    crit = w.v1.criteria.get(code="pg_done")

    def urls():
        res = result_of(w.period, units.syt)
        out = [reverse("rankings:period", args=[w.period.pk]), reverse("rankings:result", args=[res.pk]),
               reverse("rankings:evidence", args=[res.pk, crit.pk]), reverse("rankings:index")]
        if reader == "leader":
            out.append(reverse("rankings:compare", args=[w.period.pk]) + f"?method={v2.pk}")
        return out

    def count():
        sizes = []
        for url in urls():
            with CaptureQueriesContext(connection) as q:
                assert client.get(url).status_code == 200, url
            sizes.append(len(q))
        return sizes

    v2 = approved(cast, units, done=20, candour=80, title="Phương pháp sửa đổi")
    services.compute_period(cast.leader, w.period, v2)
    few = count()
    for n in range(3):
        unit = make_unit(f"T01-X{n}", f"Sở thử {n}", parent=units.tinh)
        make_project(cast.admin, unit, name=f"Dự án thử {n}")
        make_project(cast.staff_b, units.syt, name=f"Trễ dự án {n}")
    Result.objects.filter(period=w.period).delete()
    Period.objects.filter(pk=w.period.pk).update(status=PeriodStatus.DRAFT)
    w.period.refresh_from_db()
    services.compute_period(cast.admin, w.period)
    services.compute_period(cast.leader, w.period, v2)
    w.period.refresh_from_db()
    services.publish_period(cast.leader, w.period, version=w.period.version)
    assert count() == few
