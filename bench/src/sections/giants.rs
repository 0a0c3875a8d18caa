//! Section 5: real specs far larger than the corpus's (`../shared/giants/`, Stripe's 4.2 MB
//! among them): each stage's share, and the command line's minimum and median wall time, the
//! figures of the "giant spec in under half a second" goal.

use std::path::Path;
use std::time::Duration;

use crate::cli::time_alternately;
use crate::corpus::{Spec, corpus_specs};
use crate::progenitor::{build_oasgen_cli, oasgen_invocation};
use crate::report::progress;
use crate::sections::{Context, stage_headers};
use crate::stats::{mebibytes, median_seconds, milliseconds};
use crate::table::{Align, Table};

/// The giant specs `--only` selects: by their own name, or all of them by `giants`.
pub fn selected(context: &Context, giants: &Path) -> Result<Vec<Spec>, String> {
    Ok(corpus_specs(giants)?
        .into_iter()
        .filter(|spec| context.options.selects("giants") || context.options.selects(&spec.name))
        .collect())
}

/// Measures each giant spec and adds its table to the report.
pub fn run(context: &mut Context, specs: &[Spec]) {
    let runs = context.options.runs;
    context.report.heading("Giant specs");
    context.report.paragraph(&format!(
        "The specs of `../shared/giants/`. Stages: median of {runs} fresh processes, one stage \
         after another. *CLI*: `oasgen generate` as a user runs it (modules emitted and \
         formatted in parallel, files written and synced), minimum and median of {runs} runs; \
         *MB/s* is the spec's size over the CLI median."
    ));
    let cli = build_oasgen_cli(&context.repository, &context.executable);
    let mut columns: Vec<(String, Align)> = vec![
        ("spec".into(), Align::Left),
        ("spec MB".into(), Align::Right),
        ("ops".into(), Align::Right),
    ];
    columns.extend(
        stage_headers()
            .into_iter()
            .map(|header| (header, Align::Right)),
    );
    columns.extend(
        [
            "total ms",
            "CLI min ms",
            "CLI median ms",
            "MB/s",
            "peak MiB",
            "out MiB",
        ]
        .map(|header| (header.to_string(), Align::Right)),
    );
    let mut table = Table::new(&columns);
    let mut failures = Vec::new();
    for spec in specs {
        let bytes = std::fs::metadata(&spec.path).map_or(0, |meta| meta.len());
        let medians = match context.measure(spec) {
            Ok(medians) => medians,
            Err(error) => {
                failures.push(format!("- `{}`: {error}", spec.name));
                continue;
            }
        };
        let megabytes = bytes as f64 / 1e6;
        let mut row = vec![
            spec.name.clone(),
            format!("{megabytes:.2}"),
            medians.operations.to_string(),
        ];
        row.extend(medians.stages.iter().map(|&stage| milliseconds(stage)));
        let folder = context.work.join("giants-cli").join(&spec.name);
        let times: Option<Vec<Duration>> = cli.as_ref().ok().and_then(|binary| {
            let invocation = oasgen_invocation(binary, &spec.path, "giant");
            time_alternately(&[(&invocation, &folder)], runs)
                .into_iter()
                .next()?
                .ok()
        });
        let minimum = times
            .as_ref()
            .and_then(|times| times.iter().min())
            .map(Duration::as_secs_f64);
        let median = times.as_deref().and_then(median_seconds);
        let unmeasured = || "–".to_string();
        row.extend([
            milliseconds(medians.total),
            minimum.map_or_else(unmeasured, milliseconds),
            median.map_or_else(unmeasured, milliseconds),
            median.map_or_else(unmeasured, |median| {
                format!("{:.2}", megabytes / median.max(f64::MIN_POSITIVE))
            }),
            mebibytes(medians.peak_kib * 1024),
            mebibytes(medians.output_bytes),
        ]);
        table.push(row);
    }
    context.report.table(&table);
    if !failures.is_empty() {
        context
            .report
            .paragraph(&format!("Failed:\n\n{}", failures.join("\n")));
    }
    progress("giants done");
}
