"""Running services on a past day, for the demo modules that build their records through the
services (which stamp "now" on what they write, as a real system does)."""
from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager

from django.db.models.signals import pre_save
from django.utils import timezone


class ServiceClock:
    """Inside ``at(day)`` ``timezone.now`` answers a moment of ``day`` (office hours, never after
    the real now), and while ``running()`` rows of the ``stamped`` models ({model: field, or a
    tuple of fields}) being created take that moment (a field whose default is the real clock)."""

    def __init__(self, rng: random.Random, now: dt.datetime, stamped: dict, day_start: dt.time, uid: str):
        self.rng, self.now, self.stamped, self.day_start, self.uid = rng, now, stamped, day_start, uid
        self.moment: dt.datetime | None = None

    @contextmanager
    def at(self, day: dt.date):
        base = timezone.make_aware(dt.datetime.combine(day, self.day_start)) + dt.timedelta(
            minutes=self.rng.randint(0, 420))
        moment = min(base, self.now - dt.timedelta(minutes=1))
        self.moment = moment
        real_now = timezone.now
        timezone.now = lambda: moment
        try:
            yield moment
        finally:
            timezone.now = real_now
            self.moment = None

    def _stamp(self, sender, instance, **kwargs):
        if self.moment is not None and instance._state.adding and sender in self.stamped:
            fields = self.stamped[sender]
            for name in (fields,) if isinstance(fields, str) else fields:
                setattr(instance, name, self.moment)

    @contextmanager
    def running(self):
        pre_save.connect(self._stamp, weak=False, dispatch_uid=self.uid)
        try:
            yield
        finally:
            pre_save.disconnect(dispatch_uid=self.uid)
