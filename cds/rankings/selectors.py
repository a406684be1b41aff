"""Reads of the ranking shared with the dashboard, the outputs and the API."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .models import Criterion, Method, Period, PeriodStatus, ProjectSignal, Result, Score


def latest_signals(project_ids) -> dict[int, ProjectSignal]:
    """The latest quarter's signal of each project in ``project_ids`` (one query)."""
    return {s.project_id: s for s in ProjectSignal.objects.filter(project_id__in=list(project_ids), is_latest=True)}


def latest_published(periods_qs):
    """The newest published period of a (scoped) period queryset, or None."""
    return periods_qs.filter(status=PeriodStatus.PUBLISHED).order_by("-year", "-published_at").first()


@dataclass(frozen=True)
class ScoreLine:
    """One criterion of one unit's result, as stored."""

    criterion_id: int
    value: Decimal | None            # share 0…1; None: the unit had no record the criterion applies to
    good: int
    total: int
    points: Decimal
    note: str


@dataclass
class TableRow:
    result_id: int
    unit_id: int
    unit_name: str
    rank: int
    score: Decimal
    scores: dict[int, ScoreLine] = field(default_factory=dict)   # by criterion id

    def points(self, criterion_id: int) -> Decimal | None:
        line = self.scores.get(criterion_id)
        return line.points if line is not None else None


@dataclass
class RankingTable:
    """A period's table under one method: its criteria in order and one row per ranked unit, by
    rank (equal ranks in name order)."""

    period: Period
    method: Method
    criteria: list[Criterion]
    rows: list[TableRow]

    @property
    def is_comparison(self) -> bool:
        return self.method.pk != self.period.method_id


def ranking_table(period: Period, method: Method | None = None) -> RankingTable:
    """The stored results of ``period`` under ``method`` (its own by default) with every score,
    in three queries whatever the number of units. The caller has checked the user may read
    them (:func:`cds.rankings.permissions.scope_results`)."""
    method = method or period.method
    criteria = list(Criterion.objects.filter(method=method).order_by("order", "pk"))
    rows = [TableRow(pk, unit_id, name, rank, score) for pk, unit_id, name, rank, score in
            Result.objects.filter(period=period, method=method).order_by("rank", "unit__name", "pk")
            .values_list("pk", "unit_id", "unit__name", "rank", "score")]
    by_id = {r.result_id: r for r in rows}
    for result_id, crit_id, value, good, total, points, note in (
            Score.objects.filter(result__period=period, result__method=method)
            .values_list("result_id", "criterion_id", "value", "numerator", "denominator", "points", "note")):
        by_id[result_id].scores[crit_id] = ScoreLine(crit_id, value, good, total, points, note)
    return RankingTable(period, method, criteria, rows)


__all__ = ["Period", "RankingTable", "ScoreLine", "TableRow", "latest_published", "latest_signals", "ranking_table"]
