"""Signals of the unit forest, for the apps above it (the audit log records them)."""
from django.dispatch import Signal

#: Sent inside the transaction that changed a unit, with ``actor``, ``verb`` (one of
#: ``cds.orgs.events.VERBS``), ``unit`` and ``data``; a receiver that fails rolls the change back.
unit_changed = Signal()
