from decimal import Decimal
from types import SimpleNamespace

from cds.reviews.models import ScoringMethod
from cds.reviews.scoring import attainment, quadrant, scores


def v(code, direction, target, actual):
    return SimpleNamespace(indicator=SimpleNamespace(code=code, direction=direction), target=target, actual=actual)


def test_attainment_rules():
    assert attainment("higher", Decimal(80), Decimal(40)) == 0.5
    assert attainment("higher", Decimal(80), Decimal(120)) == 1.0
    assert attainment("lower", Decimal(2), Decimal(4)) == 0.5
    assert attainment("lower", Decimal(2), Decimal(1)) == 1.0
    assert attainment("yes", None, Decimal(1)) == 1.0 and attainment("yes", None, Decimal(0)) == 0.0
    assert attainment("higher", None, Decimal(5)) is None
    assert attainment("higher", Decimal(5), None) is None


def test_scores_skip_missing_data(db):
    method = ScoringMethod.objects.get(code="CDS-HQ", version=1)
    value, fitness = scores(method, [v("USE_ACTIVE", "higher", 80, 40), v("DATA_LGSP", "yes", None, 1)])
    assert value == 50 and fitness == 100
    assert scores(method, []) == (None, None)
    assert quadrant(method, 50, 100)[0] == "invest"
    assert quadrant(method, 20, 100)[0] == "tolerate"
    assert quadrant(method, 80, 10)[0] == "migrate"
    assert quadrant(method, 10, 10)[0] == "eliminate"
    assert quadrant(method, None, 10)[0] is None
