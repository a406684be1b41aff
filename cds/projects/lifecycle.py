"""The lifecycle of a nhiệm vụ / dự án as one table of allowed transitions.

Each rule says who may take it, whether the law attaches a decision document to it (chủ
trương, phê duyệt, quyết toán, tạm dừng, dừng), whether a reason is required, and whether
it is a *checking* step — one that may never be taken by the person who made the step it
checks ("có người làm, có người giám sát độc lập"). Pausing, resuming and stopping are the
leader's own decisions, backed by a decision document, and are not checking steps.
"""
from __future__ import annotations

from dataclasses import dataclass

from cds.accounts.models import Role

from .models import TERMINAL_STATES, State

R = Role


@dataclass(frozen=True)
class Rule:
    action: str
    label: str
    source: tuple[str, ...]
    target: str  # "" means "back to the state before the pause"
    roles: tuple[str, ...]
    needs_decision: bool = False
    needs_reason: bool = False
    checker: bool = False
    danger: bool = False


ACTIVE = tuple(
    s for s in State.values if s not in TERMINAL_STATES and s not in (State.PAUSED, State.SETTLED)
)

RULES: tuple[Rule, ...] = (
    Rule("approve_policy", "Phê duyệt chủ trương", (State.PROPOSED,), State.POLICY_APPROVED,
         (R.LEADER,), needs_decision=True, checker=True),
    Rule("start_dossier", "Bắt đầu lập hồ sơ", (State.PROPOSED, State.POLICY_APPROVED), State.DOSSIER_PREPARING,
         (R.UNIT_STAFF, R.UNIT_HEAD)),
    Rule("submit_appraisal", "Trình thẩm định", (State.DOSSIER_PREPARING,), State.IN_APPRAISAL,
         (R.UNIT_HEAD,)),
    Rule("return_dossier", "Trả hồ sơ để bổ sung", (State.IN_APPRAISAL,), State.DOSSIER_PREPARING,
         (R.CDS_APPRAISER, R.LEADER), needs_reason=True, checker=True),
    Rule("approve", "Phê duyệt", (State.IN_APPRAISAL,), State.APPROVED,
         (R.LEADER,), needs_decision=True, checker=True),
    Rule("reject", "Không phê duyệt", (State.PROPOSED, State.IN_APPRAISAL), State.REJECTED,
         (R.LEADER,), needs_reason=True, checker=True, danger=True),
    Rule("start_procurement", "Bắt đầu lựa chọn nhà thầu", (State.APPROVED,), State.PROCURING,
         (R.UNIT_STAFF, R.UNIT_HEAD)),
    Rule("start_implementation", "Bắt đầu triển khai", (State.APPROVED, State.PROCURING), State.IMPLEMENTING,
         (R.UNIT_STAFF, R.UNIT_HEAD)),
    Rule("put_in_operation", "Nghiệm thu, đưa vào vận hành", (State.IMPLEMENTING,), State.IN_OPERATION,
         (R.UNIT_HEAD,), needs_decision=True),
    Rule("settle", "Phê duyệt quyết toán", (State.IN_OPERATION,), State.SETTLED,
         (R.LEADER,), needs_decision=True, checker=True),
    Rule("retire", "Ngừng sử dụng", (State.IN_OPERATION, State.SETTLED), State.RETIRED,
         (R.LEADER,), needs_decision=True, needs_reason=True, danger=True),
    Rule("pause", "Tạm dừng", ACTIVE, State.PAUSED,
         (R.LEADER,), needs_decision=True, needs_reason=True, danger=True),
    Rule("resume", "Tiếp tục thực hiện", (State.PAUSED,), "",
         (R.LEADER,), needs_decision=True, needs_reason=True),
    Rule("stop", "Dừng thực hiện", ACTIVE + (State.PAUSED,), State.STOPPED,
         (R.LEADER,), needs_decision=True, needs_reason=True, danger=True),
)
BY_ACTION = {r.action: r for r in RULES}
# Steps taken on an appraisal dossier (cds.appraisal) while the project has one in progress.
DOSSIER_ACTIONS = {"submit_appraisal", "return_dossier", "approve", "reject"}

# Scale-down is not a state: the project keeps going, smaller, under a decision.
SCALE_DOWN_ROLES = (R.LEADER,)
# Only what has been approved can be scaled down; before that the dossier itself is changed.
SCALE_DOWN_STATES = (State.APPROVED, State.PROCURING, State.IMPLEMENTING, State.IN_OPERATION, State.PAUSED)


def rules_from(state: str) -> list[Rule]:
    return [r for r in RULES if state in r.source]


def target_of(rule: Rule, project) -> str:
    return rule.target or project.paused_from or State.IMPLEMENTING


# A higher app that carries some steps on its own records (appraisal dossiers) registers a guard:
# ``guard(project, rule)`` returns the Vietnamese reason the bare lifecycle button must not take
# that step, or None. The registry asks the guards without knowing those apps.
_step_guards: list = []


def register_step_guard(guard) -> None:
    if guard not in _step_guards:
        _step_guards.append(guard)


def step_refusal(project, rule) -> str | None:
    for guard in _step_guards:
        reason = guard(project, rule)
        if reason:
            return reason
    return None
