"""How long each submission round of a dossier spent in each stage, kept in
:class:`~cds.appraisal.models.RoundTime` rows: the services call :func:`refresh` whenever an
event starts or ends a stage, and the tracking page's averages are then summed by the database
(:func:`cds.appraisal.tracking.stage_stats`) whatever the length of the history.

The durations are computed from the dossier's events (:func:`round_durations`): calendar days
and working days (:class:`cds.workdays.calendar.WorkCalendar`), the appraisal net of the
supplement pauses of its round. A change of the working calendar recomputes every row
(:func:`rebuild`, connected in ``apps.py``)."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from cds.workdays.calendar import DAY, WorkCalendar

from .models import DossierEvent, EventKind, RoundTime

STAGE_KEYS = ("appraisal", "countersign", "decision", "pause")
# event kind → (stage it ends, stage it starts)
TRANSITIONS = {
    EventKind.SUBMITTED: (None, "appraisal"),
    EventKind.SUPPLEMENT_REQUESTED: (None, "pause"),
    EventKind.SUPPLEMENTED: ("pause", None),
    EventKind.CONCLUDED: ("appraisal", "countersign"),
    EventKind.COUNTERSIGN_REFUSED: ("countersign", "appraisal"),
    EventKind.COUNTERSIGNED: ("countersign", "decision"),
    EventKind.APPROVED: ("decision", None),
    EventKind.RETURNED: ("decision", None),
    EventKind.REJECTED: ("decision", None),
}
_NO_TRANSITION = (None, None)
_SUBMITTED = EventKind.SUBMITTED.value
BATCH = 500   # dossiers recomputed per round of queries by :func:`rebuild`


def round_durations(events, cal) -> dict[int, dict[str, tuple[int, int]]]:
    """``events``: (kind, round, day) of one dossier in time order → {round: {stage:
    (calendar days, working days)}} for the stages completed in that round. A stage visited
    twice in a round (appraisal again after the supervisor's refusal) is summed; a stage still
    running is left out, and so is the appraisal of a round while any of its parts still runs.
    The appraisal is counted net of the supplement pauses of its round, so the four stages add
    up to the whole time from submission to decision. ``cal``: anything with
    ``working_days_between`` (a :class:`WorkCalendar` or a :class:`WorkingDayCounts`)."""
    spans: dict[int, dict[str, list[int]]] = {}
    running: dict[int, dict[str, dt.date]] = {}
    for kind, rnd, day in events:
        ends, starts = TRANSITIONS.get(kind, _NO_TRANSITION)
        run = running.get(rnd)
        if run is None:
            run = running[rnd] = {}
        elif kind == _SUBMITTED:
            run.clear()
        if ends is not None and ends in run:
            began = run.pop(ends)
            stages = spans.get(rnd)
            if stages is None:
                stages = spans[rnd] = {}
            span = stages.get(ends)
            if span is None:
                span = stages[ends] = [0, 0]
            span[0] += (day - began).days
            span[1] += cal.working_days_between(began, day)
        if starts is not None:
            run[starts] = day
    out: dict[int, dict[str, tuple[int, int]]] = {}
    for rnd, stages in spans.items():
        still = running.get(rnd, {})
        done = {k: tuple(v) for k, v in stages.items() if k not in still}
        if "appraisal" in done:
            pause = stages.get("pause", (0, 0)) if "pause" not in still else (0, 0)
            done["appraisal"] = (done["appraisal"][0] - pause[0], done["appraisal"][1] - pause[1])
        if done:
            out[rnd] = done
    return out


YEAR = dt.timedelta(days=366)


class WorkingDayCounts:
    """``working_days_between`` of a :class:`WorkCalendar` in constant time: a running count of
    working days over a span of days, built once and widened when asked about days outside it
    (a rebuild asks it for every stage of every round). ``cal`` must hold the schedule rows of
    every day asked about."""

    def __init__(self, cal: WorkCalendar, first: dt.date, last: dt.date):
        self.cal = cal
        self._build(first, last)

    def _build(self, first: dt.date, last: dt.date) -> None:
        running, counts = 0, []
        for i in range((last - first).days + 1):
            running += self.cal.is_working_day(first + i * DAY)
            counts.append(running)
        self.first, self.last, self.counts = first, last, counts

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        if end <= start:
            return 0
        if start < self.first or end > self.last:   # widen by a year at a time: few rebuilds
            self._build(min(start, self.first - YEAR), max(end, self.last + YEAR))
        return self.counts[(end - self.first).days] - self.counts[(start - self.first).days]


def round_rows(events, cal) -> list[dict]:
    """``events``: (dossier id, kind, round, aware datetime) in (dossier, time) order → the field
    values of the :class:`RoundTime` rows of those dossiers (one per round with a completed
    stage). ``cal`` as in :func:`round_durations`."""
    tz = timezone.get_current_timezone()
    rows = []
    for dossier_id, group in groupby(events, key=lambda e: e[0]):
        steps = [(kind, rnd, at.astimezone(tz).date()) for _, kind, rnd, at in group]
        for rnd, stages in round_durations(steps, cal).items():
            row = {"dossier_id": dossier_id, "round": rnd}
            for key, (days, working) in stages.items():
                row[f"{key}_days"], row[f"{key}_working"] = days, working
            rows.append(row)
    return rows


def calendar_counts(cal: WorkCalendar) -> WorkingDayCounts:
    today = timezone.localdate()
    return WorkingDayCounts(cal, today, today)


def write(dossier_ids, *, event_model=DossierEvent, round_model=RoundTime, cal=None) -> int:
    """Recompute the :class:`RoundTime` rows of these dossiers from their events; the number of
    rows written. The models can be a migration's historical ones; ``cal`` a
    :class:`WorkingDayCounts` shared between calls (default: the schedule rows of every year)."""
    ids = list(dossier_ids)
    if not ids:
        return 0
    cal = cal or calendar_counts(WorkCalendar.load(dt.date.min, dt.date.max))
    events = (event_model.objects.filter(dossier_id__in=ids, kind__in=[str(k) for k in TRANSITIONS])
              .order_by("dossier_id", "at", "id").values_list("dossier_id", "kind", "round", "at"))
    rows = round_rows(events.iterator(chunk_size=2000), cal)
    with transaction.atomic():
        round_model.objects.filter(dossier_id__in=ids).delete()
        round_model.objects.bulk_create([round_model(**r) for r in rows], batch_size=1000)
    return len(rows)


def refresh(dossier) -> None:
    """The stage times of one dossier, after an event that starts or ends a stage."""
    write([dossier.pk])


def rebuild(*, dossier_model=None, event_model=DossierEvent, round_model=RoundTime, cal=None) -> int:
    """Every dossier's stage times (after bulk-written events or a change of the working
    calendar), :data:`BATCH` dossiers at a time; the number of rows written."""
    dossier_model = dossier_model or event_model._meta.get_field("dossier").related_model
    cal = cal or calendar_counts(WorkCalendar.load(dt.date.min, dt.date.max))
    ids = list(dossier_model.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    for i in range(0, len(ids), BATCH):
        written += write(ids[i:i + BATCH], event_model=event_model, round_model=round_model, cal=cal)
    return written


def rebuild_on_calendar_change(sender, **kwargs) -> None:
    """A schedule row saved or deleted: the working days of every stage may have changed."""
    transaction.on_commit(rebuild)
