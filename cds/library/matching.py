"""Reuse first: which published library entries fit a new proposal, and which entries are
related to one another.

An entry fits a proposal

* through the overlap engine (:func:`cds.overlap.services.check`): the proposal is close to a
  project or a system that an entry is linked to — "dự án tương tự: <tên>";
* by its own text: the proposal's name is close to the entry's title (keywords and problem
  weigh in too), scored by a :class:`cds.text.matching.TfidfBackend` fitted on the published
  entries (kept per process, refitted when an entry is published, withdrawn or changed) and
  explained by the key phrase both share (:func:`cds.text.matching.shared_terms`);
* by capability: the entry is tagged with a capability the proposal chose.

Names: a project or a system is named in a reason only to a user who may read it; otherwise
the reason says that a similar record exists, without naming it. The overlap service itself
never returns a record of a tree the user may not see.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection

from cds.core.errors import ServiceError
from cds.overlap import services as overlap_services
from cds.overlap.permissions import can_check_overlap
from cds.overlap.selectors import with_links
from cds.projects.permissions import scope_projects
from cds.systems.permissions import scope_systems
from cds.text.matching import DEFAULT_THRESHOLD, TfidfBackend, shared_terms

from .models import Practice, Status
from .permissions import readable_q

log = logging.getLogger(__name__)

# The text score (TF-IDF cosine of the key names, words and characters) from which a proposal's
# name suggests an entry, together with a shared key phrase of MIN_PHRASE_WORDS syllables or
# more. Chosen on Vietnamese names (tests/library/test_matching.py, a library of eight entries):
# names of one purpose score 0.45–0.85 and share a phrase such as "một cửa điện tử", "camera
# giám sát", "cơ sở dữ liệu đất đai"; names of other purposes score up to 0.38, or 0.51 for
# "Đào tạo kỹ năng số cho cán bộ" / "Chữ ký số cho cán bộ, công chức", which share only a
# two-syllable word ("cán bộ", "bệnh viện") saying for whom or where, not what.
TEXT_THRESHOLD = 0.40
MIN_PHRASE_WORDS = 3
# The overlap engine's own threshold: a project or system that close is "similar".
OVERLAP_MIN_SCORE = DEFAULT_THRESHOLD
# A shared capability (or data entity) alone, and the bonus of each further kind of signal.
CAPABILITY_SCORE = 0.3
DATA_ENTITY_SCORE = 0.25
LINK_SCORE = 0.9
BONUS = 0.05
MIN_NAME_CHARS = 8
MAX_REASONS = 3


@dataclass
class Suggestion:
    practice: Practice
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


# ------------------------------------------------------------ the entries' text index ----

@dataclass
class _Index:
    key: tuple = ()
    backend: TfidfBackend | None = None
    rows: list = field(default_factory=list)  # [(pk, title, keywords)] in the backend's row order
    weights: dict = field(default_factory=dict)
    fitted: bool = False                      # False only for the empty index a process starts with


_index = _Index()
_lock = threading.Lock()


def _published():
    return Practice.objects.filter(status=Status.PUBLISHED)


def _state() -> tuple:
    return tuple(_published().order_by("pk").values_list("pk", "updated_at"))


def text_index() -> _Index:
    """The published entries' text index of this process (one small query tells whether the set of
    published entries or one of their ``updated_at`` changed since it was fitted).

    A changed set is refitted in a background thread while the requests go on with the index they
    have: a request never waits for a refit (a fit of a few thousand entries takes a fraction of a
    second). Only a process's first use fits in the request — and every use with
    ``settings.LIBRARY_INDEX_SYNC_REFIT`` (the tests), which want the change seen at once."""
    key = _state()
    current = _index
    if key == current.key and current.fitted:
        return current
    if settings.LIBRARY_INDEX_SYNC_REFIT or not current.fitted:
        with _lock:
            return _refit()
    if _lock.acquire(blocking=False):   # one refit at a time; the others keep the index they have
        threading.Thread(target=_refit_in_background, name="library-index", daemon=True).start()
    return current


def _refit_in_background() -> None:
    try:
        _refit()
    except Exception:  # the requests keep the previous index; the next one tries again
        log.exception("Không cập nhật được chỉ mục thư viện mô hình")
    finally:
        connection.close()   # this thread's own database connection
        _lock.release()


def _refit() -> _Index:
    """Fit the index on the published entries as they are now (the caller holds ``_lock``)."""
    global _index
    key = _state()
    if key == _index.key and _index.fitted:
        return _index
    rows = list(_published().order_by("pk").values_list("pk", "title", "keywords", "problem"))
    backend = None
    weights: dict = {}
    if rows:
        backend = TfidfBackend()
        backend.fit([title for _pk, title, _kw, _pr in rows], [f"{kw} {pr}" for _pk, _t, kw, pr in rows])
        weights = backend.term_weights()
    _index = _Index(key, backend, [(pk, title, kw) for pk, title, kw, _pr in rows], weights, fitted=True)
    return _index


def _phrase_words(term: str) -> int:
    """Syllables of a shared phrase ("a ≈ b", a synonym pair: the shorter side)."""
    return min(len(side.split()) for side in term.split("≈"))


def text_matches(name: str, *, exclude: int | None = None) -> dict[int, tuple[float, list[str]]]:
    """{entry id: (score, shared phrases)} of the published entries whose title is close to
    ``name`` (see :data:`TEXT_THRESHOLD`)."""
    index = text_index()
    if index.backend is None or not (name or "").strip():
        return {}
    scores = index.backend.scores(name, "")
    out = {}
    for row in np.flatnonzero(scores >= TEXT_THRESHOLD):
        pk, title, keywords = index.rows[row]
        if pk == exclude:
            continue
        terms = shared_terms(name, title, index.weights) or shared_terms(name, keywords, index.weights)
        terms = [t for t in terms if _phrase_words(t) >= MIN_PHRASE_WORDS]
        if terms:
            out[pk] = (float(scores[row]), terms)
    return out


# ------------------------------------------------------------------- signals ----

class _Found:
    """Signals gathered per entry: the best score, the kinds of signal, the reasons."""

    def __init__(self):
        self.by_pk: dict[int, dict] = {}

    def add(self, pk: int, score: float, kind: str, reason: str) -> None:
        entry = self.by_pk.setdefault(pk, {"score": 0.0, "kinds": set(), "reasons": []})
        entry["score"] = max(entry["score"], score)
        entry["kinds"].add(kind)
        if reason not in entry["reasons"]:
            entry["reasons"].append(reason)

    def suggestions(self, user, k: int) -> list[Suggestion]:
        if not self.by_pk:
            return []
        practices = _published().filter(readable_q(user)).filter(pk__in=list(self.by_pk)).select_related("unit")
        out = []
        for p in practices:
            entry = self.by_pk[p.pk]
            score = min(1.0, entry["score"] + BONUS * (len(entry["kinds"]) - 1))
            out.append(Suggestion(p, round(score, 4), entry["reasons"][:MAX_REASONS]))
        out.sort(key=lambda s: (-s.score, s.practice.code))
        return out[:k]


def _quoted(terms: Iterable[str]) -> str:
    return ", ".join(f"“{t}”" for t in terms)


def _similar_records(user, name: str, description: str = "", *, capabilities=(), data_entities=()):
    """The projects and systems the overlap engine finds close to ``name`` for ``user`` (their
    names only where the user may open them)."""
    if not can_check_overlap(user):
        return []
    try:
        found = overlap_services.check(user, name, description[:overlap_services.DESCRIPTION_MAX],
                                       capabilities=list(capabilities), data_entities=list(data_entities), k=10,
                                       min_score=OVERLAP_MIN_SCORE)
    except (ServiceError, PermissionDenied):
        return []
    return with_links(user, found)


def _similar_reason(candidate) -> str:
    if candidate.kind == "system":
        return f"hệ thống tương tự: {candidate.name}" if candidate.can_open else "tương tự một hệ thống đã có"
    return f"dự án tương tự: {candidate.name}" if candidate.can_open else "tương tự một nhiệm vụ/dự án đã có"


def _through_overlap(found: _Found, candidates, *, exclude: int | None = None) -> None:
    """Entries linked to one of the overlap ``candidates``."""
    projects = {c.id: c for c in candidates if c.kind == "project"}
    systems = {c.id: c for c in candidates if c.kind == "system"}
    links = []
    if projects:
        links += [(pk, projects[other]) for pk, other in Practice.projects.through.objects.filter(
            project_id__in=list(projects)).values_list("practice_id", "project_id")]
    if systems:
        links += [(pk, systems[other]) for pk, other in Practice.systems.through.objects.filter(
            informationsystem_id__in=list(systems)).values_list("practice_id", "informationsystem_id")]
    for pk, candidate in sorted(links, key=lambda link: -link[1].score):
        if pk != exclude:
            found.add(pk, candidate.score, "overlap", _similar_reason(candidate))


def _through_text(found: _Found, name: str, *, exclude: int | None = None, reason: str = "tên gần với") -> None:
    for pk, (score, terms) in text_matches(name, exclude=exclude).items():
        found.add(pk, score, "text", f"{reason} mô hình: cùng {_quoted(terms[:2])}")


def _through_tags(found: _Found, capabilities: Iterable[int], data_entities: Iterable[int] = (), *,
                  exclude: int | None = None) -> None:
    for field_name, ids, score, label in (("capability", capabilities, CAPABILITY_SCORE, "cùng năng lực nghiệp vụ"),
                                          ("dataentity", data_entities, DATA_ENTITY_SCORE, "cùng thực thể dữ liệu")):
        ids = list(ids)
        if not ids:
            continue
        through = (Practice.capabilities if field_name == "capability" else Practice.data_entities).through
        shared: dict[int, list[str]] = {}
        for pk, tag in (through.objects.filter(**{f"{field_name}_id__in": ids}).exclude(practice_id=exclude)
                        .order_by(f"{field_name}__name").values_list("practice_id", f"{field_name}__name")):
            shared.setdefault(pk, []).append(tag)
        for pk, tags in shared.items():
            found.add(pk, min(1.0, score + 0.1 * (len(tags) - 1)), field_name, f"{label}: {', '.join(tags[:3])}")


def _ids(values) -> list[int]:
    out = []
    for v in values or ():
        pk = getattr(v, "pk", v)
        try:
            out.append(int(pk))
        except (TypeError, ValueError):
            continue
    return out


# ------------------------------------------------------------------- the API ----

def suggestions(user, name: str, objectives: str = "", capabilities=(), k: int = 5) -> list[Suggestion]:
    """Published entries the user may read that a new proposal named ``name`` (with these
    ``objectives`` and chosen ``capabilities``: ids or objects) could reuse, best first, each
    with its score and reasons."""
    if not user.is_authenticated:
        return []
    name = (name or "").strip()
    capabilities = _ids(capabilities)
    found = _Found()
    if len(name) >= MIN_NAME_CHARS:
        _through_overlap(found, _similar_records(user, name, objectives or "", capabilities=capabilities))
        _through_text(found, name)
    _through_tags(found, capabilities)
    return found.suggestions(user, k)


def related(user, practice: Practice, k: int = 5) -> list[Suggestion]:
    """Other published entries related to ``practice``: linked to the same projects or systems,
    or to projects and systems the overlap engine finds close to its title and problem; with a
    close title; sharing capabilities or data entities."""
    if not user.is_authenticated:
        return []
    found = _Found()
    capabilities = list(practice.capabilities.values_list("pk", flat=True))
    data_entities = list(practice.data_entities.values_list("pk", flat=True))
    _through_overlap(found, _similar_records(user, practice.title, practice.problem, capabilities=capabilities,
                                             data_entities=data_entities), exclude=practice.pk)
    _through_links(found, user, practice)
    _through_text(found, practice.title, exclude=practice.pk, reason="tên gần với")
    _through_tags(found, capabilities, data_entities, exclude=practice.pk)
    return found.suggestions(user, k)


def _through_links(found: _Found, user, practice: Practice) -> None:
    """Entries linked to a project or a system this entry is linked to (named where readable)."""
    project_ids = list(practice.projects.values_list("pk", flat=True))
    system_ids = list(practice.systems.values_list("pk", flat=True))
    if project_ids:
        names = dict(scope_projects(user).filter(pk__in=project_ids).values_list("pk", "name"))
        for pk, other in (Practice.projects.through.objects.filter(project_id__in=project_ids)
                          .exclude(practice_id=practice.pk).values_list("practice_id", "project_id")):
            found.add(pk, LINK_SCORE, "link", f"cùng gắn với dự án: {names[other]}" if other in names
                      else "cùng gắn với một nhiệm vụ/dự án")
    if system_ids:
        names = dict(scope_systems(user).filter(pk__in=system_ids).values_list("pk", "name"))
        for pk, other in (Practice.systems.through.objects.filter(informationsystem_id__in=system_ids)
                          .exclude(practice_id=practice.pk).values_list("practice_id", "informationsystem_id")):
            found.add(pk, LINK_SCORE, "link", f"cùng gắn với hệ thống: {names[other]}" if other in names
                      else "cùng gắn với một hệ thống thông tin")
