"""Criteria of the registry, reviews, money, directives and candour.

Each reads the records of the tree's units in a fixed number of queries (``values_list``, never
one query per record) and hands ``(unit id, record id, ok)`` rows to :meth:`Context.tally`, which
gives each record to the ranked unit that answers for it (a record of the ended Sở TT&TT counts
for Sở KH&CN). What a criterion counts, over which dates and what counts as good is said in its
``formula``, printed with the published method; the constants below are the thresholds it names.

Registry records (projects, systems) are judged as they stand when the period is computed; events
with a date (a report's deadline, a task's deadline, a year's disbursement) by the period's dates.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from cds.directives.models import RECURRING, DeadlineKind, Progress, ProgressReport, Task
from cds.directives.permissions import scope_tasks
from cds.projects.models import BudgetEntry, Project, ProjectDocument, Stage, State
from cds.projects.permissions import scope_projects
from cds.reviews.models import RATING_RANK, Review, ReviewStatus
from cds.reviews.permissions import scope_reviews
from cds.systems import completeness
from cds.systems.models import SHARED_CATEGORIES, InformationSystem, Lifecycle
from cds.systems.permissions import scope_systems
from cds.systems.selectors import annotate_integrations, scheme_weights, with_counts
from cds.systems.tracking import LOW_COMPLETENESS

from . import Context, Measure, Spec, register

#: Disbursed in the year ÷ the year's capital allocation, in percent, at or above which a
#: project's disbursement counts as good.
DISBURSEMENT_TARGET = 95

#: States from which a project has an approved total (tổng mức đầu tư / dự toán được duyệt) that
#: its record must carry in the ledger.
APPROVED_STATES = (State.APPROVED, State.PROCURING, State.IMPLEMENTING, State.IN_OPERATION, State.SETTLED,
                   State.RETIRED)

#: A report counts as sent once it left the unit (a returned report is back with the unit).
SENT = (ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED, ReviewStatus.DECIDED)


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` in the installation's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


# ------------------------------------------------------------------ reviews on time

def reviews_on_time(ctx: Context) -> dict[int, Measure]:
    today = timezone.localdate()
    ends: dict[dt.date, dt.datetime] = {}
    rows = []
    for unit_id, pk, status, sent_at, deadline in (
            Review.objects.filter(ctx.unit_q("unit"), ctx.within("campaign__deadline")).order_by()
            .values_list("unit_id", "pk", "status", "submitted_at", "campaign__deadline")):
        if status in SENT and sent_at is not None:
            if deadline not in ends:
                ends[deadline] = _end_of(deadline)
            rows.append((unit_id, pk, sent_at < ends[deadline]))
        elif deadline < today:
            rows.append((unit_id, pk, False))
    return ctx.tally(rows)


register(Spec(
    code="reviews_on_time", name="Gửi báo cáo đánh giá hiệu quả đúng hạn", weight=12, order=10,
    source="Báo cáo đánh giá hiệu quả nhiệm vụ, dự án của các đợt đánh giá (phân hệ Đánh giá hiệu quả).",
    formula=("Tính các báo cáo đánh giá hiệu quả mà đơn vị phải gửi (kể cả báo cáo của đơn vị tiền thân đã "
             "chuyển giao) trong các đợt đánh giá có hạn gửi báo cáo nằm trong kỳ xếp hạng. Báo cáo đạt là "
             "báo cáo đã được lãnh đạo đơn vị xác nhận, gửi vào hoặc trước ngày hạn của đợt. Báo cáo gửi sau "
             "hạn, báo cáo chưa gửi hoặc bị trả lại mà chưa gửi lại khi đã qua hạn là không đạt; báo cáo chưa "
             "gửi mà chưa đến hạn chưa được tính. Báo cáo bị trả lại để bổ sung được xét theo lần gửi lại gần "
             "nhất. Giá trị = số báo cáo đạt ÷ số báo cáo được tính."),
    model="reviews.review", compute=reviews_on_time, scope=scope_reviews))


# ------------------------------------------------------------------ registry complete

def _registry_rows(ctx: Context):
    docs = ProjectDocument.objects.filter(project=OuterRef("pk"), is_legal_basis=True, is_removed=False)
    sources = Project.funding_sources.through.objects.filter(project=OuterRef("pk"))
    described = Case(When(Q(objectives="") | Q(scope=""), then=Value(False)), default=Value(True),
                     output_field=BooleanField())
    return (Project.objects.filter(ctx.unit_q("investor_unit"), start_year__lte=ctx.ends_on.year)
            .filter(Q(end_year__gte=ctx.starts_on.year) | Q(end_year__isnull=True))
            .exclude(state=State.REJECTED).order_by()
            .annotate(described=described, has_basis=Exists(docs), has_source=Exists(sources))
            .values_list("investor_unit_id", "pk", "described", "has_basis", "has_source", "state", "paused_from",
                         "total_approved"))


def registry_complete(ctx: Context) -> dict[int, Measure]:
    rows = []
    for unit_id, pk, described, has_basis, has_source, state, paused_from, approved in _registry_rows(ctx):
        approved_state = state in APPROVED_STATES or (state == State.PAUSED and paused_from in APPROVED_STATES)
        rows.append((unit_id, pk, described and has_basis and has_source and (approved > 0 or not approved_state)))
    return ctx.tally(rows)


register(Spec(
    code="registry_complete", name="Hồ sơ nhiệm vụ, dự án trong danh mục đầy đủ", weight=5, order=20,
    source="Danh mục nhiệm vụ, dự án: thông tin chung, văn bản căn cứ pháp lý, nguồn vốn và sổ theo dõi vốn.",
    formula=("Tính các nhiệm vụ, dự án do đơn vị làm chủ đầu tư, chủ trì (kể cả của đơn vị tiền thân) có thời "
             "gian thực hiện (từ năm bắt đầu đến năm kết thúc) trùng với năm xếp hạng, trừ đề xuất không được "
             "phê duyệt. Hồ sơ đạt khi có đủ: mục tiêu; quy mô, phạm vi; ít nhất một nguồn vốn; ít nhất một văn "
             "bản căn cứ pháp lý trong hồ sơ (không tính văn bản đã gỡ); và, với nhiệm vụ, dự án đã được phê duyệt (kể cả "
             "đang tạm dừng sau phê duyệt), tổng mức đầu tư hoặc dự toán được duyệt đã ghi vào sổ theo dõi vốn. "
             "Hồ sơ được xét theo tình trạng tại thời điểm tính điểm. "
             "Giá trị = số hồ sơ đạt ÷ số nhiệm vụ, dự án được tính."),
    model="projects.project", compute=registry_complete, scope=scope_projects))


# ------------------------------------------------------------------ systems attested

def systems_attested(ctx: Context) -> dict[int, Measure]:
    now = timezone.now()
    systems = list(with_counts(
        InformationSystem.objects.filter(ctx.unit_q("owner_unit"), root_unit__isnull=False)
        .exclude(category__in=SHARED_CATEGORIES).exclude(lifecycle=Lifecycle.RETIRED).order_by()))
    annotate_integrations(systems)
    weights = scheme_weights()
    rows = []
    for s in systems:
        score = completeness.score(s, weights)
        complete = score is None or score.percent >= LOW_COMPLETENESS
        rows.append((s.owner_unit_id, s.pk, complete and s.seal_state(now)[0] == "valid"))
    return ctx.tally(rows)


register(Spec(
    code="systems_attested", name="Hồ sơ hệ thống thông tin đầy đủ và được xác nhận", weight=5, order=30,
    source="Bản đồ hệ thống thông tin: hồ sơ từng hệ thống, mức đầy đủ theo cách tính đang áp dụng và xác nhận "
           "của lãnh đạo đơn vị chủ quản.",
    formula=(f"Tính các hệ thống thông tin do đơn vị làm chủ quản (kể cả của đơn vị tiền thân) đang có trong "
             f"bản đồ hệ thống và chưa ngừng sử dụng; không tính nền tảng quốc gia và phần mềm phổ biến. Hồ sơ "
             f"đạt khi mức đầy đủ (theo cách tính mức đầy đủ hồ sơ hệ thống đang áp dụng) từ {LOW_COMPLETENESS}% "
             f"trở lên và hồ sơ đang có xác nhận còn hiệu lực của lãnh đạo đơn vị chủ quản (xác nhận trong vòng "
             f"12 tháng, sau đó không bị người khác sửa). Hồ sơ được xét theo tình trạng tại thời điểm tính "
             f"điểm. Giá trị = số hồ sơ đạt ÷ số hệ thống được tính."),
    model="systems.informationsystem", compute=systems_attested, scope=scope_systems))


# ------------------------------------------------------------------ disbursement

def disbursement(ctx: Context) -> dict[int, Measure]:
    sums: dict[int, dict] = {}
    for unit_id, project_id, stage, total in (
            BudgetEntry.objects.filter(ctx.unit_q("project__investor_unit"), year=ctx.year, voided=False,
                                       superseded_by__isnull=True, stage__in=(Stage.ALLOCATED, Stage.DISBURSED))
            .order_by().values_list("project__investor_unit_id", "project_id", "stage").annotate(total=Sum("amount"))):
        sums.setdefault(project_id, {"unit": unit_id})[stage] = total or 0
    rows = []
    for project_id, line in sums.items():
        allocated = line.get(Stage.ALLOCATED, 0)
        if allocated > 0:
            rows.append((line["unit"], project_id,
                         line.get(Stage.DISBURSED, 0) * 100 >= allocated * DISBURSEMENT_TARGET))
    return ctx.tally(rows)


register(Spec(
    code="disbursement", name="Giải ngân kế hoạch vốn năm", weight=12, order=40,
    source="Sổ theo dõi vốn của nhiệm vụ, dự án: kế hoạch vốn năm được giao và số đã giải ngân của năm.",
    formula=(f"Tính các nhiệm vụ, dự án do đơn vị làm chủ đầu tư (kể cả của đơn vị tiền thân) được giao kế "
             f"hoạch vốn của năm xếp hạng (tổng các bút toán kế hoạch vốn năm đó lớn hơn 0). Chỉ tính bút toán "
             f"còn hiệu lực (không bị hủy, không bị thay thế). Dự án đạt khi tổng số đã giải ngân ghi cho năm "
             f"đó đạt từ {DISBURSEMENT_TARGET}% tổng kế hoạch vốn được giao của năm trở lên. "
             f"Giá trị = số dự án đạt ÷ số dự án được tính."),
    model="projects.project", compute=disbursement, scope=scope_projects))


# ------------------------------------------------------------------ directives on time

def _recurring_rows(ctx: Context, today: dt.date) -> list[tuple[int, int, bool]]:
    """One row per recurring task: good when every period of it due in the window that is over
    was closed on time (a completing report on or before that period's deadline)."""
    verdict: dict[int, list] = {}
    for task_id, unit_id, due, reported in (
            ProgressReport.objects.filter(ctx.unit_q("task__lead_unit"), ctx.within("period_due"),
                                          completes=True, task__deadline_kind__in=RECURRING)
            .order_by().values_list("task_id", "task__lead_unit_id", "period_due", "reported_on")):
        entry = verdict.setdefault(task_id, [unit_id, True])
        entry[1] = entry[1] and reported <= due
    for task_id, unit_id in (
            Task.objects.filter(ctx.unit_q("lead_unit"), ctx.within("due_on"), deadline_kind__in=RECURRING,
                                due_on__lt=today).exclude(progress=Progress.DONE)
            .order_by().values_list("pk", "lead_unit_id")):
        verdict[task_id] = [unit_id, False]
    return [(unit_id, task_id, ok) for task_id, (unit_id, ok) in verdict.items()]


def directives_on_time(ctx: Context) -> dict[int, Measure]:
    today = timezone.localdate()
    rows = []
    for unit_id, pk, progress, done_on, due in (
            Task.objects.filter(ctx.unit_q("lead_unit"), ctx.within("due_on"))
            .exclude(deadline_kind__in=(*RECURRING, DeadlineKind.NONE))
            .order_by().values_list("lead_unit_id", "pk", "progress", "completed_on", "due_on")):
        if progress == Progress.DONE:
            rows.append((unit_id, pk, done_on is None or done_on <= due))
        elif due < today:
            rows.append((unit_id, pk, False))
    rows.extend(_recurring_rows(ctx, today))
    return ctx.tally(rows)


register(Spec(
    code="directives_on_time", name="Hoàn thành nhiệm vụ được giao đúng hạn", weight=12, order=50,
    source="Sổ theo dõi văn bản chỉ đạo: nhiệm vụ được giao, thời hạn, báo cáo tiến độ và hoàn thành.",
    formula=("Tính các nhiệm vụ trong văn bản chỉ đạo mà đơn vị được giao chủ trì (kể cả nhiệm vụ đã chuyển "
             "giao từ đơn vị tiền thân) có thời hạn nằm trong kỳ xếp hạng; thời hạn rơi vào ngày nghỉ được "
             "chuyển sang ngày làm việc tiếp theo, thời hạn đã được đồng ý gia hạn tính theo hạn mới. Nhiệm vụ "
             "đạt khi được báo cáo hoàn thành vào hoặc trước thời hạn. Nhiệm vụ hoàn thành sau thời hạn hoặc "
             "đã quá hạn mà chưa hoàn thành là không đạt; nhiệm vụ chưa hoàn thành mà chưa đến hạn chưa được "
             "tính; nhiệm vụ không có thời hạn không được tính. Nhiệm vụ định kỳ được tính một lần: đạt khi "
             "mọi kỳ có hạn trong kỳ xếp hạng đã qua đều được báo cáo hoàn thành đúng hạn. "
             "Giá trị = số nhiệm vụ đạt ÷ số nhiệm vụ được tính."),
    model="directives.task", compute=directives_on_time, scope=scope_tasks))


# ------------------------------------------------------------------ candour

def candour(ctx: Context) -> dict[int, Measure]:
    rows = [(unit_id, pk, RATING_RANK[own] <= RATING_RANK[reviewer]) for unit_id, pk, own, reviewer in (
        Review.objects.filter(ctx.unit_q("unit"), ctx.within("campaign__deadline"),
                              self_rating__in=list(RATING_RANK), reviewer_rating__in=list(RATING_RANK))
        .order_by().values_list("unit_id", "pk", "self_rating", "reviewer_rating"))]
    return ctx.tally(rows)


register(Spec(
    code="candour", name="Trung thực trong tự đánh giá", weight=10, order=60,
    source="Báo cáo đánh giá hiệu quả: mức đơn vị tự đánh giá và mức cơ quan chuyên trách chuyển đổi số thẩm "
           "tra đánh giá.",
    formula=("Tính các báo cáo đánh giá hiệu quả của đơn vị (kể cả báo cáo của đơn vị tiền thân) trong các đợt "
             "có hạn gửi báo cáo nằm trong kỳ xếp hạng đã có cả mức đơn vị tự đánh giá và mức thẩm tra đánh "
             "giá. Thang đánh giá từ cao xuống thấp: Hiệu quả; Hiệu quả một phần; Chưa hiệu quả; Không hiệu "
             "quả. Báo cáo đạt khi mức tự đánh giá không cao hơn mức thẩm tra (bằng hoặc thấp hơn). Báo cáo tự "
             "đánh giá cao hơn mức thẩm tra là không đạt. Đơn vị tự nhận dự án chưa hiệu quả, nêu vấn đề, khó "
             "khăn không bao giờ bị trừ điểm ở tiêu chí này: đơn vị báo cáo trung thực rủi ro của mình không "
             "xếp dưới đơn vị che giấu rủi ro. Giá trị = số báo cáo đạt ÷ số báo cáo được tính."),
    model="reviews.review", compute=candour, scope=scope_reviews))
