"""``manage.py send_appraisal_reminders [--today YYYY-MM-DD] [--days-before 2] [--no-email]``

Run once a day by cron or a systemd timer, like ``send_review_reminders`` (README,
"Daily jobs"). Who is reminded of what, and when: :mod:`cds.appraisal.reminders`; this
command reads the options, runs it and prints the counts.
"""
from cds.appraisal.reminders import send_appraisal_reminders
from cds.notifications.commands import ReminderCommand


class Command(ReminderCommand):
    help = ("Nhắc hạn, báo quá hạn thẩm định, phê duyệt hồ sơ và trả lời ý kiến phối hợp; báo cáo lãnh đạo "
            "ý kiến quá hạn (chạy hằng ngày; chạy lại trong ngày không gửi trùng).")

    days_before = 2

    def handle(self, *args, **options):
        today, days_before, email = self.reminder_options(options)
        out = send_appraisal_reminders(today, days_before=days_before, email=email)
        self.stdout.write(f"Ngày {today:%d/%m/%Y}: xét {out.dossiers} hồ sơ gần hoặc quá hạn, "
                          f"{out.opinions} ý kiến phối hợp chưa trả lời.")
        self.stdout.write(f"Hồ sơ sắp đến hạn thẩm định: {out.due}; quá hạn thẩm định: {out.overdue}; "
                          f"quá hạn phê duyệt: {out.approval_overdue}.")
        self.stdout.write(f"Ý kiến sắp đến hạn trả lời: {out.opinions_due}; quá hạn trả lời: {out.opinions_overdue}; "
                          f"báo cáo lãnh đạo lần này: {out.escalated}.")
        self.stdout.write(self.style.SUCCESS(
            f"Đã gửi {out.sent} thông báo, bỏ qua {out.skipped} đã gửi"
            + (f" ({out.emails} thư điện tử)." if out.emails else ".")))
