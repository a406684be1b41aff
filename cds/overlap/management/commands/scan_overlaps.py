"""``python manage.py scan_overlaps [--threshold X]`` — run daily (cron/systemd timer).

First rebuilds the shared overlap index (as ``build_overlap_index``: the day's saves join the
built index and new words get their weights), then compares every project with every other and with the platform catalogue and queues the new
pairs above the threshold as "chờ xem xét" (pairs already in the queue, or already decided, are
left as they are: idempotent). Saves queue their own pairs as they happen; the scan catches up
on imports and on rows whose neighbours changed."""
from django.core.management.base import BaseCommand, CommandError

from cds.overlap import services


class Command(BaseCommand):
    help = "Quét toàn bộ danh mục, đưa các cặp nghi trùng lặp mới vào danh sách chờ xem xét."

    def add_arguments(self, parser):
        parser.add_argument("--threshold", type=float, default=None,
                            help="Ngưỡng đưa vào danh sách chờ xem xét (mặc định: ngưỡng hàng đợi, 0,5).")

    def handle(self, *args, threshold, **options):
        threshold = services.queue_threshold() if threshold is None else threshold
        if not 0 < threshold <= 1:
            raise CommandError("Ngưỡng phải lớn hơn 0 và không quá 1.")
        built = services.build_index()
        self.stdout.write(f"Đã xây dựng chỉ mục trùng lặp: {built['rows']:,} dòng, {built['seconds']:.1f} giây.")
        added = services.scan(threshold=threshold)
        self.stdout.write(f"Đã quét: {added} cặp nghi trùng lặp mới (ngưỡng {threshold:g}).")
