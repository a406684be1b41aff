"""The procurement of the demo province's IT projects, 2019–2026 (gói thầu of the registry's
projects), built through :mod:`cds.procurement.services` by the people who keep each project.

Each project that went to procurement has its contractor-selection plan (mã KHLCNT) and its
packages (mã TBMT), the result, the contract signed a few days later, completed and accepted,
and payments that are shares of the project's disbursement lines in the ledger (a project whose
ledger has no disbursement yet has no payment). Most packages are clean: open bidding for the
large ones (online from 2025, as the law requires), a few percent saved, several bidders. What
an inspector should find:

* Sở Nông nghiệp và Môi trường buys servers and then network equipment for the land database by
  direct appointment, 1,95 tỷ in September and 1,90 tỷ in November 2025 — each under the
  2 tỷ limit of direct appointment for goods of a project, together well above it;
* Sở Xây dựng appoints the supplier of its servers directly for 1,3 tỷ (2024, limit 1 tỷ), and
  Sở KH&CN the supplier of the IOC's video wall for 2,6 tỷ (2026, limit 2 tỷ) stating the need
  to speed up the work as its ground: both above the limit of their day, the second a ground to
  check;
* three awards within 1 % of the package price (cameras of Công an tỉnh, the urban management
  software of thị xã Bình Nguyên — its only bidder — and the digital museum of Sở VHTT&DL);
* one health-software company winning three of Sở Y tế's five packages since late 2023;
* the shared data warehouse finished more than three months after its contract's date;
* the land database contract of Sở TN&MT paid 4 % above its value;
* the call-centre rental of the service centre, chào hàng cạnh tranh in 2025, not held online;
* packages of 2019–2023 (Luật Đấu thầu 2013, whose limits are not entered) and of July 2025
  (before the Government's decree set the limits) noted as not checked against a limit.

Every step runs with Django's clock set to its day (:class:`.clock.ServiceClock`); steps after
the builder's cutoff are left out. The warnings are rebuilt once at the end for every unit
touched. Randomness (minutes, days between steps): ``random.Random(2026)``.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from cds.accounts.models import Role, User
from cds.audit.models import AuditEvent
from cds.procurement import services as ps
from cds.procurement import signals
from cds.procurement.models import Contract, Contractor, ContractPayment, Package, SelectionPlan
from cds.procurement.permissions import can_confirm, can_record
from cds.projects.models import BudgetEntry, Kind, Project, Stage

from .clock import ServiceClock
from .common import DATA_END, lcfirst
from .estimates import CATALOGUE

SEED = 2026
D = dt.date
DAY = dt.timedelta(days=1)
DAY_START = dt.time(8, 5)
RECEIVER_UID = "cds-demo-procurement"
STAMPED = {SelectionPlan: "created_at", Package: ("created_at", "changed_at"), Contract: "created_at",
           ContractPayment: "created_at", Contractor: "created_at", AuditEvent: "created_at"}
APPRAISER = "thamdinh"

# Contractors: (name, tax code).
C = {
    "slsoft": ("Công ty Cổ phần Giải pháp phần mềm Sơn Lâm", "4700345128"),
    "bnit": ("Công ty TNHH Công nghệ thông tin Bình Nguyên", "4700512936"),
    "dongduong": ("Công ty Cổ phần Tích hợp hệ thống Đông Dương", "0105873214"),
    "sonha": ("Công ty Cổ phần Công nghệ Y tế Sơn Hà", "0106935471"),
    "viettin": ("Công ty TNHH Tư vấn và Kiểm định công nghệ thông tin Việt Tín", "0107458932"),
    "tkvt": ("Công ty Cổ phần Tư vấn Thiết kế Viễn thông Sơn Lâm", "4700281647"),
    "hungphat": ("Công ty TNHH Thiết bị mạng Hưng Phát", "0312648795"),
    "dlso": ("Công ty Cổ phần Dữ liệu số Miền Bắc", "0108326540"),
    "tanviet": ("Công ty Cổ phần Đo đạc và Bản đồ Tân Việt", "0101987365"),
    "tbd": ("Công ty Cổ phần An ninh mạng Thái Bình Dương", "0109472316"),
    "anphat": ("Công ty TNHH Giải pháp số An Phát", "4700639821"),
    "htso": ("Công ty Cổ phần Hạ tầng số Sơn Lâm", "4700832165"),
    "phuongnam": ("Công ty Cổ phần Số hóa và Lưu trữ Phương Nam", "0315284076"),
    "minhkhang": ("Công ty TNHH Thiết bị văn phòng và Tin học Minh Khang", "4700418263"),
    "bacson": ("Công ty Cổ phần Hạ tầng Viễn thông Bắc Sơn", "4700723519"),
    "hathanh": ("Công ty Cổ phần Tư vấn Đầu tư và Quản lý dự án CNTT Hà Thành", "0107621834"),
}

G, NC, CS, WK, IT = "goods", "non_consulting", "consulting", "works", "it_service"
OPEN, COMP, DIR, DIRS = "open", "competitive", "direct", "direct_short"


@dataclass(frozen=True)
class Pk:
    key: str
    project: str        # the start of the project's name
    name: str
    field: str
    price: int          # triệu đồng
    method: str
    start: dt.date      # selection starts
    bidders: int = 3
    award: float = 0.95  # awarded price / package price (no result when 0)
    winner: str = ""
    days: int = 180     # contract duration
    online: bool | None = None   # default: competitive methods online from 2023
    items: tuple = ()   # (catalogue key, quantity, unit price / catalogue price)
    late: int = 0       # days the contract finished after its date
    overpaid: float = 0.0   # payments above the contract value (share)
    ground: str = ""


GROUND_SMALL = "Gói thầu có giá trị trong hạn mức được áp dụng chỉ định thầu"
GROUND_ND214 = "Gói thầu có giá trị trong hạn mức chỉ định thầu (Nghị định 214/2025/NĐ-CP Điều 78)"
GROUND_URGENT = "Cần đẩy nhanh tiến độ đưa Trung tâm điều hành vào vận hành (Luật Đấu thầu Điều 23)"

STTTT_QLVB = "Xây dựng Hệ thống quản lý văn bản và điều hành tỉnh"
IOC1 = "Xây dựng Trung tâm giám sát, điều hành thông minh (IOC)"
TTDL = "Xây dựng Trung tâm dữ liệu tỉnh"
KHODL = "Xây dựng Kho dữ liệu dùng chung"
SOC24 = "Thuê dịch vụ giám sát an toàn thông tin (SOC) cho các hệ thống thông tin của tỉnh giai đoạn 2024"
GIS = "Triển khai Nền tảng bản đồ số dùng chung"
QLVB24 = "Nâng cấp Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm kết nối"
IOC2 = "Nâng cấp Trung tâm giám sát, điều hành thông minh (IOC) tỉnh Sơn Lâm giai đoạn 2"
LGSP2 = "Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) tỉnh Sơn Lâm kết nối"
DATDAI25 = "Cập nhật, chỉnh lý và hoàn thiện CSDL đất đai"
DATDAI = "Xây dựng cơ sở dữ liệu đất đai tỉnh"
EMR = "Triển khai hồ sơ sức khỏe điện tử"

PACKAGES: list[Pk] = [
    # ------------------------------------------------------------ Sở TT&TT (recorded by the CĐS authority)
    Pk("qlvb_tv", STTTT_QLVB, "Tư vấn lập báo cáo kinh tế - kỹ thuật Hệ thống quản lý văn bản và điều hành", CS, 385,
       DIR, D(2019, 3, 4), 1, 0.97, "tkvt", 60, ground=GROUND_SMALL),
    Pk("qlvb_pm", STTTT_QLVB, "Xây dựng, triển khai phần mềm quản lý văn bản và điều hành dùng chung", NC, 9_850,
       OPEN, D(2019, 6, 10), 4, 0.93, "slsoft", 240),
    Pk("qlvb_tb", STTTT_QLVB, "Mua sắm máy chủ, thiết bị lưu trữ và bản quyền phần mềm hệ thống", G, 2_680, OPEN,
       D(2019, 6, 17), 3, 0.95, "dongduong", 90, items=(("app_server", 2, 1.02), ("db_server", 1, 0.98),
                                                        ("os_licence", 6, 1.0))),
    Pk("qlvb_gs", STTTT_QLVB, "Tư vấn giám sát triển khai Hệ thống quản lý văn bản và điều hành", CS, 210, DIR,
       D(2019, 6, 24), 1, 0.975, "viettin", 250, ground=GROUND_SMALL),
    Pk("lgsp_pm", "Xây dựng Nền tảng tích hợp, chia sẻ dữ liệu tỉnh", "Xây dựng Nền tảng tích hợp, chia sẻ dữ "
       "liệu (LGSP) tỉnh Sơn Lâm", NC, 7_420, OPEN, D(2019, 8, 12), 3, 0.94, "dlso", 300),
    Pk("lgsp_gs", "Xây dựng Nền tảng tích hợp, chia sẻ dữ liệu tỉnh", "Tư vấn thẩm tra thiết kế và giám sát triển "
       "khai LGSP", CS, 240, DIR, D(2019, 8, 19), 1, 0.97, "hathanh", 300, ground=GROUND_SMALL),
    Pk("ioc_tv", IOC1, "Tư vấn lập báo cáo nghiên cứu khả thi và thiết kế chi tiết dự án IOC", CS, 1_850, OPEN,
       D(2020, 6, 15), 3, 0.92, "hathanh", 120),
    Pk("ioc_tb", IOC1, "Cung cấp, lắp đặt thiết bị phòng điều hành và hệ thống màn hình ghép IOC", G, 24_600, OPEN,
       D(2021, 2, 22), 4, 0.955, "dongduong", 240, items=(("app_server", 6, 0.97), ("db_server", 2, 0.99),
                                                          ("firewall", 2, 0.96), ("core_switch", 2, 1.01))),
    Pk("ioc_pm", IOC1, "Xây dựng nền tảng IOC và 08 phân hệ giám sát, điều hành chuyên đề", NC, 38_900, OPEN,
       D(2021, 3, 8), 3, 0.945, "dlso", 420),
    Pk("ioc_gs", IOC1, "Tư vấn giám sát lắp đặt thiết bị và triển khai phần mềm IOC", CS, 1_420, OPEN,
       D(2021, 3, 15), 5, 0.90, "tkvt", 480),
    Pk("ttdl_tv", TTDL, "Tư vấn lập báo cáo nghiên cứu khả thi dự án Trung tâm dữ liệu tỉnh", CS, 1_650, OPEN,
       D(2022, 3, 14), 4, 0.91, "hathanh", 120),
    Pk("ttdl_xl", TTDL, "Cải tạo, lắp đặt hạ tầng kỹ thuật phòng máy chủ (điện, làm mát, phòng cháy chữa cháy)", WK,
       14_200, OPEN, D(2023, 2, 13), 3, 0.96, "bacson", 300),
    Pk("ttdl_tb", TTDL, "Mua sắm máy chủ, thiết bị lưu trữ, thiết bị mạng và bản quyền phần mềm ảo hóa", G, 38_500,
       OPEN, D(2023, 3, 6), 3, 0.962, "dongduong", 270, items=(("app_server", 24, 0.96), ("db_server", 8, 0.97),
                                                               ("storage", 6, 0.98), ("core_switch", 4, 0.95),
                                                               ("firewall", 2, 0.97))),
    Pk("ttdl_gs", TTDL, "Cung cấp giải pháp giám sát vận hành, sao lưu dự phòng Trung tâm dữ liệu", G, 9_800, OPEN,
       D(2024, 3, 11), 2, 0.968, "dongduong", 240),
    Pk("khodl_tv", KHODL, "Tư vấn lập báo cáo kinh tế - kỹ thuật và thiết kế chi tiết Kho dữ liệu dùng chung", CS,
       460, DIR, D(2023, 3, 20), 1, 0.975, "viettin", 90, ground=GROUND_SMALL),
    Pk("khodl_pm", KHODL, "Xây dựng Kho dữ liệu dùng chung và Cổng dữ liệu mở tỉnh Sơn Lâm", NC, 18_600, OPEN,
       D(2023, 7, 10), 3, 0.952, "dlso", 700, late=108),
    Pk("soc24", SOC24, "Thuê dịch vụ giám sát an toàn thông tin (SOC) giai đoạn 2024–2026", IT, 9_450, OPEN,
       D(2023, 10, 16), 3, 0.957, "tbd", 1_050),
    Pk("gis_tv", GIS, "Tư vấn lập báo cáo kinh tế - kỹ thuật Nền tảng bản đồ số dùng chung", CS, 420, DIR,
       D(2024, 6, 10), 1, 0.972, "hathanh", 75, ground=GROUND_SMALL),
    Pk("gis_pm", GIS, "Xây dựng Nền tảng bản đồ số dùng chung và chuẩn hóa dữ liệu nền địa lý", NC, 8_900, OPEN,
       D(2024, 10, 14), 4, 0.938, "tanviet", 960),
    Pk("qlvb24", QLVB24, "Nâng cấp phần mềm quản lý văn bản kết nối Trục liên thông văn bản quốc gia", NC, 3_280,
       COMP, D(2024, 3, 18), 3, 0.948, "slsoft", 150),
    Pk("ipv6", "Chuyển đổi hệ thống mạng, dịch vụ", "Chuyển đổi hệ thống mạng, dịch vụ của các cơ quan nhà nước "
       "sang IPv6", NC, 2_150, COMP, D(2023, 4, 17), 3, 0.96, "bacson", 180),
    Pk("cks", "Mua sắm chứng thư số", "Mua sắm thiết bị ký số (USB token) cho cán bộ, công chức", G, 1_180, COMP,
       D(2020, 5, 11), 3, 0.955, "anphat", 60),
    # ------------------------------------------------------------ Sở KH&CN
    Pk("csdlkhcn", "Xây dựng Cơ sở dữ liệu khoa học và công nghệ", "Xây dựng phần mềm và Cơ sở dữ liệu khoa học "
       "và công nghệ", NC, 4_250, COMP, D(2021, 6, 14), 3, 0.951, "bnit", 240),
    Pk("ioc2_tv", IOC2, "Tư vấn lập báo cáo nghiên cứu khả thi dự án Nâng cấp IOC giai đoạn 2", CS, 1_280, OPEN,
       D(2025, 5, 19), 4, 0.915, "hathanh", 120),
    Pk("ioc2_mh", IOC2, "Mua sắm màn hình ghép và thiết bị hiển thị phòng điều hành IOC", G, 2_600, DIR,
       D(2026, 3, 9), 1, 0.985, "hungphat", 120, ground=GROUND_URGENT),
    Pk("ioc2_pm", IOC2, "Xây dựng các phân hệ giám sát, điều hành thông minh giai đoạn 2", NC, 27_400, OPEN,
       D(2026, 9, 7), award=0),
    Pk("lgsp2_tv", LGSP2, "Tư vấn lập báo cáo kinh tế - kỹ thuật nâng cấp LGSP kết nối NDXP", CS, 310, DIR,
       D(2025, 6, 2), 1, 0.975, "viettin", 60, ground=GROUND_SMALL),
    Pk("lgsp2_pm", LGSP2, "Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) kết nối NDXP", NC, 7_850, OPEN,
       D(2025, 8, 18), 3, 0.947, "dlso", 640),
    Pk("dti", "Đo lường, đánh giá mức độ chuyển đổi số", "Tư vấn đo lường, đánh giá mức độ chuyển đổi số (DTI) "
       "năm 2026", CS, 610, OPEN, D(2026, 3, 2), 2, 0.962, "viettin", 150),
    Pk("cloud", "Thuê dịch vụ điện toán đám mây", "Thuê dịch vụ điện toán đám mây cho các hệ thống thông tin dùng "
       "chung giai đoạn 2026–2028", IT, 14_100, OPEN, D(2026, 6, 15), 3, 0.958, "htso", 1_000),
    # ------------------------------------------------------------ Sở NN&MT, Sở TN&MT
    Pk("dd25_tv", DATDAI25, "Tư vấn lập báo cáo nghiên cứu khả thi dự án cập nhật CSDL đất đai", CS, 1_150, OPEN,
       D(2025, 2, 17), 4, 0.92, "hathanh", 90),
    Pk("dd25_do", DATDAI25, "Đo đạc, chỉnh lý bản đồ địa chính và xây dựng dữ liệu địa chính 6 xã", NC, 22_800,
       OPEN, D(2025, 5, 26), 3, 0.941, "tanviet", 720),
    Pk("dd25_gs", DATDAI25, "Tư vấn giám sát cập nhật, chỉnh lý CSDL đất đai", CS, 290, DIR, D(2025, 7, 7), 1,
       0.97, "tkvt", 660, ground=GROUND_SMALL),
    Pk("split_a", DATDAI25, "Mua sắm máy chủ, thiết bị lưu trữ phục vụ vận hành CSDL đất đai", G, 1_950, DIR,
       D(2025, 9, 15), 1, 0.982, "hungphat", 120, ground=GROUND_ND214,
       items=(("app_server", 2, 1.03), ("db_server", 1, 1.02), ("storage", 1, 0.99))),
    Pk("split_b", DATDAI25, "Mua sắm thiết bị mạng, thiết bị bảo mật phục vụ kết nối CSDL đất đai", G, 1_900, DIR,
       D(2025, 11, 24), 1, 0.979, "minhkhang", 90, ground=GROUND_ND214,
       items=(("firewall", 2, 1.04), ("core_switch", 2, 1.02), ("access_switch", 6, 1.0), ("ups", 2, 0.98))),
    Pk("tnn", "Xây dựng Hệ thống thông tin quản lý tài nguyên nước", "Xây dựng Hệ thống thông tin quản lý tài "
       "nguyên nước và khí tượng thủy văn", NC, 6_850, OPEN, D(2026, 8, 24), 3, 0.951, "bnit", 400),
    Pk("dd_tv", DATDAI, "Tư vấn lập dự án đầu tư xây dựng cơ sở dữ liệu đất đai", CS, 2_100, OPEN, D(2020, 8, 10),
       3, 0.90, "hathanh", 150),
    Pk("dd_pm", DATDAI, "Xây dựng cơ sở dữ liệu địa chính và tích hợp dữ liệu đất đai toàn tỉnh", NC, 64_500, OPEN,
       D(2021, 3, 15), 5, 0.912, "tanviet", 900, overpaid=0.04),
    Pk("dd_tb", DATDAI, "Mua sắm thiết bị phục vụ vận hành cơ sở dữ liệu đất đai", G, 12_400, OPEN,
       D(2021, 4, 12), 3, 0.947, "dongduong", 150, items=(("app_server", 8, 1.0), ("storage", 2, 1.01),
                                                         ("scanner", 10, 0.97), ("pc", 60, 1.02))),
    Pk("qtmt", "Xây dựng CSDL quan trắc tài nguyên", "Xây dựng phần mềm và cơ sở dữ liệu quan trắc tài nguyên và "
       "môi trường", NC, 7_900, OPEN, D(2019, 7, 15), 3, 0.945, "bnit", 300),
    # ------------------------------------------------------------ Sở Y tế
    Pk("his", "Xây dựng Hệ thống thông tin quản lý y tế cơ sở", "Xây dựng Hệ thống thông tin quản lý y tế cơ sở "
       "tỉnh Sơn Lâm", NC, 8_650, OPEN, D(2019, 7, 8), 3, 0.946, "sonha", 300),
    Pk("tele", "Mua sắm thiết bị khám, chữa bệnh từ xa", "Mua sắm thiết bị khám, chữa bệnh từ xa (Telehealth) cho "
       "các trung tâm y tế", G, 5_900, OPEN, D(2021, 4, 12), 1, 0.978, "sonha", 120),
    Pk("emr_tv", EMR, "Tư vấn lập báo cáo nghiên cứu khả thi dự án hồ sơ sức khỏe điện tử, bệnh án điện tử", CS,
       690, OPEN, D(2023, 4, 10), 3, 0.93, "hathanh", 90),
    Pk("emr_pm", EMR, "Triển khai phần mềm bệnh án điện tử tại 4 bệnh viện tuyến tỉnh", NC, 14_800, OPEN,
       D(2024, 2, 19), 3, 0.952, "sonha", 420),
    Pk("emr_tb", EMR, "Mua sắm máy chủ, thiết bị lưu trữ cho hệ thống bệnh án điện tử", G, 6_200, OPEN,
       D(2024, 3, 4), 4, 0.94, "dongduong", 120, items=(("app_server", 6, 0.98), ("db_server", 2, 0.97),
                                                        ("storage", 2, 0.99))),
    Pk("emr_gs", EMR, "Tư vấn giám sát triển khai bệnh án điện tử", CS, 380, DIR, D(2024, 3, 18), 1, 0.975,
       "tkvt", 420, ground=GROUND_SMALL),
    Pk("emr_mr", EMR, "Mở rộng bệnh án điện tử cho 3 trung tâm y tế khu vực", NC, 4_300, OPEN, D(2025, 3, 10), 2,
       0.955, "sonha", 270),
    Pk("tyt", "Thuê dịch vụ phần mềm quản lý trạm y tế xã", "Thuê dịch vụ phần mềm quản lý trạm y tế xã giai đoạn "
       "2024–2026", IT, 4_150, OPEN, D(2023, 11, 6), 3, 0.957, "sonha", 1_000),
    # ------------------------------------------------------------ prices close to the package price
    Pk("camera", "Xây dựng Hệ thống camera giám sát an ninh", "Cung cấp, lắp đặt camera giám sát và thiết bị truyền "
       "dẫn giai đoạn 1", G, 28_700, OPEN, D(2022, 9, 12), 3, 0.9962, "bacson", 300),
    Pk("dothi_tv", "Xây dựng Hệ thống thông tin quản lý đô thị", "Tư vấn lập báo cáo kinh tế - kỹ thuật Hệ thống "
       "thông tin quản lý đô thị", CS, 260, DIR, D(2024, 5, 13), 1, 0.97, "viettin", 60, ground=GROUND_SMALL),
    Pk("dothi", "Xây dựng Hệ thống thông tin quản lý đô thị", "Xây dựng phần mềm Hệ thống thông tin quản lý đô thị "
       "thị xã Bình Nguyên", NC, 4_650, COMP, D(2024, 9, 9), 1, 0.9934, "anphat", 450),
    Pk("baotang", "Số hóa di sản văn hóa", "Số hóa 3D hiện vật và xây dựng Bảo tàng số tỉnh Sơn Lâm", NC, 5_600,
       OPEN, D(2025, 4, 21), 4, 0.9951, "phuongnam", 470),
    # ------------------------------------------------------------ direct appointment above the limit (2024)
    Pk("nhao_tb", "Xây dựng Cơ sở dữ liệu về nhà ở", "Mua sắm máy chủ, thiết bị lưu trữ cho Cơ sở dữ liệu nhà ở và "
       "thị trường bất động sản", G, 1_300, DIR, D(2024, 6, 17), 1, 0.978, "minhkhang", 90,
       items=(("app_server", 2, 1.05), ("storage", 1, 0.97))),
    # ------------------------------------------------------------ the service centre, not online
    Pk("tongdai", "Thuê dịch vụ tổng đài", "Thuê dịch vụ tổng đài hỗ trợ người dân, doanh nghiệp thực hiện dịch vụ "
       "công trực tuyến giai đoạn 2025–2027", IT, 1_880, COMP, D(2025, 4, 7), 3, 0.958, "htso", 1_000,
       online=False),
    Pk("sohoa_tthc", "Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực", "Số hóa kết quả giải quyết thủ "
       "tục hành chính còn hiệu lực giai đoạn 2024–2025", NC, 6_500, OPEN, D(2024, 7, 8), 3, 0.95, "phuongnam",
       480),
    Pk("bptn", "Mua sắm thiết bị Bộ phận tiếp nhận và trả kết quả hiện đại tại Trung tâm", "Mua sắm thiết bị Bộ "
       "phận tiếp nhận và trả kết quả hiện đại", G, 2_380, COMP, D(2023, 4, 10), 3, 0.953, "minhkhang", 60,
       items=(("pc", 30, 1.01), ("scanner", 4, 0.98), ("ups", 2, 1.0))),
    # ------------------------------------------------------------ other departments, clean
    Pk("htbc", "Xây dựng Hệ thống thông tin báo cáo tỉnh", "Xây dựng Hệ thống thông tin báo cáo tỉnh Sơn Lâm", NC,
       5_250, OPEN, D(2020, 4, 13), 3, 0.94, "slsoft", 240),
    Pk("ecab", "Triển khai Hệ thống phòng họp không giấy", "Cung cấp, triển khai giải pháp phòng họp không giấy "
       "(eCabinet)", G, 3_600, COMP, D(2020, 8, 17), 2, 0.96, "anphat", 120),
    Pk("tthc06", "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", "Nâng cấp Hệ thống thông tin "
       "giải quyết thủ tục hành chính kết nối Cơ sở dữ liệu quốc gia về dân cư", NC, 7_400, OPEN,
       D(2022, 10, 10), 3, 0.953, "bnit", 240),
    Pk("cbccvc", "Xây dựng Cơ sở dữ liệu cán bộ, công chức", "Xây dựng phần mềm và Cơ sở dữ liệu cán bộ, công "
       "chức, viên chức", NC, 5_900, OPEN, D(2020, 5, 18), 3, 0.945, "slsoft", 240),
    Pk("luutru1", "Số hóa tài liệu lưu trữ lịch sử tỉnh Sơn Lâm giai đoạn 2023", "Chỉnh lý, số hóa tài liệu lưu trữ "
       "lịch sử (giai đoạn 1)", NC, 4_200, OPEN, D(2023, 5, 8), 3, 0.95, "phuongnam", 480),
    Pk("luutru2", "Số hóa tài liệu lưu trữ lịch sử tỉnh Sơn Lâm giai đoạn 2023", "Chỉnh lý, số hóa tài liệu lưu trữ "
       "lịch sử (giai đoạn 2)", NC, 4_350, OPEN, D(2025, 3, 17), 4, 0.943, "phuongnam", 520),
    Pk("dtc", "Xây dựng Hệ thống quản lý, giám sát đầu tư công", "Xây dựng Hệ thống quản lý, giám sát đầu tư công "
       "tỉnh Sơn Lâm", NC, 4_850, COMP, D(2026, 10, 5), award=0),
    Pk("gddt", "Xây dựng Hệ thống quản lý giáo dục thông minh", "Xây dựng Hệ thống quản lý giáo dục thông minh (học "
       "bạ số, sổ điểm điện tử)", NC, 11_400, OPEN, D(2021, 5, 17), 4, 0.93, "bnit", 300),
    Pk("phonghoc", "Mua sắm thiết bị phòng học thông minh", "Mua sắm thiết bị phòng học thông minh cho các trường "
       "trung học phổ thông", G, 13_900, OPEN, D(2022, 5, 16), 3, 0.947, "minhkhang", 150,
       items=(("pc", 240, 0.99), ("ups", 12, 1.0))),
    Pk("lms", "Triển khai nền tảng học trực tuyến", "Thuê dịch vụ nền tảng học trực tuyến (LMS) dùng chung ngành "
       "giáo dục giai đoạn 2024–2026", IT, 3_850, OPEN, D(2024, 1, 15), 2, 0.962, "slsoft", 960),
    Pk("motcua_psl", "Mua sắm thiết bị Bộ phận một cửa UBND phường Sơn Lâm", "Mua sắm thiết bị Bộ phận một cửa "
       "UBND phường Sơn Lâm", G, 820, COMP, D(2025, 5, 12), 3, 0.955, "minhkhang", 45,
       items=(("pc", 12, 1.0), ("scanner", 2, 0.99))),
    Pk("web_xns", "Xây dựng Trang thông tin điện tử UBND xã Ngọc Sơn", "Xây dựng Trang thông tin điện tử UBND xã "
       "Ngọc Sơn", NC, 245, DIRS, D(2025, 4, 14), 1, 0.97, "anphat", 90, ground=GROUND_SMALL),
    Pk("hntt_xvl", "Trang bị hệ thống hội nghị truyền hình trực tuyến cho UBND xã Vĩnh Lâm", "Trang bị hệ thống hội "
       "nghị truyền hình trực tuyến cho UBND xã Vĩnh Lâm", G, 405, "online_quote", D(2026, 10, 19), award=0),
    Pk("lan_hns", "Nâng cấp hạ tầng mạng nội bộ (LAN)", "Nâng cấp hạ tầng mạng nội bộ (LAN) và thiết bị tin học", G,
       620, COMP, D(2019, 5, 13), 3, 0.95, "hungphat", 60),
    Pk("gt_tb", "Xây dựng Hệ thống quản lý, điều hành giao thông thông minh", "Cung cấp, lắp đặt camera, biển báo "
       "điện tử và thiết bị điều khiển giao thông", G, 32_500, OPEN, D(2020, 10, 12), 3, 0.951, "bacson", 300),
    Pk("gt_pm", "Xây dựng Hệ thống quản lý, điều hành giao thông thông minh", "Xây dựng phần mềm điều hành giao "
       "thông thông minh", NC, 18_200, OPEN, D(2020, 11, 9), 2, 0.956, "dlso", 360),
    Pk("cam_tp", "Xây dựng Hệ thống camera giám sát giao thông", "Cung cấp, lắp đặt camera giám sát giao thông và an "
       "ninh trật tự thành phố", G, 17_800, OPEN, D(2020, 9, 14), 2, 0.962, "bacson", 240),
]

INTENDED = {
    "split": {"split_a", "split_b"},
    "method.limit": {"ioc2_mh", "nhao_tb"},
    "price.close": {"camera", "dothi", "baotang"},
    "bidders.single": {"dothi", "tele"},
    "contractor.share": {"emr_pm", "emr_mr", "tyt"},
    "contract.late": {"khodl_pm"},
    "paid.over": {"dd_pm"},
    "online.missing": {"tongdai"},
}


def build_procurement(builder) -> dict:
    """Sơn Lâm's packages 2019–2026 (called at the end of :meth:`DemoBuilder.build`, when the
    projects and their ledgers exist). Returns counts."""
    return ProcurementDemo(builder).run()


class ProcurementDemo:
    def __init__(self, builder):
        self.b = builder
        self.cutoff = builder.cutoff
        self.rng = random.Random(SEED)
        self.clock = ServiceClock(self.rng, timezone.now(), STAMPED, DAY_START, RECEIVER_UID)
        self.packages: dict[str, Package] = {}
        self.used: dict[int, int] = {}     # ledger line → paid under contracts so far
        self.seq = 0

    # ----------------------------------------------------------------- entry ----

    def run(self) -> dict:
        root = self.b.units["SL"]
        if SelectionPlan.objects.filter(project__investor_unit__path__startswith=root.tree_prefix).exists():
            return {}
        self.projects = list(Project.objects.filter(investor_unit__path__startswith=root.tree_prefix)
                             .select_related("investor_unit").prefetch_related("funding_sources"))
        users = list(User.objects.filter(unit__path__startswith=root.tree_prefix, is_active=True)
                     .select_related("unit").order_by("pk"))
        self.staff, self.heads = {}, {}
        for u in users:
            if u.role == Role.UNIT_STAFF:
                self.staff.setdefault(u.unit_id, u)
            elif u.role == Role.UNIT_HEAD:
                self.heads.setdefault(u.unit_id, u)
        self.appraiser = next(u for u in users if u.username == APPRAISER)
        steps = []
        for n, spec in enumerate(PACKAGES):
            steps.extend(self._steps(n, spec))
        steps.sort(key=lambda s: (s[0], s[1]))
        skipped = 0
        with self.clock.running():
            for day, _order, step in steps:
                if day > self.cutoff:
                    skipped += day <= DATA_END    # a clock set before the data's dates: left out
                    continue
                with self.clock.at(day):
                    step()
        self.b.skipped += skipped
        signals.refresh_units({p.unit_id for p in self.packages.values()})
        return {"packages": len(self.packages), "skipped": skipped}

    # ----------------------------------------------------------------- helpers ----

    def _project(self, spec: Pk) -> Project:
        """The project of that name already running in the package's year (a later one may
        carry the same name)."""
        return min((p for p in self.projects if p.name.startswith(spec.project)
                    and p.start_year <= spec.start.year + 1), key=lambda p: p.start_year)

    def _recorder(self, project: Project) -> User:
        """The unit's chuyên viên who keeps the project (the CĐS authority for a unit gone)."""
        staff = self.staff.get(project.investor_unit_id)
        return staff if staff is not None and can_record(staff, project) else self.appraiser

    def _code(self, prefix: str, year: int) -> str:
        self.seq += 1
        return f"{prefix}{year % 100:02d}{self.rng.randint(10_000_000, 99_999_999) // 1000 * 1000 + self.seq:08d}"

    def _workday(self, day: dt.date) -> dt.date:
        while day.weekday() >= 5:
            day += DAY
        return day

    def _steps(self, n: int, spec: Pk) -> list:
        """The dated steps of one package (plan on first sight, package, result, items, contract,
        completion, payments, confirmation)."""
        r = self.rng.randint
        project = self._project(spec)
        actor = self._recorder(project)
        out = []

        def at(day, fn):
            out.append((day, (n, len(out)), fn))

        start = self._workday(spec.start)
        plan_day = self._workday(start - dt.timedelta(days=r(8, 20)))
        at(plan_day, lambda: self._plan(project, actor, plan_day))
        at(start, lambda: self._package(spec, project, actor, start))
        if not spec.award:
            return out
        awarded = self._workday(start + dt.timedelta(days=r(28, 45)))
        at(awarded, lambda: self._result(spec, actor, awarded))
        signed = self._workday(awarded + dt.timedelta(days=r(5, 12)))
        planned = signed + dt.timedelta(days=spec.days)
        at(signed, lambda: self._contract(spec, actor, signed, planned))
        last, done = signed, False
        finished = planned + dt.timedelta(days=spec.late) if spec.late else planned - dt.timedelta(days=r(2, 12))
        finished = max(finished, signed + DAY)
        if finished <= self.cutoff:
            accepted = self._workday(finished + dt.timedelta(days=r(5, 15)))
            if accepted <= self.cutoff:
                at(accepted, lambda: self._complete(spec, actor, finished, accepted))
                last, done = accepted, True
        for day, share in self._payment_days(project, signed, last, done):
            at(day, lambda day=day, share=share: self._pay(spec, actor, day, share))
            last = max(last, day)
        if n % 5 != 3:    # most packages are confirmed; a few wait
            at(self._workday(last + dt.timedelta(days=r(2, 9))), lambda: self._confirm(spec, n % 3 == 0))
        return out

    def _payment_days(self, project: Project, signed: dt.date, last: dt.date, done: bool) -> list:
        """A payment at the end of each year the contract ran in which the project disbursed
        (the treasury's figure): the share of the contract's value each pays (half of it in all
        while the work is not accepted)."""
        years = sorted({e.year for e in BudgetEntry.objects.filter(
            project=project, stage=Stage.DISBURSED, voided=False, superseded_by__isnull=True)})
        years = [y for y in years if signed.year <= y <= max(last.year, signed.year)]
        if not years:
            return []
        days = [min(max(self._workday(D(y, 12, 12)), signed + dt.timedelta(days=10)), self.cutoff) for y in years]
        return [(d, (1 if done else 0.5) / len(days)) for d in days if d >= signed]

    # ----------------------------------------------------------------- steps ----

    def _plan(self, project: Project, actor: User, day: dt.date) -> None:
        if SelectionPlan.objects.filter(project=project).exists():
            return
        investment = project.kind == Kind.INVESTMENT
        unit = project.investor_unit
        abbr = unit.code.split("-")[-1]
        number = f"{day.timetuple().tm_yday * 7 + self.rng.randint(1, 6)}/QĐ-{'UBND' if investment else abbr}"
        ps.create_plan(actor, project, {
            "name": f"Kế hoạch lựa chọn nhà thầu {lcfirst(project.name)}"[:500],
            "plan_code": self._code("PL", day.year), "decision_number": number,
            "decision_date": day.strftime("%d/%m/%Y"),
            "approver": "Chủ tịch UBND tỉnh Sơn Lâm" if investment else f"Thủ trưởng {unit.short_name}",
            "budget": "project" if investment else "recurrent"})

    def _package(self, spec: Pk, project: Project, actor: User, day: dt.date) -> None:
        plan = SelectionPlan.objects.get(project=project)
        competitive = spec.method in (OPEN, COMP)
        online = spec.online if spec.online is not None else (competitive and day.year >= 2023
                                                              or spec.method == "online_quote")
        mode = "1s2e" if spec.method == OPEN else ("1s1e" if spec.method in (COMP, DIR) else "")
        contract_type = "time_based" if spec.field == CS and spec.days > 200 else "lump_sum"
        sources = list(project.funding_sources.all())
        notice = self._code("IB", day.year) + "-00" if spec.method != DIRS else ""
        self.packages[spec.key] = ps.create_package(actor, plan, {
            "name": spec.name, "field": spec.field, "package_price": spec.price * 1_000_000,
            "funding_source": sources[0].pk if sources else None, "method": spec.method,
            "method_ground": spec.ground, "mode": mode, "online": online, "contract_type": contract_type,
            "duration_days": spec.days, "selection_start": day.strftime("%d/%m/%Y"), "notice_code": notice,
        }, refresh=False)

    def _result(self, spec: Pk, actor: User, day: dt.date) -> None:
        name, tax = C[spec.winner]
        package = self.packages[spec.key]
        price = int(spec.price * 1_000_000 * spec.award) // 1000 * 1000
        abbr = package.unit.code.split("-")[-1]
        self.packages[spec.key] = package = ps.record_result(actor, package, {
            "contractor_name": name, "contractor_tax_code": tax, "awarded_price": price, "bidders": spec.bidders,
            "awarded_on": day.strftime("%d/%m/%Y"),
            "award_decision": f"{day.timetuple().tm_yday * 3 + self.rng.randint(1, 2)}/QĐ-{abbr}"}, refresh=False)
        if spec.items:
            rows = [{"name": CATALOGUE[k].name, "unit": CATALOGUE[k].unit, "quantity": str(q),
                     "unit_price": int(CATALOGUE[k].price * f) // 1000 * 1000,
                     "brand": BRANDS.get(k, ""), "origin": ORIGINS.get(k, "")} for k, q, f in spec.items]
            self.packages[spec.key] = ps.set_items(actor, package, rows)

    def _contract_data(self, spec: Pk, signed: dt.date, planned: dt.date) -> dict:
        package = self.packages[spec.key]
        abbr = package.unit.code.split("-")[-1]
        return {"number": f"{self.rng.randint(1, 60):02d}/{signed.year}/HĐ-{abbr}",
                "value": package.awarded_price, "signed_on": signed.strftime("%d/%m/%Y"),
                "planned_completion": planned.strftime("%d/%m/%Y")}

    def _contract(self, spec: Pk, actor: User, signed: dt.date, planned: dt.date) -> None:
        ps.save_contract(actor, self.packages[spec.key], self._contract_data(spec, signed, planned))

    def _complete(self, spec: Pk, actor: User, finished: dt.date, accepted: dt.date) -> None:
        contract = Contract.objects.get(package=self.packages[spec.key])
        ps.save_contract(actor, contract.package, {
            "number": contract.number, "value": contract.value, "signed_on": contract.signed_on.strftime("%d/%m/%Y"),
            "planned_completion": contract.planned_completion.strftime("%d/%m/%Y"),
            "actual_completion": finished.strftime("%d/%m/%Y"), "accepted_on": accepted.strftime("%d/%m/%Y"),
            "note": "Nghiệm thu hoàn thành" + (", chậm tiến độ so với hợp đồng" if spec.late else "")})

    def _pay(self, spec: Pk, actor: User, day: dt.date, share: float) -> None:
        contract = Contract.objects.select_related("package").get(package=self.packages[spec.key])
        target = int(contract.value * (1 + spec.overpaid) * share) // 1000 * 1000
        for entry in ps.disbursements_for(contract.package).filter(year=day.year):
            room = entry.amount - self.used.get(entry.pk, 0)
            amount = min(room, target)
            if amount <= 0:
                continue
            ps.add_payment(actor, contract, {"amount": amount, "paid_on": day.strftime("%d/%m/%Y"),
                                             "entry": entry.pk, "note": f"Thanh toán năm {day.year}"})
            self.used[entry.pk] = self.used.get(entry.pk, 0) + amount
            target -= amount
            if target <= 0:
                break

    def _confirm(self, spec: Pk, authority_first: bool) -> None:
        """Confirmed by the unit's head or the CĐS authority, whoever did not record it."""
        package = Package.objects.get(pk=self.packages[spec.key].pk)
        checkers = [self.heads.get(package.unit_id), self.appraiser]
        for checker in checkers[::-1] if authority_first else checkers:
            if checker is not None and checker.pk != package.changed_by_id and can_confirm(checker, package):
                ps.confirm_package(checker, package)
                return


BRANDS = {"app_server": "Dell PowerEdge R760", "db_server": "HPE ProLiant DL380 Gen11",
          "storage": "Dell PowerStore 1200T", "firewall": "Fortinet FortiGate 600F",
          "core_switch": "Cisco Catalyst 9500", "access_switch": "Cisco Catalyst 9200L",
          "scanner": "Fujitsu fi-7900", "ups": "APC Smart-UPS SRT 10kVA", "pc": "Dell OptiPlex 7010",
          "os_licence": "Microsoft Windows Server 2022 Standard"}
ORIGINS = {"app_server": "Trung Quốc", "db_server": "Singapore", "storage": "Trung Quốc", "firewall": "Đài Loan",
           "core_switch": "Mexico", "access_switch": "Trung Quốc", "scanner": "Philippines", "ups": "Philippines",
           "pc": "Việt Nam", "os_licence": "Mỹ"}
