"""``manage.py sync_review_difficulties``

Brings the difficulties already written in effectiveness reviews into the bottleneck register
(new ones join it as they are written). Safe to run again: an issue already in the register is
left as it is."""
from django.core.management.base import BaseCommand

from cds.reviews.models import IssueKind, ReviewIssue
from cds.surveys.services.bottlenecks import from_review_issue


class Command(BaseCommand):
    help = "Đưa các khó khăn, vướng mắc đã ghi trong báo cáo đánh giá hiệu quả vào danh sách điểm nghẽn (chạy lại không tạo trùng)."

    def handle(self, *args, **options):
        issues = (ReviewIssue.objects.filter(kind=IssueKind.DIFFICULTY)
                  .select_related("review__unit", "review__project", "review__prepared_by", "answered_by")
                  .order_by("pk"))
        total = present = created = 0
        for issue in issues.filter(bottleneck__isnull=True).iterator():
            created += from_review_issue(issue) is not None
        total = issues.count()
        present = total - created
        self.stdout.write(f"Xét {total} khó khăn, vướng mắc trong báo cáo đánh giá: "
                          f"thêm mới {created}, đã có trong danh sách {present}.")
