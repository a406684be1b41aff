"""The completeness score follows the published weighting, fields and relations alike; the
data catalogue lists each entity's master and flags two masters."""
import pytest

from cds.systems import selectors, services
from cds.systems.models import CompletenessScheme, Mechanism

pytestmark = pytest.mark.django_db


def _score(user, system):
    return next(s for s in selectors.system_list(user) if s.pk == system.pk).completeness


def test_the_score_rises_as_the_record_fills_and_follows_the_scheme(cast, projects, systems):
    land = systems.land
    before = _score(cast.staff_a, land)
    assert "Kết nối, tích hợp" in before.missing and "Dữ liệu hệ thống nắm giữ" in before.missing
    services.save_integration(cast.staff_a, source=land, target=systems.lgsp, mechanism=Mechanism.HUB)
    services.save_holding(cast.staff_a, land, entity=systems.datdai, role="master", sharing="default")
    services.link_project(cast.staff_a, land, projects.a, "build")
    after = _score(cast.staff_a, land)
    assert after.percent > before.percent and "Kết nối, tích hợp" not in after.missing
    # a new published version that weighs only integrations: the same record scores 100 %
    CompletenessScheme.objects.create(version=2, name="Chỉ kết nối", weights={"integrations": 1},
                                      published_on="2026-12-07")
    assert _score(cast.staff_a, land).percent == 100
    assert selectors.unit_completeness(cast.appraiser)[land.owner_unit_id] > 0


def test_list_queries_do_not_grow_with_the_systems(cast, units, systems, django_assert_max_num_queries):
    for i in range(15):
        services.create_system(cast.appraiser, {"name": f"Hệ thống thử {i}", "category": "unit",
                                                "owner_unit": units.syt})
    with django_assert_max_num_queries(6):
        items = selectors.system_list(cast.appraiser)
    assert len(items) >= 20
    with django_assert_max_num_queries(8):
        selectors.findings_for(cast.appraiser)


def test_data_catalogue_shows_the_master_and_two_masters(cast, systems):
    services.save_holding(cast.staff_a, systems.land, entity=systems.datdai, role="master", sharing="open")
    services.save_holding(cast.staff_b, systems.hospital, entity=systems.datdai, role="master", sharing="default")
    rows = {r.entity.code: r for r in selectors.data_catalogue(cast.appraiser)}
    assert rows["DATDAI"].two_masters and rows["DANCU"].national
    own = {r.entity.code: r for r in selectors.data_catalogue(cast.staff_a)}
    assert [h.system for h in own["DATDAI"].masters] == [systems.land]  # Sở Y tế's system is not named
