"""What waits on whom in procurement: the lists of ``/dau-thau/?todo=<key>`` and the counts of the
home page's "Việc cần làm" (:mod:`cds.procurement.todo`), both from :func:`waiting` — the number on
the home page is the number of rows of the list, by construction.

* a unit head and the CĐS authority: packages of their units changed by someone else and not yet
  confirmed (maker ≠ checker);
* a unit's staff: packages of their units with a result and no contract recorded yet.

The procurement page shows the list with :func:`waiting_context` and the template
``procurement/_waiting.html``."""
from __future__ import annotations

from django.core.paginator import Paginator

from cds.accounts import access

from .permissions import scope_packages

#: key → label
WAITING = {
    "to_confirm": "Gói thầu chờ xác nhận",
    "no_contract": "Gói thầu đã có kết quả, chưa ghi hợp đồng",
}
PER_PAGE = 25


def waiting(user, key: str):
    """The packages behind item ``key`` for ``user`` (a queryset, in the order the list shows)."""
    own = scope_packages(user).filter(access.scope_for(user).q("unit"), cancelled=False)
    if key == "to_confirm":
        qs = own.filter(checked_by__isnull=True).exclude(changed_by=user).order_by("changed_at", "pk")
    elif key == "no_contract":
        qs = own.filter(awarded_price__isnull=False, contract__isnull=True).order_by("awarded_on", "pk")
    else:
        raise KeyError(key)
    return qs.select_related("project", "unit", "changed_by", "contractor")


def waiting_context(request) -> dict:
    """The context of the list ``?todo=<key>`` (nothing when the query names no list)."""
    key = request.GET.get("todo") or ""
    if key not in WAITING:
        return {}
    page = Paginator(waiting(request.user, key), PER_PAGE).get_page(request.GET.get("tpage"))
    return {"todo": key, "todo_label": WAITING[key], "waiting_page": page, "todo_rows": list(page.object_list)}
