"""Each app owns the audit verbs it records: every verb the code records has a Vietnamese label
registered by an app's events.py, no label waits for a verb nobody records, and the audit app
labels only its own verbs."""
import ast
from pathlib import Path

import pytest

from cds.appraisal.models import EventKind
from cds.audit import registry

CDS = Path(__file__).resolve().parents[2] / "cds"


def _sources():
    for path in sorted(CDS.rglob("*.py")):
        if "migrations" not in path.parts and path.name != "events.py":
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _constants(node) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _constants(node.body) | _constants(node.orelse)
    return set()


def recorded_verbs() -> set[str]:
    """Verbs passed to record_event or record_events (second argument) or sent with the units' signal (verb=),
    literally or through a variable assigned a literal in the same function."""
    verbs = set()
    for _path, tree in _sources():
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.Module)):
                continue
            assigned = {}
            for node in ast.walk(fn):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    assigned[node.targets[0].id] = _constants(node.value)
            for node in ast.walk(fn):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                args = []
                if name in ("record_event", "record_events") and len(node.args) >= 2:
                    args.append(node.args[1])
                args += [kw.value for kw in node.keywords if kw.arg == "verb"]
                for arg in args:
                    verbs |= _constants(arg) or assigned.get(getattr(arg, "id", None), set())
    return verbs | {f"appraisal.{kind}" for kind in EventKind.values}


def test_every_recorded_verb_has_a_label():
    recorded = recorded_verbs()
    assert len(recorded) > 40
    assert sorted(v for v in recorded if v not in registry.VERB_LABELS) == []


def test_no_label_without_a_verb_that_is_recorded():
    recorded = recorded_verbs()
    assert sorted(v for v in registry.VERB_LABELS if v not in recorded) == []


def test_the_audit_app_labels_only_what_it_records_itself():
    own = {v for v, owner in registry.OWNERS.items() if owner == "audit"}
    assert own and all(v.startswith("auth.") or v == "export.audit_xlsx" for v in own)
    assert registry.OWNERS["project.transition"] == "projects"
    assert registry.OWNERS["unit.reorganised"] == "orgs"
    assert registry.OWNERS["overlap.decided"] == "overlap"


def test_a_verb_cannot_be_claimed_by_two_apps():
    with pytest.raises(ValueError):
        registry.register("reviews", {"project.transition": "Chuyển trạng thái"})
