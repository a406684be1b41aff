"""``manage.py find_overlaps --csv FILE --column NAME [--threshold X] --out PAIRS.csv``

Finds the pairs of likely-overlapping projects inside any CSV list of project names — a list
from another province, an export of a ministry's plan — *without touching the database*. The
reading, matching and writing are in :mod:`cds.overlap.csv_scan` (input and output formats
described there); this command reads the options, calls it and prints.

Output (``--out FILE``, or ``--out -`` for standard output)
    ``row_a,row_b,score,name_a,name_b,explanation`` — one line per pair with score at least
    the threshold (``DEFAULT_THRESHOLD`` of the engine unless ``--threshold`` is given;
    ``--threshold 0`` lists every pair). The file is written only when everything succeeded.
    A one-line summary goes to stderr.

Examples::

    python manage.py find_overlaps --csv ds_ha_giang.csv --column "Tên dự án" --out cap_trung.csv
    python manage.py find_overlaps --csv ds.csv --column name --threshold 0.6 --out -
"""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cds.overlap import csv_scan
from cds.text.matching import DEFAULT_THRESHOLD


class Command(BaseCommand):
    help = ("Tìm các cặp tên dự án có thể trùng lặp trong một tệp CSV (không dùng cơ sở dữ liệu); "
            "ghi row_a,row_b,score,name_a,name_b,explanation.")

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True, dest="csv_path", metavar="FILE",
                            help="Tệp CSV UTF-8 (phân cách bằng dấu phẩy, chấm phẩy hoặc tab).")
        parser.add_argument("--column", required=True, help="Tên cột chứa tên dự án.")
        parser.add_argument("--threshold", type=float, default=None,
                            help=f"Ngưỡng điểm từ 0 đến 1 (mặc định {DEFAULT_THRESHOLD}; 0 = mọi cặp).")
        parser.add_argument("--out", required=True, help="Tệp kết quả CSV, hoặc “-” để in ra màn hình.")

    def handle(self, *args, csv_path, column, threshold, out, **options):
        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        if not 0 <= threshold <= 1:  # also rejects NaN
            raise CommandError(f"Ngưỡng phải nằm trong khoảng 0 đến 1 (đã cho {threshold:g}).")
        try:
            out_path = None if out == "-" else csv_scan.check_target(out)
            found = csv_scan.scan(Path(csv_path), column, threshold)
            if out_path is None:
                csv_scan.write_rows(self.stdout, found.lines())
                target = "đầu ra chuẩn"
            else:
                csv_scan.write_file(out_path, found.lines())
                target = out
        except csv_scan.CsvScanError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(found.summary(target))
