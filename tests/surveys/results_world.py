"""A round with both units' answers submitted, shared by the results, outputs and API tests."""
from types import SimpleNamespace

from cds.surveys import services
from cds.surveys.models import Response

A_ANSWERS = {"phap_ly_vuong": "co", "phap_ly_mo_ta": "Chưa có hướng dẫn kết nối cơ sở dữ liệu dân cư",
             "ha_tang_muc": "4", "ha_tang_thiet_bi": ["may_chu", "mang"], "du_lieu_co_nghen": "co",
             "du_lieu_ly_do": "Chưa kết nối được cơ sở dữ liệu quốc gia về dân cư",
             "du_lieu_csdl": {"dan_cu": "san_sang", "dat_dai": "chua_co"}, "an_ninh_ngay": "15/03/2024",
             "an_ninh_ty_le": "62,5", "so_can_bo": "3"}
B_ANSWERS = {"phap_ly_vuong": "khong", "ha_tang_muc": "2", "ha_tang_thiet_bi": ["may_chu"],
             "du_lieu_co_nghen": "khong", "du_lieu_csdl": {"dan_cu": "san_sang", "dat_dai": "dang_xay_dung"},
             "an_ninh_ty_le": "100", "so_can_bo": "5"}


def answer_round(cast, rnd, *, submit_b=True):
    """Sở KH&CN (A) and Sở Y tế (B) answer; A submits, B submits unless ``submit_b`` is False."""
    a = Response.objects.get(round=rnd, unit=cast.staff_a.unit)
    b = Response.objects.get(round=rnd, unit=cast.staff_b.unit)
    services.save_answers(cast.staff_a, a, A_ANSWERS)
    services.submit_response(cast.head_a, a)
    services.save_answers(cast.staff_b, b, B_ANSWERS)
    if submit_b:
        services.submit_response(cast.head_b, b)
    sections = {s.name: s for s in rnd.form.sections.all()}
    return SimpleNamespace(a=a, b=b, sections=sections)
