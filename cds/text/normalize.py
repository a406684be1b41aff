"""Vietnamese text normalisation — the one place search, overlap detection and directive
extraction get their text handling from.

Why not rely on the database: SQLite's ``LIKE``/FTS do not fold Vietnamese tone marks nor
``đ``; PostgreSQL needs the ``unaccent`` extension.  Storing a normalised copy of the text
(``search_text``) maintained by the application gives the same behaviour on both.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("data")
_TOKEN_RE = re.compile(r"[0-9a-z]+")
# "Sở TT&TT", "KH&CN", "NN&PTNT": the ampersand belongs to the abbreviation.
_AMP_RE = re.compile(r"(?<=\w)\s*&\s*(?=\w)")


def strip_diacritics(text: str) -> str:
    """Remove tone and vowel marks, fold đ/Đ to d/D (NFD decomposition does not split đ)."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.replace("đ", "d").replace("Đ", "D")


def fold(text: str | None) -> str:
    """NFC → no diacritics → lower case → single spaces; punctuation becomes a space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = _AMP_RE.sub("", text)
    text = strip_diacritics(text).lower()
    return " ".join(_TOKEN_RE.findall(text))


def tokens(text: str | None) -> list[str]:
    return fold(text).split()


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Abbreviation → folded expansion, from ``data/abbreviations.json``."""
    raw = json.loads((_DATA / "abbreviations.json").read_text(encoding="utf-8"))
    return {fold(k): fold(v) for k, v in raw.items() if not k.startswith("_")}


def expand(text: str | None) -> str:
    """Folded text with every known abbreviation replaced by its expansion."""
    table = abbreviations()
    return " ".join(table.get(tok, tok) for tok in tokens(text))


def search_document(*parts: str | None) -> str:
    """Text stored in a ``search_text`` column: folded, abbreviations expanded *and* kept
    (so "CSDL" is found by "CSDL" and by "cơ sở dữ liệu"), padded with spaces so a term
    can be matched on word boundaries with a plain ``LIKE '% term %'``."""
    table = abbreviations()
    out: list[str] = []
    for part in parts:
        for tok in tokens(part):
            out.append(tok)
            if tok in table:
                out.append(table[tok])
    return f" {' '.join(out)} " if out else ""


@lru_cache(maxsize=1)
def lexicon() -> frozenset[tuple[str, ...]]:
    """The words of two syllables or more in ``data/words.txt``, folded: a Vietnamese word is
    often written as several syllables ("đất đai", "công nghệ"), and folding makes syllables of
    different words alike ("đặt", "đất" → "dat")."""
    out = set()
    for line in (_DATA / "words.txt").read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        for entry in line.split(","):
            toks = tuple(tokens(entry))
            if len(toks) > 1:
                out.add(toks)
    return frozenset(out)


def word_cuts(toks: list[str] | tuple[str, ...]) -> list[bool]:
    """Where a word may end: ``cuts[i]`` tells whether ``toks[i - 1]`` and ``toks[i]`` may belong
    to different words (``cuts[0]`` and ``cuts[len]`` are always True). A cut inside a word of
    :func:`lexicon` is not allowed — unless both sides of it are made of words of the lexicon
    themselves ("cơ sở dữ liệu" may be read as "cơ sở" + "dữ liệu"; "đất đai" is one word)."""
    lex = lexicon()
    longest = max((len(e) for e in lex), default=0)
    n = len(toks)
    cuts = [True] * (n + 1)
    for i in range(n):
        for size in range(2, min(longest, n - i) + 1):
            entry = tuple(toks[i:i + size])
            if entry not in lex:
                continue
            for c in range(1, size):
                left, right = entry[:c], entry[c:]
                if not (_composed(left) and _composed(right)):
                    cuts[i + c] = False
    return cuts


@lru_cache(maxsize=4096)
def _composed(toks: tuple[str, ...]) -> bool:
    """Is ``toks`` a sequence of words of the lexicon, each of two syllables or more?"""
    lex = lexicon()
    return toks in lex or any(toks[:c] in lex and _composed(toks[c:]) for c in range(2, len(toks) - 1))


def words(toks: list[str] | tuple[str, ...]) -> list[str]:
    """``toks`` grouped into words at the cuts :func:`word_cuts` allows."""
    cuts = word_cuts(toks)
    out: list[str] = []
    for i, tok in enumerate(toks):
        if i and not cuts[i]:
            out[-1] += f" {tok}"
        else:
            out.append(tok)
    return out


def search_terms(query: str | None) -> list[str]:
    """Split a user query into terms, each to be found on word boundaries.

    A known abbreviation becomes the phrase it stands for; the other syllables are grouped
    into words (:func:`words`), so "CSDL dat dai" → ["co so du lieu", "dat dai"]: "dat dai"
    is looked for as one word, never as "đặt" and "đại" apart. A term is matched as
    ``" term "`` against :func:`search_document` output, so "dat" does not hit "datum".
    """
    table = abbreviations()
    terms: list[str] = []
    run: list[str] = []

    def flush():
        for word in words(run):
            if word not in terms:
                terms.append(word)
        run.clear()

    for tok in tokens(query):
        if tok in table:
            flush()
            if table[tok] not in terms:
                terms.append(table[tok])
        else:
            run.append(tok)
    flush()
    return terms[:12]
