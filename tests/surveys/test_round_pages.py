"""Survey rounds and answering in the browser's dialect (form POSTs): the CĐS authority lays out
and sends a round, a unit's staff fills its response, the head submits it (not the one who filled
it), a lead agency returns it with a comment the unit then reads; what each role may open."""
import datetime as dt

import pytest
from django.urls import reverse

from cds.surveys.models import Answer, Response, ResponseStatus, Round, RoundStatus
from tests.appraisal.conftest import pdf
from tests.conftest import login

GOOD_POST = {
    "q_phap_ly_vuong": "khong", "q_ha_tang_muc": "4", "q_ha_tang_thiet_bi": ["may_chu", "mang"],
    "q_du_lieu_co_nghen": "khong", "q_du_lieu_csdl__dan_cu": "san_sang", "q_du_lieu_csdl__dat_dai": "chua_co",
    "q_an_ninh_ngay": "15/03/2024", "q_an_ninh_ty_le": "62,5", "q_so_can_bo": "3",
}


def _sections(form):
    return {s.name: s for s in form.sections.all()}


def _response(rnd, unit):
    return Response.objects.get(round=rnd, unit=unit)


def test_the_authority_lays_out_and_sends_a_round(cast, units, survey_form):
    client = login(cast.appraiser)
    page = client.get(reverse("surveys:round_create"))
    assert page.status_code == 200
    text = page.content.decode()
    sections = _sections(survey_form)
    assert f'name="lead_{sections["du_lieu"].pk}"' in text and "Dữ liệu" in text   # one row per section
    deadline = dt.date.today() + dt.timedelta(days=15)
    data = {"name": "Khảo sát điểm nghẽn 2024", "basis_number": "1470/UBND-NC", "basis_date": "20/05/2024",
            "deadline": deadline.strftime("%d/%m/%Y"), "coordinator": units.thanhtra.pk,
            f"lead_{sections['du_lieu'].pk}": units.skhcn.pk, f"lead_{sections['phap_ly'].pk}": units.thanhtra.pk,
            f"co_{sections['du_lieu'].pk}": units.syt.pk}
    created = client.post(reverse("surveys:round_create") + f"?form={survey_form.pk}", data)
    assert created.status_code == 302, created.content.decode()[:3000]
    rnd = Round.objects.get(name="Khảo sát điểm nghẽn 2024")
    assert rnd.status == RoundStatus.DRAFT and rnd.deadline == deadline
    assert {(lead.section.name, lead.lead_unit_id, lead.co_unit_id) for lead in rnd.leads.all()} == {
        ("du_lieu", units.skhcn.pk, units.syt.pk), ("phap_ly", units.thanhtra.pk, None)}

    confirm = client.get(reverse("surveys:round_open", args=[rnd.pk]))
    assert 'data-testid="scope-count">3<' in confirm.content.decode()     # Sở KH&CN, Sở Y tế, Thanh tra
    assert client.post(reverse("surveys:round_open", args=[rnd.pk])).status_code == 302
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.OPEN and rnd.responses.count() == 3
    detail = client.get(reverse("surveys:round", args=[rnd.pk])).content.decode()
    assert "1470/UBND-NC" in detail and deadline.strftime("%d/%m/%Y") in detail
    assert detail.count('data-testid="unit-row"') == 3

    # the unit sees its own response on the index, with a "Trả lời" button
    index = login(cast.staff_a).get(reverse("surveys:index")).content.decode()
    assert "Khảo sát điểm nghẽn 2024" in index and "Trả lời" in index


def test_round_form_bad_input_and_stale_version(cast, units, survey_round):
    client = login(cast.appraiser)
    bad = client.post(reverse("surveys:round_create") + f"?form={survey_round.form_id}",
                      {"name": "", "deadline": "31/02/2024", "coordinator": ""})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Chưa nhập tên đợt khảo sát." in text and "Chưa chọn đơn vị tổng hợp chung." in text
    assert "dd/mm/yyyy" in text
    assert Round.objects.count() == 1
    url = reverse("surveys:round_edit", args=[survey_round.pk])
    data = {"name": "Tên mới", "deadline": survey_round.deadline.strftime("%d/%m/%Y"),
            "coordinator": units.thanhtra.pk, "version": survey_round.version - 1}
    stale = client.post(url, data)
    assert stale.status_code == 409
    survey_round.refresh_from_db()
    assert survey_round.name != "Tên mới"
    data["version"] = survey_round.version
    assert client.post(url, data).status_code == 302
    survey_round.refresh_from_db()
    assert survey_round.name == "Tên mới"


def test_staff_fills_head_submits_lead_returns_unit_reads_the_comment(cast, units, survey_round):
    response = _response(survey_round, units.syt)
    url = reverse("surveys:response", args=[response.pk])
    staff = login(cast.staff_b)
    page = staff.get(url).content.decode()
    for name in ("q_phap_ly_vuong", "q_ha_tang_thiet_bi", "q_du_lieu_csdl__dan_cu", "q_an_ninh_ngay",
                 "q_nguon_luc_tep", "q_ha_tang_muc"):
        assert f'name="{name}"' in page
    assert 'data-relevant="' in page              # the skip rule travels to the browser
    saved = staff.post(url, dict(GOOD_POST, version=response.version, q_nguon_luc_tep=pdf("ke-hoach.pdf")))
    assert saved.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT and response.prepared_by == cast.staff_b
    assert Answer.objects.filter(response=response, question__name="ha_tang_thiet_bi").count() == 2
    assert Answer.objects.get(response=response, question__name="an_ninh_ty_le").number == 62.5
    file_answer = Answer.objects.get(response=response, question__name="nguon_luc_tep")

    # saved again without a new file: the stored one is kept
    assert staff.post(url, dict(GOOD_POST, version=response.version)).status_code == 302
    kept = Answer.objects.get(response=response, question__name="nguon_luc_tep")
    assert kept.file.name == file_answer.file.name

    head = login(cast.head_b)
    assert head.get(reverse("surveys:answer_file", args=[response.pk, kept.pk])).status_code == 200
    submitted = head.post(reverse("surveys:response_submit", args=[response.pk]), {"version": response.version + 1})
    assert submitted.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_by == cast.head_b
    readonly = staff.get(url).content.decode()
    assert 'data-testid="answer-form"' not in readonly and "Máy chủ; Thiết bị mạng" in readonly

    # Sở KH&CN leads the data group: it returns the response on that group with a comment
    du_lieu = _sections(survey_round.form)["du_lieu"]
    lead = login(cast.staff_a)
    assert 'data-testid="return-box"' in lead.get(url).content.decode()
    empty = lead.post(reverse("surveys:response_return", args=[response.pk]), {"section": du_lieu.pk, "comment": ""})
    assert empty.status_code == 400 and "Chưa nhập ý kiến khi trả lại." in empty.content.decode()
    returned = lead.post(reverse("surveys:response_return", args=[response.pk]),
                         {"section": du_lieu.pk, "comment": "Bổ sung mức sẵn sàng CSDL đất đai."})
    assert returned.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.RETURNED
    back = staff.get(url).content.decode()
    assert "Bổ sung mức sẵn sàng CSDL đất đai." in back and 'data-testid="answer-form"' in back


def test_the_head_who_filled_it_cannot_send_it(cast, units, survey_round):
    response = _response(survey_round, units.skhcn)
    head = login(cast.head_a)
    url = reverse("surveys:response", args=[response.pk])
    assert head.post(url, GOOD_POST).status_code == 302
    page = head.get(url).content.decode()
    assert 'data-testid="maker-checker"' in page and "không được đồng thời là người gửi phiếu" in page
    refused = head.post(reverse("surveys:response_submit", args=[response.pk]), {})
    assert refused.status_code == 400
    assert "không được đồng thời là người gửi phiếu" in refused.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT


def test_a_hidden_answer_posted_is_not_stored(cast, units, survey_round):
    response = _response(survey_round, units.skhcn)
    post = dict(GOOD_POST, q_du_lieu_ly_do="Chưa kết nối CSDL dân cư")   # hidden: du_lieu_co_nghen = khong
    assert login(cast.staff_a).post(reverse("surveys:response", args=[response.pk]), post).status_code == 302
    assert Answer.objects.filter(response=response).exists()
    assert not Answer.objects.filter(response=response, question__name="du_lieu_ly_do").exists()


def test_bad_answers_are_named_beside_each_question_and_nothing_is_saved(cast, units, survey_round):
    response = _response(survey_round, units.skhcn)
    bad = dict(GOOD_POST, q_so_can_bo="-1", q_an_ninh_ty_le="abc", q_an_ninh_ngay="31/02/2024",
               q_ha_tang_muc="9", q_phap_ly_vuong="co_the")
    page = login(cast.staff_a).post(reverse("surveys:response", args=[response.pk]), bad)
    assert page.status_code == 400
    text = page.content.decode()
    for name, message in (("so_can_bo", "Số cán bộ không được âm."), ("an_ninh_ty_le", "Phải là một số."),
                          ("an_ninh_ngay", "dd/mm/yyyy"), ("ha_tang_muc", "Phải từ 1 đến 5."),
                          ("phap_ly_vuong", "không có trong danh sách")):
        start = text.index(f'data-testid="error-{name}"')
        assert message in text[start:start + 300], name
    assert 'value="-1"' in text                    # what was typed is kept
    assert not Answer.objects.filter(response=response).exists()
    # missing required answers are named at submission
    login(cast.staff_a).post(reverse("surveys:response", args=[response.pk]), {"q_ha_tang_muc": "3"})
    refused = login(cast.head_a).post(reverse("surveys:response_submit", args=[response.pk]), {})
    assert refused.status_code == 400
    assert "Số cán bộ chuyên trách CNTT: Câu hỏi bắt buộc, chưa trả lời." in refused.content.decode()


def test_who_opens_which_response(cast, units, survey_round):
    mine = _response(survey_round, units.skhcn)
    theirs = _response(survey_round, units.syt)
    login(cast.staff_a).post(reverse("surveys:response", args=[mine.pk]), GOOD_POST)
    login(cast.staff_b).post(reverse("surveys:response", args=[theirs.pk]), GOOD_POST)
    # unit B cannot open unit A's response, nor its answers' files
    assert login(cast.staff_b).get(reverse("surveys:response", args=[mine.pk])).status_code == 404
    assert login(cast.staff_b).post(reverse("surveys:response", args=[mine.pk]), GOOD_POST).status_code == 404
    # Sở KH&CN leads only the data group: of Sở Y tế's response it sees that group only
    page = login(cast.staff_a).get(reverse("surveys:response", args=[theirs.pk])).content.decode()
    assert 'data-testid="section-du_lieu"' in page and 'data-testid="section-phap_ly"' not in page
    assert 'data-testid="answer-form"' not in page
    assert login(cast.staff_a).post(reverse("surveys:response", args=[theirs.pk]), GOOD_POST).status_code == 403
    # the inspector reads everything, changes nothing
    inspector = login(cast.inspector)
    page = inspector.get(reverse("surveys:response", args=[theirs.pk])).content.decode()
    assert 'data-testid="section-phap_ly"' in page and 'data-testid="answer-form"' not in page
    assert inspector.post(reverse("surveys:response", args=[theirs.pk]), GOOD_POST).status_code == 403
    assert login(cast.outsider).get(reverse("surveys:round", args=[survey_round.pk])).status_code == 404


def test_round_page_marks_late_units_and_filters(cast, units, survey_round):
    Round.objects.filter(pk=survey_round.pk).update(deadline=dt.date.today() - dt.timedelta(days=2))
    client = login(cast.appraiser)
    page = client.get(reverse("surveys:round", args=[survey_round.pk])).content.decode()
    assert page.count('data-testid="late-flag"') == 2
    response = _response(survey_round, units.skhcn)
    login(cast.staff_a).post(reverse("surveys:response", args=[response.pk]), GOOD_POST)
    submitted = client.get(reverse("surveys:round", args=[survey_round.pk]), {"status": "draft"}).content.decode()
    assert submitted.count('data-testid="unit-row"') == 1 and units.skhcn.name in submitted


@pytest.mark.parametrize("extra", [0, 6])
def test_round_page_queries_do_not_grow_with_units(cast, units, survey_round, django_assert_max_num_queries,
                                                   extra):
    from tests.factories import make_unit

    more = [make_unit(f"T01-X{i}", f"Phòng thử {i}", parent=units.tinh) for i in range(extra)]
    Response.objects.bulk_create([Response(round=survey_round, unit=u, form=survey_round.form) for u in more])
    client = login(cast.appraiser)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("surveys:round", args=[survey_round.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("surveys:index")).status_code == 200
    response = _response(survey_round, units.skhcn)
    login(cast.staff_a).post(reverse("surveys:response", args=[response.pk]), GOOD_POST)
    with django_assert_max_num_queries(25):    # the version's sections, questions, choices, answers, returns
        assert client.get(reverse("surveys:response", args=[response.pk])).status_code == 200


def test_new_round_defaults_follow_cong_van_1470(cast, units, survey_form):
    from cds.orgs.models import UnitKind
    from tests.factories import make_unit

    police = make_unit("T01-CA", "Công an tỉnh", parent=units.tinh, kind=UnitKind.POLICE)
    office = make_unit("T01-VP", "Văn phòng UBND tỉnh", parent=units.tinh)
    interior = make_unit("T01-SNV", "Sở Nội vụ", parent=units.tinh)
    finance = make_unit("T01-STC", "Sở Tài chính", parent=units.tinh)
    form = login(cast.appraiser).get(reverse("surveys:round_create")).context["form"]
    sections = _sections(survey_form)
    assert form["coordinator"].value() == police.pk
    assert form[f"lead_{sections['phap_ly'].pk}"].value() == office.pk
    assert form[f"lead_{sections['du_lieu'].pk}"].value() == units.skhcn.pk
    assert form[f"lead_{sections['an_ninh'].pk}"].value() == units.skhcn.pk
    assert form[f"lead_{sections['nguon_luc'].pk}"].value() == interior.pk
    assert form[f"co_{sections['nguon_luc'].pk}"].value() == finance.pk


def test_a_sent_response_with_no_sender_recorded_still_opens(cast, units, survey_round):
    """``submitted_by`` may be empty (a response recorded as sent by a bulk entry): the page says
    when it was sent, without a name, instead of failing."""
    from django.utils import timezone

    response = _response(survey_round, units.syt)
    Response.objects.filter(pk=response.pk).update(status=ResponseStatus.SUBMITTED, submitted_at=timezone.now(),
                                                   submitted_by=None)
    page = login(cast.staff_b).get(reverse("surveys:response", args=[response.pk]))
    assert page.status_code == 200 and "Gửi ngày" in page.content.decode()
