#!/usr/bin/env python3
"""Generation time of two builds of the CLI, compared in pairs on a machine whose speed drifts.

Each pair runs the build before and the build after on one spec, in alternating order (each
run as `runs.py` makes it: `sync` first, into an emptied folder). Prints the median and minimum
wall time of each build, the median ratio after/before over the pairs with its quartiles, and how many runs
of the build after took under `--under` seconds. A pair's two runs are a second apart, so a
drift of the machine's speed moves both; the ratio is what to read.

    python3 bench/scripts/paired_runs.py --before OLD/oasgen --after NEW/oasgen \
        --pairs 20 [--loud] ../shared/giants/stripe-spec3.yaml [more specs]
"""

import argparse
import os
import shutil
import statistics
import tempfile

from runs import run_once


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the CLI built before the change")
    parser.add_argument("--after", required=True, help="the CLI built after the change")
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--under", type=float, default=0.5, help="seconds (a target)")
    parser.add_argument("--loud", action="store_true",
                        help="without --quiet: the warnings printed, located in the spec")
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="oasgen-pairs-")
    try:
        print("| spec | MB | before median s (min) | after median s (min) "
              "| after / before, median pair (quartiles) | after, s per MB | after under target |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for spec in args.specs:
            before, after = [], []
            for pair in range(args.pairs):
                order = [("before", args.before), ("after", args.after)]
                if pair % 2:
                    order.reverse()
                for which, binary in order:
                    wall, _ = run_once(binary, spec, scratch, loud=args.loud)
                    (before if which == "before" else after).append(wall)
            ratios = [a / b for a, b in zip(after, before)]
            q1, _, q3 = statistics.quantiles(ratios, n=4)
            megabytes = os.path.getsize(spec) / 1e6
            under = sum(1 for wall in after if wall < args.under)
            print(
                f"| {os.path.basename(spec)} | {megabytes:.2f} "
                f"| {statistics.median(before):.3f} ({min(before):.3f}) "
                f"| {statistics.median(after):.3f} ({min(after):.3f}) "
                f"| {statistics.median(ratios):.2f} ({q1:.2f}–{q3:.2f}) "
                f"| {statistics.median(after) / megabytes:.3f} "
                f"| {under}/{len(after)} |"
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
