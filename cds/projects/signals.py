"""Signals the registry sends so that higher apps react to it without the registry importing them."""
from django.dispatch import Signal

#: Sent after the transaction that created or changed a project's matching-relevant fields
#: (name, objectives, scope, capabilities, data entities) has committed. ``project_id`` is the
#: project's pk. A receiver's failure must never undo or block the save; receivers log and
#: swallow their own errors (``send_robust``).
project_text_saved = Signal()
