"""One timed run of the CLI, as the benchmark scripts here make it: into an emptied folder (so
oasgen cannot skip unchanged files), after `sync` (so that no run pays for writing back the
previous run's files). With `--quiet` unless `loud`: then the CLI prints its warnings, each
with its line and column (what a user running `oasgen generate` waits for).
"""

import os
import shutil
import subprocess
import time


def run_once(binary, spec, scratch, loud=False):
    """Seconds `binary generate` took on `spec`, and the folder it wrote (under `scratch`)."""
    out = os.path.join(scratch, "out")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(["sync"], check=True)
    quiet = [] if loud else ["--quiet"]
    start = time.perf_counter()
    subprocess.run(
        [binary, "generate", *quiet, "--out", out, spec],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, out
