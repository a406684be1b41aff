"""The catalogue of systems to build on (the former platform catalogue, now rows of the systems
map) cites each row's legal basis to every reader; whether a row has been checked against an
official list is shown to administrators only, with what is still open."""
import pytest
from django.urls import reverse

from cds.systems.models import Category, InformationSystem, Lifecycle
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_catalogue_cites_every_row_and_shows_the_check_to_administrators_only(cast):
    national = InformationSystem.objects.get(code="CSDLQG-DANCU")
    ndxp = InformationSystem.objects.get(code="NDXP")
    assert not national.is_confirmed and "danh mục chính thức" in national.confirmation_note
    assert ndxp.is_confirmed and ndxp.confirmed_against == "NĐ 47/2020/NĐ-CP Điều 27"

    appraiser = login(cast.appraiser).get(reverse("overlap:platforms"), follow=True).content.decode()
    admin = login(cast.admin).get(reverse("overlap:platforms"), follow=True).content.decode()
    for page in (appraiser, admin):
        assert "QĐ 714/QĐ-TTg (2015); Luật Căn cước 2023" in page and "NĐ 47/2020/NĐ-CP Điều 27" in page
        assert "cần xác nhận" not in page
    assert 'data-testid="confirmation"' in admin and "Chưa đối chiếu văn bản: Chưa có danh mục chính thức" in admin
    assert "Đã đối chiếu 22/11/2026" in admin
    assert 'data-testid="confirmation"' not in appraiser and "đối chiếu" not in appraiser


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


def test_catalogue_shows_a_provinces_systems_within_its_tree_only(cast, units):
    own = InformationSystem.objects.create(code="T-QLVB-SL", name="Hệ thống quản lý văn bản tỉnh Sơn Lâm",
                                           category=Category.CORE, root_unit=units.tinh, owner_unit=units.skhcn)
    gone = InformationSystem.objects.create(code="T-CU", name="Hệ thống một cửa cũ đã ngừng", category=Category.CORE,
                                            root_unit=units.tinh, lifecycle=Lifecycle.RETIRED)
    mine = login(cast.appraiser).get(reverse("overlap:platforms"), follow=True).content.decode()
    other = login(cast.outsider).get(reverse("overlap:platforms"), follow=True).content.decode()
    assert own.name in mine and gone.name not in mine
    assert own.name not in other and "Cơ sở dữ liệu quốc gia về dân cư" in other
