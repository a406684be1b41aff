"""Builds the demo province through the real service functions.

Every project is walked through :mod:`cds.projects.services` by the people who would take each
step (unit staff registers and records, unit head submits and accepts, the appraiser returns a
dossier, a leader decides, the supervisor checks), so permissions, maker ≠ checker, history and
audit rows are the real ones.  Only the timestamps are rewritten afterwards (:mod:`.stamps`).

All randomness comes from one ``random.Random(2026)`` consumed in a fixed order, and the last
date the data uses is fixed (``DATA_END``), so the demo is the same on every run.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from cds.accounts.models import Role, User
from cds.catalog.models import Capability, DataEntity, FundingSource, Programme
from cds.orgs.models import Unit
from cds.orgs.services import save_unit, set_successors
from cds.projects import services
from cds.projects.models import Group, Kind, Project, Stage, State
from cds.rules.models import LegalRegime

from . import documents as docs
from .appraisal import build_appraisals
from .common import DATA_END, lcfirst
from .directives import build_directives
from .estimates import build_estimates
from .library_public import build_library_public
from .overlap import build_overlaps
from .plans import build_plans
from .procurement import build_procurement
from .projects import CAP_GOALS, KIND_SCOPE, PROJECTS, P
from .rankings import build_rankings
from .reviews import build_reviews
from .stamps import Stamps
from .surveys import build_surveys
from .systems import build_systems
from .units import (
    BY_CODE,
    MINISTRY_CODE,
    MOVES,
    REORGANISATIONS,
    ROOT_CODE,
    SETUP_DATE,
    UNITS,
)
from .users import APPRAISER_OF, APPROVERS, DECIDERS, SUPERVISOR_OF, USERNAMES, USERS

SEED = 2026
MINISTRY_SETUP = dt.date(2024, 1, 8)
B_THRESHOLD = 60_000                  # triệu đồng: investment projects from here are group B
DAY = dt.timedelta(days=1)

# The normal path and the state each action leads to.
MAIN = (
    ("approve_policy", State.POLICY_APPROVED),
    ("start_dossier", State.DOSSIER_PREPARING),
    ("submit_appraisal", State.IN_APPRAISAL),
    ("approve", State.APPROVED),
    ("start_procurement", State.PROCURING),
    ("start_implementation", State.IMPLEMENTING),
    ("put_in_operation", State.IN_OPERATION),
    ("settle", State.SETTLED),
)
PATH_STATES = [s for _, s in MAIN]
SPECIAL = {"pause": State.PAUSED, "stop": State.STOPPED, "reject": State.REJECTED, "retire": State.RETIRED}
# Who takes each step: "staff", "head", "appraiser", "approver" (leader, approvals) or "decider"
# (leader, pause/stop/retire); leaders are picked so that no one checks their own step.
TAKEN_BY = {
    "start_dossier": "staff", "start_procurement": "staff", "start_implementation": "staff",
    "submit_appraisal": "head", "resubmit": "head", "put_in_operation": "head",
    "return_dossier": "appraiser",
    "approve_policy": "approver", "approve": "approver", "reject": "approver", "settle": "approver",
    "pause": "decider", "resume": "decider", "stop": "decider", "retire": "decider",
}
# Step order on one day: registration, transitions, ledger, documents, checks, edits.
PRIO = {"create": 0, "transition": 10, "approved": 20, "rebaseline": 21, "scale_down": 22, "estimate": 25,
        "allocated": 30, "disbursed": 40, "settled": 50, "document": 60, "check": 70, "extend": 80}


@dataclass(order=True)
class Step:
    day: dt.date
    prio: int
    seq: int
    kind: str = field(compare=False)
    args: dict = field(compare=False, default_factory=dict)


@dataclass
class Run:
    """What the builder knows about one project while walking it."""

    spec: P
    project: Project
    root: str
    staff: User
    head: User
    last_actor: int | None = None
    events: dict = field(default_factory=dict)


HOLIDAYS = {(1, 1), (4, 30), (5, 1), (9, 2)}   # fixed-date public holidays (Tết varies; not modelled)


def is_workday(day: dt.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def workday_before(day: dt.date, floor: dt.date) -> dt.date:
    """The last working day on or before ``day`` (but not before ``floor``)."""
    while day > floor and not is_workday(day):
        day -= DAY
    return day


def workday_after(day: dt.date, cap: dt.date) -> dt.date:
    """The first working day on or after ``day`` (but not after ``cap``)."""
    while day < cap and not is_workday(day):
        day += DAY
    return day


def ucfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


class DemoBuilder:
    def __init__(self):
        self.today = timezone.localdate()
        self.cutoff = min(DATA_END, self.today - DAY)
        self.rng = random.Random(SEED)
        self.stamps = Stamps(self.rng, timezone.now())
        self.units: dict[str, Unit] = {}
        self.users: dict[str, User] = {}
        self.skipped = 0
        self._seq = 0

    # ================================================================= entry ====

    def build(self) -> list[Project]:
        self.programmes = {o.code: o for o in Programme.objects.all()}
        self.sources = {o.code: o for o in FundingSource.objects.all()}
        self.capabilities = {o.code: o for o in Capability.objects.all()}
        self.entities = {o.code: o for o in DataEntity.objects.all()}
        self.password = make_password(settings.DEMO_PASSWORD)
        admin = self._user(next(u for u in USERS if u.username == "admin"), unit=None)
        self._build_units(admin)
        admin.unit = self.units[ROOT_CODE]
        admin.save(update_fields=["unit"])
        for du in USERS:
            if du.username != "admin":
                self._user(du, unit=self.units[du.unit])
        # A clock set before the data's dates would make entries "in the future": leave those out.
        self.skipped += sum(1 for spec in PROJECTS if spec.start > self.cutoff)
        projects = [self._build_project(spec) for spec in PROJECTS if spec.start <= self.cutoff]
        self.stamps.apply([p.pk for p in projects])
        self.reviews = build_reviews(self)  # review campaigns (own clock, after the project stamps; see .reviews)
        self.overlaps = build_overlaps(self)  # the overlap scan and two conclusions (see .overlap)
        self.appraisals = build_appraisals(self)  # five appraisal dossiers (own clock; see .appraisal)
        self.directives = build_directives(self)  # four directives and their tasks (own clock; see .directives)
        # Procurement before estimates: the awarded prices are market evidence the estimates are checked on.
        self.procurement = build_procurement(self)  # the projects' packages 2019–2026 and their warnings (see .procurement)
        self.estimates = build_estimates(self)  # the province's earlier estimates and five to check (see .estimates)
        self.systems = build_systems(self)  # the province's systems map around its LGSP (see .systems)
        self.plans = build_plans(self)  # the 2027 and 2028 planning rounds, checked against the map (see .plans)
        self.surveys = build_surveys(self)  # the 1470/UBND-NC survey of 2024, bottlenecks, Đề án 06 (see .surveys)
        # Last: the ranking and the signals read what every module above built.
        self.rankings = build_rankings(self)  # the 2025 ranking under v1 and draft v2, follow-up items (see .rankings)
        # After everything: the library's entries and the first publication snapshot read the whole registry.
        self.library = build_library_public(self)  # eight published models, one withheld project (see .library_public)
        return projects

    # ================================================================= units ====

    def _build_units(self, admin: User) -> None:
        for u in UNITS:
            unit = Unit(code=u.code, name=u.name, short_name=u.short, kind=u.kind, parent=self.units.get(u.parent),
                        valid_from=u.valid_from, note=u.note)
            save_unit(unit, actor=admin, aliases=list(u.aliases))
            self.units[u.code] = unit
            if u.valid_from:
                created = u.valid_from - dt.timedelta(days=6)
            else:
                created = MINISTRY_SETUP if u.code.startswith(MINISTRY_CODE) else SETUP_DATE
            self._unit_stamp(unit, created)
        for old, successors, last_day in REORGANISATIONS:
            unit = self.units[old]
            set_successors(unit, [self.units[c] for c in successors], actor=admin, valid_to=last_day)
            self._unit_stamp(unit, last_day + DAY)
        for code, parent, day, note in MOVES:
            unit = self.units[code]
            unit.parent = self.units[parent]
            unit.note = note
            save_unit(unit, actor=admin)
            self._unit_stamp(unit, day)

    def _unit_stamp(self, unit: Unit, day: dt.date) -> None:
        moment = self.stamps.tick("units", day)
        self.stamps.unit_saves[unit.pk].append(moment)
        self.stamps.audit[("orgs.unit", unit.pk)].append(moment)

    # ================================================================= users ====

    def _user(self, du, *, unit) -> User:
        # Django's get_full_name() is "first_name last_name"; a Vietnamese name reads family name
        # first, so the family and middle names go to first_name and the given name to last_name
        # (sorting by last_name then sorts by tên, as Vietnamese lists do).
        user, _ = User.objects.update_or_create(username=du.username, defaults=dict(
            first_name=du.family, last_name=du.given, role=du.role, unit=unit, job_title=du.job_title,
            email=f"{du.username}@sonlam.gov.vn" if not du.username.startswith("bo_") else f"{du.username}@most.gov.vn",
            is_staff=du.role == Role.ADMIN, is_superuser=du.role == Role.ADMIN, is_active=True,
            password=self.password,
        ))
        self.users[du.username] = user
        joined = MINISTRY_SETUP if du.unit.startswith(MINISTRY_CODE) else SETUP_DATE
        self.stamps.users[user.pk] = self.stamps.tick(("user", user.pk), joined)
        return user

    def _people(self, unit_code: str) -> tuple[User, User]:
        """The chuyên viên and lãnh đạo acting for ``unit_code``: its own, else those of the unit that
        succeeded it or of the unit it belongs to (Sở KH&CN acts for Sở TT&TT's old projects)."""
        parents = {u.code: u.parent for u in UNITS}
        parents.update({code: parent for code, parent, _, _ in MOVES})
        successors = {old: list(new) for old, new, _ in REORGANISATIONS}
        queue, seen = [unit_code], set()
        while queue:
            code = queue.pop(0)
            if code in seen or code is None:
                continue
            seen.add(code)
            staff = [u for u in USERS if u.unit == code and u.role == Role.UNIT_STAFF]
            head = [u for u in USERS if u.unit == code and u.role == Role.UNIT_HEAD]
            if staff and head:
                return self.users[staff[0].username], self.users[head[0].username]
            queue += successors.get(code, [])
            if parents.get(code) not in (ROOT_CODE, MINISTRY_CODE):
                queue.append(parents.get(code))
        raise LookupError(f"Không có chuyên viên/lãnh đạo cho đơn vị {unit_code}")

    # ============================================================== projects ====

    def _build_project(self, spec: P) -> Project:
        root = MINISTRY_CODE if spec.unit.startswith(MINISTRY_CODE) else ROOT_CODE
        staff, head = self._people(spec.unit)
        steps, when = self._plan_flow(spec)
        regime = self._regime(when.get("approve") or spec.start)
        project = services.create_project(staff, self._data(spec, regime), occurred_on=spec.start)
        run = Run(spec, project, root, staff, head)
        moment = self._tick(run, spec.start)
        self.stamps.project_saves[project.pk].append(moment)
        self.stamps.created_events[project.pk] = moment
        self.stamps.audit[("projects.project", project.pk)].append(moment)
        steps += self._plan_extras(spec, root)
        steps += self._plan_budget(spec, when, root)
        steps += self._plan_documents(spec, when, root)
        for step in sorted(steps):
            if step.day > self.cutoff:
                self.skipped += 1
                continue
            getattr(self, f"_do_{step.kind}")(run, step)
        return project

    def _data(self, spec: P, regime) -> dict:
        unit = self.units[spec.unit]
        kind = spec.kind
        start_year, end_year = spec.years
        if spec.group:
            group = spec.group
        elif kind == Kind.INVESTMENT:
            group = Group.B if spec.amount >= B_THRESHOLD else Group.C
        else:
            group = Group.NONE
        coord = [self.units[c] for c in spec.coord]
        objectives = spec.obj or self._objectives(spec)
        scope = spec.scope or self._scope(spec, unit, coord)
        # "Chuyển tiếp": runs across the boundary of a five-year plan period (2016–2020, 2021–2025).
        carried = any(start_year <= edge < end_year for edge in (2020, 2025))
        return {
            "name": spec.name, "objectives": objectives, "scope": scope, "kind": kind, "group": group,
            "regime": regime, "programme": self.programmes.get(spec.prog) if spec.prog else None,
            "investor_unit": unit, "lead_unit": self.units[spec.lead] if spec.lead else None,
            "start_year": start_year, "end_year": end_year, "carried_over": carried,
            "funding_sources": [self.sources[c] for c in self._source_codes(spec)],
            "coordinating_units": coord,
            "capabilities": [self.capabilities[c] for c in spec.caps],
            "data_entities": [self.entities[c] for c in spec.ents],
        }

    @staticmethod
    def _source_codes(spec: P) -> tuple[str, ...]:
        if spec.src:
            return spec.src
        return ("NSDP-DT",) if spec.kind == Kind.INVESTMENT else ("NSDP-TX",)

    @staticmethod
    def _objectives(spec: P) -> str:
        goals = [CAP_GOALS[c] for c in spec.caps[:3] if c in CAP_GOALS]
        head = "; ".join(goals) if goals else "nâng cao hiệu quả quản lý nhà nước, phục vụ người dân, doanh nghiệp"
        return (f"{ucfirst(head)}. Bảo đảm kết nối, chia sẻ dữ liệu qua Nền tảng tích hợp, chia sẻ dữ liệu (LGSP), "
                f"tận dụng hạ tầng và hệ thống dùng chung, không đầu tư trùng lặp.")

    @staticmethod
    def _scope(spec: P, unit: Unit, coord: list[Unit]) -> str:
        text = f"{KIND_SCOPE[spec.kind]}; triển khai tại {unit.name}"
        if coord:
            text += "; phối hợp: " + ", ".join(u.name for u in coord)
        start, end = spec.years
        period = f"năm {start}" if start == end else f"giai đoạn {start}–{end}"
        return f"{text}; thời gian thực hiện {period}."

    @staticmethod
    def _regime(day: dt.date):
        """The regime in force on the approval date (or, not yet approved, on registration)."""
        return LegalRegime.for_date(day)

    # ---------------------------------------------------------------- planning ----

    def _step(self, day, kind, prio_key=None, **args) -> Step:
        """One planned call. Transition dates are made working days when scheduled; records and
        documents move to the next working day."""
        self._seq += 1
        if kind != "transition" and day <= self.cutoff:
            day = workday_after(day, self.cutoff)
        return Step(day, PRIO[prio_key or kind], self._seq, kind, args)

    def _uses_policy(self, spec: P) -> bool:
        return spec.policy if spec.policy is not None else spec.kind == Kind.INVESTMENT

    @staticmethod
    def _uses_procurement(spec: P) -> bool:
        return not (spec.kind == Kind.RECURRENT and spec.amount < 1_000)

    def _path(self, spec: P, source: str, target: str) -> list[str]:
        first = PATH_STATES.index(source) if source in PATH_STATES else -1
        last = PATH_STATES.index(target) if target in PATH_STATES else -1
        actions = []
        for i, (action, _) in enumerate(MAIN):
            if i <= first or i > last:
                continue
            if action == "approve_policy" and not self._uses_policy(spec):
                continue
            if action == "start_procurement" and not self._uses_procurement(spec):
                continue
            actions.append(action)
            if action == "submit_appraisal" and spec.returned:
                actions += ["return_dossier", "resubmit"]
        return actions

    def _gap(self, spec: P, action: str, previous: str | None) -> int:
        r = self.rng.randint
        if action == "approve_policy":
            return r(30, 70)
        if action == "start_dossier":
            return r(10, 30)
        if action == "submit_appraisal":
            return r(35, 80) if spec.kind == Kind.INVESTMENT else r(20, 45)
        if action == "return_dossier":
            return r(12, 25)
        if action == "resubmit":
            return r(20, 40)
        if action == "approve":
            return r(15, 40)
        if action == "start_procurement":
            return r(10, 30)
        if action == "start_implementation":
            return r(25, 55) if previous == "start_procurement" else r(7, 20)
        if action == "put_in_operation":
            if spec.kind == Kind.INVESTMENT:
                return r(500, 700) if spec.amount >= B_THRESHOLD else r(240, 420)
            return {Kind.RECURRENT: r(120, 260), Kind.RENTAL: r(15, 40), Kind.PROCUREMENT: r(60, 140)}[spec.kind]
        if action == "settle":
            return r(120, 270)
        raise ValueError(action)

    def _schedule(self, spec: P, actions: list[str], start: dt.date, bound: dt.date) -> list[dt.date]:
        """Dates for ``actions`` after ``start``: fixed ones from ``spec.dates``, the others by the usual
        gaps, squeezed to fit before the next fixed date (or ``bound``) when they would run past it."""
        dates, gaps, day, previous = [], [], start, None
        for action in actions:
            gap = self._gap(spec, action, previous)
            previous = action
            fixed = spec.dates.get(action)
            if fixed:
                dates += self._fit(gaps, day, fixed - DAY)
                dates.append(fixed)
                gaps, day = [], fixed
            else:
                gaps.append(gap)
        return dates + self._fit(gaps, day, bound)

    @staticmethod
    def _fit(gaps: list[int], start: dt.date, end: dt.date) -> list[dt.date]:
        total = sum(gaps)
        span = (end - start).days
        scale = span / total if total and total > span else 1.0
        dates, offset, last, previous = [], 0, 0, start
        for gap in gaps:
            offset += gap
            last = max(round(offset * scale), last + 1)
            previous = workday_before(start + dt.timedelta(days=last), previous)
            dates.append(previous)
        return dates

    def _plan_flow(self, spec: P) -> tuple[list[Step], dict]:
        """The lifecycle steps and the first date of each action (``when``)."""
        segments = [("path", spec.flow)] if isinstance(spec.flow, str) else list(spec.flow)
        steps, when = [], {}
        state, paused_from, day = State.PROPOSED, None, spec.start
        for i, segment in enumerate(segments):
            if segment[0] == "path":
                fixed = next((s[1] for s in segments[i + 1:] if s[0] != "path"), None)
                bound = fixed - 2 * DAY if fixed else self.cutoff
                actions = self._path(spec, state, segment[1])
                for action, d in zip(actions, self._schedule(spec, actions, day, bound)):
                    steps.append(self._step(d, "transition", action=action))
                    when.setdefault(action, d)
                    day = d
                state = segment[1]
            else:
                action, d, reason = segment
                steps.append(self._step(d, "transition", action=action, reason=reason))
                when.setdefault(action, d)
                day = d
                if action == "pause":
                    paused_from, state = state, State.PAUSED
                elif action == "resume":
                    state = paused_from
                else:
                    state = SPECIAL[action]
        when["final_state"] = state
        for action in ("pause", "stop", "reject", "retire"):
            if action in when and (action != "pause" or state == State.PAUSED):
                when["halt"] = when[action]
        # Decision documents and who confirms what.
        when["decisions"] = {}
        for step in steps:
            step.args.update(self._decision(spec, step.args["action"], step.day))
            if "number" in step.args:
                when["decisions"].setdefault(step.args["action"], step.args["number"])
        if spec.check:
            for step in list(steps):
                if step.args["action"] in ("approve", "pause"):
                    steps.append(self._step(min(step.day + dt.timedelta(days=self.rng.randint(1, 6)), self.cutoff),
                                            "check", action=step.args["action"]))
        return steps, when

    def _decision(self, spec: P, action: str, day: dt.date) -> dict:
        ministry = spec.unit.startswith(MINISTRY_CODE)
        qd = "QĐ-BKHCN" if ministry else "QĐ-UBND"
        n = day.timetuple().tm_yday * 9 + self.rng.randint(0, 8) + 15
        sign = BY_CODE[spec.unit].sign
        if action == "approve_policy":
            big = (spec.group or ("B" if spec.amount >= B_THRESHOLD else "C")) == "B"
            if big and not ministry:
                return {"number": f"{self.rng.randint(8, 95)}/NQ-HĐND"}
            return {"number": f"{n}/{qd}"}
        if action in ("approve", "settle", "pause", "resume", "stop", "retire"):
            return {"number": f"{n}/{qd}"}
        if action == "put_in_operation":
            return {"number": f"{self.rng.randint(2, 48):02d}/BBNT-{sign}"}
        if action == "return_dossier":
            office = "CĐSQG" if ministry else ("STTTT-CNTT" if day < dt.date(2025, 3, 1) else "SKHCN-CĐS")
            return {"number": f"{day.timetuple().tm_yday * 4 + self.rng.randint(0, 3)}/{office}"}
        if action == "reject":
            return {"number": f"{day.timetuple().tm_yday * 30 + self.rng.randint(0, 29)}/UBND-KT"}
        return {}

    def _plan_extras(self, spec: P, root: str) -> list[Step]:
        steps = []
        for extra in spec.extras:
            if extra[0] == "scale_down":
                _, day, reason = extra
                number = self._decision(spec, "pause", day)["number"]
                steps.append(self._step(day, "scale_down", number=number, reason=reason))
            elif extra[0] == "extend":
                _, day, end_year = extra
                steps.append(self._step(day, "extend", end_year=end_year))
        return steps

    # ------------------------------------------------------------------ budget ----

    def _k(self, amount: float) -> int:
        """Round to thousands of đồng, as amounts in decisions are."""
        return int(round(amount / 1000.0)) * 1000

    def _split(self, total: int, weights: list[float]) -> list[int]:
        parts = [self._k(total * w / sum(weights)) for w in weights]
        parts[-1] = total - sum(parts[:-1])
        return parts

    def _plan_budget(self, spec: P, when: dict, root: str) -> list[Step]:
        u = self.rng.uniform
        steps = []
        codes = self._source_codes(spec)
        if len(codes) == 1:
            shares = [1.0]
        else:
            shares = [0.8, 0.2] if "KHAC" in codes else [0.55, 0.45]
        total = spec.amount * 1_000_000
        approve = when.get("approve")
        if approve and approve > self.cutoff:
            approve = None
        estimate_day = when.get("start_dossier") or spec.start
        if approve:
            approved = self._split(self._k(total * u(0.985, 1.0)), shares)
            estimates = [self._k(a * u(1.02, 1.12)) for a in approved]
        else:
            estimates = self._split(self._k(total * u(0.98, 1.03)), shares)
        for code, amount in zip(codes, estimates):
            steps.append(self._step(estimate_day, "entry", "estimate", stage=Stage.ESTIMATE, year=spec.years[0],
                                    source=code, amount=amount, note="Khái toán/dự toán đề xuất"))
        if not approve:
            return steps
        return steps + self._plan_approved_ledger(spec, when, root, codes, approved, approve)

    def _plan_approved_ledger(self, spec, when, root, codes, approved, approve) -> list[Step]:  # noqa: C901
        u, r = self.rng.uniform, self.rng.randint
        steps = []
        number = when["decisions"]["approve"]
        for code, amount in zip(codes, approved):
            steps.append(self._step(approve, "entry", "approved", stage=Stage.APPROVED, year=approve.year,
                                    source=code, amount=amount, number=number, decision_date=approve))
        current = list(approved)
        for extra in spec.extras:
            if extra[0] != "rebaseline":
                continue
            _, day, factor, reason = extra
            current[0] += self._k(sum(current) * (factor - 1))
            steps.append(self._step(day, "entry", "rebaseline", stage=Stage.APPROVED, year=day.year, source=codes[0],
                                    amount=current[0], number=self._decision(spec, "approve", day)["number"],
                                    decision_date=day, note=reason))
        total = sum(current)

        op, impl = when.get("put_in_operation"), when.get("start_implementation")
        proc, halt, settle = when.get("start_procurement"), when.get("halt"), when.get("settle")
        op = op if op and op <= self.cutoff else None
        end_day = halt or self.cutoff
        if spec.kind == Kind.RENTAL and op:
            contract = spec.years[1] - spec.years[0] + 1
            first = max(op.year, spec.years[0])
            last = min(spec.years[1], end_day.year)
            fraction = (last - first + 1) / contract * u(0.97, 1.0)
        elif op:
            first, last, fraction = approve.year, op.year, u(0.95, 1.0)
        elif impl:
            first, last = approve.year, end_day.year
            fraction = u(0.4, 0.7) if halt else u(0.55, 0.85)
        elif proc:
            first, last, fraction = approve.year, end_day.year, u(0.15, 0.35)
        else:
            first, last, fraction = approve.year, end_day.year, u(0.1, 0.3)
        decisions = docs.MINISTRY_ALLOCATIONS if root == MINISTRY_CODE else docs.ALLOCATION_DECISIONS
        years = [y for y in range(first, max(first, min(last, self.cutoff.year)) + 1)]
        if spec.kind == Kind.RENTAL:
            weights = [1.0] * len(years)
        else:
            weights = [u(0.6, 1.4) for _ in years]
        per_year = self._split(self._k(total * fraction), weights)
        started = impl or op
        disbursed = {code: 0 for code in codes}
        for year, amount in zip(years, per_year):
            main = decisions.get(year, (None, None))[0 if spec.kind == Kind.INVESTMENT else 1]
            if main and main[1] >= approve:
                number, decided = main
            else:
                decided = max(approve, dt.date(year, 1, 10)) + dt.timedelta(days=r(15, 45))
                decided = min(decided, dt.date(year, 12, 28), self.cutoff)
                if decided < approve:
                    continue
                qd = "QĐ-BKHCN" if root == MINISTRY_CODE else "QĐ-UBND"
                number = f"{decided.timetuple().tm_yday * 9 + r(0, 8) + 15}/{qd}"
            recorded = min(max(decided, approve) + dt.timedelta(days=r(1, 10)), self.cutoff)
            allocations = self._split(amount, [c for c in current])
            for code, allocation in zip(codes, allocations):
                steps.append(self._step(recorded, "entry", "allocated", stage=Stage.ALLOCATED, year=year, source=code,
                                        amount=allocation, number=number, decision_date=decided,
                                        note=f"Kế hoạch vốn năm {year}"))
            if not started or year < started.year:
                continue
            # Disbursement of the year (the State Treasury's figure at year end).
            ongoing = year == end_day.year and not op
            if spec.overspend == year:
                share = u(1.04, 1.09)
            elif ongoing:
                share = u(0.35, 0.7)
            else:
                share = u(0.86, 0.99) if spec.kind != Kind.RENTAL else u(0.95, 1.0)
            if ongoing:
                day = end_day - dt.timedelta(days=r(3, 25))
            else:
                day = dt.date(year, 12, 26)
                if settle and settle.year == year:
                    day = min(day, settle - dt.timedelta(days=3))
            day = min(max(day, started + DAY, recorded + DAY), self.cutoff)
            for code, allocation in zip(codes, allocations):
                paid = self._k(allocation * share)
                disbursed[code] += paid
                steps.append(self._step(day, "entry", "disbursed", stage=Stage.DISBURSED, year=year, source=code,
                                        amount=paid, note=f"Giải ngân năm {year} (số liệu Kho bạc Nhà nước)"))
        if settle and settle <= self.cutoff:
            number = when["decisions"]["settle"]
            for code, approved_amount in zip(codes, current):
                amount = self._k(approved_amount * 1.035) if spec.settle_over else disbursed[code]
                steps.append(self._step(settle, "entry", "settled", stage=Stage.SETTLED, year=settle.year, source=code,
                                        amount=amount, number=number, decision_date=settle,
                                        note="Phê duyệt quyết toán dự án hoàn thành"))
        return steps

    # --------------------------------------------------------------- documents ----

    def _plan_documents(self, spec: P, when: dict, root: str) -> list[Step]:
        r = self.rng.randint
        steps = []
        limit = min(when.get("approve") or when.get("halt") or self.cutoff, self.cutoff)
        if root == MINISTRY_CODE:
            keys = ["QD4120BKHCN"]
        else:
            keys = list(docs.PROGRAMME_DOCS.get(spec.prog or "", ()))
        basis = []
        for key in keys:
            doc = self._annual_plan(spec, limit) if key == "PLAN" else docs.DOCS[key]
            if doc and doc.issued_on <= limit and doc not in basis:
                basis.append(doc)
        basis = basis[:2] or [d for d in [self._annual_plan(spec, self.cutoff)] if d]
        regime_day = when.get("approve") or spec.start
        if regime_day >= docs.DOCS["ND224"].issued_on + dt.timedelta(days=7):
            basis.append(docs.DOCS["ND224"])
        for doc in basis:
            day = max(spec.start, doc.issued_on) + dt.timedelta(days=r(0, 3))
            steps.append(self._step(day, "document", doc=doc, basis=True))
        # The decisions themselves.
        approve = when.get("approve")
        if approve and approve <= self.cutoff:
            issuer = "Bộ Khoa học và Công nghệ" if root == MINISTRY_CODE else docs.UBND
            title = self._approval_title(spec)
            doc = docs.Doc(when["decisions"]["approve"], approve, issuer, "QD", title)
            steps.append(self._step(approve + dt.timedelta(days=r(1, 5)), "document", doc=doc, basis=False))
        for action, label in (("pause", "Tạm dừng thực hiện"), ("stop", "Dừng thực hiện")):
            day = when.get(action)
            if not day:
                continue
            reason = next(s[2] for s in spec.flow if s[0] == action)
            doc = docs.Doc(when["decisions"][action], day, docs.UBND, "QD", f"{label} {lcfirst(spec.name)}")
            steps.append(self._step(day + dt.timedelta(days=r(1, 4)), "document", doc=doc, basis=False))
            steps += self._cited(reason, day)
        for extra in spec.extras:
            if extra[0] == "scale_down":
                steps += self._cited(extra[2], extra[1])
        return steps

    def _cited(self, reason: str, day: dt.date) -> list[Step]:
        """The review letters a pause/stop/scale-down decision cites, filed as its legal basis."""
        steps = []
        for key in ("CV8826", "CV1470"):
            cited = docs.DOCS[key]
            if cited.number in reason and cited.issued_on <= day:
                steps.append(self._step(day + DAY, "document", doc=cited, basis=True))
        return steps

    @staticmethod
    def _annual_plan(spec: P, limit: dt.date):
        for year in (spec.years[0], spec.years[0] - 1, spec.start.year):
            plan = docs.ANNUAL_PLANS.get(year)
            if plan and plan.issued_on <= limit:
                return plan
        return None

    @staticmethod
    def _approval_title(spec: P) -> str:
        name = lcfirst(spec.name)
        if spec.kind == Kind.INVESTMENT:
            big = spec.group == "B" or spec.amount >= B_THRESHOLD
            return f"Phê duyệt dự án {name}" if big else f"Phê duyệt Báo cáo kinh tế - kỹ thuật {name}"
        return {
            Kind.RECURRENT: f"Phê duyệt đề cương và dự toán chi tiết nhiệm vụ {name}",
            Kind.RENTAL: f"Phê duyệt kế hoạch thuê dịch vụ công nghệ thông tin: {name}",
            Kind.PROCUREMENT: f"Phê duyệt dự toán và kế hoạch lựa chọn nhà thầu: {name}",
        }[spec.kind]

    # --------------------------------------------------------------- executing ----

    def _tick(self, run: Run, day: dt.date) -> dt.datetime:
        return self.stamps.tick(("project", run.project.pk), day)

    def _record(self, run: Run, day: dt.date) -> dt.datetime:
        moment = self._tick(run, day)
        self.stamps.audit[("projects.project", run.project.pk)].append(moment)
        return moment

    def _actor(self, run: Run, action: str) -> User:
        who = TAKEN_BY[action]
        if who == "staff":
            return run.staff
        if who == "head":
            return run.head
        if who == "appraiser":
            return self.users[APPRAISER_OF[run.root]]
        leaders = [self.users[n] for n in (APPROVERS if who == "approver" else DECIDERS)[run.root]]
        makers = {run.project.created_by_id, run.last_actor}
        return next((u for u in leaders if u.pk not in makers), leaders[0])

    def _do_transition(self, run: Run, step: Step) -> None:
        action = step.args["action"]
        service_action = "submit_appraisal" if action == "resubmit" else action
        actor = self._actor(run, action)
        reason = step.args.get("reason") or (run.spec.returned if action == "return_dossier" else "")
        number = step.args.get("number", "")
        event = services.transition(
            actor, run.project, service_action, decision_number=number,
            decision_date=step.day if number else None, reason=reason, occurred_on=step.day,
        )
        run.project.state = event.to_state
        run.last_actor = actor.pk
        run.events.setdefault(action, event)
        moment = self._record(run, step.day)
        self.stamps.project_saves[run.project.pk].append(moment)
        self.stamps.project_transitions[run.project.pk] = moment
        self.stamps.events[event.pk] = moment

    def _do_entry(self, run: Run, step: Step) -> None:
        a = step.args
        entry = services.record_budget_entry(run.staff, run.project, {
            "year": a["year"], "funding_source": self.sources[a["source"]], "stage": a["stage"],
            "amount": a["amount"], "decision_number": a.get("number", ""), "decision_date": a.get("decision_date"),
            "note": a.get("note", ""),
        })
        moment = self._record(run, step.day)
        self.stamps.entries[entry.pk] = moment
        if entry.is_rebaseline:
            self.stamps.rebaselines[(run.project.pk, entry.decision_number)] = moment

    def _do_document(self, run: Run, step: Step) -> None:
        doc = step.args["doc"]
        added = services.add_document(run.staff, run.project, {
            "number": doc.number, "issued_on": doc.issued_on, "issuer": doc.issuer, "doc_type": doc.doc_type,
            "title": doc.title, "is_legal_basis": step.args["basis"],
        })
        self.stamps.documents[added.pk] = self._record(run, step.day)

    def _do_scale_down(self, run: Run, step: Step) -> None:
        leader = self.users[DECIDERS[run.root][0]]
        event = services.scale_down(leader, run.project, decision_number=step.args["number"],
                                    decision_date=step.day, reason=step.args["reason"])
        self.stamps.events[event.pk] = self._record(run, step.day)

    def _do_extend(self, run: Run, step: Step) -> None:
        run.project.refresh_from_db()
        run.project = services.update_project(run.staff, run.project, {"end_year": step.args["end_year"]},
                                              expected_version=run.project.version)
        moment = self._record(run, step.day)
        self.stamps.project_saves[run.project.pk].append(moment)

    def _do_check(self, run: Run, step: Step) -> None:
        event = run.events.get(step.args["action"])
        supervisor = SUPERVISOR_OF.get(run.root)
        if event is None or supervisor is None:
            return
        services.check_event(self.users[supervisor], event, note=(
            "Đã kiểm tra hồ sơ trình, văn bản quyết định: đúng trình tự, thẩm quyền; người trình và người quyết "
            "định khác nhau."))
        moment = self._record(run, step.day)
        self.stamps.checks[event.pk] = moment


# ======================================================================= accounts ====

def reset_passwords() -> int:
    """Give every demo account ``settings.DEMO_PASSWORD`` again and lift login lockouts."""
    count = User.objects.filter(username__in=USERNAMES).update(password=make_password(settings.DEMO_PASSWORD))
    try:
        from axes.models import AccessAttempt
        AccessAttempt.objects.filter(username__in=USERNAMES).delete()
    except Exception:  # noqa: BLE001 - axes not installed or its tables missing: nothing to lift
        pass
    return count


def account_rows(*, featured: bool) -> list[tuple[str, str, str]]:
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES).select_related("unit")}
    rows = []
    for du in USERS:
        user = users.get(du.username)
        if user is None or du.featured != featured:
            continue
        unit = user.unit.short_name or user.unit.name if user.unit else "—"
        rows.append((du.username, Role(user.role).label, unit))
    return rows


def account_table() -> str:
    password = settings.DEMO_PASSWORD
    rows = account_rows(featured=True)
    head = ("Tài khoản", "Vai trò", "Đơn vị", "Mật khẩu")
    body = [(u, role, unit, password) for u, role, unit in rows]
    widths = [max(len(str(r[i])) for r in [head, *body]) for i in range(4)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    fmt = "| " + " | ".join("{:<%d}" % w for w in widths) + " |"
    out = [line, fmt.format(*head), line, *(fmt.format(*r) for r in body), line]
    others = account_rows(featured=False)
    if others:
        out.append(f"Tài khoản khác (cùng mật khẩu {password}):")
        by_unit: dict[str, list[str]] = {}
        for username, _, unit in others:
            by_unit.setdefault(unit, []).append(username)
        for unit, names in by_unit.items():
            out.append(f"  {' / '.join(names):<32} {unit}")
    return "\n".join(out)
