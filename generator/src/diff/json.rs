//! The report as JSON, for tools: the summary, then every change with its impacts and
//! pointers.

use serde_json::{Value, json};

use super::change::{Change, ChangeKind, Report};

/// Pretty-printed, with a final newline.
pub(crate) fn render(report: &Report) -> String {
    let value = json!({
        "old": { "title": report.old_api.0, "version": report.old_api.1 },
        "new": { "title": report.new_api.0, "version": report.new_api.1 },
        "semver": report.semver().as_str(),
        "changes_count": report.changes.len(),
        "breaking_for_clients": report.breaking_for_clients(),
        "breaking_for_servers": report.breaking_for_servers(),
        "changes": report.changes.iter().map(change).collect::<Vec<Value>>(),
    });
    // A `Value` built here always serializes.
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn change(change: &Change) -> Value {
    let renamed_from = match &change.kind {
        ChangeKind::Renamed { from } => Some(from.as_str()),
        _ => None,
    };
    json!({
        "subject": change.subject,
        "kind": change.kind.as_str(),
        "renamed_from": renamed_from,
        "detail": change.detail,
        "client": change.client.as_str(),
        "server": change.server.as_str(),
        "why": change.why,
        "old_pointer": change.old_pointer,
        "new_pointer": change.new_pointer,
    })
}
