"""``manage.py load_demo`` — load the demo province (idempotent) and print the demo accounts.

The first run builds tỉnh Sơn Lâm (units with the 2025 reorganisation, one account per role and
per investor unit, ~100 projects with their history, ledger and documents) and a ministry as a
second root, all in one transaction.  Later runs find the root unit and build nothing; every run
sets the demo accounts' password to ``settings.DEMO_PASSWORD`` again and prints the account table.
The loading is :func:`cds.demo.load.load_demo`; this command checks the mode, calls it and prints.
"""
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cds.demo import ROOT_CODE
from cds.demo.builder import account_table
from cds.demo.load import load_demo

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


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
        loaded = load_demo(on_build=lambda: self.stdout.write("Đang tạo dữ liệu mẫu tỉnh Sơn Lâm…"))
        if not loaded.built:
            self.stdout.write(f"Dữ liệu mẫu đã có (đơn vị gốc {ROOT_CODE}); không tạo lại, chỉ đặt lại mật khẩu "
                              "các tài khoản mẫu.")
        else:
            self.stdout.write(self.style.SUCCESS(loaded.summary()))
            if loaded.skipped:
                self.stdout.write(self.style.WARNING(
                    f"Bỏ qua {loaded.skipped} bước có ngày sau hôm nay (đồng hồ máy sớm hơn dữ liệu mẫu)."))
        self.stdout.write("")
        self.stdout.write(f"Tài khoản dùng thử — mật khẩu: {settings.DEMO_PASSWORD} (đặt bằng biến môi trường "
                          "DEMO_PASSWORD):")
        self.stdout.write(account_table())
        if settings.EMAIL_BACKEND == FILE_BACKEND:
            self.stdout.write(f"Thư điện tử của bản trình diễn (nhắc hạn, thông báo) không gửi đi và không in ra "
                              f"đây: mỗi lần gửi là một tệp trong thư mục {settings.EMAIL_FILE_PATH}.")
        self.stdout.write(f"({time.monotonic() - started:.1f} giây)")
