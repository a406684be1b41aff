"""``manage.py refresh_procurement_warnings [--unit CODE] [--today YYYY-MM-DD]``

Rebuilds the warning signs of the packages of one unit (``--unit``, the investor's code) or of
every unit that has packages, through :func:`cds.procurement.signals.refresh_units`. The services
rebuild a unit's warnings whenever its packages change; this command is for what changes with
time alone (a contract passing its date, the window of the contractor shares) and after the rule
data or a province's cut-offs change. Run daily with the other jobs; a second run gives the same
warnings.
"""
import datetime as dt
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cds.orgs.models import Unit
from cds.procurement import signals
from cds.procurement.models import Package, Warning
from cds.text.format import num


class Command(BaseCommand):
    help = ("Tính lại các dấu hiệu cảnh báo đấu thầu của gói thầu một đơn vị (--unit) hoặc của mọi đơn vị có gói "
            "thầu.")

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Mã đơn vị chủ đầu tư (mặc định: mọi đơn vị có gói thầu).")
        parser.add_argument("--today", help="Ngày xét, dạng YYYY-MM-DD (mặc định: hôm nay).")

    def handle(self, *args, **options):
        try:
            day = dt.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError:
            raise CommandError("--today phải có dạng YYYY-MM-DD.") from None
        code = (options["unit"] or "").strip()
        if options["unit"] is not None:
            if not code:
                raise CommandError("Chưa nhập mã đơn vị sau --unit.")
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã “{code}”.")
            unit_ids = [unit.pk]
        else:
            unit_ids = sorted(set(Package.objects.values_list("unit_id", flat=True).distinct()))
        with transaction.atomic():
            written = signals.refresh_units(unit_ids, today=day)
        titles = signals.titles()
        counts = Counter(Warning.objects.filter(unit_id__in=unit_ids).values_list("code", flat=True))
        packages = Package.objects.filter(unit_id__in=unit_ids).count()
        for check, count in sorted(counts.items()):
            self.stdout.write(f"  {titles.get(check, check)}: {num(count)}")
        self.stdout.write(self.style.SUCCESS(
            f"Đã tính lại dấu hiệu cảnh báo của {num(len(unit_ids))} đơn vị, {num(packages)} gói thầu: "
            f"{num(written)} dấu hiệu."))
