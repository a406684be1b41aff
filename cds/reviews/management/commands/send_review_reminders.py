"""``manage.py send_review_reminders [--today YYYY-MM-DD] [--days-before 3] [--no-email]``

Run once a day by cron or a systemd timer (README, "Daily jobs"). Who is reminded of
what, and when: :mod:`cds.reviews.reminders`; this command reads the options, runs it and
prints the counts.
"""
from cds.notifications.commands import ReminderCommand
from cds.reviews.reminders import send_review_reminders


class Command(ReminderCommand):
    help = "Nhắc hạn, báo quá hạn báo cáo đánh giá hiệu quả (chạy hằng ngày; chạy lại trong ngày không gửi trùng)."

    days_before = 3
    days_unit = "ngày"

    def handle(self, *args, **options):
        today, days_before, email = self.reminder_options(options)
        out = send_review_reminders(today, days_before=days_before, email=email)
        self.stdout.write(f"Ngày {today:%d/%m/%Y}: {out.campaigns} đợt đánh giá đang thu thập báo cáo.")
        self.stdout.write(self.style.SUCCESS(
            f"Đã gửi {out.sent} thông báo, bỏ qua {out.skipped} đã gửi"
            + (f" ({out.emails} thư điện tử)." if out.emails else ".")))
        self.stdout.write(f"Nhiệm vụ/dự án đang vận hành hoặc đã quyết toán chưa được đánh giá trong chu kỳ hiện tại "
                          f"(báo cáo năm {today.year - 1}): {out.stale}.")
