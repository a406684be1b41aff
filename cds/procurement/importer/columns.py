"""The fields a column of an imported sheet may fill, the words a choice cell may hold, and how a
:class:`~cds.procurement.models.ColumnMapping` row's headers are matched: folded (no diacritics,
case, punctuation or repeated spaces), with or without the notes in brackets ("Giá gói thầu
(VND)" matches "GIA GOI THAU")."""
from __future__ import annotations

from cds.projects.importer.columns import header_key
from cds.text.normalize import fold

from ..models import Budget, ContractType, Field, Method, Mode

# field code → its name on the preview page and in error messages
FIELDS: dict[str, str] = {
    "project_code": "Mã nhiệm vụ/dự án",
    "project": "Tên nhiệm vụ/dự án",
    "plan_name": "Tên kế hoạch lựa chọn nhà thầu",
    "plan_code": "Mã KHLCNT",
    "plan_decision_number": "Số quyết định KHLCNT",
    "plan_decision_date": "Ngày phê duyệt KHLCNT",
    "budget": "Nguồn mua sắm",
    "name": "Tên gói thầu",
    "field": "Lĩnh vực",
    "package_price": "Giá gói thầu",
    "funding_source": "Nguồn vốn",
    "method": "Hình thức lựa chọn nhà thầu",
    "method_ground": "Căn cứ áp dụng hình thức",
    "mode": "Phương thức",
    "online": "Qua mạng",
    "contract_type": "Loại hợp đồng",
    "duration_days": "Thời gian thực hiện hợp đồng (ngày)",
    "selection_start": "Thời gian bắt đầu lựa chọn nhà thầu",
    "notice_code": "Mã TBMT",
    "contractor_name": "Nhà thầu trúng thầu",
    "contractor_tax_code": "Mã số thuế",
    "awarded_price": "Giá trúng thầu",
    "bidders": "Số nhà thầu dự thầu",
    "awarded_on": "Ngày phê duyệt kết quả",
    "award_decision": "Số quyết định phê duyệt kết quả",
    "inviting_party": "Bên mời thầu",
    "investor": "Chủ đầu tư",
}
REQUIRED = ("name", "field", "package_price", "method", "selection_start")
RESULT_KEYS = ("contractor_name", "contractor_tax_code", "awarded_price", "bidders", "awarded_on", "award_decision")
PLAN_KEYS = {"plan_name": "name", "plan_code": "plan_code", "plan_decision_number": "decision_number",
             "plan_decision_date": "decision_date", "budget": "budget"}
PACKAGE_KEYS = ("name", "field", "package_price", "funding_source", "method", "method_ground", "mode", "online",
                "contract_type", "duration_days", "selection_start", "notice_code")
MONEY_KEYS = {"package_price", "awarded_price"}
DATE_KEYS = {"plan_decision_date", "selection_start", "awarded_on"}
INTEGER_KEYS = {"duration_days", "bidders"}
CHOICE_KEYS = {"field": Field, "method": Method, "mode": Mode, "contract_type": ContractType, "budget": Budget}

EXAMPLE_NAME = "Ví dụ: Mua sắm máy chủ cho cơ sở dữ liệu đất đai (xóa dòng này trước khi nhập)"
EXAMPLE_FOLDED = fold(EXAMPLE_NAME)


def _words(choices, extra=()) -> dict[str, str]:
    words = {}
    for value, label in choices.choices:
        if value:
            words.setdefault(fold(label), value)
            words.setdefault(fold(value), value)
    for word, value in extra:
        words.setdefault(fold(word), value)
    return words


# The labels as units and the national system write them, folded.
WORDS: dict[str, dict[str, str]] = {
    "field": _words(Field, [("Hàng hoá", Field.GOODS), ("Phi tư vấn", Field.NON_CONSULTING),
                            ("Thuê dịch vụ công nghệ thông tin", Field.IT_SERVICE),
                            ("Thuê dịch vụ", Field.IT_SERVICE), ("Xây lắp công trình", Field.WORKS)]),
    "method": _words(Method, [("Đấu thầu rộng rãi qua mạng", Method.OPEN), ("Đấu thầu rộng rãi trong nước",
                                                                            Method.OPEN),
                              ("Đấu thầu rộng rãi quốc tế", Method.OPEN),
                              ("Chào hàng cạnh tranh trong nước", Method.COMPETITIVE),
                              ("Chào hàng cạnh tranh qua mạng", Method.COMPETITIVE),
                              ("Chỉ định thầu thông thường", Method.DIRECT),
                              ("Chỉ định thầu theo quy trình rút gọn", Method.DIRECT_SHORT),
                              ("Đấu thầu hạn chế trong nước", Method.RESTRICTED)]),
    "mode": _words(Mode, [("1 giai đoạn 1 túi hồ sơ", Mode.ONE_STAGE_ONE), ("1 giai đoạn 2 túi hồ sơ",
                                                                            Mode.ONE_STAGE_TWO),
                          ("2 giai đoạn 1 túi hồ sơ", Mode.TWO_STAGE_ONE), ("2 giai đoạn 2 túi hồ sơ",
                                                                            Mode.TWO_STAGE_TWO)]),
    "contract_type": _words(ContractType, [("Hợp đồng trọn gói", ContractType.LUMP_SUM),
                                           ("Đơn giá cố định", ContractType.FIXED_UNIT),
                                           ("Đơn giá điều chỉnh", ContractType.ADJUSTABLE_UNIT),
                                           ("Theo kết quả đầu ra", ContractType.OUTPUT)]),
    "budget": _words(Budget, [("Dự toán mua sắm", Budget.RECURRENT), ("Chi thường xuyên", Budget.RECURRENT),
                              ("Dự án", Budget.PROJECT)]),
}
LABELS: dict[str, str] = {key: ", ".join(label for value, label in choices.choices if value)
                          for key, choices in CHOICE_KEYS.items()}
ONLINE_WORDS = {fold(w): True for w in ("Qua mạng", "Có", "x", "1", "Đấu thầu qua mạng", "Trực tuyến", "true")}
ONLINE_WORDS.update({fold(w): False for w in ("Không qua mạng", "Không", "0", "Trực tiếp", "false")})


def header_keys(text) -> tuple[str, ...]:
    """The keys a header is looked up by: folded whole, then without its notes in brackets."""
    keys = (fold(text), header_key(text))
    return tuple(k for i, k in enumerate(keys) if k and k not in keys[:i])


def lookup(columns: dict) -> dict[str, str]:
    """Folded header → field code of a mapping's ``columns``."""
    out: dict[str, str] = {}
    for header, key in columns.items():
        for folded in header_keys(header):
            out.setdefault(folded, key)
    return out


def unknown_fields(columns) -> list[str]:
    """The headers of a mapping whose field code is not one of :data:`FIELDS`."""
    if not isinstance(columns, dict):
        return ["(ánh xạ không phải là danh sách cột)"]
    return [str(h) for h, key in columns.items() if key not in FIELDS]
