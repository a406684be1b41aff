"""``manage.py send_directive_reminders [--today YYYY-MM-DD] [--days-before 3] [--no-email]``

Run once a day by cron or a systemd timer, like the other reminder jobs (README, "Daily
jobs"). Who is reminded of what, and when: :mod:`cds.directives.reminders`; this command reads
the options, runs it and prints the counts.
"""
from cds.directives.reminders import send_directive_reminders
from cds.notifications.commands import ReminderCommand


class Command(ReminderCommand):
    help = "Nhắc hạn và báo quá hạn các nhiệm vụ được giao tại văn bản chỉ đạo (chạy hằng ngày; chạy lại không gửi trùng)."

    days_before = 3

    def handle(self, *args, **options):
        today, days_before, email = self.reminder_options(options)
        out = send_directive_reminders(today, days_before=days_before, email=email)
        self.stdout.write(f"Ngày {today:%d/%m/%Y}: xét {out.tasks} nhiệm vụ chưa hoàn thành gần hoặc quá hạn; "
                          f"sắp đến hạn {out.due}, quá hạn {out.overdue}.")
        self.stdout.write(self.style.SUCCESS(f"Đã gửi {out.sent} thông báo, bỏ qua {out.skipped} đã gửi."))
