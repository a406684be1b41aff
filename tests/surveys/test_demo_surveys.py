"""The demo province's bottleneck survey of Công văn 1470/UBND-NC (2024), its register of
bottlenecks and the Đề án 06 catalogue, built through the survey services. The demo is the shared
``demo`` world of tests/conftest.py."""
import datetime as dt
from collections import Counter

from cds.audit.models import AuditEvent
from cds.demo.common import DATA_END
from cds.demo.surveys import TEXTS
from cds.directives.models import Directive
from cds.surveys import services
from cds.surveys.bank import bottleneck_definition
from cds.surveys.models import (
    Answer,
    Bottleneck,
    BottleneckSource,
    BottleneckStatus,
    GroupKind,
    KeyTask,
    KeyTaskProgress,
    KeyTaskStatus,
    QuestionType,
    ResponseStatus,
    Round,
    RoundStatus,
)
from cds.surveys.selectors import late_responses, round_counts


def _round():
    return Round.objects.select_related("coordinator", "form").get(basis_number="1470/UBND-NC")


# ------------------------------------------------------------------------------ the question bank

def test_bank_definition_is_valid_and_uses_every_question_type():
    definition = bottleneck_definition()
    assert services.definition_problems(definition) == []
    questions = definition["questions"]
    assert 25 <= len(questions) <= 40
    assert {q["type"] for q in questions} == set(QuestionType.values)
    assert [(s["name"], s["group"]) for s in definition["sections"]] == [
        ("phap_ly", GroupKind.LEGAL), ("ha_tang", GroupKind.INFRASTRUCTURE), ("du_lieu", GroupKind.DATA),
        ("an_ninh", GroupKind.SECURITY), ("nguon_luc", GroupKind.RESOURCES)]
    by_name = {q["name"]: q for q in questions}
    # the names results read, in their groups, as yes/no questions
    for name, section in (("du_lieu_co_nghen", "du_lieu"), ("nguon_luc_thieu_nhan_luc", "nguon_luc")):
        assert by_name[name]["section"] == section and by_name[name]["list_name"] == "co_khong"
        assert by_name[name]["type"] == QuestionType.SELECT_ONE and by_name[name]["required"]
    assert {c["name"] for c in definition["choices"] if c["list_name"] == "co_khong"} == {"co", "khong"}
    assert sum(1 for q in questions if q["relevant"]) >= 3
    assert sum(1 for q in questions if q["constraint"]) >= 2
    scale = [q for q in questions if q["type"] == QuestionType.SCALE]
    assert all((q["scale_min"], q["scale_max"]) == (1, 5) for q in scale)
    matrix = next(q for q in questions if q["type"] == QuestionType.MATRIX)
    assert {r["name"] for r in matrix["rows"]} >= {"dan_cu", "dat_dai"}


# ------------------------------------------------------------------------------ the round of 2024

def test_demo_round_of_2024_sent_to_departments_and_districts(demo):
    rnd = _round()
    assert rnd.status == RoundStatus.CLOSED and rnd.form.is_published
    assert rnd.deadline.year == 2024 and rnd.opened_at.year == 2024 and rnd.created_at.year == 2024
    assert rnd.coordinator.code == "SL-CA"
    units = {r.unit.code: r.unit for r in rnd.responses.select_related("unit")}
    assert {u.kind for u in units.values()} <= {"department", "district", "police"}
    assert {"SL-STTTT", "SL-SKHDT", "SL-TPSL", "SL-HTP", "SL-CA"} <= set(units)   # units of 2024
    assert "SL-SNNMT" not in units and not any(u.kind == "commune" for u in units.values())
    assert all(u.valid_from is None or u.valid_from <= dt.date(2024, 6, 30) for u in units.values())
    # the lead agencies of the five groups
    leads = {lead.section.name: (lead.lead_unit.code, lead.co_unit.code if lead.co_unit else None)
             for lead in rnd.leads.select_related("section", "lead_unit", "co_unit")}
    assert leads == {"phap_ly": ("SL-VP", None), "ha_tang": ("SL-STTTT", None), "du_lieu": ("SL-STTTT", None),
                     "an_ninh": ("SL-STTTT", None), "nguon_luc": ("SL-SNV", "SL-STC")}
    assert all(lead.summary and lead.summary_at.year == 2024 for lead in rnd.leads.all())


def test_demo_round_mostly_answered_with_three_late_units(demo):
    rnd = _round()
    counts = round_counts([rnd.pk], today=DATA_END)[rnd.pk]
    assert counts.units >= 20 and counts.submitted / counts.units >= 0.8
    late = late_responses(rnd, today=DATA_END)
    assert counts.late == 3 and {r.unit.code for r in late} == {"SL-SGTVT", "SL-BQLKKT", "SL-HTP"}
    assert sum(1 for r in late if r.status != ResponseStatus.SUBMITTED) == 1
    submitted = list(rnd.responses.filter(status=ResponseStatus.SUBMITTED))
    assert all(r.submitted_at.year == 2024 for r in submitted)
    assert sum(r.is_late for r in submitted) == 2


def test_demo_responses_filled_by_staff_and_sent_by_another_head(demo):
    submitted = list(_round().responses.filter(status=ResponseStatus.SUBMITTED)
                     .select_related("prepared_by", "submitted_by"))
    assert submitted
    for r in submitted:
        assert r.prepared_by_id and r.submitted_by_id and r.prepared_by_id != r.submitted_by_id
        assert r.prepared_by.role == "unit_staff" and r.submitted_by.role == "unit_head"


def test_demo_one_response_returned_by_a_lead_agency_and_sent_again(demo):
    rnd = _round()
    returned = [r for r in rnd.responses.prefetch_related("returns__section", "returns__returned_by__unit")
                if r.returns.all()]
    assert len(returned) == 1
    response = returned[0]
    ret = response.returns.all()[0]
    assert response.unit.code == "SL-SGDDT" and ret.section.name == "nguon_luc" and ret.comment
    assert ret.returned_by.unit.code == "SL-SNV"
    assert response.status == ResponseStatus.SUBMITTED and not response.is_late
    assert response.submitted_at > ret.returned_at
    assert AuditEvent.objects.filter(verb="survey.response_returned").count() == 1
    assert AuditEvent.objects.filter(verb="survey.response_submitted", target_id=response.pk).count() == 2


def test_demo_answers_show_groups_and_clusters(demo):
    rnd = _round()
    yes = Counter(Answer.objects.filter(response__round=rnd, question__name="du_lieu_co_nghen")
                  .values_list("choice", flat=True))
    assert yes["co"] >= 5 and yes["khong"] >= 3
    # the units with a paused or stopped project are among those reporting a data bottleneck
    assert set(Answer.objects.filter(response__round=rnd, question__name="du_lieu_co_nghen", choice="co")
               .values_list("response__unit__code", flat=True)) >= {"SL-STNMT", "SL-SVHTTDL", "SL-TPSL"}
    # hidden questions are not stored: no reason without a data bottleneck
    reasons = Answer.objects.filter(response__round=rnd, question__name="du_lieu_ly_do")
    assert reasons.count() == yes["co"]
    # free texts: a few difficulties said in several ways (what grouping by similarity gathers)
    texts = list(reasons.values_list("text", flat=True))
    bases = [base[1:] for base, _ in TEXTS["du_lieu_ly_do"]]
    clusters = Counter(next(i for i, base in enumerate(bases) if base in text) for text in texts)
    assert len(set(texts)) > len(clusters) >= 2 and max(clusters.values()) >= 3
    for qtype in (QuestionType.MATRIX, QuestionType.SELECT_MULTIPLE, QuestionType.DATE, QuestionType.FILE,
                  QuestionType.DECIMAL, QuestionType.SCALE):
        assert Answer.objects.filter(response__round=rnd, question__type=qtype).exists(), qtype


# ------------------------------------------------------------------------------ bottlenecks

def test_demo_bottlenecks_consolidated_answered_and_turned_into_directive_tasks(demo):
    rnd = _round()
    items = list(Bottleneck.objects.filter(root_unit__code="SL").select_related("directive_task__directive"))
    from_round = [b for b in items if b.round_id == rnd.pk]
    assert len(from_round) >= 5 and {b.group for b in from_round} == set(GroupKind.values) - {GroupKind.OTHER}
    assert all(b.source == BottleneckSource.SURVEY and b.response_id for b in from_round)
    status = Counter(b.status for b in items)
    assert status[BottleneckStatus.ANSWERED] >= 2 and status[BottleneckStatus.PROPOSED] == 1
    assigned = [b for b in items if b.directive_task_id]
    assert len(assigned) == 2 and all(b.status == BottleneckStatus.ASSIGNED for b in assigned)
    conclusion = Directive.objects.get(number="186/TB-UBND")
    assert conclusion.kind == "ket_luan" and conclusion.issued_on.year == 2024
    assert {b.directive_task.directive_id for b in assigned} == {conclusion.pk}
    assert {b.directive_task.lead_unit.code for b in assigned} == {"SL-STP", "SL-SNV"}
    answered = [b for b in items if b.status == BottleneckStatus.ANSWERED]
    assert all(b.answer and b.answered_by_id for b in answered)


def test_demo_difficulties_raised_on_projects(demo):
    on_projects = list(Bottleneck.objects.filter(root_unit__code="SL", project__isnull=False, round__isnull=True,
                                                 source=BottleneckSource.UNIT).select_related("project", "unit"))
    assert len({b.unit_id for b in on_projects}) == 2
    assert all(b.project.investor_unit_id == b.unit_id for b in on_projects)
    assert all(b.created_at.date() <= DATA_END for b in on_projects)
    # the difficulties written in the demo's effectiveness reviews joined the same register
    from_reviews = Bottleneck.objects.filter(root_unit__code="SL", source=BottleneckSource.REVIEW)
    assert from_reviews.exists() and all(b.review_issue_id for b in from_reviews)
    # due ten working days after the review wrote them, not after the day the demo was loaded
    assert all(b.created_at.date() < b.answer_due <= b.created_at.date() + dt.timedelta(days=20)
               for b in from_reviews)


# ------------------------------------------------------------------------------ Đề án 06

def test_demo_de_an_06_catalogue_with_progress(demo):
    tasks = list(KeyTask.objects.filter(root_unit__code="SL").prefetch_related("projects", "directive_tasks"))
    assert [t.number for t in tasks] == list(range(1, 18))
    assert all(t.name and t.group and t.lead_unit_id and t.basis for t in tasks)
    assert any("5-4-3-2-1" in t.principles for t in tasks) and any("5 rõ" in t.principles for t in tasks)
    assert sum(1 for t in tasks if t.projects.all()) >= 8
    assert sum(1 for t in tasks if t.directive_tasks.all()) >= 2
    statuses = list(KeyTaskStatus.objects.filter(task__root_unit__code="SL"))
    assert len({s.unit_id for s in statuses}) >= 10 and len(statuses) >= 50
    assert {s.progress for s in statuses} == set(KeyTaskProgress.values)
    assert all(s.percent == 100 for s in statuses if s.progress == KeyTaskProgress.DONE)
    assert all(s.updated_at.date() <= DATA_END for s in statuses)
