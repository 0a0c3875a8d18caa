//! Section 6: `cargo check` of oasgen's crate for the giant Stripe spec
//! (`../shared/giants/stripe-spec3.yaml`): all of it, one operation group, and the incremental
//! re-check after a one-line spec change; with async-stripe, the crate Stripe's Rust users
//! pick, checked in the same run so both meet the same machine.

use std::path::Path;
use std::time::Duration;

use crate::compile::{CheckMode, CheckWorkspace, regenerate_oasgen_crate};
use crate::corpus::Spec;
use crate::report::progress;
use crate::sections::{Context, Findings};
use crate::spec_edit::replace_property_description;
use crate::stats::{median_seconds, seconds};
use crate::table::{Align, Table};

/// The giant whose crates this section checks: the one async-stripe is generated from too.
pub const STRIPE: &str = "stripe-spec3";

/// oasgen's generated Stripe crate, a member of the check workspace.
const PACKAGE: &str = "bench-stripe-oasgen";

/// The operation group checked alone: the one the PaymentIntent API lives in.
const GROUP: &str = "payment_intents";

/// The schema whose first one-line property description the one-line change rewords.
const EDITED_SCHEMA: &str = "payment_intent";

/// What that description becomes: different text, the same single doc line.
const EDITED_TEXT: &str = "Reworded by the oasgen benchmark, one line of the spec changed.";

/// The async-stripe release compared with (its 1.0 line splits the API into crates).
const ASYNC_STRIPE_VERSION: &str = "=1.0.0-rc.10";

/// async-stripe's resource crates at that version (`cargo info async-stripe-<name>`), each
/// with `full`, `deserialize` and `serialize` features.
const RESOURCE_CRATES: [&str; 12] = [
    "async-stripe-billing",
    "async-stripe-checkout",
    "async-stripe-connect",
    "async-stripe-core",
    "async-stripe-fraud",
    "async-stripe-issuing",
    "async-stripe-misc",
    "async-stripe-payment",
    "async-stripe-product",
    "async-stripe-reserve",
    "async-stripe-terminal",
    "async-stripe-treasury",
];

/// async-stripe's other crates (the client and the types the resource crates share): cleaned
/// and checked again with the resource crates, as they are async-stripe's own code too.
const SUPPORT_CRATES: [&str; 4] = [
    "async-stripe",
    "async-stripe-client-core",
    "async-stripe-shared",
    "async-stripe-types",
];

/// The scratch package depending on every resource crate.
const ASYNC_STRIPE_FULL: &str = "bench-async-stripe-full";

/// The scratch package depending on the PaymentIntent resource alone.
const ASYNC_STRIPE_PAYMENT_INTENT: &str = "bench-async-stripe-payment-intent";

/// A table row: what was checked, and its timed runs or why there are none.
struct Row {
    label: &'static str,
    times: Result<Vec<Duration>, String>,
}

/// Checks oasgen's Stripe crate and async-stripe's crates, and adds the table to the report.
/// Nothing here panics: a step that fails leaves its row empty and its error in the report.
pub fn run(context: &mut Context, spec: &Spec, findings: &mut Findings) {
    let runs = context.options.check_runs;
    context
        .report
        .heading("Giant crates type-check (`cargo check`)");
    let workspace = CheckWorkspace::new(&context.repository);
    let copy = context
        .work
        .join("giant-checks")
        .join(spec.path.file_name().unwrap_or_default());
    let (mut rows, written) = oasgen_rows(&workspace, &spec.path, &copy, runs);
    let median_of = |row: Option<&Row>| {
        row.and_then(|row| row.times.as_ref().ok())
            .and_then(|times| median_seconds(times))
    };
    findings.stripe_check = (median_of(rows.first()), median_of(rows.get(1)));
    rows.extend(async_stripe_rows(&workspace, runs));

    let rewritten = match written.as_slice() {
        [] => String::new(),
        counts => format!(
            " (the generated files each regeneration rewrote: {})",
            counts
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    context.report.paragraph(&format!(
        "`{STRIPE}`, in the scratch workspace of the type-check section (`target/bench/check/`, \
         built into `target/bench/check-target/`); medians and minimums of {runs} runs. \
         **oasgen** (package `{PACKAGE}`, generated from a copy of the spec in \
         `target/bench/giant-checks/`): each feature set is checked once to build its \
         dependencies, then {runs} times, alternating, after `touch src/lib.rs` with \
         `CARGO_INCREMENTAL=0`, so the whole crate is type-checked again: `--features client` \
         (every operation group, as by default) and `--no-default-features --features \
         client,{GROUP}`. **Incremental**: one `--features client` check with \
         `CARGO_INCREMENTAL=1` fills the cache; then, {runs} times, the first one-line property \
         description of the `{EDITED_SCHEMA}` schema in the copy is reworded (or, every other \
         time, put back), the crate is regenerated into its folder (oasgen rewrites only the \
         files whose text changed{rewritten}) and one `CARGO_INCREMENTAL=1` check is timed; the \
         copy and crate are restored afterwards. **async-stripe** `{ASYNC_STRIPE_VERSION}` with \
         `default-features = false, features = [\"rustls-tls-webpki-roots\", \"rustls-ring\"]` (its default TLS \
         needs the system's OpenSSL), in empty scratch packages that depend on it and on: every \
         resource crate ({}) with `full`, `deserialize` and `serialize` (`{ASYNC_STRIPE_FULL}`); \
         or `async-stripe-core` with `payment_intent` and `deserialize` \
         (`{ASYNC_STRIPE_PAYMENT_INTENT}`). After one check builds the dependencies, each timed \
         run first removes async-stripe's own crates ({} and the resource crates) with `cargo \
         clean -p`, then times `cargo check -p` of the scratch package: async-stripe's crates \
         type-checked again, the rest of the dependency tree still built. Both sides include \
         cargo's start-up (see the `bench-empty` row of the type-check section).",
        RESOURCE_CRATES.join(", "),
        SUPPORT_CRATES.join(", ")
    ));
    let mut table = Table::new(&[
        ("crate and features", Align::Left),
        ("median s", Align::Right),
        ("min s", Align::Right),
        ("runs", Align::Right),
    ]);
    let mut failures = Vec::new();
    for row in rows {
        let times = row.times.unwrap_or_else(|error| {
            failures.push(format!("- {}: {error}", row.label));
            Vec::new()
        });
        let unmeasured = || "–".to_string();
        table.push(vec![
            row.label.to_string(),
            median_seconds(&times).map_or_else(unmeasured, seconds),
            times
                .iter()
                .min()
                .map_or_else(unmeasured, |least| seconds(least.as_secs_f64())),
            times.len().to_string(),
        ]);
    }
    context.report.table(&table);
    if !failures.is_empty() {
        context
            .report
            .paragraph(&format!("Failed:\n\n{}", failures.join("\n")));
    }
    progress("giant crates type-check done");
}

/// oasgen's three rows (all groups, one group, incremental after a one-line change), and how
/// many files each regeneration of the incremental row rewrote.
fn oasgen_rows(
    workspace: &CheckWorkspace,
    spec: &Path,
    copy: &Path,
    runs: usize,
) -> (Vec<Row>, Vec<usize>) {
    const FULL: &str = "oasgen: client, all groups";
    const ONE_GROUP: &str = "oasgen: client, payment_intents only";
    const INCREMENTAL: &str = "oasgen: incremental after a one-line spec change";
    let original = match set_up_oasgen(workspace, spec, copy) {
        Ok(original) => original,
        Err(error) => {
            let rows = [FULL, ONE_GROUP, INCREMENTAL].map(|label| Row {
                label,
                times: Err(error.clone()),
            });
            return (rows.into(), Vec::new());
        }
    };
    let [full, one_group] = time_feature_sets(workspace, runs);
    let mut written = Vec::new();
    let incremental = time_one_line_change(workspace, copy, &original, runs, &mut written);
    let rows = vec![
        Row {
            label: FULL,
            times: full,
        },
        Row {
            label: ONE_GROUP,
            times: one_group,
        },
        Row {
            label: INCREMENTAL,
            times: incremental,
        },
    ];
    (rows, written)
}

/// Copies the spec (fresh each run, so an interrupted edit never lingers), generates the crate
/// from the copy and makes it the workspace's member; returns the spec's text.
fn set_up_oasgen(workspace: &CheckWorkspace, spec: &Path, copy: &Path) -> Result<String, String> {
    // Read and written rather than copied: the shared spec is read-only, and a copy would
    // inherit that and refuse the edit.
    let original =
        std::fs::read_to_string(spec).map_err(|error| format!("{}: {error}", spec.display()))?;
    write_spec(copy, &original)?;
    progress(&format!("generating {PACKAGE}"));
    regenerate_oasgen_crate(copy, &workspace.crate_dir(PACKAGE), PACKAGE)?;
    // The crate alone: async-stripe, added later, can then fail to resolve without taking
    // these checks down with it.
    workspace.write_manifest(&[PACKAGE.to_string()])?;
    Ok(original)
}

/// Full (`CARGO_INCREMENTAL=0`) re-checks of `--features client` and of the one group alone,
/// round by round so drift in the machine's speed shifts both alike.
fn time_feature_sets(
    workspace: &CheckWorkspace,
    runs: usize,
) -> [Result<Vec<Duration>, String>; 2] {
    let lean = workspace.with_default_features(false);
    let one_group = format!("client,{GROUP}");
    let sets = [(workspace, "client"), (&lean, one_group.as_str())];
    let mut results = sets.map(|(checker, features)| {
        progress(&format!(
            "cargo check {PACKAGE} --features {features} (dependencies)"
        ));
        checker.prepare(PACKAGE, features).map(|()| Vec::new())
    });
    for round in 1..=runs {
        progress(&format!("cargo check {PACKAGE} round {round} of {runs}"));
        for ((checker, features), result) in sets.iter().zip(&mut results) {
            if let Ok(times) = result {
                match checker.time_check(PACKAGE, features, CheckMode::Full, 1) {
                    Ok(timed) => times.extend(timed),
                    Err(error) => *result = Err(error),
                }
            }
        }
    }
    results
}

/// Incremental re-checks of `--features client` after the one-line change, each preceded by
/// the regeneration it causes; `written` collects how many files each regeneration rewrote.
/// The copy and crate are restored to the spec as it is, whatever happened.
fn time_one_line_change(
    workspace: &CheckWorkspace,
    copy: &Path,
    original: &str,
    runs: usize,
    written: &mut Vec<usize>,
) -> Result<Vec<Duration>, String> {
    let edited = replace_property_description(original, EDITED_SCHEMA, EDITED_TEXT)?;
    let folder = workspace.crate_dir(PACKAGE);
    progress(&format!(
        "cargo check {PACKAGE} --features client (filling the incremental cache)"
    ));
    workspace.prepare(PACKAGE, "client")?;
    let mut times = Vec::with_capacity(runs);
    // Back and forth between the reworded line and the original: every step is the same
    // one-line change, made on the cache the step before left, as a developer's would be.
    let measured = (0..runs).try_for_each(|run| {
        progress(&format!(
            "cargo check {PACKAGE} after a one-line spec change, {} of {runs}",
            run + 1
        ));
        write_spec(copy, if run % 2 == 0 { &edited } else { original })?;
        written.push(regenerate_oasgen_crate(copy, &folder, PACKAGE)?);
        times.extend(workspace.time_check(PACKAGE, "client", CheckMode::Incremental, 1)?);
        Ok::<(), String>(())
    });
    let restored = write_spec(copy, original)
        .and_then(|()| regenerate_oasgen_crate(copy, &folder, PACKAGE).map(|_| ()));
    measured.and(restored).map(|()| times)
}

/// async-stripe's two rows: every resource crate, and PaymentIntent alone.
fn async_stripe_rows(workspace: &CheckWorkspace, runs: usize) -> Vec<Row> {
    let packages = async_stripe_packages();
    let members = [ASYNC_STRIPE_FULL, ASYNC_STRIPE_PAYMENT_INTENT].map(str::to_string);
    let set_up = packages
        .iter()
        .try_for_each(|(_, package, dependencies)| {
            workspace.write_scratch_crate(package, dependencies)
        })
        .and_then(|()| workspace.write_manifest(&members));
    let mut results = packages.each_ref().map(|(_, package, _)| {
        set_up.clone()?;
        progress(&format!("cargo check {package} (dependencies)"));
        workspace.prepare(package, "").map(|()| Vec::new())
    });
    let own: Vec<&str> = SUPPORT_CRATES
        .iter()
        .chain(&RESOURCE_CRATES)
        .copied()
        .collect();
    for round in 1..=runs {
        progress(&format!("cargo check async-stripe round {round} of {runs}"));
        for ((_, package, _), result) in packages.iter().zip(&mut results) {
            if let Ok(times) = result {
                let timed = workspace
                    .clean(&own)
                    .and_then(|()| workspace.time_check(package, "", CheckMode::Full, 1));
                match timed {
                    Ok(timed) => times.extend(timed),
                    Err(error) => *result = Err(error),
                }
            }
        }
    }
    packages
        .iter()
        .zip(results)
        .map(|((label, _, _), times)| Row { label, times })
        .collect()
}

/// async-stripe's scratch packages: each row's label, package name and `[dependencies]` lines.
fn async_stripe_packages() -> [(&'static str, &'static str, String); 2] {
    let client = format!(
        "async-stripe = {{ version = \"{ASYNC_STRIPE_VERSION}\", default-features = false, \
         features = [\"rustls-tls-webpki-roots\", \"rustls-ring\"] }}\n"
    );
    let every_resource: String = RESOURCE_CRATES
        .iter()
        .map(|name| {
            format!(
                "{name} = {{ version = \"{ASYNC_STRIPE_VERSION}\", features = [\"full\", \
                 \"deserialize\", \"serialize\"] }}\n"
            )
        })
        .collect();
    let payment_intent = format!(
        "async-stripe-core = {{ version = \"{ASYNC_STRIPE_VERSION}\", features = \
         [\"payment_intent\", \"deserialize\"] }}\n"
    );
    [
        (
            "async-stripe: every resource",
            ASYNC_STRIPE_FULL,
            client.clone() + &every_resource,
        ),
        (
            "async-stripe: PaymentIntent alone",
            ASYNC_STRIPE_PAYMENT_INTENT,
            client + &payment_intent,
        ),
    ]
}

/// Writes the spec copy, creating its folder.
fn write_spec(copy: &Path, text: &str) -> Result<(), String> {
    if let Some(folder) = copy.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|error| format!("{}: {error}", folder.display()))?;
    }
    std::fs::write(copy, text).map_err(|error| format!("{}: {error}", copy.display()))
}
