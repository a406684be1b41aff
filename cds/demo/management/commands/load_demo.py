"""``manage.py load_demo`` — load the demo province (idempotent) and print the demo accounts.

The first run builds tỉnh Sơn Lâm (units with the 2025 reorganisation, one account per role and
per investor unit, ~100 projects with their history, ledger and documents) and a ministry as a
second root, all in one transaction.  Later runs find the root unit and build nothing; every run
sets the demo accounts' password to ``settings.DEMO_PASSWORD`` again and prints the account table.
"""
import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cds.demo import ROOT_CODE
from cds.demo.builder import DemoBuilder, account_table, reset_passwords
from cds.orgs.models import Unit
from cds.projects.models import Project, State


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tỉnh Sơn Lâm và Bộ KH&CN) và in danh sách tài khoản dùng thử."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Cho phép chạy khi không ở chế độ trình diễn (DEMO_MODE tắt).")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE and not options["force"]:
            raise CommandError("load_demo chỉ chạy ở chế độ trình diễn (DEMO_MODE=1): lệnh này đặt lại mật khẩu "
                               "các tài khoản mẫu, kể cả 'admin'. Dùng --force nếu thật sự muốn.")
        started = time.monotonic()
        with transaction.atomic():
            if Unit.objects.filter(code=ROOT_CODE).exists():
                self.stdout.write(f"Dữ liệu mẫu đã có (đơn vị gốc {ROOT_CODE}); không tạo lại, chỉ đặt lại mật khẩu "
                                  "các tài khoản mẫu.")
            else:
                self._build()
            reset_passwords()
        self.stdout.write("")
        self.stdout.write(f"Tài khoản dùng thử — mật khẩu: {settings.DEMO_PASSWORD} (đặt bằng biến môi trường "
                          "DEMO_PASSWORD):")
        self.stdout.write(account_table())
        self.stdout.write(f"({time.monotonic() - started:.1f} giây)")

    def _build(self):
        self.stdout.write("Đang tạo dữ liệu mẫu tỉnh Sơn Lâm…")
        builder = DemoBuilder()
        projects = builder.build()
        states = Counter(Project.objects.filter(pk__in=[p.pk for p in projects]).values_list("state", flat=True))
        summary = ", ".join(f"{State(s).label.lower()}: {n}" for s, n in states.most_common())
        self.stdout.write(self.style.SUCCESS(
            f"Đã tạo {len(builder.units)} đơn vị, {len(builder.users)} tài khoản, {len(projects)} nhiệm vụ/dự án "
            f"({summary})."))
        if builder.skipped:
            self.stdout.write(self.style.WARNING(
                f"Bỏ qua {builder.skipped} bước có ngày sau hôm nay (đồng hồ máy sớm hơn dữ liệu mẫu)."))
