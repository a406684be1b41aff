"""Read helpers for the unit tree (subtrees, successor chains, matching names to units)."""
from __future__ import annotations

from django.db.models import Q

from cds.text.normalize import fold

from .models import Unit, UnitAlias


def subtree_q(units, field: str = "") -> Q:
    """A Q matching rows whose unit (reached through ``field``) lies in the subtree of any of ``units``."""
    prefix = f"{field}__" if field else ""
    q = Q(pk__in=[]) if not field else Q(**{f"{prefix}pk__in": []})
    for unit in units:
        q |= Q(**{f"{prefix}path__startswith": unit.path})
    return q


def subtree_ids(unit_id):
    """The ids of the unit ``unit_id`` and every unit under it, as a sub-query (none when no such
    unit): a list filter "this unit and its sub-units" reads ``<unit field>__in=subtree_ids(id)``."""
    unit = Unit.objects.filter(pk=unit_id).only("path").first()
    return Unit.objects.filter(path__startswith=unit.path).values("pk") if unit else Unit.objects.none().values("pk")


def predecessor_closure(units) -> set[int]:
    """All units that (transitively) were succeeded by one of ``units``.

    Sở KH&CN inherits Sở TT&TT's records; a commune inherits its former district's.
    Few rows and shallow chains, so a loop of small queries is fine.
    """
    seen: set[int] = set()
    frontier = {u.pk for u in units}
    while frontier:
        preds = set(
            Unit.successors.through.objects.filter(to_unit_id__in=frontier).values_list("from_unit_id", flat=True)
        ) - seen
        seen |= preds
        frontier = preds
    return seen


def current_successor(unit: Unit) -> Unit:
    """Follow successor links to the unit that carries the work today (first successor wins)."""
    seen = {unit.pk}
    while True:
        nxt = unit.successors.order_by("pk").first()
        if nxt is None or nxt.pk in seen:
            return unit
        seen.add(nxt.pk)
        unit = nxt


def current_successors(units) -> dict[int, Unit]:
    """{unit id: :func:`current_successor` of the unit} for many units: one query per step of the
    longest successor chain, and one for the units reached."""
    units = list(units)
    first: dict[int, int | None] = {}   # unit id → its first successor's id
    frontier = {u.pk for u in units}
    links = Unit.successors.through.objects
    while frontier:
        found: dict[int, int] = {}
        rows = (links.filter(from_unit_id__in=frontier).order_by("from_unit_id", "to_unit_id")
                .values_list("from_unit_id", "to_unit_id"))
        for src, dst in rows:
            found.setdefault(src, dst)
        first.update({pk: found.get(pk) for pk in frontier})
        frontier = {dst for dst in found.values() if dst not in first}
    reached = {}
    for unit in units:
        seen, pk = {unit.pk}, unit.pk
        while (nxt := first.get(pk)) is not None and nxt not in seen:
            seen.add(nxt)
            pk = nxt
        reached[unit.pk] = pk
    own = {u.pk: u for u in units}
    others = Unit.objects.in_bulk({pk for pk in reached.values() if pk not in own})
    return {pk: own.get(to) or others[to] for pk, to in reached.items()}


def reorganised_by(unit: Unit):
    """The user who recorded that ``unit`` ends (the history row that set its ``valid_to``), or
    None when nobody is on record (units loaded by a script)."""
    if unit.valid_to is None:
        return None
    row = (unit.history.filter(valid_to=unit.valid_to, history_user__isnull=False)
           .select_related("history_user").order_by("history_date", "history_id").first())
    return row.history_user if row else None


def match_unit(text: str, *, within: Q | None = None) -> Unit | None:
    """Find a unit by code, full name, short name or alias, ignoring diacritics and case.

    Returns ``None`` when nothing or more than one unit matches (ambiguity is an error the
    caller reports to the user, never a guess).
    """
    key = fold(text)
    if not key:
        return None
    base = Unit.objects.all() if within is None else Unit.objects.filter(within)
    exact_code = list(base.filter(code__iexact=text.strip())[:2])
    if len(exact_code) == 1:
        return exact_code[0]
    candidates = {}
    for unit in base.only("pk", "code", "name", "short_name"):
        if key in (fold(unit.code), fold(unit.name), fold(unit.short_name)):
            candidates[unit.pk] = unit
    alias_ids = UnitAlias.objects.filter(folded=key).values_list("unit_id", flat=True)
    for unit in base.filter(pk__in=list(alias_ids)):
        candidates[unit.pk] = unit
    if len(candidates) == 1:
        return next(iter(candidates.values()))
    return None


class UnitMatcher:
    """Bulk version of :func:`match_unit` for imports: one query, then dictionary look-ups."""

    def __init__(self, queryset=None):
        self.by_key: dict[str, set[int]] = {}
        self.units: dict[int, Unit] = {}
        qs = queryset if queryset is not None else Unit.objects.all()
        for unit in qs.only("pk", "code", "name", "short_name", "path", "valid_to"):
            self.units[unit.pk] = unit
            for key in {fold(unit.code), fold(unit.name), fold(unit.short_name)} - {""}:
                self.by_key.setdefault(key, set()).add(unit.pk)
        for unit_id, folded in UnitAlias.objects.filter(unit_id__in=list(self.units)).values_list("unit_id", "folded"):
            self.by_key.setdefault(folded, set()).add(unit_id)

    def match(self, text) -> tuple[Unit | None, str]:
        """(unit, "") on success, (None, reason) otherwise; reason is in Vietnamese."""
        key = fold(str(text or ""))
        if not key:
            return None, "chưa nhập đơn vị"
        ids = self.by_key.get(key, set())
        if len(ids) == 1:
            return self.units[next(iter(ids))], ""
        if len(ids) > 1:
            return None, f"“{text}” khớp với nhiều đơn vị, hãy dùng mã đơn vị"
        return None, f"không tìm thấy đơn vị “{text}”"
