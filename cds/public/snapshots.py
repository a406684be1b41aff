"""Build a tree's publication records from the registry, under a masking policy.

:func:`build` reads the tree's publishable records in a constant number of queries (bulk
``values()`` reads, no per-record query), writes for each the fields of the data dictionary the
policy leaves unmasked — and nothing else — and computes the public page's figures from those
written records only (a masked amount or a withheld project therefore adds to no total).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils import timezone

from cds.library.models import Practice, PracticeResult, Reuse
from cds.library.models import Status as PracticeStatus
from cds.projects.models import BudgetEntry, Project, Stage, State
from cds.reviews.models import Rating, Review, ReviewStatus
from cds.systems.models import InformationSystem, Integration, Lifecycle, ProjectRole, SystemProject

from . import dictionary
from .models import Dataset, Withholding

#: States not published: a deliberation, not a decision (see the dictionary).
UNPUBLISHED_STATES = (State.PROPOSED, State.REJECTED)
FINISHED_REVIEWS = (ReviewStatus.ACCEPTED, ReviewStatus.DECIDED)
MONEY_FIELDS = ("total_estimate", "total_approved", "total_allocated", "total_disbursed", "total_settled")
#: The ledger stage each total sums: a masked total hides its stage's lines in "money_by_year" too,
#: which would otherwise add up to it.
STAGE_TOTALS = {Stage.ESTIMATE: "total_estimate", Stage.APPROVED: "total_approved",
                Stage.ALLOCATED: "total_allocated", Stage.DISBURSED: "total_disbursed", Stage.SETTLED: "total_settled"}


@dataclass
class Built:
    records: dict[str, list[dict]] = field(default_factory=dict)  # dataset -> [{key, code, last_modified, data}]
    summary: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _keep(row: dict, allowed: set[str]) -> dict:
    return {k: v for k, v in row.items() if k in allowed}


def _allowed(dataset: str, policy: dict) -> set[str]:
    return {f.name for f in dictionary.public_fields(dataset, policy.get(dataset, ()))}


def withheld_ids(root) -> set[int]:
    return set(Withholding.objects.filter(is_active=True, project__investor_unit__path__startswith=root.tree_prefix)
               .values_list("project_id", flat=True))


def _projects(root, policy: dict) -> tuple[list[dict], int]:
    allowed = _allowed(Dataset.PROJECTS, policy)
    withheld = withheld_ids(root)
    base = (Project.objects.filter(investor_unit__path__startswith=root.tree_prefix)
            .exclude(state__in=UNPUBLISHED_STATES))
    rows = list(base.exclude(pk__in=withheld).order_by("pk").values(
        "pk", "code", "name", "kind", "group", "programme__name", "investor_unit__name", "lead_unit__name",
        "start_year", "end_year", "state", "objectives", *MONEY_FIELDS, "updated_at"))
    kinds, groups, states = (dict(Project._meta.get_field(n).choices) for n in ("kind", "group", "state"))
    sources = defaultdict(list)
    for pid, name in (Project.funding_sources.through.objects.filter(project__in=base)
                      .order_by("project_id", "fundingsource__sort_order", "fundingsource__name")
                      .values_list("project_id", "fundingsource__name")):
        sources[pid].append(name)
    money = defaultdict(list)
    live = Q(voided=False, superseded_by__isnull=True)
    stages = dict(BudgetEntry._meta.get_field("stage").choices)
    shown_stages = [stage for stage, total in STAGE_TOTALS.items() if total in allowed]
    for pid, year, stage, amount in (BudgetEntry.objects.filter(live, project__in=base, stage__in=shown_stages)
                                     .values("project_id", "year", "stage").annotate(s=Sum("amount"))
                                     .order_by("project_id", "year", "stage")
                                     .values_list("project_id", "year", "stage", "s")):
        money[pid].append({"year": year, "stage": stages.get(stage, stage), "amount": int(amount or 0)})
    ratings = dict(Rating.choices)
    reviewed = {}
    for pid, rating, year in (Review.objects.filter(project__in=base, status__in=FINISHED_REVIEWS)
                              .exclude(reviewer_rating="")
                              .order_by("project_id", "campaign__period_year", "pk")
                              .values_list("project_id", "reviewer_rating", "campaign__period_year")):
        reviewed[pid] = (ratings.get(rating, rating), year)  # the latest year wins
    out = []
    for r in rows:
        pid = r["pk"]
        rating = reviewed.get(pid)
        data = {
            "code": r["code"], "name": r["name"], "kind": kinds.get(r["kind"], r["kind"]),
            "group": groups.get(r["group"], r["group"]), "programme": r["programme__name"] or "",
            "investor_unit": r["investor_unit__name"] or "", "lead_unit": r["lead_unit__name"] or "",
            "start_year": r["start_year"], "end_year": r["end_year"], "state": states.get(r["state"], r["state"]),
            "objectives": r["objectives"], "funding_sources": sources.get(pid, []),
            **{m: int(r[m] or 0) for m in MONEY_FIELDS},
            "money_by_year": money.get(pid, []),
            "effectiveness": rating[0] if rating else "", "effectiveness_year": rating[1] if rating else None,
            "last_modified": _iso(r["updated_at"]),
        }
        out.append({"key": pid, "code": r["code"], "last_modified": r["updated_at"], "data": _keep(data, allowed)})
    # Withheld projects that would otherwise be published (a withheld proposal is not counted).
    return out, (base.filter(pk__in=withheld).count() if withheld else 0)


def _systems(root, policy: dict) -> list[dict]:
    allowed = _allowed(Dataset.SYSTEMS, policy)
    # A system that a withheld project builds is withheld with it (the reason applies to both).
    built_by_withheld = SystemProject.objects.filter(project__in=withheld_ids(root), role=ProjectRole.BUILD)
    base = (InformationSystem.objects.filter(root_unit=root).exclude(lifecycle=Lifecycle.RETIRED)
            .exclude(pk__in=built_by_withheld.values("system_id")))
    rows = list(base.order_by("pk").values("pk", "code", "name", "category", "description", "owner_unit__name",
                                            "operating_unit__name", "operator", "lifecycle", "operate_on",
                                            "user_count", "hosting", "updated_at"))
    links = Counter()
    for src, dst in Integration.objects.filter(Q(source__in=base) | Q(target__in=base)).values_list("source_id",
                                                                                                  "target_id"):
        links[src] += 1
        links[dst] += 1
    cats, cycles, hostings = (dict(InformationSystem._meta.get_field(n).choices)
                              for n in ("category", "lifecycle", "hosting"))
    out = []
    for r in rows:
        data = {
            "code": r["code"], "name": r["name"], "category": cats.get(r["category"], r["category"]),
            "description": r["description"], "owner_unit": r["owner_unit__name"] or r["operator"] or "",
            "operating_unit": r["operating_unit__name"] or "", "lifecycle": cycles.get(r["lifecycle"], r["lifecycle"]),
            "operate_on": _iso(r["operate_on"]), "user_count": r["user_count"],
            "hosting": hostings.get(r["hosting"], r["hosting"] or ""), "connections": links.get(r["pk"], 0),
            "last_modified": _iso(r["updated_at"]),
        }
        out.append({"key": r["pk"], "code": r["code"], "last_modified": r["updated_at"],
                    "data": _keep(data, allowed)})
    return out


def _practices(root, policy: dict, project_codes: dict[int, str], system_codes: dict[int, str]) -> list[dict]:
    """Published library entries; their linked projects and systems only where those are
    published in the same snapshot (a withheld project's code never appears through an entry)."""
    allowed = _allowed(Dataset.LIBRARY, policy)
    base = Practice.objects.filter(root_unit=root, status=PracticeStatus.PUBLISHED)
    rows = list(base.order_by("pk").values("pk", "code", "kind", "title", "unit__name", "problem", "solution",
                                            "results_summary", "lessons", "reuse_conditions", "published_at",
                                            "updated_at"))
    m2m = {name: defaultdict(list) for name in ("projects", "systems", "capabilities", "programmes")}
    for pid, project_id in Practice.projects.through.objects.filter(practice__in=base).values_list(
            "practice_id", "project_id").order_by("project_id"):
        if project_id in project_codes:
            m2m["projects"][pid].append(project_codes[project_id])
    for pid, system_id in Practice.systems.through.objects.filter(practice__in=base).values_list(
            "practice_id", "informationsystem_id").order_by("informationsystem_id"):
        if system_id in system_codes:
            m2m["systems"][pid].append(system_codes[system_id])
    for pid, name in Practice.capabilities.through.objects.filter(practice__in=base).values_list(
            "practice_id", "capability__name").order_by("capability__sort_order", "capability__name"):
        m2m["capabilities"][pid].append(name)
    for pid, name in Practice.programmes.through.objects.filter(practice__in=base).values_list(
            "practice_id", "programme__name").order_by("programme__sort_order", "programme__name"):
        m2m["programmes"][pid].append(name)
    results = defaultdict(list)
    for r in PracticeResult.objects.filter(practice__in=base).order_by(
            "practice_id", "position", "pk").values("practice_id", "indicator_name", "measure_unit", "before",
                                                    "after"):
        results[r["practice_id"]].append({
            "indicator": r["indicator_name"], "unit": r["measure_unit"],
            "before": None if r["before"] is None else float(r["before"]),
            "after": None if r["after"] is None else float(r["after"])})
    reuses = Counter(Reuse.objects.filter(practice__in=base).values_list("practice_id", flat=True))
    kinds = dict(Practice._meta.get_field("kind").choices)
    out = []
    for r in rows:
        pid = r["pk"]
        data = {
            "code": r["code"], "title": r["title"], "kind": kinds.get(r["kind"], r["kind"]), "unit": r["unit__name"],
            "problem": r["problem"], "solution": r["solution"], "results_summary": r["results_summary"],
            "results": results.get(pid, []), "lessons": r["lessons"], "reuse_conditions": r["reuse_conditions"],
            **{name: m2m[name].get(pid, []) for name in m2m},
            "reuse_count": reuses.get(pid, 0),
            "published_at": _iso(timezone.localtime(r["published_at"]).date()) if r["published_at"] else None,
            "last_modified": _iso(r["updated_at"]),
        }
        out.append({"key": pid, "code": r["code"], "last_modified": r["updated_at"], "data": _keep(data, allowed)})
    return out


def _tally(records: list[dict], field_name: str) -> list[dict]:
    """[{label, count, approved, disbursed}] by a field, from the records that carry it (the
    amounts None when the policy masks them)."""
    groups: dict[str, dict] = {}
    for rec in records:
        d = rec["data"]
        if field_name not in d:
            return []
        g = groups.setdefault(d[field_name] or "(không ghi)", {"label": d[field_name] or "(không ghi)", "count": 0,
                                                              "approved": None, "disbursed": None})
        g["count"] += 1
        # A masked amount is not published: its sum stays None ("—"), never a misleading 0.
        for key, name in (("approved", "total_approved"), ("disbursed", "total_disbursed")):
            if name in d:
                g[key] = (g[key] or 0) + d[name]
    return sorted(groups.values(), key=lambda g: (-g["count"], g["label"]))


def summarise(built: Built) -> dict:
    """The public page's figures, computed from the written records only."""
    projects = built.records.get(Dataset.PROJECTS, [])
    datas = [r["data"] for r in projects]
    totals = {m: sum(d[m] for d in datas) for m in MONEY_FIELDS if datas and m in datas[0]}
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d in datas:
        for line in d.get("money_by_year", ()):
            by_year[line["year"]][line["stage"]] += line["amount"]
    ratings = Counter(d["effectiveness"] for d in datas if d.get("effectiveness"))
    return {
        "projects": len(projects),
        "systems": len(built.records.get(Dataset.SYSTEMS, [])),
        "library": len(built.records.get(Dataset.LIBRARY, [])),
        "totals": totals,
        "by_unit": _tally(projects, "investor_unit"),
        "by_programme": _tally(projects, "programme"),
        "by_state": _tally(projects, "state"),
        "money_by_year": [{"year": y, "stages": dict(s)} for y, s in sorted(by_year.items())],
        "effectiveness": [{"label": label, "count": ratings[label]} for label in
                          [c[1] for c in Rating.choices] if ratings.get(label)],
        "effectiveness_shown": bool(datas) and "effectiveness" in datas[0],
    }


def build(root, policy: dict) -> Built:
    """Every publishable record of ``root``'s tree under ``policy`` ({dataset: [masked field]})."""
    built = Built()
    projects, withheld = _projects(root, policy)
    systems = _systems(root, policy)
    built.records[Dataset.PROJECTS] = projects
    built.records[Dataset.SYSTEMS] = systems
    built.records[Dataset.LIBRARY] = _practices(root, policy, {r["key"]: r["code"] for r in projects},
                                                {r["key"]: r["code"] for r in systems})
    built.counts = {ds: len(rows) for ds, rows in built.records.items()} | {"withheld": withheld}
    built.summary = summarise(built)
    return built
