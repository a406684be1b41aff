"""Estimates (dự toán) of the demo province, walked through :mod:`cds.estimates.services`.

* **The province's history** — seven projects of Sơn Lâm built in 2020–2023 had their estimates
  checked by the CĐS appraiser ("thamdinh") and concluded "phù hợp": their priced lines are the
  earlier prices the market comparison reads (every common item — application and database
  servers, firewall, core switch, licences, high-speed scanner, rack space, SSL certificate — has
  at least three of them).
* **Waiting for the check** (submitted in the last weeks before ``DATA_END``), each with one fault
  a checker must find, and one that is right:

  - Sở Xây dựng's construction and transport system (investment, NĐ 45/2026 → structure
    NĐ 73/TT 04): project management written at 4 % of xây lắp + thiết bị when QĐ 1688's table 1a gives
    2,64 % at that size → ``norm.rate`` (error);
  - Sở GD&ĐT's đề cương (recurrent, NĐ 73/2019 → TT 03/2020, the dossier paused for a supplement in
    :mod:`.appraisal`): contingency 12 % of the other costs, cap 10 % → ``norm.contingency`` (error);
  - Sở Nội vụ's electronic personnel records (investment, NĐ 73 + NĐ 82/2024): the application
    server at twice the province's median → ``market.price`` (warning);
  - Sở Tư pháp's criminal-record software (đề cương): the equipment group's sub-total written
    without its last line → ``arithmetic.subtotal`` (error);
  - Sở Công Thương's food-safety database: right, with its software cost by use-case points
    (QĐ 671/2024) attached — no error, no warning.

Every step is a service call by the person who would take it (the unit's chuyên viên prepares
and submits; "thamdinh" reviews and concludes), with Django's clock set to the step's moment as
in :mod:`.appraisal` (the services stamp "today" into the data: submission, conclusion, the day of
an earlier price). Amounts of the lines priced by rate norms (quản lý dự án, tư vấn) are computed
from the QĐ 1688 rows the migration loaded, as a unit would compute them; the contingency of an
estimate is a share of its other costs; a line named in the spec brings the total to the amount
the project's ledger proposes. Randomness (small price spreads, minutes): ``random.Random(SEED)``.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone

from cds.audit.models import AuditEvent
from cds.estimates import services as estimates
from cds.estimates.calc import rates
from cds.estimates.calc import ucp as ucp_calc
from cds.estimates.calc.constants import method_constants
from cds.estimates.models import Basis, Conclusion, Estimate, EstimateVersion, LineReview
from cds.projects.models import BudgetEntry, EventKind, Project, ProjectEvent, Stage, State
from cds.text.format import format_vnd
from cds.text.normalize import fold
from cds.workdays.calendar import WorkCalendar

from .appraisal import pdf, upload
from .clock import ServiceClock
from .common import DATA_END

SEED = 1688
DAY = dt.timedelta(days=1)
DAY_START = dt.time(8, 5)
RECEIVER_UID = "cds-demo-estimates"
STAMPED = {Estimate: "created_at", EstimateVersion: "created_at", LineReview: "created_at",
           AuditEvent: "created_at"}
RATE_METHOD = "QD1688"
UCP_METHOD = "QD671"
CHECKER = "thamdinh"


# ------------------------------------------------------------------ the items ----

@dataclass(frozen=True)
class Item:
    group: str
    name: str
    unit: str
    price: int          # đồng before VAT, the province's usual price
    vat: int            # %


CATALOGUE = {
    "app_server": Item("tb", "Máy chủ ứng dụng (02 CPU, 256 GB RAM)", "bộ", 385_000_000, 10),
    "db_server": Item("tb", "Máy chủ cơ sở dữ liệu (02 CPU, 512 GB RAM)", "bộ", 540_000_000, 10),
    "firewall": Item("tb", "Thiết bị tường lửa (NGFW, thông lượng 10 Gbps)", "bộ", 465_000_000, 10),
    "core_switch": Item("tb", "Thiết bị chuyển mạch lõi (48 cổng 10G)", "bộ", 298_000_000, 10),
    "access_switch": Item("tb", "Thiết bị chuyển mạch truy nhập (24 cổng 1G)", "bộ", 38_500_000, 10),
    "storage": Item("tb", "Thiết bị lưu trữ SAN (dung lượng 100 TB)", "bộ", 1_150_000_000, 10),
    "os_licence": Item("tb", "Bản quyền hệ điều hành máy chủ (Windows Server Standard 16 core)", "bản quyền",
                       28_600_000, 0),
    "db_licence": Item("tb", "Bản quyền hệ quản trị cơ sở dữ liệu (02 CPU)", "bản quyền", 312_000_000, 0),
    "antivirus": Item("tb", "Bản quyền phần mềm diệt virus (01 năm)", "bản quyền", 1_250_000, 0),
    "scanner": Item("tb", "Máy quét tài liệu tốc độ cao (A3, 80 trang/phút)", "chiếc", 148_000_000, 10),
    "ups": Item("tb", "Bộ lưu điện UPS 10 kVA (online)", "bộ", 96_000_000, 10),
    "pc": Item("tb", "Máy tính để bàn (Core i5, 16 GB RAM)", "bộ", 18_900_000, 10),
    "rack_space": Item("k", "Thuê chỗ đặt máy chủ tại Trung tâm dữ liệu (01 tủ rack)", "tháng", 9_800_000, 10),
    "ssl": Item("k", "Chứng thư số SSL (wildcard, 01 năm)", "chứng thư", 12_400_000, 10),
}


# ------------------------------------------------------------------ the lines ----

@dataclass
class Line:
    group: str
    name: str
    amount: int = 0
    unit: str = ""
    quantity: int | None = None
    unit_price: int | None = None
    vat: int = 0
    basis: str = ""
    note: str = ""
    rated: bool = False      # priced by a QĐ 1688 rate norm (its kind read from its name, as the check reads it)
    share: Decimal = Decimal("0.95")   # of the norm's amount; with ``of_base``: per cent of xây lắp + thiết bị
    of_base: bool = False

    def as_dict(self) -> dict:
        return {"group_code": self.group, "name": self.name, "unit": self.unit, "quantity": self.quantity,
                "unit_price": self.unit_price, "amount": None if self.unit_price else self.amount,
                "vat_rate": self.vat, "basis": self.basis, "note": self.note}

    @property
    def total(self) -> int:
        return self.amount + _round(Decimal(self.amount) * self.vat / 100)


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Spec:
    key: str
    project: str                     # the project's name (as the portfolio and .appraisal write it)
    title: str
    lines: list[Line]
    contingency: Decimal = Decimal(5)       # % of the other costs
    filler: str = ""                 # the name of the line that brings the total to the project's proposal
    target: int | None = None        # that total (None: the project's estimate entries in the ledger)
    wrong_subtotal: str = ""         # the group whose sub-total the unit wrote without its last line
    ucp: dict | None = None
    days: tuple = ()                 # (prepared, submitted[, concluded]) — dates
    reviews: list = field(default_factory=list)   # (line name, accepted unit price or None, text)
    conclusion: str = ""
    evidence: list = field(default_factory=list)  # (line name, file name, title): quotations attached to lines


class Pricing:
    """Lines priced from the catalogue with the spread of real quotations."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def item(self, key: str, quantity: int, factor: float | None = None, basis: str = Basis.QUOTE,
             note: str = "") -> Line:
        item = CATALOGUE[key]
        f = factor if factor is not None else self.rng.uniform(0.93, 1.07)
        price = int(round(item.price * f / 100_000)) * 100_000
        return Line(item.group, item.name, quantity * price, item.unit, quantity, price, item.vat, basis, note)


def fixed(group: str, name: str, amount: int = 0, vat: int = 10, basis: str = Basis.QUOTE, note: str = "") -> Line:
    return Line(group, name, amount, vat=vat, basis=basis, note=note)


def norm(group: str, name: str, share="0.95", *, of_base=False, vat: int = 10) -> Line:
    return Line(group, name, vat=vat, basis=Basis.RATE, rated=not of_base, share=Decimal(share), of_base=of_base,
                note="Tính theo định mức tỷ lệ (Quyết định 1688/QĐ-BTTTT)")


class Composer:
    """Fills in the lines a unit computes: rate-norm lines from QĐ 1688's rows (the same choice of
    table as the check: "b" tables when software makes half the equipment, the one-step columns
    for a đề cương), the filler that meets the proposed total, and the contingency."""

    def __init__(self):
        self.constants = method_constants(RATE_METHOD)
        self.kinds = self.constants.get("line_kinds") or []
        self.software_words = self.constants.get("software_words") or []
        self._soft: dict[str, bool] = {}

    def _is_soft(self, name: str) -> bool:
        if name not in self._soft:
            folded = f" {fold(name)} "
            self._soft[name] = any(f" {w} " in folded for w in self.software_words)
        return self._soft[name]

    def _is_software(self, lines) -> bool:
        tb = [ln for ln in lines if ln.group == "tb"]
        total = sum(ln.amount for ln in tb)
        soft = sum(ln.amount for ln in tb if self._is_soft(ln.name))
        return total > 0 and soft * 2 >= total

    def _norm_amount(self, line: Line, lines, structure: str) -> int:
        software = self._is_software(lines)
        base = sum(ln.amount for ln in lines if ln.group == "tb" or (ln.group == "xl" and not software))
        if line.of_base:
            return _round(Decimal(base) * line.share / 100)
        name = f" {fold(line.name)} "
        kind = next(k for k in self.kinds if k["group"] == line.group and any(f" {p} " in name for p in k["phrases"]))
        column = "software_small" if software and structure == "tt03_de_cuong" else (
            "software" if software else "infra")
        table = kind[column]
        result = (rates.review("b" if software else "a", base, self.constants) if table == "review"
                  else rates.rate(table, base, self.constants))
        return _round(result.amount * line.share / 1000) * 1000

    def compose(self, spec: Spec, structure: str, target: int | None) -> list[Line]:
        lines = [ln for ln in spec.lines]
        filler = next((ln for ln in lines if ln.name == spec.filler), None)
        for _ in range(8 if filler and target else 1):
            for ln in lines:
                if ln.rated or ln.of_base:
                    ln.amount = self._norm_amount(ln, lines, structure)
            others = sum(ln.amount for ln in lines)
            dp = _round(Decimal(others) * spec.contingency / 100 / 1000) * 1000
            if not (filler and target):
                break
            total = sum(ln.total for ln in lines) + dp
            filler.amount = max(0, int(round((filler.amount + (target - total) / 1.16) / 1_000_000)) * 1_000_000)
        dp_line = fixed("dp", "Chi phí dự phòng", dp, vat=0, basis=Basis.RATE,
                        note=f"{str(spec.contingency).replace('.', ',')} % tổng các chi phí trên")
        return [ln for ln in lines if ln.amount or ln.unit_price] + [dp_line]


# ------------------------------------------------------------------ the walk ----

def build_estimates(builder) -> dict:
    """Build the history and the estimates waiting for a check (called at the end of
    :meth:`DemoBuilder.build`). Returns counts."""
    return EstimateDemo(builder).run()


class EstimateDemo:
    def __init__(self, builder):
        self.builder = builder
        self.users = builder.users
        self.cutoff = builder.cutoff
        self.now = timezone.now()
        self.rng = random.Random(SEED)
        self.price = Pricing(self.rng)
        self.cal = WorkCalendar.load(dt.date(2019, 1, 1), DATA_END + 30 * DAY)
        self.clock = ServiceClock(self.rng, self.now, STAMPED, DAY_START, RECEIVER_UID)
        self.at = self.clock.at
        self.counts = {"history": 0, "waiting": 0, "skipped": 0}

    def w(self, n: int) -> dt.date:
        """The ``n``-th working day before ``DATA_END``."""
        day = DATA_END
        while n > 0:
            day -= DAY
            n -= self.cal.is_working_day(day)
        return day

    # ----------------------------------------------------------------- clock ----

    # ----------------------------------------------------------------- entry ----

    def run(self) -> dict:
        self.composer = Composer()
        waiting = self.waiting()
        self.prepare_ucp(waiting)
        with self.clock.running():
            for spec in self.history():
                self.walk(spec)
            for spec in waiting:
                self.walk(spec)
        return self.counts

    def walk(self, spec: Spec) -> Estimate | None:
        project = Project.objects.filter(name=spec.project).select_related("investor_unit", "regime").first()
        if project is None or not spec.days or max(spec.days) > self.cutoff:
            self.counts["skipped"] += 1
            self.builder.skipped += 1
            return None
        staff, head = self.builder._people(project.investor_unit.code)
        checker = self.users[CHECKER]
        prepared, submitted, *rest = spec.days
        target = spec.target if spec.target is not None else self._proposed(project)
        with self.at(prepared):
            estimate = estimates.create_estimate(staff, project, title=spec.title)
            lines = self.composer.compose(spec, estimate.structure.code, target)
            subtotals = self._subtotals(lines, spec.wrong_subtotal) if spec.wrong_subtotal else None
            version = estimates.save_version(staff, estimate, [ln.as_dict() for ln in lines],
                                             declared_subtotals=subtotals, note="Dự toán kèm hồ sơ trình thẩm định")
            if spec.ucp:
                estimates.attach_ucp(staff, estimate, UCP_METHOD, spec.ucp)
            self._attach(staff, estimate, version, spec)
        with self.at(submitted):
            estimate = estimates.submit(staff, Estimate.objects.get(pk=estimate.pk))
        if not rest:
            self.counts["waiting"] += 1
            return estimate
        with self.at(rest[0]):
            version = estimate.versions.get(number=estimate.current_version)
            by_name = {ln.name: ln for ln in version.lines.all()}
            for name, price, text in spec.reviews:
                line = by_name[name]
                amount = int(line.quantity * price) if price else None
                estimates.review_line(checker, estimate, text=text, line_id=line.pk, checked_amount=amount)
            estimates.conclude(checker, Estimate.objects.get(pk=estimate.pk), conclusion=Conclusion.SUITABLE,
                               text=spec.conclusion)
        self.counts["history"] += 1
        return estimate

    @staticmethod
    def _attach(staff, estimate, version, spec: Spec) -> None:
        if not spec.evidence:
            return
        by_name = {ln.name: ln for ln in version.lines.all()}
        for name, file_name, title in spec.evidence:
            line = by_name[name]
            content = pdf(title, [f"{estimate.project.investor_unit.name} - {estimate.project.name}"[:110],
                                  f"{line.name}: {line.quantity:g} {line.unit} x {format_vnd(line.unit_price)} dong"])
            estimates.attach_evidence(staff, estimate, line.pk, upload(file_name, content))

    @staticmethod
    def _proposed(project) -> int | None:
        return BudgetEntry.objects.filter(project=project, stage=Stage.ESTIMATE).aggregate(s=Sum("amount"))["s"]

    @staticmethod
    def _subtotals(lines: list[Line], wrong: str) -> dict:
        """Each group's sum after VAT as the unit's sheet writes it; ``wrong``'s without its last line."""
        out = {}
        for ln in lines:
            out[ln.group] = out.get(ln.group, 0) + ln.total
        last = [ln for ln in lines if ln.group == wrong][-1]
        out[wrong] -= last.total
        return out

    # ------------------------------------------------------------- the dates ----

    def _history_days(self, name: str) -> tuple:
        """(prepared, submitted, concluded): the estimate goes with the project's appraisal dossier."""
        events = dict(ProjectEvent.objects.filter(project__name=name, kind=EventKind.TRANSITION,
                                                  to_state__in=(State.IN_APPRAISAL, State.APPROVED))
                      .order_by("-occurred_on").values_list("to_state", "occurred_on"))
        into, approved = events.get(State.IN_APPRAISAL), events.get(State.APPROVED)
        if not into or not approved:
            return ()
        prepared = into - dt.timedelta(days=9)
        while not self.cal.is_working_day(prepared):
            prepared -= DAY
        concluded = approved - dt.timedelta(days=4)
        while not self.cal.is_working_day(concluded) and concluded > into:
            concluded -= DAY
        return (prepared, into, max(concluded, into))

    # ------------------------------------------------------------- the specs ----

    def _consulting(self, *, bcktkt=True, bidding=True, supervision=0) -> list[Line]:
        lines = [fixed("tv", "Chi phí khảo sát, đánh giá hiện trạng", 42_000_000)]
        if bcktkt:
            lines.append(norm("tv", "Chi phí lập báo cáo kinh tế – kỹ thuật"))
        lines.append(norm("tv", "Chi phí thẩm tra thiết kế và dự toán", "0.9"))
        if bidding:
            lines.append(norm("tv", "Chi phí lập hồ sơ mời thầu, đánh giá hồ sơ dự thầu", "0.9"))
        if supervision:
            lines.append(fixed("tv", "Chi phí giám sát công tác lắp đặt thiết bị", supervision))
        return lines

    def _other(self, *, audit=True, security=0) -> list[Line]:
        lines = [fixed("k", "Chi phí thẩm định giá thiết bị", 18_500_000)]
        if security:
            lines.append(fixed("k", "Chi phí đánh giá an toàn thông tin (kiểm thử xâm nhập)", security))
        if audit:   # a share of the equipment and works, as the settlement-audit rate gives it
            lines.append(Line("k", "Chi phí thẩm tra, phê duyệt quyết toán", basis=Basis.RATE, share=Decimal("0.32"),
                              of_base=True))
        return lines

    def history(self) -> list[Spec]:
        p = self.price
        ok = ("Dự toán phù hợp: các khoản mục đúng cơ cấu chi phí; chi phí quản lý dự án, tư vấn trong định mức "
              "Quyết định 1688/QĐ-BTTTT; đơn giá thiết bị có báo giá, chứng thư thẩm định giá kèm theo.")
        specs = [
            Spec("h-hntt", "Xây dựng Hệ thống hội nghị truyền hình trực tuyến từ tỉnh đến cấp xã",
                 "Dự toán Hệ thống hội nghị truyền hình trực tuyến từ tỉnh đến cấp xã",
                 [p.item("app_server", 2), p.item("db_server", 1), p.item("firewall", 1), p.item("core_switch", 2),
                  p.item("os_licence", 3), p.item("antivirus", 60), p.item("ups", 2),
                  fixed("tb", "Thiết bị hội nghị truyền hình đầu cuối (MCU, camera, micro) cho 120 điểm cầu"),
                  fixed("xl", "Lắp đặt mạng, dây mạng, tủ rack tại các điểm cầu", 1_260_000_000),
                  norm("qlda", "Chi phí quản lý dự án"),
                  *self._consulting(supervision=86_000_000), *self._other(),
                  p.item("rack_space", 12), p.item("ssl", 1)],
                 filler="Thiết bị hội nghị truyền hình đầu cuối (MCU, camera, micro) cho 120 điểm cầu",
                 reviews=[(CATALOGUE["firewall"].name, None,
                           "Đơn giá phù hợp chứng thư thẩm định giá số 1208/2020/CT-TĐG.")]),
            Spec("h-dvc", "Nâng cấp Cổng dịch vụ công và Hệ thống một cửa điện tử tỉnh Sơn Lâm (Hệ thống thông tin "
                 "giải quyết TTHC)", "Dự toán nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
                 [p.item("app_server", 4), p.item("db_server", 2), p.item("firewall", 1), p.item("core_switch", 1),
                  p.item("os_licence", 6), p.item("db_licence", 1), p.item("antivirus", 40), p.item("scanner", 6),
                  fixed("tb", "Phần mềm Hệ thống thông tin giải quyết thủ tục hành chính (nâng cấp)", vat=0,
                        basis=Basis.CALCULATION),
                  norm("qlda", "Chi phí quản lý dự án"),
                  *self._consulting(), *self._other(security=65_000_000),
                  p.item("rack_space", 12), p.item("ssl", 2)],
                 filler="Phần mềm Hệ thống thông tin giải quyết thủ tục hành chính (nâng cấp)"),
            Spec("h-tsc", "Xây dựng Hệ thống quản lý tài sản công và giá tỉnh Sơn Lâm",
                 "Dự toán Hệ thống quản lý tài sản công và giá tỉnh Sơn Lâm",
                 [p.item("app_server", 2), p.item("db_server", 1), p.item("firewall", 1), p.item("os_licence", 3),
                  p.item("antivirus", 20), p.item("pc", 10),
                  fixed("tb", "Phần mềm quản lý tài sản công và giá", vat=0, basis=Basis.CALCULATION),
                  norm("qlda", "Chi phí quản lý dự án"),
                  *self._consulting(), *self._other(), p.item("rack_space", 12), p.item("ssl", 1)],
                 filler="Phần mềm quản lý tài sản công và giá",
                 reviews=[(CATALOGUE["pc"].name, 18_200_000,
                           "Giảm đơn giá theo kết quả trúng thầu gói mua sắm máy tính tập trung năm 2021.")]),
            Spec("h-khcn", "Xây dựng Cơ sở dữ liệu khoa học và công nghệ tỉnh Sơn Lâm",
                 "Dự toán Cơ sở dữ liệu khoa học và công nghệ tỉnh Sơn Lâm",
                 [p.item("app_server", 1), p.item("db_server", 1), p.item("os_licence", 2), p.item("antivirus", 10),
                  p.item("scanner", 2), p.item("core_switch", 1),
                  fixed("tb", "Phần mềm cơ sở dữ liệu khoa học và công nghệ", vat=0, basis=Basis.CALCULATION),
                  fixed("tb", "Tạo lập dữ liệu: nhập, số hóa hồ sơ nhiệm vụ khoa học và công nghệ", 680_000_000, vat=0,
                        basis=Basis.NORM),
                  norm("qlda", "Chi phí quản lý dự án"),
                  *self._consulting(bidding=False), *self._other(), p.item("ssl", 1)],
                 filler="Phần mềm cơ sở dữ liệu khoa học và công nghệ"),
            Spec("h-benhan", "Triển khai hồ sơ sức khỏe điện tử và bệnh án điện tử tại các bệnh viện tuyến tỉnh",
                 "Dự toán triển khai hồ sơ sức khỏe điện tử và bệnh án điện tử",
                 [p.item("app_server", 4), p.item("db_server", 2), p.item("storage", 1), p.item("firewall", 2),
                  p.item("core_switch", 2), p.item("access_switch", 12), p.item("os_licence", 8),
                  p.item("db_licence", 2), p.item("antivirus", 120), p.item("scanner", 4), p.item("ups", 3),
                  fixed("tb", "Phần mềm bệnh án điện tử (triển khai tại 06 bệnh viện)", vat=0, basis=Basis.QUOTE),
                  norm("qlda", "Chi phí quản lý dự án"),
                  *self._consulting(supervision=120_000_000), *self._other(security=85_000_000),
                  p.item("ssl", 2)],
                 filler="Phần mềm bệnh án điện tử (triển khai tại 06 bệnh viện)"),
            Spec("h-gtvt", "Xây dựng Hệ thống quản lý kết cấu hạ tầng giao thông đường bộ tỉnh Sơn Lâm",
                 "Dự toán Hệ thống quản lý kết cấu hạ tầng giao thông đường bộ",
                 [p.item("app_server", 2), p.item("db_server", 1), p.item("firewall", 1), p.item("os_licence", 3),
                  p.item("db_licence", 1), p.item("antivirus", 15),
                  fixed("tb", "Phần mềm quản lý kết cấu hạ tầng giao thông đường bộ", vat=0, basis=Basis.CALCULATION),
                  fixed("tb", "Tạo lập cơ sở dữ liệu cầu, đường (số hóa hồ sơ hoàn công)", 540_000_000, vat=0,
                        basis=Basis.NORM),
                  norm("qlda", "Chi phí quản lý dự án"),
                  *self._consulting(), *self._other(), p.item("rack_space", 12), p.item("ssl", 1)],
                 filler="Phần mềm quản lý kết cấu hạ tầng giao thông đường bộ"),
            Spec("h-tthc", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính "
                 "công tỉnh", "Đề cương và dự toán chi tiết số hóa hồ sơ, kết quả giải quyết TTHC",
                 [p.item("scanner", 6), p.item("pc", 8), p.item("antivirus", 8), p.item("app_server", 1),
                  p.item("os_licence", 1),
                  fixed("tb", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính (quét, tạo lập dữ liệu đặc tả)",
                        vat=0, basis=Basis.NORM),
                  norm("qlda", "Chi phí quản lý dự án"),
                  norm("tv", "Chi phí lập đề cương và dự toán chi tiết"),
                  norm("tv", "Chi phí thẩm tra đề cương và dự toán chi tiết"),
                  fixed("k", "Chi phí thẩm định giá thiết bị", 12_000_000), p.item("ssl", 1)],
                 filler="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính (quét, tạo lập dữ liệu đặc tả)"),
        ]
        out = []
        for spec in specs:
            spec.days = self._history_days(spec.project)
            spec.conclusion = ok
            out.append(spec)
        return out

    def waiting(self) -> list[Spec]:
        p, w = self.price, self.w
        return [
            # 1. Quản lý dự án above its QĐ 1688 norm.
            Spec("qlda", "Xây dựng Hệ thống quản lý xây dựng và giao thông vận tải tỉnh Sơn Lâm (hợp nhất sau sắp xếp)",
                 "Dự toán Hệ thống quản lý xây dựng và giao thông vận tải tỉnh Sơn Lâm",
                 [p.item("app_server", 2, 1.0), p.item("db_server", 1, 1.0), p.item("firewall", 1, 1.0),
                  p.item("core_switch", 1, 1.0), p.item("os_licence", 3, 1.0), p.item("antivirus", 30, 1.0),
                  p.item("ups", 1, 1.0),
                  fixed("tb", "Thiết bị giám sát tải trọng xe tại 04 trạm cân", 2_350_000_000),
                  fixed("tb", "Phần mềm quản lý cấp phép xây dựng và giao thông vận tải", 1_900_000_000, vat=0,
                        basis=Basis.CALCULATION),
                  fixed("xl", "Lắp đặt cáp mạng, tủ rack tại các trạm cân", 420_000_000),
                  norm("qlda", "Chi phí quản lý dự án (4 % chi phí xây lắp và thiết bị)", "4", of_base=True),
                  *self._consulting(supervision=64_000_000), *self._other(),
                  p.item("rack_space", 12, 1.0), p.item("ssl", 1, 1.0)],
                 days=(w(19), w(15))),
            # 2. Đề cương with contingency 12 % (the dossier of .appraisal paused for a supplement).
            Spec("contingency", "Xây dựng phần mềm quản lý đội ngũ nhà giáo và cán bộ quản lý giáo dục tỉnh Sơn Lâm",
                 "Đề cương và dự toán chi tiết phần mềm quản lý đội ngũ nhà giáo và cán bộ quản lý giáo dục",
                 [p.item("app_server", 1, 1.02), p.item("os_licence", 1, 1.0), p.item("antivirus", 10, 1.0),
                  fixed("tb", "Phần mềm quản lý đội ngũ nhà giáo và cán bộ quản lý giáo dục", vat=0,
                        basis=Basis.CALCULATION),
                  fixed("tb", "Chuyển đổi, chuẩn hóa dữ liệu hồ sơ đội ngũ từ CSDL ngành giáo dục", 165_000_000,
                        vat=0, basis=Basis.NORM),
                  fixed("tb", "Đào tạo, hướng dẫn sử dụng cho 46 trường trực thuộc", 58_000_000, vat=0),
                  norm("qlda", "Chi phí quản lý dự án"),
                  norm("tv", "Chi phí lập đề cương và dự toán chi tiết"),
                  norm("tv", "Chi phí thẩm tra đề cương và dự toán chi tiết"),
                  fixed("k", "Chi phí thẩm định giá phần mềm", 15_000_000), p.item("ssl", 1, 1.0)],
                 contingency=Decimal(12), target=2_046_000_000,
                 filler="Phần mềm quản lý đội ngũ nhà giáo và cán bộ quản lý giáo dục",
                 days=(w(17), w(13))),
            # 3. An application server at twice the province's median.
            Spec("price", "Xây dựng Hệ thống quản lý hồ sơ điện tử cán bộ, công chức kết nối Cơ sở dữ liệu quốc gia "
                 "về cán bộ, công chức, viên chức", "Dự toán Hệ thống quản lý hồ sơ điện tử cán bộ, công chức",
                 [p.item("app_server", 2, 2.02, note="Theo báo giá của nhà cung cấp"), p.item("db_server", 1, 1.01),
                  p.item("firewall", 1, 0.98), p.item("os_licence", 3, 1.0), p.item("antivirus", 25, 1.0),
                  p.item("scanner", 4, 1.03),
                  fixed("tb", "Phần mềm quản lý hồ sơ điện tử cán bộ, công chức", vat=0, basis=Basis.CALCULATION),
                  fixed("tb", "Số hóa hồ sơ cán bộ, công chức (khoảng 18.000 hồ sơ)", 1_260_000_000, vat=0,
                        basis=Basis.NORM),
                  norm("qlda", "Chi phí quản lý dự án"),
                  *self._consulting(), *self._other(), p.item("rack_space", 12, 1.0), p.item("ssl", 1, 1.0)],
                 filler="Phần mềm quản lý hồ sơ điện tử cán bộ, công chức", days=(w(12), w(10)),
                 evidence=[(CATALOGUE["app_server"].name, "Bao-gia-may-chu-ung-dung.pdf",
                            "Báo giá máy chủ ứng dụng của nhà cung cấp")]),
            # 4. A sub-total that does not add up.
            Spec("subtotal", "Xây dựng phần mềm cấp Phiếu lý lịch tư pháp trực tuyến kết nối ứng dụng VNeID",
                 "Đề cương và dự toán chi tiết phần mềm cấp Phiếu lý lịch tư pháp trực tuyến",
                 [p.item("app_server", 1, 0.99), p.item("os_licence", 1, 1.0), p.item("antivirus", 8, 1.0),
                  fixed("tb", "Phần mềm cấp Phiếu lý lịch tư pháp trực tuyến kết nối VNeID", vat=0,
                        basis=Basis.APPRAISAL),
                  p.item("scanner", 2, 1.0),
                  norm("qlda", "Chi phí quản lý dự án"),
                  norm("tv", "Chi phí lập đề cương và dự toán chi tiết"),
                  norm("tv", "Chi phí thẩm tra đề cương và dự toán chi tiết"),
                  fixed("k", "Chi phí đánh giá an toàn thông tin (kiểm thử xâm nhập)", 45_000_000),
                  p.item("ssl", 1, 1.0)],
                 target=1_638_000_000, wrong_subtotal="tb",
                 filler="Phần mềm cấp Phiếu lý lịch tư pháp trực tuyến kết nối VNeID", days=(w(9), w(6))),
            # 5. Right, with its software cost by use-case points.
            Spec("clean", "Xây dựng Cơ sở dữ liệu an toàn thực phẩm và truy xuất nguồn gốc hàng hóa tỉnh Sơn Lâm",
                 "Dự toán Cơ sở dữ liệu an toàn thực phẩm và truy xuất nguồn gốc hàng hóa",
                 [p.item("app_server", 1, 0.98), p.item("db_server", 1, 1.02), p.item("os_licence", 2, 1.0),
                  p.item("antivirus", 20, 1.0),
                  Line("tb", "Phần mềm cơ sở dữ liệu an toàn thực phẩm và truy xuất nguồn gốc (theo phụ lục tính "
                       "điểm trường hợp sử dụng)", vat=0, basis=Basis.CALCULATION),
                  fixed("tb", "Tạo lập dữ liệu ban đầu về cơ sở sản xuất, kinh doanh thực phẩm", vat=0,
                        basis=Basis.NORM),
                  norm("qlda", "Chi phí quản lý dự án"),
                  *self._consulting(), *self._other(), p.item("rack_space", 12, 1.01), p.item("ssl", 1, 0.97)],
                 filler="Tạo lập dữ liệu ban đầu về cơ sở sản xuất, kinh doanh thực phẩm", target=3_790_000_000,
                 ucp=UCP_INPUTS, days=(w(27), w(24))),
        ]

    def prepare_ucp(self, specs: list[Spec]) -> None:
        """The software line of an estimate with a use-case-point table is that table's total."""
        constants = method_constants(UCP_METHOD)
        for spec in specs:
            if spec.ucp:
                line = next(ln for ln in spec.lines if ln.basis == Basis.CALCULATION)
                line.amount = ucp_calc.compute(spec.ucp, constants).total


UCP_INPUTS = {
    "actors": {"simple": 1, "average": 2, "complex": 2},
    "use_cases": {"B": {"simple": 2, "average": 3, "complex": 1},
                  "M": {"simple": 2, "average": 1, "complex": 0},
                  "T": {"simple": 1, "average": 0, "complex": 0}},
    "technical_factors": [3, 3, 3, 3, 2, 3, 3, 2, 3, 3, 4, 3, 2],
    "environment_factors": [3, 2, 3, 3, 2, 3, 0, 1],
    "hourly_rate": 135_000,
}
