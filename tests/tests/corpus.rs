//! Every real-world spec in `../shared/corpus` generates, and every generated crate passes
//! `cargo check --all-features` with `RUSTFLAGS="-D warnings"`. Prints (and writes to
//! `target/corpus-report.txt`) a table: spec | operations | types | warnings | `Value`
//! fallbacks | result.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
        .to_path_buf()
}

/// One corpus spec and what became of it.
struct Row {
    spec: String,
    operations: usize,
    types: usize,
    warnings: usize,
    /// Schemas given up on: lowered to `serde_json::Value` (each says so in a warning).
    value_fallbacks: usize,
    result: String,
}

/// The schemas lowered to `serde_json::Value` because their shape could not be expressed:
/// every such fallback is reported by a warning that names `serde_json::Value`.
fn value_fallbacks(warnings: &[oasgen::Diagnostic]) -> usize {
    warnings
        .iter()
        .filter(|warning| warning.message.contains("serde_json::Value"))
        .count()
}

#[test]
fn every_corpus_spec_generates_and_compiles_warning_free() {
    let corpus = repo_root().join("../shared/corpus");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|error| panic!("{}: {error}", corpus.display()))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    specs.sort();
    assert!(
        specs.len() >= 26,
        "the corpus has 26 specs, found {}",
        specs.len()
    );

    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let crates = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for spec in &specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 names")
            .to_string();
        let crate_name = format!("corpus-{stem}");
        let label = format!(
            "../shared/corpus/{}",
            spec.file_name()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
        );
        let mut row = Row {
            spec: stem.clone(),
            operations: 0,
            types: 0,
            warnings: 0,
            value_fallbacks: 0,
            result: String::new(),
        };
        match oasgen::lower_file(spec) {
            Ok(lowered) => {
                row.operations = lowered.api.operations.len();
                row.types = lowered.api.types.len();
                row.warnings = lowered.warnings.len();
                row.value_fallbacks = value_fallbacks(&lowered.warnings);
            }
            Err(error) => row.result = format!("generation failed: {error}"),
        }
        if row.result.is_empty() {
            let options = oasgen::CrateOptions {
                crate_name: crate_name.clone(),
                spec_label: label,
                ..Default::default()
            };
            match oasgen::generate_crate(spec, &options) {
                Ok(generated) => {
                    oasgen::write::write_files(&crates.join(&stem), &generated.files)
                        .expect("writable");
                    members.push(format!("\"crates/{stem}\""));
                }
                Err(error) => row.result = format!("generation failed: {error}"),
            }
        }
        rows.push((crate_name, row));
    }

    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(work.join("Cargo.toml"), manifest).expect("writable");
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--workspace",
            "--all-features",
            "--keep-going",
            "--message-format=short",
        ])
        .current_dir(&work)
        // The same folder as the CLI's standalone build test: dependencies build once.
        .env("CARGO_TARGET_DIR", repo_root().join("target/standalone"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let log = String::from_utf8_lossy(&output.stderr);
    for (crate_name, row) in &mut rows {
        if row.result.is_empty() {
            let failed = log.contains(&format!("could not compile `{crate_name}`"));
            row.result = if failed {
                "compile error".to_string()
            } else {
                "ok".to_string()
            };
        }
    }

    let mut table = String::from(
        "spec | operations | types | warnings | Value fallbacks | result\n\
         --- | ---: | ---: | ---: | ---: | ---\n",
    );
    for (_, row) in &rows {
        let _ = writeln!(
            table,
            "{} | {} | {} | {} | {} | {}",
            row.spec, row.operations, row.types, row.warnings, row.value_fallbacks, row.result
        );
    }
    let totals = rows.iter().fold((0, 0, 0, 0), |(o, t, w, v), (_, r)| {
        (
            o + r.operations,
            t + r.types,
            w + r.warnings,
            v + r.value_fallbacks,
        )
    });
    let _ = writeln!(
        table,
        "**total** | {} | {} | {} | {} | {} of {} ok",
        totals.0,
        totals.1,
        totals.2,
        totals.3,
        rows.iter().filter(|(_, r)| r.result == "ok").count(),
        rows.len()
    );
    println!("{table}");
    std::fs::write(repo_root().join("target/corpus-report.txt"), &table)
        .expect("target/ is writable");

    // The specs with the most (and most varied) markdown: their docs build without a warning.
    let documented = [
        "discord",
        "lago",
        "prog-nexus",
        "resend",
        "twilio-messaging-v1",
        "svix-server",
    ];
    let mut doc = Command::new(env!("CARGO"));
    doc.args(["doc", "--no-deps", "--all-features"])
        .current_dir(&work);
    for stem in documented {
        doc.args(["-p", &format!("corpus-{stem}")]);
    }
    let doc_output = doc
        .env("CARGO_TARGET_DIR", repo_root().join("target/standalone"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        doc_output.status.success(),
        "cargo doc warned on generated docs:\n{}",
        String::from_utf8_lossy(&doc_output.stderr)
    );

    let failures: Vec<&Row> = rows
        .iter()
        .map(|(_, row)| row)
        .filter(|row| row.result != "ok")
        .collect();
    assert!(
        failures.is_empty() && output.status.success(),
        "{} spec(s) failed:\n{table}\ncargo check said:\n{log}",
        failures.len()
    );
}
