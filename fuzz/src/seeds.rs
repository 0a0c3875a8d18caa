//! The seed specs: real documents the mutations start from.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One seed spec.
#[derive(Debug, Clone)]
pub struct Seed {
    /// Its path relative to the repository root, for reports.
    pub name: String,
    /// The file's bytes, for byte-level mutations of the original text.
    pub text: Vec<u8>,
    /// The document as oasgen's loader reads it, for structure-aware mutations.
    pub value: Value,
}

/// Where seeds come from, relative to the repository root: the shared real-world corpus, the
/// Dolfin spec and the feature fixtures.
const SEED_DIRS: &[&str] = &["../shared/corpus", "tests/fixtures"];
const SEED_FILES: &[&str] = &["specs/dolfin.yaml"];

/// The seed files under `root`, in a fixed order (sorted by name: the order decides which seed
/// a case index picks, so it must not depend on the file system). Missing folders are skipped,
/// so the fuzzer still runs without `shared/`; non-spec files (`README.md`, `MANIFEST.tsv`)
/// are skipped by extension.
pub fn seed_paths(root: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = SEED_FILES
        .iter()
        .map(|file| root.join(file))
        .filter(|path| path.is_file())
        .collect();
    for dir in SEED_DIRS {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        paths.extend(
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| is_spec(path)),
        );
    }
    paths.sort();
    paths.dedup();
    paths
}

fn is_spec(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|extension| extension.to_str()),
        Some("json" | "yaml" | "yml")
    )
}

/// Reads and parses every seed. A seed that cannot be read or loaded is reported in the error
/// list rather than silently dropped: a broken seed means the fuzzer tests less than it says.
pub fn load_seeds(root: &Path) -> (Vec<Seed>, Vec<String>) {
    let mut seeds = Vec::new();
    let mut problems = Vec::new();
    for path in seed_paths(root) {
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let text = match std::fs::read(&path) {
            Ok(text) => text,
            Err(error) => {
                problems.push(format!("{name}: {error}"));
                continue;
            }
        };
        match oasgen::load::load(&text) {
            Ok(value) => seeds.push(Seed { name, text, value }),
            Err(diagnostic) => problems.push(format!("{name}: {diagnostic}")),
        }
    }
    (seeds, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    #[test]
    fn finds_the_dolfin_spec_and_the_fixtures_in_order() {
        let paths = seed_paths(&repository_root());
        assert!(paths.iter().any(|path| path.ends_with("specs/dolfin.yaml")));
        assert!(
            paths
                .iter()
                .any(|path| path.ends_with("tests/fixtures/one_of.yaml"))
        );
        assert!(paths.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(paths.iter().all(|path| is_spec(path)));
    }

    #[test]
    fn every_seed_loads() {
        let (seeds, problems) = load_seeds(&repository_root());
        assert!(problems.is_empty(), "{problems:?}");
        assert!(seeds.iter().all(|seed| seed.value.is_object()));
    }
}
