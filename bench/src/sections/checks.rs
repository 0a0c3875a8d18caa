//! Section 2: `cargo check` time of each generated crate alone, per feature set, with
//! progenitor's crate for the same spec beside it.

use crate::cli::Outcome;
use crate::compile::{CheckMode, CheckWorkspace, EMPTY_CRATE, write_oasgen_crate};
use crate::corpus::Spec;
use crate::progenitor::{self, Interface};
use crate::report::progress;
use crate::sections::{Context, Findings};
use crate::stats::{median_seconds, ratio, seconds};
use crate::table::{Align, Table};

/// oasgen's feature sets, as `--features` values.
pub const FEATURE_SETS: [&str; 4] = ["", "client", "server", "client,server"];

/// One crate and feature set, checked.
struct Checked {
    spec: String,
    generator: &'static str,
    features: &'static str,
    /// Median seconds without incremental compilation.
    full: f64,
    /// Median seconds with it.
    incremental: f64,
}

/// A crate and feature set whose dependencies are built, collecting its times.
struct Pending<'a> {
    subject: &'a Subject,
    features: &'static str,
    full: Vec<std::time::Duration>,
    incremental: Vec<std::time::Duration>,
    failed: bool,
}

/// One crate to check.
struct Subject {
    spec: String,
    generator: &'static str,
    package: String,
    feature_sets: Vec<&'static str>,
}

/// Generates the crates, times their re-checks and adds the table to the report.
/// `progenitor` is the installed `cargo-progenitor`, when the comparison runs.
pub fn run(
    context: &mut Context,
    specs: &[Spec],
    progenitor: Option<&std::path::Path>,
    findings: &mut Findings,
) {
    let runs = context.options.check_runs;
    context
        .report
        .heading("Type-check time of the generated crate (`cargo check`)");
    context.report.paragraph(&format!(
        "All crates sit in one scratch workspace (`target/bench/check/`) with one shared target \
         folder (`target/bench/check-target/`). Each crate and feature set is checked once to \
         build its dependencies; then, in {runs} rounds over all of them (so drift in the \
         machine's speed shifts every crate alike), once after `touch src/lib.rs` with \
         `CARGO_INCREMENTAL=0` (**full**: the whole crate is type-checked again) and once more \
         with `CARGO_INCREMENTAL=1` (**incremental**: a touch changes no content, so rustc reads \
         most results back from its cache). Medians. Both include cargo's own start-up and \
         fingerprinting, shown on the `{EMPTY_CRATE}` row (an empty library); the `full − empty` \
         column subtracts it. `fixture-api` is the Dolfin-shaped fixture API \
         (`specs/dolfin-fixture.yaml`)."
    ));
    let workspace = CheckWorkspace::new(&context.repository);
    let mut subjects = Vec::new();
    let mut failures = Vec::new();
    for spec in specs {
        let package = format!("oasgen-{}", spec.name);
        match write_oasgen_crate(&spec.path, &workspace.crate_dir(&package), &package) {
            Ok(()) => subjects.push(Subject {
                spec: spec.name.clone(),
                generator: "oasgen",
                package,
                feature_sets: FEATURE_SETS.to_vec(),
            }),
            Err(error) => failures.push(format!("- oasgen on `{}`: {error}", spec.name)),
        }
        let Some(binary) = progenitor.filter(|_| spec.is_openapi_30()) else {
            continue;
        };
        for interface in [Interface::Positional, Interface::Builder] {
            let package = format!("progenitor-{}-{}", spec.name, interface.name());
            let invocation = progenitor::invocation(binary, &spec.path, &package, interface);
            match invocation.run_once(&workspace.crate_dir(&package)) {
                Ok(Outcome::Generated(_)) => subjects.push(Subject {
                    spec: spec.name.clone(),
                    generator: match interface {
                        Interface::Positional => "progenitor positional",
                        Interface::Builder => "progenitor builder",
                    },
                    package,
                    feature_sets: vec![""],
                }),
                Ok(outcome) => failures.push(format!(
                    "- progenitor ({}) on `{}`: {outcome:?}",
                    interface.name(),
                    spec.name
                )),
                Err(error) => failures.push(format!("- progenitor on `{}`: {error}", spec.name)),
            }
        }
    }
    let members: Vec<String> = subjects
        .iter()
        .map(|subject| subject.package.clone())
        .collect();
    if let Err(error) = workspace.write_manifest(&members) {
        context
            .report
            .paragraph(&format!("Cannot set up the workspace: {error}"));
        return;
    }

    // The empty crate first: its times are cargo's overhead, subtracted from the others.
    let empty = Subject {
        spec: "(none)".to_string(),
        generator: EMPTY_CRATE,
        package: EMPTY_CRATE.to_string(),
        feature_sets: vec![""],
    };
    let mut pending: Vec<Pending> = Vec::new();
    for subject in std::iter::once(&empty).chain(&subjects) {
        for features in &subject.feature_sets {
            progress(&format!(
                "cargo check {} --features '{features}' (dependencies)",
                subject.package
            ));
            match workspace.prepare(&subject.package, features) {
                Ok(()) => pending.push(Pending {
                    subject,
                    features,
                    full: Vec::new(),
                    incremental: Vec::new(),
                    failed: false,
                }),
                Err(error) => failures.push(format!("- `{}`: {error}", subject.package)),
            }
        }
    }
    // Round by round rather than crate by crate, so a machine that slows down or speeds up
    // during the minutes this takes shifts every crate alike instead of biasing the ratios.
    for round in 1..=runs {
        progress(&format!("cargo check round {round} of {runs}"));
        for item in pending.iter_mut().filter(|item| !item.failed) {
            let package = &item.subject.package;
            let timed = workspace
                .time_check(package, item.features, CheckMode::Full, 1)
                .and_then(|full| {
                    let incremental =
                        workspace.time_check(package, item.features, CheckMode::Incremental, 1)?;
                    Ok((full, incremental))
                });
            match timed {
                Ok((full, incremental)) => {
                    item.full.extend(full);
                    item.incremental.extend(incremental);
                }
                Err(error) => {
                    item.failed = true;
                    failures.push(format!("- `{package}`: {error}"));
                }
            }
        }
    }
    let measured: Vec<Checked> = pending
        .iter()
        .filter(|item| !item.failed)
        .map(|item| Checked {
            spec: item.subject.spec.clone(),
            generator: item.subject.generator,
            features: item.features,
            full: median_seconds(&item.full).unwrap_or(0.0),
            incremental: median_seconds(&item.incremental).unwrap_or(0.0),
        })
        .collect();
    let table = checks_table(&measured);
    for checked in &measured {
        if checked.spec == "prog-nexus" {
            let times = Some((checked.full, checked.incremental));
            match (checked.generator, checked.features) {
                ("oasgen", "client") => findings.nexus_check_client = times,
                ("oasgen", "client,server") => findings.nexus_check_client_server = times,
                ("progenitor positional", _) => findings.nexus_check_progenitor = times,
                _ => {}
            }
        }
    }
    context.report.table(&table);
    if !failures.is_empty() {
        context
            .report
            .paragraph(&format!("Failed:\n\n{}", failures.join("\n")));
    }
}

fn checks_table(measured: &[Checked]) -> Table {
    let empty = measured
        .iter()
        .find(|checked| checked.generator == EMPTY_CRATE);
    let progenitor = |spec: &str| {
        measured
            .iter()
            .find(|checked| checked.spec == spec && checked.generator == "progenitor positional")
    };
    let mut table = Table::new(&[
        ("spec", Align::Left),
        ("generator", Align::Left),
        ("features", Align::Left),
        ("full s", Align::Right),
        ("full − empty s", Align::Right),
        ("full vs progenitor", Align::Right),
        ("incremental s", Align::Right),
        ("incremental vs progenitor", Align::Right),
    ]);
    for checked in measured {
        let theirs = progenitor(&checked.spec);
        table.push(vec![
            checked.spec.clone(),
            checked.generator.to_string(),
            if checked.features.is_empty() {
                "(none)".to_string()
            } else {
                checked.features.to_string()
            },
            seconds(checked.full),
            empty.map_or_else(String::new, |empty| seconds(checked.full - empty.full)),
            theirs.map_or_else(String::new, |theirs| ratio(checked.full, theirs.full)),
            seconds(checked.incremental),
            theirs.map_or_else(String::new, |theirs| {
                ratio(checked.incremental, theirs.incremental)
            }),
        ]);
    }
    table
}
