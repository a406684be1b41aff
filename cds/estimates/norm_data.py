"""The cost structures per regime and the constants of every calculation method, as first loaded
by migration (administrators edit them afterwards in /quan-tri/). Each row carries the legal
text it applies as users read it, and whether it has been checked against that text (the
administrator's confirmation; see :mod:`cds.rules.rule_data` for R1, R2 and Open)."""
from __future__ import annotations

from cds.rules.rule_data import R2, Open, confirmation

TT04 = "TT 04/2020/TT-BTTTT"
TT03 = "TT 03/2020/TT-BTTTT"
ND73 = "NĐ 73/2019/NĐ-CP"
ND224 = "NĐ 224/2026/NĐ-CP"
CV2589 = "Công văn 2589/BTTTT-ƯDCNTT ngày 24/8/2011"
QD671 = "Quyết định 671/QĐ-BTTTT ngày 26/4/2024"
QD1688 = "Quyết định 1688/QĐ-BTTTT ngày 11/10/2019"
TT194 = "Thông tư 194/2012/TT-BTC"

OPEN_1688 = Open("Bảng định mức lấy theo một công cụ tính của bên thứ ba; chưa đối chiếu bản gốc Quyết định 1688.")
OPEN_671 = Open("Hệ số B/M/T, trọng số 13 yếu tố kỹ thuật, 8 yếu tố môi trường và năng suất P lấy như CV 2589; "
                "chưa đối chiếu phụ lục Quyết định 671.")
OPEN_DP = Open("Tỷ lệ dự phòng của TT 04/2020 (mục 6 Phụ lục 02) chưa được nhập: tỉnh nhập trước khi dùng.")

# ------------------------------------------------------------------ cost structures
# code, name, regime codes, kinds, citation, check, groups
# group: code, numeral, name, required, is_contingency, cap (%), keywords, citation, check

KW_XL = "lap dat mang\nday mang\ncap mang\nthi cong\ntu rack\nhe thong dien\nchong set\ndieu hoa phong may"
KW_TB = ("may chu\nmay tinh\nthiet bi\nphan mem\nban quyen\nlicense\nswitch\nrouter\ntuong lua\nfirewall\n"
         "luu tru\nsan\nmay in\nmay quet\nscanner\nups\ncsdl\nco so du lieu\ntao lap du lieu\nnhap lieu\nso hoa\n"
         "chuyen doi du lieu\ncai dat\ncau hinh\ndao tao\nhuong dan su dung\nho tro van hanh\ntich hop\nket noi")
KW_QLDA = "quan ly du an\nqlda"
KW_TV = ("khao sat\nlap de cuong\nlap du an\nlap bao cao\nthiet ke\nthiet ke chi tiet\nlap du toan\nthiet ke thi cong\n"
         "tham tra\nho so moi thau\nhsmt\nho so yeu cau\nhsyc\ndanh gia ho so du thau\nhsdt\ngiam sat\n"
         "tu van\nlap ke hoach thue")
KW_K = ("le phi\nphi tham dinh\nbao hiem\nkiem toan\nquyet toan\nthue duong truyen\nduong truyen\nten mien\n"
        "van hanh thu\nchay thu\nkiem thu\nthue dich vu\nthue cho\nthue may chu\ntham dinh gia\nchung thu\n"
        "danh gia an toan\nan toan thong tin\nhoi thao\nchi phi khac")
KW_DP = "du phong"
KW_THUE = "thue dich vu\ngia thue\nphi thue\nthue bao\nthue phan mem\nthue ha tang"

G_XL = ("xl", "Chi phí xây lắp", False, False, None, KW_XL)
G_TB = ("tb", "Chi phí thiết bị", True, False, None, KW_TB)
G_QLDA = ("qlda", "Chi phí quản lý dự án", True, False, None, KW_QLDA)
G_QL = ("qlda", "Chi phí quản lý", True, False, None, KW_QLDA + "\nchi phi quan ly")
G_TV = ("tv", "Chi phí tư vấn", True, False, None, KW_TV)
G_K = ("k", "Chi phí khác", False, False, None, KW_K)
G_THUE = ("thue", "Chi phí thuê dịch vụ công nghệ thông tin", True, False, None, KW_THUE)
G_TTB = ("tb", "Chi phí trang thiết bị", True, False, None, KW_TB + "\n" + KW_XL)

NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII"]


def _groups(spec, citation, check, dp_cap=None, dp_check=None):
    rows = []
    for i, (code, name, required, contingency, cap, keywords) in enumerate(spec):
        rows.append((code, NUMERALS[i], name, required, contingency, cap, keywords, citation, check))
    rows.append(("dp", NUMERALS[len(spec)], "Chi phí dự phòng", True, True, dp_cap, KW_DP, citation,
                 dp_check or check))
    return rows


STRUCTURES = [
    ("nd73_tt04", "Tổng mức đầu tư, dự toán dự án (NĐ 73/2019, TT 04/2020)",
     ["ND102_2009", "ND73_2019", "ND73_82_2024", "ND45_2026"], "investment",
     f"{ND73} Điều 19; {TT04} Điều 5", R2,
     _groups([G_XL, G_TB, G_QLDA, G_TV, G_K], f"{TT04} Điều 5", R2, dp_check=OPEN_DP)),
    ("tt03_de_cuong", "Dự toán chi tiết kèm đề cương (TT 03/2020)",
     ["ND102_2009", "ND73_2019", "ND73_82_2024", "ND45_2026"], "recurrent,procurement",
     f"{TT03} Điều 5", R2,
     _groups([G_XL, G_TB, G_QLDA, G_TV, G_K], f"{TT03} Điều 5 khoản 2", R2, dp_cap="10")),
    ("nd73_rental", "Dự toán thuê dịch vụ công nghệ thông tin (NĐ 73/2019)",
     ["ND102_2009", "ND73_2019", "ND73_82_2024", "ND45_2026"], "rental",
     f"{ND73} Điều 55", R2,
     _groups([G_THUE, G_QL, G_TV, G_K], f"{ND73} Điều 55", R2)),
    ("nd224_49", "Tổng mức đầu tư, dự toán dự án (NĐ 224/2026 Điều 49)",
     ["ND224_2026"], "investment,recurrent,procurement",
     f"{ND224} Điều 49", R2,
     _groups([G_TTB, G_QLDA, G_TV, G_K], f"{ND224} Điều 49", R2)),
    ("nd224_rental", "Dự toán thuê dịch vụ (NĐ 224/2026 Điều 49)",
     ["ND224_2026"], "rental",
     f"{ND224} Điều 49", R2,
     _groups([G_THUE, G_QLDA, G_TV, G_K], f"{ND224} Điều 49", R2)),
]

# ------------------------------------------------------------------ methods and constants
# method: code, kind, name, citation, in force from/to (ISO), check, constants
# constant: key, label, value, citation (defaults to the method's)

TCF_2589 = [
    ("Hệ thống phân tán", 2), ("Tính chất đáp ứng tức thời hoặc yêu cầu đảm bảo thông lượng", 1),
    ("Hiệu quả sử dụng trực tuyến", 1), ("Độ phức tạp của xử lý bên trong", 1),
    ("Mã nguồn phải tái sử dụng được", 1), ("Dễ cài đặt", 0.5), ("Dễ sử dụng", 0.5),
    ("Khả năng chuyển đổi", 2), ("Khả năng dễ thay đổi", 1), ("Sử dụng đồng thời", 1),
    ("Có các tính năng bảo mật đặc biệt", 1), ("Cung cấp truy nhập trực tiếp tới phần mềm của hãng thứ ba", 1),
    ("Yêu cầu phương tiện đào tạo đặc biệt cho người sử dụng", 1),
]
TCF_671 = [
    ("Xử lý phân tán", 2), ("Mức độ quan trọng của hiệu năng", 1), ("Hiệu quả sử dụng cho người dùng", 1),
    ("Độ phức tạp xử lý bên trong", 1), ("Khả năng tái sử dụng mã nguồn", 1), ("Dễ cài đặt", 0.5),
    ("Dễ vận hành", 0.5), ("Khả năng chuyển đổi", 2), ("Dễ dàng bảo trì", 1), ("Xử lý đồng thời", 1),
    ("Mức độ hỗ trợ bảo mật", 1), ("Sự phụ thuộc vào mã lệnh bên thứ ba", 1),
    ("Mức độ hỗ trợ đào tạo người sử dụng", 1),
]
EF = [
    ("Đánh giá cho việc quen thuộc với quy trình phát triển phần mềm", 1.5),
    ("Kinh nghiệm phát triển ứng dụng tương tự", 0.5), ("Kinh nghiệm về hướng đối tượng", 1),
    ("Khả năng lãnh đạo nhóm (phân tích viên chính)", 0.5), ("Tính chất năng động", 1),
    ("Độ ổn định của yêu cầu", 2), ("Sử dụng nhân viên làm bán thời gian", -1),
    ("Dùng ngôn ngữ lập trình khó", -1),
]


def _ucp_constants(tcf):
    return [
        ("actor_weights", "Trọng số tác nhân (đơn giản, trung bình, phức tạp)",
         {"simple": 1, "average": 2, "complex": 3}),
        ("use_case_weights", "Trọng số trường hợp sử dụng (đơn giản < 4 giao dịch, trung bình 4–7, phức tạp > 7)",
         {"simple": 5, "average": 10, "complex": 15}),
        ("class_factors", "Hệ số mức độ cần thiết B, M, T", {"B": 1, "M": 1.2, "T": 1.5}),
        ("tcf_factors", "13 yếu tố phức tạp kỹ thuật và trọng số", [{"label": lb, "weight": w} for lb, w in tcf]),
        ("tcf_formula", "TCF = a + b × TFW", {"a": 0.6, "b": 0.01}),
        ("ef_factors", "8 yếu tố môi trường và trọng số", [{"label": lb, "weight": w} for lb, w in EF]),
        ("ef_formula", "EF = a − b × EFW", {"a": 1.4, "b": 0.03}),
        ("es_bands", "Quy đổi điểm từng yếu tố môi trường sang độ ổn định kinh nghiệm (ES)",
         [{"upto": 0, "value": 0}, {"upto": 1, "value": 0.05}, {"upto": 2, "value": 0.1},
          {"upto": 3, "value": 0.6}, {"upto": None, "value": 1}]),
        ("p_bands", "Năng suất P (giờ công cho một điểm) theo ES",
         [{"below": 1, "p": 48}, {"below": 3, "p": 32}, {"below": None, "p": 20}]),
        ("effort_factor", "Hệ số quy đổi nỗ lực E = (tử/mẫu) × AUCP", {"numerator": 10, "denominator": 6}),
        ("direct_factor", "Giá trị phần mềm G = hệ số × E × P × H", 1.4),
        ("overhead_rate", "Chi phí chung C = tỷ lệ × G", 0.65),
        ("profit_rate", "Thu nhập chịu thuế tính trước TL = tỷ lệ × (G + C)", 0.06),
    ]


def _table(milestones, rates):
    return {"milestones": milestones, "rates": rates}


M10 = [7, 15, 20, 30, 50, 100, 150, 200, 500, 1000]
M8 = M10[:8]
M2 = [7, 15]

RATE_CONSTANTS = [
    ("t1a", "Bảng 1a — Quản lý dự án, hạ tầng kỹ thuật CNTT (% của xây lắp + thiết bị)",
     _table(M10, [2.644, 2.184, 1.913, 1.747, 1.324, 1.045, 1.007, 0.975, 0.841, 0.696])),
    ("t1b", "Bảng 1b — Quản lý dự án, phần mềm nội bộ, CSDL (dự án)",
     _table(M8, [2.809, 2.133, 1.964, 1.782, 1.710, 1.346, 1.287, 1.248])),
    ("t1b_bcktkt", "Bảng 1b — Quản lý dự án, phần mềm nội bộ, CSDL (báo cáo kinh tế – kỹ thuật)",
     _table(M2, [1.855, 1.532])),
    ("t2a", "Bảng 2a — Lập dự án, hạ tầng",
     _table(M10, [0.992, 0.739, 0.652, 0.533, 0.420, 0.310, 0.253, 0.205, 0.164, 0.144])),
    ("t2b", "Bảng 2b — Lập dự án, phần mềm",
     _table(M8, [0.992, 0.906, 0.812, 0.763, 0.648, 0.485, 0.437, 0.381])),
    ("t2b_bcktkt", "Bảng 2b — Lập báo cáo kinh tế – kỹ thuật, phần mềm", _table(M2, [3.640, 3.240])),
    ("t3a", "Bảng 3a — Lập thiết kế chi tiết và dự toán, hạ tầng",
     _table(M10, [1.499, 1.198, 0.991, 0.820, 0.646, 0.522, 0.461, 0.411, 0.321, 0.240])),
    ("t3b", "Bảng 3b — Lập thiết kế chi tiết và dự toán, phần mềm",
     _table(M8, [3.376, 3.155, 3.023, 2.847, 2.506, 2.211, 2.091, 1.975])),
    ("t4a", "Bảng 4a — Thẩm tra hiệu quả và tính khả thi, hạ tầng",
     _table(M10, [0.105, 0.074, 0.066, 0.059, 0.047, 0.035, 0.030, 0.026, 0.0152, 0.0142])),
    ("t4b", "Bảng 4b — Thẩm tra hiệu quả và tính khả thi, phần mềm",
     _table(M8, [0.126, 0.088, 0.085, 0.077, 0.065, 0.051, 0.042, 0.036])),
    ("t5a", "Bảng 5a — Thẩm tra thiết kế chi tiết, hạ tầng",
     _table(M10, [0.087, 0.061, 0.054, 0.043, 0.030, 0.022, 0.019, 0.016, 0.011, 0.008])),
    ("t5b", "Bảng 5b — Thẩm tra thiết kế chi tiết, phần mềm",
     _table(M8, [0.095, 0.066, 0.059, 0.047, 0.032, 0.024, 0.020, 0.017])),
    ("t6a", "Bảng 6a — Thẩm tra dự toán, hạ tầng",
     _table(M10, [0.078, 0.050, 0.044, 0.034, 0.026, 0.018, 0.015, 0.013, 0.010, 0.007])),
    ("t6b", "Bảng 6b — Thẩm tra dự toán, phần mềm",
     _table(M8, [0.085, 0.054, 0.048, 0.037, 0.028, 0.019, 0.016, 0.014])),
    ("t7a", "Bảng 7a — Lập hồ sơ mời thầu và đánh giá hồ sơ dự thầu, xây lắp",
     _table(M10, [0.362, 0.339, 0.305, 0.255, 0.164, 0.099, 0.079, 0.063, 0.047, 0.028])),
    ("t8a", "Bảng 8a — Lập hồ sơ mời thầu và đánh giá hồ sơ dự thầu, mua sắm thiết bị",
     _table(M10, [0.283, 0.228, 0.206, 0.172, 0.120, 0.078, 0.072, 0.064, 0.053, 0.041])),
    ("t8b", "Bảng 8b — Lập hồ sơ mời thầu và đánh giá hồ sơ dự thầu, phần mềm",
     _table(M8, [0.405, 0.336, 0.311, 0.265, 0.182, 0.119, 0.109, 0.102])),
    ("line_kinds", "Khoản mục tính theo định mức tỷ lệ: cụm từ nhận biết và bảng áp dụng (hạ tầng; phần mềm; "
     "báo cáo kinh tế – kỹ thuật, đề cương)",
     [{"label": "Quản lý dự án", "group": "qlda", "phrases": ["quan ly du an", "qlda", "chi phi quan ly"],
       "infra": "t1a", "software": "t1b", "software_small": "t1b_bcktkt"},
      {"label": "Lập đề cương, báo cáo kinh tế – kỹ thuật", "group": "tv",
       "phrases": ["lap de cuong", "lap bao cao kinh te", "lap bcktkt"],
       "infra": "t2a", "software": "t2b_bcktkt", "software_small": "t2b_bcktkt"},
      {"label": "Lập dự án", "group": "tv", "phrases": ["lap du an", "lap bao cao nghien cuu kha thi"],
       "infra": "t2a", "software": "t2b", "software_small": "t2b"},
      {"label": "Thẩm tra đề cương, báo cáo kinh tế – kỹ thuật, kế hoạch thuê", "group": "tv",
       "phrases": ["tham tra de cuong", "tham tra bao cao kinh te", "tham tra ke hoach thue"],
       "infra": "review", "software": "review", "software_small": "review"},
      {"label": "Lập thiết kế chi tiết và dự toán", "group": "tv",
       "phrases": ["thiet ke chi tiet", "lap du toan", "thiet ke thi cong"],
       "infra": "t3a", "software": "t3b", "software_small": "t3b"},
      {"label": "Thẩm tra thiết kế chi tiết", "group": "tv", "phrases": ["tham tra thiet ke"],
       "infra": "t5a", "software": "t5b", "software_small": "t5b"},
      {"label": "Thẩm tra dự toán", "group": "tv", "phrases": ["tham tra du toan"],
       "infra": "t6a", "software": "t6b", "software_small": "t6b"},
      {"label": "Thẩm tra hiệu quả, tính khả thi", "group": "tv",
       "phrases": ["tham tra hieu qua", "tham tra tinh kha thi"],
       "infra": "t4a", "software": "t4b", "software_small": "t4b"},
      {"label": "Lập hồ sơ mời thầu, đánh giá hồ sơ dự thầu", "group": "tv",
       "phrases": ["ho so moi thau", "hsmt", "danh gia ho so du thau", "ho so yeu cau"],
       "infra": "t8a", "software": "t8b", "software_small": "t8b"}]),
    ("software_words", "Cụm từ nhận biết khoản mục phần mềm nội bộ, cơ sở dữ liệu (chọn bảng “b”)",
     ["phan mem", "csdl", "co so du lieu", "ung dung", "cong thong tin", "he thong thong tin", "nen tang"]),
    ("review_shares", "Thẩm tra báo cáo kinh tế – kỹ thuật, đề cương, kế hoạch thuê = tỷ lệ × bảng 4, 5, 6",
     {"t4": 0.4, "t5": 0.7, "t6": 0.7}),
    ("coefficients", "Hệ số điều chỉnh định mức",
     {"island": {"label": "Dự án tại hải đảo", "qlda": 1.35, "other": 1.2},
      "multi_province": {"label": "Dự án trên địa bàn nhiều tỉnh", "qlda": 1.25, "other": 1.3, "review": 1.1},
      "equipment_heavy": {"label": "Tỷ trọng thiết bị cao", "qlda": 0.8, "other": 0.7},
      "renovation": {"label": "Cải tạo, nâng cấp", "qlda": 1.2, "other": 1.2},
      "template_design": {"label": "Sử dụng thiết kế mẫu, thiết kế điển hình", "qlda": 0.36, "other": 0.36}}),
]

DATA_CONSTANTS = [
    ("field_short", "Nhập dữ liệu có cấu trúc, trường ≤ 15 ký tự (đồng/trường)", 300),
    ("field_medium", "Nhập dữ liệu có cấu trúc, trường 15–50 ký tự (đồng/trường)", None),
    ("field_long", "Nhập dữ liệu có cấu trúc, trường > 50 ký tự (đồng/trường)", 450),
    ("page_text", "Nhập dữ liệu phi cấu trúc, trang văn bản thuần (đồng/trang)", 9500),
    ("page_table", "Nhập dữ liệu phi cấu trúc, trang có bảng biểu (đồng/trang)", 11700),
    ("page_formula", "Nhập dữ liệu phi cấu trúc, trang có công thức, ký tự đặc biệt (đồng/trang)", 14000),
    ("hypertext_simple", "Trang siêu văn bản đơn giản (đồng/trang A4)", 12000),
    ("hypertext_complex", "Trang siêu văn bản phức tạp (đồng/trang A4)", 42000),
    ("reuse_share", "Tạo lập từ dữ liệu điện tử có sẵn: tối đa tỷ lệ của mức tạo lập mới", 0.15),
    ("ocr_share", "Quét, chuyển đổi (OCR) có soát lỗi: tối đa tỷ lệ của mức nhập phi cấu trúc", 0.30),
    ("photo_share", "Số hóa ảnh: tối đa tỷ lệ của mức trang siêu văn bản", 0.30),
    ("language_uplift", "Tiếng nước ngoài, tiếng dân tộc: tăng thêm (tối thiểu, tối đa)", {"min": 0.10, "max": 0.30}),
    ("staff_share", "Cán bộ, công chức trực tiếp thực hiện: tối đa tỷ lệ của mức chi", 0.5),
]

METHODS = [
    ("CV2589", "ucp", "Điểm trường hợp sử dụng theo Công văn 2589/BTTTT-ƯDCNTT (2011)", CV2589,
     "2011-08-24", "2024-04-25", R2, _ucp_constants(TCF_2589)),
    ("QD671", "ucp", "Điểm trường hợp sử dụng theo Quyết định 671/QĐ-BTTTT (2024)", QD671,
     "2024-04-26", None, OPEN_671, _ucp_constants(TCF_671)),
    ("QD1688", "rate", "Định mức chi phí quản lý dự án, tư vấn (Quyết định 1688/QĐ-BTTTT)", QD1688,
     "2019-10-11", None, OPEN_1688, RATE_CONSTANTS),
    ("TT194", "data", "Mức chi tạo lập thông tin điện tử (Thông tư 194/2012/TT-BTC)", TT194,
     "2013-01-01", None, R2, DATA_CONSTANTS),
]

OPEN_MEDIUM = Open("Mức cho trường 15–50 ký tự chưa đọc được trong bản đã có: tỉnh nhập trước khi dùng.")


def load(apps, schema_editor=None):
    """Write the rule rows; matched by their keys and updated in place, never deleted."""
    import datetime as dt

    LegalRegime = apps.get_model("rules", "LegalRegime")
    CostStructure = apps.get_model("estimates", "CostStructure")
    CostGroup = apps.get_model("estimates", "CostGroup")
    Method = apps.get_model("estimates", "Method")
    Constant = apps.get_model("estimates", "Constant")
    for order, (code, name, regimes, kinds, cite, check, groups) in enumerate(STRUCTURES):
        structure, _ = CostStructure.objects.update_or_create(code=code, defaults=dict(
            name=name, kinds=kinds, citation=cite, sort_order=(order + 1) * 10, **confirmation(check, cite)))
        structure.regimes.set(LegalRegime.objects.filter(code__in=regimes))
        for i, (gcode, numeral, gname, required, contingency, cap, keywords, gcite, gcheck) in enumerate(groups):
            CostGroup.objects.update_or_create(structure=structure, code=gcode, defaults=dict(
                numeral=numeral, name=gname, required=required, is_contingency=contingency, contingency_cap=cap,
                keywords=keywords, citation=gcite, order=(i + 1) * 10, **confirmation(gcheck, gcite)))
    for order, (code, kind, name, cite, start, end, check, constants) in enumerate(METHODS):
        method, _ = Method.objects.update_or_create(code=code, defaults=dict(
            kind=kind, name=name, citation=cite, sort_order=(order + 1) * 10,
            in_force_from=dt.date.fromisoformat(start) if start else None,
            in_force_to=dt.date.fromisoformat(end) if end else None, **confirmation(check, cite)))
        for i, (key, label, value) in enumerate(constants):
            row_check = OPEN_MEDIUM if value is None else check
            Constant.objects.update_or_create(method=method, key=key, defaults=dict(
                label=label, value=value, citation=cite, order=(i + 1) * 10, **confirmation(row_check, cite)))
