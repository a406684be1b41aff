"""Field-level history shown as diffs (who, when, before → after), for any model with
django-simple-history records: the project page, a unit, a task, a review. Foreign keys and
many-to-many ids are resolved to names in bulk (one query per related model, read from the
fields themselves), so the page cost does not grow with the number of changes."""
from __future__ import annotations

from dataclasses import dataclass, field

from cds.text.format import vnd, vndate

TYPE_LABELS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
HIDDEN = {"created_by", "created_at", "state_changed_at", "file_sha256", "version"}


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: object
    who: str
    what: str
    action: str
    changes: list[Change] = field(default_factory=list)


def _label(model, name):
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - history-only fields
        label = name
    return label[:1].upper() + label[1:]


def _display(model, name, value, names):
    if value is None or value == "":
        return "—"
    try:
        f = model._meta.get_field(name)
    except Exception:  # noqa: BLE001
        return str(value)
    if f.many_to_many:
        target = f.related_model
        key = target._meta.model_name
        ids = [row.get(key) if isinstance(row, dict) else row for row in value]
        return ", ".join(sorted(names.get((target, i), f"#{i}") for i in ids)) or "—"
    if f.is_relation:
        return names.get((f.related_model, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if name == "amount":
        return vnd(value)
    if hasattr(value, "strftime"):
        return vndate(value)
    return str(value)


def _rows_for(model, records, what_fn):
    """Pair each history record with its predecessor (same object) and diff them."""
    records = sorted(records, key=lambda r: (r.id_for_history, r.history_date, r.history_id))
    previous = {}
    out = []
    for rec in records:
        prev = previous.get(rec.id_for_history)
        changes = []
        if prev is not None:
            delta = rec.diff_against(prev)
            for ch in delta.changes:
                if ch.field in HIDDEN:
                    continue
                changes.append((ch.field, ch.old, ch.new))
        elif rec.history_type == "+":
            for f in model._meta.fields:
                if f.name in HIDDEN or f.name in ("id", "search_text", "project", "path", "depth"):
                    continue
                val = getattr(rec, f.attname, None)
                if val not in (None, "", False, 0):
                    changes.append((f.name, None, val))
        previous[rec.id_for_history] = rec
        out.append((rec, what_fn(rec), changes))
    return out


def _relation(model, name):
    """The foreign-key or many-to-many field ``name`` of ``model``, or None."""
    try:
        f = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - history-only fields
        return None
    return f if f.is_relation and f.related_model is not None else None


def build_history(sources) -> list[HistoryRow]:
    """Diff rows for several (model, history records, label function) sources, newest first."""
    raw = []
    for model, records, what_fn in sources:
        records = list(records)
        for r in records:
            r.id_for_history = r.id
        raw += _rows_for(model, records, what_fn)
    # Resolve every foreign-key / m2m id mentioned, one query per model.
    wanted: dict[type, set] = {}
    for rec, _what, changes in raw:
        for name, old, new in changes:
            f = _relation(rec.instance_type, name)
            if f is None:
                continue
            target = f.related_model
            if f.many_to_many:
                key = target._meta.model_name
                for val in (old or [], new or []):
                    for row in val:
                        wanted.setdefault(target, set()).add(row.get(key) if isinstance(row, dict) else row)
            else:
                wanted.setdefault(target, set()).update(v for v in (old, new) if v)
    names = {}
    for model, ids in wanted.items():
        for obj in model.objects.filter(pk__in=ids):
            names[(model, obj.pk)] = str(obj)
    rows = []
    for rec, what, changes in raw:
        model = rec.instance_type
        rendered = [
            Change(name, _label(model, name), _display(model, name, old, names) if old is not None else "—",
                   _display(model, name, new, names))
            for name, old, new in changes
        ]
        if rec.history_type == "~" and not rendered:
            continue
        user = rec.history_user
        rows.append(HistoryRow(
            when=rec.history_date, who=(user.get_full_name() or user.username) if user else "Hệ thống",
            what=what, action=TYPE_LABELS.get(rec.history_type, rec.history_type), changes=rendered,
        ))
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows
