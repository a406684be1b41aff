"""The compliance ranking of the demo province's units for 2025 and the follow-up items the
projects' cost and schedule signals open, built through :mod:`cds.rankings.services` and
:mod:`cds.rankings.signals` by the people who would take each step.

* **Method v1** — "Phương pháp xếp hạng mức độ tuân thủ quản lý đầu tư ứng dụng CNTT, CĐS" with
  every registered criterion at its default weight: drafted by the administrator ("admin") in
  October 2026, submitted, approved by the Chủ tịch ("lanhdao") — maker ≠ checker.
* **The 2025 period** — opened and computed by the administrator under v1, published by the
  Chủ tịch: from then on frozen.
* **Method v2** — a draft based on v1 that weighs candour more and disbursement less
  (:data:`V2_WEIGHTS`), never submitted, computed for 2025 beside v1 so that the comparison page
  shows both rankings side by side.
* **The signals** — the daily job :func:`cds.rankings.signals.refresh` run on the first working
  day after each quarter of the demo (and once on the last data day): projects red two quarters
  running and the 2026 disbursement behind plan past 30/09 open follow-up items for the CĐS
  appraiser ("thamdinh").

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
from cds.notifications.models import Notification
from cds.rankings import services
from cds.rankings.models import Alert, Method, Period, ProjectSignal, Result

from .clock import ServiceClock

SEED = 3010
D = dt.date
DAY_START = dt.time(8, 0)
RECEIVER_UID = "cds-demo-rankings"
STAMPED = {Method: "drafted_at", Period: "created_at", Result: "computed_at", ProjectSignal: "computed_at",
           AuditEvent: "created_at", Notification: "created_at"}
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

# (day, step) — the story's calendar (working days of the autumn of 2026).
DRAFTED, SUBMITTED, APPROVED = D(2026, 10, 12), D(2026, 10, 14), D(2026, 10, 19)
OPENED, COMPUTED, PUBLISHED = D(2026, 10, 26), D(2026, 11, 2), D(2026, 11, 6)
V2_DRAFTED, V2_COMPUTED = D(2026, 11, 10), D(2026, 11, 10)
# The daily signals job, on the first working day after each quarter of the demo and on the last
# data day (the behind-plan check looks at the year's disbursement past 30/09).
SIGNAL_DAYS = (D(2026, 1, 5), D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1), D(2026, 11, 16))


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
        from cds.rankings import signals

        for day in SIGNAL_DAYS:
            self.step(day, lambda d=day: signals.refresh(d))
