"""``manage.py compute_project_signals [--date YYYY-MM-DD] [--quarters N]``

Computes every project's cost and schedule signals at the ends of the last quarters up to the day
(:func:`cds.rankings.signals.refresh`) and opens the follow-up items that are due: a project red
two quarters running; from 30/09, a project behind the year's capital plan. Run daily with the
other jobs; a second run the same day changes nothing and opens nothing.
"""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cds.core.errors import ServiceError
from cds.rankings import signals
from cds.text.format import num, vndate


class Command(BaseCommand):
    help = ("Tính chênh lệch chi phí, tiến độ của các dự án theo quý và mở việc theo dõi các dự án ở mức đỏ "
            "hai quý liên tiếp hoặc giải ngân chậm so với kế hoạch vốn năm.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--quarters", default=str(signals.QUARTERS),
                            help=f"Số quý tính lại, tính đến ngày tính (mặc định {signals.QUARTERS}).")

    def handle(self, *args, **options):
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError("--date phải là một ngày có dạng YYYY-MM-DD.") from None
        if not dt.date(2000, 1, 1) <= day <= dt.date(2099, 12, 31):
            raise CommandError("--date phải trong khoảng 2000–2099.")
        text = str(options["quarters"]).strip()
        if not text.isascii() or not text.isdigit():
            raise CommandError(f"--quarters phải là số nguyên từ 1 đến {signals.MAX_QUARTERS}.")
        try:
            counts = signals.refresh(day, quarters=int(text))
        except ServiceError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"  Cuối quý {vndate(counts['quarter_end'])}: đỏ {num(counts['red'])}, vàng {num(counts['yellow'])}, "
            f"xanh {num(counts['green'])}, chưa đủ dữ liệu {num(counts['none'])}; xấu đi so với quý trước "
            f"{num(counts['worse'])}.")
        self.stdout.write(self.style.SUCCESS(
            f"Đã tính {num(counts['signals'])} chỉ số của {num(counts['projects'])} dự án; mở "
            f"{num(counts['alerts_red_twice'])} việc theo dõi dự án đỏ hai quý liên tiếp, "
            f"{num(counts['alerts_behind'])} việc theo dõi giải ngân chậm."))
