"""The budget ledger as officials read it: a year × stage table (estimate → approved → allocated →
disbursed → settled) with its totals row and the disbursement rate per year, split by funding
source on demand; the line log in legal order; and the trace of every amount."""
from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from cds.projects import selectors, services
from cds.projects.selectors import disbursement_rate
from tests.conftest import login
from tests.factories import source

D = dt.date(2024, 3, 1)
NSDP, NSTW = "NSDP-DT", "NSTW-DT"


def entry(actor, project, stage, amount, year, src=NSDP, number="", day=None):
    data = {"stage": stage, "amount": amount, "year": year, "funding_source": source(src)}
    if stage in ("approved", "allocated", "settled") or number:
        data.update(decision_number=number or "10/QĐ-UBND", decision_date=day or D)
    elif day:
        data.update(decision_date=day)
    return services.record_budget_entry(actor, project, data)


def build(cast, p):
    """A ledger of two years and two funding sources, with a replaced, a voided figure."""
    a = cast.staff_a
    entry(a, p, "estimate", 5_000_000_000, 2024)
    entry(a, p, "approved", 4_000_000_000, 2024, number="1/QĐ-UBND")
    entry(a, p, "approved", 4_800_000_000, 2024, number="2/QĐ-UBND", day=dt.date(2024, 6, 1))   # rebaseline
    entry(a, p, "allocated", 1_000_000_000, 2024, day=dt.date(2024, 1, 10))
    entry(a, p, "allocated", 600_000_000, 2024, src=NSTW, day=dt.date(2024, 1, 12))
    entry(a, p, "disbursed", 900_000_000, 2024)
    entry(a, p, "disbursed", 260_000_000, 2024, src=NSTW)
    wrong = entry(a, p, "disbursed", 777_000_000, 2024)
    services.void_budget_entry(a, wrong, reason="Nhập trùng", expected_version=wrong.version)
    entry(a, p, "allocated", 2_000_000_000, 2025, day=dt.date(2025, 1, 8))
    entry(a, p, "disbursed", 1_451_000_000, 2025)
    return selectors.project_detail(cast.staff_a, p.pk)


def amounts(row) -> list:
    return [a for _stage, a in row.cells]


def test_year_by_stage_table_with_totals_and_rates(cast, projects):
    ledger = selectors.ledger_summary(build(cast, projects.a))
    assert [r.year for r in ledger["rows"]] == [2024, 2025]
    y2024, y2025 = ledger["rows"]
    # estimate, approved (the rebaseline replaced 4.0 bn), allocated, disbursed (the voided line left out), settled
    assert amounts(y2024) == [5_000_000_000, 4_800_000_000, 1_600_000_000, 1_160_000_000, None]
    assert amounts(y2025) == [None, None, 2_000_000_000, 1_451_000_000, None]
    assert amounts(ledger["total"]) == [5_000_000_000, 4_800_000_000, 3_600_000_000, 2_611_000_000, None]
    assert (y2024.rate, y2025.rate, ledger["total"].rate) == ("72,5%", "72,6%", "72,5%")


def test_split_by_funding_source_with_a_subtotal_per_year(cast, projects):
    ledger = selectors.ledger_summary(build(cast, projects.a), by_source=True)
    lines = [(r.kind, r.year, r.source) for r in ledger["rows"]]
    local, central = source(NSDP).name, source(NSTW).name
    assert lines == sorted([("source", 2024, local), ("source", 2024, central)], key=lambda x: x[2]) + [
        ("subtotal", 2024, ""), ("source", 2025, local)]
    by = {(r.kind, r.year, r.source): r for r in ledger["rows"]}
    assert amounts(by["source", 2024, central]) == [None, None, 600_000_000, 260_000_000, None]
    assert by["source", 2024, central].rate == "43,3%"
    assert amounts(by["subtotal", 2024, ""]) == amounts(selectors.ledger_summary(
        selectors.project_detail(cast.staff_a, projects.a.pk))["rows"][0])
    assert amounts(ledger["total"]) == [5_000_000_000, 4_800_000_000, 3_600_000_000, 2_611_000_000, None]


def test_rate_wording():
    assert disbursement_rate(725, 1000) == "72,5%"
    assert disbursement_rate(0, 1000) == "0,0%"
    assert disbursement_rate(1_055, 1_000) == "105,5%"
    assert disbursement_rate(1, 3) == "33,3%"
    assert disbursement_rate(2, 3) == "66,7%"
    assert disbursement_rate(500, 0) == "—"
    assert disbursement_rate(0, 0) == "—"


def test_the_line_log_reads_in_legal_order(cast, projects):
    ledger = selectors.ledger_summary(build(cast, projects.a))
    order = [(e.year, e.stage) for e in ledger["entries"]]
    rank = {"estimate": 0, "approved": 1, "allocated": 2, "disbursed": 3, "settled": 4}
    assert order == sorted(order, key=lambda x: (x[0], rank[x[1]]))
    allocated_2024 = [e for e in ledger["entries"] if (e.year, e.stage) == (2024, "allocated")]
    assert [e.decision_date for e in allocated_2024] == [dt.date(2024, 1, 10), dt.date(2024, 1, 12)]


def test_the_ledger_tab_full_width_never_prints_a_dash_over_a_percent(cast, projects):
    p = projects.a
    entry(cast.staff_a, p, "estimate", 5_000_000_000, 2024)          # a year with nothing allocated
    entry(cast.staff_a, p, "allocated", 1_000_000_000, 2025)
    entry(cast.staff_a, p, "disbursed", 725_000_000, 2025)
    url = reverse("projects:detail", args=[p.pk]) + "?tab=budget"
    body = login(cast.inspector).get(url).content.decode()
    assert "— / %" not in body and "—%" not in body
    table = body[body.index('id="ledger-table"'):body.index("</table>", body.index('id="ledger-table"'))]
    assert "col-xl-8" not in body
    row_2024 = re.search(r'data-year="2024".*?</tr>', table, re.S).group(0)
    row_2025 = re.search(r'data-year="2025".*?</tr>', table, re.S).group(0)
    total = re.search(r'data-year="total".*?</tr>', table, re.S).group(0)
    assert re.search(r'data-col="rate">—</td>', row_2024)
    assert 'data-col="rate">72,5%</td>' in row_2025 and 'data-col="rate">72,5%</td>' in total
    assert "Tổng cộng" in total and "5.000.000.000 đ" in total
    heads = re.findall(r'<th class="money">([^<]+)</th>', table)
    assert heads == ["Dự toán/khái toán đề xuất", "Tổng mức/dự toán được duyệt", "Kế hoạch vốn năm", "Giải ngân",
                     "Quyết toán"]
    split = login(cast.inspector).get(url + "&by=source").content.decode()
    assert "<th>Nguồn vốn</th>" in split and source(NSDP).name in split


def test_the_trace_names_who_entered_each_amount_when_and_from_which_decision(cast, projects):
    p = build(cast, projects.a)
    services.record_budget_entry(cast.head_a, p, {"stage": "settled", "amount": 3_000_000_000, "year": 2025,
                                                  "funding_source": source(), "decision_number": "99/QĐ-STC",
                                                  "decision_date": dt.date(2025, 12, 1)})
    trace = selectors.ledger_trace(selectors.project_detail(cast.inspector, p.pk))
    assert len(trace) == 11   # every line, the voided and the replaced too
    by_amount = {t.entry.amount: t for t in trace}
    old, new = by_amount[4_000_000_000], by_amount[4_800_000_000]
    assert old.status == "replaced" and old.replaced_by == new.entry and new.replaces == [old.entry]
    voided = by_amount[777_000_000]
    assert voided.status == "voided" and voided.voided_by == cast.staff_a and voided.voided_at
    settled = by_amount[3_000_000_000]
    assert settled.entered_by == cast.head_a and settled.status == "current"
    body = login(cast.inspector).get(reverse("projects:detail", args=[p.pk]) + "?tab=trace").content.decode()
    row = re.search(rf'data-entry="{settled.entry.pk}".*?</tr>', body, re.S).group(0)
    assert "Số 99/QĐ-STC ngày 01/12/2025" in row and cast.head_a.get_full_name() in row
    assert "Lãnh đạo đơn vị · Sở KH&amp;CN" in row and "Đang có hiệu lực" in row
    row = re.search(rf'data-entry="{old.entry.pk}".*?</tr>', body, re.S).group(0)
    assert "Đã được điều chỉnh" in row and "thành 4.800.000.000 đ theo số 2/QĐ-UBND ngày 01/06/2024" in row
    row = re.search(rf'data-entry="{voided.entry.pk}".*?</tr>', body, re.S).group(0)
    assert "Đã hủy" in row and "Lý do: Nhập trùng" in row and cast.staff_a.get_full_name() in row


def test_a_figure_is_in_force_again_when_its_rebaseline_is_voided(cast, projects):
    p = projects.a
    first = entry(cast.staff_a, p, "approved", 1_000_000_000, 2024, number="1/QĐ-UBND")
    second = entry(cast.staff_a, p, "approved", 900_000_000, 2024, number="2/QĐ-UBND", day=dt.date(2024, 9, 1))
    services.void_budget_entry(cast.staff_a, second, reason="Quyết định bị thu hồi", expected_version=second.version)
    trace = {t.entry.pk: t for t in selectors.ledger_trace(selectors.project_detail(cast.staff_a, p.pk))}
    assert trace[first.pk].status == "current" and trace[first.pk].restored
    assert trace[second.pk].status == "voided"


def test_the_trace_tab_is_scoped_like_the_project(cast, projects):
    url = reverse("projects:detail", args=[projects.a.pk]) + "?tab=trace"
    assert login(cast.staff_b).get(url).status_code == 404
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.inspector).get(url).status_code == 200
