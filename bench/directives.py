"""Benchmark of the directives register: the task pages (`/chi-dao/`), the heavy
directive page, a task page, the deadline calendar, the results by unit, the daily reminders and
the extraction assistant, over one province's register. Not part of `make test`.

    .venv/bin/python bench/directives.py [--db sqlite|postgres] [--directives 3000] [--fresh]
        [--requests 30] [--warmup 3] [--experiment FILE] [--no-gc-freeze] [--tag NAME]

Targets: list pages p95 <= 300 ms, directive page p95 <= 500 ms, `send_directive_reminders`
<= 60 s, extraction of a 100,000-character text <= 5 s.

Data (cached; ``--fresh`` rebuilds, and a data set older than a week is rebuilt because task
statuses are relative to today): the bench generator's units of *one* province (province 1, Hà
Nội: departments, former departments with successors, public-service units, communes, former
districts), one chuyên viên and one lãnh đạo per unit, the generator's CĐS appraiser (registers
the province's directives), two province leaders; D directives issued between 03/01/2022 and
today (85 % by the UBND, 15 % internal ones of a department), each with 5–15 tasks:

* lead unit drawn among the units existing on the issue date (departments weigh most, Sở KH&CN,
  Sở TT&TT before 03/2025, and the Văn phòng most of all; 3 % without a lead unit — "các cơ quan,
  đơn vị liên quan"), 0–3 coordinating units; 20 % without a responsible person, 15 % without an
  expected product (so "5 rõ" flags appear);
* deadlines: a date (72 %), a month, a quarter, a year, none (4 %), or recurring — monthly (2 %) or
  quarterly (0.5 %) — 15–365 days after the issue date, so old directives' tasks are mostly done
  (on time or late) with a backlog still overdue, and recent ones are open or due soon;
  ``due_on`` = next working day of the deadline (one :class:`WorkCalendar`), ``missing_5r`` and
  ``search_text`` as :mod:`cds.directives.services` computes them;
* 0–3 progress reports per task (1–2 kB of text, no evidence files; a completing report on the
  completion day), recurring tasks with their last ≤ 3 periods reported (``period_due``, 20 % late)
  and 15 % of them with the current period overdue; 3 % of the tasks with a pending extension
  request, 2 % with an approved one (the deadline moved), 0.5 % refused;
* simple-history rows as the services leave them: one "+" per directive and task (the task as
  created) and one "~" per progress report and extension step (m2m history rows not written);
* one "heavy" Kế hoạch of 200 tasks issued four months ago (the directive page measured; its first
  task has three coordinating units, three reports, an approved and a pending extension — the task
  page measured) and a two-task Công văn (the constant-queries check).

Not written (as in bench/generate.py): projects (tasks link to none), audit events, notifications
of the steps. Reminders start from a clean slate on every run (the ``directive`` notifications of
earlier runs are removed first), so the "first run" is always a first run.

After a build, the derived columns of 500 tasks and 250 directives are checked against
``services._finish`` / ``services._index``. Pages are measured after ``gc.freeze()``, as
``config/wsgi.py`` does in each worker after start-up (``--no-gc-freeze`` to measure without). A page
that fails is reported as such and the run goes on; if the calendar fails on the tooltip bug found by
this benchmark (``t.lead_unit.name`` on a task without a lead unit, fixed since), it is measured again
with a corrected copy of the template served from ``bench/out/directives-templates/``. A page whose warm-up takes more than a second gets fewer
timed requests (at least 5, about 60 s per page). ``--experiment FILE`` runs ``apply()`` of a
Python file first (monkeypatch a change without editing the application). Results:
``bench/out/directives-<db>[-tag].json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from bench.util import (  # noqa: E402
    QueryCounter,
    bench_db_url,
    fmt_ms,
    get_ok,
    login_client,
    machine_info,
    page_queries,
    percentile,
    reset_bench_db,
    setup_bench_django,
)

DATA_VERSION = 1
PG_DB = "cds_bench_directives"
SQLITE_FILE = OUT / "directives.sqlite3"
MEDIA = OUT / "directives-media"
TARGETS = {"list_p95_ms": 300.0, "directive_p95_ms": 500.0, "reminders_s": 60.0, "extract_s": 5.0}
ISSUED_FROM = dt.date(2022, 1, 3)
HEAVY_TASKS = 200
MAX_AGE_DAYS = 7
PAGE_BUDGET_S = 60.0
FIXTURE = ROOT / "tests" / "fixtures" / "directives" / "paragraphs.json"
EXTRACT_CHARS = 100_000

# ------------------------------------------------------------------ fragments --

KINDS = [("cong_van", 45), ("ket_luan", 20), ("ke_hoach", 15), ("quyet_dinh", 8), ("thong_bao", 7), ("chi_thi", 5)]
SYMBOL = {"ket_luan": "TB-UBND", "ke_hoach": "KH-UBND", "quyet_dinh": "QĐ-UBND", "thong_bao": "TB-UBND",
          "chi_thi": "CT-UBND"}
CV_SUFFIX = ["KGVX", "KT", "NC", "ĐT", "TH", "KTN"]
DEADLINE_KINDS = [("date", 72), ("month", 8), ("quarter", 6.5), ("year", 6), ("none", 4), ("monthly", 2),
                  ("quarterly", 0.5)]
ACTIONS = [
    "Chủ trì, phối hợp với các cơ quan, đơn vị liên quan rà soát, hoàn thiện {obj}",
    "Khẩn trương triển khai {obj} {tail}",
    "Tham mưu UBND thành phố ban hành kế hoạch triển khai {obj} {tail}",
    "Đánh giá hiệu quả đầu tư {obj}, đề xuất tiếp tục, điều chỉnh hoặc dừng triển khai",
    "Hoàn thành kết nối, chia sẻ dữ liệu của {obj} với nền tảng LGSP và các cơ sở dữ liệu quốc gia",
    "Báo cáo kết quả triển khai {obj} gửi Sở Khoa học và Công nghệ tổng hợp, báo cáo UBND thành phố",
    "Xây dựng dự toán kinh phí {obj} năm {year}, gửi Sở Tài chính thẩm định",
    "Rà soát, chuẩn hóa dữ liệu của {obj} theo nguyên tắc đúng, đủ, sạch, sống",
    "Bảo đảm an toàn thông tin theo cấp độ cho {obj}, khắc phục ngay các lỗ hổng đã được cảnh báo",
    "Tổ chức tập huấn, hướng dẫn cán bộ, công chức, viên chức khai thác, sử dụng {obj}",
    "Lập hồ sơ đề xuất chủ trương đầu tư {obj}, bảo đảm không trùng lặp với hệ thống dùng chung",
    "Đôn đốc, hướng dẫn các đơn vị cập nhật đầy đủ thông tin vào {obj} {tail}",
    "Nghiên cứu, đề xuất phương án thuê dịch vụ {obj} thay cho đầu tư mới",
    "Phối hợp với doanh nghiệp viễn thông khắc phục tình trạng gián đoạn của {obj}",
]
TAILS = ["", "trên địa bàn thành phố", "phục vụ Đề án 06", "bảo đảm đồng bộ, thống nhất từ cấp thành phố đến cấp xã",
         "theo Kế hoạch chuyển đổi số năm {year}", "theo đúng quy định hiện hành", "trước khi đưa vào vận hành chính thức"]
PRODUCTS = ["Báo cáo kết quả thực hiện", "Kế hoạch được UBND thành phố phê duyệt", "Hệ thống được đưa vào vận hành",
            "Dữ liệu được kết nối, chia sẻ qua LGSP", "Tờ trình, dự thảo văn bản trình UBND thành phố",
            "Quyết định phê duyệt hồ sơ", "Biên bản nghiệm thu", "Báo cáo đánh giá hiệu quả đầu tư"]
TITLES = ["Giám đốc", "Phó Giám đốc", "Chủ tịch", "Phó Chủ tịch", "Trưởng phòng", "Chánh Văn phòng"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc", "Đức", "Thu", "Hoài"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hòa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương", "Quang",
         "Sơn", "Thảo", "Trung", "Tuấn", "Vân", "Yến"]
NO_LEAD = ["Các cơ quan, đơn vị liên quan", "Các sở, ban, ngành", "UBND các xã, phường"]
REPORT_SENTENCES = [
    "Đơn vị đã ban hành kế hoạch triển khai, phân công lãnh đạo phụ trách và phòng chuyên môn chủ trì thực hiện.",
    "Đã tổ chức họp với các đơn vị phối hợp để thống nhất phạm vi, lộ trình và trách nhiệm của từng bên.",
    "Hoàn thành khảo sát hiện trạng hạ tầng, dữ liệu và quy trình nghiệp vụ tại các đơn vị trực thuộc.",
    "Đã rà soát, chuẩn hóa khoảng {n} nghìn bản ghi dữ liệu, loại bỏ các bản ghi trùng lặp, thiếu thông tin.",
    "Đang phối hợp với doanh nghiệp cung cấp dịch vụ hoàn thiện chức năng kết nối qua nền tảng LGSP.",
    "Đã gửi văn bản đề nghị Sở Tài chính bố trí kinh phí; dự kiến hoàn thành thủ tục trong tháng tới.",
    "Khó khăn: nhân lực chuyên trách về công nghệ thông tin còn thiếu, một số đơn vị chưa cập nhật dữ liệu kịp thời.",
    "Hệ thống đã chạy thử nghiệm tại {n} đơn vị, ghi nhận các góp ý để điều chỉnh trước khi vận hành chính thức.",
    "Đã tổ chức tập huấn cho {n} cán bộ, công chức, viên chức về khai thác, sử dụng hệ thống.",
    "Kết quả kiểm tra an toàn thông tin không phát hiện lỗ hổng nghiêm trọng; các cảnh báo mức thấp đã được khắc phục.",
    "Đề xuất: UBND thành phố chỉ đạo các đơn vị liên quan khẩn trương cung cấp dữ liệu theo danh mục đã thống nhất.",
    "Tỷ lệ hồ sơ được số hóa đạt {n}%, tăng so với kỳ báo cáo trước; phần còn lại dự kiến hoàn thành trong quý tới.",
    "Đã hoàn thành dự thảo báo cáo đánh giá hiệu quả, lấy ý kiến các đơn vị phối hợp trước khi trình lãnh đạo ký.",
    "Việc triển khai gặp vướng mắc về định mức, đơn giá; đơn vị đã xin ý kiến hướng dẫn của cơ quan chuyên môn.",
]


def _weighted(rng, pairs):
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


# ------------------------------------------------------------------ setup ----

def db_url(db: str) -> str:
    return bench_db_url(db, SQLITE_FILE, PG_DB)


def stamp_path(db: str) -> Path:
    return OUT / f"directives-data-{db}.json"


def prepare(db: str, args) -> bool:
    """Create/wipe the database; True when the data must be (re)built."""
    OUT.mkdir(parents=True, exist_ok=True)
    want = {"directives": args.directives, "version": DATA_VERSION}
    stamp = json.loads(stamp_path(db).read_text()) if stamp_path(db).exists() else None
    cached = not args.fresh and stamp is not None and all(stamp.get(k) == v for k, v in want.items())
    if cached and abs((dt.date.today() - dt.date.fromisoformat(stamp["built_on"])).days) > MAX_AGE_DAYS:
        print(f"The cached data set was built on {stamp['built_on']}: statuses are relative to today, rebuilding.")
        cached = False
    return reset_bench_db(db, SQLITE_FILE, PG_DB, stamp_path(db), cached)


def setup_django(db: str) -> None:
    setup_bench_django(db_url(db), MEDIA)


# ------------------------------------------------------------------ data -----

def _province_generator(seed: int):
    from bench.generate import Generator, _Ids

    class ProvinceGenerator(Generator):
        """The bench generator restricted to its first province (units and users, no projects)."""

        def build_units(self):
            super().build_units()
            p1 = self.province1
            keep = [u for u in self.units if u.path.startswith(p1.path)]
            ids = {u.pk for u in keep}
            self.units = keep
            self.unit_by_id = {u.pk: u for u in keep}
            self.aliases = [a for a in self.aliases if a.unit_id in ids]
            self.successor_links = [(a, b) for a, b in self.successor_links if a in ids and b in ids]
            self.roots = [r for r in self.roots if r[0].pk == p1.pk]
            self.pool = {p1.pk: self.pool[p1.pk]}

        def build_users(self):
            from cds.accounts.models import Role, User

            super().build_users()
            new_id = _Ids(User)
            new_id.next = max(u.pk for u in self.users) + 1
            pwd = self.users[0].password
            self.head_of = {}
            skhcn = f"{self.province1.code}-SKHCN"
            extra = []
            for unit in self.units:
                pk = new_id()
                # The unit head measured: Sở KH&CN's, the unit led most (and successor of Sở TT&TT).
                name = "bench_head" if unit.code == skhcn else f"ld.{unit.code.lower()}"
                extra.append(User(pk=pk, username=name, password=pwd, role=Role.UNIT_HEAD, unit_id=unit.pk,
                                  first_name="Lãnh đạo", last_name=unit.short_name or unit.code, job_title="Giám đốc"))
                self.head_of[unit.pk] = pk
            pk = new_id()
            extra.append(User(pk=pk, username="bench_vicechair", password=pwd, role=Role.LEADER,
                              unit_id=self.province1.pk, first_name="Bench", last_name="bench_vicechair"))
            self.cast["bench_vicechair"] = pk
            self.users += extra
            self.cast["bench_head"] = self.head_of[self.p1_skhcn.pk]
            for u in self.users:
                u.email = f"{u.username}@bench.invalid"

    return ProvinceGenerator(projects=0, seed=seed, log=print)


def _lead_weight(unit, p1_code: str) -> float:
    suffix = unit.code[len(p1_code) + 1:]
    if unit.kind in ("department", "police"):
        return {"VP": 8.0, "SKHCN": 7.0, "STTTT": 7.0, "STC": 5.0, "CA": 4.0, "SNV": 3.5}.get(suffix, 2.5)
    if unit.kind == "public_service":
        return 0.5
    if unit.kind == "district":
        return 1.5
    if unit.kind == "commune":
        return 0.35
    return 0.0


class Factory:
    """Plans directives, tasks, reports, extension requests and history rows in memory."""

    def __init__(self, gen, today: dt.date, rng: random.Random):
        from bench.generate import _Ids
        from cds.directives.models import (
            Directive,
            ExtensionRequest,
            ProgressReport,
            Task,
        )
        from cds.workdays.calendar import WorkCalendar

        self.gen, self.today, self.rng = gen, today, rng
        self.cal = WorkCalendar.load(dt.date(2021, 12, 1), today + dt.timedelta(days=900))
        self.ids = {m: _Ids(m) for m in (Directive, Task, ProgressReport, ExtensionRequest)}
        self.directives, self.tasks, self.coord, self.reports, self.extensions = [], [], [], [], []
        self.task_history, self.directive_history = [], []
        self.root = gen.province1
        self.place = gen.roots[0][2]                    # "thành phố Hà Nội"
        self.units = [u for u in gen.units if u.parent_id is not None]
        self.unit_by_id = {u.pk: u for u in gen.units}
        self.users = {u.pk: u for u in gen.users}
        self.cast = gen.cast
        self.leaders = [gen.cast["bench_leader"], gen.cast["bench_vicechair"]]
        self.numbers = Counter()
        self.pools = {}
        self.report_texts = [self._report_text() for _ in range(300)]
        self.departments = [u for u in self.units if u.kind == "department" and u.valid_to is None
                            and u.code.split("-")[-1] in ("SKHCN", "STC", "SNV", "SYT", "SGDDT", "SNNMT", "SXD")]

    # helpers
    def at(self, day: dt.date, lo: int = 8, hi: int = 17) -> dt.datetime:
        from django.utils import timezone

        return timezone.make_aware(dt.datetime.combine(day, dt.time(self.rng.randint(lo, hi - 1),
                                                                     self.rng.randint(0, 59))))

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def _report_text(self) -> str:
        r = self.rng
        parts, size, target = [], 0, r.randint(1000, 2000)
        while size < target:
            s = r.choice(REPORT_SENTENCES).format(n=r.randint(3, 95))
            parts.append(s)
            size += len(s) + 1
        return " ".join(parts)[:2000]

    def active(self, day: dt.date):
        """(units, weights) existing on ``day`` — the registry changes on 01/03 and 01/07/2025."""
        key = (day >= dt.date(2025, 3, 1), day >= dt.date(2025, 7, 1))
        if key not in self.pools:
            units = [u for u in self.units if (u.valid_from is None or u.valid_from <= day)
                     and (u.valid_to is None or day <= u.valid_to)]
            self.pools[key] = (units, [_lead_weight(u, self.root.code) for u in units])
        return self.pools[key]

    def content(self, obj: str, year: int) -> str:
        r = self.rng
        text = r.choice(ACTIONS).format(obj=obj, tail=r.choice(TAILS).format(year=year), year=year)
        return " ".join(text.split()) + "."

    def number(self, kind: str, issuer, issued: dt.date) -> str:
        key = (issuer.pk, issued.year, kind == "cong_van")
        self.numbers[key] += self.rng.randint(3, 40)
        n = self.numbers[key] + (100 if kind == "cong_van" else 0)
        if issuer.pk != self.root.pk:
            return f"{n}/{issuer.code.split('-')[-1]}-VP"
        if kind == "cong_van":
            return f"{n}/UBND-{self.rng.choice(CV_SUFFIX)}"
        return f"{n:02d}/{SYMBOL[kind]}" if kind == "chi_thi" else f"{n}/{SYMBOL[kind]}"

    # deadlines
    def deadline_of(self, kind: str, issued: dt.date, heavy: bool) -> tuple[dt.date | None, str]:
        from cds.directives.status import add_months, last_day_of_month

        r = self.rng
        if kind == "none":
            return None, ""
        if kind in ("monthly", "quarterly"):
            first = add_months(issued + dt.timedelta(days=10), 0, 25 if kind == "monthly" else 20)
            if first < issued + dt.timedelta(days=10):
                first = add_months(first, 1, first.day)
            if kind == "quarterly":
                while first.month % 3:
                    first = add_months(first, 1, 20)
            return first, ("hằng tháng, trước ngày 25" if kind == "monthly" else "hằng quý, trước ngày 20 tháng cuối quý")
        band = r.random()
        offset = (r.randint(15, 365) if heavy else r.randint(15, 45) if band < 0.4 else r.randint(46, 120)
                  if band < 0.75 else r.randint(121, 365))
        day = issued + dt.timedelta(days=offset)
        if kind == "date":
            return day, f"trước ngày {day.day}/{day.month}/{day.year}"
        if kind == "month":
            return last_day_of_month(day.year, day.month), f"trong tháng {day.month}/{day.year}"
        if kind == "quarter":
            q = (day.month - 1) // 3 + 1
            return last_day_of_month(day.year, q * 3), f"trong quý {'I II III IV'.split()[q - 1]}/{day.year}"
        return dt.date(day.year, 12, 31), f"trong năm {day.year}"

    # one directive
    def directive(self, issued: dt.date, n_tasks: int, *, kind=None, issuer=None, heavy=False, rich_first=False):
        from bench.generate import OBJECTS
        from cds.directives.models import Directive
        from cds.text.normalize import search_document

        r = self.rng
        kind = kind or _weighted(r, KINDS)
        if issuer is None:
            issuer = self.root if r.random() < 0.85 else r.choice(self.departments)
        if issuer.pk == self.root.pk:
            creator = self.cast["bench_appraiser"]
            signer = f"{r.choice(['KT. Chủ tịch, Phó Chủ tịch', 'Chủ tịch', 'TL. Chủ tịch, Chánh Văn phòng'])} " \
                     f"UBND {self.place} {self.person()}"
        else:
            creator = self.gen.staff_of[issuer.pk]
            signer = f"{r.choice(['Giám đốc', 'KT. Giám đốc, Phó Giám đốc'])} {self.person()}"
            if issuer.valid_from and issued < issuer.valid_from:
                issued = issuer.valid_from + dt.timedelta(days=r.randint(0, 30))
        obj = r.choice(OBJECTS)[0]
        title = {
            "ket_luan": f"Kết luận của lãnh đạo UBND {self.place} tại cuộc họp về {obj}",
            "ke_hoach": f"Kế hoạch triển khai {obj} năm {issued.year}",
            "chi_thi": f"Chỉ thị về đẩy mạnh {obj} và chuyển đổi số",
            "quyet_dinh": f"Quyết định giao nhiệm vụ triển khai {obj}",
            "thong_bao": f"Thông báo phân công nhiệm vụ về {obj}",
        }.get(kind, f"Về việc triển khai {obj} {r.choice(TAILS).format(year=issued.year)}".strip())
        created = issued + dt.timedelta(days=r.randint(0, 3))
        created = min(created, self.today)
        d = Directive(pk=self.ids[Directive](), kind=kind, number=self.number(kind, issuer, issued), issued_on=issued,
                      issuer_id=issuer.pk, signer=signer, title=title, created_by_id=creator,
                      created_at=self.at(created), version=1)
        d.search_text = search_document(d.number, d.title, d.signer)
        self.directives.append(d)
        paragraphs = [f"Thực hiện chỉ đạo về {obj}, {'UBND ' + self.place if issuer.pk == self.root.pk else issuer.name}"
                      f" giao nhiệm vụ cho các cơ quan, đơn vị như sau:"]
        for order in range(1, n_tasks + 1):
            t = self.task(d, order, issued, created, creator, heavy=heavy, rich=rich_first and order == 1)
            paragraphs.append(t._paragraph)
        d.full_text = "\n".join(paragraphs)
        h = copy.copy(d)
        h._history_date, h._history_user = d.created_at, self.users[creator]
        self.directive_history.append(h)
        return d

    # one task
    def task(self, d, order, issued, created, creator, *, heavy=False, rich=False):
        from bench.generate import OBJECTS
        from cds.directives.models import Task
        from cds.directives.status import missing_five_r
        from cds.text.normalize import search_document

        r, today, cal = self.rng, self.today, self.cal
        units, weights = self.active(issued)
        lead = None if (r.random() < 0.03 and not rich) else r.choices(units, weights=weights)[0]
        n_coord = 3 if rich else r.choices([0, 1, 2, 3], weights=[35, 30, 20, 15])[0]
        coords = []
        while len(coords) < n_coord:
            u = r.choices(units, weights=weights)[0]
            if u is not lead and u not in coords:
                coords.append(u)
        kind = "date" if rich else _weighted(r, DEADLINE_KINDS)
        deadline, deadline_text = self.deadline_of(kind, issued, heavy)
        if rich:
            deadline = today + dt.timedelta(days=20)
            deadline_text = f"trước ngày {deadline.day}/{deadline.month}/{deadline.year}"
        obj = r.choice(OBJECTS)[0]
        content = self.content(obj, issued.year)
        lead_text = (r.choice([lead.name, lead.short_name or lead.name]) if lead else r.choice(NO_LEAD))
        t = Task(pk=self.ids[Task](), directive_id=d.pk, order=order, content=content,
                 lead_unit_id=lead.pk if lead else None, lead_text=lead_text,
                 coordinating_text=", ".join(u.short_name or u.name for u in coords),
                 responsible="" if (r.random() < 0.2 and not rich) else
                 f"{r.choice(TITLES)} {lead.short_name if lead else ''} {self.person()}".replace("  ", " "),
                 deadline_kind=kind, deadline=deadline, deadline_text=deadline_text,
                 expected_product="" if (r.random() < 0.15 and not rich) else r.choice(PRODUCTS),
                 created_by_id=creator, created_at=self.at(created), version=1)
        t.due_on = cal.next_working_day(deadline) if deadline else None
        t.missing_5r = ",".join(missing_five_r(t))
        t.search_text = search_document(t.content, t.lead_text, t.expected_product, d.number,
                                        lead.name if lead else "")
        for u in coords:
            self.coord.append((t.pk, u.pk))
        self.tasks.append(t)
        created_copy = copy.copy(t)
        created_copy._history_date, created_copy._history_user = t.created_at, self.users[creator]
        self.task_history.append(created_copy)
        t._lead, t._issued, t._issuer = lead, issued, d.issuer_id
        if lead is not None:
            if kind in ("monthly", "quarterly"):
                self.recurring(t)
            elif rich:
                self.rich(t)
            else:
                self.progress(t, created)
        coord_text = f", phối hợp với {t.coordinating_text}" if coords else ""
        when = f", hoàn thành {deadline_text}" if deadline_text and kind not in ("monthly", "quarterly") else (
            f", báo cáo {deadline_text}" if deadline_text else "")
        t._paragraph = f"{order}. Giao {lead_text} chủ trì{coord_text}: {content[:1].lower()}{content[1:-1]}{when}."
        return t

    def add_report(self, t, day, percent, completes=False, period_due=None, by=None):
        from cds.directives.models import ProgressReport

        day = min(day, self.today)
        by = by or self.gen.staff_of[t._lead.pk]
        rep = ProgressReport(pk=self.ids[ProgressReport](), task_id=t.pk, reported_on=day, percent=percent,
                             content=self.rng.choice(self.report_texts), completes=completes, period_due=period_due,
                             reported_by_id=by, created_at=self.at(day))
        self.reports.append(rep)
        t.version += 1
        return rep

    def snapshot(self, t, day, user_pk):
        """A "~" history row: the task as it is now, dated ``day``."""
        h = copy.copy(t)
        h._history_date, h._history_user = self.at(min(day, self.today)), self.users[user_pk]
        h._update = True
        self.task_history.append(h)

    def progress(self, t, created):
        r, today, cal = self.rng, self.today, self.cal
        due = t.due_on
        start = max(created, t._issued)
        done_on = None
        if due is None:
            state = r.choices(["done", "in_progress", "not_started"], weights=[50, 35, 15])[0]
            if state == "done":
                span = (today - start).days
                if span < 10:
                    state = "in_progress"
                else:
                    done_on = start + dt.timedelta(days=r.randint(10, span))
        elif due < today:
            p_done = 0.88 if (today - due).days > 90 else 0.72
            if r.random() < p_done:
                state = "done"
                if r.random() < 0.72:
                    done_on = due - dt.timedelta(days=r.randint(0, max(0, min(20, (due - start).days))))
                else:
                    done_on = min(today, cal.add_working_days(due, r.choice([1, 2, 3, 5, 8, 13, 21, 34])))
                done_on = max(done_on, start)
            else:
                state = "in_progress" if r.random() < 0.7 else "not_started"
        else:
            x = r.random()
            state = "done" if x < 0.12 else "in_progress" if x < 0.62 else "not_started"
            if state == "done":
                span = (today - start).days
                if span < 1:
                    state = "in_progress"
                else:
                    done_on = start + dt.timedelta(days=r.randint(1, span))
        last = done_on or today
        n = {"not_started": 0, "in_progress": r.randint(1, 3), "done": r.randint(1, 3)}[state]
        if state == "in_progress" and (today - start).days < 2:
            n = 0
        days = sorted(start + dt.timedelta(days=r.randint(1, max(1, (last - start).days))) for _ in range(n))
        percent = 0
        for i, day in enumerate(days):
            completes = state == "done" and i == n - 1
            percent = 100 if completes else min(95, percent + r.randint(10, 40))
            if completes:
                day = done_on
            self.add_report(t, day, percent, completes)
            t.progress, t.percent = ("done", 100) if completes else ("in_progress", percent)
            if completes:
                t.completed_on = done_on
            self.snapshot(t, day, self.gen.staff_of[t._lead.pk])
        if state == "in_progress" and n == 0:
            t.progress, t.percent = "not_started", 0
        self.maybe_decided_extension(t)

    def maybe_decided_extension(self, t):
        """2 % approved (the deadline was moved to the current one), 0.5 % refused."""
        from cds.directives.models import ExtensionRequest

        r = self.rng
        if t.deadline_kind not in ("date", "month", "quarter", "year") or t.deadline is None:
            return
        x = r.random()
        if x < 0.02:
            old = t.deadline - dt.timedelta(days=r.randint(20, 60))
            if old < t._issued + dt.timedelta(days=7):
                return
            status, proposed = "approved", t.deadline
        elif x < 0.025:
            old, proposed, status = t.deadline, t.deadline + dt.timedelta(days=r.randint(20, 60)), "rejected"
        else:
            return
        old_due = self.cal.next_working_day(old)
        requested = max(t._issued, old_due - dt.timedelta(days=r.randint(1, 10)))
        decided = requested + dt.timedelta(days=r.randint(1, 7))
        if decided > self.today:
            return
        decider = (r.choice(self.leaders) if t._issuer == self.root.pk else self.gen.head_of[t._issuer])
        self.extensions.append(ExtensionRequest(
            pk=self.ids[ExtensionRequest](), task_id=t.pk, old_deadline=old, proposed_deadline=proposed,
            reason="Nhiệm vụ phụ thuộc kết quả lựa chọn nhà thầu và ý kiến thẩm định của Sở Tài chính; đề nghị gia "
                   "hạn để bảo đảm chất lượng sản phẩm.",
            requested_by_id=self.gen.head_of[t._lead.pk], requested_on=requested, status=status, decided_by_id=decider,
            decided_on=decided, decision_note="Đồng ý gia hạn." if status == "approved" else
            "Không đồng ý; đề nghị đơn vị tập trung hoàn thành đúng thời hạn đã giao."))
        t.version += 2
        if status == "approved":
            t.deadline_kind = "date"   # decide_extension turns a month/quarter/year deadline into a date
            self.snapshot(t, decided, decider)

    def pending_extension(self, t):
        from cds.directives.models import ExtensionRequest

        r = self.rng
        requested = min(self.today, t.due_on - dt.timedelta(days=r.randint(0, 10)))
        if requested > self.today - dt.timedelta(days=1):
            requested = self.today - dt.timedelta(days=r.randint(0, 20))
        requested = max(requested, t._issued)
        self.extensions.append(ExtensionRequest(
            pk=self.ids[ExtensionRequest](), task_id=t.pk, old_deadline=t.deadline,
            proposed_deadline=max(t.deadline, self.today) + dt.timedelta(days=r.randint(30, 90)),
            reason="Khối lượng dữ liệu cần chuẩn hóa lớn hơn dự kiến; đơn vị cần thêm thời gian phối hợp với các đơn vị "
                   "cung cấp dữ liệu và doanh nghiệp triển khai.",
            requested_by_id=self.gen.head_of[t._lead.pk], requested_on=requested))
        t.extension_pending = True
        t.version += 1
        self.snapshot(t, requested, self.gen.head_of[t._lead.pk])

    def recurring(self, t):
        """Periods reported on time (80 %) or late; the last ≤ 3 reported periods are written; 15 % have
        the current period overdue (not reported)."""
        from cds.directives.status import next_period

        r, today, cal = self.rng, self.today, self.cal
        periods, day = [], t.deadline
        while cal.next_working_day(day) < today:
            periods.append(day)
            day = next_period(day, t.deadline_kind)
        overdue = bool(periods) and r.random() < 0.15
        reported = periods[:-1] if overdue else periods
        current = periods[-1] if overdue else day
        for p in reported[-3:]:
            due = cal.next_working_day(p)
            late = r.random() < 0.2
            on = cal.add_working_days(due, r.randint(1, 10)) if late else due - dt.timedelta(days=r.randint(0, 5))
            self.add_report(t, max(on, t._issued), 100, completes=True, period_due=due)
            self.snapshot(t, on, self.gen.staff_of[t._lead.pk])
        t.deadline = current
        t.due_on = cal.next_working_day(current)
        t.progress, t.percent = ("in_progress", 0) if periods else ("not_started", 0)

    def rich(self, t):
        """The task page measured: three reports, an approved extension, a pending one."""
        from cds.directives.models import ExtensionRequest

        today = self.today
        staff, head = self.gen.staff_of[t._lead.pk], self.gen.head_of[t._lead.pk]
        first_deadline = t._issued + dt.timedelta(days=45)
        for _i, (days, pct) in enumerate(((10, 20), (30, 45), (70, 60))):
            day = min(today, t._issued + dt.timedelta(days=days))
            self.add_report(t, day, pct)
            t.progress, t.percent = "in_progress", pct
            self.snapshot(t, day, staff)
        leader = self.leaders[0]
        req_day = t._issued + dt.timedelta(days=40)
        self.extensions.append(ExtensionRequest(
            pk=self.ids[ExtensionRequest](), task_id=t.pk, old_deadline=first_deadline,
            proposed_deadline=today - dt.timedelta(days=10), reason="Chờ kết quả lựa chọn nhà thầu.",
            requested_by_id=head, requested_on=req_day, status="approved", decided_by_id=leader,
            decided_on=req_day + dt.timedelta(days=3), decision_note="Đồng ý gia hạn."))
        self.extensions.append(ExtensionRequest(
            pk=self.ids[ExtensionRequest](), task_id=t.pk, old_deadline=today - dt.timedelta(days=10),
            proposed_deadline=t.deadline, reason="Doanh nghiệp chậm bàn giao dữ liệu; đề nghị gia hạn thêm 30 ngày.",
            requested_by_id=head, requested_on=today - dt.timedelta(days=12), status="approved", decided_by_id=leader,
            decided_on=today - dt.timedelta(days=11), decision_note="Đồng ý gia hạn lần cuối."))
        t.version += 4
        self.snapshot(t, today - dt.timedelta(days=11), leader)
        self.pending_extension(t)
        t._rich = True


def build(args) -> dict:
    """Migrate, then bulk-load the province, its directives and tasks (one transaction)."""
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from cds.core.db import refresh_statistics
    from cds.directives.models import Directive, ExtensionRequest, ProgressReport, Task
    from cds.orgs.models import Unit, UnitAlias

    t_all = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings = {"migrate_s": time.perf_counter() - t_all}
    rng = random.Random(6006)
    today = timezone.localdate()
    gen = _province_generator(seed=2026)
    t = time.perf_counter()
    with transaction.atomic():
        gen.build_units()
        Unit.objects.bulk_create(gen.units, batch_size=2000)
        UnitAlias.objects.bulk_create(gen.aliases, batch_size=2000)
        Unit.successors.through.objects.bulk_create(
            [Unit.successors.through(from_unit_id=a, to_unit_id=b) for a, b in gen.successor_links])
        gen.build_users()
        type(gen.users[0]).objects.bulk_create(gen.users, batch_size=2000)
        timings["units_users_s"] = time.perf_counter() - t

        t = time.perf_counter()
        fac = Factory(gen, today, rng)
        span = (today - dt.timedelta(days=2) - ISSUED_FROM).days
        days = sorted(ISSUED_FROM + dt.timedelta(days=rng.randint(0, span)) for _ in range(args.directives))
        heavy_day = today - dt.timedelta(days=120)
        heavy = tiny = None
        for day in days:
            if heavy is None and day >= heavy_day:
                heavy = fac.directive(heavy_day, HEAVY_TASKS, kind="ke_hoach", issuer=fac.root, heavy=True,
                                      rich_first=True)
            fac.directive(day, rng.randint(5, 15))
        tiny = fac.directive(today - dt.timedelta(days=5), 2, kind="cong_van", issuer=fac.root)
        # 3 % of the tasks with a pending extension request, among the open ones with a deadline
        eligible = [x for x in fac.tasks if x.lead_unit_id and x.progress != "done" and x.deadline
                    and x.deadline_kind in ("date", "month", "quarter", "year") and not x.extension_pending]
        for x in rng.sample(eligible, min(len(eligible), round(0.03 * len(fac.tasks)))):
            fac.pending_extension(x)
        timings["plan_s"] = time.perf_counter() - t

        t = time.perf_counter()
        Directive.objects.bulk_create(fac.directives, batch_size=1000)
        Task.objects.bulk_create(fac.tasks, batch_size=2000)
        Task.coordinating_units.through.objects.bulk_create(
            [Task.coordinating_units.through(task_id=a, unit_id=b) for a, b in fac.coord], batch_size=5000)
        ProgressReport.objects.bulk_create(fac.reports, batch_size=2000)
        ExtensionRequest.objects.bulk_create(fac.extensions, batch_size=2000)
        Directive.history.bulk_history_create(fac.directive_history, batch_size=1000)
        created = [h for h in fac.task_history if not getattr(h, "_update", False)]
        updates = [h for h in fac.task_history if getattr(h, "_update", False)]
        Task.history.bulk_history_create(created, batch_size=2000)
        Task.history.bulk_history_create(updates, batch_size=2000, update=True)
        models = [Unit, UnitAlias, type(gen.users[0]), Directive, Task, ProgressReport, ExtensionRequest,
                  Directive.history.model, Task.history.model]
        with connection.cursor() as cur:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cur.execute(statement)
        timings["write_s"] = time.perf_counter() - t
    t = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")   # what autovacuum does shortly after a bulk load
    else:
        refresh_statistics()               # ANALYZE, as the app does after every migrate
    timings["analyze_s"] = time.perf_counter() - t
    timings["total_s"] = time.perf_counter() - t_all
    rich = next(x for x in fac.tasks if getattr(x, "_rich", False))
    return {
        "directives": args.directives, "version": DATA_VERSION, "built_on": today.isoformat(),
        "generated_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "timings": {k: round(v, 1) for k, v in timings.items()},
        "rows": {"units": len(gen.units), "users": len(gen.users), "directives": len(fac.directives),
                 "tasks": len(fac.tasks), "coordinating_links": len(fac.coord), "reports": len(fac.reports),
                 "extensions": len(fac.extensions), "task_history": len(fac.task_history),
                 "directive_history": len(fac.directive_history)},
        "deadline_kinds": dict(Counter(x.deadline_kind for x in fac.tasks)),
        "cast": gen.cast, "root": fac.root.pk, "heavy_directive": heavy.pk, "tiny_directive": tiny.pk,
        "rich_task": rich.pk,
    }


def verify(sample: int = 500, seed: int = 7) -> dict:
    """Compare the derived columns of a sample of tasks and directives with what the services
    compute (``services._finish`` / ``services._index``); raises on a difference."""
    from cds.directives import services
    from cds.directives.models import Directive, Task

    rng = random.Random(seed)
    ids = list(Task.objects.values_list("pk", flat=True))
    tasks = Task.objects.filter(pk__in=rng.sample(ids, min(sample, len(ids)))).select_related("directive", "lead_unit")
    bad = []
    for t in tasks:
        c = copy.copy(t)
        services._finish(c)
        for name in ("due_on", "missing_5r", "search_text"):
            if getattr(c, name) != getattr(t, name):
                bad.append((t.pk, name, getattr(t, name), getattr(c, name)))
    n_tasks = len(tasks)
    dids = list(Directive.objects.values_list("pk", flat=True))
    directives = Directive.objects.filter(pk__in=rng.sample(dids, min(sample // 2, len(dids))))
    for d in directives:
        c = copy.copy(d)
        services._index(c)
        if c.search_text != d.search_text:
            bad.append((d.pk, "directive.search_text", d.search_text, c.search_text))
    if bad:
        raise SystemExit(f"Derived columns differ from the services' on {len(bad)} rows, e.g. {bad[:3]}")
    return {"tasks": n_tasks, "directives": len(directives)}


# ------------------------------------------------------------------ measure --

def measure_page(label, username, url, args, kind="list") -> dict:
    client = login_client(username)
    out = {"label": label, "user": username, "url": url, "kind": kind}
    t = time.perf_counter()
    try:
        get_ok(client, url)
    except Exception as exc:   # noqa: BLE001 — a page that fails is a finding, not the end of the run
        from django.db import close_old_connections

        close_old_connections()
        out["error"] = f"{type(exc).__module__}.{type(exc).__name__}: {exc}"
        print(f"  {label:52} FAILED: {out['error']}", flush=True)
        return out
    first = time.perf_counter() - t
    out["first_ms"] = round(first * 1000, 1)
    n = args.requests
    if first > 1.0:   # a slow page: keep the run to about PAGE_BUDGET_S per page
        n = max(5, min(args.requests, int(PAGE_BUDGET_S / first)))
    for _ in range(args.warmup if n == args.requests else 1):
        get_ok(client, url)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        get_ok(client, url)
        times.append((time.perf_counter() - t) * 1000)
    out.update({"n": len(times), "p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
                "max_ms": round(max(times), 1)})
    out.update(page_queries(client, url))
    print(f"  {label:52} p50 {out['p50_ms']:7.1f}  p95 {out['p95_ms']:7.1f} ms  {out['queries']:3d} queries  "
          f"sql {out['sql_ms']:6.1f} ms  {out['bytes'] / 1000:6.0f} kB  (n={len(times)})", flush=True)
    return out


def reset_reminders() -> None:
    from cds.notifications.models import Notification

    Notification.objects.filter(kind="directive").delete()


def measure_reminders(today) -> dict:
    from dataclasses import asdict

    from django.db import connection

    from cds.directives.reminders import send_directive_reminders

    out = {}
    for run in ("first", "second"):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            t = time.perf_counter()
            outcome = send_directive_reminders(today, email=False)
            took = time.perf_counter() - t
        out[run] = {"s": round(took, 2), "queries": counter.n, **asdict(outcome)}
        print(f"  send_directive_reminders ({run} run): {took:6.2f} s  {counter.n:,} queries  {asdict(outcome)}",
              flush=True)
    out["idempotent"] = out["second"]["sent"] == 0
    return out


def _extraction_text(substitute_with=None) -> tuple[str, dict]:
    """≈100,000 characters: the 58 labelled paragraphs, in a new random order each round, until the
    next one would pass EXTRACT_CHARS. ``substitute_with``: {demo name → bench name} applied in one
    pass (longest first)."""
    items = json.loads(FIXTURE.read_text(encoding="utf-8"))["items"]
    rng = random.Random(66)
    pattern = None
    if substitute_with:
        alts = sorted(substitute_with, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(a) for a in alts))

    def sub(text):
        return pattern.sub(lambda m: substitute_with[m.group(0)], text) if pattern else text

    paragraphs, size, labelled, rounds = [], 0, 0, 0
    while True:
        order = items[:]
        rng.shuffle(order)
        rounds += 1
        for item in order:
            p = sub(item["text"])
            if size + len(p) + 1 > EXTRACT_CHARS:
                text = "\n".join(paragraphs)
                return text, {"chars": len(text), "paragraphs": len(paragraphs), "labelled_assignments": labelled,
                              "rounds": rounds}
            paragraphs.append(p)
            size += len(p) + 1
            labelled += len(item["assignments"])


def _bench_names(root) -> dict:
    """Demo (tỉnh Sơn Lâm) unit names → the bench province's names, for units of the same code suffix."""
    from cds.demo.units import UNITS
    from cds.orgs.models import Unit

    bench = {u.code.split("-", 1)[1]: u for u in Unit.objects.filter(path__startswith=root.tree_prefix)
             if "-" in u.code and u.code.count("-") == 1}
    place = root.name.replace("Ủy ban nhân dân ", "")       # "thành phố Hà Nội"
    out = {}
    for u in UNITS:
        if not u.code.startswith("SL-"):
            continue
        b = bench.get(u.code[3:])
        if b is None:
            continue
        out[u.name] = b.name
        if u.short and u.short != u.name and u.short != b.short_name:
            out[u.short] = b.short_name or b.name
    level = "thành phố" if place.startswith("thành phố") else "tỉnh"
    out.update({"Ủy ban nhân dân tỉnh Sơn Lâm": root.name, "UBND tỉnh Sơn Lâm": f"UBND {place}",
                "tỉnh Sơn Lâm": place, "Sơn Lâm": place[len(level) + 1:], "UBND tỉnh": f"UBND {level}"})
    return out


def measure_extraction(root_pk) -> dict:
    from cds.directives.extract import Gazetteer, extract
    from cds.orgs.models import Unit

    root = Unit.objects.get(pk=root_pk)
    out = {}
    t = time.perf_counter()
    gaz = Gazetteer.for_root(root)
    out["gazetteer_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    Gazetteer.for_root(root)
    out["gazetteer_again_s"] = round(time.perf_counter() - t, 3)
    out["gazetteer_units"] = len(gaz.units)
    out["gazetteer_names"] = len(gaz.by_name)
    reference = dt.date(2025, 6, 16)
    items = {}
    mapping = _bench_names(root)
    text, info = _extraction_text(mapping)
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        found = extract(text, gaz, reference)
        runs.append(time.perf_counter() - t)
    leads = Counter("unit" if a.lead_unit_id else "other" for a in found)
    items["bench"] = {**info, "first_s": round(runs[0], 2), "median_s": round(statistics.median(runs), 2),
                      "assignments": len(found), "with_registry_lead": leads["unit"], "substitutions": len(mapping)}
    print(f"  gazetteer of the province ({len(gaz.units)} units, {len(gaz.by_name)} names): {out['gazetteer_s']:.3f} s "
          f"(again {out['gazetteer_again_s']:.3f} s)", flush=True)
    print(f"  extract(), {info['chars']:,} chars with the bench province's names: first {runs[0]:.2f} s, median "
          f"{statistics.median(runs):.2f} s; {len(found)} assignments ({leads['unit']} with a registry unit as lead; "
          f"{info['labelled_assignments']} labelled in these paragraphs)", flush=True)
    try:
        from tests.directives.extraction_eval import demo_gazetteer

        demo = demo_gazetteer()
        text, info = _extraction_text()
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            found = extract(text, demo, reference)
            runs.append(time.perf_counter() - t)
        leads = Counter("unit" if a.lead_unit_id else "other" for a in found)
        items["demo"] = {**info, "first_s": round(runs[0], 2), "median_s": round(statistics.median(runs), 2),
                         "assignments": len(found), "with_registry_lead": leads["unit"], "gazetteer_units": len(demo.units)}
        print(f"  extract(), {info['chars']:,} chars, demo names + demo gazetteer ({len(demo.units)} units): first "
              f"{runs[0]:.2f} s, median {statistics.median(runs):.2f} s; {len(found)} assignments "
              f"({info['labelled_assignments']} labelled)", flush=True)
    except ImportError as exc:   # tests/ not shipped
        items["demo"] = {"error": str(exc)}
    out["runs"] = items
    return out


def data_counts(leader) -> dict:
    from django.db.models import Count
    from django.utils import timezone

    from cds.directives import selectors
    from cds.directives.models import Directive, ExtensionRequest, ProgressReport, Task
    from cds.orgs.models import Unit

    return {
        "units": Unit.objects.count(), "directives": Directive.objects.count(), "tasks": Task.objects.count(),
        "reports": ProgressReport.objects.count(),
        "period_reports": ProgressReport.objects.filter(period_due__isnull=False).count(),
        "extensions": dict(ExtensionRequest.objects.values_list("status").annotate(n=Count("id")).order_by("status")),
        "coordinating_links": Task.coordinating_units.through.objects.count(),
        "task_history": Task.history.count(),
        "leader_counts": selectors.counts(leader, timezone.localdate()),
    }


def busiest_month(user):
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from cds.directives.permissions import scope_tasks

    row = (scope_tasks(user).filter(due_on__isnull=False).annotate(m=TruncMonth("due_on")).values("m")
           .annotate(n=Count("id")).order_by("-n", "m").first())
    m = row["m"]
    m = m.date() if isinstance(m, dt.datetime) else m
    return f"{m:%Y-%m}", row["n"]


def small_unit_head():
    """The head of the unit with the fewest (but some) tasks it leads among the current units that
    succeeded another one, as Sở KH&CN succeeded Sở TT&TT — the scope then costs the same queries, so
    the two home pages differ only by their number of rows (the unit constant-queries check)."""
    from django.db.models import Count

    from cds.accounts.models import Role, User
    from cds.directives.models import Task
    from cds.orgs.models import Unit

    successors = Unit.successors.through.objects.values("to_unit_id")
    rows = (Task.objects.filter(lead_unit__isnull=False, lead_unit__valid_to__isnull=True,
                                lead_unit__in=successors).values("lead_unit")
            .annotate(n=Count("id")).order_by("n", "lead_unit"))
    for row in rows:
        user = User.objects.filter(unit_id=row["lead_unit"], role=Role.UNIT_HEAD).first()
        if user:
            return user.username, row["n"]
    return None, 0


def unit_rows(user) -> dict:
    """Tasks a unit user's home lists: those its unit (or a unit it succeeded) leads, and those it
    only coordinates."""
    from cds.accounts import access
    from cds.directives.models import Task
    from cds.directives.permissions import scope_tasks

    units = access.scope_for(user).unit_ids_query()
    scoped = scope_tasks(user)
    coordinated = Task.coordinating_units.through.objects.filter(unit__in=units).values("task_id")
    return {"lead": scoped.filter(lead_unit__in=units).count(),
            "coordinating": scoped.filter(pk__in=coordinated).exclude(lead_unit__in=units).count()}


def _ok(value, target) -> str:
    return "✅" if value is not None and value <= target else "❌"


def apply_experiment(path: str) -> None:
    import runpy

    runpy.run_path(path)["apply"]()
    print(f"experiment applied: {path}", flush=True)


def report(result: dict) -> str:
    t = TARGETS
    d = result["data"]
    c = d["leader_counts"]
    m = result["machine"]
    lines = [f"## Directives benchmark — {result['vendor']} {result['server_version']}", "",
             f"Machine: {m['cpu']}, {m['nproc']} CPUs, {m['ram_mb']:,} MB RAM, {m['os']}, Python {m['python']}, "
             f"SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}.", "",
             f"{d['directives']:,} directives, {d['tasks']:,} tasks (open {c['open']:,}, overdue {c['overdue']:,}, "
             f"due within 7 days {c['due_soon']:,}, extension pending {c['extension']:,}, done {c['done']:,} of which "
             f"late {c['done_late']:,}, missing a \"5 rõ\" {c['missing_5r']:,}), {d['reports']:,} progress reports, "
             f"{d['coordinating_links']:,} coordinating links; today {result['today']}; {result['requests']} requests "
             f"per page after {result['warmup']} warm-ups (fewer on pages slower than 1 s); "
             f"{'gc.freeze() after start-up' if result['gc_freeze'] else 'no gc.freeze()'}; load average "
             f"{result['loadavg_before'][0]} before, {result['loadavg_after'][0]} after"
             + (f"; experiment {result['experiment']}" if result.get("experiment") else "") + ".", "",
             "| Measure | p50 ms | p95 ms | queries | SQL ms | kB | target |", "|---|---:|---:|---:|---:|---:|---|"]
    for p in result["pages"]:
        target = t["directive_p95_ms"] if p["kind"] == "directive" else t["list_p95_ms"]
        if "error" in p:
            lines.append(f"| {p['label']} | — | — | — | — | — | ❌ HTTP 500: {p['error'][:90]} |")
            continue
        lines.append(f"| {p['label']} | {fmt_ms(p['p50_ms'])} | {fmt_ms(p['p95_ms'])} | {p['queries']} | "
                     f"{p['sql_ms']:.1f} | {p['bytes'] / 1000:.0f} | p95 ≤ {target:.0f} {_ok(p['p95_ms'], target)} |")
    r = result["reminders"]
    for run in ("first", "second"):
        lines.append(f"| send_directive_reminders, {run} run (s) | {r[run]['s']:.2f} | | {r[run]['queries']:,} | | | "
                     f"≤ {t['reminders_s']:.0f} s {_ok(r[run]['s'], t['reminders_s'])} |")
    e = result["extraction"]
    lines.append(f"| Gazetteer.for_root, the province ({e['gazetteer_units']} units, {e['gazetteer_names']} names) (s) "
                 f"| {e['gazetteer_s']:.3f} | | | | | reported |")
    b = e["runs"]["bench"]
    lines.append(f"| extract(), {b['chars']:,} characters, bench names (s; first / median of 3) | {b['first_s']:.2f} | "
                 f"{b['median_s']:.2f} | | | | ≤ {t['extract_s']:.0f} s {_ok(b['first_s'], t['extract_s'])} |")
    dm = e["runs"].get("demo", {})
    if "first_s" in dm:
        lines.append(f"| extract(), {dm['chars']:,} characters, demo names and gazetteer (s) | {dm['first_s']:.2f} | "
                     f"{dm['median_s']:.2f} | | | | ≤ {t['extract_s']:.0f} s {_ok(dm['first_s'], t['extract_s'])} |")
    f = r["first"]
    cq = result["constant_queries"]
    lines += ["", f"Reminders, first run: {f['tasks']:,} open tasks due within the horizon or overdue, {f['due']:,} due "
                  f"soon, {f['overdue']:,} overdue; {f['sent']:,} notifications. Second run: {r['second']['sent']} sent, "
                  f"{r['second']['skipped']:,} skipped ({'idempotent ✅' if r['idempotent'] else 'NOT idempotent ❌'}).",
              f"Extraction: {b['assignments']} assignments found in the bench-named text ({b['with_registry_lead']} with a "
              f"registry unit as lead; the {b['paragraphs']} paragraphs carry {b['labelled_assignments']} labelled)"
              + (f", {dm['assignments']} with the demo names and gazetteer" if "assignments" in dm else "") + ".",
              f"Constant queries: leader home {cq['leader_full']} queries with all {d['tasks']:,} tasks (page of 50), "
              f"{cq['leader_two']} with `?directive=<two-task directive>` (2 rows) "
              f"{'✅ same' if cq['leader_full'] == cq['leader_two'] else '❌ different'}; unit head home "
              f"{cq['head_big']} queries ({cq['head_big_rows']}) vs {cq['head_small']} for {cq['head_small_user']} "
              f"({cq['head_small_rows']}) {'✅ same' if cq['head_big'] == cq['head_small'] else '❌ different'}."]
    return "\n".join(lines) + "\n"


def run(args) -> None:
    t0 = time.perf_counter()
    must_build = prepare(args.db, args)
    setup_django(args.db)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cds.accounts.models import User

    if must_build:
        print(f"Building {args.directives:,} directives into {args.db} …", flush=True)
        stamp = build(args)
        stamp["verified"] = verify()
        stamp_path(args.db).write_text(json.dumps(stamp, indent=2, ensure_ascii=False))
        print(f"built in {stamp['timings']['total_s']} s: {stamp['timings']}\n  rows {stamp['rows']}", flush=True)
    else:
        stamp = json.loads(stamp_path(args.db).read_text())
        call_command("migrate", verbosity=0, interactive=False)   # current schema; ANALYZE on SQLite
        print(f"Reusing the data set built {stamp['generated_at']} (--fresh to rebuild)", flush=True)
    if args.experiment:
        apply_experiment(args.experiment)
    suffix = f"-{args.tag or Path(args.experiment).stem}" if (args.tag or args.experiment) else ""
    reset_reminders()
    with connection.cursor() as cur:
        cur.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        server_version = cur.fetchone()[0]
    today = timezone.localdate()
    leader = User.objects.get(username="bench_leader")
    head = User.objects.get(username="bench_head")
    month, month_n = busiest_month(leader)
    small_user, small_n = small_unit_head()
    result = {"db": args.db, "experiment": args.experiment, "vendor": connection.vendor,
              "server_version": server_version, "today": today.isoformat(), "requests": args.requests,
              "warmup": args.warmup, "data": data_counts(leader), "generation": stamp, "targets": TARGETS,
              "busiest_month": {"month": month, "tasks": month_n},
              "unit_head_rows": {"bench_head": unit_rows(head), small_user: unit_rows(User.objects.get(
                  username=small_user))} if small_user else {},
              "loadavg_before": [round(x, 2) for x in os.getloadavg()], "gc_freeze": not args.no_gc_freeze}
    print(f"Data: {result['data']}\nbusiest month {month} ({month_n} tasks); unit rows {result['unit_head_rows']}",
          flush=True)
    if not args.no_gc_freeze:
        # What config/wsgi.py does in each worker once the application is loaded.
        import gc

        measure_page("warm-up", "bench_leader", "/chi-dao/", argparse.Namespace(requests=1, warmup=1))
        gc.collect()
        gc.freeze()
    heavy, tiny, rich = stamp["heavy_directive"], stamp["tiny_directive"], stamp["rich_task"]
    print(f"\nPages ({args.requests} requests after {args.warmup} warm-ups; ms):", flush=True)
    pages = [
        measure_page("/chi-dao/ — leader (overview, overdue first)", "bench_leader", "/chi-dao/", args),
        measure_page("/chi-dao/?status=overdue — leader", "bench_leader", "/chi-dao/?status=overdue", args),
        measure_page("/chi-dao/?q=dat+dai — leader", "bench_leader", "/chi-dao/?q=dat+dai", args),
        measure_page("/chi-dao/?directive=<2 tasks> — leader", "bench_leader", f"/chi-dao/?directive={tiny}", args),
        measure_page("/chi-dao/ — unit head (Sở KH&CN)", "bench_head", "/chi-dao/", args),
    ]
    if small_user:
        pages.append(measure_page(f"/chi-dao/ — unit head ({small_user}, {small_n} tasks led)", small_user,
                                  "/chi-dao/", args))
    pages += [
        measure_page(f"/chi-dao/van-ban/<pk>/ ({HEAVY_TASKS} tasks) — leader", "bench_leader",
                     f"/chi-dao/van-ban/{heavy}/", args, kind="directive"),
        measure_page(f"/chi-dao/van-ban/<pk>/ ({HEAVY_TASKS} tasks) — appraiser (can manage)", "bench_appraiser",
                     f"/chi-dao/van-ban/{heavy}/", args, kind="directive"),
        measure_page("/chi-dao/nhiem-vu/<pk>/ (3 reports, 3 extensions) — leader", "bench_leader",
                     f"/chi-dao/nhiem-vu/{rich}/", args),
        measure_page("/chi-dao/don-vi/ — leader (this year)", "bench_leader", "/chi-dao/don-vi/", args),
        measure_page("/chi-dao/don-vi/?nam=tat-ca — leader (all years)", "bench_leader",
                     "/chi-dao/don-vi/?nam=tat-ca", args),
        measure_page("/chi-dao/van-ban/ — leader (directive list)", "bench_leader", "/chi-dao/van-ban/", args),
    ]
    pages.append(measure_page(f"/chi-dao/lich/?thang={month} ({month_n} deadlines) — leader", "bench_leader",
                              f"/chi-dao/lich/?thang={month}", args))
    result["pages"] = pages
    by_url = {(p["user"], p["url"]): p for p in pages}
    result["constant_queries"] = {
        "leader_full": by_url[("bench_leader", "/chi-dao/")]["queries"],
        "leader_two": by_url[("bench_leader", f"/chi-dao/?directive={tiny}")]["queries"],
        "head_big": by_url[("bench_head", "/chi-dao/")]["queries"],
        "head_big_rows": "{lead} led, {coordinating} coordinated".format(**result["unit_head_rows"]["bench_head"]),
        "head_small_user": small_user,
        "head_small": by_url[(small_user, "/chi-dao/")]["queries"] if small_user else None,
        "head_small_rows": "{lead} led, {coordinating} coordinated".format(**result["unit_head_rows"][small_user])
        if small_user else "",
    }
    print("\nReminders:", flush=True)
    result["reminders"] = measure_reminders(today)
    print("\nExtraction:", flush=True)
    result["extraction"] = measure_extraction(stamp["root"])
    result["machine"] = machine_info()
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    md = report(result)
    (OUT / f"directives-{args.db}{suffix}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False,
                                                                        default=str))
    (OUT / f"directives-{args.db}{suffix}.md").write_text(md)
    print("\n" + md)
    print(f"Written: {OUT}/directives-{args.db}{suffix}.json and .md (wall {result['wall_s']} s)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--directives", type=int, default=3_000)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if a matching one exists")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--experiment", default="", help="a Python file whose apply() monkeypatches the app first")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    parser.add_argument("--no-gc-freeze", action="store_true",
                        help="do not gc.freeze() before the pages (config/wsgi.py does in production)")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
