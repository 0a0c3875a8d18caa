//! The `oasgen` command line: a thin shell over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// OpenAPI 3.x → Rust: types, an async reqwest client and an axum server trait.
#[derive(Debug, Parser)]
#[command(name = "oasgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a standalone crate (Cargo.toml + src/) from a spec.
    Generate {
        /// The OpenAPI document (JSON or YAML, 3.0, 3.1 or 3.2).
        spec: PathBuf,
        /// The crate folder to write.
        #[arg(long)]
        out: PathBuf,
        /// The package name (default: the spec's file name).
        #[arg(long)]
        crate_name: Option<String>,
        /// Compare with the existing output instead of writing; exit 1 when it is stale.
        #[arg(long)]
        check: bool,
        /// Do not print warnings.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Print what a spec lowers to: operations, types and warnings.
    Inspect {
        /// The OpenAPI document.
        spec: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            spec,
            out,
            crate_name,
            check,
            quiet,
        } => generate(spec, out, crate_name, check, quiet),
        Command::Inspect { spec } => inspect(spec),
    }
}

fn inspect(spec: PathBuf) -> ExitCode {
    match oasgen::lower_file(&spec) {
        Ok(lowered) => {
            print!("{}", oasgen::inspect::report(&lowered));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}", error.to_string().trim_start_matches("error: "));
            ExitCode::from(1)
        }
    }
}

fn generate(
    spec: PathBuf,
    out: PathBuf,
    crate_name: Option<String>,
    check: bool,
    quiet: bool,
) -> ExitCode {
    let crate_name = crate_name.unwrap_or_else(|| default_crate_name(&spec));
    let options = oasgen::CrateOptions {
        crate_name,
        spec_label: spec.display().to_string().replace('\\', "/"),
    };
    let generated = match oasgen::generate_crate(&spec, &options) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("error: {}", error.to_string().trim_start_matches("error: "));
            return ExitCode::from(1);
        }
    };
    if !quiet {
        for warning in &generated.warnings {
            eprintln!("{warning}");
        }
    }
    if check {
        return match oasgen::write::stale_files(&out, &generated.files) {
            Ok(stale) if stale.is_empty() => ExitCode::SUCCESS,
            Ok(stale) => {
                for path in stale {
                    eprintln!("stale: {}", out.join(path).display());
                }
                ExitCode::from(1)
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(1)
            }
        };
    }
    match oasgen::write::write_files(&out, &generated.files) {
        Ok(summary) => {
            if !quiet {
                eprintln!(
                    "wrote {} file(s), {} unchanged, {} warning(s)",
                    summary.written.len(),
                    summary.unchanged.len(),
                    generated.warnings.len()
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

/// `specs/dolfin.yaml` → `dolfin`.
fn default_crate_name(spec: &std::path::Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}")
    } else {
        name
    }
}
