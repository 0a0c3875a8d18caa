//! Timing a code generator's command line as a user runs it: a fresh process writing a crate
//! into an empty folder (removed before every run, so oasgen cannot skip unchanged files).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// What one run of a generator's command line did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It exited 0 after this long.
    Generated(Duration),
    /// It exited non-zero with a message (the first line of interest of its stderr).
    Refused(String),
    /// It panicked (the panic message).
    Panicked(String),
}

/// A generator command line: the program, and its arguments before and after the output folder
/// is known.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// The executable.
    pub program: PathBuf,
    /// All arguments; [`OUTPUT`] stands for the output folder.
    pub arguments: Vec<String>,
}

/// The placeholder for the output folder in [`Invocation::arguments`].
pub const OUTPUT: &str = "{out}";

impl Invocation {
    /// Runs once into `output` (emptied first) and says what happened.
    pub fn run_once(&self, output: &Path) -> Result<Outcome, String> {
        if output.exists() {
            std::fs::remove_dir_all(output)
                .map_err(|error| format!("cannot empty {}: {error}", output.display()))?;
        }
        let arguments = self.arguments.iter().map(|argument| {
            if argument == OUTPUT {
                output.display().to_string()
            } else {
                argument.clone()
            }
        });
        // Each run starts with nothing dirty, so none pays for writing back the previous
        // run's output (progenitor's, when the two alternate). Without it, on ext4 without a
        // journal (this VM's), the files just deleted also keep their inodes from being
        // given out again for minutes, and every file created looks past them: under perf,
        // 30 runs of the petstore spec back to back spent most of their CPU there.
        flush_file_systems();
        let started = Instant::now();
        let result = Command::new(&self.program).args(arguments).output();
        let elapsed = started.elapsed();
        let output =
            result.map_err(|error| format!("cannot run {}: {error}", self.program.display()))?;
        Ok(if output.status.success() {
            Outcome::Generated(elapsed)
        } else {
            classify_failure(&String::from_utf8_lossy(&output.stderr))
        })
    }
}

/// Writes every dirty page to disk (`sync`); best effort, since only the fairness of the timing
/// depends on it.
fn flush_file_systems() {
    let _ = Command::new("sync").status();
}

/// Runs each job (an invocation and its output folder) `runs` times, alternating between the
/// jobs run by run, so a change in the machine's speed meanwhile affects them alike. A job stops
/// at its first failure, which becomes its result; a job that cannot even start is refused.
pub fn time_alternately(
    jobs: &[(&Invocation, &Path)],
    runs: usize,
) -> Vec<Result<Vec<Duration>, Outcome>> {
    let mut results: Vec<Result<Vec<Duration>, Outcome>> =
        jobs.iter().map(|_| Ok(Vec::new())).collect();
    for _ in 0..runs.max(1) {
        for ((invocation, output), result) in jobs.iter().zip(&mut results) {
            if result.is_err() {
                continue;
            }
            match invocation.run_once(output) {
                Ok(Outcome::Generated(elapsed)) => {
                    if let Ok(times) = result {
                        times.push(elapsed);
                    }
                }
                Ok(failure) => *result = Err(failure),
                Err(error) => *result = Err(Outcome::Refused(error)),
            }
        }
    }
    results
}

/// A failed run's stderr → a panic (with its message) or a refusal (its first non-empty line).
pub fn classify_failure(stderr: &str) -> Outcome {
    let lines = || {
        stderr
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
    };
    if let Some(at) = lines().position(|line| line.contains("panicked at")) {
        // The message is the line after `thread 'main' panicked at file:line:column:`.
        let message = lines()
            .nth(at + 1)
            .filter(|line| !line.starts_with("note:"))
            .or_else(|| lines().nth(at))
            .unwrap_or_default();
        return Outcome::Panicked(shorten(message));
    }
    Outcome::Refused(shorten(lines().next().unwrap_or("no message")))
}

/// A message cut to fit a table cell.
fn shorten(message: &str) -> String {
    const LIMIT: usize = 90;
    let message = message.replace('|', "/");
    if message.chars().count() <= LIMIT {
        message
    } else {
        format!("{}…", message.chars().take(LIMIT).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_told_from_a_refusal() {
        let panic = "\nthread 'main' panicked at /src/lib.rs:10:5:\nnot yet implemented\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            classify_failure(panic),
            Outcome::Panicked("not yet implemented".into())
        );
        let refusal = "\nError: unexpected or unhandled format in the OpenAPI document\n";
        assert_eq!(
            classify_failure(refusal),
            Outcome::Refused(
                "Error: unexpected or unhandled format in the OpenAPI document".into()
            )
        );
        assert_eq!(classify_failure(""), Outcome::Refused("no message".into()));
    }

    #[test]
    fn alternates_and_stops_a_job_at_its_first_failure() {
        let job = |program: &str| Invocation {
            program: PathBuf::from(program),
            arguments: Vec::new(),
        };
        let (succeeds, fails) = (job("true"), job("false"));
        let scratch = std::env::temp_dir().join(format!("oasgen-bench-cli-{}", std::process::id()));
        let results = time_alternately(&[(&succeeds, &scratch), (&fails, &scratch)], 3);
        assert_eq!(results[0].as_ref().map(Vec::len), Ok(3));
        assert_eq!(results[1], Err(Outcome::Refused("no message".into())));
    }

    #[test]
    fn long_messages_are_cut_and_pipes_escaped() {
        let Outcome::Refused(message) = classify_failure(&"a|b ".repeat(40)) else {
            panic!("a refusal");
        };
        assert!(message.ends_with('…'));
        assert!(!message.contains('|'));
    }
}
