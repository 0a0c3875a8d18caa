"""One timed run of the CLI, as the benchmark scripts here make it.

Each run writes a new folder under the scratch folder, and nothing is deleted until the series
is over. Why: on a file system without a journal (this VM's), ext4 will not give a new file an
inode deleted in the last seconds to minutes, and looks past every such inode for one it may
use. Deleting the last run's output before each run made that search most of a small spec's
time (perf: 78 % of the CPU of 30 runs of the petstore spec, in the threads creating the
files), a cost of the benchmark's own deletions that nobody generating a crate pays.

`sync` before every run, so that no run pays for writing back another's files.
"""

import itertools
import os
import subprocess
import time

_numbers = itertools.count()


def run_once(binary, spec, scratch):
    """Seconds `binary generate` took on `spec`, into a new folder under `scratch`."""
    out = os.path.join(scratch, f"out-{next(_numbers)}")
    subprocess.run(["sync"], check=True)
    start = time.perf_counter()
    subprocess.run(
        [binary, "generate", "--quiet", "--out", out, spec],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, out
