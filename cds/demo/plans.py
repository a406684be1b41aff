"""The 2027 planning round of the demo province (Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm 2027), and
the 2028 round open today, built through :mod:`cds.plans.services` by the people who would take each step.

The story, as a province runs it (the dates are those of the budget calendar: units send their
tasks with the budget estimate in June–July, the list is approved as the basis of the estimate
the HĐND votes in December, and adjusted when Sở Tài chính gives the figures it can balance):

* 16/6/2026 — UBND tỉnh issues Công văn số 2318/UBND-KGVX asking every department and commune to
  propose its 2027 tasks with their funds, to Sở KH&CN (the CĐS authority), Sở Tài chính
  coordinating, before 15/7/2026. "thamdinh" opens the round with three envelopes (NSĐP đầu tư,
  NSĐP thường xuyên, NSTW đầu tư for Đề án 06), sixteen units called.
* 23/6–20/7 — twelve units send 25 proposals (chuyên viên prepares, lãnh đạo sends; Sở Công
  Thương late, four units never): two carried over from the registry — Sở NN&MT's irrigation
  project (approved policy, not yet funded) and the surface-water monitoring stations paused
  in 2024 for faulty devices; the rest new. The checks run on every save and catch:
  Sở Nội vụ and Sở Y tế both proposing a social-protection database (the functions of the
  former Sở LĐTBXH were split between them in 2025); phường Bình Nguyên proposing its own
  document-management software, which the province's core SL-QLVB already provides (the
  capability is listed, the system not declared); the carried-over task of a paused project.
* 24/7–11/8 — the authority returns Sở Xây dựng's licensing system (overlaps the planning and
  licensing database already settled), merges Sở Y tế's database into Sở Nội vụ's, rejects the
  ward's software; "thamdinh" and "cv_stc" (Sở Tài chính) score every proposal sent, each on
  their own (the finance reviewer is stricter on readiness and cost: some spreads are large).
* 14/8–31/8 — funding is recommended in score order within the envelopes (the paused task is
  held back with its reason), the plan drafted and sent, approved by "lanhdao" (Quyết định số
  2041/QĐ-UBND ngày 28/8/2026) and carried into the registry.
* 2/11–11/11 — the adjustment (Quyết định số 2687/QĐ-UBND ngày 09/11/2026) after Sở Tài
  chính's budget figures: the LGSP upgrade reduced, the notary database dropped (a national
  one is built under the 2024 Law on Notarisation), the agriculture database added; registered.
* 12/11–13/11 — the authority stops taking proposals and closes the round. Left as they were:
  Sở Xây dựng's returned proposal and a draft "cv_yte" began on the deadline day and never sent
  (an operations centre for health, which the province's IOC already offers).
* 5/11–16/11 — the 2028 round (Công văn số 2964/UBND-KGVX ngày 05/11/2026, deadline 15/01/2027),
  opened by "thamdinh" on 9/11 with the 2028 envelopes, the same units called, Sở Tài chính
  beside: it is the round open today. Sở Nội vụ sends a system for civil servants' periodic
  health checks; "cv_yte" drafts the same system, and the operations centre again (no basis
  stated). Left for a live demo: the two drafts' warnings show before "ld_yte" sends them, then
  "thamdinh" and "cv_stc" score what is sent.

Every step runs with Django's clock set to its day (:class:`.clock.ServiceClock`), so history,
audit rows and notifications carry that day. Steps dated after the builder's cutoff (a machine
clock earlier than the data) are left out and counted as skipped. Randomness (minutes, the
reviewers' marks): ``random.Random(2027)``.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from cds.audit.models import AuditEvent
from cds.catalog.models import Capability, DataEntity, FundingSource, Programme
from cds.notifications.models import Notification
from cds.plans import services as ps
from cds.plans.models import Funding, PlanVersion, Proposal, ProposalStatus, Round, Score
from cds.projects.models import BudgetEntry, Project, ProjectEvent
from cds.rules.models import LegalRegime
from cds.systems import services as system_services
from cds.systems.models import InformationSystem, SystemProject

from . import documents as docs
from .clock import ServiceClock

SEED = 2027
D = dt.date
DAY_START = dt.time(7, 50)
RECEIVER_UID = "cds-demo-plans"
STAMPED = {Round: "created_at", Proposal: "created_at", Score: "created_at", PlanVersion: "created_at",
           AuditEvent: "created_at", Notification: "created_at",
           Project: ("created_at", "state_changed_at"), ProjectEvent: "created_at", BudgetEntry: "created_at",
           SystemProject: "created_at"}
YEAR = 2027
APPRAISER, FINANCE, LEADER = "thamdinh", "cv_stc", "lanhdao"

ROUND = dict(
    name=f"Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm {YEAR}", year_from=YEAR, year_to=YEAR,
    basis_number="2318/UBND-KGVX", basis_date=D(2026, 6, 16), basis_issuer=docs.UBND,
    basis_title=f"Về việc xây dựng Kế hoạch chuyển đổi số năm {YEAR} và dự toán kinh phí thực hiện",
    deadline=D(2026, 7, 15),
)
OPENED = D(2026, 6, 17)
FINANCE_UNIT, RECEIVING_UNIT = "SL-STC", "SL-SKHCN"
ENVELOPES = (("NSDP-DT", 32_000_000_000), ("NSDP-TX", 17_500_000_000), ("NSTW-DT", 5_000_000_000))
# Called: the twelve units that answer and four that never do.
SILENT = ("SL-TTRA", "SL-BAO", "SL-BQLKKT", "SL-XTP")

# The round open today: next year's, called by the same units.
YEAR_NEXT = YEAR + 1
ROUND_NEXT = dict(
    name=f"Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm {YEAR_NEXT}", year_from=YEAR_NEXT, year_to=YEAR_NEXT,
    basis_number="2964/UBND-KGVX", basis_date=D(2026, 11, 5), basis_issuer=docs.UBND,
    basis_title=f"Về việc xây dựng Kế hoạch chuyển đổi số năm {YEAR_NEXT} và dự toán kinh phí thực hiện",
    deadline=D(2027, 1, 15),
)
REVIEWING, CLOSED = D(2026, 11, 12), D(2026, 11, 13)
OPENED_NEXT = D(2026, 11, 9)
ENVELOPES_NEXT = (("NSDP-DT", 30_000_000_000), ("NSDP-TX", 16_000_000_000))

KH_2026 = docs.ANNUAL_PLANS[2026]
CV_ROUND = f"Công văn số {ROUND['basis_number']} ngày 16/6/2026 của UBND tỉnh"
BASIS_PLAN = (f"Kế hoạch số {KH_2026.number} ngày 16/01/2026 của UBND tỉnh về chuyển đổi số năm 2026; "
              f"{CV_ROUND}")
BASIS_NQ = (f"Nghị quyết số {docs.DOCS['NQ33'].number} ngày 17/9/2020 của HĐND tỉnh về chuyển đổi số; "
            f"{CV_ROUND}")
BASIS_06 = ("Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ (Đề án 06); Kế hoạch số "
            f"{docs.DOCS['KH1856'].number} ngày 25/5/2022 của UBND tỉnh; {CV_ROUND}")


@dataclass(frozen=True)
class Prop:
    key: str
    unit: str
    name: str
    kind: str
    amount: int                     # đồng, all in the first year
    source: str
    objectives: str
    problem: str
    basis: str = ""
    programme: str = ""
    caps: tuple[str, ...] = ()
    ents: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    years: tuple[int, int] = (YEAR, YEAR)
    priority: int = 2
    quality: float = 0.7            # how the reviewers see it (0…1)
    strict: float = 0.0             # how much lower Sở Tài chính marks readiness and risk (marks)
    created: dt.date = D(2026, 6, 29)
    sent: dt.date | None = D(2026, 7, 8)
    carried: str = ""               # the registry project carried over (its name)


I, R, T, M = "investment", "recurrent", "rental", "procurement"  # noqa: E741 — one letter per kind, as in .projects

PROPOSALS: list[Prop] = [
    # ---------------------------------------------------------- Văn phòng UBND tỉnh
    Prop("htbc", "SL-VP", "Nâng cấp Hệ thống thông tin báo cáo tỉnh Sơn Lâm, bổ sung bộ chỉ tiêu chuyển đổi số",
         R, 1_846_500_000, "NSDP-TX",
         "Bổ sung bộ chỉ tiêu chuyển đổi số, chỉ tiêu kinh tế số theo yêu cầu của Chính phủ; tự động lấy số liệu "
         "từ Hệ thống thông tin giải quyết TTHC, Hệ thống quản lý văn bản qua LGSP; báo cáo trực tuyến đến cấp xã.",
         "Các chỉ tiêu chuyển đổi số hiện tổng hợp thủ công bằng bảng tính từ 40 đơn vị, chậm và không khớp số "
         "liệu giữa các kỳ báo cáo.", BASIS_PLAN, "KH-CDS", systems=("SL-HTBC",), quality=0.8,
         created=D(2026, 6, 24), sent=D(2026, 6, 30)),
    Prop("ecab", "SL-VP", f"Thuê dịch vụ Hệ thống phòng họp không giấy (eCabinet) của UBND tỉnh năm {YEAR}", T,
         1_238_000_000, "NSDP-TX",
         "Duy trì phòng họp không giấy cho các phiên họp UBND tỉnh, họp giao ban; tích hợp ký số tài liệu họp.",
         "Hợp đồng thuê dịch vụ hiện hành kết thúc ngày 31/12/2026; không gián đoạn các phiên họp của UBND tỉnh.",
         BASIS_PLAN, "KH-CDS", systems=("SL-ECABINET",), priority=1, quality=0.78, strict=0.3,
         created=D(2026, 6, 24), sent=D(2026, 6, 30)),
    # ---------------------------------------------------------- Sở Nội vụ
    Prop("asxh", "SL-SNV", "Xây dựng Cơ sở dữ liệu an sinh xã hội tỉnh Sơn Lâm", I, 6_815_400_000, "NSDP-DT",
         "Cơ sở dữ liệu an sinh xã hội dùng chung của tỉnh: người có công, lao động - việc làm, bảo trợ xã hội, "
         "trẻ em; xác thực với Cơ sở dữ liệu quốc gia về dân cư; chi trả không dùng tiền mặt.",
         "Sau sắp xếp năm 2025, dữ liệu người có công, bảo trợ xã hội nằm rải rác ở Sở Nội vụ, Sở Y tế và các xã, "
         "phần lớn trên sổ sách và bảng tính; chưa làm sạch theo dữ liệu dân cư.", BASIS_06, "DA06",
         ents=("DANCU", "BAOHIEM"), years=(YEAR, YEAR + 1), priority=1, quality=0.82,
         created=D(2026, 6, 23), sent=D(2026, 7, 2)),
    Prop("luutru", "SL-SNV", "Số hóa tài liệu lưu trữ lịch sử tỉnh Sơn Lâm giai đoạn 2027–2028", R, 2_352_000_000,
         "NSDP-TX",
         "Chỉnh lý, số hóa 1.200 mét giá tài liệu lưu trữ lịch sử (phông UBND tỉnh 1976–2005), tạo lập cơ sở dữ "
         "liệu tài liệu lưu trữ, phục vụ khai thác trực tuyến.",
         "Tài liệu giấy đang xuống cấp; việc tra cứu phải đến Kho lưu trữ lịch sử.", BASIS_PLAN, "KH-CDS",
         years=(YEAR, YEAR + 1), quality=0.68, strict=0.5, created=D(2026, 6, 25), sent=D(2026, 7, 3)),
    # ---------------------------------------------------------- Sở Khoa học và Công nghệ
    Prop("lgsp", "SL-SKHCN", "Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) tỉnh Sơn Lâm đáp ứng Khung kiến "
         "trúc số tỉnh phiên bản 4.0", I, 5_200_000_000, "NSDP-DT",
         "Nâng năng lực LGSP lên 5 triệu giao dịch/ngày, bổ sung quản lý API, giám sát chất lượng dữ liệu; kết "
         "nối NDXP phiên bản mới và các cơ sở dữ liệu quốc gia mới.",
         "Số giao dịch qua LGSP tăng gấp ba từ năm 2024, thường xuyên quá tải giờ cao điểm; chưa có công cụ "
         "giám sát chất lượng dữ liệu chia sẻ.", BASIS_NQ, "KH-CDS", systems=("SL-LGSP",), priority=1,
         quality=0.86, strict=0.4, created=D(2026, 6, 23), sent=D(2026, 6, 29)),
    Prop("soc", "SL-SKHCN", f"Thuê dịch vụ giám sát, điều hành an toàn thông tin mạng (SOC) cho các hệ thống "
         f"thông tin của tỉnh năm {YEAR}", T, 3_384_000_000, "NSDP-TX",
         "Giám sát an toàn thông tin 24/7 cho 46 hệ thống thông tin của tỉnh, cảnh báo và ứng cứu sự cố, kết "
         "nối hệ thống giám sát quốc gia.",
         "Hợp đồng thuê dịch vụ giai đoạn 2024–2026 kết thúc; các hệ thống cấp độ 3 phải được giám sát liên "
         "tục.", BASIS_PLAN, "KH-CDS", systems=("SL-SOC",), priority=1, quality=0.85,
         created=D(2026, 6, 23), sent=D(2026, 6, 29)),
    Prop("kynang", "SL-SKHCN", f"Bồi dưỡng, phổ cập kỹ năng số cho cán bộ, công chức, viên chức và người dân "
         f"năm {YEAR}", R, 982_000_000, "NSDP-TX",
         "Bồi dưỡng kỹ năng số cho 3.500 cán bộ, công chức cấp xã; tổ công nghệ số cộng đồng hướng dẫn người dân "
         "sử dụng dịch vụ công trực tuyến, VNeID.",
         "Tỷ lệ hồ sơ trực tuyến toàn trình ở cấp xã mới đạt 41 %; nhiều công chức xã mới sau sắp xếp chưa "
         "được bồi dưỡng.", BASIS_NQ, "NQ-CDS", quality=0.74, created=D(2026, 6, 26), sent=D(2026, 7, 1)),
    # ---------------------------------------------------------- Sở Nông nghiệp và Môi trường
    Prop("quantrac", "SL-SNNMT", "", M, 0, "NSDP-TX",
         "Hoàn thành khắc phục, thay thế thiết bị quan trắc lỗi hỏng, đưa các trạm quan trắc nước mặt tự động "
         "truyền dữ liệu liên tục về Sở.",
         "Dự án tạm dừng từ 18/3/2024 (thiết bị chưa phù hợp, nhiều trạm không truyền dữ liệu); phần kinh phí "
         "còn lại chưa được bố trí để khắc phục.", BASIS_PLAN, "KH-CDS", priority=2, quality=0.42, strict=0.8,
         created=D(2026, 7, 1), sent=D(2026, 7, 9),
         carried="Mua sắm, lắp đặt hệ thống quan trắc môi trường nước mặt tự động, liên tục"),
    Prop("thuyloi", "SL-SNNMT", "", I, 6_500_000_000, "NSDP-DT",
         "Giám sát mực nước, lượng mưa, vận hành hồ chứa theo thời gian thực; cảnh báo sớm lũ, sạt lở; bản đồ "
         "rủi ro thiên tai trên nền bản đồ số dùng chung.",
         "Số liệu mực nước, lượng mưa của 46 hồ chứa vẫn báo cáo qua điện thoại, tin nhắn; mùa mưa lũ 2025 "
         "cảnh báo chậm.", BASIS_PLAN, "KH-CDS", systems=("SL-GIS", "SL-IOC"), years=(YEAR, YEAR + 1),
         priority=1, quality=0.8,
         created=D(2026, 7, 1), sent=D(2026, 7, 9),
         carried="Chuyển đổi số trong quản lý thủy lợi và phòng, chống thiên tai tỉnh Sơn Lâm"),
    Prop("nongnghiep", "SL-SNNMT", "Xây dựng Cơ sở dữ liệu chuyên ngành nông nghiệp tỉnh Sơn Lâm (trồng trọt, "
         "chăn nuôi, thủy sản)", I, 4_600_000_000, "NSDP-DT",
         "Cơ sở dữ liệu vùng trồng, cơ sở chăn nuôi, nuôi trồng thủy sản; cấp mã số vùng trồng; chia sẻ với Hệ "
         "thống truy xuất nguồn gốc nông sản và Kho dữ liệu dùng chung.",
         "Dữ liệu vùng trồng, mã số vùng trồng xuất khẩu đang quản lý bằng bảng tính ở từng phòng, chưa chia "
         "sẻ được cho doanh nghiệp xuất khẩu.", BASIS_PLAN, "KH-CDS", ents=("NONGNGHIEP",),
         systems=("SL-NONGNGHIEP",), years=(YEAR, YEAR + 1), quality=0.6, created=D(2026, 7, 2),
         sent=D(2026, 7, 9)),
    # ---------------------------------------------------------- Sở Xây dựng
    Prop("capphep", "SL-SXD", "Xây dựng Hệ thống cơ sở dữ liệu quản lý trật tự xây dựng và cấp phép xây dựng trực "
         "tuyến tỉnh Sơn Lâm", I, 5_900_000_000, "NSDP-DT",
         "Cấp giấy phép xây dựng trực tuyến toàn trình; theo dõi trật tự xây dựng bằng ứng dụng di động cho cán "
         "bộ xã.",
         "Hồ sơ cấp phép xây dựng còn nộp giấy ở nhiều xã; vi phạm trật tự xây dựng phát hiện chậm.",
         BASIS_PLAN, "KH-CDS", ents=("QUYHOACH",), quality=0.5, created=D(2026, 7, 6), sent=D(2026, 7, 13)),
    Prop("hosoxd", "SL-SXD", "Số hóa hồ sơ cấp phép xây dựng, hồ sơ hoàn công công trình lưu trữ tại Sở Xây dựng",
         R, 1_148_000_000, "NSDP-TX",
         "Số hóa 38.000 hồ sơ cấp phép, hoàn công (2005–2024), cập nhật vào Hệ thống cơ sở dữ liệu quản lý quy "
         "hoạch và cấp phép xây dựng.",
         "Hồ sơ giấy tra cứu mất nhiều ngày khi giải quyết thủ tục cấp phép, kiểm tra hoàn công.", BASIS_PLAN,
         "KH-CDS", ents=("QUYHOACH",), systems=("SL-QHXD",), quality=0.7, created=D(2026, 7, 6),
         sent=D(2026, 7, 13)),
    # ---------------------------------------------------------- Sở Y tế
    Prop("asxh_yt", "SL-SYT", "Xây dựng Cơ sở dữ liệu an sinh xã hội ngành y tế tỉnh Sơn Lâm (bảo trợ xã hội, trẻ em)",
         I, 4_180_000_000, "NSDP-DT",
         "Quản lý đối tượng bảo trợ xã hội, trẻ em có hoàn cảnh đặc biệt do Sở Y tế tiếp nhận từ Sở Lao động - "
         "Thương binh và Xã hội; chi trả trợ cấp không dùng tiền mặt.",
         "Dữ liệu bảo trợ xã hội, trẻ em tiếp nhận năm 2025 chưa có phần mềm quản lý; cấp xã báo cáo bằng bảng "
         "tính.", BASIS_06, "DA06", ents=("DANCU",), years=(YEAR, YEAR + 1), quality=0.66,
         created=D(2026, 7, 3), sent=D(2026, 7, 10)),
    Prop("benhan", "SL-SYT", "Triển khai bệnh án điện tử tại 6 trung tâm y tế khu vực, kết nối hồ sơ sức khỏe điện tử",
         I, 7_400_000_000, "NSDP-DT",
         "Bệnh án điện tử tại 6 trung tâm y tế khu vực (thay bệnh án giấy), kết nối Hệ thống bệnh án điện tử và "
         "hồ sơ sức khỏe điện tử của tỉnh, liên thông dữ liệu khám chữa bệnh với VNeID.",
         "Các bệnh viện tuyến tỉnh đã có bệnh án điện tử; tuyến khu vực vẫn dùng bệnh án giấy, người bệnh chuyển "
         "tuyến phải mang theo hồ sơ.", BASIS_06, "DA06", ents=("YTE", "DANCU"), systems=("SL-BENHAN",),
         years=(YEAR, YEAR + 1), priority=1, quality=0.84, strict=1.6, created=D(2026, 7, 3),
         sent=D(2026, 7, 10)),
    # ---------------------------------------------------------- Sở Giáo dục và Đào tạo
    Prop("hocba", "SL-SGDDT", "Triển khai học bạ số, văn bằng, chứng chỉ số ngành giáo dục kết nối ứng dụng VNeID", R,
         1_652_000_000, "NSDP-TX",
         "Học bạ số cho 100 % trường phổ thông; cấp văn bằng, chứng chỉ số; tra cứu qua VNeID.",
         "Học bạ giấy phải ký, đóng dấu thủ công; văn bằng giấy dễ làm giả, xác minh mất thời gian.", BASIS_06,
         "DA06", ents=("GIAODUC", "DANCU"), systems=("SL-GIAODUC",), priority=1, quality=0.8,
         created=D(2026, 6, 30), sent=D(2026, 7, 7)),
    Prop("phonghoc", "SL-SGDDT", "Trang bị thiết bị phòng học thông minh cho 12 trường trung học phổ thông (giai "
         "đoạn 2)", M, 5_600_000_000, "NSDP-TX",
         "Trang bị màn hình tương tác, thiết bị ghi giảng cho 48 phòng học tại 12 trường THPT.",
         "Nhu cầu dạy học theo chương trình giáo dục phổ thông 2018.", BASIS_PLAN, "KH-CDS", ents=("GIAODUC",),
         quality=0.38, strict=0.6, created=D(2026, 6, 30), sent=D(2026, 7, 7)),
    # ---------------------------------------------------------- Sở Tư pháp
    Prop("hotich", "SL-STP", "Số hóa, cập nhật dữ liệu hộ tịch lịch sử (1995–2015) vào Cơ sở dữ liệu hộ tịch điện tử",
         R, 2_104_000_000, "NSDP-TX",
         "Số hóa 410.000 trích lục khai sinh, kết hôn, khai tử (1995–2015), làm sạch và đồng bộ với Cơ sở dữ liệu "
         "quốc gia về dân cư.",
         "Người dân vẫn phải xin bản sao trích lục giấy vì dữ liệu trước năm 2016 chưa được số hóa.", BASIS_06,
         "DA06", ents=("HOTICH", "DANCU"), systems=("SL-HOTICH",), priority=1, quality=0.81,
         created=D(2026, 7, 2), sent=D(2026, 7, 8)),
    Prop("congchung", "SL-STP", "Xây dựng Cơ sở dữ liệu công chứng, chứng thực tỉnh Sơn Lâm", I, 2_900_000_000,
         "NSDP-DT",
         "Cơ sở dữ liệu hợp đồng, giao dịch đã công chứng, chứng thực; cảnh báo tài sản bị ngăn chặn giao dịch.",
         "Các tổ chức hành nghề công chứng tra cứu thông tin ngăn chặn qua văn bản giấy, dễ bỏ sót.", BASIS_PLAN,
         "KH-CDS", quality=0.7, created=D(2026, 7, 2), sent=D(2026, 7, 8)),
    # ---------------------------------------------------------- Sở Văn hóa, Thể thao và Du lịch
    Prop("thuyetminh", "SL-SVHTTDL", "Xây dựng ứng dụng thuyết minh du lịch tự động đa ngôn ngữ tại các điểm du lịch "
         "tỉnh Sơn Lâm", I, 3_300_000_000, "NSDP-DT",
         "Ứng dụng thuyết minh tự động bằng 5 ngôn ngữ tại 30 điểm di tích, du lịch; bản đồ du lịch trên điện "
         "thoại.", "Du khách nước ngoài thiếu thông tin thuyết minh tại điểm đến.", BASIS_PLAN, "KH-CDS",
         caps=("DULICH",), ents=("DULICH",), quality=0.36, created=D(2026, 7, 7), sent=D(2026, 7, 14)),
    Prop("disan", "SL-SVHTTDL", "Số hóa di sản văn hóa vật thể và phi vật thể tỉnh Sơn Lâm (giai đoạn 2), tích hợp "
         "Bảo tàng số", R, 1_896_000_000, "NSDP-TX",
         "Số hóa 3D 25 di tích cấp tỉnh, 12 di sản văn hóa phi vật thể; tích hợp vào Bảo tàng số đã xây dựng ở "
         "giai đoạn 1.", "Giai đoạn 1 mới số hóa được các hiện vật của Bảo tàng tỉnh.", BASIS_PLAN, "KH-CDS",
         ents=("DULICH",), quality=0.64, created=D(2026, 7, 7), sent=D(2026, 7, 14)),
    # ---------------------------------------------------------- Sở Công Thương (late)
    Prop("nangluong", "SL-SCT", "Xây dựng Cơ sở dữ liệu quản lý năng lượng và sử dụng năng lượng tiết kiệm, hiệu quả "
         "tỉnh Sơn Lâm", I, 2_640_000_000, "NSDP-DT",
         "Cơ sở dữ liệu các cơ sở sử dụng năng lượng trọng điểm, dự án điện mặt trời mái nhà; báo cáo sử dụng "
         "năng lượng trực tuyến.", "Báo cáo năng lượng của doanh nghiệp nộp bản giấy; số liệu không tổng hợp "
         "được theo thời gian thực.", BASIS_PLAN, "KH-CDS", ents=("DOANHNGHIEP",), quality=0.62,
         created=D(2026, 7, 14), sent=D(2026, 7, 20)),
    Prop("ocop", "SL-SCT", f"Hỗ trợ doanh nghiệp, hợp tác xã đưa sản phẩm OCOP lên sàn thương mại điện tử năm {YEAR}",
         R, 852_000_000, "NSDP-TX",
         "Hỗ trợ 120 doanh nghiệp, hợp tác xã mở gian hàng trên các sàn thương mại điện tử lớn, đào tạo kỹ năng "
         "bán hàng trực tuyến.", "Sàn giao dịch thương mại điện tử của tỉnh ít người dùng; sản phẩm OCOP chưa "
         "tiếp cận thị trường trực tuyến.", BASIS_NQ, "NQ-CDS", ents=("DOANHNGHIEP",), quality=0.72,
         created=D(2026, 7, 14), sent=D(2026, 7, 20)),
    # ---------------------------------------------------------- Công an tỉnh
    Prop("camera", "SL-CA", "Mở rộng Hệ thống camera giám sát an ninh, trật tự kết nối Trung tâm giám sát, điều hành "
         "thông minh (IOC) của tỉnh (Đề án 06)", I, 4_800_000_000, "NSTW-DT",
         "Lắp đặt bổ sung 160 camera tại các nút giao, khu dân cư mới; dùng chung hạ tầng, phần mềm của IOC tỉnh "
         "và Hệ thống camera hiện có.", "Các xã mới sau sắp xếp chưa có camera giám sát an ninh, trật tự.",
         BASIS_06, "DA06", caps=("CAMERA",), systems=("SL-CAMERA", "SL-IOC"), priority=1, quality=0.76,
         strict=2.6, created=D(2026, 7, 6), sent=D(2026, 7, 10)),
    # ---------------------------------------------------------- UBND phường Bình Nguyên
    Prop("qlvb_bn", "SL-PBN", "Xây dựng phần mềm quản lý văn bản và điều hành UBND phường Bình Nguyên", R,
         684_000_000, "NSDP-TX",
         "Phần mềm quản lý văn bản đến, đi, hồ sơ công việc riêng của UBND phường, ký số văn bản.",
         "Phường mới thành lập từ 01/7/2025, khối lượng văn bản tăng mạnh.", BASIS_PLAN, "KH-CDS",
         caps=("QLVB",), ents=("VANBAN",), quality=0.3, created=D(2026, 7, 8), sent=D(2026, 7, 14)),
    # ---------------------------------------------------------- Sở Y tế: late draft, not sent yet
    Prop("ioc_yt", "SL-SYT", "Xây dựng Trung tâm điều hành y tế thông minh tỉnh Sơn Lâm", I, 8_600_000_000,
         "NSDP-DT",
         "Trung tâm điều hành theo dõi hoạt động khám chữa bệnh, cấp cứu, dịch bệnh toàn tỉnh theo thời gian "
         "thực; màn hình giám sát, bảng điều khiển cho lãnh đạo Sở.",
         "", "", "", caps=("IOC", "YTE"), ents=("YTE",), created=D(2026, 7, 15), sent=None),
]
BY_KEY = {p.key: p for p in PROPOSALS}

CV_NEXT = f"Công văn số {ROUND_NEXT['basis_number']} ngày 05/11/2026 của UBND tỉnh"
NEXT = (YEAR_NEXT, YEAR_NEXT)
# The round open today: Sở Nội vụ's proposal sent; Sở Y tế's two drafts, one the same system as
# Sở Nội vụ's, one what the province's IOC already does (and with no basis), not sent yet.
PROPOSALS_NEXT: list[Prop] = [
    Prop("suckhoe", "SL-SNV", "Xây dựng Hệ thống quản lý hồ sơ khám sức khỏe định kỳ cán bộ, công chức, viên chức "
         "tỉnh Sơn Lâm", I, 2_460_000_000, "NSDP-DT",
         "Quản lý kết quả khám sức khỏe định kỳ của cán bộ, công chức, viên chức các cơ quan của tỉnh; kết nối hồ sơ "
         "sức khỏe điện tử, Cơ sở dữ liệu cán bộ, công chức, viên chức.",
         "Kết quả khám sức khỏe định kỳ lưu bản giấy ở từng cơ quan; không theo dõi được bệnh nghề nghiệp.",
         f"Kế hoạch số {KH_2026.number} ngày 16/01/2026 của UBND tỉnh; {CV_NEXT}", "KH-CDS", ents=("YTE",),
         years=NEXT, created=D(2026, 11, 10), sent=D(2026, 11, 12)),
    Prop("suckhoe_yt", "SL-SYT", "Xây dựng Hệ thống quản lý hồ sơ khám sức khỏe định kỳ cho cán bộ, công chức, "
         "viên chức tỉnh Sơn Lâm", I, 2_150_000_000, "NSDP-DT",
         "Các cơ sở y tế cập nhật kết quả khám sức khỏe định kỳ cho cán bộ, công chức, viên chức; liên thông hồ sơ "
         "sức khỏe điện tử.", "Kết quả khám sức khỏe chưa được số hóa, chưa liên thông hồ sơ sức khỏe điện tử.",
         f"Kế hoạch số {KH_2026.number} ngày 16/01/2026 của UBND tỉnh; {CV_NEXT}", "KH-CDS", ents=("YTE",),
         years=NEXT, created=D(2026, 11, 13), sent=None),
    Prop("ioc_yt_next", "SL-SYT", BY_KEY["ioc_yt"].name, I, 8_200_000_000, "NSDP-DT", BY_KEY["ioc_yt"].objectives,
         "", "", "", caps=("IOC", "YTE"), ents=("YTE",), years=NEXT, created=D(2026, 11, 16), sent=None),
]

RETURNED = ("capphep", D(2026, 7, 24),
            "Đề xuất trùng một phần với Hệ thống cơ sở dữ liệu quản lý quy hoạch và cấp phép xây dựng (SL-QHXD) đã "
            "quyết toán năm 2024. Đề nghị Sở Xây dựng làm rõ phần kế thừa hệ thống hiện có, chỉ đề xuất phần xây "
            "dựng mới (ứng dụng theo dõi trật tự xây dựng), kèm khái toán chi phí theo điểm trường hợp sử dụng.")
MERGED = ("asxh_yt", "asxh", D(2026, 7, 28),
          "Cùng một cơ sở dữ liệu an sinh xã hội của tỉnh: gộp vào đề xuất của Sở Nội vụ (chủ trì); Sở Y tế phối "
          "hợp xây dựng phân hệ bảo trợ xã hội, trẻ em. Không đầu tư hai cơ sở dữ liệu riêng.")
REJECTED = ("qlvb_bn", D(2026, 7, 28),
            "Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm (SL-QLVB) đã triển khai đến 100 % cơ quan, đơn vị "
            "ba cấp, gồm UBND phường Bình Nguyên; không đầu tư phần mềm riêng. Nhu cầu bổ sung chức năng gửi Sở "
            "KH&CN tổng hợp vào kế hoạch nâng cấp SL-QLVB.")
HELD_BACK = ("quantrac", "Chưa bố trí: dự án đang tạm dừng (thiết bị chưa phù hợp, nhiều trạm không truyền dữ liệu) "
                         "và được đánh giá không hiệu quả. Chỉ xem xét bố trí khi chủ đầu tư hoàn thành khắc phục theo "
                         "bảo hành, có kết quả đánh giá lại.")
SCORING = ((APPRAISER, D(2026, 7, 29), D(2026, 8, 5)), (FINANCE, D(2026, 8, 3), D(2026, 8, 11)))
RECOMMENDED = D(2026, 8, 14)
DRAFTED, SUBMITTED = D(2026, 8, 18), D(2026, 8, 20)
APPROVED = ("2041/QĐ-UBND", D(2026, 8, 28))
REGISTERED = D(2026, 8, 31)

ADJUSTMENT = dict(
    drafted=D(2026, 11, 2), submitted=D(2026, 11, 4), approved=("2687/QĐ-UBND", D(2026, 11, 9)),
    registered=D(2026, 11, 11),
    reason="Điều chỉnh theo số kiểm tra dự toán ngân sách năm 2027 (Công văn số 3412/STC-QLNS ngày 28/10/2026 của "
           "Sở Tài chính) và ý kiến của Bộ Tư pháp về cơ sở dữ liệu công chứng dùng chung toàn quốc: giảm kinh phí "
           "nâng cấp LGSP năm 2027 (phần giám sát chất lượng dữ liệu chuyển sang năm 2028), không bố trí cơ sở dữ "
           "liệu công chứng, chứng thực của tỉnh, bổ sung Cơ sở dữ liệu chuyên ngành nông nghiệp.",
    reduce=("lgsp", 4_000_000_000, "Giảm quy mô năm 2027; phần giám sát chất lượng dữ liệu chuyển sang năm 2028"),
    remove="congchung", add="nongnghiep",
)

COMMENTS = {
    APPRAISER: {
        "quantrac": "Dự án đang tạm dừng; cần kết quả khắc phục trước khi bố trí thêm kinh phí.",
        "phonghoc": "Giai đoạn 1 được đánh giá chưa hiệu quả (thiết bị chưa khai thác hết); chưa đủ cơ sở đầu tư "
                    "giai đoạn 2.",
        "thuyetminh": "Trùng chức năng thuyết minh tự động của Hệ thống du lịch thông minh đang tạm dừng.",
        "lgsp": "Phù hợp Khung kiến trúc số; kế thừa LGSP hiện có.",
    },
    FINANCE: {
        "camera": "Chưa có khái toán chi tiết theo số điểm camera; đề nghị làm rõ phần dùng chung hạ tầng IOC.",
        "benhan": "Kinh phí lớn so với quy mô 6 trung tâm; đề nghị phân kỳ đầu tư.",
        "quantrac": "Không bố trí khi dự án chưa khắc phục xong.",
        "phonghoc": "Không ưu tiên: thiết bị giai đoạn 1 chưa khai thác hết.",
    },
}


@dataclass
class Built:
    round: Round | None = None
    next_round: Round | None = None
    proposals: dict[str, Proposal] = field(default_factory=dict)
    plans: list[PlanVersion] = field(default_factory=list)
    skipped: int = 0


def build_plans(builder) -> dict:
    """The 2027 round and the 2028 one (called at the end of :meth:`DemoBuilder.build`, after the systems map:
    the checks compare the proposals with it). Returns counts."""
    return PlansDemo(builder).run()


class PlansDemo:
    def __init__(self, builder):
        self.b = builder
        self.users, self.units = builder.users, builder.units
        self.cutoff = builder.cutoff
        self.rng = random.Random(SEED)
        self.clock = ServiceClock(self.rng, timezone.now(), STAMPED, DAY_START, RECEIVER_UID)
        self.built = Built()

    # ----------------------------------------------------------------- entry ----

    def run(self) -> dict:
        if Round.objects.filter(basis_number=ROUND["basis_number"]).exists():
            return {}
        self.sources = {s.code: s for s in FundingSource.objects.all()}
        self.programmes = {p.code: p for p in Programme.objects.all()}
        self.capabilities = {c.code: c for c in Capability.objects.all()}
        self.entities = {e.code: e for e in DataEntity.objects.all()}
        self.systems = {s.code: s for s in InformationSystem.objects.filter(code__startswith="SL-")}
        self.projects = {p.name: p for p in Project.objects.filter(
            investor_unit__path__startswith=self.units["SL"].tree_prefix).select_related("investor_unit")}
        self.regime = LegalRegime.for_date(D(YEAR, 1, 1)) or LegalRegime.for_date(self.cutoff)
        steps = [
            (OPENED, self.open_round),
            *[(p.created, lambda p=p: self.prepare(p)) for p in PROPOSALS if p.sent is not None],
            *[(p.sent, lambda p=p: self.send(p)) for p in PROPOSALS if p.sent is not None],
            (RETURNED[1], self.return_one),
            (MERGED[2], self.merge_and_reject),
            *[(day, lambda who=who, day=day, last=last: self.score(who, day, last))
              for who, first, last in SCORING for day in self._workdays(first, last)],
            (RECOMMENDED, self.recommend),
            (DRAFTED, self.draft),
            (SUBMITTED, lambda: self.submit(self.built.plans[-1])),
            (APPROVED[1], lambda: self.approve(self.built.plans[-1], *APPROVED)),
            (REGISTERED, lambda: self.register(self.built.plans[-1])),
            (ADJUSTMENT["drafted"], self.adjust),
            (ADJUSTMENT["submitted"], lambda: self.submit(self.built.plans[-1])),
            (ADJUSTMENT["approved"][1], lambda: self.approve(self.built.plans[-1], *ADJUSTMENT["approved"])),
            (ADJUSTMENT["registered"], lambda: self.register(self.built.plans[-1])),
            (BY_KEY["ioc_yt"].created, lambda: self.prepare(BY_KEY["ioc_yt"])),
            (REVIEWING, self.stop_taking),
            (CLOSED, self.close),
            (OPENED_NEXT, self.open_next),
            *[(p.created, lambda p=p: self.prepare(p, self.built.next_round)) for p in PROPOSALS_NEXT],
            *[(p.sent, lambda p=p: self.send(p)) for p in PROPOSALS_NEXT if p.sent is not None],
        ]
        steps = sorted(enumerate(steps), key=lambda s: (s[1][0], s[0]))
        sealed = {s.pk: (timezone.localdate(s.attested_at), s.attested_by) for s in InformationSystem.objects.filter(
            attested_at__isnull=False).select_related("attested_by")}
        with self.clock.running():
            for n, (_i, (day, step)) in enumerate(steps):
                if day > self.cutoff:    # a clock set before the data's dates: leave the rest out
                    self.built.skipped = len(steps) - n
                    self.b.skipped += self.built.skipped
                    break
                with self.clock.at(day):
                    step()
            self.keep_seals(sealed)
        b = self.built
        return {"proposals": len(b.proposals), "rounds": (b.round is not None) + (b.next_round is not None), "plans": len(b.plans), "skipped": b.skipped,
                "scores": Score.objects.filter(proposal__round=b.round).count() if b.round else 0}

    def keep_seals(self, sealed: dict) -> None:
        """The plan's registration links its new projects to the systems they build on (the
        CĐS authority's edit). In the story those links come before the owner heads attested
        their records in the autumn inventory, but this module runs after the inventory: a seal
        the links broke is given again by the same head on the day of the first attestation."""
        for system in InformationSystem.objects.filter(pk__in=sealed, attested_at__isnull=True):
            day, head = sealed[system.pk]
            with self.clock.at(day):
                system_services.attest(head, system, expected_version=system.version)

    @staticmethod
    def _workdays(first: dt.date, last: dt.date) -> list[dt.date]:
        days, day = [], first
        while day <= last:
            if day.weekday() < 5:
                days.append(day)
            day += dt.timedelta(days=1)
        return days

    def _people(self, unit_code: str):
        return self.b._people(unit_code)

    # ----------------------------------------------------------------- round ----

    def _open(self, fields: dict, year: int, envelopes) -> Round:
        actor = self.users[APPRAISER]
        called = [self.units[p.unit] for p in PROPOSALS]
        called = list(dict.fromkeys(called)) + [self.units[c] for c in SILENT]
        round_ = ps.create_round(actor, {
            **fields, "receiving_unit": self.units[RECEIVING_UNIT], "finance_unit": self.units[FINANCE_UNIT],
            "called_units": called, "root_unit": self.units["SL"]})
        ps.set_envelopes(actor, round_, [
            {"funding_source": self.sources[code], "year": year, "amount": amount} for code, amount in envelopes],
            expected_version=round_.version)
        round_.refresh_from_db()
        return ps.open_round(actor, round_, expected_version=round_.version)

    def open_round(self) -> None:
        self.built.round = self._open(ROUND, YEAR, ENVELOPES)

    def open_next(self) -> None:
        self.built.next_round = self._open(ROUND_NEXT, YEAR_NEXT, ENVELOPES_NEXT)

    def stop_taking(self) -> None:
        self.built.round = ps.start_review(self.users[APPRAISER], self.built.round)

    def close(self) -> None:
        self.built.round = ps.close_round(self.users[APPRAISER], self.built.round)

    # ------------------------------------------------------------- proposals ----

    def _data(self, p: Prop) -> dict:
        return {
            "unit": self.units[p.unit], "name": p.name, "objectives": p.objectives, "problem": p.problem,
            "legal_basis": p.basis, "kind": p.kind, "regime": self.regime,
            "programme": self.programmes.get(p.programme) if p.programme else None,
            "capabilities": [self.capabilities[c] for c in p.caps],
            "data_entities": [self.entities[e] for e in p.ents],
            "systems": [self.systems[s] for s in p.systems if s in self.systems],
            "start_year": p.years[0], "end_year": p.years[1], "priority": p.priority,
            "costs": [{"year": p.years[0], "funding_source": self.sources[p.source], "amount": p.amount}],
        }

    def prepare(self, p: Prop, round_: Round | None = None) -> None:
        staff, _head = self._people(p.unit)
        round_ = round_ or self.built.round
        if p.carried:
            project = self.projects[p.carried]
            proposal = ps.carry_over(staff, round_, project, unit=self.units[p.unit])
            # The unit completes what the registry could not fill: the problem, its basis and
            # the 2027 share of what remains (all of it when it fits one year).
            data = ps.carried_over_data(round_, project) | {
                "unit": self.units[p.unit], "problem": p.problem, "legal_basis": p.basis,
                "programme": self.programmes.get(p.programme) or project.programme, "priority": p.priority,
                "objectives": f"{project.objectives} {p.objectives}".strip()}
            data["systems"] = list({*data["systems"], *(self.systems[c] for c in p.systems if c in self.systems)})
            if p.amount:
                data["costs"] = [{"year": YEAR, "funding_source": self.sources[p.source], "amount": p.amount}]
                data["end_year"] = max(p.years[1], data["end_year"])
            proposal.refresh_from_db()
            proposal = ps.update_proposal(staff, proposal, data, expected_version=proposal.version)
        else:
            proposal = ps.create_proposal(staff, round_, self._data(p))
        self.built.proposals[p.key] = proposal

    def send(self, p: Prop) -> None:
        _staff, head = self._people(p.unit)
        proposal = self.built.proposals[p.key]
        proposal.refresh_from_db()
        self.built.proposals[p.key] = ps.submit_proposal(head, proposal, expected_version=proposal.version)

    # --------------------------------------------------------- consolidation ----

    def return_one(self) -> None:
        key, _day, comment = RETURNED
        ps.return_proposal(self.users[APPRAISER], self.built.proposals[key], comment)

    def merge_and_reject(self) -> None:
        actor = self.users[APPRAISER]
        key, into, _day, reason = MERGED
        ps.merge_proposal(actor, self.built.proposals[key], self.built.proposals[into], reason)
        key, _day, reason = REJECTED
        ps.reject_proposal(actor, self.built.proposals[key], reason)

    def _marks(self, reviewer: str, p: Prop, criteria: list[dict], scale: int) -> dict:
        marks = {}
        for c in criteria:
            value = p.quality * scale + self.rng.uniform(-0.5, 0.5)
            if reviewer == FINANCE:   # stricter on the dossier, the cost and what it will bring
                if c["code"] in ("readiness", "risk", "benefit"):
                    value -= p.strict + 0.3
                elif c["code"] == "alignment":
                    value -= 0.3
            marks[c["code"]] = max(0, min(scale, round(value)))
        return marks

    def score(self, reviewer: str, day: dt.date, last: dt.date) -> None:
        """The reviewer's share of the proposals sent for this day (all of them by ``last``)."""
        actor = self.users[reviewer]
        rubric = self.built.round.rubric
        status = dict(Proposal.objects.filter(round=self.built.round).values_list("pk", "status"))
        done = set(Score.objects.filter(reviewer=actor, proposal__round=self.built.round)
                   .values_list("proposal_id", flat=True))
        pending = [p for p in PROPOSALS if p.key in self.built.proposals
                   and status[self.built.proposals[p.key].pk] == ProposalStatus.SUBMITTED
                   and self.built.proposals[p.key].pk not in done]
        days_left = len(self._workdays(day, last))
        for p in pending[:-(-len(pending) // days_left)]:
            proposal = Proposal.objects.get(pk=self.built.proposals[p.key].pk)
            ps.score_proposal(actor, proposal, self._marks(reviewer, p, rubric.criteria, rubric.scale_max),
                              COMMENTS.get(reviewer, {}).get(p.key, ""))

    def recommend(self) -> None:
        actor = self.users[APPRAISER]
        ps.recommend_funding(actor, self.built.round)
        key, note = HELD_BACK
        proposal = Proposal.objects.get(pk=self.built.proposals[key].pk)
        ps.set_funding(actor, proposal, Funding.UNFUNDED, note, expected_version=proposal.version)

    # ------------------------------------------------------------------ plan ----

    def draft(self) -> None:
        self.built.plans.append(ps.draft_plan(self.users[APPRAISER], self.built.round))

    def submit(self, plan: PlanVersion) -> None:
        plan.refresh_from_db()
        ps.submit_plan(self.users[APPRAISER], plan, expected_version=plan.version)

    def approve(self, plan: PlanVersion, number: str, day: dt.date) -> None:
        plan.refresh_from_db()
        ps.approve_plan(self.users[LEADER], plan, decision_number=number, decision_date=day,
                        expected_version=plan.version)

    def register(self, plan: PlanVersion) -> None:
        plan.refresh_from_db()
        ps.register_plan(self.users[APPRAISER], plan)

    def adjust(self) -> None:
        actor = self.users[APPRAISER]
        plan = ps.draft_plan(actor, self.built.round, reason=ADJUSTMENT["reason"])
        self.built.plans.append(plan)
        key, amount, note = ADJUSTMENT["reduce"]
        item = plan.items.get(proposal=self.built.proposals[key])
        source = self.sources[BY_KEY[key].source]
        ps.update_item(actor, item, {"note": note, "costs": [
            {"year": YEAR, "funding_source": source, "amount": amount}]})
        ps.remove_item(actor, plan.items.get(proposal=self.built.proposals[ADJUSTMENT["remove"]]))
        ps.add_item(actor, plan, Proposal.objects.get(pk=self.built.proposals[ADJUSTMENT["add"]].pk))


__all__ = ["build_plans", "PROPOSALS", "PROPOSALS_NEXT", "ROUND", "ROUND_NEXT", "ENVELOPES", "ADJUSTMENT", "MERGED", "REJECTED", "RETURNED",
           "HELD_BACK", "APPROVED"]
