//! The `runtime` module of a generated crate: the sources of the `oasgen-runtime` crate
//! (`runtime/src/` in this workspace), carried as text so their comments and formatting
//! survive, trimmed to what the API needs.
//!
//! The runtime crate puts each optional declaration behind one `#[cfg(feature = "…")]` line
//! (and its unit tests behind `#[cfg(test)] mod tests;`). That line is the whole protocol:
//! here it is read to keep or drop the declaration under it (one line ending in `;`, or in
//! `,` for a field, a variant or a field of a struct literal), and the files the kept `mod`
//! declarations name are carried along. Everything else is copied byte for byte.
//!
//! Two features are the generated crate's own options rather than the API's needs: `tracing`
//! and `middleware`. Their lines are kept with their `cfg` in a crate (whose `Cargo.toml`
//! declares both) and dropped from a single file, whose including crate may not declare them.

use super::EmitError;
use super::runtime_sources::SOURCES;

/// What of the runtime a generated crate needs: the runtime crate's features, and whether the
/// client and server sit behind cargo features of the generated crate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuntimeNeeds {
    /// The client's machinery.
    pub client: bool,
    /// The server's machinery.
    pub server: bool,
    /// Whether `client` and `server` stay behind the generated crate's features of those names
    /// (crate layout) or are always compiled (single-file layout).
    pub gate: bool,
    /// Multipart forms (needs the `multipart` features of reqwest and axum).
    pub multipart: bool,
    /// Cursor pagination streams (needs the `futures` crate).
    pub pagination: bool,
    /// Event streams (SSE, JSON Lines) on whichever side is generated (needs `futures`).
    pub streams: bool,
    /// The server's checks of schema assertions.
    pub validation: bool,
    /// `pattern` checks (needs the `regex` crate).
    pub patterns: bool,
    /// Webhook signatures (needs `hmac`, `sha2`, `base64`); a part of its own, behind the
    /// generated crate's `webhooks` feature.
    pub webhooks: bool,
    /// Fields that may be absent, `null` or a value (`Nullable`).
    pub nullable: bool,
    /// JSON Lines request bodies, sent and read as streams (`LinesBody`, `Lines`).
    pub streamed_bodies: bool,
}

impl RuntimeNeeds {
    /// The runtime crate's features these needs enable, in the crate's own order (for a
    /// dependency on the crate).
    pub fn features(&self) -> Vec<&'static str> {
        [
            ("client", self.client),
            ("server", self.server),
            ("multipart", self.multipart),
            ("pagination", self.pagination),
            ("streams", self.streams),
            ("validation", self.validation),
            // `patterns` brings `ecma` along.
            ("patterns", self.patterns),
            ("webhooks", self.webhooks),
            ("nullable", self.nullable),
            ("streamed-bodies", self.streamed_bodies),
        ]
        .into_iter()
        .filter_map(|(name, on)| on.then_some(name))
        .collect()
    }
}

/// What of the runtime a generated crate needs, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuntimePlan {
    /// The parts and features needed.
    pub needs: RuntimeNeeds,
    /// Carried or depended on.
    pub source: RuntimeSource,
}

/// Where generated code finds its runtime.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RuntimeSource {
    /// The runtime's files, carried in the generated code (a private `runtime` module).
    #[default]
    Vendored,
    /// The `oasgen-runtime` crate, as a dependency (`use oasgen_runtime as runtime;`).
    Crate {
        /// Its path for the generated `Cargo.toml`; `None` names the version instead.
        path: Option<String>,
    },
}

impl RuntimeSource {
    /// The `oasgen-runtime` dependency line of a generated `Cargo.toml`, with the features
    /// `needs` asks for beside `client` and `server` (which the crate's own features enable).
    pub fn dependency(&self, needs: RuntimeNeeds) -> Option<String> {
        let RuntimeSource::Crate { path } = self else {
            return None;
        };
        let source = match path {
            // A TOML string (quoted and escaped as TOML wants).
            Some(path) => format!("path = {}", toml::Value::String(path.clone())),
            None => format!("version = \"{}\"", env!("CARGO_PKG_VERSION")),
        };
        let features: Vec<String> = needs
            .features()
            .into_iter()
            .filter(|feature| !matches!(*feature, "client" | "server" | "webhooks"))
            .map(|feature| format!("\"{feature}\""))
            .collect();
        let features = if features.is_empty() {
            String::new()
        } else {
            format!(", features = [{}]", features.join(", "))
        };
        Some(format!(
            "oasgen-runtime = {{ {source}, default-features = false{features} }}\n"
        ))
    }
}

/// One file of the carried runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeFile {
    /// Its path under the runtime crate's `src/` (`lib.rs` is the module itself).
    pub path: &'static str,
    /// Its text, trimmed to the needs.
    pub text: String,
}

/// The runtime files an API needs, the root (`lib.rs`) first, then each file after the one
/// that declares it.
pub fn runtime_files(needs: RuntimeNeeds) -> Result<Vec<RuntimeFile>, EmitError> {
    let mut files = Vec::new();
    let mut pending = vec!["lib.rs"];
    while let Some(path) = pending.pop() {
        let source = source(path)?;
        let (text, children) = trim(path, source, needs)?;
        // Children in reverse so they come out in declaration order.
        pending.extend(children.iter().rev());
        files.push(RuntimeFile { path, text });
    }
    Ok(files)
}

/// The runtime as one text of inline modules (for the single-file layout): each `mod x;` of a
/// kept file replaced by `mod x { … }` holding that file.
pub fn inline_runtime(files: &[RuntimeFile]) -> Result<String, EmitError> {
    inline_file("lib.rs", files)
}

fn inline_file(path: &str, files: &[RuntimeFile]) -> Result<String, EmitError> {
    let file = files
        .iter()
        .find(|file| file.path == path)
        .ok_or_else(|| EmitError(format!("runtime file {path} is not carried")))?;
    let mut text = String::with_capacity(file.text.len());
    for line in file.text.lines() {
        match module_declaration(line) {
            Some(name) => {
                let child = inline_file(child_path(path, name)?, files)?;
                let opening = line.trim_end().trim_end_matches(';');
                text.push_str(&format!("{opening} {{\n{child}}}\n"));
            }
            None => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    Ok(text)
}

fn source(path: &str) -> Result<&'static str, EmitError> {
    SOURCES
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(_, text)| *text)
        .ok_or_else(|| EmitError(format!("runtime file {path} is not among the sources")))
}

/// Where the module `name` declared in `parent` lives (`client.rs` + `pages` →
/// `client/pages.rs`; `lib.rs` declares its modules beside itself).
fn child_path(parent: &str, name: &str) -> Result<&'static str, EmitError> {
    let folder = match parent.strip_suffix(".rs") {
        Some("lib") | None => String::new(),
        Some(stem) => format!("{stem}/"),
    };
    let path = format!("{folder}{name}.rs");
    SOURCES
        .iter()
        .map(|(name, _)| *name)
        .find(|candidate| *candidate == path)
        .ok_or_else(|| {
            EmitError(format!(
                "runtime module file {path} is not among the sources"
            ))
        })
}

/// `mod name;` or `pub mod name;` → `name`.
fn module_declaration(line: &str) -> Option<&str> {
    let line = line.trim();
    let rest = line.strip_prefix("pub ").unwrap_or(line);
    let name = rest.strip_prefix("mod ")?.strip_suffix(';')?;
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        .then_some(name)
}

/// What a `#[cfg(…)]` line asks of the declaration under it.
enum Gate {
    /// Keep the declaration and the `cfg` line.
    KeepGated,
    /// Keep the declaration, without the `cfg` line.
    Keep,
    /// Leave both out.
    Drop,
}

fn gate(path: &str, cfg: &str, needs: RuntimeNeeds) -> Result<Gate, EmitError> {
    if cfg == "test" {
        return Ok(Gate::Drop);
    }
    let feature = cfg
        .strip_prefix("feature = \"")
        .and_then(|rest| rest.strip_suffix('"'))
        .ok_or_else(|| EmitError(format!("runtime file {path}: unknown cfg `{cfg}`")))?;
    let (needed, part) = match feature {
        // The generated crate's options: kept behind its features, or not at all.
        "tracing" | "middleware" => {
            return Ok(if needs.client && needs.gate {
                Gate::KeepGated
            } else {
                Gate::Drop
            });
        }
        "client" => (needs.client, true),
        "server" => (needs.server, true),
        "multipart" => (needs.multipart, false),
        "pagination" => (needs.pagination, false),
        "streams" => (needs.streams, false),
        "validation" => (needs.validation, false),
        "patterns" | "ecma" => (needs.patterns, false),
        "webhooks" => (needs.webhooks, true),
        "nullable" => (needs.nullable, false),
        "streamed-bodies" => (needs.streamed_bodies, false),
        other => {
            return Err(EmitError(format!(
                "runtime file {path}: unknown feature `{other}`"
            )));
        }
    };
    Ok(match (needed, part && needs.gate) {
        (false, _) => Gate::Drop,
        (true, true) => Gate::KeepGated,
        (true, false) => Gate::Keep,
    })
}

/// A file trimmed to the needs, and the files of the modules it still declares.
fn trim(
    path: &str,
    source: &str,
    needs: RuntimeNeeds,
) -> Result<(String, Vec<&'static str>), EmitError> {
    let mut text = String::with_capacity(source.len());
    let mut children = Vec::new();
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        let kept = match line.trim().strip_prefix("#[cfg(") {
            Some(rest) => {
                let cfg = rest.strip_suffix(")]").ok_or_else(|| {
                    EmitError(format!(
                        "runtime file {path}: a `cfg` line must stand alone"
                    ))
                })?;
                let declaration = lines.next().unwrap_or_default();
                if !declaration.trim_end().ends_with([';', ',']) {
                    return Err(EmitError(format!(
                        "runtime file {path}: `#[cfg({cfg})]` must guard a one-line declaration"
                    )));
                }
                match gate(path, cfg, needs)? {
                    Gate::Drop => continue,
                    Gate::Keep => vec![declaration],
                    Gate::KeepGated => vec![line, declaration],
                }
            }
            None => vec![line],
        };
        for line in kept {
            if let Some(name) = module_declaration(line) {
                children.push(child_path(path, name)?);
            }
            // A dropped declaration may leave two blank lines together.
            if !(line.trim().is_empty() && text.ends_with("\n\n")) {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    while text.ends_with("\n\n") {
        text.pop();
    }
    Ok((text, children))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> RuntimeNeeds {
        RuntimeNeeds {
            client: true,
            server: true,
            gate: true,
            multipart: true,
            pagination: true,
            streams: true,
            validation: true,
            patterns: true,
            webhooks: true,
            nullable: true,
            streamed_bodies: true,
        }
    }

    #[test]
    fn every_source_file_of_the_runtime_crate_is_listed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let mut found = Vec::new();
        let mut folders = vec![root.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("runtime/src is readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.file_name().is_some_and(|name| name != "tests.rs") {
                    let relative = path.strip_prefix(&root).expect("under the root");
                    found.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        found.sort();
        let mut listed: Vec<String> = SOURCES.iter().map(|(path, _)| path.to_string()).collect();
        listed.sort();
        assert_eq!(found, listed);
    }

    #[test]
    fn everything_needed_carries_every_file_with_the_parts_gated() {
        let files = runtime_files(all()).expect("trims");
        assert_eq!(files.len(), SOURCES.len());
        let root = &files[0];
        assert_eq!(root.path, "lib.rs");
        assert!(
            root.text
                .contains("#[cfg(feature = \"client\")]\npub mod client;")
        );
        assert!(!files.iter().any(|file| file.text.contains("mod tests;")));
        let client = files
            .iter()
            .find(|file| file.path == "client.rs")
            .expect("client");
        assert!(
            client
                .text
                .contains("mod multipart;\npub use multipart::Form;")
        );
        assert!(!client.text.contains("feature = \"multipart\""));
    }

    #[test]
    fn what_is_not_needed_is_left_out() {
        let needs = RuntimeNeeds {
            client: true,
            ..RuntimeNeeds::default()
        };
        let files = runtime_files(needs).expect("trims");
        let paths: Vec<&str> = files.iter().map(|file| file.path).collect();
        assert_eq!(
            paths,
            [
                "lib.rs",
                "integral.rs",
                "lenient.rs",
                "numbers.rs",
                "object.rs",
                "object/read.rs",
                "object/write.rs",
                "param.rs",
                "present.rs",
                "string_enum.rs",
                "tagged.rs",
                "client.rs",
                "client/call.rs",
                "client/error.rs",
                "client/hooks.rs",
                "client/http.rs",
                "client/idempotency.rs",
                "client/options.rs",
                "client/request.rs",
                "client/response.rs",
                "client/retry.rs",
            ]
        );
        assert!(!files[0].text.contains("#[cfg"), "ungated");
        assert!(!files[0].text.contains("\n\n\n"));
        let client = files
            .iter()
            .find(|file| file.path == "client.rs")
            .expect("client");
        assert!(!client.text.contains("multipart"));
    }

    #[test]
    fn tracing_and_middleware_stay_behind_the_crates_features_or_are_left_out() {
        let file = |files: &[RuntimeFile], path: &str| {
            files
                .iter()
                .find(|file| file.path == path)
                .map(|file| file.text.clone())
        };
        let in_crate = runtime_files(RuntimeNeeds {
            client: true,
            gate: true,
            ..RuntimeNeeds::default()
        })
        .expect("trims");
        let client = file(&in_crate, "client.rs").expect("client");
        assert!(client.contains("#[cfg(feature = \"tracing\")]\nmod trace;"));
        assert!(client.contains("#[cfg(feature = \"middleware\")]\nmod middleware;"));
        assert!(file(&in_crate, "client/trace.rs").is_some());
        assert!(file(&in_crate, "client/middleware.rs").is_some());
        // A guarded field keeps its guard.
        let request = file(&in_crate, "client/request.rs").expect("request");
        assert!(
            request
                .contains("#[cfg(feature = \"tracing\")]\n    pub(super) template: &'static str,"),
            "{request}"
        );
        // A single file's including crate may not declare the features: no trace of them.
        let single = runtime_files(RuntimeNeeds {
            client: true,
            ..RuntimeNeeds::default()
        })
        .expect("trims");
        assert!(file(&single, "client/trace.rs").is_none());
        assert!(file(&single, "client/middleware.rs").is_none());
        for file in &single {
            assert!(
                !file.text.contains("feature = \"tracing\""),
                "{}",
                file.path
            );
            assert!(
                !file.text.contains("feature = \"middleware\""),
                "{}",
                file.path
            );
        }
        let request = file(&single, "client/request.rs").expect("request");
        assert!(!request.contains("self.template"), "{request}");
        syn::parse_file(&request).expect("what is left parses");
        // Without a client, neither is carried.
        let server = runtime_files(RuntimeNeeds {
            server: true,
            gate: true,
            ..RuntimeNeeds::default()
        })
        .expect("trims");
        assert!(file(&server, "client/trace.rs").is_none());
    }

    #[test]
    fn the_runtime_parses_inline_and_as_files() {
        for needs in [
            all(),
            RuntimeNeeds {
                server: true,
                validation: true,
                ..RuntimeNeeds::default()
            },
        ] {
            let files = runtime_files(needs).expect("trims");
            for file in &files {
                syn::parse_file(&file.text)
                    .unwrap_or_else(|error| panic!("{} does not parse: {error}", file.path));
            }
            let inline = inline_runtime(&files).expect("inlines");
            let parsed = syn::parse_file(&inline).expect("the inline runtime parses");
            assert!(parsed.items.len() >= 5);
        }
    }

    #[test]
    fn comments_survive() {
        let files = runtime_files(all()).expect("trims");
        let client = files
            .iter()
            .find(|file| file.path == "client.rs")
            .expect("client");
        let plain_comment = |line: &str| line.trim_start().starts_with("// ");
        assert!(
            client.text.lines().any(plain_comment),
            "plain comments are kept"
        );
    }

    #[test]
    fn no_doc_comment_stands_above_a_guard() {
        // Dropped with its declaration, the guard would leave the comment on the next item.
        for (path, text) in SOURCES {
            let lines: Vec<&str> = text.lines().collect();
            for pair in lines.windows(2) {
                let guarded = pair[1].trim().starts_with("#[cfg(feature");
                assert!(
                    !(guarded && pair[0].trim().starts_with("///")),
                    "{path}: a doc comment above `{}`",
                    pair[1].trim()
                );
            }
        }
    }

    #[test]
    fn runtime_code_names_its_neighbours_relatively() {
        for (path, text) in SOURCES {
            assert!(
                !text.contains("crate::"),
                "{path} names `crate::`, which differs once vendored"
            );
        }
    }

    #[test]
    fn a_crate_dependency_names_the_features_beside_client_and_server() {
        let source = RuntimeSource::Crate {
            path: Some("../run \"time\"".into()),
        };
        let needs = RuntimeNeeds {
            multipart: true,
            patterns: true,
            validation: true,
            ..all()
        };
        assert_eq!(
            source.dependency(needs).as_deref(),
            Some(
                "oasgen-runtime = { path = '../run \"time\"', default-features = false, \
                 features = [\"multipart\", \"pagination\", \"streams\", \"validation\", \"patterns\", \"nullable\", \"streamed-bodies\"] }\n"
            )
        );
        let bare = RuntimeSource::Crate { path: None }.dependency(RuntimeNeeds::default());
        let version = env!("CARGO_PKG_VERSION");
        assert_eq!(
            bare,
            Some(format!(
                "oasgen-runtime = {{ version = \"{version}\", default-features = false }}\n"
            ))
        );
        assert_eq!(RuntimeSource::Vendored.dependency(needs), None);
    }
}
