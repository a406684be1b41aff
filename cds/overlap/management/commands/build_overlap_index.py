"""``python manage.py build_overlap_index`` — build the duplicate-detection index over the whole
registry and publish it (``settings.OVERLAP_INDEX_DIR``) for every server process, which maps it
instead of building its own. Run at deployment, after loading data, and daily (``scan_overlaps``
runs it first); the processes follow saves in between and switch to a new build by themselves."""
from django.core.management.base import BaseCommand

from cds.overlap import services


class Command(BaseCommand):
    help = "Xây dựng chỉ mục phát hiện trùng lặp cho toàn bộ danh mục (dùng chung cho mọi tiến trình máy chủ)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=None,
                            help="Thư mục chỉ mục (mặc định: OVERLAP_INDEX_DIR).")
        parser.add_argument("--no-wait", action="store_true",
                            help="Nếu một lần xây dựng khác đang chạy thì thôi, không chờ.")

    def handle(self, *args, directory, no_wait, **options):
        built = services.build_index(directory, wait=not no_wait)
        if built is None:
            self.stdout.write("Một lần xây dựng chỉ mục trùng lặp khác đang chạy; lần này bỏ qua.")
            return
        self.stdout.write(f"Đã xây dựng chỉ mục trùng lặp: {built['rows']:,} dòng, "
                          f"{built['bytes'] / 1024 / 1024:.1f} MB, {built['seconds']:.1f} giây ({built['path']}).")
