"""An approved ranking method (version 1, every registered criterion at its default weight,
drafted by the administrator, approved by the leader) and an open 2025 period over the test
province, shared by the ranking tests. The province's ranked units are its direct subordinates in
force at the end of 2025: Sở KH&CN (which also answers for the ended Sở TT&TT), Sở Y tế and Thanh
tra tỉnh."""
import pytest

from cds.rankings import services

YEAR = 2025


def approved_method(cast, units, **kw):
    m = services.draft_method(cast.admin, units.tinh, title=kw.pop("title", "Phương pháp xếp hạng tuân thủ"),
                              description="Tổng điểm là tổng điểm các tiêu chí.", **kw)
    m = services.submit_method(cast.admin, m, version=m.version)
    return services.decide_method(cast.leader, m, version=m.version, approve=True, note="Đồng ý ban hành.")


@pytest.fixture
def method(cast, units):
    return approved_method(cast, units)


@pytest.fixture
def period(cast, units, method):
    return services.open_period(cast.admin, units.tinh, year=YEAR, method=method)
