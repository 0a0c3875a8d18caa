//! Section 3: oasgen and progenitor side by side on the OpenAPI 3.0 specs (progenitor reads
//! no other version): command-line wall time and output bytes per operation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cli::{Outcome, time_alternately};
use crate::corpus::Spec;
use crate::progenitor::{self, Interface};
use crate::report::progress;
use crate::sections::{Context, Findings};
use crate::size::{
    FileSize, OasgenSizes, measure_text, oasgen_sizes, per_operation, source_sizes, total,
};
use crate::stats::{median_seconds, milliseconds, ratio};
use crate::table::{Align, Table};

/// One spec's comparison.
struct Row {
    name: String,
    operations: u64,
    oasgen: Result<f64, String>,
    positional: Result<f64, Outcome>,
    sizes: Option<Sizes>,
}

/// The size of each output.
struct Sizes {
    positional: FileSize,
    builder: Option<FileSize>,
    oasgen: OasgenSizes,
    /// oasgen's files one by one, for the detailed table.
    oasgen_files: BTreeMap<String, FileSize>,
    /// What oasgen generates with the server left out (`Bindings::server(false)`): a client
    /// user's whole output, like progenitor's.
    client_only: Option<FileSize>,
}

/// The command lines, once built or installed.
pub struct Tools {
    /// oasgen's CLI (release).
    pub oasgen: PathBuf,
    /// cargo-progenitor.
    pub progenitor: PathBuf,
}

/// Builds oasgen's CLI and installs progenitor if missing.
pub fn prepare(context: &Context) -> Result<Tools, String> {
    progress("building oasgen's CLI (release)");
    let oasgen = progenitor::build_oasgen_cli(&context.repository, &context.executable)?;
    let progenitor = progenitor::ensure_installed(&context.repository)?;
    Ok(Tools { oasgen, progenitor })
}

/// Compares on each spec and adds the tables to the report.
pub fn run(context: &mut Context, tools: &Tools, specs: &[Spec], findings: &mut Findings) {
    let runs = context.options.runs;
    context.report.heading(&format!(
        "Side by side with progenitor {}",
        progenitor::VERSION
    ));
    context.report.paragraph(&format!(
        "Both command lines as a user runs them: a fresh process that reads the spec and writes a \
         crate into an empty folder (`oasgen generate --quiet`; `cargo progenitor \
         --interface positional`). Median wall time of {runs} runs, the two alternating run by \
         run. Only the OpenAPI 3.0 specs: \
         progenitor refuses 3.1. oasgen's crate carries both client and server (behind features) \
         and its own runtime module; progenitor's carries a client only, and its runtime is the \
         `progenitor-client` crate."
    ));
    let rows: Vec<Row> = specs
        .iter()
        .map(|spec| compare(context, tools, spec, runs))
        .collect();
    context.report.table(&time_table(&rows));
    context.report.paragraph(
        "Output bytes per operation (Rust sources only; the operation count is oasgen's, the \
         same for both, so a B/op ratio is the ratio of the sizes). *client* is what oasgen's \
         `client` feature compiles (all but `server.rs`); *w/o runtime* also leaves out the \
         runtime module, which is the same ~50 KB for every API.",
    );
    context.report.table(&size_table(&rows));
    if let Some(nexus) = rows.iter().find(|row| row.name == "prog-nexus")
        && let Some(sizes) = &nexus.sizes
    {
        context.report.paragraph(
            "prog-nexus in detail. *code* leaves out whitespace and comment lines (doc \
             comments included), to tell formatting and documentation from generated code.",
        );
        context.report.table(&detail_table(sizes, nexus.operations));
    }
    let refused: Vec<String> = rows
        .iter()
        .filter_map(|row| match &row.positional {
            Err(Outcome::Panicked(message)) => Some(format!("- `{}`: panics: {message}", row.name)),
            Err(Outcome::Refused(message)) => Some(format!("- `{}`: refuses: {message}", row.name)),
            _ => None,
        })
        .collect();
    context.report.paragraph(&if refused.is_empty() {
        "progenitor generated every one of these specs.".to_string()
    } else {
        format!(
            "progenitor failed on {} of {} specs:\n\n{}",
            refused.len(),
            rows.len(),
            refused.join("\n")
        )
    });
    if let Some(nexus) = rows.iter().find(|row| row.name == "prog-nexus") {
        findings.nexus_oasgen_cli = nexus.oasgen.as_ref().ok().copied();
        findings.nexus_progenitor_cli = nexus.positional.as_ref().ok().copied();
        if let Some(sizes) = &nexus.sizes {
            let per_op = |size: FileSize| per_operation(size.bytes, nexus.operations);
            findings.nexus_bytes_all = Some(per_op(sizes.oasgen.all));
            findings.nexus_bytes_client = Some(per_op(sizes.oasgen.client));
            findings.nexus_bytes_client_only = sizes.client_only.map(per_op);
            findings.nexus_bytes_progenitor = Some(per_op(sizes.positional));
        }
    }
}

fn compare(context: &Context, tools: &Tools, spec: &Spec, runs: usize) -> Row {
    progress(&format!(
        "{}: oasgen and progenitor CLIs, alternately ×{runs}",
        spec.name
    ));
    let folder = context.work.join("versus").join(&spec.name);
    let oasgen_out = folder.join("oasgen");
    let positional_out = folder.join("positional");
    let builder_out = folder.join("builder");
    let crate_name = format!("versus-{}", spec.name);
    let oasgen_cli = progenitor::oasgen_invocation(&tools.oasgen, &spec.path, &crate_name);
    let progenitor_cli = progenitor::invocation(
        &tools.progenitor,
        &spec.path,
        &crate_name,
        Interface::Positional,
    );
    let mut timed = time_alternately(
        &[
            (&oasgen_cli, oasgen_out.as_path()),
            (&progenitor_cli, positional_out.as_path()),
        ],
        runs,
    )
    .into_iter()
    .map(|result| result.map(|times| median_seconds(&times).unwrap_or(0.0)));
    let missing = || Err(Outcome::Refused("not run".to_string()));
    let oasgen = timed
        .next()
        .unwrap_or_else(missing)
        .map_err(|outcome| format!("{outcome:?}"));
    let positional = timed.next().unwrap_or_else(missing);
    // The builder style once, for its size only.
    let builder_ok = matches!(
        progenitor::invocation(
            &tools.progenitor,
            &spec.path,
            &crate_name,
            Interface::Builder
        )
        .run_once(&builder_out),
        Ok(Outcome::Generated(_))
    );
    let operations =
        oasgen::lower_file(&spec.path).map_or(0, |lowered| lowered.api.operations.len() as u64);
    let sizes = match (&oasgen, &positional) {
        (Ok(_), Ok(_)) => sizes(
            &oasgen_out,
            &positional_out,
            builder_ok.then_some(builder_out.as_path()),
        )
        .map(|sizes| Sizes {
            client_only: client_only_size(&spec.path),
            ..sizes
        }),
        _ => None,
    };
    Row {
        name: spec.name.clone(),
        operations,
        oasgen,
        positional,
        sizes,
    }
}

fn sizes(oasgen: &Path, positional: &Path, builder: Option<&Path>) -> Option<Sizes> {
    let oasgen_files = source_sizes(oasgen).ok()?;
    Some(Sizes {
        positional: total(&source_sizes(positional).ok()?),
        builder: builder
            .and_then(|folder| source_sizes(folder).ok())
            .map(|sizes| total(&sizes)),
        oasgen: oasgen_sizes(&oasgen_files),
        oasgen_files,
        client_only: None,
    })
}

/// The size of the client-only module oasgen generates for `spec` (in process: the same
/// pipeline as the CLI, one file).
fn client_only_size(spec: &Path) -> Option<FileSize> {
    let parts = oasgen::Parts {
        client: true,
        server: false,
    };
    let (text, _) = oasgen::generate_module(spec, "client only", parts).ok()?;
    Some(measure_text(&text))
}

fn time_table(rows: &[Row]) -> Table {
    let mut table = Table::new(&[
        ("spec", Align::Left),
        ("ops", Align::Right),
        ("oasgen CLI ms", Align::Right),
        ("progenitor CLI ms", Align::Right),
        ("oasgen/progenitor", Align::Right),
        ("progenitor", Align::Left),
    ]);
    for row in rows {
        let oasgen = row.oasgen.as_ref().ok();
        let positional = row.positional.as_ref().ok();
        table.push(vec![
            row.name.clone(),
            row.operations.to_string(),
            oasgen.map_or_else(|| "failed".to_string(), |&s| milliseconds(s)),
            positional.map_or_else(|| "–".to_string(), |&s| milliseconds(s)),
            match (oasgen, positional) {
                (Some(&ours), Some(&theirs)) => ratio(ours, theirs),
                _ => "–".to_string(),
            },
            match &row.positional {
                Ok(_) => "ok".to_string(),
                Err(Outcome::Panicked(_)) => "panics".to_string(),
                Err(Outcome::Refused(_)) => "refuses".to_string(),
                Err(Outcome::Generated(_)) => "ok".to_string(),
            },
        ]);
    }
    table
}

fn size_table(rows: &[Row]) -> Table {
    let mut table = Table::new(&[
        ("spec", Align::Left),
        ("ops", Align::Right),
        ("progenitor positional B/op", Align::Right),
        ("progenitor builder B/op", Align::Right),
        ("oasgen all B/op", Align::Right),
        ("oasgen client B/op", Align::Right),
        ("oasgen client w/o runtime B/op", Align::Right),
        ("oasgen client-only generation B/op", Align::Right),
        ("all/positional", Align::Right),
        ("client/positional", Align::Right),
    ]);
    for row in rows {
        let Some(sizes) = &row.sizes else { continue };
        let per_op = |size: FileSize| per_operation(size.bytes, row.operations);
        let versus = |ours: FileSize| ratio(ours.bytes as f64, sizes.positional.bytes as f64);
        table.push(vec![
            row.name.clone(),
            row.operations.to_string(),
            per_op(sizes.positional).to_string(),
            sizes
                .builder
                .map_or_else(|| "–".to_string(), |size| per_op(size).to_string()),
            per_op(sizes.oasgen.all).to_string(),
            per_op(sizes.oasgen.client).to_string(),
            per_op(sizes.oasgen.client_without_runtime).to_string(),
            sizes
                .client_only
                .map_or_else(|| "–".to_string(), |size| per_op(size).to_string()),
            versus(sizes.oasgen.all),
            versus(sizes.oasgen.client),
        ]);
    }
    table
}

fn detail_table(sizes: &Sizes, operations: u64) -> Table {
    let mut table = Table::new(&[
        ("output", Align::Left),
        ("bytes", Align::Right),
        ("B/op", Align::Right),
        ("code bytes", Align::Right),
        ("code B/op", Align::Right),
        ("vs positional", Align::Right),
        ("code vs positional", Align::Right),
    ]);
    let mut row = |name: String, size: FileSize| {
        table.push(vec![
            name,
            size.bytes.to_string(),
            per_operation(size.bytes, operations).to_string(),
            size.code.to_string(),
            per_operation(size.code, operations).to_string(),
            ratio(size.bytes as f64, sizes.positional.bytes as f64),
            ratio(size.code as f64, sizes.positional.code as f64),
        ]);
    };
    row("progenitor positional".into(), sizes.positional);
    if let Some(builder) = sizes.builder {
        row("progenitor builder".into(), builder);
    }
    row("oasgen, whole crate".into(), sizes.oasgen.all);
    row("oasgen, client side".into(), sizes.oasgen.client);
    row(
        "oasgen, client side w/o runtime".into(),
        sizes.oasgen.client_without_runtime,
    );
    if let Some(client_only) = sizes.client_only {
        row(
            "oasgen, client-only generation (`server(false)`)".into(),
            client_only,
        );
    }
    for (file, size) in &sizes.oasgen_files {
        row(format!("oasgen `{file}`"), *size);
    }
    table
}
