"""Measures the Word plan and the Excel appendix of a national plan: 20,000 items of 200 units
(target: the Word plan within 60 s). Not part of the test run (the file name does not match
``test_*.py``); run it explicitly, e.g.::

    PLAN_ITEMS=20000 PLAN_YEARS=1 .venv/bin/python -m pytest tests/plans/bench_documents.py -s -p no:cacheprovider

It writes the documents to $BENCH_OUT (default /tmp) and prints the time, queries and size of
each, then of an adjustment whose items all changed (Phụ lục II as long as Phụ lục I)."""
import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cds.plans import documents
from cds.plans.models import Envelope, PlanItem, PlanItemCost, PlanStatus, PlanVersion, Proposal
from tests.factories import make_unit, regime, source
from tests.plans.conftest import TODAY, open_round

pytestmark = pytest.mark.django_db
N = int(os.environ.get("PLAN_ITEMS", "20000"))
YEARS = int(os.environ.get("PLAN_YEARS", "1"))
OUT = os.environ.get("BENCH_OUT", "/tmp")


def test_national_plan_documents(cast, units, finance):
    round_ = open_round(cast, units, finance.unit, envelopes=(("NSDP-DT", 10**13), ("NSDP-TX", 10**12),
                                                              ("NSTW-DT", 10**12)))
    if YEARS > 1:
        round_.year_to = round_.year_from + YEARS - 1
        round_.save()
        Envelope.objects.bulk_create([Envelope(round=round_, funding_source=source(c), year=y, amount=10**12)
                                      for c in ("NSDP-DT", "NSDP-TX") for y in round_.years[1:]])
    us = [make_unit(f"T01-U{i:03d}", f"Ban quản lý dự án đầu tư xây dựng các công trình số {i}", parent=units.tinh)
          for i in range(200)]
    reg = regime()
    props = Proposal.objects.bulk_create([Proposal(
        round=round_, unit=us[i % 200], code=f"DXB{i:06d}", basis="carried" if i % 7 == 0 else "new",
        name=f"Xây dựng, nâng cấp hệ thống thông tin quản lý chuyên ngành và cơ sở dữ liệu số {i} của tỉnh",
        kind="investment", regime=reg, start_year=round_.year_from, end_year=round_.year_to, total=0,
        status="submitted", funding="funded") for i in range(N)])
    plan = PlanVersion.objects.create(round=round_, number=1, title="Kế hoạch ứng dụng công nghệ thông tin, "
                                      f"chuyển đổi số năm {round_.period_label}", status=PlanStatus.APPROVED,
                                      prepared_by=cast.appraiser, decision_number="45/QĐ-UBND", decision_date=TODAY,
                                      approved_by=cast.leader)
    items = PlanItem.objects.bulk_create([PlanItem(
        plan=plan, proposal=p, position=i + 1, name=p.name, unit=p.unit, start_year=p.start_year,
        end_year=p.end_year, total=0) for i, p in enumerate(props)], batch_size=2000)
    srcs = [source("NSDP-DT"), source("NSDP-TX")]
    costs = []
    for i, it in enumerate(items):
        total = 0
        for y in round_.years:
            for k, s in enumerate(srcs):
                if (i + k) % 3:
                    amount = 1_000_000 * (100 + (i * 37 + k) % 9000)
                    costs.append(PlanItemCost(item=it, year=y, funding_source=s, amount=amount))
                    total += amount
        it.total = total
    PlanItemCost.objects.bulk_create(costs, batch_size=5000)
    PlanItem.objects.bulk_update(items, ["total"], batch_size=2000)
    for kind in ("docx", "xlsx"):
        with CaptureQueriesContext(connection) as q:
            t = time.monotonic()
            content, _, _ = documents.export(cast.appraiser, plan, kind)
            took = time.monotonic() - t
        open(os.path.join(OUT, f"plan-{N}-{YEARS}y.{kind}"), "wb").write(content)
        print(f"\n{kind}: {N} items, {YEARS} year(s): {took:.1f} s, {len(q)} queries, {len(content)/1e6:.1f} MB")
    v2 = PlanVersion.objects.create(round=round_, number=2, based_on=plan, title=plan.title, reason="x",
                                    prepared_by=cast.appraiser)
    PlanItem.objects.bulk_create([PlanItem(plan=v2, proposal_id=it.proposal_id, position=it.position, name=it.name,
                                           unit_id=it.unit_id, start_year=it.start_year, end_year=it.end_year,
                                           total=it.total + (1000 if it.position % 10 == 0 else 0))
                                  for it in items], batch_size=2000)
    t = time.monotonic()
    content, _, _ = documents.export(cast.appraiser, v2, "docx")
    print(f"\ndocx adjustment (with Phụ lục II): {time.monotonic() - t:.1f} s, {len(content)/1e6:.1f} MB")
