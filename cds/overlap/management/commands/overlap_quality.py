"""``python manage.py overlap_quality [--threshold X] [--grid]``

Prints precision, recall and F1 of the matching engine on the labelled names of
``tests/fixtures/overlap`` (every pair, and the labelled hard pairs of ``pairs.csv``), top-1
accuracy, and the same for the baseline of exact normalised-name match; ``--grid`` shows F1
along thresholds (how ``DEFAULT_THRESHOLD`` was chosen). Reads files only; no database."""
from django.core.management.base import BaseCommand

from cds.overlap import quality
from cds.text.matching import DEFAULT_THRESHOLD


class Command(BaseCommand):
    help = "Đo chất lượng bộ máy phát hiện trùng lặp trên tập tên đã gán nhãn."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
        parser.add_argument("--grid", action="store_true")

    def handle(self, *args, threshold, grid, **options):
        self.stdout.write(quality.evaluate(threshold=threshold).text())
        for name, t, scores in quality.held_out():
            self.stdout.write(f"Ngưỡng chọn trên tệp {name[0]}, đo trên tệp {name[-1]} (ngưỡng {t}): {scores.row()}")
        if grid:
            self.stdout.write("ngưỡng  F1 mọi cặp  F1 cặp khó")
            for t, f_all, f_hard in quality.best_threshold():
                self.stdout.write(f"{t:6.2f}  {f_all:10.3f}  {f_hard:10.3f}")
