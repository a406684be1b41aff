"""The compliance ranking of the demo province's units for 2025 and the follow-up items the
projects' cost and schedule signals open, built through :mod:`cds.rankings.services` and
:mod:`cds.rankings.signals` by the people who would take each step.

* **What 2025 left in the records** — the other modules' stories mostly fall in other years
  (the review campaigns report on 2023 and on 2025 with deadlines in 2024 and 2026, the survey is
  of 2024, the planning rounds of 2026), so the ranking of 2025 would find little to tell the
  units apart by. Two stories of 2025 are added through their services: the review campaign on
  2024 (Công văn số 4126/UBND-KTTH, deadline 15/01/2025) — Sở Xây dựng and Sở Công Thương report
  late, Ban Quản lý các KKT và KCN never does; Sở Y tế rates its projects as the appraiser does or
  lower (candid), Sở VHTT&DL above the appraiser's rating every time (optimistic) — and the
  province's Kế hoạch chuyển đổi số năm 2025 (62/KH-UBND) with its tasks: most done on time,
  two late, two still not done today.
* **Method v1** — "Phương pháp xếp hạng mức độ tuân thủ quản lý đầu tư ứng dụng CNTT, CĐS" with
  every registered criterion at its default weight: drafted by the administrator ("admin") in
  October 2026, submitted, approved by the Chủ tịch ("lanhdao") — maker ≠ checker.
* **The 2025 period** — opened and computed by the administrator under v1, published by the
  Chủ tịch: from then on frozen.
* **Method v2** — a draft based on v1 that weighs candour more and disbursement less
  (:data:`V2_WEIGHTS`), never submitted, computed for 2025 beside v1 so that the comparison page
  shows both rankings side by side.
* **The signals** — the daily job :func:`cds.rankings.signals.refresh`, first run on 01/10/2026
  (the last four quarters) and again on the last data day: projects red at the ends of June and
  September and the 2026 disbursement behind plan past 30/09 open follow-up items for the CĐS
  appraiser ("thamdinh"), who concludes one of each kind on 14/10 and leaves the others open.

The ranking reads what the other demo modules built (reviews, directives, appraisal, surveys,
the yearly plan, estimates, procurement, the systems map, the registry's ledger), so this module
runs last. Each step runs with Django's clock set to its day (:class:`.clock.ServiceClock`);
steps after the builder's cutoff are left out. Randomness (minutes): ``random.Random(3010)``.
"""
from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cds.audit.models import AuditEvent
from cds.directives import services as directive_services
from cds.directives.models import Directive, ProgressReport, Task
from cds.notifications.models import Notification
from cds.rankings import services, services_alerts, signals
from cds.rankings.models import Alert, AlertKind, Method, Period, ProjectSignal, Result
from cds.reviews import services as review_services
from cds.reviews.models import Campaign, Rating, Review

from . import documents as docs
from .appraisal import pdf, upload
from .clock import ServiceClock
from .common import DATA_END
from .reviews import OPTIMISM, PROBLEM_NOTES, REVIEWER_TEXT, ReviewDemo

SEED = 3010
D = dt.date
DAY_START = dt.time(8, 0)
RECEIVER_UID = "cds-demo-rankings"
STAMPED = {Method: "drafted_at", Period: "created_at", Result: "computed_at", ProjectSignal: "computed_at",
           Campaign: "created_at", Directive: "created_at", Task: "created_at", ProgressReport: "created_at",
           AuditEvent: "created_at", Notification: "created_at"}
DAY = dt.timedelta(days=1)
HOLIDAYS = {(1, 1), (4, 30), (5, 1), (9, 2)} | {(1, d) for d in range(27, 32)} | {(2, d) for d in range(1, 3)}
YEAR = 2025
TITLE = "Phương pháp xếp hạng mức độ tuân thủ quản lý đầu tư ứng dụng CNTT, CĐS"
DESCRIPTION = (
    "Mỗi tiêu chí được tính bằng tỷ lệ hồ sơ đạt yêu cầu trên tổng số hồ sơ thuộc tiêu chí của đơn vị trong "
    "năm (từ 0 đến 1); điểm của tiêu chí bằng trọng số nhân với tỷ lệ đó, làm tròn đến hai chữ số thập phân; "
    "tổng điểm của đơn vị là tổng điểm các tiêu chí (tối đa 100 điểm). Đơn vị không có hồ sơ thuộc một tiêu chí "
    "được tính bằng mức trung bình của các đơn vị có hồ sơ. Đơn vị xếp hạng là các cơ quan, đơn vị trực thuộc "
    "UBND tỉnh còn hoạt động đến ngày 31/12 của năm; hồ sơ của đơn vị đã giải thể, hợp nhất được tính cho đơn vị "
    "tiếp nhận. Kết quả đã công bố được giữ nguyên, không tính lại theo phiên bản phương pháp sau.")
V2_TITLE = "Phương pháp xếp hạng mức độ tuân thủ quản lý đầu tư ứng dụng CNTT, CĐS (dự thảo sửa đổi)"
V2_DESCRIPTION = (
    DESCRIPTION + " Dự thảo sửa đổi: tăng trọng số tiêu chí trung thực trong báo cáo, giảm trọng số tiêu chí "
    "giải ngân (giải ngân phụ thuộc nhiều vào việc giao vốn, không hoàn toàn do đơn vị).")
V2_WEIGHTS = {"candour": 15, "disbursement": 7}
APPROVAL_NOTE = "Đồng ý ban hành phương pháp để áp dụng cho kỳ xếp hạng năm 2025."

# --- the review campaign on 2024 ---------------------------------------------------------------
CAMPAIGN_2024 = {
    "name": "Báo cáo kết quả thực hiện và hiệu quả các nhiệm vụ, dự án chuyển đổi số năm 2024",
    "basis_number": "4126/UBND-KTTH", "basis_date": D(2024, 12, 16), "basis_issuer": docs.UBND,
    "basis_title": "Về việc báo cáo kết quả thực hiện mục tiêu và hiệu quả các nhiệm vụ, dự án chuyển đổi số năm 2024",
    "started_until": D(2024, 12, 31), "period_year": 2024, "deadline": D(2025, 1, 15),
}
OPENED_2024, CLOSED_2024 = D(2024, 12, 18), D(2025, 3, 14)
LATE_2024 = {"SL-SXD": D(2025, 1, 22), "SL-SCT": D(2025, 2, 5)}     # sent after the deadline
NEVER_2024 = ("SL-BQLKKT",)                                          # never sent
CANDID, OPTIMISTIC = "SL-SYT", "SL-SVHTTDL"

# --- Kế hoạch chuyển đổi số năm 2025 -------------------------------------------------------------
PLAN_2025 = {
    "kind": "ke_hoach", "number": "62/KH-UBND", "issued_on": D(2025, 3, 10),
    "signer": "Phó Chủ tịch UBND tỉnh Lê Thị Thu Hà",
    "title": "Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm 2025",
    "full_text": ("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, "
                  "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, UBND tỉnh ban hành Kế hoạch chuyển đổi "
                  "số năm 2025, giao nhiệm vụ cụ thể cho các sở, ban, ngành với thời hạn hoàn thành trong năm."),
}
REGISTERED_2025 = D(2025, 3, 11)
# lead unit, task, deadline, (day done or None, the reporting account) — late ones done after it
TASKS_2025 = [
    ("SL-STC", "Hướng dẫn lập dự toán chi thường xuyên cho chuyển đổi số năm 2026", D(2025, 4, 30),
     D(2025, 4, 25)),
    ("SL-SKHCN", "Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) kết nối Nền tảng NDXP", D(2025, 6, 30),
     D(2025, 6, 26)),
    ("SL-SNV", "Hoàn thành số hóa hồ sơ cán bộ, công chức, viên chức của tỉnh", D(2025, 7, 31), D(2025, 7, 29)),
    ("SL-SVHTTDL", "Đánh giá hiệu quả Hệ thống du lịch thông minh, đề xuất tiếp tục hoặc dừng", D(2025, 8, 29),
     D(2025, 9, 22)),
    ("SL-SGDDT", "Triển khai học bạ số tại các trường trung học phổ thông", D(2025, 9, 5), D(2025, 9, 3)),
    ("SL-SYT", "Triển khai hồ sơ sức khỏe điện tử tại các bệnh viện tuyến tỉnh", D(2025, 9, 30), D(2025, 9, 26)),
    ("SL-STP", "Làm sạch, số hóa dữ liệu hộ tịch trước năm 2016", D(2025, 10, 31), D(2025, 11, 24)),
    ("SL-SCT", "Kết nối Sàn giao dịch thương mại điện tử tỉnh với các sàn thương mại điện tử quốc gia",
     D(2025, 11, 28), None),
    ("SL-SNNMT", "Hoàn thành cập nhật, đồng bộ Cơ sở dữ liệu đất đai với Cơ sở dữ liệu quốc gia về đất đai",
     D(2025, 12, 15), None),
    ("SL-SXD", "Xây dựng Cơ sở dữ liệu nhà ở và thị trường bất động sản", D(2025, 12, 31), D(2025, 12, 19)),
]

# (day, step) — the story's calendar (working days of the autumn of 2026).
DRAFTED, SUBMITTED, APPROVED = D(2026, 10, 12), D(2026, 10, 14), D(2026, 10, 19)
OPENED, COMPUTED, PUBLISHED = D(2026, 10, 26), D(2026, 11, 2), D(2026, 11, 6)
V2_DRAFTED, V2_COMPUTED = D(2026, 11, 10), D(2026, 11, 10)
# The daily signals job, installed on 01/10/2026 (its first run computes the last four quarters and
# the year's disbursement, 30/09 being past) and run again on the last data day; "thamdinh"
# concludes two of the items it opened and leaves the others open (some now past their due date).
SIGNAL_DAYS = (D(2026, 10, 1), DATA_END)
CONCLUDED = D(2026, 10, 14)
CONCLUSIONS = {
    AlertKind.RED_TWICE: ("continue", "Đã làm việc với chủ đầu tư: chậm tiến độ do điều chỉnh thiết kế theo kết quả rà "
                          "soát hiệu quả; chủ đầu tư cam kết hoàn thành trong năm 2027, báo cáo tiến độ hằng tháng."),
    AlertKind.BEHIND: ("dismiss", "Chủ đầu tư đã giải trình: khối lượng đã nghiệm thu, hồ sơ thanh toán đang gửi Kho bạc "
                       "Nhà nước; giải ngân dự kiến đạt kế hoạch vốn năm trong tháng 12."),
}


def build_rankings(builder) -> dict:
    """The 2025 ranking under v1 (published) and v2 (draft, beside it), and the signals with the
    follow-up items they open (called at the very end of :meth:`DemoBuilder.build`)."""
    return RankingsDemo(builder).run()


class RankingsDemo:
    def __init__(self, builder):
        self.b = builder
        self.units, self.users = builder.units, builder.users
        self.cutoff = builder.cutoff
        self.rng = random.Random(SEED)
        self.clock = ServiceClock(self.rng, timezone.now(), STAMPED, DAY_START, RECEIVER_UID)
        self.skipped = 0

    def run(self) -> dict:
        root = self.units["SL"]
        if Method.objects.filter(root_unit=root).exists():
            return {}
        with self.clock.running():
            self.build_campaign_2024()
            self.build_plan_2025()
            v1 = self.build_method()
            period = self.build_period(v1) if v1 is not None else None
            if period is not None:
                self.build_draft(v1, period)
            self.build_signals()
        self.b.skipped += self.skipped
        return {"methods": Method.objects.filter(root_unit=root).count(),
                "results": Result.objects.filter(period__root_unit=root).count(),
                "signals": ProjectSignal.objects.filter(project__investor_unit__path__startswith=root.path).count(),
                "alerts": Alert.objects.filter(root_unit=root).count()}

    def step(self, day: dt.date, call):
        """``call()`` with the clock on ``day``; None (left out) after the cutoff."""
        if day > self.cutoff:
            self.skipped += 1
            return None
        with self.clock.at(day):
            return call()

    @staticmethod
    def workday(day: dt.date) -> dt.date:
        """``day`` or the first working day after it (Tết 2025 included)."""
        while day.weekday() >= 5 or (day.month, day.day) in HOLIDAYS:
            day += DAY
        return day

    # ---------------------------------------------------------- the campaign on 2024 ----

    def build_campaign_2024(self) -> None:
        """The yearly review campaign on 2024 through the review services: every unit fills and
        sends (a few late, one never), "thamdinh" rates every report sent and closes it."""
        appraiser, root = self.users["thamdinh"], self.units["SL"]

        def open_():
            campaign = review_services.create_campaign(appraiser, {
                **CAMPAIGN_2024, "root_unit": root, "receiving_unit": self.units["SL-STTTT"],
                "scope_states": list(review_services.ANNUAL_SCOPE_STATES)}, allow_past_deadline=True)
            review_services.open_campaign(appraiser, campaign)
            campaign.refresh_from_db()
            Review.objects.filter(campaign=campaign).update(updated_at=campaign.opened_at)
            return campaign
        campaign = self.step(OPENED_2024, open_)
        if campaign is None:
            return
        helper = ReviewDemo(self.b)           # the indicator values and texts of the review demo
        helper.rng = self.rng
        deadline = campaign.deadline
        reviews = list(campaign.reviews.select_related("unit", "project").prefetch_related(
            "project__capabilities", "project__data_entities").order_by("unit__code", "project__code"))
        for review in reviews:
            code, project = review.unit.code, review.project
            if code in NEVER_2024:
                continue
            staff, head = self.b._people(code)
            self_rating, rating, q, problems = self._ratings(helper, review)
            data = helper._data(project, project.state, self_rating, q, problems)
            if code in LATE_2024:
                sent = LATE_2024[code]
                filled = sent - DAY
            else:
                filled = self.workday(D(2025, 1, 2) + self.rng.randint(0, 7) * DAY)
                sent = min(self.workday(filled + self.rng.randint(0, 2) * DAY), deadline)
            self.step(filled, lambda r=review, s=staff, d=data: review_services.save_review(s, r, d))
            self.step(sent, lambda r=review, h=head: review_services.submit_review(h, r))
            assessed = self.workday(max(sent, deadline) + self.rng.randint(3, 20) * DAY)
            proposal = "continue" if rating in (Rating.EFFECTIVE, Rating.PARTLY) else "adjust"
            reason = "" if proposal == "continue" else (
                " ".join(PROBLEM_NOTES[c] for c in problems) + " Đề nghị điều chỉnh giải pháp khai thác, sử dụng.")
            self.step(assessed, lambda r=review, g=rating, p=proposal, why=reason: review_services.assess_review(
                appraiser, r, rating=g, comment=REVIEWER_TEXT[g], proposed_decision=p, proposed_reason=why))
        self.step(CLOSED_2024, lambda: review_services.close_campaign(
            appraiser, Campaign.objects.get(pk=campaign.pk)))

    def _ratings(self, helper: ReviewDemo, review: Review):
        """(self rating, reviewer's rating, quality, problems): the candid unit never rates above
        the appraiser (it often says less), the optimistic one always one step above."""
        self_rating, rating, q, problems = helper._findings(review.project, {}, review.project.state, 2024)
        code = review.unit.code
        if code == CANDID:
            self_rating = rating
        elif code == OPTIMISTIC:
            if rating == Rating.EFFECTIVE:
                rating, q = Rating.PARTLY, min(q, 0.8)
                problems = problems or ["UNUSED_FUNCTIONS"]
            self_rating = OPTIMISM[rating]
        return self_rating, rating, q, problems

    # ------------------------------------------------------ Kế hoạch CĐS năm 2025 ----

    def build_plan_2025(self) -> None:
        """The province's 2025 plan and its tasks, reported by the lead units (late ones after
        their deadline, two not done)."""
        appraiser = self.users["thamdinh"]
        data = {**PLAN_2025, "issuer": self.units["SL"]}
        file = upload("62-KH-UBND.pdf", pdf(f"{data['number']} — {data['title']}", [data["full_text"]]))
        directive = self.step(REGISTERED_2025, lambda: directive_services.create_directive(appraiser, data, file))
        if directive is None:
            return
        for lead, content, deadline, done in TASKS_2025:
            unit = self.units[lead]
            task = self.step(REGISTERED_2025, lambda u=unit, c=content, d=deadline: directive_services.add_task(
                appraiser, directive, {"content": c, "lead_unit": u.pk, "lead_text": u.name, "coordinating_units": [],
                                       "deadline": d, "deadline_kind": "date", "deadline_text": f"trước ngày {d:%d/%m/%Y}",
                                       "responsible": f"Thủ trưởng {u.short_name or u.name}",
                                       "expected_product": "Báo cáo kết quả thực hiện", "projects": []}))
            if task is None:
                continue
            staff, _head = self.b._people(lead)
            halfway = self.workday(deadline - 45 * DAY)
            self.step(halfway, lambda t=task, s=staff: directive_services.report_progress(
                s, t, percent=50, content="Đang triển khai theo kế hoạch; đã hoàn thành khoảng một nửa khối lượng."))
            if done is None:
                continue
            evidence = upload(f"bao-cao-{task.pk}.pdf", pdf(f"Báo cáo kết quả — {content[:80]}", [content]))

            def complete(t=task, s=staff, e=evidence):
                t.refresh_from_db()
                return directive_services.report_progress(s, t, percent=100, completes=True, upload=e,
                                                          content="Đã hoàn thành nhiệm vụ, gửi báo cáo kết quả.")
            self.step(self.workday(done), complete)

    # ---------------------------------------------------------------- method v1 ----

    def build_method(self) -> Method | None:
        admin, leader, root = self.users["admin"], self.users["lanhdao"], self.units["SL"]
        method = self.step(DRAFTED, lambda: services.draft_method(admin, root, title=TITLE, description=DESCRIPTION))
        if method is None:
            return None
        method = self.step(SUBMITTED, lambda: services.submit_method(admin, method, version=method.version)) or method
        return self.step(APPROVED, lambda: services.decide_method(leader, method, version=method.version,
                                                                  approve=True, note=APPROVAL_NOTE))

    # ---------------------------------------------------------------- the period ----

    def build_period(self, v1: Method) -> Period | None:
        admin, leader, root = self.users["admin"], self.users["lanhdao"], self.units["SL"]
        period = self.step(OPENED, lambda: services.open_period(admin, root, year=YEAR, method=v1))
        if period is None:
            return None
        if self.step(COMPUTED, lambda: services.compute_period(admin, period)) is None:
            return period
        period.refresh_from_db()
        return self.step(PUBLISHED, lambda: services.publish_period(leader, period, version=period.version)) or period

    # ---------------------------------------------------------------- draft v2 ----

    def build_draft(self, v1: Method, period: Period) -> None:
        admin, root = self.users["admin"], self.units["SL"]
        rows = [{"code": c.code, "name": c.name, "weight": V2_WEIGHTS.get(c.code, c.weight), "source": c.source,
                 "formula": c.formula} for c in v1.criteria.all()]
        v2 = self.step(V2_DRAFTED, lambda: services.draft_method(admin, root, title=V2_TITLE,
                                                                 description=V2_DESCRIPTION, based_on=v1,
                                                                 criteria=rows))
        if v2 is not None:
            self.step(V2_COMPUTED, lambda: services.compute_period(admin, period, v2))

    # ---------------------------------------------------------------- signals ----

    def build_signals(self) -> None:
        for day in SIGNAL_DAYS:
            self.step(day, lambda d=day: signals.refresh(d))
        appraiser = self.users["thamdinh"]
        for kind, (outcome, note) in CONCLUSIONS.items():
            alert = Alert.objects.filter(root_unit=self.units["SL"], kind=kind, owner=appraiser,
                                         opened_on__lte=CONCLUDED).order_by("pk").first()
            if alert is not None:
                self.step(CONCLUDED, lambda a=alert, o=outcome, n=note: services_alerts.close(
                    appraiser, a, version=a.version, outcome=o, note=n))
