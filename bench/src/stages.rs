//! One generation, stage by stage: the same calls `oasgen::generate_crate` makes, each timed.

use std::path::Path;
use std::time::{Duration, Instant};

use oasgen::config::Config;
use oasgen::{Parts, emit, load, lower, model, render, upgrade};

/// The stages, in pipeline order, as the tables name them.
pub const STAGE_NAMES: [&str; 5] = ["load", "upgrade+model", "lower", "emit", "render"];

/// What one generation cost and produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// Wall time of each stage, in [`STAGE_NAMES`] order.
    pub stages: [Duration; 5],
    /// Bytes of all generated files (`Cargo.toml` and `src/*.rs`).
    pub output_bytes: u64,
    /// Lines of all generated files.
    pub output_lines: u64,
    /// Operations in the API.
    pub operations: u64,
    /// Peak resident memory of the process that generated, in KiB (0 when unknown).
    pub peak_kib: u64,
}

impl Measurement {
    /// The sum of the stages.
    pub fn total(&self) -> Duration {
        self.stages.iter().sum()
    }

    /// One line of space-separated numbers: how a child process hands its measurement back.
    pub fn to_line(&self) -> String {
        let nanos = self.stages.map(|stage| stage.as_nanos().to_string());
        format!(
            "measurement {} {} {} {} {}",
            nanos.join(" "),
            self.output_bytes,
            self.output_lines,
            self.operations,
            self.peak_kib
        )
    }

    /// Reads a line [`to_line`](Self::to_line) wrote; `None` for any other line.
    pub fn from_line(line: &str) -> Option<Measurement> {
        let mut words = line.split_whitespace();
        if words.next()? != "measurement" {
            return None;
        }
        let numbers: Vec<u64> = words.map(|word| word.parse().ok()).collect::<Option<_>>()?;
        let [
            load,
            model,
            lower,
            emit,
            render,
            bytes,
            lines,
            operations,
            peak,
        ] = numbers[..]
        else {
            return None;
        };
        Some(Measurement {
            stages: [load, model, lower, emit, render].map(Duration::from_nanos),
            output_bytes: bytes,
            output_lines: lines,
            operations,
            peak_kib: peak,
        })
    }
}

/// Generates the crate for `spec` in memory, timing each stage (the peak memory is left 0 for
/// the caller to fill in). Reading the file counts as loading: a user waits for it too.
pub fn generate_timed(spec: &Path) -> Result<Measurement, String> {
    let config = Config::default();
    let failed = |stage: &str, error: &dyn std::fmt::Display| format!("{stage}: {error}");
    let mut stages = [Duration::ZERO; 5];

    let started = Instant::now();
    let bytes = load::read_document(spec).map_err(|error| failed("read", &error))?;
    let mut raw = load::load(&bytes).map_err(|error| failed("load", &error))?;
    stages[0] = started.elapsed();

    let started = Instant::now();
    // As `generate_crate` does: the (empty) configuration's edits, then the upgrade.
    oasgen::config::apply_to_document(&mut raw, &config)
        .map_err(|error| failed("config", &error))?;
    let version = upgrade::upgrade(&mut raw).map_err(|error| failed("upgrade", &error))?;
    let document: model::Document =
        model::from_node(&raw, "").map_err(|error| failed("model", &error))?;
    stages[1] = started.elapsed();

    let started = Instant::now();
    let lowered = lower::lower_in_folder(&raw, &document, spec, version, &config)
        .map_err(|error| failed("lower", &error))?;
    stages[2] = started.elapsed();
    // `generate_crate` frees these once lowered; kept, they would inflate the peak memory.
    drop((bytes, raw, document));

    let started = Instant::now();
    let modules =
        emit::emit(&lowered.api, Parts::default(), true).map_err(|error| failed("emit", &error))?;
    stages[3] = started.elapsed();

    let started = Instant::now();
    let files = render::crate_files(&lowered.api, &modules, "bench", "bench-crate")
        .map_err(|error| failed("render", &error))?;
    stages[4] = started.elapsed();

    Ok(Measurement {
        stages,
        output_bytes: files.values().map(|text| text.len() as u64).sum(),
        output_lines: files.values().map(|text| text.lines().count() as u64).sum(),
        operations: lowered.api.operations.len() as u64,
        peak_kib: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measurement_survives_its_line() {
        let measurement = Measurement {
            stages: [1, 2, 3, 4, 5].map(Duration::from_micros),
            output_bytes: 1234,
            output_lines: 56,
            operations: 7,
            peak_kib: 8910,
        };
        assert_eq!(measurement.total(), Duration::from_micros(15));
        let line = measurement.to_line();
        assert_eq!(Measurement::from_line(&line), Some(measurement));
    }

    #[test]
    fn other_lines_are_not_measurements() {
        assert_eq!(Measurement::from_line("warning: something"), None);
        assert_eq!(Measurement::from_line("measurement 1 2 3"), None);
        assert_eq!(
            Measurement::from_line("measurement 1 2 3 4 5 6 7 8 x"),
            None
        );
    }

    #[test]
    fn generates_the_fixture_api() {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/constructs.yaml");
        let measurement = generate_timed(&spec).expect("the fixture generates");
        assert!(measurement.operations > 0);
        assert!(measurement.output_bytes > measurement.output_lines);
    }
}
