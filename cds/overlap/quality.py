"""Quality of the matching engine on a labelled corpus of project names.

A corpus is one CSV file, or a folder of ``names*.csv`` files, with the columns
``group,name`` and optionally ``province``, ``source``, ``style``, ``note``: two names of one
*purpose group* are a pair of the same purpose, two names of different groups a pair of
different purposes. The team's corpus is ``tests/fixtures/overlap`` (see its README); real
names collected from the provinces go to ``tests/fixtures/overlap/real``. We report, at a
threshold:

* precision, recall and F1 over **every** pair of names (what the all-pairs scan faces);
* the same over the **hard pairs** — every same-purpose pair plus, for each name, the names of
  other groups that share the most key words with it (the negatives a word matcher confuses;
  ``pairs.csv`` when the corpus folder has one) — the figure the engine's targets speak of;
* the **average precision** of the pair score over the hard pairs and over every pair (how well
  the score ranks, whatever the threshold);
* **top-1 accuracy**: each name is looked up among all the others; right when the best
  candidate has the same purpose;

and the same for the baseline the engine must beat, an exact match of normalised names.

:func:`learned_cross_validate` measures the learned pair score (:mod:`cds.text.pair_model`)
honestly: the stored model may have been trained on the very names measured, so for each fold
the model is refitted on the pairs among the other folds' names (every positive pair and every
negative pair above the cosine floor) and scored on every pair touching the held names.

:func:`cross_validate` measures how a threshold chosen on some names holds on others: the
names are split into folds by ``source`` (else by file, else by province), the F1-best
threshold is chosen on the pairs of the training folds and F1 is measured on the pairs touching
the held fold. :class:`Signals` switches each part of the score on or off (the ablation table of
:func:`ablation`). ``python manage.py overlap_quality`` prints all of it;
tests/overlap/test_engine.py and tests/overlap/test_quality.py hold the targets.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

import numpy as np

from cds.text import pair_model
from cds.text.matching import (
    CHAR_WEIGHT,
    COSINE_THRESHOLD,
    DEFAULT_THRESHOLD,
    TRANSITIVE_PENALTY,
    TfidfBackend,
    _rules,
    key_text,
    transitive_rerank,
    with_transitive,
)

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "overlap"
REAL = FIXTURES / "real"
GRID = tuple(round(float(x), 2) for x in np.arange(0.22, 0.60, 0.02))  # cosine thresholds
PROB_GRID = tuple(round(float(x), 3) for x in np.arange(0.05, 0.9, 0.025))  # learned-probability thresholds


class CorpusError(ValueError):
    """A corpus file that cannot be read (the message is Vietnamese, for the command line)."""


@dataclass
class Name:
    group: str
    name: str
    province: str = ""
    style: str = ""
    source: str = ""
    file: str = ""


def _read_csv(path: Path) -> list[Name]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = {"group", "name"} - set(reader.fieldnames or ())
            if missing:
                raise CorpusError(f"Tệp {path} thiếu cột: {', '.join(sorted(missing))} "
                                  "(cần ít nhất group,name).")
            rows = [r for r in reader if (r.get("name") or "").strip() and (r.get("group") or "").strip()]
    except UnicodeDecodeError as e:
        raise CorpusError(f"Tệp {path} không phải văn bản UTF-8.") from e
    return [Name(r["group"].strip(), r["name"].strip(), (r.get("province") or "").strip(),
                 (r.get("style") or "").strip(), (r.get("source") or "").strip(), path.name) for r in rows]


def load_names(folder: Path | str = FIXTURES) -> list[Name]:
    """The names of a corpus: one CSV file, or every ``names*.csv`` of a folder."""
    folder = Path(folder)
    if folder.is_file():
        return _read_csv(folder)
    if not folder.is_dir():
        raise CorpusError(f"Không tìm thấy tệp hay thư mục {folder}.")
    out = []
    for path in sorted(folder.glob("names*.csv")):
        out.extend(_read_csv(path))
    if not out:
        raise CorpusError(f"Thư mục {folder} không có tệp names*.csv nào có tên dự án.")
    return out


def real_corpora() -> list[Path]:
    """The real-name corpus files kept in the repository (``tests/fixtures/overlap/real``)."""
    return sorted(REAL.glob("*.csv")) if REAL.is_dir() else []


def load_pairs(folder: Path = FIXTURES) -> list[tuple[str, str, int]]:
    with (folder / "pairs.csv").open(encoding="utf-8", newline="") as f:
        return [(r["name_a"], r["name_b"], int(r["same_purpose"])) for r in csv.DictReader(f)]


def hard_pairs(names: list[Name], negatives_per_name: int = 2) -> list[tuple[str, str, int]]:
    """Every same-purpose pair, plus for each name the ``negatives_per_name`` names of other
    groups sharing the most key words with it (ties broken by order in the file)."""
    return [(names[i].name, names[j].name, y) for i, j, y in _hard_pair_index(names, negatives_per_name)]


def _hard_pair_index(names: list[Name], negatives_per_name: int = 2) -> list[tuple[int, int, int]]:
    keys = [set(key_text(n.name).split()) for n in names]
    pairs, seen = [], set()
    for i, j in combinations(range(len(names)), 2):
        if names[i].group == names[j].group:
            pairs.append((i, j, 1))
            seen.add((i, j))
    for i, n in enumerate(names):
        ranked = sorted((j for j in range(len(names)) if names[j].group != n.group),
                        key=lambda j: (-len(keys[i] & keys[j]), j))
        for j in ranked[:negatives_per_name]:
            key = (min(i, j), max(i, j))
            if key not in seen and keys[i] & keys[j]:
                seen.add(key)
                pairs.append((*key, 0))
    return pairs


def write_pairs(path: Path, pairs) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name_a", "name_b", "same_purpose"])
        w.writerows(pairs)


# ------------------------------------------------------------------- signals ----

@dataclass(frozen=True)
class Signals:
    """The parts of the text score, each of which can be switched off (for the ablation
    table); the defaults are the product's engine."""

    word: bool = True  # TF-IDF cosine over key words (1–2-grams)
    char: bool = True  # TF-IDF cosine over character 3–5-grams of the key name
    abbreviations: bool = True  # data/abbreviations.json
    stop_phrases: bool = True  # data/matching.json: stop_phrases, stop_patterns, places
    synonyms: bool = True  # data/matching.json: synonyms
    place_names: bool = True  # data/matching.json: place_units (names of districts, communes)
    weak_terms: bool = True  # data/matching.json: weak_terms weighed down by weak_weight
    transitive: bool = True  # with_transitive / transitive_rerank
    learned: bool = True  # the learned pair score of cds.text.pair_model (data/pair_model.json)
    char_weight: float = CHAR_WEIGHT
    weak_weight: float | None = None  # None: the weak_weight of data/matching.json
    penalty: float = TRANSITIVE_PENALTY

    SWITCHES = ("word", "char", "abbreviations", "stop_phrases", "synonyms", "place_names", "weak_terms",
                "transitive", "learned")

    def without(self, *names: str) -> Signals:
        unknown = set(names) - set(self.SWITCHES)
        if unknown:
            raise CorpusError(f"Không có tín hiệu: {', '.join(sorted(unknown))} "
                              f"(có: {', '.join(self.SWITCHES)}).")
        return replace(self, **{n: False for n in names})

    def backend(self) -> TfidfBackend:
        if not (self.word or self.char):
            raise CorpusError("Phải bật ít nhất một trong hai tín hiệu word, char.")
        weight = self.char_weight if self.word and self.char else (1.0 if self.char else 0.0)
        return _AblatedBackend(self, weight)

    @property
    def threshold(self) -> float:
        """The product's threshold for this score: the learned probability's, else the cosine's."""
        return DEFAULT_THRESHOLD if self.learned and pair_model.load() is not None else COSINE_THRESHOLD

    def label(self) -> str:
        off = [n for n in self.SWITCHES if not getattr(self, n)]
        extra = "".join(f", {n} {getattr(self, n)}" for n, default in
                        (("char_weight", CHAR_WEIGHT), ("weak_weight", None), ("penalty", TRANSITIVE_PENALTY))
                        if getattr(self, n) != default)
        return ("đủ tín hiệu" if not off else "tắt " + ", ".join(off)) + extra


PRODUCT = Signals()  # the product's engine


class _AblatedBackend(TfidfBackend):
    """The product's backend with some of its data-driven steps left out."""

    def __init__(self, signals: Signals, char_weight: float):
        super().__init__(char_weight=char_weight)
        self.signals = signals

    def _texts(self, names, details):
        s = self.signals
        flags = (s.abbreviations, s.stop_phrases, s.synonyms, s.place_names)
        keys = [key_text(n, *flags) for n in names]
        return keys, [f"{k} {k} {key_text(d, *flags)}" if d else k for k, d in zip(keys, details)]

    def _weigh(self, m):
        s = self.signals
        if not s.weak_terms or s.weak_weight is not None:
            if getattr(self, "_colw", None) is None or len(self._colw) != m.shape[1]:
                weak = _rules().weak if s.weak_terms else frozenset()
                self._colw = np.array([s.weak_weight if t in weak else 1.0
                                       for t in self.words.get_feature_names_out()], np.float32)
        return super()._weigh(m)


# -------------------------------------------------------------------- scores ----

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


def average_precision(score: np.ndarray, truth: np.ndarray) -> float:
    """Mean of the precision at the rank of each true pair, pairs ranked by score (ties share
    their worst rank, so ties never flatter)."""
    if not truth.any():
        return 0.0
    order = np.argsort(-score, kind="stable")
    s, t = score[order], truth[order]
    hits = np.cumsum(t)
    # the rank of a pair = the last position of its tie block
    last = np.searchsorted(-s, -s, side="right")
    return float(np.mean(hits[last - 1][t] / last[t]))


class Scored:
    """Every pair score of a corpus under some signals: the direct score matrix, the final pair
    score once transitive links are counted (a pair is reported at threshold t exactly when its
    final score is ≥ t, for any t ≥ ``floor``), and each name's top candidate."""

    def __init__(self, names: list[Name], signals: Signals = PRODUCT, floor: float = min(GRID),
                 direct: np.ndarray | None = None, model: pair_model.Model | None = None):
        """``direct`` replaces the backend's score matrix — for measuring a signal that is
        not part of the engine yet; ``model`` the stored pair model (with ``signals.learned``)."""
        self.names, self.signals = names, signals
        texts = [n.name for n in names]
        n = len(texts)
        word = char = None
        if direct is None:
            backend = signals.backend()
            backend.fit(texts, [""] * len(texts))
            if n:
                word, char = (backend.W @ backend.W.T).toarray(), (backend.C @ backend.C.T).toarray()
                direct = (1 - backend.char_weight) * word + backend.char_weight * char
            else:
                direct = np.zeros((0, 0))
            self.idf = backend.term_weights()
        self.direct = np.array(direct, np.float64)
        np.fill_diagonal(self.direct, 0)
        low = min(floor, pair_model.COSINE_FLOOR) if signals.learned else floor
        self.final = self.direct.copy()
        if signals.transitive and n:
            iu = np.triu_indices(n, k=1)
            keep = self.direct[iu] >= low
            direct = {(int(i), int(j)): float(s) for i, j, s in
                      zip(iu[0][keep], iu[1][keep], self.direct[iu][keep])}
            links = pair_model.TRANSITIVE_FLOOR if signals.learned else floor
            for (i, j), (s, _via) in with_transitive(direct, links, penalty=signals.penalty).items():
                self.final[i, j] = self.final[j, i] = max(self.final[i, j], s)
        if signals.transitive:
            best = [transitive_rerank(self.direct[i], lambda rows: self.direct[np.ix_(rows, rows)],
                                      penalty=signals.penalty)[0].argmax() for i in range(n)]
        else:
            best = [int(self.direct[i].argmax()) for i in range(n)]
        self.best = np.array(best, int)
        self.cosine = self.final
        self.pairs = self.features = None
        if signals.learned and word is not None:
            # the pairs the product rescores: cosine (direct or transitive) at least COSINE_FLOOR
            iu = np.triu_indices(n, k=1)
            keep = self.final[iu] >= pair_model.COSINE_FLOOR
            a, b = iu[0][keep], iu[1][keep]
            self.pairs = (a, b)
            self.features = pair_model.feature_matrix([(texts[i], texts[j]) for i, j in zip(a, b)], word[a, b],
                                                      char[a, b], self.final[a, b], self.idf)
            model = model or pair_model.load()
            if model is not None:
                self.final = self.rescored(model)
                self.best = self.best_of(self.final)

    def rescored(self, model: pair_model.Model) -> np.ndarray:
        """The pair-score matrix under ``model`` (0 below the cosine floor)."""
        out = np.zeros_like(self.direct)
        a, b = self.pairs
        out[a, b] = out[b, a] = model.probability(self.features)
        return out

    def best_of(self, matrix: np.ndarray) -> np.ndarray:
        """Each name's best candidate under a pair-score matrix (ties broken by the cosine)."""
        return np.lexsort((-self.cosine, -matrix), axis=1)[:, 0] if len(matrix) else np.zeros(0, int)


@dataclass
class Report:
    corpus: str
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
    ap_hard: float = 0.0
    ap_all: float = 0.0
    signals: Signals = PRODUCT

    def text(self) -> str:
        w1, w2 = len(str(self.all_pairs)) + 14, len(str(self.hard_pairs)) + 14
        lines = [
            f"Tập nhãn {self.corpus}: {self.names} tên, {self.groups} nhóm mục đích; ngưỡng {self.threshold}"
            f" ({self.signals.label()})",
            f"Mọi cặp ({self.all_pairs}):   máy  {self.all_engine.row()}",
            f"{'':>{w1}}gốc  {self.all_baseline.row()}",
            f"Cặp khó ({self.hard_pairs}):  máy  {self.hard_engine.row()}",
            f"{'':>{w2}}gốc  {self.hard_baseline.row()}",
            f"Độ chính xác trung bình (AP) của điểm: cặp khó {self.ap_hard:.3f}, mọi cặp {self.ap_all:.3f}",
            f"Top-1: máy {self.top1_engine:.3f}, gốc (tên chuẩn hóa trùng hẳn) {self.top1_baseline:.3f}",
        ]
        if self.by_style and set(self.by_style) != {"—"}:
            lines.append("Top-1 theo kiểu viết: " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(self.by_style.items())))
        return "\n".join(lines)


def _default_pairs(names: list[Name], folder: Path | None) -> list[tuple[int, int, int]]:
    """The hard pairs as row indices: ``pairs.csv`` of the team corpus, else generated."""
    if folder is not None and folder.is_dir() and (folder / "pairs.csv").exists():
        pos = {n.name: i for i, n in enumerate(names)}
        listed = load_pairs(folder)
        if all(a in pos and b in pos for a, b, _ in listed):
            return [(pos[a], pos[b], y) for a, b, y in listed]
    return _hard_pair_index(names)


def evaluate(names: list[Name] | None = None, threshold: float | None = None,
             pairs: list[tuple[str, str, int]] | None = None, signals: Signals = PRODUCT,
             corpus: Path | str = FIXTURES, scored: Scored | None = None) -> Report:
    """The report at ``threshold`` (default: the product's for ``signals``) on ``names``
    (default: the corpus at ``corpus``)."""
    corpus = Path(corpus)
    threshold = signals.threshold if threshold is None else threshold
    names = names if names is not None else load_names(corpus)
    scored = scored or Scored(names, signals, floor=min(threshold, min(GRID)))
    texts = [n.name for n in names]
    groups = np.array([n.group for n in names])
    keys = np.array([key_text(t) for t in texts])
    iu = np.triu_indices(len(names), k=1)
    truth = groups[iu[0]] == groups[iu[1]]
    final_all = scored.final[iu]
    engine_all = prf(final_all >= threshold, truth)
    base_all = prf(keys[iu[0]] == keys[iu[1]], truth)

    if pairs is None:
        idx = _default_pairs(names, corpus)
    else:
        pos = {t: i for i, t in enumerate(texts)}
        idx = [(pos[a], pos[b], y) for a, b, y in pairs]
    a = np.array([p[0] for p in idx], int)
    b = np.array([p[1] for p in idx], int)
    label = np.array([p[2] for p in idx], bool)
    final_hard = scored.final[a, b]
    engine_hard = prf(final_hard >= threshold, label)
    base_hard = prf(keys[a] == keys[b], label)

    has_twin = np.array([(groups == g).sum() > 1 for g in groups])
    right = groups[scored.best] == groups
    top1 = float(right[has_twin].mean()) if has_twin.any() else 0.0
    base_right = np.array([any(keys[j] == keys[i] and groups[j] == groups[i] for j in range(len(names)) if j != i)
                           for i in range(len(names))])
    styles = {}
    for style in sorted({n.style for n in names}):
        mask = has_twin & np.array([n.style == style for n in names])
        if mask.any():
            styles[style or "—"] = float(right[mask].mean())
    return Report(_corpus_label(corpus), len(names), len(set(groups)), threshold, len(truth), engine_all,
                  base_all, len(idx), engine_hard, base_hard, top1,
                  float(base_right[has_twin].mean()) if has_twin.any() else 0.0, styles,
                  average_precision(final_hard, label), average_precision(final_all, truth), scored.signals)


def _corpus_label(corpus: Path) -> str:
    try:
        return str(corpus.resolve().relative_to(FIXTURES.parents[2]))
    except ValueError:
        return str(corpus)


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


# ------------------------------------------------------------ cross-validation ----

@dataclass
class Fold:
    held: str  # the sources (or files, provinces) held out
    threshold: float  # chosen on the other folds
    scores: Scores  # on the pairs touching the held names, at that threshold
    at_default: Scores  # the same pairs at DEFAULT_THRESHOLD
    signals: Signals = PRODUCT  # chosen on the other folds too, when there was a choice


@dataclass
class CrossValidation:
    by: str
    folds: list[Fold]

    @staticmethod
    def _ms(values) -> tuple[float, float]:
        v = np.array(list(values), float)
        return float(v.mean()), float(v.std(ddof=1)) if len(v) > 1 else 0.0

    @property
    def f1(self) -> tuple[float, float]:
        return self._ms(f.scores.f1 for f in self.folds)

    @property
    def f1_default(self) -> tuple[float, float]:
        return self._ms(f.at_default.f1 for f in self.folds)

    @property
    def threshold(self) -> tuple[float, float]:
        return self._ms(f.threshold for f in self.folds)

    def text(self) -> str:
        (m, sd), (md, sdd), (mt, sdt) = self.f1, self.f1_default, self.threshold
        note = (" [mô hình đã lưu, có thể đã học trên chính tập này]"
                if self.folds and self.folds[0].signals.learned else "")
        lines = [f"Kiểm định chéo {len(self.folds)} phần theo {self.by}{note}: F1 cặp khó {m:.3f} ± {sd:.3f} "
                 f"(ngưỡng chọn trên phần còn lại {mt:.2f} ± {sdt:.2f}); ở ngưỡng mặc định "
                 f"{self.folds[0].signals.threshold if self.folds else DEFAULT_THRESHOLD}: {md:.3f} ± {sdd:.3f}"]
        for f in self.folds:
            chosen = "" if len({g.signals for g in self.folds}) == 1 else f" ({f.signals.label()})"
            lines.append(f"  giữ lại {f.held[:60]}: ngưỡng {f.threshold:.2f}{chosen} → {f.scores.row()}")
        return "\n".join(lines)


def fold_key(names: list[Name]) -> tuple[str, list[str]]:
    """What the folds are split by: ``source``, else the file, else the province."""
    for attr, label in (("source", "nguồn"), ("file", "tệp"), ("province", "tỉnh")):
        values = [getattr(n, attr) for n in names]
        if all(values) and len(set(values)) > 1:
            return label, values
    return "tên", [str(i) for i in range(len(names))]


def make_folds(keys: list[str], k: int) -> list[list[str]]:
    """Split the distinct keys into ``k`` folds of about equal name counts (largest key first,
    each to the smallest fold; deterministic)."""
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    k = max(2, min(k, len(counts)))
    folds: list[list[str]] = [[] for _ in range(k)]
    sizes = [0] * k
    for key in sorted(counts, key=lambda x: (-counts[x], x)):
        at = sizes.index(min(sizes))
        folds[at].append(key)
        sizes[at] += counts[key]
    return folds


def cross_validate(names: list[Name], k: int = 5, signals: Signals = PRODUCT, grid=None,
                   scored: Scored | None = None, candidates: list[Signals] | None = None) -> CrossValidation:
    """Threshold chosen on k-1 folds (F1 on the hard pairs among their names), F1 measured on
    the hard pairs touching the held fold. Scores come from one index of every name (as the
    registry would hold them); only the choice of threshold sees the labels. With
    ``candidates`` (settings of the signals) the setting is chosen on the training folds
    together with the threshold — the figure then measures the tuning itself."""
    options = candidates or [signals]
    grid = grid or (PROB_GRID if signals.learned else GRID)
    reference = signals.threshold
    matrices = [scored if scored is not None and c == signals else Scored(names, c, floor=min(grid))
                for c in options]
    by, keys = fold_key(names)
    keys_arr = np.array(keys)
    idx = _hard_pair_index(names)
    a = np.array([p[0] for p in idx], int)
    b = np.array([p[1] for p in idx], int)
    y = np.array([p[2] for p in idx], bool)
    scores = [m.final[a, b] for m in matrices]
    folds = []
    for held in make_folds(keys, k):
        out = np.isin(keys_arr, held)
        train = ~out[a] & ~out[b]
        test = out[a] | out[b]
        c, best = max(((c, t) for c in range(len(options)) for t in grid),
                      key=lambda ct: (prf(scores[ct[0]][train] >= ct[1], y[train]).f1,
                                      -abs(ct[1] - reference)))
        s = scores[c]
        folds.append(Fold(", ".join(held), best, prf(s[test] >= best, y[test]),
                          prf(s[test] >= reference, y[test]), options[c]))
    return CrossValidation(by, folds)


@dataclass
class LearnedFold:
    held: str
    threshold: float  # chosen on the training folds' pairs (F1 over every pair)
    all_pairs: Scores  # every pair touching the held names, at that threshold
    at_default: Scores  # the same pairs at DEFAULT_THRESHOLD
    hard: Scores  # the hard pairs touching the held names, at DEFAULT_THRESHOLD
    ap_all: float
    top1: float  # held names with a twin whose best candidate has their purpose


@dataclass
class LearnedCV:
    by: str
    folds: list[LearnedFold]

    def mean(self, attr: str) -> tuple[float, float]:
        v = np.array([_value(getattr(f, attr)) for f in self.folds], float)
        return float(v.mean()), float(v.std(ddof=1)) if len(v) > 1 else 0.0

    def text(self) -> str:
        parts = [(label, *self.mean(attr)) for label, attr in (
            ("F1 mọi cặp ở ngưỡng mặc định", "at_default"), ("F1 mọi cặp ở ngưỡng chọn trên phần còn lại", "all_pairs"),
            ("F1 cặp khó", "hard"), ("AP mọi cặp", "ap_all"), ("top-1", "top1"), ("ngưỡng chọn", "threshold"))]
        lines = [f"Kiểm định chéo điểm đã học ({len(self.folds)} phần theo {self.by}, mô hình học lại trên phần còn lại; "
                 f"ngưỡng mặc định {DEFAULT_THRESHOLD}):"]
        lines += [f"  {label}: {m:.3f} ± {sd:.3f}" for label, m, sd in parts]
        return "\n".join(lines)


def _value(x) -> float:
    return x.f1 if isinstance(x, Scores) else float(x)


def learned_cross_validate(names: list[Name], k: int = 5, scored: Scored | None = None, c: float = 1.0,
                           threshold: float = DEFAULT_THRESHOLD) -> LearnedCV:
    """The learned pair score measured honestly: for each fold (by source, as
    :func:`cross_validate`) the model is fitted on the pairs among the other folds' names and
    scored on every pair touching the held names (all-pairs F1 at the threshold chosen on the
    training pairs and at ``threshold``, hard-pair F1, AP, top-1)."""
    scored = scored or Scored(names, replace(PRODUCT, learned=True), model=None)
    if scored.features is None:
        raise CorpusError("Điểm đã học cần cả hai tín hiệu word và char.")
    n = len(names)
    by, keys = fold_key(names)
    keys_arr = np.array(keys)
    groups = np.array([x.group for x in names])
    iu = np.triu_indices(n, k=1)
    truth = groups[iu[0]] == groups[iu[1]]
    a, b = scored.pairs
    y = groups[a] == groups[b]
    hard = _hard_pair_index(names)
    ha, hb = np.array([p[0] for p in hard], int), np.array([p[1] for p in hard], int)
    hy = np.array([p[2] for p in hard], bool)
    has_twin = np.array([(groups == g).sum() > 1 for g in groups])
    folds = []
    for held in make_folds(keys, k):
        out = np.isin(keys_arr, held)
        train = ~out[a] & ~out[b]
        if len(set(y[train].tolist())) < 2:
            raise CorpusError("Quá ít cặp để học lại điểm đã học trên phần còn lại của kiểm định chéo.")
        model = pair_model.fit(scored.features[train], y[train], c)
        matrix = scored.rescored(model)
        s = matrix[iu]
        tr_all, te_all = ~out[iu[0]] & ~out[iu[1]], out[iu[0]] | out[iu[1]]
        best = max(PROB_GRID, key=lambda t: (prf(s[tr_all] >= t, truth[tr_all]).f1, -abs(t - threshold)))
        te_hard = out[ha] | out[hb]
        right = groups[scored.best_of(matrix)] == groups
        mask = out & has_twin
        folds.append(LearnedFold(", ".join(held), best, prf(s[te_all] >= best, truth[te_all]),
                                 prf(s[te_all] >= threshold, truth[te_all]),
                                 prf(matrix[ha, hb][te_hard] >= threshold, hy[te_hard]),
                                 average_precision(s[te_all], truth[te_all]),
                                 float(right[mask].mean()) if mask.any() else 0.0))
    return LearnedCV(by, folds)


def best_threshold(names: list[Name] | None = None, grid=GRID, signals: Signals = PRODUCT,
                   corpus: Path | str = FIXTURES) -> list[tuple[float, float, float]]:
    """(threshold, F1 over every pair, F1 over the hard pairs) along a grid."""
    names = names if names is not None else load_names(corpus)
    scored = Scored(names, signals, floor=min(grid))
    return [(t, r.all_engine.f1, r.hard_engine.f1) for t in grid
            for r in [evaluate(names, t, signals=signals, corpus=corpus, scored=scored)]]


def errors(names: list[Name], scored: Scored, threshold: float | None = None,
           limit: int = 20) -> str:
    """The worst mistakes at ``threshold`` among every pair: different purposes scored highest,
    same purposes scored lowest — each with both key texts, for whoever grows the data files."""
    threshold = scored.signals.threshold if threshold is None else threshold
    groups = np.array([n.group for n in names])
    iu = np.triu_indices(len(names), k=1)
    s = scored.final[iu]
    same = groups[iu[0]] == groups[iu[1]]
    lines = []
    for title, mask, order in (("Khác mục đích mà điểm cao", ~same & (s >= threshold), -s),
                               ("Cùng mục đích mà điểm thấp", same & (s < threshold), s)):
        picked = np.flatnonzero(mask)
        picked = picked[np.argsort(order[picked], kind="stable")][:limit]
        lines.append(f"{title} ({int(mask.sum())}):")
        for p in picked:
            i, j = int(iu[0][p]), int(iu[1][p])
            lines.append(f"  {s[p]:.3f}  [{names[i].group}] {names[i].name}  ⟷  [{names[j].group}] {names[j].name}")
            lines.append(f"         {key_text(names[i].name)}  ⟷  {key_text(names[j].name)}")
    return "\n".join(lines)


# ------------------------------------------------------------------ ablation ----

@dataclass
class AblationRow:
    signals: Signals
    report: Report
    cv: CrossValidation


def ablation(names: list[Name], k: int = 5, corpus: Path | str = FIXTURES, base: Signals = PRODUCT,
             threshold: float | None = None) -> list[AblationRow]:
    """The report and the cross-validated F1 with every signal on, then with each one off
    (each at its own product threshold: the cosine's without the learned score)."""
    rows = []
    for variant in [base, *(base.without(s) for s in Signals.SWITCHES if getattr(base, s))]:
        if not (variant.word or variant.char):
            continue
        at = variant.threshold if threshold is None or variant.learned != base.learned else threshold
        scored = Scored(names, variant, floor=min(min(GRID), at))
        rows.append(AblationRow(variant, evaluate(names, at, signals=variant, corpus=corpus, scored=scored),
                                cross_validate(names, k, variant, scored=scored)))
    return rows


def ablation_text(rows: list[AblationRow]) -> str:
    head = f"{'tín hiệu':<28} {'P':>6} {'R':>6} {'F1':>6} {'AP':>6} {'top-1':>6}   F1 kiểm định chéo"
    lines = [head]
    for r in rows:
        m, sd = r.cv.f1
        e = r.report.hard_engine
        lines.append(f"{r.signals.label():<28} {e.precision:6.3f} {e.recall:6.3f} {e.f1:6.3f} "
                     f"{r.report.ap_hard:6.3f} {r.report.top1_engine:6.3f}   {m:.3f} ± {sd:.3f}")
    return "\n".join(lines)


__all__ = [
    "CorpusError", "Name", "Signals", "Scored", "Report", "evaluate", "cross_validate", "ablation",
    "ablation_text", "errors", "learned_cross_validate", "load_names", "load_pairs", "hard_pairs", "write_pairs", "real_corpora", "best_threshold",
]
