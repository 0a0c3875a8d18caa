//! Prism as a validating proxy between a generated client and a generated server.
//!
//! `prism proxy --errors` checks each request against the spec before forwarding it and each
//! response before returning it; a violation is logged and answered with an error of its own
//! (422 for a request, 500 for a response) instead of the real exchange. The driver then calls
//! every operation of the generated client through it and checks each answer decodes into the
//! generated types. Both must hold: a driver that passes while Prism logged a violation (say,
//! a warning-level one, which `--errors` lets through) still fails the run.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::process::{Bounded, free_port};
use super::targets::Target;

/// How long Prism may run, at most, if the harness is killed before it stops it.
const PRISM_LIMIT: Duration = Duration::from_secs(120);

/// What one run found.
#[derive(Debug, Default, PartialEq)]
pub struct Findings {
    /// Whether the driver's checks passed and Prism reported nothing.
    pub passed: bool,
    /// Requests Prism received.
    pub requests: usize,
    /// The violations Prism logged, as logged.
    pub violations: Vec<String>,
    /// Whether the driver exited successfully.
    pub driver_passed: bool,
}

/// Starts Prism in front of `upstream`, runs `driver` through it, and judges Prism's log.
pub fn run(
    prism: &Path,
    root: &Path,
    target: &Target,
    driver: &Path,
    upstream: &str,
    out_dir: &Path,
) -> Result<Findings, String> {
    let port = free_port()?;
    let log_path = out_dir.join("prism.log");
    let log = std::fs::File::create(&log_path)
        .map_err(|error| format!("cannot create {}: {error}", log_path.display()))?;
    let arguments = [
        "proxy".to_string(),
        root.join(target.spec).display().to_string(),
        upstream.to_string(),
        "--errors".to_string(),
        "--host".to_string(),
        "127.0.0.1".to_string(),
        "--port".to_string(),
        port.to_string(),
    ];
    let mut server = Bounded::start(prism, &arguments, PRISM_LIMIT, log)?;
    server
        .wait_for_port(port)
        .map_err(|error| format!("Prism did not start ({error}); see {}", log_path.display()))?;
    let base_url = format!("http://127.0.0.1:{port}");
    println!(
        "Prism proxy {base_url} → {upstream}; {} --base-url {base_url}",
        target.driver
    );
    let driver_status = Command::new(driver)
        .args(["--base-url", &base_url])
        .status()
        .map_err(|error| format!("cannot run {}: {error}", driver.display()))?;
    // Prism writes its log as it goes; stopping it first makes sure every line is written.
    drop(server);
    let log_text = std::fs::read_to_string(&log_path)
        .map_err(|error| format!("cannot read {}: {error}", log_path.display()))?;
    let mut findings = judge_log(&log_text);
    findings.driver_passed = driver_status.success();
    findings.passed = findings.driver_passed && findings.violations.is_empty();
    for violation in &findings.violations {
        println!("Prism: {violation}");
    }
    println!("Prism's log: {}", log_path.display());
    Ok(findings)
}

/// Counts the requests Prism received and collects the lines that report a violation.
///
/// Prism 5 logs a request it refused as `✖  error     Request terminated with error:
/// https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY: Invalid request` and, under
/// `--errors`, a response it refused as `…#VIOLATIONS: Request/Response not valid`. Without
/// `--errors`, or for warning-level findings, it logs `Violation: <location> <message>` at
/// the finding's level. Any error-level line (`✖`) counts: Prism logs nothing at that level
/// for a valid exchange.
fn judge_log(log: &str) -> Findings {
    let mut findings = Findings::default();
    for line in log.lines() {
        if line.contains("Request received") {
            findings.requests += 1;
        }
        if line.contains("Violation") || line.contains('✖') {
            let text = line.split_once("] › ").map_or(line, |(_, rest)| rest);
            findings.violations.push(text.trim().to_string());
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_log_counts_requests_and_no_violations() {
        let log = "\
[10:53:41 PM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:4555
[10:53:41 PM] › [HTTP SERVER] get /pets ℹ  info      Request received
[10:53:41 PM] ›     [PROXY] ℹ  info      The upstream call to /pets has returned 200
[10:53:41 PM] › [HTTP SERVER] post /pets ℹ  info      Request received
";
        let findings = judge_log(log);
        assert_eq!(findings.requests, 2);
        assert!(findings.violations.is_empty());
    }

    #[test]
    fn refused_requests_responses_and_violation_warnings_are_violations() {
        let log = "\
[10:53:51 PM] › [HTTP SERVER] get /pets/1 ℹ  info      Request received
[10:53:51 PM] › [HTTP SERVER] get /pets/1 ✖  error     Request terminated with error: https://stoplight.io/prism/errors#VIOLATIONS: Request/Response not valid
[10:53:52 PM] › [HTTP SERVER] post /pets ✖  error     Request terminated with error: https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY: Invalid request
[10:53:53 PM] ›     [VALIDATOR] ⚠  warning   Violation: response.header Response header should have required property 'x-rate-limit'
";
        let findings = judge_log(log);
        assert_eq!(findings.requests, 1);
        assert_eq!(findings.violations.len(), 3);
        assert!(findings.violations[0].starts_with("[HTTP SERVER] get /pets/1 ✖"));
    }
}
