"""One timed run of the CLI, as the benchmark scripts here make it: into an emptied folder (so
oasgen cannot skip unchanged files), after `sync` (so that no run pays for writing back the
previous run's files).
"""

import os
import shutil
import subprocess
import time


def run_once(binary, spec, scratch):
    """Seconds `binary generate` took on `spec`, and the folder it wrote (under `scratch`)."""
    out = os.path.join(scratch, "out")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(["sync"], check=True)
    start = time.perf_counter()
    subprocess.run(
        [binary, "generate", "--quiet", "--out", out, spec],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, out
