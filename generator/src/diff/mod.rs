//! `oasgen diff`: what changes in the generated Rust API between two versions of a spec, and
//! whom it breaks.
//!
//! Both specs are lowered and their IRs compared, so every change is told in the names users
//! write (`Client::create_invoice`, `types::Invoice::due_date`), with JSON pointers into both
//! specs. Items are paired by what identifies them on the wire (an operation by method and
//! path, a field by its wire name, an enum value by its value, a response by its status, a type
//! by the schema it came from), so a new Rust name for the same wire item is reported as a
//! rename. Each change is judged for callers of the client and for implementors of the server
//! separately (`rules.rs` holds the rules), and the report gives the semver bump the generated
//! crate needs.

mod assertions;
mod change;
mod context;
mod json;
mod markdown;
mod members;
mod operations;
mod pointers;
mod responses;
mod rules;
mod security;
mod text;
mod types;
mod unions;

use std::path::Path;

pub use change::{Change, ChangeKind, FailOn, Impact, Report, Semver};
pub use pointers::Spec;

use crate::config::Config;
use crate::error::Error;

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// GitHub-flavoured markdown for a pull-request comment: the summary, details folded.
    Markdown,
    /// JSON for tools.
    Json,
}

/// Every change from `old` to `new`: operations, the client builder's methods, then types.
pub fn compare(old: &Spec, new: &Spec) -> Report {
    let mut differ = context::Differ::new(old, new);
    // Types paired first, so a reference to a renamed one is not reported as another type.
    types::pair_types(&mut differ);
    operations::compare_operations(&mut differ);
    security::compare_security(&mut differ);
    types::compare_types(&mut differ);
    Report {
        old_api: (old.api.title.clone(), old.api.version.clone()),
        new_api: (new.api.title.clone(), new.api.version.clone()),
        changes: differ.changes,
    }
}

/// Reads and lowers the spec at `path` with `config` applied, keeping its JSON to point into.
pub fn read_spec(path: &Path, config: &Config) -> Result<Spec, Error> {
    let lowered = crate::lower_file_with(path, config)?;
    let bytes = crate::load::read_document(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let raw =
        crate::load::load(&bytes).map_err(|diagnostic| Error::Spec(diagnostic.in_file(path)))?;
    Ok(Spec {
        api: lowered.api,
        raw,
    })
}

/// The report on the change from the spec at `old` to the one at `new`, both with `config`.
/// The two are read and lowered at once, by the threads of one pool.
pub fn diff_files(old: &Path, new: &Path, config: &Config) -> Result<Report, Error> {
    let (old, new) = crate::deep_stack::run(|| {
        crate::parallel::join(|| read_spec(old, config), || read_spec(new, config))
    });
    Ok(compare(&old?, &new?))
}

/// `report` written in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text::render(report),
        Format::Markdown => markdown::render(report),
        Format::Json => json::render(report),
    }
}

/// One paragraph on the change: counts, the semver bump, and the breaking changes named (at
/// most `limit`). For `cargo xtask codegen`.
pub fn summary_paragraph(report: &Report, limit: usize) -> String {
    text::paragraph(report, limit)
}
