"""Benchmark of the five daily reminder jobs (``send_appraisal_reminders``,
``send_directive_reminders``, ``send_plan_reminders``, ``send_review_reminders``,
``send_survey_reminders``) on one data set. Not part of `make test`.

    .venv/bin/python bench/reminders.py --set national|appraisal|directives [--db sqlite|postgres]
        [--projects 20000] [--dossiers 5000] [--directives 3000] [--jobs appraisal,directives,…]
        [--fresh] [--tag NAME]

Target: every job <= 60 s.

Data sets (cached; ``--fresh`` rebuilds):

* ``national``: the registry of :mod:`bench.generate` (34 provinces and 20 ministries, 3,028 units,
  ``--projects`` projects, one chuyên viên per unit) plus one lãnh đạo (unit head) and, per tree,
  one CĐS appraiser; then in every tree, written in bulk with past deadlines (yesterday, so every
  job sends its overdue notices and summaries): an open review campaign with one review "not
  started" per project of the tree (assigned to the unit that carries it today), an open planning
  round calling every live unit of the tree (nobody has sent a proposal), and an open survey round
  of one published questionnaire with one response per live unit, none sent. Every user has an
  e-mail address. Database ``bench/out/reminders.sqlite3`` / ``cds_bench_reminders``.
* ``appraisal`` / ``directives``: the data sets of ``bench/appraisal.py`` and ``bench/directives.py``
  (same files and databases, built by their code when missing), today as the reminder day.

Each job runs twice on the same day: the first run writes the notices (their notifications are
removed first, so the first run is always a first run), the second must send nothing new. Measured
per run: seconds, SQL statements (counted with ``connection.execute_wrapper``), notifications sent
and skipped, e-mails composed (the in-memory e-mail backend). Results:
``bench/out/reminders-<set>-<db>[-tag].json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from bench.util import (  # noqa: E402
    QueryCounter,
    bench_db_url,
    reset_bench_db,
    setup_bench_django,
    write_results,
)

DATA_VERSION = 1
PG_DB = "cds_bench_reminders"
SQLITE_FILE = OUT / "reminders.sqlite3"
MEDIA = OUT / "reminders-media"
TARGET_S = 60.0
BATCH = 2000
JOBS = ("appraisal", "directives", "plans", "reviews", "surveys")
KIND_PREFIX = {"appraisal": "appraisal", "directives": "directive", "plans": "plan", "reviews": "review",
               "surveys": "survey"}


# ------------------------------------------------------------------ national set ----

def national_stamp(db: str) -> Path:
    return OUT / f"reminders-data-{db}.json"


def prepare_national(db: str, args) -> bool:
    OUT.mkdir(parents=True, exist_ok=True)
    want = {"projects": args.projects, "version": DATA_VERSION}
    stamp = json.loads(national_stamp(db).read_text()) if national_stamp(db).exists() else None
    cached = not args.fresh and stamp is not None and all(stamp.get(k) == v for k, v in want.items())
    return reset_bench_db(db, SQLITE_FILE, PG_DB, national_stamp(db), cached)


def build_national(args) -> dict:  # noqa: C901
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import F, Value
    from django.db.models.functions import Concat, Lower

    from bench.generate import BENCH_PASSWORD, generate
    from bench.surveys import definition
    from cds.accounts.models import Role, User
    from cds.core.db import refresh_statistics
    from cds.orgs.models import Unit
    from cds.orgs.selectors import current_successor
    from cds.plans.models import Round as PlanRound
    from cds.plans.models import RoundStatus as PlanStatus
    from cds.plans.models import Rubric
    from cds.projects.models import Project
    from cds.reviews.models import Campaign, CampaignStatus, Review
    from cds.reviews.services import current_method
    from cds.surveys import services as ss
    from cds.surveys.models import Response
    from cds.surveys.models import Round as SurveyRound
    from cds.surveys.models import RoundStatus as SurveyStatus

    call_command("migrate", verbosity=0, interactive=False)
    t0 = time.perf_counter()
    registry = generate(projects=args.projects, log=print)
    t1 = time.perf_counter()
    today = dt.date.today()
    deadline = today - dt.timedelta(days=1)
    counts = {"campaigns": 0, "reviews": 0, "plan_rounds": 0, "called": 0, "survey_rounds": 0, "responses": 0}
    with transaction.atomic():
        pwd = make_password(BENCH_PASSWORD)
        admin = User.objects.get(username="bench_admin")
        units = list(Unit.objects.order_by("path"))
        live = [u for u in units if not u.has_ended(today)]
        User.objects.bulk_create([User(username=f"ld.{u.code.lower()}", password=pwd, role=Role.UNIT_HEAD, unit=u,
                                       first_name="Lãnh đạo", last_name=u.short_name or u.code) for u in live],
                                 batch_size=BATCH)
        roots = [u for u in units if u.parent_id is None]
        by_root = {r.pk: [u for u in live if u.path.startswith(r.path)] for r in roots}
        User.objects.bulk_create([User(username=f"cds.{r.code.lower()}", password=pwd, role=Role.CDS_APPRAISER,
                                       unit=r, first_name="Chuyên viên CĐS", last_name=r.short_name or r.code)
                                  for r in roots if not User.objects.filter(role=Role.CDS_APPRAISER,
                                                                            unit__path__startswith=r.path).exists()])
        User.objects.update(email=Concat(Lower(F("username")), Value("@bench.invalid")))
        rubric = Rubric.objects.order_by("-pk").first()
        form = ss.publish_version(admin, ss.save_definition(admin, definition(), root_unit=roots[0]))
        successor = {u.pk: (current_successor(u).pk if u.valid_to else u.pk) for u in units}
        for root in roots:
            tree = by_root[root.pk]
            campaign = Campaign.objects.create(
                name=f"Đánh giá hiệu quả năm {today.year - 1} — {root.short_name or root.name}", root_unit=root,
                basis_number="1/KH-UBND", basis_date=today - dt.timedelta(days=40), basis_issuer="UBND",
                method=current_method(),
                scope_states=["implementing", "in_operation", "settled"], period_year=today.year - 1,
                deadline=deadline, receiving_unit=root, status=CampaignStatus.OPEN, opened_by=admin,
                created_by=admin)
            rows = list(Project.objects.filter(investor_unit__path__startswith=root.path,
                                               state__in=campaign.scope_states).values_list("pk", "investor_unit_id"))
            Review.objects.bulk_create([Review(campaign=campaign, project_id=p, unit_id=successor[u]) for p, u in rows],
                                       batch_size=BATCH)
            counts["campaigns"] += 1
            counts["reviews"] += len(rows)
            round_ = PlanRound.objects.create(
                name=f"Kế hoạch CĐS năm {today.year + 1} — {root.short_name or root.name}", root_unit=root,
                year_from=today.year + 1, year_to=today.year + 1, basis_number="2/UBND-KGVX",
                basis_date=today - dt.timedelta(days=40), deadline=deadline, receiving_unit=root, rubric=rubric,
                status=PlanStatus.OPEN, opened_by=admin, created_by=admin)
            round_.called_units.set(tree)
            counts["plan_rounds"] += 1
            counts["called"] += len(tree)
            survey = SurveyRound.objects.create(
                name=f"Khảo sát điểm nghẽn CĐS — {root.short_name or root.name}", form=form, root_unit=root,
                coordinator=root, deadline=deadline, status=SurveyStatus.OPEN, opened_by=admin, created_by=admin)
            Response.objects.bulk_create([Response(round=survey, unit=u, form=form) for u in tree], batch_size=BATCH)
            counts["survey_rounds"] += 1
            counts["responses"] += len(tree)
    refresh_statistics(Review, Response, User)
    return {"projects": args.projects, "version": DATA_VERSION, "deadline": deadline.isoformat(),
            "registry": {k: registry[k] for k in ("projects", "units", "users")}, "counts": counts,
            "users": User.objects.count(),
            "timings": {"registry_s": round(t1 - t0, 1), "reminder_data_s": round(time.perf_counter() - t1, 1)},
            "generated_at": time.strftime("%Y-%m-%d %H:%M")}


# ------------------------------------------------------------------ data sets ----

def open_data_set(args) -> tuple[dict, dt.date]:
    """Prepare the database of ``args.set``, set Django up on it, build when needed; (stamp, day)."""
    from types import SimpleNamespace

    if args.set == "national":
        must = prepare_national(args.db, args)
        setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
        stamp_file, build = national_stamp(args.db), lambda: build_national(args)
    elif args.set == "appraisal":
        from bench import appraisal as mod

        ns = SimpleNamespace(projects=args.projects, dossiers=args.dossiers, fresh=args.fresh)
        must = mod.prepare(args.db, ns)
        mod.setup_django(args.db)
        stamp_file, build = mod.stamp_path(args.db), lambda: mod.build(ns)
    else:
        from bench import directives as mod

        ns = SimpleNamespace(directives=args.directives, fresh=args.fresh)
        must = mod.prepare(args.db, ns)
        mod.setup_django(args.db)

        def build():
            stamp = mod.build(ns)
            stamp["verified"] = mod.verify()
            return stamp

        stamp_file = mod.stamp_path(args.db)
    from django.core.management import call_command
    from django.utils import timezone

    if must:
        print(f"Building the {args.set} data set into {args.db} …", flush=True)
        stamp = build()
        stamp_file.write_text(json.dumps(stamp, indent=2, ensure_ascii=False, default=str))
        print(f"built: {stamp.get('timings')}", flush=True)
    else:
        stamp = json.loads(stamp_file.read_text())
        call_command("migrate", verbosity=0, interactive=False)
        print(f"Reusing the {args.set} data set built {stamp.get('generated_at')} (--fresh to rebuild)", flush=True)
    today = timezone.localdate()
    return stamp, today


# ------------------------------------------------------------------ jobs ----

def reset(job: str) -> None:
    """Undo earlier runs of ``job`` so the next run is a first run."""
    from cds.notifications.models import Notification

    Notification.objects.filter(kind__startswith=KIND_PREFIX[job]).delete()
    if job == "appraisal":
        from cds.appraisal.models import DossierEvent, Opinion
        from cds.audit.models import AuditEvent

        Opinion.objects.filter(escalated_on__isnull=False).update(escalated_on=None)
        DossierEvent.objects.filter(kind="opinion_escalated").delete()
        AuditEvent.objects.filter(verb="appraisal.opinion_escalated").delete()


def job_function(job: str):
    if job == "appraisal":
        from cds.appraisal.reminders import send_appraisal_reminders as fn
    elif job == "directives":
        from cds.directives.reminders import send_directive_reminders as fn
    elif job == "plans":
        from cds.plans.reminders import send_plan_reminders as fn
    elif job == "reviews":
        from cds.reviews.reminders import send_review_reminders as fn
    else:
        from cds.surveys.reminders import send_survey_reminders as fn
    return fn


def measure_job(job: str, today: dt.date) -> dict:
    from django.core import mail
    from django.db import connection

    fn = job_function(job)
    reset(job)
    out = {}
    for run in ("first", "second"):
        mail.outbox = []
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            t = time.perf_counter()
            outcome = fn(today, email=True)
            took = time.perf_counter() - t
        row = asdict(outcome)
        out[run] = {"s": round(took, 2), "queries": counter.n, "emails_composed": len(mail.outbox),
                    "sent": row.get("sent", 0), "skipped": row.get("skipped", 0), "outcome": row}
        print(f"  {job:10} {run:6}: {took:7.2f} s  {counter.n:8,} queries  sent {row.get('sent', 0):6,}  "
              f"skipped {row.get('skipped', 0):6,}  e-mails {len(mail.outbox):6,}", flush=True)
    out["idempotent"] = out["second"]["sent"] == 0 and out["second"]["emails_composed"] == 0
    return out


def report(r: dict) -> str:
    lines = [f"## Reminder jobs — {r['set']} data set, {r['vendor']} {r['server_version']}", "",
             f"Day {r['today']}; load average {r['loadavg_before'][0]} before, {r['loadavg_after'][0]} after"
             + (f"; {r['machine'].get('nproc', '?')} CPUs" if isinstance(r.get("machine"), dict) else "") + ".", "",
             "| Job | run | s | queries | sent | skipped | e-mails | ≤ 60 s |", "|---|---|---:|---:|---:|---:|---:|---|"]
    for job, m in r["jobs"].items():
        for run in ("first", "second"):
            x = m[run]
            lines.append(f"| {job} | {run} | {x['s']:.2f} | {x['queries']:,} | {x['sent']:,} | {x['skipped']:,} | "
                         f"{x['emails_composed']:,} | {'✅' if x['s'] <= TARGET_S else '❌'} |")
    return "\n".join(lines) + "\n"


def run(args) -> None:
    from bench.util import server_version

    t0 = time.perf_counter()
    stamp, today = open_data_set(args)
    from django.db import connection

    jobs = [j for j in (args.jobs.split(",") if args.jobs else JOBS) if j]
    result = {"set": args.set, "db": args.db, "vendor": connection.vendor, "server_version": server_version(),
              "today": today.isoformat(), "data": stamp, "loadavg_before": [round(x, 2) for x in os.getloadavg()],
              "jobs": {}}
    print(f"\nReminder jobs on {today} ({args.set}, {args.db}):", flush=True)
    for job in jobs:
        result["jobs"][job] = measure_job(job, today)
    write_results(result, OUT, f"reminders-{args.set}", args.db, args.tag, report, t0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=["national", "appraisal", "directives"], default="national")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--dossiers", type=int, default=5_000, help="appraisal set only")
    parser.add_argument("--directives", type=int, default=3_000, help="directives set only")
    parser.add_argument("--jobs", default="", help=f"comma-separated subset of {','.join(JOBS)}")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if a matching one exists")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
