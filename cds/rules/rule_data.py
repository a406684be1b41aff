"""The procedures of each regime, their time limits and dossier checklists, as loaded by
migration 0004 (admins edit them afterwards in /quan-tri/). Sources: NĐ 73/2019, TT 03/2020
and NĐ 224/2026, cited on every row. Values not verified against the decree's text, or not
found in it, are loaded with ``needs_confirmation``; the NĐ 73 + NĐ 82/2024 and NĐ 45/2026 rows
are copies of their neighbours' values, flagged, because those decrees' texts were not available."""
TR = 1_000_000  # một triệu đồng
TY = 1_000_000_000  # một tỷ đồng

ND73 = "NĐ 73/2019/NĐ-CP"
TT03 = "TT 03/2020/TT-BTTTT"
ND224 = "NĐ 224/2026/NĐ-CP"
OPINION_NOTE = ("Không có thời hạn chung trong nghị định; mặc định theo quy chế phối hợp của tỉnh "
                "(5 ngày làm việc) — cần xác nhận.")
LDTC_NOTE = ("Thời hạn thẩm định dự án theo Luật Đầu tư công và NĐ 40/2020/NĐ-CP: chưa tra được văn bản "
             "gốc (domain.md §1.8 [U]); giá trị mặc định, cần xác nhận.")

# ------------------------------------------------------------------ checklists
# (kind, text, document kind(s) "a|b", required, auto check, citation, needs confirmation)
D, C = "document", "content"

DE_CUONG = [
    (D, "Tờ trình đề nghị thẩm định (theo mẫu của Thông tư)", "to_trinh", True, "", f"{TT03} Điều 6", False),
    (D, "Đề cương và dự toán chi tiết (03 bộ)", "de_cuong", True, "", f"{TT03} Điều 4, Điều 6", False),
    (D, "Báo giá, chứng thư thẩm định giá hoặc bảng giải trình định mức, đơn giá", "bao_gia", False, "",
     f"{TT03} Điều 5", False),
    (D, "Báo cáo hiện trạng, kết quả khảo sát", "khao_sat", False, "", f"{TT03} Điều 4.2", False),
    (C, "Căn cứ pháp lý, sự cần thiết; phù hợp kế hoạch ứng dụng CNTT/chuyển đổi số được duyệt", "", True,
     "legal_basis", f"{TT03} Điều 4.2", False),
    (C, "Không trùng lặp với hệ thống, cơ sở dữ liệu đã có; dùng lại nền tảng dùng chung", "", True,
     "overlap", f"{ND73} Điều 5; chỉ đạo của UBND tỉnh về chống đầu tư trùng lặp", False),
    (C, "Giải pháp kỹ thuật, công nghệ phù hợp; đáp ứng tiêu chuẩn, yêu cầu chức năng", "", True, "",
     f"{TT03} Điều 7.3.a", False),
    (C, "Tuân thủ Kiến trúc Chính quyền điện tử/Chính quyền số của tỉnh; khả năng kết nối, chia sẻ dữ liệu "
        "(LGSP, NDXP)", "", True, "architecture", f"{ND73} Điều 5; {TT03} Điều 7.3.a", False),
    (C, "Áp dụng đúng định mức, đơn giá, chế độ chính sách và các khoản mục chi phí", "", True, "estimate",
     f"{TT03} Điều 7.3.b", False),
    (C, "Khối lượng trong đề cương và dự toán thống nhất; chi phí dự phòng không quá 10%", "", True, "estimate",
     f"{TT03} Điều 5, Điều 7.3.c", False),
]

INVEST_73 = lambda report, report_name, design: [  # noqa: E731
    (D, "Tờ trình đề nghị thẩm định", "to_trinh", True, "", f"{ND73} Điều 21, 22", False),
    (D, report_name, report, True, "", f"{ND73} Điều 16, 22", False),
    (D, f"Thiết kế ({design}) gồm thuyết minh và bản vẽ", "thiet_ke", True, "", f"{ND73} Điều 17, 27", False),
    (D, "Báo cáo kết quả khảo sát", "khao_sat", True, "", f"{ND73} Điều 13–15, 21.1", False),
    (D, "Quyết định phê duyệt chủ trương đầu tư", "chu_truong", True, "", f"{ND73} Điều 11; Luật Đầu tư công", False),
    (D, "Dự toán/tổng mức đầu tư", "du_toan", report == "bcktkt", "", f"{ND73} Điều 19, 28", False),
    (C, "Căn cứ pháp lý; phù hợp quy hoạch, chương trình, kế hoạch ứng dụng CNTT", "", True, "legal_basis",
     f"{ND73} Điều 21.3", False),
    (C, "Không trùng lặp với hệ thống đã có; xây dựng trên nền tảng dùng chung", "", True, "overlap",
     f"{ND73} Điều 5", False),
    (C, "Tuân thủ Khung Kiến trúc CPĐT Việt Nam / Kiến trúc CQĐT cấp tỉnh", "", True, "architecture",
     f"{ND73} Điều 5, 16, 21.3", False),
    (C, "Lựa chọn công nghệ, thiết bị phù hợp; kết nối, chia sẻ dữ liệu; sẵn sàng IPv6", "", True,
     "architecture", f"{ND73} Điều 16, 21.3, 29.1", False),
    (C, "Áp dụng tiêu chuẩn, quy chuẩn; đáp ứng yêu cầu chức năng, kỹ thuật cơ bản", "", True, "",
     f"{ND73} Điều 21.3, 29.1", False),
    (C, "An toàn vận hành, phòng chống cháy nổ; an toàn thông tin", "", True, "", f"{ND73} Điều 27, 29.1", False),
    (C, "Khối lượng thiết kế và dự toán thống nhất; áp dụng đúng định mức, đơn giá", "", True, "estimate",
     f"{ND73} Điều 29.2", False),
]

RENTAL_73 = [
    (D, "Tờ trình thẩm định kế hoạch thuê (mẫu Phụ lục III)", "to_trinh", True, "", f"{ND73} Điều 56", False),
    (D, "Kế hoạch thuê dịch vụ công nghệ thông tin", "ke_hoach_thue", True, "", f"{ND73} Điều 54, 56", False),
    (D, "Báo giá, tài liệu xác định chi phí thuê", "bao_gia", False, "", f"{ND73} Điều 55", False),
    (C, "Hiện trạng, sự cần thiết; phù hợp kế hoạch được duyệt", "", True, "legal_basis", f"{ND73} Điều 54", False),
    (C, "Không trùng lặp; không thuê để nâng cấp hệ thống đã đầu tư", "", True, "overlap", f"{ND73} Điều 5, 54", False),
    (C, "Yêu cầu chất lượng dịch vụ và yêu cầu kỹ thuật đáp ứng", "", True, "", f"{ND73} Điều 54", False),
    (C, "Yêu cầu kết nối, tích hợp; tuân thủ kiến trúc", "", True, "architecture", f"{ND73} Điều 5, 54", False),
    (C, "Bảo đảm an toàn thông tin, bảo vệ dữ liệu; quyền sở hữu và bàn giao dữ liệu", "", True, "",
     f"{ND73} Điều 48, 54", False),
    (C, "Thời gian thuê từ 01 đến 05 năm", "", True, "", f"{ND73} Điều 54", False),
    (C, "Dự toán thuê: đủ, hợp lý từng khoản mục chi phí", "", True, "estimate", f"{ND73} Điều 55, 56", False),
]

SYSTEM_224 = lambda report, report_name: [  # noqa: E731
    (D, "Tờ trình thẩm định (nộp bản điện tử)", "to_trinh", True, "", f"{ND224} Điều 50", False),
    (D, report_name, report, True, "", f"{ND224} Điều 45", False),
    (D, "Thiết kế (TKCS hoặc TKCT)", "thiet_ke", True, "", f"{ND224} Điều 46–48", False),
    (D, "Quyết định phê duyệt chủ trương đầu tư", "chu_truong", True, "", f"{ND224} Điều 50; Luật Đầu tư công", False),
    (D, "Báo cáo kết quả thẩm tra (nếu có)", "tham_tra", False, "", f"{ND224} Điều 50", False),
    (C, "Hồ sơ đúng quy định; phù hợp chủ trương đầu tư được duyệt", "", True, "legal_basis",
     f"{ND224} Điều 50; Luật Đầu tư công Điều 48.1", False),
    (C, "Phù hợp Kế hoạch chuyển đổi số 5 năm, hằng năm của tỉnh", "", True, "legal_basis", f"{ND224} Điều 45", False),
    (C, "Xây dựng nền tảng dùng chung thay cho phần mềm riêng lẻ; không trùng lặp hệ thống đã có", "", True,
     "overlap", f"{ND224} Điều 23, 38", False),
    (C, "Tuân thủ Khung kiến trúc số; kết nối, chia sẻ dữ liệu (LGSP, NDXP); dữ liệu chủ lưu ở một hệ thống",
     "", True, "architecture", f"{ND224} Điều 23, 37, 50", False),
    (C, "Thiết kế phù hợp; lựa chọn công nghệ; tiêu chuẩn; an toàn vận hành; an ninh mạng từ khâu thiết kế",
     "", True, "", f"{ND224} Điều 37, 46, 50", False),
    (C, "Xác định tổng mức đầu tư, các khoản mục chi phí; phù hợp kế hoạch đầu tư công trung hạn, hằng năm",
     "", True, "estimate", f"{ND224} Điều 49, 50", False),
]

RECURRENT_224 = [
    (D, "Tờ trình thẩm định (nộp bản điện tử)", "to_trinh", True, "", f"{ND224} Điều 66", False),
    (D, "Báo cáo nghiên cứu khả thi hoặc báo cáo kinh tế – kỹ thuật", "bcnckt|bcktkt", True, "",
     f"{ND224} Điều 66", False),
    (D, "Quyết định phê duyệt chủ trương và dự kiến kinh phí (NĐ 104/2026/NĐ-CP)", "chu_truong", True, "",
     f"{ND224} Điều 66", False),
    (D, "Báo cáo kết quả thẩm tra (nếu có)", "tham_tra", False, "", f"{ND224} Điều 66", False),
    (C, "Sự cần thiết; phù hợp Kế hoạch chuyển đổi số", "", True, "legal_basis", f"{ND224} Điều 66", False),
    (C, "Không trùng lặp; dùng lại nền tảng, hệ thống dùng chung", "", True, "overlap", f"{ND224} Điều 23, 38", False),
    (C, "Mục tiêu, sản phẩm đầu ra, quy mô; phương án vận hành, khai thác", "", True, "", f"{ND224} Điều 66", False),
    (C, "Tuân thủ Khung kiến trúc số; kết nối, chia sẻ dữ liệu", "", True, "architecture", f"{ND224} Điều 37", False),
    (C, "Tổng mức đầu tư, chi phí vận hành; tiến độ", "", True, "estimate", f"{ND224} Điều 49, 66", False),
    (C, "Phân tích hiệu quả, tác động kinh tế – xã hội", "", True, "", f"{ND224} Điều 66", False),
]

RENTAL_224 = [
    (D, "Tờ trình thẩm định (nộp bản điện tử)", "to_trinh", True, "", f"{ND224} Điều 67", False),
    (D, "Kế hoạch thuê dịch vụ công nghệ số", "ke_hoach_thue", True, "", f"{ND224} Điều 67", False),
    (D, "Quyết định phê duyệt chủ trương và dự kiến kinh phí (NĐ 104/2026/NĐ-CP)", "chu_truong", True, "",
     f"{ND224} Điều 67", False),
    (D, "Báo cáo kết quả thẩm tra (nếu có)", "tham_tra", False, "", f"{ND224} Điều 67", False),
    (C, "Phù hợp Kế hoạch chuyển đổi số; sự cần thiết", "", True, "legal_basis", f"{ND224} Điều 67", False),
    (C, "Không thuê để nâng cấp hệ thống đã đầu tư; không trùng lặp", "", True, "overlap", f"{ND224} Điều 36", False),
    (C, "Tuân thủ kiến trúc; yêu cầu kết nối", "", True, "architecture", f"{ND224} Điều 37, 67", False),
    (C, "Chất lượng dịch vụ; quyền sở hữu và bàn giao toàn bộ dữ liệu khi kết thúc thuê", "", True, "",
     f"{ND224} Điều 58, 67", False),
    (C, "Dự toán thuê: khoản mục chi phí, phương pháp xác định giá", "", True, "estimate", f"{ND224} Điều 49, 67", False),
]

# ------------------------------------------------------------------ procedures
# code, name, kinds, min, max, dossier, needs appraisal, appraising, approving, note, citation, unsure,
# time limits [(step, group, days, unit, citation, unsure)], checklist
W, K = "working", "calendar"
APPRAISER_73 = "Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ) hoặc đầu mối thẩm định"
APPRAISER_224 = "Sở Khoa học và Công nghệ (đơn vị chuyên trách về chuyển đổi số) hoặc hội đồng thẩm định"


def _opinion(unsure=True):
    return ("opinion", "", 5, W, OPINION_NOTE, unsure)


ND73_PROCEDURES = [
    ("recurrent_small", "Chi thường xuyên đến 200 triệu đồng: mua sắm theo pháp luật về quản lý, sử dụng tài sản công",
     "recurrent", None, 200 * TR, "Hồ sơ mua sắm theo quy định", False, "", "Thủ trưởng đơn vị sử dụng ngân sách",
     "Không lập đề cương, không thẩm định theo Nghị định này.", f"{ND73} Điều 51.1", False, [], []),
    ("de_cuong", "Đề cương và dự toán chi tiết (chi thường xuyên trên 200 triệu đến 15 tỷ đồng)",
     "recurrent", 200 * TR, 15 * TY, "Tờ trình và đề cương, dự toán chi tiết (03 bộ)", True, APPRAISER_73,
     "Người có thẩm quyền quyết định mua sắm từ nguồn chi thường xuyên", "",
     f"{ND73} Điều 51.2; {TT03} Điều 4–7", False,
     [("appraisal", "", 15, W, f"{TT03} Điều 7.1", False), ("supplement", "", 5, W, f"{TT03} Điều 7.1", False),
      ("approval", "", 3, W, f"{TT03} Điều 7.2", False), _opinion()],
     DE_CUONG),
    ("recurrent_project", "Dự án (chi thường xuyên trên 15 tỷ đồng) theo thủ tục Chương II",
     "recurrent", 15 * TY, None, "Báo cáo nghiên cứu khả thi, thiết kế cơ sở", True, APPRAISER_73,
     "Người quyết định đầu tư theo pháp luật về ngân sách", "Đầu mối thẩm định là đơn vị chuyên môn trực thuộc người quyết định đầu tư.",
     f"{ND73} Điều 51.3", False,
     [("appraisal", "", 30, K, LDTC_NOTE, True), ("design", "A", 20, K, f"{ND73} Điều 21.2", False),
      ("design", "B", 15, K, f"{ND73} Điều 21.2", False), ("design", "", 10, K, f"{ND73} Điều 21.2", False),
      ("approval", "", 10, K, LDTC_NOTE, True), _opinion()],
     INVEST_73("bcnckt", "Báo cáo nghiên cứu khả thi", "thiết kế cơ sở")),
    ("investment_one_step", "Dự án thiết kế một bước — báo cáo kinh tế – kỹ thuật (tổng mức đầu tư đến 15 tỷ đồng)",
     "investment", None, 15 * TY, "Báo cáo kinh tế – kỹ thuật (thiết kế chi tiết và dự toán)", True, APPRAISER_73,
     "Chủ tịch UBND tỉnh (người quyết định đầu tư)",
     "Dự án lớn hơn vẫn có thể thiết kế một bước nếu đã đủ điều kiện lập thiết kế chi tiết (Điều 10.1.c).",
     f"{ND73} Điều 10.1, 22, 29", False,
     [("appraisal", "", 20, K, LDTC_NOTE, True), ("design", "A", 20, K, f"{ND73} Điều 21.2", False),
      ("design", "B", 15, K, f"{ND73} Điều 21.2", False), ("design", "", 10, K, f"{ND73} Điều 21.2", False),
      ("approval", "", 10, K, LDTC_NOTE, True), _opinion()],
     INVEST_73("bcktkt", "Báo cáo kinh tế – kỹ thuật", "thiết kế chi tiết")),
    ("investment_two_step", "Dự án thiết kế hai bước — báo cáo nghiên cứu khả thi (tổng mức đầu tư trên 15 tỷ đồng)",
     "investment", 15 * TY, None, "Báo cáo nghiên cứu khả thi kèm thiết kế cơ sở", True, APPRAISER_73,
     "Chủ tịch UBND tỉnh (người quyết định đầu tư)", "", f"{ND73} Điều 10.2, 16, 20–21", False,
     [("appraisal", "A", 40, K, LDTC_NOTE, True), ("appraisal", "B", 30, K, LDTC_NOTE, True),
      ("appraisal", "", 20, K, LDTC_NOTE, True), ("design", "A", 20, K, f"{ND73} Điều 21.2", False),
      ("design", "B", 15, K, f"{ND73} Điều 21.2", False), ("design", "", 10, K, f"{ND73} Điều 21.2", False),
      ("approval", "", 10, K, LDTC_NOTE, True), _opinion()],
     INVEST_73("bcnckt", "Báo cáo nghiên cứu khả thi", "thiết kế cơ sở")),
    ("rental_plan", "Kế hoạch thuê dịch vụ CNTT theo yêu cầu riêng",
     "rental", None, None, "Tờ trình và kế hoạch thuê dịch vụ", True,
     "Đơn vị chuyên môn do người phê duyệt giao (lấy ý kiến Sở TT&TT/Sở KH&CN)",
     "Người có thẩm quyền quyết định mua sắm từ nguồn chi thường xuyên",
     "Dịch vụ sẵn có trên thị trường: kế hoạch thuê không bắt buộc (Điều 52.1).", f"{ND73} Điều 52–56", False,
     [("appraisal", "", 20, K, f"{ND73} Điều 56", False), ("supplement", "", 3, W, f"{ND73} Điều 56", False),
      ("approval", "", 10, K, f"{ND73} Điều 56", False), _opinion()],
     RENTAL_73),
    ("procurement", "Mua sắm thiết bị, phần mềm thương mại: theo pháp luật về đấu thầu, mua sắm",
     "procurement", None, None, "Hồ sơ mua sắm theo quy định", False, "", "Thủ trưởng đơn vị sử dụng ngân sách",
     "Không thẩm định theo Nghị định này.", f"{ND73} Điều 10.1.a, 51.1", False, [], []),
]

ND224_PROCEDURES = [
    ("investment_one_step", "Dự án hệ thống chuyển đổi số thiết kế một bước — báo cáo kinh tế – kỹ thuật "
     "(tổng mức đầu tư đến 20 tỷ đồng)",
     "investment", None, 20 * TY, "Báo cáo kinh tế – kỹ thuật (nộp điện tử)", True, APPRAISER_224,
     "Người quyết định đầu tư", "Đầu mối gửi thiết kế cho đơn vị thẩm định thiết kế trong 02 ngày làm việc (Điều 50.2).",
     f"{ND224} Điều 42, 45, 50", False,
     [("appraisal", "A", 30, W, f"{ND224} Điều 50", False), ("appraisal", "QG", 30, W, f"{ND224} Điều 50", False),
      ("appraisal", "", 20, W, f"{ND224} Điều 50", False), ("design", "A", 15, W, f"{ND224} Điều 50", False),
      ("design", "", 10, W, f"{ND224} Điều 50", False), ("approval", "A", 5, W, f"{ND224} Điều 50", False),
      ("approval", "", 3, W, f"{ND224} Điều 50", False), _opinion()],
     SYSTEM_224("bcktkt", "Báo cáo kinh tế – kỹ thuật")),
    ("investment_two_step", "Dự án hệ thống chuyển đổi số thiết kế hai bước — báo cáo nghiên cứu khả thi "
     "(tổng mức đầu tư trên 20 tỷ đồng)",
     "investment", 20 * TY, None, "Báo cáo nghiên cứu khả thi kèm thiết kế cơ sở (nộp điện tử)", True, APPRAISER_224,
     "Người quyết định đầu tư", "", f"{ND224} Điều 42, 45, 50", False,
     [("appraisal", "A", 30, W, f"{ND224} Điều 50", False), ("appraisal", "QG", 30, W, f"{ND224} Điều 50", False),
      ("appraisal", "", 20, W, f"{ND224} Điều 50", False), ("design", "A", 15, W, f"{ND224} Điều 50", False),
      ("design", "", 10, W, f"{ND224} Điều 50", False), ("approval", "A", 5, W, f"{ND224} Điều 50", False),
      ("approval", "", 3, W, f"{ND224} Điều 50", False), _opinion()],
     SYSTEM_224("bcnckt", "Báo cáo nghiên cứu khả thi")),
    ("recurrent_project", "Dự án chuyển đổi số sử dụng kinh phí chi thường xuyên",
     "recurrent", None, None, "Tờ trình, báo cáo nghiên cứu khả thi/kinh tế – kỹ thuật (nộp điện tử)", True,
     APPRAISER_224, "Theo NĐ 104/2026/NĐ-CP (thẩm quyền mua sắm chi thường xuyên)",
     "Không còn các mức 200 triệu/15 tỷ đồng và đề cương, dự toán chi tiết.", f"{ND224} Điều 66", False,
     [("appraisal", "", 20, W, f"{ND224} Điều 66", False), ("design", "", 10, W, f"{ND224} Điều 66", False),
      ("approval", "", 3, W, f"{ND224} Điều 66", False), _opinion()],
     RECURRENT_224),
    ("rental_plan", "Kế hoạch thuê dịch vụ công nghệ số theo yêu cầu riêng",
     "rental", None, None, "Tờ trình và kế hoạch thuê dịch vụ (nộp điện tử)", True, APPRAISER_224,
     "Theo NĐ 104/2026/NĐ-CP", "Dịch vụ sẵn có: mua sắm theo pháp luật đấu thầu, không lập kế hoạch thuê (Điều 65).",
     f"{ND224} Điều 67", False,
     [("appraisal", "", 20, W, f"{ND224} Điều 67", False), ("design", "", 10, W, f"{ND224} Điều 67", False),
      ("supplement", "", 3, W, f"{ND224} Điều 67", False), ("approval", "", 3, W, f"{ND224} Điều 67", False),
      _opinion()],
     RENTAL_224),
    ("procurement", "Mua sắm chuyển đổi số: theo pháp luật về đấu thầu, không lập dự án",
     "procurement", None, None, "Hồ sơ mua sắm theo quy định", False, "", "Thủ trưởng đơn vị sử dụng ngân sách",
     "Thiết bị thay thế, phần mềm thương mại, thiết bị đầu cuối, dịch vụ sẵn có.", f"{ND224} Điều 40.2, 65", False,
     [], []),
]

# What the decision approves: "Phê duyệt <subject> <project name>".
SUBJECTS = {
    "de_cuong": "đề cương và dự toán chi tiết",
    "recurrent_project": "dự án",
    "investment_one_step": "báo cáo kinh tế – kỹ thuật dự án",
    "investment_two_step": "dự án",
    "rental_plan": "kế hoạch thuê dịch vụ",
}

UNVERIFIED = {
    "ND73_82_2024": (ND73_PROCEDURES, "NĐ 82/2024/NĐ-CP sửa đổi NĐ 73/2019: nội dung chưa tra được (domain.md §1.5 [N]); "
                     "tạm giữ giá trị của NĐ 73/2019 — cần xác nhận. "),
    "ND45_2026": (ND224_PROCEDURES, "NĐ 45/2026/NĐ-CP: nội dung chưa kiểm chứng (domain.md §1.5 [U]); tạm lấy giá trị "
                  "tương ứng của NĐ 224/2026 — cần xác nhận. "),
}


def regimes():
    """(regime code, procedures, citation prefix, all rows flagged)."""
    yield "ND73_2019", ND73_PROCEDURES, "", False
    for code, (procs, prefix) in UNVERIFIED.items():
        yield code, procs, prefix, True
    yield "ND224_2026", ND224_PROCEDURES, "", False


def load(apps, schema_editor=None):
    LegalRegime = apps.get_model("rules", "LegalRegime")
    Procedure = apps.get_model("rules", "Procedure")
    TimeLimit = apps.get_model("rules", "TimeLimit")
    ChecklistItem = apps.get_model("rules", "ChecklistItem")
    for regime_code, procs, prefix, flagged in regimes():
        regime = LegalRegime.objects.filter(code=regime_code).first()
        if regime is None:
            continue
        for order, (code, name, kinds, lo, hi, dossier, appraise, appraising, approving, note, cite, unsure,
                    limits, checklist) in enumerate(procs):
            proc, _ = Procedure.objects.update_or_create(regime=regime, code=code, defaults=dict(
                name=name, kinds=kinds, min_amount=lo, max_amount=hi, dossier_name=dossier,
                approval_subject=SUBJECTS.get(code, ""), needs_appraisal=appraise, appraising_body=appraising, approving_body=approving, note=note,
                citation=prefix + cite, needs_confirmation=unsure or flagged, sort_order=(order + 1) * 10))
            proc.time_limits.all().delete()
            for step, group, days, unit, lcite, lunsure in limits:
                TimeLimit.objects.create(procedure=proc, step=step, group=group, days=days, unit=unit,
                                         citation=prefix + lcite, needs_confirmation=lunsure or flagged)
            proc.checklist.all().delete()
            for i, (kind, text, doc, required, auto, icite, iunsure) in enumerate(checklist):
                ChecklistItem.objects.create(procedure=proc, kind=kind, order=(i + 1) * 10, text=text,
                                             document_kind=doc, required=required, auto_check=auto,
                                             citation=prefix + icite, needs_confirmation=iunsure or flagged)
