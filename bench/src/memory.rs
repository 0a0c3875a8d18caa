//! Peak memory of one generation. Each generation runs in a fresh child process of the
//! benchmark binary (`--child SPEC`), which reads its own high-water mark (`VmHWM`) at the end:
//! in one long-lived process the allocator's retained pages and earlier, bigger specs would
//! hide what a spec costs.

use std::path::Path;
use std::process::Command;

use crate::stages::{Measurement, generate_timed};

/// The flag that makes the benchmark binary a measuring child.
pub const CHILD_FLAG: &str = "--child";

/// The stack the child generates on: the size of oasgen's own worker stack, which its public
/// entry points use because lowering and prettyplease recurse once per nested schema.
const STACK_BYTES: usize = 64 << 20;

/// The `VmHWM` (peak resident set) line of a `/proc/<pid>/status` text, in KiB.
pub fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let mut words = line.split_whitespace().skip(1);
    let value: u64 = words.next()?.parse().ok()?;
    match words.next() {
        Some("kB") | None => Some(value),
        Some(_) => None,
    }
}

/// This process's peak resident set in KiB, or 0 where `/proc` does not say (not Linux).
pub fn own_peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| parse_vm_hwm(&status))
        .unwrap_or(0)
}

/// The child's work: generate `spec` once, print the measurement line (with the peak memory),
/// or the error on stderr. Returns whether it succeeded.
pub fn run_child(spec: &Path) -> bool {
    let spec = spec.to_path_buf();
    let worker = std::thread::Builder::new()
        .name("generate".into())
        .stack_size(STACK_BYTES)
        .spawn(move || generate_timed(&spec));
    let outcome = match worker {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|_| Err("generation panicked".to_string())),
        Err(error) => Err(format!("cannot start the worker thread: {error}")),
    };
    match outcome {
        Ok(mut measurement) => {
            measurement.peak_kib = own_peak_kib();
            println!("{}", measurement.to_line());
            true
        }
        Err(error) => {
            eprintln!("{error}");
            false
        }
    }
}

/// Generates `spec` once in a child process of `executable` (this benchmark binary) and
/// returns what it measured.
pub fn measure_in_child(executable: &Path, spec: &Path) -> Result<Measurement, String> {
    let output = Command::new(executable)
        .arg(CHILD_FLAG)
        .arg(spec)
        .output()
        .map_err(|error| format!("cannot run {}: {error}", executable.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    match stdout.lines().find_map(Measurement::from_line) {
        Some(measurement) if output.status.success() => Ok(measurement),
        _ => Err(format!(
            "{} failed ({}): {}",
            spec.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_high_water_mark() {
        let status =
            "Name:\toasgen-bench\nVmPeak:\t  200000 kB\nVmHWM:\t   51234 kB\nVmRSS:\t 40000 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(51234));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert_eq!(parse_vm_hwm("VmRSS:\t 1 kB\n"), None);
        assert_eq!(parse_vm_hwm("VmHWM:\t lots kB\n"), None);
        assert_eq!(parse_vm_hwm("VmHWM:\t 12 MB\n"), None);
    }

    #[test]
    fn this_process_has_a_peak_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(own_peak_kib() > 0);
        }
    }
}
