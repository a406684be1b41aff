"""Scoring of the extraction assistant on the labelled set ``tests/fixtures/directives``.

Used by ``test_extraction.py`` (which asserts the targets) and runnable on its own to print the
report: ``python -m tests.directives.extraction_eval [-v]``.

Per paragraph the labels and the proposals are compared as *sets*, so cutting one instruction
into one or two tasks for the same lead is not an error:

* lead unit: the set of lead keys (unit code, ``group:…`` or ``unknown:<folded name>``);
* coordinating: the set of (lead, coordinating key) pairs;
* deadline: the set of (lead, date) pairs of the assignments that have a deadline.

Precision = matched ÷ proposed, recall = matched ÷ labelled, summed over all paragraphs.

**Real paragraphs** (JSON Lines, one paragraph per line, bodies stored *as written* and
deadlines as ISO dates — ``python -m tests.directives.extraction_eval --real FILE [-v]``):
extraction runs with an empty gazetteer (no registry: the paragraphs come from many provinces
and ministries) and the directive's ``date`` as reference. A body as written, labelled or
proposed, is compared by :func:`real_key`: a group phrase becomes its group key(s) with the
extractor's ``GROUP_PATTERNS`` ("các sở, ban, ngành" = "các Sở, ngành tỉnh"), any other name
its :func:`cds.directives.bodies.body_key` (folded, standard abbreviations expanded both ways,
trailing "tỉnh X"/"thành phố X", a leading "các" and a leader's title dropped). Figures: lead
P/R/F1; coordinating (lead, coordinator) P/R; deadline accuracy = share of the labelled (lead,
deadline) pairs with a date that are proposed exactly (the recall of those pairs), and deadline
precision.
"""
from __future__ import annotations

import datetime as dt
import json
import re
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


def _keys(key: str) -> list[str]:
    """A merged group ("group:departments+localities", one addressee as written) counts as the
    groups it names, as the labels of these sets list them."""
    if key.startswith("group:") and "+" in key:
        return [f"group:{g}" for g in key[6:].split("+")]
    return [key]


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
            "lead": ({k for a in got for k in _keys(a.lead_key)}, {_norm_key(a["lead"]) for a in want}),
            "coordinating": ({(k, c) for a in got for k in _keys(a.lead_key) for cc in a.coordinating_keys for c in _keys(cc)},
                             {(_norm_key(a["lead"]), _norm_key(c)) for a in want for c in a["coordinating"]}),
            "deadline": ({(k, a.deadline.isoformat()) for a in got if a.deadline for k in _keys(a.lead_key)},
                         {(_norm_key(a["lead"]), a["deadline"]) for a in want if a["deadline"]}),
        }
        for name, (g, w) in sets.items():
            extra, missing = scores[name].add(g, w)
            if verbose and (extra or missing):
                print(f"{item['id']} {name}: extra={sorted(extra)} missing={sorted(missing)}")
    return scores


# ------------------------------------------------------------------ real paragraphs ----

_GROUP_FILLER = re.compile(r"\b(?:va|tinh|thanh pho|truc thuoc|trung uong|tren dia ban|trong toan|co|lien quan|thuoc|cua"
                           r"|chuyen mon|chuc nang|ubnd|uy ban nhan dan)\b|[,;:()\-]")


_PLACE_NAME = re.compile(r"(?:\s+(?:tỉnh|thành phố|TP\.?|Tp\.?))?(?:\s+(?:[A-ZĐ][\wÀ-ỹ.]*|Đắk|Ðắk))+$")


def real_key(written: str) -> str:
    """The comparable key of a body as written (see the module docstring)."""
    from cds.directives.bodies import _TITLES, body_key, repair_spacing
    from cds.directives.extract import _fold_same_length, _group_res

    written = re.sub(r"\s*\([^()]*\)", "", written.strip())   # "Sở TT&TT (Sở Thông tin …)": the name before its gloss
    written = re.sub(r"^(?:tất cả|toàn bộ)\s+", "", written, flags=re.IGNORECASE)
    bare = _PLACE_NAME.sub("", written)          # "… trên địa bàn tỉnh Hà Tĩnh", "… TP.HCM"
    low = " ".join(_fold_same_length(repair_spacing(bare)[0]).replace("&", " & ").split())
    low = _TITLES.sub("", low + " ").strip()
    low = re.sub(r"^(?:thu truong|nguoi dung dau|lanh dao)\s+", "", low)
    groups: list[str] = []
    rest = low
    for group, pattern in _group_res():
        for m in pattern.finditer(rest):
            if group not in groups:
                groups.append(group)
            rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
    if groups and not _GROUP_FILLER.sub(" ", rest).strip():
        return "group:" + "+".join(sorted(groups))
    return body_key(written)


def read_real(path: Path) -> list[dict]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: dòng không phải JSON ({exc})") from None
    return items


def _rk(written: str) -> list[str]:
    """The keys a body as written counts as: a group phrase naming several groups ("các sở, ngành,
    địa phương", one addressee as written) counts as each of them on both sides, so one
    addressee written whole and the same addressees written as two are compared alike."""
    return _keys(real_key(written))


def _real_sets(got, want) -> dict[str, tuple[set, set]]:
    return {
        "lead": ({k for a in got for k in _rk(a.lead)}, {k for a in want for k in _rk(a["lead"])}),
        "coordinating": ({(k, c) for a in got for k in _rk(a.lead) for cc in a.coordinating for c in _rk(cc)},
                         {(k, c) for a in want for k in _rk(a["lead"]) for cc in a.get("coordinating") or [] for c in _rk(cc)}),
        "deadline": ({(k, a.deadline.isoformat()) for a in got if a.deadline for k in _rk(a.lead)},
                     {(k, a["deadline"]) for a in want if a.get("deadline") for k in _rk(a["lead"])}),
    }


def evaluate_real(path: Path, verbose: bool = False, items: list[dict] | None = None) -> dict[str, Score]:
    """Scores on real paragraphs (JSON Lines at ``path``, or ``items``), registry-free."""
    from cds.directives.extract import Gazetteer, extract

    gaz = Gazetteer([], {})
    scores = {"lead": Score(), "coordinating": Score(), "deadline": Score()}
    for item in items if items is not None else read_real(path):
        ref = dt.date.fromisoformat(item["date"]) if item.get("date") else None
        got = extract(item["text"], gaz, ref)
        for name, (g, w) in _real_sets(got, item.get("assignments") or []).items():
            extra, missing = scores[name].add(g, w)
            if verbose and (extra or missing):
                print(f"{item.get('id')} {name}: extra={sorted(extra)} missing={sorted(missing)}")
    return scores


def fictional_as_real(path: Path) -> list[dict]:
    """The labelled fictional paragraphs with their registry codes turned into names (the unit's
    full name; groups kept), to read them without the registry like real text."""
    from cds.demo.units import UNITS

    names = {u.code: u.name for u in UNITS}

    def written(key: str) -> str:
        if key.startswith("unknown:"):
            return key[8:]
        if key.startswith("group:"):
            return GROUP_WRITTEN[key[6:]]
        return names[key]

    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    return [{**item, "assignments": [{"lead": written(a["lead"]), "coordinating": [written(c) for c in a["coordinating"]],
                                      "deadline": a["deadline"]} for a in item["assignments"]]} for item in items]


GROUP_WRITTEN = {"departments": "các sở, ban, ngành", "districts": "UBND các huyện, thị xã, thành phố",
                 "communes": "UBND cấp xã", "localities": "các địa phương", "related": "các đơn vị liên quan"}


def real_report(scores: dict[str, Score]) -> str:
    return "\n".join([report(scores), real_line(scores)])


def real_line(scores: dict[str, Score]) -> str:
    coord, dl = scores["coordinating"], scores["deadline"]
    return (f"lead F1 {lead_f1(scores):.3f} · coordinating recall {coord.recall:.3f} · deadline accuracy "
            f"{dl.recall:.3f} (deadline precision {dl.precision:.3f})")


def source_folds(items: list[dict], k: int) -> list[list[dict]]:
    """``items`` in ``k`` folds, all paragraphs of one ``source`` in the same fold (sources dealt
    round-robin in order of first appearance), so no fold is scored on a source seen elsewhere."""
    sources: list[str] = []
    for item in items:
        if item.get("source", "") not in sources:
            sources.append(item.get("source", ""))
    fold_of = {src: n % k for n, src in enumerate(sources)}
    return [[i for i in items if fold_of[i.get("source", "")] == f] for f in range(k)]


def cv_mean(fold_scores: list[dict[str, Score]]) -> str:
    """The unweighted mean over folds of lead F1, coordinating recall and deadline accuracy."""
    n = len(fold_scores) or 1
    f1 = sum(lead_f1(s) for s in fold_scores) / n
    coord = sum(s["coordinating"].recall for s in fold_scores) / n
    dl = sum(s["deadline"].recall for s in fold_scores) / n
    return f"lead F1 {f1:.3f} · coordinating recall {coord:.3f} · deadline accuracy {dl:.3f}"


def lead_f1(scores: dict[str, Score]) -> float:
    lead = scores["lead"]
    return 2 * lead.precision * lead.recall / (lead.precision + lead.recall) if lead.precision + lead.recall else 0.0


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
    if "--real" in sys.argv:
        # several files (comma-separated) are pooled: "--real a.jsonl,b.jsonl --folds 5"
        paths = [Path(p) for p in sys.argv[sys.argv.index("--real") + 1].split(",")]
        pooled = [item for p in paths for item in read_real(p)]
        print(" + ".join(p.name for p in paths))
        print(real_report(evaluate_real(paths[0], verbose="-v" in sys.argv, items=pooled)))
        if "--folds" in sys.argv:
            k = int(sys.argv[sys.argv.index("--folds") + 1])
            lines = [evaluate_real(paths[0], items=fold) for fold in source_folds(pooled, k)]
            for n, (fold, sc) in enumerate(zip(source_folds(pooled, k), lines), start=1):
                print(f"fold {n} ({len(fold)} paragraphs): {real_line(sc)}")
            print(f"mean of {k} folds: " + cv_mean(lines))
        sys.exit(0)
    for path in (FIXTURE, HELDOUT):
        print(f"{path.name}, without the registry (names as written)")
        print(real_line(evaluate_real(path, items=fictional_as_real(path))))
    for path in (FIXTURE, HELDOUT):
        print(path.name)
        print(report(evaluate(verbose="-v" in sys.argv, path=path)))
