"""The heart of a survey: a version frozen once published, answers checked on the server (types,
constraints, skip logic, required answers) and maker ≠ checker at submission."""
import pytest
from django.core.exceptions import PermissionDenied

from cds.core.errors import MakerCheckerError, ServiceError
from cds.surveys import services
from cds.surveys.models import Answer, Response, ResponseStatus

from .conftest import sample_definition

GOOD = {"phap_ly_vuong": "khong", "du_lieu_co_nghen": "khong", "so_can_bo": "3",
        "ha_tang_thiet_bi": ["may_chu", "mang"], "du_lieu_csdl": {"dan_cu": "san_sang", "dat_dai": "chua_co"},
        "an_ninh_ngay": "15/03/2024", "an_ninh_ty_le": "62,5", "ha_tang_muc": "4"}


def test_published_version_is_frozen(cast, survey_form):
    with pytest.raises(ServiceError, match="đã ban hành"):
        services.update_version(cast.appraiser, survey_form, sample_definition())
    draft = services.new_version(cast.appraiser, survey_form)
    assert draft.number == 2 and not draft.is_published
    assert draft.questions.count() == survey_form.questions.count()


def test_broken_definition_refused(cast):
    bad = sample_definition()
    bad["questions"][1]["relevant"] = "${khong_co} = 'co'"
    bad["questions"][2]["type"] = "barcode"
    with pytest.raises(ServiceError) as exc:
        services.save_definition(cast.appraiser, bad)
    text = " ".join(exc.value.messages)
    assert "khong_co" in text and "barcode" in text


def test_skip_logic_hidden_answer_not_required_nor_stored(cast, survey_round):
    response = Response.objects.get(round=survey_round, unit=cast.staff_a.unit)
    raw = dict(GOOD, du_lieu_ly_do="Chưa kết nối CSDL dân cư")  # hidden: du_lieu_co_nghen = khong
    services.save_answers(cast.staff_a, response, raw)
    assert not Answer.objects.filter(response=response, question__name="du_lieu_ly_do").exists()
    assert Answer.objects.filter(response=response, question__name="ha_tang_thiet_bi").count() == 2
    services.submit_response(cast.head_a, response)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and not response.is_late


def test_visible_required_answer_missing_blocks_submission(cast, survey_round):
    response = Response.objects.get(round=survey_round, unit=cast.staff_a.unit)
    services.save_answers(cast.staff_a, response, dict(GOOD, du_lieu_co_nghen="co"))
    with pytest.raises(ServiceError) as exc:
        services.submit_response(cast.head_a, response)
    assert "du_lieu_ly_do" in exc.value.message_dict


def test_constraint_and_type_errors_change_nothing(cast, survey_round):
    response = Response.objects.get(round=survey_round, unit=cast.staff_a.unit)
    with pytest.raises(ServiceError) as exc:
        services.save_answers(cast.staff_a, response, dict(GOOD, so_can_bo="-1", an_ninh_ty_le="abc",
                                                           ha_tang_muc="9", phap_ly_vuong="co_the"))
    errors = exc.value.message_dict
    assert errors["so_can_bo"] == ["Số cán bộ không được âm."]
    assert set(errors) == {"so_can_bo", "an_ninh_ty_le", "ha_tang_muc", "phap_ly_vuong"}
    assert not Answer.objects.filter(response=response).exists()


def test_maker_is_not_checker_and_scope(cast, survey_round):
    response = Response.objects.get(round=survey_round, unit=cast.staff_a.unit)
    services.save_answers(cast.head_a, response, GOOD)
    with pytest.raises(MakerCheckerError):
        services.submit_response(cast.head_a, response)
    with pytest.raises(PermissionDenied):
        services.save_answers(cast.staff_b, response, GOOD)
    with pytest.raises(PermissionDenied):
        services.submit_response(cast.staff_a, response)
