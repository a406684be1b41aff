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


def search_terms(query: str | None) -> list[str]:
    """Split a user query into terms, each to be found on word boundaries.

    A known abbreviation becomes the phrase it stands for ("CSDL dat dai" →
    ["co so du lieu", "dat", "dai"]); everything else is one word.  A term is matched as
    ``" term "`` against :func:`search_document` output, so "dat" does not hit "datum".
    """
    table = abbreviations()
    terms: list[str] = []
    for tok in tokens(query):
        term = table.get(tok, tok)
        if term not in terms:
            terms.append(term)
    return terms[:12]
