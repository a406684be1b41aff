"""Effectiveness review campaigns of the demo province, built through the real review services.

Two campaigns:

* **2023 — finished.** Modelled on Bắc Kạn's real campaign: Công văn số 8826/UBND-VXNV ngày
  28/12/2023 of UBND tỉnh orders every investor unit to report the effectiveness of each CĐS/IT
  task or project up to 12/2023 (completed or in progress/in use) to Sở TT&TT before 10/01/2024.
  Most units report on time, three report late, two never do; the appraiser returns two reports
  once, rates the rest (mostly "Hiệu quả"/"Hiệu quả một phần", some "Chưa hiệu quả"/"Không hiệu
  quả" with the problems Quảng Ninh's review reported), answers the units' difficulties and
  proposals; the leader decides a few (continue, adjust, one scale-down of an implementing
  project) and the campaign is closed.

  Scope: the campaign is evaluated on the projects' state *today* (the demo is built after every
  project has reached its 2026 state), so besides implementing / in operation / settled it also
  takes the paused and stopped states: the projects paused or stopped in 2024 *because of* this
  review (their pause/stop reasons cite 8826/UBND-VXNV) were in use at 12/2023 and belong in it.
  Their reviews carry the matching rating and proposal; the decision itself is the one already in
  the project's timeline (QĐ tạm dừng/dừng), so those reviews stay "Đã thẩm tra" rather than being
  decided a second time.  Retired and rejected projects stay out.  The services assign each review
  to the unit that carries the project today (Sở TT&TT's to Sở KH&CN, a district's to its first
  commune), as the real system does; the receiving unit is still Sở TT&TT, which existed then.

* **2025 report — open, with late units.**  The yearly report on 2025.  A deadline of 31/01/2026
  would leave the whole campaign ten months overdue today, so (choice made for the demo) the
  province's reminder letter was issued about a month ago and the deadline is
  ``cutoff - 4 days`` — five days before "today" when the demo is built the day after its last
  data day (``builder.DATA_END``), anchored to that fixed day so the demo stays deterministic.
  Some units submitted on time (some already assessed, one report returned and not yet
  resubmitted), two submitted after the deadline, some are still entering data (partly filled
  drafts) and some have not started: late per ``selectors.counts``.

Every step is a service call by the person who would take it (unit staff fills, unit head submits,
"thamdinh" assesses, "lanhdao"/"phochutich" decide), so permissions, maker ≠ checker, history and
audit rows are real.  As in :mod:`.stamps`, only the timestamps are rewritten afterwards: while a
step runs, every row the services create (audit events, history records, project events,
issues, follow-ups) is caught by a ``post_save`` receiver and later gets the step's simulated
moment.  This runs *after* :meth:`Stamps.apply`, so the project rows it matches by order are left
alone and these rows are rewritten on their own.  Randomness: ``random.Random(8826)``.
"""
from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db.models.signals import post_save
from django.utils import timezone

from cds.audit.models import AuditEvent
from cds.projects.models import EventKind, Project, ProjectEvent, State
from cds.reviews import services as rs
from cds.reviews.models import (
    Campaign,
    FollowUpAction,
    IndicatorValue,
    ProblemType,
    Rating,
    Review,
    ReviewIssue,
)
from cds.reviews.reminders import send_review_reminders
from cds.surveys.models import Bottleneck
from cds.surveys.services.bottlenecks import ANSWER_DAYS
from cds.workdays.calendar import due_date

from . import documents as docs

SEED = 8826
DAY = dt.timedelta(days=1)
DAY_START = dt.time(7, 40)
RECEIVER_UID = "cds-demo-reviews"
# Tết holidays the fixed-date calendar of the builder does not know.
TET = {dt.date(2024, 2, 8) + i * DAY for i in range(7)}
FIXED_HOLIDAYS = {(1, 1), (4, 30), (5, 1), (9, 2)}

# --- campaign of Công văn 8826/UBND-VXNV -----------------------------------------------------
C2023 = dict(
    name="Rà soát, đánh giá hiệu quả các nhiệm vụ/dự án chuyển đổi số đến tháng 12/2023",
    basis_number="8826/UBND-VXNV", basis_date=dt.date(2023, 12, 28), basis_issuer=docs.UBND,
    basis_title=docs.DOCS["CV8826"].title,
    scope_states=[State.IMPLEMENTING, State.IN_OPERATION, State.SETTLED, State.PAUSED, State.STOPPED],
    started_until=dt.date(2023, 12, 31), period_year=2023, deadline=dt.date(2024, 1, 10),
)
OPENED_2023 = dt.date(2023, 12, 29)
CLOSED_2023 = dt.date(2024, 3, 29)
LATE_2023 = ("SL-SCT", "SL-XVL", "SL-BQLKKT")           # report after 10/01/2024
NEVER_2023 = {"SL-TTRA": "not_started", "SL-BAO": "draft"}
CONCLUSION_2023 = ("45/TB-UBND", dt.date(2024, 2, 26))   # Thông báo kết luận: "tiếp tục" decisions

# What the 2023 review found for particular projects (by name). Keys: self/rating (Rating),
# problems, proposal (Decision) + reason, decide = (decision, day, note, follow-up, due) or None,
# issue = (kind, text, answer), returned = comment.
R = Rating
SPECIAL_2023 = {
    "Xây dựng Hệ thống quản lý văn bản và điều hành tỉnh Sơn Lâm": dict(
        self=R.EFFECTIVE, rating=R.EFFECTIVE, q=0.97, decide=("continue", None, "", "", None)),
    "Xây dựng Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Sơn Lâm (LGSP)": dict(
        self=R.EFFECTIVE, rating=R.EFFECTIVE, q=0.93, decide=("continue", None, "", "", None)),
    "Nâng cấp Cổng dịch vụ công và Hệ thống một cửa điện tử tỉnh Sơn Lâm (Hệ thống thông tin giải quyết TTHC)": dict(
        self=R.EFFECTIVE, rating=R.EFFECTIVE, q=0.92, decide=("continue", None, "", "", None)),
    "Xây dựng Trung tâm giám sát, điều hành thông minh (IOC) tỉnh Sơn Lâm": dict(
        self=R.EFFECTIVE, rating=R.PARTLY, q=0.72, problems=("NOT_INTEGRATED", "STAFF_SHORTAGE"),
        proposal="continue", decide=("continue", None, "", "", None),
        issue=("proposal", "Đề nghị UBND tỉnh chỉ đạo các sở, ngành, địa phương kết nối dữ liệu chuyên ngành (giao "
                           "thông, y tế, giáo dục) về IOC qua LGSP; hiện mới kết nối 4/8 phân hệ.",
               "Sở TT&TT đã tổng hợp vào báo cáo gửi UBND tỉnh; đề nghị chủ đầu tư lập danh mục dữ liệu cần kết "
               "nối, Sở TT&TT hướng dẫn kỹ thuật kết nối qua LGSP trong quý II/2024.")),
    "Xây dựng Trung tâm dữ liệu tỉnh Sơn Lâm (nền tảng điện toán đám mây)": dict(
        self=R.EFFECTIVE, rating=R.PARTLY, q=0.7, problems=("DEVICE_UNFIT",), proposal="scale_down",
        reason="Giảm quy mô hạng mục mua sắm máy chủ, thiết bị lưu trữ; chuyển một phần sang thuê dịch vụ điện "
               "toán đám mây để tránh đầu tư thiết bị chưa khai thác hết công suất."),
    "Xây dựng Kho dữ liệu dùng chung tỉnh Sơn Lâm": dict(
        self=R.EFFECTIVE, rating=R.PARTLY, q=0.62, problems=("DUPLICATE",), proposal="scale_down",
        reason="Hạng mục Cổng dữ liệu mở riêng của tỉnh trùng với Cổng dữ liệu quốc gia; đề nghị không đầu tư "
               "hạng mục này, công bố dữ liệu mở của tỉnh trên Cổng dữ liệu quốc gia.",
        decide=("scale_down", dt.date(2024, 3, 5),
                "Giảm quy mô: không đầu tư hạng mục Cổng dữ liệu mở riêng của tỉnh; dữ liệu mở được công bố trên "
                "Cổng dữ liệu quốc gia (theo kết quả rà soát tại Công văn số 8826/UBND-VXNV ngày 28/12/2023).",
                "Lập hồ sơ điều chỉnh dự án, điều chỉnh giảm dự toán hạng mục Cổng dữ liệu mở.",
                dt.date(2024, 6, 28)),
        done=dt.date(2024, 6, 20)),
    "Xây dựng Ứng dụng Công dân số tỉnh Sơn Lâm (Sơn Lâm Smart)": dict(
        self=R.PARTLY, rating=R.NOT_YET, q=0.45, problems=("DUPLICATE", "UNUSED_FUNCTIONS"), proposal="adjust",
        reason="Nhiều chức năng (định danh, tra cứu hồ sơ, phản ánh) trùng với ứng dụng VNeID và Cổng Dịch vụ công "
               "quốc gia; cần rà soát, điều chỉnh phạm vi trước khi tiếp tục đầu tư.",
        decide=("adjust", dt.date(2024, 3, 1),
                "Điều chỉnh: tạm dừng phát triển các chức năng trùng với VNeID và Cổng Dịch vụ công quốc gia; chủ đầu "
                "tư rà soát, đề xuất phương án điều chỉnh phạm vi dự án.",
                "Rà soát chức năng trùng lặp với VNeID, Cổng Dịch vụ công quốc gia; báo cáo phương án điều chỉnh.",
                dt.date(2024, 5, 31)),
        done=dt.date(2024, 5, 27)),
    "Mua sắm thiết bị phòng học thông minh cho các trường trung học phổ thông giai đoạn 2022–2023": dict(
        self=R.PARTLY, rating=R.NOT_YET, q=0.5, problems=("DEVICE_UNFIT", "STAFF_SHORTAGE"), proposal="adjust",
        reason="Thiết bị đã bàn giao nhưng một số trường chưa khai thác; cần bồi dưỡng giáo viên và điều chuyển "
               "thiết bị giữa các trường.",
        decide=("adjust", dt.date(2024, 3, 1),
                "Điều chỉnh phương án khai thác: điều chuyển thiết bị từ các trường chưa đủ điều kiện sử dụng; tổ "
                "chức bồi dưỡng giáo viên sử dụng phòng học thông minh.",
                "Điều chuyển thiết bị, tổ chức bồi dưỡng giáo viên; báo cáo tỷ lệ tiết học sử dụng phòng học "
                "thông minh.", dt.date(2024, 8, 30)),
        done=dt.date(2024, 8, 26),
        issue=("difficulty", "Các trường thiếu nhân lực CNTT chuyên trách để vận hành, bảo trì thiết bị phòng học "
                             "thông minh.",
               "Đề nghị Sở GD&ĐT phối hợp Trung tâm CNTT&TT tổ chức tập huấn vận hành cho giáo viên phụ trách; "
               "kinh phí bảo trì đưa vào dự toán chi thường xuyên năm 2025."),
        returned="Bổ sung số liệu số tiết học sử dụng phòng học thông minh theo từng trường và biên bản bàn giao "
                 "thiết bị."),
    "Mua sắm, lắp đặt hệ thống quan trắc môi trường nước mặt tự động, liên tục": dict(
        self=R.PARTLY, rating=R.INEFFECTIVE, q=0.25, problems=("DEVICE_UNFIT", "IDLE_DEVICES"), proposal="pause",
        reason="Thiết bị đầu tư chưa phù hợp, hoạt động chưa ổn định; nhiều trạm chưa truyền dữ liệu liên tục, "
               "một số thiết bị lỗi hỏng. Đề nghị tạm dừng để khắc phục, gắn trách nhiệm người đứng đầu."),
    "Xây dựng phần mềm quản lý văn bản và hồ sơ công việc của Sở Y tế": dict(
        self=R.EFFECTIVE, rating=R.INEFFECTIVE, q=0.2, problems=("DUPLICATE",), proposal="pause",
        reason="Trùng lặp với Hệ thống quản lý văn bản và điều hành dùng chung của tỉnh đã triển khai đến 100% cơ "
               "quan, đơn vị; đề nghị tạm dừng, khai thác hệ thống dùng chung."),
    "Xây dựng Hệ thống du lịch thông minh tỉnh Sơn Lâm": dict(
        self=R.PARTLY, rating=R.NOT_YET, q=0.4, problems=("UNUSED_FUNCTIONS", "IDLE_DEVICES"), proposal="pause",
        reason="Người dùng chưa khai thác hết chức năng; kiosk tra cứu, điểm wifi du lịch nhiều nơi chưa đưa vào "
               "khai thác. Đề nghị tạm dừng đầu tư bổ sung để đánh giá lại hiệu quả."),
    "Xây dựng Hệ thống tiếp nhận phản ánh, kiến nghị của người dân thành phố Sơn Lâm": dict(
        self=R.PARTLY, rating=R.INEFFECTIVE, q=0.2, problems=("DUPLICATE",), proposal="stop",
        reason="Chức năng đã có trên Hệ thống tiếp nhận, xử lý phản ánh, kiến nghị dùng chung của tỉnh; đề nghị "
               "dừng thực hiện, không đầu tư riêng ở cấp huyện."),
    "Xây dựng hạ tầng kỹ thuật Trung tâm điều hành đô thị thông minh thành phố Sơn Lâm": dict(
        self=R.NOT_YET, rating=R.INEFFECTIVE, q=0.15, problems=("NO_SOFTWARE", "IDLE_DEVICES"), proposal="adjust",
        reason="Hạ tầng đã hoàn thành nhưng chưa có phần mềm để khai thác; đề nghị tiếp tục tạm dừng, lồng ghép "
               "hạ tầng vào Trung tâm IOC của tỉnh thay vì đầu tư phần mềm riêng.",
        issue=("proposal", "Đề nghị cho phép kết nối hạ tầng màn hình, camera của Trung tâm điều hành thành phố về "
                           "IOC tỉnh, không đầu tư phần mềm điều hành riêng.",
               "Thống nhất chủ trương; Sở TT&TT hướng dẫn phương án kết nối, báo cáo UBND tỉnh trong tháng 4/2024.")),
    "Mua sắm thiết bị khám, chữa bệnh từ xa (Telehealth) cho các trung tâm y tế tuyến huyện": dict(
        self=R.EFFECTIVE, rating=R.NOT_YET, q=0.45, problems=("IDLE_DEVICES", "STAFF_SHORTAGE"), proposal="adjust",
        reason="Thiết bị được sử dụng ít; cần kết nối với bệnh viện tuyến tỉnh và đào tạo người sử dụng.",
        issue=("proposal", "Đề nghị hỗ trợ đào tạo nhân lực vận hành thiết bị khám, chữa bệnh từ xa cho các trung "
                           "tâm y tế tuyến huyện.",
               "Sở TT&TT phối hợp Sở Y tế đưa nội dung đào tạo vào Kế hoạch bồi dưỡng kỹ năng số năm 2024.")),
    "Xây dựng Sàn giao dịch thương mại điện tử tỉnh Sơn Lâm": dict(
        self=R.PARTLY, rating=R.NOT_YET, q=0.4, problems=("UNUSED_FUNCTIONS",), proposal="adjust",
        reason="Ít doanh nghiệp, hợp tác xã tham gia sàn; cần giải pháp kết nối với các sàn thương mại điện tử lớn.",
        issue=("difficulty", "Số doanh nghiệp, hợp tác xã tham gia sàn còn ít; thiếu kinh phí quảng bá, hỗ trợ đưa "
                             "sản phẩm lên sàn.",
               "Đề nghị Sở Công Thương lồng ghép hỗ trợ đưa sản phẩm OCOP lên sàn trong chương trình xúc tiến "
               "thương mại năm 2024.")),
    "Xây dựng cơ sở dữ liệu đất đai tỉnh Sơn Lâm": dict(
        self=R.EFFECTIVE, rating=R.PARTLY, q=0.68, problems=("LOW_DIGITISATION",), proposal="continue",
        issue=("difficulty", "Khối lượng chỉnh lý hồ sơ địa chính lớn; kinh phí đo đạc bổ sung 03 huyện chưa được "
                             "bố trí đủ.",
               "Sở TT&TT tổng hợp, đề nghị Sở Tài chính, Sở KH&ĐT báo cáo UBND tỉnh bố trí vốn năm 2024 để hoàn "
               "thành dự án."),
        returned="Bổ sung tỷ lệ số hóa hồ sơ địa chính theo từng huyện và nguồn số liệu."),
    "Triển khai Hệ thống phòng họp không giấy (eCabinet) của UBND tỉnh": dict(
        self=R.EFFECTIVE, rating=R.EFFECTIVE, q=0.95,
        issue=("proposal", "Đề nghị bố trí kinh phí vận hành, duy trì hệ thống phòng họp không giấy hằng năm.",
               "Kinh phí vận hành, duy trì được bố trí trong dự toán chi thường xuyên của Văn phòng UBND tỉnh; "
               "Sở TT&TT đã tổng hợp vào báo cáo.")),
}

# --- the 2025 report (open) --------------------------------------------------------------------
# What each reporting unit has done by "today": on_time (submitted before the deadline; the
# appraiser has assessed most), late (submitted after it), draft (partly entered), not_started.
UNITS_2025 = {
    "SL-SKHCN": "on_time", "SL-TTCNTT": "on_time", "SL-VP": "on_time", "SL-TTHCC": "on_time", "SL-SYT": "on_time",
    "SL-STP": "on_time", "SL-CA": "on_time", "SL-SNNMT": "on_time", "SL-STC": "on_time", "SL-SGDDT": "on_time",
    "SL-PBN": "on_time",
    "SL-SXD": "late", "SL-SVHTTDL": "late", "SL-XNS": "late",
    "SL-SNV": "draft", "SL-SCT": "draft", "SL-PSL": "draft",
    "SL-XVL": "not_started", "SL-XTP": "not_started", "SL-BQLKKT": "not_started", "SL-TTRA": "not_started",
    "SL-BAO": "not_started",
}
RETURNED_2025 = "Số hóa hồ sơ địa chính phục vụ cấp giấy chứng nhận quyền sử dụng đất tỉnh Sơn Lâm"
SPECIAL_2025 = {
    "Mua sắm, lắp đặt hệ thống quan trắc môi trường nước mặt tự động, liên tục": dict(
        self=R.NOT_YET, rating=R.INEFFECTIVE, q=0.15, problems=("IDLE_DEVICES", "DEVICE_UNFIT"), proposal="stop",
        reason="Sau thời gian tạm dừng, nhà thầu chưa khắc phục được thiết bị lỗi hỏng; đề nghị dừng, thu hồi "
               "thiết bị còn sử dụng được cho mạng lưới quan trắc của Sở NN&MT."),
    "Xây dựng phần mềm quản lý văn bản và hồ sơ công việc của Sở Y tế": dict(
        self=R.NOT_YET, rating=R.INEFFECTIVE, q=0.1, problems=("DUPLICATE",), proposal="stop",
        reason="Sở Y tế đã sử dụng Hệ thống quản lý văn bản và điều hành dùng chung của tỉnh; đề nghị dừng hẳn."),
    "Mua sắm thiết bị phòng học thông minh cho các trường trung học phổ thông giai đoạn 2022–2023": dict(
        self=R.EFFECTIVE, rating=R.PARTLY, q=0.74, problems=("STAFF_SHORTAGE",), proposal="continue"),
    "Xây dựng Sàn giao dịch thương mại điện tử tỉnh Sơn Lâm": dict(
        self=R.PARTLY, rating=R.NOT_YET, q=0.42, problems=("UNUSED_FUNCTIONS",), proposal="adjust",
        reason="Lượng giao dịch thấp; đề nghị chuyển sang kết nối các sàn thương mại điện tử quốc gia."),
}

PROBLEM_NOTES = {
    "DEVICE_UNFIT": "Một số thiết bị đầu tư chưa phù hợp, hoạt động chưa ổn định.",
    "UNUSED_FUNCTIONS": "Người dùng chưa sử dụng và khai thác hết được các chức năng của hệ thống.",
    "LOW_DIGITISATION": "Tỷ lệ số hóa hồ sơ điện tử chưa cao, do đó chưa phát huy được tính ưu việt của hệ thống.",
    "NO_SOFTWARE": "Hạ tầng đã hoàn thành nhưng chưa có các hệ thống phần mềm để khai thác sử dụng, làm giảm hiệu "
                   "quả đầu tư.",
    "IDLE_DEVICES": "Nhiều thiết bị chưa đưa vào khai thác sử dụng, một số thiết bị lỗi hỏng.",
    "STAFF_SHORTAGE": "Nhân lực công nghệ thông tin của chủ đầu tư và đơn vị thụ hưởng còn thiếu về số lượng, hạn "
                      "chế về chất lượng.",
    "OUTDATED": "Nhiều nội dung, công nghệ đã lạc hậu, không còn phù hợp với nền tảng công nghệ hiện nay.",
    "DUPLICATE": "Chức năng trùng lặp với hệ thống dùng chung của tỉnh hoặc nền tảng quốc gia.",
    "NOT_INTEGRATED": "Chưa kết nối, liên thông, chia sẻ dữ liệu đầy đủ với các hệ thống liên quan qua LGSP.",
    "NO_OM_FUNDS": "Chưa được bố trí đủ kinh phí vận hành, duy trì hằng năm.",
}
STATE_TEXT = {
    State.SETTLED: "Nhiệm vụ/dự án đã hoàn thành, quyết toán và đưa vào sử dụng",
    State.IN_OPERATION: "Hệ thống đã được đưa vào vận hành, khai thác",
    State.IMPLEMENTING: "Nhiệm vụ/dự án đang triển khai thực hiện",
    State.PAUSED: "Nhiệm vụ/dự án đang tạm dừng theo quyết định của UBND tỉnh",
    State.STOPPED: "Nhiệm vụ/dự án đã dừng thực hiện",
}
RATING_TEXT = {
    R.EFFECTIVE: "các chỉ tiêu chính đạt hoặc vượt mục tiêu theo hồ sơ được duyệt, người dùng khai thác thường xuyên.",
    R.PARTLY: "một số chỉ tiêu chưa đạt mục tiêu theo hồ sơ được duyệt.",
    R.NOT_YET: "phần lớn chỉ tiêu chưa đạt mục tiêu; hiệu quả khai thác còn thấp.",
    R.INEFFECTIVE: "hệ thống hầu như không được khai thác, không đạt mục tiêu đầu tư.",
}
REVIEWER_TEXT = {
    R.EFFECTIVE: "Số liệu phù hợp với minh chứng; nhiệm vụ/dự án phát huy hiệu quả.",
    R.PARTLY: "Đạt một phần mục tiêu; đề nghị chủ đầu tư có giải pháp nâng tỷ lệ khai thác, sử dụng.",
    R.NOT_YET: "Chưa phát huy hiệu quả đầu tư; đơn vị tự đánh giá cao hơn thực tế khai thác.",
    R.INEFFECTIVE: "Không phát huy hiệu quả; cần xử lý dứt điểm, tránh lãng phí ngân sách.",
}
QUALITY = {R.EFFECTIVE: (0.86, 1.0), R.PARTLY: (0.6, 0.82), R.NOT_YET: (0.38, 0.58), R.INEFFECTIVE: (0.1, 0.3)}
OPTIMISM = {R.PARTLY: R.EFFECTIVE, R.NOT_YET: R.PARTLY, R.INEFFECTIVE: R.NOT_YET, R.EFFECTIVE: R.EFFECTIVE}
GENERIC_ISSUES = [
    ("difficulty", "Chưa được bố trí đủ kinh phí vận hành, duy trì, bảo đảm an toàn thông tin cho hệ thống.",
     "Đề nghị đơn vị lập dự toán chi thường xuyên cho vận hành, duy trì; cơ quan chuyên trách CĐS tổng hợp, "
     "kiến nghị Sở Tài chính bố trí."),
    ("proposal", "Đề nghị hướng dẫn kỹ thuật kết nối hệ thống với Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của tỉnh.",
     "Trung tâm CNTT&TT đã gửi tài liệu hướng dẫn kết nối LGSP; đơn vị liên hệ Phòng Chuyển đổi số để được hỗ trợ."),
    ("difficulty", "Nhân lực CNTT của đơn vị còn thiếu, chủ yếu kiêm nhiệm.",
     "Đưa vào kế hoạch bồi dưỡng kỹ năng số; đề nghị đơn vị bố trí cán bộ đầu mối chuyển đổi số."),
]


def _workday(day: dt.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS and day not in TET


def _on_or_before(day: dt.date, floor: dt.date) -> dt.date:
    while day > floor and not _workday(day):
        day -= DAY
    return day


def _on_or_after(day: dt.date, cap: dt.date) -> dt.date:
    while day < cap and not _workday(day):
        day += DAY
    return day


def build_reviews(builder) -> dict:
    """Build both campaigns (called at the end of :meth:`DemoBuilder.build`). Returns counts."""
    return ReviewDemo(builder).run()


class ReviewDemo:
    def __init__(self, builder):
        self.builder = builder
        self.users = builder.users
        self.cutoff = builder.cutoff
        self.now = timezone.now()
        self.rng = random.Random(SEED)
        self.appraiser = self.users["thamdinh"]
        self.moment: dt.datetime | None = None
        self._last: dict[object, dt.datetime] = {}
        self.created: dict[type, dict[int, dt.datetime]] = defaultdict(dict)
        self.review_times: dict[int, dict[str, dt.datetime]] = defaultdict(dict)
        self.campaign_times: dict[int, dict[str, dt.datetime]] = defaultdict(dict)
        self.deadline_of: dict[int, dt.date] = {}
        self.answered: dict[int, dt.datetime] = {}
        self.done: dict[int, dt.datetime] = {}
        self.problems = {p.code: p for p in ProblemType.objects.all()}
        self.stamped = {
            AuditEvent: "created_at", ProjectEvent: "created_at", ReviewIssue: "created_at",
            FollowUpAction: "created_at", Campaign: "created_at",
            # a difficulty written in a review joins the bottleneck register as it is written
            Bottleneck: "created_at", Bottleneck.history.model: "history_date",
            Review.history.model: "history_date", Campaign.history.model: "history_date",
            IndicatorValue.history.model: "history_date",
        }
        self.counts = defaultdict(int)

    # ------------------------------------------------------------------ clock ----

    def at(self, key, day: dt.date) -> dt.datetime:
        """Enter the step on ``day``: a moment in office hours, after the last one of ``key``, never in
        the future; rows the services create until the next step get it."""
        base = timezone.make_aware(dt.datetime.combine(day, DAY_START)) + dt.timedelta(minutes=self.rng.randint(0, 420))
        last = self._last.get(key)
        if last is not None and base <= last:
            base = last + dt.timedelta(minutes=self.rng.randint(5, 40))
        self.moment = min(base, self.now - dt.timedelta(minutes=1))
        self._last[key] = self.moment
        return self.moment

    def _capture(self, sender, instance, created, **kwargs):
        if created and self.moment is not None and sender in self.stamped:
            self.created[sender][instance.pk] = self.moment

    # ------------------------------------------------------------------- entry ----

    def run(self) -> dict:
        post_save.connect(self._capture, weak=False, dispatch_uid=RECEIVER_UID)
        try:
            if self.cutoff >= CLOSED_2023:
                self._campaign_2023()
            if self.cutoff >= dt.date(2026, 3, 2):
                self._campaign_2025()
        finally:
            post_save.disconnect(dispatch_uid=RECEIVER_UID)
            self.moment = None
        self._apply()
        # This morning's reminders for the open campaign, in the application only (no e-mail from a demo).
        self.counts["notifications"] = send_review_reminders(timezone.localdate(), email=False).sent
        return dict(self.counts)

    def people(self, review: Review):
        return self.builder._people(review.unit.code)

    # ---------------------------------------------------------------- helpers ----

    def _state_on(self, project: Project, day: dt.date) -> str:
        state = project.state
        events = [e for e in project.events.all() if e.kind == EventKind.TRANSITION]
        events.sort(key=lambda e: (e.occurred_on, e.id))
        before = [e for e in events if e.occurred_on <= day]
        if events and len(before) < len(events):
            state = before[-1].to_state if before else events[0].from_state
        return state

    def _values(self, project: Project, q: float, *, partial: bool = False) -> dict:
        """Indicator values whose attainment roughly matches the quality ``q`` (0–1)."""
        u = self.rng.uniform
        caps = {c.code for c in project.capabilities.all()}
        ents = [e.code for e in project.data_entities.all()]

        def pct(target, spread=0.08):
            return str(min(Decimal(100), Decimal(str(round(target * max(0.0, q + u(-spread, spread)), 1)))))

        values = {}
        target = self.rng.choice([80, 85, 90, 95, 100])
        values["USE_ACTIVE"] = {"baseline": "0", "target": str(target), "actual": pct(target),
                                "note": "Thống kê tài khoản đăng nhập trên hệ thống (12 tháng)"}
        if caps & {"QLVB", "MOTCUA", "PAKN", "CHUYENNGANH", "BAOCAO", "YTE", "GIAODUC", "HNTH"}:
            values["USE_BUSINESS"] = {"target": "90", "actual": pct(90), "note": "Báo cáo thống kê của hệ thống"}
        if "SOHOA" in caps:
            values["DIG_RECORDS"] = {"baseline": str(self.rng.randint(5, 25)), "target": "100", "actual": pct(100),
                                     "note": "Biên bản nghiệm thu khối lượng số hóa"}
        if caps & {"DVC", "MOTCUA"}:
            values["ONL_FULL"] = {"target": "80", "actual": pct(80)}
            values["ONL_DOSSIERS"] = {"target": "60", "actual": pct(60),
                                      "note": "Hệ thống thông tin giải quyết TTHC của tỉnh"}
        if not partial:
            uptime = Decimal("99.5") if q > 0.8 else Decimal(str(round(90 + 9.5 * q, 1)))
            values["REL_UPTIME"] = {"target": "99", "actual": str(uptime)}
            values["REL_INCIDENTS"] = {"target": "4", "actual": str(max(0, round(4 / max(q, 0.2)) - 1))}
            values["COST_DISB"] = {"target": "100", "actual": pct(100, 0.05) if q < 0.8 else
                                   str(round(u(88, 100), 1)), "note": "Số liệu Kho bạc Nhà nước"}
            values["DATA_LGSP"] = {"actual": "1" if q >= 0.55 or "LGSP" in caps else "0"}
            if project.kind in ("investment", "recurrent"):
                values["CMP_SOURCE"] = {"actual": "1" if q >= 0.35 else "0"}
            if ents:
                n = min(len(ents), 3)
                values["DATA_NATDB"] = {"target": str(n), "actual": str(max(0, round(n * q)))}
        return values

    def _findings(self, project: Project, special: dict, state: str, period: int):
        """(self rating, reviewer rating, quality, problem codes) for one review."""
        if special:
            rating = special["rating"]
            q = special.get("q") or self.rng.uniform(*QUALITY[rating])
            return special["self"], rating, q, list(special.get("problems", ()))
        roll = self.rng.random()
        rating = R.EFFECTIVE if roll < 0.52 else R.PARTLY if roll < 0.88 else R.NOT_YET
        q = self.rng.uniform(*QUALITY[rating])
        self_rating = OPTIMISM[rating] if self.rng.random() < 0.35 else rating
        caps = {c.code for c in project.capabilities.all()}
        problems = []
        if rating != R.EFFECTIVE:
            pool = []
            if "SOHOA" in caps:
                pool.append("LOW_DIGITISATION")
            if caps & {"HATANG", "CAMERA", "HNTH"}:
                pool.append("DEVICE_UNFIT")
            pool += ["UNUSED_FUNCTIONS", "NOT_INTEGRATED", "STAFF_SHORTAGE", "NO_OM_FUNDS"]
            if project.start_year <= period - 4:
                pool.append("OUTDATED")
            problems = self.rng.sample(pool, k=1 if rating == R.PARTLY else 2)
        return self_rating, rating, q, problems

    def _data(self, project, state, self_rating, q, problems, *, partial=False, issue=None) -> dict:
        text = f"{STATE_TEXT.get(state, 'Nhiệm vụ/dự án đã được phê duyệt')}; {RATING_TEXT[self_rating]}"
        data = {"summary": text, "self_rating": "" if partial else self_rating,
                "values": self._values(project, q, partial=partial),
                "problems": [self.problems[c] for c in problems if c in self.problems],
                "problems_note": " ".join(PROBLEM_NOTES[c] for c in problems)}
        if issue and not partial:
            data["issues"] = [{"kind": issue[0], "text": issue[1]}]
        return data

    # --- one review through its steps (each a service call on its own day) ---------------------

    def fill(self, review, staff, day, data) -> Review:
        self.at(("review", review.pk), day)
        review = rs.save_review(staff, review, data)
        self.review_times[review.pk]["updated_at"] = self.moment
        return review

    def submit(self, review, head, day) -> Review:
        self.at(("review", review.pk), day)
        review = rs.submit_review(head, review)
        self.review_times[review.pk].update(submitted_at=self.moment, updated_at=self.moment)
        self.counts["submitted"] += 1
        return review

    def send_back(self, review, day, comment) -> Review:
        self.at(("review", review.pk), day)
        review = rs.return_review(self.appraiser, review, comment=comment)
        self.review_times[review.pk]["updated_at"] = self.moment
        self.counts["returned"] += 1
        return review

    def assess(self, review, day, rating, proposal, reason) -> Review:
        self.at(("review", review.pk), day)
        comment = REVIEWER_TEXT[rating]
        review = rs.assess_review(self.appraiser, review, rating=rating, comment=comment,
                                  proposed_decision=proposal, proposed_reason=reason)
        self.review_times[review.pk].update(reviewed_at=self.moment, updated_at=self.moment)
        self.counts["assessed"] += 1
        return review

    def answer(self, review, day, answer) -> None:
        for issue in review.issues.filter(answer=""):
            self.at(("review", review.pk), day)
            rs.answer_issue(self.appraiser, issue, answer=answer)
            self.answered[issue.pk] = self.moment

    # ------------------------------------------------------------------ 2023 ----

    def _campaign_2023(self) -> None:
        self.at(("campaign", 2023), OPENED_2023)
        campaign = rs.create_campaign(self.appraiser, dict(
            C2023, root_unit=self.builder.units["SL"], receiving_unit=self.builder.units["SL-STTTT"]),
            allow_past_deadline=True)
        self.campaign_times[campaign.pk]["created_at"] = self.moment
        self.at(("campaign", 2023), OPENED_2023)
        rs.open_campaign(self.appraiser, campaign)
        self.campaign_times[campaign.pk]["opened_at"] = self.moment
        deadline = campaign.deadline
        reviews = list(campaign.reviews.select_related("unit", "project").prefetch_related(
            "project__events", "project__capabilities", "project__data_entities").order_by("unit__code", "project__code"))
        decisions = []
        for review in reviews:
            self.deadline_of[review.pk] = deadline
            project, code = review.project, review.unit.code
            special = SPECIAL_2023.get(project.name, {})
            staff, head = self.people(review)
            state = self._state_on(project, deadline)
            self_rating, rating, q, problems = self._findings(project, special, state, 2023)
            issue = special.get("issue")
            if issue is None and self.rng.random() < 0.08:
                issue = self.rng.choice(GENERIC_ISSUES)
            never = NEVER_2023.get(code)
            if never == "not_started":
                continue
            late = code in LATE_2023
            r = self.rng.randint
            if never == "draft":
                fill_day = _on_or_before(dt.date(2024, 1, 9) + r(0, 12) * DAY, deadline)
                self.fill(review, staff, fill_day, self._data(project, state, self_rating, q, problems, partial=True))
                continue
            if special.get("returned"):       # sent early, returned, corrected and sent again in time
                fill_day = _on_or_after(dt.date(2024, 1, 2) + r(0, 1) * DAY, deadline)
                submit_day = _on_or_after(fill_day + DAY, deadline)
            elif late:
                fill_day = _on_or_after(dt.date(2024, 1, 10) + r(1, 6) * DAY, dt.date(2024, 1, 31))
                submit_day = _on_or_after(fill_day + r(1, 4) * DAY, dt.date(2024, 2, 2))
            else:
                fill_day = _on_or_after(dt.date(2024, 1, 2) + r(0, 5) * DAY, deadline)
                submit_day = _on_or_before(min(fill_day + r(0, 2) * DAY, deadline), fill_day)
            review = self.fill(review, staff, fill_day, self._data(project, state, self_rating, q, problems,
                                                                   issue=issue))
            review = self.submit(review, head, submit_day)
            assess_day = _on_or_after(max(submit_day + r(3, 10) * DAY, dt.date(2024, 1, 15)), dt.date(2024, 3, 8))
            if special.get("returned"):
                back = _on_or_after(submit_day + DAY, deadline)
                review = self.send_back(review, back, special["returned"])
                again = _on_or_after(back + r(2, 3) * DAY, deadline)
                review = self.fill(review, staff, again, self._data(project, state, self_rating, q, problems))
                review = self.submit(review, head, again)
                assess_day = _on_or_after(again + r(5, 8) * DAY, dt.date(2024, 3, 8))
            proposal = special.get("proposal") or ("continue" if rating in (R.EFFECTIVE, R.PARTLY) else "adjust")
            reason = special.get("reason") or ("" if proposal == "continue" else
                                               " ".join(PROBLEM_NOTES[c] for c in problems)
                                               + " Đề nghị điều chỉnh giải pháp khai thác, sử dụng.")
            review = self.assess(review, assess_day, rating, proposal, reason)
            if issue:
                self.answer(review, _on_or_after(assess_day + r(1, 6) * DAY, dt.date(2024, 3, 15)), issue[2])
            if special.get("decide"):
                decisions.append((review, special))
        for review, special in decisions:
            self._decide_2023(review, special)
        self.at(("campaign", 2023), CLOSED_2023)
        campaign.refresh_from_db()
        rs.close_campaign(self.appraiser, campaign)
        self.campaign_times[campaign.pk]["closed_at"] = self.moment

    def _decide_2023(self, review: Review, special: dict) -> None:
        decision, day, note, follow_up, due = special["decide"]
        if decision == "continue":
            number, day = CONCLUSION_2023
            note = ("Tiếp tục khai thác, sử dụng; chủ đầu tư duy trì vận hành, bảo đảm an toàn thông tin "
                    "(Thông báo kết luận của Chủ tịch UBND tỉnh về kết quả rà soát theo Công văn số 8826/UBND-VXNV).")
            leader = self.users["phochutich"]
        else:
            number = f"{day.timetuple().tm_yday * 9 + self.rng.randint(0, 8) + 15}/QĐ-UBND"
            leader = self.users["lanhdao"]
        self.at(("review", review.pk), day)
        review = rs.decide_review(leader, review, decision=decision, decision_number=number, decision_date=day,
                                  note=note, follow_up=follow_up, follow_up_due=due)
        self.review_times[review.pk].update(decided_at=self.moment, updated_at=self.moment)
        self.counts["decided"] += 1
        if special.get("done"):
            staff, _ = self.people(review)
            for action in review.follow_ups.all():
                self.at(("review", review.pk), special["done"])
                rs.complete_follow_up(staff, action)
                self.done[action.pk] = self.moment

    # ------------------------------------------------------------------ 2025 ----

    def _campaign_2025(self) -> None:
        # See the module docstring: the deadline sits a few days before the demo's last data day.
        deadline = _on_or_before(self.cutoff - 4 * DAY, self.cutoff - 10 * DAY)
        basis_day = _on_or_before(deadline - 30 * DAY, deadline - 40 * DAY)
        opened = _on_or_after(basis_day + DAY, deadline)
        number = f"{basis_day.timetuple().tm_yday * 14 + 3}/UBND-KTTH"
        self.at(("campaign", 2025), opened)
        campaign = rs.create_campaign(self.appraiser, {
            "name": "Báo cáo kết quả thực hiện và hiệu quả các nhiệm vụ, dự án chuyển đổi số năm 2025",
            "root_unit": self.builder.units["SL"], "basis_number": number, "basis_date": basis_day,
            "basis_issuer": docs.UBND,
            "basis_title": "Về việc báo cáo kết quả thực hiện mục tiêu và hiệu quả các nhiệm vụ, dự án chuyển đổi "
                           "số năm 2025",
            "scope_states": list(rs.ANNUAL_SCOPE_STATES), "started_until": dt.date(2025, 12, 31),
            "period_year": 2025, "deadline": deadline, "receiving_unit": self.builder.units["SL-SKHCN"],
        }, allow_past_deadline=True)
        self.campaign_times[campaign.pk]["created_at"] = self.moment
        self.at(("campaign", 2025), opened)
        rs.open_campaign(self.appraiser, campaign)
        self.campaign_times[campaign.pk]["opened_at"] = self.moment
        reviews = list(campaign.reviews.select_related("unit", "project").prefetch_related(
            "project__events", "project__capabilities", "project__data_entities").order_by("unit__code", "project__code"))
        r = self.rng.randint
        span = (deadline - opened).days
        for review in reviews:
            self.deadline_of[review.pk] = deadline
            project, code = review.project, review.unit.code
            plan = UNITS_2025.get(code, "on_time")
            if plan == "not_started":
                continue
            staff, head = self.people(review)
            special = SPECIAL_2025.get(project.name, {})
            state = project.state
            self_rating, rating, q, problems = self._findings(project, special, state, 2025)
            if plan == "draft":
                day = _on_or_before(opened + r(span // 2, span + 2) * DAY, opened)
                self.fill(review, staff, min(day, self.cutoff),
                          self._data(project, state, self_rating, q, problems, partial=True))
                continue
            if plan == "late":
                fill_day = _on_or_before(deadline - r(0, 3) * DAY, opened)
                submit_day = _on_or_after(deadline + r(1, 3) * DAY, self.cutoff)
                if submit_day <= deadline or not _workday(submit_day):
                    submit_day = self.cutoff
            else:
                fill_day = _on_or_before(opened + r(span // 3, span - 2) * DAY, opened)
                submit_day = _on_or_before(min(fill_day + r(0, 3) * DAY, deadline), fill_day)
            issue = self.rng.choice(GENERIC_ISSUES) if self.rng.random() < 0.1 else None
            review = self.fill(review, staff, fill_day,
                               self._data(project, state, self_rating, q, problems, issue=issue))
            review = self.submit(review, head, submit_day)
            if project.name == RETURNED_2025:
                back = _on_or_before(min(submit_day + 2 * DAY, self.cutoff), submit_day)
                review = self.send_back(review, back, "Bổ sung biên bản nghiệm thu khối lượng số hóa năm 2025 và "
                                                      "số liệu hồ sơ đã số hóa được tái sử dụng.")
                self.fill(review, staff, _on_or_before(min(back + DAY, self.cutoff), back),
                          self._data(project, state, self_rating, q, problems))
                continue
            if plan == "late" or code in ("SL-STC", "SL-SGDDT"):
                continue                      # waiting for the appraiser
            assess_day = _on_or_before(min(submit_day + r(2, 9) * DAY, self.cutoff), submit_day)
            proposal = special.get("proposal") or ("continue" if rating in (R.EFFECTIVE, R.PARTLY) else "adjust")
            reason = special.get("reason") or ("" if proposal == "continue" else
                                               " ".join(PROBLEM_NOTES[c] for c in problems)
                                               + " Đề nghị điều chỉnh giải pháp khai thác, sử dụng.")
            review = self.assess(review, assess_day, rating, proposal, reason)
            if issue:
                self.answer(review, _on_or_before(min(assess_day + DAY, self.cutoff), assess_day), issue[2])

    # ----------------------------------------------------------------- stamps ----

    def _apply(self) -> None:
        for model, field in self.stamped.items():
            moments = self.created.get(model)
            if not moments:
                continue
            pk_name = model._meta.pk.attname
            rows = [model(**{pk_name: pk, field: m}) for pk, m in moments.items()]
            model.objects.bulk_update(rows, [field], batch_size=500)
        # The audit row of a submission says whether it was late: judge it by the simulated day.
        rows = []
        for event in AuditEvent.objects.filter(pk__in=list(self.created.get(AuditEvent, {})), verb="review.submitted"):
            deadline = self.deadline_of.get(event.data.get("review"))
            if deadline:
                event.data = {**event.data, "late": timezone.localtime(event.created_at).date() > deadline}
                rows.append(event)
        AuditEvent.objects.bulk_update(rows, ["data"], batch_size=500)
        fields = ("submitted_at", "reviewed_at", "decided_at", "updated_at")
        rows = []
        for pk, times in self.review_times.items():
            review = Review(pk=pk)
            for f in fields:
                setattr(review, f, times.get(f))
            rows.append(review)
        current = {pk: vals for pk, *vals in Review.objects.filter(pk__in=list(self.review_times)).values_list(
            "pk", *fields)}
        for review in rows:   # a field the demo did not touch keeps its value
            for f, value in zip(fields, current[review.pk]):
                if getattr(review, f) is None:
                    setattr(review, f, value)
        Review.objects.bulk_update(rows, list(fields), batch_size=500)
        for pk, times in self.campaign_times.items():
            Campaign.objects.filter(pk=pk).update(**times)
            # Reviews nobody touched were last changed when the campaign opened them.
            Review.objects.filter(campaign_id=pk).exclude(pk__in=list(self.review_times)).update(
                updated_at=times["opened_at"])
        ReviewIssue.objects.bulk_update([ReviewIssue(pk=pk, answered_at=m) for pk, m in self.answered.items()],
                                        ["answered_at"])
        # the register items of the difficulties: due and answered on the review's simulated days
        items = list(Bottleneck.objects.filter(review_issue__isnull=False).select_related("review_issue"))
        for item in items:
            item.answer_due = due_date(timezone.localtime(item.created_at).date(), ANSWER_DAYS)
            if item.answered_at:
                item.answered_at = item.review_issue.answered_at or item.answered_at
        Bottleneck.objects.bulk_update(items, ["answer_due", "answered_at"], batch_size=500)
        FollowUpAction.objects.bulk_update([FollowUpAction(pk=pk, done_at=m) for pk, m in self.done.items()],
                                           ["done_at"])
