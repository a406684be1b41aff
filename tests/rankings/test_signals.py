"""Projects' cost and schedule signals: the variance read from constructed ledgers and recorded
end years, the recent-weighted values that show a slip the cumulative figure hides, the colours
and the trend, idempotent recomputation, and a cost in queries that does not grow with the number
of projects."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cds.projects import services as project_services
from cds.projects.models import Project, Stage
from cds.rankings import signals
from cds.rankings.models import Colour, ProjectSignal
from tests.factories import make_project, source

D = dt.date
DAY = D(2025, 10, 15)           # the day computed: quarter ends 31/12/2024 … 30/09/2025
ENDS = [D(2024, 12, 31), D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30)]


def approve(actor, project, amount, on, number="1/QĐ-UBND", src=None):
    return project_services.record_budget_entry(actor, project, {
        "stage": Stage.APPROVED, "amount": amount, "year": on.year, "funding_source": src or source(),
        "decision_number": number, "decision_date": on})


def recorded_on(project, *days):
    """Date the project's history records (oldest first) on ``days``, as if entered then."""
    records = list(Project.history.filter(id=project.pk).order_by("history_date", "history_id"))
    assert len(records) == len(days)
    for record, day in zip(records, days, strict=True):
        Project.history.filter(history_id=record.history_id).update(
            history_date=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC))


def rows(project):
    return {s.period_end: s for s in ProjectSignal.objects.filter(project=project)}


# ------------------------------------------------------------------ arithmetic

def test_quarter_ends_up_to_a_day():
    assert signals.quarter_ends(DAY, 4) == ENDS
    assert signals.quarter_ends(D(2025, 9, 30), 2) == [D(2025, 6, 30), D(2025, 9, 30)]
    assert signals.quarter_ends(D(2025, 1, 5), 1) == [D(2024, 12, 31)]


def test_the_approved_total_in_force_replaces_a_figure_by_its_rebaseline_and_adds_sources():
    lines = [signals.ApprovedLine(1, 7, 1_000, D(2024, 1, 10)), signals.ApprovedLine(2, 8, 500, D(2024, 1, 10)),
             signals.ApprovedLine(3, 7, 1_300, D(2025, 2, 1))]
    assert signals.approved_total(lines, D(2023, 12, 31)) is None
    assert signals.approved_total(lines, D(2024, 12, 31)) == 1_500
    assert signals.approved_total(lines, D(2025, 3, 31)) == 1_800     # 1 300 replaces 1 000, not added
    assert signals.cost_at(lines, D(2025, 3, 31)) == (0.2, 300)


def test_colours_and_the_recent_weight():
    assert [signals.colour_of(v) for v in (-0.5, 0.0999, 0.10, 0.2999, 0.30)] == \
        [Colour.GREEN, Colour.GREEN, Colour.YELLOW, Colour.YELLOW, Colour.RED]
    assert signals.colour_of(None) == Colour.NONE
    assert signals.recent(0.25, 0.10) == 0.40
    assert signals.recent(0.25, None) == 0.25
    assert signals.trend(0.25, 0.10) == 1
    assert signals.trend(0.10, 0.25) == -1
    assert signals.trend(0.102, 0.10) == 0
    assert [signals.variance_text(v) for v in (0.28, -0.03, 0, None)] == ["+28,0%", "−3,0%", "0,0%", "—"]


# ------------------------------------------------------------------ from the registry

def test_a_recent_slip_the_cumulative_figure_hides_is_red(cast, units):
    """Approved 1 tỷ, raised to 1,2 tỷ in 2024 (20 %, yellow for a year), then to 1,28 tỷ in
    August 2025: cumulative 28 % (still yellow), but the quarter's 8 points count twice — 36 %, red."""
    p = make_project(cast.staff_a, units.skhcn, start_year=2024, end_year=2027)
    approve(cast.staff_a, p, 1_000_000_000, D(2024, 1, 15))
    approve(cast.staff_a, p, 1_200_000_000, D(2024, 5, 10), "2/QĐ-UBND")
    approve(cast.staff_a, p, 1_280_000_000, D(2025, 8, 20), "3/QĐ-UBND")
    signals.refresh(DAY)
    got = rows(p)
    assert sorted(got) == ENDS
    june, september = got[D(2025, 6, 30)], got[D(2025, 9, 30)]
    assert (june.cost_variance, june.recent_cost_variance, june.colour, june.trend) == \
        (Decimal("0.2"), Decimal("0.2"), Colour.YELLOW, 0)
    assert september.cost_variance == Decimal("0.28") and september.cost_gap == 280_000_000
    assert signals.colour_of(september.cost_variance) == Colour.YELLOW
    assert september.recent_cost_variance == Decimal("0.36")
    assert (september.colour, september.trend) == (Colour.RED, 1)
    assert september.schedule_variance == 0 and september.schedule_gap_days == 0
    assert [s.is_latest for s in sorted(got.values(), key=lambda s: s.period_end)] == [False, False, False, True]


def test_schedule_variance_from_the_first_recorded_end_year_and_a_project_past_it(cast, units):
    """Planned 2023–2024 (731 days). Recorded at 31/03/2025 still ending in 2024 and not finished:
    projected to the quarter's end, 90 days late; the end year moved to 2025 in May: projected
    31/12/2025, 365 days late — against the first end year, not the moved one."""
    p = make_project(cast.staff_a, units.skhcn, start_year=2023, end_year=2024)
    project_services.update_project(cast.staff_a, p, {"end_year": 2025}, expected_version=p.version)
    recorded_on(p, D(2023, 2, 1), D(2025, 5, 1))
    signals.refresh(DAY)
    got = rows(p)
    duration = (D(2024, 12, 31) - D(2023, 1, 1)).days + 1
    march, june = got[D(2025, 3, 31)], got[D(2025, 6, 30)]
    assert (march.schedule_gap_days, june.schedule_gap_days) == (90, 365)
    assert march.schedule_variance == round(Decimal(90) / duration, 4)
    assert june.schedule_variance == round(Decimal(365) / duration, 4)
    assert june.recent_schedule_variance == round(2 * june.schedule_variance - march.schedule_variance, 4)
    assert june.colour == Colour.RED and june.trend == 1
    assert got[D(2024, 12, 31)].schedule_gap_days == 0 and got[D(2024, 12, 31)].colour == Colour.GREEN
    assert march.cost_variance is None      # no approved figure: the cost part is unknown


def test_a_finished_project_is_not_projected_past_its_end(cast, units):
    from tests.reviews.conftest import to_operation

    p = to_operation(cast, make_project(cast.staff_a, units.skhcn, start_year=2023, end_year=2024))
    n = Project.history.filter(id=p.pk).count()
    recorded_on(p, *([D(2023, 2, 1)] * (n - 1) + [D(2025, 1, 20)]))   # in operation since 20/01/2025
    signals.refresh(DAY)
    got = rows(p)
    assert got[D(2025, 3, 31)].schedule_gap_days == 0
    assert got[D(2025, 9, 30)].colour == Colour.GREEN


def test_no_figure_at_all_reads_not_enough_data(cast, units):
    p = make_project(cast.staff_a, units.skhcn, start_year=2025, end_year=None)
    signals.refresh(DAY)
    latest = ProjectSignal.objects.get(project=p, is_latest=True)
    assert (latest.colour, latest.cost_variance, latest.schedule_variance) == (Colour.NONE, None, None)


def test_projects_in_a_final_state_get_no_signal(cast, units, projects):
    Project.objects.filter(pk=projects.b.pk).update(state="stopped")
    signals.refresh(DAY)
    assert ProjectSignal.objects.filter(project=projects.b).count() == 0
    assert ProjectSignal.objects.filter(project=projects.a).count() == 4


def test_recomputing_is_idempotent_and_the_latest_row_moves_on(cast, units, projects):
    approve(cast.staff_a, projects.a, 1_000_000_000, D(2024, 1, 15))
    first = signals.refresh(DAY)
    snapshot = sorted(ProjectSignal.objects.values_list("project_id", "period_end", "cost_variance",
                                                        "schedule_variance", "colour", "trend", "is_latest"))
    again = signals.refresh(DAY)
    assert sorted(ProjectSignal.objects.values_list("project_id", "period_end", "cost_variance",
                                                    "schedule_variance", "colour", "trend", "is_latest")) == snapshot
    assert first["signals"] == again["signals"] == 4 * first["projects"]
    signals.refresh(D(2026, 1, 10), quarters=1)
    latest = ProjectSignal.objects.filter(project=projects.a, is_latest=True)
    assert list(latest.values_list("period_end", flat=True)) == [D(2025, 12, 31)]
    assert ProjectSignal.objects.filter(project=projects.a).count() == 5
    signals.refresh(DAY)   # an earlier day computed again: the newest row stays the latest
    assert list(ProjectSignal.objects.filter(project=projects.a, is_latest=True)
                .values_list("period_end", flat=True)) == [D(2025, 12, 31)]


def test_refresh_costs_the_same_queries_whatever_the_number_of_projects(cast, units):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            signals.refresh(DAY)
        return len(ctx)

    make_project(cast.staff_a, units.skhcn, start_year=2025, end_year=2026)
    few = queries()
    for i in range(5):
        p = make_project(cast.staff_b, units.syt, name=f"Dự án {i}", start_year=2025, end_year=2026)
        approve(cast.staff_b, p, 1_000_000_000, D(2025, 1, 15))
    assert queries() == few


@pytest.mark.parametrize("args, message", [
    (["--date", "15/10/2025"], "--date phải là một ngày có dạng YYYY-MM-DD."),
    (["--date", "2025-02-30"], "--date phải là một ngày có dạng YYYY-MM-DD."),
    (["--quarters", "0"], "Số quý phải là số nguyên từ 1 đến 40."),
    (["--quarters", "bốn"], "--quarters phải là số nguyên từ 1 đến 40."),
])
def test_the_command_refuses_bad_options_in_vietnamese(cast, units, projects, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("compute_project_signals", *args)
    assert not ProjectSignal.objects.exists()


def test_the_command_prints_its_counts(cast, units, projects, capsys):
    call_command("compute_project_signals", "--date", "2025-10-15")
    out = capsys.readouterr().out
    assert "Cuối quý 30/09/2025" in out
    n = Project.objects.exclude(state__in=["stopped", "rejected", "retired"]).count()
    assert f"Đã tính {4 * n} chỉ số của {n} dự án" in out
