//! Which specs the benchmark runs: the shared corpus (its `MANIFEST.tsv` says each spec's
//! OpenAPI version) and the fixture API.

use std::path::{Path, PathBuf};

/// One spec to benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// Short name: the file stem (`prog-nexus`, `constructs`).
    pub name: String,
    /// The spec file.
    pub path: PathBuf,
    /// The `openapi` version the manifest records (`3.0.3`); empty when unknown.
    pub version: String,
}

impl Spec {
    /// Whether the spec is OpenAPI 3.0.x, the only version progenitor reads.
    pub fn is_openapi_30(&self) -> bool {
        self.version.starts_with("3.0")
    }
}

/// One row of `MANIFEST.tsv`: the spec's name and the `openapi` version it declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRow {
    /// The `name` column (the spec's file stem).
    pub name: String,
    /// The `openapi_version` column.
    pub version: String,
}

/// Reads the manifest's `name` and `openapi_version` columns, found by their headers so a new
/// column cannot shift them.
pub fn parse_manifest(text: &str) -> Result<Vec<ManifestRow>, String> {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .ok_or("the manifest is empty")?
        .split('\t')
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|cell| *cell == name)
            .ok_or_else(|| format!("the manifest has no `{name}` column"))
    };
    let (name_at, version_at) = (column("name")?, column("openapi_version")?);
    lines
        .enumerate()
        .map(|(index, line)| {
            let cells: Vec<&str> = line.split('\t').collect();
            match (cells.get(name_at), cells.get(version_at)) {
                (Some(name), Some(version)) => Ok(ManifestRow {
                    name: name.to_string(),
                    version: version.to_string(),
                }),
                _ => Err(format!("manifest row {} is short: `{line}`", index + 2)),
            }
        })
        .collect()
}

/// The corpus specs in name order, each with its manifest version. A spec file the manifest
/// does not list is still benchmarked (its version unknown), so a new spec is never skipped.
pub fn corpus_specs(corpus: &Path) -> Result<Vec<Spec>, String> {
    let manifest_path = corpus.join("MANIFEST.tsv");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|error| format!("{}: {error}", manifest_path.display()))?;
    let rows = parse_manifest(&manifest)?;
    let entries =
        std::fs::read_dir(corpus).map_err(|error| format!("{}: {error}", corpus.display()))?;
    let mut specs = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|error| format!("{}: {error}", corpus.display()))?
            .path();
        let is_spec = matches!(
            path.extension().and_then(|extension| extension.to_str()),
            Some("json" | "yaml" | "yml")
        );
        let Some(name) = path.file_stem().and_then(|stem| stem.to_str()) else {
            continue;
        };
        if !is_spec {
            continue;
        }
        let version = rows
            .iter()
            .find(|row| row.name == name)
            .map(|row| row.version.clone())
            .unwrap_or_default();
        specs.push(Spec {
            name: name.to_string(),
            path: path.clone(),
            version,
        });
    }
    specs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(specs)
}

/// The fixture API the compile benchmark uses besides two corpus specs: the Dolfin-shaped API
/// of `specs/dolfin-fixture.yaml` (25 operations, every construct a real API uses).
pub fn fixture_spec(repository: &Path) -> Spec {
    Spec {
        name: "fixture-api".to_string(),
        path: repository.join("specs/dolfin-fixture.yaml"),
        version: "3.1.1".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_and_version_by_header() {
        let text = "name\trepo\topenapi_version\tbytes\n\
                    prog-nexus\toxide\t3.0.3\t436683\n\
                    discord\tdiscord\t3.1.0\t1183025\n";
        let rows = parse_manifest(text).expect("well formed");
        assert_eq!(
            rows,
            vec![
                ManifestRow {
                    name: "prog-nexus".into(),
                    version: "3.0.3".into()
                },
                ManifestRow {
                    name: "discord".into(),
                    version: "3.1.0".into()
                },
            ]
        );
    }

    #[test]
    fn reports_missing_columns_and_short_rows() {
        assert!(parse_manifest("").is_err());
        assert!(parse_manifest("name\trepo\n").is_err());
        let short = parse_manifest("name\topenapi_version\nlonely\n");
        assert_eq!(short, Err("manifest row 2 is short: `lonely`".to_string()));
    }

    #[test]
    fn knows_which_specs_are_30() {
        let spec = |version: &str| Spec {
            name: "x".into(),
            path: PathBuf::new(),
            version: version.into(),
        };
        assert!(spec("3.0.3").is_openapi_30());
        assert!(!spec("3.1.0").is_openapi_30());
        assert!(!spec("").is_openapi_30());
    }
}
