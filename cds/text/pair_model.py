"""A learned, calibrated score for a pair of project names.

The cosines of :class:`cds.text.matching.TfidfBackend` rank well but say little about
*whether* two names are one investment: a generic name ("Cơ sở dữ liệu chuyên ngành") is close
to everything, and two names sharing one rare word may still be two purposes. This module turns
a pair into a few features computable at query time from what the index holds — the word and
character cosines, the transitive score, the IDF weights of the words both names share and how
much of each name they cover, the kind of artefact each name builds (``artefact_types`` of
``data/matching.json``), the overlap of the *object* words once action, artefact and filler
words are removed, the lengths and how generic each name is — and a logistic regression whose
coefficients and feature scaling are stored in ``data/pair_model.json`` turns them into a
probability that both names are of one purpose.

The model is trained by ``bench/train_overlap_model.py`` on labelled names (every positive
pair and every negative pair of the all-pairs matrix), never at run time; the threshold
(:data:`cds.text.matching.DEFAULT_THRESHOLD`) is chosen by cross-validation by source.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .matching import CHAR_WEIGHT, _rules, key_text, with_transitive
from .normalize import _DATA, fold

MODEL_PATH = _DATA / "pair_model.json"
FEATURES = ("word", "char", "final", "transitive_gain", "shared_idf_sum", "shared_idf_max", "coverage_min",
            "coverage_max", "same_type", "different_type", "object_overlap", "no_object", "length_ratio",
            "idf_mass_min", "idf_mass_max", "max_idf_min", "max_idf_max", "key_words_min", "object_mass_min")
# Only pairs whose cosine score (direct or transitive) reaches this are rescored (0.12, 0.18 and
# 0.22 measured alike by cross-validation; fewer pairs to rescore in the scan); below it the
# model's probability is treated as 0 (cross-validation measures the same rule).
COSINE_FLOOR = 0.18
# Transitive links (cds.text.matching.with_transitive) count at this cosine score.
TRANSITIVE_FLOOR = 0.22


@dataclass(frozen=True)
class Profile:
    keys: frozenset  # folded key words
    objects: frozenset  # key words that are not action, artefact or filler words
    types: frozenset  # artefact kinds (artefact_types)
    n_keys: int


@lru_cache(maxsize=1)
def _vocab():
    raw = json.loads((_DATA / "matching.json").read_text(encoding="utf-8"))
    types = {kind: tuple(f" {fold(p)} " for p in phrases)
             for kind, phrases in raw.get("artefact_types", {}).items() if not kind.startswith("_")}
    generic = set(_rules().stop_words)
    for phrase in (*raw.get("weak_terms", []), *raw.get("stop_phrases", [])):
        generic.update(fold(phrase).split())
    for phrases in types.values():
        for p in phrases:
            generic.update(p.split())
    return types, frozenset(generic)


@lru_cache(maxsize=262144)
def profile(text: str) -> Profile:
    """What the features need of one name (cached by its text)."""
    types, generic = _vocab()
    keys = key_text(text).split()
    folded = f" {' '.join(fold(text or '').split())} "
    return Profile(frozenset(keys), frozenset(k for k in keys if k not in generic),
                   frozenset(kind for kind, phrases in types.items() if any(p in folded for p in phrases)), len(keys))


def _weighed(p: Profile, idf: dict, unseen: float) -> tuple[dict, float, float, float]:
    """A name's key words with their IDF, its IDF mass, highest IDF and object-word mass."""
    wk = {t: idf.get(t, unseen) for t in p.keys}
    return wk, sum(wk.values()), max(wk.values(), default=0.0), sum(wk[t] for t in p.objects)


def features(a: Profile, b: Profile, word: float, char: float, final: float, idf: dict, unseen: float,
             _wa=None, _wb=None) -> list[float]:
    """The features of one pair (in the order of :data:`FEATURES`); ``idf`` of the index, a
    word it does not know weighs ``unseen`` (the highest IDF)."""
    wk_a, mass_a, max_a, omass_a = _wa or _weighed(a, idf, unseen)
    wk_b, mass_b, max_b, omass_b = _wb or _weighed(b, idf, unseen)
    shared = [wk_a[t] for t in a.keys & b.keys]
    s_sum = sum(shared)
    cov = (s_sum / mass_a if mass_a else 0.0, s_sum / mass_b if mass_b else 0.0)
    union = a.objects | b.objects
    o_shared = sum(wk_a[t] for t in a.objects & b.objects)
    o_union = omass_a + omass_b - o_shared
    obj = o_shared / o_union if union and o_union else 0.0
    return [word, char, final, final - (1 - CHAR_WEIGHT) * word - CHAR_WEIGHT * char, s_sum,
            max(shared, default=0.0), min(cov), max(cov), float(bool(a.types & b.types)),
            float(bool(a.types and b.types and not a.types & b.types)), obj, float(not union),
            min(a.n_keys, b.n_keys) / max(1, a.n_keys, b.n_keys), min(mass_a, mass_b), max(mass_a, mass_b),
            min(max_a, max_b), max(max_a, max_b), float(min(a.n_keys, b.n_keys)), min(omass_a, omass_b)]


def feature_matrix(pairs, word, char, final, idf: dict) -> np.ndarray:
    """Features of many pairs: ``pairs`` a list of (text a, text b), the cosines as arrays."""
    unseen = idf.max_weight() if hasattr(idf, "max_weight") else max(idf.values(), default=1.0)
    seen: dict = {}

    def weighed(text):
        if text not in seen:
            p = profile(text)
            seen[text] = (p, _weighed(p, idf, unseen))
        return seen[text]

    rows = []
    for (a, b), w, c, f in zip(pairs, word, char, final):
        (pa, wa), (pb, wb) = weighed(a), weighed(b)
        rows.append(features(pa, pb, float(w), float(c), float(f), idf, unseen, wa, wb))
    return np.array(rows, np.float64).reshape(len(rows), len(FEATURES))


@dataclass(frozen=True)
class Model:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        if not len(x):
            return np.zeros(0)
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def as_json(self, **extra) -> dict:
        return {"features": list(FEATURES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, **extra}


def fit(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> Model:
    """A logistic regression on standardised features (for the training script and the
    cross-validation of the quality report; never at run time)."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=3000).fit((x - mean) / scale, y)
    return Model(mean, scale, lr.coef_.ravel().astype(np.float64), float(lr.intercept_[0]))


@lru_cache(maxsize=4)
def load(path: Path | str = MODEL_PATH) -> Model | None:
    """The stored model, or None when there is none (the cosine score is then used as is)."""
    path = Path(path)
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    if tuple(raw.get("features", ())) != FEATURES:
        raise ValueError(f"{path}: the features of the stored model are not those of this code; retrain it.")
    return Model(np.array(raw["mean"]), np.array(raw["scale"]), np.array(raw["coef"]), float(raw["intercept"]))


def rescore(scored: dict, backend, name_of, idf: dict, model: Model) -> dict:
    """``scored`` {(i, j): (cosine score, via)} of a backend's rows → {(i, j): (probability,
    via)}: the word and character cosines read from the backend's matrices (``pair_parts``),
    ``name_of(row)`` the row's name."""
    keys = list(scored)
    if not keys:
        return {}
    word, char = backend.pair_parts([k[0] for k in keys], [k[1] for k in keys])
    cosine = np.array([scored[k][0] for k in keys])
    x = feature_matrix([(name_of(i), name_of(j)) for i, j in keys], word, char, cosine, idf)
    return {k: (float(p), scored[k][1]) for k, p in zip(keys, model.probability(x))}


def with_cosine_pairs(direct: dict) -> dict:
    """Direct pairs (cosine at least :data:`COSINE_FLOOR`) and transitive ones (links at
    :data:`TRANSITIVE_FLOOR`), the higher score per pair: {(i, j): (cosine, via)}."""
    out = {key: (s, None) for key, s in direct.items() if s >= COSINE_FLOOR}
    for key, (s, via) in with_transitive(direct, TRANSITIVE_FLOOR).items():
        if s > out.get(key, (0.0,))[0]:
            out[key] = (s, via)
    return out
