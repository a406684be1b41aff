"""Quality of the matching engine on the labelled names in ``tests/fixtures/overlap``.

The fixture lists names with a *purpose group* (see its README): two names of one group are a
pair of the same purpose, two names of different groups a pair of different purposes. We
report, at a threshold:

* precision, recall and F1 over **every** pair of names (what the all-pairs scan faces);
* the same over the **hard pairs** of ``pairs.csv`` — every same-purpose pair plus, for each
  name, the names of other groups that share the most key words with it (the negatives a word
  matcher confuses);
* **top-1 accuracy**: each name is looked up among all the others; right when the best
  candidate has the same purpose;

and the same for the baseline the engine must beat, an exact match of normalised names (folded,
abbreviations expanded, stop phrases removed — already stronger than plain equality).

``python manage.py overlap_quality`` prints the report; tests/overlap/test_engine.py holds
the targets (F1 ≥ 0.85, top-1 ≥ 0.9).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

from cds.text.matching import (
    DEFAULT_THRESHOLD,
    TfidfBackend,
    key_text,
    transitive_rerank,
    with_transitive,
)

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "overlap"


@dataclass
class Name:
    group: str
    name: str
    province: str
    style: str


def load_names(folder: Path = FIXTURES) -> list[Name]:
    out = []
    for path in sorted(folder.glob("names*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            out.extend(Name(r["group"], r["name"].strip(), r.get("province", ""), r.get("style", ""))
                       for r in csv.DictReader(f))
    return out


def load_pairs(folder: Path = FIXTURES) -> list[tuple[str, str, int]]:
    with (folder / "pairs.csv").open(encoding="utf-8", newline="") as f:
        return [(r["name_a"], r["name_b"], int(r["same_purpose"])) for r in csv.DictReader(f)]


def hard_pairs(names: list[Name], negatives_per_name: int = 2) -> list[tuple[str, str, int]]:
    """Every same-purpose pair, plus for each name the ``negatives_per_name`` names of other
    groups sharing the most key words with it (ties broken by order in the file)."""
    keys = [set(key_text(n.name).split()) for n in names]
    pairs, seen = [], set()
    for i, j in combinations(range(len(names)), 2):
        if names[i].group == names[j].group:
            pairs.append((names[i].name, names[j].name, 1))
            seen.add((i, j))
    for i, n in enumerate(names):
        ranked = sorted((j for j in range(len(names)) if names[j].group != n.group),
                        key=lambda j: (-len(keys[i] & keys[j]), j))
        for j in ranked[:negatives_per_name]:
            key = (min(i, j), max(i, j))
            if key not in seen and keys[i] & keys[j]:
                seen.add(key)
                pairs.append((names[key[0]].name, names[key[1]].name, 0))
    return pairs


def write_pairs(path: Path, pairs) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name_a", "name_b", "same_purpose"])
        w.writerows(pairs)


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int

    def row(self) -> str:
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  (TP {self.tp}, FP {self.fp}, FN {self.fn})"


def prf(predicted: np.ndarray, truth: np.ndarray) -> Scores:
    tp = int((predicted & truth).sum())
    fp = int((predicted & ~truth).sum())
    fn = int((~predicted & truth).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0, tp, fp, fn)


@dataclass
class Report:
    names: int
    groups: int
    threshold: float
    all_pairs: int
    all_engine: Scores
    all_baseline: Scores
    hard_pairs: int
    hard_engine: Scores
    hard_baseline: Scores
    top1_engine: float
    top1_baseline: float
    by_style: dict

    def text(self) -> str:
        lines = [
            f"Tập nhãn: {self.names} tên, {self.groups} nhóm mục đích; ngưỡng {self.threshold}",
            f"Mọi cặp ({self.all_pairs}):   máy  {self.all_engine.row()}",
            f"{'':>{len(str(self.all_pairs)) + 14}}gốc  {self.all_baseline.row()}",
            f"Cặp khó ({self.hard_pairs}):  máy  {self.hard_engine.row()}",
            f"{'':>{len(str(self.hard_pairs)) + 14}}gốc  {self.hard_baseline.row()}",
            f"Top-1: máy {self.top1_engine:.3f}, gốc (tên chuẩn hóa trùng hẳn) {self.top1_baseline:.3f}",
            "Top-1 theo kiểu viết: " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(self.by_style.items())),
        ]
        return "\n".join(lines)


def similarity_matrix(texts: list[str], backend_factory=TfidfBackend) -> np.ndarray:
    backend = backend_factory()
    backend.fit(texts, [""] * len(texts))
    return np.vstack([backend.scores(t) for t in texts])


def predicted_pairs(texts: list[str], threshold: float, backend_factory=TfidfBackend) -> set[tuple[int, int]]:
    """The pairs the all-pairs scan (and ``find_overlaps``) reports: direct pairs from the
    backend plus transitive ones, exactly as the product computes them."""
    backend = backend_factory()
    backend.fit(texts, [""] * len(texts))
    direct = {(i, j): s for i, j, s in backend.pairs(threshold)}
    return set(with_transitive(direct, threshold))


def evaluate(names: list[Name] | None = None, threshold: float = DEFAULT_THRESHOLD,
             pairs: list[tuple[str, str, int]] | None = None) -> Report:
    names = names if names is not None else load_names()
    texts = [n.name for n in names]
    groups = np.array([n.group for n in names])
    keys = np.array([key_text(t) for t in texts])
    found = predicted_pairs(texts, threshold)
    iu = np.triu_indices(len(names), k=1)
    truth = groups[iu[0]] == groups[iu[1]]
    hit = np.zeros((len(names), len(names)), bool)
    for i, j in found:
        hit[i, j] = hit[j, i] = True
    engine_all = prf(hit[iu], truth)
    base_all = prf(keys[iu[0]] == keys[iu[1]], truth)

    if pairs is None:
        pairs = load_pairs() if (FIXTURES / "pairs.csv").exists() and names == load_names() else hard_pairs(names)
    pos = {t: i for i, t in enumerate(texts)}
    a = np.array([pos[p[0]] for p in pairs])
    b = np.array([pos[p[1]] for p in pairs])
    label = np.array([p[2] for p in pairs], bool)
    engine_hard = prf(hit[a, b], label)
    base_hard = prf(keys[a] == keys[b], label)

    # top-1: each name looked up among all the others, ranked as the check ranks them
    sim = similarity_matrix(texts)
    np.fill_diagonal(sim, 0)
    best = np.array([transitive_rerank(sim[i], lambda rows: sim[np.ix_(rows, rows)])[0].argmax()
                     for i in range(len(names))])
    has_twin = np.array([(groups == g).sum() > 1 for g in groups])
    right = groups[best] == groups
    top1 = float(right[has_twin].mean())
    base_right = np.array([any(keys[j] == keys[i] and groups[j] == groups[i] for j in range(len(names)) if j != i)
                           for i in range(len(names))])
    styles = {}
    for style in sorted({n.style for n in names}):
        mask = has_twin & np.array([n.style == style for n in names])
        if mask.any():
            styles[style or "—"] = float(right[mask].mean())
    return Report(len(names), len(set(groups)), threshold, len(truth), engine_all, base_all, len(pairs),
                  engine_hard, base_hard, top1, float(base_right[has_twin].mean()), styles)


def held_out(names: list[Name] | None = None, grid=None) -> list[tuple[str, float, Scores]]:
    """Threshold chosen on one author's file (F1 on its labelled pairs), applied to the other's:
    how well the choice generalises beyond the names it was tuned on."""
    names = names if names is not None else load_names()
    grid = grid if grid is not None else [round(x, 2) for x in np.arange(0.26, 0.56, 0.02)]
    parts = {f: [n for n in names if n.group.startswith(f"{f}-")] for f in ("a", "b")}
    out = []
    for train, test in (("a", "b"), ("b", "a")):
        best_t = max(grid, key=lambda t: evaluate(parts[train], t, hard_pairs(parts[train])).hard_engine.f1)
        out.append((f"{train}→{test}", best_t, evaluate(parts[test], best_t, hard_pairs(parts[test])).hard_engine))
    return out


def best_threshold(names: list[Name] | None = None, grid=None) -> list[tuple[float, float, float]]:
    """(threshold, F1 over every pair, F1 over the labelled pairs) along a grid — how the
    default was chosen."""
    names = names if names is not None else load_names()
    grid = grid if grid is not None else [round(x, 2) for x in np.arange(0.26, 0.56, 0.02)]
    out = []
    for t in grid:
        r = evaluate(names, t)
        out.append((t, r.all_engine.f1, r.hard_engine.f1))
    return out
