//! `cargo run --release -p oasgen-bench -- [--only NAME] [--runs N] [--check-runs N]
//! [--skip-stages] [--skip-scale] [--skip-progenitor] [--skip-compile]`: the benchmark. Prints
//! Markdown tables and saves them to `target/bench/report.md`.

/// The CLI's allocator, so the in-process stage timings are what a CLI run spends.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use oasgen_bench::args::{self, USAGE};
use oasgen_bench::corpus::{Spec, corpus_specs, fixture_spec};
use oasgen_bench::machine::{Machine, load_average};
use oasgen_bench::memory::{CHILD_FLAG, run_child};
use oasgen_bench::report::Report;
use oasgen_bench::sections::{self, Context, Findings};

/// The corpus specs whose generated crates are type-checked, besides the fixture API.
const CHECKED_SPECS: [&str; 2] = ["prog-nexus", "discord"];

fn main() -> ExitCode {
    let mut arguments = std::env::args().skip(1).peekable();
    if arguments.peek().map(String::as_str) == Some(CHILD_FLAG) {
        let spec = arguments.nth(1).map(PathBuf::from).unwrap_or_default();
        return if run_child(&spec) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let options = match args::parse(arguments) {
        Ok(options) => options,
        Err(problem) => {
            if !problem.is_empty() {
                eprintln!("error: {problem}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; the figures mean little without --release");
    }
    let repository = repository_root();
    let executable = match std::env::current_exe() {
        Ok(executable) => executable,
        Err(error) => {
            eprintln!("error: cannot find this executable: {error}");
            return ExitCode::FAILURE;
        }
    };
    let corpus = match corpus_specs(&repository.join("../shared/corpus")) {
        Ok(corpus) => corpus,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut context = Context {
        work: repository.join("target/bench"),
        repository,
        executable,
        options,
        report: Report::default(),
    };
    let started = Instant::now();
    let load_before = load_average();
    context.report.paragraph("# oasgen benchmark");
    let mut findings = Findings::default();
    run_sections(&mut context, &corpus, &mut findings);
    sections::targets::run(&mut context, &findings);

    context.report.heading("Machine");
    context.report.paragraph(&format!(
        "- {}\n- load average (1 / 5 / 15 min): {load_before} at the start, {} at the end\n\
         - took {:.0} s; command: `cargo run --release -p oasgen-bench --{}`",
        Machine::describe().summary(),
        load_average(),
        started.elapsed().as_secs_f64(),
        std::env::args()
            .skip(1)
            .map(|argument| format!(" {argument}"))
            .collect::<String>()
    ));
    let saved = context.work.join("report.md");
    match context.report.save(&saved) {
        Ok(()) => {
            eprintln!("saved {}", saved.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_sections(context: &mut Context, corpus: &[Spec], findings: &mut Findings) {
    let selected = |specs: &[Spec], context: &Context| -> Vec<Spec> {
        specs
            .iter()
            .filter(|spec| context.options.selects(&spec.name))
            .cloned()
            .collect()
    };
    if context.options.stages {
        let specs = selected(corpus, context);
        if !specs.is_empty() {
            sections::generation::run(context, &specs, findings);
        }
    }
    let wants_synthetic = context.options.scale && context.options.selects("synthetic");
    let synthetic = if wants_synthetic {
        match sections::scale::write_specs(context) {
            Ok(specs) => specs,
            Err(error) => {
                context
                    .report
                    .paragraph(&format!("Cannot write the synthetic specs: {error}"));
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    if !synthetic.is_empty() {
        sections::scale::run(context, &synthetic, findings);
    }
    let giants = context.repository.join("../shared/giants");
    if context.options.scale {
        match sections::giants::selected(context, &giants) {
            Ok(specs) if !specs.is_empty() => sections::giants::run(context, &specs),
            Ok(_) => {}
            Err(error) => context
                .report
                .paragraph(&format!("Giant specs skipped: {error}")),
        }
    }
    // A type-check timing, so `--skip-compile` governs it rather than `--skip-scale`: then
    // `--skip-scale --only stripe-spec3` runs it alone.
    if context.options.compile {
        match sections::giants::selected(context, &giants) {
            Ok(specs) => {
                let stripe = specs
                    .iter()
                    .find(|spec| spec.name == sections::giant_checks::STRIPE);
                if let Some(stripe) = stripe {
                    sections::giant_checks::run(context, stripe, findings);
                }
            }
            Err(error) => context
                .report
                .paragraph(&format!("Giant crates type-check skipped: {error}")),
        }
    }
    let tools = if context.options.progenitor {
        match sections::versus::prepare(context) {
            Ok(tools) => Some(tools),
            Err(error) => {
                context
                    .report
                    .paragraph(&format!("progenitor comparison skipped: {error}"));
                None
            }
        }
    } else {
        None
    };
    if let Some(tools) = &tools {
        let mut specs: Vec<Spec> = selected(corpus, context)
            .into_iter()
            .filter(Spec::is_openapi_30)
            .collect();
        specs.extend(synthetic.iter().cloned());
        if !specs.is_empty() {
            sections::versus::run(context, tools, &specs, findings);
        }
    }
    if context.options.compile {
        let mut specs: Vec<Spec> = corpus
            .iter()
            .filter(|spec| CHECKED_SPECS.contains(&spec.name.as_str()))
            .cloned()
            .collect();
        specs.push(fixture_spec(&context.repository));
        let specs = selected(&specs, context);
        if !specs.is_empty() {
            let progenitor = tools.as_ref().map(|tools| tools.progenitor.as_path());
            sections::checks::run(context, &specs, progenitor, findings);
        }
    }
}

/// The repository this crate sits in, whatever the working directory.
fn repository_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
