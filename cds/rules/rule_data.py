"""The legal regimes, the procedures of each, their time limits and dossier checklists, as loaded
by migration 0006 (administrators edit them afterwards in /quan-tri/). Sources: NĐ 73/2019,
TT 03/2020, NĐ 45/2026 and NĐ 224/2026, cited on every row as a user reads it (số/ký hiệu, Điều,
khoản).

Each row also says whether its value has been checked against the text it cites (the
administrator's :class:`cds.core.models.Confirmation`): ``R1`` — checked when the rules were
first entered, against the full text of the decree or circular; ``R2`` — checked again in
12/2026 (time limits, thresholds, dates in force); ``Open(note)`` — not checked, the note says
what the value rests on. The rows of NĐ 73/2019 as amended by NĐ 82/2024 keep NĐ 73's values
(the amending decree's content is not in the system), and those of NĐ 45/2026 keep NĐ 224's
except where NĐ 45's own article was read: both are open."""
from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

TR = 1_000_000  # một triệu đồng
TY = 1_000_000_000  # một tỷ đồng

ND73 = "NĐ 73/2019/NĐ-CP"
TT03 = "TT 03/2020/TT-BTTTT"
ND45 = "NĐ 45/2026/NĐ-CP"
ND224 = "NĐ 224/2026/NĐ-CP"

# ------------------------------------------------------------------ confirmation


class Round(NamedTuple):
    """A round of checking the rows against their legal texts."""
    on: dt.date
    by: str


class Open(NamedTuple):
    """A row not checked against its text; ``note`` tells the administrator what it rests on."""
    note: str


R1 = Round(dt.date(2026, 11, 22), "Nhập quy tắc ban đầu (đối chiếu toàn văn)")
R2 = Round(dt.date(2026, 12, 1), "Đợt đối chiếu văn bản tháng 12/2026")

SOURCES = {
    ND73: "toàn văn NĐ 73/2019/NĐ-CP (Bộ Pháp điển, đề mục Công nghệ thông tin)",
    TT03: "toàn văn TT 03/2020/TT-BTTTT (Bộ Pháp điển, đề mục Công nghệ thông tin)",
    ND45: "toàn văn NĐ 45/2026/NĐ-CP theo từng điều (luatvietnam.vn)",
    ND224: "toàn văn NĐ 224/2026/NĐ-CP (luatvietnam.vn; vanban.chinhphu.vn, docid 218628)",
}

NOTE_82 = "Giá trị theo NĐ 73/2019 (NĐ 82/2024 chưa số hóa nội dung)."
NOTE_45 = ("Giá trị tạm lấy theo quy định tương ứng của NĐ 224/2026; chưa đối chiếu điều, khoản của "
           "NĐ 45/2026.")
NOTE_LDTC = ("Số ngày là giá trị mặc định: chưa đối chiếu văn bản hướng dẫn Luật Đầu tư công về thời hạn "
             "thẩm định, quyết định dự án.")
NOTE_OPINION = ("Nghị định không quy định thời hạn trả lời ý kiến; 5 ngày làm việc là mặc định của tỉnh, "
                "chuyên viên thẩm định ghi hạn khác khi xin ý kiến.")


def confirmation(check, citation: str, checked: str = "") -> dict:
    """The confirmation fields of a row whose ``check`` is R1, R2 or Open(note): checked against
    ``checked`` (default: the row's citation) in the full texts of the documents it names."""
    if isinstance(check, Open):
        return dict(confirmed_at=None, confirmed_by="", confirmed_against="", confirmation_note=check.note)
    sources = [text for doc, text in SOURCES.items() if doc in citation]
    against = (checked or citation) + (" — " + "; ".join(sources) if sources else "")
    return dict(confirmed_at=check.on, confirmed_by=check.by, confirmed_against=against[:500], confirmation_note="")


LDTC = "Luật Đầu tư công và văn bản hướng dẫn"
OPINION = "Do cơ quan thẩm định ấn định khi xin ý kiến (nghị định không quy định thời hạn trả lời)"

# ------------------------------------------------------------------ checklists
# (kind, text, document kind(s) "a|b", required, auto check, citation, check — see R1, R2 and Open)
D, C = "document", "content"

DE_CUONG = [
    (D, "Tờ trình đề nghị thẩm định (theo mẫu của Thông tư)", "to_trinh", True, "", f"{TT03} Điều 6", R1),
    (D, "Đề cương và dự toán chi tiết (03 bộ)", "de_cuong", True, "", f"{TT03} Điều 4, Điều 6", R1),
    (D, "Báo giá, chứng thư thẩm định giá hoặc bảng giải trình định mức, đơn giá", "bao_gia", False, "",
     f"{TT03} Điều 5", R1),
    (D, "Báo cáo hiện trạng, kết quả khảo sát", "khao_sat", False, "", f"{TT03} Điều 4.2", R1),
    (C, "Căn cứ pháp lý, sự cần thiết; phù hợp kế hoạch ứng dụng CNTT/chuyển đổi số được duyệt", "", True,
     "legal_basis", f"{TT03} Điều 4.2", R1),
    (C, "Không trùng lặp với hệ thống, cơ sở dữ liệu đã có; dùng lại nền tảng dùng chung", "", True,
     "overlap", f"{ND73} Điều 5; chỉ đạo của UBND tỉnh về chống đầu tư trùng lặp", R1),
    (C, "Giải pháp kỹ thuật, công nghệ phù hợp; đáp ứng tiêu chuẩn, yêu cầu chức năng", "", True, "",
     f"{TT03} Điều 7.3.a", R1),
    (C, "Tuân thủ Kiến trúc Chính quyền điện tử/Chính quyền số của tỉnh; khả năng kết nối, chia sẻ dữ liệu "
        "(LGSP, NDXP)", "", True, "architecture", f"{ND73} Điều 5; {TT03} Điều 7.3.a", R1),
    (C, "Áp dụng đúng định mức, đơn giá, chế độ chính sách và các khoản mục chi phí", "", True, "estimate",
     f"{TT03} Điều 7.3.b", R1),
    (C, "Khối lượng trong đề cương và dự toán thống nhất; chi phí dự phòng không quá 10%", "", True, "estimate",
     f"{TT03} Điều 5.2.e, Điều 7.3.c", R2),
]

INVEST_73 = lambda report, report_name, design: [  # noqa: E731
    (D, "Tờ trình đề nghị thẩm định", "to_trinh", True, "", f"{ND73} Điều 21, 22", R1),
    (D, report_name, report, True, "", f"{ND73} Điều 16, 22", R1),
    (D, f"Thiết kế ({design}) gồm thuyết minh và bản vẽ", "thiet_ke", True, "", f"{ND73} Điều 17, 27", R1),
    (D, "Báo cáo kết quả khảo sát", "khao_sat", True, "", f"{ND73} Điều 13–15, 21.1", R1),
    (D, "Quyết định phê duyệt chủ trương đầu tư", "chu_truong", True, "", f"{ND73} Điều 11; Luật Đầu tư công", R1),
    (D, "Dự toán/tổng mức đầu tư", "du_toan", report == "bcktkt", "", f"{ND73} Điều 19, 28", R1),
    (C, "Căn cứ pháp lý; phù hợp quy hoạch, chương trình, kế hoạch ứng dụng CNTT", "", True, "legal_basis",
     f"{ND73} Điều 21.3", R1),
    (C, "Không trùng lặp với hệ thống đã có; xây dựng trên nền tảng dùng chung", "", True, "overlap",
     f"{ND73} Điều 5", R1),
    (C, "Tuân thủ Khung Kiến trúc CPĐT Việt Nam / Kiến trúc CQĐT cấp tỉnh", "", True, "architecture",
     f"{ND73} Điều 5, 16, 21.3", R1),
    (C, "Lựa chọn công nghệ, thiết bị phù hợp; kết nối, chia sẻ dữ liệu; sẵn sàng IPv6", "", True,
     "architecture", f"{ND73} Điều 16, 21.3, 29.1", R1),
    (C, "Áp dụng tiêu chuẩn, quy chuẩn; đáp ứng yêu cầu chức năng, kỹ thuật cơ bản", "", True, "",
     f"{ND73} Điều 21.3, 29.1", R1),
    (C, "An toàn vận hành, phòng chống cháy nổ; an toàn thông tin", "", True, "", f"{ND73} Điều 27, 29.1", R1),
    (C, "Khối lượng thiết kế và dự toán thống nhất; áp dụng đúng định mức, đơn giá", "", True, "estimate",
     f"{ND73} Điều 29.2", R1),
]

RENTAL_73 = [
    (D, "Tờ trình thẩm định kế hoạch thuê (mẫu Phụ lục III)", "to_trinh", True, "", f"{ND73} Điều 56", R1),
    (D, "Kế hoạch thuê dịch vụ công nghệ thông tin", "ke_hoach_thue", True, "", f"{ND73} Điều 54, 56", R1),
    (D, "Báo giá, tài liệu xác định chi phí thuê", "bao_gia", False, "", f"{ND73} Điều 55", R1),
    (C, "Hiện trạng, sự cần thiết; phù hợp kế hoạch được duyệt", "", True, "legal_basis", f"{ND73} Điều 54", R1),
    (C, "Không trùng lặp; không thuê để nâng cấp hệ thống đã đầu tư", "", True, "overlap", f"{ND73} Điều 5, 54", R1),
    (C, "Yêu cầu chất lượng dịch vụ và yêu cầu kỹ thuật đáp ứng", "", True, "", f"{ND73} Điều 54", R1),
    (C, "Yêu cầu kết nối, tích hợp; tuân thủ kiến trúc", "", True, "architecture", f"{ND73} Điều 5, 54", R1),
    (C, "Bảo đảm an toàn thông tin, bảo vệ dữ liệu; quyền sở hữu và bàn giao dữ liệu", "", True, "",
     f"{ND73} Điều 48, 54", R1),
    (C, "Thời gian thuê từ 01 đến 05 năm", "", True, "", f"{ND73} Điều 54", R1),
    (C, "Dự toán thuê: đủ, hợp lý từng khoản mục chi phí", "", True, "estimate", f"{ND73} Điều 55, 56", R1),
]

SYSTEM_224 = lambda report, report_name: [  # noqa: E731
    (D, "Tờ trình thẩm định (nộp bản điện tử)", "to_trinh", True, "", f"{ND224} Điều 50", R1),
    (D, report_name, report, True, "", f"{ND224} Điều 45", R1),
    (D, "Thiết kế (TKCS hoặc TKCT)", "thiet_ke", True, "", f"{ND224} Điều 46–48", R1),
    (D, "Quyết định phê duyệt chủ trương đầu tư", "chu_truong", True, "", f"{ND224} Điều 50; Luật Đầu tư công", R1),
    (D, "Báo cáo kết quả thẩm tra (nếu có)", "tham_tra", False, "", f"{ND224} Điều 50", R1),
    (C, "Hồ sơ đúng quy định; phù hợp chủ trương đầu tư được duyệt", "", True, "legal_basis",
     f"{ND224} Điều 50; Luật Đầu tư công Điều 48.1", R1),
    (C, "Phù hợp Kế hoạch chuyển đổi số 5 năm, hằng năm của tỉnh", "", True, "legal_basis", f"{ND224} Điều 45", R1),
    (C, "Xây dựng nền tảng dùng chung thay cho phần mềm riêng lẻ; không trùng lặp hệ thống đã có", "", True,
     "overlap", f"{ND224} Điều 23, 38", R1),
    (C, "Tuân thủ Khung kiến trúc số; kết nối, chia sẻ dữ liệu (LGSP, NDXP); dữ liệu chủ lưu ở một hệ thống",
     "", True, "architecture", f"{ND224} Điều 23, 37, 50", R1),
    (C, "Thiết kế phù hợp; lựa chọn công nghệ; tiêu chuẩn; an toàn vận hành; an ninh mạng từ khâu thiết kế",
     "", True, "", f"{ND224} Điều 37, 46, 50", R1),
    (C, "Xác định tổng mức đầu tư, các khoản mục chi phí; phù hợp kế hoạch đầu tư công trung hạn, hằng năm",
     "", True, "estimate", f"{ND224} Điều 49, 50", R1),
]

RECURRENT_224 = [
    (D, "Tờ trình thẩm định (nộp bản điện tử)", "to_trinh", True, "", f"{ND224} Điều 66", R1),
    (D, "Báo cáo nghiên cứu khả thi hoặc báo cáo kinh tế – kỹ thuật", "bcnckt|bcktkt", True, "",
     f"{ND224} Điều 66", R1),
    (D, "Quyết định phê duyệt chủ trương và dự kiến kinh phí (NĐ 104/2026/NĐ-CP)", "chu_truong", True, "",
     f"{ND224} Điều 66", R1),
    (D, "Báo cáo kết quả thẩm tra (nếu có)", "tham_tra", False, "", f"{ND224} Điều 66", R1),
    (C, "Sự cần thiết; phù hợp Kế hoạch chuyển đổi số", "", True, "legal_basis", f"{ND224} Điều 66", R1),
    (C, "Không trùng lặp; dùng lại nền tảng, hệ thống dùng chung", "", True, "overlap", f"{ND224} Điều 23, 38", R1),
    (C, "Mục tiêu, sản phẩm đầu ra, quy mô; phương án vận hành, khai thác", "", True, "", f"{ND224} Điều 66", R1),
    (C, "Tuân thủ Khung kiến trúc số; kết nối, chia sẻ dữ liệu", "", True, "architecture", f"{ND224} Điều 37", R1),
    (C, "Tổng mức đầu tư, chi phí vận hành; tiến độ", "", True, "estimate", f"{ND224} Điều 49, 66", R1),
    (C, "Phân tích hiệu quả, tác động kinh tế – xã hội", "", True, "", f"{ND224} Điều 66", R1),
]

RENTAL_224 = [
    (D, "Tờ trình thẩm định (nộp bản điện tử)", "to_trinh", True, "", f"{ND224} Điều 67", R1),
    (D, "Kế hoạch thuê dịch vụ công nghệ số", "ke_hoach_thue", True, "", f"{ND224} Điều 67", R1),
    (D, "Quyết định phê duyệt chủ trương và dự kiến kinh phí (NĐ 104/2026/NĐ-CP)", "chu_truong", True, "",
     f"{ND224} Điều 67", R1),
    (D, "Báo cáo kết quả thẩm tra (nếu có)", "tham_tra", False, "", f"{ND224} Điều 67", R1),
    (C, "Phù hợp Kế hoạch chuyển đổi số; sự cần thiết", "", True, "legal_basis", f"{ND224} Điều 67", R1),
    (C, "Không thuê để nâng cấp hệ thống đã đầu tư; không trùng lặp", "", True, "overlap", f"{ND224} Điều 36", R1),
    (C, "Tuân thủ kiến trúc; yêu cầu kết nối", "", True, "architecture", f"{ND224} Điều 37, 67", R1),
    (C, "Chất lượng dịch vụ; quyền sở hữu và bàn giao toàn bộ dữ liệu khi kết thúc thuê", "", True, "",
     f"{ND224} Điều 58, 67", R1),
    (C, "Dự toán thuê: khoản mục chi phí, phương pháp xác định giá", "", True, "estimate", f"{ND224} Điều 49, 67", R1),
]

# ------------------------------------------------------------------ procedures
# code, name, kinds, min, max, dossier, needs appraisal, appraising, approving, note, citation, check,
# time limits [(step, group, days, unit, citation, check)], checklist
W, K = "working", "calendar"
APPRAISER_73 = "Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ) hoặc đầu mối thẩm định"
APPRAISER_224 = "Sở Khoa học và Công nghệ (đơn vị chuyên trách về chuyển đổi số) hoặc hội đồng thẩm định"
OPINION_LIMIT = ("opinion", "", 5, W, OPINION, Open(NOTE_OPINION))
LDTC_OPEN = Open(NOTE_LDTC)


ND73_PROCEDURES = [
    ("recurrent_small", "Chi thường xuyên đến 200 triệu đồng: mua sắm theo pháp luật về quản lý, sử dụng tài sản công",
     "recurrent", None, 200 * TR, "Hồ sơ mua sắm theo quy định", False, "", "Thủ trưởng đơn vị sử dụng ngân sách",
     "Không lập đề cương, không thẩm định theo Nghị định này.", f"{ND73} Điều 51.1", R2, [], []),
    ("de_cuong", "Đề cương và dự toán chi tiết (chi thường xuyên trên 200 triệu đến 15 tỷ đồng)",
     "recurrent", 200 * TR, 15 * TY, "Tờ trình và đề cương, dự toán chi tiết (03 bộ)", True, APPRAISER_73,
     "Người có thẩm quyền quyết định mua sắm từ nguồn chi thường xuyên", "",
     f"{ND73} Điều 51.2; {TT03} Điều 4–7", R2,
     [("appraisal", "", 15, W, f"{TT03} Điều 7.1", R2), ("supplement", "", 5, W, f"{TT03} Điều 7.1", R2),
      ("approval", "", 3, W, f"{TT03} Điều 7.2", R2), OPINION_LIMIT],
     DE_CUONG),
    ("recurrent_project", "Dự án (chi thường xuyên trên 15 tỷ đồng) theo thủ tục Chương II",
     "recurrent", 15 * TY, None, "Báo cáo nghiên cứu khả thi, thiết kế cơ sở", True, APPRAISER_73,
     "Người quyết định đầu tư theo pháp luật về ngân sách", "Đầu mối thẩm định là đơn vị chuyên môn trực thuộc người quyết định đầu tư.",
     f"{ND73} Điều 51.3", R2,
     [("appraisal", "", 30, K, LDTC, LDTC_OPEN), ("design", "A", 20, K, f"{ND73} Điều 21.2", R2),
      ("design", "B", 15, K, f"{ND73} Điều 21.2", R2), ("design", "", 10, K, f"{ND73} Điều 21.2", R2),
      ("approval", "", 10, K, LDTC, LDTC_OPEN), OPINION_LIMIT],
     INVEST_73("bcnckt", "Báo cáo nghiên cứu khả thi", "thiết kế cơ sở")),
    ("investment_one_step", "Dự án thiết kế một bước — báo cáo kinh tế – kỹ thuật (tổng mức đầu tư đến 15 tỷ đồng)",
     "investment", None, 15 * TY, "Báo cáo kinh tế – kỹ thuật (thiết kế chi tiết và dự toán)", True, APPRAISER_73,
     "Chủ tịch UBND tỉnh (người quyết định đầu tư)",
     "Dự án lớn hơn vẫn có thể thiết kế một bước nếu đã đủ điều kiện lập thiết kế chi tiết (Điều 10.2.c).",
     f"{ND73} Điều 10.2.b, 22, 29", R2,
     [("appraisal", "", 20, K, LDTC, LDTC_OPEN), ("design", "A", 20, K, f"{ND73} Điều 21.2", R2),
      ("design", "B", 15, K, f"{ND73} Điều 21.2", R2), ("design", "", 10, K, f"{ND73} Điều 21.2", R2),
      ("approval", "", 10, K, LDTC, LDTC_OPEN), OPINION_LIMIT],
     INVEST_73("bcktkt", "Báo cáo kinh tế – kỹ thuật", "thiết kế chi tiết")),
    ("investment_two_step", "Dự án thiết kế hai bước — báo cáo nghiên cứu khả thi (tổng mức đầu tư trên 15 tỷ đồng)",
     "investment", 15 * TY, None, "Báo cáo nghiên cứu khả thi kèm thiết kế cơ sở", True, APPRAISER_73,
     "Chủ tịch UBND tỉnh (người quyết định đầu tư)", "", f"{ND73} Điều 10, 16, 20–21", R2,
     [("appraisal", "A", 40, K, LDTC, LDTC_OPEN), ("appraisal", "B", 30, K, LDTC, LDTC_OPEN),
      ("appraisal", "", 20, K, LDTC, LDTC_OPEN), ("design", "A", 20, K, f"{ND73} Điều 21.2", R2),
      ("design", "B", 15, K, f"{ND73} Điều 21.2", R2), ("design", "", 10, K, f"{ND73} Điều 21.2", R2),
      ("approval", "", 10, K, LDTC, LDTC_OPEN), OPINION_LIMIT],
     INVEST_73("bcnckt", "Báo cáo nghiên cứu khả thi", "thiết kế cơ sở")),
    ("rental_plan", "Kế hoạch thuê dịch vụ CNTT theo yêu cầu riêng",
     "rental", None, None, "Tờ trình và kế hoạch thuê dịch vụ", True,
     "Đơn vị chuyên môn do người phê duyệt giao (lấy ý kiến Sở TT&TT/Sở KH&CN)",
     "Người có thẩm quyền quyết định mua sắm từ nguồn chi thường xuyên",
     "Dịch vụ sẵn có trên thị trường: kế hoạch thuê không bắt buộc (Điều 52.1).", f"{ND73} Điều 52–56", R1,
     [("appraisal", "", 20, K, f"{ND73} Điều 56", R2), ("supplement", "", 3, W, f"{ND73} Điều 56", R2),
      ("approval", "", 10, K, f"{ND73} Điều 56", R2), OPINION_LIMIT],
     RENTAL_73),
    ("procurement", "Mua sắm thiết bị, phần mềm thương mại: theo pháp luật về đấu thầu, mua sắm",
     "procurement", None, None, "Hồ sơ mua sắm theo quy định", False, "", "Thủ trưởng đơn vị sử dụng ngân sách",
     "Không thẩm định theo Nghị định này.", f"{ND73} Điều 10.2.a, 51.1", R1, [], []),
]

ND224_PROCEDURES = [
    ("investment_one_step", "Dự án hệ thống chuyển đổi số thiết kế một bước — báo cáo kinh tế – kỹ thuật "
     "(tổng mức đầu tư đến 20 tỷ đồng)",
     "investment", None, 20 * TY, "Báo cáo kinh tế – kỹ thuật (nộp điện tử)", True, APPRAISER_224,
     "Người quyết định đầu tư", "Đầu mối gửi thiết kế cho đơn vị thẩm định thiết kế trong 02 ngày làm việc (Điều 50.2).",
     f"{ND224} Điều 42, 45, 50", R2,
     [("appraisal", "A", 30, W, f"{ND224} Điều 50", R2),
      ("appraisal", "QG", 30, W, f"{ND224} Điều 50", Open("Điều 50 quy định thời hạn cho dự án nhóm A, B, C; "
                                                         "dự án quan trọng quốc gia lấy như nhóm A.")),
      ("appraisal", "", 20, W, f"{ND224} Điều 50", R2), ("design", "A", 15, W, f"{ND224} Điều 50", R2),
      ("design", "", 10, W, f"{ND224} Điều 50", R2), ("approval", "A", 5, W, f"{ND224} Điều 50", R2),
      ("approval", "", 3, W, f"{ND224} Điều 50", R2), OPINION_LIMIT],
     SYSTEM_224("bcktkt", "Báo cáo kinh tế – kỹ thuật")),
    ("investment_two_step", "Dự án hệ thống chuyển đổi số thiết kế hai bước — báo cáo nghiên cứu khả thi "
     "(tổng mức đầu tư trên 20 tỷ đồng)",
     "investment", 20 * TY, None, "Báo cáo nghiên cứu khả thi kèm thiết kế cơ sở (nộp điện tử)", True, APPRAISER_224,
     "Người quyết định đầu tư", "", f"{ND224} Điều 42, 45, 50", R2,
     [("appraisal", "A", 30, W, f"{ND224} Điều 50", R2),
      ("appraisal", "QG", 30, W, f"{ND224} Điều 50", Open("Điều 50 quy định thời hạn cho dự án nhóm A, B, C; "
                                                         "dự án quan trọng quốc gia lấy như nhóm A.")),
      ("appraisal", "", 20, W, f"{ND224} Điều 50", R2), ("design", "A", 15, W, f"{ND224} Điều 50", R2),
      ("design", "", 10, W, f"{ND224} Điều 50", R2), ("approval", "A", 5, W, f"{ND224} Điều 50", R2),
      ("approval", "", 3, W, f"{ND224} Điều 50", R2), OPINION_LIMIT],
     SYSTEM_224("bcnckt", "Báo cáo nghiên cứu khả thi")),
    ("recurrent_project", "Dự án chuyển đổi số sử dụng kinh phí chi thường xuyên",
     "recurrent", None, None, "Tờ trình, báo cáo nghiên cứu khả thi/kinh tế – kỹ thuật (nộp điện tử)", True,
     APPRAISER_224, "Theo NĐ 104/2026/NĐ-CP (thẩm quyền mua sắm chi thường xuyên)",
     "Không còn các mức 200 triệu/15 tỷ đồng và đề cương, dự toán chi tiết.", f"{ND224} Điều 66", R2,
     [("appraisal", "", 20, W, f"{ND224} Điều 66", R2), ("design", "", 10, W, f"{ND224} Điều 66", R2),
      ("approval", "", 3, W, f"{ND224} Điều 66", R2), OPINION_LIMIT],
     RECURRENT_224),
    ("rental_plan", "Kế hoạch thuê dịch vụ công nghệ số theo yêu cầu riêng",
     "rental", None, None, "Tờ trình và kế hoạch thuê dịch vụ (nộp điện tử)", True, APPRAISER_224,
     "Theo NĐ 104/2026/NĐ-CP", "Dịch vụ sẵn có: mua sắm theo pháp luật đấu thầu, không lập kế hoạch thuê (Điều 65).",
     f"{ND224} Điều 67", R2,
     [("appraisal", "", 20, W, f"{ND224} Điều 67", R2), ("design", "", 10, W, f"{ND224} Điều 67", R2),
      ("supplement", "", 3, W, f"{ND224} Điều 67", R1), ("approval", "", 3, W, f"{ND224} Điều 67", R2),
      OPINION_LIMIT],
     RENTAL_224),
    ("procurement", "Mua sắm chuyển đổi số: theo pháp luật về đấu thầu, không lập dự án",
     "procurement", None, None, "Hồ sơ mua sắm theo quy định", False, "", "Thủ trưởng đơn vị sử dụng ngân sách",
     "Thiết bị thay thế, phần mềm thương mại, thiết bị đầu cuối, dịch vụ sẵn có.", f"{ND224} Điều 40.2, 65", R1,
     [], []),
]


def _as_nd82(procedures):
    """NĐ 73/2019 as amended by NĐ 82/2024: NĐ 73's rows and citations, not checked."""
    note = Open(NOTE_82)
    return [(*p[:11], note, [(*t[:5], note) for t in p[12]], [(*i[:6], note) for i in p[13]]) for p in procedures]


_ND224_CITE = re.compile(r"NĐ 224/2026/NĐ-CP(?: Điều [0-9.,–\s]+[0-9])?")
# NĐ 45/2026 articles read for a procedure's routing (one-step design up to 20 tỷ: Điều 9.2.a).
ND45_ROUTING = {"investment_one_step": f"{ND45} Điều 9.2.a", "investment_two_step": f"{ND45} Điều 9.2.a"}
NOTE_45_ROUTING = ("Ngưỡng 20 tỷ đồng đã đối chiếu NĐ 45/2026 Điều 9 khoản 2 điểm a; các nội dung khác tạm lấy "
                   "theo NĐ 224/2026.")


def _as_nd45(procedures):
    """NĐ 45/2026 (01/3–30/6/2026): NĐ 224's values, cited to NĐ 45 without the articles of NĐ 224
    (which NĐ 45's articles they match has not been checked), not checked — except the routing
    threshold read in NĐ 45 Điều 9."""
    def cite(text):
        return _ND224_CITE.sub(ND45, text)

    out = []
    for p in procedures:
        code, citation = p[0], ND45_ROUTING.get(p[0]) or cite(p[10])
        note_text = p[9] if code == "procurement" else ""  # the other notes state NĐ 224's own rules
        check = Open(NOTE_45_ROUTING if code in ND45_ROUTING else NOTE_45)
        limits = [(*t[:4], cite(t[4]), t[5] if t[4] == OPINION else Open(NOTE_45)) for t in p[12]]
        items = [(*i[:5], cite(i[5]), Open(NOTE_45)) for i in p[13]]
        out.append((*p[:9], note_text, citation, check, limits, items))
    return out


# What the decision approves: "Phê duyệt <subject> <project name>".
SUBJECTS = {
    "de_cuong": "đề cương và dự toán chi tiết",
    "recurrent_project": "dự án",
    "investment_one_step": "báo cáo kinh tế – kỹ thuật dự án",
    "investment_two_step": "dự án",
    "rental_plan": "kế hoạch thuê dịch vụ",
}

# ------------------------------------------------------------------ regimes
# code, name (as a decision cites it), short name, in force from, to, citation, check, order, what was checked
D_ = dt.date
REGIMES = [
    ("ND102_2009", "Nghị định số 102/2009/NĐ-CP của Chính phủ về quản lý đầu tư ứng dụng công nghệ thông tin "
     "sử dụng nguồn vốn ngân sách nhà nước",
     "NĐ 102/2009", None, D_(2019, 12, 31),
     "NĐ 102/2009/NĐ-CP; được thay thế bởi NĐ 73/2019/NĐ-CP từ ngày 01/01/2020.",
     Open("Ngày có hiệu lực chưa đối chiếu; chế độ này chưa có quy tắc thủ tục."), 5, ""),
    ("ND73_2019", "Nghị định số 73/2019/NĐ-CP ngày 05/9/2019 của Chính phủ quy định quản lý đầu tư ứng dụng "
     "công nghệ thông tin sử dụng nguồn vốn ngân sách nhà nước",
     "NĐ 73/2019", D_(2020, 1, 1), D_(2024, 7, 9),
     "NĐ 73/2019/NĐ-CP ngày 05/9/2019, có hiệu lực từ ngày 01/01/2020, thay thế NĐ 102/2009/NĐ-CP; "
     "từ ngày 10/7/2024 áp dụng cùng NĐ 82/2024/NĐ-CP sửa đổi, bổ sung. Đề cương và dự toán chi tiết: "
     "TT 03/2020/TT-BTTTT.", R2, 10,
     "NĐ 73/2019/NĐ-CP: số, ngày ban hành, ngày có hiệu lực"),
    ("ND73_82_2024", "Nghị định số 73/2019/NĐ-CP ngày 05/9/2019 của Chính phủ quy định quản lý đầu tư ứng dụng "
     "công nghệ thông tin sử dụng nguồn vốn ngân sách nhà nước, được sửa đổi, bổ sung bởi Nghị định số "
     "82/2024/NĐ-CP ngày 10/7/2024 của Chính phủ",
     "NĐ 73 + NĐ 82/2024", D_(2024, 7, 10), D_(2026, 2, 28),
     "NĐ 82/2024/NĐ-CP ngày 10/7/2024 sửa đổi, bổ sung NĐ 73/2019/NĐ-CP; hai nghị định hết hiệu lực từ ngày "
     "01/3/2026 (NĐ 45/2026/NĐ-CP Điều 41.2).",
     Open(NOTE_82 + " Ngày bắt đầu áp dụng lấy theo ngày ban hành NĐ 82/2024."), 20, ""),
    ("ND45_2026", "Nghị định số 45/2026/NĐ-CP ngày 26/01/2026 của Chính phủ về quản lý đầu tư ứng dụng công nghệ "
     "thông tin sử dụng nguồn vốn ngân sách nhà nước",
     "NĐ 45/2026", D_(2026, 3, 1), D_(2026, 6, 30),
     "NĐ 45/2026/NĐ-CP ngày 26/01/2026, có hiệu lực từ ngày 01/3/2026, thay thế NĐ 73/2019/NĐ-CP, NĐ 82/2024/NĐ-CP "
     "(Điều 41.2) và NQ 04/2025/NQ-CP (Điều 41.3); dự án đã có báo cáo thẩm định nhưng chưa có quyết định được "
     "tiếp tục theo quy định trước đó hoặc áp dụng Nghị định này (Điều 42). Hết hiệu lực từ ngày 01/7/2026 "
     "(NĐ 224/2026/NĐ-CP Điều 90).", R2, 30,
     "NĐ 45/2026/NĐ-CP: số, ngày, hiệu lực, Điều 41, 42; NĐ 224/2026/NĐ-CP Điều 90"),
    ("ND224_2026", "Nghị định số 224/2026/NĐ-CP ngày 24/6/2026 của Chính phủ quy định chi tiết một số điều và biện "
     "pháp thi hành Luật Chuyển đổi số",
     "NĐ 224/2026", D_(2026, 7, 1), None,
     "NĐ 224/2026/NĐ-CP ngày 24/6/2026, có hiệu lực từ ngày 01/7/2026; Chương VI: quản lý đầu tư, mua sắm, thuê "
     "dịch vụ cho chuyển đổi số sử dụng ngân sách nhà nước; bãi bỏ NĐ 45/2026/NĐ-CP (Điều 90); chuyển tiếp theo "
     "Điều 91.", R2, 40, "NĐ 224/2026/NĐ-CP: số, ngày, hiệu lực, Điều 90, 91"),
]

PROCEDURES = {
    "ND73_2019": ND73_PROCEDURES,
    "ND73_82_2024": _as_nd82(ND73_PROCEDURES),
    "ND45_2026": _as_nd45(ND224_PROCEDURES),
    "ND224_2026": ND224_PROCEDURES,
}


def load(apps, schema_editor=None):
    """Write the regimes and their rules; rows are matched by their keys (regime code; procedure
    code; step and group; checklist kind and text) and updated in place, never deleted — a
    dossier keeps pointing at its checklist items."""
    LegalRegime = apps.get_model("rules", "LegalRegime")
    Procedure = apps.get_model("rules", "Procedure")
    TimeLimit = apps.get_model("rules", "TimeLimit")
    ChecklistItem = apps.get_model("rules", "ChecklistItem")
    for code, name, short, start, end, cite, check, order, checked in REGIMES:
        LegalRegime.objects.update_or_create(code=code, defaults=dict(
            name=name, short_name=short, in_force_from=start, in_force_to=end, citation=cite, sort_order=order,
            **confirmation(check, checked, checked)))
    for regime_code, procs in PROCEDURES.items():
        regime = LegalRegime.objects.get(code=regime_code)
        for order, (code, name, kinds, lo, hi, dossier, appraise, appraising, approving, note, cite, check,
                    limits, checklist) in enumerate(procs):
            proc, _ = Procedure.objects.update_or_create(regime=regime, code=code, defaults=dict(
                name=name, kinds=kinds, min_amount=lo, max_amount=hi, dossier_name=dossier,
                approval_subject=SUBJECTS.get(code, ""), needs_appraisal=appraise, appraising_body=appraising,
                approving_body=approving, note=note, citation=cite, sort_order=(order + 1) * 10,
                **confirmation(check, cite)))
            for step, group, days, unit, lcite, lcheck in limits:
                TimeLimit.objects.update_or_create(procedure=proc, step=step, group=group, defaults=dict(
                    days=days, unit=unit, citation=lcite, **confirmation(lcheck, lcite)))
            for i, (kind, text, doc, required, auto, icite, icheck) in enumerate(checklist):
                fields = dict(order=(i + 1) * 10, document_kind=doc, required=required, auto_check=auto,
                              citation=icite, **confirmation(icheck, icite))
                item = ChecklistItem.objects.filter(procedure=proc, kind=kind, text=text).order_by("id").first()
                if item is None:
                    ChecklistItem.objects.create(procedure=proc, kind=kind, text=text, **fields)
                else:
                    ChecklistItem.objects.filter(pk=item.pk).update(**fields)
