"""The platform catalogue cites each platform's legal basis to every reader; whether a row has been
checked against an official list is shown to administrators only, with what is still open."""
import pytest
from django.urls import reverse

from cds.overlap.models import Platform
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_catalogue_cites_every_row_and_shows_the_check_to_administrators_only(cast):
    national = Platform.objects.get(code="CSDLQG-DANCU")
    ndxp = Platform.objects.get(code="NDXP")
    assert not national.is_confirmed and "danh mục chính thức" in national.confirmation_note
    assert ndxp.is_confirmed and ndxp.confirmed_against == "NĐ 47/2020/NĐ-CP Điều 27"

    appraiser = login(cast.appraiser).get(reverse("overlap:platforms")).content.decode()
    admin = login(cast.admin).get(reverse("overlap:platforms")).content.decode()
    for page in (appraiser, admin):
        assert "QĐ 714/QĐ-TTg (2015); Luật Căn cước 2023" in page and "NĐ 47/2020/NĐ-CP Điều 27" in page
        assert "cần xác nhận" not in page
    assert 'data-testid="confirmation"' in admin and "Chưa đối chiếu văn bản: Chưa có danh mục chính thức" in admin
    assert "Đã đối chiếu 22/11/2026" in admin
    assert 'data-testid="confirmation"' not in appraiser and "đối chiếu" not in appraiser
