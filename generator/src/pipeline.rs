//! The one driver: load → upgrade → model → lower → emit → render, for every door (the CLI,
//! `cargo xtask codegen`, build scripts, the benchmark through a [`StageHook`], the fuzzer),
//! always on a thread whose stack fits the deepest document oasgen accepts.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{Config, RuntimeMode};
use crate::diagnostics::Diagnostic;
use crate::emit::runtime::{RuntimePlan, RuntimeSource};
use crate::emit::{self, Parts};
use crate::error::Error;
use crate::lower::Lowered;
use crate::{deep_stack, load, locate, lower, model, render, upgrade};

/// Where a spec comes from.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// A file: `$ref`s may lead into other files of its folder, and diagnostics name it.
    File(&'a Path),
    /// Bytes with no folder: `$ref`s to other files are errors.
    Bytes(&'a [u8]),
}

/// How the generated code is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A standalone crate: `Cargo.toml` named `crate_name`, `src/lib.rs` and a file per module,
    /// the client and server behind cargo features.
    Crate {
        /// The package name.
        crate_name: String,
    },
    /// One file of inline modules named `file_name`, meant to be `include!`d (a build script's
    /// output); the chosen parts are always compiled.
    Module {
        /// The file's name.
        file_name: String,
    },
}

/// One generation: what to read, how to configure it, and what to write.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    /// The spec.
    pub input: Input<'a>,
    /// The `oasgen.toml` to apply.
    pub config: &'a Config,
    /// Which parts to generate.
    pub parts: Parts,
    /// The output's layout.
    pub layout: Layout,
    /// How the spec is named in the `@generated` header (a path relative to the repository).
    pub spec_label: &'a str,
    /// How many warnings get their line and column (0: none), found while the files are
    /// generated, by another thread of the pool, in the spec's text as first read (indexed
    /// while lowering settled).
    pub locate_warnings: usize,
    /// Where each file is handed over as soon as it is generated, to be written while the
    /// others are (a crate's files; `None`: only returned). The files it takes are not in
    /// [`Generated::files`]: [`crate::write::Staged::finish`] gives them back.
    pub staged: Option<&'a crate::write::Staged>,
    /// How the IR is let go once the files are generated.
    pub freeing: Freeing,
}

/// How the pipeline lets go of the IR once the files are generated: freeing a giant spec's
/// takes milliseconds of a processor. (The spec's trees are always freed as soon as lowering
/// has read them, on the core the settling passes leave idle: their pages then serve
/// rendering, which would otherwise fault in fresh ones.)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Freeing {
    /// Freed on a thread of its own, while the rest goes on.
    #[default]
    Elsewhere,
    /// Not freed: the process ends right after the generation and the system takes the memory
    /// back at once (the CLI). In a process that goes on, this leaks.
    AtExit,
}

/// A stage of the pipeline, as a [`StageHook`] is told of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the bytes and parsing JSON or YAML.
    Load,
    /// The configuration's edits, the 3.0 → 3.1 upgrade, and the OpenAPI model.
    Model,
    /// The model → the IR.
    Lower,
    /// The IR → formatted files (emitting and formatting run together, module by module on
    /// every thread of the pool).
    Generate,
}

/// Told of each stage as it starts, and of its end (the benchmark times stages with it).
pub trait StageHook: Send {
    /// `stage` starts.
    fn started(&mut self, stage: Stage) {
        let _ = stage;
    }

    /// The last stage ended.
    fn finished(&mut self) {}
}

/// A hook that does nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHook;

impl StageHook for NoHook {}

/// Generated files and what was learnt on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Path (relative to the output folder) → contents, in path order (less those handed over
    /// to [`Job::staged`], until it gives them back).
    pub files: BTreeMap<PathBuf, String>,
    /// Located warnings: everything skipped, degraded or renamed.
    pub warnings: Vec<Diagnostic>,
    /// Other files the spec's `$ref`s led to, in path order.
    pub files_read: Vec<PathBuf>,
    /// How many operations the API has.
    pub operations: usize,
}

/// Runs the whole pipeline for `job`, on the deep stack.
pub fn generate(job: &Job<'_>, hook: &mut dyn StageHook) -> Result<Generated, Error> {
    deep_stack::run(|| generate_here(job, hook))
}

/// Runs the stages up to the IR, on the deep stack.
pub fn lower(input: Input<'_>, config: &Config) -> Result<Lowered, Error> {
    deep_stack::run(|| lower_here(input, config, &mut NoHook, false).map(|(lowered, _)| lowered))
}

fn generate_here(job: &Job<'_>, hook: &mut dyn StageHook) -> Result<Generated, Error> {
    // A name the crate would not build warning-free under is refused before any work.
    if let Layout::Crate { crate_name } = &job.layout
        && let Some(problem) = crate::crate_name::problem(crate_name)
    {
        return Err(Error::CrateName {
            name: crate_name.clone(),
            problem,
            suggestion: crate::crate_name::normalized(crate_name),
        });
    }
    let (mut lowered, prepared) = lower_here(job.input, job.config, hook, job.locate_warnings > 0)?;
    if matches!(job.layout, Layout::Module { .. }) {
        lowered.api.ungroup();
    }
    hook.started(Stage::Generate);
    let mut warnings = std::mem::take(&mut lowered.warnings);
    let api = &lowered.api;
    // Another thread of the pool locates the warnings while the files render.
    let (files, ()) = crate::parallel::join(
        || generate_files(api, job),
        || {
            if job.locate_warnings > 0 {
                // A panic while locating is a bug of ours; the warnings then go unlocated.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    locate::locate_warnings_with(
                        &mut warnings,
                        job.locate_warnings,
                        prepared.as_ref(),
                    )
                }));
            }
            // The spec's text is let go as soon as it has served.
            drop(prepared);
        },
    );
    let files = files?;
    hook.finished();
    let operations = lowered.api.operations.len();
    let_go(lowered.api, job.freeing);
    Ok(Generated {
        files,
        operations,
        warnings,
        files_read: lowered.files_read,
    })
}

/// The files of the job's layout, from the IR.
fn generate_files(api: &crate::ir::Api, job: &Job<'_>) -> Result<BTreeMap<PathBuf, String>, Error> {
    Ok(match &job.layout {
        Layout::Crate { crate_name } => {
            let plans = emit::plan(api, job.parts, true);
            let runtime = runtime_plan(api, job, true);
            let hand_over = |path: PathBuf, text: String| match job.staged {
                Some(staged) => staged.hand_over(path, text),
                None => Some((path, text)),
            };
            let names = render::CrateNames {
                spec_label: job.spec_label,
                crate_name,
            };
            render::crate_files(api, &plans, &runtime, names, &hand_over)?
        }
        Layout::Module { file_name } => {
            let modules = emit::emit(api, job.parts, false)?;
            let runtime = runtime_plan(api, job, false);
            let text = render::single_file(&modules, &runtime, job.spec_label)?;
            BTreeMap::from([(PathBuf::from(file_name), text)])
        }
    })
}

/// What of the runtime the API needs, and where the configuration says it comes from.
fn runtime_plan(api: &crate::ir::Api, job: &Job<'_>, gate: bool) -> RuntimePlan {
    let source = match job.config.runtime {
        RuntimeMode::Vendored => RuntimeSource::Vendored,
        RuntimeMode::Crate => RuntimeSource::Crate {
            path: job.config.runtime_path.clone(),
        },
    };
    RuntimePlan {
        needs: emit::runtime_needs(api, job.parts, gate),
        source,
    }
}

/// Reads, loads, models and lowers the input; with `prepare_locating`, its text comes back too,
/// ready for locating the warnings (`locate::Prepared`).
fn lower_here(
    input: Input<'_>,
    config: &Config,
    hook: &mut dyn StageHook,
    prepare_locating: bool,
) -> Result<(Lowered, Option<locate::Prepared>), Error> {
    hook.started(Stage::Load);
    let (spec, read) = match input {
        Input::File(path) => {
            let read = load::read_document(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            (Some(path), Cow::Owned(read))
        }
        Input::Bytes(bytes) => (None, Cow::Borrowed(bytes)),
    };
    let bytes: &[u8] = &read;
    // Warnings are located in a file's text only: bytes given directly have none to index.
    let lowered = front_stages(
        bytes,
        spec,
        config,
        hook,
        prepare_locating && spec.is_some(),
    );
    let Some(spec) = spec else {
        return lowered
            .map(|(lowered, _)| (lowered, None))
            .map_err(Error::Spec);
    };
    let (mut lowered, index) = lowered.map_err(|diagnostic| {
        Error::Spec(with_line_column(diagnostic.in_file(spec), spec, bytes))
    })?;
    for warning in &mut lowered.warnings {
        warning
            .location
            .file
            .get_or_insert_with(|| spec.to_path_buf());
    }
    let prepared = prepare_locating.then(|| locate::Prepared {
        path: spec.to_path_buf(),
        // A file's bytes, owned: taken, not copied.
        bytes: read.into_owned(),
        index,
    });
    Ok((lowered, prepared))
}

/// Load (of bytes already read), model and lower; with `index_text`, the text's index for
/// locating warnings too (`locate::index_of`), worked out while lowering settles.
fn front_stages(
    bytes: &[u8],
    spec: Option<&Path>,
    config: &Config,
    hook: &mut dyn StageHook,
    index_text: bool,
) -> Result<(Lowered, Option<crate::load::SectionIndex>), Diagnostic> {
    let mut raw = load::load(bytes)?;
    hook.started(Stage::Model);
    // The overlay and filters see the document as written, before the 3.0 → 3.1 upgrade.
    crate::config::apply_to_document(&mut raw, config)?;
    let version = upgrade::upgrade(&mut raw)?;
    let document = model::document(&raw)?;
    hook.started(Stage::Lower);
    let unsettled = match spec {
        Some(spec) => lower::read_in_folder(&raw, &document, spec, version, config),
        None => lower::read_without_folder(&raw, &document, config),
    };
    // Nothing after this reads the trees: freed now, on the core the settling passes leave
    // idle, their pages serve rendering instead of fresh ones the system must clear (Stripe:
    // 40 MB less at the peak, and a third less time in the kernel).
    drop_elsewhere((raw, document));
    let unsettled = unsettled?;
    // The settling passes leave a core idle (but for `parallel::map`): indexing the text for
    // the warnings' positions then costs no time (Stripe: 15 ms of a core, and when it ran
    // beside rendering, 25 ms of the CLI's wall time).
    let (settled, index) = crate::parallel::join(
        || unsettled.settle(),
        || index_text.then(|| locate::index_of(bytes)).flatten(),
    );
    Ok((settled?, index))
}

/// Lets go of `value` as `freeing` says.
fn let_go<T: Send + 'static>(value: T, freeing: Freeing) {
    match freeing {
        Freeing::Elsewhere => drop_elsewhere(value),
        Freeing::AtExit => std::mem::forget(value),
    }
}

/// Drops `value` on a thread of its own (here when none can be started): freeing a giant
/// spec's trees takes tens of milliseconds nobody needs to wait for.
fn drop_elsewhere<T: Send + 'static>(value: T) {
    // On failure the closure, and the value with it, is dropped here.
    let _ = std::thread::Builder::new()
        .name("oasgen-drop".into())
        .stack_size(deep_stack::STACK_BYTES)
        .spawn(move || drop(value));
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

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &[u8] = b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}}}\n";

    /// Records the stages it is told of.
    #[derive(Default)]
    struct Recorder(Vec<Stage>, bool);

    impl StageHook for Recorder {
        fn started(&mut self, stage: Stage) {
            self.0.push(stage);
        }
        fn finished(&mut self) {
            self.1 = true;
        }
    }

    fn job(layout: Layout) -> Job<'static> {
        static CONFIG: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
        Job {
            input: Input::Bytes(SPEC),
            config: CONFIG.get_or_init(Config::default),
            parts: Parts::default(),
            layout,
            spec_label: "t.yaml",
            locate_warnings: 0,
            staged: None,
            freeing: Freeing::Elsewhere,
        }
    }

    #[test]
    fn a_hook_sees_every_stage_in_order() {
        let mut recorder = Recorder::default();
        let crate_layout = Layout::Crate {
            crate_name: "t".into(),
        };
        let generated = generate(&job(crate_layout), &mut recorder).expect("generates");
        assert_eq!(
            recorder.0,
            [Stage::Load, Stage::Model, Stage::Lower, Stage::Generate]
        );
        assert!(recorder.1);
        assert_eq!(generated.operations, 1);
        for file in ["Cargo.toml", "src/lib.rs", "src/types.rs", "src/runtime.rs"] {
            assert!(generated.files.contains_key(Path::new(file)), "{file}");
        }
    }

    #[test]
    fn the_module_layout_is_one_file() {
        let layout = Layout::Module {
            file_name: "t.rs".into(),
        };
        let generated = generate(&job(layout), &mut NoHook).expect("generates");
        let names: Vec<&Path> = generated.files.keys().map(PathBuf::as_path).collect();
        assert_eq!(names, [Path::new("t.rs")]);
        let text = &generated.files[Path::new("t.rs")];
        assert!(text.contains("\nmod runtime {\n"));
        syn::parse_file(text).expect("the file parses");
    }

    #[test]
    fn a_bad_spec_is_a_located_error() {
        let mut job = job(Layout::Module {
            file_name: "t.rs".into(),
        });
        job.input = Input::Bytes(b"openapi: 3.1.0\ninfo: [\n");
        match generate(&job, &mut NoHook) {
            Err(Error::Spec(diagnostic)) => assert!(!diagnostic.message.is_empty()),
            Err(other) => panic!("expected a spec error, got {other}"),
            Ok(_) => panic!("a document that does not parse generated"),
        }
    }

    #[test]
    fn a_crate_name_rustc_would_warn_about_is_refused_with_a_suggestion() {
        let layout = Layout::Crate {
            crate_name: "My--Api".into(),
        };
        match generate(&job(layout), &mut NoHook) {
            Err(error @ Error::CrateName { .. }) => {
                assert!(error.to_string().ends_with("use `my-api`"), "{error}");
            }
            Err(other) => panic!("expected a crate name error, got {other}"),
            Ok(_) => panic!("generated a crate named `My--Api`"),
        }
    }
}
