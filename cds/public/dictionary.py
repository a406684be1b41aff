"""The data dictionary of the public page and the open-data feeds: for each dataset, every field
that may ever be published — its name in the feeds, its meaning, its unit — and whether the
tree's masking policy may hide it (``maskable``) and hides it unless told otherwise
(``masked_by_default``).

A field that is not listed here is never published: internal notes, reasons, documents and
files, the people who entered records, appraisal and review working papers. The snapshot
builder (:mod:`cds.public.snapshots`) writes a record's listed, unmasked fields and nothing else.

Which records are published: projects past the proposal (a proposal not yet approved in
principle, or one refused, is a deliberation, not a decision) and not withheld; live systems of
the tree (not the national platforms, which are not the tree's to publish), except those a withheld
project builds; library entries in
state "Đã công bố".
"""
from __future__ import annotations

from dataclasses import dataclass

from .models import Dataset


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    meaning: str
    unit: str = ""
    maskable: bool = True
    masked_by_default: bool = False
    kind: str = "text"  # text | int | vnd | date | datetime | list

    @property
    def csv_header(self) -> str:
        return self.name


def _always(name, label, meaning, unit="", kind="text"):
    return Field(name, label, meaning, unit, maskable=False, kind=kind)


PROJECT_FIELDS = (
    _always("code", "Mã", "Mã nhiệm vụ/dự án trong hệ thống"),
    _always("name", "Tên nhiệm vụ/dự án", "Tên như trong quyết định phê duyệt"),
    Field("kind", "Loại", "Dự án đầu tư, nhiệm vụ chi thường xuyên, thuê dịch vụ CNTT, mua sắm"),
    Field("group", "Nhóm dự án", "Nhóm A, B, C theo Luật Đầu tư công (dự án đầu tư)"),
    Field("programme", "Chương trình", "Chương trình, kế hoạch mà nhiệm vụ/dự án thuộc về"),
    Field("investor_unit", "Chủ đầu tư", "Cơ quan, đơn vị chủ đầu tư"),
    Field("lead_unit", "Đơn vị chủ trì", "Đơn vị chủ trì thực hiện (nếu khác chủ đầu tư)"),
    Field("start_year", "Năm bắt đầu", "Năm bắt đầu thực hiện", "năm", kind="int"),
    Field("end_year", "Năm kết thúc", "Năm kết thúc theo kế hoạch", "năm", kind="int"),
    Field("state", "Trạng thái", "Giai đoạn hiện tại trong vòng đời"),
    Field("objectives", "Mục tiêu", "Mục tiêu theo hồ sơ được duyệt", masked_by_default=True),
    Field("funding_sources", "Nguồn vốn", "Các nguồn vốn", kind="list"),
    Field("total_estimate", "Khái toán/dự toán đề xuất", "Tổng kinh phí đề xuất", "đồng", kind="vnd"),
    Field("total_approved", "Tổng mức/dự toán được duyệt", "Theo quyết định phê duyệt còn hiệu lực", "đồng",
          kind="vnd"),
    Field("total_allocated", "Kế hoạch vốn đã giao", "Tổng kế hoạch vốn đã giao các năm", "đồng", kind="vnd"),
    Field("total_disbursed", "Đã giải ngân", "Tổng số đã giải ngân", "đồng", kind="vnd"),
    Field("total_settled", "Quyết toán", "Giá trị quyết toán được duyệt", "đồng", kind="vnd"),
    Field("money_by_year", "Vốn theo năm và giai đoạn",
          "Danh sách {năm, giai đoạn, số tiền}: phân bổ, giải ngân… từ các bút toán còn hiệu lực", "đồng",
          kind="list"),
    Field("effectiveness", "Kết quả đánh giá hiệu quả",
          "Kết luận của cơ quan thẩm tra trong đợt đánh giá gần nhất đã kết thúc"),
    Field("effectiveness_year", "Năm đánh giá", "Năm của đợt đánh giá gần nhất đã kết thúc", "năm", kind="int"),
    _always("last_modified", "Cập nhật lần cuối", "Thời điểm bản ghi được cập nhật lần cuối trước khi công bố",
            kind="datetime"),
)

SYSTEM_FIELDS = (
    _always("code", "Mã", "Mã hệ thống trong bản đồ hệ thống"),
    _always("name", "Tên hệ thống", "Tên hệ thống thông tin"),
    Field("category", "Loại", "Hệ thống lõi, dùng chung; chuyên ngành; của đơn vị; phần mềm phổ biến"),
    Field("description", "Mô tả, chức năng", "Chức năng chính"),
    Field("owner_unit", "Đơn vị chủ quản", "Cơ quan chủ quản hệ thống"),
    Field("operating_unit", "Đơn vị vận hành", "Đơn vị vận hành hệ thống"),
    Field("lifecycle", "Vòng đời", "Kế hoạch, triển khai, vận hành, thu hẹp, ngừng"),
    Field("operate_on", "Ngày đưa vào vận hành", "Ngày hệ thống bắt đầu vận hành", kind="date"),
    Field("user_count", "Số người dùng", "Số người dùng đăng ký", "người", kind="int"),
    Field("hosting", "Nơi đặt hệ thống", "Nơi đặt hạ tầng", masked_by_default=True),
    Field("connections", "Số kết nối", "Số kết nối, chia sẻ dữ liệu với hệ thống khác", "kết nối", kind="int"),
    _always("last_modified", "Cập nhật lần cuối", "Thời điểm bản ghi được cập nhật lần cuối trước khi công bố",
            kind="datetime"),
)

LIBRARY_FIELDS = (
    _always("code", "Mã", "Mã mô hình trong thư viện"),
    _always("title", "Tên mô hình", "Tên mô hình, cách làm hay hoặc thiết kế điển hình"),
    Field("kind", "Loại", "Mô hình, cách làm hay; thiết kế điển hình, thông dụng"),
    Field("unit", "Đơn vị thực hiện", "Đơn vị đã thực hiện mô hình"),
    Field("problem", "Vấn đề", "Vấn đề mô hình giải quyết"),
    Field("solution", "Giải pháp", "Giải pháp, cách làm"),
    Field("results_summary", "Kết quả", "Kết quả đạt được"),
    Field("results", "Chỉ tiêu trước/sau", "Danh sách {chỉ tiêu, đơn vị tính, trước, sau}", kind="list"),
    Field("lessons", "Bài học kinh nghiệm", "Bài học rút ra"),
    Field("reuse_conditions", "Điều kiện áp dụng", "Điều kiện để đơn vị khác áp dụng, nhân rộng"),
    Field("capabilities", "Năng lực nghiệp vụ", "Nhãn năng lực nghiệp vụ", kind="list"),
    Field("programmes", "Chương trình", "Chương trình liên quan", kind="list"),
    Field("projects", "Dự án chứng minh", "Mã các nhiệm vụ/dự án đã công bố chứng minh mô hình", kind="list"),
    Field("systems", "Hệ thống", "Mã các hệ thống đã công bố chứng minh mô hình", kind="list"),
    Field("reuse_count", "Số lần tái sử dụng", "Số đề xuất mới tái sử dụng mô hình", "lần", kind="int"),
    Field("published_at", "Ngày công bố trong thư viện", "Ngày cơ quan chuyên trách CĐS công bố mô hình",
          kind="date"),
    _always("last_modified", "Cập nhật lần cuối", "Thời điểm bản ghi được cập nhật lần cuối trước khi công bố",
            kind="datetime"),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    Dataset.PROJECTS: PROJECT_FIELDS,
    Dataset.SYSTEMS: SYSTEM_FIELDS,
    Dataset.LIBRARY: LIBRARY_FIELDS,
}

#: What is never published, whatever the policy (shown on the data dictionary page).
NEVER_PUBLISHED = (
    "Ghi chú nội bộ, lý do, ý kiến thẩm định, thẩm tra, giám sát",
    "Văn bản, tệp đính kèm, tài liệu của hồ sơ và của mô hình",
    "Người nhập, người duyệt và nhật ký thao tác",
    "Đề xuất chưa được phê duyệt chủ trương, đề xuất không được phê duyệt",
    "Nhiệm vụ/dự án được lãnh đạo quyết định không công bố, và hệ thống do dự án đó xây dựng",
    "Cấp độ an toàn thông tin và cấu hình kỹ thuật của hệ thống",
)


def fields(dataset: str) -> tuple[Field, ...]:
    return FIELDS[dataset]


def field(dataset: str, name: str) -> Field | None:
    return next((f for f in FIELDS.get(dataset, ()) if f.name == name), None)


def default_masked(dataset: str) -> list[str]:
    return [f.name for f in FIELDS[dataset] if f.maskable and f.masked_by_default]


def public_fields(dataset: str, masked) -> tuple[Field, ...]:
    """The fields a record of ``dataset`` carries under a policy that masks ``masked``."""
    masked = set(masked)
    return tuple(f for f in FIELDS[dataset] if not (f.maskable and f.name in masked))
