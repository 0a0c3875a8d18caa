//! The targets, judged on the figures the other sections found.

use crate::sections::{Context, Findings};
use crate::stats::{milliseconds, seconds};
use crate::table::{Align, Table};

/// A target: what it says, our figure, theirs, the ratio, the goal, and whether it is met.
struct Verdict {
    target: &'static str,
    ours: String,
    theirs: String,
    ratio: Option<f64>,
    goal: &'static str,
    met: Option<bool>,
    /// Whether it is one of the targets, judged like for like (progenitor generates a
    /// client only), or a stricter comparison shown beside them without a verdict.
    kind: Kind,
}

/// Where a verdict is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The target, met or not.
    Target,
    /// The same measure with more in our crate than in progenitor's (the server), or a
    /// different measure (an unchanged re-check): the ratio alone.
    Comparison,
}

/// Adds the targets table (each met, not met, or not measured in this run).
pub fn run(context: &mut Context, findings: &Findings) {
    let cli = |value: Option<f64>| {
        value.map_or_else(|| "–".to_string(), |s| format!("{} ms", milliseconds(s)))
    };
    let check =
        |value: Option<f64>| value.map_or_else(|| "–".to_string(), |s| format!("{} s", seconds(s)));
    let bytes = |value: Option<u64>| value.map_or_else(|| "–".to_string(), |b| format!("{b} B/op"));
    let ratio = |ours: Option<f64>, theirs: Option<f64>| match (ours, theirs) {
        (Some(ours), Some(theirs)) if theirs > 0.0 => Some(ours / theirs),
        _ => None,
    };
    let as_f64 = |value: Option<u64>| value.map(|b| b as f64);

    let full = |times: Option<(f64, f64)>| times.map(|(full, _)| full);
    let incremental = |times: Option<(f64, f64)>| times.map(|(_, incremental)| incremental);
    let check_verdict =
        |target: &'static str, ours: Option<f64>, theirs: Option<f64>, kind: Kind| {
            let measured = ratio(ours, theirs);
            Verdict {
                target,
                ours: check(ours),
                theirs: check(theirs),
                ratio: measured,
                goal: "≤ 0.50",
                met: measured.map(|r| r <= 0.5),
                kind,
            }
        };
    let stripe_verdict = |target: &'static str, ours: Option<f64>, goal, limit: f64| Verdict {
        target,
        ours: check(ours),
        theirs: String::new(),
        ratio: None,
        goal,
        met: ours.map(|s| s <= limit),
        kind: Kind::Target,
    };
    let progenitor_check = findings.nexus_check_progenitor;

    let speed = ratio(findings.nexus_oasgen_cli, findings.nexus_progenitor_cli);
    let size_all = ratio(
        as_f64(findings.nexus_bytes_all),
        as_f64(findings.nexus_bytes_progenitor),
    );
    let size_client = ratio(
        as_f64(findings.nexus_bytes_client),
        as_f64(findings.nexus_bytes_progenitor),
    );
    let size_client_only = ratio(
        as_f64(findings.nexus_bytes_client_only),
        as_f64(findings.nexus_bytes_progenitor),
    );
    let verdicts = [
        Verdict {
            target: "prog-nexus generates ≥3× faster (CLI wall time)",
            ours: cli(findings.nexus_oasgen_cli),
            theirs: cli(findings.nexus_progenitor_cli),
            ratio: speed,
            goal: "≤ 0.33",
            met: speed.map(|r| r <= 1.0 / 3.0),
            kind: Kind::Target,
        },
        check_verdict(
            "prog-nexus crate type-checks in ≤0.5×: `client`, full",
            full(findings.nexus_check_client),
            full(progenitor_check),
            Kind::Target,
        ),
        check_verdict(
            "type-check, `client,server`, full",
            full(findings.nexus_check_client_server),
            full(progenitor_check),
            Kind::Comparison,
        ),
        check_verdict(
            "type-check, `client`, incremental re-check",
            incremental(findings.nexus_check_client),
            incremental(progenitor_check),
            Kind::Comparison,
        ),
        check_verdict(
            "type-check, `client,server`, incremental re-check",
            incremental(findings.nexus_check_client_server),
            incremental(progenitor_check),
            Kind::Comparison,
        ),
        Verdict {
            target: "bytes/op, whole crate (with the server)",
            ours: bytes(findings.nexus_bytes_all),
            theirs: bytes(findings.nexus_bytes_progenitor),
            ratio: size_all,
            goal: "≤ 1.00",
            met: size_all.map(|r| r <= 1.0),
            kind: Kind::Comparison,
        },
        Verdict {
            target: "bytes/op, client side of the whole crate (all but `server.rs`, `validation.rs`)",
            ours: bytes(findings.nexus_bytes_client),
            theirs: bytes(findings.nexus_bytes_progenitor),
            ratio: size_client,
            goal: "≤ 1.00",
            met: size_client.map(|r| r <= 1.0),
            kind: Kind::Comparison,
        },
        Verdict {
            target: "prog-nexus bytes/op ≤ positional: client-only generation (`server(false)`)",
            ours: bytes(findings.nexus_bytes_client_only),
            theirs: bytes(findings.nexus_bytes_progenitor),
            ratio: size_client_only,
            goal: "≤ 1.00",
            met: size_client_only.map(|r| r <= 1.0),
            kind: Kind::Target,
        },
        stripe_verdict(
            "Stripe's crate type-checks in ≤ 60 s: `client`, every group",
            findings.stripe_check.0,
            "≤ 60 s",
            60.0,
        ),
        stripe_verdict(
            "Stripe's crate type-checks in ≤ 10 s: `client,payment_intents` alone",
            findings.stripe_check.1,
            "≤ 10 s",
            10.0,
        ),
        Verdict {
            target: "a ≥4 MB spec generates in < 1 s",
            ours: findings.four_mb.map_or_else(
                || "–".to_string(),
                |(size, time)| format!("{:.2} MB in {} ms", size as f64 / 1e6, milliseconds(time)),
            ),
            theirs: String::new(),
            ratio: None,
            goal: "< 1000 ms",
            met: findings.four_mb.map(|(_, time)| time < 1.0),
            kind: Kind::Target,
        },
    ];
    let (targets, comparisons): (Vec<Verdict>, Vec<Verdict>) = verdicts
        .into_iter()
        .partition(|verdict| verdict.kind == Kind::Target);
    context.report.heading("Targets");
    context.report.table(&verdict_table(targets, true));
    context.report.paragraph(
        "Beside the targets, the same measures with more in oasgen's crate than progenitor \
         generates (its server: a trait, the axum router and the request checks), and the \
         re-check of an unchanged crate, which incremental compilation mostly reads back from \
         its cache. No goal is set for these; they show what the server costs.",
    );
    context.report.table(&verdict_table(comparisons, false));
}

/// The verdicts as a table; `judged` adds the goal and whether it is met.
fn verdict_table(verdicts: Vec<Verdict>, judged: bool) -> Table {
    let mut columns = vec![
        ("measure", Align::Left),
        ("oasgen", Align::Right),
        ("progenitor", Align::Right),
        ("ratio", Align::Right),
    ];
    if judged {
        columns.extend([("goal", Align::Right), ("", Align::Left)]);
    }
    let mut table = Table::new(&columns);
    for verdict in verdicts {
        let mut row = vec![
            verdict.target.to_string(),
            verdict.ours,
            verdict.theirs,
            verdict
                .ratio
                .map_or_else(String::new, |r| format!("{r:.2}")),
        ];
        if judged {
            row.push(verdict.goal.to_string());
            row.push(
                match verdict.met {
                    Some(true) => "met",
                    Some(false) => "**not met**",
                    None => "not measured",
                }
                .to_string(),
            );
        }
        table.push(row);
    }
    table
}
