import datetime as dt

import pytest

from cds.projects import services as ps
from cds.reviews import services as rs
from tests.factories import make_project

TODAY = dt.date.today()


def to_operation(cast, project):
    """Walk a project of Sở KH&CN or Sở Y tế to 'in operation' through the real services."""
    staff, head = (cast.staff_a, cast.head_a) if project.investor_unit.code.endswith(("SKHCN", "STTTT")) else (
        cast.staff_b, cast.head_b)
    ps.transition(staff, project, "start_dossier")
    ps.transition(head, project, "submit_appraisal")
    ps.transition(cast.leader, project, "approve", decision_number="1/QĐ-UBND", decision_date=TODAY)
    ps.transition(staff, project, "start_implementation")
    ps.transition(head, project, "put_in_operation", decision_number="2/BB-NT", decision_date=TODAY)
    project.refresh_from_db()
    return project


@pytest.fixture
def campaign_setup(cast, units, projects):
    a = to_operation(cast, projects.a)
    b = to_operation(cast, projects.b)
    old = to_operation(cast, projects.old)
    proposed = make_project(cast.staff_a, units.skhcn, name="Dự án mới đề xuất")
    campaign = rs.create_campaign(cast.appraiser, {
        "name": "Rà soát hiệu quả đến 12/2025", "basis_number": "8826/UBND-VXNV", "basis_date": TODAY,
        "basis_issuer": "UBND tỉnh", "scope_states": ["implementing", "in_operation", "settled"],
        "started_until": dt.date(2025, 12, 31), "deadline": TODAY + dt.timedelta(days=10),
        "receiving_unit": units.skhcn,
    })
    return campaign, a, b, old, proposed
