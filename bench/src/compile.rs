//! How long `cargo check` takes on a generated crate alone: every crate sits in one scratch
//! workspace under `target/` with one shared target folder, its dependencies are built once,
//! and then each timed run touches `src/lib.rs` and checks again, so only the crate itself is
//! checked (plus cargo's own start-up, measured separately on an empty crate).
//!
//! A touch changes no content, so with incremental compilation (the dev profile's default)
//! rustc reuses almost every query of the previous session: that measures the cache, not the
//! type-checking. The full figure therefore turns incremental compilation off
//! (`CARGO_INCREMENTAL=0`, which registry dependencies never use, so they stay built); the
//! incremental figure is kept beside it as what an unchanged re-check costs a developer.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// Name of the empty crate whose re-check time is cargo's fixed overhead.
pub const EMPTY_CRATE: &str = "bench-empty";

/// Whether rustc may reuse the previous session's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckMode {
    /// `CARGO_INCREMENTAL=0`: the whole crate is checked again.
    Full,
    /// `CARGO_INCREMENTAL=1`: an unchanged crate is mostly read back from the cache.
    Incremental,
}

impl CheckMode {
    fn incremental_variable(self) -> &'static str {
        match self {
            CheckMode::Full => "0",
            CheckMode::Incremental => "1",
        }
    }
}

/// The scratch workspace the checked crates live in.
#[derive(Debug, Clone)]
pub struct CheckWorkspace {
    root: PathBuf,
    target: PathBuf,
    cargo: PathBuf,
    /// Whether checks keep the crate's default features (`false`: `--no-default-features`).
    default_features: bool,
}

impl CheckWorkspace {
    /// The workspace under `<repository>/target/bench/check`, built into
    /// `<repository>/target/bench/check-target`, run by `cargo` (the one running us, when
    /// `cargo run` started us).
    pub fn new(repository: &Path) -> Self {
        CheckWorkspace {
            root: repository.join("target/bench/check"),
            target: repository.join("target/bench/check-target"),
            cargo: std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from),
            default_features: true,
        }
    }

    /// The same workspace, its checks passing `--no-default-features` when `on` is false: a
    /// generated crate's operation groups are all default features, so this is how a check
    /// compiles only the groups its `features` name.
    pub fn with_default_features(&self, on: bool) -> Self {
        CheckWorkspace {
            default_features: on,
            ..self.clone()
        }
    }

    /// The folder of the member crate `name`.
    pub fn crate_dir(&self, name: &str) -> PathBuf {
        self.root.join("crates").join(name)
    }

    /// Writes the workspace manifest naming `members` (folders under `crates/`), and the empty
    /// crate. Its own `[workspace]` keeps cargo from taking the repository's workspace for it.
    pub fn write_manifest(&self, members: &[String]) -> Result<(), String> {
        let empty = self.crate_dir(EMPTY_CRATE);
        write(
            &empty.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{EMPTY_CRATE}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n"
            ),
        )?;
        write(
            &empty.join("src/lib.rs"),
            "//! Nothing: cargo's overhead alone.\n",
        )?;
        let mut listed: Vec<String> = members
            .iter()
            .map(|member| format!("\"crates/{member}\""))
            .collect();
        listed.push(format!("\"crates/{EMPTY_CRATE}\""));
        write(
            &self.root.join("Cargo.toml"),
            &format!(
                "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
                listed.join(", ")
            ),
        )
    }

    /// Writes the member crate `package`: an empty library whose `[dependencies]` table holds
    /// `dependencies` (TOML lines), so checking it checks those dependencies and nothing of its
    /// own.
    pub fn write_scratch_crate(&self, package: &str, dependencies: &str) -> Result<(), String> {
        let folder = self.crate_dir(package);
        write(
            &folder.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
                 publish = false\n\n[dependencies]\n{dependencies}"
            ),
        )?;
        write(
            &folder.join("src/lib.rs"),
            "//! Nothing: its dependencies are what is checked.\n",
        )
    }

    /// Removes every built artifact of `packages` from the target folder (`cargo clean -p`),
    /// so the next check compiles them again while the rest of the dependency tree stays built.
    pub fn clean(&self, packages: &[&str]) -> Result<(), String> {
        let mut command = Command::new(&self.cargo);
        command
            .args(["clean", "--quiet"])
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target);
        for package in packages {
            command.args(["--package", package]);
        }
        self.run(
            command,
            &format!("cargo clean -p {}", packages.join(" -p ")),
        )
    }

    /// Runs a cargo command; its failure names `what` and ends with the tail of its output.
    fn run(&self, mut command: Command, what: &str) -> Result<(), String> {
        let output = command
            .output()
            .map_err(|error| format!("cannot run {}: {error}", self.cargo.display()))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{what} failed:\n{}",
                tail(&String::from_utf8_lossy(&output.stderr))
            ))
        }
    }

    /// Checks `package` with `features` once (building its dependencies and filling the
    /// incremental cache); nothing is timed.
    pub fn prepare(&self, package: &str, features: &str) -> Result<(), String> {
        self.check(package, features, CheckMode::Incremental)
    }

    /// Checks `package` with `features` `runs` times in `mode`, each after touching its
    /// `src/lib.rs`; returns the times. Call [`prepare`](Self::prepare) first.
    pub fn time_check(
        &self,
        package: &str,
        features: &str,
        mode: CheckMode,
        runs: usize,
    ) -> Result<Vec<Duration>, String> {
        let lib = self.crate_dir(package).join("src/lib.rs");
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            touch(&lib)?;
            let started = Instant::now();
            self.check(package, features, mode)?;
            times.push(started.elapsed());
        }
        Ok(times)
    }

    fn check(&self, package: &str, features: &str, mode: CheckMode) -> Result<(), String> {
        let mut command = Command::new(&self.cargo);
        command
            .args(["check", "--quiet", "--package", package])
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_INCREMENTAL", mode.incremental_variable());
        if !features.is_empty() {
            command.args(["--features", features]);
        }
        let defaults = if self.default_features {
            ""
        } else {
            command.arg("--no-default-features");
            " --no-default-features"
        };
        self.run(
            command,
            &format!("cargo check -p {package}{defaults} --features '{features}'"),
        )
    }
}

/// Generates oasgen's crate for `spec` into `folder` as package `crate_name`.
pub fn write_oasgen_crate(spec: &Path, folder: &Path, crate_name: &str) -> Result<(), String> {
    regenerate_oasgen_crate(spec, folder, crate_name).map(|_| ())
}

/// [`write_oasgen_crate`], returning how many files it wrote: oasgen leaves a file whose
/// content is already right untouched, so after a small spec change this says how much of the
/// crate cargo sees as changed.
pub fn regenerate_oasgen_crate(
    spec: &Path,
    folder: &Path,
    crate_name: &str,
) -> Result<usize, String> {
    let options = oasgen::CrateOptions {
        crate_name: crate_name.to_string(),
        spec_label: spec.display().to_string(),
        ..Default::default()
    };
    let generated = oasgen::generate_crate(spec, &options)
        .map_err(|error| format!("{}: {error}", spec.display()))?;
    let summary = oasgen::write::write_files(folder, &generated.files)
        .map_err(|error| format!("{}: {error}", folder.display()))?;
    Ok(summary.written.len())
}

/// The last lines of a command's error output: the error, without the progress before it.
fn tail(log: &str) -> String {
    let last: Vec<&str> = log.lines().rev().take(15).collect();
    last.into_iter().rev().collect::<Vec<_>>().join("\n")
}

/// Marks a file as changed now, as `touch` does, so cargo re-checks its crate.
fn touch(file: &Path) -> Result<(), String> {
    std::fs::File::options()
        .append(true)
        .open(file)
        .and_then(|handle| handle.set_modified(SystemTime::now()))
        .map_err(|error| format!("cannot touch {}: {error}", file.display()))
}

fn write(file: &Path, text: &str) -> Result<(), String> {
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|error| format!("{}: {error}", folder.display()))?;
    }
    std::fs::write(file, text).map_err(|error| format!("{}: {error}", file.display()))
}
