"""``manage.py send_survey_reminders [--today YYYY-MM-DD] [--days-before 3] [--no-email]``

Run once a day by cron or a systemd timer (README, "Daily jobs"). Who is reminded of what,
and when: :mod:`cds.surveys.reminders`; this command reads the options, runs it and prints
the counts.
"""
from cds.notifications.commands import ReminderCommand
from cds.surveys.reminders import send_survey_reminders


class Command(ReminderCommand):
    help = "Nhắc hạn, báo quá hạn phiếu khảo sát (chạy hằng ngày; chạy lại trong ngày không gửi trùng)."

    days_before = 3
    days_unit = "ngày"

    def handle(self, *args, **options):
        today, days_before, email = self.reminder_options(options)
        out = send_survey_reminders(today, days_before=days_before, email=email)
        self.stdout.write(f"Ngày {today:%d/%m/%Y}: {out.rounds} đợt khảo sát đang thu thập phiếu, "
                          f"{out.late_units} đơn vị trễ hạn.")
        self.stdout.write(self.style.SUCCESS(
            f"Đã gửi {out.sent} thông báo, bỏ qua {out.skipped} đã gửi"
            + (f" ({out.emails} thư điện tử)." if out.emails else ".")))
