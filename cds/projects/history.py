"""Field-level history shown as diffs (who, when, before → after) for the project page and
for inspectors. Built on django-simple-history records; foreign keys are resolved to names
in bulk so the page cost does not grow with the number of changes."""
from __future__ import annotations

from dataclasses import dataclass, field

from cds.catalog.models import Capability, DataEntity, FundingSource, Programme
from cds.orgs.models import Unit
from cds.rules.models import LegalRegime

from .models import BudgetEntry, Project, ProjectDocument, Stage

TYPE_LABELS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
FK_MODELS = {
    "regime": LegalRegime, "programme": Programme, "investor_unit": Unit, "lead_unit": Unit,
    "funding_source": FundingSource, "superseded_by": BudgetEntry, "parent": Unit,
}
M2M_MODELS = {
    "coordinating_units": (Unit, "unit"), "funding_sources": (FundingSource, "fundingsource"),
    "capabilities": (Capability, "capability"), "data_entities": (DataEntity, "dataentity"),
}
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
    if name in FK_MODELS:
        return names.get((FK_MODELS[name], value), f"#{value}")
    if name in M2M_MODELS:
        target, key = M2M_MODELS[name]
        ids = [row.get(key) if isinstance(row, dict) else row for row in value]
        return ", ".join(sorted(names.get((target, i), f"#{i}") for i in ids)) or "—"
    try:
        f = model._meta.get_field(name)
    except Exception:  # noqa: BLE001
        return str(value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if name == "amount":
        from cds.core.templatetags.vn import vnd

        return vnd(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
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


def project_history(project: Project) -> list[HistoryRow]:
    stage_labels = dict(Stage.choices)
    return build_history([
        (Project, project.history.select_related("history_user").all(), lambda r: "Thông tin nhiệm vụ/dự án"),
        (BudgetEntry, BudgetEntry.history.filter(project_id=project.pk).select_related("history_user"),
         lambda r: f"Sổ ngân sách: {stage_labels.get(r.stage, r.stage)} {r.year}"),
        (ProjectDocument, ProjectDocument.history.filter(project_id=project.pk).select_related("history_user"),
         lambda r: f"Văn bản số {r.number}"),
    ])


def unit_history(unit: Unit) -> list[HistoryRow]:
    return build_history([(Unit, unit.history.select_related("history_user").all(), lambda r: "Thông tin đơn vị")])


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
    for _rec, _what, changes in raw:
        for name, old, new in changes:
            if name in FK_MODELS:
                wanted.setdefault(FK_MODELS[name], set()).update(v for v in (old, new) if v)
            elif name in M2M_MODELS:
                target, key = M2M_MODELS[name]
                for val in (old or [], new or []):
                    for row in val:
                        wanted.setdefault(target, set()).add(row.get(key) if isinstance(row, dict) else row)
    names = {}
    for model, ids in wanted.items():
        for obj in model.objects.filter(pk__in=ids):
            names[(model, obj.pk)] = str(obj) if model is not LegalRegime else obj.short_name
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
