//! The judges, installed from their pinned versions into `.tools/` (git-ignored) when absent:
//! schemathesis from PyPI into a virtual environment, Prism from npm with `npm ci`.
//!
//! The pins live in `tests/conformance/tools/` (`requirements.txt`; `package.json` with its
//! `package-lock.json`). A copy of the pin file is kept beside each installation, and a tool is
//! reinstalled whenever the two differ, so bumping a pin takes effect on the next run without
//! anyone deleting `.tools/` by hand.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Where the pins are, relative to the repository root.
const PINS: &str = "tests/conformance/tools";

/// The installed schemathesis command line (`st`).
pub fn schemathesis(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(".tools/py");
    let st = venv.join("bin/st");
    let pins = root.join(PINS).join("requirements.txt");
    let stamp = venv.join("requirements.txt");
    if st.is_file() && same_contents(&pins, &stamp) {
        return Ok(st);
    }
    let started = Instant::now();
    eprintln!("installing schemathesis into {}", venv.display());
    if !venv.join("bin/python").is_file() {
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    run(Command::new(venv.join("bin/python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-input",
        ])
        .arg("--requirement")
        .arg(&pins))?;
    copy(&pins, &stamp)?;
    eprintln!(
        "installed schemathesis in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(st)
}

/// The installed Prism command line.
pub fn prism(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join(".tools/npm");
    let prism = prefix.join("node_modules/.bin/prism");
    let pins = root.join(PINS);
    let lock = "package-lock.json";
    if prism.is_file() && same_contents(&pins.join(lock), &prefix.join(lock)) {
        return Ok(prism);
    }
    let started = Instant::now();
    eprintln!("installing Prism into {}", prefix.display());
    std::fs::create_dir_all(&prefix)
        .map_err(|error| format!("cannot create {}: {error}", prefix.display()))?;
    for file in ["package.json", lock] {
        copy(&pins.join(file), &prefix.join(file))?;
    }
    // `npm ci` installs exactly the lock file's tree, and fails rather than change it.
    run(Command::new("npm")
        .args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(&prefix))?;
    eprintln!(
        "installed Prism in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(prism)
}

fn same_contents(a: &Path, b: &Path) -> bool {
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(a), Ok(b)) if a == b)
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to).map(drop).map_err(|error| {
        format!(
            "cannot copy {} to {}: {error}",
            from.display(),
            to.display()
        )
    })
}

fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|error| format!("cannot run {shown}: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}
