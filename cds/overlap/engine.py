"""The overlap index: every project and every platform alias as a row of the text backend
(:mod:`cds.text.matching`), plus what the structured signals need (capabilities, data
entities, unit, years).

One index per process, built on first use and kept current *incrementally*: before each
query it reads the projects saved since its last look (``updated_at``, indexed; one small
query) and re-vectorises only those, so a save in one gunicorn worker is seen by the others
at their next check. Platforms are few; a change to any of them rebuilds their rows. The
whole index is rebuilt when it has grown by a fifth since it was fitted (new words then get
their IDF weights).
"""
from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Max
from django.utils import timezone

from cds.catalog.models import Capability, DataEntity
from cds.projects.models import Project
from cds.text import matching, pair_model

from .models import (  # noqa: F401 — explain is part of the engine's interface
    Platform,
    explain,
)

# Structured signals add to the text score, only once the texts are already alike: two
# unrelated projects of the same unit are not candidates because they share a unit.
SIGNAL_FLOOR = 0.15  # on the scale of the pair score (the learned probability)
SIGNAL_BONUS = {"capability": 0.08, "data_entity": 0.08, "unit": 0.03, "years": 0.03}
SIGNAL_CAP = {"capability": 0.16, "data_entity": 0.16, "unit": 0.03, "years": 0.03}
MAX_BONUS = 0.2  # how far below the threshold the all-pairs scan looks for pairs signals may lift
REBUILD_GROWTH = 0.2
LOOKBACK_SECONDS = 60  # rows committed late with an older updated_at are still picked up
# A check rescores its RESCORE_POOL best rows by cosine (those at least pair_model.COSINE_FLOOR)
# with the learned pair model; the rest score 0 — the rule the cross-validation measures.
RESCORE_POOL = 60


@dataclass
class Row:
    kind: str  # "project" | "platform"
    obj_id: int
    name: str
    detail: str = ""
    code: str = ""
    unit_id: int | None = None
    unit_name: str = ""
    unit_path: str = ""  # the tree it belongs to; "" = every tree (national platforms)
    years: tuple[int, int] | None = None
    state: str = ""
    capabilities: frozenset = frozenset()
    data_entities: frozenset = frozenset()
    stamp: object = None
    title: str = ""  # what to show when the row is an alias ("LGSP" → the platform's name)


@dataclass
class Candidate:
    kind: str  # "project" | "system" | "platform"
    id: int
    code: str
    name: str
    unit: str
    score: float
    text_score: float
    terms: list[str] = field(default_factory=list)
    signals: list[dict] = field(default_factory=list)
    unit_path: str = ""
    decision: str = ""  # an existing decision on the pair, if any

    @property
    def explanation(self) -> str:
        return explain(self.terms, self.signals)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


RUNNING_STATES = {"in_operation", "settled"}
HIDDEN_VIA = "một nhiệm vụ/dự án khác"


def tree_of(unit_path: str) -> str:
    """"/12/34/" → "/12/" (the tree a unit path belongs to); "" stays "" (national platforms)."""
    return f"/{unit_path.split('/')[1]}/" if unit_path else ""


class OverlapIndex:
    def __init__(self, backend_path: str | None = None):
        self.backend_path = backend_path
        self.lock = threading.RLock()
        self.backend = None
        self.rows: list[Row] = []
        self.alive = np.zeros(0, bool)
        self.by_key: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.fitted_size = 0
        self.project_mark = None
        self.platform_mark = None
        self.build_seconds = 0.0
        self.idf: dict[str, float] = {}
        self.labels: dict = {}

    # -------------------------------------------------------------- loading ----
    @staticmethod
    def _project_rows(qs) -> list[Row]:
        fields = ("pk", "code", "name", "objectives", "scope", "investor_unit_id", "investor_unit__name",
                  "investor_unit__path", "start_year", "end_year", "state", "updated_at")
        data = list(qs.order_by().values_list(*fields))  # no default ordering: let the updated_at index work
        ids = [d[0] for d in data]
        caps, ents = defaultdict(set), defaultdict(set)
        if ids:
            for chunk in range(0, len(ids), 20000):
                part = ids[chunk:chunk + 20000]
                for pid, cid in Project.capabilities.through.objects.filter(project_id__in=part).values_list(
                        "project_id", "capability_id"):
                    caps[pid].add(cid)
                for pid, eid in Project.data_entities.through.objects.filter(project_id__in=part).values_list(
                        "project_id", "dataentity_id"):
                    ents[pid].add(eid)
        return [Row("project", pk, name, f"{obj or ''} {scope or ''}".strip(), code, uid, uname, upath,
                    (sy, ey or sy), state, frozenset(caps[pk]), frozenset(ents[pk]), stamp)
                for pk, code, name, obj, scope, uid, uname, upath, sy, ey, state, stamp in data]

    @staticmethod
    def _platform_rows() -> list[Row]:
        rows = []
        qs = Platform.objects.filter(is_active=True).select_related("root_unit").prefetch_related(
            "capabilities", "data_entities")
        for p in qs:
            caps = frozenset(c.pk for c in p.capabilities.all())
            ents = frozenset(e.pk for e in p.data_entities.all())
            unit = p.root_unit
            for i, name in enumerate([p.name, *p.alias_list]):
                rows.append(Row("platform", p.pk, name, p.description if i == 0 else "", p.code,
                                unit.pk if unit else None, p.operator or (unit.name if unit else ""),
                                unit.path if unit else "", None, "", caps, ents, None, p.name))
        return rows

    @staticmethod
    def _platform_mark():
        agg = Platform.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        return agg["n"], agg["last"]

    def build(self) -> None:
        t0 = time.perf_counter()
        with self.lock:
            self.project_mark = Project.objects.aggregate(m=Max("updated_at"))["m"]
            self.platform_mark = self._platform_mark()
            rows = self._project_rows(Project.objects.all()) + self._platform_rows()
            backend = matching.get_backend(self.backend_path)
            backend.fit([r.name for r in rows], [r.detail for r in rows])
            self.backend, self.rows = backend, rows
            self.alive = np.ones(len(rows), bool)
            self.by_key = defaultdict(list)
            for i, r in enumerate(rows):
                self.by_key[(r.kind, r.obj_id)].append(i)
            self.fitted_size = len(rows)
            self.idf = backend.term_weights()
        self.build_seconds = time.perf_counter() - t0

    def _append(self, rows: list[Row]) -> None:
        for r in rows:
            for i in self.by_key.pop((r.kind, r.obj_id), []):
                self.alive[i] = False
        if not rows:
            return
        span = self.backend.add([r.name for r in rows], [r.detail for r in rows])
        self.rows.extend(rows)
        self.alive = np.concatenate([self.alive, np.ones(len(rows), bool)])
        for i, r in zip(span, rows):
            self.by_key[(r.kind, r.obj_id)].append(i)

    def sync(self) -> None:
        """Follow the saves made since the last look (any process); rebuild when grown a lot."""
        import datetime as dt

        with self.lock:
            if self.backend is None:
                self.build()
                return
            platform_mark = self._platform_mark()
            if platform_mark != self.platform_mark:
                for key in [k for k in self.by_key if k[0] == "platform"]:
                    for i in self.by_key.pop(key):
                        self.alive[i] = False
                self._append(self._platform_rows())
                self.platform_mark = platform_mark
            if self.project_mark is None:
                changed = Project.objects.all()
            else:
                # New saves, plus the last LOOKBACK_SECONDS again: a transaction that stamped its
                # row before our mark but committed after our last look is picked up next time.
                recent = timezone.now() - dt.timedelta(seconds=LOOKBACK_SECONDS)
                changed = (Project.objects.filter(updated_at__gt=self.project_mark) if self.project_mark < recent
                           else Project.objects.filter(updated_at__gte=recent))  # indexed
            fresh = []
            for r in self._project_rows(changed):
                known = self.by_key.get(("project", r.obj_id))
                if known and self.rows[known[-1]].stamp == r.stamp:
                    continue
                fresh.append(r)
                if self.project_mark is None or r.stamp > self.project_mark:
                    self.project_mark = r.stamp
            self._append(fresh)
            if len(self.rows) > self.fitted_size * (1 + REBUILD_GROWTH) + 50:
                self.build()

    # ------------------------------------------------------------- querying ----
    def candidates(self, name: str, detail: str = "", *, k: int = 10, trees: tuple[str, ...] | None = None,
                   exclude: tuple[str, int] | None = None, capabilities=(), data_entities=(),
                   unit_id: int | None = None, years: tuple[int, int] | None = None,
                   min_score: float = 0.0, via_trees: tuple[str, ...] | None = None) -> list[Candidate]:
        """Ranked candidates for a text (and, when known, its tags, unit and years).

        ``trees``: unit-path prefixes whose projects may be proposed (None = all); platforms
        of no tree are always proposed. ``via_trees`` (default ``trees``): the trees whose
        projects a transitive match may name (see :meth:`via_signal`)."""
        via_trees = trees if via_trees is None else via_trees
        with self.lock:
            self.sync()
            scores = self.backend.scores(name, detail)
            alive = self.alive[: len(scores)]
            scores = np.where(alive, scores, 0)
            scores, via = matching.transitive_rerank(scores, self._links)
            scores = self._rescore(name, detail, scores)
            top = min(len(scores), max(50, k * 8))
            order = np.argpartition(-scores, top - 1)[:top] if top else np.array([], int)
            order = order[np.argsort(-scores[order], kind="stable")]
            picked: dict[tuple[str, int], Candidate] = {}
            matched: dict[tuple[str, int], int] = {}
            caps, ents = frozenset(capabilities), frozenset(data_entities)
            for i in order:
                text_score = float(scores[i])
                if text_score <= 0:
                    break
                r = self.rows[i]
                key = (r.kind, r.obj_id)
                if key == exclude or (key in picked and picked[key].text_score >= text_score):
                    continue
                if trees is not None and r.unit_path and not r.unit_path.startswith(trees):
                    continue
                signals = self.signals(r, caps, ents, unit_id, years) if text_score >= SIGNAL_FLOOR else []
                if via[i] >= 0:
                    signals.append(self.via_signal(via[i], via_trees))
                score = min(1.0, text_score + sum_bonus(signals))
                kind = "system" if r.kind == "project" and r.state in RUNNING_STATES else r.kind
                picked[key] = Candidate(kind, r.obj_id, r.code, r.title or r.name, r.unit_name, round(score, 4),
                                        round(text_score, 4), [], signals, r.unit_path)
                matched[key] = i
            out = [c for c in sorted(picked.values(), key=lambda c: -c.score) if c.score >= min_score][:k]
            for c in out:  # explanations for the few shown, not for every row looked at
                c.terms = matching.shared_terms(name, self.rows[matched[(c.kind if c.kind == "platform" else "project", c.id)]].name, self.idf)
            return out

    def _rescore(self, name: str, detail: str, scores: np.ndarray) -> np.ndarray:
        """The pair score of the RESCORE_POOL best rows by cosine (at least the cosine floor):
        the learned model's probability; every other row scores 0. Without a stored model the
        cosine scores are returned as they are."""
        model = pair_model.load()
        if model is None or not len(scores):
            return scores
        n = min(RESCORE_POOL, len(scores))
        pool = np.argpartition(-scores, n - 1)[:n]
        pool = pool[scores[pool] >= pair_model.COSINE_FLOOR]
        out = np.zeros_like(scores)
        if len(pool):
            word, char = self.backend.parts(name, detail, pool)
            x = pair_model.feature_matrix([(name, self.rows[i].name) for i in pool], word, char, scores[pool], self.idf)
            out[pool] = model.probability(x)
        return out

    def via_signal(self, row: int, trees: tuple[str, ...] | None = None) -> dict:
        """The signal of a transitive match: the name both sides are close to. The linking
        project is named only where it may be known — a platform, or a project of one of
        ``trees`` (None: every tree) —; otherwise the match still counts but names nobody, so
        a name never crosses into a tree that may not read it."""
        link = self.rows[row]
        if trees is not None and link.unit_path and not link.unit_path.startswith(trees):
            return {"kind": "via", "label": HIDDEN_VIA}
        # "tree" lets a stored pair's signal be hidden again from a reader of fewer trees
        return {"kind": "via", "label": f"{link.code} {link.title or link.name}".strip(), "tree": tree_of(link.unit_path)}

    def _links(self, rows):
        """Scores among rows for transitive links — two catalogue platforms are distinct by
        definition (CSDL quốc gia về đất đai is not "like" CSDL quốc gia về dân cư), so they
        never link."""
        m = self.backend.block_scores(rows)
        platform = np.array([self.rows[i].kind == "platform" for i in rows])
        m[np.ix_(platform, platform)] = 0
        return m

    def signals(self, r: Row, caps, ents, unit_id, years) -> list[dict]:
        out = []
        for cid in sorted(caps & r.capabilities):
            out.append({"kind": "capability", "id": cid, "label": self._label(Capability, cid)})
        for eid in sorted(ents & r.data_entities):
            out.append({"kind": "data_entity", "id": eid, "label": self._label(DataEntity, eid)})
        if unit_id and r.unit_id == unit_id and r.kind == "project":
            out.append({"kind": "unit", "label": r.unit_name})
        if years and r.years and years[0] <= r.years[1] and r.years[0] <= years[1]:
            lo, hi = max(years[0], r.years[0]), min(years[1], r.years[1])
            out.append({"kind": "years", "label": f"{lo}–{hi}" if lo != hi else str(lo)})
        return out

    def _label(self, model, pk) -> str:
        key = (model.__name__, pk)
        if key not in self.labels:
            self.labels[key] = model.objects.filter(pk=pk).values_list("name", flat=True).first() or ""
        return self.labels[key]

    def project_pairs(self, threshold: float, floor: float | None = None):
        """Candidate pairs among everything indexed, as {((kind, id), (kind, id)): (pair score,
        row i, row j, linking row or None)} — direct and transitive (see
        :func:`cds.text.matching.with_transitive`), rescored by the learned pair model, the best
        row pair per object pair scoring at least ``floor`` (default ``threshold``);
        platform × platform pairs are skipped."""
        with self.lock:
            self.sync()
            best: dict = {}
            floor = threshold if floor is None else min(floor, threshold)
            model = pair_model.load()
            cosine_floor = pair_model.COSINE_FLOOR if model is not None else floor
            direct = {(i, j): s for i, j, s in self.backend.pairs(cosine_floor, self.alive)
                      if not (self.rows[i].kind == "platform" and self.rows[j].kind == "platform")}
            if model is not None:
                scored = pair_model.with_cosine_pairs(direct)
                scored = {k: v for k, v in scored.items()
                          if not (self.rows[k[0]].kind == "platform" and self.rows[k[1]].kind == "platform")}
                scored = pair_model.rescore(scored, self.backend, lambda i: self.rows[i].name, self.idf, model)
            else:
                scored = {key: (s, None) for key, s in direct.items()}
                # transitive links must be strong at the real threshold; direct pairs between the
                # floor and the threshold stay, for the structured signals to lift or not
                for key, (s, via) in matching.with_transitive(direct, threshold).items():
                    if s > scored.get(key, (0,))[0]:
                        scored[key] = (s, via)
            for (i, j), (s, via) in scored.items():
                if s < floor:
                    continue
                a, b = self.rows[i], self.rows[j]
                if a.kind == "platform" and b.kind == "platform":
                    continue
                ka, kb = (a.kind, a.obj_id), (b.kind, b.obj_id)
                if ka == kb:
                    continue
                key = tuple(sorted((ka, kb), key=lambda k: (k[0] != "project", k[1])))
                if best.get(key, (0,))[0] < s:
                    best[key] = (s, i, j, via)
            return best


def sum_bonus(signals) -> float:
    total = defaultdict(float)
    for s in signals:
        total[s["kind"]] += SIGNAL_BONUS.get(s["kind"], 0)
    return sum(min(v, SIGNAL_CAP.get(k, v)) for k, v in total.items())


_index: OverlapIndex | None = None
_index_lock = threading.Lock()


def get_index() -> OverlapIndex:
    global _index
    with _index_lock:
        if _index is None:
            _index = OverlapIndex()
        return _index


def reset_index() -> None:
    """Forget the process's index (tests; after a restore)."""
    global _index
    with _index_lock:
        _index = None
