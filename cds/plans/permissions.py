"""Who may read and change planning rounds, proposals, scores and plans.

* The CĐS authority (``cds_appraiser``) of a tree opens rounds, returns, merges and rejects
  proposals, scores them, recommends funding, prepares the plan and carries it into the registry;
  the leader of the tree approves the plan; inspectors and supervisors read everything in their
  tree; an administrator manages rubrics and rounds.
* A unit's staff prepares its proposals, its head submits them (maker ≠ checker). A unit reads
  its own proposals, the rounds of its tree once opened and the approved plan — never another
  unit's proposals or a draft plan. The province-wide roles read every proposal of their tree,
  drafts included (an inspector reads everything; the authority sees what is being prepared).
* The round's finance department (``finance_unit``, e.g. Sở Tài chính) scores beside the CĐS
  authority: its staff and head read the submitted proposals of that round and score them.
"""
from django.db.models import Q

from cds.accounts import access
from cds.accounts.models import Role

from .models import PlanItem, PlanStatus, PlanVersion, Proposal, ProposalStatus, Round, RoundStatus

EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)
# What the finance department scores: what a unit has sent (and what was decided on it).
SENT = (ProposalStatus.SUBMITTED, ProposalStatus.MERGED, ProposalStatus.REJECTED)
MANAGERS = (Role.CDS_APPRAISER, Role.ADMIN)


def _tree_of(user) -> str | None:
    return user.unit.tree_prefix if user.unit_id else None


def scope_rounds(user, queryset=None):
    qs = queryset if queryset is not None else Round.objects.all()
    scope = access.scope_for(user)
    if user.role in access.UNIT_ROLES:
        tree = _tree_of(user)
        if tree is None:
            return qs.none()
        return qs.filter(root_unit__path__startswith=tree).exclude(status=RoundStatus.DRAFT)
    if scope.everything:
        return qs
    return qs.filter(scope.q("root_unit"))


def get_round_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_rounds(user, queryset), pk, "Không tìm thấy đợt lập kế hoạch.")


def is_finance_reviewer(user, round_) -> bool:
    return (user.role in access.UNIT_ROLES and round_.finance_unit_id is not None and user.unit_id is not None
            and user.unit.path.startswith(round_.finance_unit.path))


def scope_proposals(user, queryset=None):
    """Proposals the user may read: a unit its own (its subtree and predecessors); the finance
    department the sent proposals of the rounds it scores; wide roles those of their tree."""
    qs = queryset if queryset is not None else Proposal.objects.all()
    scope = access.scope_for(user)
    if user.role in access.UNIT_ROLES:
        own = scope.q("unit")
        if user.unit_id is None:
            return qs.filter(own)
        finance_rounds = Round.objects.filter(finance_unit__isnull=False).filter(
            Q(finance_unit=user.unit_id) | Q(finance_unit__in=_ancestors(user.unit)))
        return qs.filter(own | Q(round__in=finance_rounds.values("pk"), status__in=SENT))
    return qs.filter(scope.q("unit"))


def _ancestors(unit) -> list[int]:
    return [int(p) for p in unit.path.strip("/").split("/") if p]


def get_proposal_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_proposals(user, queryset), pk, "Không tìm thấy đề xuất.")


def scope_plans(user, queryset=None):
    """Plan versions: reviewers see drafts too; a unit sees approved versions (the published plan
    and the adjustments) of the rounds it may read."""
    qs = queryset if queryset is not None else PlanVersion.objects.all()
    qs = qs.filter(round__in=scope_rounds(user).values("pk"))
    if user.role in access.UNIT_ROLES:
        return qs.filter(status__in=(PlanStatus.APPROVED, PlanStatus.SUPERSEDED))
    return qs


def scope_plan_items(user, queryset=None):
    """Items of the plan versions the user may read (:func:`scope_plans`)."""
    qs = queryset if queryset is not None else PlanItem.objects.all()
    return qs.filter(plan__in=scope_plans(user).values("pk"))


def get_plan_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_plans(user, queryset), pk, "Không tìm thấy kế hoạch.")


# ---------------------------------------------------------------- changes ----

def can_manage_rounds(user) -> bool:
    return access.has_role(user, *MANAGERS)


def can_manage_round(user, round_) -> bool:
    return access.has_role(user, *MANAGERS) and access.scope_for(user).contains(round_.root_unit)


def can_manage_rubrics(user) -> bool:
    return access.has_role(user, *MANAGERS)


def can_propose(user, round_, unit) -> bool:
    """Unit staff or head preparing a proposal for a unit it acts for, in an open round of its tree."""
    return (access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD) and round_.status == RoundStatus.OPEN
            and unit is not None and access.scope_for(user).contains(unit)
            and unit.path.startswith(round_.root_unit.tree_prefix))


def can_edit_proposal(user, proposal) -> bool:
    return (access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD) and proposal.status in EDITABLE
            and proposal.round.status in (RoundStatus.OPEN, RoundStatus.REVIEWING)
            and access.scope_for(user).contains(proposal.unit))


def can_submit_proposal(user, proposal) -> bool:
    return (access.has_role(user, Role.UNIT_HEAD) and proposal.status in EDITABLE
            and proposal.round.status in (RoundStatus.OPEN, RoundStatus.REVIEWING)
            and access.scope_for(user).contains(proposal.unit))


def is_reviewer(user, round_) -> bool:
    """The CĐS authority of the round's tree, or the round's finance department."""
    if access.has_role(user, Role.CDS_APPRAISER):
        return access.scope_for(user).contains(round_.root_unit)
    return is_finance_reviewer(user, round_)


def can_score(user, proposal) -> bool:
    return (proposal.status == ProposalStatus.SUBMITTED and proposal.round.status in (RoundStatus.OPEN,
                                                                                      RoundStatus.REVIEWING)
            and is_reviewer(user, proposal.round))


def can_consolidate(user, round_) -> bool:
    """Return, merge, reject, recommend funding, prepare the plan, carry it into the registry."""
    return access.has_role(user, Role.CDS_APPRAISER) and access.scope_for(user).contains(round_.root_unit)


def can_approve_plan(user, round_) -> bool:
    return access.has_role(user, Role.LEADER) and access.scope_for(user).contains(round_.root_unit)


def sees_scores(user, proposal, scored_ids: set[int] | None = None) -> bool:
    """Reviewers score independently: a reviewer sees the others' scores of a proposal once they
    have scored it themselves; the leader, inspectors and supervisors see them all; units never."""
    if user.role in access.UNIT_ROLES and not is_finance_reviewer(user, proposal.round):
        return False
    if is_reviewer(user, proposal.round):
        if scored_ids is not None:
            return proposal.pk in scored_ids
        return proposal.scores.filter(reviewer=user).exists()
    return True


def can_view_consolidation(user, round_) -> bool:
    """The round's table of every sent proposal with its scores and funding: the reviewers, and
    the leader, inspectors, supervisors and administrators of the tree — never a proposing unit."""
    if is_reviewer(user, round_):
        return True
    return (access.has_role(user, Role.LEADER, Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)
            and access.scope_for(user).contains(round_.root_unit))
