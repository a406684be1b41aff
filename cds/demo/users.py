"""Demo accounts. Usernames are ASCII; every account gets settings.DEMO_PASSWORD.

``featured`` accounts are the ones a newcomer needs (one per role, the two units used in the
guide, the ministry user); they are printed in the main table. The other unit accounts exist
so that every investor unit has its own chuyên viên (makes, records) and lãnh đạo (submits,
accepts), as the maker ≠ checker rule requires.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoUser:
    username: str
    family: str      # họ và tên đệm ("Trần Minh")
    given: str       # tên ("Quân")
    role: str
    unit: str
    job_title: str
    featured: bool = False


STAFF, HEAD, APPRAISER, SUPERVISOR, LEADER, INSPECTOR, ADMIN = (
    "unit_staff", "unit_head", "cds_appraiser", "supervisor", "leader", "inspector", "admin",
)

USERS: list[DemoUser] = [
    DemoUser("admin", "Trần Minh", "Quân", ADMIN, "SL", "Quản trị hệ thống", True),
    DemoUser("lanhdao", "Nguyễn Văn", "Thành", LEADER, "SL", "Chủ tịch UBND tỉnh", True),
    DemoUser("phochutich", "Lê Thị Thu", "Hà", LEADER, "SL", "Phó Chủ tịch UBND tỉnh", True),
    DemoUser("thamdinh", "Phạm Quốc", "Huy", APPRAISER, "SL-SKHCN",
             "Chuyên viên Phòng Chuyển đổi số, Sở KH&CN", True),
    DemoUser("giamsat", "Đỗ Thị", "Lan", SUPERVISOR, "SL-STC",
             "Chuyên viên Phòng Quản lý đầu tư (giám sát đầu tư), Sở Tài chính", True),
    DemoUser("thanhtra", "Hoàng Văn", "Nam", INSPECTOR, "SL-TTRA", "Thanh tra viên chính", True),
    DemoUser("cv_khcn", "Vũ Thị", "Mai", STAFF, "SL-SKHCN", "Chuyên viên Phòng Chuyển đổi số", True),
    DemoUser("ld_khcn", "Bùi Đức", "Long", HEAD, "SL-SKHCN", "Phó Giám đốc Sở KH&CN", True),
    DemoUser("cv_nnmt", "Ngô Thị", "Hương", STAFF, "SL-SNNMT", "Chuyên viên Văn phòng Sở", True),
    DemoUser("ld_nnmt", "Trịnh Văn", "Hải", HEAD, "SL-SNNMT", "Phó Giám đốc Sở NN&MT", True),
    DemoUser("cv_yte", "Đặng Thu", "Trang", STAFF, "SL-SYT", "Chuyên viên Phòng Kế hoạch - Tài chính", True),
    DemoUser("ld_yte", "Lý Văn", "Phúc", HEAD, "SL-SYT", "Phó Giám đốc Sở Y tế", True),
    DemoUser("bo_thamdinh", "Mai Anh", "Tuấn", APPRAISER, "BKHCN",
             "Chuyên viên thẩm định, Bộ KH&CN", True),
    # Other investor units of the province.
    DemoUser("cv_vp", "Phan Thị", "Ngọc", STAFF, "SL-VP", "Chuyên viên Phòng Hành chính - Tổ chức"),
    DemoUser("ld_vp", "Trương Công", "Định", HEAD, "SL-VP", "Phó Chánh Văn phòng UBND tỉnh"),
    DemoUser("cv_noivu", "Lâm Thị", "Yến", STAFF, "SL-SNV", "Chuyên viên Văn phòng Sở"),
    DemoUser("ld_noivu", "Đinh Quang", "Vinh", HEAD, "SL-SNV", "Phó Giám đốc Sở Nội vụ"),
    DemoUser("cv_taichinh", "Hà Thị", "Thảo", STAFF, "SL-STC", "Chuyên viên Phòng Tin học - Thống kê"),
    DemoUser("ld_taichinh", "Cao Minh", "Tiến", HEAD, "SL-STC", "Phó Giám đốc Sở Tài chính"),
    # Scores the yearly plan's proposals beside the CĐS authority (the round's finance department);
    # after cv_taichinh so that the department's own projects keep their chuyên viên.
    DemoUser("cv_stc", "Phạm Thị Minh", "Nguyệt", STAFF, "SL-STC",
             "Chuyên viên Phòng Quản lý ngân sách, Sở Tài chính (chấm điểm đề xuất kế hoạch CĐS)", True),
    DemoUser("cv_xaydung", "Dương Văn", "Khoa", STAFF, "SL-SXD", "Chuyên viên Phòng Quy hoạch - Kiến trúc"),
    DemoUser("ld_xaydung", "Tô Thị", "Hạnh", HEAD, "SL-SXD", "Phó Giám đốc Sở Xây dựng"),
    DemoUser("cv_gddt", "Kiều Thị", "Nhung", STAFF, "SL-SGDDT", "Chuyên viên Phòng Kế hoạch - Tài chính"),
    DemoUser("ld_gddt", "Nguyễn Hữu", "Đức", HEAD, "SL-SGDDT", "Phó Giám đốc Sở GD&ĐT"),
    DemoUser("cv_tuphap", "Lưu Thị", "Bích", STAFF, "SL-STP", "Chuyên viên Phòng Hành chính tư pháp"),
    DemoUser("ld_tuphap", "Võ Thanh", "Sơn", HEAD, "SL-STP", "Phó Giám đốc Sở Tư pháp"),
    DemoUser("cv_vhttdl", "Tạ Thị", "Loan", STAFF, "SL-SVHTTDL", "Chuyên viên Phòng Quản lý du lịch"),
    DemoUser("ld_vhttdl", "Mạc Văn", "Hùng", HEAD, "SL-SVHTTDL", "Phó Giám đốc Sở VHTT&DL"),
    DemoUser("cv_congthuong", "Quách Thị", "Dung", STAFF, "SL-SCT", "Chuyên viên Phòng Quản lý thương mại"),
    DemoUser("ld_congthuong", "Lã Văn", "Toàn", HEAD, "SL-SCT", "Phó Giám đốc Sở Công Thương"),
    DemoUser("cv_congan", "Nông Văn", "Tùng", STAFF, "SL-CA", "Cán bộ Phòng Tham mưu"),
    DemoUser("ld_congan", "Hoàng Minh", "Khải", HEAD, "SL-CA", "Phó Giám đốc Công an tỉnh"),
    DemoUser("cv_ttra", "Châu Thị", "Thủy", STAFF, "SL-TTRA", "Chuyên viên Văn phòng Thanh tra"),
    DemoUser("ld_ttra", "Văn Đình", "Quý", HEAD, "SL-TTRA", "Phó Chánh Thanh tra tỉnh"),
    DemoUser("cv_bqlkkt", "Ông Thị", "Hiền", STAFF, "SL-BQLKKT", "Chuyên viên Phòng Quản lý đầu tư"),
    DemoUser("ld_bqlkkt", "Giang Văn", "Lực", HEAD, "SL-BQLKKT", "Phó Trưởng ban"),
    DemoUser("cv_bao", "Từ Thị", "Quyên", STAFF, "SL-BAO", "Phóng viên, phụ trách Ban Điện tử"),
    DemoUser("ld_bao", "Khổng Minh", "Chiến", HEAD, "SL-BAO", "Phó Tổng Biên tập"),
    DemoUser("cv_psonlam", "Lê Hoàng", "Anh", STAFF, "SL-PSL", "Công chức Văn phòng - Thống kê"),
    DemoUser("ld_psonlam", "Phùng Văn", "Bình", HEAD, "SL-PSL", "Phó Chủ tịch UBND phường"),
    DemoUser("cv_pbinhnguyen", "Trần Thị", "Kim", STAFF, "SL-PBN", "Công chức Văn phòng - Thống kê"),
    DemoUser("ld_pbinhnguyen", "Hồ Văn", "Lợi", HEAD, "SL-PBN", "Phó Chủ tịch UBND phường"),
    DemoUser("cv_xtanphong", "Đoàn Thị", "Xuân", STAFF, "SL-XTP", "Công chức Văn phòng - Thống kê"),
    DemoUser("ld_xtanphong", "Vi Văn", "Thắng", HEAD, "SL-XTP", "Phó Chủ tịch UBND xã"),
    DemoUser("cv_xvinhlam", "Bế Thị", "Hoa", STAFF, "SL-XVL", "Công chức Địa chính - Xây dựng"),
    DemoUser("ld_xvinhlam", "Lục Văn", "Cường", HEAD, "SL-XVL", "Phó Chủ tịch UBND xã"),
    DemoUser("cv_xngocson", "Âu Thị", "Liên", STAFF, "SL-XNS", "Công chức Văn phòng - Thống kê"),
    DemoUser("ld_xngocson", "Thân Văn", "Hòa", HEAD, "SL-XNS", "Phó Chủ tịch UBND xã"),
    # The ministry (second root).
    DemoUser("bo_cv", "Nghiêm Thị", "Hằng", STAFF, "BKHCN-CDS", "Chuyên viên Cục Chuyển đổi số quốc gia"),
    DemoUser("bo_ld", "Lương Văn", "Kiên", HEAD, "BKHCN-CDS", "Phó Cục trưởng"),
    DemoUser("bo_lanhdao", "Triệu Quang", "Minh", LEADER, "BKHCN", "Thứ trưởng Bộ KH&CN"),
]

USERNAMES = [u.username for u in USERS]

# Who acts for each root: leaders (the first is preferred for approvals; the other takes the
# step when the first made the step being checked) and the appraiser.
APPROVERS = {"SL": ("phochutich", "lanhdao"), "BKHCN": ("bo_lanhdao",)}
DECIDERS = {"SL": ("lanhdao", "phochutich"), "BKHCN": ("bo_lanhdao",)}
APPRAISER_OF = {"SL": "thamdinh", "BKHCN": "bo_thamdinh"}
SUPERVISOR_OF = {"SL": "giamsat"}
