"""Similarity of Vietnamese project names for duplicate-investment detection.

Three layers, each replaceable:

1. **Key text** (:func:`key_tokens`): the folded text of :mod:`cds.text.normalize` (NFC, no tone
   marks, đ→d, lower case), abbreviations expanded from ``data/abbreviations.json``, then the
   stop phrases of ``data/matching.json`` removed — words that say nothing about *what* a
   project does ("xây dựng", "nâng cấp", "hệ thống", "tỉnh Lạng Sơn", "giai đoạn 2021–2025",
   "năm 2024"), and the names of districts and communes after their unit ("huyện Mai Sơn").
   "Xay dung CSDL dat dai tinh Lang Son giai doan 2021-2025" and "Cơ sở dữ liệu đất đai" both
   become ``co so du lieu dat dai``.
2. **A backend** (:class:`Backend`) that turns key texts into vectors and answers "which rows
   are nearest this text" and "which pairs of rows are above a threshold". The default,
   :class:`TfidfBackend`, combines TF-IDF cosines over word 1–2-grams (name + description)
   and character 3–5-grams (name only — they absorb spelling variants and compound words).
   A sentence-embedding backend can be added later by implementing the same four methods and
   naming it in ``settings.OVERLAP_BACKEND``; nothing is ever downloaded at run time.
3. **Explanations** (:func:`shared_terms`): the key phrases both texts share — whole words,
   the same words with their marks, no weak terms or fillers alone —, rarest first, in their
   accented form, so a reviewer sees *why* two names were matched.

Structured signals (same capability, data entity, unit, years) are added by the caller
(:mod:`cds.overlap.engine`), which knows the registry; this module only knows text.
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Protocol

import numpy as np
from scipy import sparse

from .normalize import _AMP_RE, _DATA, abbreviations, expand, fold, strip_diacritics, tokens, word_cuts

# The threshold of the pair score: the probability of the learned pair model
# (cds/text/pair_model.py) that two names are of one purpose. Chosen by cross-validation by
# source on the real names (tests/fixtures/overlap/real and the released set, pooled): the
# mean of the F1-best thresholds (over every pair) chosen on the training folds, 0.215 ± 0.02.
DEFAULT_THRESHOLD = 0.22
# Without a stored pair model the cosine score is used, at the threshold chosen for it.
COSINE_THRESHOLD = 0.36
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


@lru_cache(maxsize=1)
def _place_name_re() -> re.Pattern | None:
    """An administrative unit ("huyện", "xã", "phường", "thành phố" …, from ``place_units``)
    followed by a capitalised name of up to four words, on text without marks but with its
    case: "huyện Mai Sơn", "xa Tan Lap", "TP. Buôn Ma Thuột"."""
    raw = json.loads((_DATA / "matching.json").read_text(encoding="utf-8"))
    units = sorted({strip_diacritics(u).lower() for u in raw.get("place_units", [])}, key=len, reverse=True)
    if not units:
        return None
    unit = "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in units)
    word = r"[A-Z][a-z0-9'’-]*"
    # without marks a unit can be the end of a common word: "cơ quan", "nông thôn", "địa
    # phương", "từ xa", "vùng xa" are no district, commune or hamlet
    not_after = "".join(rf"(?<!\b{w} )" for w in ("[Cc]o", "[Nn]ong", "[Dd]ia", "[Tt]u", "[Vv]ung"))
    return re.compile(rf"(?<!\w){not_after}(?i:{unit})\.?\s+{word}(?:[ \t]+{word}){{0,3}}(?!\w)")


def drop_place_names(text: str | None) -> str:
    """``text`` without its marks and without the names of districts, communes and towns
    ("huyện Mai Sơn", "xã Tân Lập"): a name says where a project is, not what it does, and a
    rare place name would otherwise weigh heavily in the score. Names written in title case
    throughout ("Xây Dựng Cơ Sở Dữ Liệu Huyện") are left alone — their capitals mark nothing."""
    plain = strip_diacritics(unicodedata.normalize("NFC", text or ""))
    pattern = _place_name_re()
    words = re.findall(r"[^\W\d_]+", plain)
    if pattern is None or not words or sum(w[0].isupper() for w in words) > 0.6 * len(words):
        return plain
    return pattern.sub(" ", plain)


def _place_words(written: tuple[str, ...]) -> set[int]:
    """The words of a name (as :func:`_evidence_tokens` splits it) that :func:`drop_place_names`
    leaves out, so an explanation never names a district both texts merely share."""
    pattern = _place_name_re()
    plain = [strip_diacritics(w) for w in written]
    letters = [w for w in plain if w[:1].isalpha()]
    if pattern is None or not letters or sum(w[0].isupper() for w in letters) > 0.6 * len(letters):
        return set()
    starts, at = [], 0
    for w in plain:
        starts.append(at)
        at += len(w) + 1
    out = set()
    for m in pattern.finditer(" ".join(plain)):
        out.update(n for n, st in enumerate(starts) if m.start() <= st < m.end())
    return out


def key_tokens(text: str | None) -> list[str]:
    """The words of ``text`` that say what a project is about (see the module docstring)."""
    return key_text(text).split()


@lru_cache(maxsize=65536)
def key_text(text: str | None, abbreviations: bool = True, stop_phrases: bool = True,
             synonyms: bool = True, place_names: bool = True) -> str:
    """The key text of ``text`` (see the module docstring); each of the data-driven steps can
    be left out, which only the quality report's ablation does."""
    rules = _rules()
    if place_names:
        text = drop_place_names(text)
    s = expand(text) if abbreviations else " ".join(tokens(text))
    if synonyms and rules.synonyms is not None:
        s = rules.synonyms.sub(lambda m: rules.synonym_map[m.group(0)], s)
    if not stop_phrases:
        return " ".join(_drop_repeats(s.split()))
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


@lru_cache(maxsize=1)
def _folded_abbreviations() -> dict[str, tuple[str, ...]]:
    raw = json.loads((_DATA / "abbreviations.json").read_text(encoding="utf-8"))
    return {fold(k): tuple(v.split()) for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def _evidence_rules():
    """Accented synonyms (folded phrase → the canonical words as written), the weak phrases
    (folded) and the filler words (as written) an explanation never shows on their own."""
    raw = json.loads((_DATA / "matching.json").read_text(encoding="utf-8"))
    synonyms = {tuple(fold(k).split()): tuple(unicodedata.normalize("NFC", v).lower().split())
                for k, v in raw.get("synonyms", {}).items()}
    weak = frozenset(tuple(fold(p).split()) for p in raw.get("weak_terms", []))
    fillers = frozenset(unicodedata.normalize("NFC", w).lower() for w in raw.get("evidence_fillers", []))
    return synonyms, weak, fillers


@dataclass(frozen=True)
class _Tok:
    key: str  # folded
    word: str  # as written (lower case), or the accented word of an expansion / synonym
    at: int  # position in the text before stop phrases were removed
    src: tuple[int, int]  # the words of the text it comes from (first, last)
    synonym: bool = False  # a word of the canonical phrase that replaced a synonym


@lru_cache(maxsize=65536)
def _evidence_tokens(text: str | None) -> tuple[tuple[_Tok, ...], tuple[bool, ...], tuple[str, ...]]:
    """The key words of ``text`` (as :func:`key_tokens`) with the way each was written, where
    its words may end (:func:`cds.text.normalize.word_cuts`, on the text before stop phrases
    were removed) and the words of the text itself."""
    table = _folded_abbreviations()
    written = tuple(re.findall(r"\w+", _AMP_RE.sub("", unicodedata.normalize("NFC", text or ""))))
    raw = []
    places = _place_words(written)
    for n, word in enumerate(written):
        key = fold(word)
        if n in places:
            continue
        if key in table:
            raw.extend((fold(w), w.lower(), (n, n), False) for w in table[key])
        elif key:
            raw.extend((k, word.lower() if len(key.split()) == 1 else k, (n, n), False) for k in key.split())
    synonyms, _weak, _fillers = _evidence_rules()
    longest = max((len(k) for k in synonyms), default=0)
    toks: list[tuple[str, str, tuple[int, int], bool]] = []
    i = 0
    while i < len(raw):
        for size in range(min(longest, len(raw) - i), 0, -1):
            canon = synonyms.get(tuple(r[0] for r in raw[i:i + size]))
            if canon:
                span = (raw[i][2][0], raw[i + size - 1][2][1])
                toks.extend((fold(w), w, span, True) for w in canon)
                i += size
                break
        else:
            toks.append(raw[i])
            i += 1
    cuts = tuple(word_cuts([t[0] for t in toks]))
    rules = _rules()
    kept = [_Tok(k, w, n, src, syn) for n, (k, w, src, syn) in enumerate(toks)]
    for _ in range(2):  # as key_text: removing one phrase can bring the next to a word boundary
        line, starts = "", []
        for t in kept:
            starts.append(len(line) + (1 if line else 0))
            line = f"{line} {t.key}" if line else t.key
        gone = set()
        for m in rules.stop.finditer(line):
            gone.update(n for n, st in enumerate(starts) if m.start() <= st < m.end())
        kept = [t for n, t in enumerate(kept) if n not in gone]
    kept = [t for t in kept if t.key not in rules.stop_words]
    out: list[_Tok] = []
    for t in kept:  # a phrase repeated at once is kept once (see _drop_repeats)
        out.append(t)
        for n in range(1, 9):
            if len(out) >= 2 * n and [x.key for x in out[-n:]] == [x.key for x in out[-2 * n:-n]]:
                del out[-n:]
                break
    return tuple(out), cuts, written


def _shown(word: str) -> str:
    """A word of a name as an explanation shows it: lower case, abbreviations as written."""
    return word if len(word) > 1 and not word[1:].islower() else word.lower()


def _as_written(ta, wa, tb, wb) -> str:
    """A shared run as written in b — or in a, when b was typed without marks; with both
    wordings when a synonym made them alike ("hội nghị truyền hình ≈ họp trực tuyến")."""
    def shown(toks, written):
        return " ".join(_shown(w) for w in written[toks[0].src[0]:toks[-1].src[1] + 1])

    ra, rb = shown(ta, wa), shown(tb, wb)
    marked_a, marked_b = (strip_diacritics(r) != r for r in (ra, rb))
    if marked_a and marked_b and fold(ra) != fold(rb) and any(t.synonym for t in (*ta, *tb)):
        return f"{ra} ≈ {rb}"
    return rb if marked_b or not marked_a else ra


def _same(a: _Tok, b: _Tok) -> bool:
    """The same word: alike once folded, and written alike where both carry marks ("tài" is
    not "tại"; "dat" typed without marks may be "đất")."""
    return a.key == b.key and (a.word == b.word or a.word == a.key or b.word == b.key)


def _whole(toks, cuts, i: int, j: int) -> bool:
    """Do key words i..j (inclusive) start and end on word boundaries of their text?"""
    return cuts[toks[i].at] and cuts[toks[j].at + 1]


def _common_runs(ta, ca, tb, cb) -> list[tuple[int, int, int]]:
    """(start in a, start in b, length) of the longest whole-word piece of every maximal run of
    words both texts share in the same order."""
    n, m = len(ta), len(tb)
    run = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if _same(ta[i], tb[j]):
                run[i][j] = run[i + 1][j + 1] + 1
    out = []
    for i in range(n):
        for j in range(m):
            size = run[i][j]
            if not size or (i and j and run[i - 1][j - 1]):
                continue  # not the start of a maximal run
            best = None
            for s in range(size):
                for e in range(size - 1, s - 1, -1):
                    if (best is None or e - s + 1 > best[2]) and _whole(ta, ca, i + s, i + e) \
                            and _whole(tb, cb, j + s, j + e):
                        best = (i + s, j + s, e - s + 1)
                        break
            if best:
                out.append(best)
    return out


def _composed_of(key: tuple[str, ...], phrases: frozenset) -> bool:
    return key in phrases or any(key[:c] in phrases and _composed_of(key[c:], phrases) for c in range(1, len(key)))


def shared_terms(a: str, b: str, idf: dict[str, float] | None = None, limit: int = 6) -> list[str]:
    """The key phrases both texts share, rarest first, as written (in ``b``, else ``a``) — so
    a reviewer sees *why* two names were matched. A phrase is a run of words both texts have
    in the same order, whole words only (no "công" out of "công nghệ" and "công dân", no
    "tài" for "tại": the syllables must be the same words, marks included, where both texts
    carry marks). Filler words at either end are dropped, and a phrase made only of weak terms
    ("quản lý", "cơ sở dữ liệu", "số hóa") or of fillers ("của", "tại", "tỉnh") says nothing:
    it is left out."""
    (ta, ca, wa), (tb, cb, wb) = _evidence_tokens(a), _evidence_tokens(b)
    _synonyms, weak, fillers = _evidence_rules()
    idf = idf or {}
    items: dict[str, float] = {}
    keys: list[tuple[str, ...]] = []
    for i, j, size in sorted(_common_runs(ta, ca, tb, cb), key=lambda r: -r[2]):
        lo, hi = 0, size  # drop whole filler words at either end
        while lo < hi and ta[i + lo].word in fillers and _whole(ta, ca, i + lo, i + lo):
            lo += 1
        while hi > lo and ta[i + hi - 1].word in fillers and _whole(ta, ca, i + hi - 1, i + hi - 1):
            hi -= 1
        key = tuple(t.key for t in ta[i + lo:i + hi])
        if not key or _composed_of(key, weak):
            continue
        if any(f" {' '.join(key)} " in f" {' '.join(k)} " for k in keys):
            continue  # inside a longer shared phrase
        keys.append(key)
        text = _as_written(ta[i + lo:i + hi], wa, tb[j + lo:j + hi], wb)
        items[text] = max(items.get(text, 0.0), sum(idf.get(w, 1.0) for w in key))
    return [text for text, _ in sorted(items.items(), key=lambda it: -it[1])[:limit]]


# ------------------------------------------------------------------- backend ----

class Backend(Protocol):
    """What the overlap index, the all-pairs scan and ``find_overlaps`` need from a similarity
    model (scores in 0–1). Rows are numbered in the order they were added; the index retires a
    changed row itself (its ``alive`` mask) and adds the new version."""

    name: str

    def fit(self, names: list[str], details: list[str]) -> None: ...

    def add(self, names: list[str], details: list[str]) -> range: ...

    def scores(self, name: str, detail: str = "") -> np.ndarray: ...

    def parts(self, name: str, detail: str, rows) -> tuple[np.ndarray, np.ndarray]:
        """The word and the character cosine of a text against some rows (for the pair model)."""
        ...

    def pair_parts(self, i, j) -> tuple[np.ndarray, np.ndarray]:
        """The word and the character cosine of row pairs (i[k], j[k])."""
        ...

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

    def parts(self, name: str, detail: str, rows) -> tuple[np.ndarray, np.ndarray]:
        """The word and the character cosine of a text against some rows (for the pair model)."""
        self._merge()
        w, c = self.vectors(name, detail)
        return (self.W[rows] @ w.T).toarray().ravel(), (self.C[rows] @ c.T).toarray().ravel()

    def pair_parts(self, i, j) -> tuple[np.ndarray, np.ndarray]:
        """The word and the character cosine of row pairs (i[k], j[k])."""
        self._merge()
        i, j = np.asarray(i, int), np.asarray(j, int)
        if not len(i):
            return np.zeros(0), np.zeros(0)
        word = np.asarray(self.W[i].multiply(self.W[j]).sum(axis=1)).ravel()
        char = np.asarray(self.C[i].multiply(self.C[j]).sum(axis=1)).ravel()
        return word, char

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


# --------------------------------------------------------------- persistence ----
# A fitted TfidfBackend is saved as plain arrays (numpy .npy files) that other processes map
# read-only (``np.load(mmap_mode="r")``): the operating system's page cache then holds one copy
# for every process. The vocabularies are stored as sorted 64-bit hashes of the terms (blake2b)
# with their column numbers and IDF weights — no dictionary of strings is rebuilt on load, and
# the columns, hence the scores, are exactly those of the fitted vectorisers. Loading needs
# neither fitting nor scikit-learn. Rows added after loading go to a small in-memory backend
# beside the mapped one (:class:`StackedBackend`); the mapped arrays are never copied.

FORMAT_VERSION = 1
_WHITE_SPACES = re.compile(r"\s\s+")


@lru_cache(maxsize=1)
def data_fingerprint() -> str:
    """A digest of what key texts and vectors are made with — the data (abbreviations, stop
    phrases, synonyms, weak terms) and the code of this module and of :mod:`.normalize`: an
    index saved by other data or code would not match today's queries, so it is not used."""
    digest = hashlib.sha256()
    for path in [*sorted(_DATA.glob("*")), Path(__file__), Path(__file__).with_name("normalize.py")]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def term_hashes(terms) -> np.ndarray:
    """64-bit hashes of terms, the same in every process (Python's ``hash`` is not)."""
    terms = list(terms)
    return np.fromiter((int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little")
                        for t in terms), dtype=np.uint64, count=len(terms))


def char_wb_ngrams(text: str, lo: int = 3, hi: int = 5) -> list[str]:
    """scikit-learn's ``char_wb`` analyser (no lower-casing, no accent stripping): the character
    n-grams of each word padded with one space on either side."""
    out = []
    for w in _WHITE_SPACES.sub(" ", text).split():
        w = f" {w} "
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < len(w):
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:  # a short word counts once
                break
    return out


class HashedVocabulary:
    """A fitted vocabulary as arrays: sorted term hashes, their columns, the IDF by column."""

    def __init__(self, keys: np.ndarray, cols: np.ndarray, idf: np.ndarray):
        self.keys, self.cols, self.idf = keys, cols, idf

    @classmethod
    def of(cls, vocabulary: dict[str, int], idf: np.ndarray) -> HashedVocabulary:
        terms = list(vocabulary)
        keys = term_hashes(terms)
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        if len(keys) > 1 and (keys[1:] == keys[:-1]).any():
            raise ValueError("hash collision in the vocabulary")
        cols = np.fromiter((vocabulary[t] for t in terms), dtype=np.int32, count=len(terms))[order]
        return cls(keys, cols, np.asarray(idf, dtype=np.float64))

    def __len__(self) -> int:
        return len(self.keys)

    def columns(self, terms: list[str]) -> np.ndarray:
        """The columns of the known terms among ``terms`` (unknown ones are left out)."""
        if not terms or not len(self.keys):
            return np.zeros(0, np.int32)
        h = term_hashes(terms)
        pos = np.minimum(np.searchsorted(self.keys, h), len(self.keys) - 1)
        return self.cols[pos[self.keys[pos] == h]]


class FrozenTfidf:
    """``transform`` of a fitted ``TfidfVectorizer(sublinear_tf=True)`` (l2 rows, float32) from
    a :class:`HashedVocabulary`."""

    def __init__(self, analyzer, vocabulary: HashedVocabulary):
        self.analyzer, self.vocabulary = analyzer, vocabulary
        self.n_features = len(vocabulary.idf)

    def transform(self, texts) -> sparse.csr_matrix:
        indptr, indices, data = [0], [], []
        for text in texts:
            cols, counts = np.unique(self.vocabulary.columns(self.analyzer(text)), return_counts=True)
            v = (np.log(counts.astype(np.float32)) + np.float32(1)) * self.vocabulary.idf[cols]
            norm = np.sqrt((v * v).sum())
            indices.append(cols)
            data.append((v / norm if norm > 0 else v).astype(np.float32))
            indptr.append(indptr[-1] + len(cols))
        return sparse.csr_matrix((np.concatenate(data) if data else np.zeros(0, np.float32),
                                  np.concatenate(indices).astype(np.int32) if indices else np.zeros(0, np.int32),
                                  np.asarray(indptr, np.int64)), shape=(len(indptr) - 1, self.n_features))


class TermWeights:
    """The IDF of single words for explanations (:func:`shared_terms`), read from a
    :class:`HashedVocabulary` — the ``dict.get`` that function uses, without the dictionary."""

    def __init__(self, vocabulary: HashedVocabulary):
        self.vocabulary = vocabulary

    def __len__(self) -> int:
        return len(self.vocabulary)

    def max_weight(self) -> float:
        """The largest stored weight (that of a term seen once: the same for words and word
        pairs) — what the pair model gives a word the index has never seen."""
        if getattr(self, "_max", None) is None:
            self._max = float(self.vocabulary.idf.max()) if len(self.vocabulary) else 1.0
        return self._max

    def get(self, term: str, default=None):
        if " " in term:
            return default
        cols = self.vocabulary.columns([term])
        return float(self.vocabulary.idf[cols[0]]) if len(cols) else default


def _l2_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    m = sparse.csr_matrix(m, dtype=np.float32)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(sparse.diags((1 / norms).astype(np.float32)) @ m, dtype=np.float32)


class LoadedTfidfBackend(TfidfBackend):
    """A :class:`TfidfBackend` read back from :func:`save_backend` files: the same scores, its
    matrices mapped from disk, its vectorisers :class:`FrozenTfidf`."""

    def __init__(self, words: FrozenTfidf, chars: FrozenTfidf, colw: np.ndarray, char_weight: float = CHAR_WEIGHT):
        self.char_weight = char_weight
        self.words, self.chars, self._colw = words, chars, colw
        self.W = self.C = self._WT = None
        self._pending_w, self._pending_c = [], []

    def _weigh(self, m):
        return _l2_rows(m.multiply(self._colw))

    def term_weights(self):
        return TermWeights(self.words.vocabulary)


_MATRICES = ("W", "WT", "C")


def save_backend(backend: TfidfBackend, path) -> None:
    """Write a fitted backend's matrices and vocabularies into the directory ``path``."""
    path = Path(path)
    backend._merge()
    for name in _MATRICES:
        m = getattr(backend, name).tocsr()
        m.sort_indices()
        np.save(path / f"{name}_data.npy", m.data.astype(np.float32))
        index_type = np.int32 if m.nnz < 2**31 - 1 else np.int64  # what scipy uses: no copy on load
        np.save(path / f"{name}_indices.npy", m.indices.astype(index_type))
        np.save(path / f"{name}_indptr.npy", m.indptr.astype(index_type))
    for name, vec in (("words", backend.words), ("chars", backend.chars)):
        voc = vec.vocabulary if isinstance(vec, FrozenTfidf) else HashedVocabulary.of(vec.vocabulary_, vec.idf_)
        np.save(path / f"{name}_keys.npy", voc.keys)
        np.save(path / f"{name}_cols.npy", voc.cols)
        np.save(path / f"{name}_idf.npy", voc.idf)
    np.save(path / "words_colw.npy", np.asarray(backend._colw, np.float32))
    (path / "backend.json").write_text(json.dumps({
        "format": FORMAT_VERSION, "class": f"{type(backend).__module__}.{TfidfBackend.__qualname__}",
        "char_weight": backend.char_weight, "shape": [backend.W.shape[0], backend.W.shape[1], backend.C.shape[1]],
        "data": data_fingerprint(),
    }), encoding="utf-8")


def load_backend(path) -> LoadedTfidfBackend:
    """The backend saved in ``path``, its arrays memory-mapped (read-only, shared)."""
    path = Path(path)
    meta = json.loads((path / "backend.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT_VERSION:
        raise ValueError(f"index format {meta.get('format')} (expected {FORMAT_VERSION})")
    if meta.get("data") != data_fingerprint():
        raise ValueError("index built with other matching data or code (cds/text): rebuild it")
    rows, n_words, n_chars = meta["shape"]
    arr = lambda name: np.asarray(np.load(path / f"{name}.npy", mmap_mode="r"))  # noqa: E731 — views, no copy
    vocab = {name: HashedVocabulary(arr(f"{name}_keys"), arr(f"{name}_cols"), arr(f"{name}_idf"))
             for name in ("words", "chars")}
    backend = LoadedTfidfBackend(FrozenTfidf(_word_analyzer, vocab["words"]), FrozenTfidf(char_wb_ngrams, vocab["chars"]),
                                 arr("words_colw"), meta["char_weight"])
    shapes = {"W": (rows, n_words), "WT": (n_words, rows), "C": (rows, n_chars)}
    for name in _MATRICES:
        m = sparse.csr_matrix((arr(f"{name}_data"), arr(f"{name}_indices"), arr(f"{name}_indptr")),
                              shape=shapes[name], copy=False)
        setattr(backend, "_WT" if name == "WT" else name, m)
    return backend


def delta_backend(base: TfidfBackend) -> TfidfBackend:
    """An empty backend with ``base``'s vectorisers, for the rows added after ``base`` was
    built (:class:`StackedBackend`)."""
    delta = copy.copy(base)
    delta.W = base.W[:0].copy()
    delta.C = base.C[:0].copy()
    delta._WT = None
    delta._pending_w, delta._pending_c = [], []
    return delta


class StackedBackend:
    """A built backend (``base``: mapped from disk, or fitted in memory) and the rows added
    since (``delta``, in memory, vectorised with the base's vocabularies), seen as one backend:
    rows 0…len(base)-1 are the base's, the next ones the delta's. Each part scores with its own
    :class:`TfidfBackend` methods; the base is never copied except for an all-pairs scan."""

    def __init__(self, base: TfidfBackend):
        self.base, self.delta = base, delta_backend(base)
        self.name = base.name
        self.base_size = base.size

    @property
    def size(self) -> int:
        return self.base_size + self.delta.size

    def add(self, names, details) -> range:
        span = self.delta.add(names, details)
        return range(self.base_size + span.start, self.base_size + span.stop)

    def scores(self, name: str, detail: str = "") -> np.ndarray:
        base = self.base.scores(name, detail)
        if not self.delta.size:
            return base
        return np.concatenate([base, self.delta.scores(name, detail)])

    def _part(self, rows=None) -> TfidfBackend:
        """A backend over the given rows (all when None) of both parts, in that order."""
        self.delta._merge()
        part = copy.copy(self.delta)
        if rows is None:
            part.W = sparse.vstack([self.base.W, self.delta.W], format="csr")
            part.C = sparse.vstack([self.base.C, self.delta.C], format="csr")
        else:
            rows = np.asarray(rows)
            mine = rows < self.base_size
            order = np.concatenate([np.flatnonzero(mine), np.flatnonzero(~mine)])
            back = np.argsort(order)
            d = rows[~mine] - self.base_size
            part.W = sparse.vstack([self.base.W[rows[mine]], self.delta.W[d]], format="csr")[back]
            part.C = sparse.vstack([self.base.C[rows[mine]], self.delta.C[d]], format="csr")[back]
        part._WT = None
        part._pending_w, part._pending_c = [], []
        return part

    def block_scores(self, rows) -> np.ndarray:
        rows = np.asarray(rows)
        if not len(rows) or rows.max() < self.base_size:
            return self.base.block_scores(rows)
        return self._part(rows).block_scores(np.arange(len(rows)))

    def parts(self, name: str, detail: str, rows) -> tuple[np.ndarray, np.ndarray]:
        rows = np.asarray(rows, int)
        if not len(rows) or rows.max() < self.base_size:
            return self.base.parts(name, detail, rows)
        return self._part(rows).parts(name, detail, np.arange(len(rows)))

    def pair_parts(self, i, j) -> tuple[np.ndarray, np.ndarray]:
        i, j = np.asarray(i, int), np.asarray(j, int)
        if not len(i) or max(i.max(), j.max()) < self.base_size:
            return self.base.pair_parts(i, j)
        rows = np.unique(np.concatenate([i, j]))
        return self._part(rows).pair_parts(np.searchsorted(rows, i), np.searchsorted(rows, j))

    def pairs(self, threshold, alive=None, block: int | None = None):
        whole = self.base if not self.delta.size else self._part()
        return whole.pairs(threshold, alive, block)

    def term_weights(self):
        return self.base.term_weights()

    def memory_bytes(self) -> int:
        return self.base.memory_bytes() + self.delta.memory_bytes()


def get_backend(path: str | None = None) -> Backend:
    """The configured backend (``settings.OVERLAP_BACKEND``, a dotted path to a class)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = path or settings.OVERLAP_BACKEND
    return import_string(path)()


__all__ = ["DEFAULT_THRESHOLD", "COSINE_THRESHOLD", "Backend", "StackedBackend", "TfidfBackend", "get_backend",
           "key_text", "key_tokens", "load_backend", "save_backend", "shared_terms", "abbreviations"]
