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
mod deep_stack;
pub mod diagnostics;
pub mod emit;
mod emit_support;
pub mod inspect;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod model;
pub mod render;
pub mod upgrade;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Location, Severity};
pub use emit::Parts;
pub use lower::Lowered;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("cannot access {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The spec is invalid or cannot be generated; the diagnostic says where.
    #[error("{0}")]
    Spec(Diagnostic),
    /// A bug in oasgen.
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
}

/// Runs the first stages (load, upgrade, model, lower) on a spec's bytes. The document has no
/// folder, so `$ref`s to other files are errors; [`lower_file`] follows them.
pub fn lower_bytes(bytes: &[u8]) -> Result<Lowered, Diagnostic> {
    deep_stack::run(|| {
        let (raw, document, _) = parse(bytes, &config::Config::default())?;
        lower::lower(&raw, &document)
    })
}

/// Reads and lowers a spec file; `$ref`s may lead into other files in its folder. Diagnostics
/// name the file they are about.
pub fn lower_file(spec: &Path) -> Result<Lowered, Error> {
    lower_file_with(spec, &config::Config::default())
}

/// [`lower_file`] with an `oasgen.toml` applied.
pub fn lower_file_with(spec: &Path, config: &config::Config) -> Result<Lowered, Error> {
    deep_stack::run(|| lower_spec_file(spec, config))
}

/// Load, upgrade and model: the raw (upgraded) JSON, its model, and the version it declared.
fn parse(
    bytes: &[u8],
    config: &config::Config,
) -> Result<(serde_json::Value, model::Document, upgrade::SpecVersion), Diagnostic> {
    let mut raw = load::load(bytes)?;
    // The overlay and filters see the document as written, before the 3.0 → 3.1 upgrade.
    config::apply_to_document(&mut raw, config)?;
    let version = upgrade::upgrade(&mut raw)?;
    let document: model::Document = model::from_node(&raw, "")?;
    Ok((raw, document, version))
}

/// [`lower_file`] on the current thread.
fn lower_spec_file(spec: &Path, config: &config::Config) -> Result<Lowered, Error> {
    let bytes = load::read_document(spec).map_err(|source| Error::Io {
        path: spec.to_path_buf(),
        source,
    })?;
    let lowered = parse(&bytes, config).and_then(|(raw, document, version)| {
        lower::lower_in_folder(&raw, &document, spec, version, config)
    });
    let mut lowered = lowered.map_err(|diagnostic| {
        Error::Spec(with_line_column(diagnostic.in_file(spec), spec, &bytes))
    })?;
    for warning in &mut lowered.warnings {
        warning
            .location
            .file
            .get_or_insert_with(|| spec.to_path_buf());
    }
    Ok(lowered)
}

/// Adds line and column to warnings (located lazily: only the CLI's readers need them, and
/// finding a node in YAML re-reads the file). At most `limit` are located; files are read once.
pub fn locate_warnings(warnings: &mut [Diagnostic], limit: usize) {
    let mut texts: std::collections::BTreeMap<PathBuf, Option<Vec<u8>>> =
        std::collections::BTreeMap::new();
    for warning in warnings.iter_mut().take(limit) {
        if warning.location.line_column.is_some() || warning.location.pointer.is_empty() {
            continue;
        }
        let Some(file) = warning.location.file.clone() else {
            continue;
        };
        let bytes = texts
            .entry(file.clone())
            .or_insert_with(|| load::read_document(&file).ok());
        if let Some(bytes) = bytes {
            warning.location.line_column = locate::line_column(bytes, &warning.location.pointer);
        }
    }
}

/// Adds the line and column of its node to an error found after parsing (which knows only the
/// pointer), from the text of the file it is about.
fn with_line_column(mut diagnostic: Diagnostic, spec: &Path, spec_bytes: &[u8]) -> Diagnostic {
    // The document root needs no position (and an empty document has none).
    if diagnostic.location.line_column.is_some() || diagnostic.location.pointer.is_empty() {
        return diagnostic;
    }
    let other_file = match &diagnostic.location.file {
        Some(file) if file != spec => match load::read_document(file) {
            Ok(bytes) => Some(bytes),
            Err(_) => return diagnostic,
        },
        _ => None,
    };
    let bytes = other_file.as_deref().unwrap_or(spec_bytes);
    diagnostic.location.line_column = locate::line_column(bytes, &diagnostic.location.pointer);
    diagnostic
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
}

/// Generated files and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Path (relative to the output folder) → contents, in path order.
    pub files: BTreeMap<PathBuf, String>,
    /// Located warnings: everything skipped, degraded or renamed.
    pub warnings: Vec<Diagnostic>,
}

/// Generates a standalone crate (`Cargo.toml` + `src/`) with `client` and `server` features.
pub fn generate_crate(spec: &Path, options: &CrateOptions) -> Result<Generated, Error> {
    deep_stack::run(|| generate_crate_here(spec, options))
}

fn generate_crate_here(spec: &Path, options: &CrateOptions) -> Result<Generated, Error> {
    let lowered = lower_spec_file(spec, &options.config)?;
    let plans = emit::plan(&lowered.api, Parts::default(), true);
    let files = render::crate_files_parallel(
        &lowered.api,
        &plans,
        &options.spec_label,
        &options.crate_name,
    )?;
    Ok(Generated {
        files,
        warnings: lowered.warnings,
    })
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
    deep_stack::run(|| {
        let lowered = lower_spec_file(spec, config)?;
        let modules = emit::emit(&lowered.api, parts, false)?;
        let text = render::single_file(&modules, spec_label)?;
        Ok((text, lowered.warnings))
    })
}
