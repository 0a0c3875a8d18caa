//! What every client driver shares: the `--base-url` argument, a runtime, and the report of
//! one line per checked call.
//!
//! A driver calls each operation of a generated client against a server (a mock, or Prism in
//! front of one) and judges the outcome: the expected variant, decoded into the generated
//! types. The harness reads its exit status, so every failed check is counted and the process
//! exits non-zero if any failed, after all of them ran: one broken operation should not hide
//! the state of the others.

use std::fmt::Debug;
use std::future::Future;
use std::process::ExitCode;
use std::time::Duration;

/// How long one call may take: a server or proxy that hangs must fail the driver, not stall
/// the harness.
pub const REQUEST_LIMIT: Duration = Duration::from_secs(30);

/// The URL given with `--base-url URL`, or a usage message.
pub fn base_url_argument() -> Result<String, String> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: <driver> --base-url http://127.0.0.1:4010";
    match arguments.as_slice() {
        [flag, value] if flag == "--base-url" && !value.is_empty() => Ok(value.clone()),
        _ => Err(usage.to_string()),
    }
}

/// What a driver run concludes, as the process's exit status.
pub trait Verdict {
    /// Reports the outcome and gives the exit status (1 when a check failed).
    fn finish(self) -> ExitCode;
}

/// A driver that stops at its first failure: `Err` holds what went wrong.
impl Verdict for Result<(), String> {
    fn finish(self) -> ExitCode {
        match self {
            Ok(()) => {
                println!("every operation passed");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("FAILED {message}");
                ExitCode::FAILURE
            }
        }
    }
}

/// Parses `--base-url`, runs `drive` with it on a fresh runtime and turns its verdict into the
/// process's exit status (2 for a usage error, 1 when a check failed).
pub fn run_driver<F, Fut>(drive: F) -> ExitCode
where
    F: FnOnce(String) -> Fut,
    Fut: Future,
    Fut::Output: Verdict,
{
    let base_url = match base_url_argument() {
        Ok(base_url) => base_url,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match crate::block_on(drive(base_url)) {
        Ok(verdict) => verdict.finish(),
        Err(code) => code,
    }
}

/// The checks made so far: how many, and which failed.
#[derive(Debug, Default)]
pub struct Report {
    checked: usize,
    failures: Vec<String>,
}

impl Report {
    /// Records one call: `outcome` is what was received, `expected` says whether it is what
    /// the call should have produced (the variant and, where it matters, its content).
    /// Prints one line either way.
    pub fn check<T: Debug>(&mut self, operation: &str, outcome: &T, expected: bool) {
        self.checked += 1;
        if expected {
            println!("ok    {operation}: {}", brief(outcome));
        } else {
            // In full: when Prism refuses an exchange, what it found is at the end of its
            // answer's body.
            println!("FAIL  {operation}: unexpected outcome {outcome:?}");
            let line = format!("{operation}: unexpected outcome {}", brief(outcome));
            self.failures.push(line);
        }
    }

    /// Records a failure found before a call could be judged (for example, a value a later
    /// call needs was missing).
    pub fn fail(&mut self, operation: &str, message: &str) {
        self.checked += 1;
        let line = format!("{operation}: {message}");
        println!("FAIL  {line}");
        self.failures.push(line);
    }

    /// How many checks failed.
    pub fn failure_count(&self) -> usize {
        self.failures.len()
    }
}

/// A driver that records every check: success only if every check passed.
impl Verdict for Report {
    fn finish(self) -> ExitCode {
        if self.failures.is_empty() {
            println!("{} checks passed", self.checked);
            return ExitCode::SUCCESS;
        }
        eprintln!("{} of {} checks failed:", self.failures.len(), self.checked);
        for failure in &self.failures {
            eprintln!("  {failure}");
        }
        ExitCode::FAILURE
    }
}

/// `Debug` text cut to a readable length: a response may be long, the line is a summary.
fn brief<T: Debug>(value: &T) -> String {
    const LIMIT: usize = 300;
    let text = format!("{value:?}");
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_check_fails_the_report() {
        let mut report = Report::default();
        report.check("good", &Ok::<i32, ()>(1), true);
        report.check("bad", &Err::<i32, &str>("boom"), false);
        assert_eq!(report.failure_count(), 1);
        assert_eq!(report.finish(), ExitCode::FAILURE);
    }

    #[test]
    fn a_report_of_passed_checks_succeeds() {
        let mut report = Report::default();
        report.check("good", &"fine", true);
        assert_eq!(report.finish(), ExitCode::SUCCESS);
    }

    #[test]
    fn long_outcomes_are_cut_on_a_character_boundary() {
        let text = "é".repeat(400);
        let cut = brief(&text);
        assert!(cut.ends_with('…'));
        assert!(cut.chars().count() < 400);
    }
}
