//! One generation, stage by stage: the library's one driver (`oasgen::pipeline`), each stage
//! timed through its hook.

use std::path::Path;
use std::time::{Duration, Instant};

use oasgen::config::Config;
use oasgen::pipeline::{self, Input, Job, Layout, Stage, StageHook};

/// The stages, in pipeline order, as the tables name them.
pub const STAGE_NAMES: [&str; STAGES] = ["load", "upgrade+model", "lower", "emit+render"];

/// How many stages the driver reports.
const STAGES: usize = 4;

/// What one generation cost and produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// Wall time of each stage, in [`STAGE_NAMES`] order.
    pub stages: [Duration; STAGES],
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
        let [load, model, lower, generate, bytes, lines, operations, peak] = numbers[..] else {
            return None;
        };
        Some(Measurement {
            stages: [load, model, lower, generate].map(Duration::from_nanos),
            output_bytes: bytes,
            output_lines: lines,
            operations,
            peak_kib: peak,
        })
    }
}

/// Times the stages the driver reports: each lasts from its start to the next one's.
struct Timer {
    current: Option<(Stage, Instant)>,
    stages: [Duration; STAGES],
}

impl Timer {
    fn stop_current(&mut self) {
        if let Some((stage, started)) = self.current.take() {
            let index = match stage {
                Stage::Load => 0,
                Stage::Model => 1,
                Stage::Lower => 2,
                Stage::Generate => 3,
            };
            self.stages[index] += started.elapsed();
        }
    }
}

impl StageHook for Timer {
    fn started(&mut self, stage: Stage) {
        self.stop_current();
        self.current = Some((stage, Instant::now()));
    }

    fn finished(&mut self) {
        self.stop_current();
    }
}

/// Generates the crate for `spec` in memory as `oasgen generate` does, timing each stage (the
/// peak memory is left 0 for the caller to fill in). Reading the file counts as loading: a user
/// waits for it too.
pub fn generate_timed(spec: &Path) -> Result<Measurement, String> {
    let config = Config::default();
    let job = Job {
        input: Input::File(spec),
        config: &config,
        parts: oasgen::Parts::default(),
        layout: Layout::Crate {
            crate_name: "bench-crate".into(),
        },
        spec_label: "bench",
        locate_warnings: 0,
        staged: None,
        freeing: oasgen::pipeline::Freeing::Elsewhere,
    };
    let mut timer = Timer {
        current: None,
        stages: [Duration::ZERO; STAGES],
    };
    let generated = pipeline::generate(&job, &mut timer).map_err(|error| error.to_string())?;
    let files = &generated.files;
    Ok(Measurement {
        stages: timer.stages,
        output_bytes: files.values().map(|text| text.len() as u64).sum(),
        output_lines: files.values().map(|text| text.lines().count() as u64).sum(),
        operations: generated.operations as u64,
        peak_kib: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measurement_survives_its_line() {
        let measurement = Measurement {
            stages: [1, 2, 3, 9].map(Duration::from_micros),
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
        assert_eq!(Measurement::from_line("measurement 1 2 3 4 5 6 7 x"), None);
    }

    #[test]
    fn generates_the_fixture_api() {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/constructs.yaml");
        let measurement = generate_timed(&spec).expect("the fixture generates");
        assert!(measurement.operations > 0);
        assert!(measurement.output_bytes > measurement.output_lines);
    }
}
