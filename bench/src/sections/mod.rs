//! The report's sections. Each measures with the tools of the crate's other modules and turns
//! what it found into tables; the figures the targets are judged on go into [`Findings`].

pub mod checks;
pub mod generation;
pub mod giant_checks;
pub mod giants;
pub mod scale;
pub mod targets;
pub mod versus;

use std::path::PathBuf;

use crate::args::Options;
use crate::corpus::Spec;
use crate::memory::measure_in_child;
use crate::report::{Report, progress};
use crate::stages::{Measurement, STAGE_NAMES};
use crate::stats::{median_count, median_seconds};

/// What every section needs.
#[derive(Debug)]
pub struct Context {
    /// The repository root.
    pub repository: PathBuf,
    /// This benchmark's own executable, re-run as the measuring child.
    pub executable: PathBuf,
    /// The command line.
    pub options: Options,
    /// Scratch space: `<repository>/target/bench`.
    pub work: PathBuf,
    /// The report being written.
    pub report: Report,
}

/// The figures the targets are judged on, filled in by the sections that measure them.
#[derive(Debug, Default)]
pub struct Findings {
    /// prog-nexus: oasgen's whole pipeline in process, median seconds.
    pub nexus_pipeline: Option<f64>,
    /// prog-nexus: oasgen's command line, median seconds.
    pub nexus_oasgen_cli: Option<f64>,
    /// prog-nexus: progenitor's command line (positional), median seconds.
    pub nexus_progenitor_cli: Option<f64>,
    /// prog-nexus re-check seconds (full, incremental): oasgen with `client`, with
    /// `client,server`, and progenitor's positional crate.
    pub nexus_check_client: Option<(f64, f64)>,
    /// See [`nexus_check_client`](Self::nexus_check_client).
    pub nexus_check_client_server: Option<(f64, f64)>,
    /// See [`nexus_check_client`](Self::nexus_check_client).
    pub nexus_check_progenitor: Option<(f64, f64)>,
    /// prog-nexus bytes per operation: oasgen's whole crate, its client side, progenitor's
    /// positional crate.
    pub nexus_bytes_all: Option<u64>,
    /// See [`nexus_bytes_all`](Self::nexus_bytes_all).
    pub nexus_bytes_client: Option<u64>,
    /// See [`nexus_bytes_all`](Self::nexus_bytes_all): the client-only generation.
    pub nexus_bytes_client_only: Option<u64>,
    /// See [`nexus_bytes_all`](Self::nexus_bytes_all).
    pub nexus_bytes_progenitor: Option<u64>,
    /// The synthetic spec of at least 4 MB: (its bytes, median generation seconds).
    pub four_mb: Option<(u64, f64)>,
    /// Stripe's generated crate, median seconds of a full `cargo check`: `client` with every
    /// group, and `client,payment_intents` alone.
    pub stripe_check: (Option<f64>, Option<f64>),
}

/// The medians of a spec's generations, each run in a fresh child process.
#[derive(Debug, Clone)]
pub struct Medians {
    /// Each stage's median, seconds, in [`STAGE_NAMES`] order.
    pub stages: [f64; STAGE_NAMES.len()],
    /// The median total (of the per-run totals, not the sum of the stage medians).
    pub total: f64,
    /// Median peak resident memory, KiB.
    pub peak_kib: u64,
    /// Output bytes (the same every run: output is deterministic).
    pub output_bytes: u64,
    /// Output lines.
    pub output_lines: u64,
    /// Operations.
    pub operations: u64,
}

impl Context {
    /// Generates `spec` in `self.options.runs` fresh child processes and takes the medians.
    pub fn measure(&self, spec: &Spec) -> Result<Medians, String> {
        progress(&format!("generating {} ×{}", spec.name, self.options.runs));
        let runs: Vec<Measurement> = (0..self.options.runs)
            .map(|_| measure_in_child(&self.executable, &spec.path))
            .collect::<Result<_, _>>()?;
        let stage = |index: usize| {
            median_seconds(&runs.iter().map(|run| run.stages[index]).collect::<Vec<_>>())
                .unwrap_or(0.0)
        };
        let first = runs.first().ok_or("no runs")?;
        Ok(Medians {
            stages: std::array::from_fn(stage),
            total: median_seconds(&runs.iter().map(Measurement::total).collect::<Vec<_>>())
                .unwrap_or(0.0),
            peak_kib: median_count(&runs.iter().map(|run| run.peak_kib).collect::<Vec<_>>())
                .unwrap_or(0),
            output_bytes: first.output_bytes,
            output_lines: first.output_lines,
            operations: first.operations,
        })
    }
}

/// Column headers of a stage breakdown, in milliseconds.
pub fn stage_headers() -> Vec<String> {
    STAGE_NAMES
        .iter()
        .map(|stage| format!("{stage} ms"))
        .collect()
}
