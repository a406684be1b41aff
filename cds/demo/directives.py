"""Directives of the demo province, registered and followed through
:mod:`cds.directives.services` by the people who would do it.

Three directives are real ones of other provinces, as published in the news, rewritten for tỉnh
Sơn Lâm (unit names of the demo tree, leaders' names of the demo cast):

* **Thông báo kết luận số 61/TB-UBND ngày 08/3/2023** — the conclusions of the Phó Chủ tịch's
  meeting of 06/3/2023 on the difficulties of preparing and appraising IT/CĐS dossiers (Quảng Nam).
  Sở TT&TT's three tasks carry no deadline in the text (flagged "thiếu rõ thời gian"), Sở TN&MT's
  appraisal "hoàn thành trước ngày 22/3/3023" (the original's typo, read as 2023) was done a week
  late;
  the departments' estimates for 2023 ("Các Sở, Ban, ngành: …") were kept for four departments.
* **Công văn số 8826/UBND-VXNV ngày 28/12/2023** (Bắc Kạn): every investor unit reports the
  effectiveness of its CĐS tasks and projects to Sở TT&TT before 10/01/2024 — most on time, two
  late, UBND huyện Tân Phong never: when the district ended (30/6/2025) the task was handed over
  to UBND xã Tân Phong, its first successor (xã Tân Hiệp coordinating), where it is still
  overdue; Sở TT&TT follows up continuously (handed over to Sở KH&CN on 01/3/2025).
* **Công văn số 1470/UBND-NC ngày 22/4/2024** (Bình Phước): the Đề án 06 survey by five problem
  groups; the original gives no deadlines, so the tasks are flagged, and all were reported done.

One is current, so that today's views have something to show: **Kế hoạch số 215/KH-UBND ngày
15/9/2026** on reviewing the effectiveness of 2026's tasks and projects and stopping the useless
ones: tasks completed on time and late, overdue (one not started, one in progress), due within
days, an extension granted and one waiting for the leader, a monthly report of Công an tỉnh.

The clock: each step runs with Django's clock set to its moment (as :mod:`.appraisal` does), so
the dates of reports, extension requests, audit rows, history and notifications are the step's
day. The three departments and the district that no longer exist act through accounts of their
own, deactivated when their unit ended (not listed among the demo accounts). Notifications older
than two weeks before the demo's last day are marked read.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.contrib.auth.hashers import make_password
from django.db.models.signals import pre_save
from django.utils import timezone

from cds.accounts.models import Role, User
from cds.audit.models import AuditEvent
from cds.directives import services
from cds.directives.models import Directive, ExtensionRequest, ProgressReport, Task
from cds.directives.reminders import send_directive_reminders
from cds.notifications.models import Notification
from cds.orgs.models import Unit
from cds.orgs.services import transfer_ended_work
from cds.projects.models import Project

from .appraisal import pdf, upload
from .common import DATA_END

DAY = dt.timedelta(days=1)
STAMPED = {Directive: "created_at", Task: "created_at", ProgressReport: "created_at",
           AuditEvent: "created_at", Notification: "created_at"}
RECEIVER_UID = "cds-demo-directives"

# Accounts of the units that ended (code, username, name, title, last day)
FORMER = [
    ("SL-STTTT", "cv_tttt_cu", "Phan Văn", "Lộc", "Chuyên viên Phòng Công nghệ thông tin, Sở TT&TT", dt.date(2025, 2, 28)),
    ("SL-STTTT", "ld_tttt_cu", "Đào Minh", "Quang", "Phó Giám đốc Sở TT&TT", dt.date(2025, 2, 28)),
    ("SL-STNMT", "cv_tnmt_cu", "Kim Thị", "Ngân", "Chuyên viên Văn phòng Đăng ký đất đai", dt.date(2025, 2, 28)),
    ("SL-TPSL", "cv_tpsl_cu", "Hà Văn", "Kiên", "Chuyên viên Phòng Văn hóa và Thông tin", dt.date(2025, 6, 30)),
]

KL_61 = """Ngày 06/3/2023, Phó Chủ tịch UBND tỉnh Lê Thị Thu Hà chủ trì cuộc họp với cơ quan, đơn vị liên quan để nghe báo cáo về các khó khăn, vướng mắc trong việc lập, thẩm định hồ sơ, dự án ứng dụng công nghệ thông tin, chuyển đổi số. Sau khi nghe báo cáo của Sở Thông tin và Truyền thông; ý kiến phát biểu của các đại biểu tham dự cuộc họp; Phó Chủ tịch UBND tỉnh kết luận:
Giao Sở Thông tin và Truyền thông Chủ trì, phối hợp với các Sở, ngành, địa phương liên quan đánh giá kết quả triển khai thực hiện Nghị quyết số 33/NQ-HĐND ngày 17/9/2020 của HĐND tỉnh, nêu rõ các khó khăn, vướng mắc, kiến nghị, đề xuất; tổng hợp, tham mưu UBND tỉnh báo cáo Ban Chỉ đạo Cải cách hành chính và Chuyển đổi số tỉnh; Khẩn trương tham mưu UBND tỉnh có văn bản kiến nghị Bộ Thông tin và Truyền thông hướng dẫn về đơn giá, định mức lĩnh vực CNTT, về thử nghiệm dịch vụ CNTT chưa có sẵn trên thị trường theo Nghị định số 73/2019/NĐ-CP ngày 05/9/2019 của Chính phủ. Chủ trì, phối hợp với các Sở, ngành, đơn vị có liên quan rà soát Kế hoạch số 8793/KH-UBND ngày 30/12/2022 của UBND tỉnh về Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm 2023, phối hợp với Sở Tài chính tổng hợp nhu cầu kinh phí triển khai Kế hoạch, báo cáo UBND tỉnh xem xét, điều chỉnh Kế hoạch.
Giao Sở Tài nguyên và Môi trường khẩn trương có ý kiến thẩm định hồ sơ 02 nhiệm vụ ứng dụng CNTT (kể cả dự toán lập theo định mức của Bộ Tài nguyên và Môi trường): Hệ thống CSDL quản lý quy hoạch và cấp phép xây dựng của Sở Xây dựng và Xây dựng phần mềm và CSDL phục vụ công tác quản lý nhà nước của Ban Quản lý các khu kinh tế và khu công nghiệp tỉnh, hoàn thành trước ngày 22/3/3023; gửi Sở Thông tin và Truyền thông tổng hợp, thẩm định, trình cấp có thẩm quyền phê duyệt theo quy định.
Các Sở, Ban, ngành: Căn cứ yêu cầu, kế hoạch chuyển đổi số của tỉnh, lập dự toán kinh phí triển khai các nhiệm vụ Chuyển đổi số năm 2023 theo Kế hoạch số 8793/KH-UBND ngày 30/12/2022 của UBND tỉnh, gửi Sở Thông tin và Truyền thông, Sở Tài chính tổng hợp, báo cáo UBND tỉnh."""

CV_8826 = """Chủ tịch UBND tỉnh chỉ đạo các đơn vị được giao nhiệm vụ chủ đầu tư các nhiệm vụ/dự án chuyển đổi số, ứng dụng CNTT từ tháng 12/2023 trở về trước (gồm các nhiệm vụ/dự án đã hoàn thành và đang thực hiện, sử dụng) xây dựng báo cáo đánh giá hiệu quả cụ thể của các nhiệm vụ/dự án gửi Sở Thông tin và Truyền thông tổng hợp trước ngày 10 tháng 01 năm 2024.
Trong quá trình thực hiện nếu có khó khăn, vướng mắc các đơn vị, địa phương chủ động thông tin, phản ánh về Sở Thông tin và Truyền thông để báo cáo UBND tỉnh chỉ đạo, tháo gỡ kịp thời.
Giao Sở Thông tin và Truyền thông thường xuyên theo dõi, kiểm tra, giám sát, đôn đốc, hướng dẫn và hỗ trợ các đơn vị, địa phương trong quá trình triển khai thực hiện các nhiệm vụ/dự án chuyển đổi số; kịp thời báo cáo đề xuất UBND tỉnh tạm dừng các nhiệm vụ/dự án chưa thực sự cần thiết hoặc không hiệu quả để tránh lãng phí ngân sách tỉnh./."""

CV_1470 = """Giao Văn phòng UBND tỉnh chủ trì khảo sát, đánh giá và tham mưu các giải pháp đảm bảo nhóm nhiệm vụ về pháp lý. Sở Thông tin và Truyền thông chủ trì khảo sát, đánh giá và tham mưu các giải pháp đảm bảo 03 nhóm nhiệm vụ về hạ tầng, an ninh an toàn, dữ liệu. Sở Tài chính chủ trì, phối hợp Sở Kế hoạch và Đầu tư khảo sát, đánh giá và tham mưu các giải pháp đảm bảo nguồn lực liên quan đến kinh phí, ngân sách. Sở Nội vụ chủ trì khảo sát, đánh giá và tham mưu các giải pháp đảm bảo nguồn lực liên quan đến con người. Công an tỉnh chủ trì, phối hợp với Văn phòng UBND tỉnh căn cứ Bộ danh mục câu hỏi, biểu khảo sát để rà soát, đề xuất làm việc đôn đốc các sở, ngành triển khai các nhiệm vụ và tổng hợp kết quả, báo cáo đề xuất giải quyết các điểm nghẽn, các công việc cần triển khai để thúc đẩy tiến độ Đề án 06."""

KH_215 = """Để bảo đảm hiệu quả sử dụng ngân sách nhà nước cho chuyển đổi số năm 2026, UBND tỉnh ban hành Kế hoạch rà soát, đánh giá hiệu quả các nhiệm vụ, dự án chuyển đổi số như sau:
Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính tổng hợp danh mục toàn bộ nhiệm vụ, dự án chuyển đổi số đang triển khai trên phần mềm CĐS Portfolio, hoàn thành trước ngày 15/10/2026.
Sở Y tế chủ trì đánh giá hiệu quả Hệ thống thông tin quản lý khám, chữa bệnh, đề xuất tiếp tục, điều chỉnh hoặc dừng, hoàn thành trước ngày 30/10/2026.
Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Khoa học và Công nghệ rà soát các phần mềm quản lý trường học trùng lặp, đề xuất hệ thống dùng chung, hoàn thành trước ngày 13/11/2026.
Sở Tư pháp rà soát hiệu quả phần mềm cấp Phiếu lý lịch tư pháp trực tuyến, báo cáo trước ngày 10/11/2026.
Sở Văn hóa, Thể thao và Du lịch chủ trì đánh giá hiệu quả ứng dụng du lịch thông minh, hoàn thành trước ngày 31/10/2026.
Sở Xây dựng chủ trì, phối hợp với Sở Nông nghiệp và Môi trường hoàn thiện kết nối CSDL nhà ở và thị trường bất động sản với CSDL đất đai, hoàn thành trước ngày 30/11/2026.
Sở Nông nghiệp và Môi trường chủ trì báo cáo tiến độ xây dựng CSDL đất đai và kế hoạch đồng bộ với Cơ sở dữ liệu quốc gia về đất đai, hoàn thành trước ngày 25/11/2026.
Công an tỉnh định kỳ hằng tháng, trước ngày 20, báo cáo tiến độ làm sạch dữ liệu dân cư phục vụ Đề án 06.
Sở Tài chính chủ trì tham mưu bố trí, điều chỉnh kinh phí năm 2027 cho các nhiệm vụ hiệu quả, hoàn thành trong tháng 12/2026."""


def build_directives(builder) -> dict:
    """Build the four directives (called at the end of :meth:`DemoBuilder.build`)."""
    return DirectivesDemo(builder).run()


class DirectivesDemo:
    def __init__(self, builder):
        self.b = builder
        self.units = builder.units
        self.users = dict(builder.users)
        self.cutoff = builder.cutoff
        self.now = timezone.now()
        self.moment = None
        self.skipped = 0

    # ------------------------------------------------------------------ clock ----

    @contextmanager
    def at(self, day: dt.date, hour: int = 9, minute: int = 0):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
        self.moment = min(moment, self.now - dt.timedelta(minutes=1))
        real_now = timezone.now
        timezone.now = lambda: self.moment
        try:
            yield
        finally:
            timezone.now = real_now
            self.moment = None

    def _stamp(self, sender, instance, **kwargs):
        field = STAMPED.get(sender)
        if field and self.moment is not None and instance._state.adding:
            setattr(instance, field, self.moment)

    def step(self, day: dt.date, call, hour: int = 9):
        if day > self.cutoff:
            self.skipped += 1
            return None
        with self.at(day, hour):
            return call()

    # ------------------------------------------------------------------ people ----

    def u(self, username: str) -> User:
        return self.users[username]

    def _former_users(self) -> None:
        for code, username, first, last, title, _ in FORMER:
            self.users[username] = User.objects.create(
                username=username, first_name=first, last_name=last, role=Role.UNIT_STAFF, job_title=title,
                unit=self.units[code], password=make_password(None), is_active=True)

    def _close_former(self) -> None:
        for _, username, *_rest in FORMER:
            User.objects.filter(username=username).update(is_active=False)

    # ------------------------------------------------------------------ helpers ----

    def directive(self, day, registered, by, **data) -> Directive:
        data = {**data, "issued_on": day, "issuer": self.units["SL"]}
        title = f"{data['number']} — {data['title']}"
        file = upload(f"{data['number'].replace('/', '-')}.pdf", pdf(title, data["full_text"].splitlines()[:40]))
        return self.step(registered, lambda: services.create_directive(self.u(by), data, file))

    def task(self, directive, day, by, lead, content, *, coord=(), deadline=None, kind="date", text="",
             responsible="", product="", projects=()) -> Task | None:
        data = {"content": content, "lead_unit": self.units[lead].pk, "lead_text": self.units[lead].name,
                "coordinating_units": [self.units[c].pk for c in coord], "deadline": deadline,
                "deadline_kind": kind if deadline else "none", "deadline_text": text,
                "responsible": responsible, "expected_product": product,
                "projects": [p.pk for p in projects if p]}
        return self.step(day, lambda: services.add_task(self.u(by), directive, data))

    def report(self, task, day, by, percent, content, done=False, hour=15):
        if task is None:
            return None
        name = f"bao-cao-{task.pk}-{day:%Y%m%d}.pdf"

        def call():
            task.refresh_from_db()
            evidence = upload(name, pdf(f"Báo cáo kết quả — {task.content[:80]}", [content])) if done else None
            return services.report_progress(self.u(by), task, percent=percent, content=content, completes=done,
                                            upload=evidence)
        return self.step(day, call, hour)

    def project_of(self, code: str, words: str = "") -> Project | None:
        qs = Project.objects.filter(investor_unit__code=code)
        if words:
            qs = qs.filter(name__icontains=words)
        return qs.order_by("pk").first()

    # ------------------------------------------------------------------ run ----

    def run(self) -> dict:
        pre_save.connect(self._stamp, dispatch_uid=RECEIVER_UID)
        try:
            self._former_users()
            self.kl_61()
            self.cv_8826()
            self.cv_1470()
            self.hand_over()
            self.kh_215()
            self._close_former()
            Notification.objects.filter(kind="directive", created_at__date__lt=DATA_END - 14 * DAY,
                                        read_at__isnull=True).update(read_at=timezone.now())
            send_directive_reminders(timezone.localdate(), email=False)
        finally:
            pre_save.disconnect(dispatch_uid=RECEIVER_UID)
        self.b.skipped += self.skipped
        return {"directives": Directive.objects.count(), "tasks": Task.objects.count(),
                "reports": ProgressReport.objects.count(), "extensions": ExtensionRequest.objects.count()}

    def kl_61(self) -> None:
        d = self.directive(dt.date(2023, 3, 8), dt.date(2023, 3, 9), "thamdinh", kind="ket_luan", number="61/TB-UBND",
                           signer="TL. Chủ tịch — Chánh Văn phòng UBND tỉnh",
                           title="Kết luận của Phó Chủ tịch UBND tỉnh Lê Thị Thu Hà tại cuộc họp về các khó khăn, "
                                 "vướng mắc trong việc lập, thẩm định hồ sơ, dự án ứng dụng CNTT, chuyển đổi số",
                           full_text=KL_61)
        day = dt.date(2023, 3, 9)
        t1 = self.task(d, day, "thamdinh", "SL-STTTT", "Đánh giá kết quả triển khai thực hiện Nghị quyết số 33/NQ-HĐND "
                       "ngày 17/9/2020 của HĐND tỉnh, nêu rõ các khó khăn, vướng mắc, kiến nghị, đề xuất; tổng hợp, "
                       "tham mưu UBND tỉnh báo cáo Ban Chỉ đạo Cải cách hành chính và Chuyển đổi số tỉnh",
                       coord=("SL-SYT", "SL-SGDDT", "SL-STC"), product="Báo cáo đánh giá kết quả thực hiện Nghị quyết 33")
        t2 = self.task(d, day, "thamdinh", "SL-STTTT", "Khẩn trương tham mưu UBND tỉnh có văn bản kiến nghị Bộ Thông tin "
                       "và Truyền thông hướng dẫn về đơn giá, định mức lĩnh vực CNTT, về thử nghiệm dịch vụ CNTT chưa có "
                       "sẵn trên thị trường theo Nghị định số 73/2019/NĐ-CP", product="Dự thảo văn bản kiến nghị")
        t3 = self.task(d, day, "thamdinh", "SL-STTTT", "Rà soát Kế hoạch số 8793/KH-UBND ngày 30/12/2022 về chuyển đổi số "
                       "năm 2023, tổng hợp nhu cầu kinh phí, báo cáo UBND tỉnh xem xét, điều chỉnh Kế hoạch",
                       coord=("SL-STC",), responsible="Giám đốc Sở Thông tin và Truyền thông",
                       product="Tờ trình điều chỉnh Kế hoạch")
        t4 = self.task(d, day, "thamdinh", "SL-STNMT", "Có ý kiến thẩm định hồ sơ 02 nhiệm vụ ứng dụng CNTT (kể cả dự toán "
                       "lập theo định mức của Bộ TN&MT): Hệ thống CSDL quản lý quy hoạch và cấp phép xây dựng của Sở Xây "
                       "dựng; phần mềm và CSDL quản lý nhà nước của Ban Quản lý các KKT và KCN",
                       deadline=dt.date(2023, 3, 22), text="hoàn thành trước ngày 22/3/3023 (văn bản ghi nhầm năm)",
                       responsible="Giám đốc Sở Tài nguyên và Môi trường", product="Văn bản góp ý thẩm định gửi Sở TT&TT")
        estimates = [self.task(d, day, "thamdinh", code, "Lập dự toán kinh phí triển khai các nhiệm vụ chuyển đổi số năm "
                               "2023 theo Kế hoạch số 8793/KH-UBND, gửi Sở TT&TT, Sở Tài chính tổng hợp",
                               deadline=dt.date(2023, 4, 14), text="trước ngày 14/4/2023 (Sở TT&TT hướng dẫn)",
                               product="Dự toán kinh phí năm 2023", responsible="Thủ trưởng đơn vị")
                     for code in ("SL-SYT", "SL-SGDDT", "SL-STP", "SL-SXD")]
        self.report(t2, dt.date(2023, 3, 17), "cv_tttt_cu", 100, "Đã trình UBND tỉnh dự thảo Công văn kiến nghị Bộ TT&TT "
                    "(Tờ trình số 45/TTr-STTTT ngày 17/3/2023).", done=True)
        self.report(t4, dt.date(2023, 3, 21), "cv_tnmt_cu", 60, "Đã góp ý hồ sơ của Sở Xây dựng; đang rà soát dự toán của "
                    "Ban Quản lý các KKT và KCN theo định mức của Bộ TN&MT.")
        self.report(t4, dt.date(2023, 3, 29), "cv_tnmt_cu", 100, "Đã gửi Sở TT&TT Văn bản số 512/STNMT-VP góp ý thẩm định "
                    "02 nhiệm vụ (chậm 5 ngày làm việc do chờ đơn giá của Bộ).", done=True)
        self.report(t3, dt.date(2023, 5, 12), "cv_tttt_cu", 100, "UBND tỉnh đã ban hành Kế hoạch điều chỉnh số 2150/KH-UBND.",
                    done=True)
        self.report(t1, dt.date(2023, 6, 20), "cv_tttt_cu", 100, "Đã gửi Báo cáo số 230/BC-STTTT đánh giá kết quả thực hiện "
                    "Nghị quyết 33/NQ-HĐND.", done=True)
        for task, (day, staff) in zip(estimates, [(dt.date(2023, 4, 12), "cv_yte"), (dt.date(2023, 4, 20), "cv_gddt"),
                                                  (dt.date(2023, 4, 13), "cv_tuphap"), (dt.date(2023, 4, 14), "cv_xaydung")]):
            self.report(task, day, staff, 100, "Đã gửi dự toán kinh phí chuyển đổi số năm 2023 kèm thuyết minh.", done=True)

    def cv_8826(self) -> None:
        d = self.directive(dt.date(2023, 12, 28), dt.date(2023, 12, 29), "thamdinh", kind="cong_van",
                           number="8826/UBND-VXNV", signer="Chủ tịch UBND tỉnh Nguyễn Văn Thành",
                           title="Rà soát, đánh giá và đảm bảo hiệu quả triển khai các nhiệm vụ/dự án chuyển đổi số "
                                 "trên địa bàn tỉnh", full_text=CV_8826)
        day = dt.date(2023, 12, 29)
        content = ("Xây dựng báo cáo đánh giá hiệu quả cụ thể của các nhiệm vụ/dự án chuyển đổi số, ứng dụng CNTT từ "
                   "tháng 12/2023 trở về trước, gửi Sở Thông tin và Truyền thông tổng hợp")
        plan = [("SL-SYT", "cv_yte", dt.date(2024, 1, 8)), ("SL-SGDDT", "cv_gddt", dt.date(2024, 1, 12)),
                ("SL-STP", "cv_tuphap", dt.date(2024, 1, 9)), ("SL-SXD", "cv_xaydung", dt.date(2024, 1, 16)),
                ("SL-STNMT", "cv_tnmt_cu", dt.date(2024, 1, 10)), ("SL-TPSL", "cv_tpsl_cu", dt.date(2024, 1, 19)),
                ("SL-HTP", None, None)]
        for code, staff, done in plan:
            t = self.task(d, day, "thamdinh", code, content, deadline=dt.date(2024, 1, 10),
                          text="trước ngày 10 tháng 01 năm 2024", product="Báo cáo đánh giá hiệu quả theo biểu mẫu")
            if staff:
                self.report(t, done, staff, 100, "Đã gửi báo cáo đánh giá hiệu quả các nhiệm vụ/dự án của đơn vị.",
                            done=True)
        follow = self.task(d, day, "thamdinh", "SL-STTTT", "Thường xuyên theo dõi, kiểm tra, giám sát, đôn đốc, hướng dẫn "
                           "và hỗ trợ các đơn vị, địa phương triển khai các nhiệm vụ/dự án chuyển đổi số; kịp thời báo cáo "
                           "đề xuất UBND tỉnh tạm dừng các nhiệm vụ/dự án chưa thực sự cần thiết hoặc không hiệu quả",
                           product="Báo cáo đề xuất tạm dừng (khi có)")
        self.report(follow, dt.date(2024, 6, 28), "cv_tttt_cu", 50, "Đã kiểm tra 14 nhiệm vụ/dự án; đề xuất tạm dừng 02 "
                    "nhiệm vụ chưa hiệu quả (Báo cáo số 310/BC-STTTT).")

    def cv_1470(self) -> None:
        d = self.directive(dt.date(2024, 4, 22), dt.date(2024, 4, 23), "thamdinh", kind="cong_van", number="1470/UBND-NC",
                           signer="Phó Chủ tịch UBND tỉnh Lê Thị Thu Hà",
                           title="Nghiên cứu giải pháp, kinh nghiệm trong triển khai Đề án 06 và khảo sát theo 05 nhóm "
                                 "vấn đề điểm nghẽn cần tháo gỡ", full_text=CV_1470)
        day = dt.date(2024, 4, 23)
        rows = [
            ("SL-VP", (), "Khảo sát, đánh giá và tham mưu các giải pháp đảm bảo nhóm nhiệm vụ về pháp lý", "cv_vp",
             dt.date(2024, 5, 30)),
            ("SL-STTTT", (), "Khảo sát, đánh giá và tham mưu các giải pháp đảm bảo 03 nhóm nhiệm vụ về hạ tầng, an ninh "
             "an toàn, dữ liệu", "cv_tttt_cu", dt.date(2024, 6, 5)),
            ("SL-STC", ("SL-SKHDT",), "Khảo sát, đánh giá và tham mưu các giải pháp đảm bảo nguồn lực liên quan đến "
             "kinh phí, ngân sách", "cv_taichinh", dt.date(2024, 6, 3)),
            ("SL-SNV", (), "Khảo sát, đánh giá và tham mưu các giải pháp đảm bảo nguồn lực liên quan đến con người",
             "cv_noivu", dt.date(2024, 5, 28)),
            ("SL-CA", ("SL-VP",), "Căn cứ Bộ danh mục câu hỏi, biểu khảo sát rà soát, đôn đốc các sở, ngành và tổng hợp "
             "kết quả, báo cáo đề xuất giải quyết các điểm nghẽn của Đề án 06", "cv_congan", dt.date(2024, 6, 14)),
        ]
        for lead, coord, content, staff, done in rows:
            t = self.task(d, day, "thamdinh", lead, content, coord=coord, product="Báo cáo kết quả khảo sát")
            self.report(t, done, staff, 100, "Đã gửi báo cáo kết quả khảo sát và đề xuất giải pháp.", done=True)

    def hand_over(self) -> None:
        """The reorganisation's hand-over, on the first day without the old units (01/3/2025 for
        the departments, 01/7/2025 for the districts): their open tasks go to their successors
        through :func:`cds.orgs.services.transfer_ended_work`, on behalf of the administrator who
        recorded the reorganisation — Sở TT&TT's follow-up to Sở KH&CN, UBND huyện Tân Phong's
        unsent report to UBND xã Tân Phong (xã Tân Hiệp coordinating)."""
        for last_day in sorted(set(Unit.objects.filter(valid_to__isnull=False).values_list("valid_to", flat=True))):
            first = last_day + DAY
            self.step(first, lambda first=first, last_day=last_day: transfer_ended_work(
                day=first, units=Unit.objects.filter(valid_to=last_day)), hour=8)

    def kh_215(self) -> None:
        d = self.directive(dt.date(2026, 9, 15), dt.date(2026, 9, 16), "thamdinh", kind="ke_hoach", number="215/KH-UBND",
                           signer="Phó Chủ tịch UBND tỉnh Lê Thị Thu Hà",
                           title="Rà soát, đánh giá hiệu quả các nhiệm vụ, dự án chuyển đổi số năm 2026 và tạm dừng "
                                 "các nhiệm vụ không hiệu quả", full_text=KH_215)
        day = dt.date(2026, 9, 16)
        mk = lambda lead, content, deadline, text, **kw: self.task(  # noqa: E731
            d, day, "thamdinh", lead, content, deadline=deadline, text=text, **kw)
        t_khcn = mk("SL-SKHCN", "Tổng hợp danh mục toàn bộ nhiệm vụ, dự án chuyển đổi số đang triển khai trên phần mềm "
                    "CĐS Portfolio", dt.date(2026, 10, 15), "trước ngày 15/10/2026", coord=("SL-STC",),
                    responsible="Giám đốc Sở Khoa học và Công nghệ", product="Danh mục nhiệm vụ, dự án (bản Excel, Word)")
        t_yte = mk("SL-SYT", "Đánh giá hiệu quả Hệ thống thông tin quản lý khám, chữa bệnh, đề xuất tiếp tục, điều chỉnh "
                   "hoặc dừng", dt.date(2026, 10, 30), "trước ngày 30/10/2026", responsible="Giám đốc Sở Y tế",
                   product="Báo cáo đánh giá hiệu quả", projects=[self.project_of("SL-SYT")])
        t_gd = mk("SL-SGDDT", "Rà soát các phần mềm quản lý trường học trùng lặp, đề xuất hệ thống dùng chung",
                  dt.date(2026, 11, 13), "trước ngày 13/11/2026", coord=("SL-SKHCN",),
                  responsible="Giám đốc Sở Giáo dục và Đào tạo", product="Báo cáo rà soát, phương án dùng chung",
                  projects=[self.project_of("SL-SGDDT")])
        mk("SL-STP", "Rà soát hiệu quả phần mềm cấp Phiếu lý lịch tư pháp trực tuyến", dt.date(2026, 11, 10),
           "báo cáo trước ngày 10/11/2026", product="Báo cáo rà soát", projects=[self.project_of("SL-STP")])
        t_vh = mk("SL-SVHTTDL", "Đánh giá hiệu quả ứng dụng du lịch thông minh", dt.date(2026, 10, 31),
                  "trước ngày 31/10/2026", responsible="Giám đốc Sở VHTT&DL", product="Báo cáo đánh giá hiệu quả",
                  projects=[self.project_of("SL-SVHTTDL")])
        t_xd = mk("SL-SXD", "Hoàn thiện kết nối CSDL nhà ở và thị trường bất động sản với CSDL đất đai",
                  dt.date(2026, 11, 30), "trước ngày 30/11/2026", coord=("SL-SNNMT",),
                  responsible="Giám đốc Sở Xây dựng", product="Biên bản nghiệm thu kết nối",
                  projects=[self.project_of("SL-SXD")])
        mk("SL-SNNMT", "Báo cáo tiến độ xây dựng CSDL đất đai và kế hoạch đồng bộ với Cơ sở dữ liệu quốc gia về đất đai",
           dt.date(2026, 11, 25), "trước ngày 25/11/2026", responsible="Giám đốc Sở Nông nghiệp và Môi trường",
           product="Báo cáo tiến độ", projects=[self.project_of("SL-SNNMT", "đất đai")])
        t_ca = mk("SL-CA", "Báo cáo tiến độ làm sạch dữ liệu dân cư phục vụ Đề án 06", dt.date(2026, 9, 20),
                  "định kỳ hằng tháng, trước ngày 20", kind="monthly", responsible="Giám đốc Công an tỉnh",
                  product="Báo cáo tháng")
        mk("SL-STC", "Tham mưu bố trí, điều chỉnh kinh phí năm 2027 cho các nhiệm vụ hiệu quả", dt.date(2026, 12, 31),
           "hoàn thành trong tháng 12/2026", kind="month", product="Tờ trình phân bổ kinh phí 2027")
        self.report(t_khcn, dt.date(2026, 10, 2), "cv_khcn", 70, "Đã tổng hợp 30 nhiệm vụ, dự án; đang đối chiếu với "
                    "số liệu dự toán của Sở Tài chính.")
        self.report(t_khcn, dt.date(2026, 10, 14), "cv_khcn", 100, "Đã gửi UBND tỉnh danh mục và báo cáo tổng hợp "
                    "(Báo cáo số 402/BC-SKHCN).", done=True)
        self.report(t_ca, dt.date(2026, 9, 18), "cv_congan", 100, "Báo cáo tháng 9: đã làm sạch 96,4% dữ liệu.", done=True)
        self.report(t_ca, dt.date(2026, 10, 19), "cv_congan", 100, "Báo cáo tháng 10: đã làm sạch 97,8% dữ liệu.", done=True)
        self.report(t_yte, dt.date(2026, 10, 21), "cv_yte", 60, "Đã khảo sát 12 bệnh viện, trung tâm y tế.")
        self.report(t_yte, dt.date(2026, 11, 5), "cv_yte", 100, "Đã gửi Báo cáo số 188/BC-SYT: đề xuất tiếp tục, "
                    "bổ sung kết nối hồ sơ sức khỏe điện tử.", done=True)
        self.report(t_gd, dt.date(2026, 11, 6), "cv_gddt", 60, "Đã rà soát 4 phần mềm quản lý trường học; đang lấy ý "
                    "kiến Sở KH&CN về phương án dùng chung.")
        # Sở VHTT&DL asked for more time and was granted it; Sở Xây dựng's request waits for the leader.
        req = self.step(dt.date(2026, 10, 27), lambda: services.request_extension(
            self.u("ld_vhttdl"), t_vh, proposed=dt.date(2026, 11, 30), reason="Chờ số liệu khách du lịch quý III của "
            "Cục Thống kê để đánh giá hiệu quả."))
        if req:
            self.step(dt.date(2026, 10, 28), lambda: services.decide_extension(
                self.u("phochutich"), req, approve=True, note="Đồng ý; hoàn thành trước 30/11/2026."), hour=16)
        self.report(t_xd, dt.date(2026, 11, 3), "cv_xaydung", 50, "Đã kết nối thử nghiệm qua LGSP; còn lỗi đồng bộ "
                    "mã thửa đất.")
        self.step(dt.date(2026, 11, 12), lambda: services.request_extension(
            self.u("ld_xaydung"), t_xd, proposed=dt.date(2026, 12, 15), reason="Sở NN&MT đang chuẩn hóa mã thửa đất "
            "theo CSDL quốc gia; cần thêm 2 tuần để kiểm thử đồng bộ."))
