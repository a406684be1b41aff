"""A published questionnaire and an open round over the test province, shared by the survey tests.

The form has the five groups; ``du_lieu`` (data) is led by Sở KH&CN, ``phap_ly`` (legal) by
Thanh tra tỉnh, which also coordinates the round. Questions cover every type, a skip rule
(``du_lieu_ly_do`` only when ``du_lieu_co_nghen`` = co) and a constraint (``so_can_bo`` ≥ 0).
"""
import datetime as dt

import pytest

from cds.surveys import services
from cds.surveys.models import GroupKind


def q(name, type_, label, section, **kw):
    base = {"name": name, "type": type_, "label": label, "hint": "", "required": False, "relevant": "",
            "constraint": "", "constraint_message": "", "list_name": "", "rows": [], "scale_min": None,
            "scale_max": None, "section": section}
    base.update(kw)
    return base


def sample_definition():
    return {
        "title": "Khảo sát điểm nghẽn CĐS năm 2024", "form_id": "diem_nghen_2024", "version_label": "2024.1",
        "sections": [
            {"name": "phap_ly", "label": "Pháp lý", "group": GroupKind.LEGAL, "relevant": ""},
            {"name": "ha_tang", "label": "Hạ tầng công nghệ", "group": GroupKind.INFRASTRUCTURE, "relevant": ""},
            {"name": "du_lieu", "label": "Dữ liệu", "group": GroupKind.DATA, "relevant": ""},
            {"name": "an_ninh", "label": "An ninh, an toàn, bảo mật", "group": GroupKind.SECURITY, "relevant": ""},
            {"name": "nguon_luc", "label": "Nguồn lực triển khai", "group": GroupKind.RESOURCES, "relevant": ""},
        ],
        "questions": [
            q("phap_ly_vuong", "select_one", "Đơn vị có vướng mắc về văn bản pháp lý không?", "phap_ly",
              list_name="co_khong", required=True),
            q("phap_ly_mo_ta", "text", "Mô tả vướng mắc pháp lý", "phap_ly",
              relevant="${phap_ly_vuong} = 'co'"),
            q("ha_tang_muc", "scale", "Mức đáp ứng của hạ tầng (1–5)", "ha_tang", scale_min=1, scale_max=5),
            q("ha_tang_thiet_bi", "select_multiple", "Thiết bị còn thiếu", "ha_tang", list_name="thiet_bi"),
            q("du_lieu_co_nghen", "select_one", "Có điểm nghẽn về dữ liệu không?", "du_lieu",
              list_name="co_khong", required=True),
            q("du_lieu_ly_do", "text", "Lý do điểm nghẽn dữ liệu", "du_lieu", required=True,
              relevant="${du_lieu_co_nghen} = 'co'"),
            q("du_lieu_csdl", "matrix", "Mức sẵn sàng của các cơ sở dữ liệu", "du_lieu", list_name="muc_do",
              rows=[{"name": "dan_cu", "label": "Dân cư"}, {"name": "dat_dai", "label": "Đất đai"}]),
            q("an_ninh_ngay", "date", "Ngày phê duyệt hồ sơ cấp độ gần nhất", "an_ninh"),
            q("an_ninh_ty_le", "decimal", "Tỷ lệ hệ thống đã phê duyệt cấp độ (%)", "an_ninh",
              constraint=". >= 0 and . <= 100", constraint_message="Tỷ lệ phải từ 0 đến 100."),
            q("so_can_bo", "integer", "Số cán bộ chuyên trách CNTT", "nguon_luc", required=True,
              constraint=". >= 0", constraint_message="Số cán bộ không được âm."),
            q("nguon_luc_tep", "file", "Tệp kế hoạch nhân lực", "nguon_luc"),
        ],
        "choices": [
            {"list_name": "co_khong", "name": "co", "label": "Có"},
            {"list_name": "co_khong", "name": "khong", "label": "Không"},
            {"list_name": "thiet_bi", "name": "may_chu", "label": "Máy chủ"},
            {"list_name": "thiet_bi", "name": "mang", "label": "Thiết bị mạng"},
            {"list_name": "thiet_bi", "name": "may_tram", "label": "Máy trạm"},
            {"list_name": "muc_do", "name": "san_sang", "label": "Sẵn sàng"},
            {"list_name": "muc_do", "name": "dang_xay_dung", "label": "Đang xây dựng"},
            {"list_name": "muc_do", "name": "chua_co", "label": "Chưa có"},
        ],
    }


@pytest.fixture
def survey_form(cast):
    fv = services.save_definition(cast.appraiser, sample_definition())
    return services.publish_version(cast.appraiser, fv)


@pytest.fixture
def survey_round(cast, units, survey_form):
    sections = {s.name: s for s in survey_form.sections.all()}
    rnd = services.create_round(cast.appraiser, {
        "name": "Khảo sát điểm nghẽn 2024", "form": survey_form, "deadline": dt.date.today() + dt.timedelta(days=10),
        "coordinator": units.thanhtra, "basis_number": "1470/UBND-NC", "basis_date": dt.date(2024, 5, 20),
        "leads": {sections["du_lieu"].pk: (units.skhcn, None), sections["phap_ly"].pk: (units.thanhtra, None)},
    })
    return services.open_round(cast.appraiser, rnd, units=[units.skhcn, units.syt])
