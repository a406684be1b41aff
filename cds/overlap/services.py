"""Writes and checks of the overlap capability: checking a proposal, recording candidate pairs
(on every project save and by the daily scan), and the CĐS authority's decisions."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cds.audit.services import record_event
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.core.validation import BadInput, check_text, sentence
from cds.projects.models import Project
from cds.text.matching import DEFAULT_THRESHOLD, shared_terms

from .engine import MAX_BONUS, SIGNAL_FLOOR, Candidate, build_index_files, get_index, sum_bonus, tree_of
from .events import SYSTEM_LABEL
from .models import OverlapPair, PairStatus
from .permissions import (
    can_check_overlap,
    can_decide_overlap,
    may_name,
    naming_trees,
    scope_overlap_pairs,
)

NAME_MAX = 500
DESCRIPTION_MAX = 20_000
BUILDING_NOTE = "Chỉ mục trùng lặp đang được xây dựng…"


def build_index(directory=None, *, wait: bool = True) -> dict | None:
    """Build the overlap index over the whole registry and publish it for every server process
    (``manage.py build_overlap_index``, the daily scan, a deployment): see
    :func:`cds.overlap.engine.build_index_files`. Waits for a build already running — or, with
    ``wait`` False, returns None at once."""
    return build_index_files(directory, wait=wait)


def index_building() -> bool:
    """Is the overlap index still being built (checks then answer from nothing yet)? A page
    that asks starts the background build if nobody has yet (it never builds here)."""
    index = get_index()
    if index.building:
        index.sync()
    return index.building


def building_note() -> str:
    """The note pages show while the index is being built ("" once it is built)."""
    return BUILDING_NOTE if index_building() else ""


def validate_text(name, description="") -> tuple[str, str]:
    try:
        name = check_text(name) if isinstance(name, str) else ""
    except BadInput as exc:
        raise ServiceError(sentence("tên nhiệm vụ/dự án", exc)) from None
    try:
        description = check_text(description) if isinstance(description, str) else ""
    except BadInput as exc:
        raise ServiceError(sentence("phần mô tả", exc)) from None
    if not name:
        raise ServiceError("Hãy nhập tên nhiệm vụ/dự án cần kiểm tra.")
    if len(name) > NAME_MAX:
        raise ServiceError(f"Tên dài {len(name):,} ký tự; tối đa {NAME_MAX} ký tự.".replace(",", "."))
    if len(description) > DESCRIPTION_MAX:
        raise ServiceError(f"Phần mô tả dài {len(description):,} ký tự; tối đa {DESCRIPTION_MAX:,} ký tự."
                           .replace(",", "."))
    return name, description


def check(user, name, description="", *, project=None, capabilities=(), data_entities=(), unit_id=None,
          years=None, k: int = 10, min_score: float | None = None,
          within: tuple[str, ...] | None = None) -> list[Candidate]:
    """Ranked candidates for a proposal, limited to what the user may know exists (their
    tree's projects and systems, and the systems of no tree) — and to the trees ``within``
    when given. With
    ``project`` (an existing one) its own tags, unit and years are used, the project itself is
    left out and the decisions already taken on its pairs are attached (pairs judged unrelated
    are dropped). Neither a candidate nor the project linking a transitive match is ever one of
    a tree outside these."""
    if not can_check_overlap(user):
        raise PermissionDenied("Bạn không có quyền kiểm tra trùng lặp.")
    exclude = None
    if project is None:
        name, description = validate_text(name, description)
    else:
        # The project's stored texts are read as they are: a character refused today but stored
        # before must not break the project page.
        name, description = (name or "").strip(), (description or "").strip()
        exclude = ("project", project.pk)
        capabilities = [c.pk for c in project.capabilities.all()]
        data_entities = [e.pk for e in project.data_entities.all()]
        unit_id = project.investor_unit_id
        years = (project.start_year, project.end_year or project.start_year)
    found = get_index().candidates(
        name, description, k=k + 10, trees=naming_trees(user, within), exclude=exclude,
        capabilities=capabilities, data_entities=data_entities, unit_id=unit_id, years=years,
        min_score=DEFAULT_THRESHOLD * 0.6 if min_score is None else min_score)
    found = _existing(found)
    if project is not None:
        decided = _decisions(project)
        for c in found:
            c.decision = decided.get((c.kind, c.id), "")
        found = [c for c in found if c.decision != PairStatus.UNRELATED]
    return found[:k]


def _existing(found: list[Candidate]) -> list[Candidate]:
    """Drop rows of projects that no longer exist (a save rolled back after being indexed)."""
    ids = {c.id for c in found if c.kind == "project"}
    alive = set(Project.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return [c for c in found if c.kind != "project" or c.id in alive]


def _decisions(project) -> dict:
    out = {}
    for p in OverlapPair.objects.filter(Q(project=project) | Q(other_project=project)).exclude(
            status=PairStatus.PENDING):
        if p.system_id:
            out[("system", p.system_id)] = p.status
        else:
            other = p.other_project_id if p.project_id == project.pk else p.project_id
            out[("project", other)] = p.status
    return out


def _pair_kwargs(project_id: int, kind: str, other_id: int) -> dict:
    if kind == "system":
        return {"project_id": project_id, "system_id": other_id}
    a, b = sorted((project_id, other_id))
    return {"project_id": a, "other_project_id": b}


def queue_threshold() -> float:
    """The score from which pairs enter the review queue: settings.OVERLAP_QUEUE_THRESHOLD, else
    the engine's threshold (DEFAULT_THRESHOLD)."""
    from django.conf import settings

    value = getattr(settings, "OVERLAP_QUEUE_THRESHOLD", None)
    return DEFAULT_THRESHOLD if value is None else float(value)


def record_candidates(project, threshold: float | None = None) -> int:
    """Queue the pairs a saved project forms with others above the queue threshold (pairs
    already known — pending or decided — are left as they are). Returns how many were added."""
    threshold = queue_threshold() if threshold is None else threshold
    found = get_index().candidates(
        project.name, f"{project.objectives} {project.scope}", k=20, exclude=("project", project.pk),
        capabilities=[c.pk for c in project.capabilities.all()],
        data_entities=[e.pk for e in project.data_entities.all()], unit_id=project.investor_unit_id,
        years=(project.start_year, project.end_year or project.start_year), min_score=threshold,
        via_trees=(project.investor_unit.tree_prefix,))
    pairs = [OverlapPair(**_pair_kwargs(project.pk, c.kind, c.id),
                         score=c.score, terms=c.terms, signals=c.signals) for c in _existing(found)]
    return _insert_new(pairs)


def _insert_new(pairs: list[OverlapPair]) -> int:
    if not pairs:
        return 0
    existing = set()
    proj_ids = {p.project_id for p in pairs}
    for a, b, pl in OverlapPair.objects.filter(project_id__in=proj_ids).values_list(
            "project_id", "other_project_id", "system_id"):
        existing.add((a, b, pl))
    new = [p for p in pairs if (p.project_id, p.other_project_id, p.system_id) not in existing]
    OverlapPair.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    return len(new)


def scan(actor=None, threshold: float | None = None) -> int:
    """All pairs above the threshold across the whole registry and the systems map (the daily
    ``scan_overlaps`` command, or the queue's button); new ones are queued as pending."""
    if actor is not None and not can_decide_overlap(actor):
        raise PermissionDenied("Bạn không có quyền quét trùng lặp.")
    threshold = queue_threshold() if threshold is None else threshold
    index = get_index()
    if actor is None:  # a job: built here and now (to files) when there is none yet
        index.ensure_built()
    else:  # the queue's button: a request never waits for a build
        index.sync()
        if index.building:
            raise ServiceError(f"{BUILDING_NOTE} Hãy quét lại sau ít phút.")
    # Signals can lift a pair over the threshold: look a little lower in text, then keep the
    # pairs whose final score (text + signals, as on the project page) reaches it.
    best = index.project_pairs(threshold, floor=max(SIGNAL_FLOOR, threshold - MAX_BONUS))
    pairs = []
    for ((_ka, ida), (kb, idb)), (text_score, i, j, via) in best.items():
        ra, rb = index.rows[i], index.rows[j]
        if ra.kind != "project":
            ra, rb = rb, ra
        signals = index.signals(rb, ra.capabilities, ra.data_entities, ra.unit_id, ra.years)
        if via is not None:
            signals.append(index.via_signal(via, tuple({tree_of(ra.unit_path), tree_of(rb.unit_path)} - {""}) or None))
        score = round(min(1.0, text_score + sum_bonus(signals)), 4)
        if score < threshold:
            continue
        pairs.append(OverlapPair(**_pair_kwargs(ida, kb, idb), score=score,
                                 terms=shared_terms(ra.name, rb.name, index.idf), signals=signals))
    alive = set(Project.objects.values_list("pk", flat=True)) if pairs else set()
    pairs = [p for p in pairs if p.project_id in alive and (p.other_project_id is None or p.other_project_id in alive)]
    with transaction.atomic():
        added = _insert_new(pairs)
        if actor is not None:
            record_event(actor, "overlap.scanned", data={"pairs": len(pairs), "added": added, "threshold": threshold})
    return added


DECISIONS = (PairStatus.DUPLICATE, PairStatus.RELATED, PairStatus.UNRELATED)
CLUSTER_MAX = 500  # pairs one cluster decision may settle


def _check_decision(actor, status: str, reason: str) -> str:
    if not can_decide_overlap(actor):
        raise PermissionDenied("Bạn không có quyền kết luận về cặp nghi trùng lặp này.")
    if status not in DECISIONS:
        raise ServiceError("Hãy chọn kết luận: trùng lặp, có liên quan hoặc không liên quan.")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Hãy ghi lý do của kết luận.")
    if len(reason) > 4000:
        raise ServiceError("Lý do quá dài (tối đa 4.000 ký tự).")
    return reason


def _makers(pair: OverlapPair) -> set:
    return {pair.project.created_by_id, pair.other_project.created_by_id if pair.other_project_id else None}


def _other_label(pair: OverlapPair) -> str:
    return pair.other_project.code if pair.other_project_id else f"{SYSTEM_LABEL}{pair.system.code}"


def _other_for_log(pair: OverlapPair) -> str:
    """The other side as the audit log names it — the event belongs to the first project's tree,
    whose readers learn no name of another tree ("" then: the pair's number says which)."""
    if pair.other_project_id:
        path = pair.other_project.investor_unit.path
    else:
        root = pair.system.root_unit
        path = root.path if root else ""
    return _other_label(pair) if may_name((pair.project.investor_unit.tree_prefix,), path) else ""


def _record(actor, pair: OverlapPair, status: str, reason: str, expected_version: int, now, **extra) -> None:
    """Write one pair's conclusion (its version checked) and its audit event."""
    bumped = OverlapPair.objects.filter(pk=pair.pk, version=expected_version).update(version=expected_version + 1)
    if not bumped:
        raise ConflictError()
    before = pair.status
    pair.status, pair.reason = status, reason
    pair.decided_by, pair.decided_at = actor, now
    pair.version = expected_version + 1
    pair._history_user = actor
    pair.save(update_fields=["status", "reason", "decided_by", "decided_at", "version"])
    record_event(actor, "overlap.decided", pair.project, data={
        "pair": pair.pk, "from": before, "to": status, "other": _other_for_log(pair), **extra})


@transaction.atomic
def decide(actor, pair: OverlapPair, status: str, reason: str, *, expected_version: int) -> OverlapPair:
    """Record the CĐS authority's conclusion on a pair (with its reason). Nobody concludes on a
    pair that involves a project they registered themselves."""
    if not can_decide_overlap(actor) or not scope_overlap_pairs(actor).filter(pk=pair.pk).exists():
        raise PermissionDenied("Bạn không có quyền kết luận về cặp nghi trùng lặp này.")
    reason = _check_decision(actor, status, reason)
    if actor.pk in _makers(pair):
        raise MakerCheckerError("Bạn đã đăng ký một trong hai nhiệm vụ/dự án này nên không thể tự kết luận; "
                                "đề nghị chuyên viên khác xem xét.")
    _record(actor, pair, status, reason, expected_version, timezone.now())
    return pair


@transaction.atomic
def decide_cluster(actor, versions: dict[int, int], status: str, reason: str) -> list[OverlapPair]:
    """One conclusion, with one reason, for several pairs of a cluster at once — each pair
    recorded as if decided alone (its version checked, its history, its audit event, which
    names the cluster's size). All or nothing: a pair the actor may not see, a pair involving a
    project the actor registered, or a pair changed meanwhile refuses the whole decision."""
    reason = _check_decision(actor, status, reason)
    if not versions:
        raise ServiceError("Hãy đánh dấu ít nhất một cặp trong cụm.")
    if len(versions) > CLUSTER_MAX:
        raise ServiceError(f"Mỗi lần kết luận tối đa {CLUSTER_MAX} cặp.")
    pairs = list(scope_overlap_pairs(actor).filter(pk__in=list(versions))
                 .select_related("project", "other_project", "system__root_unit").order_by("pk"))
    if len(pairs) != len(versions):
        raise PermissionDenied("Bạn không có quyền kết luận về một số cặp đã chọn.")
    own = [p for p in pairs if actor.pk in _makers(p)]
    if own:
        codes = ", ".join(f"{p.project.code} – {_other_label(p).removeprefix(SYSTEM_LABEL)}" for p in own[:5])
        raise MakerCheckerError(f"Bạn đã đăng ký nhiệm vụ/dự án trong các cặp {codes} nên không thể tự kết luận; "
                                "bỏ đánh dấu các cặp này hoặc đề nghị chuyên viên khác xem xét.")
    now = timezone.now()
    for pair in pairs:
        _record(actor, pair, status, reason, versions[pair.pk], now, cluster=len(pairs))
    return pairs
