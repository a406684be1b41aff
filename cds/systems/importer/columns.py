"""What the inventory workbook looks like: the sheet of systems (one row per system), the sheet
of integrations, their columns (labels, header aliases, help) and the words a choice cell may
hold."""
from __future__ import annotations

from dataclasses import dataclass

from cds.projects.importer.columns import header_key
from cds.text.normalize import fold

from ..models import Category, Criticality, Fit, Hosting, IntegrationStatus, Lifecycle, Mechanism, SharingClass

SYSTEMS_SHEET = "Hệ thống"
LINKS_SHEET = "Kết nối"
CATALOG_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 18
    help: str = ""


SYSTEM_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã hệ thống", False, ("ma", "ma he thong thong tin"), 14,
           "Để trống: hệ thống mới, mã cấp tự động. Mã đã có: dòng này cập nhật hệ thống đó "
           "(ô để trống giữ nguyên giá trị cũ)."),
    Column("name", "Tên hệ thống", True, ("ten", "ten he thong thong tin"), 40, "Bắt buộc, tối đa 255 ký tự."),
    Column("aliases", "Tên gọi khác", False, ("ten viet tat",), 22, "Nhiều tên cách nhau bằng dấu “;”."),
    Column("category", "Loại", True, ("loai he thong",), 26, "Bắt buộc với hệ thống mới; chọn trong danh sách."),
    Column("owner_unit", "Đơn vị chủ quản", False, ("co quan chu quan", "don vi"), 28,
           "Mã, tên đầy đủ, tên viết tắt hoặc tên gọi khác của đơn vị; để trống với nền tảng quốc gia."),
    Column("operating_unit", "Đơn vị vận hành", False, (), 24, "Như đơn vị chủ quản; cùng tỉnh/bộ."),
    Column("user_groups", "Nhóm người dùng", False, ("doi tuong su dung",), 24, "Tối đa 500 ký tự."),
    Column("user_count", "Số người dùng", False, (), 12, "Số nguyên không âm."),
    Column("core_system", "Hệ thống lõi", False, ("phat trien tu he thong loi",), 26,
           "Mã hoặc tên hệ thống lõi (có sẵn hoặc ở một dòng khác của tệp)."),
    Column("lifecycle", "Vòng đời", False, ("giai doan", "trang thai"), 14, "Để trống với hệ thống mới = Vận hành."),
    Column("operate_on", "Ngày vận hành", False, ("ngay dua vao van hanh",), 14, "dd/mm/yyyy, ví dụ 15/03/2022."),
    Column("criticality", "Mức độ quan trọng", False, (), 18, "Chọn trong danh sách."),
    Column("functional_fit", "Phù hợp nghiệp vụ", False, (), 12, "1 đến 4 (4: hoàn toàn phù hợp)."),
    Column("technical_fit", "Phù hợp kỹ thuật", False, (), 12, "1 đến 4 (4: hoàn toàn phù hợp)."),
    Column("hosting", "Nơi đặt", False, ("noi dat he thong",), 20, "Chọn trong danh sách."),
    Column("security_level", "Cấp độ ATTT", False, ("cap do an toan thong tin", "cap do"), 10, "1 đến 5."),
    Column("security_decision", "Quyết định phê duyệt cấp độ", False, ("quyet dinh phe duyet",), 22,
           "Số, ngày quyết định; tối đa 120 ký tự."),
    Column("vendor", "Nhà cung cấp", False, (), 22, ""),
    Column("contract", "Hợp đồng", False, (), 22, ""),
    Column("operating_cost", "Chi phí vận hành năm", False, ("chi phi van hanh",), 18,
           "Số nguyên đồng, ví dụ 1.250.000.000."),
    Column("development_cost", "Chi phí phát triển năm", False, ("chi phi phat trien", "chi phi phat trien nang cap"),
           18, "Số nguyên đồng."),
    Column("cost_year", "Năm chi phí", False, (), 10, "Bắt buộc khi có chi phí; 4 chữ số, ví dụ 2025."),
    Column("data", "Dữ liệu chủ", False, ("du lieu", "du lieu goc"), 34,
           "Dữ liệu hệ thống là nơi lưu bản gốc: tên hoặc mã, kèm phân loại chia sẻ trong ngoặc; nhiều dữ liệu "
           "cách nhau bằng “;”. Ví dụ: Dân cư (dùng chung mặc định); Đất đai (mở)."),
    Column("description", "Mô tả", False, ("mo ta chuc nang", "chuc nang"), 40, "Tối đa 5.000 ký tự."),
)

LINK_COLUMNS: tuple[Column, ...] = (
    Column("source", "Hệ thống gửi", True, ("he thong nguon", "tu he thong"), 28, "Bắt buộc: mã hoặc tên."),
    Column("target", "Hệ thống nhận", True, ("he thong dich", "den he thong"), 28,
           "Bắt buộc: mã hoặc tên (LGSP, NDXP, CSDL quốc gia … theo mã)."),
    Column("both_ways", "Hai chiều", False, (), 10, "Có / Không (để trống = Không)."),
    Column("mechanism", "Phương thức", False, ("phuong thuc ket noi",), 26, "Để trống = qua nền tảng tích hợp."),
    Column("status", "Tình trạng", False, ("tinh trang ket noi",), 16, "Để trống = Đang hoạt động."),
    Column("since", "Từ ngày", False, ("ngay ket noi",), 14, "dd/mm/yyyy."),
    Column("entities", "Dữ liệu trao đổi", False, ("du lieu",), 30, "Tên hoặc mã; nhiều dữ liệu cách nhau bằng “;”."),
    Column("note", "Ghi chú", False, (), 30, "Tối đa 500 ký tự."),
)

SYSTEM_BY_KEY = {c.key: c for c in SYSTEM_COLUMNS}
LINK_BY_KEY = {c.key: c for c in LINK_COLUMNS}


def lookup(columns) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in columns:
        for alias in (c.label, *c.aliases):
            out.setdefault(header_key(alias), c.key)
    return out


SYSTEM_HEADERS = lookup(SYSTEM_COLUMNS)
LINK_HEADERS = lookup(LINK_COLUMNS)


def words(choices, *extra: tuple[str, str]) -> dict[str, str]:
    """Folded code, label (and extra words) → choice value."""
    out = {}
    for value, label in choices.choices:
        out[fold(str(value))] = value
        out[fold(label)] = value
    for word, value in extra:
        out[fold(word)] = value
    return out


CATEGORY_WORDS = words(Category, ("nen tang quoc gia", Category.NATIONAL), ("csdl quoc gia", Category.NATIONAL),
                       ("he thong loi", Category.CORE), ("dung chung", Category.CORE),
                       ("chuyen nganh", Category.SECTOR), ("don vi", Category.UNIT),
                       ("pho bien", Category.COMMON))
LIFECYCLE_WORDS = words(Lifecycle, ("dang van hanh", Lifecycle.OPERATE), ("dang trien khai", Lifecycle.BUILD),
                        ("da ngung", Lifecycle.RETIRED))
CRITICALITY_WORDS = words(Criticality)
HOSTING_WORDS = words(Hosting, ("ttdl tinh", Hosting.PROVINCE_DC), ("trung tam du lieu tinh", Hosting.PROVINCE_DC),
                      ("cloud", Hosting.CLOUD), ("dam may", Hosting.CLOUD), ("tai don vi", Hosting.UNIT))
FIT_WORDS = {**{fold(label): value for value, label in Fit.choices}, **{str(v): v for v in Fit.values}}
MECHANISM_WORDS = words(Mechanism, ("lgsp", Mechanism.HUB), ("ndxp", Mechanism.HUB), ("qua lgsp", Mechanism.HUB),
                        ("truc tiep", Mechanism.DIRECT), ("diem diem", Mechanism.DIRECT),
                        ("tep", Mechanism.FILE), ("thu cong", Mechanism.FILE))
STATUS_WORDS = words(IntegrationStatus, ("hoat dong", IntegrationStatus.ACTIVE), ("ngung", IntegrationStatus.ENDED))
SHARING_WORDS = words(SharingClass, ("mo", SharingClass.OPEN), ("mac dinh", SharingClass.DEFAULT),
                      ("co dieu kien", SharingClass.CONDITIONAL))

#: The labels offered by the template's drop-down lists.
CHOICE_LISTS = {
    "category": [label for _v, label in Category.choices],
    "lifecycle": [label for _v, label in Lifecycle.choices],
    "criticality": [label for _v, label in Criticality.choices],
    "hosting": [label for _v, label in Hosting.choices],
    "functional_fit": sorted(Fit.values),   # numbers, as the cells hold them
    "technical_fit": sorted(Fit.values),
    "security_level": list(range(1, 6)),
    "mechanism": [label for _v, label in Mechanism.choices],
    "status": [label for _v, label in IntegrationStatus.choices],
    "both_ways": ["Có", "Không"],
    "sharing": [label for _v, label in SharingClass.choices],
}
