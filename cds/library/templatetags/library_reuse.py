"""``{% reuse_facts as box %}`` for the entry page's reuse box (library/_reuse_box.html): the
entry (the page's ``practice``, ``p`` or ``entry``), how many proposals reused it, those the user
may read, and whether the user may start a reuse of it."""
from django import template

from cds.library.models import Practice, Status
from cds.library.permissions import can_reuse
from cds.library.selectors_reuse import practice_reuses

register = template.Library()


@register.simple_tag(takes_context=True)
def reuse_facts(context) -> dict | None:
    practice = next((context.get(n) for n in ("practice", "p", "entry") if isinstance(context.get(n), Practice)),
                    None)
    request = context.get("request")
    if practice is None or request is None:
        return None
    user = request.user
    count, proposals = practice_reuses(user, practice)
    return {"practice": practice, "count": count, "proposals": proposals, "hidden": count > len(proposals),
            "can_reuse": practice.status == Status.PUBLISHED and can_reuse(user)}
