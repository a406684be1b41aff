"""Benchmark of an effectiveness-review campaign over 20,000 projects: opening the
campaign, the campaign page and the consolidated report (Word + Excel). Not part of `make test`.

    .venv/bin/python bench/reviews.py [--db sqlite|postgres] [--projects 20000] [--fresh]

Targets: opening <= 30 s, campaign page p95 <= 300 ms, report <= 60 s. The data set is one
province with 60 units and N projects; reviews are filled in bulk with a realistic mix of
statuses, indicator values, problems and proposals.
"""
import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def setup(db: str, fresh: bool):
    OUT.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        path = OUT / "reviews.sqlite3"
        if fresh:
            for p in OUT.glob("reviews.sqlite3*"):
                p.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        name = "cds_bench_reviews"
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            if fresh:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
                conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEMO_MODE"] = "1"  # throw-away database: no secret key needed, plain HTTP
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    setup(args.db, args.fresh)
    run(args)


def run(args):  # noqa: C901
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cds.accounts.models import Role, User
    from cds.core.db import refresh_statistics
    from cds.orgs.models import Unit, UnitKind
    from cds.orgs.services import save_unit
    from cds.projects.models import Project
    from cds.reviews import report
    from cds.reviews import services as rs
    from cds.reviews.models import (
        Campaign,
        Indicator,
        IndicatorValue,
        ProblemType,
        Review,
        ReviewIssue,
    )
    from cds.rules.models import LegalRegime

    N = args.projects
    rnd = random.Random(20000)
    today = timezone.localdate()

    if not Campaign.objects.exists():
        t0 = time.time()
        with transaction.atomic():
            root = save_unit(Unit(code="SL", name="Ủy ban nhân dân tỉnh Sơn Lâm", short_name="UBND tỉnh Sơn Lâm",
                                  kind=UnitKind.PROVINCE))
            skhcn = save_unit(Unit(code="SL-SKHCN", name="Sở Khoa học và Công nghệ", short_name="Sở KH&CN",
                                   kind=UnitKind.DEPARTMENT, parent=root))
            units = [skhcn]
            for i in range(1, 60):
                kind = UnitKind.DEPARTMENT if i < 20 else UnitKind.COMMUNE
                name = f"Sở chuyên ngành số {i}" if i < 20 else f"UBND xã Thử Nghiệm {i}"
                units.append(save_unit(Unit(code=f"SL-U{i:02d}", name=name, short_name=name[:20], kind=kind, parent=root)))
            appraiser = User.objects.create_user("bench_appraiser", password="x", role=Role.CDS_APPRAISER, unit=skhcn)
            User.objects.create_user("bench_staff", password="x", role=Role.UNIT_STAFF, unit=units[5])
            regime = LegalRegime.objects.get(code="ND73_2019")
            weights = [rnd.random() ** 2 + 0.05 for _ in units]
            projects = []
            for i in range(N):
                u = rnd.choices(units, weights)[0]
                approved = rnd.randrange(200, 30000) * 1_000_000
                projects.append(Project(
                    code=f"DA-{2016 + i % 9}-{i:05d}", name=f"Xây dựng hệ thống thông tin quản lý chuyên ngành số {i} "
                    f"của {u.name}", kind="investment", regime=regime, investor_unit=u, start_year=2016 + i % 9,
                    end_year=2025, state=rnd.choice(["in_operation", "in_operation", "implementing", "settled"]),
                    total_approved=approved, total_allocated=int(approved * 0.9),
                    total_disbursed=int(approved * rnd.uniform(0.3, 0.9))))
            Project.objects.bulk_create(projects, batch_size=2000)
        print("data", round(time.time() - t0, 1), "s")
        campaign = rs.create_campaign(appraiser, {
            "name": "Rà soát, đánh giá hiệu quả các nhiệm vụ, dự án CĐS năm 2025", "basis_number": "8826/UBND-VXNV",
            "basis_date": today, "basis_issuer": "UBND tỉnh", "scope_states": ["implementing", "in_operation", "settled"],
            "started_until": dt.date(2025, 12, 31), "deadline": today + dt.timedelta(days=10),
            "receiving_unit": skhcn, "period_year": 2025})
        t0 = time.time()
        n = rs.open_campaign(appraiser, campaign)
        print(f"open_campaign: {n} reviews in {time.time() - t0:.1f} s")
        t0 = time.time()
        indicators = list(Indicator.objects.all())
        problems = list(ProblemType.objects.all())
        ratings = ["effective", "effective", "partly", "partly", "not_yet", "ineffective"]
        with transaction.atomic():
            reviews = list(Review.objects.filter(campaign=campaign))
            values, links, issues = [], [], []
            through = Review.problems.through
            now = timezone.now()
            for r in reviews:
                x = rnd.random()
                if x < 0.1:
                    continue  # not started
                r.status = "draft" if x < 0.2 else "submitted" if x < 0.3 else "accepted"
                r.summary = "Hệ thống vận hành ổn định."
                r.self_rating = rnd.choice(ratings[:4])
                if r.status != "draft":
                    r.submitted_at = now - dt.timedelta(days=rnd.randrange(0, 3))
                    r.value_score, r.fitness_score = rnd.randrange(0, 101), rnd.randrange(0, 101)
                if r.status == "accepted":
                    r.reviewer_rating = rnd.choice(ratings)
                    r.proposed_decision = ("continue" if r.reviewer_rating in ("effective", "partly")
                                           else rnd.choice(["pause", "stop", "scale_down", "adjust", "continue"]))
                    r.proposed_reason = "" if r.proposed_decision == "continue" else "Hiệu quả thấp, người dùng ít."
                for ind in rnd.sample(indicators, 6):
                    pct = ind.is_percentage
                    values.append(IndicatorValue(review=r, indicator=ind, baseline=Decimal(rnd.randrange(0, 30)),
                                                 target=Decimal(rnd.randrange(50, 100) if pct else rnd.randrange(1, 20))
                                                 if ind.direction != "yes" else None,
                                                 actual=Decimal(rnd.randrange(0, 2)) if ind.direction == "yes"
                                                 else Decimal(rnd.randrange(0, 10000)) / 100,
                                                 note="Số liệu thống kê 12 tháng"))
                for p in rnd.sample(problems, rnd.randrange(0, 3)):
                    links.append(through(review_id=r.pk, problemtype_id=p.pk))
                if rnd.random() < 0.1:
                    issues.append(ReviewIssue(review=r, kind=rnd.choice(["difficulty", "proposal"]),
                                              text="Thiếu kinh phí vận hành, duy trì hệ thống; đề nghị hỗ trợ.",
                                              answer="Đề nghị đơn vị lập dự toán chi thường xuyên." if rnd.random() < .5 else ""))
            Review.objects.bulk_update(reviews, ["status", "summary", "self_rating", "submitted_at", "value_score",
                                                 "fitness_score", "reviewer_rating", "proposed_decision",
                                                 "proposed_reason"], batch_size=1000)
            IndicatorValue.objects.bulk_create(values, batch_size=5000)
            through.objects.bulk_create(links, batch_size=5000)
            ReviewIssue.objects.bulk_create(issues, batch_size=2000)
        # Weeks of filling in, done here in one go: give the planner what autovacuum would.
        refresh_statistics(Review, IndicatorValue, ReviewIssue, through)
        print("filled", len(values), "values", len(links), "problems", len(issues), "issues",
              round(time.time() - t0, 1), "s")

    campaign = Campaign.objects.get()
    for who in ("bench_appraiser", "bench_staff"):
        user = User.objects.get(username=who)
        for fmt, fn in (("docx", report.build_docx), ("xlsx", report.build_xlsx)):
            with CaptureQueriesContext(connection) as q:
                t0 = time.time()
                data = fn(user, campaign)
                took = time.time() - t0
            print(f"report {who:16} {fmt}: {took:6.1f} s  {len(data) / 1e6:5.1f} MB  {len(q)} queries")

    # The campaign page, as the CĐS appraiser (whole province) and as a unit user.
    for who in ("bench_appraiser", "bench_staff"):
        client = Client()
        client.force_login(User.objects.get(username=who), backend="django.contrib.auth.backends.ModelBackend")
        url = f"/danh-gia/{campaign.pk}/"
        for _ in range(3):
            client.get(url)
        times = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"campaign page {who:16} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
