//! Repository chores:
//!
//! - `cargo xtask codegen [--check]`: regenerate the checked-in bindings from `specs/`, or check
//!   that they are up to date (exit 1 naming the stale files; nothing is written); either way
//!   the API change since the spec recorded beside each crate is summarized ([`spec_record`]);
//! - `cargo xtask conformance [schemathesis|prism|all] [--spec NAME]…`: judge the generated
//!   servers and clients with independent OpenAPI tools (the [`conformance`] module).

mod conformance;
mod spec_record;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The checked-in bindings this repository keeps in sync.
struct Binding {
    /// The spec, relative to the repository root.
    spec: &'static str,
    /// Its `oasgen.toml`, if any.
    config: Option<&'static str>,
    /// The crate folder.
    out: &'static str,
    /// The package name.
    crate_name: &'static str,
}

const BINDINGS: &[Binding] = &[
    Binding {
        spec: "specs/dolfin.yaml",
        config: Some("specs/dolfin.oasgen.toml"),
        out: "generated",
        crate_name: "dolfin-api",
    },
    // The feature-complete fixture the conformance tools (schemathesis, Prism) judge; it
    // declares its own security schemes and organisation header, so it needs no config.
    Binding {
        spec: "specs/dolfin-fixture.yaml",
        config: None,
        out: "generated/fixture-api",
        crate_name: "dolfin-fixture-api",
    },
    // The OpenAPI Initiative's example, served and judged by the conformance tools; its
    // config makes it depend on the runtime crate instead of carrying a copy.
    Binding {
        spec: "specs/petstore-expanded.yaml",
        config: Some("specs/petstore-expanded.oasgen.toml"),
        out: "generated/petstore-expanded",
        crate_name: "petstore-expanded",
    },
];

const USAGE: &str = "usage: cargo xtask codegen [--check]
       cargo xtask conformance [schemathesis|prism|all] [--spec dolfin|fixture-api|petstore-expanded]...";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match arguments.split_first() {
        Some((command, rest)) if command == "codegen" => match rest {
            [] => codegen_all(&root, false),
            [flag] if flag == "--check" => codegen_all(&root, true),
            _ => usage(),
        },
        Some((command, rest)) if command == "conformance" => {
            match conformance::Request::parse(rest) {
                Ok(request) => conformance::run(&root, &request),
                Err(message) => {
                    eprintln!("{message}");
                    usage()
                }
            }
        }
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

/// Regenerates every binding, or with `check` only reports the stale files.
fn codegen_all(root: &Path, check: bool) -> ExitCode {
    let mut stale_count = 0usize;
    for binding in BINDINGS {
        match codegen(root, binding, check) {
            Ok(stale) => stale_count += stale,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(1);
            }
        }
    }
    if stale_count > 0 {
        eprintln!("{stale_count} generated file(s) are stale: run `cargo xtask codegen`");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// Generates one crate; returns how many files are stale (always 0 when writing).
fn codegen(root: &Path, binding: &Binding, check: bool) -> Result<usize, String> {
    let Binding {
        spec,
        config,
        out,
        crate_name,
    } = binding;
    let config = match config {
        Some(path) => {
            oasgen::config::Config::load(&root.join(path)).map_err(|error| error.to_string())?
        }
        None => oasgen::config::Config::default(),
    };
    let options = oasgen::CrateOptions {
        crate_name: crate_name.to_string(),
        spec_label: spec.to_string(),
        config: config.clone(),
        locate_warnings: 0,
        freeing: Default::default(),
    };
    let generated =
        oasgen::generate_crate(&root.join(spec), &options).map_err(|error| error.to_string())?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let out_dir = root.join(out);
    if check {
        let stale = oasgen::write::stale_files(&out_dir, &generated.files)
            .map_err(|error| error.to_string())?;
        for path in &stale {
            eprintln!("stale: {}", Path::new(out).join(path).display());
        }
        // A stale record names the spec's breaking changes.
        return Ok(stale.len() + spec_record::check(root, out, spec, &config));
    }
    let summary = oasgen::write::write_files(&out_dir, &generated.files)
        .map_err(|error| error.to_string())?;
    for path in &summary.written {
        eprintln!("wrote {}", Path::new(out).join(path).display());
    }
    for path in &summary.removed {
        eprintln!(
            "removed {} (no longer generated)",
            Path::new(out).join(path).display()
        );
    }
    eprintln!(
        "{out}: {} written, {} unchanged",
        summary.written.len(),
        summary.unchanged.len()
    );
    spec_record::update(root, out, spec, &config)?;
    Ok(0)
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
