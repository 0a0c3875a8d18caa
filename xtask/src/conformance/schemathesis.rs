//! schemathesis against a mock server: every check, every phase, positive and negative data.
//!
//! The verdict is schemathesis's exit status; its summary (cases generated, failures by kind)
//! is read from its output for the table, and its JUnit and NDJSON reports are kept under
//! `target/conformance/<spec>/`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use super::targets::Target;

/// The seeds each API is judged with, one run each: several, because one seed explores one
/// path through the data (the `[]`-as-an-object bug hid from the first seed), and fixed, so a
/// failure on CI reproduces locally with the same command (the report names the seed).
pub const SEEDS: &[&str] = &["20260101", "20261205", "7"];

/// Cases per operation in the fuzzing phase, and the bound on stateful scenarios. The coverage
/// phase is not bounded by it: it derives its cases from each constraint of the spec, valid and
/// invalid, however many that takes. 100 runs the pet store (4 operations) in about 6 s on two
/// cores, which leaves the fixture API (about 40 operations) within the minute or two the CI
/// budget allows; 200 triples the time for no failure kind 100 did not find. Running
/// schemathesis with `--workers 2` is not an option: 4.32.5 fails with an internal `KeyError`
/// in its coverage phase then.
const MAX_EXAMPLES: &str = "100";

/// What one run found.
#[derive(Debug, Default, PartialEq)]
pub struct Findings {
    /// Whether schemathesis exited successfully.
    pub passed: bool,
    /// Test cases generated, if the summary said.
    pub cases: Option<usize>,
    /// Failures and errors by kind (`ST201 Schema-violating request accepted`), with counts.
    pub kinds: Vec<(String, usize)>,
}

/// Runs schemathesis with `seed` for `target` against `base_url`, echoing its output.
pub fn run(
    st: &Path,
    root: &Path,
    target: &Target,
    base_url: &str,
    out_dir: &Path,
    seed: &str,
) -> Result<Findings, String> {
    let mut command = Command::new(st);
    command
        .current_dir(root)
        .arg("--config-file")
        .arg(root.join("tests/conformance/schemathesis.toml"))
        .args(["run", target.spec, "--url", base_url])
        .args(["--checks", "all"])
        .args(["--phases", "examples,coverage,fuzzing,stateful"])
        .args(["--mode", "all"])
        .args(["--seed", seed, "--max-examples", MAX_EXAMPLES])
        // Report every failing case, not only the first of each operation: the list is what
        // the generator's authors work from.
        .arg("--continue-on-failure")
        // A mock that hangs must fail the run, not stall CI.
        .args(["--request-timeout", "10"])
        // Fixed names per seed, so each run replaces the last one's reports rather than
        // piling up.
        .args(["--report", "junit,ndjson", "--report-junit-path"])
        .arg(out_dir.join(format!("schemathesis-{seed}.junit.xml")))
        .arg("--report-ndjson-path")
        .arg(out_dir.join(format!("schemathesis-{seed}.ndjson")))
        .arg("--no-color")
        .stdout(Stdio::piped());
    for (name, value) in target.headers {
        command.arg("--header").arg(format!("{name}: {value}"));
    }
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot run {}: {error}", st.display()))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| "schemathesis: no standard output".to_string())?;
    let mut output = Vec::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        println!("{line}");
        output.push(line);
    }
    let status = child
        .wait()
        .map_err(|error| format!("schemathesis did not finish: {error}"))?;
    let mut findings = parse_summary(&output);
    findings.passed = status.success();
    Ok(findings)
}

impl Findings {
    /// Adds another run's findings: it passes only if both did; cases and failures add up,
    /// each kind named once, `(seed …)` after it when a later run found it.
    pub fn absorb(&mut self, other: Findings, seed: &str) {
        self.passed &= other.passed;
        self.cases = match (self.cases, other.cases) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        for (kind, count) in other.kinds {
            let kind = format!("{kind} (seed {seed})");
            self.kinds.push((kind, count));
        }
    }
}

/// Reads the `Test cases:` count and the `Failures:` / `Errors:` lists of the summary.
fn parse_summary(lines: &[String]) -> Findings {
    let mut findings = Findings::default();
    let mut in_list = false;
    let mut previous = "";
    for line in lines {
        let trimmed = line.trim();
        if previous == "Test cases:" {
            findings.cases = trimmed
                .split_once(" generated")
                .and_then(|(count, _)| count.parse().ok());
        }
        if trimmed == "Failures:" || trimmed == "Errors:" {
            in_list = true;
        } else if trimmed.is_empty() {
            in_list = false;
        } else if in_list {
            findings.kinds.extend(parse_kind(trimmed));
        }
        previous = trimmed;
    }
    findings
}

/// `❌ ST105 Undocumented Content-Type: 4` → (`ST105 Undocumented Content-Type`, 4).
fn parse_kind(line: &str) -> Option<(String, usize)> {
    let (kind, count) = line.rsplit_once(": ")?;
    let kind = kind.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    Some((kind.to_string(), count.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn reads_cases_and_failure_kinds_from_a_failed_run() {
        let output = lines(
            "Failures:\n  ❌ ST201 Schema-violating request accepted: 1\n  ❌ ST105 Undocumented Content-Type: 4\n\n\
             For more information, run `st explain <code>`.\n\nTest cases:\n  1493 generated, 5 found 5 unique failures\n\n\
             Errors:\n  🚫 Network Error: 2\n\nSeed: 1\n",
        );
        let findings = parse_summary(&output);
        assert_eq!(findings.cases, Some(1493));
        assert_eq!(
            findings.kinds,
            vec![
                ("ST201 Schema-violating request accepted".to_string(), 1),
                ("ST105 Undocumented Content-Type".to_string(), 4),
                ("Network Error".to_string(), 2),
            ]
        );
    }

    #[test]
    fn runs_add_up_and_fail_together() {
        let mut all = Findings {
            passed: true,
            cases: Some(10),
            kinds: Vec::new(),
        };
        all.absorb(
            Findings {
                passed: false,
                cases: Some(5),
                kinds: vec![("ST201 Schema-violating request accepted".to_string(), 1)],
            },
            "7",
        );
        assert!(!all.passed);
        assert_eq!(all.cases, Some(15));
        assert_eq!(
            all.kinds,
            [(
                "ST201 Schema-violating request accepted (seed 7)".to_string(),
                1
            )]
        );
    }

    #[test]
    fn a_clean_run_has_cases_and_no_kinds() {
        let findings = parse_summary(&lines(
            "Test cases:\n  223 generated, 223 passed\n\nSeed: 1\n",
        ));
        assert_eq!(findings.cases, Some(223));
        assert!(findings.kinds.is_empty());
    }
}
