"""The NĐ 30/2020 letterhead of a unit: cơ quan chủ quản, địa danh, the issuer's abbreviation in
a ký hiệu, and the signer's title. Shared by every Word document the system drafts."""
from __future__ import annotations

import re

from cds.orgs.models import Unit, UnitKind
from cds.text.normalize import fold

PROVINCE_PREFIXES = ("Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND ")
PLACE_PREFIXES = ("Ủy ban nhân dân tỉnh ", "Uỷ ban nhân dân tỉnh ", "Ủy ban nhân dân thành phố ",
                  "Uỷ ban nhân dân thành phố ", "UBND tỉnh ", "UBND thành phố ", "UBND TP ", "tỉnh ", "thành phố ")
LOCAL_BODIES = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)


def _without_prefix(name: str, prefixes) -> str | None:
    low = name.lower()
    for p in prefixes:
        if low.startswith(p.lower()):
            return name[len(p):].strip()
    return None


def parent_body(root: Unit) -> str:
    """"Ủy ban nhân dân tỉnh Sơn Lâm" → "UBND TỈNH SƠN LÂM" (cơ quan chủ quản of a Sở)."""
    rest = _without_prefix(root.name, PROVINCE_PREFIXES)
    return ("UBND " + rest if rest else root.name).upper()


def place_name(root: Unit) -> str:
    """Địa danh: the province or city name; central bodies sit in Hà Nội."""
    rest = _without_prefix(root.name, PLACE_PREFIXES)
    if rest:
        return rest
    if root.kind == UnitKind.MINISTRY:
        return "Hà Nội"
    return root.short_name or root.name


def unit_abbreviation(unit: Unit) -> str:
    """Chữ viết tắt of the issuing unit for the ký hiệu: the last part of its code when it
    is one ("SL-SKHCN" → "SKHCN"), else initials of its short name ("Sở KH&CN" → "SKHCN")."""
    last = (unit.code or "").split("-")[-1].upper()
    if last and re.fullmatch(r"[A-ZĐ][A-ZĐ0-9]{1,11}", last):
        return last
    out = []
    for token in re.split(r"[\s&,.\-/()]+", unit.short_name or unit.name):
        if not token:
            continue
        out.append(token if token.isupper() else token[0].upper())
    return "".join(out)[:12] or "CQ"


def signer_title(unit: Unit) -> list[str]:
    """"KT. <thủ trưởng>" / "PHÓ <thủ trưởng>" for a draft signed by a deputy."""
    name = fold(unit.name)
    if unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE) or name.startswith("uy ban nhan dan"):
        return ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    for prefix, head in (("so ", "GIÁM ĐỐC"), ("bo ", "BỘ TRƯỞNG"), ("cuc ", "CỤC TRƯỞNG"),
                         ("van phong", "CHÁNH VĂN PHÒNG"), ("thanh tra", "CHÁNH THANH TRA"),
                         ("ban ", "TRƯỞNG BAN"), ("trung tam", "GIÁM ĐỐC"), ("vu ", "VỤ TRƯỞNG")):
        if name.startswith(prefix):
            return [f"KT. {head}", f"PHÓ {head}"]
    return ["KT. THỦ TRƯỞNG CƠ QUAN", "PHÓ THỦ TRƯỞNG CƠ QUAN"]


def is_local_body(unit: Unit) -> bool:
    return unit.kind in LOCAL_BODIES or fold(unit.name).startswith("uy ban nhan dan")


def symbol_abbreviation(unit: Unit) -> str:
    """The issuer's part of a ký hiệu: "UBND" for a people's committee, else its abbreviation."""
    return "UBND" if is_local_body(unit) else unit_abbreviation(unit)


def head_of(unit: Unit) -> str:
    """Who answers for a unit in "Điều 3": "Giám đốc Sở Tài chính", "Chánh Thanh tra tỉnh"."""
    if unit.kind == UnitKind.POLICE:
        return f"Giám đốc {unit.name}"
    lines = signer_title(unit)
    if lines[0].startswith("TM."):
        return f"Chủ tịch {unit.name}"
    head = lines[-1].removeprefix("PHÓ ").strip()
    if head == "THỦ TRƯỞNG CƠ QUAN":
        return f"Thủ trưởng {unit.name}"
    if head.startswith(("CHÁNH ", "TRƯỞNG ")):  # Chánh Văn phòng …, Trưởng Ban …
        return f"{head.split()[0].capitalize()} {unit.name}"
    return f"{head.capitalize()} {unit.name}"
