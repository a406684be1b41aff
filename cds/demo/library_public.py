"""The library of good practices of tỉnh Sơn Lâm and its first publication, built through
:mod:`cds.library.services` and :mod:`cds.public.services` by the people who would take each step.

* **Eight published entries** (six "mô hình, cách làm hay", two "thiết kế điển hình"): the LGSP
  as the province's one integration hub, the TTHC system reusing population data (Đề án 06),
  digitised land records and the land database, the IOC with the lessons of its review (the
  centre was built before the software that was to use it: equipment idle, half the modules not
  connected, too few IT staff — the findings of Quảng Ninh's review of its e-government and
  smart-city schemes), the shared e-office system, digital signatures for every official, the
  provincial data centre on a hybrid cloud (design) and the modern one-stop counter (design).
  Each is drafted by a chuyên viên of the unit that carried it out, submitted by the unit's
  lãnh đạo and published by the CĐS appraiser "thamdinh" (maker ≠ checker), linked to the demo
  projects and systems that prove it, tagged with the catalogue's capabilities, data entities
  and programmes, and carries its measured results — taken from the project's latest finished
  effectiveness review where the review measured that indicator (indicator and review linked),
  else as the unit measured it. The two designs carry their documents (the typical design, a
  specification or a reference cost), as PDF files.
* **One entry waiting for the check** (Sở GD&ĐT's digital school records, submitted) and **one
  draft** (the paperless meeting room, nominated by "thamdinh" from its 2023 review rated
  "Hiệu quả", for Văn phòng UBND tỉnh to complete).
* **Publication**: the masking policy at the dictionary's defaults recorded by "thamdinh"; the
  police camera project withheld by the Chủ tịch ("lanhdao") for security reasons; snapshot no. 1
  prepared by "thamdinh" and approved by the Phó Chủ tịch ("phochutich") — so the public page
  and the open-data feeds have data from the first ``make run``.

The measured results and the documents go through the library's content services, as the unit's
chuyên viên enters them.

Runs last (the snapshot reads everything the other modules built). Each step runs with Django's
clock set to its day (:class:`.clock.ServiceClock`); steps after the builder's cutoff are left
out. Idempotent: nothing is built when the province already has library entries.
Randomness (minutes): ``random.Random(2111)``.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from cds.audit.models import AuditEvent
from cds.catalog.models import Capability, DataEntity, Programme
from cds.library import services as library
from cds.library import services_content as content
from cds.library.models import DocKind, Kind, Origin, Practice, PracticeDocument
from cds.notifications.models import Notification
from cds.projects.models import Project
from cds.public import dictionary
from cds.public import services as publication
from cds.public.models import Dataset, FieldPolicy, Snapshot, Withholding
from cds.reviews.models import IndicatorValue, Rating, Review, ReviewStatus
from cds.systems.models import InformationSystem

from .appraisal import pdf, upload
from .clock import ServiceClock
from .units import ROOT_CODE

SEED = 2111
D = dt.date
DAY_START = dt.time(8, 0)
RECEIVER_UID = "cds-demo-library-public"
STAMPED = {Practice: ("created_at", "updated_at"), PracticeDocument: "created_at", Snapshot: "prepared_at", Withholding: "withheld_at",
           FieldPolicy: "updated_at", AuditEvent: "created_at", Notification: "created_at"}
FINISHED = (ReviewStatus.ACCEPTED, ReviewStatus.DECIDED)
M, DS = Kind.MODEL, Kind.DESIGN

# Demo project names (looked up in the province's tree; a project the clock left out is skipped).
P_LGSP = "Xây dựng Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Sơn Lâm (LGSP)"
P_LGSP2 = "Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) tỉnh Sơn Lâm kết nối Nền tảng NDXP"
P_DVC06 = ("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh kết nối Cơ sở dữ liệu quốc gia về dân "
           "cư (Đề án 06)")
P_TTHCC_SCAN = "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công tỉnh"
P_TTHCC_KIT = ("Mua sắm thiết bị Bộ phận tiếp nhận và trả kết quả hiện đại tại Trung tâm Phục vụ hành chính công "
               "tỉnh")
P_LAND = "Xây dựng cơ sở dữ liệu đất đai tỉnh Sơn Lâm"
P_LANDSCAN = "Số hóa hồ sơ địa chính phục vụ cấp giấy chứng nhận quyền sử dụng đất tỉnh Sơn Lâm"
P_LAND2 = "Cập nhật, chỉnh lý và hoàn thiện CSDL đất đai tỉnh Sơn Lâm kết nối CSDL quốc gia về đất đai"
P_IOC = "Xây dựng Trung tâm giám sát, điều hành thông minh (IOC) tỉnh Sơn Lâm"
P_IOC2 = "Nâng cấp Trung tâm giám sát, điều hành thông minh (IOC) tỉnh Sơn Lâm giai đoạn 2"
P_QLVB = "Xây dựng Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm"
P_QLVB2 = "Nâng cấp Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm kết nối Trục liên thông văn bản quốc gia"
P_CKS = "Mua sắm chứng thư số, thiết bị ký số cho cán bộ, công chức các cơ quan nhà nước tỉnh"
P_TTDL = "Xây dựng Trung tâm dữ liệu tỉnh Sơn Lâm (nền tảng điện toán đám mây)"
P_CLOUD = "Thuê dịch vụ điện toán đám mây cho các hệ thống thông tin dùng chung của tỉnh giai đoạn 2026–2028"
P_EDU = "Xây dựng Hệ thống quản lý giáo dục thông minh tỉnh Sơn Lâm (học bạ số, sổ điểm điện tử)"
P_ECABINET = "Triển khai Hệ thống phòng họp không giấy (eCabinet) của UBND tỉnh"
P_CAMERA = "Xây dựng Hệ thống camera giám sát an ninh, trật tự và xử lý vi phạm hành chính tỉnh Sơn Lâm"

# A result: (indicator, unit, before, after, measured on, source note, review indicator code or None).
# With a code, the figure "after" is read from the linked project's latest finished review when
# that review measured it (and "before" from the review's baseline when it gave one).
ENTRIES = [
    dict(
        key="lgsp", kind=M, unit="SL-SKHCN", maker="cv_khcn", sender="ld_khcn",
        days=(D(2026, 9, 14), D(2026, 9, 17), D(2026, 10, 1)),
        title="Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) làm trục kết nối duy nhất của tỉnh",
        problem=(
            "Trước năm 2020, các hệ thống thông tin của tỉnh kết nối trực tiếp với nhau theo từng cặp (một cửa điện tử "
            "với quản lý văn bản, phần mềm chuyên ngành với cổng dịch vụ công); mỗi kết nối mới phải đặt hàng riêng "
            "với nhà cung cấp, dữ liệu dân cư, doanh nghiệp bị nhập lại nhiều lần ở nhiều hệ thống, không kết nối được "
            "với các cơ sở dữ liệu quốc gia."),
        solution=(
            "Xây dựng Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) đặt tại Trung tâm dữ liệu tỉnh, do Trung tâm "
            "CNTT&TT vận hành; ban hành quy chế: mọi hệ thống mới của tỉnh chỉ kết nối qua LGSP, không kết nối điểm - "
            "điểm; công bố danh mục dịch vụ dữ liệu (API) dùng chung; kết nối LGSP với Nền tảng tích hợp, chia sẻ dữ "
            "liệu quốc gia (NDXP) để khai thác CSDL quốc gia về dân cư, đăng ký doanh nghiệp, đất đai. Năm 2025 nâng "
            "cấp kết nối NDXP phiên bản mới và bổ sung dịch vụ dữ liệu phục vụ Kho dữ liệu dùng chung."),
        results_summary=(
            "46 hệ thống thông tin của tỉnh kết nối qua LGSP; trên 60 dịch vụ dữ liệu được công bố; hồ sơ thủ tục "
            "hành chính khai thác dữ liệu dân cư qua LGSP, không yêu cầu người dân nộp lại giấy tờ đã có trong CSDL "
            "quốc gia. Báo cáo đánh giá hiệu quả năm 2023 xếp loại \"Hiệu quả\"."),
        lessons=(
            "Quy chế \"chỉ kết nối qua LGSP\" phải ban hành cùng lúc với nền tảng, nếu không các đơn vị tiếp tục đặt "
            "hàng kết nối riêng. Hợp đồng phần mềm chuyên ngành cần ghi rõ nghĩa vụ cung cấp API theo danh mục của "
            "tỉnh. Cần bố trí kinh phí vận hành hằng năm và cán bộ quản trị nền tảng chuyên trách."),
        reuse_conditions=(
            "Áp dụng cho các tỉnh, bộ, ngành chưa có nền tảng tích hợp cấp bộ/tỉnh hoặc đang kết nối điểm - điểm. Điều "
            "kiện: có Trung tâm dữ liệu hoặc hạ tầng đám mây đạt cấp độ 3; có quy chế kết nối; tuân thủ Khung kiến "
            "trúc Chính phủ số của tỉnh và hướng dẫn kỹ thuật kết nối NDXP."),
        keywords="LGSP, NDXP, tích hợp dữ liệu, API, chia sẻ dữ liệu",
        projects=(P_LGSP, P_LGSP2), systems=("SL-LGSP",), capabilities=("LGSP", "KHODL"),
        data_entities=("HOSO-TTHC", "DANCU", "DOANHNGHIEP"), programmes=("CQDT", "KH-CDS"),
        results=[
            ("Số hệ thống thông tin kết nối qua LGSP", "hệ thống", 0, 46, D(2026, 6, 30),
             "Thống kê của Trung tâm CNTT&TT", None),
            ("Số dịch vụ dữ liệu (API) đã công bố, chia sẻ", "API", 0, 63, D(2026, 6, 30),
             "Danh mục dịch vụ dữ liệu trên LGSP", None),
            ("Thời gian hệ thống hoạt động so với cam kết (uptime)", "%", None, Decimal("99.5"), D(2023, 12, 31),
             "Báo cáo đánh giá hiệu quả năm 2023", "REL_UPTIME"),
            ("Số cơ sở dữ liệu quốc gia đã kết nối", "CSDL", 0, 4, D(2026, 6, 30),
             "Dân cư, đăng ký doanh nghiệp, đất đai, hộ tịch", None),
        ]),
    dict(
        key="tthc", kind=M, unit="SL-VP", maker="cv_vp", sender="ld_vp",
        days=(D(2026, 9, 15), D(2026, 9, 18), D(2026, 10, 2)),
        title="Giải quyết thủ tục hành chính trên Hệ thống thông tin giải quyết TTHC một cửa điện tử liên thông, "
              "tái sử dụng dữ liệu dân cư (Đề án 06)",
        problem=(
            "Người dân phải nộp bản sao giấy tờ đã có trong cơ sở dữ liệu của Nhà nước (căn cước, xác nhận cư trú, "
            "kết quả thủ tục đã giải quyết); hồ sơ giấy luân chuyển giữa bộ phận một cửa và cơ quan chuyên môn; tỷ "
            "lệ hồ sơ nộp trực tuyến thấp."),
        solution=(
            "Dùng một Hệ thống thông tin giải quyết TTHC (Cổng dịch vụ công và một cửa điện tử) cho cả ba cấp; kết nối "
            "CSDL quốc gia về dân cư qua LGSP, xác thực người dân bằng tài khoản VNeID; số hóa hồ sơ, kết quả giải "
            "quyết tại Trung tâm Phục vụ hành chính công và lưu vào kho dữ liệu của công dân để tái sử dụng; chuẩn "
            "hóa quy trình nội bộ điện tử cho từng thủ tục."),
        results_summary=(
            "Tỷ lệ hồ sơ nộp trực tuyến, số thủ tục cung cấp trực tuyến toàn trình và tỷ lệ hồ sơ được số hóa tăng "
            "rõ so với trước khi triển khai (số liệu lấy từ báo cáo đánh giá hiệu quả); người dân không phải xuất "
            "trình 7 loại giấy tờ đã có trong CSDL dân cư."),
        lessons=(
            "Số hóa phải làm ngay khi tiếp nhận hồ sơ, không dồn số hóa kết quả cũ về sau. Cần rà soát, chuẩn hóa dữ "
            "liệu dân cư trước khi kết nối; phân công rõ cán bộ một cửa hỗ trợ người dân nộp trực tuyến trong giai "
            "đoạn đầu."),
        reuse_conditions=(
            "Áp dụng cho các tỉnh dùng một hệ thống giải quyết TTHC ba cấp; điều kiện: đã kết nối LGSP/NDXP với CSDL "
            "quốc gia về dân cư; quy trình nội bộ của từng thủ tục đã được công bố."),
        keywords="một cửa điện tử, dịch vụ công trực tuyến, Đề án 06, VNeID, số hóa hồ sơ",
        projects=(P_DVC06, P_TTHCC_SCAN), systems=("SL-DVC",), capabilities=("MOTCUA", "DVC", "SSO", "SOHOA"),
        data_entities=("HOSO-TTHC", "DANCU"), programmes=("DA06", "CCHC"),
        results=[
            ("Tỷ lệ hồ sơ tiếp nhận, xử lý trực tuyến", "%", Decimal("18.5"), Decimal("62.4"), D(2025, 12, 31),
             "Hệ thống thông tin giải quyết TTHC của tỉnh", "ONL_DOSSIERS"),
            ("Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", Decimal("21"), Decimal("74"), D(2025, 12, 31),
             "Hệ thống thông tin giải quyết TTHC của tỉnh", "ONL_FULL"),
            ("Tỷ lệ hồ sơ, kết quả giải quyết TTHC được số hóa", "%", Decimal("12"), Decimal("91"), D(2025, 12, 31),
             "Biên bản nghiệm thu khối lượng số hóa", "DIG_RECORDS"),
            ("Số giấy tờ người dân không phải nộp lại nhờ khai thác CSDL dân cư", "loại giấy tờ", 0, 7,
             D(2025, 12, 31), "Báo cáo của Trung tâm Phục vụ hành chính công tỉnh", None),
        ]),
    dict(
        key="land", kind=M, unit="SL-SNNMT", maker="cv_nnmt", sender="ld_nnmt",
        days=(D(2026, 9, 21), D(2026, 9, 24), D(2026, 10, 6)),
        title="Số hóa hồ sơ địa chính gắn với xây dựng, vận hành Cơ sở dữ liệu đất đai thống nhất toàn tỉnh",
        problem=(
            "Hồ sơ địa chính lưu giấy ở nhiều cấp, không thống nhất giữa bản đồ và sổ sách; cấp giấy chứng nhận, đăng "
            "ký biến động kéo dài vì phải tra cứu thủ công; dữ liệu đất đai không kết nối với dữ liệu dân cư và CSDL "
            "quốc gia về đất đai."),
        solution=(
            "Chỉnh lý, số hóa toàn bộ hồ sơ địa chính theo từng huyện, nghiệm thu theo định mức của Bộ Tài nguyên và "
            "Môi trường; xây dựng CSDL địa chính, quy hoạch, giá đất vận hành tập trung tại Văn phòng đăng ký đất "
            "đai; đối chiếu chủ sử dụng đất với CSDL dân cư; đồng bộ với CSDL quốc gia về đất đai; tiếp tục cập nhật "
            "biến động hằng ngày trên hệ thống."),
        results_summary=(
            "Phần lớn hồ sơ địa chính của các huyện, thị xã, thành phố cũ đã được số hóa và đưa vào CSDL; thời gian "
            "tra cứu hồ sơ giảm từ nhiều ngày xuống vài phút; thủ tục đăng ký biến động được giải quyết trên hệ "
            "thống. Việc số hóa phần còn lại tiếp tục trong dự án cập nhật, kết nối CSDL quốc gia về đất đai."),
        lessons=(
            "Khối lượng chỉnh lý, đo đạc bổ sung thường lớn hơn dự kiến: cần khảo sát hiện trạng hồ sơ trước khi lập "
            "dự toán và lập dự toán theo định mức chuyên ngành. Dữ liệu chỉ có giá trị khi được cập nhật biến động "
            "thường xuyên; cần giao trách nhiệm cập nhật cho từng cấp ngay khi nghiệm thu. Khi sắp xếp đơn vị hành "
            "chính, bàn giao dữ liệu cho đơn vị tiếp nhận, không duy trì CSDL đất đai riêng cấp huyện."),
        reuse_conditions=(
            "Áp dụng cho các địa phương chưa hoàn thành CSDL đất đai; điều kiện: có bản đồ địa chính chính quy, kinh "
            "phí đo đạc bổ sung được bố trí đủ, phần mềm đáp ứng chuẩn dữ liệu của Bộ Nông nghiệp và Môi trường."),
        keywords="đất đai, địa chính, số hóa, CSDL đất đai, giấy chứng nhận",
        projects=(P_LAND, P_LANDSCAN, P_LAND2), systems=("SL-DATDAI",),
        capabilities=("SOHOA", "GIS", "CHUYENNGANH"), data_entities=("DATDAI", "DANCU"),
        programmes=("NQ-CDS", "DA06"),
        results=[
            ("Tỷ lệ hồ sơ địa chính đã được số hóa", "%", Decimal("8"), Decimal("86"), D(2025, 12, 31),
             "Biên bản nghiệm thu khối lượng số hóa", "DIG_RECORDS"),
            ("Thời gian tra cứu một hồ sơ địa chính", "phút", 2880, 5, D(2025, 12, 31),
             "Văn phòng đăng ký đất đai", None),
            ("Số thửa đất có dữ liệu trong CSDL đất đai", "thửa", 0, 1_284_000, D(2026, 6, 30),
             "Thống kê CSDL đất đai", None),
        ]),
    dict(
        key="ioc", kind=M, unit="SL-SKHCN", maker="cv_khcn", sender="ld_khcn",
        days=(D(2026, 9, 22), D(2026, 9, 25), D(2026, 10, 8)),
        title="Trung tâm giám sát, điều hành thông minh (IOC): đầu tư theo giai đoạn, dữ liệu và phần mềm trước "
              "thiết bị — bài học từ rà soát hiệu quả",
        problem=(
            "Lãnh đạo tỉnh cần theo dõi tập trung, theo thời gian thực tình hình giao thông, an ninh trật tự, dịch vụ "
            "công, phản ánh hiện trường để chỉ đạo kịp thời. Giai đoạn 1 (2020–2022) đầu tư đồng bộ phòng điều hành, "
            "màn hình ghép, camera, máy chủ nhưng chưa có các phân hệ phần mềm phân tích, điều hành: hạ tầng đã hoàn "
            "thành mà chưa có phần mềm để khai thác, nhiều thiết bị chưa đưa vào sử dụng."),
        solution=(
            "Sau rà soát, đánh giá hiệu quả năm 2023: (1) kết nối trước dữ liệu đã có qua LGSP (dịch vụ công, phản "
            "ánh kiến nghị, hình ảnh camera an ninh của Công an tỉnh), không đầu tư thêm thiết bị; (2) giai đoạn 2 chỉ "
            "đầu tư phần mềm phân tích hình ảnh, điều hành giao thông, cảnh báo, lồng ghép hạ tầng IOC của thành "
            "phố vào IOC tỉnh thay vì đầu tư phần mềm riêng; (3) giao chủ đầu tư lập danh mục dữ liệu các sở, ngành "
            "phải kết nối, gắn trách nhiệm người đứng đầu; (4) bố trí cán bộ trực điều hành và đào tạo vận hành."),
        results_summary=(
            "Số phân hệ chuyên đề có dữ liệu tăng từ 0 lên 4/8; các nguồn dữ liệu kết nối qua LGSP thay cho kết nối "
            "riêng. Hiệu quả mới đạt một phần (báo cáo đánh giá năm 2023 xếp loại \"Hiệu quả một phần\"): còn khoảng "
            "một nửa thiết bị chưa khai thác, chờ phần mềm của giai đoạn 2."),
        lessons=(
            "Rà soát các đề án chính quyền điện tử, thành phố thông minh cho thấy: một số thiết bị đầu tư chưa phù "
            "hợp, hoạt động chưa ổn định; người dùng chưa khai thác hết chức năng; hạ tầng hoàn thành nhưng chưa có "
            "phần mềm để khai thác, làm giảm hiệu quả đầu tư; các hạng mục đòi hỏi công nghệ mới, phân tích dữ liệu "
            "lớn từ nhiều nguồn nhưng chưa có tiêu chuẩn; nhân lực CNTT của chủ đầu tư và đơn vị phối hợp thiếu về "
            "số lượng, hạn chế về chất lượng. Vì vậy: đầu tư theo giai đoạn, giai đoạn sau chỉ khi giai đoạn trước "
            "được khai thác; xác định trước nguồn dữ liệu và phần mềm rồi mới mua thiết bị; song song với vận hành "
            "phải đánh giá, rà soát chi tiết từng tiêu chí, gắn trách nhiệm người đứng đầu; tận dụng nền tảng quốc "
            "gia và hệ thống dùng chung sẵn có."),
        reuse_conditions=(
            "Áp dụng cho các tỉnh đang chuẩn bị hoặc đang triển khai IOC. Điều kiện: LGSP và Kho dữ liệu dùng chung "
            "đã vận hành; có danh mục dữ liệu các sở, ngành cam kết kết nối; có cán bộ trực điều hành; không đầu tư "
            "IOC riêng cấp huyện/xã mà kết nối về IOC tỉnh."),
        keywords="IOC, đô thị thông minh, điều hành thông minh, camera, bài học kinh nghiệm",
        projects=(P_IOC, P_IOC2), systems=("SL-IOC",), capabilities=("IOC", "CAMERA", "BAOCAO", "GIAOTHONG"),
        data_entities=("GIAOTHONG",), programmes=("TPTM",),
        results=[
            ("Số phân hệ chuyên đề có dữ liệu kết nối", "phân hệ", 0, 4, D(2024, 6, 30),
             "Báo cáo của Trung tâm CNTT&TT; mục tiêu 8 phân hệ", None),
            ("Tỷ lệ người dùng thường xuyên so với số người dùng dự kiến", "%", 0, Decimal("62"), D(2023, 12, 31),
             "Báo cáo đánh giá hiệu quả năm 2023", "USE_ACTIVE"),
            ("Tỷ lệ thiết bị đang khai thác", "%", Decimal("31"), Decimal("50"), D(2026, 9, 30),
             "Rà soát thiết bị của hệ thống (110/220 thiết bị đang khai thác)", None),
        ]),
    dict(
        key="qlvb", kind=M, unit="SL-SKHCN", maker="cv_khcn", sender="ld_khcn",
        days=(D(2026, 9, 28), D(2026, 10, 1), D(2026, 10, 13)),
        title="Một hệ thống quản lý văn bản và điều hành dùng chung cho cả ba cấp, liên thông văn bản có ký số",
        problem=(
            "Mỗi sở, huyện dùng một phần mềm quản lý văn bản riêng, không liên thông; văn bản giấy vẫn gửi song song; "
            "nhiều đơn vị tiếp tục đề xuất đầu tư phần mềm quản lý văn bản riêng, trùng lặp."),
        solution=(
            "Triển khai tập trung một Hệ thống quản lý văn bản và điều hành tại Trung tâm dữ liệu tỉnh cho 100% cơ "
            "quan hành chính ba cấp; tích hợp chữ ký số chuyên dùng; kết nối Trục liên thông văn bản quốc gia; ngừng "
            "các phần mềm riêng của đơn vị sau khi chuyển đổi dữ liệu; không phê duyệt đề xuất đầu tư phần mềm quản "
            "lý văn bản riêng."),
        results_summary=(
            "Văn bản điện tử có ký số được gửi, nhận trên hệ thống thay văn bản giấy; các phần mềm riêng cấp huyện và "
            "của Sở Y tế được dừng, chuyển về hệ thống dùng chung. Báo cáo đánh giá năm 2023 xếp loại \"Hiệu quả\"."),
        lessons=(
            "Dùng chung chỉ thành công khi đồng thời dừng các hệ thống riêng và chuyển đổi dữ liệu văn bản của chúng; "
            "cần quy định thời điểm không nhận văn bản giấy song song."),
        reuse_conditions=(
            "Áp dụng cho các tỉnh, bộ còn nhiều phần mềm quản lý văn bản riêng; điều kiện: hạ tầng tập trung, chữ ký "
            "số chuyên dùng đã cấp cho người ký, kết nối Trục liên thông văn bản quốc gia."),
        keywords="quản lý văn bản, văn phòng điện tử, liên thông văn bản, ký số",
        projects=(P_QLVB, P_QLVB2), systems=("SL-QLVB",), capabilities=("QLVB", "CKS"),
        data_entities=("VANBAN",), programmes=("CQDT",),
        results=[
            ("Tỷ lệ nghiệp vụ được xử lý trên hệ thống", "%", Decimal("35"), Decimal("94"), D(2023, 12, 31),
             "Báo cáo đánh giá hiệu quả năm 2023", "USE_BUSINESS"),
            ("Tỷ lệ văn bản đi được ký số, gửi điện tử", "%", Decimal("20"), Decimal("98"), D(2026, 6, 30),
             "Thống kê của hệ thống", None),
            ("Số phần mềm quản lý văn bản riêng còn sử dụng", "phần mềm", 9, 0, D(2026, 6, 30),
             "Rà soát danh mục hệ thống thông tin năm 2026", None),
        ]),
    dict(
        key="cks", kind=M, unit="SL-SKHCN", maker="cv_khcn", sender="ld_khcn",
        days=(D(2026, 9, 29), D(2026, 10, 2), D(2026, 10, 14)),
        title="Cấp chữ ký số chuyên dùng cho lãnh đạo và cán bộ xử lý văn bản, ký số ngay trên hệ thống dùng chung",
        problem=(
            "Văn bản điện tử không có giá trị pháp lý như văn bản giấy khi chưa ký số; cán bộ phải in, ký tay, quét "
            "lại; chứng thư số cấp rời rạc, không gắn với hệ thống xử lý văn bản và hồ sơ TTHC."),
        solution=(
            "Rà soát nhu cầu, đề nghị Ban Cơ yếu Chính phủ cấp chứng thư số chuyên dùng cho lãnh đạo và văn thư các "
            "cơ quan; mua sắm thiết bị ký số; tích hợp ký số vào Hệ thống quản lý văn bản và điều hành và một cửa "
            "điện tử; hướng dẫn, hỗ trợ tại chỗ; từ năm 2027 chuyển sang chữ ký số từ xa cho cán bộ cấp xã."),
        results_summary=(
            "Lãnh đạo và văn thư các cơ quan hành chính được cấp chứng thư số; văn bản đi được ký số trên hệ thống "
            "dùng chung, không in ký tay."),
        lessons=(
            "Cấp chứng thư số chưa đủ: phải tích hợp ký số vào các hệ thống đang dùng và theo dõi tỷ lệ văn bản ký "
            "số; chữ ký số từ xa giảm chi phí thiết bị và thuận tiện cho cấp xã."),
        reuse_conditions=(
            "Áp dụng cho mọi cơ quan hành chính; điều kiện: hệ thống quản lý văn bản đã hỗ trợ ký số theo quy định "
            "về văn bản điện tử và chữ ký số chuyên dùng."),
        keywords="chữ ký số, chứng thư số, ký số từ xa, văn bản điện tử",
        projects=(P_CKS,), systems=("SL-QLVB",), capabilities=("CKS",), data_entities=("VANBAN",),
        programmes=("CQDT",),
        results=[
            ("Số chứng thư số chuyên dùng đã cấp", "chứng thư", 180, 1_460, D(2025, 12, 31),
             "Sở KH&CN, theo số liệu Ban Cơ yếu Chính phủ", None),
            ("Tỷ lệ văn bản đi được ký số", "%", Decimal("15"), Decimal("97"), D(2025, 12, 31),
             "Thống kê Hệ thống quản lý văn bản và điều hành", None),
        ]),
    dict(
        key="ttdl", kind=DS, unit="SL-SKHCN", maker="cv_khcn", sender="ld_khcn",
        days=(D(2026, 10, 5), D(2026, 10, 8), D(2026, 10, 20)),
        title="Thiết kế điển hình Trung tâm dữ liệu tỉnh theo mô hình điện toán đám mây lai (đầu tư phần lõi, thuê "
              "dịch vụ phần mở rộng)",
        problem=(
            "Mỗi cơ quan tự đặt máy chủ, thiết bị lưu trữ với mức an toàn khác nhau; thiết bị mua theo dự án nhiều "
            "khi vượt nhu cầu, không khai thác hết công suất; chưa bảo đảm an toàn hệ thống thông tin cấp độ 3 cho "
            "các hệ thống dùng chung."),
        solution=(
            "Thiết kế: phòng máy chủ đạt chuẩn TIA-942 Rated 2; hạ tầng ảo hóa, lưu trữ, sao lưu dự phòng dùng chung; "
            "giám sát an toàn thông tin tập trung (SOC); phần lõi (dữ liệu nhạy cảm, hệ thống lõi) đầu tư và đặt tại "
            "Trung tâm, phần mở rộng theo nhu cầu thuê dịch vụ điện toán đám mây; di chuyển các hệ thống dùng chung "
            "về Trung tâm theo lộ trình."),
        results_summary=(
            "Các hệ thống dùng chung được di chuyển về Trung tâm, đạt cấp độ 4 an toàn hệ thống thông tin; quy mô "
            "mua sắm máy chủ giảm từ 42 xuống 26 máy nhờ chuyển một phần sang thuê dịch vụ."),
        lessons=(
            "Không mua thiết bị cho nhu cầu dự báo nhiều năm: đầu tư phần lõi, phần tăng thêm thuê theo nhu cầu thực "
            "tế (kết quả rà soát năm 2023 chỉ ra thiết bị chưa khai thác hết công suất). Lập kế hoạch di chuyển hệ "
            "thống trước khi nghiệm thu hạ tầng."),
        reuse_conditions=(
            "Áp dụng cho các tỉnh chưa có trung tâm dữ liệu tập trung; điều kiện: có đơn vị sự nghiệp CNTT đủ năng "
            "lực vận hành, dịch vụ đám mây đạt tiêu chí kỹ thuật theo hướng dẫn của Bộ KH&CN."),
        keywords="trung tâm dữ liệu, điện toán đám mây, hạ tầng dùng chung, thiết kế điển hình",
        projects=(P_TTDL, P_CLOUD), systems=("SL-TTDL",), capabilities=("TTDL", "HATANG", "SOC"),
        data_entities=(), programmes=("NQ-CDS",),
        documents=[
            (DocKind.DESIGN, "Thiết kế điển hình Trung tâm dữ liệu tỉnh (mô hình đám mây lai)", "thiet-ke-ttdl.pdf",
             ["Phan loi dau tu: phong may chu TIA-942 Rated 2, ao hoa, luu tru, sao luu, SOC.",
              "Phan mo rong: thue dich vu dien toan dam may theo nhu cau.",
              "Lo trinh di chuyen cac he thong dung chung ve Trung tam."]),
            (DocKind.COST, "Dự toán tham khảo phần lõi Trung tâm dữ liệu tỉnh", "du-toan-ttdl.pdf",
             ["Du toan tham khao theo gia tri da quyet toan cac hang muc, nam 2025."]),
        ],
        results=[
            ("Số hệ thống thông tin đặt tại Trung tâm dữ liệu tỉnh", "hệ thống", 11, 38, D(2026, 6, 30),
             "Trung tâm CNTT&TT", None),
            ("Số máy chủ vật lý phải mua sắm", "máy chủ", 42, 26, D(2024, 3, 20),
             "Quyết định điều chỉnh quy mô dự án", None),
            ("Thời gian hệ thống hoạt động so với cam kết (uptime)", "%", Decimal("97.2"), Decimal("99.5"),
             D(2025, 12, 31), "Báo cáo vận hành của Trung tâm CNTT&TT", None),
        ]),
    dict(
        key="motcua", kind=DS, unit="SL-TTHCC", maker="cv_vp", sender="ld_vp",
        days=(D(2026, 10, 6), D(2026, 10, 9), D(2026, 10, 21)),
        title="Thiết kế điển hình Bộ phận tiếp nhận và trả kết quả hiện đại (áp dụng cho cấp xã sau sắp xếp)",
        problem=(
            "Sau sắp xếp đơn vị hành chính từ 01/7/2025, nhiều UBND xã, phường mới phải bố trí lại bộ phận một cửa; "
            "mỗi nơi tự chọn thiết bị, cấu hình khác nhau, có nơi mua thiết bị không kết nối được với hệ thống giải "
            "quyết TTHC của tỉnh."),
        solution=(
            "Bộ thiết kế theo quy mô (nhỏ, vừa, lớn): quầy tiếp nhận có máy tính, máy quét hai mặt, đầu đọc căn cước "
            "gắn chip, thiết bị ký số; hệ thống xếp hàng tự động và đánh giá mức độ hài lòng kết nối Hệ thống thông "
            "tin giải quyết TTHC; khu hướng dẫn nộp trực tuyến có máy tính cho người dân; yêu cầu kỹ thuật và dự "
            "toán tham khảo của từng hạng mục."),
        results_summary=(
            "Áp dụng tại Trung tâm Phục vụ hành chính công tỉnh: thời gian chờ giảm, tỷ lệ hồ sơ được số hóa ngay khi "
            "tiếp nhận tăng; dùng làm mẫu cho các xã, phường lập dự toán mua sắm."),
        lessons=(
            "Thiết bị chỉ hiệu quả khi kết nối được với hệ thống giải quyết TTHC dùng chung: yêu cầu kỹ thuật phải "
            "nêu rõ chuẩn kết nối; ưu tiên máy quét và đầu đọc căn cước hơn màn hình, kiosk."),
        reuse_conditions=(
            "Áp dụng cho UBND cấp xã, Trung tâm phục vụ hành chính công; điều kiện: dùng Hệ thống thông tin giải "
            "quyết TTHC của tỉnh, có đường truyền số liệu chuyên dùng."),
        keywords="một cửa, bộ phận tiếp nhận và trả kết quả, thiết kế điển hình, cấp xã",
        projects=(P_TTHCC_KIT,), systems=("SL-DVC",), capabilities=("MOTCUA", "HATANG"),
        data_entities=("HOSO-TTHC",), programmes=("CCHC",),
        documents=[
            (DocKind.DESIGN, "Thiết kế điển hình Bộ phận tiếp nhận và trả kết quả hiện đại cấp xã",
             "thiet-ke-bo-phan-mot-cua.pdf",
             ["Quy mo nho, vua, lon: so quay, thiet bi moi quay, khu huong dan nop truc tuyen.",
              "Chuan ket noi voi He thong thong tin giai quyet TTHC cua tinh."]),
            (DocKind.SPEC, "Yêu cầu kỹ thuật thiết bị quầy tiếp nhận", "yeu-cau-ky-thuat-quay.pdf",
             ["May quet hai mat, dau doc can cuoc gan chip, thiet bi ky so, may tinh."]),
        ],
        results=[
            ("Thời gian chờ trung bình của người dân", "phút", 35, 12, D(2025, 12, 31),
             "Hệ thống xếp hàng tự động", None),
            ("Tỷ lệ hồ sơ được số hóa ngay khi tiếp nhận", "%", Decimal("40"), Decimal("96"), D(2025, 12, 31),
             "Hệ thống thông tin giải quyết TTHC", None),
            ("Tỷ lệ người dân hài lòng", "%", Decimal("88"), Decimal("97.5"), D(2025, 12, 31),
             "Thiết bị đánh giá mức độ hài lòng", None),
        ]),
]

# Submitted, waiting for the CĐS appraiser's check.
WAITING = dict(
    key="hocba", kind=M, unit="SL-SGDDT", maker="cv_gddt", sender="ld_gddt",
    days=(D(2026, 11, 2), D(2026, 11, 5), None),
    title="Học bạ số, sổ điểm điện tử dùng chung cho các trường trung học phổ thông",
    problem=(
        "Học bạ, sổ điểm giấy ghi chép nhiều lần, dễ sai sót; phụ huynh khó theo dõi kết quả học tập; hồ sơ tuyển "
        "sinh phải nộp bản sao học bạ."),
    solution=(
        "Một hệ thống quản lý giáo dục dùng chung cho các trường: sổ điểm điện tử, học bạ số có ký số của giáo viên, "
        "hiệu trưởng; mã định danh học sinh lấy từ CSDL dân cư; kết nối CSDL ngành giáo dục."),
    results_summary="Các trường trung học phổ thông dùng học bạ số từ năm học 2025–2026.",
    lessons="Cần cấp chữ ký số cho giáo viên trước khi áp dụng học bạ số; đào tạo giáo viên theo từng trường.",
    reuse_conditions="Áp dụng cho các sở giáo dục và đào tạo; điều kiện: dữ liệu học sinh đã có mã định danh.",
    keywords="học bạ số, sổ điểm điện tử, giáo dục số",
    projects=(P_EDU,), systems=("SL-GIAODUC",), capabilities=("GIAODUC",), data_entities=("GIAODUC", "DANCU"),
    programmes=("TPTM",),
    results=[("Số trường dùng học bạ số", "trường", 0, 38, D(2026, 6, 30), "Sở GD&ĐT", None)])

# Nominated by the CĐS appraiser from a review rated "Hiệu quả"; a draft for the unit to complete.
NOMINATED = dict(
    key="ecabinet", kind=M, unit="SL-VP", project=P_ECABINET, day=D(2026, 11, 10),
    title="Phòng họp không giấy (eCabinet) cho các phiên họp của UBND tỉnh",
    problem="Tài liệu các phiên họp UBND tỉnh in giấy với khối lượng lớn, gửi chậm, khó cập nhật bản mới nhất.",
    solution=("Hệ thống phòng họp không giấy: tài liệu gửi, xem, góp ý và biểu quyết trên máy tính bảng; kết nối "
              "Hệ thống quản lý văn bản và điều hành."),
    keywords="phòng họp không giấy, eCabinet",
    capabilities=("HNTH", "QLVB"), programmes=("CQDT",))

WITHHELD = (P_CAMERA, D(2026, 11, 10), "lanhdao",
            "Dự án liên quan đến bảo đảm an ninh, trật tự: vị trí lắp đặt camera, phương án kết nối và khai thác hình "
            "ảnh thuộc phạm vi bí mật nhà nước theo Luật Bảo vệ bí mật nhà nước; không công bố thông tin dự án.")
POLICY_DAY = D(2026, 11, 9)
PREPARED, APPROVED = D(2026, 11, 12), D(2026, 11, 13)
APPROVAL_NOTE = "Đồng ý công bố số liệu danh mục nhiệm vụ, dự án, hệ thống thông tin và thư viện mô hình của tỉnh."


def build_library_public(builder) -> dict:
    """The library's entries and the first publication (called at the very end of
    :meth:`DemoBuilder.build`)."""
    return LibraryPublicDemo(builder).run()


class LibraryPublicDemo:
    def __init__(self, builder):
        self.b = builder
        self.units, self.users = builder.units, builder.users
        self.cutoff = builder.cutoff
        self.rng = random.Random(SEED)
        self.clock = ServiceClock(self.rng, timezone.now(), STAMPED, DAY_START, RECEIVER_UID)
        self.skipped = 0
        self.root = self.units[ROOT_CODE]
        self.caps = {o.code: o for o in Capability.objects.all()}
        self.entities = {o.code: o for o in DataEntity.objects.all()}
        self.programmes = {o.code: o for o in Programme.objects.all()}

    def run(self) -> dict:
        if Practice.objects.filter(root_unit=self.root).exists():
            return {}
        with self.clock.running():
            for spec in ENTRIES:
                self.build_entry(spec)
            self.build_entry(WAITING)
            self.build_nominated()
            self.build_publication()
        self.b.skipped += self.skipped
        return {"practices": Practice.objects.filter(root_unit=self.root).count(),
                "snapshots": Snapshot.objects.filter(root_unit=self.root).count()}

    def step(self, day: dt.date, call):
        """``call()`` with the clock on ``day``; None (left out) after the cutoff."""
        if day > self.cutoff:
            self.skipped += 1
            return None
        with self.clock.at(day):
            return call()

    # ---------------------------------------------------------------- lookups ----

    def project(self, name: str) -> Project | None:
        return Project.objects.filter(name=name, investor_unit__path__startswith=self.root.tree_prefix).first()

    def _links(self, spec: dict) -> dict:
        projects = [p for p in (self.project(n) for n in spec.get("projects", ())) if p is not None]
        systems = list(InformationSystem.objects.filter(code__in=spec.get("systems", ()), root_unit=self.root))
        return {"projects": projects, "systems": systems,
                "capabilities": [self.caps[c] for c in spec.get("capabilities", ()) if c in self.caps],
                "data_entities": [self.entities[c] for c in spec.get("data_entities", ()) if c in self.entities],
                "programmes": [self.programmes[c] for c in spec.get("programmes", ()) if c in self.programmes]}

    @staticmethod
    def _review_value(projects: list[Project], code: str) -> IndicatorValue | None:
        """The value of indicator ``code`` in the latest finished review of one of ``projects``."""
        return (IndicatorValue.objects.filter(review__project__in=projects, review__status__in=FINISHED,
                                              indicator__code=code, actual__isnull=False)
                .select_related("indicator", "review", "review__campaign")
                .order_by("-review__campaign__period_year", "review__project_id").first())

    # ---------------------------------------------------------------- entries ----

    def build_entry(self, spec: dict) -> Practice | None:
        """Drafted with its results by the unit's chuyên viên, submitted by its lãnh đạo, published
        by the CĐS appraiser (when a publication day is given)."""
        maker, sender, appraiser = self.users[spec["maker"]], self.users[spec["sender"]], self.users["thamdinh"]
        drafted, submitted, published = spec["days"]
        links = self._links(spec)
        data = {k: spec.get(k, "") for k in library.TEXTS} | {"kind": spec["kind"], "unit": self.units[spec["unit"]]}
        data |= links

        def draft():
            practice = library.create_practice(maker, data)
            practice = self._results(maker, practice, spec["results"], links["projects"])
            self._documents(maker, practice, spec.get("documents", ()))
            return practice
        practice = self.step(drafted, draft)
        if practice is None:
            return None
        practice = self.step(submitted, lambda: library.submit(sender, practice, expected_version=practice.version))
        if practice is None or published is None:
            return practice
        return self.step(published, lambda: library.publish(
            appraiser, practice, "Đủ thông tin, có số liệu kết quả và minh chứng; đồng ý công bố.",
            expected_version=practice.version))

    def _results(self, actor, practice: Practice, rows, projects: list[Project]) -> Practice:
        """The measured results (the review's figures where the review measured the indicator)."""
        clean = []
        for name, unit, before, after, measured_on, note, code in rows:
            row = {"indicator_name": name, "measure_unit": unit, "before": before, "after": after,
                   "measured_on": measured_on, "note": note}
            value = self._review_value(projects, code) if code else None
            if value is not None:
                review = value.review
                row |= {"indicator": value.indicator, "source_review": review, "indicator_name": value.indicator.name,
                        "measure_unit": value.indicator.unit, "after": value.actual,
                        "measured_on": D(review.campaign.period_year, 12, 31),
                        "note": f"Báo cáo đánh giá hiệu quả năm {review.campaign.period_year}"}
                if value.baseline is not None:
                    row["before"] = value.baseline
            clean.append(row)
        return content.set_results(actor, practice, clean, expected_version=practice.version)

    @staticmethod
    def _documents(actor, practice: Practice, rows) -> None:
        """The entry's documents (typical design, specification, cost), as the unit attaches them."""
        for kind, title, name, lines in rows:
            content.add_document(actor, practice, upload(name, pdf(title, lines)), kind, title)

    def build_nominated(self) -> Practice | None:
        """A draft nominated by the CĐS appraiser from a finished review rated "Hiệu quả"."""
        spec, appraiser = NOMINATED, self.users["thamdinh"]
        project = self.project(spec["project"])
        review = (Review.objects.filter(project=project, status__in=FINISHED, reviewer_rating=Rating.EFFECTIVE)
                  .order_by("-campaign__period_year").first()) if project else None
        if review is None:
            return None
        data = {k: spec.get(k, "") for k in library.TEXTS} | {"kind": spec["kind"], "unit": self.units[spec["unit"]]}
        data |= self._links({**spec, "projects": (spec["project"],)})
        return self.step(spec["day"], lambda: library.create_practice(appraiser, data, origin=Origin.NOMINATED,
                                                                      review=review))

    # ------------------------------------------------------------ publication ----

    def build_publication(self) -> Snapshot | None:
        appraiser = self.users["thamdinh"]

        def policy():
            for ds in Dataset.values:
                publication.set_policy(appraiser, self.root, ds,
                                       dictionary.default_masked(ds))
        self.step(POLICY_DAY, policy)
        name, day, who, reason = WITHHELD
        project = self.project(name)
        if project is not None:
            self.step(day, lambda: publication.withhold(self.users[who], project, reason))
        snapshot = self.step(PREPARED, lambda: publication.prepare(appraiser, self.root))
        if snapshot is None:
            return None
        return self.step(APPROVED, lambda: publication.decide(self.users["phochutich"], snapshot, True, APPROVAL_NOTE,
                                                              expected_version=snapshot.version))
