"""Signals the registry sends so that higher apps react to it without the registry importing them."""
from django.dispatch import Signal

#: Sent after the transaction that created or changed a project's matching-relevant fields
#: (name, objectives, scope, capabilities, data entities) has committed. ``project_id`` is the
#: project's pk. A receiver's failure must never undo or block the save; receivers log and
#: swallow their own errors (``send_robust``).
project_text_saved = Signal()

#: Sent inside the transaction of an edit that moved a project to another investor unit, with
#: ``project_id``, ``old_unit_id`` and ``new_unit_id``: apps that copy the investor onto their
#: own rows follow it in the same transaction (a receiver's error undoes the edit).
investor_changed = Signal()
