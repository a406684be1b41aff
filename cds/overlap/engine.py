"""The overlap index: every project, and every name and alias of every live system of the systems
map (national platforms, common software, the provinces' own systems), as a row of the text
backend (:mod:`cds.text.matching`), plus what the structured signals need (capabilities, data
entities, unit, years). A province's systems carry its tree: they are proposed only within it;
national platforms and common software (no tree) to everyone.

**Built by a job, shared by every process.** ``manage.py build_overlap_index`` (also run by the
daily ``scan_overlaps``) fits the backend over the whole registry and writes it, with the rows'
metadata, as ``.npy`` arrays into a new directory under ``settings.OVERLAP_INDEX_DIR``, then
points the ``current`` link at it (a rename: readers see the old index or the new one, never
half of one). Each process maps those files read-only (:meth:`OverlapIndex.load`, no fitting),
so the operating system's page cache holds one copy for all gunicorn workers.

**Follows saves incrementally.** Before each query the index reads the projects saved since
its mark (``updated_at``, indexed; one small query) and vectorises only those into a small
in-process delta (:class:`cds.text.matching.StackedBackend`); their old rows are masked
(``alive``). So a save in one worker is seen by the others at their next check. Systems are
followed the same way (the systems saved since the mark have their rows replaced); a system
deleted or a master data holding changed re-adds every system's rows (systems are few beside
projects). A process that sees a newer ``current`` switches to it at its next check.

**Never builds in a request.** With no index files yet (a fresh checkout, before the first job)
a request starts one background build (a thread — one per process — holding a file lock — one
per machine) and meanwhile answers from nothing: :attr:`OverlapIndex.building` is true and the
pages say so. The same happens when the delta has grown by a fifth. With
``settings.OVERLAP_INDEX_SYNC_BUILD`` (the tests) the index is instead built in memory on first
use, as a job would build it.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from cds.catalog.models import Capability, DataEntity
from cds.projects.models import Project
from cds.systems.models import Category, DataHolding, HoldingRole, InformationSystem, Lifecycle
from cds.text import matching, pair_model

from .models import explain  # noqa: F401 — explain is part of the engine's interface

# Structured signals add to the text score, only once the texts are already alike: two
# unrelated projects of the same unit are not candidates because they share a unit.
SIGNAL_FLOOR = 0.15  # on the scale of the pair score (the learned probability)
SIGNAL_BONUS = {"capability": 0.08, "data_entity": 0.08, "unit": 0.03, "years": 0.03}
SIGNAL_CAP = {"capability": 0.16, "data_entity": 0.16, "unit": 0.03, "years": 0.03}
MAX_BONUS = 0.2  # how far below the threshold the all-pairs scan looks for pairs signals may lift
REBUILD_GROWTH = 0.2
LOOKBACK_SECONDS = 60  # rows committed late with an older updated_at are still picked up
CURRENT = "current"  # the link, in the index directory, to the index in use
LOCK_FILE = ".build.lock"
KEEP_BUILDS = 2  # index directories kept: the current one and the one before (a process may be opening it)
RETRY_SECONDS = 30  # a process starts a background build at most this often

log = logging.getLogger("cds.overlap")
# A check rescores its RESCORE_POOL best rows by cosine (those at least pair_model.COSINE_FLOOR)
# with the learned pair model; the rest score 0 — the rule the cross-validation measures.
RESCORE_POOL = 60


@dataclass
class Row:
    kind: str  # "project" | "system" (a row of the systems map)
    obj_id: int
    name: str
    detail: str = ""
    code: str = ""
    unit_id: int | None = None
    unit_name: str = ""
    unit_path: str = ""  # the tree it belongs to; "" = every tree (national platforms, common software)
    years: tuple[int, int] | None = None
    state: str = ""  # a project's state; a system's category
    capabilities: frozenset = frozenset()
    data_entities: frozenset = frozenset()
    stamp: object = None
    title: str = ""  # what to show when the row is an alias ("LGSP" → the system's name)


@dataclass
class Candidate:
    kind: str  # "project" | "system" (a row of the systems map)
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
    running: bool = False  # a project already in operation
    category: str = ""  # a system's category (cds.systems.models.Category)

    @property
    def explanation(self) -> str:
        return explain(self.terms, self.signals)

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def category_label(self) -> str:
        return Category(self.category).label if self.category in Category.values else ""


RUNNING_STATES = {"in_operation", "settled"}
HIDDEN_VIA = "một nhiệm vụ/dự án khác"


def tree_of(unit_path: str) -> str:
    """"/12/34/" → "/12/" (the tree a unit path belongs to); "" stays "" (systems of no tree)."""
    return f"/{unit_path.split('/')[1]}/" if unit_path else ""


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_NO_STAMP = np.iinfo(np.int64).min
_KINDS = ("project", "system")
_TEXTS = ("name", "code", "unit_name", "unit_path", "state", "title")


def _micros(stamp) -> int:
    return _NO_STAMP if stamp is None else (stamp - _EPOCH) // dt.timedelta(microseconds=1)


class RowTable:
    """The rows of a built index as arrays — strings as UTF-8 blobs with offsets, tags as lists
    with offsets — so that they can be saved as ``.npy`` files and mapped back read-only: no
    Python object per row is kept; :meth:`row` makes the :class:`Row` of one row when asked."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self.a = arrays
        self.n = len(arrays["kind"])

    @classmethod
    def of(cls, rows: list[Row]) -> RowTable:
        a: dict[str, np.ndarray] = {
            "kind": np.array([_KINDS.index(r.kind) for r in rows], np.uint8),
            "obj": np.array([r.obj_id for r in rows], np.int64),
            "unit": np.array([-1 if r.unit_id is None else r.unit_id for r in rows], np.int64),
            "years": np.array([r.years if r.years and r.years[0] is not None else (-1, -1) for r in rows],
                              np.int64).reshape(len(rows), 2),
            "stamp": np.array([_micros(r.stamp) for r in rows], np.int64),
        }
        for name in ("capabilities", "data_entities"):
            lists = [sorted(getattr(r, name)) for r in rows]
            a[f"{name}_ptr"] = np.concatenate([[0], np.cumsum([len(x) for x in lists], dtype=np.int64)]).astype(np.int64)
            a[name] = np.array([x for lst in lists for x in lst], np.int64)
        for name in _TEXTS:
            parts = [(getattr(r, name) or "").encode("utf-8") for r in rows]
            a[f"{name}_ptr"] = np.concatenate([[0], np.cumsum([len(x) for x in parts], dtype=np.int64)]).astype(np.int64)
            a[f"{name}_blob"] = np.frombuffer(b"".join(parts), np.uint8)
        keys = a["obj"] * 2 + a["kind"]
        order = np.argsort(keys, kind="stable")
        a["key_sorted"], a["key_rows"] = keys[order], order.astype(np.int64)
        return cls(a)

    def save(self, path: Path) -> None:
        for name, arr in self.a.items():
            np.save(path / f"rows_{name}.npy", arr)

    @classmethod
    def load(cls, path: Path) -> RowTable:
        # plain ndarray views of the mapped files (no copy): numpy.memmap's own indexing is slow
        return cls({p.name[5:-4]: np.asarray(np.load(p, mmap_mode="r")) for p in path.glob("rows_*.npy")})

    def _text(self, name: str, i: int) -> str:
        ptr = self.a[f"{name}_ptr"]
        return bytes(self.a[f"{name}_blob"][ptr[i]:ptr[i + 1]]).decode("utf-8")

    def _ids(self, name: str, i: int) -> frozenset:
        ptr = self.a[f"{name}_ptr"]
        return frozenset(self.a[name][ptr[i]:ptr[i + 1]].tolist())

    def row(self, i: int) -> Row:
        unit, years, stamp = int(self.a["unit"][i]), self.a["years"][i], int(self.a["stamp"][i])
        return Row(_KINDS[self.a["kind"][i]], int(self.a["obj"][i]), self._text("name", i), "", self._text("code", i),
                   None if unit < 0 else unit, self._text("unit_name", i), self._text("unit_path", i),
                   None if years[0] < 0 else (int(years[0]), int(years[1])), self._text("state", i),
                   self._ids("capabilities", i), self._ids("data_entities", i),
                   None if stamp == _NO_STAMP else _EPOCH + dt.timedelta(microseconds=stamp), self._text("title", i))

    def rows_of(self, kind: str, obj_id: int) -> list[int]:
        key = obj_id * 2 + _KINDS.index(kind)
        lo, hi = np.searchsorted(self.a["key_sorted"], [key, key + 1])
        return sorted(self.a["key_rows"][lo:hi].tolist())


class RowStore:
    """The index's rows: those of the built index (a :class:`RowTable`), then those added since
    (plain :class:`Row` objects), numbered as the backend numbers them."""

    def __init__(self, base: RowTable):
        self.base = base
        self.extra: list[Row] = []
        self.extra_keys: dict[tuple[str, int], list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return self.base.n + len(self.extra)

    def __getitem__(self, i: int) -> Row:
        i = int(i)
        return self.base.row(i) if i < self.base.n else self.extra[i - self.base.n]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def name(self, i: int) -> str:
        i = int(i)
        return self.base._text("name", i) if i < self.base.n else self.extra[i - self.base.n].name

    def key(self, i: int) -> tuple[str, int]:
        if i < self.base.n:
            return _KINDS[self.base.a["kind"][i]], int(self.base.a["obj"][i])
        r = self.extra[i - self.base.n]
        return r.kind, r.obj_id

    def extend(self, rows: list[Row]) -> None:
        for r in rows:
            self.extra_keys[(r.kind, r.obj_id)].append(len(self))
            self.extra.append(r)

    def rows_of(self, kind: str, obj_id: int) -> list[int]:
        return self.base.rows_of(kind, obj_id) + self.extra_keys.get((kind, obj_id), [])

    def system_rows(self) -> list[int]:
        extra = [i for (kind, _id), rows in self.extra_keys.items() if kind == "system" for i in rows]
        return np.flatnonzero(self.base.a["kind"] == 1).tolist() + extra


class OverlapIndex:
    def __init__(self, backend_path: str | None = None, directory: str | Path | None = None):
        self.backend_path = backend_path
        self.directory = Path(directory) if directory is not None else None
        self.lock = threading.RLock()
        self.backend: matching.StackedBackend | None = None
        self.rows = RowStore(RowTable.of([]))
        self.alive = np.zeros(0, bool)
        self.fitted_size = 0
        self.project_mark = None
        self.system_mark = None
        self.build_seconds = 0.0
        self.generation: str | None = None  # the index directory in use (None: built in memory, or none)
        self.unusable: str | None = None  # an index directory that could not be loaded (stale, damaged)
        self.idf = {}
        self.labels: dict = {}

    @property
    def building(self) -> bool:
        """No built index to answer from yet: one is being built (see the module docstring).
        A process that has not looked yet is not building when index files exist."""
        return (self.backend is None and not settings.OVERLAP_INDEX_SYNC_BUILD
                and current_generation(self._directory()) in (None, self.unusable))

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
    def _system_rows(ids=None) -> list[Row]:
        """A row per name and alias of every live system (of ``ids`` when given): its tree from its
        root unit, its capabilities and the data it is the master of; shown with its owner unit
        (or the operator of a national one)."""
        rows = []
        qs = InformationSystem.objects.exclude(lifecycle=Lifecycle.RETIRED)
        holdings = DataHolding.objects.filter(role=HoldingRole.MASTER)
        if ids is not None:
            qs, holdings = qs.filter(pk__in=ids), holdings.filter(system_id__in=ids)
        qs = qs.select_related("root_unit", "owner_unit").prefetch_related("capabilities").order_by("pk")
        masters = defaultdict(set)
        for sid, eid in holdings.values_list("system_id", "entity_id"):
            masters[sid].add(eid)
        for s in qs:
            caps = frozenset(c.pk for c in s.capabilities.all())
            ents = frozenset(masters[s.pk])
            root, owner = s.root_unit, s.owner_unit
            shown = (owner.short_name or owner.name) if owner else (s.operator or (root.name if root else ""))
            for i, name in enumerate([s.name, *s.alias_list]):
                rows.append(Row("system", s.pk, name, s.description if i == 0 else "", s.code,
                                owner.pk if owner else None, shown, root.path if root else "", None, s.category,
                                caps, ents, None, s.name))
        return rows

    @staticmethod
    def _system_mark():
        """What changes when any indexed system does: their number, last save and highest id, and
        the master data holdings (their number and highest id)."""
        agg = InformationSystem.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
        held = DataHolding.objects.filter(role=HoldingRole.MASTER).aggregate(n=Count("id"), top=Max("id"))
        return agg["n"], agg["last"], agg["top"], held["n"], held["top"]

    def _sync_systems(self, mark) -> None:
        """Follow the systems map from ``self.system_mark`` to ``mark``: the systems saved since
        (their rows replaced; a retired one's dropped) — or, when a system was deleted or the
        master data holdings changed, every system's rows again (a few hundred rows)."""
        old = self.system_mark
        if old is not None and old[1] is not None and old[3:] == mark[3:]:
            changed = dict(InformationSystem.objects.filter(updated_at__gte=old[1]).values_list("pk", "lifecycle"))
            added = sum(1 for pk in changed if old[2] is None or pk > old[2])
            if mark[0] == old[0] + added:  # nothing deleted
                for pk in changed:
                    self._retire("system", pk)
                self._append(self._system_rows(list(changed)))
                return
        for i in self.rows.system_rows():
            self.alive[i] = False
        self._append(self._system_rows())

    def _fit(self):
        """Read the whole registry and fit the backend over it (the expensive part of a build)."""
        project_mark = Project.objects.aggregate(m=Max("updated_at"))["m"]
        system_mark = self._system_mark()
        rows = self._project_rows(Project.objects.all()) + self._system_rows()
        backend = matching.get_backend(self.backend_path)
        backend.fit([r.name for r in rows], [r.detail for r in rows])
        return backend, RowTable.of(rows), project_mark, system_mark

    def _install(self, base, table: RowTable, project_mark, system_mark, generation: str | None) -> None:
        self.backend = matching.StackedBackend(base)
        self.rows = RowStore(table)
        self.alive = np.ones(table.n, bool)
        self.fitted_size = table.n
        self.project_mark, self.system_mark = project_mark, system_mark
        self.idf = base.term_weights()
        self.generation = generation

    def build(self) -> None:
        """Build in memory, synchronously (jobs, tests; never a request — see :meth:`sync`)."""
        t0 = time.perf_counter()
        with self.lock:
            self._install(*self._fit(), generation=None)
        self.build_seconds = time.perf_counter() - t0

    def save(self, path: Path) -> None:
        """Write the built index (without the rows added since) into the directory ``path``."""
        matching.save_backend(self.backend.base, path)
        self.rows.base.save(path)
        marks = {"project_mark": self.project_mark.isoformat() if self.project_mark else None,
                 "system_mark": [self.system_mark[0],
                                 self.system_mark[1].isoformat() if self.system_mark[1] else None,
                                 *self.system_mark[2:]],
                 "rows": self.rows.base.n, "build_seconds": round(self.build_seconds, 3),
                 "built_at": timezone.now().isoformat()}
        (path / "index.json").write_text(json.dumps(marks), encoding="utf-8")

    def load(self, path: Path) -> None:
        """Use the index saved in ``path``: its arrays mapped read-only, nothing fitted."""
        path = Path(path)
        meta = json.loads((path / "index.json").read_text(encoding="utf-8"))
        stamp = lambda v: dt.datetime.fromisoformat(v) if v else None  # noqa: E731
        base, table = matching.load_backend(path), RowTable.load(path)
        with self.lock:
            self._install(base, table, stamp(meta["project_mark"]),
                          (meta["system_mark"][0], stamp(meta["system_mark"][1]), *meta["system_mark"][2:]),
                          path.name)
            self.build_seconds = 0.0

    def _directory(self) -> Path:
        return self.directory if self.directory is not None else Path(settings.OVERLAP_INDEX_DIR)

    def _follow_files(self, wait: bool = False) -> None:
        """Switch to the newest built index when there is one this process does not use yet;
        with none at all, get one built: in the background — or here, for a job (``wait``) and
        in the tests' mode."""
        current = current_generation(self._directory())
        if current is not None and current not in (self.generation, self.unusable):
            try:
                self.load(self._directory() / current)
                return
            except (OSError, ValueError, KeyError):
                # a build of other matching data or code, or damaged: rebuilt below (once loaded
                # an index stays in use until a newer one loads)
                log.exception("Không đọc được chỉ mục trùng lặp %s", current)
                self.unusable = current
        if self.backend is None:
            if settings.OVERLAP_INDEX_SYNC_BUILD:
                self.build()
            elif wait:
                build_index_files(self._directory())
                self._follow_files()
            else:
                start_background_build(self._directory())

    def ensure_built(self) -> None:
        """For a batch job (never a request): the index, built here and now when there is no
        usable one yet, and current with the saves."""
        with self.lock:
            self._follow_files(wait=True)
            self.sync()

    def _retire(self, kind: str, obj_id: int) -> None:
        for i in self.rows.rows_of(kind, obj_id):
            self.alive[i] = False

    def _latest(self, kind: str, obj_id: int) -> Row | None:
        alive = [i for i in self.rows.rows_of(kind, obj_id) if self.alive[i]]
        return self.rows[alive[-1]] if alive else None

    def _append(self, rows: list[Row]) -> None:
        for r in rows:
            self._retire(r.kind, r.obj_id)
        if not rows:
            return
        span = self.backend.add([r.name for r in rows], [r.detail for r in rows])
        assert span.start == len(self.rows)
        self.rows.extend(rows)
        self.alive = np.concatenate([self.alive, np.ones(len(rows), bool)])

    def sync(self) -> None:
        """Follow the saves made since the last look (any process), and a newer built index;
        when the saves since the build have grown a lot, get the index rebuilt."""
        with self.lock:
            self._follow_files()
            if self.backend is None:
                return
            system_mark = self._system_mark()
            if system_mark != self.system_mark:
                self._sync_systems(system_mark)
                self.system_mark = system_mark
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
                known = self._latest("project", r.obj_id)
                if known is not None and known.stamp == r.stamp:
                    continue
                fresh.append(r)
                if self.project_mark is None or r.stamp > self.project_mark:
                    self.project_mark = r.stamp
            self._append(fresh)
            if len(self.rows) > self.fitted_size * (1 + REBUILD_GROWTH) + 50:
                if settings.OVERLAP_INDEX_SYNC_BUILD:
                    self.build()
                else:
                    start_background_build(self._directory())

    # ------------------------------------------------------------- querying ----
    def candidates(self, name: str, detail: str = "", *, k: int = 10, trees: tuple[str, ...] | None = None,
                   exclude: tuple[str, int] | None = None, capabilities=(), data_entities=(),
                   unit_id: int | None = None, years: tuple[int, int] | None = None,
                   min_score: float = 0.0, via_trees: tuple[str, ...] | None = None) -> list[Candidate]:
        """Ranked candidates for a text (and, when known, its tags, unit and years).

        ``trees``: unit-path prefixes whose projects and systems may be proposed (None = all);
        systems of no tree are always proposed. ``via_trees`` (default ``trees``): the trees whose
        projects a transitive match may name (see :meth:`via_signal`)."""
        via_trees = trees if via_trees is None else via_trees
        with self.lock:
            self.sync()
            if self.backend is None:
                return []  # being built: nothing to answer from yet
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
                system = r.kind == "system"
                picked[key] = Candidate(r.kind, r.obj_id, r.code, r.title or r.name, r.unit_name, round(score, 4),
                                        round(text_score, 4), [], signals, r.unit_path,
                                        running=not system and r.state in RUNNING_STATES,
                                        category=r.state if system else "")
                matched[key] = i
            out = [c for c in sorted(picked.values(), key=lambda c: -c.score) if c.score >= min_score][:k]
            for c in out:  # explanations for the few shown, not for every row looked at
                c.terms = matching.shared_terms(name, self.rows[matched[(c.kind, c.id)]].name, self.idf)
            return out

    def text_scores(self, name: str, others: list[str]) -> np.ndarray | None:
        """The pair score of ``name`` with each of ``others`` — names that are not rows of the
        index (the proposals of a planning round) — vectorised with the built index's
        vocabularies and term weights and rescored by the learned pair model, as a check's
        candidates are. The registry's weights, not weights learnt from ``others`` alone: a
        short list of names all sharing a word would make that word worthless. None while no
        index is built yet."""
        with self.lock:
            if self.backend is None:
                self.sync()
            if self.backend is None:
                return None
            part, idf = matching.delta_backend(self.backend.base), self.idf
        n = len(others)
        if not n:
            return np.zeros(0)
        part.add([name, *others], [""] * (n + 1))
        word, char = part.pair_parts(np.zeros(n, int), np.arange(1, n + 1))
        cosine = (1 - part.char_weight) * word + part.char_weight * char
        model = pair_model.load()
        if model is None:
            return cosine
        out = np.zeros(n)
        pool = np.flatnonzero(cosine >= pair_model.COSINE_FLOOR)
        if len(pool):
            x = pair_model.feature_matrix([(name, others[k]) for k in pool], word[pool], char[pool], cosine[pool], idf)
            out[pool] = model.probability(x)
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
            x = pair_model.feature_matrix([(name, self.rows.name(i)) for i in pool], word, char, scores[pool], self.idf)
            out[pool] = model.probability(x)
        return out

    def via_signal(self, row: int, trees: tuple[str, ...] | None = None) -> dict:
        """The signal of a transitive match: the name both sides are close to. The linking
        project is named only where it may be known — a system of no tree, or a project or
        system of one of ``trees`` (None: every tree) —; otherwise the match still counts but names nobody, so
        a name never crosses into a tree that may not read it."""
        link = self.rows[row]
        if trees is not None and link.unit_path and not link.unit_path.startswith(trees):
            return {"kind": "via", "label": HIDDEN_VIA}
        # "tree" lets a stored pair's signal be hidden again from a reader of fewer trees
        return {"kind": "via", "label": f"{link.code} {link.title or link.name}".strip(), "tree": tree_of(link.unit_path)}

    def _links(self, rows):
        """Scores among rows for transitive links — two systems of the map are distinct by
        definition (CSDL quốc gia về đất đai is not "like" CSDL quốc gia về dân cư), so they
        never link."""
        m = self.backend.block_scores(rows)
        system = np.array([self.rows.key(i)[0] == "system" for i in rows])
        m[np.ix_(system, system)] = 0
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
        system × system pairs are skipped."""
        with self.lock:
            self.sync()
            best: dict = {}
            if self.backend is None:
                return best
            floor = threshold if floor is None else min(floor, threshold)
            key_of = self.rows.key
            model = pair_model.load()
            cosine_floor = pair_model.COSINE_FLOOR if model is not None else floor
            direct = {(i, j): s for i, j, s in self.backend.pairs(cosine_floor, self.alive)
                      if not (key_of(i)[0] == "system" and key_of(j)[0] == "system")}
            if model is not None:
                scored = pair_model.with_cosine_pairs(direct)
                scored = {k: v for k, v in scored.items()
                          if not (key_of(k[0])[0] == "system" and key_of(k[1])[0] == "system")}
                scored = pair_model.rescore(scored, self.backend, self.rows.name, self.idf, model)
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
                ka, kb = key_of(i), key_of(j)
                if ka[0] == "system" and kb[0] == "system":
                    continue
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


# ------------------------------------------------------------ index files ----

def current_generation(directory: Path) -> str | None:
    """The name of the built index in use in ``directory`` (None: none built yet)."""
    try:
        return os.readlink(directory / CURRENT)
    except OSError:
        return None


def build_index_files(directory: str | Path | None = None, *, wait: bool = True) -> dict | None:
    """Build the index over the whole registry and publish it in ``directory`` (default
    ``settings.OVERLAP_INDEX_DIR``): written into a temporary directory, renamed, then the
    ``current`` link replaced — atomically, so no reader sees half an index. One build at a time
    on the machine (a file lock); with ``wait`` False, returns None at once if another is running.
    Returns what was built (rows, seconds, bytes, path)."""
    directory = Path(directory if directory is not None else settings.OVERLAP_INDEX_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK_FILE, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return None
        t0 = time.perf_counter()
        index = OverlapIndex()
        index.build()
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=directory))
        try:
            tmp.chmod(0o755)  # as any directory made by the application user (mkdtemp makes it private)
            index.save(tmp)
            final = directory / f"index-{timezone.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}"
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        link = directory / f".{CURRENT}-{os.getpid()}"
        if link.is_symlink():
            link.unlink()
        os.symlink(final.name, link)
        os.replace(link, directory / CURRENT)
        size = sum(p.stat().st_size for p in final.iterdir())
        _prune(directory, final.name)
        return {"rows": index.rows.base.n, "fit_seconds": index.build_seconds,
                "seconds": time.perf_counter() - t0, "bytes": size, "path": str(final)}


def _prune(directory: Path, keep: str) -> None:
    """Remove older index directories (a process still mapping one keeps reading it: the files
    live on until unmapped) and temporary ones left by an interrupted build."""
    builds = sorted((p for p in directory.glob("index-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    old = [p for p in builds if p.name != keep][:-(KEEP_BUILDS - 1) or None]
    stale = [p for p in directory.glob(".tmp-*") if time.time() - p.stat().st_mtime > 3600]
    for p in old + stale:
        shutil.rmtree(p, ignore_errors=True)


_build_guard = threading.Lock()
_last_start = 0.0


def build_in_child(directory: str | Path | None = None) -> None:
    """Run ``manage.py build_overlap_index --no-wait`` as a child process, with this process's
    settings and environment, and wait for it. A build reads the whole registry and fits over it
    (≈ 500 MB at 100,000 projects): in a child, that memory goes back to the system when it ends
    instead of staying in a server process."""
    cmd = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "build_overlap_index", "--no-wait",
           "--directory", str(directory if directory is not None else settings.OVERLAP_INDEX_DIR)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")}
    done = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"build_overlap_index exited with {done.returncode}: {done.stderr[-2000:]}")


def start_background_build(directory: str | Path | None = None) -> bool:
    """Start building the index files in the background — a thread of this process that runs
    the build in a child process (:func:`build_in_child`) —, unless one is running here or was
    started less than RETRY_SECONDS ago; the build's file lock keeps other processes from
    building at the same time. Returns whether a build was started."""
    global _last_start
    if time.monotonic() - _last_start < RETRY_SECONDS or not _build_guard.acquire(blocking=False):
        return False
    _last_start = time.monotonic()

    def run():
        try:
            build_in_child(directory)
        except Exception:  # noqa: BLE001 — logged; the next request after RETRY_SECONDS tries again
            log.exception("Không xây dựng được chỉ mục trùng lặp")
        finally:
            _build_guard.release()

    threading.Thread(target=run, name="overlap-index-build", daemon=True).start()
    return True


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
    global _index, _last_start
    with _index_lock:
        _index = None
        _last_start = 0.0
