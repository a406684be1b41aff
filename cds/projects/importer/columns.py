"""What the import sheet looks like: its columns (labels, header aliases, help), sheet names,
the example row, the kinds and states a row may name."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from cds.core.uploads import XLSX_CONTENT_TYPE  # noqa: F401 — callers read it here
from cds.text.normalize import fold

from ..models import Kind, State

DATA_SHEET = "Nhập dự án"
CATALOG_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"
EXAMPLE_NAME = "Ví dụ: Xây dựng cơ sở dữ liệu chuyên ngành y tế (xóa dòng này trước khi nhập)"

# States a legacy project may arrive in. "Tạm dừng" needs the state to resume to and
# "Đang thẩm định" needs an appraisal opened in the system, so both are done on screen.
IMPORT_STATES = tuple(s for s in State.values if s not in (State.PAUSED, State.IN_APPRAISAL))
KIND_SHORT_LABELS = {
    Kind.INVESTMENT: "Dự án đầu tư",
    Kind.RECURRENT: "Nhiệm vụ chi thường xuyên",
    Kind.RENTAL: "Thuê dịch vụ CNTT",
    Kind.PROCUREMENT: "Mua sắm",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 18
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("name", "Tên nhiệm vụ/dự án", True, ("ten nhiem vu", "ten du an", "ten"), 50,
           "Bắt buộc, tối đa 500 ký tự."),
    Column("kind", "Loại", True, ("loai nhiem vu du an", "loai hinh"), 26,
           "Bắt buộc: Dự án đầu tư, Nhiệm vụ chi thường xuyên, Thuê dịch vụ CNTT hoặc Mua sắm."),
    Column("group", "Nhóm", False, ("nhom du an",), 8, "QG, A, B, C hoặc - (không phân nhóm); để trống = -."),
    Column("regime", "Chế độ pháp lý", True, ("che do phap ly ap dung", "che do"), 18,
           "Bắt buộc: tên ngắn (VD: NĐ 73/2019) hoặc mã, xem sheet “Danh mục”."),
    Column("unit", "Đơn vị chủ đầu tư", True,
           ("chu dau tu", "don vi chu tri", "chu dau tu don vi chu tri", "don vi"), 32,
           "Bắt buộc: mã đơn vị, tên đầy đủ, tên viết tắt hoặc tên gọi khác."),
    Column("programme", "Chương trình", False, ("chuong trinh ke hoach", "chuong trinh de an ke hoach"), 30,
           "Tên hoặc mã chương trình, đề án, kế hoạch."),
    Column("start_year", "Năm bắt đầu", True, (), 10, "Bắt buộc, 4 chữ số, VD: 2024."),
    Column("end_year", "Năm kết thúc", False, ("nam hoan thanh",), 10, "Không trước năm bắt đầu."),
    Column("carried_over", "Chuyển tiếp", False, (), 10, "Có / Không (hoặc x / để trống)."),
    Column("state", "Trạng thái", False, (), 22, "Để trống = Đề xuất."),
    Column("objectives", "Mục tiêu", False, (), 36, ""),
    Column("scope", "Phạm vi", False, ("quy mo pham vi", "quy mo"), 30, ""),
    Column("funding_sources", "Nguồn vốn", False, (), 30,
           "Một hoặc nhiều nguồn (tên hoặc mã), cách nhau bằng dấu chấm phẩy “;”."),
    Column("approved", "Tổng mức/dự toán được duyệt", False,
           ("tong muc du toan duyet", "tong muc dau tu du toan duoc duyet", "tong muc dau tu",
            "du toan duoc duyet"), 20,
           "Số nguyên đồng, VD: 1.250.000.000. Khi có giá trị: bắt buộc số, ngày QĐ và nguồn vốn."),
    Column("decision_number", "Số QĐ phê duyệt", False, ("so quyet dinh phe duyet", "so qd"), 18, "VD: 1234/QĐ-UBND."),
    Column("decision_date", "Ngày QĐ phê duyệt", False, ("ngay quyet dinh phe duyet", "ngay qd"), 14,
           "dd/mm/yyyy, VD: 15/03/2024."),
    Column("disbursed", "Lũy kế giải ngân", False, ("da giai ngan", "giai ngan"), 20, "Số nguyên đồng."),
)
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED_KEYS = tuple(c.key for c in COLUMNS if c.required)


cached_fold = functools.lru_cache(maxsize=4096)(fold)  # catalogue cells repeat on every row


def header_key(text) -> str:
    """Folded header without notes in brackets or the required-marker asterisk."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text or ""))
    return fold(text)


EXAMPLE_FOLDED = fold(EXAMPLE_NAME)
HEADER_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    for _alias in (_c.label, *_c.aliases):
        HEADER_LOOKUP.setdefault(header_key(_alias), _c.key)
