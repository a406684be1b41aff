"""Results of a round: the distributions of the submitted answers, who reads which part (a lead
agency its group across units, a unit its own answers), free text grouped by similarity, the
lead agency's consolidation, and the cross-tab against the portfolio."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cds.projects.models import State
from cds.reviews import services as rs
from cds.reviews.models import Rating, Review, ReviewStatus
from cds.surveys import results
from cds.surveys.models import Question, SectionLead
from tests.directives.conftest import dv  # noqa: F401  (the fixture)
from tests.reviews.conftest import to_operation

from .results_world import answer_round

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _by_name(sections):
    return {q.question.name: q for s in sections for q in s.questions}


def _bars(res):
    return {b.code: b.count for b in res.bars}


def test_distributions_count_the_submitted_answers(cast, survey_round):
    world = answer_round(cast, survey_round, submit_b=False)
    view = results.viewer(cast.inspector, survey_round)
    assert view.across_units and len(view.sections) == 5
    only_a = _by_name(results.distributions(view))
    assert _bars(only_a["phap_ly_vuong"]) == {"co": 1, "khong": 0}   # B's draft is not counted
    from cds.surveys import services

    services.submit_response(cast.head_b, world.b)
    got = _by_name(results.distributions(view))
    assert got["phap_ly_vuong"].answered == 2 and _bars(got["phap_ly_vuong"]) == {"co": 1, "khong": 1}
    assert _bars(got["ha_tang_thiet_bi"]) == {"may_chu": 2, "mang": 1, "may_tram": 0}
    assert _bars(got["ha_tang_muc"]) == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0}
    assert got["so_can_bo"].stats["mean"] == 4 and got["so_can_bo"].stats["min"] == 3
    assert got["so_can_bo"].stats["max"] == 5
    assert got["an_ninh_ty_le"].shown_stats[0] == ("Trung bình", "81,25")
    assert got["an_ninh_ngay"].stats == {"first": dt.date(2024, 3, 15), "last": dt.date(2024, 3, 15)}
    rows = {label: {b.code: b.count for b in bars} for label, bars in got["du_lieu_csdl"].rows}
    assert rows == {"Dân cư": {"san_sang": 2, "dang_xay_dung": 0, "chua_co": 0},
                    "Đất đai": {"san_sang": 0, "dang_xay_dung": 1, "chua_co": 1}}
    assert got["phap_ly_mo_ta"].texts == 1 and got["phap_ly_mo_ta"].groups[0].size == 1
    assert got["ha_tang_thiet_bi"].bars[0].percent == 100


def test_distributions_take_a_constant_number_of_queries(cast, survey_round):
    answer_round(cast, survey_round)
    view = results.viewer(cast.inspector, survey_round)
    with CaptureQueriesContext(connection) as ctx:
        results.distributions(view)
    assert len(ctx.captured_queries) <= 12


def test_a_lead_agency_reads_its_group_across_units_and_a_unit_its_own_answers(cast, survey_round):
    world = answer_round(cast, survey_round)
    lead = results.viewer(cast.staff_a, survey_round)     # Sở KH&CN leads "Dữ liệu"
    assert [s.name for s in lead.sections] == ["du_lieu"] and lead.across_units
    got = _by_name(results.distributions(lead))
    assert set(got) == {"du_lieu_co_nghen", "du_lieu_ly_do", "du_lieu_csdl"}
    assert _bars(got["du_lieu_co_nghen"]) == {"co": 1, "khong": 1}
    unit = results.viewer(cast.head_b, survey_round)      # Sở Y tế leads nothing
    assert len(unit.sections) == 5 and not unit.across_units
    got = _by_name(results.distributions(unit))
    assert _bars(got["du_lieu_co_nghen"]) == {"co": 0, "khong": 1}
    assert _bars(got["phap_ly_vuong"]) == {"co": 0, "khong": 1}
    # pages: the lead agency's tabs are its group; another group of the round is 404 to it
    client = _client(cast.staff_a)
    page = client.get(reverse("surveys:results", args=[survey_round.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dữ liệu" in html and "Có điểm nghẽn về dữ liệu không?" in html
    assert "Đơn vị có vướng mắc về văn bản pháp lý không?" not in html
    url = reverse("surveys:results", args=[survey_round.pk])
    assert client.get(url, {"nhom": world.sections["phap_ly"].pk}).status_code == 404
    page = _client(cast.head_b).get(url, {"nhom": world.sections["phap_ly"].pk}).content.decode()
    assert "Sở Y tế" in page and "Sở Khoa học và Công nghệ</a>" not in page
    assert _client(cast.outsider).get(url).status_code == 404


def _client(user):
    from tests.conftest import login

    return login(user)


def test_free_text_answers_are_grouped_by_similarity():
    items = [(1, 1, "A", 1, "Chưa kết nối được cơ sở dữ liệu dân cư"),
             (2, 2, "B", 1, "Thiếu cán bộ chuyên trách công nghệ thông tin"),
             (3, 3, "C", 1, "Chưa kết nối cơ sở dữ liệu quốc gia về dân cư"),
             (4, 4, "D", 1, "..."),
             (5, 5, "E", 1, "Thiếu cán bộ chuyên trách CNTT")]
    groups = results.group_texts(items)
    assert [sorted(i[0] for i in g.items) for g in groups] == [[1, 3], [2, 5], [4]]
    assert results.group_texts(items) == groups          # deterministic
    assert groups[0].headline == "Chưa kết nối được cơ sở dữ liệu dân cư"


def test_the_page_shows_grouped_texts_with_a_bottleneck_link_and_saves_the_consolidation(cast, survey_round):
    world = answer_round(cast, survey_round)
    section = world.sections["du_lieu"]
    client = _client(cast.staff_a)
    url = reverse("surveys:results", args=[survey_round.pk])
    html = client.get(url).content.decode()
    link = f"{reverse('surveys:bottleneck_create')}?response={world.a.pk}&amp;section={section.pk}"
    assert "Chưa kết nối được cơ sở dữ liệu quốc gia về dân cư" in html and link in html
    assert "style=" not in html.split("<main", 1)[-1]
    lead = SectionLead.objects.get(round=survey_round, section=section)
    summary = reverse("surveys:summary", args=[survey_round.pk, section.pk])
    resp = client.post(summary, {"text": "Hai đơn vị; một đơn vị vướng kết nối CSDL dân cư.",
                                 "version": lead.version})
    assert resp.status_code == 302
    lead.refresh_from_db()
    assert lead.summary == "Hai đơn vị; một đơn vị vướng kết nối CSDL dân cư."
    stale = client.post(summary, {"text": "Bản cũ", "version": lead.version - 1})
    assert stale.status_code == 409 and "người khác cập nhật" in stale.content.decode()
    lead.refresh_from_db()
    assert lead.summary.startswith("Hai đơn vị")
    # Sở Y tế does not lead the group: refused, nothing saved
    other = _client(cast.staff_b).post(summary, {"text": "Không được", "version": lead.version})
    assert other.status_code in (403, 404)
    lead.refresh_from_db()
    assert lead.summary.startswith("Hai đơn vị")


@pytest.fixture
def portfolio(cast, units, projects, dv):  # noqa: F811
    """Sở KH&CN: its project paused *and* rated "chưa hiệu quả" (one project), its review late, a
    directive task overdue. Sở Y tế: its review sent on time, rated effective; its task not due."""
    a, b = to_operation(cast, projects.a), to_operation(cast, projects.b)
    campaign = rs.create_campaign(cast.appraiser, {
        "name": "Rà soát hiệu quả", "basis_number": "8826/UBND-VXNV", "basis_date": TODAY,
        "basis_issuer": "UBND tỉnh", "scope_states": ["implementing", "in_operation"],
        "started_until": dt.date(2030, 12, 31), "deadline": TODAY + dt.timedelta(days=10),
        "receiving_unit": units.skhcn})
    rs.open_campaign(cast.appraiser, campaign)
    # hand-built states (the workflows that lead there are tested in their apps)
    type(campaign).objects.filter(pk=campaign.pk).update(deadline=TODAY - dt.timedelta(days=5))
    Review.objects.filter(project=a).update(reviewer_rating=Rating.NOT_YET)
    Review.objects.filter(project=b).update(status=ReviewStatus.SUBMITTED, reviewer_rating=Rating.EFFECTIVE,
                                            submitted_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=9))
    type(a).objects.filter(pk=a.pk).update(state=State.PAUSED)
    return campaign


def test_cross_tab_compares_the_units_that_reported_a_bottleneck_with_the_others(cast, survey_round, portfolio):
    answer_round(cast, survey_round)
    view = results.viewer(cast.inspector, survey_round)
    questions = results.cross_questions(view)
    q, choice = results.default_cross(view, questions)
    assert (q.name, choice) == ("du_lieu_co_nghen", "co")
    with CaptureQueriesContext(connection) as ctx:
        tab = results.cross_tab(view, q, choice)
    assert len(ctx.captured_queries) <= 8
    assert [u.code for u in tab.yes_units] == ["T01-SKHCN"] and [u.code for u in tab.no_units] == ["T01-SYT"]
    rows = {r.key: r for r in tab.rows}
    paused = rows["paused_or_ineffective"]
    assert (len(paused.yes.units), paused.yes.total, paused.yes.percent) == (1, 1, 100)
    assert (len(paused.no.units), paused.no.total) == (0, 0)
    late = rows["reviews_late"]
    assert [u.code for u in late.yes.units] == ["T01-SKHCN"] and late.no.units == []
    overdue = rows["tasks_overdue"]
    assert overdue.yes.total == 1 and overdue.no.total == 0
    # the other way round: units answering "khong"
    tab = results.cross_tab(view, q, "khong")
    assert {r.key: len(r.yes.units) for r in tab.rows} == {"paused_or_ineffective": 0, "reviews_late": 0,
                                                           "tasks_overdue": 0}
    # on the page, chosen through the GET form
    html = _client(cast.inspector).get(reverse("surveys:results", args=[survey_round.pk]),
                                       {"cheo": f"{q.pk}:co"}).content.decode()
    assert 'data-testid="cross-tasks_overdue-yes">1/1<' in html


def test_unit_table_lists_the_key_answers(cast, survey_round):
    world = answer_round(cast, survey_round)
    view = results.viewer(cast.inspector, survey_round)
    keys = results.key_questions(world.sections["nguon_luc"])
    assert [q.name for q in keys] == ["so_can_bo"]
    rows = results.unit_table(view, view.submitted.order_by("unit__path"), keys)
    assert sorted((r.response.unit.code, r.cells[0]) for r in rows) == [("T01-SKHCN", "3"), ("T01-SYT", "5")]
    keys = results.key_questions(world.sections["du_lieu"])
    rows = results.unit_table(view, view.submitted.filter(pk=world.a.pk), keys)
    assert rows[0].cells == ["Có"]
    assert Question.objects.get(name="an_ninh_ty_le", form=survey_round.form).type == "decimal"
    assert Decimal("62.5") in {a.number for a in world.a.answers.all()}
