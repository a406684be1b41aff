"""Results of a survey round, read for the results page, the exports, the Word report and the API.

What a user sees (:func:`viewer`): a lead agency (and the coordinator, and the province-wide
roles) reads its sections across every unit of the round; any other unit user reads its own
unit's answers only. Every figure counts the **submitted** responses of that view.

Every figure is an aggregate query (GROUP BY question, row, choice…), so the cost of a page does
not grow with the number of units: a round of 3,000 units × 60 questions is read in about ten
queries. Free-text answers are grouped by similarity (TF-IDF of :mod:`cds.text.matching`, then a
greedy threshold clustering), at most :data:`MAX_TEXTS` per question, in a fixed order so that
the same answers always give the same groups.

The cross-tab (:func:`cross_tab`) compares the units that gave one answer (e.g. "có điểm nghẽn
về dữ liệu") with the other responding units on their portfolio: projects paused or rated not
effective in reviews, reviews sent late, directive tasks overdue — counted per unit with one
grouped query each.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from cds.directives.models import Progress
from cds.directives.models import Task as DirectiveTask
from cds.projects.models import Project, State
from cds.reviews.models import Rating, Review, ReviewStatus
from cds.text.format import format_number
from cds.text.matching import TfidfBackend, key_text

from .models import Answer, ChoiceItem, GroupKind, Question, QuestionType, Response, ResponseStatus, SectionLead
from .permissions import led_sections, scope_responses

MAX_TEXTS = 300          # free-text answers grouped per question (the first by unit order)
TEXT_THRESHOLD = 0.35    # TF-IDF score from which two answers belong to one group
KEY_COLUMNS = 6          # questions shown in the per-unit table
CHOICE_KINDS = (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)
NUMBER_KINDS = (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.SCALE)
KEY_KINDS = (QuestionType.SELECT_ONE, QuestionType.SCALE, QuestionType.INTEGER, QuestionType.DECIMAL)
DONE_REVIEW = (ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED, ReviewStatus.DECIDED)
NOT_EFFECTIVE = (Rating.NOT_YET, Rating.INEFFECTIVE)


# ------------------------------------------------------------------------------ who sees what


@dataclass
class Viewer:
    """The part of a round a user reads: ``sections`` (in form order) of the ``responses``."""

    round: object
    sections: list
    responses: object          # queryset of Response (any status)
    across_units: bool         # True: the sections across every unit; False: the user's own unit(s)

    @property
    def section_ids(self) -> list[int]:
        return [s.pk for s in self.sections]

    @property
    def submitted(self):
        return self.responses.filter(status=ResponseStatus.SUBMITTED)

    def section(self, pk):
        """The visible section ``pk`` (None when absent or not visible)."""
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            return None
        return next((s for s in self.sections if s.pk == pk), None)


def viewer(user, rnd) -> Viewer:
    """What ``user`` reads of ``rnd`` (already resolved through ``get_round_for``)."""
    sections = list(rnd.form.sections.order_by("order", "id"))
    led = led_sections(user, rnd)
    if led:
        return Viewer(rnd, [s for s in sections if s.pk in led], rnd.responses.all(), True)
    own = scope_responses(user, rnd.responses.all())
    return Viewer(rnd, sections, own, False)


def require_results(view: Viewer) -> None:
    if not view.sections:
        raise PermissionDenied("Bạn không được xem kết quả của đợt khảo sát này.")


# ------------------------------------------------------------------------------ distributions


@dataclass
class Bar:
    code: str
    label: str
    count: int
    total: int

    @property
    def percent(self) -> float:
        return 100 * self.count / self.total if self.total else 0.0


@dataclass
class TextGroup:
    items: list          # [(answer id, response id, unit name, section id, text)]

    @property
    def size(self) -> int:
        return len(self.items)

    @property
    def headline(self) -> str:
        return min((i[4] for i in self.items), key=len)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list = field(default_factory=list)          # choices, or scale values
    rows: list = field(default_factory=list)          # matrix: [(row label, [Bar])]
    stats: dict = field(default_factory=dict)         # numbers: mean/min/max/median; dates: first/last
    groups: list = field(default_factory=list)        # free text: [TextGroup], largest first
    texts: int = 0                                    # free-text answers in all
    texts_grouped: int = 0                            # of which grouped (at most MAX_TEXTS)

    @property
    def kind(self) -> str:
        return self.question.type

    @property
    def shown_stats(self) -> list[tuple[str, str]]:
        """The statistics as the page and the report write them ("Trung bình", "62,5")."""
        def n(v):
            return "—" if v is None else format_number(v, 2).rstrip("0").rstrip(",")

        s = self.stats
        if "first" in s:
            return [("Sớm nhất", f"{s['first']:%d/%m/%Y}"), ("Muộn nhất", f"{s['last']:%d/%m/%Y}")]
        if "mean" in s:
            return [("Trung bình", n(s["mean"])), ("Trung vị", n(s.get("median"))), ("Thấp nhất", n(s["min"])),
                    ("Cao nhất", n(s["max"]))]
        return []


@dataclass
class SectionResult:
    section: object
    lead: SectionLead | None
    questions: list


def _labels(form) -> dict[tuple[str, str], str]:
    return {(c.list_name, c.name): c.label for c in ChoiceItem.objects.filter(form=form)}


def choice_lists(form) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list] = defaultdict(list)
    for c in ChoiceItem.objects.filter(form=form).order_by("list_name", "order", "id"):
        out[c.list_name].append((c.name, c.label))
    return out


def _answers(view: Viewer, questions):
    return Answer.objects.filter(response__in=view.submitted.values("pk"), question__in=[q.pk for q in questions])


def _median_of_counts(pairs: list[tuple[Decimal, int]]):
    total = sum(n for _, n in pairs)
    if not total:
        return None
    seen = 0
    for value, n in sorted(pairs):
        seen += n
        if 2 * seen >= total:
            return value
    return None


def _of(results, *kinds) -> list[int]:
    """Ids of the questions of ``kinds`` (filtering on them needs no join with the questions)."""
    return [pk for pk, r in results.items() if r.question.type in kinds]


def _fill_choices(results, answers, lists):
    counts = defaultdict(int)
    for r in (answers.filter(question_id__in=_of(results, *CHOICE_KINDS, QuestionType.MATRIX)).order_by()
              .values("question_id", "row", "choice").annotate(n=Count("id"))):
        counts[(r["question_id"], r["row"], r["choice"])] = r["n"]
    for res in results.values():
        q = res.question
        if q.type in CHOICE_KINDS:
            res.bars = [Bar(code, label, counts.get((q.pk, "", code), 0), res.answered)
                        for code, label in lists.get(q.list_name, [])]
        elif q.type == QuestionType.MATRIX:
            res.rows = [(row.get("label") or row.get("name"),
                         [Bar(code, label, counts.get((q.pk, row.get("name"), code), 0), res.answered)
                          for code, label in lists.get(q.list_name, [])]) for row in q.rows or []]


def _fill_numbers(results, answers):
    """Numbers grouped by value (one query): mean, extremes and median follow from the counts;
    a scale's bars are the counts of its values."""
    numeric = answers.filter(question_id__in=_of(results, *NUMBER_KINDS), number__isnull=False).order_by()
    by_value = defaultdict(list)
    for r in numeric.values("question_id", "number").annotate(n=Count("id")):
        by_value[r["question_id"]].append((r["number"], r["n"]))
    for qid, pairs in by_value.items():
        res = results[qid]
        total = sum(n for _, n in pairs)
        res.stats.update(mean=sum(v * n for v, n in pairs) / total, min=min(v for v, _ in pairs),
                         max=max(v for v, _ in pairs), median=_median_of_counts(pairs))
        if res.question.type == QuestionType.SCALE:
            n_of = {int(v): n for v, n in pairs}
            lo = res.question.scale_min if res.question.scale_min is not None else min(n_of)
            hi = res.question.scale_max if res.question.scale_max is not None else max(n_of)
            res.bars = [Bar(str(v), str(v), n_of.get(v, 0), res.answered) for v in range(lo, hi + 1)]
    for r in (answers.filter(question_id__in=_of(results, QuestionType.DATE), date__isnull=False).order_by()
              .values("question_id").annotate(low=Min("date"), high=Max("date"))):
        results[r["question_id"]].stats.update(first=r["low"], last=r["high"])


def group_texts(items: list[tuple], threshold: float = TEXT_THRESHOLD) -> list[TextGroup]:
    """Group ``items`` (tuples whose last element is the text) by similarity: TF-IDF vectors of
    the key text (:class:`cds.text.matching.TfidfBackend`), then, in the given order, each item
    not yet grouped opens a group that takes every later ungrouped item scoring ≥ ``threshold``
    with it. Items whose text has no key word stay alone. Largest groups first; ties keep the
    given order."""
    if not items:
        return []
    keyed = [i for i, it in enumerate(items) if key_text(it[-1])]
    groups: list[list[int]] = []
    taken = [False] * len(items)
    if len(keyed) > 1:
        backend = TfidfBackend()
        backend.fit([items[i][-1] for i in keyed], [""] * len(keyed))
        scores = backend.block_scores(list(range(len(keyed))))
        for a in range(len(keyed)):
            if taken[keyed[a]]:
                continue
            members = [keyed[a]]
            taken[keyed[a]] = True
            for b in range(a + 1, len(keyed)):
                if not taken[keyed[b]] and scores[a, b] >= threshold:
                    members.append(keyed[b])
                    taken[keyed[b]] = True
            groups.append(members)
    for i in range(len(items)):
        if not taken[i]:
            groups.append([i])
    groups.sort(key=lambda g: (-len(g), g[0]))
    return [TextGroup([items[i] for i in g]) for g in groups]


def _fill_texts(results, answers, with_groups: bool):
    texts = answers.filter(question_id__in=_of(results, QuestionType.TEXT)).exclude(text="")
    if not with_groups:
        for r in texts.order_by().values("question_id").annotate(n=Count("id")):
            results[r["question_id"]].texts = r["n"]
        return
    per_q: dict[int, list] = defaultdict(list)
    rows = (texts.order_by("question_id", "response__unit__path", "id")
            .values_list("pk", "response_id", "response__unit__name", "question_id", "text"))
    for pk, rid, unit, qid, text in rows.iterator(chunk_size=2000):
        results[qid].texts += 1
        sid = results[qid].question.section_id
        bucket = per_q[qid]
        if len(bucket) < MAX_TEXTS:
            bucket.append((pk, rid, unit, sid, text))
    for qid, items in per_q.items():
        res = results[qid]
        res.groups = group_texts(items)
        res.texts_grouped = len(items)


def distributions(view: Viewer, sections=None, *, text_groups: bool = True) -> list[SectionResult]:
    """Per visible section (or ``sections``), per question: how many units answered and the
    distribution of their answers — a constant number of queries."""
    sections = [s for s in (sections or view.sections) if s.pk in set(view.section_ids)]
    questions = list(Question.objects.filter(section__in=[s.pk for s in sections])
                     .exclude(type=QuestionType.NOTE).order_by("order", "id"))
    results = {q.pk: QuestionResult(q) for q in questions}
    if questions:
        answers = _answers(view, questions)
        for r in answers.order_by().values("question_id").annotate(n=Count("response_id", distinct=True)):
            results[r["question_id"]].answered = r["n"]
        _fill_choices(results, answers, choice_lists(view.round.form))
        _fill_numbers(results, answers)
        _fill_texts(results, answers, text_groups)
    leads = {lead.section_id: lead for lead in
             SectionLead.objects.filter(round=view.round).select_related("lead_unit", "co_unit", "summary_by")}
    by_section = defaultdict(list)
    for q in questions:
        by_section[q.section_id].append(results[q.pk])
    return [SectionResult(s, leads.get(s.pk), by_section.get(s.pk, [])) for s in sections]


# ------------------------------------------------------------------------------ per unit


@dataclass
class UnitRow:
    response: Response
    cells: list[str]


def key_questions(section) -> list[Question]:
    return list(Question.objects.filter(section=section, type__in=KEY_KINDS).order_by("order", "id")[:KEY_COLUMNS])


def _cell(question, values: list[Answer], labels) -> str:
    if not values:
        return ""
    if question.type in CHOICE_KINDS:
        return "; ".join(labels.get((question.list_name, a.choice), a.choice) for a in values)
    number = values[0].number
    if number is None:
        return ""
    return format_number(number, 0 if number == number.to_integral_value() else 2)


def unit_table(view: Viewer, responses, questions: list[Question]) -> list[UnitRow]:
    """One row per response of ``responses`` (a page) with its answers to ``questions``."""
    responses = list(responses)
    found = defaultdict(list)
    if responses and questions:
        for a in Answer.objects.filter(response__in=[r.pk for r in responses],
                                       question__in=[q.pk for q in questions]).order_by("id"):
            found[(a.response_id, a.question_id)].append(a)
    labels = _labels(view.round.form)
    return [UnitRow(r, [_cell(q, found.get((r.pk, q.pk), []), labels) for q in questions]) for r in responses]


# ------------------------------------------------------------------------------ cross-tab


@dataclass(frozen=True)
class UnitRef:
    pk: int
    code: str
    name: str


@dataclass
class CrossCell:
    units: list            # units of the group with at least one
    total: int             # items counted over the group
    group_size: int

    @property
    def percent(self) -> float:
        return 100 * len(self.units) / self.group_size if self.group_size else 0.0


@dataclass
class CrossRow:
    key: str
    label: str
    item: str
    yes: CrossCell
    no: CrossCell


@dataclass
class CrossTab:
    question: Question
    choice: str
    choice_label: str
    yes_units: list
    no_units: list
    rows: list


INDICATORS = (
    ("paused_or_ineffective", "Có dự án tạm dừng hoặc được thẩm tra đánh giá chưa/không hiệu quả", "dự án"),
    ("reviews_late", "Có báo cáo đánh giá hiệu quả gửi muộn hoặc quá hạn chưa gửi", "báo cáo"),
    ("tasks_overdue", "Có nhiệm vụ được giao theo văn bản chỉ đạo quá hạn", "nhiệm vụ"),
)


def cross_questions(view: Viewer) -> list[Question]:
    """The choice questions of the visible sections, in form order (the cross-tab's choices)."""
    return list(Question.objects.filter(section__in=view.section_ids, type__in=CHOICE_KINDS)
                .select_related("section").order_by("section__order", "order", "id"))


def default_cross(view: Viewer, questions: list[Question]) -> tuple[Question | None, str]:
    """The first single-choice question of the data group with a choice "co" (else the first
    single-choice question, with its first choice)."""
    lists = choice_lists(view.round.form)
    singles = [q for q in questions if q.type == QuestionType.SELECT_ONE]
    for q in singles:
        if q.section.group == GroupKind.DATA and "co" in {c for c, _ in lists.get(q.list_name, [])}:
            return q, "co"
    for q in singles or questions:
        options = lists.get(q.list_name, [])
        if options:
            return q, options[0][0]
    return None, ""


def _indicator_counts(unit_ids, root, today: dt.date) -> dict[str, dict[int, int]]:
    projects = (Project.objects.filter(investor_unit__in=unit_ids)
                .filter(Q(state=State.PAUSED) | Q(reviews__reviewer_rating__in=NOT_EFFECTIVE))
                .order_by().values("investor_unit").annotate(n=Count("id", distinct=True)))
    late = (Review.objects.filter(unit__in=unit_ids, campaign__root_unit=root)
            .filter(Q(status__in=DONE_REVIEW, submitted_at__date__gt=F("campaign__deadline"))
                    | (~Q(status__in=DONE_REVIEW) & Q(campaign__deadline__lt=today)))
            .order_by().values("unit").annotate(n=Count("id")))
    overdue = (DirectiveTask.objects.filter(lead_unit__in=unit_ids)
               .filter(~Q(progress=Progress.DONE) & Q(due_on__lt=today))
               .order_by().values("lead_unit").annotate(n=Count("id")))
    return {"paused_or_ineffective": {r["investor_unit"]: r["n"] for r in projects},
            "reviews_late": {r["unit"]: r["n"] for r in late},
            "tasks_overdue": {r["lead_unit"]: r["n"] for r in overdue}}


def _cell_of(units, counts: dict[int, int]) -> CrossCell:
    hit = [u for u in units if counts.get(u.pk)]
    return CrossCell(hit, sum(counts.get(u.pk, 0) for u in units), len(units))


def cross_tab(view: Viewer, question: Question, choice: str, today: dt.date | None = None) -> CrossTab:
    """The submitted units that answered ``choice`` to ``question`` against the other submitted
    units, on their portfolio (six queries whatever the number of units)."""
    today = today or timezone.localdate()
    submitted = view.submitted
    units = [UnitRef(*row) for row in submitted.order_by("unit__path").values_list("unit_id", "unit__code",
                                                                                   "unit__name")]
    yes_ids = set(Answer.objects.filter(response__in=submitted.values("pk"), question=question, choice=choice)
                  .order_by().values_list("response__unit_id", flat=True))
    yes = [u for u in units if u.pk in yes_ids]
    no = [u for u in units if u.pk not in yes_ids]
    counts = _indicator_counts(submitted.values("unit_id"), view.round.root_unit, today)
    rows = [CrossRow(key, label, item, _cell_of(yes, counts[key]), _cell_of(no, counts[key]))
            for key, label, item in INDICATORS]
    label = _labels(view.round.form).get((question.list_name, choice), choice)
    return CrossTab(question, choice, label, yes, no, rows)
