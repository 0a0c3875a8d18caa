#!/usr/bin/env python3
"""Generation time per MB of spec, for every spec of the corpus beside Stripe, in the same minutes.

Issue 16 asks that no spec of the corpus be slower per MB than Stripe. This VM's speed drifts by a
third within minutes, so the specs are run round-robin (`--rounds` rounds, each spec once per
round, each as `runs.py` makes it) and each spec's median is compared with
Stripe's median from the same rounds.

Three figures per spec:
- *s per MB*: median wall time over the spec's size;
- *beyond the floor, s per MB*: the same after the floor is taken off, the median time of the
  smallest spec of the corpus (a process that starts, reads a few hundred bytes and writes the
  runtime's files; no spec can cost less);
- *beyond the floor, s per MB written*: the same over the size of the files written (the Rust
  and `Cargo.toml`; specs differ in how much code a byte of spec becomes: an operation is a
  client method, a server route and its types).

    python3 bench/scripts/per_mb.py --cli target/release/oasgen --rounds 9 \
        --corpus ../shared/corpus --giant ../shared/giants/stripe-spec3.yaml
"""

import argparse
import os
import shutil
import statistics
import tempfile

from runs import run_once


def folder_bytes(folder):
    return sum(
        os.path.getsize(os.path.join(root, name))
        for root, _, names in os.walk(folder)
        for name in names
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True, help="the oasgen CLI to time")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--corpus", default="../shared/corpus")
    parser.add_argument("--giant", default="../shared/giants/stripe-spec3.yaml")
    parser.add_argument("--min-kb", type=float, default=0.0,
                        help="leave out corpus specs smaller than this (KB; the floor is run "
                        "whatever its size)")
    args = parser.parse_args()
    corpus = sorted(
        os.path.join(args.corpus, name)
        for name in os.listdir(args.corpus)
        if name.endswith((".json", ".yaml", ".yml"))
        and os.path.getsize(os.path.join(args.corpus, name)) > 0
    )
    floor_spec = min(corpus, key=os.path.getsize)
    specs = [
        spec
        for spec in corpus
        if spec == floor_spec or os.path.getsize(spec) >= args.min_kb * 1024
    ]
    specs.append(args.giant)
    sizes = {spec: os.path.getsize(spec) / 1e6 for spec in specs}
    times = {spec: [] for spec in specs}
    written = {}
    scratch = tempfile.mkdtemp(prefix="oasgen-per-mb-")
    try:
        for _ in range(args.rounds):
            for spec in specs:
                took, out = run_once(args.cli, spec, scratch)
                times[spec].append(took)
                written[spec] = folder_bytes(out) / 1e6
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    median = {spec: statistics.median(times[spec]) for spec in specs}
    floor = median[floor_spec]
    giant = args.giant
    giant_per_mb = median[giant] / sizes[giant]
    giant_beyond = max(median[giant] - floor, 1e-9) / sizes[giant]
    giant_written = max(median[giant] - floor, 1e-9) / written[giant]
    print(f"floor: {os.path.basename(floor_spec)}, {floor * 1000:.1f} ms; "
          f"{args.rounds} rounds")
    print("| spec | MB | MB written | median s (min) | s per MB | beyond the floor, s per MB "
          "(× Stripe) | beyond the floor, s per MB written (× Stripe) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for spec in sorted(specs, key=lambda spec: -sizes[spec]):
        size = sizes[spec]
        beyond = max(median[spec] - floor, 0.0)
        print(f"| {os.path.basename(spec).rsplit('.', 1)[0]} | {size:.3f} | {written[spec]:.2f} "
              f"| {median[spec]:.3f} ({min(times[spec]):.3f}) | {median[spec] / size:.3f} "
              f"| {beyond / size:.3f} ({beyond / size / giant_beyond:.2f}) "
              f"| {beyond / written[spec]:.3f} ({beyond / written[spec] / giant_written:.2f}) |")
    print(f"Stripe: {giant_per_mb:.3f} s per MB, {giant_beyond:.3f} beyond the floor, "
          f"{giant_written:.3f} per MB written")


if __name__ == "__main__":
    main()
