//! oasgen: OpenAPI 3.x → Rust types, an async reqwest client and an axum server trait, all from
//! one intermediate representation.
//!
//! The pipeline, one module per stage: [`load`] (JSON or YAML) → [`upgrade`] (3.0 → 3.1) →
//! [`model`] (our OpenAPI 3.1 structs) → [`lower`] (→ [`ir`]) → [`emit`] (token streams) →
//! [`render`] (prettyplease text) → [`write`] (atomic files, or a staleness check).
//!
//! Most users call [`generate_crate`] (a standalone crate, as the CLI and `cargo xtask codegen`
//! do) or, from a build script, [`build::Bindings`] (one file in `OUT_DIR` to `include!`).

pub mod build;
pub mod config;
pub mod crate_name;
mod deep_stack;
pub mod diagnostics;
pub mod diff;
pub mod emit;
mod error;
pub mod inspect;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod model;
mod parallel;
pub mod pipeline;
pub mod render;
pub mod upgrade;
pub mod write;

use std::path::Path;

pub use diagnostics::{Diagnostic, Location, Severity};
pub use emit::Parts;
pub use error::{EmitError, Error};
pub use locate::locate_warnings;
pub use lower::Lowered;
pub use pipeline::{Generated, Input, Job, Layout};

/// Runs the first stages (load, upgrade, model, lower) on a spec's bytes. The document has no
/// folder, so `$ref`s to other files are errors; [`lower_file`] follows them.
pub fn lower_bytes(bytes: &[u8]) -> Result<Lowered, Diagnostic> {
    pipeline::lower(Input::Bytes(bytes), &config::Config::default()).map_err(|error| match error {
        Error::Spec(diagnostic) => diagnostic,
        // Bytes are never read from a file, and lowering emits nothing.
        other => Diagnostic::error("", other.to_string()),
    })
}

/// Reads and lowers a spec file; `$ref`s may lead into other files in its folder. Diagnostics
/// name the file they are about.
pub fn lower_file(spec: &Path) -> Result<Lowered, Error> {
    lower_file_with(spec, &config::Config::default())
}

/// [`lower_file`] with an `oasgen.toml` applied.
pub fn lower_file_with(spec: &Path, config: &config::Config) -> Result<Lowered, Error> {
    pipeline::lower(Input::File(spec), config)
}

/// Settings for [`generate_crate`].
#[derive(Debug, Clone, Default)]
pub struct CrateOptions {
    /// The package name in `Cargo.toml`.
    pub crate_name: String,
    /// How the spec is named in the `@generated` header (a path relative to the repository).
    pub spec_label: String,
    /// The `oasgen.toml` to apply (empty: none).
    pub config: config::Config,
    /// How many warnings get their line and column while the crate is generated (0: none; see
    /// [`locate_warnings`] to locate them afterwards).
    pub locate_warnings: usize,
    /// How the IR is let go once the files are generated (a process that ends right after,
    /// like the CLI, need not free it).
    pub freeing: pipeline::Freeing,
}

/// Generates a standalone crate (`Cargo.toml` + `src/`) with `client` and `server` features.
pub fn generate_crate(spec: &Path, options: &CrateOptions) -> Result<Generated, Error> {
    pipeline::generate(&crate_job(spec, options, None), &mut pipeline::NoHook)
}

/// [`generate_crate`], writing the crate into `out` as [`write::write_files`] does: each file
/// is written to a temporary file as soon as it is generated, while the rest still is, and all
/// are put in place once the whole crate is (nothing is replaced when generation fails).
pub fn write_crate(
    spec: &Path,
    options: &CrateOptions,
    out: &Path,
) -> Result<(Generated, write::WriteSummary), Error> {
    let staged = write::Staged::writing(out);
    let mut generated = pipeline::generate(
        &crate_job(spec, options, Some(&staged)),
        &mut pipeline::NoHook,
    )?;
    // The files handed over come back into `generated.files` here.
    let summary = staged.finish(&mut generated.files)?;
    Ok((generated, summary))
}

/// The job of generating a crate from `spec` with `options`, its files handed to `staged`.
fn crate_job<'a>(
    spec: &'a Path,
    options: &'a CrateOptions,
    staged: Option<&'a write::Staged>,
) -> Job<'a> {
    Job {
        input: Input::File(spec),
        config: &options.config,
        parts: Parts::default(),
        layout: Layout::Crate {
            crate_name: options.crate_name.clone(),
        },
        spec_label: &options.spec_label,
        locate_warnings: options.locate_warnings,
        staged,
        freeing: options.freeing,
    }
}

/// Generates one file of inline modules (`types`, `operations`, and the chosen `parts`), meant
/// to be `include!`d from a build script's `OUT_DIR`.
pub fn generate_module(
    spec: &Path,
    spec_label: &str,
    parts: Parts,
) -> Result<(String, Vec<Diagnostic>), Error> {
    generate_module_with(spec, spec_label, parts, &config::Config::default())
}

/// [`generate_module`] with an `oasgen.toml` applied.
pub fn generate_module_with(
    spec: &Path,
    spec_label: &str,
    parts: Parts,
    config: &config::Config,
) -> Result<(String, Vec<Diagnostic>), Error> {
    let file_name = "module.rs";
    let job = Job {
        input: Input::File(spec),
        config,
        parts,
        layout: Layout::Module {
            file_name: file_name.to_string(),
        },
        spec_label,
        locate_warnings: 0,
        staged: None,
        freeing: pipeline::Freeing::Elsewhere,
    };
    let mut generated = pipeline::generate(&job, &mut pipeline::NoHook)?;
    let text = generated
        .files
        .remove(Path::new(file_name))
        .unwrap_or_default();
    Ok((text, generated.warnings))
}
