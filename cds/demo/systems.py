"""The systems map of the demo province, written through :mod:`cds.systems.services`.

About forty information systems of tỉnh Sơn Lâm around its LGSP hub, as a province's inventory
(an "đợt rà soát, cập nhật danh mục hệ thống thông tin" in the autumn of 2026) would record them:

* **Core, shared systems** owned by Sở KH&CN (the province's CĐS authority) or Văn phòng UBND
  tỉnh: the LGSP hub, the TTHC system (Cổng DVC + một cửa điện tử), e-office, the portal, the
  reporting system, the data centre / cloud, SOC, IOC, SSO, the shared data warehouse, the GIS
  platform and the citizens' feedback system;
* **sector systems** of the departments (land, environment, agriculture, health, education,
  finance, home affairs, justice, construction and transport, tourism, trade, police,
  inspectorate, the economic zones board), most derived from a core system;
* **unit systems** of the newspaper and of the wards and communes that took over the districts'
  systems on 01/7/2025.

Most systems connect through the LGSP; the LGSP connects to NDXP and the national databases
(population, land, enterprises, VNeID, Cổng DVC quốc gia, Trục liên thông văn bản …). The national
rows are looked up by their catalogue code and created (by the administrator) only when absent,
so the module works whether or not the national platform catalogue has been loaded as systems.

The map carries each built-in finding at least once, as the inventory of a real province would:

* three systems in operation connected to nothing (the inspectorate's complaints software,
  Sở Công Thương's industrial-cluster system, xã Vĩnh Lâm's new-rural-area software);
* "Đất đai" mastered twice — by Sở NN&MT's land information system and by the land database
  phường Bình Nguyên took over from the former thị xã (synchronised by file, not through LGSP);
* point-to-point links while the LGSP exists (the police cameras straight into the IOC, the
  hospitals' records straight to the social-insurance database);
* sector systems not derived from a core (Sở Y tế's own e-office, the e-commerce exchange);
* a system keeping locally what a national database masters (the primary-health system's own
  population list);
* the IOC built without the software it needed (as Quảng Ninh's review found): in operation
  since 09/2022 with two integrations and functional fit "không phù hợp"; of the 220 devices its
  project bought, 110 are not serving (not yet used, idle or broken — 89 of its 152 cameras), with
  the day and the person who reported each status. The city's IOC infrastructure (paused: "hạ tầng đã hoàn thành nhưng
  chưa có các hệ thống phần mềm") is still in "Triển khai", its equipment unused.

Equipment also for the data centre, the video-conference network, the water-monitoring stations,
intelligent traffic and the police cameras. Each system is linked to the demo projects that built,
upgraded, integrated or migrated it (looked up by name; none is created). Yearly costs 2024–2026
(operating vs development, integer đồng). Four records are attested by their owner unit's head
(seal valid); the EMR system's was attested and then edited by the CĐS appraiser (seal broken);
the rest are unattested.

Every write is a service call by the person who would make it (the owner unit's chuyên viên; the
CĐS appraiser "thamdinh" where a link crosses units; the administrator for national rows), with
Django's clock set to the day of the inventory as in :mod:`.estimates`. Idempotent: when the
province's LGSP is there the map is not built again.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from cds.audit.models import AuditEvent
from cds.catalog.models import Capability, DataEntity
from cds.projects.models import Project
from cds.projects.permissions import scope_projects
from cds.systems import services as systems
from cds.systems.models import (
    Category,
    DataHolding,
    Equipment,
    EquipmentStatus,
    HoldingRole,
    InformationSystem,
    Integration,
    IntegrationStatus,
    Mechanism,
    SystemProject,
)
from cds.systems.permissions import can_edit_system, can_report_equipment, scope_systems
from cds.workdays.calendar import WorkCalendar

from .clock import ServiceClock
from .common import DATA_END
from .units import ROOT_CODE

SEED = 4716
DAY = dt.timedelta(days=1)
DAY_START = dt.time(8, 10)
RECEIVER_UID = "cds-demo-systems"
STAMPED = {InformationSystem: "created_at", SystemProject: "created_at", Equipment: "created_at",
           Integration: "created_at", DataHolding: "created_at", AuditEvent: "created_at"}
APPRAISER = "thamdinh"
ADMIN = "admin"
MARKER = "SL-LGSP"          # the province's hub: its presence means the map was built
D = dt.date
M = 1_000_000               # triệu đồng → đồng

CORE, SECTOR, UNIT, NATIONAL = Category.CORE, Category.SECTOR, Category.UNIT, Category.NATIONAL
HUB, DIRECT, FILE = Mechanism.HUB, Mechanism.DIRECT, Mechanism.FILE
MASTER, COPY, LOCAL = HoldingRole.MASTER, HoldingRole.COPY, HoldingRole.LOCAL
IN_USE, NOT_USED, IDLE, BROKEN = (EquipmentStatus.IN_USE, EquipmentStatus.NOT_USED, EquipmentStatus.IDLE,
                                  EquipmentStatus.BROKEN)


# ------------------------------------------------------------------ national rows ----

@dataclass(frozen=True)
class N:
    code: str
    name: str
    operator: str
    aliases: str = ""
    hub: bool = False
    masters: tuple[str, ...] = ()     # entities the national row is the master of (added when it has none)
    citation: str = ""


NATIONAL_ROWS = [
    N("NDXP", "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia", "Bộ Khoa học và Công nghệ", "NDXP", hub=True,
      citation="NĐ 47/2020/NĐ-CP Điều 27"),
    N("CSDLQG-DANCU", "Cơ sở dữ liệu quốc gia về dân cư", "Bộ Công an", "CSDL dân cư", masters=("DANCU",),
      citation="Luật Căn cước 2023"),
    N("CSDLQG-DATDAI", "Cơ sở dữ liệu quốc gia về đất đai", "Bộ Nông nghiệp và Môi trường", "CSDL đất đai quốc gia",
      citation="Luật Đất đai 2024"),
    N("CSDLQG-DOANHNGHIEP", "Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp", "Bộ Tài chính",
      "CSDL đăng ký doanh nghiệp", masters=("DOANHNGHIEP",)),
    N("CSDLQG-BAOHIEM", "Cơ sở dữ liệu quốc gia về bảo hiểm", "Bảo hiểm xã hội Việt Nam", "CSDL bảo hiểm",
      masters=("BAOHIEM",)),
    N("CSDL-HOTICH", "Cơ sở dữ liệu hộ tịch điện tử toàn quốc", "Bộ Tư pháp", "CSDL hộ tịch", masters=("HOTICH",)),
    N("CSDLQG-CBCCVC", "Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức", "Bộ Nội vụ", "CSDL CBCCVC",
      masters=("CBCCVC",)),
    N("CONG-DVCQG", "Cổng Dịch vụ công quốc gia", "Văn phòng Chính phủ", "Cổng DVC quốc gia"),
    N("VNEID", "Hệ thống định danh và xác thực điện tử (VNeID)", "Bộ Công an", "VNeID"),
    N("TRUC-VBQG", "Trục liên thông văn bản quốc gia", "Văn phòng Chính phủ", "Trục liên thông văn bản"),
    N("HTTTBC-QG", "Hệ thống thông tin báo cáo quốc gia", "Văn phòng Chính phủ", "Hệ thống báo cáo Chính phủ"),
    N("PAKN-QG", "Hệ thống tiếp nhận, trả lời phản ánh, kiến nghị của người dân, doanh nghiệp",
      "Văn phòng Chính phủ", "Hệ thống PAKN quốc gia"),
]


# ------------------------------------------------------------------ the province's systems ----

@dataclass(frozen=True)
class S:
    code: str
    name: str
    category: str
    owner: str
    operating: str = ""
    core: str = ""
    lifecycle: str = "operate"
    dates: tuple = ()                 # (planned_on, build_on, operate_on[, phase_out_on, retired_on])
    criticality: str = "business"
    fit: tuple = ()                   # (functional, technical)
    hosting: str = "province_dc"
    security: tuple = ()              # (level, decision number, decision date)
    vendor: str = ""
    contract: str = ""
    users: tuple = ()                 # (groups, count)
    description: str = ""
    aliases: str = ""
    caps: tuple[str, ...] = ()
    hub: bool = False
    projects: tuple = ()              # (project name, role, note)
    op: int = 0                       # operating cost, triệu đồng a year (from the year it operates)
    dev: dict = field(default_factory=dict)   # {year: triệu đồng of development that year}


P_QLVB = "Xây dựng Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm"
P_QLVB2 = "Nâng cấp Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm kết nối Trục liên thông văn bản quốc gia"
P_LGSP = "Xây dựng Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Sơn Lâm (LGSP)"
P_LGSP2 = "Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) tỉnh Sơn Lâm kết nối Nền tảng NDXP"
P_PORTAL = "Nâng cấp Cổng thông tin điện tử tỉnh Sơn Lâm"
P_PAKN = "Xây dựng Hệ thống tiếp nhận, xử lý phản ánh, kiến nghị của người dân và doanh nghiệp tỉnh Sơn Lâm"
P_HNTH = "Xây dựng Hệ thống hội nghị truyền hình trực tuyến từ tỉnh đến cấp xã"
P_IOC = "Xây dựng Trung tâm giám sát, điều hành thông minh (IOC) tỉnh Sơn Lâm"
P_IOC2 = "Nâng cấp Trung tâm giám sát, điều hành thông minh (IOC) tỉnh Sơn Lâm giai đoạn 2"
P_SOC1 = ("Thuê dịch vụ giám sát, điều hành an toàn, an ninh mạng (SOC) cho các hệ thống thông tin của tỉnh "
          "giai đoạn 2021–2023")
P_SOC2 = "Thuê dịch vụ giám sát an toàn thông tin (SOC) cho các hệ thống thông tin của tỉnh giai đoạn 2024–2026"
P_SOC3 = "Xây dựng Hệ thống giám sát an toàn thông tin tập trung (SOC) tỉnh Sơn Lâm"
P_TTDL = "Xây dựng Trung tâm dữ liệu tỉnh Sơn Lâm (nền tảng điện toán đám mây)"
P_CLOUD = "Thuê dịch vụ điện toán đám mây cho các hệ thống thông tin dùng chung của tỉnh giai đoạn 2026–2028"
P_DVC = ("Nâng cấp Cổng dịch vụ công và Hệ thống một cửa điện tử tỉnh Sơn Lâm (Hệ thống thông tin giải quyết "
         "TTHC)")
P_DVC06 = ("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh kết nối Cơ sở dữ liệu quốc gia về dân "
           "cư (Đề án 06)")
P_KHODL = "Xây dựng Kho dữ liệu dùng chung tỉnh Sơn Lâm"
P_GIS = "Triển khai Nền tảng bản đồ số dùng chung tỉnh Sơn Lâm (GIS)"
P_HTBC = "Xây dựng Hệ thống thông tin báo cáo tỉnh Sơn Lâm kết nối Hệ thống thông tin báo cáo Chính phủ"
P_ECAB = "Triển khai Hệ thống phòng họp không giấy (eCabinet) của UBND tỉnh"
P_LAND = "Xây dựng cơ sở dữ liệu đất đai tỉnh Sơn Lâm"
P_LAND2 = "Cập nhật, chỉnh lý và hoàn thiện CSDL đất đai tỉnh Sơn Lâm kết nối CSDL quốc gia về đất đai"
P_LANDSCAN = "Số hóa hồ sơ địa chính phục vụ cấp giấy chứng nhận quyền sử dụng đất tỉnh Sơn Lâm"
P_ENV = "Xây dựng CSDL quan trắc tài nguyên và môi trường tỉnh Sơn Lâm"
P_WATER = "Mua sắm, lắp đặt hệ thống quan trắc môi trường nước mặt tự động, liên tục"
P_AGRI = ("Xây dựng Hệ thống thông tin quản lý sản xuất nông nghiệp và truy xuất nguồn gốc nông sản tỉnh Sơn "
          "Lâm")
P_HEALTH = "Xây dựng Hệ thống thông tin quản lý y tế cơ sở tỉnh Sơn Lâm"
P_STATION = "Thuê dịch vụ phần mềm quản lý trạm y tế xã giai đoạn 2024–2026"
P_EMR = "Triển khai hồ sơ sức khỏe điện tử và bệnh án điện tử tại các bệnh viện tuyến tỉnh"
P_SYT_QLVB = "Xây dựng phần mềm quản lý văn bản và hồ sơ công việc của Sở Y tế"
P_EDU = "Xây dựng Hệ thống quản lý giáo dục thông minh tỉnh Sơn Lâm (học bạ số, sổ điểm điện tử)"
P_EDU_SCAN = "Số hóa hồ sơ tuyển sinh và sổ gốc văn bằng, chứng chỉ ngành giáo dục"
P_LMS = "Triển khai nền tảng học trực tuyến (LMS) dùng chung ngành giáo dục"
P_ASSET = "Xây dựng Hệ thống quản lý tài sản công và giá tỉnh Sơn Lâm"
P_PUBINV = "Xây dựng Hệ thống quản lý, giám sát đầu tư công tỉnh Sơn Lâm"
P_BIZ = "Xây dựng Cơ sở dữ liệu doanh nghiệp và dự án đầu tư tỉnh Sơn Lâm"
P_BIZ2 = "Xây dựng phần mềm quản lý dự án đầu tư ngoài ngân sách"
P_STAFF = "Xây dựng Cơ sở dữ liệu cán bộ, công chức, viên chức tỉnh Sơn Lâm"
P_STAFF2 = ("Xây dựng Hệ thống quản lý hồ sơ điện tử cán bộ, công chức kết nối Cơ sở dữ liệu quốc gia về cán bộ, "
            "công chức, viên chức")
P_CIVIL = "Số hóa sổ hộ tịch và xây dựng Cơ sở dữ liệu hộ tịch điện tử tỉnh Sơn Lâm"
P_CIVIL2 = "Cập nhật, làm sạch dữ liệu hộ tịch phục vụ kết nối Cơ sở dữ liệu quốc gia về dân cư (Đề án 06)"
P_LLTP = "Xây dựng phần mềm cấp Phiếu lý lịch tư pháp trực tuyến kết nối ứng dụng VNeID"
P_ROAD = "Xây dựng Hệ thống quản lý kết cấu hạ tầng giao thông đường bộ tỉnh Sơn Lâm"
P_ITS = "Xây dựng Hệ thống quản lý, điều hành giao thông thông minh tỉnh Sơn Lâm"
P_PLAN = "Xây dựng Hệ thống CSDL quản lý quy hoạch và cấp phép xây dựng tỉnh Sơn Lâm"
P_TOUR = "Xây dựng Hệ thống du lịch thông minh tỉnh Sơn Lâm"
P_ECOM = "Xây dựng Sàn giao dịch thương mại điện tử tỉnh Sơn Lâm"
P_CLUSTER = "Xây dựng Hệ thống quản lý cụm công nghiệp và năng lượng tỉnh Sơn Lâm"
P_INSPECT = "Xây dựng phần mềm quản lý công tác thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo"
P_CAMERA = "Xây dựng Hệ thống camera giám sát an ninh, trật tự và xử lý vi phạm hành chính tỉnh Sơn Lâm"
P_ZONE = ("Xây dựng phần mềm và CSDL phục vụ công tác quản lý nhà nước của Ban Quản lý các khu kinh tế và khu "
          "công nghiệp")
P_PRESS = "Xây dựng Hệ thống quản trị nội dung và phát hành báo điện tử đa phương tiện Báo Sơn Lâm"
P_TP_ONESTOP = "Xây dựng Hệ thống một cửa điện tử huyện Tân Phong"
P_BN_LAND = "Chỉnh lý, số hóa hồ sơ địa chính và xây dựng cơ sở dữ liệu đất đai thị xã Bình Nguyên"
P_VL_NTM = "Ứng dụng công nghệ thông tin trong xây dựng nông thôn mới huyện Vĩnh Lâm"
P_TP_IOC = "Xây dựng hạ tầng kỹ thuật Trung tâm điều hành đô thị thông minh thành phố Sơn Lâm"
P_NS_WEB = "Xây dựng Trang thông tin điện tử UBND xã Ngọc Sơn"

BUILD, UPGRADE, INTEGRATE, MIGRATE, RETIRE = "build", "upgrade", "integrate", "migrate", "retire"
VNPT, VIETTEL, FPT, CMC = "VNPT Sơn Lâm", "Viettel Sơn Lâm", "FPT IS", "CMC TS"
LOCAL_VENDOR = "Công ty CP Công nghệ tin học Sơn Lâm"
UBND = "QĐ-UBND"

SYSTEMS: list[S] = [
    # ------------------------------------------------------------- core, shared systems
    S("SL-LGSP", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Sơn Lâm (LGSP)", CORE, "SL-SKHCN", "SL-TTCNTT",
      hub=True, dates=(D(2019, 4, 10), D(2019, 11, 4), D(2020, 12, 15)), criticality="mission", fit=(4, 3),
      security=(3, f"Quyết định số 2315/{UBND}", D(2021, 6, 8)), vendor=VNPT,
      contract="Hợp đồng số 27/2019/HĐ-STTTT ngày 04/11/2019", users=("Các hệ thống thông tin của tỉnh", 46),
      description="Trục tích hợp, chia sẻ dữ liệu cấp tỉnh: kết nối các hệ thống thông tin của tỉnh với nhau và với "
                  "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP), các cơ sở dữ liệu quốc gia.",
      aliases="LGSP\nTrục tích hợp dữ liệu tỉnh", caps=("LGSP",),
      projects=((P_LGSP, BUILD, ""), (P_LGSP2, UPGRADE, "Kết nối NDXP phiên bản mới, bổ sung dịch vụ dữ liệu")),
      op=1_150, dev={2025: 3_600, 2026: 4_200}),
    S("SL-DVC", "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Sơn Lâm (Cổng dịch vụ công và Hệ thống một "
      "cửa điện tử)", CORE, "SL-VP", "SL-TTCNTT", dates=(D(2017, 9, 1), D(2018, 3, 5), D(2018, 12, 20)),
      criticality="mission", fit=(3, 3), security=(3, f"Quyết định số 1187/{UBND}", D(2022, 5, 17)), vendor=VNPT,
      contract="Hợp đồng số 11/2021/HĐ-STTTT ngày 26/7/2021",
      users=("Cán bộ một cửa các cấp; người dân, doanh nghiệp", 2_850),
      description="Cổng dịch vụ công trực tuyến và Hệ thống một cửa điện tử dùng chung ba cấp; tiếp nhận, giải "
                  "quyết, trả kết quả thủ tục hành chính; đồng bộ với Cổng Dịch vụ công quốc gia.",
      aliases="Cổng DVC tỉnh\nMột cửa điện tử", caps=("DVC", "MOTCUA"),
      projects=((P_DVC, UPGRADE, ""), (P_DVC06, INTEGRATE, "Khai thác CSDL quốc gia về dân cư, VNeID")),
      op=1_480, dev={2025: 2_600}),
    S("SL-QLVB", "Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm", CORE, "SL-SKHCN", "SL-TTCNTT",
      dates=(D(2019, 2, 18), D(2019, 8, 12), D(2020, 6, 1)), criticality="mission", fit=(4, 3),
      security=(3, f"Quyết định số 1188/{UBND}", D(2022, 5, 17)), vendor=VIETTEL,
      contract="Hợp đồng số 08/2019/HĐ-STTTT ngày 12/8/2019",
      users=("Cán bộ, công chức các cơ quan hành chính ba cấp", 6_200),
      description="Quản lý văn bản đến, đi, hồ sơ công việc, ký số; liên thông văn bản điện tử bốn cấp qua Trục "
                  "liên thông văn bản quốc gia.",
      aliases="iOffice\nVăn phòng điện tử", caps=("QLVB", "CKS"),
      projects=((P_QLVB, BUILD, ""), (P_QLVB2, UPGRADE, "")), op=980, dev={2024: 3_250}),
    S("SL-CONGTTDT", "Cổng thông tin điện tử tỉnh Sơn Lâm", CORE, "SL-VP", "SL-VP",
      dates=(D(2012, 1, 1), D(2012, 3, 1), D(2013, 1, 1)), criticality="business", fit=(3, 2),
      security=(2, "Quyết định số 45/QĐ-VPUBND", D(2021, 3, 12)), vendor=FPT,
      contract="Hợp đồng số 05/2019/HĐ-STTTT ngày 15/4/2019", users=("Ban biên tập; người dân, doanh nghiệp", 85),
      description="Cổng thông tin chính thức của UBND tỉnh: tin tức, văn bản chỉ đạo, công khai ngân sách, lấy ý "
                  "kiến dự thảo văn bản; các trang thành phần của sở, ngành, xã.",
      caps=("CONG-TTDT",), projects=((P_PORTAL, UPGRADE, ""),), op=420),
    S("SL-HTBC", "Hệ thống thông tin báo cáo tỉnh Sơn Lâm", CORE, "SL-VP", "SL-TTCNTT",
      dates=(D(2020, 1, 13), D(2020, 7, 6), D(2021, 5, 10)), fit=(3, 3),
      security=(2, "Quyết định số 62/QĐ-VPUBND", D(2021, 9, 20)), vendor=VIETTEL,
      contract="Hợp đồng số 14/2020/HĐ-VPUBND ngày 06/7/2020",
      users=("Cán bộ tổng hợp báo cáo các sở, ngành, xã", 740),
      description="Thu thập, tổng hợp chỉ tiêu kinh tế - xã hội, báo cáo định kỳ; kết nối Hệ thống thông tin báo "
                  "cáo Chính phủ.", caps=("BAOCAO",), projects=((P_HTBC, BUILD, ""),), op=360),
    S("SL-TTDL", "Trung tâm dữ liệu tỉnh Sơn Lâm (nền tảng điện toán đám mây)", CORE, "SL-SKHCN", "SL-TTCNTT",
      dates=(D(2022, 1, 17), D(2023, 3, 6), D(2025, 4, 18)), criticality="mission", fit=(4, 4),
      security=(4, f"Quyết định số 1742/{UBND}", D(2025, 7, 30)), vendor=VIETTEL,
      contract="Hợp đồng số 03/2023/HĐ-STTTT ngày 06/3/2023",
      users=("Các cơ quan đặt hệ thống tại Trung tâm", 38),
      description="Hạ tầng ảo hóa, lưu trữ, sao lưu dự phòng dùng chung theo mô hình điện toán đám mây; nơi đặt các "
                  "hệ thống dùng chung và cơ sở dữ liệu của tỉnh.", caps=("TTDL", "HATANG"),
      projects=((P_TTDL, BUILD, ""), (P_CLOUD, UPGRADE, "Mở rộng bằng thuê dịch vụ đám mây")),
      op=2_650, dev={2024: 21_400, 2025: 9_800, 2026: 4_800}),
    S("SL-SOC", "Hệ thống giám sát, điều hành an toàn thông tin mạng (SOC) tỉnh Sơn Lâm", CORE, "SL-SKHCN",
      "SL-TTCNTT", dates=(D(2020, 10, 26), D(2021, 1, 4), D(2021, 3, 1)), criticality="mission", fit=(3, 3),
      hosting="vendor", security=(3, f"Quyết định số 402/{UBND}", D(2024, 2, 27)), vendor=VIETTEL,
      contract="Hợp đồng thuê dịch vụ số 01/2024/HĐ-STTTT ngày 02/01/2024",
      users=("Cán bộ chuyên trách an toàn thông tin", 24),
      description="Giám sát an toàn thông tin tập trung 24/7 cho các hệ thống dùng chung, cảnh báo, ứng cứu sự cố; "
                  "chia sẻ thông tin với hệ thống giám sát quốc gia.", caps=("SOC",),
      projects=((P_SOC1, BUILD, "Thuê dịch vụ giai đoạn 2021–2023"),
                (P_SOC2, MIGRATE, "Chuyển sang hợp đồng thuê dịch vụ giai đoạn 2024–2026"),
                (P_SOC3, UPGRADE, "Thay thuê dịch vụ bằng SOC tập trung của tỉnh")),
      op=3_200),
    S("SL-IOC", "Trung tâm giám sát, điều hành thông minh (IOC) tỉnh Sơn Lâm", CORE, "SL-SKHCN", "SL-TTCNTT",
      dates=(D(2020, 5, 20), D(2021, 2, 22), D(2022, 9, 26)), criticality="business", fit=(1, 3),
      security=(3, f"Quyết định số 2048/{UBND}", D(2022, 12, 6)), vendor=VNPT,
      contract="Hợp đồng số 02/2021/HĐ-STTTT ngày 22/02/2021",
      users=("Lãnh đạo tỉnh; cán bộ trực điều hành", 35),
      description="Phòng điều hành, màn hình ghép, camera và máy chủ hoàn thành năm 2022; các phân hệ phần mềm phân "
                  "tích hình ảnh, điều hành giao thông, cảnh báo chưa được đầu tư nên phần lớn thiết bị chưa khai "
                  "thác. Hiện chỉ hiển thị số liệu dịch vụ công, phản ánh kiến nghị nhận qua LGSP và hình ảnh camera "
                  "an ninh của Công an tỉnh.",
      aliases="IOC tỉnh\nTrung tâm điều hành thông minh", caps=("IOC", "CAMERA", "BAOCAO"),
      projects=((P_IOC, BUILD, "Hạ tầng, thiết bị; chưa gồm phần mềm phân tích hình ảnh"),
                (P_IOC2, UPGRADE, "Bổ sung phần mềm phân tích hình ảnh, điều hành giao thông")),
      op=2_900, dev={2025: 1_200, 2026: 6_500}),
    S("SL-SSO", "Hệ thống xác thực tập trung (SSO) tỉnh Sơn Lâm", CORE, "SL-SKHCN", "SL-TTCNTT",
      dates=(D(2021, 3, 8), D(2021, 8, 2), D(2022, 4, 11)), criticality="mission", fit=(4, 4),
      security=(3, f"Quyết định số 1189/{UBND}", D(2022, 5, 17)), vendor=VNPT,
      contract="Hợp đồng số 11/2021/HĐ-STTTT ngày 26/7/2021",
      users=("Cán bộ, công chức; người dân, doanh nghiệp", 9_400),
      description="Đăng nhập một lần cho các hệ thống dùng chung; xác thực người dân bằng tài khoản định danh điện "
                  "tử VNeID.", caps=("SSO",), projects=((P_DVC, BUILD, "Phân hệ SSO của gói nâng cấp Cổng DVC"),),
      op=310),
    S("SL-KHODL", "Kho dữ liệu dùng chung tỉnh Sơn Lâm", CORE, "SL-SKHCN", "SL-TTCNTT", lifecycle="build",
      dates=(D(2023, 2, 20), D(2024, 3, 4)), criticality="business", fit=(3, 3), vendor=CMC,
      contract="Hợp đồng số 06/2024/HĐ-STTTT ngày 04/3/2024", users=("Các sở, ngành khai thác dữ liệu", 120),
      description="Kho dữ liệu dùng chung và dữ liệu mở của tỉnh: dữ liệu chủ lưu một nơi, chia sẻ qua LGSP.",
      caps=("KHODL",), projects=((P_KHODL, BUILD, ""),), dev={2024: 9_800, 2025: 8_600, 2026: 3_900}),
    S("SL-GIS", "Nền tảng bản đồ số dùng chung tỉnh Sơn Lâm (GIS)", CORE, "SL-SKHCN", "SL-TTCNTT",
      lifecycle="build", dates=(D(2024, 5, 13), D(2025, 3, 3)), fit=(3, 3), vendor=FPT,
      contract="Hợp đồng số 04/2025/HĐ-SKHCN ngày 03/3/2025", users=("Các sở, ngành, xã", 260),
      description="Bản đồ nền, dịch vụ bản đồ dùng chung cho các hệ thống chuyên ngành (đất đai, quy hoạch, giao "
                  "thông, nông nghiệp).", caps=("GIS",), projects=((P_GIS, BUILD, ""),),
      dev={2025: 4_100, 2026: 5_300}),
    S("SL-PAKN", "Hệ thống tiếp nhận, xử lý phản ánh, kiến nghị tỉnh Sơn Lâm", CORE, "SL-SKHCN", "SL-TTCNTT",
      dates=(D(2020, 2, 12), D(2020, 8, 3), D(2021, 4, 19)), fit=(3, 3),
      security=(2, "Quyết định số 118/QĐ-STTTT", D(2021, 8, 30)), vendor=VNPT,
      contract="Hợp đồng số 19/2020/HĐ-STTTT ngày 03/8/2020", users=("Người dân, doanh nghiệp; cán bộ xử lý", 1_650),
      description="Tiếp nhận phản ánh, kiến nghị qua ứng dụng, tổng đài, cổng thông tin; chuyển xử lý, công khai "
                  "kết quả; liên thông Hệ thống phản ánh, kiến nghị quốc gia.", caps=("PAKN",),
      projects=((P_PAKN, BUILD, ""),), op=290),
    S("SL-ECABINET", "Hệ thống phòng họp không giấy (eCabinet) UBND tỉnh Sơn Lâm", UNIT, "SL-VP", "SL-VP",
      core="SL-QLVB", dates=(D(2020, 6, 22), D(2020, 11, 2), D(2021, 3, 15)), fit=(4, 3),
      security=(2, "Quyết định số 38/QĐ-VPUBND", D(2021, 6, 2)), vendor=VIETTEL,
      contract="Hợp đồng số 21/2020/HĐ-VPUBND ngày 02/11/2020", users=("Thành viên UBND tỉnh, khách mời", 68),
      description="Phiên họp UBND tỉnh không giấy: tài liệu họp, biểu quyết, lấy ý kiến thành viên UBND.",
      caps=("HNTH", "QLVB"), projects=((P_ECAB, BUILD, ""),), op=180),
    # ------------------------------------------------------------------- sector systems
    S("SL-DATDAI", "Hệ thống thông tin đất đai tỉnh Sơn Lâm", SECTOR, "SL-SNNMT", "SL-SNNMT", core="SL-GIS",
      dates=(D(2020, 3, 9), D(2021, 2, 1), D(2024, 9, 16)), criticality="mission", fit=(3, 3),
      security=(3, f"Quyết định số 2611/{UBND}", D(2024, 11, 12)), vendor=VIETTEL,
      contract="Hợp đồng số 01/2021/HĐ-STNMT ngày 01/02/2021",
      users=("Văn phòng đăng ký đất đai và các chi nhánh; công chức địa chính xã", 540),
      description="Cơ sở dữ liệu địa chính, quy hoạch, giá đất, thống kê kiểm kê đất đai toàn tỉnh; phần mềm quản "
                  "lý, vận hành tại Văn phòng đăng ký đất đai; đồng bộ Cơ sở dữ liệu quốc gia về đất đai.",
      aliases="CSDL đất đai tỉnh\nVBDLIS", caps=("GIS", "CHUYENNGANH"),
      projects=((P_LAND, BUILD, ""), (P_LAND2, UPGRADE, "Làm sạch dữ liệu, kết nối CSDL quốc gia về đất đai"),
                (P_LANDSCAN, MIGRATE, "Số hóa hồ sơ địa chính đưa vào cơ sở dữ liệu")),
      op=1_900, dev={2024: 6_800, 2025: 14_500, 2026: 21_000}),
    S("SL-QUANTRAC", "Hệ thống quản lý dữ liệu quan trắc tài nguyên và môi trường tỉnh Sơn Lâm", SECTOR,
      "SL-SNNMT", "SL-SNNMT", core="SL-GIS", dates=(D(2019, 5, 13), D(2019, 10, 1), D(2020, 8, 17)), fit=(2, 2),
      security=(2, "Quyết định số 312/QĐ-STNMT", D(2021, 4, 6)), vendor=LOCAL_VENDOR,
      contract="Hợp đồng số 09/2019/HĐ-STNMT ngày 01/10/2019", users=("Trung tâm Quan trắc môi trường", 28),
      description="Thu nhận, lưu trữ, công bố dữ liệu quan trắc môi trường nước, không khí từ các trạm tự động và "
                  "quan trắc định kỳ.", caps=("CHUYENNGANH",),
      projects=((P_ENV, BUILD, ""), (P_WATER, UPGRADE, "Bổ sung 06 trạm quan trắc nước mặt tự động")),
      op=520),
    S("SL-NONGNGHIEP", "Hệ thống thông tin quản lý sản xuất nông nghiệp và truy xuất nguồn gốc nông sản", SECTOR,
      "SL-SNNMT", "SL-SNNMT", core="SL-KHODL", dates=(D(2021, 3, 29), D(2021, 9, 6), D(2022, 6, 20)), fit=(3, 3),
      security=(2, "Quyết định số 205/QĐ-SNNPTNT", D(2022, 9, 14)), vendor=FPT,
      contract="Hợp đồng số 15/2021/HĐ-SNNPTNT ngày 06/9/2021",
      users=("Cán bộ nông nghiệp; hợp tác xã, doanh nghiệp", 1_120),
      description="Quản lý vùng trồng, mã số vùng trồng, cơ sở sản xuất; tem truy xuất nguồn gốc nông sản.",
      caps=("CHUYENNGANH",), projects=((P_AGRI, BUILD, ""),), op=240),
    S("SL-YTECS", "Hệ thống thông tin quản lý y tế cơ sở tỉnh Sơn Lâm", SECTOR, "SL-SYT", "SL-SYT",
      core="SL-TTDL", dates=(D(2019, 3, 18), D(2019, 9, 2), D(2020, 7, 1)), fit=(2, 2),
      security=(2, "Quyết định số 415/QĐ-SYT", D(2021, 5, 25)), vendor=LOCAL_VENDOR,
      contract="Hợp đồng số 12/2019/HĐ-SYT ngày 02/9/2019",
      users=("Trạm y tế xã, trung tâm y tế", 860),
      description="Quản lý hồ sơ sức khỏe, tiêm chủng, khám chữa bệnh tại trạm y tế; trạm y tế tự lập và cập nhật "
                  "danh sách nhân khẩu của xã để quản lý đối tượng.",
      caps=("YTE",), projects=((P_HEALTH, BUILD, ""), (P_STATION, UPGRADE, "Thuê phần mềm trạm y tế thay phân hệ cũ")),
      op=1_450),
    S("SL-BENHAN", "Hệ thống bệnh án điện tử và hồ sơ sức khỏe điện tử tỉnh Sơn Lâm", SECTOR, "SL-SYT", "SL-SYT",
      core="SL-SSO", dates=(D(2023, 2, 6), D(2023, 9, 4), D(2025, 1, 6)), criticality="mission", fit=(3, 3),
      security=(3, f"Quyết định số 118/{UBND}", D(2025, 1, 20)), vendor=VIETTEL,
      contract="Hợp đồng số 07/2023/HĐ-SYT ngày 04/9/2023",
      users=("Bác sĩ, điều dưỡng 06 bệnh viện tuyến tỉnh", 2_300),
      description="Bệnh án điện tử tại 06 bệnh viện tuyến tỉnh; hồ sơ sức khỏe điện tử người dân; gửi dữ liệu "
                  "khám chữa bệnh BHYT để giám định.", caps=("YTE",), projects=((P_EMR, BUILD, ""),),
      op=2_100, dev={2024: 9_200, 2025: 3_100}),
    S("SL-QLVB-SYT", "Phần mềm quản lý văn bản và hồ sơ công việc của Sở Y tế", SECTOR, "SL-SYT", "SL-SYT",
      lifecycle="build", dates=(D(2022, 9, 5), D(2023, 4, 10)), criticality="administrative", fit=(2, 2),
      hosting="unit", vendor=LOCAL_VENDOR, contract="Hợp đồng số 04/2023/HĐ-SYT ngày 10/4/2023",
      users=("Công chức Sở Y tế", 95),
      description="Phần mềm văn bản riêng của Sở Y tế, xây dựng độc lập với Hệ thống quản lý văn bản và điều hành "
                  "dùng chung; dự án tạm dừng để rà soát.", caps=("QLVB",),
      projects=((P_SYT_QLVB, BUILD, ""),), dev={2023: 1_100}),
    S("SL-GIAODUC", "Hệ thống quản lý giáo dục thông minh tỉnh Sơn Lâm (học bạ số, sổ điểm điện tử)", SECTOR,
      "SL-SGDDT", "SL-SGDDT", core="SL-SSO", dates=(D(2021, 1, 25), D(2021, 7, 5), D(2022, 8, 15)), fit=(4, 3),
      security=(2, "Quyết định số 1024/QĐ-SGDĐT", D(2022, 10, 3)), vendor=VNPT,
      contract="Hợp đồng số 10/2021/HĐ-SGDĐT ngày 05/7/2021",
      users=("Giáo viên, cán bộ quản lý 412 trường; phụ huynh", 14_800),
      description="Học bạ số, sổ điểm điện tử, quản lý trường lớp, học sinh, đội ngũ; đồng bộ CSDL ngành giáo dục.",
      caps=("GIAODUC",), projects=((P_EDU, BUILD, ""), (P_EDU_SCAN, MIGRATE, "Số hóa sổ gốc văn bằng")),
      op=1_250, dev={2025: 700, 2026: 750}),
    S("SL-LMS", "Nền tảng học trực tuyến (LMS) ngành giáo dục tỉnh Sơn Lâm", SECTOR, "SL-SGDDT", "SL-SGDDT",
      core="SL-SSO", dates=(D(2024, 2, 19), D(2024, 6, 3), D(2024, 8, 26)), fit=(3, 4), hosting="vendor",
      security=(2, "Quyết định số 877/QĐ-SGDĐT", D(2024, 10, 15)), vendor=VIETTEL,
      contract="Hợp đồng thuê dịch vụ số 03/2024/HĐ-SGDĐT ngày 03/6/2024", users=("Giáo viên, học sinh THPT", 52_000),
      description="Học liệu số, lớp học trực tuyến, kiểm tra đánh giá cho học sinh trung học phổ thông.",
      caps=("GIAODUC",), projects=((P_LMS, BUILD, "Thuê dịch vụ"),), op=1_300),
    S("SL-TAISAN", "Hệ thống quản lý tài sản công và giá tỉnh Sơn Lâm", SECTOR, "SL-STC", "SL-STC",
      core="SL-KHODL", dates=(D(2021, 2, 22), D(2021, 8, 16), D(2022, 5, 9)), fit=(3, 3),
      security=(2, "Quyết định số 233/QĐ-STC", D(2022, 8, 1)), vendor="MISA",
      contract="Hợp đồng số 06/2021/HĐ-STC ngày 16/8/2021", users=("Kế toán các cơ quan, đơn vị", 1_060),
      description="Quản lý tài sản công, giá hàng hóa dịch vụ, kê khai giá của các cơ quan, đơn vị trong tỉnh.",
      caps=("CHUYENNGANH",), projects=((P_ASSET, BUILD, ""),), op=210),
    S("SL-DAUTUCONG", "Hệ thống quản lý, giám sát đầu tư công tỉnh Sơn Lâm", SECTOR, "SL-STC", "SL-STC",
      core="SL-KHODL", lifecycle="plan", dates=(D(2025, 6, 16),), fit=(), vendor="",
      users=("Chủ đầu tư, Sở Tài chính", 380),
      description="Theo dõi kế hoạch vốn, giải ngân, giám sát đánh giá đầu tư các dự án đầu tư công của tỉnh.",
      caps=("BAOCAO", "CHUYENNGANH"), projects=((P_PUBINV, BUILD, ""),), dev={2026: 850}),
    S("SL-DOANHNGHIEP", "Cơ sở dữ liệu doanh nghiệp và dự án đầu tư tỉnh Sơn Lâm", SECTOR, "SL-STC", "SL-STC",
      core="SL-KHODL", dates=(D(2021, 5, 10), D(2021, 10, 4), D(2022, 7, 18)), fit=(3, 3),
      security=(2, "Quyết định số 148/QĐ-SKHĐT", D(2022, 11, 2)), vendor=CMC,
      contract="Hợp đồng số 13/2021/HĐ-SKHĐT ngày 04/10/2021", users=("Sở Tài chính, BQL KKT-KCN, các sở", 190),
      description="Dữ liệu doanh nghiệp đồng bộ từ CSDL quốc gia về đăng ký doanh nghiệp; dự án đầu tư ngoài ngân "
                  "sách, tình hình triển khai.", caps=("CHUYENNGANH",),
      projects=((P_BIZ, BUILD, ""), (P_BIZ2, UPGRADE, "Phân hệ quản lý dự án đầu tư ngoài ngân sách")), op=260),
    S("SL-CBCCVC", "Cơ sở dữ liệu cán bộ, công chức, viên chức tỉnh Sơn Lâm", SECTOR, "SL-SNV", "SL-SNV",
      core="SL-SSO", dates=(D(2020, 3, 2), D(2020, 9, 7), D(2021, 6, 14)), fit=(3, 3),
      security=(3, f"Quyết định số 1456/{UBND}", D(2021, 9, 9)), vendor=VNPT,
      contract="Hợp đồng số 17/2020/HĐ-SNV ngày 07/9/2020", users=("Cán bộ tổ chức các cơ quan, đơn vị", 640),
      description="Hồ sơ cán bộ, công chức, viên chức của tỉnh; đồng bộ CSDL quốc gia về cán bộ, công chức, viên "
                  "chức.", caps=("CHUYENNGANH",),
      projects=((P_STAFF, BUILD, ""), (P_STAFF2, UPGRADE, "Hồ sơ điện tử, kết nối CSDL quốc gia")), op=230,
      dev={2026: 400}),
    S("SL-HOTICH", "Hệ thống số hóa, quản lý dữ liệu hộ tịch tỉnh Sơn Lâm", SECTOR, "SL-STP", "SL-STP",
      core="SL-DVC", dates=(D(2020, 2, 24), D(2020, 6, 1), D(2021, 3, 22)), fit=(3, 3),
      security=(2, "Quyết định số 97/QĐ-STP", D(2021, 7, 5)), vendor=VNPT,
      contract="Hợp đồng số 05/2020/HĐ-STP ngày 01/6/2020", users=("Công chức tư pháp - hộ tịch cấp xã", 320),
      description="Dữ liệu sổ hộ tịch đã số hóa, đồng bộ Cơ sở dữ liệu hộ tịch điện tử toàn quốc và CSDL quốc gia "
                  "về dân cư.", caps=("SOHOA",),
      projects=((P_CIVIL, MIGRATE, "Số hóa sổ hộ tịch"), (P_CIVIL2, INTEGRATE, "Làm sạch, kết nối CSDL dân cư")),
      op=180),
    S("SL-LLTP", "Phần mềm cấp Phiếu lý lịch tư pháp trực tuyến tỉnh Sơn Lâm", SECTOR, "SL-STP", "SL-STP",
      core="SL-DVC", lifecycle="plan", dates=(D(2025, 8, 11),), users=("Người dân; công chức Sở Tư pháp", 40),
      description="Tiếp nhận, cấp Phiếu lý lịch tư pháp trực tuyến, xác thực người dân qua VNeID.",
      caps=("DVC", "SSO"), projects=((P_LLTP, BUILD, ""),), dev={2026: 300}),
    S("SL-GTVT", "Hệ thống quản lý kết cấu hạ tầng giao thông đường bộ tỉnh Sơn Lâm", SECTOR, "SL-SXD", "SL-SXD",
      core="SL-GIS", dates=(D(2022, 5, 16), D(2022, 11, 7), D(2023, 9, 4)), fit=(3, 3),
      security=(2, "Quyết định số 301/QĐ-SGTVT", D(2023, 12, 5)), vendor=LOCAL_VENDOR,
      contract="Hợp đồng số 11/2022/HĐ-SGTVT ngày 07/11/2022", users=("Sở Xây dựng, Ban quản lý bảo trì đường bộ", 75),
      description="Cơ sở dữ liệu cầu, đường, tải trọng, tình trạng kết cấu hạ tầng giao thông; kế hoạch bảo trì.",
      caps=("GIS", "CHUYENNGANH"), projects=((P_ROAD, BUILD, ""),), op=190),
    S("SL-ITS", "Hệ thống quản lý, điều hành giao thông thông minh tỉnh Sơn Lâm", SECTOR, "SL-SXD", "SL-SXD",
      core="SL-IOC", dates=(D(2020, 4, 13), D(2020, 12, 7), D(2022, 8, 29)), fit=(2, 3),
      security=(3, f"Quyết định số 2102/{UBND}", D(2022, 12, 12)), vendor=CMC,
      contract="Hợp đồng số 14/2020/HĐ-SGTVT ngày 07/12/2020", users=("Trung tâm điều hành giao thông", 42),
      description="Đèn tín hiệu thích ứng, camera giám sát giao thông, biển báo điện tử, phát hiện vi phạm; tạm "
                  "dừng khai thác năm 2023 để thay thiết bị lỗi, hỏng.", caps=("GIAOTHONG", "CAMERA"),
      projects=((P_ITS, BUILD, ""),), op=1_850),
    S("SL-QHXD", "Hệ thống cơ sở dữ liệu quản lý quy hoạch và cấp phép xây dựng tỉnh Sơn Lâm", SECTOR, "SL-SXD",
      "SL-SXD", core="SL-GIS", dates=(D(2022, 10, 17), D(2023, 7, 3), D(2024, 6, 17)), fit=(3, 3),
      security=(2, "Quyết định số 188/QĐ-SXD", D(2024, 9, 10)), vendor=FPT,
      contract="Hợp đồng số 08/2023/HĐ-SXD ngày 03/7/2023", users=("Sở Xây dựng, phòng kinh tế - hạ tầng các xã", 210),
      description="Đồ án quy hoạch, chỉ giới, giấy phép xây dựng; tra cứu thông tin quy hoạch cho người dân.",
      caps=("GIS", "CHUYENNGANH"), projects=((P_PLAN, BUILD, ""),), op=340),
    S("SL-DULICH", "Hệ thống du lịch thông minh tỉnh Sơn Lâm", SECTOR, "SL-SVHTTDL", "SL-SVHTTDL",
      core="SL-CONGTTDT", dates=(D(2020, 5, 4), D(2021, 1, 11), D(2022, 4, 25)), fit=(2, 2),
      security=(1, "Quyết định số 76/QĐ-SVHTTDL", D(2022, 6, 14)), vendor=FPT,
      contract="Hợp đồng số 02/2021/HĐ-SVHTTDL ngày 11/01/2021", users=("Du khách; cơ sở kinh doanh du lịch", 3_400),
      description="Ứng dụng du lịch, kiosk tra cứu, thuyết minh tự động, wifi tại điểm du lịch; dữ liệu du lịch tập "
                  "trung.", caps=("DULICH",), projects=((P_TOUR, BUILD, ""),), op=620),
    S("SL-TMDT", "Sàn giao dịch thương mại điện tử tỉnh Sơn Lâm", SECTOR, "SL-SCT", "SL-SCT",
      dates=(D(2021, 6, 7), D(2021, 11, 1), D(2022, 5, 30)), fit=(2, 3), hosting="vendor",
      security=(1, "Quyết định số 154/QĐ-SCT", D(2022, 8, 22)), vendor=LOCAL_VENDOR,
      contract="Hợp đồng số 09/2021/HĐ-SCT ngày 01/11/2021", users=("Doanh nghiệp, hợp tác xã", 640),
      description="Sàn giới thiệu, giao dịch sản phẩm OCOP và nông sản của doanh nghiệp, hợp tác xã trong tỉnh; "
                  "xây dựng riêng, không trên nền hệ thống dùng chung.", caps=("CHUYENNGANH",),
      projects=((P_ECOM, BUILD, ""),), op=150),
    S("SL-CCN", "Hệ thống quản lý cụm công nghiệp và năng lượng tỉnh Sơn Lâm", SECTOR, "SL-SCT", "SL-SCT",
      core="SL-GIS", dates=(D(2023, 7, 10), D(2023, 11, 6), D(2024, 5, 13)), fit=(3, 2), hosting="unit",
      vendor=LOCAL_VENDOR, contract="Hợp đồng số 06/2023/HĐ-SCT ngày 06/11/2023", users=("Sở Công Thương", 36),
      description="Quản lý cụm công nghiệp, dự án điện, tiêu thụ năng lượng; dữ liệu nhập tay, chưa kết nối.",
      caps=("CHUYENNGANH", "GIS"), projects=((P_CLUSTER, BUILD, ""),), op=90),
    S("SL-TTRA", "Phần mềm quản lý công tác thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo", SECTOR,
      "SL-TTRA", "SL-TTRA", core="SL-QLVB", dates=(D(2021, 3, 15), D(2021, 6, 7), D(2021, 12, 20)), fit=(3, 2),
      hosting="unit", vendor=LOCAL_VENDOR, contract="Hợp đồng số 03/2021/HĐ-TTr ngày 07/6/2021",
      users=("Thanh tra tỉnh, ban tiếp công dân", 58),
      description="Quản lý cuộc thanh tra, kết luận, tiếp công dân, đơn thư khiếu nại, tố cáo; cài đặt tại máy chủ "
                  "của Thanh tra tỉnh, chưa kết nối hệ thống nào.", caps=("CHUYENNGANH", "PAKN"),
      projects=((P_INSPECT, BUILD, ""),), op=70),
    S("SL-CAMERA", "Hệ thống camera giám sát an ninh, trật tự và xử lý vi phạm hành chính tỉnh Sơn Lâm", SECTOR,
      "SL-CA", "SL-CA", core="SL-IOC", dates=(D(2022, 7, 11), D(2023, 2, 6), D(2024, 11, 25)),
      criticality="mission", fit=(4, 3), security=(4, "Quyết định số 86/QĐ-CAT", D(2025, 2, 18)), vendor=VIETTEL,
      contract="Hợp đồng số 01/2023/HĐ-CAT ngày 06/02/2023", users=("Công an tỉnh, công an xã", 420),
      description="Camera an ninh, trật tự, phát hiện vi phạm; chia sẻ hình ảnh trực tiếp cho IOC của tỉnh.",
      caps=("CAMERA", "GIAOTHONG"), projects=((P_CAMERA, BUILD, ""),), op=3_400, dev={2024: 18_500}),
    S("SL-BQLKKT", "Phần mềm và cơ sở dữ liệu quản lý nhà nước của Ban Quản lý các khu kinh tế và khu công nghiệp",
      SECTOR, "SL-BQLKKT", "SL-BQLKKT", core="SL-GIS", dates=(D(2022, 10, 24), D(2023, 7, 17), D(2024, 4, 1)),
      fit=(3, 3), security=(2, "Quyết định số 54/QĐ-BQLKKT", D(2024, 7, 2)), vendor=CMC,
      contract="Hợp đồng số 04/2023/HĐ-BQLKKT ngày 17/7/2023", users=("Ban Quản lý; doanh nghiệp trong KCN", 260),
      description="Dự án đầu tư, doanh nghiệp, lao động, quy hoạch chi tiết trong các khu kinh tế, khu công nghiệp.",
      caps=("CHUYENNGANH", "GIS"), projects=((P_ZONE, BUILD, ""),), op=160),
    # ---------------------------------------------------------------------- unit systems
    S("SL-BAODT", "Hệ thống quản trị nội dung và phát hành báo điện tử Báo Sơn Lâm", UNIT, "SL-BAO", "SL-BAO",
      core="SL-CONGTTDT", dates=(D(2021, 2, 1), D(2021, 6, 14), D(2022, 1, 3)), fit=(4, 3), hosting="cloud",
      security=(2, "Quyết định số 12/QĐ-BSL", D(2022, 3, 8)), vendor=FPT,
      contract="Hợp đồng số 02/2021/HĐ-BSL ngày 14/6/2021", users=("Phóng viên, biên tập viên", 95),
      description="Tòa soạn hội tụ: biên tập, phát hành báo điện tử đa phương tiện; chia sẻ tin bài lên Cổng thông "
                  "tin điện tử tỉnh.", caps=("CONG-TTDT",), projects=((P_PRESS, BUILD, ""),), op=260),
    S("SL-MOTCUA-TP", "Hệ thống một cửa điện tử huyện Tân Phong", UNIT, "SL-XTP", "SL-XTP", core="SL-DVC",
      lifecycle="retired", dates=(D(2019, 1, 21), D(2019, 3, 4), D(2019, 7, 1), D(2020, 10, 1), D(2021, 1, 4)),
      criticality="operational", fit=(2, 1), hosting="unit", vendor=LOCAL_VENDOR,
      users=("Bộ phận một cửa huyện Tân Phong", 18),
      description="Phần mềm một cửa riêng của huyện; ngừng từ 04/01/2021 khi huyện chuyển sang Hệ thống thông tin "
                  "giải quyết TTHC dùng chung của tỉnh, dữ liệu đã chuyển đổi.", caps=("MOTCUA",),
      projects=((P_TP_ONESTOP, BUILD, ""), (P_DVC, RETIRE, "Thay bằng hệ thống dùng chung của tỉnh"))),
    S("SL-DATDAI-BN", "Cơ sở dữ liệu đất đai phường Bình Nguyên (tiếp nhận từ thị xã Bình Nguyên)", UNIT, "SL-PBN",
      "SL-PBN", dates=(D(2021, 4, 12), D(2021, 10, 4), D(2023, 6, 19)), fit=(2, 2), hosting="unit",
      vendor=LOCAL_VENDOR, contract="Hợp đồng số 07/2021/HĐ-UBND ngày 04/10/2021",
      users=("Công chức địa chính phường Bình Nguyên, xã Bình Hòa", 14),
      description="Cơ sở dữ liệu địa chính do thị xã Bình Nguyên xây dựng riêng; phường tiếp tục cập nhật biến động "
                  "tại đây và gửi tệp dữ liệu cho Văn phòng đăng ký đất đai định kỳ hằng quý.",
      caps=("GIS", "SOHOA"), projects=((P_BN_LAND, BUILD, ""),), op=85),
    S("SL-NTM-VL", "Phần mềm theo dõi xây dựng nông thôn mới xã Vĩnh Lâm", UNIT, "SL-XVL", "SL-XVL",
      core="SL-HTBC", dates=(D(2023, 3, 27), D(2023, 6, 5), D(2023, 10, 2)), criticality="administrative",
      fit=(2, 2), hosting="vendor", vendor=LOCAL_VENDOR, users=("Công chức xã Vĩnh Lâm", 9),
      description="Theo dõi bộ tiêu chí nông thôn mới; số liệu nhập tay, báo cáo xuất tệp gửi cấp trên.",
      caps=("BAOCAO",), projects=((P_VL_NTM, BUILD, ""),), op=25),
    S("SL-IOC-TP", "Trung tâm điều hành đô thị thông minh phường Sơn Lâm (tiếp nhận từ thành phố Sơn Lâm)", UNIT,
      "SL-PSL", "SL-PSL", core="SL-IOC", lifecycle="build", dates=(D(2021, 3, 1), D(2021, 9, 13)),
      fit=(1, 2), hosting="unit", vendor=CMC, contract="Hợp đồng số 05/2021/HĐ-UBND ngày 13/9/2021",
      users=("UBND phường Sơn Lâm", 12),
      description="Hạ tầng kỹ thuật (phòng điều hành, màn hình, máy chủ, camera) đã hoàn thành nhưng chưa có phần "
                  "mềm để khai thác; dự án tạm dừng để lồng ghép với IOC của tỉnh.", caps=("IOC", "CAMERA"),
      projects=((P_TP_IOC, BUILD, "Hạng mục hạ tầng; chưa có phần mềm"),)),
    S("SL-TTDT-XNS", "Trang thông tin điện tử UBND xã Ngọc Sơn", UNIT, "SL-XNS", "SL-XNS", core="SL-CONGTTDT",
      dates=(D(2025, 9, 8), D(2025, 10, 6), D(2025, 12, 1)), criticality="administrative", fit=(3, 3),
      hosting="province_dc", vendor=FPT, users=("Công chức xã; người dân", 6),
      description="Trang thành phần của Cổng thông tin điện tử tỉnh cho xã Ngọc Sơn sau sắp xếp.",
      caps=("CONG-TTDT",), projects=((P_NS_WEB, BUILD, ""),), op=20),
]


# ------------------------------------------------------------------ data, links, equipment ----

# (system, entity, role, sharing, database name, note) — the master rows are the province's danh mục CSDL.
HOLDINGS = [
    ("SL-DVC", "HOSO-TTHC", MASTER, "default", "CSDL hồ sơ thủ tục hành chính tỉnh Sơn Lâm", ""),
    ("SL-DVC", "DANCU", COPY, "", "", "Khai thác qua LGSP khi tiếp nhận hồ sơ"),
    ("SL-QLVB", "VANBAN", MASTER, "conditional", "CSDL văn bản điều hành tỉnh Sơn Lâm", ""),
    ("SL-KHODL", "DANCU", COPY, "", "Kho dữ liệu dùng chung", "Bản sao đồng bộ phục vụ phân tích"),
    ("SL-KHODL", "DOANHNGHIEP", COPY, "", "Kho dữ liệu dùng chung", ""),
    ("SL-DATDAI", "DATDAI", MASTER, "conditional", "Cơ sở dữ liệu đất đai tỉnh Sơn Lâm", ""),
    ("SL-DATDAI", "DANCU", COPY, "", "", "Đối chiếu chủ sử dụng đất với CSDL dân cư"),
    ("SL-DATDAI-BN", "DATDAI", MASTER, "conditional", "CSDL địa chính thị xã Bình Nguyên (cũ)",
     "Biến động đất đai cập nhật tại phường, gửi tệp cho tỉnh hằng quý"),
    ("SL-QUANTRAC", "MOITRUONG", MASTER, "open", "CSDL quan trắc tài nguyên và môi trường", ""),
    ("SL-NONGNGHIEP", "NONGNGHIEP", MASTER, "open", "CSDL sản xuất nông nghiệp, mã số vùng trồng", ""),
    ("SL-NONGNGHIEP", "DOANHNGHIEP", COPY, "", "", ""),
    ("SL-YTECS", "YTE", MASTER, "conditional", "CSDL y tế cơ sở tỉnh Sơn Lâm", ""),
    ("SL-YTECS", "DANCU", LOCAL, "", "Danh sách nhân khẩu của trạm y tế",
     "Trạm y tế tự lập, cập nhật danh sách nhân khẩu của xã"),
    ("SL-BENHAN", "YTE", COPY, "", "", ""),
    ("SL-BENHAN", "BAOHIEM", COPY, "", "", "Thông tin thẻ BHYT tra cứu khi tiếp đón"),
    ("SL-BENHAN", "DANCU", COPY, "", "", "Xác thực người bệnh qua CSDL dân cư"),
    ("SL-GIAODUC", "GIAODUC", MASTER, "default", "CSDL ngành giáo dục tỉnh Sơn Lâm", ""),
    ("SL-GIAODUC", "DANCU", COPY, "", "", "Mã định danh học sinh"),
    ("SL-TAISAN", "TAICHINH", MASTER, "conditional", "CSDL tài sản công và giá", ""),
    ("SL-DOANHNGHIEP", "DOANHNGHIEP", COPY, "", "CSDL doanh nghiệp và dự án đầu tư", ""),
    ("SL-CBCCVC", "CBCCVC", COPY, "", "CSDL cán bộ, công chức, viên chức tỉnh", "Đồng bộ CSDL quốc gia"),
    ("SL-HOTICH", "HOTICH", COPY, "", "Dữ liệu sổ hộ tịch số hóa", ""),
    ("SL-GTVT", "GIAOTHONG", MASTER, "default", "CSDL kết cấu hạ tầng giao thông đường bộ", ""),
    ("SL-ITS", "GIAOTHONG", COPY, "", "", ""),
    ("SL-CAMERA", "GIAOTHONG", COPY, "", "", ""),
    ("SL-QHXD", "QUYHOACH", MASTER, "open", "CSDL quy hoạch và cấp phép xây dựng", ""),
    ("SL-QHXD", "DATDAI", COPY, "", "", ""),
    ("SL-BQLKKT", "QUYHOACH", COPY, "", "", ""),
    ("SL-BQLKKT", "DOANHNGHIEP", COPY, "", "", ""),
    ("SL-DULICH", "DULICH", MASTER, "open", "CSDL du lịch tỉnh Sơn Lâm", ""),
    ("SL-TMDT", "DOANHNGHIEP", COPY, "", "", ""),
]


@dataclass(frozen=True)
class L:
    source: str
    target: str
    mechanism: str = HUB
    both: bool = True
    entities: tuple[str, ...] = ()
    since: dt.date | None = None
    status: str = IntegrationStatus.ACTIVE
    note: str = ""


INTEGRATIONS = [
    # the LGSP to NDXP and the national databases
    L("SL-LGSP", "NDXP", entities=("HOSO-TTHC", "VANBAN"), since=D(2021, 3, 15)),
    L("SL-LGSP", "CSDLQG-DANCU", entities=("DANCU",), since=D(2022, 10, 3), note="Qua NDXP, theo Đề án 06"),
    L("SL-LGSP", "CSDLQG-DATDAI", entities=("DATDAI",), since=D(2024, 10, 21)),
    L("SL-LGSP", "CSDLQG-DOANHNGHIEP", both=False, entities=("DOANHNGHIEP",), since=D(2021, 9, 6)),
    L("SL-LGSP", "VNEID", since=D(2023, 6, 12), note="Xác thực người dân bằng tài khoản định danh điện tử"),
    L("SL-LGSP", "CONG-DVCQG", entities=("HOSO-TTHC",), since=D(2020, 12, 15)),
    L("SL-LGSP", "TRUC-VBQG", entities=("VANBAN",), since=D(2021, 1, 18)),
    L("SL-LGSP", "HTTTBC-QG", both=False, since=D(2021, 6, 7)),
    L("SL-LGSP", "PAKN-QG", since=D(2021, 9, 13)),
    L("SL-LGSP", "CSDL-HOTICH", both=False, entities=("HOTICH",), since=D(2021, 4, 5)),
    L("SL-LGSP", "CSDLQG-CBCCVC", entities=("CBCCVC",), since=D(2022, 3, 14)),
    L("SL-LGSP", "CSDLQG-BAOHIEM", both=False, entities=("BAOHIEM",), since=D(2023, 9, 18)),
    L("SL-LGSP", "SL-SOC", both=False, since=D(2024, 1, 2), note="Nhật ký giao dịch chuyển về SOC giám sát"),
    # the province's systems to the LGSP
    L("SL-DVC", "SL-LGSP", entities=("HOSO-TTHC", "DANCU"), since=D(2020, 12, 15)),
    L("SL-QLVB", "SL-LGSP", entities=("VANBAN",), since=D(2020, 12, 21)),
    L("SL-CONGTTDT", "SL-LGSP", both=False, since=D(2021, 2, 1)),
    L("SL-HTBC", "SL-LGSP", since=D(2021, 5, 10)),
    L("SL-SSO", "SL-LGSP", since=D(2022, 4, 11)),
    L("SL-PAKN", "SL-LGSP", since=D(2021, 4, 19)),
    L("SL-IOC", "SL-LGSP", both=False, entities=("HOSO-TTHC",), since=D(2022, 9, 26),
      note="IOC chỉ nhận số liệu dịch vụ công, phản ánh kiến nghị"),
    L("SL-KHODL", "SL-LGSP", entities=("DANCU", "DOANHNGHIEP", "HOSO-TTHC"), since=D(2025, 8, 4)),
    L("SL-GIS", "SL-LGSP", status=IntegrationStatus.PLANNED, note="Cung cấp dịch vụ bản đồ qua LGSP"),
    L("SL-ECABINET", "SL-LGSP", entities=("VANBAN",), since=D(2021, 3, 15)),
    L("SL-DATDAI", "SL-LGSP", entities=("DATDAI", "DANCU"), since=D(2024, 9, 16)),
    L("SL-QUANTRAC", "SL-LGSP", both=False, entities=("MOITRUONG",), since=D(2021, 3, 8)),
    L("SL-NONGNGHIEP", "SL-LGSP", entities=("NONGNGHIEP", "DOANHNGHIEP"), since=D(2022, 6, 20)),
    L("SL-YTECS", "SL-LGSP", both=False, entities=("YTE",), since=D(2021, 11, 1)),
    L("SL-BENHAN", "SL-LGSP", entities=("YTE", "DANCU"), since=D(2025, 1, 6)),
    L("SL-GIAODUC", "SL-LGSP", entities=("GIAODUC", "DANCU"), since=D(2022, 8, 15)),
    L("SL-LMS", "SL-LGSP", entities=("GIAODUC",), since=D(2024, 8, 26)),
    L("SL-TAISAN", "SL-LGSP", both=False, entities=("TAICHINH",), since=D(2022, 5, 9)),
    L("SL-DOANHNGHIEP", "SL-LGSP", entities=("DOANHNGHIEP",), since=D(2022, 7, 18)),
    L("SL-CBCCVC", "SL-LGSP", entities=("CBCCVC",), since=D(2022, 3, 14)),
    L("SL-HOTICH", "SL-LGSP", entities=("HOTICH", "DANCU"), since=D(2021, 4, 5)),
    L("SL-LLTP", "SL-LGSP", status=IntegrationStatus.PLANNED, note="Xác thực VNeID, nhận dữ liệu lý lịch tư pháp"),
    L("SL-GTVT", "SL-LGSP", both=False, entities=("GIAOTHONG",), since=D(2023, 9, 4)),
    L("SL-ITS", "SL-LGSP", entities=("GIAOTHONG",), since=D(2024, 3, 4)),
    L("SL-QHXD", "SL-LGSP", entities=("QUYHOACH", "DATDAI"), since=D(2024, 6, 17)),
    L("SL-DULICH", "SL-LGSP", both=False, entities=("DULICH",), since=D(2022, 4, 25)),
    L("SL-TMDT", "SL-LGSP", entities=("DOANHNGHIEP",), since=D(2022, 5, 30)),
    L("SL-BQLKKT", "SL-LGSP", entities=("DOANHNGHIEP", "QUYHOACH"), since=D(2024, 4, 1)),
    L("SL-BAODT", "SL-LGSP", both=False, since=D(2022, 1, 3), note="Tin bài chia sẻ lên Cổng thông tin điện tử"),
    L("SL-TTDT-XNS", "SL-LGSP", both=False, since=D(2025, 12, 1)),
    # outside the hub
    L("SL-CAMERA", "SL-IOC", mechanism=DIRECT, both=False, entities=("GIAOTHONG",), since=D(2024, 11, 25),
      note="Luồng hình ảnh camera truyền thẳng về IOC, không qua LGSP"),
    L("SL-BENHAN", "CSDLQG-BAOHIEM", mechanism=DIRECT, both=False, entities=("BAOHIEM", "YTE"), since=D(2025, 1, 6),
      note="Gửi dữ liệu khám chữa bệnh BHYT trực tiếp lên hệ thống giám định"),
    L("SL-DATDAI-BN", "SL-DATDAI", mechanism=FILE, both=False, entities=("DATDAI",), since=D(2023, 7, 3),
      note="Xuất tệp biến động đất đai gửi Văn phòng đăng ký đất đai hằng quý"),
    L("SL-TTDL", "SL-SOC", mechanism=FILE, both=False, since=D(2025, 4, 18), note="Nhật ký hệ thống gửi về SOC"),
    L("SL-MOTCUA-TP", "SL-DVC", mechanism=FILE, both=False, entities=("HOSO-TTHC",), since=D(2020, 11, 2),
      status=IntegrationStatus.ENDED, note="Chuyển đổi dữ liệu hồ sơ khi ngừng hệ thống"),
    L("SL-IOC-TP", "SL-IOC", status=IntegrationStatus.PLANNED, note="Lồng ghép với IOC của tỉnh"),
]


@dataclass(frozen=True)
class E:
    project: str
    system: str | None
    kind: str
    model: str
    quantity: int
    location: str
    accepted: dt.date
    warranty: dt.date | None
    status: str = IN_USE
    status_on: dt.date | None = None      # the day the (last) status was found; None: the acceptance day
    reporter: str = ""                   # who reported it (default: who declared the equipment)
    note: str = ""


IOC_ACCEPTED, IOC_WARRANTY = D(2022, 9, 20), D(2025, 9, 20)
IOC_CHECK = D(2025, 3, 14)   # the inspection after the review of the CĐS projects
NO_SOFTWARE = "Đã lắp đặt, nghiệm thu nhưng chưa có phần mềm phân tích hình ảnh để khai thác."
CAM_PTZ, CAM_FIXED = "Camera giám sát giao thông (PTZ)", "Camera an ninh cố định"

EQUIPMENT = [
    # the province's IOC: 220 devices, 110 not serving; 89 of 152 cameras
    E(P_IOC, "SL-IOC", CAM_PTZ, "Hikvision DS-2DE7A432IW-AEB", 48, "Các nút giao nội thành", IOC_ACCEPTED,
      IOC_WARRANTY),
    E(P_IOC, "SL-IOC", CAM_PTZ, "Hikvision DS-2DE7A432IW-AEB", 40, "Quốc lộ, tỉnh lộ qua Bình Nguyên, Tân Phong",
      IOC_ACCEPTED, IOC_WARRANTY, NOT_USED, IOC_CHECK, APPRAISER,
      "Chưa có đường truyền và phần mềm phân tích hình ảnh để đưa về IOC."),
    E(P_IOC, "SL-IOC", "Camera nhận dạng biển số (ANPR)", "Dahua ITC237-PW6M", 24, "Các cửa ngõ ra vào thành phố",
      IOC_ACCEPTED, IOC_WARRANTY, NOT_USED, IOC_CHECK, APPRAISER,
      "Chưa có phần mềm nhận dạng biển số (hạng mục phần mềm chưa được đầu tư)."),
    E(P_IOC, "SL-IOC", CAM_FIXED, "Hikvision DS-2CD2T47G2", 15, "Quảng trường, công viên trung tâm", IOC_ACCEPTED,
      IOC_WARRANTY),
    E(P_IOC, "SL-IOC", CAM_FIXED, "Hikvision DS-2CD2T47G2", 16, "Trường học, khu dân cư", IOC_ACCEPTED, IOC_WARRANTY,
      IDLE, D(2025, 11, 10), "cv_khcn", "Ngừng khai thác: trùng vị trí với camera an ninh trật tự của Công an tỉnh."),
    E(P_IOC, "SL-IOC", CAM_FIXED, "Hikvision DS-2CD2T47G2", 9, "Khu dân cư", IOC_ACCEPTED, IOC_WARRANTY, BROKEN,
      D(2026, 6, 22), "cv_khcn", "Hỏng nguồn, cổng mạng do sét; đã hết bảo hành từ 20/9/2025."),
    E(P_IOC, "SL-IOC", "Màn hình ghép LCD 55 inch", "Samsung VM55B-U", 24, "Phòng điều hành IOC", IOC_ACCEPTED,
      IOC_WARRANTY),
    E(P_IOC, "SL-IOC", "Máy chủ phân tích hình ảnh (GPU)", "Dell PowerEdge R750xa", 6, "Trung tâm dữ liệu tỉnh",
      IOC_ACCEPTED, IOC_WARRANTY, NOT_USED, IOC_CHECK, APPRAISER,
      "Máy chủ đã lắp đặt nhưng chưa cài đặt: không có phần mềm phân tích hình ảnh đi kèm."),
    E(P_IOC, "SL-IOC", "Máy chủ ứng dụng nền tảng IOC", "Dell PowerEdge R650", 4, "Trung tâm dữ liệu tỉnh",
      IOC_ACCEPTED, IOC_WARRANTY),
    E(P_IOC, "SL-IOC", "Đầu ghi hình mạng (NVR 64 kênh)", "Hikvision DS-9664NI-M8", 4, "Phòng điều hành IOC",
      IOC_ACCEPTED, IOC_WARRANTY),
    E(P_IOC, "SL-IOC", "Đầu ghi hình mạng (NVR 64 kênh)", "Hikvision DS-9664NI-M8", 6, "Tủ thiết bị các tuyến",
      IOC_ACCEPTED, IOC_WARRANTY, NOT_USED, IOC_CHECK, APPRAISER, "Các tuyến camera chưa có đường truyền."),
    E(P_IOC, "SL-IOC", "Máy trạm điều hành", "HP Z2 G9", 12, "Phòng điều hành IOC", IOC_ACCEPTED, IOC_WARRANTY),
    E(P_IOC, "SL-IOC", "Máy trạm điều hành", "HP Z2 G9", 4, "Phòng điều hành IOC", IOC_ACCEPTED, IOC_WARRANTY, IDLE,
      D(2025, 11, 10), "cv_khcn", "Không có phân hệ để khai thác, để dự phòng."),
    E(P_IOC, "SL-IOC", "Bảng thông tin điện tử (VMS)", "LED P10 3×2 m", 3, "Các trục đường chính", IOC_ACCEPTED,
      IOC_WARRANTY),
    E(P_IOC, "SL-IOC", "Bảng thông tin điện tử (VMS)", "LED P10 3×2 m", 5, "Các trục đường chính", IOC_ACCEPTED,
      IOC_WARRANTY, BROKEN, D(2026, 4, 6), "ld_khcn", "Hỏng module LED, bộ điều khiển; đã hết bảo hành."),
    # the city's IOC infrastructure, built without software
    E(P_TP_IOC, "SL-IOC-TP", "Màn hình ghép LCD 49 inch", "LG 49VL5G", 12, "Trụ sở UBND phường Sơn Lâm",
      D(2022, 10, 28), D(2024, 10, 28), NOT_USED, D(2025, 8, 4), "cv_psonlam",
      "Chưa có phần mềm nền tảng điều hành; phòng điều hành chưa đưa vào sử dụng."),
    E(P_TP_IOC, "SL-IOC-TP", "Máy chủ", "Dell PowerEdge R550", 3, "Trụ sở UBND phường Sơn Lâm", D(2022, 10, 28),
      D(2024, 10, 28), NOT_USED, D(2025, 8, 4), "cv_psonlam", "Chưa cài đặt phần mềm."),
    E(P_TP_IOC, "SL-IOC-TP", CAM_FIXED, "Dahua IPC-HFW3441", 36, "Các tuyến phố trung tâm", D(2022, 10, 28),
      D(2024, 10, 28), IDLE, D(2025, 8, 4), "cv_psonlam", "Camera còn hoạt động nhưng không có nơi xem, lưu trữ."),
    # the data centre
    E(P_TTDL, "SL-TTDL", "Máy chủ ảo hóa", "HPE ProLiant DL380 Gen11", 24, "Trung tâm dữ liệu tỉnh", D(2025, 4, 10),
      D(2030, 4, 10)),
    E(P_TTDL, "SL-TTDL", "Máy chủ ảo hóa", "HPE ProLiant DL380 Gen11", 2, "Trung tâm dữ liệu tỉnh", D(2025, 4, 10),
      D(2030, 4, 10), NOT_USED, D(2026, 3, 2), "cv_khcn", "Dự phòng cho hệ thống sao lưu chưa triển khai."),
    E(P_TTDL, "SL-TTDL", "Thiết bị lưu trữ SAN", "HPE Alletra 6000", 2, "Trung tâm dữ liệu tỉnh", D(2025, 4, 10),
      D(2030, 4, 10)),
    E(P_TTDL, "SL-TTDL", "Thiết bị tường lửa (NGFW)", "Fortinet FortiGate 1800F", 4, "Trung tâm dữ liệu tỉnh",
      D(2025, 4, 10), D(2028, 4, 10)),
    E(P_TTDL, "SL-TTDL", "Thiết bị chuyển mạch lõi", "Cisco Nexus 93180YC-FX3", 4, "Trung tâm dữ liệu tỉnh",
      D(2025, 4, 10), D(2028, 4, 10)),
    # the video-conference network (no system of its own on the map)
    E(P_HNTH, None, "Thiết bị hội nghị truyền hình đầu cuối", "Polycom Studio X50", 104, "Điểm cầu tỉnh, sở, xã",
      D(2021, 10, 15), D(2024, 10, 15)),
    E(P_HNTH, None, "Thiết bị hội nghị truyền hình đầu cuối", "Polycom Studio X50", 7, "Điểm cầu cấp huyện (cũ)",
      D(2021, 10, 15), D(2024, 10, 15), IDLE, D(2025, 7, 15), "cv_khcn",
      "Không sử dụng từ khi kết thúc cấp huyện (01/7/2025); chờ điều chuyển cho xã."),
    E(P_HNTH, None, "Thiết bị hội nghị truyền hình đầu cuối", "Polycom Studio X50", 9, "Điểm cầu cấp xã",
      D(2021, 10, 15), D(2024, 10, 15), BROKEN, D(2026, 2, 9), "cv_khcn", "Lỗi bo mạch, hết bảo hành."),
    # water-monitoring stations (project paused for faulty devices)
    E(P_WATER, "SL-QUANTRAC", "Trạm quan trắc nước mặt tự động", "Trạm tích hợp đa chỉ tiêu", 2,
      "Sông Sơn Lâm (thượng lưu, hạ lưu)", D(2023, 8, 21), D(2025, 8, 21)),
    E(P_WATER, "SL-QUANTRAC", "Trạm quan trắc nước mặt tự động", "Trạm tích hợp đa chỉ tiêu", 3,
      "Hồ chứa, kênh thủy lợi", D(2023, 8, 21), D(2025, 8, 21), BROKEN, D(2024, 3, 4), "cv_nnmt",
      "Cảm biến hỏng, không truyền dữ liệu liên tục."),
    E(P_WATER, "SL-QUANTRAC", "Trạm quan trắc nước mặt tự động", "Trạm tích hợp đa chỉ tiêu", 1,
      "Khu công nghiệp Bình Nguyên", D(2023, 8, 21), D(2025, 8, 21), IDLE, D(2024, 3, 4), "cv_nnmt",
      "Mất nguồn điện tại vị trí lắp đặt."),
    # intelligent traffic
    E(P_ITS, "SL-ITS", "Bộ điều khiển đèn tín hiệu thích ứng", "Siemens sX", 32, "Các nút giao nội thành",
      D(2022, 8, 22), D(2025, 8, 22)),
    E(P_ITS, "SL-ITS", "Biển báo điện tử (VMS)", "LED P16", 9, "Quốc lộ qua tỉnh", D(2022, 8, 22), D(2025, 8, 22)),
    E(P_ITS, "SL-ITS", "Biển báo điện tử (VMS)", "LED P16", 3, "Quốc lộ qua tỉnh", D(2022, 8, 22), D(2025, 8, 22),
      BROKEN, D(2026, 5, 18), "cv_xaydung", "Hỏng sau bão, chờ kinh phí sửa chữa."),
    # the police cameras
    E(P_CAMERA, "SL-CAMERA", "Camera an ninh, trật tự (AI)", "Viettel VHT-CAM-A3", 420,
      "Các tuyến phố, nút giao, khu dân cư", D(2024, 11, 18), D(2027, 11, 18)),
]

#: The figures the IOC's equipment makes (quantities): all, and not serving (not yet used, idle, broken).
IOC_TOTAL, IOC_WASTED = 220, 110
IOC_CAMERAS, IOC_CAMERAS_WASTED = 152, 89

# Attestations: (system, head) attested; then (system, editor, change) edited by someone else.
ATTESTED = [("SL-LGSP", "ld_khcn"), ("SL-QLVB", "ld_khcn"), ("SL-DATDAI", "ld_nnmt"), ("SL-GIAODUC", "ld_gddt"),
            ("SL-BENHAN", "ld_yte")]
EDITED_AFTER = [("SL-BENHAN", APPRAISER, {"user_count": 2_450})]


# ------------------------------------------------------------------ the walk ----

def build_systems(builder) -> dict:
    """Build the province's systems map (called at the end of :meth:`DemoBuilder.build`).
    Returns counts."""
    return SystemsDemo(builder).run()


class SystemsDemo:
    def __init__(self, builder):
        self.builder = builder
        self.users = builder.users
        self.units = builder.units
        self.cutoff = builder.cutoff
        self.now = timezone.now()
        self.rng = random.Random(SEED)
        self.cal = WorkCalendar.load(dt.date(2026, 1, 1), DATA_END + 30 * DAY)
        self.clock = ServiceClock(self.rng, self.now, STAMPED, DAY_START, RECEIVER_UID)
        self.at = self.clock.at
        self.counts = {"systems": 0, "national": 0, "integrations": 0, "holdings": 0, "links": 0, "equipment": 0,
                       "costs": 0, "attested": 0, "skipped": 0}
        self.by_code: dict[str, InformationSystem] = {}
        self._readable: dict[int, set[int]] = {}

    def reads(self, user, project) -> bool:
        """``user`` may read ``project`` (the scope read once per user)."""
        if user.pk not in self._readable:
            self._readable[user.pk] = set(scope_projects(user).values_list("pk", flat=True))
        return project.pk in self._readable[user.pk]

    def w(self, n: int) -> dt.date:
        """The ``n``-th working day before ``DATA_END`` (never after the builder's cutoff)."""
        day = DATA_END
        while n > 0:
            day -= DAY
            n -= self.cal.is_working_day(day)
        return min(day, self.cutoff)

    # ----------------------------------------------------------------- entry ----

    def run(self) -> dict:
        if InformationSystem.objects.filter(code=MARKER).exists():
            return self.counts
        self.entities = {e.code: e for e in DataEntity.objects.all()}
        self.capabilities = {c.code: c for c in Capability.objects.all()}
        root = self.units[ROOT_CODE]
        self.projects = {p.name: p for p in Project.objects.filter(investor_unit__path__startswith=root.tree_prefix)
                         .select_related("investor_unit")}
        with self.clock.running():
            with self.at(self.w(48)):
                self.national()
            n = len(SYSTEMS)
            for i, spec in enumerate(SYSTEMS):      # the inventory: about one system a working day
                with self.at(self.w(46 - i * 36 // n)):
                    self.system(spec)
            for i, spec in enumerate(INTEGRATIONS):
                with self.at(self.w(9 - i * 3 // len(INTEGRATIONS))):
                    self.integration(spec)
            for i, spec in enumerate(EQUIPMENT):
                with self.at(self.w(6 - i * 2 // len(EQUIPMENT))):
                    self.equipment(spec)
            for code, head in ATTESTED:
                with self.at(self.w(3)):
                    self.attest(code, head)
            for code, editor, change in EDITED_AFTER:
                with self.at(self.w(1)):
                    system = InformationSystem.objects.get(code=code)
                    systems.update_system(self.users[editor], system, change, expected_version=system.version)
        return self.counts

    # ----------------------------------------------------------------- parts ----

    def national(self) -> None:
        admin = self.users[ADMIN]
        for spec in NATIONAL_ROWS:
            row = InformationSystem.objects.filter(code=spec.code).first()
            if row is None:
                row = systems.create_system(admin, {
                    "code": spec.code, "name": spec.name, "category": NATIONAL, "operator": spec.operator,
                    "aliases": spec.aliases, "is_hub": spec.hub, "citation": spec.citation,
                    "hosting": "national", "lifecycle": "operate"})
                self.counts["national"] += 1
            self.by_code[spec.code] = row
            for code in spec.masters:
                entity = self.entities[code]
                if not DataHolding.objects.filter(entity=entity, role=MASTER, system__category=NATIONAL).exists():
                    systems.save_holding(admin, row, entity=entity, role=MASTER)
                    self.counts["holdings"] += 1

    def skip(self) -> None:
        self.counts["skipped"] += 1
        self.builder.skipped += 1

    def _people(self, unit_code: str):
        return self.builder._people(unit_code)

    def system(self, spec: S) -> None:
        staff, _head = self._people(spec.owner)
        dates = dict(zip(("planned_on", "build_on", "operate_on", "phase_out_on", "retired_on"), spec.dates))
        data = {
            "code": spec.code, "name": spec.name, "category": spec.category, "is_hub": spec.hub,
            "owner_unit": self.units[spec.owner], "operating_unit": self.units[spec.operating or spec.owner],
            "core_system": self.by_code[spec.core] if spec.core else None, "lifecycle": spec.lifecycle,
            "criticality": spec.criticality, "hosting": spec.hosting, "vendor": spec.vendor,
            "contract": spec.contract, "description": spec.description, "aliases": spec.aliases,
            "capabilities": [self.capabilities[c] for c in spec.caps if c in self.capabilities], **dates,
        }
        if spec.users:
            data["user_groups"], data["user_count"] = spec.users
        if spec.fit:
            data["functional_fit"], data["technical_fit"] = spec.fit
        if spec.security:
            data["security_level"], data["security_decision"], data["security_decision_on"] = spec.security
        system = systems.create_system(staff, data)
        self.by_code[spec.code] = system
        self.counts["systems"] += 1
        for name, role, note in spec.projects:
            project = self.projects.get(name)
            if project is None:   # left out (a clock set before the data's dates)
                self.skip()
                continue
            actor = staff if self.reads(staff, project) else self.users[APPRAISER]
            systems.link_project(actor, system, project, role, note)
            self.counts["links"] += 1
        for code, entity, role, sharing, db_name, note in HOLDINGS:
            if code == spec.code:
                systems.save_holding(staff, system, entity=self.entities[entity], role=role, sharing=sharing,
                                     database_name=db_name, note=note)
                self.counts["holdings"] += 1
        self.costs(staff, system, spec)

    def costs(self, staff, system: InformationSystem, spec: S) -> None:
        """Operating cost from the year it runs (+4 % a year), development as the spec gives it."""
        running = dict(zip(("planned_on", "build_on", "operate_on", "phase_out_on", "retired_on"),
                           spec.dates)).get("operate_on")
        for year in (2024, 2025, 2026):
            if year > self.cutoff.year or spec.lifecycle == "retired":
                continue
            op = 0
            if spec.op and running and running.year <= year:
                share = 1 if running.year < year else (13 - running.month) / 12
                op = int(round(spec.op * (1 + 0.04 * (year - 2024)) * share)) * M
            dev = spec.dev.get(year, 0) * M
            if op or dev or year in spec.dev:
                note = "Dự toán năm" if year == 2026 else "Quyết toán năm"
                systems.save_cost(staff, system, year=year, operating_cost=op, development_cost=dev,
                                  note=f"{note} {year}")
                self.counts["costs"] += 1

    def _linker(self, source: InformationSystem, target: InformationSystem):
        """The owner staff of the source when they may declare the link, else the CĐS appraiser."""
        if source.owner_unit_id:
            staff, _ = self._people(source.owner_unit.code)
            both = scope_systems(staff).filter(pk__in=[source.pk, target.pk]).count() == 2
            if both and (can_edit_system(staff, source) or can_edit_system(staff, target)):
                return staff
        return self.users[APPRAISER]

    def integration(self, spec: L) -> None:
        source, target = self.by_code[spec.source], self.by_code[spec.target]
        since = spec.since if spec.since is None or spec.since <= self.cutoff else None
        systems.save_integration(self._linker(source, target), source=source, target=target,
                                 mechanism=spec.mechanism, status=spec.status, both_ways=spec.both, since=since,
                                 entities=[self.entities[e] for e in spec.entities], note=spec.note)
        self.counts["integrations"] += 1

    def _reporter(self, username: str, project, system):
        probe = Equipment(project=project, system=system)
        for user in (self.users.get(username), self.users[APPRAISER]):
            if user is not None and can_report_equipment(user, probe) and self.reads(user, project):
                return user
        return self.users[APPRAISER]

    def equipment(self, spec: E) -> None:
        project = self.projects.get(spec.project)
        if project is None:
            self.skip()
            return
        system = self.by_code[spec.system] if spec.system else None
        owner = system.owner_unit.code if system is not None else project.investor_unit.code
        staff, _ = self._people(owner)
        declarer = self._reporter(staff.username, project, system)
        today = self.clock.moment.date()
        accepted = min(spec.accepted, today)
        first = IN_USE if spec.status == IN_USE else NOT_USED
        eq = systems.add_equipment(declarer, project, {
            "kind": spec.kind, "model": spec.model, "quantity": spec.quantity, "location": spec.location,
            "accepted_on": accepted, "warranty_until": spec.warranty, "system": system, "status": first,
            "status_on": accepted})
        self.counts["equipment"] += 1
        if spec.status != first or spec.reporter or spec.note:
            reporter = self._reporter(spec.reporter or declarer.username, project, system)
            systems.report_equipment_status(reporter, eq, status=spec.status,
                                            on=min(spec.status_on or accepted, today), note=spec.note,
                                            expected_version=eq.version)

    def attest(self, code: str, head: str) -> None:
        system = InformationSystem.objects.get(code=code)
        systems.attest(self.users[head], system, expected_version=system.version)
        self.counts["attested"] += 1


__all__ = ["build_systems", "SYSTEMS", "INTEGRATIONS", "EQUIPMENT", "HOLDINGS", "IOC_TOTAL", "IOC_WASTED",
           "IOC_CAMERAS", "IOC_CAMERAS_WASTED"]
