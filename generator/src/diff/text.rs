//! The report as plain text, and as one paragraph (for `cargo xtask codegen`).

use std::fmt::Write as _;

use super::change::{Change, ChangeKind, Impact, Report};

/// The headline and counts, then each change on a few lines.
pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", headline(report));
    let _ = writeln!(out, "{}", counts(report));
    for change in &report.changes {
        out.push('\n');
        write_change(&mut out, change);
    }
    out
}

/// `API change: Pets 1.0 → 1.1, semver: major`.
pub(crate) fn headline(report: &Report) -> String {
    let (old_title, old_version) = &report.old_api;
    let (new_title, new_version) = &report.new_api;
    let names = if old_title == new_title {
        format!("{new_title} {old_version} → {new_version}")
    } else {
        format!("{old_title} {old_version} → {new_title} {new_version}")
    };
    format!(
        "API change: {names}; semver: {} bump",
        report.semver().as_str()
    )
}

/// `12 changes (3 added, …): 2 breaking for clients, 1 for servers`.
pub(crate) fn counts(report: &Report) -> String {
    let kinds = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Renamed {
            from: String::new(),
        },
        ChangeKind::Changed,
    ];
    let by_kind: Vec<String> = kinds
        .iter()
        .map(|kind| (report.count_kind(kind), kind.as_str()))
        .filter(|(count, _)| *count > 0)
        .map(|(count, name)| format!("{count} {name}"))
        .collect();
    let listed = if by_kind.is_empty() {
        String::new()
    } else {
        format!(" ({})", by_kind.join(", "))
    };
    format!(
        "{} change(s){listed}: {} breaking for clients, {} breaking for servers",
        report.changes.len(),
        report.breaking_for_clients(),
        report.breaking_for_servers()
    )
}

/// `removed Client::x: `GET /x``.
pub(crate) fn change_line(change: &Change) -> String {
    let mut line = format!("{} {}", change.kind.as_str(), change.subject);
    if let ChangeKind::Renamed { from } = &change.kind {
        let _ = write!(line, " (was {from})");
    }
    if !change.detail.is_empty() {
        let _ = write!(line, ": {}", change.detail);
    }
    line
}

fn write_change(out: &mut String, change: &Change) {
    let _ = writeln!(out, "{}", change_line(change));
    let _ = writeln!(
        out,
        "    clients: {}, servers: {} ({})",
        shout(change.client),
        shout(change.server),
        change.why
    );
    for (side, pointer) in [("old", &change.old_pointer), ("new", &change.new_pointer)] {
        if let Some(pointer) = pointer {
            let _ = writeln!(out, "    {side}: {pointer}");
        }
    }
}

/// `BREAKING` stands out from `compatible`.
fn shout(impact: Impact) -> String {
    match impact {
        Impact::Breaking => "BREAKING".to_string(),
        Impact::Compatible => "compatible".to_string(),
    }
}

/// One paragraph: the headline, counts, and the breaking changes (at most `limit` named).
pub(crate) fn paragraph(report: &Report, limit: usize) -> String {
    let mut text = format!("{}. {}.", headline(report), counts(report));
    let breaking: Vec<&Change> = report.changes.iter().filter(|c| c.is_breaking()).collect();
    if !breaking.is_empty() {
        let named: Vec<String> = breaking
            .iter()
            .take(limit)
            .map(|change| format!("{} ({})", change_line(change), who(change)))
            .collect();
        let _ = write!(text, " Breaking: {}", named.join("; "));
        if breaking.len() > limit {
            let _ = write!(text, "; and {} more", breaking.len() - limit);
        }
        text.push('.');
    }
    text
}

/// `clients`, `servers` or `clients and servers`: whom a breaking change breaks.
pub(crate) fn who(change: &Change) -> &'static str {
    match (change.client, change.server) {
        (Impact::Breaking, Impact::Breaking) => "breaks clients and servers",
        (Impact::Breaking, Impact::Compatible) => "breaks clients",
        (Impact::Compatible, Impact::Breaking) => "breaks servers",
        (Impact::Compatible, Impact::Compatible) => "compatible",
    }
}
