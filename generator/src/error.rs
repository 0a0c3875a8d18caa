//! Why generation failed: the one error type of the library's entry points.

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;

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
    /// A crate name the generated crate would not build warning-free under (upper case,
    /// doubled separators, a keyword); says why and suggests one.
    #[error("invalid crate name `{name}`: it {problem}; use `{suggestion}`")]
    CrateName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        problem: &'static str,
        /// The nearest name that works.
        suggestion: String,
    },
    /// A bug in oasgen.
    #[error(transparent)]
    Emit(#[from] EmitError),
}

/// An emitter or the renderer failed on its own input: a bug in oasgen, never a spec problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("internal error: {0}")]
pub struct EmitError(pub String);
