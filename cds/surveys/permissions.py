"""Who may read and change questionnaires, rounds, responses, bottlenecks and Đề án 06 tasks.

* Questionnaires and rounds are the CĐS authority's (appraisers) and the administrator's; every
  role of the tree reads them; a unit reads the rounds it was sent and those it leads.
* A unit's staff fill its response and its **head submits** it — never the person who last
  filled it (maker ≠ checker, enforced in the services).
* A **lead agency** (the unit named for a section of a round; its staff and head) reads that
  section's answers across every unit of the round, consolidates it and may return a response
  with a comment on it. The round's **coordinator** (Công an tỉnh in the 1470/UBND-NC round)
  reads and consolidates every section. The province-wide roles of the tree read everything;
  inspectors change nothing.
* Bottlenecks: a unit raises and reads its own; the agency that must answer reads and answers
  those addressed to it; the CĐS authority answers, proposes a decision; the leader assigns it
  as a directive task.
* Đề án 06: the catalogue is the CĐS authority's; each unit reports its own status; the task's
  lead unit reads every unit's status of its task.
"""
from django.db.models import Q

from cds.accounts import access
from cds.accounts.models import Role

from .models import Bottleneck, KeyTask, KeyTaskStatus, Questionnaire, Response, Round, SectionLead

MANAGERS = (Role.CDS_APPRAISER, Role.ADMIN)
FILLERS = (Role.UNIT_STAFF, Role.UNIT_HEAD)


def _tree_q(user, field: str) -> Q | None:
    """Q over a root-unit field for the province-wide roles; None for unit roles."""
    scope = access.scope_for(user)
    if scope.everything:
        return Q()
    if user.role in access.WIDE_ROLES:
        return scope.q(field)
    return None


def _acting_units(user):
    """Units a unit-role user acts for (its own subtree and the units it succeeded)."""
    return access.scope_for(user).unit_ids_query()


def _scoped(user, qs, root_field: str, *unit_fields: str):
    """``qs`` as ``user`` reads it: the province-wide roles by the tree of ``root_field``; a unit
    role the rows whose ``unit_fields`` (any of them) is a unit it acts for."""
    q = _tree_q(user, root_field)
    if q is not None:
        return qs.filter(q)
    if not access.scope_for(user).paths:
        return qs.none()
    units = _acting_units(user)
    cond = Q(pk__in=[])
    for field in unit_fields:
        cond |= Q(**{f"{field}__in": units})
    return qs.filter(cond)


# ------------------------------------------------------------------------- questionnaires

def can_manage(user) -> bool:
    return access.has_role(user, *MANAGERS)


def scope_questionnaires(user, queryset=None):
    qs = queryset if queryset is not None else Questionnaire.objects.all()
    q = _tree_q(user, "root_unit")
    if q is not None:
        return qs.filter(q)
    # A unit reads the questionnaires of the rounds it was sent or leads.
    return qs.filter(versions__rounds__in=scope_rounds(user).values("pk")).distinct()


# ------------------------------------------------------------------------- rounds

def scope_rounds(user, queryset=None):
    qs = queryset if queryset is not None else Round.objects.all()
    q = _tree_q(user, "root_unit")
    if q is not None:
        return qs.filter(q)
    if not access.scope_for(user).paths:
        return qs.none()
    units = _acting_units(user)
    return qs.filter(Q(pk__in=Response.objects.filter(unit__in=units).values("round_id"))
                     | Q(pk__in=SectionLead.objects.filter(Q(lead_unit__in=units) | Q(co_unit__in=units))
                         .values("round_id"))
                     | Q(coordinator__in=units))


def get_round_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_rounds(user, queryset), pk, "Không tìm thấy đợt khảo sát.")


def can_manage_round(user, rnd) -> bool:
    return can_manage(user) and access.scope_for(user).contains(rnd.root_unit)


def is_coordinator(user, rnd) -> bool:
    """Reads and consolidates every section: the province-wide roles of the tree, or the
    round's coordinating unit."""
    scope = access.scope_for(user)
    if user.role in access.WIDE_ROLES:
        return scope.contains(rnd.root_unit)
    return user.role in access.UNIT_ROLES and scope.contains(rnd.coordinator)


def led_sections(user, rnd) -> set[int]:
    """Ids of the sections of ``rnd`` whose answers ``user`` reads across units (all of them for
    a coordinator; those whose lead or co-lead agency the user acts for)."""
    if is_coordinator(user, rnd):
        return set(rnd.form.sections.values_list("pk", flat=True))
    if user.role not in access.UNIT_ROLES:
        return set()
    scope = access.scope_for(user)
    return {lead.section_id for lead in rnd.leads.select_related("lead_unit", "co_unit")
            if scope.contains(lead.lead_unit) or (lead.co_unit and scope.contains(lead.co_unit))}


def can_consolidate(user, rnd, section) -> bool:
    """Write the consolidation of ``section`` and return responses on it: the lead agency (or the
    coordinator) — not inspectors, not the leader."""
    if user.role in (Role.INSPECTOR, Role.LEADER, Role.SUPERVISOR):
        return False
    return section.pk in led_sections(user, rnd)


# ------------------------------------------------------------------------- responses

def scope_responses(user, queryset=None):
    """Responses the user reads whole: its own unit's (unit roles), every one in the tree (the
    province-wide roles), every one of a round the user's unit coordinates."""
    qs = queryset if queryset is not None else Response.objects.all()
    return _scoped(user, qs, "round__root_unit", "unit", "round__coordinator")


def get_response_for(user, pk, queryset=None):
    """A response the user reads whole, or one of a round in which it leads a section (the view
    then shows only the led sections)."""
    qs = queryset if queryset is not None else Response.objects.all()
    scoped = scope_responses(user, qs)
    if user.role in access.UNIT_ROLES and access.scope_for(user).paths:
        units = _acting_units(user)
        led_rounds = SectionLead.objects.filter(Q(lead_unit__in=units) | Q(co_unit__in=units)).values("round_id")
        scoped = qs.filter(Q(pk__in=scoped.values("pk")) | Q(round__in=led_rounds))
    return access.get_scoped_or_404(scoped, pk, "Không tìm thấy phiếu trả lời.")


def reads_whole(user, response) -> bool:
    if user.role in access.WIDE_ROLES:
        return access.scope_for(user).contains(response.round.root_unit)
    scope = access.scope_for(user)
    return scope.contains(response.unit) or scope.contains(response.round.coordinator)


def visible_sections(user, response) -> set[int] | None:
    """Section ids of ``response`` the user may read; None = every section."""
    if reads_whole(user, response):
        return None
    return led_sections(user, response.round)


def can_fill(user, response) -> bool:
    return (access.has_role(user, *FILLERS) and access.scope_for(user).contains(response.unit))


def can_submit(user, response) -> bool:
    """Role and scope; that the head did not fill it is checked in the service."""
    return access.has_role(user, Role.UNIT_HEAD) and access.scope_for(user).contains(response.unit)


# ------------------------------------------------------------------------- bottlenecks

def scope_bottlenecks(user, queryset=None):
    qs = queryset if queryset is not None else Bottleneck.objects.all()
    return _scoped(user, qs, "root_unit", "unit", "responsible_unit")


def get_bottleneck_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_bottlenecks(user, queryset), pk, "Không tìm thấy điểm nghẽn, khó khăn.")


def can_raise(user) -> bool:
    return access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD, Role.CDS_APPRAISER)


def can_answer(user, item) -> bool:
    """The responsible agency's people or the CĐS authority of the tree."""
    if user.role == Role.CDS_APPRAISER:
        return access.scope_for(user).contains(item.root_unit)
    return access.has_role(user, *FILLERS) and access.scope_for(user).contains(item.responsible_unit)


def can_propose(user, item) -> bool:
    return access.has_role(user, Role.CDS_APPRAISER) and access.scope_for(user).contains(item.root_unit)


def can_assign(user, item) -> bool:
    """Turn a bottleneck into a directive task: the leader (or the CĐS authority recording the
    leader's decision)."""
    return (access.has_role(user, Role.LEADER, Role.CDS_APPRAISER)
            and access.scope_for(user).contains(item.root_unit))


# ------------------------------------------------------------------------- Đề án 06

def scope_key_tasks(user, queryset=None):
    qs = queryset if queryset is not None else KeyTask.objects.all()
    scope = access.scope_for(user)
    if scope.everything:
        return qs
    if not scope.paths:
        return qs.none()
    if user.role in access.WIDE_ROLES:
        return qs.filter(scope.q("root_unit"))
    # every unit of a tree follows its province's catalogue
    return qs.filter(root_unit_id=user.unit.root_pk)


def get_key_task_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_key_tasks(user, queryset), pk, "Không tìm thấy nhiệm vụ Đề án 06.")


def scope_key_task_statuses(user, queryset=None):
    """A unit reads its own statuses and every status of the tasks it leads."""
    qs = queryset if queryset is not None else KeyTaskStatus.objects.all()
    return _scoped(user, qs, "task__root_unit", "unit", "task__lead_unit")


def can_manage_key_tasks(user, root_unit) -> bool:
    return can_manage(user) and access.scope_for(user).contains(root_unit)


def can_report_key_task(user, unit) -> bool:
    return access.has_role(user, *FILLERS) and access.scope_for(user).contains(unit)
