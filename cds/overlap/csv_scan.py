"""Overlapping pairs inside any CSV list of project names — a list from another province, an
export of a ministry's plan — *without touching the database*: the names are matched against
each other only, with the same text engine as the registry
(:class:`cds.text.matching.TfidfBackend`, fitted on the names of this file alone). Run by
``manage.py find_overlaps``, which reads the options, calls :func:`check_target`, :func:`scan`
and :func:`write_file` / :func:`write_rows`, and prints :meth:`Scan.summary`.

Input
    UTF-8 text (a BOM, as Excel writes for "CSV UTF-8", is accepted); the delimiter is
    detected among comma, semicolon and tab (comma if in doubt). The first non-empty row is
    the header; ``column`` names the column holding the project names. Rows whose name
    cell is empty are skipped but still counted, so row numbers match the analyst's sheet.
    At most ``MAX_BYTES`` (50 MB).

Output
    ``row_a,row_b,score,name_a,name_b,explanation`` — one line per pair with score at least
    the threshold (``threshold`` 0 lists every pair). ``row_a < row_b`` are data-row numbers
    (1 = the first row under the header); lines are sorted by score (4 decimals) descending,
    then by ``row_a``, ``row_b``. ``explanation`` gives the key phrases both names share
    ("Từ khóa chung: cơ sở dữ liệu đất đai"). A file is written only when everything
    succeeded (written beside the target, then renamed).

Every problem with the input or the output is a :class:`CsvScanError` with a Vietnamese message.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cds.core.validation import BadInput, check_text
from cds.text import pair_model
from cds.text.format import num
from cds.text.matching import (
    TfidfBackend,
    key_text,
    key_tokens,
    shared_terms,
    with_transitive,
)
from cds.text.normalize import fold

from .models import explain

MAX_BYTES = 50 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
DELIMITERS = ",;\t"
HEADER = ["row_a", "row_b", "score", "name_a", "name_b", "explanation"]


class CsvScanError(Exception):
    """The input or the output file cannot be used; the message says why, in Vietnamese."""


def _vn_float(x: float) -> str:
    """0.4 → "0,4"."""
    return f"{x:g}".replace(".", ",")


@lru_cache(maxsize=None)
def _accents(text: str) -> int:
    """How many letters of ``text`` carry a Vietnamese mark (or are đ)."""
    return sum(1 for ch in text if ch.isalpha() and not ch.isascii())


@lru_cache(maxsize=None)
def _spelling(name: str) -> str:
    """The written form of a name's key words (accents, abbreviations) — what the explanation
    shows — without places and years, so "CSDL đất đai tỉnh A" and "… tỉnh B" share a memo entry."""
    keys = set(key_tokens(name))
    return " ".join(w for w in name.split() if fold(w) in keys or w.isupper())


def read_text(path: Path) -> str:
    """The file's text, with every problem as a Vietnamese CsvScanError."""
    if not path.exists():
        raise CsvScanError(f"Không tìm thấy tệp “{path}”.")
    if not path.is_file():
        raise CsvScanError(f"“{path}” không phải là một tệp.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        mb = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise CsvScanError(f"Tệp “{path}” nặng {mb} MB, vượt giới hạn {MAX_BYTES // (1024 * 1024)} MB; "
                           "hãy chia nhỏ danh sách.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CsvScanError(f"Không đọc được tệp “{path}”: {exc.strerror or exc}.") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CsvScanError(f"Tệp không phải UTF-8 (byte không hợp lệ ở dòng {line}); "
                           "hãy lưu lại dưới dạng CSV UTF-8 (Excel: Lưu thành → “CSV UTF-8”).") from exc


def sniff_delimiter(text: str) -> str:
    sample = text[:SNIFF_BYTES]
    if len(text) > SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # do not let a cut line mislead the sniffer
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def parse_rows(text: str, delimiter: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CsvScanError(f"Tệp CSV không đọc được: {exc}.") from exc


def _find_column(header: list[str], column: str) -> int | None:
    cells = [h.strip() for h in header]
    if column.strip() in cells:
        return cells.index(column.strip())
    folded = [unicodedata.normalize("NFC", h).casefold() for h in cells]
    want = unicodedata.normalize("NFC", column.strip()).casefold()
    return folded.index(want) if folded.count(want) == 1 else None


def load_names(text: str, column: str) -> tuple[list[int], list[str], int]:
    """(row numbers, names, data rows): the non-empty names of ``column`` with the number of
    their data row (1 = first row under the header), and how many data rows there are."""
    if not text.strip():
        raise CsvScanError("Tệp trống: không có tiêu đề cột và không có dòng dữ liệu nào.")
    sniffed = sniff_delimiter(text)
    # The sniffer can be fooled (a single-column list whose names contain commas…): prefer the
    # delimiter under which the header has the requested column.
    first_header = None
    for delimiter in [sniffed, *(d for d in DELIMITERS if d != sniffed)]:
        rows = parse_rows(text, delimiter)
        start = next((k for k, r in enumerate(rows) if any(c.strip() for c in r)), None)
        if start is None:
            raise CsvScanError("Tệp trống: không có tiêu đề cột và không có dòng dữ liệu nào.")
        header = rows[start]
        if first_header is None:
            first_header = header
        idx = _find_column(header, column)
        if idx is not None:
            break
    else:
        found = ", ".join(f"“{h.strip()}”" for h in first_header if h.strip()) or "(không có)"
        raise CsvScanError(f"Không có cột “{column}” trong tệp. Các cột tìm thấy: {found}.")
    data = rows[start + 1:]
    while data and not any(c.strip() for c in data[-1]):
        data.pop()  # blank lines at the end are not rows of the sheet
    if not data:
        raise CsvScanError("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.")
    numbers, names = [], []
    for number, row in enumerate(data, start=1):
        try:
            name = check_text(row[idx]) if idx < len(row) else ""
        except BadInput as exc:
            raise CsvScanError(f"Dòng dữ liệu {number}: tên {exc}; hãy sửa tệp rồi chạy lại.") from None
        if name:
            numbers.append(number)
            names.append(name)
    return numbers, names, len(data)


def find_pairs(names: list[str], threshold: float) -> tuple[list[tuple[int, int, float, int | None]], dict[str, float]]:
    """([(i, j, score, via)], idf): i < j index ``names``; ``via`` is the row linking a
    transitive pair (:func:`cds.text.matching.with_transitive`) or None. Sorted by the score
    rounded to 4 decimals (descending), then i, j. Every pair when ``threshold`` is 0. The score
    is the learned pair score (:mod:`cds.text.pair_model`) when a model is stored."""
    backend = TfidfBackend()
    backend.fit(names, [""] * len(names))
    model = pair_model.load()
    if model is not None:
        return _learned_pairs(backend, names, threshold, model), backend.term_weights()
    found = {(i, j): float(s) for i, j, s in backend.pairs(threshold)}
    if threshold <= 0 and len(found) < len(names) * (len(names) - 1) // 2:
        # names made only of stop words ("Xây dựng hệ thống") have no vector: score 0
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                found.setdefault((i, j), 0.0)
    scored = with_transitive(found, max(threshold, 1e-9))
    if threshold <= 0:
        for key, s in found.items():
            scored.setdefault(key, (s, None))
    out = [(i, j, s, via) for (i, j), (s, via) in scored.items()]
    out.sort(key=lambda p: (-round(p[2], 4), p[0], p[1]))
    return out, backend.term_weights()


def _learned_pairs(backend, names: list[str], threshold: float, model) -> list[tuple[int, int, float, int | None]]:
    direct = {(i, j): float(s) for i, j, s in backend.pairs(min(threshold, pair_model.COSINE_FLOOR)
                                                             if threshold > 0 else 0)}
    scored = pair_model.rescore(pair_model.with_cosine_pairs(direct), backend, names.__getitem__,
                                backend.term_weights(), model)
    if threshold <= 0:
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                scored.setdefault((i, j), (0.0, None))
    out = [(i, j, s, via) for (i, j), (s, via) in scored.items() if s >= threshold]
    out.sort(key=lambda p: (-round(p[2], 4), p[0], p[1]))
    return out


@dataclass
class Scan:
    """The pairs found in one file, and what was read to find them."""

    threshold: float
    numbers: list[int]           # data-row number of each name
    names: list[str]
    n_rows: int                  # data rows, names or not
    pairs: list[tuple[int, int, float, int | None]]
    idf: dict[str, float]

    def lines(self):
        """The output rows (without the header), one per pair, in order."""
        names, numbers = self.names, self.numbers
        # Names with no key word in common share no phrase. The shared phrases depend on the two
        # names' key texts (and how they were written), which repeat across a national list
        # (every province's "CSDL đất đai"): they are computed once per pair of distinct names'
        # key texts and spellings — 28 µs a pair otherwise, minutes over millions of pairs.
        keys = [frozenset(key_tokens(n)) for n in names]
        memo: dict = {}

        def terms(i, j):
            a, b = names[i], names[j]
            if _accents(a) > _accents(b):
                a, b = b, a
            key = (key_text(a), key_text(b), _spelling(a), _spelling(b))
            if key not in memo:
                memo[key] = shared_terms(a, b, self.idf)
            return memo[key]

        return ([numbers[i], numbers[j], f"{min(max(s, 0.0), 1.0):.4f}", names[i], names[j],
                 explain(terms(i, j) if keys[i] & keys[j] else [],
                         [{"kind": "via", "label": f"dòng {numbers[via]} — {names[via]}"}] if via is not None else [])]
                for i, j, s, via in self.pairs)

    def summary(self, target: str) -> str:
        skipped = self.n_rows - len(self.names)
        note = f"; bỏ qua {num(skipped)} dòng không có tên" if skipped else ""
        return (f"Đã so {num(len(self.names))} tên, tìm thấy {num(len(self.pairs))} cặp "
                f"(ngưỡng {_vn_float(self.threshold)}{note}) → {target}")


def scan(path: Path, column: str, threshold: float) -> Scan:
    """Read ``path`` and find the pairs of names of ``column`` scoring at least ``threshold``."""
    numbers, names, n_rows = load_names(read_text(path), column)
    if len(names) < 2:
        raise CsvScanError(f"Cần ít nhất 2 tên để so sánh; cột “{column}” chỉ có {len(names)} tên "
                           f"trong {num(n_rows)} dòng dữ liệu.")
    pairs, idf = find_pairs(names, threshold)
    return Scan(threshold, numbers, names, n_rows, pairs, idf)


def check_target(out: str) -> Path:
    """The output file named ``out``, refused before any work when it cannot be written."""
    path = Path(out)
    if path.is_dir():
        raise CsvScanError(f"“{out}” là một thư mục; hãy cho tên tệp kết quả.")
    if not path.resolve().parent.is_dir():
        raise CsvScanError(f"Thư mục của tệp kết quả “{out}” không tồn tại.")
    return path


def write_rows(stream, lines) -> None:
    """The header and ``lines`` as CSV to a text stream."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(lines)


def write_file(path: Path, lines) -> None:
    """Write beside the target, then rename: the file appears only if all went well."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.resolve().parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write_rows(fh, lines)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise CsvScanError(f"Không ghi được tệp kết quả “{path}”: {exc.strerror or exc}.") from exc
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
