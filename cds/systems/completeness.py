"""How complete a system's record is, by the published :class:`CompletenessScheme` (LeanIX's
completion score): Σ(weight × filled) ÷ Σ(weight) × 100 over the criteria below, fields and
relations alike. A unit's score is the mean of its live systems' scores.

Each criterion reads only the row and the counts :func:`cds.systems.selectors.with_counts`
annotates (``n_projects``, ``n_integrations``, ``n_holdings``, ``n_costs``), so a list of any
length costs the same few queries.
"""
from __future__ import annotations

from dataclasses import dataclass

from .models import SHARED_CATEGORIES, Category

#: criterion code → (label shown to users, test on a system row with counts)
CRITERIA: dict[str, tuple[str, object]] = {
    "description": ("Mô tả chức năng", lambda s: bool(s.description.strip())),
    "owner_unit": ("Đơn vị chủ quản", lambda s: s.owner_unit_id is not None),
    "operating_unit": ("Đơn vị vận hành", lambda s: s.operating_unit_id is not None),
    "users": ("Nhóm và số người dùng", lambda s: bool(s.user_groups.strip()) and s.user_count is not None),
    "lifecycle_date": ("Ngày của giai đoạn vòng đời hiện tại", lambda s: s.lifecycle_date is not None),
    "criticality": ("Mức độ quan trọng", lambda s: bool(s.criticality)),
    "fit": ("Đánh giá phù hợp nghiệp vụ và kỹ thuật",
            lambda s: s.functional_fit is not None and s.technical_fit is not None),
    "hosting": ("Nơi đặt hệ thống", lambda s: bool(s.hosting)),
    "security": ("Cấp độ an toàn thông tin và quyết định phê duyệt",
                 lambda s: s.security_level is not None and bool(s.security_decision.strip())),
    "vendor": ("Nhà cung cấp, hợp đồng", lambda s: bool(s.vendor.strip())),
    "core_system": ("Hệ thống lõi phát triển từ đó (hệ thống chuyên ngành, của đơn vị)",
                    lambda s: s.category not in (Category.SECTOR, Category.UNIT) or s.core_system_id is not None),
    "projects": ("Dự án xây dựng, nâng cấp", lambda s: getattr(s, "n_projects", 0) > 0),
    "integrations": ("Kết nối, tích hợp", lambda s: getattr(s, "n_integrations", 0) > 0),
    "data": ("Dữ liệu hệ thống nắm giữ", lambda s: getattr(s, "n_holdings", 0) > 0),
    "costs": ("Chi phí vận hành, phát triển hằng năm", lambda s: getattr(s, "n_costs", 0) > 0),
}

#: The first published weighting (loaded by migration; later versions are new rows).
DEFAULT_WEIGHTS = {"description": 1, "owner_unit": 2, "operating_unit": 1, "users": 1, "lifecycle_date": 1,
                   "criticality": 1, "fit": 2, "hosting": 1, "security": 2, "vendor": 1, "core_system": 2,
                   "projects": 2, "integrations": 2, "data": 2, "costs": 2}


@dataclass(frozen=True)
class Score:
    percent: int
    missing: tuple[str, ...]  # labels of the weighted criteria not met


def score(system, weights: dict) -> Score | None:
    """The completeness of one system (None for national platforms and common software, which
    the province does not document)."""
    if system.category in SHARED_CATEGORIES:
        return None
    total = got = 0
    missing = []
    for code, weight in weights.items():
        if code not in CRITERIA or not weight:
            continue
        label, test = CRITERIA[code]
        total += weight
        if test(system):
            got += weight
        else:
            missing.append(label)
    return Score(round(got * 100 / total) if total else 100, tuple(missing))


def unit_scores(systems, weights: dict) -> dict[int, int]:
    """{owner unit id: mean score of its live systems}."""
    sums: dict[int, list[int]] = {}
    for s in systems:
        sc = score(s, weights)
        if sc is None or s.owner_unit_id is None or not s.is_alive:
            continue
        sums.setdefault(s.owner_unit_id, []).append(sc.percent)
    return {u: round(sum(v) / len(v)) for u, v in sums.items()}
