"""Automatic findings shown beside the appraisal checklist: what the system already knows that
the appraiser should weigh. Each checklist item names the kind of finding it wants
(``ChecklistItem.auto_check``); a finding never decides anything — the appraiser does.

Providers are listed per kind in :data:`PROVIDERS`. The estimate's findings come from the
estimates app (the checker's conclusion on the project's estimate, its open flags with their
citations), which sits below appraisal and knows nothing of dossiers.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Callable

from cds.estimates import selectors as estimate_selectors
from cds.overlap import selectors as overlap_selectors
from cds.overlap import services as overlap_services
from cds.overlap.permissions import can_check_overlap, naming_trees
from cds.rules.models import CheckKind
from cds.text.format import format_vnd, vndate
from cds.text.normalize import fold


@dataclass
class Finding:
    check: str
    level: str  # "warning" | "info" | "ok"
    text: str
    link: str = ""
    detail: str = ""  # why (shown on hover and in the report)

    def as_dict(self) -> dict:
        return asdict(self)


# ------------------------------------------------------------------ legal basis

def legal_basis(user, dossier) -> list[Finding]:
    project = dossier.project
    docs = [d for d in project.documents.all() if d.is_legal_basis and not d.is_removed]
    out = []
    if not docs:
        out.append(Finding("legal_basis", "warning", "Nhiệm vụ/dự án chưa có văn bản căn cứ pháp lý nào trong hệ thống."))
    else:
        listed = "; ".join(str(d) for d in docs[:5])
        out.append(Finding("legal_basis", "ok", f"Căn cứ đã ghi nhận ({len(docs)}): {listed}."))
    if project.programme_id is None:
        out.append(Finding("legal_basis", "warning",
                           "Chưa gắn với chương trình, kế hoạch ứng dụng CNTT/chuyển đổi số nào."))
    else:
        out.append(Finding("legal_basis", "ok", f"Thuộc: {project.programme}."))
    if dossier.procedure.regime_id != project.regime_id:
        out.append(Finding("legal_basis", "warning", "Thủ tục của hồ sơ không thuộc chế độ pháp lý của dự án."))
    return out


# ---------------------------------------------------------------------- overlap

def overlap(user, dossier) -> list[Finding]:
    """Decided pairs and similar systems of the dossier's project. The dossier, its findings
    snapshot and its report belong to the project's tree: they name projects of that tree and
    systems of no tree only, whoever reads or concludes (a national appraiser included)."""
    project = dossier.project
    within = (project.investor_unit.tree_prefix,)
    out = []
    for pair in overlap_selectors.flags(project, naming_trees(user, within)):
        label = "trùng lặp với" if pair.status == "duplicate" else "liên quan đến"
        if pair.other_hidden:
            text = f"Đã kết luận {label} một nhiệm vụ/dự án của tỉnh, bộ khác."
        else:
            other = pair.other_side
            text = f"Đã kết luận {label}: {getattr(other, 'code', '')} {other.name}. {pair.reason}".strip()
        out.append(Finding("overlap", "warning" if pair.status == "duplicate" else "info", text))
    if can_check_overlap(user):
        seen = {f.text for f in out}
        for c in overlap_selectors.with_links(user, overlap_services.check(
                user, project.name, f"{project.objectives} {project.scope}", project=project, k=3, within=within)):
            text = f"{c.code} {c.name} ({c.unit}) — giống {c.percent}%".strip()
            if any(c.name in s for s in seen):
                continue
            level = "warning" if c.kind == "system" or c.running or c.score >= 0.5 else "info"
            out.append(Finding("overlap", level, text, _candidate_link(c), c.explanation))
    if not out:
        out.append(Finding("overlap", "ok", "Không thấy hệ thống, dự án hay nền tảng tương tự."))
    return out


def _candidate_link(c) -> str:
    return c.url if c.can_open else ""


# ----------------------------------------------------------------- architecture

CONNECT = re.compile(r"\b(lgsp|ndxp|truc lien thong|ket noi|lien thong|chia se du lieu|tich hop)\b")
CORE = re.compile(r"\b(nen tang|dung chung|he thong loi|trung tam du lieu|dien toan dam may|cloud)\b")


def architecture(user, dossier) -> list[Finding]:
    project = dossier.project
    text = fold(" ".join([project.name, project.objectives, project.scope, dossier.title]))
    out = []
    entities = [e.name for e in project.data_entities.all()]
    if CONNECT.search(text):
        out.append(Finding("architecture", "ok", "Hồ sơ có nêu kết nối, liên thông, chia sẻ dữ liệu."))
    elif entities:
        out.append(Finding("architecture", "warning",
                           f"Dự án có dữ liệu ({', '.join(entities[:4])}) nhưng chưa nêu kết nối qua LGSP/NDXP "
                           "hoặc chia sẻ với cơ sở dữ liệu quốc gia."))
    else:
        out.append(Finding("architecture", "info", "Chưa nêu phương án kết nối, chia sẻ dữ liệu (LGSP, NDXP)."))
    if CORE.search(text):
        out.append(Finding("architecture", "ok", "Hồ sơ có nêu xây dựng trên nền tảng, hạ tầng dùng chung."))
    else:
        out.append(Finding("architecture", "info",
                           "Chưa nêu việc xây dựng trên nền tảng dùng chung, trung tâm dữ liệu/điện toán đám mây "
                           "của tỉnh (NĐ 224/2026 Điều 23: ưu tiên đám mây, nền tảng dùng chung)."))
    return out


# --------------------------------------------------------------------- estimate

def estimate(user, dossier) -> list[Finding]:

    project = dossier.project
    out = []
    if project.total_estimate and dossier.amount != project.total_estimate:
        diff = dossier.amount - project.total_estimate
        share = abs(diff) / project.total_estimate
        if share > 0.1:
            out.append(Finding("estimate", "warning",
                               f"Kinh phí đề nghị {format_vnd(dossier.amount)} đồng chênh {share:.0%} so với dự toán "
                               f"đã ghi sổ {format_vnd(project.total_estimate)} đồng.".replace(".0%", "%")))
    return out


MAX_FLAGS = 10


def _estimate_link(estimate) -> str:
    from django.urls import reverse

    return reverse("estimates:detail", args=[estimate.pk])


def estimate_checks(user, dossier) -> list[Finding]:
    """The project's estimate as its checker left it: the conclusion (requested, checked,
    difference) or where it stands, and the errors and warnings of the checked version."""
    estimate = estimate_selectors.for_dossier(dossier.project)
    if estimate is None:
        return [Finding("estimate", "warning",
                        "Chưa có dự toán chi tiết trong hệ thống: chưa kiểm tra được định mức, đơn giá và giá thị "
                        "trường; đơn vị chủ đầu tư nhập bảng dự toán để được kiểm tra.")]
    link = _estimate_link(estimate)
    version = estimate_selectors.standing_version(estimate)
    head = f"Dự toán “{estimate.title}”, phiên bản {version}"
    out = []
    total = estimate_selectors.version_total(estimate, version)
    if estimate.status == "concluded" and estimate.conclusion:
        checked = estimate.checked_total if estimate.checked_total is not None else total
        level = "ok" if estimate.conclusion == "suitable" else "warning"
        who = estimate.concluded_by.get_full_name() if estimate.concluded_by else ""
        out.append(Finding("estimate", level,
                           f"{head}: {estimate.get_conclusion_display().lower()} (kiểm tra: {who}, "
                           f"{vndate(estimate.concluded_at)}). Đề nghị {format_vnd(total)} đồng, sau kiểm tra "
                           f"{format_vnd(checked)} đồng, chênh lệch {format_vnd(checked - total)} đồng.",
                           link, estimate.conclusion_text[:500]))
    else:
        out.append(Finding("estimate", "info", f"{head}: {estimate.get_status_display().lower()}; chưa có kết luận "
                                               f"kiểm tra dự toán của người kiểm tra độc lập.", link))
    if total and dossier.amount and abs(dossier.amount - total) * 100 > total:
        out.append(Finding("estimate", "warning",
                           f"Kinh phí đề nghị thẩm định {format_vnd(dossier.amount)} đồng khác tổng dự toán "
                           f"{format_vnd(total)} đồng.", link))
    flags = estimate_selectors.open_flag_summary(estimate)
    for flag in flags[:MAX_FLAGS]:
        where = f"“{flag.line.name}”: " if flag.line_id else ""
        out.append(Finding("estimate", "warning" if flag.level == "error" else "info",
                           f"{where}{flag.message}", link, flag.citation))
    if len(flags) > MAX_FLAGS:
        out.append(Finding("estimate", "info", f"Và {len(flags) - MAX_FLAGS} cảnh báo dự toán khác.", link))
    if not flags and estimate.current_version:
        out.append(Finding("estimate", "ok", "Kiểm tra tự động không phát hiện sai sót số học, vượt định mức "
                                             "hay đơn giá cao bất thường.", link))
    return out


PROVIDERS: dict[str, list[Callable]] = {
    CheckKind.LEGAL_BASIS: [legal_basis],
    CheckKind.OVERLAP: [overlap],
    CheckKind.ARCHITECTURE: [architecture],
    CheckKind.ESTIMATE: [estimate, estimate_checks],
}


def prefetch_project(dossier) -> None:
    """Load what the providers read in a fixed number of queries."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([dossier.project], "documents", "data_entities")


def findings(user, dossier) -> dict[str, list[Finding]]:
    """{check kind: findings} for the kinds the dossier's checklist asks for."""
    prefetch_project(dossier)
    wanted = {i.auto_check for i in dossier.procedure.checklist.all() if i.auto_check}
    return {kind: [f for provider in PROVIDERS.get(kind, ()) for f in provider(user, dossier)] for kind in wanted}


def flat(found: dict[str, list[Finding]]) -> list[dict]:
    return [f.as_dict() for kind in sorted(found) for f in found[kind]]

