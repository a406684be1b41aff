"""Reads of the follow-up items and of the projects' latest signals: the lists' filters, the
rows the pages show, and the counts the dashboard's tiles, the home page and the project page
show — always through :func:`filter_alerts` and :func:`filter_signals`, so a count is the number
of rows of the page it links to."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from cds.orgs.models import Unit
from cds.projects.filters import ProjectFilterSet
from cds.projects.models import TERMINAL_STATES, Project, State
from cds.reviews.models import Review

from .models import Alert, AlertKind, AlertState, Colour, ProjectSignal
from .permissions import scope_alerts

PAGE_SIZE = 50
ME = "me"
WORSE = "worse"
STALE = "stale"
STALE_DAYS = 365
PROJECT_FILTERS = ("unit", "programme", "funding_source", "year", "regime", "state")


def _pick(params, name: str, choices) -> str:
    value = str(params.get(name) or "").strip()
    return value if value in choices else ""


def _id(params, name: str) -> int | None:
    value = str(params.get(name) or "").strip()
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**31 else None


# ------------------------------------------------------------------ follow-up items

@dataclass(frozen=True)
class AlertFilter:
    state: str = ""
    kind: str = ""
    unit: int | None = None        # the project's investor, with its subtree
    owner: str = ""                # "me": the user's own items
    overdue: bool = False          # open and past the due date

    @classmethod
    def from_params(cls, params) -> AlertFilter:
        return cls(state=_pick(params, "state", AlertState.values), kind=_pick(params, "kind", AlertKind.values),
                   unit=_id(params, "unit"), owner=_pick(params, "owner", (ME,)),
                   overdue=str(params.get("overdue") or "") in ("1", "on", "true"))

    def as_params(self) -> dict:
        return {k: ("1" if v is True else v) for k, v in asdict(self).items() if v not in (None, "", False)}

    @property
    def active(self) -> bool:
        return bool(self.as_params())


def filter_alerts(user, params, today: dt.date | None = None):
    """The items ``user`` reads, filtered by ``params`` (a query or an :class:`AlertFilter`):
    open ones first, the nearest due date first."""
    f = params if isinstance(params, AlertFilter) else AlertFilter.from_params(params)
    qs = scope_alerts(user, Alert.objects.select_related("project", "unit", "owner"))
    if f.state:
        qs = qs.filter(state=f.state)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.unit:
        qs = qs.filter(unit__in=_subtree(f.unit))
    if f.owner == ME:
        qs = qs.filter(owner=user if user.is_authenticated else None)
    if f.overdue:
        qs = qs.filter(state=AlertState.OPEN, due_on__lt=today or timezone.localdate())
    return qs.order_by("-state", "due_on", "pk")


def _subtree(unit_id: int):
    unit = Unit.objects.filter(pk=unit_id).only("path").first()
    return Unit.objects.filter(path__startswith=unit.path).values("pk") if unit else Unit.objects.none()


def alert_units(user):
    """The investors of the items ``user`` reads (the unit filter's choices)."""
    return list(Unit.objects.filter(pk__in=scope_alerts(user).values("unit_id")).order_by("path"))


def project_alerts(user, project):
    return list(scope_alerts(user, Alert.objects.select_related("owner")).filter(project=project)
                .order_by("-state", "-opened_on", "-pk"))


# ------------------------------------------------------------------ signals

@dataclass(frozen=True)
class SignalFilter:
    colour: str = ""
    trend: str = ""                # "worse": worse than the previous quarter
    rating: str = ""               # "stale": in operation, no independent rating in the last STALE_DAYS
    project: dict | None = None    # the project filters in force (valid values only)

    @classmethod
    def from_params(cls, params) -> SignalFilter:
        values = ProjectFilterSet({k: params.get(k) for k in PROJECT_FILTERS if params.get(k) not in (None, "")}
                                  ).values
        project = {k: getattr(values, k) for k in PROJECT_FILTERS if getattr(values, k) not in (None, "")}
        return cls(colour=_pick(params, "colour", Colour.values), trend=_pick(params, "trend", (WORSE,)),
                   rating=_pick(params, "rating", (STALE,)), project=project)

    def as_params(self) -> dict:
        own = {k: v for k, v in (("colour", self.colour), ("trend", self.trend), ("rating", self.rating)) if v}
        return {**(self.project or {}), **own}

    @property
    def active(self) -> bool:
        return bool(self.as_params())


SEVERITY = Case(When(colour=Colour.RED, then=Value(3)), When(colour=Colour.YELLOW, then=Value(2)),
                When(colour=Colour.GREEN, then=Value(1)), default=Value(0), output_field=IntegerField())


def stale_ratings():
    """Projects in operation whose effectiveness no independent reviewer has rated in the last
    :data:`STALE_DAYS` days (never, or only earlier): a self-declared state of health that nobody
    checked lately is not evidence (a sub-query of project ids)."""
    since = timezone.now() - dt.timedelta(days=STALE_DAYS)
    rated = Review.objects.exclude(reviewer_rating="").filter(reviewed_at__gte=since).values("project_id")
    return Project.objects.filter(state=State.IN_OPERATION).exclude(pk__in=rated).values("pk")


def filter_signals(user, params):
    """The latest signal of each project ``user`` reads, filtered by ``params`` (a query or a
    :class:`SignalFilter`): the colour, ``trend=worse``, and the project list's own filters
    (unit with its subtree, programme, funding source, year, legal regime, state) through
    :class:`cds.projects.filters.ProjectFilterSet`. Stopped, rejected and retired projects are
    left out unless a state is asked for. Red first, then worsening, then by code."""
    f = params if isinstance(params, SignalFilter) else SignalFilter.from_params(params)
    projects = ProjectFilterSet.for_user(f.project or {}, user).qs.order_by().values("pk")
    qs = ProjectSignal.objects.filter(is_latest=True, project__in=projects)
    if not (f.project or {}).get("state"):
        qs = qs.exclude(project__state__in=TERMINAL_STATES)
    if f.colour:
        qs = qs.filter(colour=f.colour)
    if f.trend == WORSE:
        qs = qs.filter(trend__gt=0)
    if f.rating == STALE:
        qs = qs.filter(project__in=stale_ratings())
    return (qs.select_related("project", "project__investor_unit")
            .annotate(severity=SEVERITY).order_by("-severity", "-trend", "project__code"))


def project_signals(project_id: int) -> list[ProjectSignal]:
    """A project's signals, oldest quarter first (the project page and the item's page)."""
    return list(ProjectSignal.objects.filter(project_id=project_id).order_by("period_end"))
