//! `oasgen diff` on a real history: three published versions of Discord's spec (May, June and
//! July 2026; `../shared/spec-history/README.md` says where each comes from, the newest is the
//! corpus's). Each report was read against the specs and is pinned in an insta snapshot; the
//! checks here hold whatever the snapshots say: every change is located, and the two steps
//! compose (what May → June adds and June → July keeps, May → July adds).

use std::path::{Path, PathBuf};

use oasgen::config::Config;
use oasgen::diff::{self, ChangeKind, Format, Report};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ is inside the repository")
        .join("../shared")
}

fn may() -> PathBuf {
    shared().join("spec-history/discord/openapi-2026-05-06.json")
}

fn june() -> PathBuf {
    shared().join("spec-history/discord/openapi-2026-06-30.json")
}

fn july() -> PathBuf {
    shared().join("corpus/discord.json")
}

fn diff(old: &Path, new: &Path) -> Report {
    diff::diff_files(old, new, &Config::default())
        .unwrap_or_else(|error| panic!("{} → {}: {error}", old.display(), new.display()))
}

#[test]
fn may_to_june_is_pinned() {
    let report = diff(&may(), &june());
    assert!(!report.changes.is_empty());
    insta::assert_snapshot!("discord_may_to_june", diff::render(&report, Format::Text));
}

#[test]
fn june_to_july_is_pinned() {
    let report = diff(&june(), &july());
    assert!(!report.changes.is_empty());
    insta::assert_snapshot!("discord_june_to_july", diff::render(&report, Format::Text));
    insta::assert_snapshot!(
        "discord_june_to_july_markdown",
        diff::render(&report, Format::Markdown)
    );
}

#[test]
fn a_spec_against_itself_changes_nothing() {
    let report = diff(&july(), &july());
    assert_eq!(report.changes, Vec::new());
    assert_eq!(report.semver(), diff::Semver::Patch);
}

#[test]
fn every_change_of_the_history_is_located() {
    for (old, new) in [(may(), june()), (june(), july())] {
        for change in diff(&old, &new).changes {
            let located = change.old_pointer.is_some() || change.new_pointer.is_some();
            assert!(located, "{change:?}");
        }
    }
}

/// What a report says was added or removed, by subject.
fn subjects(report: &Report, kind: &ChangeKind) -> Vec<String> {
    report
        .changes
        .iter()
        .filter(|change| change.kind == *kind)
        .map(|change| change.subject.clone())
        .collect()
}

#[test]
fn the_two_steps_compose_into_the_whole() {
    let (first, second) = (diff(&may(), &june()), diff(&june(), &july()));
    let whole = diff(&may(), &july());
    // An item added in one step and not removed in the next is added May → July.
    let removed_later = subjects(&second, &ChangeKind::Removed);
    for subject in subjects(&first, &ChangeKind::Added) {
        if !removed_later.contains(&subject) {
            let whole_added = subjects(&whole, &ChangeKind::Added);
            // Unless it was renamed by the second step.
            let renamed = second.changes.iter().any(
                |change| matches!(&change.kind, ChangeKind::Renamed { from } if *from == subject),
            );
            assert!(renamed || whole_added.contains(&subject), "{subject}");
        }
    }
}
