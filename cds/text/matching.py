"""Similarity of Vietnamese project names for duplicate-investment detection.

Three layers, each replaceable:

1. **Key text** (:func:`key_tokens`): the folded text of :mod:`cds.text.normalize` (NFC, no tone
   marks, đ→d, lower case), abbreviations expanded from ``data/abbreviations.json``, then the
   stop phrases of ``data/matching.json`` removed — words that say nothing about *what* a
   project does ("xây dựng", "nâng cấp", "hệ thống", "tỉnh Lạng Sơn", "giai đoạn 2021–2025",
   "năm 2024"). "Xay dung CSDL dat dai tinh Lang Son giai doan 2021-2025" and "Cơ sở dữ liệu
   đất đai" both become ``co so du lieu dat dai``.
2. **A backend** (:class:`Backend`) that turns key texts into vectors and answers "which rows
   are nearest this text" and "which pairs of rows are above a threshold". The default,
   :class:`TfidfBackend`, combines TF-IDF cosines over word 1–2-grams (name + description)
   and character 3–5-grams (name only — they absorb spelling variants and compound words).
   A sentence-embedding backend can be added later by implementing the same four methods and
   naming it in ``settings.OVERLAP_BACKEND``; nothing is ever downloaded at run time.
3. **Explanations** (:func:`shared_terms`): the key words both texts share, rarest first, in
   their accented surface form, so a reviewer sees *why* two names were matched.

Structured signals (same capability, data entity, unit, years) are added by the caller
(:mod:`cds.overlap.engine`), which knows the registry; this module only knows text.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Protocol

import numpy as np
from scipy import sparse

from .normalize import _DATA, abbreviations, expand, fold

# Chosen on the labelled set (tests/fixtures/overlap, see its README): the threshold that
# maximised F1 of the text score; reported with precision/recall by ``manage.py overlap_quality``.
DEFAULT_THRESHOLD = 0.36
CHAR_WEIGHT = 0.3  # share of the character n-gram cosine in the text score (word share = 1 - this)
# Transitive similarity (see :func:`with_transitive`): a pair also scores PENALTY × the weaker
# of two strong links through a third name; only the NEIGHBOURS strongest links of a name count.
TRANSITIVE_PENALTY = 0.95
TRANSITIVE_NEIGHBOURS = 20


# ------------------------------------------------------------------ key text ----

@dataclass(frozen=True)
class _Rules:
    stop: re.Pattern
    stop_words: frozenset[str]
    synonyms: re.Pattern | None
    synonym_map: dict[str, str]
    weak: frozenset[str]  # folded unigrams and bigrams that only say what kind of artefact it is
    weak_weight: float


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = json.loads((_DATA / "matching.json").read_text(encoding="utf-8"))
    places = sorted({fold(p) for p in raw["places"]}, key=len, reverse=True)
    phrases = sorted({fold(p) for p in raw["stop_phrases"]}, key=len, reverse=True)
    place_alt = "|".join(re.escape(p) for p in places)
    alternatives = [
        # "tỉnh Lạng Sơn", "thành phố Đà Nẵng", "TP. Huế" or the bare name
        rf"(?:(?:tinh|thanh pho|tp) )?(?:{place_alt})",
        *raw["stop_patterns"],
        *(re.escape(p) for p in phrases if " " in p),
    ]
    stop = re.compile(r"(?<!\S)(?:" + "|".join(f"(?:{a})" for a in alternatives) + r")(?!\S)")
    synonym_map = {fold(k): fold(v) for k, v in raw.get("synonyms", {}).items()}
    synonyms = None
    if synonym_map:
        alt = "|".join(re.escape(k) for k in sorted(synonym_map, key=len, reverse=True))
        synonyms = re.compile(rf"(?<!\S)(?:{alt})(?!\S)")
    weak = set()
    for phrase in raw.get("weak_terms", []):
        toks = fold(phrase).split()
        weak.update(toks if len(toks) == 1 else (f"{a} {b}" for a, b in zip(toks, toks[1:])))
    return _Rules(stop, frozenset(p for p in phrases if " " not in p), synonyms, synonym_map, frozenset(weak),
                  float(raw.get("weak_weight", 1.0)))


def key_tokens(text: str | None) -> list[str]:
    """The words of ``text`` that say what a project is about (see the module docstring)."""
    return key_text(text).split()


@lru_cache(maxsize=65536)
def key_text(text: str | None) -> str:
    rules = _rules()
    s = expand(text)
    if rules.synonyms is not None:
        s = rules.synonyms.sub(lambda m: rules.synonym_map[m.group(0)], s)
    # Two passes: removing one phrase can bring the next to a word boundary ("của tỉnh X").
    for _ in range(2):
        s = rules.stop.sub(" ", s)
    return " ".join(_drop_repeats([t for t in s.split() if t not in rules.stop_words]))


def _drop_repeats(toks: list[str]) -> list[str]:
    """"Trung tâm IOC" expands to "trung tâm trung tâm điều hành thông minh": a phrase of up to
    four words repeated at once is kept once."""
    out: list[str] = []
    for tok in toks:
        out.append(tok)
        for n in range(1, 5):
            if len(out) >= 2 * n and out[-n:] == out[-2 * n:-n]:
                del out[-n:]
                break
    return out


@lru_cache(maxsize=65536)
def _surface_tokens(text: str | None) -> tuple[tuple[str, str], ...]:
    """(folded, as written) per word, abbreviations replaced by the words of their expansion."""
    table = _folded_abbreviations()
    out = []
    for word in re.findall(r"\w+", unicodedata.normalize("NFC", text or "")):
        key = fold(word)
        if key in table:
            out.extend((fold(w), w) for w in table[key])
        elif key:
            out.append((key, word.lower()))
    return tuple(out)


def surface_forms(*texts: str | None) -> dict:
    """Folded word (and folded word pair) → how it was written, for readable explanations; an
    accented spelling wins over one typed without marks. Pairs disambiguate words that fold
    alike ("hồ sơ" / "cơ sở" both contain "so"). Abbreviations contribute the words of their
    expansion ("CSDL" → "cơ sở dữ liệu")."""
    out: dict = {}

    def put(key, form):
        if key not in out or (out[key] == (key if isinstance(key, str) else None) and form != key):
            out[key] = form

    for text in texts:
        toks = _surface_tokens(text)
        for key, word in toks:
            put(key, word)
        for (k1, w1), (k2, w2) in zip(toks, toks[1:]):
            pair = (k1, k2)
            if pair not in out or (out[pair] == (k1, k2) and (w1, w2) != (k1, k2)):
                out[pair] = (w1, w2)
    return out


def _render(words: list[str], forms: dict) -> str:
    """A run of folded words in its written form, word pairs first (see :func:`surface_forms`)."""
    out = []
    for i, w in enumerate(words):
        if i and (words[i - 1], w) in forms:
            out.append(forms[(words[i - 1], w)][1])
        elif i + 1 < len(words) and (w, words[i + 1]) in forms:
            out.append(forms[(w, words[i + 1])][0])
        else:
            out.append(forms.get(w, w))
    return " ".join(out)


@lru_cache(maxsize=1)
def _folded_abbreviations() -> dict[str, tuple[str, ...]]:
    raw = json.loads((_DATA / "abbreviations.json").read_text(encoding="utf-8"))
    return {fold(k): tuple(v.split()) for k, v in raw.items() if not k.startswith("_")}


def shared_terms(a: str, b: str, idf: dict[str, float] | None = None, limit: int = 6) -> list[str]:
    """The key phrases both texts share — maximal runs of consecutive key words of ``a`` that
    also occur consecutively in ``b`` — rarest first, as written in ``b`` (or ``a``)."""
    ta, tb = key_tokens(a), key_tokens(b)
    in_b, bigrams_b = set(tb), set(zip(tb, tb[1:]))
    idf = idf or {}
    forms = surface_forms(b, a)
    runs: list[list[str]] = []
    for i, tok in enumerate(ta):
        if tok not in in_b:
            continue
        if runs and i and (ta[i - 1], tok) in bigrams_b and runs[-1][-1] == ta[i - 1] and runs[-1][-1] is not None:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    rules = _rules()
    keys = sorted({" ".join(r) for r in runs}, key=len, reverse=True)
    items, kept = [], []
    for key in keys:
        # a phrase inside a longer shared phrase, or a lone weak word ("số", "quản lý"), adds nothing
        if any(f" {key} " in f" {k} " for k in kept) or (" " not in key and key in rules.weak):
            continue
        kept.append(key)
        words = key.split()
        items.append((sum(idf.get(w, 1.0) for w in words), _render(words, forms)))
    items.sort(key=lambda it: -it[0])
    return [text for _, text in items[:limit]]


# ------------------------------------------------------------------- backend ----

class Backend(Protocol):
    """What the overlap index, the all-pairs scan and ``find_overlaps`` need from a similarity
    model (scores in 0–1). Rows are numbered in the order they were added; the index retires a
    changed row itself (its ``alive`` mask) and adds the new version."""

    name: str

    def fit(self, names: list[str], details: list[str]) -> None: ...

    def add(self, names: list[str], details: list[str]) -> range: ...

    def scores(self, name: str, detail: str = "") -> np.ndarray: ...

    def block_scores(self, rows) -> np.ndarray: ...

    def pairs(self, threshold: float, alive: np.ndarray | None = None) -> Iterator[tuple[int, int, float]]: ...

    def term_weights(self) -> dict[str, float]: ...


def _word_analyzer(text: str) -> list[str]:
    toks = text.split()
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]


class TfidfBackend:
    """TF-IDF over key words (1–2-grams of name + description, the name counted twice) and
    over character 3–5-grams of the key name; score = weighted sum of the two cosines.

    The vocabularies and IDF weights are learnt by :meth:`fit`; rows added later are
    vectorised with them (a word never seen before adds nothing until the next rebuild,
    which the index does after growing by 20 %). Matrices are float32 CSR; a query is two
    sparse matrix–vector products, so it costs what the query's terms occur in, not N."""

    name = "tfidf"

    def __init__(self, char_weight: float = CHAR_WEIGHT):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.char_weight = char_weight
        self.words = TfidfVectorizer(analyzer=_word_analyzer, sublinear_tf=True, dtype=np.float32)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                     lowercase=False, dtype=np.float32)
        self.W = self.C = None
        self._pending_w: list = []
        self._pending_c: list = []

    # -- building
    @staticmethod
    def _texts(names, details):
        keys = [key_text(n) for n in names]
        words = [f"{k} {k} {key_text(d)}" if d else k for k, d in zip(keys, details)]
        return keys, words

    def fit(self, names, details):
        keys, words = self._texts(names, details)
        if not any(keys):
            keys, words = ["_"], ["_"]  # an empty registry still needs a vocabulary
            self.W = self._weigh(self.words.fit_transform(words))[:0]
            self.C = self.chars.fit_transform(keys)[:0]
            return
        self.W = self._weigh(self.words.fit_transform(words))
        self.C = self.chars.fit_transform(keys).tocsr()
        self._pending_w, self._pending_c = [], []
        self._WT = None

    def add(self, names, details) -> range:
        keys, words = self._texts(names, details)
        start = self.size
        self._pending_w.append(self._weigh(self.words.transform(words)))
        self._pending_c.append(self.chars.transform(keys))
        if sum(m.shape[0] for m in self._pending_w) > 256:
            self._merge()
        return range(start, start + len(names))

    def _merge(self):
        if self._pending_w:
            self.W = sparse.vstack([self.W, *self._pending_w], format="csr")
            self.C = sparse.vstack([self.C, *self._pending_c], format="csr")
            self._pending_w, self._pending_c = [], []
            self._WT = None

    @property
    def WT(self):
        """The word matrix by term (term → rows): a query's product then reads only the
        postings of its own terms instead of walking every row (30 → 7 ms at 100,000 rows)."""
        if getattr(self, "_WT", None) is None:
            self._WT = self.W.T.tocsr()
        return self._WT

    @property
    def size(self) -> int:
        return self.W.shape[0] + sum(m.shape[0] for m in self._pending_w)

    def memory_bytes(self) -> int:
        self._merge()
        return sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in (self.W, self.C))

    def term_weights(self) -> dict[str, float]:
        vocab = self.words.vocabulary_
        idf = self.words.idf_
        return {t: float(idf[i]) for t, i in vocab.items() if " " not in t}

    # -- scoring
    def vectors(self, name: str, detail: str = ""):
        keys, words = self._texts([name], [detail])
        return self._weigh(self.words.transform(words)), self.chars.transform(keys)

    def _weigh(self, m):
        """Scale the columns of weak terms (data: ``weak_terms``) and re-normalise the rows."""
        from sklearn.preprocessing import normalize

        if getattr(self, "_colw", None) is None or len(self._colw) != m.shape[1]:
            rules = _rules()
            vocab = self.words.get_feature_names_out()
            self._colw = np.array([rules.weak_weight if t in rules.weak else 1.0 for t in vocab], np.float32)
        return normalize(sparse.csr_matrix(m.multiply(self._colw)), copy=False).astype(np.float32)

    # The character cosine is computed for the rows sharing the most word weight only: over
    # 100,000 rows the full character product touches millions of entries (common trigrams)
    # and was the bulk of a check's time; rows outside this pool keep their word score.
    CHAR_POOL = 2000

    def scores(self, name: str, detail: str = "") -> np.ndarray:
        self._merge()
        w, c = self.vectors(name, detail)
        sw = (w @ self.WT).toarray().ravel()
        n = len(sw)
        if n <= self.CHAR_POOL:
            sc = (self.C @ c.T).toarray().ravel()
            return (1 - self.char_weight) * sw + self.char_weight * sc
        pool = np.argpartition(-sw, self.CHAR_POOL - 1)[: self.CHAR_POOL]
        pool = pool[sw[pool] > 0]
        out = (1 - self.char_weight) * sw
        if len(pool):
            out[pool] += self.char_weight * (self.C[pool] @ c.T).toarray().ravel()
        return out

    def block_scores(self, rows) -> np.ndarray:
        """Scores among a few rows (dense, rows × rows)."""
        self._merge()
        w, c = self.W[rows], self.C[rows]
        return ((1 - self.char_weight) * (w @ w.T) + self.char_weight * (c @ c.T)).toarray()

    def pairs(self, threshold, alive=None, block: int | None = None):
        """Every pair (i < j) whose score is at least ``threshold`` — exact: the scores of a
        block of rows against every later row are computed as dense products (words and
        characters) and thresholded, block by block, so memory stays bounded (a block × N
        float32 matrix at a time) and no pair is missed. With ``threshold`` 0 every pair is
        returned."""
        self._merge()
        n = self.W.shape[0]
        alive = np.ones(n, bool) if alive is None else alive[:n]
        block = block or max(64, min(1000, 40_000_000 // max(n, 1)))
        for start in range(0, n, block):
            stop = min(n, start + block)
            rows, later = slice(start, stop), slice(start, n)
            sw = (self.W[rows] @ self.W[later].T).toarray()
            sc = (self.C[rows] @ self.C[later].T).toarray()
            score = (1 - self.char_weight) * sw + self.char_weight * sc
            del sw, sc
            # keep j > i only: column c of the block is row start + c
            i_loc = np.arange(stop - start)[:, None]
            score[np.arange(score.shape[1])[None, :] <= i_loc] = -1
            hit_i, hit_j = np.nonzero(score >= threshold) if threshold > 0 else np.nonzero(score >= 0)
            gi, gj = hit_i + start, hit_j + start
            ok = alive[gi] & alive[gj]
            yield from zip(gi[ok].tolist(), gj[ok].tolist(), score[hit_i[ok], hit_j[ok]].astype(float).tolist())


def with_transitive(pairs: dict, threshold: float, *, penalty: float = TRANSITIVE_PENALTY,
                    neighbours: int = TRANSITIVE_NEIGHBOURS) -> dict:
    """Pairs at or above ``threshold`` once transitive similarity is counted.

    ``pairs`` maps ``(i, j)`` (i < j) to the direct score, for at least every pair scoring
    ``threshold`` or more. Variants of one purpose are often each close to a third name — "Quản
    lý tài nguyên rừng" links "CSDL quản lý rừng" and "Ảnh viễn thám theo dõi rừng" — without
    being close to each other; so a pair also scores ``penalty × min(s(i,k), s(k,j))`` through
    the best ``k`` among each name's ``neighbours`` strongest links. Measured on the labelled set
    (tests/fixtures/overlap): F1 on the labelled pairs 0.81 → 0.85, held out per file 0.86–0.87.
    Returns ``{(i, j): (score, via)}`` with ``via`` the linking row, or None for a direct pair."""
    strong = threshold / penalty
    links: dict[int, list] = defaultdict(list)
    for (i, j), score in pairs.items():
        if score >= strong:
            links[i].append((score, j))
            links[j].append((score, i))
    out = {key: (score, None) for key, score in pairs.items() if score >= threshold}
    for k, lst in links.items():
        lst = sorted(lst, reverse=True)[:neighbours]
        for x, (s1, i) in enumerate(lst):
            for s2, j in lst[x + 1:]:
                value = penalty * min(s1, s2)
                key = (i, j) if i < j else (j, i)
                current = out.get(key)
                if current is None or value > current[0] + 1e-9:
                    out[key] = (value, k)
    return out


def transitive_rerank(scores: np.ndarray, block, *, pool: int = 30, penalty: float = TRANSITIVE_PENALTY):
    """One name against many: lift each of its ``pool`` best candidates j to
    ``penalty × min(s(q,k), s(k,j))`` through another candidate k when that is higher
    (``block(rows)`` gives the scores among the pool). Returns (scores, via) — ``via[j]`` the
    linking row or -1. The query-side twin of :func:`with_transitive`."""
    scores = scores.astype(np.float64, copy=True)
    via = np.full(len(scores), -1)
    n = min(pool, int((scores > 0).sum()))
    if n < 2:
        return scores, via
    top = np.argpartition(-scores, n - 1)[:n]
    m = block(top)
    np.fill_diagonal(m, 0)
    path = np.minimum(scores[top][:, None], m) * penalty  # [k, j]
    best_k = path.argmax(axis=0)
    lifted = path[best_k, np.arange(n)]
    better = lifted > scores[top] + 1e-9
    scores[top[better]] = lifted[better]
    via[top[better]] = top[best_k[better]]
    return scores, via


def get_backend(path: str | None = None) -> Backend:
    """The configured backend (``settings.OVERLAP_BACKEND``, a dotted path to a class)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = path or settings.OVERLAP_BACKEND
    return import_string(path)()


__all__ = ["DEFAULT_THRESHOLD", "Backend", "TfidfBackend", "get_backend", "key_text", "key_tokens",
           "shared_terms", "surface_forms", "abbreviations"]
