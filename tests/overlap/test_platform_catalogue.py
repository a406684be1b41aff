"""The catalogue of systems to build on (the former platform catalogue, now rows of the systems
map) cites each row's legal basis to every reader; whether a row has been checked against an
official list is shown to administrators only, with what is still open."""
import pytest
from django.urls import reverse

from cds.systems.models import Category, InformationSystem, Lifecycle
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_catalogue_rows_keep_their_citations_and_checks(cast):
    national = InformationSystem.objects.get(code="CSDLQG-DANCU")
    ndxp = InformationSystem.objects.get(code="NDXP")
    assert not national.is_confirmed and "danh mục chính thức" in national.confirmation_note
    assert ndxp.is_confirmed and ndxp.confirmed_against == "NĐ 47/2020/NĐ-CP Điều 27"
    assert national.citation == "QĐ 714/QĐ-TTg (2015); Luật Căn cước 2023"


def test_the_former_catalogue_page_moved_to_the_systems_list(cast):
    """Old links keep working: a permanent redirect to the systems list, national platforms."""
    resp = login(cast.appraiser).get(reverse("overlap:platforms"))
    assert resp.status_code == 301 and resp["Location"] == reverse("systems:list") + "?loai=national"


def test_the_former_platforms_are_systems_of_the_map():
    """Each former platform is a system: national platforms, the province-type core systems and
    common software by category, LGSP and NDXP as hubs, the data they master as master holdings."""
    by_code = {s.code: s for s in InformationSystem.objects.prefetch_related("holdings__entity", "capabilities")}
    assert by_code["NDXP"].category == Category.NATIONAL and by_code["NDXP"].is_hub
    assert by_code["LGSP"].category == Category.CORE and by_code["LGSP"].is_hub
    assert by_code["PM-KETOAN"].category == Category.COMMON and not by_code["PM-KETOAN"].is_hub
    assert {h.entity.code for h in by_code["CSDLQG-DANCU"].holdings.all() if h.role == "master"} == {"DANCU"}
    assert {c.code for c in by_code["QLVB"].capabilities.all()} == {"QLVB"}
    assert all(s.lifecycle == Lifecycle.OPERATE for s in by_code.values())


def test_the_systems_list_shows_a_provinces_systems_within_its_tree_only(cast, units):
    own = InformationSystem.objects.create(code="T-QLVB-SL", name="Hệ thống quản lý văn bản tỉnh Sơn Lâm",
                                           category=Category.CORE, root_unit=units.tinh, owner_unit=units.skhcn)
    mine = login(cast.appraiser).get(reverse("overlap:platforms"), follow=True).content.decode()
    other = login(cast.outsider).get(reverse("overlap:platforms"), follow=True).content.decode()
    assert "Cơ sở dữ liệu quốc gia về dân cư" in mine and "Cơ sở dữ liệu quốc gia về dân cư" in other
    assert own.name not in other
