"""Projects that publication takes: moved past the proposal (the lifecycle's own steps are not
what these tests are about, so the state is set directly) with ledger lines recorded through the
service, as a unit would."""
import datetime as dt

from cds.projects import services as project_services
from cds.projects.models import Project, Stage, State
from tests.factories import source


def ledger(actor, project, stage, amount, year=2024):
    project_services.record_budget_entry(actor, project, {
        "year": year, "stage": stage, "amount": amount, "funding_source": source(),
        "decision_number": "12/QĐ-UBND", "decision_date": dt.date(year, 1, 1)})


def publishable(actor, project, *, approved=0, disbursed=0, year=2024, state=State.IMPLEMENTING):
    """``project`` in ``state`` with an approved total and a disbursement of ``year``."""
    Project.objects.filter(pk=project.pk).update(state=state)
    if approved:
        ledger(actor, project, Stage.APPROVED, approved, year)
    if disbursed:
        ledger(actor, project, Stage.DISBURSED, disbursed, year)
    project.refresh_from_db()
    return project
