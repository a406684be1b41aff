"""Equipment bought by projects, as figures: by status and the share not serving, for a project,
a unit's subtree, a programme, and on the home page per investor unit — each reader counting only
the projects of their scope, in a constant number of queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cds.projects.permissions import scope_projects
from cds.systems import equipment_stats
from cds.systems import services as ss
from tests.conftest import login
from tests.factories import make_project, programme

pytestmark = pytest.mark.django_db


def buy(actor, project, kind, quantity, status):
    return ss.add_equipment(actor, project, {"kind": kind, "quantity": quantity, "status": status})


@pytest.fixture
def bought(cast, units):
    a = make_project(cast.staff_a, units.skhcn, name="Trung tâm giám sát điều hành thông minh")
    b = make_project(cast.staff_b, units.syt, name="Bệnh án điện tử")
    buy(cast.staff_a, a, "Camera giám sát", 30, "idle")
    buy(cast.staff_a, a, "Màn hình ghép", 8, "in_use")
    buy(cast.staff_a, a, "Máy chủ", 2, "broken")
    buy(cast.staff_a, a, "Máy trạm cũ", 5, "disposed")
    buy(cast.staff_b, b, "Máy trạm", 10, "in_use")
    buy(cast.staff_b, b, "Máy quét", 10, "not_used")
    return a, b


def test_figures_per_project_unit_and_programme(bought, units):
    a, b = bought
    fa = equipment_stats.for_project(a)
    assert (fa["in_use"], fa["idle"], fa["broken"], fa["disposed"]) == (8, 30, 2, 5)
    assert fa.total == 40 and fa.wasted == 32 and fa.share_wasted == pytest.approx(0.8)
    assert equipment_stats.for_unit(units.syt).share_wasted == pytest.approx(0.5)
    assert equipment_stats.for_unit(units.tinh).total == 60
    assert equipment_stats.for_programme(programme()).total == 60  # both projects are of the programme


def test_figures_are_scoped_to_the_reader(cast, bought):
    assert equipment_stats.for_projects(scope_projects(cast.staff_b)).total == 20
    assert equipment_stats.for_projects(scope_projects(cast.appraiser)).total == 60
    assert equipment_stats.for_projects(scope_projects(cast.outsider)).total == 0


def test_home_page_card_per_unit_in_the_readers_scope(cast, bought):
    page = login(cast.appraiser).get(reverse("dashboard:home")).content.decode()
    assert "Thiết bị chưa khai thác, hỏng" in page
    assert 'data-testid="equipment-share">70%<' in page  # 42 of 60 not serving
    assert page.count('data-testid="equipment-unit"') == 2
    mine = login(cast.staff_b).get(reverse("dashboard:home")).content.decode()
    assert 'data-testid="equipment-share">50%<' in mine and mine.count('data-testid="equipment-unit"') == 1
    assert "Camera giám sát" not in mine
    other = login(cast.outsider).get(reverse("dashboard:home")).content.decode()
    assert 'data-testid="equipment-card"' not in other


def test_home_page_equipment_queries_do_not_grow(cast, bought, units):
    client = login(cast.appraiser)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard:home"))
    for unit in (units.skhcn, units.syt):
        actor = cast.staff_a if unit == units.skhcn else cast.staff_b
        project = make_project(actor, unit, name=f"Dự án thiết bị thêm {unit.pk}")
        for i in range(3):
            buy(actor, project, f"Thiết bị {i}", 1, "broken")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("dashboard:home"))
    assert len(more) == len(few)
