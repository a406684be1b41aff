"""What the proposals sheet looks like: its fixed columns (labels, header aliases, help), one
money column per year of the round and funding source of its envelopes, sheet names and the
words a choice cell may hold."""
from __future__ import annotations

import re

from cds.projects.importer.columns import KIND_SHORT_LABELS, Column, header_key
from cds.projects.models import KIND_CODE_PREFIX, Kind
from cds.text.normalize import fold

from ..models import Basis, Priority

DATA_SHEET = "Đề xuất"
CATALOG_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"
EXAMPLE_NAME = "Ví dụ: Nâng cấp hệ thống một cửa điện tử của đơn vị (xóa dòng này trước khi nhập)"

BASIS_LABELS = {Basis.NEW: "Mới", Basis.CARRIED: "Chuyển tiếp"}
PRIORITY_LABELS = {Priority.HIGH: "Cao", Priority.MEDIUM: "Trung bình", Priority.LOW: "Thấp"}

COLUMNS: tuple[Column, ...] = (
    Column("stt", "STT", False, ("so thu tu", "tt"), 6, "Số thứ tự, chỉ để đối chiếu; không bắt buộc."),
    Column("name", "Tên nhiệm vụ", True, ("ten nhiem vu du an", "ten du an", "nhiem vu", "ten"), 46,
           "Bắt buộc với đề xuất mới, tối đa 500 ký tự. Đề xuất chuyển tiếp để trống = tên trong danh mục."),
    Column("basis", "Loại đề xuất", False, ("moi chuyen tiep", "loai de xuat moi chuyen tiep"), 14,
           "Mới hoặc Chuyển tiếp; để trống = Mới (hoặc Chuyển tiếp khi có mã nhiệm vụ/dự án)."),
    Column("project", "Mã nhiệm vụ/dự án", False, ("ma nhiem vu", "ma du an", "ma nhiem vu du an chuyen tiep"), 16,
           "Chỉ với đề xuất chuyển tiếp: mã nhiệm vụ/dự án của đơn vị trong danh mục (xem sheet “Danh mục”). "
           "Ô để trống được lấy từ danh mục, kinh phí để trống = phần còn phải bố trí."),
    Column("objectives", "Mục tiêu", False, (), 36, "Tối đa 10.000 ký tự."),
    Column("problem", "Vấn đề cần giải quyết", False, ("van de", "su can thiet"), 36, "Tối đa 10.000 ký tự."),
    Column("legal_basis", "Căn cứ", False, ("can cu de xuat", "can cu phap ly"), 30, "Văn bản làm căn cứ đề xuất."),
    Column("kind", "Loại nhiệm vụ", False, ("loai nhiem vu du an", "loai hinh", "loai"), 26,
           "Bắt buộc với đề xuất mới: " + ", ".join(KIND_SHORT_LABELS.values()) + "."),
    Column("regime", "Chế độ pháp lý", False, ("che do phap ly ap dung", "che do"), 18,
           "Bắt buộc với đề xuất mới: tên ngắn hoặc mã, xem sheet “Danh mục”."),
    Column("programme", "Chương trình", False, ("chuong trinh de an", "chuong trinh de an ke hoach"), 30,
           "Tên hoặc mã chương trình, đề án (xem sheet “Danh mục”)."),
    Column("systems", "Hệ thống kế thừa", False, ("he thong su dung ke thua", "he thong ke thua su dung",
                                                   "ma he thong"), 24,
           "Mã các hệ thống sử dụng, kế thừa, cách nhau bằng dấu phẩy, ví dụ: LGSP, NDXP."),
    Column("start_year", "Năm bắt đầu", False, (), 10,
           "Bắt buộc với đề xuất mới; 4 chữ số, trong thời kỳ của đợt lập kế hoạch."),
    Column("end_year", "Năm kết thúc", False, ("nam hoan thanh",), 10, "Không trước năm bắt đầu; để trống = năm bắt đầu."),
    Column("priority", "Mức ưu tiên", False, ("uu tien",), 12, "Cao, Trung bình hoặc Thấp (hoặc 1, 2, 3); để trống = Trung bình."),
)
BY_KEY = {c.key: c for c in COLUMNS}
HEADERS: dict[str, str] = {}
for _c in COLUMNS:
    for _alias in (_c.label, *_c.aliases):
        HEADERS.setdefault(header_key(_alias), _c.key)

COST_HEADER = re.compile(r"^kinh phi (?:nam )?([0-9]{4}) (.+)$")
COST_HELP = "Số nguyên đồng, ví dụ 1.250.000.000; để trống = không đề xuất nguồn này năm này."


def cost_label(year: int, source) -> str:
    return f"Kinh phí {year} — {source.name}"


def cost_header(text) -> tuple[int, str] | None:
    """(year, folded source text) of a money column's header, or None."""
    m = COST_HEADER.match(fold(text))  # a source's name may hold brackets: not header_key
    return (int(m.group(1)), m.group(2)) if m else None


def _words(pairs) -> dict[str, object]:
    return {fold(str(word)): value for word, value in pairs}


BASIS_WORDS = _words([("moi", Basis.NEW), ("nhiem vu moi", Basis.NEW), ("de xuat moi", Basis.NEW), ("new", Basis.NEW),
                      ("chuyen tiep", Basis.CARRIED), ("nhiem vu chuyen tiep", Basis.CARRIED),
                      ("carried", Basis.CARRIED), ("x", Basis.CARRIED)])
PRIORITY_WORDS = _words([*((label, value) for value, label in PRIORITY_LABELS.items()),
                         *((str(int(value)), value) for value in Priority), ("uu tien cao", Priority.HIGH),
                         ("tb", Priority.MEDIUM)])
KIND_WORDS = _words([*((code, code) for code in Kind.values), *((label, code) for code, label in Kind.choices),
                     *((label, code) for code, label in KIND_SHORT_LABELS.items()),
                     *((prefix, code) for code, prefix in KIND_CODE_PREFIX.items())])
EXAMPLE_FOLDED = fold(EXAMPLE_NAME)
