"""The checks a proposal goes through before anyone scores it: overlap with the registry, the
systems map and the other proposals of its round; reuse of a core or national system that
already offers what it asks for; the sanity of its costs (against similar past projects, the
cost per adjusted use-case point of the tree's concluded estimates, the open flags of a
carried-over task's estimate); a missing basis; a carried-over task whose project is paused
or was rated ineffective.

A check is a function ``check(ctx) -> Iterable[Found]`` registered with :func:`register`;
:func:`run` reads and returns what every check found (nothing written), :func:`refresh`
stores it as the proposal's :class:`~cds.plans.models.Finding` rows — the services call it
after every save of a proposal, inside their transaction. Only the round's own tree is read:
another province's projects, systems or prices are never compared nor named.

A duplicate between two proposals of the round is written on both (the *mirror* on the other
one): whichever of the two was saved last decides whether the pair stands, so the two sides
always agree.
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cds.core.errors import ServiceError
from cds.estimates.checks import percent
from cds.estimates.checks.market import market_tolerance
from cds.estimates.models import Conclusion, EstimateVersion
from cds.estimates.models import Level as FlagLevel
from cds.estimates.selectors import for_dossier, open_flag_summary
from cds.overlap import services as overlap_services
from cds.overlap.engine import get_index
from cds.overlap.models import explain
from cds.overlap.permissions import can_check_overlap
from cds.projects.models import Project, State
from cds.reviews.models import Decision, Rating, Review, ReviewStatus
from cds.rules.models import CheckKind, ChecklistItem
from cds.systems.models import ALIVE, Category, InformationSystem
from cds.systems.permissions import REFERENCE_CATEGORIES
from cds.text.format import format_vnd, vndate
from cds.text.matching import key_tokens, shared_terms
from cds.text.normalize import search_document

from .models import Basis, Finding, Level, Proposal, ProposalStatus

# ------------------------------------------------------------------ registry ----


@dataclass
class Found:
    """What a check found. ``other_proposal``, ``other_project`` and ``system`` are ids (the
    columns of the stored :class:`Finding`)."""

    code: str
    level: str
    message: str
    citation: str = ""
    evidence: dict = field(default_factory=dict)
    other_proposal: int | None = None
    other_project: int | None = None
    system: int | None = None
    score: float | None = None


@dataclass(frozen=True)
class Check:
    code: str
    title: str
    func: Callable


REGISTERED: list[Check] = []
#: code → what was checked (the pages list them, found or not).
CHECKS: dict[str, str] = {}


def register(code: str, title: str):
    def wrap(func):
        REGISTERED.append(Check(code, title, func))
        CHECKS[code] = title
        return func
    return wrap


# ------------------------------------------------------------------- context ----

# How many candidates the overlap engine is asked for (one more: the carried-over project itself).
SIMILAR_K = 10
# The proposals of the round compared with one proposal at most: those sharing its rarest key
# words (see Context.round_names). Keeps one check fast whatever the size of the round.
ROUND_CAP = 300
ROUND_FINDINGS_MAX = 30  # the most alike proposals named on one proposal
ROUND_TOKENS = 8   # key words of the name whose frequency in the round is counted
UCP_SOURCES = 200  # concluded estimates read for the cost per use-case point (the latest)
FLAGS_MAX = 20
ALIKE_TOTAL = 2    # a total more than this many times the median of similar projects is flagged
FALLBACK_CITATION = {
    CheckKind.OVERLAP: "NĐ 73/2019/NĐ-CP Điều 5 (không trùng lặp; kế thừa, chia sẻ hệ thống, dữ liệu)",
    CheckKind.LEGAL_BASIS: "NĐ 73/2019/NĐ-CP Điều 5 (phù hợp kế hoạch ứng dụng CNTT, chuyển đổi số được duyệt)",
    CheckKind.ESTIMATE: "TT 03/2020/TT-BTTTT Điều 5 (giá thị trường; dự toán của nhiệm vụ tương tự đã được duyệt)",
}
REUSE_CATEGORIES = (Category.NATIONAL, Category.CORE, Category.COMMON)
OWN_CATEGORIES = (Category.SECTOR, Category.UNIT)
CLOSED = (ProposalStatus.MERGED, ProposalStatus.REJECTED)
ROUND_CODE = "overlap.round"


@dataclass
class Context:
    """What the checks read, each read once: the proposal (saved), its round and tree, its costs
    and tags, the carried-over project, the overlap engine's candidates."""

    proposal: Proposal
    actor: object | None = None
    notes: list = field(default_factory=list)  # Found about checks that could not be made

    @cached_property
    def round(self):
        return self.proposal.round

    @cached_property
    def tree(self) -> str:
        return self.round.root_unit.tree_prefix

    @cached_property
    def costs(self) -> list:
        return list(self.proposal.costs.all())

    @cached_property
    def capability_ids(self) -> set[int]:
        return {c.pk for c in self.proposal.capabilities.all()}

    @cached_property
    def data_entity_ids(self) -> set[int]:
        return {e.pk for e in self.proposal.data_entities.all()}

    @cached_property
    def system_ids(self) -> set[int]:
        return {s.pk for s in self.proposal.systems.all()}

    @cached_property
    def project(self):
        """The registry project carried over (or created from the approved plan), if any."""
        return self.proposal.project if self.proposal.project_id else None

    @property
    def threshold(self) -> float:
        return overlap_services.queue_threshold()

    @cached_property
    def citations(self) -> dict[str, str]:
        """The legal text of each kind of check for the proposal's regime: the appraisal
        checklist's item of that kind (a procedure for the proposal's kind first)."""
        out: dict[str, str] = {}
        rows = (ChecklistItem.objects.filter(procedure__regime_id=self.proposal.regime_id,
                                             auto_check__in=list(FALLBACK_CITATION))
                .order_by("procedure__id", "order", "id").values_list("auto_check", "procedure__kinds", "citation"))
        kind = self.proposal.kind
        for auto, _kinds, citation in sorted(rows, key=lambda r: kind not in (r[1] or "")):
            out.setdefault(auto, citation.strip())
        return {k: out.get(k) or v for k, v in FALLBACK_CITATION.items()}

    def cite(self, kind: str) -> str:
        return self.citations[kind][:300]

    # ------------------------------------------------------ overlap engine ----
    @cached_property
    def candidates(self) -> list:
        """The overlap engine's candidates in the round's tree (projects and systems of the map),
        the carried-over project left out. A note explains when none could be looked for."""
        p = self.proposal
        if self.actor is None or not can_check_overlap(self.actor):
            self.notes.append(Found("overlap.project", Level.INFO,
                                    "Chưa đối chiếu được với danh mục nhiệm vụ/dự án và bản đồ hệ thống: người lưu "
                                    "đề xuất không có quyền kiểm tra trùng lặp. Lưu lại đề xuất để kiểm tra."))
            return []
        if overlap_services.index_building():
            self.notes.append(Found("overlap.project", Level.INFO,
                                    f"{overlap_services.BUILDING_NOTE} Chưa đối chiếu được với danh mục và bản đồ hệ "
                                    "thống; lưu lại đề xuất sau ít phút để kiểm tra."))
            return []
        description = f"{p.objectives} {p.problem}".strip()[:overlap_services.DESCRIPTION_MAX]
        try:
            found = overlap_services.check(
                self.actor, p.name, description, capabilities=sorted(self.capability_ids),
                data_entities=sorted(self.data_entity_ids), unit_id=p.unit_id, years=(p.start_year, p.end_year),
                k=SIMILAR_K + 1, within=(self.tree,))
        except (ServiceError, PermissionDenied) as exc:
            self.notes.append(Found("overlap.project", Level.INFO,
                                    f"Chưa đối chiếu được với danh mục nhiệm vụ/dự án: {exc}"))
            return []
        return [c for c in found if not (c.kind == "project" and c.id == p.project_id)][:SIMILAR_K]

    @cached_property
    def similar_projects(self) -> dict[int, Project]:
        """The candidate projects, read once (state, unit, totals)."""
        ids = [c.id for c in self.candidates if c.kind == "project"]
        if not ids:
            return {}
        return {p.pk: p for p in Project.objects.filter(pk__in=ids).select_related("investor_unit")
                .only("code", "name", "state", "total_approved", "total_estimate", "investor_unit__name",
                      "investor_unit__short_name")}

    # --------------------------------------------------- round's proposals ----
    def _round_queryset(self):
        return (Proposal.objects.filter(round_id=self.proposal.round_id).exclude(pk=self.proposal.pk)
                .exclude(status__in=CLOSED).order_by())

    @cached_property
    def round_names(self) -> list[dict]:
        """The other live proposals of the round that may be alike: all of a small round; in a
        large one those whose ``search_text`` holds the name's rarest key words in the round
        (counted in one query), at most ROUND_CAP."""
        words = set(search_document(self.proposal.name).split())
        tokens = list(dict.fromkeys(t for t in key_tokens(self.proposal.name) if t in words))[:ROUND_TOKENS]
        if not tokens:
            return []
        qs = self._round_queryset()
        counts = qs.aggregate(_all=Count("pk"), **{f"t{i}": Count("pk", filter=Q(search_text__contains=f" {t} "))
                                                   for i, t in enumerate(tokens)})
        if counts["_all"] > ROUND_CAP:
            ranked = sorted((counts[f"t{i}"], t) for i, t in enumerate(tokens) if counts[f"t{i}"])
            if not ranked:
                return []
            chosen, total = [], 0
            for n, t in ranked:
                if chosen and total + n > ROUND_CAP:
                    break
                chosen.append(t)
                total += n
            if total > ROUND_CAP and len(ranked) > 1:
                # even the rarest word is common: ask for the two rarest together
                where = Q(search_text__contains=f" {ranked[0][1]} ") & Q(search_text__contains=f" {ranked[1][1]} ")
            else:
                where = Q()
                for t in chosen:
                    where |= Q(search_text__contains=f" {t} ")
            qs = qs.filter(where).order_by("-pk")[:ROUND_CAP]
        return list(qs.values("pk", "code", "name", "unit_id", "unit__name", "unit__short_name", "status"))


def unit_label(name: str, short_name: str = "") -> str:
    return short_name or name


# -------------------------------------------------------------- overlap ----

@register("overlap.project", "Trùng lặp với nhiệm vụ/dự án trong danh mục")
def similar_projects(ctx: Context):
    threshold = ctx.threshold
    for c in ctx.candidates:
        if c.kind != "project" or c.score < threshold:
            continue
        project = ctx.similar_projects.get(c.id)
        if project is None:
            continue
        unit = project.investor_unit
        yield Found("overlap.project", Level.WARNING,
                    f"Trùng với nhiệm vụ/dự án {project.code} “{project.name}” của "
                    f"{unit_label(unit.name, unit.short_name)} ({project.get_state_display().lower()}), tương đồng "
                    f"{c.percent}%: {c.explanation}.",
                    ctx.cite(CheckKind.OVERLAP),
                    {"project": project.code, "name": project.name, "unit": unit.name,
                     "state": project.get_state_display(), "score": c.score, "percent": c.percent, "terms": c.terms,
                     "signals": c.signals, "explanation": c.explanation},
                    other_project=project.pk, score=c.score)
    yield from ctx.notes


@register("overlap.system", "Trùng lặp với hệ thống đang có của tỉnh/bộ")
def similar_systems(ctx: Context):
    threshold = ctx.threshold
    for c in ctx.candidates:
        if c.kind != "system" or c.category not in OWN_CATEGORIES or c.score < threshold or c.id in ctx.system_ids:
            continue
        yield Found("overlap.system", Level.WARNING,
                    f"Trùng với hệ thống đang có {c.code} “{c.name}”"
                    f"{f' của {c.unit}' if c.unit else ''} ({c.category_label.lower()}), tương đồng {c.percent}%: "
                    f"{c.explanation}. Nếu đề xuất nâng cấp, mở rộng hệ thống này, hãy khai báo trong mục hệ thống "
                    "sử dụng, kế thừa.",
                    ctx.cite(CheckKind.OVERLAP),
                    {"system": c.code, "name": c.name, "unit": c.unit, "category": c.category_label, "score": c.score,
                     "percent": c.percent, "terms": c.terms, "explanation": c.explanation},
                    system=c.id, score=c.score)


def covered_systems(declared: set[int], ids: set[int]) -> set[int]:
    """Of ``ids``, those the declared systems already stand for: the declared ones, the core
    systems they derive from, and a catalogue reference type (no tree: "the document system of a
    province") that a declared system — or another system among ``ids`` of the tree — shares a
    capability with: the province's own instance is the one to reuse, and is reported itself."""
    if not ids:
        return set()
    covered = set(declared)
    rows = {s.pk: s for s in InformationSystem.objects.filter(pk__in=ids | declared).only(
        "pk", "root_unit_id", "category", "core_system_id")}
    covered |= {rows[d].core_system_id for d in declared if d in rows and rows[d].core_system_id}
    caps: dict[int, set[int]] = defaultdict(set)
    for sid, cap in InformationSystem.capabilities.through.objects.filter(
            informationsystem_id__in=ids | declared).values_list("informationsystem_id", "capability_id"):
        caps[sid].add(cap)
    own = {sid for sid, r in rows.items() if r.root_unit_id is not None and (sid in declared or sid in ids)}
    for sid in ids:
        r = rows.get(sid)
        if r is not None and r.root_unit_id is None and r.category in REFERENCE_CATEGORIES:
            if any(caps[sid] & caps[o] for o in own if o != sid):
                covered.add(sid)
    return covered


@register("reuse.core", "Hệ thống lõi, nền tảng dùng chung đã cung cấp chức năng")
def core_systems(ctx: Context):
    """A national platform, a core system of the tree or a common software product that is
    like the proposal by its text, or offers one of the capabilities it lists — unless the
    proposal declares it among the systems it builds on."""
    threshold = ctx.threshold
    by_text = {c.id: c for c in ctx.candidates
               if c.kind == "system" and c.category in REUSE_CATEGORIES and c.score >= threshold}
    offers: dict[int, list[str]] = defaultdict(list)
    if ctx.capability_ids:
        through = InformationSystem.capabilities.through
        for sid, name in (through.objects.filter(
                capability_id__in=ctx.capability_ids, informationsystem__category__in=REUSE_CATEGORIES,
                informationsystem__lifecycle__in=ALIVE)
                .filter(Q(informationsystem__root_unit__isnull=True)
                        | Q(informationsystem__root_unit__path__startswith=ctx.tree))
                .order_by("capability__name").values_list("informationsystem_id", "capability__name")):
            offers[sid].append(name)
    ids = (set(by_text) | set(offers)) - covered_systems(ctx.system_ids, ids=set(by_text) | set(offers))
    if not ids:
        return
    systems = (InformationSystem.objects.filter(pk__in=ids).select_related("owner_unit")
               .only("code", "name", "category", "operator", "owner_unit__name", "owner_unit__short_name"))
    for s in sorted(systems, key=lambda s: (-(by_text[s.pk].score if s.pk in by_text else 0), s.code)):
        c = by_text.get(s.pk)
        owner = unit_label(s.owner_unit.name, s.owner_unit.short_name) if s.owner_unit_id else s.operator
        why = []
        if offers.get(s.pk):
            why.append(f"cung cấp {', '.join(offers[s.pk])}")
        if c is not None:
            why.append(f"tương đồng {c.percent}%: {c.explanation}")
        yield Found("reuse.core", Level.WARNING,
                    f"Đã có {s.get_category_display().lower()} {s.code} “{s.name}”"
                    f"{f' ({owner})' if owner else ''} cung cấp chức năng này — {'; '.join(why)}. Cân nhắc kế thừa, "
                    "dùng chung thay vì xây dựng mới; nếu đề xuất dựa trên hệ thống này, hãy khai báo trong mục hệ "
                    "thống sử dụng, kế thừa.",
                    ctx.cite(CheckKind.OVERLAP),
                    {"system": s.code, "name": s.name, "category": s.get_category_display(), "owner": owner,
                     "capabilities": offers.get(s.pk, []), "score": c.score if c else None,
                     "terms": c.terms if c else []},
                    system=s.pk, score=c.score if c else None)


@register(ROUND_CODE, "Trùng lặp với đề xuất khác trong đợt")
def round_duplicates(ctx: Context):
    p = ctx.proposal
    if p.status in CLOSED:
        return
    rows = ctx.round_names
    if not rows:
        return
    threshold = ctx.threshold
    # Scored with the registry's vocabulary and term weights (the overlap index's): weights learnt
    # from these few names alone — all sharing the name's rarest words — would make those words
    # worthless and miss most duplicates.
    index = get_index()
    scores = index.text_scores(p.name, [r["name"] for r in rows])
    if scores is None:
        yield Found(ROUND_CODE, Level.INFO,
                    f"{overlap_services.BUILDING_NOTE} Chưa so được với các đề xuất khác trong đợt; lưu lại đề xuất "
                    "sau ít phút để kiểm tra.")
        return
    idf = index.idf or None
    alike = sorted(((r, float(s)) for r, s in zip(rows, scores) if s >= threshold),
                   key=lambda x: (-x[1], x[0]["pk"]))
    for r, score in alike[:ROUND_FINDINGS_MAX]:
        yield round_finding(ctx.cite(CheckKind.OVERLAP), r["unit_id"] == p.unit_id, r, score,
                            shared_terms(p.name, r["name"], idf))


def round_finding(citation: str, same_unit: bool, other: dict, score: float, terms: list[str]) -> Found:
    """The finding about the alike proposal ``other`` (a dict of its values): a warning when it is
    another unit's, a note when the unit proposes the same thing twice."""
    unit = unit_label(other["unit__name"], other["unit__short_name"])
    percent_ = round(score * 100)
    return Found(ROUND_CODE, Level.INFO if same_unit else Level.WARNING,
                 f"Trùng với đề xuất {other['code']} “{other['name']}” của "
                 f"{'cùng đơn vị' if same_unit else unit} trong đợt, tương đồng {percent_}%: {explain(terms, [])}."
                 + ("" if same_unit else " Hai đơn vị cần phối hợp, hoặc cơ quan tổng hợp gộp thành một nhiệm vụ."),
                 citation,
                 {"proposal": other["code"], "name": other["name"], "unit": other["unit__name"],
                  "same_unit": same_unit, "score": round(score, 4), "percent": percent_, "terms": terms},
                 other_proposal=other["pk"], score=round(score, 4))


# ------------------------------------------------------------- estimates ----

@register("estimate.total", "Tổng kinh phí so với nhiệm vụ/dự án tương tự")
def total_against_similar(ctx: Context):
    mine = ctx.proposal.total
    if not mine:
        return
    scores = {c.id: c.score for c in ctx.candidates if c.kind == "project"}
    sources = []
    for project in ctx.similar_projects.values():
        amount, kind = ((project.total_approved, "approved") if project.total_approved > 0
                        else (project.total_estimate, "estimate"))
        if amount > 0:
            sources.append({"project": project.code, "name": project.name, "amount": amount, "kind": kind,
                            "score": scores.get(project.pk)})
    if not sources:
        return
    median = round(statistics.median(s["amount"] for s in sources))
    high = median and mine > median * ALIKE_TOTAL
    ratio = Decimal(mine) / Decimal(median) if median else None
    yield Found("estimate.total", Level.WARNING if high else Level.INFO,
                f"Tổng kinh phí đề xuất {format_vnd(mine)} đồng"
                + (f", gấp {_times(ratio)} lần" if high else ";")
                + f" trung vị {format_vnd(median)} đồng của {len(sources)} nhiệm vụ/dự án tương tự trong danh mục "
                f"(tổng mức/dự toán được duyệt, hoặc dự toán khi chưa duyệt).",
                ctx.cite(CheckKind.ESTIMATE),
                {"mine": mine, "median": median, "count": len(sources), "sources": sources})


def _times(ratio: Decimal) -> str:
    """3 → "3", 2.46 → "2,5"."""
    return f"{ratio.quantize(Decimal('0.1')):f}".rstrip("0").rstrip(".").replace(".", ",")


@register("estimate.ucp", "Chi phí phần mềm trên một điểm trường hợp sử dụng")
def cost_per_point(ctx: Context):
    p = ctx.proposal
    if not p.ucp_points or not p.software_cost:
        return
    mine = float(p.software_cost) / float(p.ucp_points)
    rows = (EstimateVersion.objects
            .filter(estimate__conclusion=Conclusion.SUITABLE, number=F("estimate__concluded_version"),
                    estimate__project__investor_unit__path__startswith=ctx.tree)
            .exclude(ucp={}).order_by("-estimate__concluded_at", "-pk")
            .values_list("estimate_id", "estimate__project__code", "ucp")[:UCP_SOURCES])
    if p.project_id:
        rows = rows.exclude(estimate__project_id=p.project_id)
    points = []
    for estimate_id, code, ucp in rows:
        if ucp.get("aucp") and ucp.get("total"):
            points.append({"estimate": estimate_id, "project": code, "per_point": round(ucp["total"] / ucp["aucp"])})
    if not points:
        return
    median = statistics.median(s["per_point"] for s in points)
    tolerance = market_tolerance()
    high = mine > median * float(1 + tolerance)
    evidence = {"mine": round(mine), "median": round(median), "count": len(points), "tolerance": float(tolerance),
                "ucp_points": str(p.ucp_points), "software_cost": p.software_cost, "sources": points[:20]}
    share = (Decimal(str(mine)) - Decimal(str(median))) * 100 / Decimal(str(median)) if median else Decimal(0)
    yield Found("estimate.ucp", Level.WARNING if high else Level.INFO,
                f"Chi phí phần mềm {format_vnd(round(mine))} đồng cho một điểm trường hợp sử dụng đã điều chỉnh"
                + (f", cao hơn {percent(share)} so với" if high else ";")
                + f" trung vị {format_vnd(round(median))} đồng của {len(points)} dự toán đã được kết luận phù hợp "
                "trong tỉnh/bộ.",
                ctx.cite(CheckKind.ESTIMATE), evidence)


@register("estimate.flags", "Cảnh báo còn mở trong dự toán của nhiệm vụ chuyển tiếp")
def estimate_flags(ctx: Context):
    project = ctx.project
    if project is None or ctx.proposal.basis != Basis.CARRIED:
        return
    estimate = for_dossier(project)
    if estimate is None:
        return
    for flag in open_flag_summary(estimate)[:FLAGS_MAX]:
        line = f" (khoản mục “{flag.line.name}”)" if flag.line_id else ""
        yield Found("estimate.flags", Level.WARNING,
                    f"Dự toán “{estimate.title}” của {project.code}{line}: {flag.message}",
                    flag.citation[:300] or ctx.cite(CheckKind.ESTIMATE),
                    {"estimate": estimate.pk, "title": estimate.title, "rule": flag.rule, "flag": flag.pk,
                     "flag_level": FlagLevel(flag.level).label, "line": flag.line.name if flag.line_id else "",
                     **{k: v for k, v in flag.evidence.items() if k not in ("estimate", "rule", "flag", "line")}},
                    other_project=project.pk)


@register("estimate.costs", "Kinh phí theo năm, nguồn vốn")
def costs(ctx: Context):
    p, r = ctx.proposal, ctx.round
    lines = ctx.costs
    total = sum(c.amount for c in lines)
    if not lines or not total:
        yield Found("estimate.costs", Level.WARNING,
                    "Chưa nêu kinh phí đề xuất theo năm và nguồn vốn (tổng kinh phí bằng 0).",
                    ctx.cite(CheckKind.ESTIMATE), {"lines": len(lines), "total": total})
        return
    outside_round = sorted({c.year for c in lines if not r.year_from <= c.year <= r.year_to})
    if outside_round:
        yield Found("estimate.costs", Level.WARNING,
                    f"Kinh phí năm {', '.join(map(str, outside_round))} nằm ngoài thời kỳ của kế hoạch "
                    f"({r.period_label}).", ctx.cite(CheckKind.ESTIMATE),
                    {"years": outside_round, "round": [r.year_from, r.year_to]})
    outside_task = sorted({c.year for c in lines if not p.start_year <= c.year <= p.end_year})
    if outside_task:
        yield Found("estimate.costs", Level.WARNING,
                    f"Kinh phí năm {', '.join(map(str, outside_task))} nằm ngoài thời gian thực hiện nhiệm vụ "
                    f"({p.start_year}–{p.end_year}).", ctx.cite(CheckKind.ESTIMATE),
                    {"years": outside_task, "task": [p.start_year, p.end_year]})
    if p.total and total != p.total:
        yield Found("estimate.costs", Level.WARNING,
                    f"Tổng kinh phí {format_vnd(p.total)} đồng khác tổng các dòng kinh phí theo năm, nguồn vốn "
                    f"{format_vnd(total)} đồng.", ctx.cite(CheckKind.ESTIMATE), {"total": p.total, "lines": total})


# ------------------------------------------------------- basis, carried ----

@register("basis.missing", "Căn cứ đề xuất, vấn đề cần giải quyết")
def basis(ctx: Context):
    p = ctx.proposal
    if not p.legal_basis.strip() and not p.programme_id:
        yield Found("basis.missing", Level.WARNING,
                    "Chưa nêu căn cứ đề xuất: văn bản chỉ đạo, chương trình, đề án hoặc kế hoạch mà nhiệm vụ thực "
                    "hiện.", ctx.cite(CheckKind.LEGAL_BASIS), {"legal_basis": "", "programme": None})
    if not p.problem.strip():
        yield Found("basis.missing", Level.INFO,
                    "Chưa nêu vấn đề cần giải quyết (hiện trạng, sự cần thiết của nhiệm vụ).",
                    ctx.cite(CheckKind.LEGAL_BASIS), {"problem": ""})


STOPPED_STATES = (State.PAUSED, State.STOPPED)
POOR_RATINGS = (Rating.INEFFECTIVE, Rating.NOT_YET)
HALT_DECISIONS = (Decision.PAUSE, Decision.STOP)


@register("carried.paused", "Nhiệm vụ chuyển tiếp đang tạm dừng, dừng hoặc đánh giá chưa hiệu quả")
def carried_paused(ctx: Context):
    project = ctx.project
    if project is None or ctx.proposal.basis != Basis.CARRIED:
        return
    if project.state in STOPPED_STATES:
        yield Found("carried.paused", Level.WARNING,
                    f"Nhiệm vụ/dự án {project.code} đang ở trạng thái “{project.get_state_display()}” (từ ngày "
                    f"{vndate(timezone.localdate(project.state_changed_at))}); đề xuất bố trí kinh phí chuyển tiếp cần nêu "
                    "rõ lý do tiếp tục.", "",
                    {"project": project.code, "state": project.get_state_display(),
                     "since": timezone.localdate(project.state_changed_at).isoformat()},
                    other_project=project.pk)
    review = (Review.objects.filter(project=project, status__in=(ReviewStatus.ACCEPTED, ReviewStatus.DECIDED))
              .exclude(reviewer_rating="", decision="").select_related("campaign")
              .order_by("-campaign__period_year", "-reviewed_at", "-pk").first())
    if review is None or not (review.reviewer_rating in POOR_RATINGS or review.decision in HALT_DECISIONS):
        return
    parts = []
    if review.reviewer_rating:
        parts.append(f"được thẩm tra đánh giá “{review.get_reviewer_rating_display()}”")
    if review.decision:
        number = f" (văn bản số {review.decision_number}" + (
            f" ngày {vndate(review.decision_date)})" if review.decision_date else ")") if review.decision_number else ""
        parts.append(f"có quyết định “{review.get_decision_display()}”{number}")
    campaign = review.campaign
    yield Found("carried.paused", Level.WARNING,
                f"Nhiệm vụ/dự án {project.code} {' và '.join(parts)} trong đợt đánh giá “{campaign.name}” năm "
                f"{campaign.period_year}.",
                "",
                {"project": project.code, "review": review.pk, "campaign": campaign.name,
                 "year": campaign.period_year, "rating": review.get_reviewer_rating_display() if review.reviewer_rating
                 else "", "decision": review.get_decision_display() if review.decision else "",
                 "decision_number": review.decision_number,
                 "decision_date": review.decision_date.isoformat() if review.decision_date else "",
                 "comment": review.reviewer_comment[:500]},
                other_project=project.pk)


# ------------------------------------------------------------ run, store ----

def run(proposal: Proposal, actor=None) -> list[Found]:
    """Every check on a saved proposal; reads only."""
    ctx = Context(proposal, actor)
    out: list[Found] = []
    for check in REGISTERED:
        out.extend(check.func(ctx))
    return out


def _row(proposal_id: int, f: Found, now) -> Finding:
    return Finding(proposal_id=proposal_id, code=f.code, level=f.level, message=f.message,
                   citation=f.citation[:300], evidence=f.evidence, other_proposal_id=f.other_proposal,
                   other_project_id=f.other_project, system_id=f.system, score=f.score, created_at=now)


def _mirror(proposal: Proposal, f: Found) -> Found:
    """The finding on the other proposal of a round duplicate, about ``proposal``."""
    this = {"pk": proposal.pk, "code": proposal.code, "name": proposal.name, "unit__name": proposal.unit.name,
            "unit__short_name": proposal.unit.short_name}
    return round_finding(f.citation, f.evidence["same_unit"], this, f.score or 0.0, f.evidence.get("terms", []))


def _recount(ids) -> None:
    """Store the number of warnings of these proposals (queryset update: neither their history
    nor their version moves)."""
    warnings = (Finding.objects.filter(proposal=OuterRef("pk"), level=Level.WARNING).order_by()
                .values("proposal").annotate(n=Count("pk")).values("n"))
    Proposal.objects.filter(pk__in=list(ids)).update(warnings=Coalesce(Subquery(warnings), 0))


@transaction.atomic
def refresh(proposal: Proposal, actor=None) -> list[Finding]:
    """Run the checks and store what they found as the proposal's findings (the old ones
    replaced), with the mirrors of its round duplicates on the other proposals; the number of
    warnings and the time of the check are stored on the proposal."""
    found = run(proposal, actor)
    now = timezone.now()
    Finding.objects.filter(proposal=proposal).delete()
    touched = set(Finding.objects.filter(other_proposal=proposal, code=ROUND_CODE)
                  .values_list("proposal_id", flat=True))
    Finding.objects.filter(other_proposal=proposal, code=ROUND_CODE).delete()
    own = [_row(proposal.pk, f, now) for f in found]
    mirrors = [_row(f.other_proposal, _mirror(proposal, f), now) for f in found
               if f.code == ROUND_CODE and f.other_proposal]
    Finding.objects.bulk_create(own + mirrors)
    touched |= {m.proposal_id for m in mirrors}
    _recount([proposal.pk, *touched])
    Proposal.objects.filter(pk=proposal.pk).update(checked_at=now)
    proposal.warnings = sum(1 for f in found if f.level == Level.WARNING)
    proposal.checked_at = now
    return own


@transaction.atomic
def forget(proposal: Proposal) -> None:
    """A proposal merged into another or rejected is no longer anyone's duplicate: the mirrors
    on the other proposals go. Its own findings stay as they were when it was decided (the
    record of why it was merged)."""
    touched = set(Finding.objects.filter(other_proposal=proposal, code=ROUND_CODE)
                  .values_list("proposal_id", flat=True))
    Finding.objects.filter(other_proposal=proposal, code=ROUND_CODE).delete()
    _recount([proposal.pk, *touched])
    proposal.warnings = Proposal.objects.filter(pk=proposal.pk).values_list("warnings", flat=True).first() or 0
