//! Section 4: the synthetic spec at 1×, 4× and 16×: does generation time grow linearly, and
//! does a 4 MB spec generate in under a second?

use crate::cli::time_alternately;
use crate::corpus::Spec;
use crate::progenitor::{build_oasgen_cli, oasgen_invocation};
use crate::report::progress;
use crate::sections::{Context, Findings, stage_headers};
use crate::stats::{mebibytes, median_seconds, milliseconds};
use crate::synthetic::{OPERATIONS_PER_RESOURCE, RESOURCES_PER_SCALE, synthetic_text};
use crate::table::{Align, Table};

/// The scales measured.
pub const SCALES: [usize; 3] = [1, 4, 16];

/// The size the "under a second" target is about.
const FOUR_MB: u64 = 4_000_000;

/// Writes the synthetic specs under `target/bench/synthetic/` (every run: they are cheap, and a
/// change to the generator must not leave stale ones behind) and describes them.
pub fn write_specs(context: &Context) -> Result<Vec<Spec>, String> {
    let folder = context.work.join("synthetic");
    std::fs::create_dir_all(&folder).map_err(|error| format!("{}: {error}", folder.display()))?;
    SCALES
        .iter()
        .map(|scale| {
            let path = folder.join(format!("synthetic-{scale}x.json"));
            std::fs::write(&path, synthetic_text(*scale))
                .map_err(|error| format!("{}: {error}", path.display()))?;
            Ok(Spec {
                name: format!("synthetic-{scale}x"),
                path,
                version: "3.0.3".to_string(),
            })
        })
        .collect()
}

/// Measures the synthetic specs and adds the table and the growth figures to the report.
pub fn run(context: &mut Context, specs: &[Spec], findings: &mut Findings) {
    let runs = context.options.runs;
    context
        .report
        .heading("Scaling: a synthetic spec at 1×, 4× and 16×");
    context.report.paragraph(&format!(
        "`bench/src/synthetic.rs` writes {RESOURCES_PER_SCALE} resources per scale step, each \
         with 8 schemas (nested inline objects, nullable and formatted fields, a string enum, a \
         discriminated `oneOf`, create/update bodies, a page) and {OPERATIONS_PER_RESOURCE} \
         operations with query, header and path parameters and error responses; OpenAPI 3.0.3, \
         pretty-printed JSON. Median of {runs} fresh processes, as above. The stages run one \
         after another in the measuring process; *CLI ms* is the `oasgen generate` command as a \
         user runs it (modules emitted and formatted in parallel, files written and synced), \
         and is what the 4 MB target is judged on."
    ));
    // Without the CLI the table still has the stages; the target then stays unmeasured.
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
            "CLI ms",
            "µs per op",
            "MB/s",
            "peak MiB",
            "out MiB",
        ]
        .map(|header| (header.to_string(), Align::Right)),
    );
    let mut table = Table::new(&columns);
    let mut measured: Vec<(usize, u64, f64)> = Vec::new();
    let mut failures = Vec::new();
    for (spec, scale) in specs.iter().zip(SCALES) {
        let bytes = std::fs::metadata(&spec.path).map_or(0, |meta| meta.len());
        match context.measure(spec) {
            Ok(medians) => {
                let megabytes = bytes as f64 / 1e6;
                let mut row = vec![
                    spec.name.clone(),
                    format!("{megabytes:.2}"),
                    medians.operations.to_string(),
                ];
                row.extend(medians.stages.iter().map(|&stage| milliseconds(stage)));
                let folder = context.work.join("scale-cli").join(&spec.name);
                let cli_time = cli.as_ref().ok().and_then(|binary| {
                    let invocation = oasgen_invocation(binary, &spec.path, "synthetic");
                    let timed = time_alternately(&[(&invocation, &folder)], runs);
                    timed
                        .into_iter()
                        .next()?
                        .ok()
                        .and_then(|times| median_seconds(&times))
                });
                row.extend([
                    milliseconds(medians.total),
                    cli_time.map_or_else(|| "–".to_string(), milliseconds),
                    format!(
                        "{:.0}",
                        medians.total * 1e6 / medians.operations.max(1) as f64
                    ),
                    format!("{:.2}", megabytes / medians.total.max(f64::MIN_POSITIVE)),
                    mebibytes(medians.peak_kib * 1024),
                    mebibytes(medians.output_bytes),
                ]);
                table.push(row);
                measured.push((scale, bytes, medians.total));
                if bytes >= FOUR_MB
                    && let Some(cli_time) = cli_time
                {
                    findings.four_mb = Some((bytes, cli_time));
                }
            }
            Err(error) => failures.push(format!("- `{}`: {error}", spec.name)),
        }
    }
    context.report.table(&table);
    if let Some(growth) = growth_summary(&measured) {
        context.report.paragraph(&growth);
    }
    if !failures.is_empty() {
        context
            .report
            .paragraph(&format!("Failed:\n\n{}", failures.join("\n")));
    }
    progress("scale done");
}

/// The growth between consecutive scales, and the exponent `k` of `time ∝ size^k` between the
/// smallest and the largest (1 is linear, 2 quadratic).
pub fn growth_summary(measured: &[(usize, u64, f64)]) -> Option<String> {
    let (first, last) = (measured.first()?, measured.last()?);
    if measured.len() < 2 || first.2 <= 0.0 || first.1 == 0 {
        return None;
    }
    let steps: Vec<String> = measured
        .windows(2)
        .map(|pair| {
            format!(
                "{}× → {}×: size ×{:.2}, time ×{:.2}",
                pair[0].0,
                pair[1].0,
                pair[1].1 as f64 / pair[0].1 as f64,
                pair[1].2 / pair[0].2
            )
        })
        .collect();
    let exponent = (last.2 / first.2).ln() / (last.1 as f64 / first.1 as f64).ln();
    Some(format!(
        "Growth: {}. Fitted exponent k in time ∝ size^k from {}× to {}×: **{exponent:.2}** \
         (1.00 is linear).",
        steps.join("; "),
        first.0,
        last.0
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_growth_has_exponent_one() {
        let summary = growth_summary(&[(1, 100, 0.1), (4, 400, 0.4), (16, 1600, 1.6)])
            .expect("enough points");
        assert!(summary.contains("**1.00**"), "{summary}");
        assert!(
            summary.contains("1× → 4×: size ×4.00, time ×4.00"),
            "{summary}"
        );
    }

    #[test]
    fn quadratic_growth_has_exponent_two() {
        let summary = growth_summary(&[(1, 100, 0.01), (16, 1600, 2.56)]).expect("enough points");
        assert!(summary.contains("**2.00**"), "{summary}");
    }

    #[test]
    fn one_point_is_no_growth() {
        assert_eq!(growth_summary(&[(1, 100, 0.1)]), None);
        assert_eq!(growth_summary(&[]), None);
    }
}
