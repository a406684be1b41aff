"""The bottleneck survey of Công văn số 1470/UBND-NC ngày 22/4/2024, its register of bottlenecks
and the province's Đề án 06 catalogue, built through :mod:`cds.surveys.services` by the people
who would take each step.

* **The round** (April–June 2024): the CĐS authority composes the questionnaire from the question
  bank (:func:`cds.surveys.bank.bottleneck_definition`), publishes it and sends it to the
  departments and districts of 2024 (Sở TT&TT among them; today's Sở KH&CN accounts act for it,
  as they do for its projects), Công an tỉnh coordinating; lead agencies per group: Văn phòng
  UBND tỉnh (pháp lý), Sở TT&TT (hạ tầng, dữ liệu, an ninh), Sở Nội vụ with Sở Tài chính
  (nguồn lực). In each unit the chuyên viên fills and the lãnh đạo sends; Sở GD&ĐT's response
  is returned by Sở Nội vụ with a comment and sent again; three units are late (Sở GTVT and Ban
  Quản lý các KKT và KCN send after the deadline, UBND huyện Tân Phong never sends); the lead
  agencies write their consolidation and the round closes.
* **The register** (June 2024 – November 2026): the lead agencies enter the bottlenecks they
  consolidated; some are answered, one is proposed to the leader, two become tasks of the Phó
  Chủ tịch's conclusion 186/TB-UBND (July 2024); in 2026 two units raise a difficulty on one of
  their projects.
* **Đề án 06** (from March 2025): the 17 key tasks the province selected, and each unit's
  progress reported in October–November 2026.

Each step runs with Django's clock set to its day (:class:`.clock.ServiceClock`); steps after the
builder's cutoff are left out. Randomness (answers, days, minutes): ``random.Random(1470)``.
"""
from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cds.audit.models import AuditEvent
from cds.directives import services as directive_services
from cds.directives.models import Directive, ProgressReport, Task
from cds.notifications.models import Notification
from cds.orgs.models import Unit
from cds.projects.models import Project
from cds.surveys import services
from cds.surveys.answers import FormRules, raw_from_answers
from cds.surveys.bank import bottleneck_definition
from cds.surveys.models import (
    Bottleneck,
    FormVersion,
    KeyTaskStatus,
    Questionnaire,
    Response,
    ResponseReturn,
    ResponseStatus,
    Round,
)

from .appraisal import pdf, upload
from .clock import ServiceClock
from .common import DATA_END

SEED = 1470
D = dt.date
DAY = dt.timedelta(days=1)
DAY_START = dt.time(7, 45)
RECEIVER_UID = "cds-demo-surveys"
STAMPED = {Questionnaire: "created_at", FormVersion: "created_at", Round: "created_at", Response: "updated_at",
           ResponseReturn: "returned_at", Bottleneck: "created_at", KeyTaskStatus: "updated_at",
           Directive: "created_at", Task: "created_at", ProgressReport: "created_at", AuditEvent: "created_at",
           Notification: "created_at"}
APPRAISER = "thamdinh"

ROUND_NAME = "Khảo sát điểm nghẽn chuyển đổi số và Đề án 06 năm 2024"
BASIS = ("1470/UBND-NC", D(2024, 4, 22), "Nghiên cứu giải pháp, kinh nghiệm trong triển khai Đề án 06 và khảo sát "
         "theo 05 nhóm vấn đề điểm nghẽn cần tháo gỡ")
COMPOSED, SENT, DEADLINE, CLOSED = D(2024, 4, 24), D(2024, 4, 25), D(2024, 5, 20), D(2024, 6, 14)
IN_FORCE = D(2024, 6, 30)            # the units of the round: those of kind below valid on this day
KINDS = ("department", "district", "police")
COORDINATOR = "SL-CA"
# section → (lead agency, co-agency)
LEADS = {"phap_ly": ("SL-VP", None), "ha_tang": ("SL-STTTT", None), "du_lieu": ("SL-STTTT", None),
         "an_ninh": ("SL-STTTT", None), "nguon_luc": ("SL-SNV", "SL-STC")}
# late units: (filled, sent — None: never sent)
LATE = {"SL-SGTVT": (D(2024, 5, 23), D(2024, 5, 27)), "SL-BQLKKT": (D(2024, 5, 31), D(2024, 6, 4)),
        "SL-HTP": (D(2024, 5, 29), None)}
HOLIDAYS = {(4, 30), (5, 1), (9, 2)}
# the response returned (filled and sent early, so that it is sent again before the deadline)
RETURNED = ("SL-SGDDT", "nguon_luc", "SL-SNV", "Đề nghị rà soát lại số cán bộ chuyên trách công nghệ thông tin "
            "(phiếu ghi 01 người, Đề án vị trí việc làm của Sở xác định 03 người kiêm nhiệm) và nêu rõ số cán bộ cần "
            "bổ sung để Sở Nội vụ tổng hợp.")
# units whose data troubles are known (paused or stopped projects, land and civil-status data)
DATA_TROUBLED = {"SL-STNMT", "SL-STP", "SL-SVHTTDL", "SL-SYT", "SL-TPSL", "SL-HVL", "SL-STTTT", "SL-TXBN"}
DISTRICTS_SHORT = {"SL-TPSL", "SL-TXBN", "SL-HTP", "SL-HVL", "SL-HNS"}

# Free-text answers: a few difficulties, each said in several ways (so that grouping by
# similarity finds them), with an optional lead-in and ending.
LEAD_INS = ("", "Hiện nay, ", "Qua rà soát, ", "Tại đơn vị, ")
TEXTS = {
    "phap_ly_mo_ta": (
        ("Chưa có hướng dẫn về giá trị pháp lý của kết quả số hóa, giấy tờ điện tử khai thác từ Cơ sở dữ liệu quốc "
         "gia về dân cư thay cho bản giấy", ("; đề nghị kiến nghị bộ, ngành hướng dẫn.", ".",
                                             ", cán bộ một cửa vẫn yêu cầu người dân nộp bản sao.")),
        ("Quy trình nội bộ giải quyết thủ tục hành chính chưa được sửa đổi để tái sử dụng dữ liệu đã số hóa",
         (", người dân vẫn phải nộp lại giấy tờ.", "; đề nghị Văn phòng UBND tỉnh tham mưu sửa đổi quy trình.", ".")),
        ("Văn bản hướng dẫn thuê dịch vụ công nghệ thông tin chưa rõ cách xác định giá thuê",
         (", đơn vị lúng túng khi lập kế hoạch thuê dịch vụ.", ".", "; đề nghị có hướng dẫn mẫu của tỉnh.")),
    ),
    "ha_tang_kho_khan": (
        ("Máy chủ, thiết bị lưu trữ đầu tư từ năm 2015 đã xuống cấp, thường xuyên quá tải khi khai thác dữ liệu",
         (".", "; đề nghị chuyển hệ thống lên Trung tâm dữ liệu tỉnh.", " vào giờ cao điểm.")),
        ("Đường truyền mạng truyền số liệu chuyên dùng đến các đơn vị trực thuộc chưa ổn định, băng thông thấp",
         (".", ", hay mất kết nối khi ký số.", "; đề nghị nâng băng thông.")),
        ("Máy trạm cũ, cấu hình thấp, không đáp ứng ký số và chạy đồng thời nhiều phần mềm",
         (".", "; cần thay thế trong năm 2025.", " tại bộ phận một cửa.")),
    ),
    "du_lieu_ly_do": (
        ("Dữ liệu hộ tịch giấy trước năm 2016 chưa được số hóa đầy đủ, còn sai lệch họ tên, ngày sinh so với Cơ sở "
         "dữ liệu quốc gia về dân cư", (".", "; đề nghị bố trí kinh phí số hóa, làm sạch.",
                                        ", phải đối chiếu thủ công từng trường hợp.")),
        ("Chưa có hướng dẫn kỹ thuật và tài khoản kết nối để đồng bộ dữ liệu chuyên ngành với Cơ sở dữ liệu quốc gia "
         "về dân cư qua Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)", (".", "; đề nghị Sở TT&TT hướng dẫn.",
                                                                       ", việc kết nối còn chậm.")),
        ("Dữ liệu đất đai chưa thống nhất giữa bản đồ địa chính và hồ sơ đăng ký, mã thửa đất chưa được chuẩn hóa",
         (".", "; cần chỉnh lý trước khi kết nối.", ", chưa đồng bộ được với dữ liệu dân cư.")),
        ("Thiếu kinh phí và nhân lực làm sạch dữ liệu, cán bộ phải nhập liệu thủ công ngoài giờ",
         (".", "; đề nghị hỗ trợ kinh phí thuê dịch vụ làm sạch dữ liệu.", " nên tiến độ chậm.")),
    ),
    "nguon_luc_de_xuat": (
        ("Chưa có biên chế chuyên trách công nghệ thông tin, cán bộ kiêm nhiệm nhiều việc",
         (".", "; đề nghị bổ sung vị trí việc làm chuyên trách.", " nên khó theo kịp nhiệm vụ Đề án 06.")),
        ("Kinh phí chi thường xuyên cho chuyển đổi số chưa được bố trí riêng, phải lồng ghép",
         (".", "; đề nghị Sở Tài chính bố trí dòng kinh phí riêng.", " vào kinh phí hoạt động chung.")),
        ("Chế độ đãi ngộ cho cán bộ chuyên trách công nghệ thông tin thấp, khó thu hút và giữ chân nhân lực",
         (".", "; đề nghị tỉnh có chính sách hỗ trợ.", ", nhiều người đã chuyển sang doanh nghiệp.")),
        ("Đề nghị tổ chức bồi dưỡng kỹ năng số, an toàn thông tin cho cán bộ làm công tác Đề án 06",
         (".", " ở cấp huyện, xã.", " hằng năm.")),
    ),
}


def build_surveys(builder) -> dict:
    """The 1470/UBND-NC round, the register of bottlenecks and the Đề án 06 catalogue (called at
    the end of :meth:`DemoBuilder.build`, when units, projects and directives exist)."""
    return SurveysDemo(builder).run()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class SurveysDemo:
    def __init__(self, builder):
        self.b = builder
        self.units = builder.units
        self.users = builder.users
        self.cutoff = builder.cutoff
        self.rng = random.Random(SEED)
        self.clock = ServiceClock(self.rng, timezone.now(), STAMPED, DAY_START, RECEIVER_UID)
        self.skipped = 0
        self.round: Round | None = None
        self.responses: dict[str, Response] = {}
        self.profiles: dict[str, dict] = {}

    # ----------------------------------------------------------------- entry ----

    def run(self) -> dict:
        root = self.units["SL"]
        if Round.objects.filter(root_unit=root).exists():
            return {}
        with self.clock.running():
            self.build_round()
            self.build_bottlenecks()
            self.build_key_tasks()
        Notification.objects.filter(kind__in=("survey", "directive"), created_at__date__lt=DATA_END - 14 * DAY,
                                    read_at__isnull=True).update(read_at=timezone.now())
        self.b.skipped += self.skipped
        return {"rounds": Round.objects.filter(root_unit=root).count(),
                "responses": Response.objects.filter(round__root_unit=root).count(),
                "bottlenecks": Bottleneck.objects.filter(root_unit=root).count(),
                "key_task_statuses": KeyTaskStatus.objects.filter(task__root_unit=root).count()}

    # ----------------------------------------------------------------- helpers ----

    def step(self, day: dt.date, call):
        """``call()`` with the clock on ``day``; None (left out) after the cutoff."""
        if day > self.cutoff:
            self.skipped += day <= DATA_END
            return None
        with self.clock.at(day):
            return call()

    def u(self, username: str):
        return self.users[username]

    def people(self, code: str):
        """(chuyên viên, lãnh đạo) acting for the unit ``code`` (its successor's for a unit that ended)."""
        return self.b._people(code)

    @staticmethod
    def workday(day: dt.date) -> dt.date:
        """``day`` or the first working day after it."""
        while day.weekday() >= 5 or (day.month, day.day) in HOLIDAYS:
            day += DAY
        return day

    def text(self, field: str, index: int | None = None) -> str:
        bases = TEXTS[field]
        base, endings = bases[self.rng.randrange(len(bases)) if index is None else index]
        lead = self.rng.choice(LEAD_INS)
        return f"{lead}{_lower_first(base) if lead else base}{self.rng.choice(endings)}"

    def project(self, code: str, words: str, by: dt.date | None = None) -> Project | None:
        """The first project of unit ``code`` whose name has ``words`` (registered by ``by``)."""
        qs = Project.objects.filter(investor_unit__code=code, name__icontains=words)
        if by is not None:
            qs = qs.filter(created_at__date__lte=by)
        return qs.order_by("pk").first()

    # ================================================================== round ====

    def build_round(self) -> None:
        """The questionnaire, the round and every unit's response, the return, the lead
        agencies' consolidation (the survey services)."""
        appraiser = self.u(APPRAISER)
        form = self.step(COMPOSED, lambda: services.publish_version(
            appraiser, services.save_definition(appraiser, bottleneck_definition(), root_unit=self.units["SL"])))
        if form is None:
            return
        sections = {s.name: s for s in form.sections.all()}
        leads = {sections[name].pk: (self.units[lead], self.units[co] if co else None)
                 for name, (lead, co) in LEADS.items()}
        targets = list(Unit.objects.filter(path__startswith=self.units["SL"].tree_prefix, kind__in=KINDS)
                       .exclude(valid_to__lt=IN_FORCE).exclude(valid_from__gt=IN_FORCE).order_by("path"))

        def send():
            rnd = services.create_round(appraiser, {
                "name": ROUND_NAME, "form": form, "deadline": DEADLINE, "coordinator": self.units[COORDINATOR],
                "basis_number": BASIS[0], "basis_date": BASIS[1], "basis_title": BASIS[2], "leads": leads,
            }, allow_past_deadline=True)
            return services.open_round(appraiser, rnd, units=targets)
        self.round = self.step(SENT, send)
        if self.round is None:
            return
        self.responses = {r.unit.code: r for r in self.round.responses.select_related("unit")}
        # the responses not yet touched carry the day they were sent
        Response.objects.filter(round=self.round).update(updated_at=self.round.opened_at)
        self.rules = FormRules(form)
        self._answer_all(targets)
        self._return_and_resend(sections)
        self._consolidate(sections)
        self.step(CLOSED, lambda: services.close_round(appraiser, self.round))

    def _answer_all(self, targets: list[Unit]) -> None:
        plan = []
        for unit in targets:
            profile = self._profile(unit)
            self.profiles[unit.code] = profile
            if unit.code in LATE:
                filled, sent = LATE[unit.code]
            elif unit.code == RETURNED[0]:
                filled, sent = D(2024, 5, 6), D(2024, 5, 7)
            else:
                filled = self.workday(D(2024, 4, 29) + self.rng.randint(0, 14) * DAY)
                sent = min(self.workday(filled + self.rng.randint(1, 3) * DAY), DEADLINE)
            plan.append((filled, 0, unit.code, "fill"))
            if sent:
                plan.append((sent, 1, unit.code, "send"))
        for day, _order, code, action in sorted(plan):
            staff, head = self.people(code)
            response = self.responses[code]
            if action == "fill":
                raw = self._answers(code, self.profiles[code], partial=code in LATE and LATE[code][1] is None)
                self.step(day, lambda r=response, s=staff, raw=raw: services.save_answers(s, r, raw, rules=self.rules))
            else:
                self.step(day, lambda r=response, h=head: services.submit_response(h, r))

    def _profile(self, unit: Unit) -> dict:
        r = self.rng
        district = unit.kind == "district"
        return {
            "district": district,
            "legal": r.random() < (0.6 if district else 0.4),
            "data": unit.code in DATA_TROUBLED or r.random() < 0.35,
            "short": unit.code in DISTRICTS_SHORT or r.random() < 0.4,
            "infra": r.randint(2, 3) if district else r.randint(2, 5),
            "tthc": r.randint(250, 320) if district else r.randint(25, 180),
            "systems": r.randint(2, 9),
        }

    def _answers(self, code: str, p: dict, *, partial: bool = False) -> dict:
        r = self.rng
        legal = "co" if p["legal"] else "khong"
        raw = {"phap_ly_co_vuong": legal, "phap_ly_so_tthc": str(p["tthc"]),
               "phap_ly_tthc_chua_so_hoa": str(round(p["tthc"] * r.uniform(0.0, 0.35))),
               "phap_ly_quy_che": r.choice(("co", "khong", "co")),
               "ha_tang_muc_dap_ung": str(p["infra"]), "ha_tang_mang_csd": "khong" if p["district"] else "co",
               "ha_tang_thieu": r.sample(["may_chu", "mang_csd", "internet", "may_tram", "ky_so", "camera"],
                                         r.randint(0, 3)),
               "ha_tang_may_tram_cu": str(r.randint(2, 40)),
               "ha_tang_bang_thong": str(r.choice((100, 150, 200, 300, 500))),
               }
        if legal == "co":
            raw["phap_ly_loai_van_ban"] = r.sample(["luat_nghi_dinh", "thong_tu", "van_ban_tinh", "quy_trinh_noi_bo",
                                                    "huong_dan_ky_thuat"], r.randint(1, 2))
            raw["phap_ly_mo_ta"] = self.text("phap_ly_mo_ta")
        if p["infra"] <= 3:
            raw["ha_tang_kho_khan"] = self.text("ha_tang_kho_khan")
        if partial:
            return raw
        raw.update(self._data_answers(code, p))
        raw.update(self._security_answers(code, p))
        raw.update(self._resource_answers(code, p, staff=1 if code == RETURNED[0] else None))
        return raw

    def _data_answers(self, code: str, p: dict) -> dict:
        r = self.rng
        levels = ["san_sang", "dang_ket_noi", "chua_co", "khong_ap_dung"]
        matrix = {"dan_cu": r.choice(levels[:2]), "ho_tich": r.choice(levels), "dat_dai": r.choice(levels),
                  "doanh_nghiep": r.choice(levels), "bao_hiem": r.choice(levels),
                  "chuyen_nganh": "chua_co" if p["data"] else r.choice(levels[:2])}
        raw = {"du_lieu_ket_noi_dan_cu": "khong" if p["data"] and r.random() < 0.5 else "co",
               "du_lieu_san_sang": matrix, "du_lieu_co_nghen": "co" if p["data"] else "khong",
               "du_lieu_ty_le_so_hoa": str(round(r.uniform(20, 95), 1))}
        if p["data"]:
            kinds = {"SL-STP": ["ho_tich", "dan_cu"], "SL-STNMT": ["dat_dai"], "SL-SYT": ["y_te_giao_duc", "bao_hiem"]}
            raw["du_lieu_loai_chua_sach"] = kinds.get(code) or r.sample(
                ["dan_cu", "ho_tich", "dat_dai", "doanh_nghiep", "bao_hiem"], r.randint(1, 2))
            index = {"SL-STP": 0, "SL-STNMT": 2, "SL-TXBN": 2, "SL-HVL": 2}.get(code)
            raw["du_lieu_ly_do"] = self.text("du_lieu_ly_do", index)
        return raw

    def _security_answers(self, code: str, p: dict) -> dict:
        r = self.rng
        approved = r.randint(0, p["systems"])
        raw = {"an_ninh_so_httt": str(p["systems"]), "an_ninh_da_phe_duyet": str(approved),
               "an_ninh_giam_sat": "co" if approved and r.random() < 0.7 else "khong",
               "an_ninh_nhan_thuc": str(r.randint(2, 4))}
        if approved:
            raw["an_ninh_ngay_phe_duyet"] = D(2023, 1, 9) + r.randint(0, 440) * DAY
            raw["an_ninh_cap_do"] = r.choice(("cap_2", "cap_2", "cap_3"))
            if r.random() < 0.25:
                raw["an_ninh_ho_so"] = upload(f"qd-cap-do-{code.lower()}.pdf", pdf(
                    "Quyết định phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin",
                    [f"Đơn vị: {self.units[code].name}", f"Cấp độ: {raw['an_ninh_cap_do'][-1]}"]))
        return raw

    def _resource_answers(self, code: str, p: dict, staff: int | None = None) -> dict:
        r = self.rng
        raw = {"nguon_luc_thieu_nhan_luc": "co" if p["short"] else "khong",
               "nguon_luc_so_can_bo": str(staff if staff is not None else (r.randint(0, 2) if p["short"]
                                                                            else r.randint(2, 6))),
               "nguon_luc_kinh_phi": str(r.choice((0, 150, 320, 480, 750, 1200, 2500))),
               "nguon_luc_nguon_kinh_phi": r.sample(["nsdp_dau_tu", "nsdp_thuong_xuyen", "nstw", "xa_hoi_hoa"],
                                                    r.randint(1, 2)),
               "nguon_luc_vuong_thue_dv": r.choice(("co", "khong")),
               "nguon_luc_de_xuat": self.text("nguon_luc_de_xuat", 0 if p["short"] else None)}
        if p["short"]:
            raw["nguon_luc_can_bo_can_them"] = str(r.randint(1, 4))
        return raw

    def _return_and_resend(self, sections) -> None:
        """A lead agency returns one submitted response with a comment; the unit corrects and sends again."""
        code, section_name, lead, comment = RETURNED
        response = self.responses.get(code)
        if response is None:
            return
        response.refresh_from_db()
        if response.status != ResponseStatus.SUBMITTED or response.submitted_at is None:
            return
        returned = self.workday(timezone.localtime(response.submitted_at).date() + DAY)
        lead_staff, _ = self.people(lead)
        staff, head = self.people(code)
        profile = dict(self.profiles[code], short=True)
        self.profiles[code] = profile

        def correct(r=response):
            raw = raw_from_answers(r.answers.select_related("question"))
            raw.update(self._resource_answers(code, profile, staff=3))
            return services.save_answers(staff, r, raw, rules=self.rules)
        self.step(returned, lambda: services.return_response(lead_staff, response, sections[section_name], comment))
        self.step(returned + DAY, correct)
        self.step(self.workday(returned + 2 * DAY), lambda: services.submit_response(head, response))

    def _consolidate(self, sections) -> None:
        """Each lead agency's consolidation of its group, from the answers sent."""
        done = set(Response.objects.filter(round=self.round, status=ResponseStatus.SUBMITTED)
                   .values_list("unit__code", flat=True))
        sent = {c: p for c, p in self.profiles.items() if c in done}
        total, n = len(self.profiles), len(sent)
        count = lambda key: sum(1 for p in sent.values() if p[key])  # noqa: E731
        weak = sum(1 for p in sent.values() if p["infra"] <= 3)
        texts = {
            "phap_ly": (D(2024, 5, 30), "SL-VP", f"{n}/{total} đơn vị đã gửi phiếu; {count('legal')} đơn vị có vướng "
                        "mắc về văn bản, chủ yếu: giá trị pháp lý của giấy tờ điện tử khai thác từ Cơ sở dữ liệu quốc "
                        "gia về dân cư, quy trình nội bộ chưa sửa đổi để tái sử dụng dữ liệu, hướng dẫn thuê dịch vụ "
                        "CNTT. Văn phòng UBND tỉnh đề xuất UBND tỉnh kiến nghị Văn phòng Chính phủ hướng dẫn và giao "
                        "các sở sửa đổi quy trình nội bộ trong quý III/2024."),
            "ha_tang": (D(2024, 6, 4), "SL-STTTT", f"{weak}/{n} đơn vị đánh giá hạ tầng ở mức 3 trở xuống; các huyện "
                        "chưa kết nối mạng truyền số liệu chuyên dùng đến toàn bộ UBND cấp xã, máy trạm bộ phận một cửa "
                        "đã cũ. Đề xuất ưu tiên chuyển các hệ thống lên Trung tâm dữ liệu tỉnh, thay thế máy trạm "
                        "trong kế hoạch năm 2025."),
            "du_lieu": (D(2024, 6, 5), "SL-STTTT", f"{count('data')}/{n} đơn vị có điểm nghẽn về dữ liệu (dữ liệu chưa "
                        "“đúng, đủ, sạch, sống”): dữ liệu hộ tịch giấy trước năm 2016, dữ liệu đất đai chưa chuẩn hóa "
                        "mã thửa, chưa có hướng dẫn kết nối dữ liệu chuyên ngành với Cơ sở dữ liệu quốc gia về dân cư "
                        "qua LGSP. Đề xuất giao Sở Tư pháp, Sở TN&MT xây dựng kế hoạch làm sạch dữ liệu, Sở TT&TT ban "
                        "hành hướng dẫn kết nối."),
            "an_ninh": (D(2024, 6, 5), "SL-STTTT", "Phần lớn hệ thống thông tin đã được xác định cấp độ nhưng chưa phê "
                        "duyệt hồ sơ đề xuất cấp độ đầy đủ; một số đơn vị chưa kết nối giám sát với SOC của tỉnh. Đề "
                        "xuất các đơn vị hoàn thành phê duyệt hồ sơ cấp độ trong năm 2024."),
            "nguon_luc": (D(2024, 5, 31), "SL-SNV", f"{count('short')}/{n} đơn vị thiếu nhân lực CNTT, chuyển đổi số, "
                          "nhất là cấp huyện; kinh phí chi thường xuyên cho chuyển đổi số chưa được bố trí riêng. Sở "
                          "Nội vụ đề xuất rà soát vị trí việc làm chuyên trách CNTT; Sở Tài chính (phối hợp) đề xuất "
                          "bố trí dòng kinh phí riêng từ dự toán năm 2025."),
        }
        for name, (day, lead, text) in texts.items():
            staff, _ = self.people(lead)
            self.step(day, lambda s=staff, name=name, text=text: services.save_summary(
                s, self.round, sections[name], text))

    # ============================================================ bottlenecks ====

    def build_bottlenecks(self) -> None:
        """The register: what the lead agencies consolidated (June 2024), answers, a proposal to
        the leader, two tasks of the leader's conclusion; two difficulties raised on projects (2026)."""
        if self.round is None:
            return
        items = {}
        for key, day, lead, data in self._consolidated():
            staff, _ = self.people(lead)
            items[key] = self.step(day, lambda s=staff, data=data: services.raise_bottleneck(s, data))
        answers = [
            ("mang_csd", D(2024, 6, 26), "SL-STTTT", "Sở TT&TT đã đề nghị doanh nghiệp viễn thông mở rộng mạng truyền "
             "số liệu chuyên dùng đến UBND các xã của huyện Ngọc Sơn trong quý III/2024 theo hợp đồng thuê kênh hiện "
             "có; không phát sinh kinh phí."),
            ("giay_to_dien_tu", D(2024, 6, 28), "SL-VP", "Văn phòng UBND tỉnh đã tổng hợp vào văn bản kiến nghị Văn "
             "phòng Chính phủ hướng dẫn giá trị pháp lý của giấy tờ điện tử khai thác từ Cơ sở dữ liệu quốc gia về dân "
             "cư; trong khi chờ, đơn vị áp dụng kết quả số hóa đã ký số theo Nghị định 45/2020/NĐ-CP."),
            ("dat_dai", D(2024, 7, 3), "SL-STTTT", "Sở TT&TT đã phối hợp Sở TN&MT thống nhất lộ trình chuẩn hóa mã thửa "
             "đất trước khi kết nối; nội dung chỉnh lý đưa vào dự án cập nhật CSDL đất đai giai đoạn 2025."),
            ("cap_do", D(2024, 7, 10), "SL-STTTT", "Sở TT&TT đã hướng dẫn Sở Công Thương lập hồ sơ đề xuất cấp độ 2 "
             "cho Sàn giao dịch thương mại điện tử và kết nối giám sát với SOC của tỉnh trong quý III/2024."),
        ]
        for key, day, unit, text in answers:
            staff, _ = self.people(unit)
            item = items.get(key)
            if item is not None:
                self.step(day, lambda s=staff, item=item, text=text: services.answer_bottleneck(s, item, text))
        proposed = items.get("kinh_phi_yte")
        if proposed is not None:
            self.step(D(2024, 7, 2), lambda: services.propose_decision(
                self.u(APPRAISER), proposed, "Đề xuất UBND tỉnh giao Sở Tài chính bổ sung dự toán năm 2025 cho Sở Y tế "
                "để thuê dịch vụ kết nối phần mềm quản lý trạm y tế xã với Cơ sở dữ liệu quốc gia về dân cư.",
                decision_level="province"))
        self._assign(items)
        self._on_projects()

    def _consolidated(self) -> list[tuple[str, dt.date, str, dict]]:
        """(key, day, lead agency, data) of the bottlenecks the lead agencies entered."""
        rows = [
            ("ho_tich", D(2024, 6, 6), "SL-STTTT", "SL-STP", "data", "Dữ liệu hộ tịch giấy trước năm 2016 chưa được số "
             "hóa, sai lệch với Cơ sở dữ liệu quốc gia về dân cư", "Khoảng 18% bản ghi hộ tịch giấy giai đoạn "
             "1995–2015 chưa được số hóa; bản đã số hóa còn sai lệch họ tên, ngày sinh với dữ liệu dân cư.",
             "Giao Sở Tư pháp xây dựng kế hoạch số hóa, làm sạch dữ liệu hộ tịch lịch sử; Công an tỉnh phối hợp đối "
             "soát.", "SL-STTTT", "province", D(2024, 6, 28)),
            ("dat_dai", D(2024, 6, 6), "SL-STTTT", "SL-STNMT", "data", "Dữ liệu đất đai chưa chuẩn hóa mã thửa, chưa "
             "đồng bộ được với dữ liệu dân cư", "Bản đồ địa chính và hồ sơ đăng ký chưa thống nhất; mã thửa chưa theo "
             "chuẩn nên chưa kết nối được với Cơ sở dữ liệu quốc gia về dân cư.", "Chuẩn hóa mã thửa trước khi kết "
             "nối; bổ sung vào dự án cập nhật CSDL đất đai.", "SL-STTTT", "authority", D(2024, 7, 5)),
            ("mang_csd", D(2024, 6, 6), "SL-STTTT", "SL-HNS", "infrastructure", "Mạng truyền số liệu chuyên dùng chưa "
             "kết nối đến UBND các xã", "04/09 xã của huyện Ngọc Sơn chưa có kết nối mạng truyền số liệu chuyên dùng; "
             "bộ phận một cửa dùng Internet công cộng.", "Mở rộng kết nối trong năm 2024.", "SL-STTTT", "authority",
             D(2024, 6, 28)),
            ("giay_to_dien_tu", D(2024, 5, 31), "SL-VP", "SL-TXBN", "legal", "Chưa có hướng dẫn giá trị pháp lý của "
             "giấy tờ điện tử khai thác từ Cơ sở dữ liệu quốc gia về dân cư", "Cán bộ một cửa vẫn yêu cầu người dân "
             "nộp bản sao giấy tờ dù dữ liệu đã có trong Cơ sở dữ liệu quốc gia về dân cư.", "Kiến nghị Văn phòng "
             "Chính phủ hướng dẫn; trong khi chờ, tỉnh có văn bản thống nhất cách áp dụng.", "SL-VP", "ministry",
             D(2024, 6, 30)),
            ("nhan_luc", D(2024, 6, 3), "SL-SNV", "SL-HVL", "resources", "Thiếu cán bộ chuyên trách công nghệ thông "
             "tin ở cấp huyện, cấp xã", "Huyện Vĩnh Lâm chỉ có 01 công chức kiêm nhiệm CNTT; các xã chưa có người phụ "
             "trách chuyển đổi số.", "Bố trí vị trí việc làm chuyên trách CNTT, chuyển đổi số cấp huyện, xã.",
             "SL-SNV", "province", D(2024, 7, 1)),
            ("kinh_phi_yte", D(2024, 6, 3), "SL-SNV", "SL-SYT", "resources", "Chưa được bố trí kinh phí thuê dịch vụ "
             "kết nối phần mềm quản lý trạm y tế xã với Cơ sở dữ liệu quốc gia về dân cư", "Dự toán năm 2024 của Sở Y "
             "tế không có nội dung thuê dịch vụ kết nối; nhà cung cấp báo giá 420 triệu đồng/năm.",
             "Bổ sung dự toán năm 2025.", "SL-STC", "province", D(2024, 7, 1)),
            ("cap_do", D(2024, 6, 6), "SL-STTTT", "SL-SCT", "security", "Sàn giao dịch thương mại điện tử chưa được "
             "phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin", "Hệ thống vận hành từ năm 2022, chưa có "
             "hồ sơ đề xuất cấp độ được phê duyệt, chưa kết nối giám sát với SOC của tỉnh.", "Sở Công Thương lập hồ "
             "sơ cấp độ 2 trình phê duyệt trong quý III/2024.", "SL-STTTT", "authority", D(2024, 7, 5)),
        ]
        out = []
        for key, day, lead, unit, group, title, description, proposal, responsible, level, due in rows:
            out.append((key, day, lead, {
                "unit": self.units[unit], "title": title, "description": description, "proposal": proposal,
                "group": group, "responsible_unit": self.units[responsible], "decision_level": level,
                "answer_due": due, "round": self.round, "response": self.responses.get(unit)}))
        return out

    def _assign(self, items: dict) -> None:
        """The Phó Chủ tịch's conclusion after the survey: two bottlenecks become its tasks."""
        directive = self.step(D(2024, 7, 19), lambda: directive_services.create_directive(self.u(APPRAISER), {
            "kind": "ket_luan", "number": "186/TB-UBND", "issued_on": D(2024, 7, 18), "issuer": self.units["SL"],
            "signer": "TL. Chủ tịch — Chánh Văn phòng UBND tỉnh",
            "title": "Kết luận của Phó Chủ tịch UBND tỉnh Lê Thị Thu Hà tại cuộc họp nghe báo cáo kết quả khảo sát, "
                     "tháo gỡ điểm nghẽn triển khai Đề án 06",
            "full_text": KL_186}, upload("186-TB-UBND.pdf", pdf("186/TB-UBND — Kết luận về tháo gỡ điểm nghẽn Đề án 06",
                                                                 KL_186.splitlines()))))
        if directive is None:
            return
        plan = [
            ("ho_tich", "SL-STP", "Xây dựng và triển khai kế hoạch số hóa, làm sạch dữ liệu hộ tịch lịch sử (1995–2015), "
             "đối soát với Cơ sở dữ liệu quốc gia về dân cư", D(2024, 12, 31),
             (D(2024, 12, 20), "Đã số hóa, làm sạch 96% bản ghi hộ tịch 1995–2015; đồng bộ với dữ liệu dân cư "
              "(Báo cáo số 415/BC-STP).")),
            ("nhan_luc", "SL-SNV", "Rà soát, tham mưu bố trí vị trí việc làm chuyên trách công nghệ thông tin, chuyển "
             "đổi số tại UBND cấp huyện, cấp xã", D(2024, 9, 30),
             (D(2024, 10, 8), "Đã trình UBND tỉnh phương án bố trí 01 vị trí chuyên trách CNTT mỗi huyện và công chức "
              "kiêm nhiệm chuyển đổi số cấp xã (Tờ trình số 302/TTr-SNV).")),
        ]
        for key, lead, content, deadline, (done_on, report) in plan:
            item = items.get(key)
            if item is None:
                continue
            self.step(D(2024, 7, 19), lambda item=item, lead=lead, content=content, deadline=deadline:
                      services.assign_to_directive(self.u(APPRAISER), item, directive, {
                          "content": content, "lead_unit": self.units[lead], "deadline": deadline}))
            item.refresh_from_db()
            task = item.directive_task
            if task is None:
                continue
            staff, _ = self.people(lead)
            self.step(done_on, lambda task=task, staff=staff, report=report: directive_services.report_progress(
                staff, Task.objects.get(pk=task.pk), percent=100, content=report, completes=True,
                upload=upload(f"bao-cao-{task.pk}.pdf", pdf("Báo cáo kết quả thực hiện", [report]))))

    def _on_projects(self) -> None:
        """Two units raise a difficulty on one of their projects (2026)."""
        rows = [
            ("SL-SXD", "nhà ở", D(2026, 10, 30), "data", "Chưa đồng bộ được mã thửa đất giữa CSDL nhà ở và CSDL đất "
             "đai", "Kết nối thử nghiệm qua LGSP báo lỗi do mã thửa đất của hai cơ sở dữ liệu khác chuẩn.",
             "Đề nghị Sở KH&CN chủ trì, Sở NN&MT phối hợp thống nhất chuẩn mã thửa đất trước 30/11/2026.",
             "SL-SKHCN", "authority", D(2026, 11, 13), None),
            ("SL-SYT", "hồ sơ sức khỏe", D(2026, 10, 12), "data", "Ứng dụng VNeID chưa mở giao diện tích hợp Sổ sức khỏe "
             "điện tử cho hệ thống của tỉnh", "Hồ sơ sức khỏe điện tử của các bệnh viện tuyến tỉnh chưa đẩy được lên "
             "VNeID do chưa có giao diện kết nối dành cho địa phương.", "Kiến nghị Bộ Công an, Bộ Y tế hướng dẫn kết "
             "nối; trước mắt đồng bộ qua Hệ thống thông tin giám định bảo hiểm y tế.", "SL-SKHCN", "ministry",
             D(2026, 10, 26), (D(2026, 10, 22), "Sở KH&CN đã tổng hợp vào văn bản kiến nghị Bộ Công an, Bộ Y tế "
                               "(Công văn số 1215/SKHCN-CĐS ngày 22/10/2026); sẽ thông báo khi có hướng dẫn.")),
        ]
        for code, words, day, group, title, description, proposal, responsible, level, due, answer in rows:
            staff, _ = self.people(code)
            item = self.step(day, lambda staff=staff, code=code, words=words, group=group, title=title,
                             description=description, proposal=proposal, responsible=responsible, level=level,
                             due=due: services.raise_bottleneck(staff, {
                                 "unit": self.units[code], "project": self.project(code, words), "title": title,
                                 "description": description, "proposal": proposal, "group": group,
                                 "responsible_unit": self.units[responsible], "decision_level": level,
                                 "answer_due": due, "round": None, "response": None}))
            if item is not None and answer:
                answerer, _ = self.people(responsible)
                self.step(answer[0], lambda a=answerer, item=item, text=answer[1]:
                          services.answer_bottleneck(a, item, text))

    # ================================================================ Đề án 06 ====

    def build_key_tasks(self) -> None:
        """The 17 key tasks entered by the CĐS authority (March 2025), each unit's progress (autumn 2026)."""
        appraiser = self.u(APPRAISER)
        saved_on = D(2025, 3, 12)
        directive_tasks = list(Task.objects.filter(directive__issuer=self.units["SL"],
                                                   directive__issued_on__lte=saved_on).order_by("pk"))
        tasks = []
        for number, row in enumerate(KEY_TASKS, start=1):
            name, group, lead, deadline, project_refs, directive_refs = row
            data = {"number": number, "name": name, "group": group,
                    "principles": PRINCIPLES if number % 3 else "5-4-3-2-1",
                    "description": f"Thực hiện theo nguyên tắc “5 rõ”: rõ người, rõ việc, rõ thời gian, rõ trách "
                                   f"nhiệm, rõ kết quả; {lead_phrase(self.units[lead].name)}.",
                    "lead_unit": self.units[lead], "deadline": deadline, "basis": KEY_TASK_BASIS,
                    "projects": [p for p in (self.project(c, w, saved_on) for c, w in project_refs) if p],
                    "directive_tasks": [t for t in directive_tasks if t.content.startswith(directive_refs)]}
            tasks.append((self.step(saved_on, lambda data=data: services.save_key_task(appraiser, data)), row))
        self._report_key_tasks(tasks)

    def _report_key_tasks(self, tasks) -> None:
        reporters = [c for c in REPORTING_UNITS if c in self.units]
        for task, row in tasks:
            if task is None:
                continue
            lead = row[2]
            units = [lead] + [c for c in self.rng.sample(reporters, 4) if c != lead][:3]
            for code in units:
                progress = self.rng.choices(("done", "in_progress", "blocked", "not_started"), (35, 40, 12, 13))[0]
                percent = {"done": 100, "in_progress": self.rng.randint(3, 9) * 10,
                           "blocked": self.rng.randint(1, 5) * 10, "not_started": 0}[progress]
                staff, _ = self.people(code)
                projects = [p for p in (self.project(c, w) for c, w in row[4]) if p and p.investor_unit.code == code]
                day = self.workday(D(2026, 10, 5) + self.rng.randint(0, 35) * DAY)
                data = {"progress": progress, "percent": percent, "evidence": EVIDENCE[progress], "projects": projects}
                self.step(day, lambda s=staff, t=task, code=code, data=data: services.report_key_task(
                    s, t, self.units[code], data))


def lead_phrase(name: str) -> str:
    return f"{name} chủ trì, phối hợp các cơ quan, địa phương liên quan, định kỳ báo cáo Công an tỉnh tổng hợp"


KL_186 = """Ngày 16/7/2024, Phó Chủ tịch UBND tỉnh Lê Thị Thu Hà chủ trì cuộc họp nghe Công an tỉnh, Văn phòng UBND tỉnh, Sở Thông tin và Truyền thông, Sở Nội vụ, Sở Tài chính báo cáo kết quả khảo sát Bộ danh mục câu hỏi theo 05 nhóm vấn đề điểm nghẽn trong triển khai Đề án 06 (Công văn số 1470/UBND-NC ngày 22/4/2024). Phó Chủ tịch UBND tỉnh kết luận:
Giao Sở Tư pháp xây dựng và triển khai kế hoạch số hóa, làm sạch dữ liệu hộ tịch lịch sử (1995–2015), đối soát với Cơ sở dữ liệu quốc gia về dân cư, hoàn thành trước ngày 31/12/2024.
Giao Sở Nội vụ rà soát, tham mưu bố trí vị trí việc làm chuyên trách công nghệ thông tin, chuyển đổi số tại UBND cấp huyện, cấp xã, hoàn thành trước ngày 30/9/2024.
Giao Công an tỉnh tiếp tục theo dõi, đôn đốc, tổng hợp các điểm nghẽn còn lại, báo cáo UBND tỉnh."""

PRINCIPLES = "5-4-3-2-1; 5 rõ"
KEY_TASK_BASIS = "Quyết định số 06/QĐ-TTg ngày 06/01/2022; Công văn số 1470/UBND-NC ngày 22/4/2024 của UBND tỉnh"
G_TTHC = "Nhóm tiện ích phục vụ giải quyết thủ tục hành chính và cung cấp dịch vụ công trực tuyến"
G_KTXH = "Nhóm tiện ích phục vụ phát triển kinh tế, xã hội"
G_CDS = "Nhóm tiện ích phục vụ phát triển công dân số"
G_HST = "Nhóm hoàn thiện hệ sinh thái phục vụ kết nối, khai thác, bổ sung làm giàu dữ liệu dân cư"
G_CDDH = "Nhóm phục vụ chỉ đạo, điều hành của lãnh đạo các cấp"

# (name, group, lead unit, deadline, projects (investor code, words of the name), directive tasks (content starts))
KEY_TASKS = [
    ("Cung cấp các dịch vụ công thiết yếu theo Đề án 06 trực tuyến toàn trình, tích hợp trên Cổng Dịch vụ công quốc "
     "gia", G_TTHC, "SL-VP", D(2025, 12, 31), (("SL-VP", "giải quyết thủ tục hành chính"),), ()),
    ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính và tái sử dụng dữ liệu đã số hóa", G_TTHC, "SL-VP",
     D(2025, 12, 31), (("SL-TTHCC", "còn hiệu lực"), ("SL-XTP", "hộ tịch")), ()),
    ("Làm sạch dữ liệu hộ tịch, đồng bộ với Cơ sở dữ liệu quốc gia về dân cư", G_HST, "SL-STP", D(2025, 6, 30),
     (("SL-STP", "làm sạch dữ liệu hộ tịch"),), ("Xây dựng và triển khai kế hoạch số hóa",)),
    ("Cấp căn cước, kích hoạt tài khoản định danh điện tử mức độ 2 (VNeID) cho công dân trên địa bàn tỉnh", G_CDS,
     "SL-CA", D(2025, 12, 31), (("SL-CA", "VNeID"),), ()),
    ("Tích hợp đăng nhập bằng tài khoản định danh điện tử VNeID vào Hệ thống thông tin giải quyết thủ tục hành chính "
     "của tỉnh", G_TTHC, "SL-SKHCN", D(2025, 9, 30), (("SL-VP", "giải quyết thủ tục hành chính"),), ()),
    ("Kết nối, chia sẻ dữ liệu giữa các cơ sở dữ liệu chuyên ngành của tỉnh với Cơ sở dữ liệu quốc gia về dân cư qua "
     "Nền tảng LGSP", G_HST, "SL-SKHCN", D(2026, 6, 30), (("SL-SKHCN", "LGSP"), ("SL-STTTT", "Kho dữ liệu")), ()),
    ("Làm sạch, cập nhật dữ liệu đất đai và kết nối với Cơ sở dữ liệu quốc gia về đất đai", G_HST, "SL-SNNMT",
     D(2026, 12, 31), (("SL-SNNMT", "đất đai"),), ()),
    ("Thanh toán không dùng tiền mặt trong giải quyết thủ tục hành chính, thu phí, lệ phí, học phí, viện phí", G_KTXH,
     "SL-STC", D(2025, 12, 31), (), ()),
    ("Sử dụng căn cước, ứng dụng VNeID thay thẻ bảo hiểm y tế khi khám bệnh, chữa bệnh", G_CDS, "SL-SYT",
     D(2025, 6, 30), (("SL-SYT", "bệnh án điện tử"),), ()),
    ("Triển khai Sổ sức khỏe điện tử trên ứng dụng VNeID", G_CDS, "SL-SYT", D(2026, 6, 30),
     (("SL-SYT", "hồ sơ sức khỏe"),), ()),
    ("Chi trả an sinh xã hội không dùng tiền mặt, đối soát người hưởng chính sách với dữ liệu dân cư", G_KTXH,
     "SL-SNV", D(2025, 12, 31), (("SL-SNV", "an sinh xã hội"),), ("Rà soát, tham mưu bố trí vị trí",)),
    ("Cấp Phiếu lý lịch tư pháp trực tuyến trên ứng dụng VNeID", G_CDS, "SL-STP", D(2026, 12, 31),
     (("SL-STP", "lý lịch tư pháp"),), ()),
    ("Học bạ số, văn bằng, chứng chỉ số kết nối VNeID; tuyển sinh đầu cấp trực tuyến sử dụng dữ liệu dân cư", G_CDS,
     "SL-SGDDT", D(2026, 9, 30), (("SL-SGDDT", "học bạ số"), ("SL-SGDDT", "văn bằng")), ()),
    ("Ứng dụng hệ thống camera giám sát bảo đảm an ninh, trật tự, kết nối Trung tâm giám sát, điều hành thông minh",
     G_CDDH, "SL-CA", D(2026, 12, 31), (("SL-CA", "camera"),), ()),
    ("Phê duyệt hồ sơ cấp độ, giám sát an toàn thông tin (SOC) cho các hệ thống thông tin phục vụ Đề án 06", G_HST,
     "SL-SKHCN", D(2025, 12, 31), (("SL-STTTT", "giám sát an toàn thông tin (SOC)"),), ()),
    ("Bảo đảm hạ tầng: máy chủ, mạng truyền số liệu chuyên dùng, thiết bị cho bộ phận một cửa cấp xã", G_TTHC,
     "SL-SKHCN", D(2025, 12, 31), (("SL-PSL", "một cửa"),), ()),
    ("Tích hợp dữ liệu dân cư vào Trung tâm giám sát, điều hành thông minh (IOC) phục vụ chỉ đạo, điều hành", G_CDDH,
     "SL-SKHCN", D(2026, 12, 31), (("SL-SKHCN", "IOC"), ("SL-STTTT", "IOC")),
     ("Căn cứ Bộ danh mục câu hỏi",)),
]

# Units of 2026 reporting their progress (those with their own accounts).
REPORTING_UNITS = ["SL-VP", "SL-SNV", "SL-STC", "SL-SKHCN", "SL-SNNMT", "SL-SXD", "SL-SYT", "SL-SGDDT", "SL-STP",
                   "SL-SVHTTDL", "SL-SCT", "SL-CA", "SL-BQLKKT", "SL-PSL", "SL-PBN", "SL-XTP", "SL-XVL", "SL-XNS"]

EVIDENCE = {
    "done": "Đã hoàn thành; kết quả cập nhật trên hệ thống, có báo cáo kèm theo.",
    "in_progress": "Đang triển khai theo kế hoạch; đã hoàn thành các hạng mục chuẩn bị.",
    "blocked": "Vướng mắc về dữ liệu, kinh phí; đã phản ánh vào sổ điểm nghẽn để được tháo gỡ.",
    "not_started": "Chưa triển khai; chờ hướng dẫn và bố trí kinh phí.",
}
