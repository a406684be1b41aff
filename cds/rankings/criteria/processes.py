"""Criteria of appraisal, surveys, the yearly plan, estimates and procurement.

Each reads its records with a few queries whatever the size of the tree (values lists with the
"good" condition computed by the database, never a query per record) and counts them with
:meth:`~cds.rankings.criteria.Context.tally`.

Dates: a record falls in the period by a date of its own (a dossier's first submission, a
round's deadline, an estimate's conclusion, a package's start of selection), from the period's
first day to its last, in the province's time zone. What counts against a unit is judged with
what the database holds at the end of the period wherever the records keep that history (a
dossier's events), so a period computed again later under another method version counts the
same records the same way.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import DateTimeField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cds.appraisal.models import Dossier, DossierEvent, EventKind
from cds.appraisal.permissions import scope_dossiers
from cds.estimates.models import Estimate, Flag
from cds.estimates.models import Level as EstimateLevel
from cds.estimates.permissions import scope_estimates
from cds.plans.models import PlanItem, PlanItemCost, PlanStatus, Proposal, ProposalStatus
from cds.plans.models import RoundStatus as PlanRoundStatus
from cds.plans.permissions import scope_plan_items, scope_proposals
from cds.plans.selectors import executed_entries
from cds.procurement.models import Level as ProcurementLevel
from cds.procurement.models import Package, Warning
from cds.procurement.permissions import scope_packages
from cds.surveys.models import Response, ResponseStatus
from cds.surveys.permissions import scope_responses

from . import Context, Spec, register

# A dossier "returned for supplements": the appraiser asked for a supplement (the clock stops),
# or the leader sent it back to be completed.
RETURN_KINDS = (EventKind.SUPPLEMENT_REQUESTED, EventKind.RETURNED)


def _bounds(ctx: Context) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) instants in the current time zone."""
    start = timezone.make_aware(dt.datetime.combine(ctx.starts_on, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(ctx.ends_on + dt.timedelta(days=1), dt.time.min))
    return start, end


# ------------------------------------------------------------------ appraisal

def appraisal_complete(ctx: Context) -> dict:
    """Dossiers first submitted in the period; good = no supplement request and no return to
    be completed up to the end of the period."""
    start, end = _bounds(ctx)
    submitted = DossierEvent.objects.filter(kind=EventKind.SUBMITTED)
    returned = DossierEvent.objects.filter(dossier=OuterRef("pk"), kind__in=RETURN_KINDS, at__lt=end)
    rows = (Dossier.objects.filter(ctx.unit_q("project__investor_unit"))
            .filter(pk__in=submitted.filter(at__gte=start, at__lt=end).values("dossier_id"))
            .exclude(pk__in=submitted.filter(at__lt=start).values("dossier_id"))
            .annotate(returned=Exists(returned)).order_by()
            .values_list("project__investor_unit_id", "pk", "returned"))
    return ctx.tally((unit_id, pk, not was_returned) for unit_id, pk, was_returned in rows)


register(Spec(
    code="appraisal_complete", order=60, weight=8,
    name="Hồ sơ thẩm định đầy đủ ngay khi trình",
    source="Hồ sơ đề nghị thẩm định của các nhiệm vụ/dự án do đơn vị làm chủ đầu tư và diễn biến xử lý "
           "từng hồ sơ ghi trên hệ thống: ngày trình thẩm định, các lần cơ quan thẩm định yêu cầu bổ sung, "
           "các lần hồ sơ bị trả lại để hoàn thiện.",
    formula="Tính trên các hồ sơ thẩm định mà đơn vị (kể cả các đơn vị trực thuộc) trình lần đầu trong kỳ "
            "xếp hạng. Hồ sơ đạt là hồ sơ, tính đến hết kỳ, không lần nào bị cơ quan thẩm định yêu cầu bổ "
            "sung và không bị trả lại để hoàn thiện. Giá trị = số hồ sơ đạt ÷ số hồ sơ trình lần đầu trong kỳ.",
    model="appraisal.dossier", compute=appraisal_complete, scope=scope_dossiers,
))


# ------------------------------------------------------------------ surveys

def survey_on_time(ctx: Context) -> dict:
    """Responses owed in rounds whose deadline falls in the period: good = sent and not late
    (the survey's own reading, as its pages count late responses); an outstanding response
    counts against once the deadline has passed, and is not counted before."""
    today = timezone.localdate()
    rows = (Response.objects.filter(ctx.unit_q("unit"), ctx.within("round__deadline"))
            .filter(Q(status=ResponseStatus.SUBMITTED) | Q(round__deadline__lt=today)).order_by()
            .values_list("unit_id", "pk", "status", "is_late"))
    return ctx.tally((unit_id, pk, status == ResponseStatus.SUBMITTED and not late)
                     for unit_id, pk, status, late in rows)


register(Spec(
    code="survey_on_time", order=61, weight=8,
    name="Gửi phiếu khảo sát đúng hạn",
    source="Phiếu trả lời của đơn vị trong các đợt khảo sát điểm nghẽn, tình hình chuyển đổi số do cơ quan "
           "chuyên trách gửi, với hạn gửi của từng đợt và ngày lãnh đạo đơn vị gửi phiếu.",
    formula="Tính trên các phiếu khảo sát gửi tới đơn vị (kể cả các đơn vị trực thuộc) trong những đợt có hạn "
            "gửi thuộc kỳ xếp hạng. Phiếu đạt là phiếu đã gửi không muộn hơn hạn gửi của đợt; phiếu bị trả "
            "lại để hoàn thiện được tính theo lần gửi lại. Phiếu chưa gửi khi đã quá hạn tính là không đạt; "
            "phiếu chưa gửi mà chưa đến hạn thì chưa tính. Giá trị = số phiếu gửi đúng hạn ÷ số phiếu được tính.",
    model="surveys.response", compute=survey_on_time, scope=scope_responses,
))


# ------------------------------------------------------------------ the yearly plan

def plan_proposals_on_time(ctx: Context) -> dict:
    """Proposals of rounds whose deadline falls in the period: good = first sent by the
    deadline (a proposal returned to be completed is sent again after it by design, so its first
    sending is what counts); one never sent counts against once the deadline has passed."""
    today = timezone.localdate()
    history = Proposal.history.model
    first_sent = Subquery(history.objects.filter(id=OuterRef("pk"), submitted_at__isnull=False)
                          .order_by("submitted_at").values("submitted_at")[:1], output_field=DateTimeField())
    rows = (Proposal.objects.filter(ctx.unit_q("unit"), ctx.within("round__deadline"))
            .exclude(round__status=PlanRoundStatus.DRAFT)
            .annotate(first_sent=Coalesce(first_sent, "submitted_at")).order_by()
            .values_list("unit_id", "pk", "status", "first_sent", "round__deadline"))
    out = []
    for unit_id, pk, status, sent, deadline in rows:
        if status == ProposalStatus.DRAFT:
            sent = None  # never sent (a stray time on a draft is not a sending)
        if sent is None and deadline >= today:
            continue
        out.append((unit_id, pk, sent is not None and timezone.localtime(sent).date() <= deadline))
    return ctx.tally(out)


register(Spec(
    code="plan_proposals_on_time", order=62, weight=5,
    name="Gửi đề xuất kế hoạch đúng hạn",
    source="Đề xuất nhiệm vụ của đơn vị trong các đợt lập kế hoạch ứng dụng CNTT, chuyển đổi số, với hạn gửi "
           "đề xuất của từng đợt và ngày lãnh đạo đơn vị gửi đề xuất.",
    formula="Tính trên các đề xuất nhiệm vụ của đơn vị (kể cả các đơn vị trực thuộc) trong các đợt lập kế "
            "hoạch có hạn gửi đề xuất thuộc kỳ xếp hạng. Đề xuất đạt là đề xuất được gửi lần đầu không muộn "
            "hơn hạn gửi; đề xuất bị trả lại để hoàn thiện rồi gửi lại vẫn tính theo lần gửi đầu. Đề xuất đã "
            "lập nhưng chưa gửi khi đã quá hạn tính là không đạt; chưa đến hạn thì chưa tính. Giá trị = số đề "
            "xuất gửi đúng hạn ÷ số đề xuất được tính.",
    model="plans.proposal", compute=plan_proposals_on_time, scope=scope_proposals,
))


def plan_items_executed(ctx: Context) -> dict:
    """Items of the approved (current) plan versions covering the ranking's year that carry
    money for that year: good = carried into the registry (a project) with money allocated or
    disbursed in that year on lines in force (:func:`cds.plans.selectors.executed_entries`)."""
    year = ctx.year
    spent = executed_entries([year]).filter(project_id=OuterRef("project_id"), amount__gt=0)
    funded = PlanItemCost.objects.filter(year=year, amount__gt=0).values("item_id")
    rows = (PlanItem.objects.filter(ctx.unit_q("unit"), plan__status=PlanStatus.APPROVED,
                                    plan__round__year_from__lte=year, plan__round__year_to__gte=year,
                                    pk__in=funded)
            .annotate(spent=Exists(spent)).order_by()
            .values_list("unit_id", "pk", "project_id", "spent"))
    return ctx.tally((unit_id, pk, project_id is not None and spent) for unit_id, pk, project_id, spent in rows)


register(Spec(
    code="plan_items_executed", order=63, weight=5,
    name="Thực hiện nhiệm vụ trong kế hoạch được duyệt",
    source="Kế hoạch ứng dụng CNTT, chuyển đổi số đã được phê duyệt (phiên bản đang có hiệu lực, kể cả điều "
           "chỉnh) và sổ ngân sách của các nhiệm vụ/dự án hình thành từ kế hoạch: kinh phí được giao, kinh "
           "phí đã giải ngân theo năm.",
    formula="Tính trên các nhiệm vụ do đơn vị (kể cả các đơn vị trực thuộc) chủ trì trong kế hoạch đã được phê "
            "duyệt đang có hiệu lực của năm xếp hạng, có kinh phí bố trí trong năm đó. Nhiệm vụ đạt là nhiệm vụ "
            "đã được đưa vào danh mục nhiệm vụ/dự án và trong năm xếp hạng đã được giao kinh phí hoặc đã giải "
            "ngân (dòng sổ ngân sách còn hiệu lực, không bị hủy hay thay thế). Giá trị = số nhiệm vụ đạt ÷ số "
            "nhiệm vụ có kinh phí trong năm.",
    model="plans.planitem", compute=plan_items_executed, scope=scope_plan_items,
))


# ------------------------------------------------------------------ estimates

def estimate_clean(ctx: Context) -> dict:
    """Estimates whose checking was concluded in the period (the latest conclusion): good = the
    version concluded on carries no flag of the serious level."""
    start, end = _bounds(ctx)
    serious = Flag.objects.filter(version__estimate=OuterRef("pk"), version__number=OuterRef("concluded_version"),
                                  level=EstimateLevel.ERROR)
    rows = (Estimate.objects.filter(ctx.unit_q("project__investor_unit"), concluded_at__gte=start,
                                    concluded_at__lt=end)
            .annotate(flagged=Exists(serious)).order_by()
            .values_list("project__investor_unit_id", "pk", "flagged"))
    return ctx.tally((unit_id, pk, not flagged) for unit_id, pk, flagged in rows)


register(Spec(
    code="estimate_clean", order=64, weight=9,
    name="Dự toán không có sai sót khi kiểm tra",
    source="Dự toán của các nhiệm vụ/dự án do đơn vị làm chủ đầu tư gửi cơ quan chuyên trách kiểm tra, và các "
           "sai sót hệ thống tự động phát hiện trên phiên bản được gửi (số học, cơ cấu chi phí, định mức).",
    formula="Tính trên các dự toán của đơn vị (kể cả các đơn vị trực thuộc) được kết luận kiểm tra trong kỳ xếp "
            "hạng (theo lần kết luận gần nhất). Dự toán đạt là dự toán mà phiên bản được kết luận không có sai "
            f"sót ở mức “{EstimateLevel.ERROR.label}”; các nội dung ở mức “{EstimateLevel.WARNING.label}” và "
            f"“{EstimateLevel.INFO.label}” không tính là sai sót. Giá trị = số dự toán đạt ÷ số dự toán được "
            "kết luận kiểm tra trong kỳ.",
    model="estimates.estimate", compute=estimate_clean, scope=scope_estimates,
))


# ------------------------------------------------------------------ procurement

def procurement_clean(ctx: Context) -> dict:
    """Packages (not cancelled) whose selection started in the period: good = no warning of
    the warning level among those the procurement checks keep (a note of the lower level —
    e.g. a limit not configured, a ground for the method to be verified — does not count)."""
    warned = Warning.objects.filter(package=OuterRef("pk"), level=ProcurementLevel.WARNING)
    rows = (Package.objects.filter(ctx.unit_q("unit"), ctx.within("selection_start"), cancelled=False)
            .annotate(warned=Exists(warned)).order_by()
            .values_list("unit_id", "pk", "warned"))
    return ctx.tally((unit_id, pk, not was_warned) for unit_id, pk, was_warned in rows)


register(Spec(
    code="procurement_clean", order=65, weight=9,
    name="Gói thầu không có dấu hiệu cảnh báo",
    source="Các gói thầu của nhiệm vụ/dự án do đơn vị làm chủ đầu tư và các dấu hiệu cảnh báo đấu thầu hệ "
           "thống kiểm tra theo quy định về đấu thầu có hiệu lực tại ngày bắt đầu lựa chọn nhà thầu của từng "
           "gói (vượt hạn mức hình thức lựa chọn nhà thầu, chia nhỏ gói thầu, giá trúng thầu sát giá gói thầu, "
           "chỉ một nhà thầu tham dự, hợp đồng chậm tiến độ, …).",
    formula="Tính trên các gói thầu của đơn vị (kể cả các đơn vị trực thuộc) có thời gian bắt đầu lựa chọn nhà "
            "thầu thuộc kỳ xếp hạng; gói thầu đã hủy không tính. Gói thầu đạt là gói không có dấu hiệu nào ở "
            f"mức “{ProcurementLevel.WARNING.label}”; nội dung ở mức “{ProcurementLevel.INFO.label}” không tính. "
            "Giá trị = số gói thầu đạt ÷ số gói thầu được tính.",
    model="procurement.package", compute=procurement_clean, scope=scope_packages,
))
