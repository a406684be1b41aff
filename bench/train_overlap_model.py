"""Train the learned pair score (cds/text/pair_model.py) on labelled names and store it in
cds/text/data/pair_model.json. Not part of `make test`; never run by the product.

    .venv/bin/python bench/train_overlap_model.py CORPUS.csv [CORPUS.csv …] [--c 1.0] [--cv 5]

Every pair whose cosine score reaches ``pair_model.COSINE_FLOOR`` is a training example
(positives: the same purpose group); the model is fitted on all of them. With ``--cv`` the
cross-validation by source (model refitted on the other folds) is printed first.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--cv", type=int, default=5)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    import numpy as np

    from cds.overlap import quality
    from cds.text import pair_model

    names = [n for path in args.corpus for n in quality.load_names(path)]
    scored = quality.Scored(names, quality.PRODUCT, model=None)
    if args.cv:
        print(quality.learned_cross_validate(names, args.cv, scored, args.c).text())
    groups = np.array([n.group for n in names])
    a, b = scored.pairs
    model = pair_model.fit(scored.features, groups[a] == groups[b], args.c)
    out = Path(args.out) if args.out else pair_model.MODEL_PATH
    data = model.as_json(_note="Hồi quy logistic của điểm cặp tên (bench/train_overlap_model.py); "
                               f"{len(names)} tên, {int((groups[a] == groups[b]).sum())} cặp cùng mục đích, "
                               f"C={args.c}.")
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"→ {out}")


if __name__ == "__main__":
    main()
