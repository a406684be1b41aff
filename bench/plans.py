"""Benchmark of the yearly plan at national scale: one planning round of 20,000 proposals (Hà
Nội, province 1 of :mod:`bench.generate`: every live unit of its tree proposes) with their costs,
tags, check findings and two reviewers' scores, and the approved plan of those 20,000 tasks. Not
part of `make test`.

    .venv/bin/python bench/plans.py [--db sqlite|postgres] [--proposals 20000] [--projects 20000]
        [--runs 15] [--fresh] [--tag NAME]

Targets (issue: the yearly plan): the checks of one proposal <= 1 s, the consolidation page
<= 300 ms, the Word plan of 20,000 items <= 60 s. Also reported (no target): the round page (the
authority, a unit), the proposal page, the plan page, the difference between two versions, the
Excel appendix, creating a proposal through the services (its checks included).

Data (cached; ``--fresh`` rebuilds): the registry of :mod:`bench.generate` (``--projects``
projects, 34 provinces and 20 ministries), then in province 1 a round opened through the services
(three envelopes, every live unit called, Sở Tài chính scoring beside the CĐS authority) and,
bulk-written with explicit keys: ``--proposals`` proposals sent and recommended for funding, plus
3 % more in the other states (drafts, returned, merged, rejected, not funded); 1–2 cost lines
each (2027, sources by kind), capability and data-entity tags, 0–3 findings (overlap with a
registry project, a core system, another proposal of the round, estimate total), two scores
(``bench_appraiser`` and ``bench_finance``); the plan approved by ``bench_leader`` with every
funded proposal as an item (its cost lines copied), and an adjustment in draft (one item in
fifty changed, a few removed). Codes are ``DX2027-<round>-00001``: five digits, so the services'
numbering continues after them. A second province gets a round of 500 proposals (scoping).

Measured with ``django.test.Client`` (DEBUG off; a fresh connection per request on SQLite):
p50/p95 by nearest rank after a warm-up, and the statements of one more request. The checks:
:func:`cds.plans.checks.refresh` on proposals just created (the overlap index built first, as
the job does). A page whose view is not on this branch (404 / placeholder) is reported as such.
Results: ``bench/out/plans-<db>[-tag].json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from bench.util import (  # noqa: E402
    QueryCounter,
    bench_db_url,
    percentile,
    reset_bench_db,
    setup_bench_django,
    write_results,
)

DATA_VERSION = 1
PG_DB = "cds_bench_plans"
SQLITE_FILE = OUT / "plans.sqlite3"
MEDIA = OUT / "plans-media"
TARGETS = {"checks_s": 1.0, "consolidation_s": 0.3, "docx_s": 60.0}
BATCH = 2000
YEAR = 2027
OTHER_SHARE = 0.03          # proposals outside the plan (draft, returned, merged, rejected, not funded)
OTHER_PROVINCE = 500
CHANGED_EVERY, REMOVED = 50, 25

VERBS = {
    "investment": ["Xây dựng", "Nâng cấp", "Triển khai", "Nâng cấp, mở rộng", "Hoàn thiện"],
    "recurrent": ["Duy trì, vận hành", "Triển khai", "Cập nhật, chuẩn hóa dữ liệu", "Số hóa", "Bồi dưỡng"],
    "rental": ["Thuê dịch vụ", "Thuê hạ tầng, dịch vụ"],
    "procurement": ["Mua sắm thiết bị cho", "Mua sắm, lắp đặt"],
}
OBJECTS = [
    ("cơ sở dữ liệu đất đai", ["GIS"], ["DATDAI"]), ("hệ thống quản lý văn bản và điều hành", ["QLVB"], ["VANBAN"]),
    ("cổng dịch vụ công", ["DVC"], ["HOSO-TTHC"]), ("trung tâm điều hành thông minh IOC", ["IOC"], []),
    ("nền tảng tích hợp, chia sẻ dữ liệu", ["LGSP"], []), ("hồ sơ, tài liệu lưu trữ", ["SOHOA"], []),
    ("hệ thống camera giám sát an ninh trật tự", ["CAMERA"], []), ("hồ sơ sức khỏe điện tử", ["YTE"], ["YTE"]),
    ("học bạ số, văn bằng số", ["GIAODUC"], ["GIAODUC"]), ("cơ sở dữ liệu an sinh xã hội", [], ["DANCU"]),
    ("hệ thống du lịch thông minh", ["DULICH"], ["DULICH"]), ("cơ sở dữ liệu nông nghiệp", [], ["NONGNGHIEP"]),
    ("hệ thống giám sát an toàn thông tin", ["SOC"], []), ("hạ tầng mạng và thiết bị CNTT", ["HATANG"], []),
    ("cơ sở dữ liệu doanh nghiệp", [], ["DOANHNGHIEP"]), ("hệ thống thông tin báo cáo", ["BAOCAO"], []),
    ("phần mềm quản lý chuyên ngành", ["CHUYENNGANH"], []), ("hệ thống giao thông thông minh", ["GIAOTHONG"], []),
    ("cơ sở dữ liệu hộ tịch", [], ["HOTICH"]), ("kỹ năng số cho cán bộ, công chức", [], []),
]
SOURCES = {"investment": ["NSDP-DT", "NSTW-DT"], "recurrent": ["NSDP-TX"], "rental": ["NSDP-TX"],
           "procurement": ["NSDP-TX", "NSDP-DT"]}
AMOUNT = {"investment": (1_500, 40_000), "recurrent": (200, 4_000), "rental": (200, 3_000),
          "procurement": (400, 9_000)}  # million đồng
FINDINGS = [
    ("overlap.project", "warning", "Trùng với nhiệm vụ/dự án {code} “{name}”, tương đồng {pct}%: Từ khóa chung: {w}."),
    ("reuse.core", "warning", "Đã có hệ thống lõi, dùng chung của tỉnh/bộ cung cấp chức năng này — {w}. Cân nhắc "
                              "kế thừa, dùng chung thay vì xây dựng mới."),
    ("overlap.round", "warning", "Trùng với đề xuất {code} “{name}” của đơn vị khác trong đợt, tương đồng {pct}%."),
    ("estimate.total", "info", "Tổng kinh phí đề xuất; trung vị của {n} nhiệm vụ/dự án tương tự trong danh mục."),
]


def stamp_path(db: str) -> Path:
    return OUT / f"plans-data-{db}.json"


def index_dir(db: str) -> Path:
    return OUT / f"plans-overlap-index-{db}"


def prepare(db: str, args) -> bool:
    OUT.mkdir(parents=True, exist_ok=True)
    want = {"projects": args.projects, "proposals": args.proposals, "version": DATA_VERSION}
    stamp = json.loads(stamp_path(db).read_text()) if stamp_path(db).exists() else None
    cached = not args.fresh and stamp is not None and all(stamp.get(k) == v for k, v in want.items())
    if not cached:
        import shutil

        shutil.rmtree(index_dir(db), ignore_errors=True)
    return reset_bench_db(db, SQLITE_FILE, PG_DB, stamp_path(db), cached)


# ------------------------------------------------------------------ data -----

class Round1:
    """One province's round, written in bulk after the services opened it."""

    def __init__(self, rng, round_, units, staff_of, head_of, reviewers, projects, catalog, ids):
        self.rng, self.round, self.units = rng, round_, units
        self.staff_of, self.head_of, self.reviewers, self.projects = staff_of, head_of, reviewers, projects
        self.cat, self.ids = catalog, ids

    def proposals(self, n_plan: int, n_other: int) -> dict:
        from cds.plans.models import (
            Finding,
            Funding,
            Proposal,
            ProposalCost,
            ProposalStatus,
            Score,
        )
        from cds.text.normalize import search_document

        rng, r, cat = self.rng, self.round, self.cat
        now = dt.datetime.now(dt.timezone.utc)
        rubric = r.rubric
        codes = [c["code"] for c in rubric.criteria]
        weights = {c["code"]: c["weight"] for c in rubric.criteria}
        statuses = ([ProposalStatus.SUBMITTED] * n_plan
                    + [rng.choice([ProposalStatus.DRAFT, ProposalStatus.RETURNED, ProposalStatus.MERGED,
                                   ProposalStatus.REJECTED, "unfunded"]) for _ in range(n_other)])
        rng.shuffle(statuses)
        props, costs, caps, ents, findings, scores = [], [], [], [], [], []
        cap_through = Proposal.capabilities.through
        ent_through = Proposal.data_entities.through
        pid, cid, fid, sid = self.ids["proposal"], self.ids["cost"], self.ids["finding"], self.ids["score"]
        first_pk = pid.next
        for i, status in enumerate(statuses, start=1):
            pk = pid()
            unit = rng.choice(self.units)
            kind = rng.choices(list(VERBS), [40, 30, 15, 15])[0]
            obj, cap_codes, ent_codes = rng.choice(OBJECTS)
            name = f"{rng.choice(VERBS[kind])} {obj} {unit.short_name or unit.name} năm {YEAR}"
            objectives = f"Phục vụ quản lý nhà nước của {unit.name}; kết nối, chia sẻ dữ liệu qua LGSP."
            problem = "Dữ liệu còn phân tán, xử lý thủ công; chưa liên thông với các hệ thống của tỉnh."
            lo, hi = AMOUNT[kind]
            total = rng.randint(lo, hi) * 1_000_000
            sources = SOURCES[kind]
            lines = [(sources[0], total)] if len(sources) == 1 or rng.random() < 0.7 else [
                (sources[0], total * 7 // 10), (sources[1], total - total * 7 // 10)]
            sent = status != ProposalStatus.DRAFT
            real_status = ProposalStatus.SUBMITTED if status == "unfunded" else status
            funding = (Funding.FUNDED if status == ProposalStatus.SUBMITTED
                       else Funding.UNFUNDED if status == "unfunded" else Funding.PENDING)
            code = f"DX{YEAR}-{r.pk}-{i:05d}"
            p = Proposal(
                pk=pk, round_id=r.pk, unit_id=unit.pk, code=code, basis="new", name=name, objectives=objectives,
                problem=problem, legal_basis="Kế hoạch chuyển đổi số năm 2026 của UBND tỉnh", kind=kind,
                regime_id=cat["regime"].pk, programme_id=cat["programme"].pk if rng.random() < 0.6 else None,
                start_year=YEAR, end_year=YEAR + (kind == "investment" and rng.random() < 0.4), priority=rng.randint(1, 3),
                total=total, status=real_status, prepared_by_id=self.staff_of[unit.pk],
                submitted_by_id=self.head_of[unit.pk] if sent else None, submitted_at=now if sent else None,
                funding=funding, funding_note="Đề nghị bố trí theo thứ tự điểm." if funding == Funding.FUNDED else "",
                warnings=0, checked_at=now, created_at=now, updated_at=now,
                search_text=search_document(code, name, objectives, problem, unit.name, unit.short_name))
            if real_status == ProposalStatus.MERGED and i > 1:
                p.merged_into_id = first_pk
                p.decision_reason = "Trùng đề xuất khác của đợt."
            if real_status == ProposalStatus.RETURNED:
                p.return_comment = "Bổ sung khái toán chi tiết."
            for code_, amount in lines:
                costs.append(ProposalCost(pk=cid(), proposal_id=pk, year=YEAR, funding_source_id=cat["sources"][code_].pk,
                                          amount=amount))
            caps += [cap_through(proposal_id=pk, capability_id=cat["caps"][c].pk) for c in cap_codes if c in cat["caps"]]
            ents += [ent_through(proposal_id=pk, dataentity_id=cat["ents"][e].pk) for e in ent_codes
                     if e in cat["ents"]]
            warnings = 0
            for f_code, level, text in rng.sample(FINDINGS, rng.choice([0, 1, 1, 2, 2, 3])):
                other = self.projects[rng.randrange(len(self.projects))]
                findings.append(Finding(
                    pk=fid(), proposal_id=pk, code=f_code, level=level,
                    message=text.format(code=other[1], name=other[2][:80], pct=rng.randint(25, 90), w=obj, n=3),
                    citation="NĐ 73/2019/NĐ-CP Điều 5", evidence={"score": round(rng.random(), 3)},
                    other_project_id=other[0] if f_code == "overlap.project" else None,
                    other_proposal_id=(pk - 1 if f_code == "overlap.round" and pk > first_pk else None),
                    score=round(rng.uniform(0.25, 0.9), 3), created_at=now))
                warnings += level == "warning"
            p.warnings = warnings
            if real_status == ProposalStatus.SUBMITTED:
                totals = []
                for reviewer in self.reviewers:
                    marks = {c: rng.randint(1, 5) for c in codes}
                    score = sum(Decimal(marks[c]) / Decimal(rubric.scale_max) * weights[c] for c in codes)
                    score = score.quantize(Decimal("0.01"))
                    totals.append(score)
                    scores.append(Score(pk=sid(), proposal_id=pk, reviewer_id=reviewer, rubric_id=rubric.pk,
                                        marks=marks, total=score, created_at=now, updated_at=now))
                p.score = (sum(totals) / len(totals)).quantize(Decimal("0.01"))
                p.score_spread, p.score_count = max(totals) - min(totals), len(totals)
            props.append(p)
        Proposal.objects.bulk_create(props, batch_size=BATCH)
        ProposalCost.objects.bulk_create(costs, batch_size=BATCH)
        cap_through.objects.bulk_create(caps, batch_size=BATCH)
        ent_through.objects.bulk_create(ents, batch_size=BATCH)
        Finding.objects.bulk_create(findings, batch_size=BATCH)
        Score.objects.bulk_create(scores, batch_size=BATCH)
        return {"proposals": len(props), "costs": len(costs), "findings": len(findings), "scores": len(scores),
                "in_plan": sum(1 for p in props if p.funding == "funded")}

    def plan(self, appraiser: int, leader: int, adjust: bool) -> dict:
        from cds.plans.models import PlanItem, PlanItemCost, PlanStatus, PlanVersion, Proposal, ProposalCost

        now = dt.datetime.now(dt.timezone.utc)
        r = self.round
        funded = list(Proposal.objects.filter(round=r, status="submitted", funding="funded")
                      .order_by("-score", "priority", "total", "code")
                      .values_list("pk", "name", "unit_id", "start_year", "end_year", "total"))
        lines: dict[int, list] = {}
        for proposal_id, year, source, amount in ProposalCost.objects.filter(proposal__round=r).values_list(
                "proposal_id", "year", "funding_source_id", "amount"):
            lines.setdefault(proposal_id, []).append((year, source, amount))
        iid, icid = self.ids["item"], self.ids["item_cost"]
        out = {}
        versions = [(1, PlanStatus.SUPERSEDED if adjust else PlanStatus.APPROVED)]
        if adjust:
            versions.append((2, PlanStatus.DRAFT))
        base = None
        for number, status in versions:
            plan = PlanVersion.objects.create(
                round=r, number=number, based_on=base, title=f"Kế hoạch chuyển đổi số năm {YEAR}",
                reason="Điều chỉnh theo số kiểm tra dự toán ngân sách" if number > 1 else "", status=status,
                prepared_by_id=appraiser, submitted_at=now if number == 1 else None,
                decision_number="1234/QĐ-UBND" if number == 1 else "", decision_date=r.basis_date if number == 1 else None,
                approved_by_id=leader if number == 1 else None, approved_at=now if number == 1 else None)
            items, item_costs = [], []
            position = 0
            for n, (pk, name, unit_id, start, end, total) in enumerate(funded):
                if number > 1 and n % (len(funded) // REMOVED or 1) == 0 and n // (len(funded) // REMOVED or 1) < REMOVED:
                    continue   # dropped from the adjustment
                position += 1
                item = PlanItem(pk=iid(), plan_id=plan.pk, proposal_id=pk, position=position, name=name, unit_id=unit_id,
                                start_year=start, end_year=end, total=total)
                scale = Decimal("0.9") if number > 1 and n % CHANGED_EVERY == 1 else Decimal(1)
                item_total = 0
                for year, source, amount in lines.get(pk, []):
                    amount = int(amount * scale)
                    item_total += amount
                    item_costs.append(PlanItemCost(pk=icid(), item_id=item.pk, year=year, funding_source_id=source,
                                                   amount=amount))
                item.total = item_total
                items.append(item)
            PlanItem.objects.bulk_create(items, batch_size=BATCH)
            PlanItemCost.objects.bulk_create(item_costs, batch_size=BATCH)
            out[f"v{number}"] = {"id": plan.pk, "items": len(items), "costs": len(item_costs)}
            base = plan
        return out


def _open_round(ps, users, units, root, receiving, finance, label: str):
    from cds.catalog.models import FundingSource

    today = dt.date.today()
    actor = users["appraiser"]
    round_ = ps.create_round(actor, {
        "name": f"Kế hoạch chuyển đổi số năm {YEAR} — {label}", "year_from": YEAR, "year_to": YEAR,
        "basis_number": "2318/UBND-KGVX", "basis_date": today, "basis_issuer": f"UBND {label}",
        "deadline": today + dt.timedelta(days=30), "receiving_unit": receiving, "finance_unit": finance,
        "called_units": units, "root_unit": root})
    sources = {s.code: s for s in FundingSource.objects.all()}
    ps.set_envelopes(actor, round_, [{"funding_source": sources[c], "year": YEAR, "amount": a} for c, a in (
        ("NSDP-DT", 90_000_000_000_000), ("NSDP-TX", 40_000_000_000_000), ("NSTW-DT", 20_000_000_000_000))],
        expected_version=round_.version)
    round_.refresh_from_db()
    return ps.open_round(actor, round_, expected_version=round_.version)


def build(args) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.generate import BENCH_PASSWORD, _Ids, generate
    from cds.accounts.models import Role, User
    from cds.catalog.models import Capability, DataEntity, FundingSource, Programme
    from cds.orgs.models import Unit
    from cds.plans import services as ps
    from cds.plans.models import Finding, PlanItem, PlanItemCost, Proposal, ProposalCost, Score
    from cds.projects.models import Project
    from cds.rules.models import LegalRegime

    call_command("migrate", verbosity=0, interactive=False)
    t0 = time.perf_counter()
    registry = generate(projects=args.projects, log=print)
    t_registry = time.perf_counter() - t0
    rng = random.Random(2027)
    t1 = time.perf_counter()
    today = dt.date.today()
    counts = {}
    with transaction.atomic():
        pwd = make_password(BENCH_PASSWORD)
        catalog = {"regime": LegalRegime.for_date(dt.date(YEAR, 1, 1)) or LegalRegime.objects.first(),
                   "programme": Programme.objects.order_by("pk").first(),
                   "sources": {s.code: s for s in FundingSource.objects.all()},
                   "caps": {c.code: c for c in Capability.objects.all()},
                   "ents": {e.code: e for e in DataEntity.objects.all()}}
        ids = {"proposal": _Ids(Proposal), "cost": _Ids(ProposalCost), "finding": _Ids(Finding), "score": _Ids(Score),
               "item": _Ids(PlanItem), "item_cost": _Ids(PlanItemCost)}
        appraiser = User.objects.get(username="bench_appraiser")
        leader = User.objects.get(username="bench_leader")
        for n, root_id in enumerate([registry["province1_id"], registry["province_root_ids"][1]], start=1):
            root = Unit.objects.get(pk=root_id)
            live = [u for u in Unit.objects.filter(path__startswith=root.path).order_by("pk")
                    if not u.has_ended(today)]
            by_suffix = {u.code.split("-", 1)[1] if "-" in u.code else "": u for u in live}
            finance = by_suffix["STC"]
            if n == 1:
                fin_user = User.objects.create(username="bench_finance", password=pwd, role=Role.UNIT_STAFF,
                                               unit=finance, first_name="Bench", last_name="bench_finance")
                users = {"appraiser": appraiser}
            else:
                fin_user = User.objects.create(username=f"bench_finance{n}", password=pwd, role=Role.UNIT_STAFF,
                                               unit=finance, first_name="Bench", last_name="finance")
                users = {"appraiser": User.objects.create(
                    username=f"bench_appraiser{n}", password=pwd, role=Role.CDS_APPRAISER, unit=by_suffix["SKHCN"],
                    first_name="Bench", last_name="appraiser")}
            staff_of = {u.unit_id: u.pk for u in User.objects.filter(unit__in=live, role=Role.UNIT_STAFF)
                        .exclude(username__startswith="bench_").order_by("pk")}
            User.objects.bulk_create([
                User(username=f"ld.{u.code.lower()}", password=pwd, role=Role.UNIT_HEAD, unit=u,
                     first_name="Lãnh đạo", last_name=u.short_name or u.code) for u in live])
            head_of = dict(User.objects.filter(unit__in=live, role=Role.UNIT_HEAD).values_list("unit_id", "pk"))
            round_ = _open_round(ps, users, live, root, by_suffix["SKHCN"], finance, root.short_name or root.name)
            proposing = [u for u in live if u.pk in staff_of]
            projects = list(Project.objects.filter(investor_unit__path__startswith=root.path)
                            .values_list("pk", "code", "name")[:2000])
            writer = Round1(rng, round_, proposing, staff_of, head_of, [users["appraiser"].pk, fin_user.pk],
                            projects, catalog, ids)
            size = args.proposals if n == 1 else OTHER_PROVINCE
            c = writer.proposals(size, max(1, int(size * OTHER_SHARE)))
            if n == 1:
                c["plan"] = writer.plan(appraiser.pk, leader.pk, adjust=True)
                c["round_id"] = round_.pk
            counts[f"province{n}"] = c
            print(f"  province {n}: {c}", flush=True)
    reset_sequences()
    return {"projects": args.projects, "proposals": args.proposals, "version": DATA_VERSION,
            "vendor": connection.vendor, "registry": {k: registry[k] for k in ("projects", "units", "users")},
            "counts": counts, "round_id": counts["province1"]["round_id"],
            "plan_ids": {k: v["id"] for k, v in counts["province1"]["plan"].items()},
            "timings": {"registry_s": round(t_registry, 1), "plans_s": round(time.perf_counter() - t1, 1)},
            "generated_at": time.strftime("%Y-%m-%d %H:%M")}


def reset_sequences():
    from django.core.management.color import no_style
    from django.db import connection

    from cds.accounts.models import User
    from cds.plans.models import Finding, PlanItem, PlanItemCost, PlanVersion, Proposal, ProposalCost, Score

    models = [Proposal, ProposalCost, Finding, Score, PlanItem, PlanItemCost, PlanVersion, User,
              Proposal.capabilities.through, Proposal.data_entities.through]
    with connection.cursor() as cur:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cur.execute(statement)
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# ------------------------------------------------------------------ measures ----

def _stats(times: list[float]) -> dict:
    return {"p50_s": round(percentile(times, 50), 3), "p95_s": round(percentile(times, 95), 3),
            "max_s": round(max(times), 3), "runs": len(times)}


def measure_page(client, urls, runs: int, warmup: int = 2) -> dict:
    """GET ``urls()`` (a new URL per request when it is a function): p50/p95 and the statements
    of one more request; ``available`` False when the page is not on this branch."""
    from django.db import close_old_connections, connection

    def get(url):
        response = client.get(url)
        close_old_connections()
        return response

    first = get(urls())
    if first.status_code != 200:
        return {"available": False, "status": first.status_code, "url": urls()}
    for _ in range(warmup - 1):
        get(urls())
    times = []
    size = 0
    for _ in range(runs):
        url = urls()
        t = time.perf_counter()
        response = get(url)
        times.append(time.perf_counter() - t)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        size = len(response.content)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        get(urls())
    return {"available": True, "url": urls(), **_stats(times), "queries": counter.n, "bytes": size}


def measure_checks(stamp: dict, runs: int) -> dict:
    """Proposals created through the services (their checks run inside), then
    :func:`cds.plans.checks.refresh` timed on each on its own."""
    from django.db import connection, transaction

    from cds.accounts.models import User
    from cds.catalog.models import Capability, DataEntity, FundingSource
    from cds.overlap.engine import get_index
    from cds.plans import checks
    from cds.plans import services as ps
    from cds.plans.models import Round
    from cds.rules.models import LegalRegime

    t = time.perf_counter()
    get_index().ensure_built()
    index_s = time.perf_counter() - t
    round_ = Round.objects.get(pk=stamp["round_id"])
    staff = list(User.objects.filter(role="unit_staff", unit__path__startswith=round_.root_unit.path)
                 .exclude(username__startswith="bench_").select_related("unit").order_by("pk")[:runs + 1])
    sources = {s.code: s for s in FundingSource.objects.all()}
    caps = {c.code: c for c in Capability.objects.all()}
    ents = {e.code: e for e in DataEntity.objects.all()}
    regime = round_.proposals.first().regime if round_.proposals.exists() else LegalRegime.objects.first()
    rng = random.Random(7)
    create_times, refresh_times, queries, found = [], [], [], []
    placeholder = not getattr(checks, "REGISTERED", None)
    for i, user in enumerate(staff):
        obj, cap_codes, ent_codes = OBJECTS[i % len(OBJECTS)]
        data = {"name": f"{rng.choice(VERBS['investment'])} {obj} {user.unit.short_name} giai đoạn 2027–2028",
                "objectives": "Kết nối, chia sẻ dữ liệu qua LGSP; phục vụ chỉ đạo, điều hành.",
                "problem": "Dữ liệu phân tán, xử lý thủ công.", "legal_basis": "", "kind": "investment",
                "regime": regime, "start_year": YEAR, "end_year": YEAR + 1, "priority": 2,
                "capabilities": [caps[c] for c in cap_codes if c in caps],
                "data_entities": [ents[e] for e in ent_codes if e in ents],
                "costs": [{"year": YEAR, "funding_source": sources["NSDP-DT"], "amount": rng.randint(2, 30) * 10**9}]}
        with transaction.atomic():
            t = time.perf_counter()
            proposal = ps.create_proposal(user, round_, data)
            create_s = time.perf_counter() - t
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                t = time.perf_counter()
                rows = checks.refresh(proposal, user)
                refresh_s = time.perf_counter() - t
            transaction.set_rollback(True)      # the data set stays as built
        if i == 0:
            continue                             # warm-up (templates of messages, caches)
        create_times.append(create_s)
        refresh_times.append(refresh_s)
        queries.append(counter.n)
        found.append(len(rows or []))
    return {"placeholder": placeholder, "index_build_s": round(index_s, 1), "refresh": _stats(refresh_times),
            "create": _stats(create_times), "queries": max(queries), "findings": found}


def measure_file(client, url: str, runs: int) -> dict:
    from django.db import close_old_connections

    times, size = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(url)
        close_old_connections()
        times.append(time.perf_counter() - t)
        if response.status_code != 200:
            return {"available": False, "status": response.status_code, "url": url}
        size = len(b"".join(response.streaming_content) if response.streaming else response.content)
    return {"available": True, "url": url, **_stats(times), "bytes": size}


# ------------------------------------------------------------------ report ----

def _ok(value, target) -> str:
    return "✅" if value <= target else "❌"


def report(r: dict) -> str:
    m, d = r["machine"], r["data"]
    c = d["counts"]["province1"]
    lines = [f"## Yearly plan benchmark — {r['vendor']} {r['server_version']}", "",
             f"{d['registry']['projects']:,} registry projects, {d['registry']['units']:,} units; province 1's "
             f"round: {c['proposals']:,} proposals ({c['in_plan']:,} in the plan), {c['costs']:,} cost lines, "
             f"{c['findings']:,} findings, {c['scores']:,} scores; plan v1 {c['plan']['v1']['items']:,} items, "
             f"adjustment v2 (draft) {c['plan']['v2']['items']:,}; province 2: "
             f"{d['counts']['province2']['proposals']:,} proposals. Machine: {m['cpu']}, {m['nproc']} CPUs, "
             f"{m.get('ram_mb') or '?'} MB; load average {r['loadavg_before'][0]} before, {r['loadavg_after'][0]} "
             "after.", "", "| Measure | p50 s | p95 s | queries | target |", "|---|---:|---:|---:|---|"]
    ch = r["checks"]
    if ch["placeholder"]:
        lines.append("| checks of one proposal `checks.refresh` | — | — | — | not measured: the checks module on this "
                     "branch is a placeholder |")
    else:
        x = ch["refresh"]
        lines.append(f"| checks of one new proposal `checks.refresh` (overlap index ready in {ch['index_build_s']} s first) | "
                     f"{x['p50_s']:.3f} | {x['p95_s']:.3f} | {ch['queries']} | ≤ {TARGETS['checks_s']:.0f} s "
                     f"{_ok(x['p95_s'], TARGETS['checks_s'])} |")
    x = ch["create"]
    lines.append(f"| create a proposal through the services (checks included) | {x['p50_s']:.3f} | {x['p95_s']:.3f} | "
                 "— | reported |")
    for key, label, target in (("consolidation", "consolidation page — CĐS authority", TARGETS["consolidation_s"]),
                               ("consolidation_finance", "consolidation page — Sở Tài chính", TARGETS["consolidation_s"]),
                               ("round", "round page — CĐS authority", None),
                               ("round_unit", "round page — unit staff", None),
                               ("proposal", "proposal page (a different proposal each time)", None),
                               ("plan", f"plan page (v1, {c['plan']['v1']['items']:,} items)", None),
                               ("diff", "difference v1 → v2", None)):
        x = r["pages"][key]
        if not x["available"]:
            lines.append(f"| {label} | — | — | — | not on this branch (GET answered {x['status']}) |")
            continue
        goal = f"≤ {target * 1000:.0f} ms {_ok(x['p95_s'], target)}" if target else "reported"
        lines.append(f"| {label} | {x['p50_s']:.3f} | {x['p95_s']:.3f} | {x['queries']} | {goal} |")
    n_items = f"{c['plan']['v1']['items']:,} items"
    for key, label, target in (("docx", f"Word plan ({n_items})", TARGETS["docx_s"]),
                               ("xlsx", f"Excel appendix ({n_items})", None)):
        x = r["files"][key]
        if not x["available"]:
            lines.append(f"| {label} | — | — | — | not on this branch (GET answered {x['status']}) |")
            continue
        goal = f"≤ {target:.0f} s {_ok(x['max_s'], target)}" if target else "reported"
        lines.append(f"| {label} ({x['bytes']:,} bytes, {x['runs']} runs) | {x['p50_s']:.3f} | {x['max_s']:.3f} "
                     f"(max) | — | {goal} |")
    return "\n".join(lines) + "\n"


def run(args) -> None:
    t0 = time.perf_counter()
    must_build = prepare(args.db, args)
    os.environ["OVERLAP_INDEX_DIR"] = str(index_dir(args.db))
    setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from bench.util import login_client
    from cds.plans.models import Proposal

    if must_build:
        print(f"Building {args.projects:,} projects and a round of {args.proposals:,} proposals into {args.db} …",
              flush=True)
        stamp = build(args)
        stamp_path(args.db).write_text(json.dumps(stamp, indent=2, ensure_ascii=False))
        print(f"built: {stamp['timings']}", flush=True)
    else:
        stamp = json.loads(stamp_path(args.db).read_text())
        call_command("migrate", verbosity=0, interactive=False)
        print(f"Reusing the data set built {stamp['generated_at']} (--fresh to rebuild)", flush=True)
    with connection.cursor() as cur:
        cur.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        server_version = cur.fetchone()[0]
    result = {"db": args.db, "vendor": connection.vendor, "server_version": server_version, "data": stamp,
              "targets": TARGETS, "loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    print("checks …", flush=True)
    result["checks"] = measure_checks(stamp, args.checks)
    print(f"    {result['checks']}", flush=True)
    rid, plans = stamp["round_id"], stamp["plan_ids"]
    appraiser, finance, unit = (login_client(u) for u in ("bench_appraiser", "bench_finance", "bench_staff"))
    ids = list(Proposal.objects.filter(round_id=rid).exclude(status="draft").values_list("pk", flat=True))
    rng = random.Random(11)

    def fixed(name, *a):
        url = reverse(name, args=list(a))
        return lambda: url
    pages = {
        "consolidation": (appraiser, fixed("plans:consolidation", rid)),
        "consolidation_finance": (finance, fixed("plans:consolidation", rid)),
        "round": (appraiser, fixed("plans:round", rid)),
        "round_unit": (unit, fixed("plans:round", rid)),
        "proposal": (appraiser, lambda: reverse("plans:proposal", args=[rng.choice(ids)])),
        "plan": (appraiser, fixed("plans:plan", plans["v1"])),
        "diff": (appraiser, lambda: reverse("plans:plan_diff", args=[plans["v2"]]) + f"?voi={plans['v1']}"),
    }
    result["pages"] = {}
    for key, (client, urls) in pages.items():
        print(f"{key} …", flush=True)
        heavy = key in ("plan", "diff")
        result["pages"][key] = measure_page(client, urls, max(3, args.runs // 3) if heavy else args.runs,
                                            warmup=1 if heavy else 2)
        print(f"    {result['pages'][key]}", flush=True)
    result["files"] = {}
    for key, name in (("docx", "plans:plan_docx"), ("xlsx", "plans:plan_xlsx")):
        print(f"{key} …", flush=True)
        result["files"][key] = measure_file(appraiser, reverse(name, args=[plans["v1"]]), args.file_runs)
        print(f"    {result['files'][key]}", flush=True)
    write_results(result, OUT, "plans", args.db, args.tag, report, t0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--proposals", type=int, default=20_000)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--checks", type=int, default=7, help="proposals created and checked")
    parser.add_argument("--file-runs", type=int, default=2, help="timed downloads of the Word and Excel plan")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if a matching one exists")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
