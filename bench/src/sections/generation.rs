//! Section 1: every corpus spec through the pipeline, stage by stage.

use crate::corpus::Spec;
use crate::sections::{Context, Findings, stage_headers};
use crate::stats::{mebibytes, milliseconds};
use crate::table::{Align, Table};

/// Measures each selected corpus spec and adds the table to the report.
pub fn run(context: &mut Context, specs: &[Spec], findings: &mut Findings) {
    let runs = context.options.runs;
    context
        .report
        .heading("Generation time, memory and output size per corpus spec");
    context.report.paragraph(&format!(
        "Each figure is the median of {runs} runs, each in a fresh child process of the \
         (release) benchmark binary: the `oasgen::generate_crate` pipeline in memory (reading the \
         file counts as `load`; nothing is written). Peak memory is the child's `VmHWM`, \
         including the benchmark binary itself (about 2 MiB)."
    ));
    let mut columns: Vec<(String, Align)> = ["spec", "version"]
        .map(|header| (header.to_string(), Align::Left))
        .into_iter()
        .chain(
            ["ops", "spec KiB"]
                .into_iter()
                .map(|header| (header.to_string(), Align::Right)),
        )
        .collect();
    columns.extend(
        stage_headers()
            .into_iter()
            .map(|header| (header, Align::Right)),
    );
    columns.extend(
        ["total ms", "peak MiB", "out bytes", "out lines"]
            .map(|header| (header.to_string(), Align::Right)),
    );
    let mut table = Table::new(&columns);
    let mut failures = Vec::new();
    for spec in specs {
        let spec_kib = std::fs::metadata(&spec.path).map_or(0, |meta| meta.len()) / 1024;
        match context.measure(spec) {
            Ok(medians) => {
                if spec.name == "prog-nexus" {
                    findings.nexus_pipeline = Some(medians.total);
                }
                let mut row = vec![
                    spec.name.clone(),
                    spec.version.clone(),
                    medians.operations.to_string(),
                    spec_kib.to_string(),
                ];
                row.extend(medians.stages.iter().map(|&stage| milliseconds(stage)));
                row.extend([
                    milliseconds(medians.total),
                    mebibytes(medians.peak_kib * 1024),
                    medians.output_bytes.to_string(),
                    medians.output_lines.to_string(),
                ]);
                table.push(row);
            }
            Err(error) => failures.push(format!("- `{}`: {error}", spec.name)),
        }
    }
    context.report.table(&table);
    if !failures.is_empty() {
        context
            .report
            .paragraph(&format!("Failed:\n\n{}", failures.join("\n")));
    }
}
