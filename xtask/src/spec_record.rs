//! Which spec the checked-in bindings came from, so `cargo xtask codegen` can say what the
//! next regeneration changes in the API.
//!
//! Beside each crate, `oasgen-spec.txt` names the spec and its git blob id. The spec's text
//! itself is not copied: git keeps it (`codegen` stores the blob with `git hash-object -w`, and
//! once committed it is in the history every clone has). A regeneration that finds another
//! spec compares the recorded one with the current one (`oasgen::diff`) and prints one
//! paragraph; `--check` counts a stale record as a stale file and names the breaking changes.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The record's file name, in the crate folder.
pub const FILE_NAME: &str = "oasgen-spec.txt";

/// Where the record of the crate in `out` is.
pub fn path(root: &Path, out: &str) -> PathBuf {
    root.join(out).join(FILE_NAME)
}

/// The record's text for `spec` (relative to the root) at `blob`.
pub fn text(spec: &str, blob: &str) -> String {
    format!(
        "# The spec these bindings were generated from, by git blob id: `cargo xtask codegen`\n\
         # compares the next spec with it to summarize the API change. Written by codegen.\n\
         {spec} {blob}\n"
    )
}

/// The blob id a record's text names, if it names `spec`.
pub fn parse(text: &str, spec: &str) -> Option<String> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| line.strip_prefix(spec)?.strip_prefix(' '))
        .map(|blob| blob.trim().to_string())
        .filter(|blob| !blob.is_empty() && blob.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The recorded blob id of the crate in `out`, if there is a record.
pub fn recorded(root: &Path, out: &str, spec: &str) -> Option<String> {
    let text = std::fs::read_to_string(path(root, out)).ok()?;
    parse(&text, spec)
}

/// The spec's blob id now; with `store`, the blob is also written to git's objects so a later
/// run can read it back. `None` when git cannot tell (not a repository, no git).
pub fn current(root: &Path, spec: &str, store: bool) -> Option<String> {
    let mut command = Command::new("git");
    command.current_dir(root).arg("hash-object");
    if store {
        command.arg("-w");
    }
    let output = command.arg("--").arg(spec).output().ok()?;
    let id = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !id.is_empty()).then_some(id)
}

/// The text of the blob `id`, when git has it.
fn blob(root: &Path, id: &str) -> Option<Vec<u8>> {
    let output = Command::new("git")
        .current_dir(root)
        .args(["cat-file", "blob", id])
        .output()
        .ok()?;
    output.status.success().then_some(output.stdout)
}

/// One paragraph on the API change from the spec recorded as `old_blob` to the spec file now,
/// or a line saying why there is none.
pub fn summary(root: &Path, spec: &str, old_blob: &str, config: &oasgen::config::Config) -> String {
    let Some(old_text) = blob(root, old_blob) else {
        return format!(
            "{spec}: the spec recorded ({old_blob}) is not in git's objects; no API summary"
        );
    };
    // The old spec is read from a scratch file beside nothing: a spec split over files would
    // need its folder, which the Dolfin specs are not.
    let extension = Path::new(spec)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("yaml");
    let scratch = std::env::temp_dir().join(format!(
        "xtask-old-spec-{}-{old_blob}.{extension}",
        std::process::id()
    ));
    if let Err(error) = std::fs::write(&scratch, old_text) {
        return format!(
            "{spec}: cannot write {}: {error}; no API summary",
            scratch.display()
        );
    }
    let report = oasgen::diff::diff_files(&scratch, &root.join(spec), config);
    let _ = std::fs::remove_file(&scratch);
    match report {
        Ok(report) => format!("{spec}: {}", oasgen::diff::summary_paragraph(&report, 10)),
        Err(error) => format!("{spec}: the recorded spec does not lower ({error}); no API summary"),
    }
}

/// After a regeneration: when the spec is not the recorded one, prints the API change since
/// the recorded one and records the current one.
pub fn update(
    root: &Path,
    out: &str,
    spec: &str,
    config: &oasgen::config::Config,
) -> Result<(), String> {
    let Some(current) = current(root, spec, true) else {
        eprintln!("{spec}: git cannot hash it; {FILE_NAME} left as it is");
        return Ok(());
    };
    let recorded = recorded(root, out, spec);
    if recorded.as_deref() == Some(current.as_str()) {
        return Ok(());
    }
    if let Some(old) = &recorded {
        eprintln!("{}", summary(root, spec, old, config));
    }
    let record = path(root, out);
    std::fs::write(&record, text(spec, &current))
        .map_err(|error| format!("cannot write {}: {error}", record.display()))?;
    eprintln!("wrote {}", Path::new(out).join(FILE_NAME).display());
    Ok(())
}

/// For `--check`: 1 when the record does not name the current spec (printed as stale, with
/// the API change since the recorded spec), else 0. Without git nothing can be told: 0.
pub fn check(root: &Path, out: &str, spec: &str, config: &oasgen::config::Config) -> usize {
    let Some(current) = current(root, spec, false) else {
        return 0;
    };
    let recorded = recorded(root, out, spec);
    if recorded.as_deref() == Some(current.as_str()) {
        return 0;
    }
    eprintln!("stale: {}", Path::new(out).join(FILE_NAME).display());
    if let Some(old) = &recorded {
        eprintln!("{}", summary(root, spec, old, config));
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_names_its_spec_and_blob() {
        let text = text("specs/dolfin.yaml", "0123abcd");
        assert_eq!(
            parse(&text, "specs/dolfin.yaml").as_deref(),
            Some("0123abcd")
        );
        assert_eq!(parse(&text, "specs/other.yaml"), None);
        assert_eq!(
            parse("specs/dolfin.yaml not-hex\n", "specs/dolfin.yaml"),
            None
        );
    }
}
