"""The reviews' finding on the systems map: a system in operation whose project's latest
concluded review says it is not used.

"Not used": the CĐS authority rated the project (its latest review accepted or decided) "Chưa
hiệu quả" or "Không hiệu quả" and the review reports one of ``UNUSED_PROBLEMS`` — users do not
use the functions (UNUSED_FUNCTIONS) or the infrastructure stands without the software to use it
(NO_SOFTWARE). Registered with :func:`cds.systems.findings.register` from ``ReviewsConfig.ready``.
"""
from __future__ import annotations

from collections import defaultdict

from cds.systems.findings import Finding, World
from cds.systems.models import Lifecycle, SystemProject

from .models import Rating, Review, ReviewStatus
from .selectors import BUILT_ROLES

CODE = "unused_per_review"
TITLE = "Đang vận hành nhưng kết quả đánh giá cho thấy không được sử dụng"
UNUSED_RATINGS = (Rating.NOT_YET, Rating.INEFFECTIVE)
UNUSED_PROBLEMS = ("UNUSED_FUNCTIONS", "NO_SOFTWARE")
CONCLUDED = (ReviewStatus.ACCEPTED, ReviewStatus.DECIDED)


def unused_per_review(world: World) -> list[Finding]:
    """Three queries whatever the data (none of them depends on what an earlier one found): the
    links of systems in operation to the projects that built them, the concluded reviews of
    those projects, the "unused" problems of those rated not effective."""
    built = SystemProject.objects.filter(role__in=BUILT_ROLES, system__lifecycle=Lifecycle.OPERATE)
    systems_of = defaultdict(list)
    for sid, pid in built.values_list("system_id", "project_id"):
        if sid in world.systems:
            systems_of[pid].append(sid)
    concluded = Review.objects.filter(status__in=CONCLUDED, project__in=built.values("project_id"))
    latest: dict[int, tuple] = {}  # project → (review id, rating, campaign name) of its latest concluded review
    for rid, pid, rating, campaign in (
            concluded.order_by("project_id", "-campaign__period_year", "-campaign__deadline", "-reviewed_at", "-pk")
            .values_list("pk", "project_id", "reviewer_rating", "campaign__name")):
        latest.setdefault(pid, (rid, rating, campaign))
    problems = defaultdict(list)
    for rid, name in (Review.problems.through.objects
                      .filter(review__in=concluded.filter(reviewer_rating__in=UNUSED_RATINGS).values("pk"),
                              problemtype__code__in=UNUSED_PROBLEMS)
                      .order_by("problemtype__sort_order").values_list("review_id", "problemtype__name")):
        problems[rid].append(name)
    out = []
    for pid, (rid, rating, campaign) in latest.items():
        if rating not in UNUSED_RATINGS or not problems.get(rid) or pid not in systems_of:
            continue
        text = (f"Đang vận hành nhưng đợt đánh giá «{campaign}» kết luận dự án xây dựng, nâng cấp hệ thống "
                f"“{Rating(rating).label}”: {'; '.join(problems[rid])}.")
        out.extend(Finding(CODE, sid, text.replace("{", "{{").replace("}", "}}"), severity="warning")
                   for sid in systems_of[pid])
    return out
