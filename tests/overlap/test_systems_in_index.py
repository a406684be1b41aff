"""A new proposal is checked against the systems the province already runs (the systems map),
not only against projects and national platforms: a province's system is proposed within its
tree, with the capabilities it shares, and never to another tree; a retired one no longer."""
import pytest
from django.urls import reverse

from cds.catalog.models import Capability
from cds.overlap import services
from cds.systems.models import Category, InformationSystem, Lifecycle
from tests.conftest import login

pytestmark = pytest.mark.django_db

PROPOSAL = "Phần mềm quản lý văn bản"


@pytest.fixture
def qlvb(units):
    system = InformationSystem.objects.create(
        code="SL-VPDT", name="Hệ thống văn phòng điện tử Sơn Lâm", category=Category.CORE,
        aliases="Phần mềm quản lý văn bản và hồ sơ công việc tỉnh Sơn Lâm", root_unit=units.tinh,
        owner_unit=units.skhcn)
    system.capabilities.set(Capability.objects.filter(code="QLVB"))
    return system


def _systems(found):
    return {c.id: c for c in found if c.kind == "system"}


def test_a_proposal_finds_the_provinces_own_system_with_its_capability(cast, qlvb):
    found = _systems(services.check(cast.staff_b, PROPOSAL, capabilities=[Capability.objects.get(code="QLVB").pk]))
    assert qlvb.pk in found
    c = found[qlvb.pk]
    assert c.name == qlvb.name and c.category == Category.CORE and c.unit
    assert any(s["kind"] == "capability" for s in c.signals)


def test_another_tree_never_sees_the_provinces_system(cast, qlvb):
    for user in (cast.outsider, cast.outsider_staff):
        found = services.check(user, PROPOSAL)
        assert qlvb.pk not in _systems(found)
        assert all(qlvb.name != c.name for c in found)
    # national platforms and common software are proposed to every tree
    assert any(c.kind == "system" and c.category in (Category.NATIONAL, Category.COMMON, Category.CORE)
               for c in services.check(cast.outsider, "Trục liên thông văn bản quốc gia"))


def test_the_index_follows_the_systems_map(cast, units):
    assert not any(c.code == "SL-HSSK" for c in services.check(cast.staff_a, "Hồ sơ sức khỏe điện tử toàn dân"))
    system = InformationSystem.objects.create(code="SL-HSSK", name="Hệ thống hồ sơ sức khỏe điện tử Sơn Lâm",
                                              category=Category.SECTOR, root_unit=units.tinh, owner_unit=units.syt)
    assert system.pk in _systems(services.check(cast.staff_a, "Hồ sơ sức khỏe điện tử toàn dân"))
    system.lifecycle = Lifecycle.RETIRED
    system.save()
    assert system.pk not in _systems(services.check(cast.staff_a, "Hồ sơ sức khỏe điện tử toàn dân"))


def test_the_hint_names_the_system_and_links_only_where_it_may_be_read(cast, qlvb):
    """A unit reads its own systems and the province's core ones: the hint links the core system
    for Sở Y tế too; the other tree's hint does not show it at all."""
    page = login(cast.staff_b).get(reverse("overlap:check"), {"name": PROPOSAL}).content.decode()
    assert qlvb.name in page and "Hệ thống lõi, dùng chung của tỉnh/bộ" in page
    assert f"ht-{qlvb.pk}" in page or reverse("overlap:platforms") not in page
    other = login(cast.outsider_staff).get(reverse("overlap:check"), {"name": PROPOSAL}).content.decode()
    assert qlvb.name not in other
