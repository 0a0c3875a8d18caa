//! The items written as text (the structs' serde impls and builders, see `emit::text`) are
//! exactly what prettyplease prints for them: each is parsed and printed again, at its depth,
//! and must come back byte for byte. Run over every spec of the corpus, the repository's specs
//! and the test fixtures, in the crate layout (the one that keeps the texts), for the client
//! and server parts together and apart (the types each part reaches differ).

use std::path::{Path, PathBuf};

use oasgen::Parts;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is in the workspace")
        .to_path_buf()
}

fn specs_in(folder: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|extension| extension.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    specs.sort();
    specs
}

/// `text` printed again by prettyplease at its own depth (its indentation: inside as many
/// modules).
fn reprinted(text: &str) -> Result<String, syn::Error> {
    let depth = text.len() - text.trim_start_matches(' ').len();
    let depth = depth / 4;
    let wrapped = format!("{}{text}{}", "mod m {".repeat(depth), "}".repeat(depth));
    let printed = prettyplease::unparse(&syn::parse_str(&wrapped)?);
    let lines: Vec<&str> = printed.lines().collect();
    let inner = &lines[depth..lines.len() - depth];
    Ok(inner.iter().map(|line| format!("{line}\n")).collect())
}

/// How many texts `spec` writes, after checking each against prettyplease.
fn check_spec(spec: &Path, parts: Parts) -> usize {
    let Ok(lowered) = oasgen::lower_file(spec) else {
        // A spec that does not lower writes nothing (the corpus test reports it).
        return 0;
    };
    let mut checked = 0;
    for plan in oasgen::emit::plan(&lowered.api, parts, true) {
        let module = oasgen::emit::emit_module(&lowered.api, &plan).expect("emits");
        for text in &module.texts {
            let printed = reprinted(text)
                .unwrap_or_else(|error| panic!("{}: {error} in\n{text}", spec.display()));
            assert!(
                printed == *text,
                "{} ({}): written\n{text}\nprettyplease prints\n{printed}",
                spec.display(),
                plan.name
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_text_is_what_prettyplease_prints() {
    let root = repo_root();
    let mut specs = specs_in(&root.join("../shared/corpus"));
    assert!(specs.len() >= 26, "the corpus is there: {}", specs.len());
    specs.extend(specs_in(&root.join("specs")));
    specs.extend(specs_in(&root.join("tests/fixtures")));
    let mut checked = 0;
    for spec in &specs {
        checked += check_spec(spec, Parts::default());
    }
    for spec in specs
        .iter()
        .filter(|spec| spec.to_string_lossy().contains("dolfin"))
    {
        let client = Parts {
            client: true,
            server: false,
        };
        let server = Parts {
            client: false,
            server: true,
        };
        for parts in [client, server] {
            checked += check_spec(spec, parts);
        }
    }
    // Three impls per struct: thousands over the corpus.
    assert!(checked > 3_000, "only {checked} texts checked");
}
