"""Extraction assistant: read a pasted directive and propose its assignments — who leads, who
coordinates, what is to be done, by when. The user corrects the proposal before anything is
saved (:func:`cds.directives.services.save_assignments`); nothing here writes.

How it reads (rules, not a trained model — every decision can be explained and the labelled set
in ``tests/fixtures/directives`` measures it):

0. **Run-together syllables cut apart** ("Sởthông tin", "chủtrì": OCR damage), the spans
   reported on the text as pasted (:func:`cds.directives.bodies.repair_spacing`).
1. **One folded copy of the text, same length** (:func:`_fold_same_length`): no tone marks, đ→d,
   lower case, character for character, so every pattern runs on plain ASCII and its span is
   also the span in the original text (the lead "as written" is cut from the original).
2. **Mentions**: group phrases first ("các sở, ban, ngành", "UBND các huyện, thị xã, thành phố",
   "UBND cấp xã", "các địa phương", "các đơn vị liên quan", "các bộ, ngành"; neighbouring ones
   joined into one addressee: "các sở, ngành, địa phương liên quan"), then the registry's units by
   full name, short name, abbreviation and alias (:class:`Gazetteer`, longest name first; "UBND"
   and "Ủy ban nhân dân" interchangeable), then any other body name as written
   (:mod:`cds.directives.bodies`: "Sở TT&TT tỉnh Lạng Sơn", "Bộ Công an", "VNPT Bắc Kạn", "các
   Sở: Tài chính, Nội vụ") — registry matches win, the rest are kept as ``unknown:<folded>``, so
   the assistant also reads text of a province outside the registry (an empty gazetteer). The
   issuer's own root ("UBND tỉnh") is never an assignee.
3. **Anchors** — the places an assignment starts: "Giao / giao cho / yêu cầu / đề nghị / chỉ đạo /
   phân công" + a list of mentions (each a lead; a title or a named official before a mention —
   "Giám đốc Sở Y tế", "đồng chí …, Phó Giám đốc Sở Tài chính" — is kept as the person
   responsible); a mention opening a clause followed by "chủ trì", "được giao", "có trách
   nhiệm", "là cơ quan đầu mối" or a verb; "… do <unit> chủ trì"; a heading "Các Sở, Ban,
   ngành: …". A sentence is cut at its anchors, so "Giao Sở A chủ trì X; Sở B chủ trì Y" gives
   two assignments. A later clause of the same paragraph with no unit of its own that starts
   with an instruction ("Khẩn trương tham mưu …", "Chủ trì, phối hợp …") is a further task of
   the same lead.
4. **Coordinating units**: only the list after "phối hợp (với)"; recipients ("gửi …", "báo cáo
   …", "tham mưu …") are not coordinators.
5. **Deadlines**: only a date introduced by a deadline word ("trước (ngày)", "chậm nhất",
   "hạn", "đến (hết) ngày", "trong tháng/quý/năm", "xong trong", recurring "hằng tháng …");
   dates of cited documents, effective dates ("có hiệu lực từ ngày …") and meeting dates have
   none and are ignored. A date without a year takes the directive's year (the next one if that
   falls before the directive). An impossible year next to the directive's ("22/3/3023" in a
   directive of 2023) is read as the directive's year, with a warning.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import DatabaseError

from cds.core.errors import ServiceError
from cds.core.validation import BadInput, check_text, sentence
from cds.orgs.models import Unit, UnitKind

from .bodies import find_bodies, find_listed, repair_spacing
from .models import DeadlineKind
from .status import add_months, last_day_of_month

MAX_CHARS = 100_000   # about 40 pages; a longer text is refused with a message to split it
DISTRICT_END = dt.date(2025, 6, 30)   # no districts from 01/7/2025 (two-level local government)


# ------------------------------------------------------------ same-length fold ----

@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch.lower()
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    if len(base) == 1:
        return base.lower()
    if ch.isspace():
        return " "
    return ch if ch.isalnum() else " "


def _fold_same_length(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


def fold_name(text: str) -> str:
    """A name folded to the form the patterns use: same-length fold, single spaces, "&" tight."""
    low = _fold_same_length(unicodedata.normalize("NFC", text))
    low = re.sub(r"\s*&\s*", "&", low)
    low = re.sub(r"[^\w&]+", " ", low)
    return " ".join(low.split())


# ------------------------------------------------------------------ gazetteer ----

@dataclass(frozen=True)
class UnitRef:
    pk: int
    code: str
    name: str
    short_name: str
    kind: str
    is_root: bool
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor_pk: int | None = None

    def active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


GROUP_LABELS = {
    "departments": "Các sở, ban, ngành",
    "districts": "UBND các huyện, thị xã, thành phố",
    "communes": "UBND cấp xã",
    "localities": "Các địa phương",
    "related": "Các cơ quan, đơn vị liên quan",
    "ministries": "Các bộ, ngành",
    "provinces": "UBND các tỉnh, thành phố",
    "enterprises": "Các doanh nghiệp",
    "organisations": "Các hội, đoàn thể",
    "hospitals": "Các cơ sở y tế",
    "schools": "Các cơ sở giáo dục",
    "banks": "Các tổ chức tín dụng",
    "press": "Các cơ quan báo chí",
    "members": "Các thành viên Ban Chỉ đạo",
    "investors": "Các chủ đầu tư",
    "offices": "Các phòng chuyên môn",
}
_SEP = r"(?:\s*,\s*|\s+va\s+|\s*,\s*va\s+)"
_SEP_OR_SPACE = r"(?:\s*,\s*|\s+va\s+|\s*,\s*va\s+|\s+)"
# what may follow a group phrase: "… trên địa bàn tỉnh", "… thuộc tỉnh", "… trực thuộc UBND tỉnh", "… có liên quan"
_TAIL = (r"(?:\s+(?:tren\s+dia\s+ban(?:\s+(?:tinh|thanh\s+pho))?|thuoc\s+(?:tinh|thanh\s+pho)|trong\s+toan\s+(?:tinh|thanh\s+pho)"
         r"|(?:truc\s+)?thuoc\s+(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+(?:tinh|thanh\s+pho)|(?:co\s+)?lien\s+quan|chuc\s+nang|chuyen\s+mon"
         r"|(?:cua|(?:truc\s+)?thuoc)\s+(?:bo|so|tinh|thanh\s+pho)|cap\s+tinh|trung\s+uong|tinh|thanh\s+pho)(?!\w))*")
_UB = r"(?:ubnd|uy\s+ban\s+nhan\s+dan)"
_DSEP = r"(?:\s*,\s*|\s+va\s+|\s*,\s*va\s+|\s*[-/]\s*)"   # also "quận-huyện", "huyện/thị xã"
GROUP_PATTERNS = [
    ("provinces", rf"(?:{_UB}\s+)?cac\s+tinh(?:(?:{_SEP}|\s*/\s*)(?:thanh\s+pho))?(?:\s+truc\s+thuoc\s+(?:trung\s+uong|tw))?"),
    ("provinces", rf"(?:{_UB}|chinh\s+quyen)\s+cap\s+tinh"),
    ("districts", rf"(?:{_UB}\s+)?cac\s+(?:huyen|quan)(?:{_DSEP}(?:thi xa|thanh pho|tp|thi tran|huyen|quan)(?!\w))*"),
    # "Ủy ban nhân dân quận, huyện": the kinds of district listed after the committee, without "các"
    ("districts", rf"{_UB}\s+(?:huyen|quan)(?:{_DSEP}(?:thi xa|thanh pho|tp|thi tran|huyen|quan)(?!\w))+"),
    ("districts", rf"{_UB}\s+cap\s+huyen"),
    ("communes", rf"(?:{_UB}\s+)?cac\s+(?:xa|phuong)(?:{_SEP}(?:xa|phuong|thi tran|dac khu))*"),
    ("communes", rf"(?:{_UB}|chinh quyen)\s+cap\s+xa"),
    ("communes", r"(?<=,\s)cap\s+xa"),
    ("ministries", rf"cac\s+bo(?:{_SEP_OR_SPACE}(?:nganh|co\s+quan\s+ngang\s+bo|co\s+quan\s+thuoc\s+chinh\s+phu))*(?!\s*[A-Z]){_TAIL}"),
    ("ministries", rf"quy\s+(?:bo|co\s+quan)(?:{_SEP}(?:nganh|co\s+quan|dia\s+phuong|don\s+vi))*"),
    ("departments", r"cac\s+co\s+quan\s+chuyen\s+mon(?:\s+thuoc\s+(?:ubnd|uy ban nhan dan)\s+(?:tinh|thanh\s+pho))?"),
    ("departments", rf"cac\s+so(?:{_SEP_OR_SPACE}(?:ban|nganh|doan\s+the|(?:don\s+vi|co\s+quan)(?!\s+(?:co\s+)?lien\s+quan)))*{_TAIL}"),
    ("departments", rf"cac\s+(?:ban\s*,?\s*)?nganh(?:{_SEP}(?:cac\s+)?(?:doan\s+the|don\s+vi|co\s+quan))*(?!\s+(?:lien|co\s+lien))(?:\s+cap\s+tinh)?"),
    # "sở, ban, ngành" / "sở, ngành" / "cơ quan ban, ngành" written without "các"
    ("departments", rf"(?<![\w])(?<!cac\s)(?:so|co\s+quan)\s*,?\s+(?:ban\s*,\s*)?nganh(?!\w){_TAIL}"),
    ("members", r"(?:cac\s+)?(?:(?:don\s+vi|co\s+quan)\s+)?thanh\s+vien\s+ban\s+chi\s+dao"),
    ("related", r"cac\s+(?:co\s+quan\s*,?\s*)?(?:don\s+vi|co\s+quan|nganh)(?:\s*,\s*dia\s+phuong)?\s+(?:co\s+)?lien\s+quan"),
    ("related", r"(?:cac\s+)?(?:don\s+vi|co\s+quan)\s+(?:co\s+)?lien\s+quan"),
    ("related", rf"cac\s+(?:ca\s+nhan\s*,\s*to\s+chuc|to\s+chuc\s*,\s*ca\s+nhan)(?:{_SEP}doanh\s+nghiep)?{_TAIL}"),
    ("related", rf"cac\s+(?:co\s+quan|don\s+vi)(?:{_SEP}(?:(?:cac\s+)?ca\s+nhan|don\s+vi|co\s+quan|to\s+chuc|thon|to\s+dan\s+pho|truong\s+hoc"
                rf"|doanh\s+nghiep(?:\s+nha\s+nuoc)?))*(?:\s+(?:hanh\s+chinh|su\s+nghiep(?:\s+cong\s+lap)?|chuc\s+nang|nha\s+nuoc)"
                rf"(?:{_SEP}doanh\s+nghiep(?:\s+nha\s+nuoc)?)?)?{_TAIL}"),
    ("investors", r"(?:cac\s+)?chu\s+dau\s+tu"),
    ("offices", r"cac\s+phong(?:\s*,\s*ban)?(?:\s+(?:chuyen\s+mon|nghiep\s+vu|ban))?(?:\s+(?:truc\s+)?thuoc\s+(?:bhxh|bao\s+hiem"
                r"\s+xa\s+hoi|so|ubnd|uy\s+ban\s+nhan\s+dan|cong\s+an|cuc|bo)(?:\s+(?:tinh|huyen|thanh\s+pho|quan|xa))?)?"),
    ("enterprises", r"cac\s+nha\s+mang(?:\s+vien\s+thong)?"),
    ("enterprises", rf"cac\s+doanh\s+nghiep(?:\s+(?:vien\s+thong|cung\s+cap\s+dich\s+vu(?:\s+vien\s+thong)?|cong\s+nghe(?:\s+so)?)"
                    rf"(?:\s*,\s*(?:vien\s+thong|cong\s+nghe(?:\s+so)?|buu\s+chinh))*)?{_TAIL}"),
    ("organisations", r"cac\s+(?:hoi|to\s+chuc\s+chinh\s+tri\s*-?\s*xa\s+hoi)(?:\s*,\s*doan\s+the)?"),
    ("hospitals", rf"(?:cac\s+benh\s+vien(?:\s+hang\s+(?:[ivx]+|\d|dac\s+biet)(?:\s+tro\s+len)?)?|(?:cac\s+)?co\s+so\s+(?:y\s+te|kham(?:\s+benh)?\s*,?\s*chua\s+benh|kham\s+benh))"
                  rf"(?:\s+khac)?{_TAIL}|cac\s+trung\s+tam\s+y\s+te{_TAIL}"),
    ("schools", r"cac\s+(?:truong(?:\s+hoc|\s+dai\s+hoc|\s+cao\s+dang|\s+trung\s+hoc(?:\s+pho\s+thong|\s+co\s+so)?"
                r"|\s+tieu\s+hoc|\s+mam\s+non)?|co\s+so\s+(?:giao\s+duc|dao\s+tao)(?:\s+nghe\s+nghiep)?)"),
    ("banks", r"cac\s+(?:to\s+chuc\s+tin\s+dung|ngan\s+hang(?:\s+thuong\s+mai)?)"),
    ("press", r"cac\s+co\s+quan\s+bao\s+chi"),
    ("localities", rf"(?:{_UB}\s+)?(?:cac\s+|chinh\s+quyen\s+)?dia\s+phuong{_TAIL}"),
]
# The issuer named bare ("UBND tỉnh", "Ủy ban nhân dân thành phố") is never an assignee.
ISSUER = re.compile(r"(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+(?:tinh|thanh\s+pho|tp(?:\s*hcm)?|tphcm)")
TITLE = (r"(?:pho\s+)?(?:giam\s+doc|chu\s+tich|thu\s+truong|truong\s+ban|chanh\s+van\s+phong|chanh\s+thanh\s+tra"
         r"|truong\s+phong|lanh\s+dao|nguoi\s+dung\s+dau|tong\s+bien\s+tap|chi\s+huy\s+truong|chanh)")


class Gazetteer:
    """The units an extraction may name: one tree (province or ministry) of the registry."""

    def __init__(self, units: list[UnitRef], names: dict[int, list[str]]):
        self.units = {u.pk: u for u in units}
        self.root = next((u for u in units if u.is_root), None)
        variants: dict[str, int] = {}
        for u in units:
            for name in [u.name, u.short_name, *names.get(u.pk, [])]:
                for v in _variants(name):
                    if len(v) >= 3 and v not in variants:
                        variants[v] = u.pk
        self.by_name = variants
        alts = sorted(variants, key=len, reverse=True)
        body = "|".join(_name_regex(v) for v in alts) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w&])(?:{body})(?![\w&])")

    @classmethod
    def for_root(cls, root) -> "Gazetteer":
        rows = list(Unit.objects.filter(path__startswith=root.tree_prefix).prefetch_related("aliases", "successors"))
        refs, names = [], {}
        for u in rows:
            successors = list(u.successors.all())
            refs.append(UnitRef(u.pk, u.code, u.name, u.short_name, u.kind, u.parent_id is None,
                                u.valid_from, u.valid_to, successors[0].pk if len(successors) == 1 else None))
            names[u.pk] = [a.alias for a in u.aliases.all()]
        return cls(refs, names)

    def unit_of(self, matched_low: str) -> UnitRef | None:
        key = " ".join(re.sub(r"[^\w&]+", " ", matched_low).split())
        pk = self.by_name.get(key)
        return self.units.get(pk) if pk else None

    def group_units(self, group: str, day: dt.date) -> list[UnitRef]:
        if "+" in group:
            seen: dict[int, UnitRef] = {}
            for g in group.split("+"):
                seen.update((u.pk, u) for u in self.group_units(g, day))
            return sorted(seen.values(), key=lambda u: u.code)
        kinds = {
            "departments": ("department", "police"),
            "districts": ("district",),
            "communes": ("commune",),
            "localities": ("district",) if day <= DISTRICT_END else ("commune",),
        }.get(group)
        if not kinds:
            return []
        return sorted((u for u in self.units.values() if u.kind in kinds and not u.is_root and u.active_on(day)),
                      key=lambda u: u.code)


def _variants(name: str) -> set[str]:
    base = fold_name(name)
    out = {base}
    if "uy ban nhan dan" in base:
        out.add(base.replace("uy ban nhan dan", "ubnd"))
    if "ubnd" in base:
        out.add(base.replace("ubnd", "uy ban nhan dan"))
    for v in list(out):
        if "&" in v:
            out.add(v.replace("&", " va "))
            out.add(v.replace("&", ""))
    return {" ".join(v.split()) for v in out}


def _name_regex(folded: str) -> str:
    parts = []
    for tok in folded.split(" "):
        parts.append(r"\s*&\s*".join(re.escape(p) for p in tok.split("&")))
    # "Sở Văn hóa, Thể thao và Du lịch", "Lao động - Thương binh": punctuation inside a name
    return r"(?:\s*[,\-–]\s*|\s+)".join(parts)


# ------------------------------------------------------------------ mentions ----

@dataclass
class Mention:
    start: int
    end: int
    text: str                 # as written
    unit: UnitRef | None = None
    group: str = ""

    @property
    def key(self) -> str:
        if self.unit:
            return self.unit.code
        if self.group:
            return f"group:{self.group}"
        return f"unknown:{fold_name(self.text)}"


def _group_here(group: str, text: str, low: str, s: int, e: int) -> bool:
    if group == "localities" and not _locality_context(low, s):
        return False
    # "các phòng Giáo dục và Đào tạo các huyện": a named office of each place, not the offices group
    return not (group == "offices" and low[s:e].split() == ["cac", "phong"] and text[e:e + 1] == " "
                and text[e + 1:e + 2].isupper())


def _find_mentions(text: str, low: str, gaz: Gazetteer) -> list[Mention]:
    found: list[Mention] = []
    masked = list(low)
    for group, pattern in _group_res():
        for m in pattern.finditer("".join(masked)):
            s, e = m.span()
            raw = text[s:e].rstrip(" ,")
            e = s + len(raw)
            if not _group_here(group, text, low, s, e):
                continue
            found.append(Mention(s, e, raw, group=group))
            masked[s:e] = " " * (e - s)
    masked_low = "".join(masked)
    issuer_spans = []
    for m in gaz.pattern.finditer(masked_low):
        unit = gaz.unit_of(m.group(0))
        if unit is not None and unit.is_root:
            issuer_spans.append(m.span())
        if unit is None or unit.is_root:
            continue
        # "Sở Xây dựng" inside "Ban Chỉ đạo …" or a ministry "Bộ …" is not a provincial unit.
        before = low[max(0, m.start() - 4):m.start()]
        if re.search(r"\bbo\s$", before) and unit.kind != "ministry":
            continue
        found.append(Mention(m.start(), m.end(), text[m.start():m.end()], unit=unit))
    listed = find_listed(text, low)
    intros = {i for _, _, i in listed}
    # the plural noun introducing a list is no addressee itself ("các Sở: …", "các huyện: …"), nor is
    # "các Sở" before a name ("các Sở GDĐT": each department of education)
    found = [f for f in found if not (f.group and (any(f.start <= i < f.end for i in intros) or re.fullmatch(r"cac\s+(?:so|bo)", low[f.start:f.end])
                                                    and re.match(r"\s+[A-ZĐ]", text[f.end:f.end + 3])))]
    for s, e, _ in listed:
        if not any(s < f.end and f.start < e for f in found):
            found.append(Mention(s, e, text[s:e]))
    first_item = {}
    for s, _, i in listed:
        first_item.setdefault(i, s)
    taken = _mask([(f.start, f.end) for f in found] + issuer_spans + list(first_item.items()), len(low))
    groups = sorted((f for f in found if f.group), key=lambda f: f.start)
    for s, e in find_bodies(text, low):
        inside = [f for f in _between(groups, s + 1, e) if f.end <= e]
        if inside and not low.startswith(("ubnd", "uy ban"), s):
            # "Công an các huyện, thị xã, thành phố": a body of each place, not the places
            found = [f for f in found if f not in inside]
            groups = [f for f in groups if f not in inside]
            taken = _mask([(f.start, f.end) for f in found] + issuer_spans + list(first_item.items()), len(low))
        if taken.find(1, s, e) != -1 or ISSUER.fullmatch(low[s:e]):
            continue
        if ISSUER.match(low, s) and re.search(r"chu\s+tich\s+$", low[max(0, s - 12):s]):
            continue      # "Phó Chủ tịch UBND tỉnh Lê Minh Khoa kết luận": the issuer's leader
        found.append(Mention(s, e, text[s:e]))
    found = _merge_groups(found, low, text)
    found.sort(key=lambda x: x.start)
    # "Viễn thông Đồng Nai (VNPT Đồng Nai)": a name in brackets right after another is its gloss
    return [f for k, f in enumerate(found) if not (k and re.fullmatch(r"\s*\(\s*", low[found[k - 1].end:f.start])
                                                    and re.match(r"\s*\)", low[f.end:f.end + 3]))]


def _between(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions (sorted by start) that start in [start, end)."""
    lo = bisect.bisect_left(mentions, start, key=lambda m: m.start)
    hi = bisect.bisect_left(mentions, end, lo, key=lambda m: m.start)
    return mentions[lo:hi]


def _mask(spans: list[tuple[int, int]], n: int) -> bytearray:
    """One byte per character, 1 inside any of ``spans`` (to test overlaps in constant time per character)."""
    mask = bytearray(n)
    for a, b in spans:
        mask[a:b] = b"\x01" * (b - a)
    return mask


def _merge_groups(found: list[Mention], low: str, text: str) -> list[Mention]:
    """"các sở, ngành, địa phương liên quan" is one addressee: group mentions joined by "," or
    "và" merge when the second does not open with its own "các"/"UBND" (key "group:a+b")."""
    found.sort(key=lambda x: x.start)
    out: list[Mention] = []
    for m in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.group and m.group in ("localities", "related") and re.fullmatch(r"\s*(?:,|va|,\s*va)?\s*", low[prev.end:m.start])
                and not re.match(r"(?:cac|ubnd|uy ban)\b", low[m.start:m.end])):
            groups = prev.group.split("+")
            groups += [g for g in m.group.split("+") if g not in groups]
            out[-1] = Mention(prev.start, m.end, text[prev.start:m.end], group="+".join(groups))
            continue
        out.append(m)
    return out


@lru_cache(maxsize=1)
def _group_res():
    return [(g, re.compile(rf"(?<!\w){p}(?!\w)")) for g, p in GROUP_PATTERNS]


def _locality_context(low: str, start: int) -> bool:
    """"địa phương" is a group only as "các địa phương" or an item of a list of addressees."""
    if low.startswith(("cac", "ubnd", "uy ban", "chinh quyen"), start):
        return True
    before = low[max(0, start - 3):start]
    if re.search(r"[,;]\s*$|\bva\s$", before):
        return True
    # addressed by an order ("đề nghị địa phương ưu tiên …") or after a group ("các sở, ban, ngành địa phương")
    # — not in a question ("yêu cầu địa phương làm gì?")
    question = re.match(r"[^.?;]{0,80}\?", low[start:])
    return not question and bool(re.search(r"(?<!\w)(?:giao|yeu\s+cau|de\s+nghi|chi\s+dao|nganh)\s+$", low[max(0, start - 12):start]))


# -------------------------------------------------------------------- dates ----

@dataclass
class Deadline:
    date: dt.date | None
    kind: str
    text: str
    start: int
    end: int
    warning: str = ""


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_D = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}))?(?!\d)"
_DW = r"(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:nam|,\s*nam)\s+(\d{4}))?"
_DATE = rf"(?:ngay\s+)?(?:{_D}|{_DW})"
_MONTH = r"thang\s+(\d{1,2})(?:\s*(?:/|-|\.|nam)\s*(\d{4}))?"
_QUARTER = r"quy\s+(iv|iii|ii|i|[1-4])(?:\s*(?:/|-|\.|nam)\s*(\d{4}))?"
_CLOCK = r"(?:\d{1,2}\s*(?:gio|h)\s*(?:\d{2})?(?:\s*(?:phut|sang|chieu|trua|toi))*\s*,?\s*)?"
_YEAR = r"nam\s+(\d{4})"
_NOT_AFTER = r"(?:ban\s+hanh|phe\s+duyet|ky|co\s+hieu\s+luc|trien\s+khai\s+tu|hoan\s+thanh\s+tu|dau\s+tu)\s+"

DEADLINE_PATTERNS = [
    # recurring first: "định kỳ hằng tháng, trước ngày 20", "trước ngày 15/12 hằng năm"
    ("monthly", re.compile(r"(?:(?:dinh\s+ky|hang\s+thang)\s*,?\s*)?(?:truoc|cham\s+nhat)(?:\s+la)?\s+ngay\s+(\d{1,2})"
                           r"\s+(?:(?:cua\s+)?hang\s+thang|moi\s+thang|cua\s+thang\s+(?:tiep\s+theo|sau))")),
    ("monthly", re.compile(r"(?:dinh\s+ky\s+)?hang\s+thang(?:\s*,?\s*(?:truoc|cham\s+nhat)(?:\s+la)?\s+ngay\s+(\d{1,2}))?")),
    ("quarterly", re.compile(r"(?:dinh\s+ky\s+)?(?:truoc|cham\s+nhat)(?:\s+la)?\s+ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi"
                             r"\s+(?:cua\s+)?(?:moi\s+|hang\s+)?quy")),
    ("quarterly", re.compile(r"(?:dinh\s+ky\s+)?hang\s+quy(?:\s*[,(]?\s*(?:truoc|cham\s+nhat)(?:\s+la)?\s+ngay\s+(\d{1,2})(?:\s+(?:cua\s+)?thang\s+cuoi\s+quy)?)?")),
    ("yearly_date", re.compile(r"(?:truoc|cham\s+nhat)(?:\s+la)?\s+ngay\s+(\d{1,2})\s*/\s*(\d{1,2})\s+hang\s+nam")),
    ("yearly", re.compile(rf"(?:dinh\s+ky\s+)?hang\s+nam(?:\s*,?\s*(?:truoc|cham\s+nhat)(?:\s+la)?\s+ngay\s+{_D})?")),
    ("year_onward", re.compile(r"trong\s+nam\s+(\d{4})\s+va\s+(?:cac|nhung)\s+nam\s+tiep\s+theo")),
    ("range", re.compile(rf"tu\s+(?:ngay\s+)?(?:{_D}|{_DW})\s*(?:den\s+(?:het\s+)?|-\s*|–\s*)(?:ngay\s+)?(?:{_D}|{_DW})")),
    ("date", re.compile(rf"(?:(?:hoan\s+thanh\s+|xong\s+)?truoc|cham\s+nhat(?:\s+la)?(?:\s+truoc)?(?:\s+(?:vao|trong))?"
                        rf"|han\s+chot(?:\s+la)?|thoi\s+han(?:\s+hoan\s+thanh)?(?:\s+la)?|han(?:\s+hoan\s+thanh)?(?:\s+la)?"
                        rf"|den\s+het|den(?=\s+ngay)|hoan\s+thanh\s+(?:vao|trong)(?=\s+ngay))"
                        rf"\s*:?\s*{_CLOCK}{_DATE}")),
    ("date", re.compile(rf"de\s+(?:den\s+)?{_DATE}\s+(?:xong|hoan\s+thanh)")),
    ("month_range", re.compile(rf"tu\s+thang\s+\d{{1,2}}(?:\s*/\s*\d{{4}})?\s*(?:den\s+(?:het\s+)?|-\s*|–\s*){_MONTH}")),
    ("before_month", re.compile(rf"truoc\s+{_MONTH}")),
    ("month", re.compile(rf"thoi\s+(?:gian|han)(?:\s+(?:hoan\s+thanh|thuc\s+hien))?\s*:\s*{_MONTH}")),
    ("quarter", re.compile(rf"thoi\s+(?:gian|han)(?:\s+(?:hoan\s+thanh|thuc\s+hien))?\s*:\s*(?:trong\s+)?{_QUARTER}")),
    ("month", re.compile(rf"(?:(?:hoan\s+thanh|xong|ngay)\s+)?(?:trong|den\s+het|den|truoc\s+het|cuoi)\s+{_MONTH}")),
    ("month", re.compile(rf"cham\s+nhat(?:\s+la)?(?:\s+(?:trong|vao|den\s+het|truoc\s+het|cuoi))?\s+{_MONTH}")),
    ("months_of_year", re.compile(r"(?:trong\s+)?(\d{1,2})\s+thang\s+dau\s+nam(?:\s+(\d{4}))?")),
    ("quarter", re.compile(rf"(?:(?:hoan\s+thanh|xong|ngay)\s+)?(?:trong\s+|truoc\s+het\s+)?{_QUARTER}")),
    ("year", re.compile(rf"(?:(?:hoan\s+thanh|xong|ngay)\s+)?(?:trong|den\s+het|truoc\s+het|cuoi)\s+{_YEAR}")),
    ("year", re.compile(rf"cham\s+nhat(?:\s+la)?(?:\s+(?:trong|vao|den\s+het|truoc\s+het|cuoi))?\s+{_YEAR}")),
    ("year", re.compile(r"(?:hoan\s+thanh|xong)\s+(?:(?:vao|truoc|den|ngay\s+trong)\s+)?(?:nam\s+)?(\d{4})(?![\d/])")),
    ("year", re.compile(r"thoi\s+(?:gian|han)(?:\s+(?:hoan\s+thanh|thuc\s+hien))?\s*:\s*(?:nam\s+)?(\d{4})(?![\d/])")),
    ("year", re.compile(r"nam\s+(\d{4})\s+(?:se\s+|phai\s+)?hoan\s+thanh")),
    ("year", re.compile(r"den\s+(?:het\s+)?nam\s+(\d{4})\s*,?\s*(?:phai\s+)?hoan\s+thanh")),
    ("within_days", re.compile(r"trong\s+(?:vong|thoi\s+han)\s+(\d{1,3})\s+ngay(\s+lam\s+viec)?\s*,?\s*(?:ke\s+)?tu\s+ngay"
                               r"\s+(?:ky|ban\s+hanh|van\s+ban\s+nay\s+duoc\s+ban\s+hanh)")),
]


PLAN_TARGET = re.compile(r"\s*,?\s*(?:phan\s+dau\s+)?(?:dat\s+)?(?:tren\s+|toi\s+thieu\s+|it\s+nhat\s+)?\d+(?:[.,]\d+)?\s*%")


def _year(raw: str | None, day: int, month: int, ref: dt.date) -> tuple[int, str]:
    if raw:
        year = int(raw)
        if 1990 <= year <= ref.year + 10:
            return year, ""
        fixed = next((y for y in (ref.year, ref.year + 1)
                      if str(year)[-3:] == str(y)[-3:] or sorted(str(year)) == sorted(str(y))), None)
        if fixed:
            return fixed, f"Năm {year} có vẻ viết nhầm, đã hiểu là {fixed} — hãy kiểm tra lại."
        return 0, f"Năm {year} không hợp lệ — hãy nhập lại thời hạn."
    year = ref.year
    try:
        if dt.date(year, month, day) < ref:
            year += 1
    except ValueError:
        pass
    return year, ""


def _make_date(d, m, y, ref) -> tuple[dt.date | None, str]:
    try:
        day, month = int(d), int(m)
    except (TypeError, ValueError):
        return None, ""
    year, warning = _year(y, day, month, ref)
    if not year:
        return None, warning
    try:
        return dt.date(year, month, day), warning
    except ValueError:
        return None, f"Ngày {d}/{m} không có thật — hãy nhập lại thời hạn."


def _pick_date(groups: tuple, ref) -> tuple[dt.date | None, str]:
    """From the 6 groups of a _DATE match (numeric d/m/y, or words d thang m nam y)."""
    if groups[0]:
        return _make_date(groups[0], groups[1], groups[2], ref)
    return _make_date(groups[3], groups[4], groups[5], ref)


def _period_year(raw, ref, month_last: int) -> int:
    if raw:
        y = int(raw)
        return y if 1990 <= y <= ref.year + 10 else ref.year
    y = ref.year
    return y if dt.date(y, month_last, 1) >= ref.replace(day=1) else y + 1


def find_deadlines(low: str, text: str, ref: dt.date, start: int = 0, end: int | None = None) -> list[Deadline]:  # noqa: C901
    end = len(low) if end is None else end
    segment = low[start:end]
    taken: list[tuple[int, int]] = []
    out: list[Deadline] = []
    for kind, pattern in DEADLINE_PATTERNS:
        for m in pattern.finditer(segment):
            s, e = m.start() + start, m.end() + start
            if any(s < te and ts < e for ts, te in taken):
                continue
            if s > 0 and low[s - 1].isalnum():
                continue
            if re.search(r"co\s+thoi\s+han\s+$", low[max(0, s - 14):s]):
                continue  # "các nhiệm vụ … có thời hạn hoàn thành trong năm 2025" describes other tasks
            if kind == "date" and re.search(_NOT_AFTER + r"$", low[max(0, s - 30):s]):
                continue  # "các văn bản ban hành trước ngày …" delimits a scope, it is not a deadline
            g = m.groups()
            date, warning, dkind = None, "", DeadlineKind.DATE
            if kind == "monthly":
                dkind = DeadlineKind.MONTHLY
                day = int(g[0]) if g[0] else None
                cand = ref.replace(day=min(day, last_day_of_month(ref.year, ref.month).day)) if day else \
                    last_day_of_month(ref.year, ref.month)
                date = cand if cand >= ref else add_months(cand, 1, day)
            elif kind == "quarterly":
                dkind = DeadlineKind.QUARTERLY
                q_end_month = ((ref.month - 1) // 3 + 1) * 3
                day = int(g[0]) if g[0] else last_day_of_month(ref.year, q_end_month).day
                cand = dt.date(ref.year, q_end_month, min(day, last_day_of_month(ref.year, q_end_month).day))
                date = cand if cand >= ref else add_months(cand, 3, day)
            elif kind == "yearly_date":
                dkind = DeadlineKind.YEARLY
                date, warning = _make_date(g[0], g[1], None, ref)
            elif kind == "yearly":
                if not g[0]:
                    continue  # "hằng năm" alone says how often, not by when
                dkind = DeadlineKind.YEARLY
                date, warning = _make_date(g[0], g[1], g[2], ref)
            elif kind == "year_onward":
                dkind = DeadlineKind.YEARLY
                date = dt.date(int(g[0]), 12, 31)
            elif kind == "range":
                end_groups = g[6:12]
                date, warning = _pick_date(end_groups, ref)
                if date and not (end_groups[2] or end_groups[5]):
                    start_date, _ = _pick_date(g[0:6], ref)
                    if start_date and start_date.year != date.year and start_date < date:
                        date = date.replace(year=start_date.year) if date.replace(year=start_date.year) >= start_date else date
            elif kind == "date":
                date, warning = _pick_date(g[-6:], ref)
            elif kind == "before_month":
                month = int(g[0])
                if not 1 <= month <= 12:
                    continue
                year = _period_year(g[1], ref, month)
                date = dt.date(year, month, 1) - dt.timedelta(days=1)
                dkind = DeadlineKind.MONTH
            elif kind == "within_days":
                date = ref + dt.timedelta(days=int(g[0]))
                if g[1]:
                    warning = "Thời hạn tính theo ngày làm việc: đã đề xuất theo ngày lịch — hãy kiểm tra lại."
            elif kind == "months_of_year":
                month = int(g[0])
                if not 1 <= month <= 11:
                    continue
                date = last_day_of_month(_period_year(g[1], ref, month), month)
                dkind = DeadlineKind.MONTH
            elif kind in ("month", "month_range"):
                month = int(g[0])
                if not 1 <= month <= 12:
                    continue
                date = last_day_of_month(_period_year(g[1], ref, month), month)
                dkind = DeadlineKind.MONTH
            elif kind == "quarter":
                q = ROMAN[g[0]]
                if not g[1] and not re.match(r"(?:hoan thanh|xong|ngay|trong|thoi)", low[s:e]):
                    continue
                date = last_day_of_month(_period_year(g[1], ref, q * 3), q * 3)
                dkind = DeadlineKind.QUARTER
            elif kind == "year":
                y = int(g[0])
                if not ref.year - 1 <= y <= ref.year + 10:
                    continue
                date = dt.date(y, 12, 31)
                dkind = DeadlineKind.YEAR
            if date is None and not warning:
                continue
            if kind in ("year", "month", "quarter") and PLAN_TARGET.match(low, e):
                continue  # "đến hết năm 2025, 100% hồ sơ …": a target of the plan, not a time limit
            taken.append((s, e))
            out.append(Deadline(date, dkind, text[s:e].strip(), s, e, warning))
    out.sort(key=lambda d: d.start)
    return out


_ANY_DATE = rf"(?:{_D}|{_DW})"
REFERENCE_PATTERNS = (
    # the header: "Quảng Trị, ngày 06 tháng 10 năm 2020"
    re.compile(rf"(?:^|\n)[^\n]{{0,40}},\s*ngay\s+{_ANY_DATE}"),
    # "Ngày 28/12/2023, UBND tỉnh …" opening a line
    re.compile(rf"(?:^|\n)\s*(?:(?:sang|chieu|toi)\s+)?ngay\s+{_ANY_DATE}"),
    # "UBND tỉnh vừa ban hành Công văn số 5678/UBND-KT ngày 05/11/2024", "ngày 12/3/2024 UBND tỉnh ban hành"
    re.compile(rf"(?:ban\s+hanh|ky|gui)\s[^.;\n]{{0,80}}?ngay\s+{_ANY_DATE}"),
    re.compile(rf"ngay\s+{_ANY_DATE}\s*,?\s*(?:ubnd|uy\s+ban|chu\s+tich|thu\s+tuong|bo\s|so\s)[^.;\n]{{0,60}}?(?:ban\s+hanh|ky|co\s+van\s+ban)"),
)
CITED = re.compile(r"\s*(?:cua|ve\s+viec)\s")


def guess_reference(low: str) -> dt.date | None:
    """The directive's own date when the text gives it: its header ("…, ngày 06 tháng 10 năm
    2020"), "Ngày 28/12/2023, …" opening a line, "… ban hành Công văn số … ngày 05/11/2024",
    "ngày 12/3/2024 UBND tỉnh ban hành …"; else the first full date of the first lines that is
    not a cited document's ("Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng")."""
    head = low[:3000]
    for pattern in REFERENCE_PATTERNS:
        for m in pattern.finditer(head):
            found = _full_date(m.groups()[-6:])
            if found:
                return found
    for m in re.finditer(rf"ngay\s+{_ANY_DATE}", low[:600]):
        if not CITED.match(low, m.end()) and not re.search(r"(?:truoc|nhat|den|het|han|tu|la)\s+$", low[max(0, m.start() - 12):m.start()]):
            found = _full_date(m.groups()[-6:])
            if found:
                return found
    return None


def _full_date(groups) -> dt.date | None:
    d, mo, y = (groups[0], groups[1], groups[2]) if groups[0] else (groups[3], groups[4], groups[5])
    if not y:
        return None
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


# ------------------------------------------------------------------ anchors ----

GIAO = re.compile(r"(?<!\w)(?:(?<=van\sban\s)gui|(?<!chuyen\s)(?<!ban\s)(?:giao\s+nhiem\s+vu\s+cho|giao\s+trach\s+nhiem(?:\s+cho)?|giao\s+cho|giao)|nhac\s+nho|yeu\s+cau|de\s+nghi|chi\s+dao|phan\s+cong)(?!\w)")
SUBJECT_CUE = re.compile(
    r"\s*(?:tinh\s+)?(?:,\s*)?(?:(?:la\s+(?:don\s+vi|co\s+quan)\s+(?:chu\s+tri|dau\s+moi|thuong\s+truc))|chu\s+tri|duoc\s+giao|co\s+trach\s+nhiem"
    r"|duoc\s+(?:ubnd|uy\s+ban\s+nhan\s+dan|chu\s+tich)(?:\s+\w+){0,4}?\s+giao|truc\s+tiep"
    r"|chiu\s+trach\s+nhiem|khan\s+truong|chu\s+dong|tap\s+trung|can|phai|se|cung|tiep\s+tuc|nghiem\s+tuc|tich\s+cuc|:)(?!\w)")
# Words an instruction starts with (folded): a clause opening with one continues the previous
# lead's assignment; after a unit name they make the unit the subject of an order.
INSTRUCTION_VERBS = (
    "xay dung", "ra soat", "tong hop", "huong dan", "kiem tra", "theo doi", "trien khai", "to chuc", "bao cao", "lap",
    "co van ban", "nghien cuu", "de xuat", "hoan thanh", "thuc hien", "tang cuong", "bo tri", "tham muu", "cap nhat",
    "phoi hop", "don doc", "chuan bi", "danh gia", "khao sat", "uu tien", "tiep tuc", "can cu", "dinh ky", "gui",
)
SUBJECT_ONLY_VERBS = ("ket noi", "dam bao", "cung cap", "chi dao", "giam sat", "chuyen doi", "sap xep", "quan ly",
                      "van hanh", "can doi", "day nhanh", "nang cap", "ban hanh", "phat dong", "mo", "ho tro", "tiep thu",
                      "giai trinh", "cong bo", "hoan thien", "xac minh", "dieu tra", "thong bao", "cho y kien", "tao dieu kien",
                      "duy tri", "quan triet", "tuyen truyen", "day manh", "tham dinh", "trinh", "bo sung",
                      "thanh lap", "quyet liet", "tang cuong", "thuc hien", "trien khai", "xu ly", "lam ro", "ap dung",
                      "huy dong", "bao dam", "phat huy", "nang cao", "chiu trach nhiem", "lam viec", "thu hoi", "cap")
CONTINUATION_ONLY = ("chu tri", "khan truong", "chu dong", "hang thang", "hang quy", "chi dao")


def _words(phrases) -> str:
    return "|".join(p.replace(" ", r"\s+") for p in phrases)


SUBJECT_VERB = re.compile(
    rf"\s*(?:tinh\s+)?(?:,\s*)?(?:{_words(INSTRUCTION_VERBS + SUBJECT_ONLY_VERBS)})(?!\w)")
NOT_SUBJECT = re.compile(
    r"\s*(?:tinh\s+)?(?:,\s*)?(?:da|dang|vua|cho\s+biet|la\s+(?!don\s+vi|co\s+quan)|cua|va|chu\s+tri\s+(?:cuoc|hoi|buoi|phien)"
    r"|cung\s+cho|tiep\s+nhan\s+chuc\s+nang|chuyen\s+ve|truc\s+thuoc|duoc\s+thanh\s+lap|hop\s+nhat|sap\s+nhap|hien\s+(?:co|dang|nay)"
    r"|co\s+\d|gom|bao\s+gom|xac\s+dinh|cho\s+rang|cho\s+hay|nhan\s+thay|ghi\s+nhan|khang\s+dinh|nhan\s+manh|to\s+chuc\s+le|ke\s+thua|do(?=\s)|(?:se\s+)?hop(?!\s+tac)|lam\s+(?:truong|pho|thanh\s+vien)|duoc(?=\s+(?!giao|(?:ubnd|uy\s+ban\s+nhan\s+dan|chu\s+tich)(?:\s+\w+){0,4}?\s+giao))|de\s+nghi|yeu\s+cau|giao(?!\s+thong)|phan\s+cong|ban\s+hanh|tiep\s+nhan|bao\s+cao\s+(?:cho\s+biet|tai)|nhan\s+dinh|danh\s+gia\s+cao)(?!\w)")
DO_CUE = re.compile(r"(?<!\w)do\s+$")
COORD = re.compile(r"(?<!\w)(?:voi\s+su\s+phoi\s+hop\s+cua|(?<=chu\stri,\s)cung|(?<=chu\stri\s)cung|phoi\s+hop\s+chat\s+che\s+voi|phoi\s+hop\s+voi|phoi\s+hop\s+cung|cung\s+phoi\s+hop\s+voi|phoi\s+hop)(?!\w)")
CONTINUATION = re.compile(
    rf"\s*(?:(?:[a-z]\)|\d{{1,2}}[.)]|\(\w{{1,2}}\)|[-–+•])\s*)?"
    rf"(?:(?:dong\s+thoi|tren\s+co\s+so\s+(?:do|ket\s+qua(?:\s+\w+){{0,3}})|sau\s+do|ngoai\s+ra|truoc\s+mat|cu\s+the|trong\s+do)\s*,?\s*)?"
    rf"(?:{_words(CONTINUATION_ONLY + INSTRUCTION_VERBS)})(?!\w)")
DEADLINE_SENTENCE = re.compile(r"\s*(?:thoi\s+han(?:\s+hoan\s+thanh)?|han\s+chot|han\s+hoan\s+thanh"
                               r"|thoi\s+gian\s+(?:hoan\s+thanh|thuc\s+hien))\s*(?:la\s*)?:")
MEETING = re.compile(r"chu\s+tri\s+(?:cuoc\s+hop|hoi\s+nghi|buoi\s+lam\s+viec|phien\s+hop|hop)")
PERSON_GAP = re.compile(
    rf"^\s*,?\s*[“\"‘']?\s*(?:(?:dong\s+chi|ong|ba)\s+(?:\w+\s*){{1,5}}?,?\s*)?(?:{TITLE}\s*)?(?:tat\s+ca(?:\s+cac)?|toan\s+bo|cac)?\s*$")
NARRATIVE_OPENING = re.compile(r"^\s*(?:(?:sang|chieu|toi|trua)\s+)?(?:hom\s+nay\s*,?\s*)?(?:ngay\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}"
                               r"(?:\s*[/.\-]\s*\d{4})?\s*,\s*$")
# A body not in the registry opening a clause and leading: "Sở Lao động - Thương binh và Xã hội chủ trì …"
UNKNOWN_SUBJECT = re.compile(
    r"(?:^|(?<=[;:]))\s*((?:Sở|Ban|Cục|Chi cục|Trung tâm|Viện|Bảo hiểm|Kho bạc|Đài|Bưu điện|Tỉnh đoàn|Hội)\s[^,;:.()]{2,70}?)"
    r"(?=\s*,?\s*(?:[Cc]hủ trì|được giao|có trách nhiệm)\b)")
UNKNOWN_LEAD = re.compile(r"\s+(?:cho\s+)?([A-ZĐÀ-Ỹ][\wÀ-ỹ&]*(?:\s+[\wÀ-ỹ&]+){0,9}?)(?=\s*,?\s*(?:[Cc]hủ trì|được giao)\b)")


MEMBERSHIP = re.compile(r"(?<!\w)(?:bao\s+gom|gom\s+co|gom|thanh\s+phan)(?:\s*:|\s+(?:dai\s+dien|lanh\s+dao)(?!\w))")
PAST_OPENING = re.compile(r"^\s*(?:(?:trong\s+)?nam\s+(\d{4})|thoi\s+gian\s+qua|vua\s+qua|den\s+nay|ket\s+qua|qua\s+\d+\s+nam"
                          r"|tu\s+dau\s+nam(?:\s+\d{4})?(?:\s+den\s+nay)?|nhung\s+nam\s+qua)\s*,\s*$")


def _past_opening(before: str, ref: dt.date | None) -> bool:
    """"Năm 2023, Sở … chủ trì …" (a past year), "Thời gian qua, …", "Đến nay, …": an account of
    what was done, not an order."""
    m = PAST_OPENING.match(before)
    if not m:
        return False
    return not m.group(1) or ref is None or int(m.group(1)) < ref.year


@dataclass
class Anchor:
    start: int                 # where the assignment's text begins
    body: int                  # where the task text begins (after leads, "chủ trì", coordinators)
    leads: list[Mention]
    responsible: dict[int, str] = field(default_factory=dict)   # mention index → "Giám đốc Sở Y tế"
    kind: str = "giao"


# In a list of coordinators, a plural noun introducing names ("các Sở: Kế hoạch và Đầu tư, …; UBND
# các huyện: Đakrông, Hải Lăng") stands before its items.
LIST_INTRO_GAP = re.compile(r"(?:(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+)?(?:cac|\d{1,3})\s+\w+(?:\s*,\s*\w+(?:\s+\w+)?){0,3}\s*:\s*$")
# after ";" a body followed by one of these opens its own order, not a further coordinator
OWN_ORDER = re.compile(r"\s*(?:tinh\s+)?,?\s*(?:chu\s+tri|duoc\s+giao|co\s+trach\s+nhiem|chiu\s+trach\s+nhiem|:)(?!\w)")


def _mention_list(mentions: list[Mention], low: str, pos: int, limit: int, text: str, coord: bool = False):
    """Mentions forming a list that starts at ``pos`` (titles/named officials allowed before
    each item; in a list of coordinators, ``coord``, also the plural noun introducing names and
    items after ";"). Returns (items, end position, {index: responsible text})."""
    items, resp = [], {}
    i = next((k for k, m in enumerate(mentions) if m.start >= pos), None)
    cur = pos
    first = True
    while i is not None and i < len(mentions):
        m = mentions[i]
        if m.start > limit:
            break
        gap = low[cur:m.start]
        if first:
            ok = PERSON_GAP.match(gap) is not None or coord and LIST_INTRO_GAP.match(gap.strip(" ,")) is not None
        else:
            sep = re.match(r"^\s*(?:\([^()]{1,60}\)\s*)?(,\s*va|,|;|va|cung)\s*" if coord else r"^\s*(,\s*va|,|;|va|cung)\s*", gap)
            rest = gap[sep.end():] if sep else None
            ok = sep is not None and (PERSON_GAP.match(rest) is not None or coord and LIST_INTRO_GAP.match(rest) is not None)
            if ok and coord and sep.group(1) == ";" and OWN_ORDER.match(low, m.end):
                ok = False
        if not ok:
            break
        titled = re.search(TITLE + r"\s*$", gap)
        if titled or re.search(r"(?:dong\s+chi|ong|ba)\s", gap):
            g0 = cur + (re.match(r"^\s*(?:,|;|va|cung)?\s*", gap).end())
            resp[len(items)] = " ".join(text[g0:m.end].split()).strip(" ,")
        items.append(m)
        cur = m.end
        first = False
        i += 1
    return items, cur, resp


def _anchors(sent_start: int, sent_end: int, low: str, text: str, mentions: list[Mention],  # noqa: C901
             ref: dt.date | None = None) -> list[Anchor]:
    ms = _between(mentions, sent_start, sent_end)
    sentence = text[sent_start:sent_end]
    for u in UNKNOWN_SUBJECT.finditer(sentence):
        s0, e0 = sent_start + u.start(1), sent_start + u.end(1)
        if not any(m.start < e0 and s0 < m.end for m in ms):
            ms.append(Mention(s0, e0, u.group(1)))
    ms.sort(key=lambda m: m.start)
    out: list[Anchor] = []
    used: set[int] = set()
    # a) Giao / yêu cầu / đề nghị / chỉ đạo + list
    for g in GIAO.finditer(low, sent_start, sent_end):
        if _own_action(low, g.start(), sent_start, ms):
            continue
        if re.search(r"(?:da|dang|tung)\s+$", low[max(sent_start, g.start() - 6):g.start()]) and not re.search(
                r"(?:ubnd|uy\s+ban\s+nhan\s+dan|chu\s+tich|thu\s+tuong|chinh\s+phu)(?:\s+\w+){0,3}\s+(?:da|dang|tung)\s+$",
                low[max(sent_start, g.start() - 40):g.start()]):
            continue      # "Sở … đã giao nhiệm vụ cho Trung tâm …": an account (the issuer's "đã giao" is reported news)
        if re.search(r"nhiem\s+vu\s+(?:\w+\s+){0,5}(?:da|dang)\s+$", low[max(sent_start, g.start() - 50):g.start()]):
            continue      # "các nhiệm vụ UBND tỉnh đã giao cho …": which tasks, not an order
        items, end, resp = _mention_list(ms, low, g.end(), sent_end, text)
        if low.startswith("gui", g.start()) and not re.match(r"\s*,?\s*(?:yeu\s+cau|de\s+nghi)(?!\w)", low[end:sent_end]):
            continue      # "có văn bản gửi Bộ X" without an order: a recipient
        if not items and low.startswith("giao", g.start()):
            # "Giao <a body not in the registry> chủ trì …": keep it as written, to be chosen by the user
            unknown = UNKNOWN_LEAD.match(text, g.end(), sent_end)
            if unknown:
                m = Mention(unknown.start(1), unknown.end(1), unknown.group(1))
                ms.append(m)
                items, end, resp = [m], m.end, {}
        if items and low[g.end():items[0].start].strip(" ,:") == "" or (items and PERSON_GAP.match(low[g.end():items[0].start])):
            if any(id(x) in used for x in items):
                continue
            used.update(id(x) for x in items)
            out.append(Anchor(g.start(), end, items, resp, "giao"))
    # b) a mention opening a clause: "Sở X chủ trì …", "Sở X được giao …", "Các Sở, Ban, ngành: …"
    coordinating = {id(c) for c in _coordinators(low, sent_start, sent_end, [m for m in ms if id(m) not in used], text)[0]}
    for _k, m in enumerate(ms):
        if id(m) in used or id(m) in coordinating:
            continue
        before = low[sent_start:m.start]
        opening = re.search(r"(?:^|[;:]|,\s*(?:dong\s+thoi\s*,?\s*)?|dong\s+thoi\s*,?|\(\w\)|\b\w\)"
                            r"|^\s*(?:\(.{1,30}?\)\s*)?[-–—]|(?:^|[;:])\s*cac|^\s*[\"“]|(?:^|[,;:]\s*)(?:rieng|con|trong\s+khi|sau\s+do|ve\s+phia)|(?:^|,)\s*(?:truoc|cham\s+nhat)\s+ngay\s+[\d/.\-]+\s*,)\s*$", before)
        title_before = re.search(rf"(?:^|[;:,]|(?<!\w)va)\s*{TITLE}\s*$", before)
        if not opening and not title_before:
            continue
        if NARRATIVE_OPENING.match(before) or _past_opening(before, ref) or MEMBERSHIP.search(before):
            continue  # "Chiều ngày 17/6/2024, Sở TT&TT phối hợp … tổ chức hội thảo": an account, not an order
        items, end, resp = _mention_list(ms, low, m.start, sent_end, text)
        if not items or items[0] is not m:
            continue
        if title_before:
            resp = {0: " ".join(text[m.start - len(title_before.group(0).lstrip(";:, ")):m.end].split())}
        after = low[end:sent_end]
        bare_after = re.sub(r"^\s*\([^)]{0,160}\)", "", after)
        if NOT_SUBJECT.match(after) or NOT_SUBJECT.match(bare_after) or MEETING.match(after.lstrip(" ,")):
            continue
        ordered = ISSUER.match(low, m.start) and re.match(r"\s*(?:cung\s+|vua\s+|da\s+)?chi\s+dao\s+(?:cac\s+)?", after)
        if ordered and any(-5 <= x.start - (end + ordered.end()) <= 1 for x in ms):
            continue          # "UBND tỉnh Gia Lai cũng chỉ đạo Văn phòng …": the issuer ordering a body
        if re.match(r"\s*:\s*", after) and any(x.start - end <= 4 for x in ms if x.start >= end):
            continue          # "Các đơn vị: Sở KH&ĐT, Sở TN&MT …": the list names the leads
        if PHOI_HOP_AFTER.match(after) and re.search(r"chu\s+tri\s*,\s*$", before):
            continue          # "… chủ trì, Sở Tài chính phối hợp": a coordinator
        semi = sent_start + len(before.rstrip()) - 1
        if (before.rstrip().endswith(";") and any(0 <= semi - x.end <= 1 for x in ms if x.end <= semi)
                and not SUBJECT_CUE.match(after)):
            continue          # "kiểm tra các sở, ban, ngành; UBND các huyện … thực hiện …": objects listed across ";"
        after_comma = re.search(rf"(?:,|(?<!\w)va)\s*(?:{TITLE}\s*)?$", before) is not None and (
            "," in before[-3:] or title_before is not None)
        if after_comma:
            # "gửi Sở TT&TT, Sở Tài chính tổng hợp": an item of a list, not a new subject; after a
            # comma a subject needs an instruction word.
            if any(0 <= m.start - x.end <= 3 for x in ms if x.end <= m.start) or _inside_coord_list(low, sent_start, m.start):
                continue
            if not (SUBJECT_CUE.match(after) or SUBJECT_VERB.match(after) or SUBJECT_CUE.match(bare_after)):
                continue      # … or after a bracket: "các doanh nghiệp viễn thông (bao gồm: …) cần …"
        used.update(id(x) for x in items)
        out.append(Anchor(m.start - (len(title_before.group(0).lstrip(";:, ")) if title_before else 0),
                          end, items, resp, "subject"))
    # c) "… do Sở X chủ trì"
    for m in ms:
        if id(m) in used:
            continue
        if DO_CUE.search(low[max(sent_start, m.start - 4):m.start]) and re.match(r"\s*(?:tinh\s+)?chu\s+tri", low[m.end:sent_end]):
            used.add(id(m))
            # the task named before "do": from the last ";" (or, after another assignment of the
            # same sentence, from the last comma) up to the mention
            start = sent_start + max(low.rfind(";", sent_start, m.start) + 1 - sent_start, 0)
            earlier = [a.start for a in out if a.start < m.start]
            if earlier and max(earlier) >= start:
                comma = low.rfind(",", max(earlier), m.start)
                start = comma + 1 if comma > 0 else start
            out.append(Anchor(start, m.end, [m], {}, "do"))
    out.sort(key=lambda a: a.start)
    return out


ADVISED = re.compile(r"(?:tham\s+muu|de\s+xuat|kien\s+nghi|trinh)\s+(?:cho\s+|voi\s+)?(?:ubnd|uy\s+ban\s+nhan\s+dan|chu\s+tich)"
                     r"(?:\s+\w+){0,4}?\s+$")
CHU_TRI_COMMA = re.compile(r"(?<!\w)chu\s+tri\s*,\s*")
PHOI_HOP_AFTER = re.compile(r"\s*(?:cung\s+)?phoi\s+hop(?!\s+(?:voi|chat|cung))(?!\w)")
OWN_ACTION = re.compile(r"(?:co\s+trach\s+nhiem|chiu\s+trach\s+nhiem|tiep\s+tuc|thuong\s+xuyen|chu\s+dong|truc\s+tiep"
                        r"|khan\s+truong|tap\s+trung|kip\s+thoi|quyet\s+liet|tang\s+cuong|de|nham|chu\s+tri\s*,?)\s+$")


def _own_action(low: str, pos: int, sent_start: int, ms: list[Mention]) -> bool:
    """"X có trách nhiệm chỉ đạo Y", "Sở Y tế chỉ đạo các bệnh viện": the lead's own way of
    acting, not an order of the directive to Y."""
    if not low.startswith(("chi dao", "yeu cau", "de nghi"), pos):
        return False
    if OWN_ACTION.search(low[max(sent_start, pos - 30):pos]):
        return True
    if ADVISED.search(low[max(sent_start, pos - 50):pos]):
        return True       # "tham mưu UBND tỉnh chỉ đạo các cơ quan …": what the issuer is advised to order
    if low.startswith("chi dao", pos) and re.search(r"dong\s+thoi\s*,?\s*$", low[max(sent_start, pos - 12):pos]):
        return True       # "Giao Sở Y tế …; đồng thời chỉ đạo các bệnh viện …": the lead's own task
    first = next((m for m in ms if m.start >= sent_start), None)
    if (low.startswith("chi dao", pos) and re.search(r";\s*$", low[max(sent_start, pos - 4):pos]) and first is not None
            and first.start - sent_start <= 3 and not ISSUER.match(low, first.start)):
        return True       # "Công an tỉnh …; chỉ đạo công an cấp xã …": the subject's own next task
    return low.startswith("chi dao", pos) and any(0 <= pos - m.end <= 2 and not ISSUER.match(low, m.start) for m in ms)


def _inside_coord_list(low: str, sent_start: int, pos: int) -> bool:
    window = low[max(sent_start, pos - 200):pos]
    found = list(COORD.finditer(window))
    if not found:
        return False
    between = window[found[-1].end():]
    return not re.search(r"[;.:]", between) and len(between) < 160


# ------------------------------------------------------------------ sentences ----

def _sentences(text: str, low: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph number) of each sentence. A sentence ends at ". " before a capital
    letter (not after "TP." and the like) or at a line break."""
    out, para = [], 0
    for pm in re.finditer(r"[^\n]+", text):
        para += 1
        s0 = pm.start()
        last = s0
        for m in re.finditer(r"(?<=[.!?])\s+(?=[A-ZÀ-ỸĐ\"“(]|\d{1,2}\.\s+[A-ZÀ-ỸĐ])", pm.group(0)):
            cut = s0 + m.start()
            prev = text[max(s0, cut - 4):cut]
            if re.search(r"(?:\b[A-ZĐ][A-Za-zĐ]{0,2}|\bTp|\bNĐ|\bTT|\bv\.v)\.$", prev):
                continue
            out.append((last, cut, para))
            last = s0 + m.end()
        out.append((last, pm.end(), para))
    return [(s, e, p) for s, e, p in out if text[s:e].strip()]


# ------------------------------------------------------------------ assembly ----

@dataclass
class Assignment:
    lead: str
    lead_key: str
    lead_unit_id: int | None
    lead_unit_ids: list[int]
    coordinating: list[str]
    coordinating_keys: list[str]
    coordinating_unit_ids: list[int]
    task: str
    deadline: dt.date | None
    deadline_text: str
    deadline_kind: str
    responsible: str = ""
    warnings: list[str] = field(default_factory=list)
    # where the lead, the coordinators and the deadline stand in the text (not in the JSON)
    lead_span: tuple[int, int] = (0, 0)
    coordinating_spans: list[tuple[int, int]] = field(default_factory=list)
    deadline_span: tuple[int, int] | None = None

    def as_json(self) -> dict:
        return {
            "lead": self.lead, "lead_unit_id": self.lead_unit_id, "lead_unit_ids": self.lead_unit_ids,
            "coordinating": self.coordinating,
            "coordinating_unit_ids": self.coordinating_unit_ids, "task": self.task,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text, "deadline_kind": self.deadline_kind,
            "responsible": self.responsible, "warnings": self.warnings,
        }


def _unit_ids(m: Mention, gaz: Gazetteer, ref: dt.date, warnings: list[str]) -> list[int]:
    if m.unit:
        u = m.unit
        if not u.active_on(ref) and u.successor_pk and u.valid_to and ref > u.valid_to:
            succ = gaz.units.get(u.successor_pk)
            if succ:
                warnings.append(f"{u.name} đã kết thúc hoạt động ngày {u.valid_to:%d/%m/%Y}; "
                                f"đề xuất giao {succ.name} (đơn vị kế thừa).")
                return [succ.pk]
        return [u.pk]
    if m.group:
        return [u.pk for u in gaz.group_units(m.group, ref)]
    return []


def _clean_task(raw: str) -> str:
    t = " ".join(raw.split())
    t = re.sub(r"^[\s,;:.\-–—]+", "", t)
    t = re.sub(r"^(?:[a-zđ]\)|\d{1,2}[.)])\s*", "", t)
    t = re.sub(r"^(?:(?:tỉnh|Tỉnh)\s+)?(?:,\s*)?(?:(?:Đồng thời|đồng thời)\s*,?\s*)?", "", t)
    t = re.sub(r"[\s,;:\-–—]+$", "", t).rstrip(".")
    t = t.rstrip(" ,;")
    return t[:1].upper() + t[1:] if t else t


def _coordinators(low: str, start: int, end: int, mentions: list[Mention], text: str) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Mentions listed after "phối hợp (với)" inside [start, end), and the spans to drop from the task text."""
    out, spans = [], []
    ms = [m for m in mentions if start <= m.start < end]
    for c in COORD.finditer(low, start, end):
        items, stop, _ = _mention_list(ms, low, c.end(), end, text, coord=True)
        if items and (low[c.end():items[0].start].strip() in ("", ",") or LIST_INTRO_GAP.match(low[c.end():items[0].start].strip(" ,"))):
            out.extend(items)
            spans.append((c.start(), stop))
    # "Sở Y tế chủ trì, Sở Tài chính phối hợp thực hiện": the units before "phối hợp"
    for c in CHU_TRI_COMMA.finditer(low, start, end):
        items, stop, _ = _mention_list(ms, low, c.end(), end, text)
        joined = PHOI_HOP_AFTER.match(low, stop) if items else None
        if joined:
            out.extend(i for i in items if i not in out)
            spans.append((c.end(), joined.end()))
    return out, spans


def extract(text: str, gaz: Gazetteer, reference: dt.date | None = None) -> list[Assignment]:
    """The proposed assignments of ``text`` (see the module docstring). No size checks here:
    :func:`extract_for` does them. Syllables run together ("Sởthông tin", "chủtrì") are cut
    apart before reading; the lead, coordinators and deadline text are reported as pasted."""
    original = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    fixed, index = repair_spacing(original)
    found = _extract(fixed, gaz, reference)
    if fixed != original:
        def cut(span):
            return original[index[span[0]]:index[span[1] - 1] + 1] if span and span[1] > span[0] else ""
        for a in found:
            a.lead = cut(a.lead_span) or a.lead
            a.coordinating = [cut(sp) or c for sp, c in zip(a.coordinating_spans, a.coordinating, strict=True)]
            if a.deadline_span:
                a.deadline_text = cut(a.deadline_span).strip() or a.deadline_text
            a.lead_span = (index[a.lead_span[0]], index[a.lead_span[1] - 1] + 1)
            a.coordinating_spans = [(index[s], index[e - 1] + 1) for s, e in a.coordinating_spans]
            if a.deadline_span:
                a.deadline_span = (index[a.deadline_span[0]], index[a.deadline_span[1] - 1] + 1)
    return found


def _extract(text: str, gaz: Gazetteer, reference: dt.date | None) -> list[Assignment]:  # noqa: C901
    low = _fold_same_length(text)
    ref = reference or guess_reference(low) or dt.date.today()
    mentions = _find_mentions(text, low, gaz)
    results: list[Assignment] = []
    current: Anchor | None = None
    current_para = None
    under_heading = False
    para_start = 0                       # index in results of the paragraph's first assignment
    period: Deadline | None = None       # a period stated in the sentence before, with no lead of its own
    pending_period: Deadline | None = None
    for s, e, para in _sentences(text, low):
        if para != current_para:
            current_para, para_start, period = para, len(results), None
            heading = _heading(text, low, s, mentions)
            if heading is not None:
                # "3. Sở Khoa học và Công nghệ" alone on its line: the lead of the lines below it
                current, under_heading = heading, True
                continue
            if not under_heading:
                current = None
        elif under_heading and current is not None and current.body > s:
            continue          # the rest of the heading's own line
        anchors = _anchors(s, e, low, text, mentions, ref)
        spans: list[tuple[Anchor, int, int]] = []
        if anchors and current is not None:
            anchors = [_resolve_back(a, current, low) for a in anchors]
        if anchors and period is not None:
            pending_period = period
        period = None
        if not anchors and PERIOD_SENTENCE.search(low, s, e):
            # "Các hoạt động … được tổ chức trong thời gian từ ngày 01/10 đến ngày 10/10/2022." then "Các sở …
            # tổ chức tuyên truyền …": the period bounds the tasks of the next sentence
            period = next((d for d in find_deadlines(low, text, ref, s, e) if d.date and d.kind == "date"), None)
        if not anchors and (BACK_DEADLINE.search(low, s, e) or _result_deadline(low, s, e)) and len(results) > para_start:
            # "Các nhiệm vụ này phải hoàn thành trước ngày 31-5.": the deadline of what precedes
            found = [d for d in find_deadlines(low, text, ref, s, e) if d.date]
            if found:
                for prev in results[para_start:]:
                    if prev.deadline is None:
                        prev.deadline, prev.deadline_kind, prev.deadline_text = found[0].date, found[0].kind, found[0].text
                        prev.deadline_span = (found[0].start, found[0].end)
                        prev.warnings = [w for w in prev.warnings if "thời hạn" not in w]
                continue
        if anchors:
            under_heading = False
            for i, a in enumerate(anchors):
                a_end = anchors[i + 1].start if i + 1 < len(anchors) else e
                # "Trong năm 2022 và các năm tiếp theo, giao …": what precedes the first anchor
                # belongs to it (its deadline, not its task text).
                spans.append((a, s if i == 0 else a.start, a_end))
            # clauses after ";" inside one anchor's span that start with an instruction are further tasks
            expanded = []
            for a, a_s, a_e in spans:
                expanded.extend(_split_continuations(a, a_s, a_e, low))
            spans = expanded
            current = spans[-1][0]
        elif current is not None and DEADLINE_SENTENCE.match(low, s):
            # "Thời hạn hoàn thành: 30/9/2025." after the assignment it belongs to
            found = find_deadlines(low, text, ref, s, e) or find_deadlines(
                "han " + low[s:e].split(":", 1)[-1], "hạn " + text[s:e].split(":", 1)[-1], ref)
            for prev in results[-len(current.leads):]:
                if found and prev.deadline is None and found[0].date:
                    prev.deadline, prev.deadline_kind = found[0].date, found[0].kind
                    prev.deadline_text = " ".join(text[s:e].split()).rstrip(".")
                    prev.warnings = [w for w in prev.warnings if "thời hạn" not in w] + (
                        [found[0].warning] if found[0].warning else [])
            continue
        elif current is not None:
            for cs, ce in _clauses(s, e, low):
                if CONTINUATION.match(low[cs:ce]) or (under_heading and re.match(r"\s*[-–+•*]", low[cs:ce])):
                    cont = Anchor(cs, cs, current.leads, current.responsible, "continuation")
                    spans.append((cont, cs, ce))
        sentence_results = []
        for a, a_s, a_e in spans:
            sentence_results.extend(_assignments(a, a_s, a_e, text, low, mentions, gaz, ref))
        _share_list_deadline(sentence_results)
        if pending_period is not None:
            for a in sentence_results:
                if a.deadline is None:
                    a.deadline, a.deadline_kind, a.deadline_text = pending_period.date, pending_period.kind, pending_period.text
                    a.deadline_span = (pending_period.start, pending_period.end)
                    a.warnings = [w for w in a.warnings if "thời hạn" not in w] + [
                        "Thời hạn lấy từ thời gian tổ chức nêu ở câu trước — hãy kiểm tra lại."]
            pending_period = None
        results.extend(sentence_results)
    return results


PERIOD_SENTENCE = re.compile(r"(?:duoc\s+)?to\s+chuc\s+(?:trong\s+thoi\s+gian\s+)?tu\s+(?:ngay\s+)?\d")
BACK_DEADLINE = re.compile(r"(?:nhiem\s+vu|de\s+an|noi\s+dung|cong\s+viec|viec)(?:\s+\w+){0,4}?\s+(?:nay|neu\s+tren|tren)(?!\w)")
# A sentence whose subject is the product of the tasks before it, with a time limit: "Kết quả thực
# hiện phải được hoàn thành trong tháng 10.", "Số liệu phải được gửi về Bộ Nội vụ trước 30/8.",
# "Thời gian thực hiện hoàn thành trước ngày 20/11/2023.", "Báo cáo … gửi về … trước ngày 15 tháng 5".
RESULT_SUBJECT = re.compile(r"\s*(?:\([^()]{0,80}\)\s*)?(?:[(\-–]\s*)?(?:(?:dong\s+thoi|sau\s+do|ngoai\s+ra)\s*,?\s*)?(?:cac\s+)?(?:ket\s+qua|bao\s+cao"
                            r"|so\s+lieu|thoi\s+gian\s+(?:thuc\s+hien|hoan\s+thanh)|van\s+ban|ho\s+so|san\s+pham|du\s+thao)(?!\w)")
RESULT_LIMIT = re.compile(r"(?<!\w)(?:hoan\s+thanh|xong|gui|nop|truoc|cham\s+nhat)(?!\w)")


def _result_deadline(low: str, s: int, e: int) -> bool:
    return bool(RESULT_SUBJECT.match(low, s) and RESULT_LIMIT.search(low, s, e))


BARE_UNITS = re.compile(r"(?:cac\s+)?(?:don\s+vi|co\s+quan)(?:\s*,\s*(?:don\s+vi|co\s+quan))?(?:\s+(?:nay|tren))?")


def _resolve_back(a: Anchor, current: Anchor, low: str) -> Anchor:
    """"Trên cơ sở kết quả rà soát, các đơn vị sẽ lập danh mục …": bare "các đơn vị" after the
    paragraph named its leads stands for those leads."""
    if len(a.leads) == 1 and a.leads[0].group and BARE_UNITS.fullmatch(" ".join(low[a.leads[0].start:a.leads[0].end].split())) \
            and current.leads and current.leads[0] is not a.leads[0]:
        return Anchor(a.start, a.body, current.leads, current.responsible, a.kind)
    return a


HEADING_BEFORE = re.compile(r"^\s*(?:(?:[ivx]+|\d{1,2}(?:\.\d{1,2})*|[a-z])\s*[.)/]\s*|[-–+•*]\s*)?(?:doi\s+voi\s+)?$")
HEADING_AFTER = re.compile(r"^\s*(?:tinh\s*)?[:.]?\s*$")


def _heading(text: str, low: str, start: int, mentions: list[Mention]) -> Anchor | None:
    """The lead named alone on the line starting at ``start`` ("3. Sở Tài chính", "b) Công an
    tỉnh:"), as an anchor whose body is the end of the line; None for any other line."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    ms = _between(mentions, start, end)
    if len(ms) != 1 or not HEADING_BEFORE.match(low[start:ms[0].start]) or not HEADING_AFTER.match(low[ms[0].end:end]):
        return None
    return Anchor(start, end, ms, {}, "heading")


CLAUSE_CUT = re.compile(r";|(?<=[.:])\s+(?=(?:[a-z]\)|\d{1,2}[.)]|\(\w{1,2}\)|[-–+•])\s)")


COMPLETION = re.compile(r"hoan\s+thanh|xong(?!\w)")


def _share_list_deadline(found: list[Assignment]) -> None:
    """Addressees of one sentence listed in parts ("…: A, B; các huyện: C, D") with no task text of
    their own share the sentence's deadline."""
    dated = {a.deadline for a in found if a.deadline}
    if len(dated) != 1:
        return
    donor = next(a for a in found if a.deadline)
    for a in found:
        if a.deadline is None and not a.task.strip(" .,;:"):
            a.deadline, a.deadline_kind, a.deadline_text = donor.deadline, donor.deadline_kind, donor.deadline_text
            a.deadline_span = donor.deadline_span
            a.warnings = [w for w in a.warnings if "thời hạn" not in w]


def _clauses(s: int, e: int, low: str) -> list[tuple[int, int]]:
    """The clauses of a sentence: cut at ";" and before an enumerated item ("… Kế hoạch. b) …")."""
    out, last = [], s
    for m in CLAUSE_CUT.finditer(low[s:e]):
        out.append((last, s + m.start()))
        last = s + m.end()
    out.append((last, e))
    return [(a, b) for a, b in out if low[a:b].strip()]


def _split_continuations(a: Anchor, a_s: int, a_e: int, low: str):
    parts = _clauses(max(a_s, a.body), a_e, low)
    out, cur_s = [], a_s
    for cs, ce in parts[1:]:
        if CONTINUATION.match(low[cs:ce]):
            out.append((a, cur_s, cs))
            cur_s = cs
            a = Anchor(cs, cs, a.leads, a.responsible, "continuation")
    out.append((a, cur_s, a_e))
    return out


def _assignments(a: Anchor, a_s: int, a_e: int, text: str, low: str, mentions, gaz, ref) -> list[Assignment]:  # noqa: C901
    lead_set = {id(m) for m in a.leads}
    near = [m for m in _between(mentions, max(a.body, a_s), a_e) if id(m) not in lead_set]
    coords, coord_spans = _coordinators(low, max(a.body, a_s), a_e, near, text)
    deadlines = find_deadlines(low, text, ref, a_s, a_e)
    # several time phrases: the completion's ("trong năm 2017 … đạt 60% … năm 2018 sẽ hoàn thành")
    completing = [d for d in deadlines if d.date and COMPLETION.search(low, max(0, d.start - 12), d.end + 16)]
    dl = completing[0] if completing and len({d.date for d in deadlines}) > 1 else deadlines[0] if deadlines else None
    # task text: from after the leads (and "chủ trì", the coordinators) to the end, minus the deadline phrase
    if a.kind == "do":
        body_start, body_end = a.start, a.leads[0].start - 3
        tail = low[a.body:a_e]
        task_raw = text[body_start:body_end] + " " + text[a.body:a_e]
        task_low = low[body_start:body_end] + " " + tail
    else:
        body_start = max(a.body, a_s)
        task_raw, task_low = text[body_start:a_e], low[body_start:a_e]
    cut = []
    for cs, ce in coord_spans:
        if cs >= body_start and a.kind != "do":
            cut.append((cs - body_start, ce - body_start))
    if dl and a.kind != "do" and dl.start >= body_start:
        cut.append((dl.start - body_start, dl.end - body_start))
    for cs, ce in sorted(cut, reverse=True):
        task_raw = task_raw[:cs] + " " + task_raw[ce:]
        task_low = task_low[:cs] + " " + task_low[ce:]
    lead_cue = re.match(r"\s*(?:tinh\s+)?(?:,\s*)?(?:la\s+(?:don\s+vi|co\s+quan)\s+(?:chu\s+tri|dau\s+moi|thuong\s+truc)\s*,?\s*)?"
                        r"(?:chu\s+tri|duoc\s+giao|co\s+trach\s+nhiem|chiu\s+trach\s+nhiem)?\s*[,:]?", task_low)
    if lead_cue:
        task_raw = task_raw[lead_cue.end():]
    task_raw = re.sub(r"^\s*(?:còn|Còn)\s+", "", task_raw.strip())
    task = _clean_task(re.sub(r"(?i),?\s*(?:hoàn thành|xong)\s*(?=[,.;]|$)", "", task_raw))
    out = []
    for idx, m in enumerate(a.leads):
        warnings: list[str] = []
        ids = _unit_ids(m, gaz, ref, warnings)
        if m.group and not ids and m.group in GROUP_LABELS and m.group != "related" and gaz.units:
            warnings.append(f"Không có đơn vị nào thuộc nhóm “{GROUP_LABELS[m.group]}” vào ngày {ref:%d/%m/%Y}.")
        if m.group == "related" or (not m.unit and not m.group and not m.text.strip()):
            warnings.append("Chưa xác định được đơn vị chủ trì — hãy chọn.")
        elif not m.unit and not m.group:
            written = " ".join(m.text.split())
            warnings.append(f"“{written}” không có trong danh mục đơn vị — hãy chọn đơn vị hoặc bổ sung vào danh mục.")
        if dl and dl.warning:
            warnings.append(dl.warning)
        if not dl:
            warnings.append("Không tìm thấy thời hạn trong văn bản (thiếu “rõ thời gian”).")
        if len(task) < 15:
            warnings.append("Nội dung nhiệm vụ quá ngắn — hãy ghi rõ việc phải làm (thiếu “rõ việc”).")
        coord_ids, coord_texts, coord_keys = [], [], []
        for c in coords:
            coord_texts.append(c.text)
            coord_keys.append(c.key)
            for pk in _unit_ids(c, gaz, ref, []):
                if pk not in coord_ids and pk not in ids:
                    coord_ids.append(pk)
        out.append(Assignment(
            lead=m.text, lead_key=m.key, lead_unit_id=ids[0] if len(ids) == 1 and m.unit else None,
            lead_unit_ids=ids, coordinating=coord_texts, coordinating_keys=coord_keys,
            coordinating_unit_ids=coord_ids, task=task, deadline=dl.date if dl else None,
            deadline_text=dl.text if dl else "", deadline_kind=dl.kind if dl else DeadlineKind.NONE,
            responsible=a.responsible.get(idx, ""), warnings=warnings, lead_span=(m.start, m.end),
            coordinating_spans=[(c.start, c.end) for c in coords], deadline_span=(dl.start, dl.end) if dl else None,
        ))
    return out


# ------------------------------------------------------------------ entry ----

def _readable(text) -> str:
    """The text to read (NFC, trimmed); refused when it holds a character no text may hold."""
    try:
        return check_text(text)
    except BadInput as exc:
        raise ServiceError(sentence("văn bản", exc)) from None


def extract_for(user, text: str, reference: dt.date | None = None, root=None) -> list[Assignment]:
    """Check the text and extract against the units of ``root`` (default: the user's tree)."""
    text = _readable(text)
    if not text:
        raise ServiceError("Chưa nhập nội dung văn bản để trích xuất.")
    if len(text) > MAX_CHARS:
        raise ServiceError(f"Văn bản dài {len(text):,} ký tự, vượt giới hạn {MAX_CHARS:,} ký tự của một lần trích xuất. "
                           "Hãy tách thành từng phần (ví dụ theo mục) rồi trích xuất từng phần.".replace(",", "."))
    if root is None:
        if user.unit_id is None:
            raise ServiceError("Tài khoản cấp quốc gia cần chọn tỉnh/bộ để đối chiếu tên đơn vị.")
        root = user.unit.root()
    found = extract(text, Gazetteer.for_root(root), reference)
    if not found:
        raise ServiceError("Không tìm thấy nhiệm vụ nào được giao trong văn bản (không có câu dạng “Giao … chủ trì”, "
                           "“yêu cầu …”, “… chủ trì, phối hợp …”). Hãy kiểm tra lại nội dung hoặc thêm nhiệm vụ thủ công.")
    return found


def command_root(code: str | None = None):
    """The tree whose units a text is matched against when no user asks (``manage.py
    extract_assignments``): the root unit ``code``, by default the only province (the first one)
    or else the first root; None when the registry has no unit at all."""
    roots = Unit.objects.filter(parent__isnull=True)
    if code:
        root = roots.filter(code=code).first()
        if root is None:
            raise ServiceError(f"Không có đơn vị gốc mã {code}.")
        return root
    return roots.filter(kind=UnitKind.PROVINCE).order_by("pk").first() or roots.order_by("pk").first()


def command_gazetteer(code: str | None = None) -> tuple[Gazetteer, str]:
    """The units a text is matched against for ``manage.py extract_assignments`` (see
    :func:`command_root`), and a notice when there are none: an empty registry, or no database
    yet (a fresh checkout before ``migrate``) — then names are proposed as written."""
    try:
        root = command_root(code)
        if root is None:
            return Gazetteer([], {}), ("Danh mục đơn vị chưa có đơn vị nào: tên đơn vị được đề xuất nguyên văn, "
                                       "không đối chiếu với danh mục.")
        return Gazetteer.for_root(root), ""
    except DatabaseError:
        if code:
            raise ServiceError(f"Chưa có cơ sở dữ liệu danh mục đơn vị nên không tìm được đơn vị gốc mã {code} "
                               "(hãy chạy manage.py migrate rồi nhập danh mục).") from None
        return Gazetteer([], {}), ("Chưa có cơ sở dữ liệu (chưa chạy manage.py migrate): tên đơn vị được đề xuất "
                                   "nguyên văn, không đối chiếu với danh mục đơn vị.")


def extract_text(text: str, root=None, reference: dt.date | None = None, gaz: Gazetteer | None = None) -> list[Assignment]:
    """The proposals for ``text`` against the units of ``root`` or ``gaz`` (none matched
    without either), checked like :func:`extract_for` but for no user; an empty list when
    nothing is found."""
    text = _readable(text)
    if not text:
        raise ServiceError("Chưa có nội dung văn bản để trích xuất.")
    if len(text) > MAX_CHARS:
        raise ServiceError(f"Văn bản vượt {MAX_CHARS} ký tự; hãy tách thành từng phần.")
    if gaz is None:
        gaz = Gazetteer.for_root(root) if root else Gazetteer([], {})
    return extract(text, gaz, reference)
