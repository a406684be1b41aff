"""Test-only criteria for the ranking's page tests, so they do not depend on the real criteria:
``pg_done`` counts the ranked unit's projects and holds those named "Trễ …" against it;
``pg_candour`` is its mirror (a "Trễ …" project counts for the unit). Registered by the
``page_specs`` fixture and removed after it.

The world (``ranking_world``): besides the cast's projects (A of Sở KH&CN, the ended Sở TT&TT's
that Sở KH&CN answers for, B of Sở Y tế, the ministry's), a late project of Sở Y tế and one of
Thanh tra tỉnh. So ``pg_done`` is 100 % for Sở KH&CN, 50 % for Sở Y tế and 0 % for Thanh tra;
``pg_candour`` the reverse. Under v1 (done 60, candour 40): Sở KH&CN 60, Sở Y tế 50, Thanh tra 40
→ ranks 1, 2, 3. Under v2 (done 20, candour 80): 20, 50, 80 → ranks 3, 2, 1."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from cds.projects.models import Project
from cds.projects.permissions import scope_projects
from cds.rankings import criteria as registry
from cds.rankings import services
from tests.factories import make_project

LATE = "Trễ"


def _compute(late_is_good: bool):
    def compute(ctx):
        rows = Project.objects.filter(ctx.unit_q("investor_unit")).values_list("investor_unit_id", "pk", "name")
        return ctx.tally((unit_id, pk, name.startswith(LATE) == late_is_good) for unit_id, pk, name in rows)
    return compute


SPECS = (
    registry.Spec(code="pg_done", name="Dự án không chậm", weight=60, source="Danh mục dự án",
                  formula="Số dự án không chậm ÷ số dự án", model="projects.project", compute=_compute(False),
                  scope=scope_projects, order=1),
    registry.Spec(code="pg_candour", name="Báo cáo trung thực", weight=40, source="Danh mục dự án",
                  formula="Số dự án báo cáo chậm ÷ số dự án", model="projects.project", compute=_compute(True),
                  scope=scope_projects, order=2),
)


@pytest.fixture
def page_specs():
    for spec in SPECS:
        registry.register(spec)
    yield SPECS
    for spec in SPECS:
        registry._specs.pop(spec.code, None)


def rows(done: int, candour: int) -> list[dict]:
    return [{"code": "pg_done", "weight": done}, {"code": "pg_candour", "weight": candour}]


def approved(cast, units, done=60, candour=40, **kw):
    m = services.draft_method(cast.admin, units.tinh, title=kw.pop("title", "Phương pháp thử"),
                              criteria=rows(done, candour), **kw)
    m = services.submit_method(cast.admin, m, version=m.version)
    return services.decide_method(cast.leader, m, version=m.version, approve=True, note="Đồng ý.")


@pytest.fixture
def ranking_world(cast, units, projects, page_specs):
    late_b = make_project(cast.staff_b, units.syt, name=f"{LATE} hạn triển khai bệnh án điện tử")
    late_tt = make_project(cast.admin, units.thanhtra, name=f"{LATE} hạn phần mềm thanh tra")
    v1 = approved(cast, units)
    period = services.open_period(cast.admin, units.tinh, year=2025, method=v1)
    return SimpleNamespace(v1=v1, period=period, late_b=late_b, late_tt=late_tt, projects=projects)
