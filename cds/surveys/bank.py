"""Question banks: ready-made definitions (the format of :mod:`cds.surveys.services.forms`) a CĐS
authority starts from instead of a blank form.

:func:`bottleneck_definition` is the survey of Công văn số 1470/UBND-NC ngày 22/4/2024 of UBND
tỉnh: each department and district assesses itself in the five problem groups (pháp lý, hạ tầng
công nghệ, dữ liệu, an ninh an toàn bảo mật, nguồn lực triển khai) of the Đề án 06 work
(Quyết định số 06/QĐ-TTg ngày 06/01/2022). Field names are stable — results, exports and the
portfolio cross-tab read them (``du_lieu_co_nghen``, ``nguon_luc_thieu_nhan_luc`` …) — so a
change of wording keeps the name.
"""
from __future__ import annotations

from .models import GroupKind, QuestionType

T = QuestionType

SECTIONS = [
    ("phap_ly", "Nhóm 1. Pháp lý", GroupKind.LEGAL),
    ("ha_tang", "Nhóm 2. Hạ tầng công nghệ", GroupKind.INFRASTRUCTURE),
    ("du_lieu", "Nhóm 3. Dữ liệu", GroupKind.DATA),
    ("an_ninh", "Nhóm 4. An ninh, an toàn, bảo mật", GroupKind.SECURITY),
    ("nguon_luc", "Nhóm 5. Nguồn lực triển khai", GroupKind.RESOURCES),
]

CHOICES = {
    "co_khong": [("co", "Có"), ("khong", "Không")],
    "loai_van_ban": [
        ("luat_nghi_dinh", "Luật, nghị định của Chính phủ"),
        ("thong_tu", "Thông tư, hướng dẫn của bộ, ngành"),
        ("van_ban_tinh", "Nghị quyết, quyết định của tỉnh"),
        ("quy_trinh_noi_bo", "Quy chế, quy trình nội bộ của đơn vị"),
        ("huong_dan_ky_thuat", "Hướng dẫn kỹ thuật kết nối, chia sẻ dữ liệu"),
    ],
    "ha_tang_thieu": [
        ("may_chu", "Máy chủ, thiết bị lưu trữ"),
        ("mang_csd", "Mạng truyền số liệu chuyên dùng"),
        ("internet", "Đường truyền Internet"),
        ("may_tram", "Máy trạm, máy quét"),
        ("ky_so", "Thiết bị ký số, chứng thư số"),
        ("camera", "Camera, thiết bị đầu cuối phục vụ Đề án 06"),
    ],
    "muc_san_sang": [
        ("san_sang", "Đã sẵn sàng, đang khai thác"),
        ("dang_ket_noi", "Đang kết nối, làm sạch"),
        ("chua_co", "Chưa có"),
        ("khong_ap_dung", "Không áp dụng"),
    ],
    "loai_du_lieu": [
        ("dan_cu", "Dân cư"),
        ("ho_tich", "Hộ tịch"),
        ("dat_dai", "Đất đai"),
        ("doanh_nghiep", "Doanh nghiệp, hộ kinh doanh"),
        ("bao_hiem", "Bảo hiểm, an sinh xã hội"),
        ("y_te_giao_duc", "Y tế, giáo dục"),
    ],
    "cap_do": [("cap_1", "Cấp độ 1"), ("cap_2", "Cấp độ 2"), ("cap_3", "Cấp độ 3"), ("cap_4", "Cấp độ 4"),
               ("cap_5", "Cấp độ 5")],
    "nguon_kinh_phi": [
        ("nsdp_dau_tu", "Ngân sách địa phương — vốn đầu tư công"),
        ("nsdp_thuong_xuyen", "Ngân sách địa phương — chi thường xuyên"),
        ("nstw", "Ngân sách trung ương hỗ trợ"),
        ("xa_hoi_hoa", "Xã hội hóa, doanh nghiệp hỗ trợ"),
        ("chua_bo_tri", "Chưa được bố trí kinh phí"),
    ],
}

MATRIX_ROWS = [
    ("dan_cu", "CSDL quốc gia về dân cư"),
    ("ho_tich", "CSDL hộ tịch điện tử"),
    ("dat_dai", "CSDL đất đai"),
    ("doanh_nghiep", "CSDL quốc gia về đăng ký doanh nghiệp"),
    ("bao_hiem", "CSDL quốc gia về bảo hiểm"),
    ("chuyen_nganh", "CSDL chuyên ngành của đơn vị"),
]

CO = "${%s} = 'co'"


def _q(name, type_, label, section, **kw) -> dict:
    question = {"name": name, "type": type_, "label": label, "hint": "", "required": False, "relevant": "",
                "constraint": "", "constraint_message": "", "list_name": "", "rows": [], "scale_min": None,
                "scale_max": None, "section": section}
    question.update(kw)
    return question


def _legal() -> list[dict]:
    s = "phap_ly"
    return [
        _q("phap_ly_gioi_thieu", T.NOTE, "Thực hiện Công văn số 1470/UBND-NC ngày 22/4/2024 của UBND tỉnh, đề nghị "
           "thủ trưởng đơn vị chỉ đạo khảo sát, đánh giá thực trạng theo 05 nhóm vấn đề; lãnh đạo đơn vị kiểm tra "
           "và gửi phiếu.", s),
        _q("phap_ly_co_vuong", T.SELECT_ONE, "Đơn vị có vướng mắc do văn bản quy phạm pháp luật, văn bản hướng dẫn "
           "chưa phù hợp, chưa đồng bộ với yêu cầu của Đề án 06 không?", s, list_name="co_khong", required=True),
        _q("phap_ly_loai_van_ban", T.SELECT_MULTIPLE, "Vướng mắc ở loại văn bản nào?", s, list_name="loai_van_ban",
           required=True, relevant=CO % "phap_ly_co_vuong"),
        _q("phap_ly_mo_ta", T.TEXT, "Nêu cụ thể văn bản, điều khoản chưa phù hợp và đề xuất sửa đổi, bổ sung", s,
           required=True, relevant=CO % "phap_ly_co_vuong",
           hint="Ghi số, ký hiệu văn bản; nội dung vướng mắc; đề xuất cấp có thẩm quyền xử lý."),
        _q("phap_ly_so_tthc", T.INTEGER, "Số thủ tục hành chính thuộc thẩm quyền giải quyết của đơn vị", s,
           required=True, constraint=". >= 0", constraint_message="Số thủ tục hành chính không được âm."),
        _q("phap_ly_tthc_chua_so_hoa", T.INTEGER, "Trong đó, số thủ tục hành chính chưa được số hóa hồ sơ, kết quả "
           "giải quyết", s, constraint=". >= 0 and . <= ${phap_ly_so_tthc}",
           constraint_message="Số thủ tục chưa số hóa phải từ 0 đến tổng số thủ tục hành chính của đơn vị."),
        _q("phap_ly_quy_che", T.SELECT_ONE, "Đơn vị đã ban hành quy chế khai thác, sử dụng dữ liệu dân cư phục vụ "
           "giải quyết thủ tục hành chính chưa?", s, list_name="co_khong"),
    ]


def _infrastructure() -> list[dict]:
    s = "ha_tang"
    return [
        _q("ha_tang_muc_dap_ung", T.SCALE, "Mức độ đáp ứng của hạ tầng mạng, máy chủ, máy trạm cho các nhiệm vụ "
           "Đề án 06 (1 = rất kém, 5 = đáp ứng tốt)", s, required=True, scale_min=1, scale_max=5),
        _q("ha_tang_thieu", T.SELECT_MULTIPLE, "Hạ tầng, thiết bị còn thiếu hoặc đã xuống cấp", s,
           list_name="ha_tang_thieu"),
        _q("ha_tang_mang_csd", T.SELECT_ONE, "Mạng truyền số liệu chuyên dùng đã kết nối đến 100% đơn vị trực "
           "thuộc chưa?", s, list_name="co_khong", required=True),
        _q("ha_tang_may_tram_cu", T.INTEGER, "Số máy trạm đã sử dụng trên 05 năm", s, constraint=". >= 0",
           constraint_message="Số máy trạm không được âm."),
        _q("ha_tang_bang_thong", T.DECIMAL, "Băng thông đường truyền Internet hiện có (Mbps)", s,
           constraint=". > 0 and . <= 100000", constraint_message="Băng thông phải lớn hơn 0 và không quá 100.000 Mbps."),
        _q("ha_tang_kho_khan", T.TEXT, "Khó khăn, vướng mắc về hạ tầng công nghệ", s,
           relevant="${ha_tang_muc_dap_ung} <= 3"),
    ]


def _data() -> list[dict]:
    s = "du_lieu"
    return [
        _q("du_lieu_ket_noi_dan_cu", T.SELECT_ONE, "Hệ thống giải quyết thủ tục hành chính của đơn vị đã kết nối, "
           "khai thác Cơ sở dữ liệu quốc gia về dân cư chưa?", s, list_name="co_khong", required=True),
        _q("du_lieu_san_sang", T.MATRIX, "Mức độ sẵn sàng kết nối, khai thác của các cơ sở dữ liệu", s,
           list_name="muc_san_sang", required=True, rows=[{"name": n, "label": lbl} for n, lbl in MATRIX_ROWS]),
        _q("du_lieu_co_nghen", T.SELECT_ONE, "Dữ liệu do đơn vị quản lý có chỗ chưa bảo đảm “đúng, đủ, sạch, sống” "
           "(điểm nghẽn về dữ liệu) không?", s, list_name="co_khong", required=True),
        _q("du_lieu_loai_chua_sach", T.SELECT_MULTIPLE, "Nhóm dữ liệu chưa bảo đảm “đúng, đủ, sạch, sống”", s,
           list_name="loai_du_lieu", required=True, relevant=CO % "du_lieu_co_nghen"),
        _q("du_lieu_ty_le_so_hoa", T.DECIMAL, "Tỷ lệ hồ sơ thủ tục hành chính được số hóa, tái sử dụng dữ liệu (%)", s,
           constraint=". >= 0 and . <= 100", constraint_message="Tỷ lệ phải từ 0 đến 100."),
        _q("du_lieu_ly_do", T.TEXT, "Nguyên nhân và đề xuất tháo gỡ điểm nghẽn về dữ liệu", s, required=True,
           relevant=CO % "du_lieu_co_nghen"),
    ]


def _security() -> list[dict]:
    s = "an_ninh"
    approved = "${an_ninh_da_phe_duyet} > 0"
    return [
        _q("an_ninh_so_httt", T.INTEGER, "Số hệ thống thông tin đơn vị đang quản lý, vận hành", s, required=True,
           constraint=". >= 0", constraint_message="Số hệ thống không được âm."),
        _q("an_ninh_da_phe_duyet", T.INTEGER, "Số hệ thống đã được phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống "
           "thông tin", s, required=True, constraint=". >= 0 and . <= ${an_ninh_so_httt}",
           constraint_message="Số hệ thống đã phê duyệt cấp độ không được vượt tổng số hệ thống."),
        _q("an_ninh_ngay_phe_duyet", T.DATE, "Ngày phê duyệt hồ sơ cấp độ gần nhất", s, relevant=approved),
        _q("an_ninh_cap_do", T.SELECT_ONE, "Cấp độ cao nhất đã được phê duyệt", s, list_name="cap_do",
           relevant=approved),
        _q("an_ninh_giam_sat", T.SELECT_ONE, "Các hệ thống đã được kết nối giám sát an toàn thông tin với Trung tâm "
           "giám sát (SOC) của tỉnh chưa?", s, list_name="co_khong", required=True),
        _q("an_ninh_nhan_thuc", T.SCALE, "Nhận thức, kỹ năng bảo đảm an toàn thông tin của cán bộ, công chức "
           "(1 = rất thấp, 5 = tốt)", s, scale_min=1, scale_max=5),
        _q("an_ninh_ho_so", T.FILE, "Quyết định phê duyệt hồ sơ cấp độ (tệp đính kèm, nếu có)", s, relevant=approved),
    ]


def _resources() -> list[dict]:
    s = "nguon_luc"
    return [
        _q("nguon_luc_thieu_nhan_luc", T.SELECT_ONE, "Đơn vị có thiếu nhân lực công nghệ thông tin, chuyển đổi số "
           "để triển khai Đề án 06 không?", s, list_name="co_khong", required=True),
        _q("nguon_luc_so_can_bo", T.INTEGER, "Số cán bộ chuyên trách công nghệ thông tin, chuyển đổi số", s,
           required=True, constraint=". >= 0", constraint_message="Số cán bộ không được âm."),
        _q("nguon_luc_can_bo_can_them", T.INTEGER, "Số cán bộ chuyên trách cần bổ sung", s,
           relevant=CO % "nguon_luc_thieu_nhan_luc", constraint=". > 0 and . <= 50",
           constraint_message="Số cán bộ cần bổ sung phải từ 1 đến 50."),
        _q("nguon_luc_kinh_phi", T.DECIMAL, "Kinh phí bố trí cho chuyển đổi số, Đề án 06 năm 2024 (triệu đồng)", s,
           constraint=". >= 0", constraint_message="Kinh phí không được âm."),
        _q("nguon_luc_nguon_kinh_phi", T.SELECT_MULTIPLE, "Nguồn kinh phí đã sử dụng", s,
           list_name="nguon_kinh_phi"),
        _q("nguon_luc_vuong_thue_dv", T.SELECT_ONE, "Đơn vị có vướng mắc khi đầu tư, thuê dịch vụ công nghệ thông "
           "tin phục vụ Đề án 06 không?", s, list_name="co_khong"),
        _q("nguon_luc_de_xuat", T.TEXT, "Khó khăn và đề xuất về nguồn lực (con người, kinh phí)", s),
        _q("nguon_luc_ke_hoach", T.FILE, "Kế hoạch bố trí nhân lực, kinh phí (tệp đính kèm, nếu có)", s),
    ]


def bottleneck_definition(title: str = "Khảo sát điểm nghẽn chuyển đổi số và Đề án 06 năm 2024") -> dict:
    """The five-group bottleneck survey of Công văn số 1470/UBND-NC (34 questions, every type)."""
    questions = _legal() + _infrastructure() + _data() + _security() + _resources()
    choices = [{"list_name": list_name, "name": name, "label": label}
               for list_name, items in CHOICES.items() for name, label in items]
    return {"title": title, "form_id": "diem_nghen_de_an_06", "version_label": "2024.1",
            "sections": [{"name": n, "label": lbl, "group": g, "relevant": ""} for n, lbl, g in SECTIONS],
            "questions": questions, "choices": choices}
