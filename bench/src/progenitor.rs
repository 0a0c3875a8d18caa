//! progenitor, the generator we compare with: installed from crates.io into the repository's
//! git-ignored `.tools/` on first use, at a pinned version so runs stay comparable.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cli::{Invocation, OUTPUT};

/// The `cargo-progenitor` version compared against.
pub const VERSION: &str = "0.15.1";

/// The client interface styles progenitor generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interface {
    /// One method per operation with positional arguments (the default, and the smaller).
    Positional,
    /// One builder per operation.
    Builder,
}

impl Interface {
    /// The `--interface` value.
    pub fn name(self) -> &'static str {
        match self {
            Interface::Positional => "positional",
            Interface::Builder => "builder",
        }
    }
}

/// Where the pinned `cargo-progenitor` is installed.
pub fn install_root(repository: &Path) -> PathBuf {
    repository.join(".tools/progenitor")
}

/// The `cargo-progenitor` executable, installed first when missing (`cargo install --locked`
/// into [`install_root`], which needs crates.io and a few minutes once).
pub fn ensure_installed(repository: &Path) -> Result<PathBuf, String> {
    let root = install_root(repository);
    let binary = root.join("bin/cargo-progenitor");
    if binary.is_file() {
        return Ok(binary);
    }
    eprintln!(
        "installing cargo-progenitor {VERSION} into {} (once)",
        root.display()
    );
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let status = Command::new(&cargo)
        .args([
            "install",
            "cargo-progenitor",
            "--version",
            VERSION,
            "--locked",
            "--root",
        ])
        .arg(&root)
        .status()
        .map_err(|error| format!("cannot run {}: {error}", cargo.display()))?;
    if status.success() && binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "cargo install cargo-progenitor --version {VERSION} failed ({status})"
        ))
    }
}

/// progenitor's command line for `spec`, writing crate `crate_name` in `interface` style.
/// The first argument is the subcommand name cargo passes to its plugins.
pub fn invocation(
    binary: &Path,
    spec: &Path,
    crate_name: &str,
    interface: Interface,
) -> Invocation {
    Invocation {
        program: binary.to_path_buf(),
        arguments: [
            "progenitor",
            "--input",
            &spec.display().to_string(),
            "--output",
            OUTPUT,
            "--name",
            crate_name,
            "--version",
            "0.1.0",
            "--interface",
            interface.name(),
        ]
        .map(str::to_string)
        .to_vec(),
    }
}

/// oasgen's command line for `spec`, writing crate `crate_name` (warnings not printed: the
/// comparison is about time, and progenitor prints none).
pub fn oasgen_invocation(binary: &Path, spec: &Path, crate_name: &str) -> Invocation {
    Invocation {
        program: binary.to_path_buf(),
        arguments: [
            "generate",
            &spec.display().to_string(),
            "--out",
            OUTPUT,
            "--crate-name",
            crate_name,
            "--quiet",
        ]
        .map(str::to_string)
        .to_vec(),
    }
}

/// Builds oasgen's command line in release mode (beside this benchmark's binary, in the same
/// target folder) and returns its path.
pub fn build_oasgen_cli(repository: &Path, benchmark_binary: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let status = Command::new(&cargo)
        .args([
            "build",
            "--release",
            "--quiet",
            "--package",
            "oasgen",
            "--bin",
            "oasgen",
        ])
        .current_dir(repository)
        .status()
        .map_err(|error| format!("cannot run {}: {error}", cargo.display()))?;
    let binary = benchmark_binary
        .parent()
        .map(|folder| folder.join("oasgen"))
        .ok_or("the benchmark binary has no folder")?;
    if status.success() && binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "cargo build --release -p oasgen failed ({status}) or {} is missing",
            binary.display()
        ))
    }
}
