"""Reads for the estimate pages, scoped by the access rules and fetched in a fixed number of
queries whatever the number of lines, flags or reviews."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q

from cds.projects.permissions import scope_projects

from .models import Estimate, EstimateLine, EstimateVersion, Flag, Level, LineReview, Status
from .permissions import CHECKER_ROLES, scope_estimates


def estimate_queryset():
    return Estimate.objects.select_related(
        "project__investor_unit", "project__regime", "structure", "prepared_by", "submitted_by", "concluded_by")


def estimates_of_project(user, project):
    return scope_estimates(user, estimate_queryset().filter(project=project))


def worklist(user):
    """Estimates waiting for a check in the user's scope that they did not prepare, oldest first,
    with the number of errors and warnings of the version under check."""
    if user.role not in CHECKER_ROLES:
        return Estimate.objects.none()
    qs = scope_estimates(user, estimate_queryset().filter(status=Status.SUBMITTED))
    qs = qs.exclude(prepared_by=user).exclude(submitted_by=user).exclude(versions__created_by=user)
    # nor what they submitted in an earlier round (services.makers)
    qs = qs.exclude(pk__in=Estimate.history.filter(submitted_by=user).values("id"))
    return qs.order_by("submitted_at", "id")


def flag_counts(estimates) -> dict[int, dict[str, int]]:
    """{estimate id: {level: count}} over each estimate's current version, one query."""
    ids = [e.pk for e in estimates]
    rows = (Flag.objects.filter(version__estimate_id__in=ids)
            .values("version__estimate_id", "version__number", "level").annotate(n=Count("id")))
    current = {e.pk: e.current_version for e in estimates}
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for r in rows:
        if current.get(r["version__estimate_id"]) == r["version__number"]:
            out[r["version__estimate_id"]][r["level"]] = r["n"]
    return out


def version_of(estimate: Estimate, number=None) -> EstimateVersion | None:
    """One version with its lines, flags and reviews (the current one by default)."""
    number = number or estimate.current_version
    return (EstimateVersion.objects.filter(estimate=estimate, number=number).select_related("created_by")
            .prefetch_related(
                Prefetch("lines", queryset=EstimateLine.objects.order_by("position")),
                Prefetch("flags", queryset=Flag.objects.order_by("id")),
                Prefetch("reviews", queryset=LineReview.objects.select_related("author").order_by("created_at", "id")))
            .first())


@dataclass
class GroupView:
    group: object
    lines: list = field(default_factory=list)
    flags: list = field(default_factory=list)  # flags of the group as a whole
    amount: int = 0
    vat: int = 0
    checked: int = 0

    @property
    def total(self) -> int:
        return self.amount + self.vat

    @property
    def difference(self) -> int:
        return self.checked - self.total


def readable_projects(user, ids) -> set[int]:
    """Of the projects ``ids``, those the user may read (their names may be shown)."""
    ids = {i for i in ids if i}
    if not ids:
        return set()
    return set(scope_projects(user).filter(pk__in=ids).values_list("pk", flat=True))


def source_estimates(user, flags) -> dict[int, dict]:
    """{estimate id: {"code", "title", "project"}} for the estimates the market evidence cites that
    the user may read; the others are shown as a count only. With no user (a document that
    belongs to the project rather than to its reader) none is named."""
    if user is None:
        return {}
    ids = set()
    for f in flags:
        for s in (f.evidence or {}).get("sources", ()):
            ids.add(s.get("estimate"))
    ids.discard(None)
    if not ids:
        return {}
    # Plain values: a 2,000-line estimate's market flags cite hundreds of estimates, and whole
    # Estimate and Project rows would be most of the page's time.
    rows = scope_estimates(user, Estimate.objects.filter(pk__in=ids)).values_list(
        "pk", "title", "project__code", "project__name", "project_id")
    return {pk: {"title": title, "project": code, "project_name": name, "project_id": project_id}
            for pk, title, code, name, project_id in rows}


def version_page(user, estimate: Estimate, version: EstimateVersion, accepted: dict[int, int]) -> dict:
    """Groups in the structure's order with their lines, the flags placed on their lines and
    groups, the checker's reviews and accepted amounts."""
    groups = [GroupView(g) for g in estimate.structure.groups.all()]
    by_code = {g.group.code: g for g in groups}
    flags_by_line = defaultdict(list)
    general = []
    flags = list(version.flags.all())
    for f in flags:
        if f.line_id:
            flags_by_line[f.line_id].append(f)
        elif f.group_code in by_code:
            by_code[f.group_code].flags.append(f)
        else:
            general.append(f)
    reviews_by_line = defaultdict(list)
    general_reviews = []
    for r in version.reviews.all():
        (reviews_by_line[r.line_id] if r.line_id else general_reviews).append(r)
    for ln in version.lines.all():
        ln.flag_list = flags_by_line.get(ln.pk, [])
        ln.review_list = reviews_by_line.get(ln.pk, [])
        ln.accepted = accepted.get(ln.pk)
        view = by_code.get(ln.group_code)
        if view is None:
            continue
        view.lines.append(ln)
        view.amount += ln.amount
        view.vat += ln.vat_amount
        view.checked += accepted_total(ln, ln.accepted)
    counts = {lv: sum(1 for f in flags if f.level == lv) for lv in Level.values}
    return {"groups": groups, "general_flags": general, "general_reviews": general_reviews, "counts": counts,
            "sources": source_estimates(user, flags)}


@dataclass
class Change:
    kind: str  # "added" | "removed" | "changed"
    group_code: str
    name: str
    old: object | None = None
    new: object | None = None

    @property
    def delta(self) -> int:
        return (self.new.total if self.new else 0) - (self.old.total if self.old else 0)


def diff(old: EstimateVersion, new: EstimateVersion) -> list[Change]:
    """What moved between two versions: lines matched by group and item (the same item twice in
    a group is matched in order)."""
    def keyed(version):
        out = defaultdict(list)
        for ln in version.lines.all():
            out[(ln.group_code, ln.item_key)].append(ln)
        return out

    before, after = keyed(old), keyed(new)
    changes = []
    for key in list(after) + [k for k in before if k not in after]:
        olds, news = before.get(key, []), after.get(key, [])
        for i in range(max(len(olds), len(news))):
            o = olds[i] if i < len(olds) else None
            n = news[i] if i < len(news) else None
            if o is None:
                changes.append(Change("added", n.group_code, n.name, None, n))
            elif n is None:
                changes.append(Change("removed", o.group_code, o.name, o, None))
            elif (o.quantity, o.unit_price, o.amount, o.vat_amount, o.unit) != (
                    n.quantity, n.unit_price, n.amount, n.vat_amount, n.unit):
                changes.append(Change("changed", n.group_code, n.name, o, n))
    order = {ln.pk: i for i, ln in enumerate(new.lines.all())}
    changes.sort(key=lambda c: order.get(c.new.pk, 10**9) if c.new else 10**9)
    return changes


def standing_version(estimate: Estimate) -> int:
    """The version that stands: the one concluded on while the estimate is concluded, else the
    current one (a version added after a conclusion to adjust replaces it)."""
    concluded = estimate.status == Status.CONCLUDED and estimate.concluded_version
    return estimate.concluded_version if concluded else estimate.current_version


def open_flag_summary(estimate: Estimate) -> list[Flag]:
    """Errors and warnings on the version an estimate was concluded on (or its current one: a
    version added after a conclusion to adjust is the one that stands)."""
    number = standing_version(estimate)
    return list(Flag.objects.filter(version__estimate=estimate, version__number=number)
                .filter(Q(level=Level.ERROR) | Q(level=Level.WARNING)).select_related("line").order_by("id"))


def checked_amounts(version: EstimateVersion) -> dict[int, int]:
    """{line id: accepted amount before VAT}: the latest review of each line that set one."""
    out = {}
    for review in version.reviews.all():  # ordered by time
        if review.line_id and review.checked_amount is not None:
            out[review.line_id] = review.checked_amount
    return out


def checked_total(version: EstimateVersion) -> int:
    accepted = checked_amounts(version)
    return sum(accepted_total(ln, accepted.get(ln.pk)) for ln in version.lines.all())


def accepted_total(line, accepted: int | None) -> int:
    """A line's total with VAT after the check: as requested when nothing was set, else the
    accepted amount with the line's VAT rate."""
    if accepted is None or accepted == line.amount:
        return line.amount + line.vat_amount
    return accepted + int((Decimal(accepted) * line.vat_rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def for_dossier(project) -> Estimate | None:
    """The estimate an appraisal of ``project`` weighs: its latest one that has a version (the
    dossier's findings and report read it; the dossier is the project's, so is the estimate)."""
    return (estimate_queryset().filter(project=project, current_version__gt=0)
            .order_by("-created_at", "-id").first())


def version_total(estimate: Estimate, number) -> int:
    return (EstimateVersion.objects.filter(estimate=estimate, number=number)
            .values_list("total", flat=True).first() or 0)
