"""Handing the open work of a unit that ended to the unit that carries it on.

When a unit ends (Sở TT&TT on 28/02/2025, a district on 30/6/2025) the tasks, reviews and
opinions still assigned to it must reach a unit that exists; otherwise the leaders' lists are
topped by work nobody owns. The unit forest knows none of the apps that assign work to units, so
each of them registers a hand-over function here from its ``AppConfig.ready()``;
:func:`cds.orgs.services.hand_over_work` works out *who* receives the work (:func:`plan`) and
calls them all in one transaction. Each app moves only its *open* work (closed work stays with
the unit that did it, as history), records an audit event per record with the acting user, and
flags what it cannot move (no successor) to the CĐS authority.

The rule for choosing the successor, recorded with every transfer: the successor named by the
person acting (when one is given), otherwise the successor recorded first; if that one has
ended too, its own successor, and so on. The other successors are listed (a district split into
several communes: the first commune leads, the others are named so an app may keep them
informed). No successor in operation: nothing moves and the work is flagged.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from cds.core.errors import ServiceError

from .models import Unit


@dataclass(frozen=True)
class Handover:
    """Whose open work moves to whom, by whose act, from which day."""

    unit: Unit                          # the unit that ended
    successor: Unit | None              # who receives its open work; None: nobody in operation
    others: tuple[Unit, ...] = ()       # the other successors in operation
    rule: str = ""                      # how ``successor`` was chosen, in words
    actor: object | None = None         # the user acting (for an automatic hand-over: who recorded the reorganisation)
    automatic: bool = False             # run by the system (a reorganisation being recorded, the daily job)
    since: dt.date | None = None        # the first day without the unit

    def data(self, **extra) -> dict:
        """The facts of the transfer for an audit event (names as they are today, ids to follow)."""
        return {
            "from": self.unit.name, "from_id": self.unit.pk,
            "to": self.successor.name if self.successor else "", "to_id": self.successor.pk if self.successor else None,
            "rule": self.rule, "automatic": self.automatic,
            "since": self.since.isoformat() if self.since else None, **extra,
        }


def summary(data: dict) -> str:
    """The words of a hand-over audit event ("Từ A sang B (chủ trì; …)"), for the apps' transfer
    verbs, which all record :meth:`Handover.data`."""
    role = {"lead": "chủ trì", "coordinating": "phối hợp"}.get(data.get("role"), "")
    how = [role] if role else []
    if data.get("rule"):
        how.append(data["rule"])
    if data.get("coordinating"):
        how.append("phối hợp: " + ", ".join(data["coordinating"]))
    if data.get("automatic"):
        how.append("tự động khi đơn vị kết thúc hoạt động")
    target = f" sang {data['to']}" if data.get("to") else ""
    return f"Từ {data.get('from', '')}{target}" + (f" ({'; '.join(how)})" if how else "")


@dataclass
class Outcome:
    """What one app did for one hand-over: records moved to the successor, records flagged."""

    label: str                          # "nhiệm vụ được giao", "báo cáo đánh giá", …
    moved: int = 0
    flagged: int = 0
    details: list[str] = field(default_factory=list)


HANDLERS: dict[str, Callable[[Handover], Outcome]] = {}


def register(name: str, handler: Callable[[Handover], Outcome]) -> None:
    """Register ``handler(handover) -> Outcome`` under ``name`` (the app's label; once per app)."""
    HANDLERS[name] = handler


def _in_operation(unit: Unit, day: dt.date) -> Unit | None:
    """``unit``, or the unit its successor links lead to that has not ended on ``day``."""
    seen = set()
    while unit.has_ended(day):
        if unit.pk in seen:
            return None
        seen.add(unit.pk)
        unit = unit.successors.order_by("pk").first()
        if unit is None:
            return None
    return unit


def plan(unit: Unit, day: dt.date, *, successor: Unit | None = None, actor=None, automatic: bool = False) -> Handover:
    """The hand-over of ``unit``'s open work on ``day`` under the rule of the module docstring."""
    recorded = list(unit.successors.order_by("pk"))
    live = []
    for s in recorded:
        current = _in_operation(s, day)
        if current is not None and current not in live:
            live.append(current)
    if successor is not None:
        if successor not in live:
            names = ", ".join(s.name for s in live) or "không có"
            raise ServiceError(f"{successor.name} không phải đơn vị kế thừa đang hoạt động của {unit.name} "
                               f"(đơn vị kế thừa: {names}).")
        chosen, rule = successor, "đơn vị kế thừa do người thực hiện chọn"
    elif not live:
        chosen, rule = None, ("không có đơn vị kế thừa đang hoạt động" if recorded else "không có đơn vị kế thừa")
    else:
        chosen = live[0]
        rule = ("đơn vị kế thừa duy nhất" if len(live) == 1 else
                f"đơn vị kế thừa ghi nhận đầu tiên trong {len(live)} đơn vị kế thừa")
    others = tuple(s for s in live if s != chosen)
    return Handover(unit=unit, successor=chosen, others=others, rule=rule, actor=actor, automatic=automatic,
                    since=unit.valid_to + dt.timedelta(days=1) if unit.valid_to else day)
