"""Past dates for a demo built today.

The services stamp "now" on ``created_at``, on simple-history's ``history_date`` and on audit
events; they must, a real system does the same.  While building, :class:`Stamps` records the
simulated moment of every service call (a time on the day the step happened, strictly
increasing per object so timelines keep their order); :meth:`Stamps.apply` then rewrites the
stored timestamps in bulk (``bulk_update`` = one ``UPDATE … CASE`` per batch, no per-row saves).

Rows are matched to moments in two ways:

* rows a service returns (project, event, budget entry, document) by primary key;
* rows it does not return (history records, audit events) by order: the n-th history record
  or audit event of an object belongs to the n-th recorded call on that object.  If a service
  ever writes more rows than expected, the surplus takes the object's last moment rather
  than failing.
"""
from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from cds.accounts.models import User
from cds.audit.models import AuditEvent
from cds.orgs.models import Unit
from cds.projects.models import BudgetEntry, Project, ProjectDocument, ProjectEvent

BATCH = 500
DAY_START = dt.time(7, 35)


class Stamps:
    def __init__(self, rng: random.Random, now: dt.datetime):
        self.rng = rng
        self.now = now
        self._last: dict[object, dt.datetime] = {}
        self.project_saves = defaultdict(list)      # project pk -> moments of saves writing history
        self.project_transitions: dict[int, dt.datetime] = {}
        self.audit = defaultdict(list)               # (target_type, pk) -> moments of audit events
        self.events: dict[int, dt.datetime] = {}     # ProjectEvent pk -> moment
        self.created_events: dict[int, dt.datetime] = {}  # project pk -> moment of its "created" event
        self.rebaselines: dict[tuple[int, str], dt.datetime] = {}
        self.checks: dict[int, dt.datetime] = {}     # ProjectEvent pk -> moment of supervisor check
        self.entries: dict[int, dt.datetime] = {}
        self.documents: dict[int, dt.datetime] = {}
        self.unit_saves = defaultdict(list)
        self.users: dict[int, dt.datetime] = {}

    # ------------------------------------------------------------ recording ----

    def tick(self, key, day: dt.date) -> dt.datetime:
        """A moment on ``day`` (office hours), after the previous moment of ``key``, never in the future."""
        base = timezone.make_aware(dt.datetime.combine(day, DAY_START)) + dt.timedelta(
            minutes=self.rng.randint(0, 150))
        last = self._last.get(key)
        if last is not None and base <= last:
            base = last + dt.timedelta(minutes=self.rng.randint(4, 35))
        moment = min(base, self.now - dt.timedelta(minutes=1))
        self._last[key] = moment
        return moment

    # -------------------------------------------------------------- applying ----

    def apply(self, project_pks) -> None:
        pks = list(project_pks)
        # Projects.
        rows = []
        for pk in pks:
            saves, calls = self.project_saves.get(pk), self.audit.get(("projects.project", pk))
            if not saves:
                continue
            rows.append(Project(
                pk=pk, created_at=saves[0], updated_at=max(calls or saves),
                state_changed_at=self.project_transitions.get(pk, saves[0]),
            ))
        Project.objects.bulk_update(rows, ["created_at", "updated_at", "state_changed_at"], batch_size=BATCH)
        self._history(Project.history.model, pks, self.project_saves)

        # Timeline events.
        rows = []
        for pk, pid, kind, number, occurred in ProjectEvent.objects.filter(project_id__in=pks).values_list(
            "pk", "project_id", "kind", "decision_number", "occurred_on"
        ):
            moment = (
                self.events.get(pk)
                or (self.created_events.get(pid) if kind == "created" else None)
                or self.rebaselines.get((pid, number))
                or timezone.make_aware(dt.datetime.combine(occurred, dt.time(9, 0)))
            )
            rows.append(ProjectEvent(pk=pk, created_at=moment, checked_at=self.checks.get(pk)))
        ProjectEvent.objects.bulk_update(rows, ["created_at", "checked_at"], batch_size=BATCH)

        # Ledger and documents, with their history.
        self._by_pk(BudgetEntry, self.entries)
        hist = BudgetEntry.history.model
        rows = []
        seen = set()
        for hid, pk, superseded_by in hist.objects.filter(id__in=self.entries).order_by("history_id").values_list(
            "history_id", "id", "superseded_by_id"
        ):
            moment = self.entries[pk]
            if pk in seen and superseded_by in self.entries:
                moment = self.entries[superseded_by]   # the row written when a rebaseline superseded it
            seen.add(pk)
            rows.append(hist(history_id=hid, history_date=moment))
        hist.objects.bulk_update(rows, ["history_date"], batch_size=BATCH)
        self._by_pk(ProjectDocument, self.documents)
        hist = ProjectDocument.history.model
        rows = [hist(history_id=hid, history_date=self.documents[pk]) for hid, pk in
                hist.objects.filter(id__in=self.documents).values_list("history_id", "id")]
        hist.objects.bulk_update(rows, ["history_date"], batch_size=BATCH)

        # Units and their history.
        self._history(Unit.history.model, list(self.unit_saves), self.unit_saves)

        # Audit log: the n-th event of an object is the n-th recorded call on it.
        rows = []
        for target_type in ("projects.project", "orgs.unit"):
            ids = [pk for (tt, pk) in self.audit if tt == target_type]
            grouped = defaultdict(list)
            for pk, target_id in AuditEvent.objects.filter(target_type=target_type, target_id__in=ids).order_by(
                "id"
            ).values_list("pk", "target_id"):
                grouped[target_id].append(pk)
            for target_id, event_pks in grouped.items():
                moments = self.audit[(target_type, target_id)]
                for i, pk in enumerate(event_pks):
                    rows.append(AuditEvent(pk=pk, created_at=moments[min(i, len(moments) - 1)]))
        AuditEvent.objects.bulk_update(rows, ["created_at"], batch_size=BATCH)

        # Accounts.
        User.objects.bulk_update([User(pk=pk, date_joined=m) for pk, m in self.users.items()], ["date_joined"],
                                 batch_size=BATCH)

    @staticmethod
    def _by_pk(model, moments: dict) -> None:
        model.objects.bulk_update([model(pk=pk, created_at=m) for pk, m in moments.items()], ["created_at"],
                                  batch_size=BATCH)

    @staticmethod
    def _history(hist, pks, moments_by_pk) -> None:
        grouped = defaultdict(list)
        for hid, pk in hist.objects.filter(id__in=pks).order_by("history_id").values_list("history_id", "id"):
            grouped[pk].append(hid)
        rows = []
        for pk, hids in grouped.items():
            moments = moments_by_pk.get(pk)
            if not moments:
                continue
            for i, hid in enumerate(hids):
                rows.append(hist(history_id=hid, history_date=moments[min(i, len(moments) - 1)]))
        hist.objects.bulk_update(rows, ["history_date"], batch_size=BATCH)
