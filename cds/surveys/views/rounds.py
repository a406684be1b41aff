"""Pages of survey rounds and of a unit's response. Views parse input, call the scoped readers
and the services, and render: a round or response outside the user's scope is a 404, a refused
change a 403, a bad answer the page again with the message beside the question (nothing saved).

A response's fields are named ``q_<name>`` (``q_<name>__<row>`` for a matrix row); the browser
hides the questions a ``relevant`` rule skips (static/surveys/answer.js reads the parsed rule
from ``data-relevant``), but :func:`cds.surveys.answers.clean` on the server stays the rule."""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cds.accounts import access
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError, error_messages
from cds.core.forms import error_list, run_form_service
from cds.core.uploads import file_download
from cds.text.format import vndate

from .. import services
from ..answers import KEEP, FormRules, raw_from_answers
from ..forms import ResponseFilter, ReturnForm, RoundForm, SubmitForm, default_leads, published_versions
from ..models import Answer, QuestionType, Response, ResponseStatus, Round, RoundStatus
from ..permissions import (
    can_consolidate,
    can_fill,
    can_manage,
    can_manage_round,
    can_submit,
    get_response_for,
    get_round_for,
    is_coordinator,
    led_sections,
    reads_whole,
    scope_rounds,
    visible_sections,
)
from ..selectors import late_responses, round_counts

ROUNDS_PER_PAGE = 25
UNITS_PER_PAGE = 100
NAV = "surveys"


# ------------------------------------------------------------------ rounds ----

def _own_units(user):
    return access.scope_for(user).unit_ids_query()


@login_required
def index(request):
    user = request.user
    rounds = scope_rounds(user).select_related("form", "coordinator").order_by("-created_at", "-pk")
    page = Paginator(rounds, ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    counts = round_counts([r.pk for r in rows])
    mine = {}
    if access.has_role(user, *access.UNIT_ROLES):
        for resp in _my_responses(user, rows):
            mine.setdefault(resp.round_id, resp)
    for r in rows:
        r.counts = counts.get(r.pk)
        r.mine = mine.get(r.pk)
    return render(request, "surveys/rounds/index.html", {
        "nav": NAV, "page": page, "rounds": rows, "can_manage": can_manage(user), "today": timezone.localdate()})


def _my_responses(user, rows):
    return Response.objects.filter(round__in=rows, unit__in=_own_units(user)).order_by("unit__path")


def _chosen_version(user, value):
    if not str(value or "").isdigit():
        return None
    return published_versions(user).filter(pk=int(value)).first()


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    user = request.user
    if not can_manage(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được lập đợt khảo sát.")
    versions = list(published_versions(user))
    version = _chosen_version(user, request.GET.get("form"))
    if version is None and len(versions) == 1:
        version = versions[0]
    if version is None:
        return render(request, "surveys/rounds/pick_version.html", {"nav": NAV, "versions": versions})
    sections = list(version.sections.order_by("order", "pk"))
    initial = {"form": version.pk, **default_leads(user, sections)}
    form = RoundForm(request.POST or None, user=user, sections=sections, lock_form=True, initial=initial)

    def page(f):
        return render(request, "surveys/rounds/round_form.html", {
            "nav": NAV, "form": f, "version": version, "creating": True, "versions": versions})

    if request.method == "GET":
        return page(form)
    return run_form_service(
        request, form, lambda cd: services.create_round(user, form.service_data()),
        success="Đã lập đợt khảo sát (dự thảo). Kiểm tra rồi bấm “Gửi đợt khảo sát”.",
        redirect_to=lambda rnd: reverse("surveys:round", args=[rnd.pk]), render=page)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    user = request.user
    rnd = get_round_for(user, pk, Round.objects.select_related("form"))
    if not can_manage_round(user, rnd):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được sửa đợt khảo sát.")
    if rnd.status == RoundStatus.CLOSED:
        messages.error(request, "Đợt khảo sát đã kết thúc, không sửa được.")
        return redirect("surveys:round", pk=rnd.pk)
    sections = list(rnd.form.sections.order_by("order", "pk"))
    leads = {lead.section_id: lead for lead in rnd.leads.all()}
    initial = {k: getattr(rnd, k) for k in ("name", "basis_number", "basis_date", "basis_title", "deadline")}
    initial.update(form=rnd.form_id, coordinator=rnd.coordinator_id, scope_unit=rnd.scope_unit_id, version=rnd.version)
    for s in sections:
        if s.pk in leads:
            initial[f"lead_{s.pk}"], initial[f"co_{s.pk}"] = leads[s.pk].lead_unit_id, leads[s.pk].co_unit_id
    form = RoundForm(request.POST or None, user=user, sections=sections, lock_form=True, initial=initial)

    def page(f):
        return render(request, "surveys/rounds/round_form.html", {
            "nav": NAV, "form": f, "version": rnd.form, "rnd": rnd, "creating": False})

    if request.method == "GET":
        return page(form)
    return run_form_service(
        request, form, lambda cd: services.update_round(user, rnd, form.service_data(), version=cd.get("version")),
        success="Đã lưu đợt khảo sát.", redirect_to=reverse("surveys:round", args=[rnd.pk]), render=page)


def _confirm(request, rnd, action, call, success):
    """GET: what the action will do; POST: do it (errors shown on the same page)."""
    user = request.user
    if not can_manage_round(user, rnd):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được gửi, kết thúc đợt khảo sát.")

    def page(form):
        n_units = services.round_units(rnd).count() if action == "open" and rnd.status == RoundStatus.DRAFT else None
        return render(request, "surveys/rounds/confirm.html", {
            "nav": NAV, "rnd": rnd, "action": action, "n_units": n_units, "errors": error_list(form)})

    if request.method == "GET":
        return page(djforms.Form())
    return run_form_service(request, djforms.Form(request.POST), lambda cd: call(), success=success,
                            redirect_to=reverse("surveys:round", args=[rnd.pk]), render=page)


@login_required
@require_http_methods(["GET", "POST"])
def round_open(request, pk):
    rnd = get_round_for(request.user, pk, Round.objects.select_related("root_unit", "scope_unit", "coordinator"))
    return _confirm(request, rnd, "open", lambda: services.open_round(request.user, rnd),
                    lambda r: f"Đã gửi đợt khảo sát tới {r.responses.count()} đơn vị.")


@login_required
@require_http_methods(["GET", "POST"])
def round_close(request, pk):
    rnd = get_round_for(request.user, pk, Round.objects.select_related("root_unit", "scope_unit", "coordinator"))
    return _confirm(request, rnd, "close", lambda: services.close_round(request.user, rnd),
                    "Đã kết thúc đợt khảo sát.")


def _deadline_text(deadline, status):
    if status != RoundStatus.OPEN:
        return ""
    days = (deadline - timezone.localdate()).days
    return f"còn {days} ngày" if days > 0 else ("hạn là hôm nay" if days == 0 else f"quá hạn {-days} ngày")


@login_required
def round_detail(request, pk):
    """The round: its basis, leads and counts, and its units (100 a page) — a fixed number of
    queries whatever the number of units."""
    user = request.user
    rnd = get_round_for(user, pk, Round.objects.select_related("form", "coordinator", "scope_unit", "root_unit",
                                                                "opened_by"))
    leads = list(rnd.leads.select_related("section", "lead_unit", "co_unit").order_by("section__order", "section_id"))
    counts = round_counts([rnd.pk]).get(rnd.pk)
    status = ResponseFilter(request.GET).value()
    responses = rnd.responses.select_related("unit", "prepared_by", "submitted_by").order_by("unit__path")
    late_ids = set(late_responses(rnd).values_list("pk", flat=True))
    if status == "late":
        responses = responses.filter(pk__in=late_ids)
    elif status:
        responses = responses.filter(status=status)
    page = Paginator(responses, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    scope = access.scope_for(user)
    link_all = (user.role in access.WIDE_ROLES and scope.contains(rnd.root_unit)) or is_coordinator(user, rnd) \
        or bool(led_sections(user, rnd))
    rows = list(page.object_list)
    for r in rows:
        r.late = r.pk in late_ids
        r.linked = link_all or scope.contains(r.unit)
    return render(request, "surveys/rounds/round.html", {
        "nav": NAV, "rnd": rnd, "leads": leads, "counts": counts, "page": page, "rows": rows, "status": status,
        "statuses": ResponseFilter.base_fields["status"].choices, "can_manage": can_manage_round(user, rnd),
        "deadline_text": _deadline_text(rnd.deadline, rnd.status), "draft": rnd.status == RoundStatus.DRAFT,
        "open": rnd.status == RoundStatus.OPEN})


# --------------------------------------------------------------- responses ----

def raw_from_post(rules: FormRules, post, files, stored_files: set[str]) -> dict:
    """The ``raw`` of :func:`cds.surveys.answers.clean` from a page POST. A file question keeps
    its stored file (``KEEP``) unless a new one is sent or "remove" is ticked."""
    raw: dict = {}
    for q in rules.questions:
        key = f"q_{q.name}"
        if q.type == QuestionType.NOTE:
            continue
        if q.type == QuestionType.SELECT_MULTIPLE:
            raw[q.name] = post.getlist(key)
        elif q.type == QuestionType.MATRIX:
            raw[q.name] = {r["name"]: post.get(f"{key}__{r['name']}", "") for r in q.rows}
        elif q.type == QuestionType.FILE:
            upload = files.get(key)
            if upload is not None:
                raw[q.name] = upload
            elif q.name in stored_files and not post.get(f"{key}__remove"):
                raw[q.name] = KEEP
            else:
                raw[q.name] = None
        else:
            raw[q.name] = post.get(key, "")
    return raw


def _tree_json(tree) -> str:
    return json.dumps(tree, ensure_ascii=False) if tree is not None else ""


def _shown(q, value) -> str:
    """A stored value as it is typed back into its input."""
    if value is None or value is KEEP:
        return ""
    if hasattr(value, "strftime"):
        return vndate(value)
    if q.type in (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.SCALE):
        try:
            text = format(Decimal(str(value)).normalize(), "f")   # a stored 10 reads "10", not "1E+1"
        except InvalidOperation:
            return str(value)                                      # as typed, shown back with its error
        return text.replace(".", ",")
    return str(value)


def _display(q, value, labels) -> str:
    """A read-only answer in words."""
    if q.type == QuestionType.SELECT_ONE:
        return labels.get(value, value or "")
    if q.type == QuestionType.SELECT_MULTIPLE:
        chosen = value.split() if isinstance(value, str) else list(value or [])
        return "; ".join(labels.get(c, c) for c in chosen)
    return _shown(q, value)


def _item(q, rules, raw, files, errors, editable):
    labels = rules.choices.get(q.list_name, {})
    value = raw.get(q.name)
    item = {"q": q, "field": f"q_{q.name}", "type": q.type, "error": errors.get(q.name, ""),
            "relevant": _tree_json(rules.relevant.get(q.name)), "options": list(labels.items()),
            "file": files.get(q.name)}
    if q.type == QuestionType.SELECT_MULTIPLE:
        item["selected"] = set(value.split() if isinstance(value, str) else (value or []))
    elif q.type == QuestionType.MATRIX:
        chosen = value if isinstance(value, dict) else {}
        item["rows"] = [{"name": r["name"], "label": r["label"], "field": f"q_{q.name}__{r['name']}",
                         "value": chosen.get(r["name"], ""), "shown": labels.get(chosen.get(r["name"], ""), "")}
                        for r in q.rows]
    elif q.type == QuestionType.SCALE:
        low, high = q.scale_min or 1, q.scale_max or 5
        item["scale"] = [str(n) for n in range(low, high + 1)] if high - low < 20 else []
    item["value"] = _shown(q, value) if q.type not in (QuestionType.SELECT_MULTIPLE, QuestionType.MATRIX) else ""
    if not editable:
        item["shown"] = _display(q, value, labels)
    return item


def _sections(response, rules, raw, files, errors, editable, allowed):
    out = []
    by_section: dict = {}
    for q in rules.questions:
        by_section.setdefault(q.section_id, []).append(q)
    sections = sorted(rules.sections.values(), key=lambda s: (s.order, s.pk))
    if None in by_section:
        sections = [None, *sections]
    for s in sections:
        sid = s.pk if s else None
        if allowed is not None and sid not in allowed:
            continue
        items = [_item(q, rules, raw, files, errors, editable) for q in by_section.get(sid, [])]
        out.append({"section": s, "items": items,
                    "relevant": _tree_json(rules.section_relevant.get(sid)) if s else ""})
    return out


def _response_queryset():
    return Response.objects.select_related("round", "round__root_unit", "round__coordinator", "unit", "form",
                                           "prepared_by", "submitted_by")


def _render_response(request, response, *, raw=None, errors=None, status=200, **extra):
    user = request.user
    rules = FormRules(response.form)
    allowed = visible_sections(user, response)
    editable = (can_fill(user, response) and response.round.status == RoundStatus.OPEN
                and response.status != ResponseStatus.SUBMITTED)
    answers = list(response.answers.select_related("question"))
    files = {a.question.name: a for a in answers if a.file}
    if raw is None:
        raw = raw_from_answers(answers)
    returns = list(response.returns.select_related("section", "returned_by").order_by("-returned_at"))
    if allowed is not None:
        returns = [r for r in returns if r.section_id in allowed]
    is_open = response.round.status == RoundStatus.OPEN
    may_submit = (can_submit(user, response) and is_open
                  and response.status in (ResponseStatus.DRAFT, ResponseStatus.RETURNED))
    return_sections = []
    if response.status == ResponseStatus.SUBMITTED and is_open:
        return_sections = [s for s in sorted(rules.sections.values(), key=lambda s: (s.order, s.pk))
                           if (allowed is None or s.pk in allowed) and can_consolidate(user, response.round, s)]
    ctx = {
        "nav": NAV, "r": response, "rnd": response.round, "sections": _sections(response, rules, raw, files,
                                                                                 errors or {}, editable, allowed),
        "editable": editable, "errors": errors or {}, "returns": returns, "may_submit": may_submit,
        "maker_is_me": may_submit and response.prepared_by_id == user.pk,
        "return_sections": return_sections, "partial": allowed is not None,
        "whole": reads_whole(user, response),
    }
    ctx.update(extra)
    result = render(request, "surveys/rounds/response.html", ctx)
    result.status_code = status
    return result


@login_required
@require_http_methods(["GET", "POST"])
def response_detail(request, pk):
    user = request.user
    response = get_response_for(user, pk, _response_queryset())
    if request.method == "GET":
        return _render_response(request, response)
    if not can_fill(user, response):
        raise PermissionDenied("Chỉ chuyên viên, lãnh đạo của đơn vị được trả lời phiếu khảo sát.")
    rules = FormRules(response.form)
    stored = set(response.answers.filter(question__type=QuestionType.FILE).exclude(file="")
                 .values_list("question__name", flat=True))
    raw = raw_from_post(rules, request.POST, request.FILES, stored)
    try:
        services.save_answers(user, response, raw, version=request.POST.get("version"), rules=rules)
    except ConflictError as exc:
        return _render_response(request, response, raw=raw, status=409, form_errors=exc.messages)
    except ServiceError as exc:
        errors = {k: " ".join(v) for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
        general = [] if errors else exc.messages
        if errors and any(k not in {q.name for q in rules.questions} for k in errors):
            general = error_messages(exc)
        return _render_response(request, response, raw=raw, errors=errors, status=400,
                                form_errors=general or ["Có câu trả lời chưa hợp lệ; xem thông báo bên cạnh từng câu hỏi. "
                                                        "Chưa lưu gì."])
    messages.success(request, "Đã lưu câu trả lời.")
    return redirect("surveys:response", pk=response.pk)


@login_required
@require_POST
def response_submit(request, pk):
    user = request.user
    response = get_response_for(user, pk, _response_queryset())
    if not can_submit(user, response):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị được gửi phiếu khảo sát.")
    form = SubmitForm(request.POST)

    def page(f):
        conflict = f.conflict
        return _render_response(request, response, submit_errors=error_list(f), submit_conflict=conflict)

    def call(cd):
        try:
            return services.submit_response(user, response, version=cd.get("version"))
        except MakerCheckerError:
            raise
        except ServiceError as exc:
            if hasattr(exc, "error_dict"):
                names = {q.name: q.label for q in response.form.questions.all()}
                raise ServiceError([f"{names.get(k, k)}: {' '.join(v)}" for k, v in exc.message_dict.items()]) \
                    from None
            raise

    return run_form_service(request, form, call, success="Đã gửi phiếu khảo sát.",
                            redirect_to=reverse("surveys:response", args=[response.pk]), render=page)


@login_required
@require_POST
def response_return(request, pk):
    user = request.user
    response = get_response_for(user, pk, _response_queryset())
    form = ReturnForm(request.POST)
    section = None
    if form.is_valid() and form.cleaned_data.get("section"):
        section = response.form.sections.filter(pk=form.cleaned_data["section"]).first()
        if section is None:
            raise Http404("Không tìm thấy nhóm câu hỏi.")
    return run_form_service(
        request, form, lambda cd: services.return_response(user, response, section, cd["comment"]),
        success="Đã trả lại phiếu kèm ý kiến cho đơn vị.",
        redirect_to=reverse("surveys:response", args=[response.pk]),
        render=lambda f: _render_response(request, response, return_errors=error_list(f),
                                          return_section=section.pk if section else None))


@login_required
def answer_file(request, pk, answer_pk):
    user = request.user
    response = get_response_for(user, pk, _response_queryset())
    answer = get_object_or_404(Answer.objects.select_related("question"), pk=answer_pk, response=response)
    allowed = visible_sections(user, response)
    if allowed is not None and answer.question.section_id not in allowed:
        raise Http404("Không tìm thấy tệp.")
    return file_download(answer.file, answer.file_name, "Câu trả lời không có tệp.")
