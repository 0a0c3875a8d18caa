//! The build-script door: generate bindings into `OUT_DIR` from `build.rs`, in a few lines.
//!
//! ```no_run
//! // In build.rs's `main`:
//! oasgen::build::Bindings::new("openapi.yaml").server(false).generate()?;
//! // In src/lib.rs: `pub mod api { include!(concat!(env!("OUT_DIR"), "/openapi.rs")); }`
//! # Ok::<(), oasgen::Error>(())
//! ```

use std::path::{Path, PathBuf};

use crate::pipeline::{Input, Job, Layout, NoHook};
use crate::{Error, Parts};

/// Bindings for one spec, generated into `OUT_DIR` as one file of modules.
#[derive(Debug, Clone)]
pub struct Bindings {
    spec: PathBuf,
    parts: Parts,
    file_name: Option<String>,
    config: Option<PathBuf>,
    groups: Vec<String>,
}

impl Bindings {
    /// Bindings for the spec at `spec` (relative to the package being built), with the client
    /// and the server.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Bindings {
            spec: spec.into(),
            parts: Parts::default(),
            file_name: None,
            config: None,
            groups: Vec::new(),
        }
    }

    /// Whether to generate the client (default: yes).
    pub fn client(mut self, client: bool) -> Self {
        self.parts.client = client;
        self
    }

    /// Whether to generate the server trait and router (default: yes).
    pub fn server(mut self, server: bool) -> Self {
        self.parts.server = server;
        self
    }

    /// An `oasgen.toml` to apply (cargo reruns the build script when it changes too).
    pub fn config(mut self, path: impl Into<PathBuf>) -> Self {
        self.config = Some(path.into());
        self
    }

    /// Generates only these operation groups (by feature name: the snake_case first tag, or
    /// path segment after the version, as `oasgen inspect` lists them) and the types their
    /// operations reach; by default every group. What a crate's Cargo features do for a
    /// generated crate, for bindings in `OUT_DIR`: a build script may pass the groups its own
    /// features ask for.
    ///
    /// ```no_run
    /// oasgen::build::Bindings::new("stripe.yaml")
    ///     .server(false)
    ///     .groups(["payment_intents", "customers"])
    ///     .generate()?;
    /// # Ok::<(), oasgen::Error>(())
    /// ```
    pub fn groups<I, S>(mut self, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups = groups.into_iter().map(Into::into).collect();
        self
    }

    /// The file name in `OUT_DIR` (default: the spec's file stem + `.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Generates into `$OUT_DIR`, prints `cargo:rerun-if-changed` for the spec (so cargo reruns
    /// the build script only when it changes) and `cargo:warning` lines for the spec's
    /// warnings, and leaves the file untouched when its content is unchanged. Returns the path
    /// written.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let out_dir = std::env::var_os("OUT_DIR")
            .map(PathBuf::from)
            .ok_or_else(|| Error::Io {
                path: PathBuf::from("$OUT_DIR"),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "OUT_DIR is not set: call this from build.rs",
                ),
            })?;
        self.generate_into(&out_dir)
    }

    /// Like [`Bindings::generate`], into `out_dir`.
    pub fn generate_into(&self, out_dir: &Path) -> Result<PathBuf, Error> {
        println!("cargo:rerun-if-changed={}", self.spec.display());
        let mut config = match &self.config {
            Some(path) => {
                println!("cargo:rerun-if-changed={}", path.display());
                crate::config::Config::load(path)?
            }
            None => crate::config::Config::default(),
        };
        if !self.groups.is_empty() {
            config.groups.only = self.groups.clone();
        }
        let label = self.spec.display().to_string().replace('\\', "/");
        let file_name = self.file_name.clone().unwrap_or_else(|| {
            let stem = self
                .spec
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("api");
            format!("{stem}.rs")
        });
        let job = Job {
            input: Input::File(&self.spec),
            config: &config,
            parts: self.parts,
            layout: Layout::Module {
                file_name: file_name.clone(),
            },
            spec_label: &label,
            locate_warnings: 0,
            staged: None,
            freeing: crate::pipeline::Freeing::Elsewhere,
        };
        let generated = crate::pipeline::generate(&job, &mut NoHook)?;
        for file in &generated.files_read {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for warning in &generated.warnings {
            // One line each: cargo shows `warning:` lines from build scripts to the user.
            println!("cargo:warning={}", warning.to_string().replace('\n', " "));
        }
        crate::write::write_files(out_dir, &generated.files)?;
        Ok(out_dir.join(file_name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_once_and_leaves_unchanged_files_alone() {
        let out = tempfile::tempdir().expect("temp dir");
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/dolfin.yaml");
        let bindings = Bindings::new(&spec).server(false).file_name("dolfin.rs");
        let path = bindings.generate_into(out.path()).expect("generates");
        let text = std::fs::read_to_string(&path).expect("written");
        assert!(text.contains("pub mod client") && !text.contains("pub mod server"));
        let before = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        bindings.generate_into(out.path()).expect("generates again");
        assert_eq!(
            std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("mtime"),
            before
        );
    }

    /// A spec nested nearly as deep as oasgen accepts (250 inline schemas: 505 JSON levels of
    /// the 512 allowed), generated from a test
    /// thread (2 MiB of stack) in a debug build: the build-script door runs on the deep stack
    /// like every other, or this overflows.
    #[test]
    fn the_deepest_accepted_nesting_generates_from_a_small_stack() {
        let mut schema = String::from(r#"{"type": "string"}"#);
        for _ in 0..250 {
            schema = format!(r#"{{"type": "object", "properties": {{"inner": {schema}}}}}"#);
        }
        let spec = format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "Deep", "version": "1"}}, "paths": {{}},
"components": {{"schemas": {{"Deep": {schema}}}}}}}"#
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let spec_path = dir.path().join("deep.json");
        std::fs::write(&spec_path, spec).expect("write");
        let path = Bindings::new(&spec_path)
            .generate_into(dir.path())
            .expect("generates");
        let text = std::fs::read_to_string(path).expect("written");
        assert!(text.contains("pub struct DeepInner"));
    }
}
