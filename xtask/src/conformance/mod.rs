//! `cargo xtask conformance [schemathesis|prism|all] [--spec NAME]…`: the generated servers
//! and clients judged against their specs by OpenAPI tools we did not write.
//!
//! For each API (`targets.rs`): schemathesis drives its mock server (the generated router over
//! an in-memory implementation) with generated valid and invalid requests and checks every
//! response (`schemathesis.rs`); Prism sits as a validating proxy between the generated client,
//! called by a driver program for every operation, and the mock (`prism.rs`). The tools are
//! installed from pinned versions on first use (`tools.rs`); every server the run starts stops
//! with it (`process.rs`). Reports and logs go to `target/conformance/<spec>/`; a table sums up
//! (`summary.rs`). The exit status is 1 if any tool found anything.

mod prism;
mod process;
mod schemathesis;
mod summary;
mod targets;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use process::Mock;
use summary::Row;
use targets::{TARGETS, Target};

/// What to run, from the command line.
#[derive(Debug, PartialEq)]
pub struct Request {
    schemathesis: bool,
    prism: bool,
    targets: Vec<&'static Target>,
}

impl Request {
    /// Parses `[schemathesis|prism|all] [--spec NAME]…`: all tools and all APIs by default.
    pub fn parse(arguments: &[String]) -> Result<Request, String> {
        let mut tool: Option<&str> = None;
        let mut selected: Vec<&'static Target> = Vec::new();
        let mut arguments = arguments.iter();
        while let Some(argument) = arguments.next() {
            match argument.as_str() {
                "--spec" => {
                    let name = arguments.next().ok_or("--spec needs a name")?;
                    let target = targets::find(name)?;
                    if !selected.contains(&target) {
                        selected.push(target);
                    }
                }
                name @ ("schemathesis" | "prism" | "all") if tool.is_none() => tool = Some(name),
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        if selected.is_empty() {
            selected = TARGETS.iter().collect();
        }
        let tool = tool.unwrap_or("all");
        Ok(Request {
            schemathesis: tool != "prism",
            prism: tool != "schemathesis",
            targets: selected,
        })
    }
}

/// Runs the requested tools against the requested APIs and prints the summary table.
pub fn run(root: &Path, request: &Request) -> ExitCode {
    let started = Instant::now();
    let rows = match prepare(root, request) {
        Ok(prepared) => run_all(root, request, &prepared),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "\n== conformance summary ({:.0} s)",
        started.elapsed().as_secs_f64()
    );
    print!("{}", summary::render(&rows));
    if rows.iter().all(|row| row.passed) {
        ExitCode::SUCCESS
    } else {
        eprintln!("conformance: failures found; reports and logs are in target/conformance/");
        ExitCode::FAILURE
    }
}

/// The installed tools and built binaries a run needs.
struct Prepared {
    st: Option<PathBuf>,
    prism: Option<PathBuf>,
    binaries: PathBuf,
    reports: PathBuf,
}

/// Checks the specs exist, installs the tools, builds the mocks and drivers.
fn prepare(root: &Path, request: &Request) -> Result<Prepared, String> {
    for target in &request.targets {
        if !root.join(target.spec).is_file() {
            return Err(format!(
                "{} is missing, so `{}` cannot be judged (choose others with --spec)",
                target.spec, target.name
            ));
        }
    }
    let st = request
        .schemathesis
        .then(|| tools::schemathesis(root))
        .transpose()?;
    let prism = request.prism.then(|| tools::prism(root)).transpose()?;
    build_binaries(root)?;
    let target_dir = target_dir(root);
    let binaries = target_dir.join("debug");
    for target in &request.targets {
        for binary in [target.mock, target.driver] {
            if !binaries.join(binary).is_file() {
                return Err(format!(
                    "the `{binary}` binary of oasgen-conformance is missing, so `{}` cannot be judged",
                    target.name
                ));
            }
        }
    }
    Ok(Prepared {
        st,
        prism,
        binaries,
        reports: target_dir.join("conformance"),
    })
}

fn run_all(root: &Path, request: &Request, prepared: &Prepared) -> Vec<Row> {
    let mut rows = Vec::new();
    for target in &request.targets {
        let out_dir = prepared.reports.join(target.name);
        if let Err(error) = std::fs::create_dir_all(&out_dir) {
            eprintln!("error: cannot create {}: {error}", out_dir.display());
        }
        if let Some(st) = &prepared.st {
            println!("\n== schemathesis: {} ({})", target.name, target.spec);
            rows.push(schemathesis_row(st, root, target, prepared, &out_dir));
        }
        if let Some(prism) = &prepared.prism {
            println!("\n== Prism: {} ({})", target.name, target.spec);
            rows.push(prism_row(prism, root, target, prepared, &out_dir));
        }
    }
    rows
}

fn schemathesis_row(
    st: &Path,
    root: &Path,
    target: &'static Target,
    prepared: &Prepared,
    out_dir: &Path,
) -> Row {
    let started = Instant::now();
    // A fresh mock per run: each judges the server from an empty store.
    let mut findings: Result<schemathesis::Findings, String> = Ok(schemathesis::Findings {
        passed: true,
        ..schemathesis::Findings::default()
    });
    for seed in schemathesis::SEEDS {
        println!("-- seed {seed}");
        let run = Mock::start(&prepared.binaries.join(target.mock))
            .and_then(|mock| schemathesis::run(st, root, target, &mock.base_url, out_dir, seed));
        findings = match (findings, run) {
            (Ok(mut all), Ok(run)) => {
                all.absorb(run, seed);
                Ok(all)
            }
            (Err(message), _) | (_, Err(message)) => Err(message),
        };
    }
    let mut row = Row {
        spec: target.name,
        tool: "schemathesis",
        cases: None,
        failures: None,
        passed: false,
        seconds: 0.0,
        notes: Vec::new(),
    };
    match findings {
        Ok(findings) => {
            row.cases = findings.cases;
            row.failures = Some(findings.kinds.iter().map(|(_, count)| count).sum());
            row.passed = findings.passed;
            row.notes = findings
                .kinds
                .iter()
                .map(|(kind, count)| format!("{kind}: {count}"))
                .collect();
            if !findings.passed && findings.kinds.is_empty() {
                row.notes
                    .push("schemathesis exited with an error; see its output above".to_string());
            }
        }
        Err(message) => row.notes.push(message),
    }
    row.seconds = started.elapsed().as_secs_f64();
    row
}

fn prism_row(
    prism: &Path,
    root: &Path,
    target: &'static Target,
    prepared: &Prepared,
    out_dir: &Path,
) -> Row {
    let started = Instant::now();
    let driver = prepared.binaries.join(target.driver);
    let findings = Mock::start(&prepared.binaries.join(target.mock))
        .and_then(|mock| prism::run(prism, root, target, &driver, &mock.base_url, out_dir));
    let mut row = Row {
        spec: target.name,
        tool: "prism",
        cases: None,
        failures: None,
        passed: false,
        seconds: 0.0,
        notes: Vec::new(),
    };
    match findings {
        Ok(findings) => {
            row.cases = Some(findings.requests);
            let driver_failure = usize::from(!findings.driver_passed);
            row.failures = Some(findings.violations.len() + driver_failure);
            row.passed = findings.passed;
            row.notes = findings.violations;
            if !findings.driver_passed {
                row.notes
                    .push(format!("{} failed; see its output above", target.driver));
            }
        }
        Err(message) => row.notes.push(message),
    }
    row.seconds = started.elapsed().as_secs_f64();
    row
}

/// Builds every binary of `oasgen-conformance` (mocks and drivers) in one cargo call.
fn build_binaries(root: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--package", "oasgen-conformance", "--bins"])
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "building the conformance binaries failed ({status})"
        ))
    }
}

/// Cargo's target folder: `CARGO_TARGET_DIR` if set (relative to the root), else `target/`.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(arguments: &[&str]) -> Result<Request, String> {
        let arguments: Vec<String> = arguments
            .iter()
            .map(|argument| argument.to_string())
            .collect();
        Request::parse(&arguments)
    }

    #[test]
    fn defaults_to_every_tool_and_every_api() {
        let request = parse(&[]);
        assert_eq!(
            request,
            Ok(Request {
                schemathesis: true,
                prism: true,
                targets: TARGETS.iter().collect(),
            })
        );
        assert!(TARGETS.iter().any(|target| target.name == "fixture-api"));
    }

    #[test]
    fn selects_one_tool_and_named_apis_once_each() {
        let request = parse(&[
            "prism",
            "--spec",
            "petstore-expanded",
            "--spec",
            "dolfin",
            "--spec",
            "dolfin",
        ]);
        let Ok(request) = request else {
            panic!("{request:?}");
        };
        assert!(request.prism && !request.schemathesis);
        let names: Vec<&str> = request.targets.iter().map(|target| target.name).collect();
        assert_eq!(names, ["petstore-expanded", "dolfin"]);
    }

    #[test]
    fn refuses_unknown_arguments_and_a_second_tool() {
        assert!(parse(&["--spec"]).is_err());
        assert!(parse(&["--spec", "nope"]).is_err());
        assert!(parse(&["schemathesis", "prism"]).is_err());
        assert!(parse(&["--seed", "1"]).is_err());
    }
}
