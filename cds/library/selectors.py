"""Reads of the library, scoped by :func:`cds.library.permissions.readable_q`: the list and its
filters (shared by the list page, its Excel export and the to-do lines), one entry, and what an
entry links to — only the projects, systems and review the reader may read themselves."""
from __future__ import annotations

from dataclasses import dataclass, field

import django_filters
from django.db.models import Count, Prefetch

from cds.accounts import access
from cds.core.forms import IdFilter, TextFilter, choice_error, search_text_filter
from cds.orgs.models import Unit
from cds.orgs.selectors import subtree_ids
from cds.projects.permissions import scope_projects
from cds.reviews.models import Rating, Review, ReviewStatus
from cds.reviews.permissions import scope_reviews
from cds.systems.permissions import scope_systems
from cds.text.format import cell_text, format_number

from .models import Kind, Practice, PracticeDocument, PracticeResult, Status
from .permissions import can_check, readable_q

NOMINABLE_STATUSES = (ReviewStatus.ACCEPTED, ReviewStatus.DECIDED)


def practices_for(user):
    """Every entry the user may read (published ones for every signed-in user; the others for
    the proposing unit and the province-wide roles of its tree)."""
    return Practice.objects.filter(readable_q(user))


def _with_rows(qs):
    return qs.select_related("unit", "root_unit").prefetch_related(
        "capabilities", "data_entities", "programmes",
        Prefetch("results", queryset=PracticeResult.objects.order_by("position", "pk")),
    ).annotate(n_reuses=Count("reuses", distinct=True))


def list_rows(qs):
    """The rows of a page of the list: unit, tags, results and the reuse count fetched in a fixed
    number of queries."""
    return _with_rows(qs)


def get_practice(user, pk) -> Practice:
    qs = practices_for(user).select_related("unit", "root_unit", "created_by", "submitted_by", "checked_by",
                                            "review")
    return access.get_scoped_or_404(qs, pk, "Không tìm thấy mô hình.")


# ------------------------------------------------------------------ filters ----

class PracticeFilterSet(django_filters.FilterSet):
    """``q`` (diacritic-insensitive: "dat dai" finds "đất đai"), ``loai`` (kind), ``tinh_trang``
    (status), ``don_vi`` (a unit and its subtree), ``nang_luc`` (capability), ``chuong_trinh``
    (programme), ``du_lieu`` (data entity)."""

    q = TextFilter(method="filter_search", noun="từ khóa tìm kiếm")
    loai = django_filters.ChoiceFilter(choices=Kind.choices, field_name="kind",
                                       error_messages={"invalid_choice": choice_error("Loại", Kind.choices)})
    tinh_trang = django_filters.ChoiceFilter(
        choices=Status.choices, field_name="status",
        error_messages={"invalid_choice": choice_error("Tình trạng", Status.choices)})
    don_vi = IdFilter(method="filter_unit")
    nang_luc = IdFilter(method="filter_capability")
    chuong_trinh = IdFilter(method="filter_programme")
    du_lieu = IdFilter(method="filter_entity")

    class Meta:
        model = Practice
        fields: list[str] = []

    @classmethod
    def for_user(cls, data, user):
        return cls(data if data is not None else {}, queryset=practices_for(user))

    def filter_search(self, qs, name, value):
        return search_text_filter(qs, value)

    def filter_unit(self, qs, name, value):
        return qs.filter(unit__in=subtree_ids(value))

    def filter_capability(self, qs, name, value):
        return qs.filter(pk__in=Practice.capabilities.through.objects.filter(capability_id=value)
                         .values("practice_id"))

    def filter_programme(self, qs, name, value):
        return qs.filter(pk__in=Practice.programmes.through.objects.filter(programme_id=value)
                         .values("practice_id"))

    def filter_entity(self, qs, name, value):
        return qs.filter(pk__in=Practice.data_entities.through.objects.filter(dataentity_id=value)
                         .values("practice_id"))


def filtered(user, data):
    """(the filtered queryset newest first, the filterset) — an invalid filter lists nothing
    rather than everything, with its message beside the form."""
    filterset = PracticeFilterSet.for_user(data, user)
    qs = filterset.qs if filterset.is_valid() else Practice.objects.none()
    return qs.order_by("-published_at", "-created_at", "-pk"), filterset


def status_counts(user) -> dict[str, int]:
    """{status: number of entries the user may read in it}."""
    rows = practices_for(user).order_by().values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rows}


def unit_options(user):
    """Units of the entries the user may read, for the unit filter."""
    return Unit.objects.filter(pk__in=practices_for(user).order_by().values("unit")).order_by("path")


# ------------------------------------------------------------------ links ----

@dataclass
class Links:
    projects: list = field(default_factory=list)
    systems: list = field(default_factory=list)
    review: Review | None = None


def visible_links(user, practice: Practice) -> Links:
    """What the entry links to, limited to what the user may read: a project, system or review of
    another unit or tree the user may not read is never named."""
    projects = list(scope_projects(user, practice.projects.all()).select_related("investor_unit")
                    .order_by("code"))
    systems = list(scope_systems(user, practice.systems.all()).select_related("owner_unit").order_by("name"))
    review = None
    if practice.review_id:
        review = scope_reviews(user, Review.objects.filter(pk=practice.review_id)).select_related(
            "campaign", "project").first()
    return Links(projects, systems, review)


def visible_link_names(user, practice_ids) -> tuple[dict, dict]:
    """For an export: {practice id: ["code name", …]} of the linked projects and of the linked
    systems the user may read, in two queries."""
    projects: dict[int, list[str]] = {}
    through = Practice.projects.through.objects.filter(
        practice_id__in=practice_ids, project_id__in=scope_projects(user).values("pk"))
    for pid, code, name in through.values_list("practice_id", "project__code", "project__name").order_by(
            "project__code"):
        projects.setdefault(pid, []).append(f"{code} {name}")
    systems: dict[int, list[str]] = {}
    through = Practice.systems.through.objects.filter(
        practice_id__in=practice_ids, informationsystem_id__in=scope_systems(user).values("pk"))
    for pid, name in through.values_list("practice_id", "informationsystem__name").order_by(
            "informationsystem__name"):
        systems.setdefault(pid, []).append(name)
    return projects, systems


def documents(practice: Practice):
    return practice.documents.filter(is_removed=False).select_related("created_by").order_by("kind", "pk")


def get_document(practice: Practice, doc_id) -> PracticeDocument:
    return access.get_scoped_or_404(practice.documents.filter(is_removed=False), doc_id,
                                    "Không tìm thấy tài liệu.")


# ------------------------------------------------------------------ work ----

def waiting_check(user):
    """Submitted entries the user, as CĐS authority, checks: those of its tree (the list page
    with ``?tinh_trang=submitted`` lists exactly these)."""
    if not can_check(user):
        return Practice.objects.none()
    return practices_for(user).filter(status=Status.SUBMITTED)


def returned_to(user):
    """Entries returned to the user's units for completion (``?tinh_trang=returned``)."""
    return practices_for(user).filter(status=Status.RETURNED)


def nominable_reviews(user):
    """Finished reviews rated "Hiệu quả" of the user's scope no entry was nominated from yet."""
    if not can_check(user):
        return Review.objects.none()
    taken = Practice.objects.filter(review__isnull=False).values("review_id")
    return (scope_reviews(user).filter(reviewer_rating=Rating.EFFECTIVE, status__in=NOMINABLE_STATUSES)
            .exclude(pk__in=taken).select_related("project", "unit", "campaign")
            .order_by("-reviewed_at", "-pk"))


def with_results_changes(results) -> list:
    """Result rows with their change (after − before) and its share of the before value."""
    out = []
    for r in results:
        r.change = r.after - r.before if r.before is not None and r.after is not None else None
        r.change_share = (r.change / r.before) if r.change is not None and r.before else None
        r.before_text = cell_text(r.before) or "—"
        r.after_text = cell_text(r.after) or "—"
        r.change_text = ""
        if r.change is not None:
            r.change_text = ("+" if r.change > 0 else "") + (cell_text(r.change) or "0")
            if r.change_share is not None:
                r.change_text += f" ({'+' if r.change_share > 0 else ''}{format_number(r.change_share * 100, 1)}%)"
        out.append(r)
    return out


def headline(practice: Practice) -> PracticeResult | None:
    """The first result row (from the prefetched rows), shown on the list."""
    rows = list(practice.results.all())
    return with_results_changes(rows[:1])[0] if rows else None


# ------------------------------------------------------------------ workflow ----

STEP_LABELS = {Status.DRAFT: "Lập dự thảo", Status.SUBMITTED: "Gửi kiểm tra", Status.RETURNED: "Trả lại để hoàn thiện",
               Status.PUBLISHED: "Kiểm tra, công bố", Status.WITHDRAWN: "Thu hồi"}


@dataclass(frozen=True)
class Step:
    label: str
    who: str
    when: object
    note: str = ""


def workflow_steps(practice: Practice) -> list[Step]:
    """Who moved the entry through its workflow and when, read from its recorded versions: one
    step wherever its status changed (a returned entry submitted again shows both rounds)."""
    steps: list[Step] = []
    previous = None
    for h in practice.history.order_by("history_date", "history_id").select_related("history_user"):
        if h.status == previous:
            continue
        if previous is None:
            label = "Đề cử từ báo cáo đánh giá" if h.origin == "nominated" else STEP_LABELS[Status.DRAFT]
        else:
            label = STEP_LABELS.get(h.status, h.status)
        note = {Status.RETURNED: h.check_note, Status.PUBLISHED: h.check_note,
                Status.WITHDRAWN: h.withdrawn_reason}.get(h.status, "")
        who = h.history_user.display_name if h.history_user else ""
        steps.append(Step(label, who, h.history_date, note or ""))
        previous = h.status
    return steps
