"""The demo's appraisal dossiers: five dossiers walked through the real services by the demo
accounts — approved, waiting for the leader, an overdue (escalated) opinion, paused for a supplement
under NĐ 73/2019, just submitted with two opinions — coherent with the legal clock, maker ≠ checker,
nothing dated in the future. The demo is the shared ``demo`` world of tests/conftest.py (built once
per test process)."""
import datetime as dt
import hashlib
from collections import Counter

from django.db.models import Max
from django.utils import timezone

from cds.appraisal import services
from cds.appraisal.models import (
    Dossier,
    DossierDocument,
    DossierEvent,
    EventKind,
    Opinion,
    Result,
    Status,
)
from cds.appraisal.reminders import send_appraisal_reminders
from cds.demo.common import DATA_END
from cds.notifications.models import Notification
from cds.projects.models import DocType, State
from cds.projects.models import EventKind as ProjectEventKind
from cds.rules.models import ItemKind, Step
from cds.workdays.calendar import WorkCalendar

ACCOUNTS = {"thamdinh", "giamsat", "phochutich", "lanhdao"}


def people(d: Dossier) -> list[int]:
    return [p for p in (d.created_by_id, d.submitted_by_id, d.concluded_by_id, d.countersigned_by_id,
                        d.decided_by_id) if p]


def test_demo_appraisal_dossiers(demo):
    now, today = timezone.now(), timezone.localdate()
    dossiers = list(Dossier.objects.select_related(
        "project__investor_unit", "procedure__regime", "created_by", "submitted_by", "concluded_by",
        "countersigned_by", "decided_by").order_by("code"))
    assert Counter(d.status for d in dossiers) == {
        Status.IN_APPRAISAL: 2, Status.SUPPLEMENT: 1, Status.COUNTERSIGNED: 1, Status.APPROVED: 1}
    by_status = {d.status: d for d in dossiers}

    # --- approved: the project is "Đã phê duyệt" and carries the decision ------------------------
    done = by_status[Status.APPROVED]
    project = done.project
    assert project.state == State.APPROVED and project.regime.code == "ND224_2026"
    assert done.procedure.regime.code == "ND224_2026" and done.conclusion == "eligible"
    assert done.decision_number.endswith("/QĐ-UBND") and done.decision_date <= DATA_END
    decision = project.documents.get(number=done.decision_number)
    assert decision.doc_type == DocType.DECISION and decision.issued_on == done.decision_date
    assert project.events.filter(kind=ProjectEventKind.TRANSITION, to_state=State.APPROVED,
                                 decision_number=done.decision_number, occurred_on=done.decision_date).exists()
    assert (done.created_by.username, done.submitted_by.username) == ("cv_xaydung", "ld_xaydung")
    assert (done.concluded_by.username, done.countersigned_by.username, done.decided_by.username) == (
        "thamdinh", "giamsat", "phochutich")
    assert done.findings_snapshot
    assert set(done.results.values_list("result", flat=True)) == {Result.PASS}
    assert done.documents.filter(kind="bcktkt").count() == 2          # a second version …
    assert done.documents.filter(kind="giai_trinh", file_name__endswith=".docx").exists()  # … and a Word letter
    pause = done.pauses.get()
    assert pause.ended_on and pause.response                           # one supplement round, closed
    assert done.due_date == services.clock_state(done).due
    assert done.countersigned_at < done.decided_at and done.decision_date <= done.approval_due
    assert all(o.answered_on and o.answered_on <= o.due_date for o in done.opinions.all())
    assert {o.unit.short_name for o in done.opinions.all()} == {"Sở NN&MT", "Sở Tài chính"}

    # --- concluded, countersigned, waiting for the leader ---------------------------------------------
    waiting = by_status[Status.COUNTERSIGNED]
    assert waiting.project.state == State.IN_APPRAISAL and waiting.conclusion == "eligible"
    assert waiting.countersigned_by.username == "giamsat" and waiting.approval_due > waiting.concluded_at.date()
    assert not waiting.procedure.is_confirmed                           # NĐ 45/2026: NĐ 224's values

    # --- paused for a supplement, under the older rules --------------------------------------------------
    paused = by_status[Status.SUPPLEMENT]
    assert (paused.procedure.regime.code, paused.procedure.code) == ("ND73_2019", "de_cuong")
    assert 1_500_000_000 <= paused.amount <= 2_500_000_000 and paused.project.kind == "recurrent"
    assert paused.due_date is None and services.clock_state(paused).paused
    open_pause = paused.pauses.get(ended_on__isnull=True)
    limit = services.limit_of(paused, Step.SUPPLEMENT)
    cal = WorkCalendar.load(paused.clock_start, open_pause.started_on)
    assert cal.working_days_between(paused.clock_start, open_pause.started_on) <= limit.days
    failed = paused.results.get(result=Result.FAIL)
    assert failed.comment and failed.item.kind == ItemKind.CONTENT

    # --- in appraisal: a late (escalated) opinion; a dossier just submitted ------------------------------
    running = [d for d in dossiers if d.status == Status.IN_APPRAISAL]
    for d in running:
        assert d.project.state == State.IN_APPRAISAL and d.clock_start <= DATA_END
        assert d.due_date == services.clock_state(d).due
    late = Opinion.objects.get(answered_on__isnull=True, due_date__lt=DATA_END)
    assert late.unit.short_name == "Công an tỉnh" and late.dossier.status == Status.IN_APPRAISAL
    assert late.escalated_on and late.escalated_on <= DATA_END
    assert late.dossier.events.filter(kind=EventKind.OPINION_ESCALATED).exists()
    assert Notification.objects.filter(kind="appraisal.opinion_escalated", user__username="lanhdao").exists()
    fresh = next(d for d in running if d != late.dossier)
    opinions = list(fresh.opinions.select_related("unit"))
    assert len(opinions) == 2 and len({o.requested_on for o in opinions}) == 1      # asked in parallel
    answered = [o for o in opinions if o.answered_on]
    waiting_for = [o for o in opinions if not o.answered_on]
    assert len(answered) == 1 and answered[0].answered_on <= answered[0].due_date
    assert len(waiting_for) == 1 and waiting_for[0].due_date > DATA_END               # not yet due
    assert {o.unit.short_name for o in opinions} == {"Sở Tài chính", "Công an tỉnh"}

    # --- across all ---------------------------------------------------------------------------------------
    for d in dossiers:
        assert len(people(d)) == len(set(people(d))), d.code                           # maker ≠ checker
        assert d.created_by.role == "unit_staff" and d.submitted_by.role == "unit_head"
        assert d.created_at.date() <= d.clock_start <= DATA_END
    actors = set(DossierEvent.objects.values_list("actor__username", flat=True))
    assert ACCOUNTS - {"lanhdao"} <= actors
    assert actors <= ACCOUNTS | {u for u in actors if u.startswith(("cv_", "ld_"))}
    for model, field in [(Dossier, "created_at"), (DossierEvent, "at"), (DossierDocument, "uploaded_at"),
                         (Dossier.history.model, "history_date")]:
        assert model.objects.aggregate(m=Max(field))["m"] <= now, (model.__name__, field)
    assert DossierEvent.objects.filter(at__date__lt=dt.date(2026, 7, 1)).count() == 0
    for doc in DossierDocument.objects.all():
        content = doc.file.read()
        assert content.startswith((b"%PDF-", b"PK\x03\x04")), doc.file_name
        assert hashlib.sha256(content).hexdigest() == doc.file_sha256

    # This morning's reminders are in the application; running the job again sends nothing.
    assert send_appraisal_reminders(today, email=False).sent == 0
