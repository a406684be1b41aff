"""A planning round of the test province, built through the services: Sở KH&CN (the CĐS
authority) opens it for next year with two envelopes; Sở Y tế and Sở KH&CN are called; Sở Tài
chính scores beside the authority."""
import datetime as dt
from types import SimpleNamespace

import pytest

from cds.accounts.models import Role
from cds.plans import services as ps
from tests.factories import UserFactory, make_unit, regime, source

TODAY = dt.date.today()
YEAR = TODAY.year + 1


@pytest.fixture
def finance(units):
    stc = make_unit("T01-STC", "Sở Tài chính", parent=units.tinh, short_name="Sở Tài chính")
    return SimpleNamespace(unit=stc, staff=UserFactory(username="stc_staff", role=Role.UNIT_STAFF, unit=stc))


def open_round(cast, units, finance_unit=None, *, envelopes=((
        "NSDP-DT", 5_000_000_000), ("NSDP-TX", 2_000_000_000)), called=None):
    round_ = ps.create_round(cast.appraiser, {
        "name": f"Kế hoạch ứng dụng CNTT, chuyển đổi số năm {YEAR}", "year_from": YEAR, "year_to": YEAR,
        "basis_number": "123/UBND-KGVX", "basis_date": TODAY, "basis_issuer": "UBND tỉnh",
        "deadline": TODAY + dt.timedelta(days=20), "receiving_unit": units.skhcn, "finance_unit": finance_unit,
        "called_units": called or [units.skhcn, units.syt],
    })
    ps.set_envelopes(cast.appraiser, round_, [
        {"funding_source": source(code), "year": YEAR, "amount": amount} for code, amount in envelopes],
        expected_version=round_.version)
    round_.refresh_from_db()
    return ps.open_round(cast.appraiser, round_, expected_version=round_.version)


def proposal_data(**overrides):
    data = {
        "name": "Xây dựng hệ thống quản lý hồ sơ bệnh án điện tử",
        "objectives": "Số hóa hồ sơ bệnh án tại các bệnh viện tuyến tỉnh.",
        "problem": "Hồ sơ giấy, không liên thông giữa các bệnh viện.",
        "legal_basis": "Kế hoạch chuyển đổi số của tỉnh",
        "kind": "investment", "regime": regime(), "start_year": YEAR, "end_year": YEAR,
        "priority": 2,
        "costs": [{"year": YEAR, "funding_source": source("NSDP-DT"), "amount": 1_000_000_000}],
    }
    data.update(overrides)
    return data


def cost(amount, code="NSDP-DT", year=YEAR):
    return [{"year": year, "funding_source": source(code), "amount": amount}]


@pytest.fixture
def plan_round(cast, units, finance):
    return open_round(cast, units, finance.unit)
