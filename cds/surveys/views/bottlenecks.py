"""The difficulties and bottleneck register: the list (filters, diacritic-free search, Excel),
raising an item (in general, on a project, or from a section of a survey response), and an
item's page with its history and the actions the user may take — answer, propose a decision
to the leader, turn it into a directive task, resolve or close it."""
from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cds.accounts import access
from cds.accounts.models import Role
from cds.audit.history import build_history
from cds.audit.services import record_event
from cds.core.errors import ServiceError
from cds.core.forms import run_form_service
from cds.core.uploads import xlsx_download
from cds.directives.models import Directive, Task
from cds.directives.permissions import can_manage_directive, scope_directives, scope_tasks
from cds.orgs.models import Unit
from cds.projects.models import Project
from cds.projects.permissions import scope_projects
from cds.reports.xlsx import close_list_sheet, open_list_sheet
from cds.text.format import vndate

from .. import bottleneck_selectors as sel
from ..bottleneck_forms import AnswerForm, AssignForm, ProposeForm, RaiseForm, ResolveForm
from ..models import (
    Answer,
    Bottleneck,
    BottleneckSource,
    BottleneckStatus,
    DecisionLevel,
    GroupKind,
    QuestionType,
    Response,
    Section,
)
from ..permissions import (
    can_answer,
    can_assign,
    can_propose,
    can_raise,
    get_bottleneck_for,
    get_response_for,
    visible_sections,
)
from ..services import bottlenecks as services

HIDDEN_CHANGES = {"root_unit", "created_by", "created_at", "answered_by", "answered_at", "review_issue"}
MAX_OPTIONS = 1000
RECENT_DIRECTIVES = 50


def _active_units(qs):
    today = timezone.localdate()
    return qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("path")


def _tree_units(user, root: Unit | None = None):
    root = root or (user.unit.root() if user.unit_id else None)
    if root is None:
        return []
    return list(_active_units(Unit.objects.filter(path__startswith=root.tree_prefix)))


# --------------------------------------------------------------------- list ----

@login_required
def index(request):
    user = request.user
    f = sel.BottleneckFilter.from_query(request.GET)
    qs = sel.filter_bottlenecks(user, f, queryset=sel.row_queryset())
    if request.GET.get("format") == "xlsx":
        return _export(request, qs)
    page = Paginator(qs, sel.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = sel.mark_rows(page.object_list)
    task_ids = [r.directive_task_id for r in rows if r.directive_task_id]
    readable = set(scope_tasks(user, Task.objects.filter(pk__in=task_ids)).values_list("pk", flat=True)) \
        if task_ids else set()
    for row in rows:
        row.task_readable = row.directive_task_id in readable
    raising, answering = sel.filter_units(user)
    if f.unit and f.unit not in {u.pk for u in raising}:   # a unit over those raising (its subtree is listed)
        raising += list(access.scope_units(user, Unit.objects.filter(pk=f.unit)))
    return render(request, "surveys/bottlenecks/index.html", {
        "nav": "surveys", "page": page, "rows": rows, "f": f, "raising": raising, "answering": answering,
        "statuses": BottleneckStatus.choices, "groups": GroupKind.choices, "sources": BottleneckSource.choices,
        "can_raise": can_raise(user), "unanswered": sel.UNANSWERED,
    })


EXPORT_HEADERS = ("Điểm nghẽn, khó khăn", "Đơn vị phản ánh", "Nhiệm vụ/dự án", "Nhóm", "Nguồn", "Đề xuất, kiến nghị",
                  "Cơ quan trả lời, xử lý", "Cấp quyết định", "Hạn trả lời", "Tình trạng", "Trả lời",
                  "Nhiệm vụ được giao")
EXPORT_WIDTHS = (50, 28, 32, 18, 16, 40, 28, 18, 12, 18, 40, 36)


def _export(request, qs):
    user = request.user
    wb, ws = open_list_sheet("Điểm nghẽn", "Danh sách điểm nghẽn, khó khăn",
                             f"Xuất ngày {vndate(timezone.localdate())} — {user.display_name}",
                             EXPORT_HEADERS, EXPORT_WIDTHS)
    today = timezone.localdate()
    n = 0
    for item in qs.iterator(chunk_size=500):
        late = item.answered_at is None and item.status not in sel.FINAL and item.answer_due < today
        task = item.directive_task
        ws.append([item.title, item.unit.name, item.project.name if item.project else "", item.get_group_display(),
                   item.get_source_display(), item.proposal, item.responsible_unit.name,
                   item.get_decision_level_display(), vndate(item.answer_due) + (" (quá hạn)" if late else ""),
                   item.get_status_display(), item.answer,
                   f"{task.directive.number}: {task.content[:200]}" if task else ""])
        n += 1
    out = BytesIO()
    close_list_sheet(wb, ws, out, len(EXPORT_HEADERS), n)
    out.seek(0)
    record_event(user, "survey.bottlenecks_exported", None, data={"rows": n})
    return xlsx_download(out, "diem-nghen-kho-khan.xlsx")


# ------------------------------------------------------------------- create ----

def _first_line(text: str) -> str:
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return line[: services.MAX_TITLE]


def _from_response(user, params) -> dict:
    """What a section of a survey response pre-fills: its unit, group, round and free-text answers."""
    pk = (params.get("response") or "").strip()
    if not pk:
        return {}
    response = get_response_for(user, pk, Response.objects.select_related("round", "unit", "round__coordinator"))
    section_pk = (params.get("section") or "").strip()
    section = (Section.objects.filter(form_id=response.form_id, pk=int(section_pk)).first()
               if section_pk.isdigit() else None)
    shown = visible_sections(user, response)
    if section is None or (shown is not None and section.pk not in shown):
        raise Http404("Không tìm thấy nhóm câu hỏi.")
    texts = list(Answer.objects.filter(response=response, question__section=section,
                                       question__type=QuestionType.TEXT).exclude(text="")
                 .order_by("question__order", "pk").values_list("question__label", "text"))
    return {"unit": response.unit_id, "group": section.group, "round": response.round_id,
            "response": response.pk, "title": _first_line(texts[0][1]) if texts else "",
            "description": "\n\n".join(f"{label}: {text}" for label, text in texts),
            "_source": f"{response.round.name} — {response.unit.name} — {section.label}"}


def _raise_units(user):
    if user.role == Role.CDS_APPRAISER:
        return _tree_units(user)
    return list(_active_units(access.scope_units(user)))


def _response_unit(user, form) -> list[Unit]:
    """The unit of the survey response a lead agency consolidates from (it raises the item on
    that unit's behalf), when the user may read that response."""
    pk = str(form.initial.get("response") or form.data.get("response") or "").strip()
    if not pk.isdigit():
        return []
    response = get_response_for(user, pk, Response.objects.select_related("unit"))
    return [response.unit]


def _create_page(request, form, source: str = ""):
    user = request.user
    units = _raise_units(user)
    units += [u for u in _response_unit(user, form) if u not in units]
    projects = list(scope_projects(user, Project.objects.all()).order_by("name").values("pk", "code", "name")
                    [:MAX_OPTIONS])
    return render(request, "surveys/bottlenecks/create.html", {
        "nav": "surveys", "form": form, "units": units, "projects": projects,
        "tree_units": _tree_units(user), "groups": GroupKind.choices, "levels": DecisionLevel.choices,
        "source": source, "answer_days": services.ANSWER_DAYS,
    })


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    user = request.user
    if not can_raise(user):
        raise PermissionDenied("Bạn không có quyền phản ánh điểm nghẽn, khó khăn.")
    if request.method == "POST":
        form = RaiseForm(request.POST)
        return run_form_service(
            request, form, lambda cd: services.raise_bottleneck(user, form.data_for_service()),
            success="Đã ghi nhận điểm nghẽn, khó khăn và gửi cơ quan trả lời.",
            redirect_to=services.bottleneck_url, render=lambda bound: _create_page(request, bound))
    initial = _from_response(user, request.GET)
    source = initial.pop("_source", "")
    if "unit" not in initial and user.unit_id and user.role != Role.CDS_APPRAISER:
        initial["unit"] = user.unit_id
    if (request.GET.get("project") or "").isdigit():
        initial["project"] = int(request.GET["project"])
    return _create_page(request, RaiseForm(initial=initial), source)


# ------------------------------------------------------------------- detail ----

def _item(request, pk) -> Bottleneck:
    return get_bottleneck_for(request.user, pk, sel.row_queryset().select_related(
        "root_unit", "round", "response", "review_issue__review", "created_by", "answered_by"))


def _history(item: Bottleneck):
    rows = build_history([(Bottleneck, item.history.select_related("history_user"),
                           lambda r: "Điểm nghẽn, khó khăn")])
    for row in rows:
        row.changes = [c for c in row.changes if c.field not in HIDDEN_CHANGES]
    return rows


def _assign_choices(user, item: Bottleneck):
    directives = scope_directives(user, Directive.objects.filter(issuer__path__startswith=item.root_unit.tree_prefix)
                                  .select_related("issuer")).order_by("-issued_on", "-pk")[:RECENT_DIRECTIVES]
    return [d for d in directives if can_manage_directive(user, d)]


def _detail(request, item: Bottleneck, bound: tuple[str, object] | None = None):
    user = request.user
    final = item.status in sel.FINAL
    version = {"version": item.version}
    forms = {
        "answer": AnswerForm(initial={**version, "answer": item.answer}),
        "propose": ProposeForm(initial={**version, "text": item.proposed_decision or item.proposal}),
        "assign": AssignForm(initial={**version, "content": item.proposal or item.title,
                                      "lead_unit": item.responsible_unit_id}),
        "resolve": ResolveForm(initial=version),
    }
    if bound is not None:
        forms[bound[0]] = bound[1]
    may = {"answer": can_answer(user, item) and not final, "propose": can_propose(user, item) and not final,
           "assign": can_assign(user, item) and not final}
    may["resolve"] = (can_answer(user, item) or can_assign(user, item)) and not final
    task_readable = bool(item.directive_task_id) and scope_tasks(
        user, Task.objects.filter(pk=item.directive_task_id)).exists()
    closing_note = ""
    if final:
        closing_note = (item.history.filter(status=item.status).order_by("-history_date")
                        .values_list("history_change_reason", flat=True).first() or "")
    sel.mark_rows([item])
    return render(request, "surveys/bottlenecks/detail.html", {
        "nav": "surveys", "item": item, "forms": forms, "may": may, "final": final,
        "task_readable": task_readable, "closing_note": closing_note, "history": _history(item),
        "directives": _assign_choices(user, item) if may["assign"] else [],
        "tree_units": _tree_units(user, item.root_unit) if may["assign"] else [],
    })


@login_required
def detail(request, pk):
    return _detail(request, _item(request, pk))


def _post(request, pk, key: str, form_class, call, success: str):
    item = _item(request, pk)
    form = form_class(request.POST)
    return run_form_service(request, form, lambda cd: call(request.user, item, cd), success=success,
                            redirect_to=services.bottleneck_url(item) + f"#{key}",
                            render=lambda bound: _detail(request, item, (key, bound)))


@login_required
@require_POST
def answer(request, pk):
    return _post(request, pk, "answer", AnswerForm,
                 lambda user, item, cd: services.answer_bottleneck(user, item, cd["answer"], version=cd["version"]),
                 "Đã gửi trả lời; đơn vị phản ánh đã được thông báo.")


@login_required
@require_POST
def propose(request, pk):
    return _post(request, pk, "propose", ProposeForm,
                 lambda user, item, cd: services.propose_decision(user, item, cd["text"],
                                                                  decision_level=cd["decision_level"] or None,
                                                                  version=cd["version"]),
                 "Đã gửi đề xuất để lãnh đạo quyết định.")


def _assign(user, item, cd):
    if cd.get("task"):
        task = Task.objects.select_related("directive__issuer").filter(pk=cd["task"]).first()
        return services.link_task(user, item, task, version=cd["version"])
    directive = Directive.objects.select_related("issuer").filter(pk=cd["directive"]).first()
    if directive is None:
        raise ServiceError({"directive": "Không tìm thấy văn bản chỉ đạo."})
    data = {"content": cd.get("content") or "", "lead_unit": cd.get("lead_unit"), "deadline": cd.get("deadline"),
            "expected_product": cd.get("expected_product") or ""}
    return services.assign_to_directive(user, item, directive, data, version=cd["version"])


@login_required
@require_POST
def assign(request, pk):
    return _post(request, pk, "assign", AssignForm, _assign, "Đã giao nhiệm vụ tháo gỡ điểm nghẽn.")


@login_required
@require_POST
def resolve(request, pk):
    return _post(request, pk, "resolve", ResolveForm,
                 lambda user, item, cd: services.resolve_bottleneck(user, item, cd["note"], closed=cd["closed"],
                                                                    version=cd["version"]),
                 "Đã kết thúc xử lý điểm nghẽn.")
