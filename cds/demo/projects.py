"""The demo portfolio: ~100 nhiệm vụ/dự án of tỉnh Sơn Lâm (2019–2026) and three of the ministry.

Modelled on real provinces' projects as reported in the news: the Chính quyền điện tử and Thành
phố thông minh đề án (IOC, intelligent traffic, camera ANTT, smart tourism, health, education),
the land database, Đề án 06, document management, LGSP, the public-service portal / one-stop
system, data centre, SOC, digitisation, the two dossiers of Quảng Nam's meeting of 06/3/2023 (Sở
Xây dựng's planning database and the Ban Quản lý KKT/KCN software, returned for the norms of Bộ
TN&MT) and the reviews of Bắc Kạn (Công văn 8826/UBND-VXNV) and Quảng Ninh that paused
or stopped what was ineffective or duplicated the province's shared systems.  Some projects are
deliberately near-duplicates across units and years (document management, phản ánh kiến nghị,
land database, IOC, cameras) for the overlap detector.

Each entry gives the facts a person would type in; the builder derives the dates of every step
(from ``start`` with deterministic gaps, or from ``dates``), the ledger and the documents.

``flow`` is either a target state reached along the normal path, or a tuple of segments:
``("path", state)``, ``("pause", date, reason)``, ``("resume", date, reason)``,
``("stop", date, reason)``, ``("reject", date, reason)``, ``("retire", date, reason)``.
``extras``: ``("scale_down", date, reason)``, ``("rebaseline", date, factor, reason)``,
``("extend", date, new_end_year)``.
Amounts are in triệu đồng (millions of VND); the builder records integer đồng.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

D = dt.date
I, R, T, M = "investment", "recurrent", "rental", "procurement"  # noqa: E741 — one letter per kind keeps the table below readable

# --- reasons modelled on the Quảng Ninh, Bắc Kạn and Bình Phước reviews -----------------------
PAUSE_DEVICES = (
    "Qua rà soát theo Công văn số 8826/UBND-VXNV ngày 28/12/2023: một số thiết bị đầu tư chưa phù hợp, "
    "hoạt động chưa ổn định; nhiều trạm chưa truyền dữ liệu liên tục, một số thiết bị lỗi hỏng. Tạm dừng "
    "để chủ đầu tư rà soát, khắc phục, gắn trách nhiệm người đứng đầu."
)
PAUSE_TRAFFIC = (
    "Kết luận rà soát các đề án công nghệ thông tin: thiết bị đầu tư chưa phù hợp, hoạt động chưa ổn "
    "định; nhiều camera, biển báo điện tử lỗi hỏng, chưa đưa vào khai thác. Tạm dừng khai thác mở rộng để "
    "khắc phục theo bảo hành."
)
PAUSE_NO_SOFTWARE = (
    "Hạ tầng đã hoàn thành nhưng chưa có các hệ thống phần mềm để khai thác sử dụng, làm giảm hiệu quả đầu "
    "tư; nhiều thiết bị chưa đưa vào khai thác. Tạm dừng để rà soát, lồng ghép với Trung tâm giám sát, "
    "điều hành thông minh (IOC) của tỉnh."
)
PAUSE_DUPLICATE = (
    "Trùng lặp với hệ thống dùng chung của tỉnh (Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm đã "
    "triển khai đến 100% cơ quan, đơn vị). Tạm dừng theo Công văn số 8826/UBND-VXNV ngày 28/12/2023 để "
    "tránh trùng lặp, lãng phí ngân sách."
)
PAUSE_UNUSED = (
    "Người dùng chưa sử dụng và khai thác hết được các chức năng; kiosk tra cứu, điểm wifi du lịch nhiều nơi "
    "chưa đưa vào khai thác, một số thiết bị lỗi hỏng. Tạm dừng đầu tư bổ sung để đánh giá hiệu quả theo "
    "Công văn số 8826/UBND-VXNV ngày 28/12/2023."
)
RESUME_TRAFFIC = (
    "Chủ đầu tư đã thay thế thiết bị lỗi hỏng theo bảo hành, kết nối dữ liệu về IOC của tỉnh; hệ thống hoạt "
    "động ổn định, được tiếp tục khai thác."
)
STOP_VNEID = (
    "Dừng thực hiện: các chức năng của ứng dụng (định danh, phản ánh, tra cứu hồ sơ) đã được cung cấp trên "
    "ứng dụng VNeID và Cổng Dịch vụ công quốc gia theo Đề án 06; tiếp tục đầu tư sẽ trùng lặp, lãng phí "
    "(Công văn số 1470/UBND-NC ngày 22/4/2024)."
)
STOP_PAKN = (
    "Dừng thực hiện theo kết quả rà soát tại Công văn số 8826/UBND-VXNV ngày 28/12/2023: chức năng tiếp "
    "nhận phản ánh, kiến nghị đã được cung cấp trên Hệ thống tiếp nhận, xử lý phản ánh, kiến nghị dùng "
    "chung của tỉnh; không đầu tư riêng ở cấp huyện."
)
STOP_REORG = (
    "Dừng thực hiện do kết thúc hoạt động của đơn vị hành chính cấp huyện từ 01/7/2025; khối lượng còn lại "
    "(đo đạc, chỉnh lý bản đồ địa chính 6 xã) chuyển sang dự án Cập nhật, chỉnh lý và hoàn thiện CSDL đất "
    "đai tỉnh do Sở Nông nghiệp và Môi trường làm chủ đầu tư."
)
REJECT_DUPLICATE = (
    "Không phê duyệt: nội dung quản lý văn bản và họp trực tuyến trùng lặp với Hệ thống quản lý văn bản và "
    "điều hành và Hệ thống hội nghị truyền hình dùng chung của tỉnh. Đề nghị đơn vị khai thác các hệ thống "
    "dùng chung."
)
REJECT_IOC = (
    "Không phê duyệt: dự toán chưa tính đúng, tính đủ theo định mức, đơn giá, chưa phù hợp với thị trường; "
    "chức năng giám sát, điều hành trùng với Trung tâm IOC của tỉnh. Đề nghị kết nối, khai thác IOC tỉnh."
)
RETIRE_SOC = (
    "Hết thời hạn thuê dịch vụ; chức năng giám sát an toàn thông tin chuyển sang dịch vụ SOC giai đoạn "
    "2024–2026."
)
RETIRE_QLVB = (
    "Ngừng sử dụng: UBND huyện chuyển sang Hệ thống quản lý văn bản và điều hành dùng chung của tỉnh; dữ liệu "
    "văn bản đã được chuyển đổi, lưu trữ."
)
RETURN_NORMS = (
    "Đề nghị bổ sung dự toán lập theo định mức của Bộ Tài nguyên và Môi trường; lấy ý kiến thẩm định của Sở "
    "Tài nguyên và Môi trường đối với hạng mục cơ sở dữ liệu (Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc "
    "họp ngày 06/3/2023)."
)
RETURN_SCOPE = (
    "Đề nghị làm rõ phạm vi, tránh trùng lặp với Cơ sở dữ liệu cán bộ, công chức, viên chức đã đầu tư giai "
    "đoạn 2020–2021; tính lại chi phí phần mềm theo phương pháp điểm trường hợp sử dụng."
)


@dataclass(frozen=True)
class P:
    name: str
    unit: str
    kind: str
    start: dt.date           # the day it was registered (đề xuất)
    amount: int              # triệu đồng, the approved (or proposed) total
    flow: object             # target state, or tuple of segments (see module doc)
    years: tuple[int, int]   # start_year, end_year
    prog: str | None = "KH-CDS"
    src: tuple[str, ...] = ()
    caps: tuple[str, ...] = ()
    ents: tuple[str, ...] = ()
    coord: tuple[str, ...] = ()
    lead: str = ""
    group: str = ""
    policy: bool | None = None   # chủ trương step (default: investment projects)
    returned: str = ""           # the appraiser returns the dossier once, with this reason
    extras: tuple = ()
    dates: dict = field(default_factory=dict)
    check: bool = False          # the independent supervisor confirms the approval
    overspend: int | None = None  # a year in which disbursement exceeds the allocation
    settle_over: bool = False    # settled above the approved total
    obj: str = ""
    scope: str = ""


PROJECTS: list[P] = [
    # ----------------------------------------------------------- Sở Thông tin và Truyền thông
    P("Xây dựng Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm", "SL-STTTT", I, D(2019, 2, 18), 14_500,
      "settled", (2019, 2020), "CQDT", caps=("QLVB", "CKS"), ents=("VANBAN",), lead="SL-TTCNTT", check=True,
      obj="Xây dựng hệ thống quản lý văn bản và điều hành dùng chung cho 100% cơ quan hành chính từ tỉnh đến "
          "cấp xã; liên thông văn bản điện tử có ký số giữa các cấp, giảm văn bản giấy.",
      scope="Triển khai tập trung tại Trung tâm dữ liệu tỉnh cho 21 sở, ban, ngành, 5 UBND cấp huyện và các "
            "UBND cấp xã; tích hợp chữ ký số chuyên dùng Chính phủ."),
    P("Xây dựng Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Sơn Lâm (LGSP)", "SL-STTTT", I, D(2019, 4, 10), 9_800,
      "settled", (2019, 2020), "CQDT", caps=("LGSP",), ents=("HOSO-TTHC",), lead="SL-TTCNTT", check=True,
      obj="Hình thành trục tích hợp, chia sẻ dữ liệu cấp tỉnh kết nối các hệ thống thông tin của tỉnh với nhau "
          "và với Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)."),
    P("Nâng cấp Cổng thông tin điện tử tỉnh Sơn Lâm", "SL-STTTT", I, D(2019, 3, 5), 3_950, "settled",
      (2019, 2019), "KH-CNTT", caps=("CONG-TTDT",), settle_over=True),
    P("Xây dựng Hệ thống tiếp nhận, xử lý phản ánh, kiến nghị của người dân và doanh nghiệp tỉnh Sơn Lâm",
      "SL-STTTT", I, D(2020, 2, 12), 4_200, "settled", (2020, 2021), "TPTM", caps=("PAKN",),
      obj="Tiếp nhận phản ánh, kiến nghị qua ứng dụng di động, tổng đài, cổng thông tin; chuyển xử lý và công "
          "khai kết quả; dùng chung cho các sở, ngành và UBND cấp huyện."),
    P("Xây dựng Hệ thống hội nghị truyền hình trực tuyến từ tỉnh đến cấp xã", "SL-STTTT", I, D(2020, 3, 16),
      18_600, "settled", (2020, 2021), "CQDT", caps=("HNTH", "HATANG"), coord=("SL-VP",), lead="SL-TTCNTT"),
    P("Xây dựng Trung tâm giám sát, điều hành thông minh (IOC) tỉnh Sơn Lâm", "SL-STTTT", I, D(2020, 5, 20),
      96_000, "in_operation", (2020, 2022), "TPTM", src=("NSDP-DT", "NSTW-DT"),
      caps=("IOC", "CAMERA", "PAKN", "GIAOTHONG", "BAOCAO"), ents=("GIAOTHONG",),
      coord=("SL-CA", "SL-SGTVT", "SL-TPSL"), lead="SL-TTCNTT", group="B", check=True,
      extras=(("rebaseline", D(2021, 9, 14), 0.92,
               "Điều chỉnh giảm do tận dụng hạ tầng Trung tâm dữ liệu tỉnh, không đầu tư riêng phòng máy chủ."),),
      dates={"put_in_operation": D(2022, 9, 26)},
      obj="Giám sát, điều hành tập trung các lĩnh vực giao thông, an ninh trật tự, phản ánh hiện trường, dịch "
          "vụ công, y tế, giáo dục trên nền dữ liệu số; hỗ trợ lãnh đạo tỉnh ra quyết định theo thời gian thực.",
      scope="Phòng điều hành, hệ thống màn hình ghép, nền tảng IOC và 08 phân hệ chuyên đề; kết nối camera "
            "giao thông, camera an ninh trật tự, hệ thống phản ánh kiến nghị, hệ thống một cửa điện tử."),
    P("Thuê dịch vụ giám sát, điều hành an toàn, an ninh mạng (SOC) cho các hệ thống thông tin của tỉnh "
      "giai đoạn 2021–2023", "SL-STTTT", T, D(2020, 10, 26), 7_800,
      (("path", "in_operation"), ("retire", D(2024, 1, 15), RETIRE_SOC)), (2021, 2023), "NQ-CDS",
      src=("NSDP-TX",), caps=("SOC",)),
    P("Thuê dịch vụ giám sát an toàn thông tin (SOC) cho các hệ thống thông tin của tỉnh giai đoạn 2024–2026",
      "SL-STTTT", T, D(2023, 9, 12), 9_600, "in_operation", (2024, 2026), src=("NSDP-TX",), caps=("SOC",),
      dates={"put_in_operation": D(2024, 1, 2)}),
    P("Xây dựng Trung tâm dữ liệu tỉnh Sơn Lâm (nền tảng điện toán đám mây)", "SL-STTTT", I, D(2022, 1, 17),
      86_500, "in_operation", (2022, 2024), "NQ-CDS", caps=("TTDL", "HATANG", "SOC"), lead="SL-TTCNTT",
      group="B", check=True,
      extras=(("scale_down", D(2024, 3, 20),
               "Giảm quy mô hạng mục mua sắm máy chủ, thiết bị lưu trữ (từ 42 xuống 26 máy chủ) do chuyển một "
               "phần sang thuê dịch vụ điện toán đám mây; thực hiện Công văn số 8826/UBND-VXNV ngày 28/12/2023."),
              ("extend", D(2024, 10, 8), 2025)),
      dates={"put_in_operation": D(2025, 4, 18)},
      obj="Hình thành Trung tâm dữ liệu tỉnh theo mô hình điện toán đám mây, bảo đảm hạ tầng dùng chung cho "
          "các hệ thống thông tin, cơ sở dữ liệu của tỉnh; đạt cấp độ 3 an toàn hệ thống thông tin.",
      scope="Phòng máy chủ đạt chuẩn TIA-942 Rated 2, hạ tầng ảo hóa, lưu trữ, sao lưu dự phòng, hệ thống giám "
            "sát an toàn thông tin; di chuyển các hệ thống dùng chung về Trung tâm."),
    P("Nâng cấp Cổng dịch vụ công và Hệ thống một cửa điện tử tỉnh Sơn Lâm (Hệ thống thông tin giải quyết TTHC)",
      "SL-STTTT", I, D(2021, 3, 8), 12_800, "settled", (2021, 2022), "CCHC", caps=("DVC", "MOTCUA", "SSO"),
      ents=("HOSO-TTHC",), coord=("SL-VP", "SL-TTHCC")),
    P("Mua sắm chứng thư số, thiết bị ký số cho cán bộ, công chức các cơ quan nhà nước tỉnh", "SL-STTTT", M,
      D(2020, 4, 6), 1_250, "in_operation", (2020, 2020), "CQDT", src=("NSDP-TX",), caps=("CKS",)),
    P("Xây dựng Kho dữ liệu dùng chung tỉnh Sơn Lâm", "SL-STTTT", I, D(2023, 2, 20), 24_500, "implementing",
      (2023, 2025), caps=("KHODL", "LGSP"), ents=("DANCU", "DOANHNGHIEP", "HOSO-TTHC"), lead="SL-TTCNTT",
      extras=(("extend", D(2025, 9, 15), 2026),),
      obj="Hình thành kho dữ liệu dùng chung và dữ liệu mở của tỉnh; dữ liệu chủ được lưu một nơi, chia sẻ qua "
          "LGSP cho các hệ thống chuyên ngành."),
    P("Bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức tỉnh Sơn Lâm năm 2023", "SL-STTTT", R,
      D(2023, 1, 30), 850, "settled", (2023, 2023)),
    P("Triển khai Nền tảng bản đồ số dùng chung tỉnh Sơn Lâm (GIS)", "SL-STTTT", I, D(2024, 5, 13), 11_200,
      "implementing", (2024, 2026), caps=("GIS",), ents=("QUYHOACH", "DATDAI"), coord=("SL-STNMT", "SL-SXD")),
    P("Xây dựng Ứng dụng Công dân số tỉnh Sơn Lâm (Sơn Lâm Smart)", "SL-STTTT", I, D(2022, 3, 21), 6_400,
      (("path", "implementing"), ("stop", D(2024, 6, 10), STOP_VNEID)), (2022, 2024), "TPTM",
      caps=("DVC", "PAKN", "SSO"), ents=("DANCU",)),
    P("Chuyển đổi hệ thống mạng, dịch vụ của các cơ quan nhà nước tỉnh sang IPv6", "SL-STTTT", R,
      D(2023, 3, 14), 2_300, "in_operation", (2023, 2024), caps=("HATANG",)),
    P("Nâng cấp Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm kết nối Trục liên thông văn bản quốc gia",
      "SL-STTTT", R, D(2024, 2, 26), 3_400, "in_operation", (2024, 2024), caps=("QLVB", "CKS"),
      ents=("VANBAN",)),
    # ------------------------------------------------------------ Sở Khoa học và Công nghệ
    P("Nâng cấp Trung tâm giám sát, điều hành thông minh (IOC) tỉnh Sơn Lâm giai đoạn 2", "SL-SKHCN", I,
      D(2025, 4, 14), 38_000, "procuring", (2025, 2027), caps=("IOC", "CAMERA", "GIAOTHONG", "BAOCAO"),
      coord=("SL-CA", "SL-SXD"), lead="SL-TTCNTT"),
    P("Thuê dịch vụ điện toán đám mây cho các hệ thống thông tin dùng chung của tỉnh giai đoạn 2026–2028",
      "SL-SKHCN", T, D(2026, 1, 19), 14_400, "approved", (2026, 2028), src=("NSDP-TX",), caps=("TTDL",),
      dates={"approve": D(2026, 4, 22)}),
    P("Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) tỉnh Sơn Lâm kết nối Nền tảng NDXP", "SL-SKHCN", I,
      D(2025, 5, 12), 8_900, "implementing", (2025, 2026), caps=("LGSP", "KHODL"), lead="SL-TTCNTT"),
    P("Xây dựng Hệ thống giám sát an toàn thông tin tập trung (SOC) tỉnh Sơn Lâm", "SL-SKHCN", I,
      D(2026, 7, 13), 19_500, "in_appraisal", (2027, 2028), caps=("SOC",)),
    P("Xây dựng Cơ sở dữ liệu khoa học và công nghệ tỉnh Sơn Lâm", "SL-SKHCN", I, D(2021, 4, 19), 4_800,
      "settled", (2021, 2022), "NQ-CDS", caps=("CHUYENNGANH",)),
    P("Đo lường, đánh giá mức độ chuyển đổi số (DTI) của các cơ quan, đơn vị năm 2026", "SL-SKHCN", R,
      D(2026, 2, 9), 650, "implementing", (2026, 2026), caps=("BAOCAO",)),
    P("Xây dựng Nền tảng trợ lý ảo phục vụ cán bộ, công chức và người dân tỉnh Sơn Lâm", "SL-SKHCN", I,
      D(2026, 8, 17), 6_900, "proposed", (2027, 2027), caps=("DVC", "PAKN")),
    P("Thuê dịch vụ chữ ký số từ xa cho cán bộ, công chức cấp xã", "SL-SKHCN", T, D(2026, 10, 5), 2_200,
      "proposed", (2027, 2029), src=("NSDP-TX",), caps=("CKS",)),
    # ------------------------------------------------ Trung tâm CNTT và Truyền thông
    P("Vận hành, duy trì Trung tâm dữ liệu và hệ thống hội nghị truyền hình của tỉnh năm 2024", "SL-TTCNTT", R,
      D(2024, 1, 8), 3_200, "settled", (2024, 2024), caps=("TTDL", "HNTH")),
    P("Thuê kênh truyền số liệu chuyên dùng cho các cơ quan nhà nước tỉnh giai đoạn 2022–2024", "SL-TTCNTT", T,
      D(2021, 11, 15), 5_400, "settled", (2022, 2024), src=("NSDP-TX",), caps=("HATANG",),
      dates={"put_in_operation": D(2022, 1, 10), "settle": D(2025, 3, 20)}),
    P("Vận hành, duy trì Trung tâm dữ liệu và các nền tảng dùng chung của tỉnh năm 2026", "SL-TTCNTT", R,
      D(2025, 12, 15), 3_650, "implementing", (2026, 2026), caps=("TTDL", "LGSP")),
    # ------------------------------------------------------------ Văn phòng UBND tỉnh, TT PVHCC
    P("Xây dựng Hệ thống thông tin báo cáo tỉnh Sơn Lâm kết nối Hệ thống thông tin báo cáo Chính phủ", "SL-VP",
      I, D(2020, 1, 13), 5_600, "settled", (2020, 2021), "CQDT", caps=("BAOCAO",)),
    P("Triển khai Hệ thống phòng họp không giấy (eCabinet) của UBND tỉnh", "SL-VP", I, D(2020, 6, 22), 3_800,
      "in_operation", (2020, 2021), "CQDT", caps=("HNTH", "QLVB")),
    P("Nâng cấp Hệ thống theo dõi, giám sát việc thực hiện nhiệm vụ do UBND tỉnh giao", "SL-VP", R,
      D(2023, 4, 3), 2_900, "in_operation", (2023, 2023), caps=("BAOCAO", "QLVB")),
    P("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh kết nối Cơ sở dữ liệu quốc gia về dân cư "
      "(Đề án 06)", "SL-VP", I, D(2022, 8, 15), 7_900, "in_operation", (2022, 2023), "DA06",
      caps=("MOTCUA", "DVC", "SSO"), ents=("DANCU", "HOSO-TTHC"), coord=("SL-CA", "SL-STTTT"), check=True,
      obj="Khai thác dữ liệu dân cư, định danh điện tử VNeID trong giải quyết thủ tục hành chính; cắt giảm giấy "
          "tờ công dân phải nộp; tái sử dụng kết quả số hóa."),
    P("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công tỉnh",
      "SL-TTHCC", R, D(2022, 6, 6), 4_600, "settled", (2022, 2023), "DA06", caps=("SOHOA", "MOTCUA"),
      ents=("HOSO-TTHC",)),
    P("Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực giai đoạn 2024–2025", "SL-TTHCC", R,
      D(2024, 5, 20), 6_800, "implementing", (2024, 2025), "DA06", caps=("SOHOA",),
      ents=("HOSO-TTHC", "DANCU"), extras=(("extend", D(2025, 11, 10), 2026),)),
    P("Mua sắm thiết bị Bộ phận tiếp nhận và trả kết quả hiện đại tại Trung tâm Phục vụ hành chính công tỉnh",
      "SL-TTHCC", M, D(2023, 3, 6), 2_450, "in_operation", (2023, 2023), "CCHC", src=("NSDP-TX",),
      caps=("MOTCUA", "HATANG")),
    P("Thuê dịch vụ tổng đài hỗ trợ người dân, doanh nghiệp thực hiện dịch vụ công trực tuyến", "SL-TTHCC", T,
      D(2025, 3, 24), 1_950, "in_operation", (2025, 2027), src=("NSDP-TX",), caps=("DVC", "PAKN")),
    # ------------------------------------------------------------------------------ Sở Nội vụ
    P("Xây dựng Cơ sở dữ liệu cán bộ, công chức, viên chức tỉnh Sơn Lâm", "SL-SNV", I, D(2020, 3, 2), 6_300,
      "settled", (2020, 2021), "CQDT", caps=("CHUYENNGANH",), ents=("CBCCVC",)),
    P("Số hóa tài liệu lưu trữ lịch sử tỉnh Sơn Lâm giai đoạn 2023–2025", "SL-SNV", R, D(2023, 2, 13), 9_200,
      "implementing", (2023, 2025), caps=("SOHOA",), extras=(("extend", D(2025, 10, 20), 2026),)),
    P("Xây dựng Hệ thống quản lý hồ sơ điện tử cán bộ, công chức kết nối Cơ sở dữ liệu quốc gia về cán bộ, "
      "công chức, viên chức", "SL-SNV", I, D(2025, 6, 9), 3_600, "in_appraisal", (2026, 2026),
      caps=("CHUYENNGANH",), ents=("CBCCVC",), returned=RETURN_SCOPE),
    # ------------------------------------------------------ Sở Tài chính, Sở Kế hoạch và Đầu tư
    P("Xây dựng Hệ thống quản lý tài sản công và giá tỉnh Sơn Lâm", "SL-STC", I, D(2021, 2, 22), 3_400,
      "in_operation", (2021, 2022), caps=("CHUYENNGANH",), ents=("TAICHINH",)),
    P("Xây dựng Hệ thống quản lý, giám sát đầu tư công tỉnh Sơn Lâm", "SL-STC", I, D(2025, 6, 16), 5_200,
      "procuring", (2026, 2026), caps=("BAOCAO", "CHUYENNGANH"), ents=("TAICHINH",)),
    P("Xây dựng Cơ sở dữ liệu doanh nghiệp và dự án đầu tư tỉnh Sơn Lâm", "SL-SKHDT", I, D(2021, 5, 10), 4_100,
      "settled", (2021, 2022), "NQ-CDS", caps=("CHUYENNGANH",), ents=("DOANHNGHIEP",)),
    P("Xây dựng phần mềm quản lý dự án đầu tư ngoài ngân sách", "SL-SKHDT", R, D(2023, 5, 8), 2_700,
      "in_operation", (2023, 2024), caps=("CHUYENNGANH",), ents=("DOANHNGHIEP",)),
    # -------------------------------------------------------------- Sở Tài nguyên và Môi trường
    P("Xây dựng cơ sở dữ liệu đất đai tỉnh Sơn Lâm", "SL-STNMT", I, D(2020, 3, 9), 112_000, "in_operation",
      (2020, 2023), "NQ-CDS", src=("NSTW-DT", "NSDP-DT"), caps=("GIS", "CHUYENNGANH", "SOHOA"),
      ents=("DATDAI", "DANCU"), coord=("SL-TPSL", "SL-TXBN", "SL-HVL"), group="B", check=True, overspend=2022,
      extras=(("rebaseline", D(2022, 8, 16), 1.059,
               "Bổ sung khối lượng đo đạc, chỉnh lý bản đồ địa chính 03 huyện và cập nhật đơn giá theo định mức "
               "của Bộ Tài nguyên và Môi trường."),
              ("extend", D(2023, 11, 6), 2024)),
      dates={"approve_policy": D(2020, 7, 10), "approve": D(2020, 12, 18), "put_in_operation": D(2024, 9, 16)},
      obj="Xây dựng cơ sở dữ liệu đất đai thống nhất toàn tỉnh (địa chính, quy hoạch, giá đất, thống kê, kiểm kê), "
          "vận hành tập trung, kết nối Cơ sở dữ liệu quốc gia về đất đai và dữ liệu dân cư.",
      scope="Chỉnh lý, số hóa hồ sơ địa chính của 5 huyện, thị xã, thành phố; xây dựng cơ sở dữ liệu địa chính, "
            "quy hoạch, kế hoạch sử dụng đất, giá đất; phần mềm quản lý, vận hành tại Văn phòng đăng ký đất đai."),
    P("Xây dựng CSDL quan trắc tài nguyên và môi trường tỉnh Sơn Lâm", "SL-STNMT", I, D(2019, 5, 13), 8_900,
      "settled", (2019, 2020), "KH-CNTT", caps=("CHUYENNGANH", "GIS"), ents=("MOITRUONG",)),
    P("Mua sắm, lắp đặt hệ thống quan trắc môi trường nước mặt tự động, liên tục", "SL-STNMT", M,
      D(2022, 4, 11), 11_500, (("path", "in_operation"), ("pause", D(2024, 3, 18), PAUSE_DEVICES)),
      (2022, 2023), src=("NSDP-TX",), caps=("CHUYENNGANH", "HATANG"), ents=("MOITRUONG",)),
    P("Số hóa hồ sơ địa chính phục vụ cấp giấy chứng nhận quyền sử dụng đất tỉnh Sơn Lâm", "SL-STNMT", R,
      D(2023, 2, 27), 7_600, "in_operation", (2023, 2024), caps=("SOHOA",), ents=("DATDAI",)),
    # ----------------------------------------------- Sở Nông nghiệp và PTNT; Sở Nông nghiệp và Môi trường
    P("Xây dựng Hệ thống thông tin quản lý sản xuất nông nghiệp và truy xuất nguồn gốc nông sản tỉnh Sơn Lâm",
      "SL-SNNPTNT", I, D(2021, 3, 29), 5_800, "settled", (2021, 2022), "NQ-CDS", caps=("CHUYENNGANH",),
      ents=("NONGNGHIEP", "DOANHNGHIEP")),
    P("Ứng dụng viễn thám giám sát tài nguyên rừng và cảnh báo cháy rừng tỉnh Sơn Lâm", "SL-SNNPTNT", I,
      D(2023, 3, 20), 9_400, "in_operation", (2023, 2024), caps=("GIS", "CAMERA"),
      ents=("NONGNGHIEP", "MOITRUONG")),
    P("Cập nhật, chỉnh lý và hoàn thiện CSDL đất đai tỉnh Sơn Lâm kết nối CSDL quốc gia về đất đai", "SL-SNNMT",
      I, D(2025, 4, 7), 54_000, "implementing", (2025, 2026), "DA06", src=("NSDP-DT", "NSTW-DT"),
      caps=("GIS", "SOHOA", "CHUYENNGANH"), ents=("DATDAI", "DANCU"), coord=("SL-CA", "SL-XVL", "SL-XVP"),
      check=True,
      obj="Làm sạch, cập nhật dữ liệu đất đai theo yêu cầu \"đúng, đủ, sạch, sống\"; đồng bộ với dữ liệu dân "
          "cư; kết nối Cơ sở dữ liệu quốc gia về đất đai."),
    P("Xây dựng Hệ thống thông tin quản lý tài nguyên nước và khí tượng thủy văn tỉnh Sơn Lâm", "SL-SNNMT", I,
      D(2026, 1, 12), 7_300, "approved", (2026, 2027), caps=("CHUYENNGANH", "GIS"), ents=("MOITRUONG",),
      dates={"approve": D(2026, 5, 25)}),
    P("Chuyển đổi số trong quản lý thủy lợi và phòng, chống thiên tai tỉnh Sơn Lâm", "SL-SNNMT", I,
      D(2026, 8, 3), 12_600, "policy_approved", (2027, 2028), caps=("GIS", "IOC"),
      ents=("NONGNGHIEP", "MOITRUONG")),
    # --------------------------------------------------------- Sở Giao thông vận tải; Sở Xây dựng
    P("Xây dựng Hệ thống quản lý, điều hành giao thông thông minh tỉnh Sơn Lâm", "SL-SGTVT", I,
      D(2020, 4, 13), 72_000,
      (("path", "in_operation"), ("pause", D(2023, 5, 22), PAUSE_TRAFFIC),
       ("resume", D(2024, 2, 26), RESUME_TRAFFIC), ("path", "settled")),
      (2020, 2022), "TPTM", src=("NSDP-DT", "NSTW-DT"), caps=("GIAOTHONG", "CAMERA", "IOC"),
      ents=("GIAOTHONG",), coord=("SL-CA", "SL-TPSL", "SL-STTTT"), group="B", check=True,
      extras=(("scale_down", D(2023, 7, 10),
               "Giảm 120 điểm camera giám sát giao thông trùng vị trí với Hệ thống camera an ninh trật tự của "
               "Công an tỉnh (Đề án 06); điều chuyển kinh phí sang hạng mục phần mềm phân tích hình ảnh."),),
      dates={"put_in_operation": D(2022, 8, 29)},
      obj="Quản lý, điều hành giao thông thông minh: đèn tín hiệu thích ứng, camera giám sát, biển báo điện tử, "
          "phát hiện vi phạm; kết nối dữ liệu về IOC của tỉnh."),
    P("Xây dựng Hệ thống quản lý kết cấu hạ tầng giao thông đường bộ tỉnh Sơn Lâm", "SL-SGTVT", I,
      D(2022, 5, 16), 4_500, "in_operation", (2022, 2023), caps=("GIS", "CHUYENNGANH"), ents=("GIAOTHONG",)),
    P("Xây dựng Hệ thống CSDL quản lý quy hoạch và cấp phép xây dựng tỉnh Sơn Lâm", "SL-SXD", R,
      D(2022, 10, 17), 8_700, "settled", (2023, 2024), caps=("GIS", "CHUYENNGANH"), ents=("QUYHOACH", "DATDAI"),
      coord=("SL-STNMT",), returned=RETURN_NORMS, check=True,
      dates={"submit_appraisal": D(2023, 1, 16), "return_dossier": D(2023, 3, 8), "resubmit": D(2023, 4, 12),
             "approve": D(2023, 5, 29)}),
    P("Xây dựng Cơ sở dữ liệu về nhà ở và thị trường bất động sản tỉnh Sơn Lâm", "SL-SXD", I, D(2024, 3, 11),
      4_900, "implementing", (2024, 2025), caps=("CHUYENNGANH",), ents=("QUYHOACH", "DATDAI"),
      extras=(("extend", D(2025, 12, 8), 2026),)),
    P("Xây dựng Hệ thống quản lý xây dựng và giao thông vận tải tỉnh Sơn Lâm (hợp nhất sau sắp xếp)", "SL-SXD",
      I, D(2026, 3, 9), 9_800, "in_appraisal", (2026, 2027), caps=("CHUYENNGANH", "GIS"),
      ents=("QUYHOACH", "GIAOTHONG")),
    # ---------------------------------------------------------------------------------- Sở Y tế
    P("Xây dựng Hệ thống thông tin quản lý y tế cơ sở tỉnh Sơn Lâm", "SL-SYT", I, D(2019, 3, 18), 9_500,
      "settled", (2019, 2020), "KH-CNTT", caps=("YTE",), ents=("YTE",)),
    P("Xây dựng phần mềm quản lý văn bản và hồ sơ công việc của Sở Y tế", "SL-SYT", R, D(2022, 9, 5), 1_850,
      (("path", "implementing"), ("pause", D(2024, 1, 22), PAUSE_DUPLICATE)), (2023, 2023),
      caps=("QLVB",), ents=("VANBAN",), check=True),
    P("Triển khai hồ sơ sức khỏe điện tử và bệnh án điện tử tại các bệnh viện tuyến tỉnh", "SL-SYT", I,
      D(2023, 2, 6), 28_000, "in_operation", (2023, 2025), "DA06", caps=("YTE",),
      ents=("YTE", "DANCU", "BAOHIEM"), coord=("SL-CA",)),
    P("Thuê dịch vụ phần mềm quản lý trạm y tế xã giai đoạn 2024–2026", "SL-SYT", T, D(2023, 10, 9), 4_300,
      "in_operation", (2024, 2026), src=("NSDP-TX",), caps=("YTE",), ents=("YTE",)),
    P("Mua sắm thiết bị khám, chữa bệnh từ xa (Telehealth) cho các trung tâm y tế tuyến huyện", "SL-SYT", M,
      D(2021, 4, 5), 6_200, "settled", (2021, 2021), "TPTM", src=("NSDP-TX",), caps=("YTE", "HNTH")),
    P("Xây dựng Hệ thống thông tin y tế thông minh tỉnh Sơn Lâm giai đoạn 2027–2029", "SL-SYT", I,
      D(2026, 9, 14), 45_000, "proposed", (2027, 2029), caps=("YTE", "KHODL"), ents=("YTE", "DANCU")),
    # ---------------------------------------------------------------------- Sở Giáo dục và Đào tạo
    P("Xây dựng Hệ thống quản lý giáo dục thông minh tỉnh Sơn Lâm (học bạ số, sổ điểm điện tử)", "SL-SGDDT", I,
      D(2021, 1, 25), 12_300, "settled", (2021, 2022), "TPTM", caps=("GIAODUC",), ents=("GIAODUC",)),
    P("Mua sắm thiết bị phòng học thông minh cho các trường trung học phổ thông giai đoạn 2022–2023", "SL-SGDDT",
      M, D(2022, 2, 14), 14_800, "in_operation", (2022, 2023), src=("NSDP-TX",), caps=("GIAODUC", "HATANG")),
    P("Xây dựng Hệ thống họp trực tuyến và quản lý văn bản ngành giáo dục", "SL-SGDDT", R, D(2023, 6, 12), 2_600,
      (("path", "in_appraisal"), ("reject", D(2023, 9, 18), REJECT_DUPLICATE)), (2023, 2024),
      caps=("QLVB", "HNTH"), ents=("VANBAN",)),
    P("Triển khai nền tảng học trực tuyến (LMS) dùng chung ngành giáo dục", "SL-SGDDT", T, D(2024, 2, 19),
      3_900, "in_operation", (2024, 2026), src=("NSDP-TX",), caps=("GIAODUC",)),
    P("Số hóa hồ sơ tuyển sinh và sổ gốc văn bằng, chứng chỉ ngành giáo dục", "SL-SGDDT", R, D(2025, 2, 24),
      1_450, "implementing", (2025, 2026), "DA06", caps=("SOHOA", "GIAODUC"), ents=("GIAODUC", "DANCU")),
    # ------------------------------------------------------------------------------- Sở Tư pháp
    P("Số hóa sổ hộ tịch và xây dựng Cơ sở dữ liệu hộ tịch điện tử tỉnh Sơn Lâm", "SL-STP", R, D(2020, 2, 24),
      9_800, "settled", (2020, 2021), "CQDT", caps=("SOHOA",), ents=("HOTICH", "DANCU")),
    P("Cập nhật, làm sạch dữ liệu hộ tịch phục vụ kết nối Cơ sở dữ liệu quốc gia về dân cư (Đề án 06)",
      "SL-STP", R, D(2024, 3, 4), 2_400, "in_operation", (2024, 2024), "DA06", caps=("SOHOA",),
      ents=("HOTICH", "DANCU"), coord=("SL-CA",)),
    P("Xây dựng phần mềm cấp Phiếu lý lịch tư pháp trực tuyến kết nối ứng dụng VNeID", "SL-STP", R,
      D(2025, 8, 11), 1_600, "dossier_preparing", (2026, 2026), "DA06", caps=("DVC", "SSO"), ents=("DANCU",),
      coord=("SL-CA",)),
    # --------------------------------------------------------- Sở VHTT&DL, Sở Công Thương
    P("Xây dựng Hệ thống du lịch thông minh tỉnh Sơn Lâm", "SL-SVHTTDL", I, D(2020, 5, 4), 16_500,
      (("path", "in_operation"), ("pause", D(2024, 4, 15), PAUSE_UNUSED)), (2020, 2022), "TPTM",
      src=("NSDP-DT", "KHAC"), caps=("DULICH", "HATANG"), ents=("DULICH",),
      obj="Cung cấp thông tin, dịch vụ du lịch thông minh cho du khách (ứng dụng di động, kiosk, thuyết minh "
          "tự động, wifi công cộng tại điểm du lịch); quản lý dữ liệu du lịch tập trung."),
    P("Số hóa di sản văn hóa và xây dựng Bảo tàng số tỉnh Sơn Lâm", "SL-SVHTTDL", I, D(2024, 3, 18), 7_800,
      "implementing", (2024, 2026), caps=("SOHOA", "DULICH"), ents=("DULICH",)),
    P("Thuê dịch vụ ứng dụng du lịch thông minh trên thiết bị di động", "SL-SVHTTDL", T, D(2025, 9, 22), 1_200,
      "in_appraisal", (2026, 2028), src=("NSDP-TX",), caps=("DULICH",), ents=("DULICH",)),
    P("Xây dựng Sàn giao dịch thương mại điện tử tỉnh Sơn Lâm", "SL-SCT", I, D(2021, 6, 7), 3_200,
      "in_operation", (2021, 2022), "NQ-CDS", caps=("CHUYENNGANH",), ents=("DOANHNGHIEP",)),
    P("Xây dựng Hệ thống quản lý cụm công nghiệp và năng lượng tỉnh Sơn Lâm", "SL-SCT", R, D(2023, 7, 10),
      2_100, "in_operation", (2023, 2024), caps=("CHUYENNGANH", "GIS"), ents=("DOANHNGHIEP",)),
    P("Xây dựng Cơ sở dữ liệu an toàn thực phẩm và truy xuất nguồn gốc hàng hóa tỉnh Sơn Lâm", "SL-SCT", I,
      D(2026, 6, 22), 3_800, "policy_approved", (2027, 2027), caps=("CHUYENNGANH",),
      ents=("DOANHNGHIEP", "NONGNGHIEP")),
    # --------------------------------------------------------------------------- Công an tỉnh
    P("Xây dựng Hệ thống camera giám sát an ninh, trật tự và xử lý vi phạm hành chính tỉnh Sơn Lâm", "SL-CA", I,
      D(2022, 7, 11), 68_000, "in_operation", (2022, 2024), "DA06", src=("NSDP-DT", "NSTW-DT"),
      caps=("CAMERA", "GIAOTHONG", "IOC"), ents=("GIAOTHONG", "DANCU"),
      coord=("SL-SGTVT", "SL-TPSL", "SL-STTTT"), group="B", check=True, overspend=2024,
      dates={"put_in_operation": D(2024, 11, 25)},
      obj="Giám sát an ninh, trật tự, phát hiện và xử lý vi phạm hành chính qua hình ảnh; chia sẻ hình ảnh cho "
          "IOC của tỉnh và các lực lượng chức năng."),
    P("Trang bị thiết bị phục vụ cấp căn cước, định danh và xác thực điện tử (VNeID)", "SL-CA", M,
      D(2022, 3, 7), 5_400, "settled", (2022, 2022), "DA06", src=("NSDP-TX",), caps=("SSO", "CKS"),
      ents=("DANCU",)),
    P("Làm sạch, đồng bộ dữ liệu dân cư phục vụ Đề án 06 trên địa bàn tỉnh", "SL-CA", R, D(2023, 2, 13), 3_100,
      "in_operation", (2023, 2023), "DA06", src=("NSTW-TX",), caps=("KHODL",), ents=("DANCU",)),
    # ----------------------------------------------------- Thanh tra, BQL KKT-KCN, Báo Sơn Lâm
    P("Xây dựng phần mềm quản lý công tác thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo", "SL-TTRA", R,
      D(2021, 3, 15), 1_900, "in_operation", (2021, 2021), "NQ-CDS", caps=("CHUYENNGANH", "PAKN")),
    P("Xây dựng phần mềm và CSDL phục vụ công tác quản lý nhà nước của Ban Quản lý các khu kinh tế và khu "
      "công nghiệp", "SL-BQLKKT", R, D(2022, 10, 24), 3_600, "in_operation", (2023, 2024),
      caps=("CHUYENNGANH", "GIS"), ents=("DOANHNGHIEP", "QUYHOACH"), coord=("SL-STNMT",),
      returned=RETURN_NORMS, check=True,
      dates={"submit_appraisal": D(2023, 1, 30), "return_dossier": D(2023, 3, 9), "resubmit": D(2023, 4, 10),
             "approve": D(2023, 6, 12)}),
    P("Xây dựng Hệ thống quản trị nội dung và phát hành báo điện tử đa phương tiện Báo Sơn Lâm", "SL-BAO", I,
      D(2021, 2, 1), 4_700, "settled", (2021, 2022), "NQ-CDS", caps=("CONG-TTDT",)),
    P("Số hóa kho tư liệu báo in Báo Sơn Lâm giai đoạn 1960–2020", "SL-BAO", R, D(2024, 4, 8), 1_350,
      "in_operation", (2024, 2025), caps=("SOHOA",)),
    # ---------------------------------------------------------------- District level (to 30/6/2025)
    P("Xây dựng hạ tầng kỹ thuật Trung tâm điều hành đô thị thông minh thành phố Sơn Lâm", "SL-TPSL", I,
      D(2021, 3, 1), 24_000, (("path", "in_operation"), ("pause", D(2023, 6, 19), PAUSE_NO_SOFTWARE)),
      (2021, 2022), "TPTM", caps=("IOC", "HATANG", "CAMERA"), coord=("SL-STTTT",)),
    P("Xây dựng Hệ thống tiếp nhận phản ánh, kiến nghị của người dân thành phố Sơn Lâm", "SL-TPSL", R,
      D(2021, 5, 17), 1_450, (("path", "implementing"), ("stop", D(2024, 2, 5), STOP_PAKN)), (2021, 2022),
      "TPTM", caps=("PAKN",), extras=(("extend", D(2022, 11, 14), 2023),)),
    P("Xây dựng Hệ thống camera giám sát giao thông và an ninh trật tự thành phố Sơn Lâm", "SL-TPSL", I,
      D(2020, 6, 8), 19_800, "settled", (2020, 2021), "TPTM", caps=("CAMERA", "GIAOTHONG"),
      ents=("GIAOTHONG",), coord=("SL-CA",)),
    P("Chỉnh lý, số hóa hồ sơ địa chính và xây dựng cơ sở dữ liệu đất đai thị xã Bình Nguyên", "SL-TXBN", I,
      D(2021, 4, 12), 12_500, "settled", (2021, 2023), "NQ-CDS", caps=("SOHOA", "GIS"), ents=("DATDAI",),
      coord=("SL-STNMT",)),
    P("Mua sắm trang thiết bị Bộ phận tiếp nhận và trả kết quả thị xã Bình Nguyên và các xã, phường", "SL-TXBN",
      M, D(2020, 3, 23), 1_800, "in_operation", (2020, 2020), "CCHC", src=("NSDP-TX",),
      caps=("MOTCUA", "HATANG")),
    P("Xây dựng Hệ thống thông tin quản lý đô thị thị xã Bình Nguyên", "SL-TXBN", I, D(2024, 2, 5), 6_200,
      "implementing", (2024, 2025), caps=("GIS", "CHUYENNGANH"), ents=("QUYHOACH",),
      extras=(("extend", D(2025, 5, 19), 2026),)),
    P("Nâng cấp phần mềm quản lý văn bản và điều hành huyện Tân Phong", "SL-HTP", R, D(2019, 6, 10), 780,
      (("path", "in_operation"), ("retire", D(2021, 6, 28), RETIRE_QLVB)), (2019, 2019), "KH-CNTT",
      caps=("QLVB",), ents=("VANBAN",)),
    P("Xây dựng Hệ thống một cửa điện tử huyện Tân Phong", "SL-HTP", I, D(2019, 1, 21), 1_200, "settled",
      (2019, 2019), "KH-CNTT", caps=("MOTCUA",), ents=("HOSO-TTHC",)),
    P("Xây dựng CSDL đất đai huyện Vĩnh Lâm", "SL-HVL", I, D(2022, 4, 18), 9_600,
      (("path", "implementing"), ("stop", D(2025, 6, 23), STOP_REORG)), (2022, 2024), caps=("GIS", "SOHOA"),
      ents=("DATDAI",), coord=("SL-STNMT",), extras=(("extend", D(2024, 10, 14), 2025),)),
    P("Ứng dụng công nghệ thông tin trong xây dựng nông thôn mới huyện Vĩnh Lâm", "SL-HVL", R, D(2023, 3, 27),
      900, "in_operation", (2023, 2023), src=("CTMTQG",), caps=("CHUYENNGANH", "BAOCAO"), ents=("NONGNGHIEP",)),
    P("Số hóa kết quả giải quyết thủ tục hành chính đang còn hiệu lực tại UBND huyện Ngọc Sơn", "SL-HNS", R,
      D(2023, 4, 17), 1_150, "in_operation", (2023, 2024), "DA06", caps=("SOHOA",), ents=("HOSO-TTHC",)),
    P("Nâng cấp hạ tầng mạng nội bộ (LAN) và thiết bị tin học UBND huyện Ngọc Sơn", "SL-HNS", M, D(2019, 7, 8),
      650, "settled", (2019, 2019), "KH-CNTT", src=("NSDP-TX",), caps=("HATANG",)),
    P("Xây dựng Trung tâm điều hành thông minh huyện Ngọc Sơn", "SL-HNS", I, D(2024, 3, 25), 8_500,
      (("path", "in_appraisal"), ("reject", D(2024, 8, 12), REJECT_IOC)), (2024, 2025),
      caps=("IOC", "CAMERA"), policy=False),
    # ---------------------------------------------------------- Commune level (from 01/7/2025)
    P("Mua sắm thiết bị Bộ phận một cửa UBND phường Sơn Lâm sau sắp xếp đơn vị hành chính", "SL-PSL", M,
      D(2025, 7, 21), 850, "in_operation", (2025, 2025), "CCHC", src=("NSDP-TX",), caps=("MOTCUA", "HATANG")),
    P("Số hóa hồ sơ đất đai, hộ tịch do UBND huyện Tân Phong bàn giao cho UBND xã Tân Phong", "SL-XTP", R,
      D(2025, 8, 25), 1_200, "implementing", (2025, 2026), "DA06", caps=("SOHOA",),
      ents=("DATDAI", "HOTICH")),
    P("Trang bị hệ thống hội nghị truyền hình trực tuyến cho UBND xã Vĩnh Lâm", "SL-XVL", M, D(2026, 3, 16),
      420, "procuring", (2026, 2026), src=("NSDP-TX",), caps=("HNTH",)),
    P("Xây dựng Trang thông tin điện tử UBND xã Ngọc Sơn", "SL-XNS", R, D(2025, 9, 8), 250, "in_operation",
      (2025, 2026), caps=("CONG-TTDT",)),
    # ------------------------------------------------------ Bộ Khoa học và Công nghệ (second root)
    P("Nâng cấp Hệ thống quản lý văn bản và điều hành của Bộ Khoa học và Công nghệ", "BKHCN-CDS", R,
      D(2024, 6, 3), 9_800, "in_operation", (2024, 2025), None, src=("NSTW-TX",), caps=("QLVB", "CKS"),
      ents=("VANBAN",), coord=("BKHCN-VP",)),
    P("Xây dựng Cơ sở dữ liệu quốc gia về khoa học và công nghệ giai đoạn 2", "BKHCN-CDS", I, D(2024, 9, 9),
      85_000, "implementing", (2025, 2027), None, src=("NSTW-DT",), caps=("KHODL", "CHUYENNGANH"), group="B"),
    P("Thuê dịch vụ giám sát an toàn thông tin (SOC) cho các hệ thống thông tin của Bộ", "BKHCN-CDS", T,
      D(2026, 2, 16), 6_500, "in_appraisal", (2026, 2028), None, src=("NSTW-TX",), caps=("SOC",)),
]

# Goals per capability, for the objectives of entries that do not spell theirs out.
CAP_GOALS = {
    "QLVB": "xử lý văn bản, hồ sơ công việc trên môi trường mạng có ký số, giảm văn bản giấy",
    "MOTCUA": "tiếp nhận, giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông điện tử",
    "DVC": "cung cấp dịch vụ công trực tuyến toàn trình, tích hợp Cổng Dịch vụ công quốc gia",
    "CONG-TTDT": "công khai thông tin chỉ đạo, điều hành; cung cấp thông tin cho người dân, doanh nghiệp",
    "LGSP": "kết nối, chia sẻ dữ liệu giữa các hệ thống thông tin của tỉnh và với Nền tảng NDXP",
    "IOC": "giám sát, điều hành tập trung các lĩnh vực kinh tế - xã hội trên nền dữ liệu số",
    "SOC": "giám sát an toàn thông tin 24/7 cho các hệ thống thông tin của cơ quan nhà nước",
    "TTDL": "bảo đảm hạ tầng máy chủ, lưu trữ, điện toán đám mây dùng chung",
    "GIS": "xây dựng, chia sẻ bản đồ số và dữ liệu không gian dùng chung",
    "CAMERA": "giám sát an ninh trật tự, an toàn giao thông bằng camera",
    "PAKN": "tiếp nhận, xử lý, phản hồi phản ánh, kiến nghị của người dân, doanh nghiệp",
    "BAOCAO": "tổng hợp, báo cáo số liệu phục vụ chỉ đạo, điều hành theo thời gian thực",
    "HNTH": "tổ chức họp, hội nghị trực tuyến thông suốt đến cơ sở",
    "CKS": "ký số văn bản, hồ sơ điện tử bảo đảm giá trị pháp lý",
    "SSO": "định danh, xác thực điện tử, đăng nhập một lần qua VNeID",
    "KHODL": "hình thành kho dữ liệu dùng chung, dữ liệu mở phục vụ khai thác",
    "SOHOA": "số hóa hồ sơ, tài liệu giấy thành dữ liệu điện tử có giá trị sử dụng",
    "HATANG": "nâng cấp hạ tầng mạng, thiết bị bảo đảm vận hành ổn định",
    "CHUYENNGANH": "tin học hóa nghiệp vụ quản lý nhà nước chuyên ngành",
    "YTE": "quản lý khám, chữa bệnh và hồ sơ sức khỏe điện tử của người dân",
    "GIAODUC": "quản lý giáo dục, dạy và học trên môi trường số",
    "DULICH": "quảng bá, cung cấp thông tin và dịch vụ du lịch thông minh",
    "GIAOTHONG": "quản lý, điều hành giao thông thông minh",
}

KIND_SCOPE = {
    I: "Đầu tư phần mềm, cơ sở dữ liệu và thiết bị kèm theo",
    R: "Thực hiện theo đề cương và dự toán chi tiết được phê duyệt",
    T: "Thuê dịch vụ công nghệ thông tin theo kế hoạch thuê được phê duyệt",
    M: "Mua sắm, lắp đặt, chuyển giao thiết bị",
}
