"""The open-data feeds' logic, apart from the views: which published snapshots and which page a
request asks for, the feeds' validators (ETag, Last-Modified), the JSON body and the CSV cells.

Everything here reads through :mod:`.selectors` (:func:`~.selectors.published`,
:func:`~.selectors.current`, :func:`~.selectors.records`): the current published snapshot of
each tree and its records, whose ``data`` holds only the dictionary's fields the tree's policy
left unmasked when the snapshot was prepared. A feed writes a record's ``data`` and the tree's
code, and nothing else, so a masked field, a withheld project or an internal note cannot appear.

Pagination is by offset on (snapshot, key), the order of :func:`~.selectors.records`: page
``trang`` (from 1) of ``so_ban_ghi`` records (1–1,000; 1,000 by default).
"""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass

from django.db.models import TextField
from django.db.models.functions import Cast

from cds.text.chars import ascii_digits, scrub

from . import dictionary, selectors
from .models import Dataset, PublishedRecord, Snapshot

PAGE_SIZE = 1000
MAX_PAGE_SIZE = 1000
MAX_PAGE_DIGITS = 9
TREE_PARAM, PAGE_PARAM, SIZE_PARAM = "don_vi", "trang", "so_ban_ghi"
TREE_COLUMN = "tinh_bo"
#: Changes whenever the layout of a feed's body changes, so that cached copies are not reused.
FORMAT_VERSION = "1"
CSV_LIST_SEPARATOR = "; "
CSV_PART_SEPARATOR = "|"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STREAM_BATCH = 500


class FeedError(Exception):
    """A request the feed cannot answer: ``status`` (400, 404) and a Vietnamese message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class Selection:
    dataset: str
    snapshots: list[Snapshot]
    tree: str            # the root unit code asked for, "" for every tree
    page: int | None     # None: the whole dataset (CSV without ``trang``)
    size: int

    @property
    def offset(self) -> int:
        return ((self.page or 1) - 1) * self.size

    @property
    def trees(self) -> dict[int, str]:
        return {s.pk: s.root_unit.code for s in self.snapshots}


def _number(params, name: str, label: str, default: int | None, maximum: int | None = None) -> int | None:
    raw = params.get(name)
    if raw is None:
        return default
    raw = raw.strip()
    if not ascii_digits(raw) or len(raw) > MAX_PAGE_DIGITS or int(raw) < 1:
        raise FeedError(400, f"Tham số {name} ({label}) phải là số nguyên dương, ví dụ {name}=1.")
    value = int(raw)
    if maximum is not None and value > maximum:
        raise FeedError(400, f"Tham số {name} ({label}) tối đa là {maximum}.")
    return value


def select(dataset: str, params, *, whole_by_default: bool = False) -> Selection:
    """The snapshots and page a request with query ``params`` asks for; FeedError when the
    dataset or a parameter is wrong. ``whole_by_default``: without ``trang``, the whole dataset
    (the CSV feed)."""
    if dataset not in Dataset.values:
        names = ", ".join(Dataset.values)
        raise FeedError(404, f"Không có bộ dữ liệu «{str(dataset)[:40]}». Các bộ dữ liệu mở: {names}.")
    size = _number(params, SIZE_PARAM, "số bản ghi mỗi trang", PAGE_SIZE, MAX_PAGE_SIZE)
    page = _number(params, PAGE_PARAM, "số trang", None if whole_by_default else 1)
    tree = (params.get(TREE_PARAM) or "").strip()
    if tree:
        snap = selectors.current(tree[:40]) if len(tree) <= 40 else None
        if snap is None:
            raise FeedError(404, "Không có tỉnh/bộ nào đang công bố dữ liệu với mã đơn vị này "
                                 "(tham số don_vi là mã của tỉnh/bộ, ví dụ don_vi=T01).")
        snapshots = [snap]
    else:
        snapshots = list(selectors.published().order_by("pk"))
    return Selection(dataset, snapshots, tree, page, size)


def etag(sel: Selection, fmt: str, host: str = "") -> str:
    """A strong validator of the body: the snapshots (ids, numbers, publication times), the
    dataset, the format, the page asked for and the host the links are written with."""
    parts = [FORMAT_VERSION, fmt, sel.dataset, sel.tree, str(sel.page or ""), str(sel.size), host]
    parts += [f"{s.pk}:{s.number}:{s.published_at.isoformat() if s.published_at else ''}" for s in sel.snapshots]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]


def last_modified(sel: Selection):
    """The latest publication time of the snapshots read (None when no tree publishes)."""
    times = [s.published_at for s in sel.snapshots if s.published_at]
    return max(times) if times else None


def _records(sel: Selection):
    return selectors.records(sel.snapshots, sel.dataset)


def total(sel: Selection) -> int:
    """The records read: a snapshot's records never change once written, so the counts it stored
    when prepared are exact (no COUNT over the records)."""
    return sum(int((s.counts or {}).get(sel.dataset, 0)) for s in sel.snapshots)


def page(sel: Selection) -> tuple[int, list[tuple[int, dict]]]:
    """(total records, [(snapshot id, data)] of the page asked for)."""
    n = total(sel)
    rows = list(_page_records(sel).values_list("snapshot_id", "data")) if n > sel.offset else []
    return n, rows


def _page_records(sel: Selection):
    """The page's records: their ids picked first (the offset walks the feed index reading ids only),
    then only those rows read with their data — a deep page does not convert or decode the data of
    every record before it."""
    ids = _records(sel).values("pk")[sel.offset:sel.offset + sel.size]
    return PublishedRecord.objects.filter(pk__in=ids).order_by("snapshot_id", "key")


def page_text(sel: Selection) -> tuple[int, list[tuple[int, str]]]:
    """:func:`page` with each record's data as the JSON text the database holds, not decoded:
    the JSON feed writes it as it is (decoding and encoding a thousand records cost more than the
    rest of the request)."""
    n = total(sel)
    if n <= sel.offset:
        return n, []
    return n, list(_page_records(sel).annotate(text=Cast("data", TextField())).values_list("snapshot_id", "text"))


def record_text(text: str, tree: str) -> str:
    """A record's stored JSON object with the tree's code added as its last member."""
    tail = f'"{TREE_COLUMN}":{json.dumps(tree, ensure_ascii=False)}}}'
    body = text.strip()
    return "{" + tail if body == "{}" else body[:-1] + "," + tail


def pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


def snapshot_entry(s: Snapshot) -> dict:
    return {TREE_COLUMN: s.root_unit.code, "name": s.root_unit.name, "number": s.number,
            "as_of": s.as_of.isoformat(),
            "published_at": s.published_at.isoformat(timespec="seconds") if s.published_at else None}


def dumps(body) -> bytes:
    """Compact UTF-8 JSON; a character no encoder can write (a lone surrogate) is escaped
    instead of failing the response."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(body, separators=(",", ":")).encode("ascii")


# ------------------------------------------------------------------------ CSV

def columns(sel: Selection) -> list[str]:
    """The CSV header: the tree's code, then the dictionary's fields carried by at least one of
    the snapshots (a field masked by every tree has no column; masked by some, its cells are
    empty for theirs)."""
    carried = set()
    for s in sel.snapshots:
        carried.update(f.name for f in dictionary.public_fields(sel.dataset, (s.policy or {}).get(sel.dataset, ())))
    return [TREE_COLUMN] + [f.name for f in dictionary.fields(sel.dataset) if f.name in carried]


def _guard(text: str) -> str:
    """A text cell as a spreadsheet may open it: characters that cannot be shown or encoded
    replaced by "�", and a text that would run as a formula ("=…", "+…", "-…", "@…") led by an
    apostrophe."""
    text = scrub(text, multiline=True)
    return "'" + text if text.startswith(FORMULA_START) else text


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value)


def cell(name: str, value) -> str:
    """One CSV cell. Lists are joined with "; "; ``money_by_year`` as "năm|giai đoạn|số tiền"
    items, ``results`` (free-text indicator names) as JSON text."""
    kind = type(value)
    if kind is str:
        return _guard(value)
    if value is None:
        return ""
    if kind is int:
        return str(value)
    if kind is float:
        return _plain(value)
    if name == "money_by_year" and isinstance(value, list):
        text = CSV_LIST_SEPARATOR.join(
            CSV_PART_SEPARATOR.join(_plain(item.get(k)) for k in ("year", "stage", "amount")) if isinstance(item, dict)
            else _plain(item) for item in value)
    elif isinstance(value, (list, dict)) and (name == "results" or any(isinstance(i, dict) for i in value)):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    elif isinstance(value, list):
        text = CSV_LIST_SEPARATOR.join(_plain(item) for item in value)
    else:
        text = _plain(value)
    return _guard(text)


def row(header: list[str], tree: str, data: dict) -> list[str]:
    return [_guard(tree)] + [cell(name, data.get(name)) for name in header[1:]]


class _Echo:
    """A file-like object whose write returns the line (csv.writer into a generator)."""

    def write(self, value):
        return value


def csv_lines(sel: Selection, rows=None):
    """The CSV text, in pieces: byte-order mark and header, then the records (``rows`` given, or
    every record of the selection read in batches)."""
    writer = csv.writer(_Echo())
    header = columns(sel)
    trees = sel.trees
    yield "\ufeff" + writer.writerow(header)
    if rows is None:
        rows = _records(sel).values_list("snapshot_id", "data").iterator(chunk_size=2000)
    batch = []
    for snapshot_id, data in rows:
        batch.append(writer.writerow(row(header, trees.get(snapshot_id, ""), data)))
        if len(batch) >= STREAM_BATCH:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)
