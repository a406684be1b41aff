"""Scores from indicator results, by the published method (see ScoringMethod's docstring)."""
from __future__ import annotations

from decimal import Decimal

from cds.systems.time import QUADRANTS, quadrant_of  # noqa: F401 — one TIME mapping, the systems map's

from .models import Direction


def attainment(direction: str, target, actual) -> float | None:
    """How far ``actual`` reaches ``target``, in [0, 1]; None when it cannot be said."""
    if actual is None:
        return None
    actual = Decimal(actual)
    if direction == Direction.YES:
        return 1.0 if actual >= 1 else 0.0
    if target is None:
        return None
    target = Decimal(target)
    if direction == Direction.HIGHER:
        if target <= 0:
            return 1.0 if actual >= target else 0.0
        return float(min(actual / target, Decimal(1)))
    # lower is better
    if actual <= target:
        return 1.0
    return float(target / actual) if actual > 0 else 1.0


def scores(method, values) -> tuple[int | None, int | None]:
    """(value score, fitness score) 0–100 from IndicatorValue rows (with their indicator)."""
    by_code = {v.indicator.code: v for v in values}
    out = []
    for axis in ("value", "fitness"):
        total = weight_sum = 0.0
        for code, weight in (method.weights.get(axis) or {}).items():
            v = by_code.get(code)
            if v is None:
                continue
            a = attainment(v.indicator.direction, v.target, v.actual)
            if a is None:
                continue
            total += a * weight
            weight_sum += weight
        out.append(round(total * 100 / weight_sum) if weight_sum else None)
    return out[0], out[1]


def quadrant(method, value_score, fitness_score):
    if value_score is None or fitness_score is None:
        return None, "Chưa đủ số liệu"
    return quadrant_of(value_score >= method.value_threshold, fitness_score >= method.fitness_threshold)
