"""The procurement rule rows the migrations load: the law versions, the limits of each selection
method under each, the default cut-offs of the warning checks and the two column mappings
shipped (a unit's own sheet, the national e-procurement system's public result export).

A later law version is a new block of rows here and a new migration that loads it; rows of an
earlier version are never changed, so old packages keep being judged by the law of their day."""
import datetime as dt

TRIEU = 1_000_000
TY = 1_000_000_000

L22 = "Luật Đấu thầu số 22/2023/QH15"
L57 = "Luật số 57/2024/QH15"
L90 = "Luật số 90/2025/QH15"
ND214 = "Nghị định số 214/2025/NĐ-CP"

CHECKED_ON = dt.date(2026, 12, 7)
CHECKED_BY = "Đợt đối chiếu văn bản đấu thầu tháng 12/2026"
AGAINST = {
    "L43_2013": "",
    "L22_2023": "toàn văn Luật Đấu thầu 22/2023/QH15 và văn bản hợp nhất 126/VBHN-VPQH năm 2025",
    "L57_2024": "toàn văn Luật 57/2024/QH15 (Công báo ngày 29/12/2024)",
    "L90_2025": "toàn văn Luật 90/2025/QH15",
    "ND214_2025": "toàn văn Nghị định 214/2025/NĐ-CP (hai bản đối chiếu trùng nhau)",
}

# (code, name, short name, in force from, limits configured, citation)
LAWS = [
    ("L43_2013", "Luật Đấu thầu số 43/2013/QH13", "Luật Đấu thầu 2013", dt.date(2014, 7, 1), False,
     "Luật Đấu thầu số 43/2013/QH13 ngày 26/11/2013, có hiệu lực từ ngày 01/7/2014"),
    ("L22_2023", "Luật Đấu thầu số 22/2023/QH15", "Luật Đấu thầu 2023", dt.date(2024, 1, 1), True,
     f"{L22} ngày 23/6/2023, có hiệu lực từ ngày 01/01/2024"),
    ("L57_2024", "Luật Đấu thầu 2023, sửa đổi bởi Luật số 57/2024/QH15", "Luật Đấu thầu (sửa đổi 2024)",
     dt.date(2025, 1, 15), True,
     f"{L22}, sửa đổi, bổ sung bởi {L57} ngày 29/11/2024, có hiệu lực từ ngày 15/01/2025"),
    ("L90_2025", "Luật Đấu thầu 2023, sửa đổi bởi Luật số 90/2025/QH15", "Luật Đấu thầu (sửa đổi 2025)",
     dt.date(2025, 7, 1), False,
     f"{L22}, sửa đổi, bổ sung bởi {L57} và {L90}, có hiệu lực từ ngày 01/7/2025 (hạn mức các hình thức "
     f"lựa chọn nhà thầu do Chính phủ quy định)"),
    ("ND214_2025", "Luật Đấu thầu (sửa đổi 2025) và Nghị định số 214/2025/NĐ-CP", "NĐ 214/2025/NĐ-CP",
     dt.date(2025, 8, 4), True,
     f"{L22} (sửa đổi bởi {L57}, {L90}); {ND214} ngày 04/8/2025, có hiệu lực từ ngày 04/8/2025, thay thế "
     f"Nghị định 24/2024/NĐ-CP và Nghị định 17/2025/NĐ-CP"),
]

PRICED = ("goods", "non_consulting", "works", "mixed", "it_service")
SIMPLE = ("goods", "non_consulting", "works", "it_service")
ONLINE_2025 = dt.date(2025, 1, 1)


def _direct(consulting: int, others: int, recurrent: int, cite_project: str, cite_recurrent: str) -> list:
    rows = [("direct", "consulting", "project", consulting, cite_project)]
    rows += [("direct", f, "project", others, cite_project) for f in PRICED]
    rows.append(("direct", "", "recurrent", recurrent, cite_recurrent))
    rows += [("direct_short", f, b, m, c) for (_, f, b, m, c) in list(rows)]
    return rows


def _competitive(limit: int, cite: str) -> list:
    rows = [("competitive", f, "", limit, cite) for f in SIMPLE]
    rows += [("competitive", f, "", 0, cite) for f in ("consulting", "mixed")]
    return rows


def _online(cite: str, since=None) -> list:
    return [(m, "", "", None, cite, since) for m in ("open", "restricted", "competitive")]


# (method, field, budget, max amount or None, citation[, online from]) per law version; a row with
# an online date (6 items) marks the method as online-only from that day.
RULES = {
    "L43_2013": (),
    "L22_2023": (
        _direct(500 * TRIEU, 1 * TY, 100 * TRIEU, f"{L22} Điều 23", f"{L22} Điều 23")
        + _competitive(5 * TY, f"{L22} Điều 24")
        + _online(f"{L22} Điều 50 khoản 1 điểm b (lựa chọn nhà thầu qua mạng từ ngày 01/01/2025)", ONLINE_2025)
    ),
    "L57_2024": (
        _direct(500 * TRIEU, 1 * TY, 300 * TRIEU, f"{L22} Điều 23", f"{L22} Điều 23, sửa đổi bởi {L57}")
        + _competitive(5 * TY, f"{L22} Điều 24")
        + _online(f"{L22} Điều 50 khoản 1 điểm b", ONLINE_2025)
    ),
    "L90_2025": _online(f"{L22} Điều 50 khoản 1 điểm b", ONLINE_2025),
    "ND214_2025": (
        _direct(800 * TRIEU, 2 * TY, 500 * TRIEU, f"{ND214} Điều 78", f"{ND214} Điều 78 khoản 4")
        + _competitive(10 * TY, f"{ND214} Điều 81")
        + [("online_quote", "", "recurrent", 2 * TY, f"{ND214} Điều 99 khoản 3"),
           ("online_quote", "", "project", 5 * TY, f"{ND214} Điều 99 khoản 3"),
           ("online_shop", "", "recurrent", 500 * TRIEU, f"{ND214} Điều 103"),
           ("online_shop", "", "project", 1 * TY, f"{ND214} Điều 103")]
        + _online(f"{L22} Điều 50 khoản 1 điểm b; {ND214} Điều 98 khoản 10")
    ),
}

# The cut-offs no law fixes: the province's administrator changes them (a row per province).
SETTINGS = [
    ("price_close_pct", "1", "Giá trúng thầu cách giá gói thầu không quá tỷ lệ này (%) được nêu để xem xét."),
    ("split_window_days", "365", "Các gói cùng đơn vị, cùng lĩnh vực bắt đầu lựa chọn trong khoảng này (ngày) "
                                 "được cộng lại khi xét chia nhỏ gói thầu."),
    ("share_pct", "50", "Một nhà thầu trúng từ tỷ lệ này (%) số gói thầu CNTT của một đơn vị trở lên."),
    ("share_min_packages", "4", "Chỉ xét tỷ lệ trúng thầu của một nhà thầu khi đơn vị có ít nhất số gói này "
                                "đã có kết quả."),
    ("share_window_years", "3", "Số năm gần nhất (tính theo ngày phê duyệt kết quả) dùng để tính tỷ lệ trúng thầu."),
    ("late_grace_days", "0", "Số ngày chậm so với ngày hoàn thành theo hợp đồng còn được chấp nhận."),
]

# Headers as units and the national system write them (matched without diacritics, case or spacing).
SHEET_COLUMNS = {
    "Tên nhiệm vụ/dự án": "project", "Mã nhiệm vụ/dự án": "project_code",
    "Tên kế hoạch lựa chọn nhà thầu": "plan_name", "Mã KHLCNT": "plan_code",
    "Số quyết định KHLCNT": "plan_decision_number", "Ngày phê duyệt KHLCNT": "plan_decision_date",
    "Tên gói thầu": "name", "Lĩnh vực": "field", "Giá gói thầu": "package_price", "Nguồn vốn": "funding_source",
    "Hình thức lựa chọn nhà thầu": "method", "Căn cứ áp dụng hình thức": "method_ground",
    "Phương thức": "mode", "Qua mạng": "online", "Loại hợp đồng": "contract_type",
    "Thời gian thực hiện hợp đồng (ngày)": "duration_days", "Thời gian bắt đầu lựa chọn nhà thầu": "selection_start",
    "Mã TBMT": "notice_code", "Nhà thầu trúng thầu": "contractor_name", "Mã số thuế": "contractor_tax_code",
    "Giá trúng thầu": "awarded_price", "Số nhà thầu dự thầu": "bidders", "Ngày phê duyệt kết quả": "awarded_on",
    "Số quyết định phê duyệt kết quả": "award_decision",
}
NATIONAL_COLUMNS = {
    "Mã TBMT": "notice_code", "Mã KHLCNT": "plan_code", "Tên gói thầu": "name", "Bên mời thầu": "inviting_party",
    "Chủ đầu tư": "investor", "Lĩnh vực": "field", "Hình thức lựa chọn nhà thầu": "method",
    "Phương thức lựa chọn nhà thầu": "mode", "Giá gói thầu (VND)": "package_price",
    "Giá trúng thầu (VND)": "awarded_price", "Nhà thầu trúng thầu": "contractor_name",
    "Mã định danh/MST": "contractor_tax_code", "Số nhà thầu tham dự": "bidders", "Ngày phê duyệt": "awarded_on",
    "Số quyết định phê duyệt": "award_decision", "Loại hợp đồng": "contract_type",
    "Thời gian thực hiện hợp đồng": "duration_days", "Ngày đăng tải thông báo": "selection_start",
    "Hình thức dự thầu": "online",
}
MAPPINGS = [
    ("unit_sheet", "Bảng theo dõi gói thầu của đơn vị", "sheet", SHEET_COLUMNS),
    ("muasamcong", "Kết quả lựa chọn nhà thầu xuất từ Hệ thống mạng đấu thầu quốc gia", "national",
     NATIONAL_COLUMNS),
]


def _confirmation(code: str) -> dict:
    if not AGAINST[code]:
        return dict(confirmation_note="Hạn mức theo văn bản này chưa được nhập: gói thầu của giai đoạn này "
                                      "không được kiểm tra hạn mức hình thức lựa chọn nhà thầu.")
    return dict(confirmed_at=CHECKED_ON, confirmed_by=CHECKED_BY, confirmed_against=AGAINST[code])


def load(apps, schema_editor=None) -> None:
    LawVersion = apps.get_model("procurement", "LawVersion")
    MethodRule = apps.get_model("procurement", "MethodRule")
    Setting = apps.get_model("procurement", "Setting")
    ColumnMapping = apps.get_model("procurement", "ColumnMapping")
    for code, name, short, since, configured, citation in LAWS:
        law, _ = LawVersion.objects.update_or_create(code=code, defaults=dict(
            name=name, short_name=short, in_force_from=since, limits_configured=configured, citation=citation,
            **_confirmation(code)))
        for row in RULES[code]:
            method, field, budget, limit, cite = row[:5]
            online_from = row[5] if len(row) > 5 else None
            MethodRule.objects.update_or_create(law=law, method=method, field=field, budget=budget, defaults=dict(
                max_amount=limit, online_required=len(row) > 5, online_from=online_from, citation=cite,
                **_confirmation(code)))
    for code, value, note in SETTINGS:
        Setting.objects.update_or_create(code=code, root_unit=None, defaults=dict(value=value, note=note))
    for code, name, source, columns in MAPPINGS:
        ColumnMapping.objects.update_or_create(code=code, defaults=dict(name=name, source=source, columns=columns))
