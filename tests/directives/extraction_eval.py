"""Scoring of the extraction assistant on the labelled set ``tests/fixtures/directives``.

Used by ``test_extraction.py`` (which asserts the targets) and runnable on its own to print the
report: ``python -m tests.directives.extraction_eval [-v]``.

Per paragraph the labels and the proposals are compared as *sets*, so cutting one instruction
into one or two tasks for the same lead is not an error:

* lead unit: the set of lead keys (unit code, ``group:…`` or ``unknown:<folded name>``);
* coordinating: the set of (lead, coordinating key) pairs;
* deadline: the set of (lead, date) pairs of the assignments that have a deadline.

Precision = matched ÷ proposed, recall = matched ÷ labelled, summed over all paragraphs.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "directives"
FIXTURE = FIXTURES / "paragraphs.json"      # 58 paragraphs the rules were developed on
HELDOUT = FIXTURES / "heldout.json"         # 24 paragraphs written afterwards by someone who had not seen the rules


def demo_gazetteer():
    """The demo province's registry (cds/demo/units.py) as a gazetteer, without a database."""
    from cds.demo.units import REORGANISATIONS, UNITS
    from cds.directives.extract import Gazetteer, UnitRef

    pk = {u.code: i for i, u in enumerate(UNITS, start=1)}
    ends = {old: (succ, last) for old, succ, last in REORGANISATIONS}
    refs, names = [], {}
    for u in UNITS:
        succ, last = ends.get(u.code, ((), None))
        refs.append(UnitRef(pk[u.code], u.code, u.name, u.short, u.kind, u.parent is None and u.code == "SL",
                            u.valid_from, last, pk[succ[0]] if len(succ) == 1 else None))
        names[pk[u.code]] = list(u.aliases)
    # The ministry is another tree: extraction works on one tree (the province).
    refs = [r for r in refs if not r.code.startswith("BKHCN")]
    return Gazetteer(refs, names)


def _norm_key(key: str) -> str:
    from cds.directives.extract import fold_name

    return f"unknown:{fold_name(key[8:])}" if key.startswith("unknown:") else key


@dataclass
class Score:
    tp: int = 0
    proposed: int = 0
    labelled: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.labelled if self.labelled else 1.0

    def add(self, got: set, want: set) -> tuple[set, set]:
        self.tp += len(got & want)
        self.proposed += len(got)
        self.labelled += len(want)
        return got - want, want - got


def evaluate(verbose: bool = False, path: Path = FIXTURE) -> dict[str, Score]:
    from cds.directives.extract import extract

    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    gaz = demo_gazetteer()
    scores = {"lead": Score(), "coordinating": Score(), "deadline": Score()}
    for item in items:
        ref = dt.date.fromisoformat(item["date"])
        got = extract(item["text"], gaz, ref)
        want = item["assignments"]
        sets = {
            "lead": ({a.lead_key for a in got}, {_norm_key(a["lead"]) for a in want}),
            "coordinating": ({(a.lead_key, c) for a in got for c in a.coordinating_keys},
                             {(_norm_key(a["lead"]), _norm_key(c)) for a in want for c in a["coordinating"]}),
            "deadline": ({(a.lead_key, a.deadline.isoformat()) for a in got if a.deadline},
                         {(_norm_key(a["lead"]), a["deadline"]) for a in want if a["deadline"]}),
        }
        for name, (g, w) in sets.items():
            extra, missing = scores[name].add(g, w)
            if verbose and (extra or missing):
                print(f"{item['id']} {name}: extra={sorted(extra)} missing={sorted(missing)}")
    return scores


def report(scores: dict[str, Score]) -> str:
    lines = [f"{'':14}{'precision':>10}{'recall':>8}{'TP':>5}{'prop.':>6}{'lab.':>6}"]
    for name, s in scores.items():
        lines.append(f"{name:14}{s.precision:10.3f}{s.recall:8.3f}{s.tp:5}{s.proposed:6}{s.labelled:6}")
    return "\n".join(lines)


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    django.setup()
    for path in (FIXTURE, HELDOUT):
        print(path.name)
        print(report(evaluate(verbose="-v" in sys.argv, path=path)))
