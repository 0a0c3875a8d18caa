//! The report as a pull-request comment: the summary and the breaking changes first, every
//! change in a folded table.

use std::fmt::Write as _;

use super::change::{Change, ChangeKind, Impact, Report};
use super::text::{counts, headline, who};

/// How many breaking changes the summary names before folding the rest into the details.
const BREAKING_LISTED: usize = 30;

/// GitHub-flavoured markdown.
pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", headline(report));
    let _ = writeln!(out, "{}.\n", counts(report));
    let breaking: Vec<&Change> = report.changes.iter().filter(|c| c.is_breaking()).collect();
    if !breaking.is_empty() {
        let _ = writeln!(out, "**Breaking changes**\n");
        for change in breaking.iter().take(BREAKING_LISTED) {
            let _ = writeln!(out, "- {} — {}", code_line(change), who(change));
        }
        if breaking.len() > BREAKING_LISTED {
            let more = breaking.len() - BREAKING_LISTED;
            let _ = writeln!(out, "- … and {more} more (below)");
        }
        out.push('\n');
    }
    if report.changes.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "<details><summary>All {} change(s)</summary>\n",
        report.changes.len()
    );
    let _ = writeln!(out, "| change | clients | servers | why | old | new |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for change in &report.changes {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&code_line(change)),
            mark(change.client),
            mark(change.server),
            cell(change.why),
            pointer_cell(change.old_pointer.as_deref()),
            pointer_cell(change.new_pointer.as_deref()),
        );
    }
    let _ = writeln!(out, "\n</details>");
    out
}

/// The change's line with its Rust names as code: ``renamed `types::B` (was `types::A`): …``.
fn code_line(change: &Change) -> String {
    let mut line = format!("{} `{}`", change.kind.as_str(), change.subject);
    if let ChangeKind::Renamed { from } = &change.kind {
        line.push_str(&format!(" (was `{from}`)"));
    }
    if !change.detail.is_empty() {
        line.push_str(": ");
        line.push_str(&change.detail);
    }
    line
}

fn mark(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "**breaking**",
        Impact::Compatible => "compatible",
    }
}

/// A table cell: pipes escaped, so the row stays one row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn pointer_cell(pointer: Option<&str>) -> String {
    pointer.map_or_else(|| "—".to_string(), |pointer| format!("`{}`", cell(pointer)))
}
