"""Benchmark of the appraisal (thẩm định) module: the tracking page, a dossier page,
the daily reminders and the two Word documents, over one province's registry. Not part of
`make test`.

    .venv/bin/python bench/appraisal.py [--db sqlite|postgres] [--projects 20000] [--dossiers 5000] [--fresh]
        [--requests 30] [--warmup 3] [--experiment scope-join|FILE] [--gc-freeze] [--tag NAME]

Targets: tracking page p95 <= 300 ms, dossier page p95 <= 500 ms (after the overlap index is
built), `send_appraisal_reminders` <= 60 s, Word report + draft decision <= 10 s.

Data (cached; ``--fresh`` rebuilds): the bench generator's units of *one* province (province 1,
Hà Nội: departments, former departments with successors, public-service units, communes,
former districts — 82 units), one chuyên viên and one lãnh đạo per unit, three CĐS
appraisers, an independent supervisor and two province leaders; N projects planned by
:class:`bench.generate.Generator` (names, ledger, tags, search text as the services build them)
and D dossiers, each routed with :func:`cds.rules.selectors.route` (projects whose procedure
needs no appraisal — purchases, NĐ 102/2009 — are skipped) and spread over every status:

* draft / returned on projects "dossier_preparing", open ones (in appraisal, waiting for a
  supplement with an open :class:`ClockPause`, concluded, countersigned) on projects
  "in_appraisal" — the generator's pre-approval states share one ledger shape, so a project is
  moved between them without touching its ledger —, rejected on rejected projects, approved on
  projects approved or later (decision number and date from the project's approved ledger line);
* clock start and due dates computed with :mod:`cds.appraisal.clock` and one
  :class:`WorkCalendar` (open ones submitted 0–60 days ago, so part of them is overdue;
  countersigned ones carry their approval deadline), 30 % of the rounds with a supplement pause,
  10 % of the approved dossiers in two rounds (returned once);
* 2–4 :class:`DossierDocument` rows (one tiny shared file), 0–3 opinions (answered on time,
  late, or — on open dossiers — still waiting, some past due), checklist results for every
  content item of the appraised ones, and a :class:`DossierEvent` for every step (created,
  documents, submitted, supplement, opinions, checked, concluded, countersigned or refused,
  decided) — what the stage statistics read;
* one "heavy" dossier in appraisal with 12 opinions, 10 document versions and two closed pauses:
  the dossier page measured.

Not written (as in bench/generate.py): audit events and django-simple-history rows of the
dossier steps, notifications of the steps. Reminders start from a clean slate on every run (the
notifications, escalations and escalation events of earlier runs are removed first), so the
"first run" is always a first run.

``--experiment`` tries a change without editing the application (``scope-join``: the
``scope_dossiers`` change proposed in bench/README.md; or a file whose ``apply()``
monkeypatches); ``--gc-freeze`` calls ``gc.freeze()`` before the pages, as a WSGI server can after
start-up. Results: ``bench/out/appraisal-<db>[-tag].json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
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
PG_DB = "cds_bench_appraisal"
SQLITE_FILE = OUT / "appraisal.sqlite3"
MEDIA = OUT / "appraisal-media"
TARGETS = {"tracking_p95_ms": 300.0, "dossier_p95_ms": 500.0, "reminders_s": 60.0, "word_s": 10.0}
SHARES = {  # of the dossiers; approved takes the rest and any shortfall
    "draft": 0.08, "in_appraisal": 0.10, "supplement": 0.04, "concluded": 0.025, "countersigned": 0.025,
    "returned": 0.05, "rejected": 0.08,
}
OPEN_FINALS = ("in_appraisal", "supplement", "concluded", "countersigned")
PRE_APPROVAL = ("proposed", "policy_approved", "dossier_preparing", "in_appraisal")  # same ledger shape
FILE_BYTES = b"%PDF-1.4\n% bench dossier document\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
FILE_NAME = "dossiers/bench/ho-so-mau.pdf"


# ------------------------------------------------------------------ setup ----

def db_url(db: str) -> str:
    return bench_db_url(db, SQLITE_FILE, PG_DB)


def stamp_path(db: str) -> Path:
    return OUT / f"appraisal-data-{db}.json"


def prepare(db: str, args) -> bool:
    """Create/wipe the database; True when the data must be (re)built."""
    OUT.mkdir(parents=True, exist_ok=True)
    want = {"projects": args.projects, "dossiers": args.dossiers, "version": DATA_VERSION}
    stamp = json.loads(stamp_path(db).read_text()) if stamp_path(db).exists() else None
    cached = not args.fresh and stamp is not None and all(stamp.get(k) == v for k, v in want.items())
    return reset_bench_db(db, SQLITE_FILE, PG_DB, stamp_path(db), cached)


def setup_django(db: str) -> None:
    setup_bench_django(db_url(db), MEDIA)


# ------------------------------------------------------------------ data -----

def _province_generator(projects: int, seed: int):
    from bench.generate import Generator, _Ids

    class ProvinceGenerator(Generator):
        """The bench generator restricted to its first province (units, users, projects)."""

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
            extra = []
            stc = f"{self.province1.code}-STC"
            for unit in self.units:
                pk = new_id()
                # The unit head measured: Sở Tài chính's, asked for an opinion on funds on many dossiers.
                name = "bench_head" if unit.code == stc else f"ld.{unit.code.lower()}"
                extra.append(User(pk=pk, username=name, password=pwd, role=Role.UNIT_HEAD,
                                  unit_id=unit.pk, first_name="Lãnh đạo", last_name=unit.short_name or unit.code,
                                  job_title="Giám đốc"))
                self.head_of[unit.pk] = pk
            by_code = {u.code: u for u in self.units}
            p1 = self.province1
            cast = [
                ("bench_appraiser2", Role.CDS_APPRAISER, self.p1_skhcn.pk),
                ("bench_appraiser3", Role.CDS_APPRAISER, self.p1_skhcn.pk),
                ("bench_supervisor", Role.SUPERVISOR, by_code[f"{p1.code}-TTRA"].pk),
                ("bench_vicechair", Role.LEADER, p1.pk),
            ]
            for username, role, unit_id in cast:
                pk = new_id()
                extra.append(User(pk=pk, username=username, password=pwd, role=role, unit_id=unit_id,
                                  first_name="Bench", last_name=username))
                self.cast[username] = pk
            self.users += extra
            self.cast["bench_head"] = self.head_of[by_code[stc].pk]
            for u in self.users:
                u.email = f"{u.username}@bench.invalid"

    return ProvinceGenerator(projects=projects, seed=seed, log=print)


OPINION_UNITS = {  # suffix of a province department → (weight, question)
    "STC": (5, "Đề nghị cho ý kiến về nguồn vốn, khả năng cân đối ngân sách và dự toán kinh phí của nhiệm vụ/dự án."),
    "CA": (3, "Đề nghị cho ý kiến về phương án bảo đảm an toàn thông tin, an ninh mạng và bảo vệ dữ liệu cá nhân."),
    "SNV": (1, "Đề nghị cho ý kiến về quy trình nghiệp vụ, cải cách hành chính và số hóa hồ sơ, tài liệu lưu trữ."),
    "SNNMT": (1, "Đề nghị cho ý kiến về việc kết nối, chia sẻ dữ liệu đất đai, tài nguyên và môi trường."),
    "STP": (1, "Đề nghị cho ý kiến về cơ sở pháp lý và việc kết nối với cơ sở dữ liệu hộ tịch điện tử."),
    "SYT": (0.5, "Đề nghị cho ý kiến về việc kết nối, liên thông dữ liệu y tế."),
    "SXD": (0.5, "Đề nghị cho ý kiến về dữ liệu quy hoạch, xây dựng và nhà ở."),
    "VP": (1, "Đề nghị cho ý kiến về việc tích hợp với Cổng dịch vụ công và hệ thống thông tin giải quyết TTHC."),
}
ANSWERS = [
    "Thống nhất với nội dung hồ sơ; đề nghị chủ đầu tư rà soát lại dự toán theo định mức hiện hành.",
    "Cơ bản thống nhất. Đề nghị bổ sung phương án kết nối qua nền tảng LGSP và bảo đảm an toàn thông tin cấp độ 3.",
    "Thống nhất về sự cần thiết đầu tư; đề nghị làm rõ nguồn kinh phí vận hành, duy trì sau khi hoàn thành.",
    "Không thống nhất quy mô đề xuất; đề nghị tách phần mua sắm thiết bị sang dự toán mua sắm thường xuyên.",
]
SUPPLEMENT_REQUESTS = [
    "Đề nghị bổ sung báo giá của ít nhất ba nhà cung cấp và kết quả thẩm định giá thiết bị.",
    "Đề nghị bổ sung thuyết minh phương án kết nối, chia sẻ dữ liệu với các cơ sở dữ liệu quốc gia.",
    "Đề nghị giải trình tỷ lệ chi phí dự phòng (12 %) vượt mức quy định và hoàn thiện dự toán chi tiết.",
]
FINDINGS = [
    {"check": "legal_basis", "level": "ok", "text": "Thuộc Kế hoạch ứng dụng CNTT, chuyển đổi số giai đoạn 2026–2030.",
     "link": ""},
    {"check": "overlap", "level": "warning",
     "text": "DA-2024-0113 Xây dựng cơ sở dữ liệu đất đai thành phố Hà Nội (Sở NN&MT) — giống 71%: cùng mục đích, "
             "cùng dữ liệu đất đai.", "link": ""},
    {"check": "architecture", "level": "info", "text": "Chưa nêu phương án kết nối, chia sẻ dữ liệu (LGSP, NDXP).",
     "link": ""},
    {"check": "estimate", "level": "info",
     "text": "Chưa có kiểm tra tự động định mức, đơn giá: chuyên viên đối chiếu thủ công.", "link": ""},
]


class DossierFactory:
    """Plans dossiers and their rows in memory; bulk-written afterwards."""

    def __init__(self, gen, today: dt.date, rng: random.Random):
        from bench.generate import _Ids
        from cds.appraisal.models import (
            ChecklistResult,
            ClockPause,
            Dossier,
            DossierDocument,
            DossierEvent,
            Opinion,
        )
        from cds.workdays.calendar import WorkCalendar

        self.gen, self.today, self.rng = gen, today, rng
        self.cal = WorkCalendar.load(dt.date(2015, 1, 1), today + dt.timedelta(days=800))
        self.ids = {m: _Ids(m) for m in (Dossier, DossierDocument, ClockPause, Opinion, ChecklistResult, DossierEvent)}
        self.dossiers, self.documents, self.pauses, self.opinions, self.results, self.events = [], [], [], [], [], []
        self.codes = Counter()
        self.sha = hashlib.sha256(FILE_BYTES).hexdigest()
        cast = gen.cast
        self.appraisers = [cast["bench_appraiser"], cast["bench_appraiser2"], cast["bench_appraiser3"]]
        self.supervisor, self.leaders = cast["bench_supervisor"], [cast["bench_leader"], cast["bench_vicechair"]]
        p1 = gen.province1.code
        by_code = {u.code: u for u in gen.units}
        self.opinion_pool = [(by_code[f"{p1}-{s}"], w, q) for s, (w, q) in OPINION_UNITS.items()
                             if f"{p1}-{s}" in by_code and by_code[f"{p1}-{s}"].valid_to is None]

    # helpers
    def at(self, day: dt.date, lo: int = 8, hi: int = 17) -> dt.datetime:
        from django.utils import timezone

        return timezone.make_aware(dt.datetime.combine(day, dt.time(self.rng.randint(lo, hi - 1),
                                                                     self.rng.randint(0, 59))))

    def wd(self, day: dt.date, n: int) -> dt.date:
        return self.cal.add_working_days(day, n) if n > 0 else day

    def event(self, d, kind, day, actor, note="", rnd=None, lo=8, hi=17):
        from cds.appraisal.models import DossierEvent

        self.events.append(DossierEvent(pk=self.ids[DossierEvent](), dossier_id=d.pk, kind=kind,
                                        round=d.round if rnd is None else rnd, actor_id=actor,
                                        at=self.at(day, lo, hi), note=note))

    def code(self, year: int) -> str:
        self.codes[year] += 1
        return f"HS-{year}-{self.codes[year]:04d}"

    # one dossier
    def build(self, plan, project_id, proc, amount, final, heavy=False, two_rounds=False):
        from cds.appraisal.models import Dossier
        from cds.appraisal.models import EventKind as E

        rng, today = self.rng, self.today
        unit = plan["unit"]
        staff, head = self.gen.staff_of[unit.pk], self.gen.head_of[unit.pk]
        created_on = plan["created_on"]
        if final == "draft":
            start = today - dt.timedelta(days=rng.randint(0, 60))
        elif final in OPEN_FINALS:
            span = {"in_appraisal": (0, 60), "supplement": (3, 40), "concluded": (12, 70),
                    "countersigned": (20, 90)}[final]
            start = today - dt.timedelta(days=int(rng.triangular(span[0], span[1], span[0] + 8)))
        elif final == "approved":
            target = plan["_approved_on"]
            start = min(max(target - dt.timedelta(days=rng.randint(35, 80)), created_on + dt.timedelta(days=5)),
                        today - dt.timedelta(days=230 if two_rounds else 100))
        elif final == "rejected":
            changed = plan["changed_at"].date()
            start = min(changed - dt.timedelta(days=rng.randint(40, 80)), today - dt.timedelta(days=100))
        else:  # returned
            start = today - dt.timedelta(days=rng.randint(40, 250))
        if heavy:
            start = today - dt.timedelta(days=45)
        start = self.cal.next_working_day(start) if final != "draft" else start
        if start > today:
            start = today
        created = start - dt.timedelta(days=rng.randint(3, 30))
        d = Dossier(pk=self.ids[Dossier](), code=self.code(created.year), project_id=project_id, procedure=proc,
                    amount=amount, title=f"Hồ sơ đề nghị thẩm định {plan['name']}"[:500], status=final, round=0,
                    created_by_id=staff, created_at=self.at(created), version=1)
        d._group = plan["group"]
        self.dossiers.append(d)
        self.event(d, E.CREATED, created, staff, f"Thủ tục: {proc.name}")
        kinds = [i.document_kind.split("|")[0] for i in proc.checklist.all()
                 if i.kind == "document" and i.document_kind]
        self.add_documents(d, kinds, created, start, staff, 10 if heavy else rng.randint(2, 4))
        if final == "draft":
            return d
        if two_rounds:
            end = self.round(d, start, "returned", heavy=False, staff=staff, head=head, plan=plan)
            start = self.cal.next_working_day(end + dt.timedelta(days=rng.randint(10, 30)))
            self.add_documents(d, kinds[:1], end, start, staff, 1, round_=d.round)
        self.round(d, start, final, heavy=heavy, staff=staff, head=head, plan=plan)
        return d

    def add_documents(self, d, kinds, first, last, staff, n, round_=0):
        from cds.appraisal.models import DocKind, DossierDocument

        kinds = kinds or [DocKind.TO_TRINH, DocKind.THUYET_MINH]
        have = {doc.kind: doc.version for doc in self.documents[-12:] if doc.dossier_id == d.pk}
        span = max(0, (last - first).days)
        for i in range(n):
            kind = kinds[i % len(kinds)] if i < len(kinds) or round_ else self.rng.choice(kinds)
            version = have.get(kind, 0) + 1
            have[kind] = version
            day = first + dt.timedelta(days=self.rng.randint(0, span))
            self.documents.append(DossierDocument(
                pk=self.ids[DossierDocument](), dossier_id=d.pk, kind=kind, version=version, file=FILE_NAME,
                file_name=f"{kind}-{d.code}-v{version}.pdf", file_size=len(FILE_BYTES), file_sha256=self.sha,
                round=round_, uploaded_by_id=staff, uploaded_at=self.at(day), note=""))
            self.event(d, "document", day, staff, f"Tải lên tài liệu — bản {version}", rnd=round_)

    def round(self, d, start, final, *, heavy, staff, head, plan) -> dt.date:  # noqa: C901
        """One submission round from ``start`` to ``final``; returns its last day."""
        from cds.appraisal import clock
        from cds.appraisal.models import ClockPause, Opinion
        from cds.appraisal.models import EventKind as E
        from cds.rules.models import Step

        rng, today, cal = self.rng, self.today, self.cal
        proc, group = d.procedure, d._group
        d.round += 1
        rnd = d.round
        appraiser = rng.choice(self.appraisers)
        limit = proc.limit(Step.APPRAISAL, group)
        d.status = final
        d.submitted_at, d.submitted_by_id, d.clock_start = self.at(start), head, start
        self.event(d, E.SUBMITTED, start, head, "Trình thẩm định", lo=8, hi=10)
        is_open = final in ("in_appraisal", "supplement")
        last = start
        # supplement pauses (closed ones must have ended before today)
        pauses = []
        n_pauses = 2 if heavy else (1 if final == "supplement" or rng.random() < 0.3 else 0)
        margin = dt.timedelta(days=10 if final in ("concluded", "countersigned") else 1)
        day = start
        for k in range(n_pauses):
            p_start = min(self.wd(day, rng.randint(1, 4)), today)
            p_end = None
            if not (final == "supplement" and k == n_pauses - 1):
                p_end = p_start + dt.timedelta(days=rng.randint(2, 5 if heavy else 15))
                if p_end > today - margin:
                    break
            req = rng.choice(SUPPLEMENT_REQUESTS)
            self.pauses.append(ClockPause(pk=self.ids[ClockPause](), dossier_id=d.pk, round=rnd, started_on=p_start,
                                          ended_on=p_end, request=req, requested_by_id=appraiser,
                                          response="" if p_end is None else "Đã bổ sung theo yêu cầu."))
            pauses.append(clock.Pause(p_start, p_end))
            self.event(d, E.SUPPLEMENT_REQUESTED, p_start, appraiser, req)
            last = max(last, p_start)
            if p_end is None:
                break
            self.event(d, E.SUPPLEMENTED, p_end, head, "Đã bổ sung theo yêu cầu.")
            day = last = max(last, p_end)
        d.due_date = clock.due_date(start, limit.days, limit.unit, pauses, cal) if limit else None
        # opinions
        op_limit = proc.limit(Step.OPINION, group)
        n_op = 12 if heavy else rng.choice([0, 1, 1, 1, 2, 2, 3])
        answered_last = start
        pool = [(u, w, q) for u, w, q in self.opinion_pool if u.pk != plan["unit"].pk]
        for _ in range(n_op):
            unit, _w, question = rng.choices(pool, weights=[w for _, w, _ in pool])[0]
            req = min(self.wd(start, rng.randint(0, 3)), today)
            due = cal.due_date(req, op_limit.days if op_limit else 5, op_limit.unit if op_limit else "working")
            ans = self.wd(req, rng.choice([1, 2, 3, 4, 5, 5, 6, 8]))
            if is_open and (ans > today or rng.random() < 0.35):
                ans = None
            elif ans > today:
                ans = today
            o = Opinion(pk=self.ids[Opinion](), dossier_id=d.pk, unit_id=unit.pk, question=question,
                        requested_by_id=appraiser, requested_on=req, due_date=due)
            self.event(d, E.OPINION_REQUESTED, req, appraiser, f"{unit.name} — hạn {due:%d/%m/%Y}: {question}")
            if ans:
                o.answer, o.agrees = rng.choice(ANSWERS), rng.random() < 0.85
                o.answered_by_id, o.answered_on = self.gen.head_of[unit.pk], ans
                late = " (quá hạn)" if ans > due else ""
                self.event(d, E.OPINION_ANSWERED, ans, o.answered_by_id, f"{unit.name}{late}: {o.answer}")
                answered_last = max(answered_last, ans)
            self.opinions.append(o)
        content = [i for i in proc.checklist.all() if i.kind == "content"]
        if is_open:
            if rng.random() < 0.5 and content:
                day = min(self.wd(start, rng.randint(1, 5)), today)
                self.checklist(d, content[: rng.randint(1, len(content))], appraiser, day, "pass")
                self.event(d, E.CHECKED, day, appraiser, "Cập nhật mục kiểm tra")
            return max(last, answered_last)
        # concluded
        due = d.due_date or start + dt.timedelta(days=30)
        natural = start + dt.timedelta(days=int((due - start).days * rng.uniform(0.45, 1.3)))
        concl = max(natural, answered_last + dt.timedelta(days=1), last + dt.timedelta(days=1))
        if final in ("concluded", "countersigned"):
            concl = min(concl, today - dt.timedelta(days=0 if final == "concluded" else 1))
        outcome = {"rejected": "ineligible", "returned": "needs_supplement"}.get(
            final, "eligible" if rng.random() < 0.85 or final == "approved" else "needs_supplement")
        verdict = "fail" if outcome == "ineligible" else "pass"
        self.checklist(d, content, appraiser, concl, verdict)
        self.event(d, E.CHECKED, concl, appraiser, f"Cập nhật {len(content)} mục kiểm tra", lo=8, hi=11)
        text = {"eligible": "Hồ sơ đủ điều kiện trình phê duyệt.",
                "needs_supplement": "Đề nghị chủ đầu tư hoàn thiện dự toán và phương án kết nối dữ liệu.",
                "ineligible": "Nhiệm vụ trùng lặp với hệ thống dùng chung đã đầu tư; không đủ điều kiện."}[outcome]
        self.event(d, E.CONCLUDED, concl, appraiser, text, lo=11, hi=17)
        if final not in ("concluded",) and rng.random() < 0.05 and concl < today - dt.timedelta(days=10):
            refused = concl + dt.timedelta(days=1)
            self.event(d, E.COUNTERSIGN_REFUSED, refused, self.supervisor, "Đề nghị làm rõ nhận xét mục dự toán.")
            concl = refused + dt.timedelta(days=rng.randint(1, 3))
            self.event(d, E.CONCLUDED, concl, appraiser, text, lo=11, hi=17)
        d.conclusion, d.conclusion_text = outcome, text
        d.concluded_by_id, d.concluded_at = appraiser, self.at(concl, 15, 17)
        d.findings_snapshot = FINDINGS
        if final == "concluded":
            return concl
        cs = concl + dt.timedelta(days=rng.randint(1, 5))
        if final == "countersigned":
            cs = min(cs, today)
        d.countersigned_by_id, d.countersigned_at = self.supervisor, self.at(cs)
        d.countersign_note = "Thống nhất với kết luận thẩm định."
        ap = proc.limit(Step.APPROVAL, group)
        d.approval_due = cal.due_date(cs, ap.days, ap.unit) if ap else None
        self.event(d, E.COUNTERSIGNED, cs, self.supervisor, d.countersign_note)
        if final == "countersigned":
            return cs
        decided = cs + dt.timedelta(days=rng.randint(1, 12))
        leader = rng.choice(self.leaders)
        d.decided_by_id, d.decided_at = leader, self.at(decided)
        if final == "approved":
            target = plan["_approved_on"]
            if cs < target <= cs + dt.timedelta(days=30):
                decided = target
                d.decided_at = self.at(decided)
            d.decision_number = plan["_approved_number"] or f"{rng.randint(100, 9999)}/QĐ-UBND"
            d.decision_date = decided
            self.event(d, E.APPROVED, decided, leader, f"Quyết định số {d.decision_number} ngày {decided:%d/%m/%Y}")
        elif final == "returned":
            self.event(d, E.RETURNED, decided, leader, "Đề nghị hoàn thiện hồ sơ theo ý kiến thẩm định.")
        else:
            self.event(d, E.REJECTED, decided, leader, "Không phê duyệt theo kết luận thẩm định.")
        d.status = final
        return decided

    def checklist(self, d, items, actor, day, verdict):
        from cds.appraisal.models import ChecklistResult

        existing = {r.item_id: r for r in self.results[-12:] if r.dossier_id == d.pk}
        for n, item in enumerate(items):
            result = "fail" if verdict == "fail" and n == 0 else "pass"
            comment = "Không phù hợp quy hoạch, kiến trúc dùng chung." if result == "fail" else "Đạt yêu cầu."
            row = existing.get(item.pk)
            if row is None:
                self.results.append(ChecklistResult(pk=self.ids[ChecklistResult](), dossier_id=d.pk, item_id=item.pk,
                                                    result=result, comment=comment, updated_by_id=actor,
                                                    updated_at=self.at(day)))
            else:
                row.result, row.comment, row.updated_at = result, comment, self.at(day)


def build(args) -> dict:  # noqa: C901
    """Migrate, then bulk-load the province, its projects and the dossiers (one transaction)."""
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.generate import HAS_APPROVED, _Ids
    from cds.appraisal.models import (
        ChecklistResult,
        ClockPause,
        Dossier,
        DossierDocument,
        DossierEvent,
        Opinion,
    )
    from cds.core.db import refresh_statistics
    from cds.orgs.models import Unit, UnitAlias
    from cds.projects.models import BudgetEntry, CodeSequence, Project
    from cds.rules.models import Procedure
    from cds.rules.selectors import route

    t_all = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings = {"migrate_s": time.perf_counter() - t_all}
    rng = random.Random(5005)
    today = timezone.localdate()
    gen = _province_generator(args.projects, seed=2026)
    t = time.perf_counter()
    with transaction.atomic():
        gen.build_units()
        Unit.objects.bulk_create(gen.units, batch_size=2000)
        UnitAlias.objects.bulk_create(gen.aliases, batch_size=2000)
        Unit.successors.through.objects.bulk_create(
            [Unit.successors.through(from_unit_id=a, to_unit_id=b) for a, b in gen.successor_links])
        gen.build_users()
        type(gen.users[0]).objects.bulk_create(gen.users, batch_size=2000)
        gen.load_catalogues()
        seq = {(s.prefix, s.year): s.last for s in CodeSequence.objects.all()}
        plans = [gen.plan_project(i, seq) for i in range(gen.n_projects)]
        gen.adjust_counts(plans)
        timings["plan_projects_s"] = time.perf_counter() - t

        # ---- which projects get a dossier, in which status
        t = time.perf_counter()
        routable_regimes = {}
        for p in Procedure.objects.prefetch_related("time_limits"):
            routable_regimes.setdefault(p.regime_id, []).append(p)

        def amount_of(plan):
            return sum(ln["amount"] for ln in plan["lines"] if ln["stage"] == "estimate" and not ln.get("voided"))

        def routable(plan):
            procs = routable_regimes.get(plan["regime"].pk, [])
            amount = amount_of(plan)
            return any(p.applies(plan["kind"], amount) and p.needs_appraisal for p in procs)

        pools = {"pre": [], "rejected": [], "approved": []}
        for plan in plans:
            if not routable(plan):
                continue
            if plan["state"] in PRE_APPROVAL:
                pools["pre"].append(plan)
            elif plan["state"] == "rejected":
                pools["rejected"].append(plan)
            elif plan["state"] in HAS_APPROVED:
                approved = [ln for ln in plan["lines"] if ln["stage"] == "approved" and ln.get("decision_date")]
                if approved:
                    plan["_approved_on"] = approved[-1]["decision_date"]
                    plan["_approved_number"] = approved[-1]["decision_number"]
                    pools["approved"].append(plan)
        for pool in pools.values():
            rng.shuffle(pool)
        D = args.dossiers
        chosen = []   # (plan, final)
        short = 0
        for final, share in SHARES.items():
            want = int(round(D * share))
            pool = pools["rejected"] if final == "rejected" else pools["pre"]
            take = pool[:want]
            del pool[:want]
            short += want - len(take)
            chosen += [(p, final) for p in take]
        rest = D - len(chosen)
        chosen += [(p, "approved") for p in pools["approved"][:rest]]
        for plan, final in chosen:
            if final in ("draft", "returned"):
                plan["state"] = "dossier_preparing"
            elif final in OPEN_FINALS:
                plan["state"] = "in_appraisal"

        # ---- projects
        gen.project_id = _Ids(Project)
        gen.entry_id = _Ids(BudgetEntry)
        gen.check_docs = 50
        for start in range(0, len(plans), 10_000):
            gen.write_projects(plans[start:start + 10_000])
        for (prefix, year), last in seq.items():
            CodeSequence.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})
        timings["write_projects_s"] = time.perf_counter() - t
        t = time.perf_counter()
        pk_of = dict(Project.objects.values_list("code", "pk"))

        # ---- dossiers
        fac = DossierFactory(gen, today, rng)
        heavy_done, heavy_pk = False, None
        skipped = 0
        for plan, final in sorted(chosen, key=lambda c: c[0]["created_at"]):
            amount = amount_of(plan)
            proc = route(plan["regime"], plan["kind"], amount)   # the rules table decides
            if not proc.needs_appraisal:
                skipped += 1
                continue
            heavy = final == "in_appraisal" and not heavy_done
            heavy_done = heavy_done or heavy
            two = final == "approved" and rng.random() < 0.10
            d = fac.build(plan, pk_of[plan["code"]], proc, amount, final, heavy=heavy, two_rounds=two)
            if heavy:
                heavy_pk = d.pk
        for year, last in fac.codes.items():
            CodeSequence.objects.update_or_create(prefix="HS", year=year, defaults={"last": last})
        timings["plan_dossiers_s"] = time.perf_counter() - t
        t = time.perf_counter()
        Dossier.objects.bulk_create(fac.dossiers, batch_size=1000)
        for model, rows in ((DossierDocument, fac.documents), (ClockPause, fac.pauses), (Opinion, fac.opinions),
                            (ChecklistResult, fac.results), (DossierEvent, fac.events)):
            model.objects.bulk_create(rows, batch_size=2000)
        # The events were bulk-written, not through the services: their stage times are computed here.
        from cds.appraisal import stage_times

        stage_times.rebuild()
        models = [Unit, UnitAlias, type(gen.users[0]), Project, BudgetEntry, Dossier, DossierDocument, ClockPause,
                  Opinion, ChecklistResult, DossierEvent]
        from cds.audit.models import AuditEvent
        from cds.projects.models import ProjectEvent

        models += [ProjectEvent, AuditEvent]
        with connection.cursor() as cur:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cur.execute(statement)
        timings["write_dossiers_s"] = time.perf_counter() - t
    t = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")   # what autovacuum does shortly after a bulk load
    else:
        refresh_statistics()               # ANALYZE, as the app does after every migrate
    timings["analyze_s"] = time.perf_counter() - t
    MEDIA.joinpath(FILE_NAME).parent.mkdir(parents=True, exist_ok=True)
    MEDIA.joinpath(FILE_NAME).write_bytes(FILE_BYTES)
    timings["total_s"] = time.perf_counter() - t_all
    statuses = Counter(d.status for d in fac.dossiers)
    return {
        "projects": args.projects, "dossiers": args.dossiers, "version": DATA_VERSION,
        "built_on": today.isoformat(), "generated_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "timings": {k: round(v, 1) for k, v in timings.items()},
        "rows": {"units": len(gen.units), "users": len(gen.users), "projects": len(plans),
                 "dossiers": len(fac.dossiers), "documents": len(fac.documents), "pauses": len(fac.pauses),
                 "opinions": len(fac.opinions), "checklist_results": len(fac.results), "events": len(fac.events)},
        "statuses": dict(sorted(statuses.items())), "pool_shortfall": short, "route_skipped": skipped,
        "cast": gen.cast, "heavy_dossier": heavy_pk,
    }


# ------------------------------------------------------------------ measure --

def measure_page(label, username, url, args, first_separately=False) -> dict:
    client = login_client(username)
    out = {"label": label, "user": username, "url": url}
    if first_separately:
        t = time.perf_counter()
        get_ok(client, url)
        out["first_ms"] = round((time.perf_counter() - t) * 1000, 1)
    for _ in range(args.warmup):
        get_ok(client, url)
    times = []
    for _ in range(args.requests):
        t = time.perf_counter()
        get_ok(client, url)
        times.append((time.perf_counter() - t) * 1000)
    out.update({"n": len(times), "p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
                "max_ms": round(max(times), 1)})
    out.update(page_queries(client, url))
    print(f"  {label:44} p50 {out['p50_ms']:7.1f}  p95 {out['p95_ms']:7.1f} ms  {out['queries']:3d} queries"
          + (f"  (first request {out['first_ms']:.0f} ms)" if "first_ms" in out else ""), flush=True)
    return out


EXPERIMENTS: dict = {}


def apply_experiment(name: str) -> None:
    """A built-in experiment by name, or a Python file whose ``apply()`` patches the app."""
    if name in EXPERIMENTS:
        EXPERIMENTS[name]()
    else:
        import runpy

        runpy.run_path(name)["apply"]()
    print(f"experiment applied: {name}", flush=True)


def reset_reminders() -> None:
    """Undo earlier reminder runs so the first run below is a first run."""
    from cds.appraisal.models import DossierEvent, Opinion
    from cds.audit.models import AuditEvent
    from cds.notifications.models import Notification

    Notification.objects.filter(kind__startswith="appraisal").delete()
    Opinion.objects.filter(escalated_on__isnull=False).update(escalated_on=None)
    DossierEvent.objects.filter(kind="opinion_escalated").delete()
    AuditEvent.objects.filter(verb="appraisal.opinion_escalated").delete()


def measure_reminders() -> dict:
    from dataclasses import asdict

    from django.core import mail
    from django.db import connection
    from django.utils import timezone

    from cds.appraisal.reminders import send_appraisal_reminders

    out = {}
    for run in ("first", "second"):
        mail.outbox = []
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            t = time.perf_counter()
            outcome = send_appraisal_reminders(timezone.localdate(), days_before=2, email=True)
            took = time.perf_counter() - t
        out[run] = {"s": round(took, 2), "queries": counter.n, "emails_composed": len(mail.outbox),
                    **asdict(outcome)}
        print(f"  send_appraisal_reminders ({run} run): {took:6.2f} s  {counter.n:,} queries  "
              f"{asdict(outcome)}", flush=True)
    return out


def measure_word(pks) -> dict:
    from django.db import connection

    from cds.appraisal import documents
    from cds.appraisal.models import Dossier

    out = {}
    for label, pk in pks.items():
        dossier = Dossier.objects.get(pk=pk)
        row = {"dossier": dossier.code, "status": dossier.status}
        total = 0.0
        for kind, fn in (("report", documents.appraisal_report), ("decision", documents.draft_decision)):
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                t = time.perf_counter()
                data = fn(dossier)
                took = time.perf_counter() - t
            total += took
            row[kind] = {"s": round(took, 3), "bytes": len(data), "queries": counter.n}
        row["total_s"] = round(total, 3)
        out[label] = row
        print(f"  Word {label:10} {dossier.code}: report {row['report']['s']:.2f} s "
              f"({row['report']['bytes'] / 1000:.0f} kB, {row['report']['queries']} q) + draft decision "
              f"{row['decision']['s']:.2f} s ({row['decision']['queries']} q) = {total:.2f} s", flush=True)
    return out


def data_counts() -> dict:
    from django.db.models import Count

    from cds.appraisal.models import (
        ChecklistResult,
        ClockPause,
        Dossier,
        DossierDocument,
        DossierEvent,
        Opinion,
    )
    from cds.orgs.models import Unit
    from cds.projects.models import Project

    return {
        "units": Unit.objects.count(), "projects": Project.objects.count(), "dossiers": Dossier.objects.count(),
        "documents": DossierDocument.objects.count(), "pauses": ClockPause.objects.count(),
        "open_pauses": ClockPause.objects.filter(ended_on__isnull=True).count(),
        "opinions": Opinion.objects.count(), "checklist_results": ChecklistResult.objects.count(),
        "events": DossierEvent.objects.count(),
        "statuses": dict(Dossier.objects.values_list("status").annotate(n=Count("id")).order_by("status")),
    }


def _ok(value, target) -> str:
    return "✅" if value is not None and value <= target else "❌"


def report(result: dict) -> str:
    t = TARGETS
    lines = [f"## Appraisal benchmark — {result['vendor']} {result['server_version']}", "",
             f"{result['data']['projects']:,} projects, {result['data']['dossiers']:,} dossiers "
             f"({', '.join(f'{k} {v:,}' for k, v in result['data']['statuses'].items())}), "
             f"{result['data']['opinions']:,} opinions, {result['data']['documents']:,} documents, "
             f"{result['data']['events']:,} events; today {result['today']}; "
             f"{result['requests']} requests per page after {result['warmup']} warm-ups; load average "
             f"{result['loadavg_before'][0]} before, {result['loadavg_after'][0]} after"
             + (f"; experiment {result['experiment']}" if result.get("experiment") else "")
             + ("; gc.freeze() before the pages" if result.get("gc_freeze") else "") + ".", "",
             "| Measure | p50 ms | p95 ms | queries | target |", "|---|---:|---:|---:|---|"]
    for p in result["pages"]:
        target = t["dossier_p95_ms"] if "ho-so" in p["url"] else t["tracking_p95_ms"]
        lines.append(f"| {p['label']} | {fmt_ms(p['p50_ms'])} | {fmt_ms(p['p95_ms'])} | {p['queries']} | "
                     f"p95 ≤ {target:.0f} {_ok(p['p95_ms'], target)} |")
        if "first_ms" in p:
            lines.append(f"| — its first request (builds the overlap index) | {fmt_ms(p['first_ms'])} | | | reported |")
    r = result["reminders"]
    for run in ("first", "second"):
        lines.append(f"| send_appraisal_reminders, {run} run (s) | {r[run]['s']:.2f} | | {r[run]['queries']:,} | "
                     f"≤ {t['reminders_s']:.0f} s {_ok(r[run]['s'], t['reminders_s'])} |")
    for label, w in result["word"].items():
        lines.append(f"| Word report + draft decision, {label} dossier (s) | {w['total_s']:.2f} | | "
                     f"{w['report']['queries'] + w['decision']['queries']} | ≤ {t['word_s']:.0f} s "
                     f"{_ok(w['total_s'], t['word_s'])} |")
    f = r["first"]
    lines += ["", f"Reminders, first run: {f['dossiers']} dossiers and {f['opinions']} opinions looked at; "
                  f"{f['due']} due, {f['overdue']} overdue, {f['approval_overdue']} approval overdue, "
                  f"{f['opinions_due']} opinions due, {f['opinions_overdue']} overdue, {f['escalated']} escalated; "
                  f"{f['sent']} notifications, {f['emails_composed']} e-mails. Second run: {r['second']['sent']} sent, "
                  f"{r['second']['skipped']} skipped."]
    return "\n".join(lines) + "\n"


def run(args) -> None:
    t0 = time.perf_counter()
    must_build = prepare(args.db, args)
    setup_django(args.db)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cds.appraisal.models import Dossier

    if must_build:
        print(f"Building {args.projects:,} projects and {args.dossiers:,} dossiers into {args.db} …", flush=True)
        stamp = build(args)
        stamp_path(args.db).write_text(json.dumps(stamp, indent=2, ensure_ascii=False))
        print(f"built in {stamp['timings']['total_s']} s: {stamp['timings']}\n  rows {stamp['rows']}\n"
              f"  statuses {stamp['statuses']}", flush=True)
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
    heavy = stamp["heavy_dossier"]
    approved = Dossier.objects.filter(status="approved").order_by("-decided_at").values_list("pk", flat=True)[0]
    result = {"db": args.db, "experiment": args.experiment, "vendor": connection.vendor,
              "server_version": server_version, "today": today.isoformat(),
              "requests": args.requests, "warmup": args.warmup, "data": data_counts(), "generation": stamp,
              "targets": TARGETS, "loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    if args.gc_freeze:
        # What a WSGI server can do once the application is loaded (gunicorn: gc.freeze() in
        # its post_fork hook): the start-up objects leave the collector's reach, so a full
        # collection scans only what requests leave behind.
        import gc

        measure_page("warm-up", "bench_appraiser", "/tham-dinh/", argparse.Namespace(requests=1, warmup=1))
        gc.collect()
        gc.freeze()
        result["gc_freeze"] = True
    print(f"\nPages ({args.requests} requests after {args.warmup} warm-ups; ms):", flush=True)
    result["pages"] = [
        measure_page("Theo dõi thẩm định — CĐS appraiser (province)", "bench_appraiser", "/tham-dinh/", args),
        measure_page("Theo dõi thẩm định ?overdue=1 — appraiser", "bench_appraiser", "/tham-dinh/?overdue=1", args),
        measure_page("Theo dõi thẩm định — unit head (Sở Tài chính)", "bench_head", "/tham-dinh/", args),
        measure_page("Hồ sơ (12 opinions, 10 documents) — appraiser", "bench_appraiser",
                     f"/tham-dinh/ho-so/{heavy}/", args, first_separately=True),
    ]
    print("\nReminders:", flush=True)
    result["reminders"] = measure_reminders()
    print("\nWord documents:", flush=True)
    result["word"] = measure_word({"heavy": heavy, "approved": approved})
    result["machine"] = machine_info()
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    md = report(result)
    (OUT / f"appraisal-{args.db}{suffix}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False,
                                                                       default=str))
    (OUT / f"appraisal-{args.db}{suffix}.md").write_text(md)
    print("\n" + md)
    print(f"Written: {OUT}/appraisal-{args.db}{suffix}.json and .md")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--dossiers", type=int, default=5_000)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if a matching one exists")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--experiment", default="",
                        help=f"try a change without editing the app: {', '.join(EXPERIMENTS)} or a file with apply()")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="gc.freeze() before the pages, as a WSGI server can do after start-up (see README)")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
