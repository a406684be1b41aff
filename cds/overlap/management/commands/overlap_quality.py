"""``python manage.py overlap_quality [--corpus PATH] [--threshold X] [--cv K] [--off SIGNAL …]
[--char-weight W] [--ablation] [--grid] [--errors N]``

Prints precision, recall and F1 of the matching engine on a labelled corpus of names (every
pair, and the hard pairs), the average precision of its score, top-1 accuracy and the baseline
of exact normalised-name match; then the F1 of a threshold chosen by cross-validation (folds by
source, else by file, else by province), and — with the learned pair score on — its own
cross-validation, the model refitted on the other folds (the stored model may have been trained
on the very names measured; this figure never is). Without ``--corpus`` it measures the team's corpus
(tests/fixtures/overlap) and every real-name corpus kept in tests/fixtures/overlap/real.
``--off`` switches signals off, ``--ablation`` prints the table with each one off, ``--grid``
F1 along thresholds, ``--errors`` the worst mistakes. Reads files only; no database."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cds.overlap import quality
from cds.text.matching import CHAR_WEIGHT


class Command(BaseCommand):
    help = "Đo chất lượng bộ máy phát hiện trùng lặp trên tập tên đã gán nhãn."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--corpus", action="append", default=None,
                            help="Tệp CSV (group,name[,province,source]) hoặc thư mục names*.csv; lặp lại được.")
        parser.add_argument("--threshold", type=float, default=None,
                            help="Ngưỡng (mặc định: ngưỡng của sản phẩm cho điểm đang đo).")
        parser.add_argument("--cv", type=int, default=5, help="Số phần kiểm định chéo (mặc định 5).")
        parser.add_argument("--off", nargs="*", default=[], choices=quality.Signals.SWITCHES,
                            help="Tắt các tín hiệu này.")
        parser.add_argument("--char-weight", type=float, default=CHAR_WEIGHT)
        parser.add_argument("--ablation", action="store_true", help="Bảng bật/tắt từng tín hiệu.")
        parser.add_argument("--grid", action="store_true", help="F1 theo từng ngưỡng.")
        parser.add_argument("--errors", type=int, default=0, metavar="N",
                            help="In N cặp sai nặng nhất mỗi loại (dương giả, âm giả).")

    def handle(self, *args, corpus, threshold, cv, off, char_weight, ablation, grid, errors, **options):
        if (threshold is not None and not 0 <= threshold <= 1) or not 0 <= char_weight <= 1:
            raise CommandError("Ngưỡng và trọng số ký tự phải nằm trong khoảng 0–1.")
        if cv < 2:
            raise CommandError("Kiểm định chéo cần ít nhất 2 phần.")
        # a relative path is looked up from here, then from the fixture folder ("real/names_dev.csv")
        paths = [Path(p) if Path(p).exists() or not (quality.FIXTURES / p).exists() else quality.FIXTURES / p
                 for p in corpus] if corpus else [quality.FIXTURES, *quality.real_corpora()]
        try:
            signals = quality.Signals(char_weight=char_weight).without(*off)
            for path in paths:
                self._one(path, threshold, cv, signals, ablation, grid, errors)
        except quality.CorpusError as e:
            raise CommandError(str(e)) from e

    def _one(self, path, threshold, cv, signals, ablation, grid, errors):
        names = quality.load_names(path)
        if len({n.group for n in names}) < 2:
            raise quality.CorpusError(f"Tập {path} cần ít nhất hai nhóm mục đích.")
        threshold = signals.threshold if threshold is None else threshold
        scored = quality.Scored(names, signals, floor=min(min(quality.GRID), threshold))
        self.stdout.write(quality.evaluate(names, threshold, signals=signals, corpus=path, scored=scored).text())
        self.stdout.write(quality.cross_validate(names, cv, signals, scored=scored).text())
        if signals.learned and scored.features is not None:
            try:
                self.stdout.write(quality.learned_cross_validate(names, cv, scored, threshold=threshold).text())
            except quality.CorpusError as e:
                self.stdout.write(str(e))
        if errors:
            self.stdout.write(quality.errors(names, scored, threshold, errors))
        if ablation:
            self.stdout.write(quality.ablation_text(quality.ablation(names, cv, path, signals, threshold)))
        if grid:
            self.stdout.write("ngưỡng  F1 mọi cặp  F1 cặp khó")
            grid = quality.PROB_GRID if signals.learned else quality.GRID
            for t, f_all, f_hard in quality.best_threshold(names, grid, signals=signals, corpus=path):
                self.stdout.write(f"{t:6.2f}  {f_all:10.3f}  {f_hard:10.3f}")
        self.stdout.write("")
