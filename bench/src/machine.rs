//! The machine a run measured on, and how busy it was: numbers mean little without both.

use std::process::Command;

/// A description of the machine and toolchain.
#[derive(Debug, Clone)]
pub struct Machine {
    /// Logical CPUs this process may use.
    pub cpus: usize,
    /// The CPU's model name from `/proc/cpuinfo` (empty when unknown).
    pub cpu_model: String,
    /// `rustc --version`.
    pub rustc: String,
}

impl Machine {
    /// Looks at this machine.
    pub fn describe() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        Machine {
            cpus: std::thread::available_parallelism().map_or(1, usize::from),
            cpu_model: cpu_model(&cpuinfo).unwrap_or_default(),
            rustc: command_line_output("rustc", &["--version"]),
        }
    }

    /// One line for the report.
    pub fn summary(&self) -> String {
        format!(
            "{} CPUs ({}), {}",
            self.cpus,
            if self.cpu_model.is_empty() {
                "model unknown"
            } else {
                &self.cpu_model
            },
            self.rustc
        )
    }
}

/// The first `model name` in a `/proc/cpuinfo` text.
pub fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo
        .lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split_once(':'))
        .map(|(_, model)| model.trim().to_string())
}

/// The 1-, 5- and 15-minute load averages from a `/proc/loadavg` text.
pub fn parse_load_average(loadavg: &str) -> Option<[f64; 3]> {
    let mut numbers = loadavg.split_whitespace().map(|word| word.parse::<f64>());
    let mut next = || numbers.next()?.ok();
    Some([next()?, next()?, next()?])
}

/// The load averages now, as `1.92 / 2.61 / 2.95` (1, 5, 15 minutes), or `unknown`.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| parse_load_average(&text))
        .map_or("unknown".to_string(), |[one, five, fifteen]| {
            format!("{one:.2} / {five:.2} / {fifteen:.2}")
        })
}

/// The first line a program prints, or `unknown` when it cannot run.
fn command_line_output(program: &str, arguments: &[&str]) -> String {
    Command::new(program)
        .args(arguments)
        .output()
        .ok()
        .and_then(|output| {
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .next()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cpu_model() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n";
        assert_eq!(cpu_model(cpuinfo), Some("AMD EPYC 7B13".to_string()));
        assert_eq!(cpu_model("processor: 0\n"), None);
    }

    #[test]
    fn reads_load_averages() {
        assert_eq!(
            parse_load_average("1.92 2.61 2.95 3/180 4242\n"),
            Some([1.92, 2.61, 2.95])
        );
        assert_eq!(parse_load_average("1.0 x 2.0"), None);
        assert_eq!(parse_load_average(""), None);
    }
}
