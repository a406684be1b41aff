"""``manage.py load_demo``: the demo province loads once, stays the same on a second run, has a
believable history (reorganised units, paused/stopped work, supervisor checks) and nothing in it
is dated in the future.

The demo is the shared ``demo`` world of tests/conftest.py (built once per test process, ≈10 s);
its first run's output is ``demo.output``."""
import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Max
from django.test import Client, RequestFactory
from django.utils import timezone

from cds.accounts.models import Role, User
from cds.audit.models import AuditEvent
from cds.demo.units import MINISTRY_CODE, ROOT_CODE
from cds.orgs.models import Unit, UnitKind
from cds.projects import lifecycle
from cds.projects.models import (
    BudgetEntry,
    EventKind,
    Project,
    ProjectDocument,
    ProjectEvent,
    State,
)
from cds.projects.permissions import scope_projects

HISTORY = (Project.history.model, BudgetEntry.history.model, ProjectDocument.history.model, Unit.history.model)
COUNTED = (Unit, User, Project, ProjectEvent, BudgetEntry, ProjectDocument, AuditEvent, *HISTORY)


def counts():
    return {m._meta.label: m.objects.count() for m in COUNTED}


def run_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("demo_mode")
def test_load_demo_builds_a_believable_province_once(demo):
    first_output = demo.output
    first = counts()
    User.objects.filter(username="cv_yte").update(password="!")  # a changed password is set back
    second_output = run_demo()
    assert counts() == first, "the second run must not add or remove anything"
    assert "không tạo lại" in second_output
    for output in (first_output, second_output):
        assert "admin" in output and "thamdinh" in output and settings.DEMO_PASSWORD in output

    # Projects, spread over the years and the states.
    assert Project.objects.count() >= 80
    years = set(Project.objects.values_list("created_at__year", flat=True))
    assert {2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026} <= years
    states = set(Project.objects.values_list("state", flat=True))
    assert {State.IN_OPERATION, State.IMPLEMENTING, State.SETTLED, State.PAUSED, State.STOPPED,
            State.REJECTED, State.RETIRED, State.IN_APPRAISAL, State.PROPOSED} <= states
    assert Project.objects.filter(name="Xây dựng cơ sở dữ liệu đất đai tỉnh Sơn Lâm").exists()
    assert Project.objects.filter(name__contains="CSDL", name__icontains="đất đai").exists()

    # Units change over time; old records keep pointing at the old unit.
    sotttt = Unit.objects.get(short_name="Sở TT&TT")
    skhcn = Unit.objects.get(short_name="Sở KH&CN")
    assert sotttt.valid_to == dt.date(2025, 2, 28)
    assert list(sotttt.successors.all()) == [skhcn]
    assert Project.objects.filter(investor_unit=sotttt).exists()
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT)
    assert districts.count() >= 4
    assert set(districts.values_list("valid_to", flat=True)) == {dt.date(2025, 6, 30)}
    assert all(d.successors.filter(kind=UnitKind.COMMUNE, valid_from=dt.date(2025, 7, 1)).exists() for d in districts)
    assert Project.objects.filter(investor_unit__kind=UnitKind.DISTRICT).exists()

    # Paused and stopped work carries its reason and decision in the timeline.
    for state in (State.PAUSED, State.STOPPED):
        project = Project.objects.filter(state=state).first()
        assert project is not None, state
        event = project.events.filter(kind=EventKind.TRANSITION, to_state=state).last()
        assert event.reason and event.decision_number and event.decision_date
    assert Project.objects.filter(state=State.PAUSED).count() >= 4
    assert Project.objects.filter(state=State.STOPPED).count() >= 3
    assert ProjectEvent.objects.filter(kind=EventKind.ADJUSTMENT).count() >= 2
    assert ProjectEvent.objects.filter(kind=EventKind.REBASELINE).count() >= 2
    assert ProjectEvent.objects.filter(checked_by__username="giamsat").exists()

    # Maker ≠ checker held for every checking step the demo took.
    for project in Project.objects.prefetch_related("events"):
        previous = None
        for event in project.events.filter(kind=EventKind.TRANSITION).order_by("occurred_on", "created_at", "id"):
            rule = next(r for r in lifecycle.RULES if event.from_state in r.source and (
                r.target == event.to_state
                or (r.target == "" and event.to_state not in (State.PAUSED, State.STOPPED))))
            if rule.checker:
                assert event.actor_id not in {project.created_by_id, previous}, (project.code, event)
            previous = event.actor_id
        for event in project.events.all():
            if event.checked_by_id:
                assert event.checked_by_id not in {event.actor_id, project.created_by_id}

    # History looks real: in the past, spread over the years; nothing in the future anywhere.
    now, today = timezone.now(), timezone.localdate()
    history_years = set(Project.history.model.objects.values_list("history_date__year", flat=True))
    assert {2019, 2022, 2025} <= history_years
    for model, field in [(Project, "created_at"), (Project, "updated_at"), (Project, "state_changed_at"),
                         (ProjectEvent, "created_at"), (ProjectEvent, "checked_at"), (BudgetEntry, "created_at"),
                         (ProjectDocument, "created_at"), (AuditEvent, "created_at"),
                         *[(h, "history_date") for h in HISTORY]]:
        latest = model.objects.aggregate(m=Max(field))["m"]
        assert latest is not None and latest <= now, (model.__name__, field, latest)
    for model, field in [(ProjectEvent, "occurred_on"), (ProjectEvent, "decision_date"),
                         (BudgetEntry, "decision_date"), (ProjectDocument, "issued_on")]:
        assert model.objects.aggregate(m=Max(field))["m"] <= today, (model.__name__, field)
    earliest = Project.history.model.objects.order_by("history_date").first().history_date
    assert earliest < now - dt.timedelta(days=365 * 5)

    # A second root: the ministry's projects stay out of the province's sight and vice versa.
    ministry = Project.objects.filter(investor_unit__path__startswith=Unit.objects.get(code=MINISTRY_CODE).path)
    assert ministry.exists()
    leader, bo = User.objects.get(username="lanhdao"), User.objects.get(username="bo_thamdinh")
    assert not scope_projects(leader).filter(pk__in=ministry).exists()
    assert set(scope_projects(bo)) == set(ministry)
    assert scope_projects(leader).count() == Project.objects.count() - ministry.count()
    assert Unit.objects.get(code=ROOT_CODE).users.filter(role=Role.ADMIN, is_superuser=True).exists()

    # Directives modelled on real ones and a current plan, with every status the leader's view shows.
    from cds.demo.directives import KL_61
    from cds.directives import extract
    from cds.directives.models import Directive, ProgressReport, Task
    from cds.directives.selectors import with_status

    numbers = set(Directive.objects.values_list("number", flat=True))
    assert {"61/TB-UBND", "8826/UBND-VXNV", "1470/UBND-NC", "215/KH-UBND"} <= numbers
    statuses = {t.st.code for t in with_status(Task.objects.all())}
    assert {"done_on_time", "done_late", "overdue", "extension"} <= statuses, statuses
    # The ended district's unsent report was handed to its first successor when the district ended.
    handed = Task.objects.get(directive__number="8826/UBND-VXNV", transferred_from__code="SL-HTP")
    assert (handed.lead_unit.code, handed.progress, handed.transferred_on) == ("SL-XTP", "not_started",
                                                                                dt.date(2025, 7, 1))
    assert not Task.objects.exclude(progress="done").filter(lead_unit__valid_to__lt=today).exists()
    assert Task.objects.exclude(missing_5r="").exists() and Task.objects.filter(missing_5r="").exists()
    assert ProgressReport.objects.aggregate(m=Max("reported_on"))["m"] <= today
    assert ProgressReport.objects.aggregate(m=Max("created_at"))["m"] <= now
    assert Task.objects.filter(directive__number="61/TB-UBND").earliest("created_at").created_at.year == 2023
    assert not User.objects.get(username="cv_tttt_cu").is_active      # Sở TT&TT's account closed with its unit
    proposed = extract.extract_for(User.objects.get(username="thamdinh"), KL_61, dt.date(2023, 3, 8))
    assert ("SL-STNMT", dt.date(2023, 3, 22)) in {(a.lead_key, a.deadline) for a in proposed}

    # Every role has a demo account that logs in with the demo password.
    request = RequestFactory().post("/")
    for role in Role.values:
        user = User.objects.filter(role=role, unit__isnull=False).order_by("pk").first()
        assert user is not None, role
        assert Client().login(request=request, username=user.username, password=settings.DEMO_PASSWORD), role
    assert Client().login(request=request, username="cv_yte", password=settings.DEMO_PASSWORD)


def test_refuses_outside_demo_mode(db, settings):
    from django.core.management import CommandError, call_command

    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="chế độ trình diễn"):
        call_command("load_demo")
