#!/usr/bin/env python3
"""Before/after figures for a generator change, on the specs large APIs are judged by.

For each spec: the CLI's generation time (minimum and median of fresh runs), the generated
lines, and `cargo check` of the generated crate alone (dependencies prebuilt, the crate touched
and checked again with CARGO_INCREMENTAL=0): with `client` (every group), with one group alone
(`--no-default-features --features client,<group>`, where the crate has groups), and with
CARGO_INCREMENTAL=1 after one property description of the spec changed and the crate was
regenerated. Prints a markdown table.

    python3 bench/scripts/before_after.py --before OLD/oasgen --after NEW/oasgen \
        [--runs 3] [--work target/before-after]

Both binaries are release builds of the `oasgen` CLI. Run on a quiet machine: every figure is
wall time.
"""

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPECS = [
    # (name, spec, the group checked alone, a schema whose property description is reworded)
    ("stripe-spec3", ROOT / "../shared/giants/stripe-spec3.yaml", "payment_intents", "payment_intent"),
    ("discord", ROOT / "../shared/corpus/discord.json", "channels", None),
    ("prog-nexus", ROOT / "../shared/corpus/prog-nexus.json", "instances", None),
]
EDIT = "Reworded by the before/after benchmark."


def run(command, cwd=None, env=None):
    """Runs a command; raises with its output on failure."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{done.stderr[-3000:]}")
    return done


def generate(binary, spec, out, crate):
    started = time.monotonic()
    run([binary, "generate", str(spec), "--out", str(out), "--crate-name", crate, "-q"])
    return time.monotonic() - started


def reworded(spec, schema, copy):
    """A copy of the spec with one property description changed (the first one with a
    description, of `schema` when given, else of the first schema that has one)."""
    text = spec.read_text()
    if spec.suffix == ".json":
        document = json.loads(text)
        schemas = document["components"]["schemas"]
        names = [schema] if schema else sorted(schemas)
        for name in names:
            for prop in schemas[name].get("properties", {}).values():
                if isinstance(prop, dict) and "description" in prop:
                    prop["description"] = EDIT
                    copy.write_text(json.dumps(document, indent=2))
                    return
        raise RuntimeError(f"no property description in {spec}")
    # YAML: the first `description:` line after the schema's `properties:`, in place.
    lines = text.split("\n")
    start = lines.index(f"    {schema}:")
    for index in range(start, len(lines)):
        stripped = lines[index].lstrip()
        if stripped.startswith("description: ") and index > start + 2:
            indent = lines[index][: len(lines[index]) - len(stripped)]
            lines[index] = f"{indent}description: {EDIT}"
            copy.write_text("\n".join(lines))
            return
    raise RuntimeError(f"no description under {schema}")


def check(work, package, features, incremental, default_features=True):
    env = dict(os.environ, CARGO_INCREMENTAL="1" if incremental else "0",
               CARGO_TARGET_DIR=str(work / "target"))
    command = ["cargo", "check", "-q", "-p", package, "--features", features]
    if not default_features:
        command.append("--no-default-features")
    started = time.monotonic()
    run(command, cwd=work, env=env)
    return time.monotonic() - started


def touch(path):
    path.touch()
    os.utime(path)


def timed_checks(work, package, features, runs, default_features=True):
    check(work, package, features, False, default_features)  # dependencies, not timed
    times = []
    for _ in range(runs):
        touch(work / "crates" / package / "src/lib.rs")
        times.append(check(work, package, features, False, default_features))
    return times


def figures(label, binary, name, spec, group, schema, work, runs):
    package = f"{label}-{name}"
    folder = work / "crates" / package
    shutil.rmtree(folder, ignore_errors=True)
    generations = [generate(binary, spec, work / "gen-scratch", package) for _ in range(runs)]
    shutil.rmtree(work / "gen-scratch", ignore_errors=True)
    copy = work / f"{package}{spec.suffix}"
    shutil.copy(spec, copy)
    generate(binary, copy, folder, package)
    lines = sum(len(p.read_text().split("\n")) - 1 for p in folder.rglob("*.rs"))
    write_workspace(work)
    full = timed_checks(work, package, "client", runs)
    manifest = (folder / "Cargo.toml").read_text()
    one = None
    if f"\n{group} = []" in manifest:
        one = timed_checks(work, package, f"client,{group}", runs, default_features=False)
    check(work, package, "client", True)  # fills the incremental cache
    reworded(spec, schema, copy)
    generate(binary, copy, folder, package)
    incremental = check(work, package, "client", True)
    return {
        "generation": generations,
        "lines": lines,
        "full": full,
        "one": one,
        "incremental": incremental,
    }


def write_workspace(work):
    members = sorted(f'"crates/{p.name}"' for p in (work / "crates").iterdir())
    (work / "Cargo.toml").write_text(
        f"[workspace]\nresolver = \"3\"\nmembers = [{', '.join(members)}]\n")


def seconds(values):
    if values is None:
        return "–"
    return f"{statistics.median(values):.2f} (min {min(values):.2f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=str(ROOT / "target/before-after"))
    parser.add_argument("--only", action="append", help="a spec name; repeat")
    args = parser.parse_args()
    work = pathlib.Path(args.work)
    (work / "crates").mkdir(parents=True, exist_ok=True)
    print("| spec | build | generation ms (median, min) | lines | check `client` s | "
          "check one group s | incremental after a one-line change s |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, spec, group, schema in SPECS:
        if args.only and name not in args.only:
            continue
        for label, binary in (("before", args.before), ("after", args.after)):
            found = figures(label, binary, name, spec, group, schema, work, args.runs)
            generation = found["generation"]
            one = seconds(found["one"])
            if found["one"] is not None:
                one = f"`{group}`: {one}"
            print(f"| {name} | {label} | {statistics.median(generation) * 1000:.0f} "
                  f"({min(generation) * 1000:.0f}) | {found['lines']} | {seconds(found['full'])} "
                  f"| {one} | {found['incremental']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
