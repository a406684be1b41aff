"""The options every daily reminder job shares (``send_review_reminders``,
``send_appraisal_reminders``, ``send_directive_reminders``): ``--today``, ``--days-before``,
``--no-email``, checked the same way with the same Vietnamese messages."""
from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class ReminderCommand(BaseCommand):
    days_before = 3
    days_unit = "ngày làm việc"   # how ``--days-before`` is counted, for the help text

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày chạy, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--days-before", type=int, default=self.days_before,
                            help=f"Bắt đầu nhắc từ bao nhiêu {self.days_unit} trước hạn (mặc định {self.days_before}; "
                                 "luôn nhắc vào ngày hạn).")
        parser.add_argument("--no-email", action="store_true", help="Chỉ tạo thông báo trong hệ thống, không gửi thư.")

    def reminder_options(self, options) -> tuple[dt.date, int, bool]:
        """(today, days before, send e-mail) from the command line, or a CommandError."""
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today phải có dạng YYYY-MM-DD, ví dụ 2026-01-28.") from None
        if options["days_before"] < 0:
            raise CommandError("--days-before không được âm.")
        return today, options["days_before"], not options["no_email"]
