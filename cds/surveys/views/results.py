"""The results of a round: one section (group) at a time with its distributions, the per-unit
table, the grouped free-text answers and the lead agency's consolidation; the cross-tab against
the portfolio; the downloads (Excel, CSV, Word).

Who reads what is :func:`cds.surveys.results.viewer`'s (a lead agency its sections across units,
a unit its own answers); a round outside the user's scope is 404, so is a section not visible.
"""
from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cds.core.forms import VersionField, bootstrap, run_form_service, text_field
from cds.core.uploads import bytes_download

from .. import outputs, services
from .. import results as survey_results
from ..models import QuestionType, Round
from ..permissions import can_consolidate, can_raise, get_round_for
from ..selectors import round_counts

NAV = "surveys"
UNITS_PER_PAGE = 50


class SummaryForm(forms.Form):
    text = text_field("nội dung tổng hợp", limit=20000, required=False, rows=8)
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


def _view(request, pk):
    rnd = get_round_for(request.user, pk, Round.objects.select_related("form", "root_unit", "coordinator"))
    view = survey_results.viewer(request.user, rnd)
    survey_results.require_results(view)
    return rnd, view


def _cross(view, params):
    """The cross-tab chosen by ``?cau_hoi=<question pk>&lua_chon=<choice code>`` (else the
    default one) and the options of its form."""
    questions = survey_results.cross_questions(view)
    lists = survey_results.choice_lists(view.round.form)
    picked, _, picked_choice = str(params.get("cheo") or "").partition(":")
    question = {str(q.pk): q for q in questions}.get(str(params.get("cau_hoi") or picked).strip())
    choice = str(params.get("lua_chon") or picked_choice).strip()
    if question is None:
        question, choice = survey_results.default_cross(view, questions)
    if question is not None:
        codes = [c for c, _ in lists.get(question.list_name, [])]
        if choice not in codes:
            choice = codes[0] if codes else ""
    tab = survey_results.cross_tab(view, question, choice) if question is not None and choice else None
    options = [(q, lists.get(q.list_name, [])) for q in questions]
    return tab, options


def _page(request, rnd, view, section, summary_form=None):
    result = survey_results.distributions(view, [section])[0]
    key_questions = survey_results.key_questions(section)
    paginator = Paginator(view.submitted.select_related("unit").order_by("unit__path", "pk"), UNITS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    cross, cross_options = _cross(view, request.GET)
    lead = result.lead
    may_consolidate = lead is not None and can_consolidate(request.user, rnd, section)
    if summary_form is None and may_consolidate:
        summary_form = SummaryForm(initial={"text": lead.summary, "version": lead.version})
    ctx = {
        "nav": NAV, "round": rnd, "view": view, "section": section, "result": result,
        "counts": round_counts([rnd.pk]).get(rnd.pk), "key_questions": key_questions, "page": page,
        "rows": survey_results.unit_table(view, page.object_list, key_questions),
        "texts": [q for q in result.questions if q.kind == QuestionType.TEXT],
        "cross": cross, "cross_options": cross_options, "may_consolidate": may_consolidate,
        "summary_form": summary_form if may_consolidate else None, "lead": lead,
        "may_raise": can_raise(request.user), "raise_url": reverse("surveys:bottleneck_create"),
    }
    return render(request, "surveys/results/results.html", ctx)


def _section(view, value):
    if value in (None, ""):
        return view.sections[0]
    section = view.section(value)
    if section is None:
        raise Http404("Không tìm thấy nhóm câu hỏi.")
    return section


@login_required
@require_GET
def results(request, pk):
    rnd, view = _view(request, pk)
    return _page(request, rnd, view, _section(view, request.GET.get("nhom")))


@login_required
@require_POST
def summary(request, pk, section_pk):
    rnd, view = _view(request, pk)
    section = _section(view, section_pk)
    form = SummaryForm(request.POST)
    url = f"{reverse('surveys:results', args=[rnd.pk])}?nhom={section.pk}#tong-hop"
    return run_form_service(
        request, form,
        lambda data: services.save_summary(request.user, rnd, section, data["text"], version=data["version"]),
        success=f"Đã lưu ý kiến tổng hợp nhóm “{section.label}”.", redirect_to=url,
        render=lambda bound: _page(request, rnd, view, section, summary_form=bound))




@login_required
@require_GET
def export_xlsx(request, pk):
    _rnd, view = _view(request, pk)
    return bytes_download(*outputs.export(request.user, view, "xlsx"))


@login_required
@require_GET
def export_csv(request, pk):
    _rnd, view = _view(request, pk)
    return bytes_download(*outputs.export(request.user, view, "csv"))


@login_required
@require_GET
def report_docx(request, pk):
    """The Word report: of one group with ``?section=<pk>``, else of every group the user reads."""
    _rnd, view = _view(request, pk)
    value = request.GET.get("section")
    section = _section(view, value) if value not in (None, "") else None
    return bytes_download(*outputs.export(request.user, view, "docx", section))
