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
    """Three queries whatever the number of systems: the links, the concluded reviews of their
    projects, the problems of the latest ones."""
    running = [sid for sid, s in world.systems.items() if s["lifecycle"] == Lifecycle.OPERATE]
    if not running:
        return []
    systems_of = defaultdict(list)
    for sid, pid in (SystemProject.objects.filter(system_id__in=running, role__in=BUILT_ROLES)
                     .values_list("system_id", "project_id")):
        systems_of[pid].append(sid)
    if not systems_of:
        return []
    latest: dict[int, tuple] = {}  # project → (review id, rating, campaign name), its latest concluded review
    for rid, pid, rating, campaign in (
            Review.objects.filter(project_id__in=list(systems_of), status__in=CONCLUDED)
            .order_by("project_id", "-campaign__period_year", "-campaign__deadline", "-reviewed_at", "-pk")
            .values_list("pk", "project_id", "reviewer_rating", "campaign__name")):
        latest.setdefault(pid, (rid, rating, campaign))
    flagged = {rid: (pid, rating, campaign) for pid, (rid, rating, campaign) in latest.items()
               if rating in UNUSED_RATINGS}
    if not flagged:
        return []
    problems = defaultdict(list)
    for rid, name in (Review.problems.through.objects.filter(review_id__in=list(flagged),
                                                             problemtype__code__in=UNUSED_PROBLEMS)
                      .order_by("problemtype__sort_order").values_list("review_id", "problemtype__name")):
        problems[rid].append(name)
    out = []
    for rid, names in problems.items():
        pid, rating, campaign = flagged[rid]
        text = (f"Đang vận hành nhưng đợt đánh giá «{campaign}» kết luận dự án xây dựng, nâng cấp hệ thống "
                f"“{Rating(rating).label}”: {'; '.join(names)}.")
        out.extend(Finding(CODE, sid, text.replace("{", "{{").replace("}", "}}"), severity="warning")
                   for sid in systems_of[pid])
    return out
