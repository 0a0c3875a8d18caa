//! `oasgen diff` on the spec pairs of `tests/fixtures-diff/` (one kind of change each): every
//! report is pinned in an insta snapshot, and checked against itself: each change is located
//! where it exists, the reverse diff mirrors it, and the semver hint follows the verdicts.
//! The binary's `--format` and `--fail-on` are run too.

use std::path::{Path, PathBuf};
use std::process::Command;

use oasgen::config::Config;
use oasgen::diff::{self, ChangeKind, Format, Impact, Report, Semver};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ is inside the repository")
        .join("tests/fixtures-diff")
}

/// The pairs, by folder name.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .expect("tests/fixtures-diff")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.join("old.yaml").is_file())
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_string()))
        .collect();
    names.sort();
    names
}

fn report(case: &str, reverse: bool) -> Report {
    let dir = fixtures().join(case);
    let (old, new) = if reverse {
        (dir.join("new.yaml"), dir.join("old.yaml"))
    } else {
        (dir.join("old.yaml"), dir.join("new.yaml"))
    };
    diff::diff_files(&old, &new, &Config::default())
        .unwrap_or_else(|error| panic!("{case}: {error}"))
}

#[test]
fn every_pair_has_its_report_pinned() {
    let cases = cases();
    assert!(cases.len() >= 11, "the pairs: {cases:?}");
    for case in &cases {
        let text = diff::render(&report(case, false), Format::Text);
        insta::assert_snapshot!(format!("diff_{}", case.replace('-', "_")), text);
    }
}

#[test]
fn each_change_is_located_in_the_specs_it_is_in() {
    for case in cases() {
        for change in report(&case, false).changes {
            let (old, new) = (change.old_pointer.is_some(), change.new_pointer.is_some());
            let expected = match change.kind {
                ChangeKind::Added => (false, true),
                ChangeKind::Removed => (true, false),
                ChangeKind::Renamed { .. } | ChangeKind::Changed => (true, true),
            };
            assert_eq!((old, new), expected, "{case}: {change:?}");
            for pointer in change.old_pointer.iter().chain(&change.new_pointer) {
                assert!(pointer.starts_with("#/"), "{case}: {pointer}");
            }
        }
    }
}

#[test]
fn the_reverse_diff_mirrors_each_report() {
    for case in cases() {
        let forward = report(&case, false);
        let backward = report(&case, true);
        let added = forward.count_kind(&ChangeKind::Added);
        let removed = forward.count_kind(&ChangeKind::Removed);
        assert_eq!(backward.count_kind(&ChangeKind::Removed), added, "{case}");
        assert_eq!(backward.count_kind(&ChangeKind::Added), removed, "{case}");
        let renamed = ChangeKind::Renamed {
            from: String::new(),
        };
        assert_eq!(
            backward.count_kind(&renamed),
            forward.count_kind(&renamed),
            "{case}"
        );
        // Every removed item's subject is added back, under the same Rust name.
        for change in forward
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Removed)
        {
            assert!(
                backward
                    .changes
                    .iter()
                    .any(|back| back.kind == ChangeKind::Added && back.subject == change.subject),
                "{case}: {} is not added back",
                change.subject
            );
        }
    }
}

#[test]
fn the_semver_hint_follows_the_verdicts() {
    for case in cases() {
        let report = report(&case, false);
        let breaking = report
            .changes
            .iter()
            .any(|change| change.client == Impact::Breaking || change.server == Impact::Breaking);
        let expected = match (breaking, report.changes.is_empty()) {
            (true, _) => Semver::Major,
            (false, true) => Semver::Patch,
            (false, false) => Semver::Minor,
        };
        assert_eq!(report.semver(), expected, "{case}");
    }
    assert_eq!(report("unchanged", false).changes, Vec::new());
}

#[test]
fn markdown_and_json_reports_are_pinned() {
    let report = report("fields", false);
    insta::assert_snapshot!(
        "diff_fields_markdown",
        diff::render(&report, Format::Markdown)
    );
    let json = diff::render(&report, Format::Json);
    let value: serde_json::Value = serde_json::from_str(&json).expect("the JSON report parses");
    assert_eq!(
        value["changes"].as_array().map(Vec::len),
        Some(report.changes.len())
    );
    assert_eq!(value["breaking_for_clients"], report.breaking_for_clients());
    insta::assert_snapshot!("diff_fields_json", json);
}

/// Runs `oasgen diff` on a pair with `extra` arguments: exit code and standard output.
fn run(case: &str, extra: &[&str]) -> (Option<i32>, String) {
    let dir = fixtures().join(case);
    let output = Command::new(env!("CARGO_BIN_EXE_oasgen"))
        .arg("diff")
        .arg(dir.join("old.yaml"))
        .arg(dir.join("new.yaml"))
        .args(extra)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    (output.status.code(), stdout)
}

#[test]
fn fail_on_exits_1_only_for_the_breaking_kind_asked_about() {
    for (case, flag, code) in [
        ("client-only", "breaking", 1),
        ("client-only", "breaking-for-clients", 1),
        ("client-only", "breaking-for-servers", 0),
        ("server-only", "breaking", 1),
        ("server-only", "breaking-for-clients", 0),
        ("server-only", "breaking-for-servers", 1),
        ("unchanged", "breaking", 0),
    ] {
        let (exit, stdout) = run(case, &["--fail-on", flag]);
        assert_eq!(exit, Some(code), "{case} --fail-on {flag}: {stdout}");
        assert!(stdout.starts_with("API change: Pets"), "{stdout}");
    }
    // Without --fail-on, a breaking change is reported, not failed on.
    assert_eq!(run("client-only", &[]).0, Some(0));
}

#[test]
fn the_binary_writes_each_format() {
    let report = report("server-only", false);
    for (flag, format) in [
        ("text", Format::Text),
        ("markdown", Format::Markdown),
        ("json", Format::Json),
    ] {
        let (exit, stdout) = run("server-only", &["--format", flag]);
        assert_eq!(exit, Some(0));
        assert_eq!(stdout, diff::render(&report, format), "--format {flag}");
    }
}
