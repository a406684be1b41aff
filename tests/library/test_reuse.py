"""Reuse first, as users meet it: the hint under a new proposal's name, "Tái sử dụng mô hình"
(a proposal pre-filled from the entry and linked to it), the entry's reuse box and related
entries, the list of reuse proposals with its dashboard tile, and the ranking criterion."""
import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from cds.audit.models import AuditEvent
from cds.catalog.models import Capability, DataEntity
from cds.core import tiles
from cds.core.errors import ServiceError
from cds.core.tiles import Filters
from cds.library import services
from cds.library.models import Reuse, Status
from cds.library.services_reuse import start_reuse
from cds.projects.models import Project
from cds.rankings import criteria
from cds.rankings.criteria import Context
from cds.rankings.services import default_criteria
from tests.factories import make_project, programme, project_data, regime, source
from tests.homepage import listed

pytestmark = pytest.mark.django_db

ONE_STOP = "Hệ thống một cửa điện tử liên thông cấp xã"
PROPOSAL = "Nâng cấp phần mềm một cửa điện tử cấp xã"
TODAY = timezone.localdate()


@pytest.fixture
def entry(cast, units, practice_of):
    return practice_of(cast.staff_a, units.skhcn, title=ONE_STOP, keywords="một cửa, thủ tục hành chính",
                       problem="Hồ sơ thủ tục hành chính ở cấp xã xử lý thủ công, chậm trễ.",
                       solution="Dùng chung hệ thống một cửa điện tử của tỉnh, kết nối LGSP.",
                       capabilities=[Capability.objects.get(code="MOTCUA")],
                       data_entities=[DataEntity.objects.get(code="HOSO-TTHC")], programmes=[programme()])


def _hint(client, name, **params):
    return client.get(reverse("library:suggest"), {"name": name, "objectives": "", **params})


def _post_data(unit, **overrides):
    data = {"name": f"{ONE_STOP} của Sở Y tế", "kind": "investment", "group": "C", "regime": regime().pk,
            "programme": programme().pk, "investor_unit": unit.pk, "start_year": TODAY.year,
            "end_year": TODAY.year + 1, "objectives": "Giải quyết thủ tục hành chính trực tuyến.",
            "scope": "Các xã", "funding_sources": [source().pk],
            "capabilities": [Capability.objects.get(code="MOTCUA").pk]}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# ------------------------------------------------------------------------ the hint ----

def test_the_new_project_form_asks_for_the_reuse_hint(cast, as_user):
    page = as_user(cast.staff_b).get("/du-an/moi/")
    assert page.status_code == 200
    hint = lxml_html.fromstring(page.content.decode()).xpath('//*[@data-form-hint="library-suggest"]')
    assert hint and hint[0].get("hx-get") == reverse("library:suggest")
    assert "#id_name" in hint[0].get("hx-include") and "#id_capabilities" in hint[0].get("hx-include")


def test_the_hint_shows_the_entry_for_a_matching_name_with_or_without_marks(cast, entry, as_user):
    client = as_user(cast.staff_b)
    for name in (PROPOSAL, "Nang cap phan mem mot cua dien tu cap xa"):
        body = _hint(client, name).content.decode()
        assert "Mô hình đã có để tái sử dụng" in body and entry.code in body and ONE_STOP in body
        assert reverse("library:detail", args=[entry.pk]) in body
        assert reverse("library:reuse", args=[entry.pk]) in body and "Tái sử dụng mô hình" in body
        assert "“một cửa điện tử”" in body  # why


def test_the_hint_says_nothing_for_another_purpose(cast, entry, as_user):
    response = _hint(as_user(cast.staff_b), "Mua sắm máy tính cho văn phòng")
    assert response.status_code == 200 and response.content == b""
    assert _hint(as_user(cast.staff_b), "").content == b""


def test_the_hint_offers_reuse_only_to_those_who_may_start_it(cast, entry, as_user):
    body = _hint(as_user(cast.appraiser), PROPOSAL).content.decode()
    assert entry.code in body and reverse("library:reuse", args=[entry.pk]) not in body


def test_the_hint_needs_a_login(entry, client):
    response = _hint(client, PROPOSAL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_draft_entry_is_never_hinted(cast, units, practice_of, as_user):
    practice_of(cast.staff_a, units.skhcn, title=ONE_STOP, status=Status.DRAFT)
    assert _hint(as_user(cast.staff_a), PROPOSAL).content == b""


def test_another_tree_never_reads_unit_a_project_names_in_hints_or_related(cast, units, projects, practice_of,
                                                                             as_user):
    """The entry is linked to Sở KH&CN's land-records project; the ministry's users are shown the
    entry (published entries are for every tree), never the project's name or code."""
    linked = practice_of(cast.staff_a, units.skhcn, title="Cách làm của Sở Khoa học và Công nghệ năm 2024",
                         projects=[projects.a])
    near = practice_of(cast.staff_a, units.skhcn, title="Chuẩn hóa bản đồ địa chính", projects=[projects.a])
    mine = _hint(as_user(cast.staff_a), "Cơ sở dữ liệu đất đai cấp huyện").content.decode()
    assert linked.code in mine and projects.a.name in mine  # the overlap engine linked them
    for who in ("outsider", "outsider_staff", "staff_b"):
        client = as_user(getattr(cast, who))
        hint = _hint(client, "Cơ sở dữ liệu đất đai cấp huyện").content.decode()
        related = client.get(reverse("library:related", args=[linked.pk]))
        assert related.status_code == 200 and near.code in related.content.decode()
        for body in (hint, related.content.decode()):
            assert projects.a.name not in body and projects.a.code not in body, who


# ------------------------------------------------------------------- starting a reuse ----

def test_reuse_start_prefills_the_registration_form_from_the_entry(cast, units, entry, as_user):
    page = as_user(cast.staff_b).get(reverse("library:reuse", args=[entry.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["name"].value() == f"{ONE_STOP} (tái sử dụng mô hình {entry.code})"
    assert entry.problem in form["objectives"].value() and entry.solution in form["objectives"].value()
    assert form["capabilities"].value() == [Capability.objects.get(code="MOTCUA").pk]
    assert form["data_entities"].value() == [DataEntity.objects.get(code="HOSO-TTHC").pk]
    assert form["programme"].value() == programme().pk and form["investor_unit"].value() == units.syt.pk
    doc = lxml_html.fromstring(page.content.decode())
    banner = doc.xpath('//*[@data-testid="reuse-banner"]')[0].text_content()
    assert entry.code in banner and ONE_STOP in banner
    assert doc.xpath('//select[@name="investor_unit"]/option[@selected]/@value') == [str(units.syt.pk)]
    assert doc.xpath('//select[@name="capabilities"]/option[@selected]/text()') == [
        Capability.objects.get(code="MOTCUA").name]


def test_reuse_start_creates_the_project_and_the_link_counted_everywhere(cast, units, entry, as_user):
    client = as_user(cast.staff_b)
    response = client.post(reverse("library:reuse", args=[entry.pk]), _post_data(units.syt))
    project = Project.objects.get(name=f"{ONE_STOP} của Sở Y tế")
    assert response.status_code == 302 and response["Location"] == reverse("projects:detail", args=[project.pk])
    reuse = Reuse.objects.get()
    assert (reuse.practice, reuse.project, reuse.unit, reuse.created_by) == (entry, project, units.syt, cast.staff_b)
    assert project.investor_unit == units.syt and project.state == "proposed"
    assert AuditEvent.objects.filter(verb="library.reused", actor=cast.staff_b, target_id=entry.pk).exists()
    # the dashboard tile and its list
    tile = next(t for t in tiles.registered() if t.key == "library.reused")
    leader = as_user(cast.leader)
    assert tile.count(cast.leader, Filters(), TODAY) == 1
    assert listed(leader, tile.url(Filters(), TODAY)) == (1, 1)
    assert tile.count(cast.leader, Filters(unit=units.skhcn.pk), TODAY) == 0
    assert listed(leader, tile.url(Filters(unit=units.syt.pk), TODAY)) == (1, 1)
    assert tile.count(cast.outsider, Filters(), TODAY) == 0
    assert listed(as_user(cast.outsider), tile.url(Filters(), TODAY)) == (0, 0)
    # the entry's reuse box: the count for everyone, the proposal named to those who may read it
    for user, named in ((cast.staff_b, True), (cast.leader, True), (cast.staff_a, False),
                        (cast.outsider_staff, False)):
        box = _reuse_box(user, entry)
        assert box.xpath('//*[@data-testid="reuse-count"]')[0].text_content() == "1"
        assert (project.name in box.text_content()) is named, user.username
    assert _reuse_box(cast.staff_a, entry).xpath('//a[@data-testid="reuse-start"]')
    assert not _reuse_box(cast.leader, entry).xpath('//a[@data-testid="reuse-start"]')


def _reuse_box(user, practice):
    request = RequestFactory().get("/")
    request.user = user
    return lxml_html.fromstring(render_to_string("library/_reuse_box.html", {"practice": practice}, request=request))


@pytest.mark.parametrize("bad", [{"name": ""}, {"start_year": "năm nay"}, {"end_year": TODAY.year - 1},
                                 {"investor_unit": 999_999}, {"kind": "khác"}])
def test_a_bad_reuse_post_changes_nothing(cast, units, entry, as_user, bad):
    before = Project.objects.count()
    response = as_user(cast.staff_b).post(reverse("library:reuse", args=[entry.pk]), _post_data(units.syt, **bad))
    assert response.status_code == 400
    assert "Vui lòng sửa các ô được đánh dấu" in response.content.decode()
    assert Project.objects.count() == before and not Reuse.objects.exists()
    assert not AuditEvent.objects.filter(verb="library.reused").exists()


def test_reuse_is_refused_for_an_entry_not_published_and_for_other_roles(cast, units, entry, practice_of, as_user):
    draft = practice_of(cast.staff_a, units.skhcn, title="Một cửa điện tử cấp huyện", status=Status.DRAFT)
    client = as_user(cast.staff_a)
    assert client.get(reverse("library:reuse", args=[draft.pk])).status_code == 404
    assert client.post(reverse("library:reuse", args=[draft.pk]), _post_data(units.skhcn)).status_code == 404
    assert as_user(cast.staff_b).get(reverse("library:reuse", args=[draft.pk])).status_code == 404
    for who in ("appraiser", "leader", "inspector"):
        c = as_user(getattr(cast, who))
        assert c.get(reverse("library:reuse", args=[entry.pk])).status_code == 403, who
        assert c.post(reverse("library:reuse", args=[entry.pk]), _post_data(units.skhcn)).status_code == 403, who
    # withdrawn between opening the form and sending it
    services.withdraw(cast.appraiser, entry, "Không còn phù hợp.", expected_version=entry.version)
    assert as_user(cast.staff_b).post(reverse("library:reuse", args=[entry.pk]),
                                      _post_data(units.syt)).status_code == 404
    assert not Reuse.objects.exists() and not Project.objects.filter(name__startswith=ONE_STOP).exists()


def test_the_service_refuses_an_entry_no_longer_published(cast, units, entry):
    entry = services.withdraw(cast.appraiser, entry, "Không còn phù hợp.", expected_version=entry.version)
    with pytest.raises(ServiceError):
        start_reuse(cast.staff_b, entry, project_data(units.syt, name="Một cửa điện tử của Sở Y tế"))
    assert not Reuse.objects.exists() and not Project.objects.filter(name="Một cửa điện tử của Sở Y tế").exists()


# ------------------------------------------------------------------------ ranking ----

def test_the_reuse_criterion_is_each_units_share_of_new_proposals_reusing_a_model(cast, units, entry):
    plain_a = make_project(cast.staff_a, units.skhcn, name="Mua sắm máy tính cho văn phòng")
    reused_a = start_reuse(cast.staff_a, entry, project_data(units.skhcn, name="Một cửa điện tử cấp xã của Sở"))
    plain_b = make_project(cast.staff_b, units.syt, name="Bệnh án điện tử")
    last_year = make_project(cast.staff_b, units.syt, name="Phần mềm quản lý khám chữa bệnh")
    Project.objects.filter(pk=last_year.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    make_project(cast.outsider_staff, units.bo_vp, name="Phần mềm một cửa của Bộ")  # another tree
    ctx = Context.build(units.tinh, dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))
    measures = criteria.get("reuse").compute(ctx)
    a, b = measures[units.skhcn.pk], measures[units.syt.pk]
    assert (a.good, a.total, a.value) == (1, 2, 0.5)
    assert sorted(a.ids) == sorted([plain_a.pk, reused_a.pk]) and a.against == [plain_a.pk]
    assert (b.good, b.total, b.ids) == (0, 1, [plain_b.pk])
    assert set(measures) == {units.skhcn.pk, units.syt.pk}


def test_the_reuse_criterion_leaves_the_default_weights_at_100():
    rows = default_criteria()
    assert sum(r["weight"] for r in rows) == 100
    assert [r["weight"] for r in rows if r["code"] == "reuse"] == [0]
