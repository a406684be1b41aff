"""``python manage.py build_overlap_index`` — build the duplicate-detection index over the whole
registry and publish it (``settings.OVERLAP_INDEX_DIR``) for every server process, which maps it
instead of building its own. Run at deployment, after loading data, and daily (``scan_overlaps``
runs it first); the processes follow saves in between and switch to a new build by themselves."""
from django.core.management.base import BaseCommand

from cds.overlap import services


class Command(BaseCommand):
    help = "Xây dựng chỉ mục phát hiện trùng lặp cho toàn bộ danh mục (dùng chung cho mọi tiến trình máy chủ)."

    def handle(self, *args, **options):
        built = services.build_index()
        self.stdout.write(f"Đã xây dựng chỉ mục trùng lặp: {built['rows']:,} dòng, "
                          f"{built['bytes'] / 1024 / 1024:.1f} MB, {built['seconds']:.1f} giây ({built['path']}).")
