"""The sample items of the template, one or two per group code: (name, unit, quantity, unit
price, amount when not quantity × price, VAT %, basis as typed, note). The reader warns when an
uploaded sheet still holds them."""
from __future__ import annotations

from cds.text.normalize import fold

SAMPLES = {
    "xl": [("Thi công lắp đặt hệ thống mạng nội bộ (LAN)", "hệ thống", 1, 85_000_000, None, 8, "Báo giá",
            "Báo giá của 03 nhà cung cấp")],
    "tb": [("Máy chủ ứng dụng", "bộ", 2, 250_000_000, None, 10, "Báo giá", "Cấu hình tại phụ lục kèm theo"),
           ("Phần mềm nội bộ quản lý hồ sơ", "phần mềm", 1, 650_000_000, None, 0, "Tính toán (phụ lục kèm theo)",
            "Tính theo điểm trường hợp sử dụng")],
    "thue": [("Thuê dịch vụ phần mềm quản lý văn bản", "tháng", 12, 15_000_000, None, 10, "Báo giá", "")],
    "qlda": [("Chi phí quản lý dự án", "", None, None, 18_500_000, 0, "Định mức tỷ lệ", "")],
    "tv": [("Lập đề cương và dự toán chi tiết", "", None, None, 32_000_000, 8, "Định mức tỷ lệ", ""),
           ("Lập hồ sơ mời thầu, đánh giá hồ sơ dự thầu", "", None, None, 6_400_000, 8, "Định mức tỷ lệ", "")],
    "k": [("Chi phí thẩm định giá thiết bị", "gói", 1, 12_000_000, None, 8, "Báo giá", "")],
    "dp": [("Chi phí dự phòng", "", None, None, 25_000_000, 0, "Tỷ lệ % theo quy định", "")],
}
DEFAULT_SAMPLE = [("Khoản mục ví dụ", "gói", 1, 10_000_000, None, 10, "Báo giá", "")]

SAMPLE_NAMES = frozenset(fold(spec[0]) for specs in [*SAMPLES.values(), DEFAULT_SAMPLE] for spec in specs)
