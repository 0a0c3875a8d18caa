//! Snapshots of generated code: the Dolfin crate file by file, and each fixture's modules.
//! Review changes with `cargo insta review`; every snapshot here is also compiled (the Dolfin
//! crate is `generated/`, the fixtures are this package's library).

use std::path::{Path, PathBuf};

use oasgen::{CrateOptions, Diagnostic, Parts};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
        .to_path_buf()
}

/// Warnings as comment lines, without the machine-specific file path.
fn warnings_header(warnings: &[Diagnostic]) -> String {
    warnings
        .iter()
        .map(|warning| {
            format!(
                "// warning at {}: {}\n",
                warning.location.pointer, warning.message
            )
        })
        .collect()
}

/// A fixture's generated modules, except `runtime` (the same text for every API: the Dolfin
/// snapshot holds it once).
fn render_fixture(file_name: &str) -> String {
    let path = repo_root().join("tests/fixtures").join(file_name);
    // A fixture may come with an `oasgen.toml` of its own, as in tests/build.rs.
    let stem = file_name.trim_end_matches(".yaml");
    let config_path = repo_root()
        .join("tests/fixtures")
        .join(format!("{stem}.oasgen.toml"));
    let config = if config_path.exists() {
        oasgen::config::Config::load(&config_path).expect("fixture config loads")
    } else {
        oasgen::config::Config::default()
    };
    let lowered = oasgen::lower_file_with(&path, &config)
        .unwrap_or_else(|error| panic!("{file_name}: {error}"));
    let modules = oasgen::emit::emit(&lowered.api, Parts::default(), false).expect("emits");
    let mut text = warnings_header(&lowered.warnings);
    for module in modules.iter().filter(|module| module.name != "runtime") {
        let body = oasgen::render::format_tokens(module.tokens.clone()).expect("formats");
        text.push_str(&format!("\n// ===== mod {} =====\n{body}", module.name));
    }
    text
}

#[test]
fn dolfin_crate() {
    let options = CrateOptions {
        crate_name: "dolfin-api".into(),
        spec_label: "specs/dolfin.yaml".into(),
        // The same configuration `cargo xtask codegen` applies.
        config: oasgen::config::Config::load(&repo_root().join("specs/dolfin.oasgen.toml"))
            .expect("config loads"),
        locate_warnings: 0,
        freeing: Default::default(),
    };
    let generated = oasgen::generate_crate(&repo_root().join("specs/dolfin.yaml"), &options)
        .expect("generates");
    let mut text = warnings_header(&generated.warnings);
    for (path, contents) in &generated.files {
        text.push_str(&format!("\n===== {} =====\n{contents}", path.display()));
    }
    insta::assert_snapshot!("dolfin_crate", text);
}

/// The spec split over files (`tests/fixtures-multi/`): types named from other files' components.
#[test]
fn multi_file() {
    let path = repo_root().join("tests/fixtures-multi/api.yaml");
    let lowered = oasgen::lower_file(&path).expect("lowers");
    let modules = oasgen::emit::emit(&lowered.api, Parts::default(), false).expect("emits");
    let mut text = warnings_header(&lowered.warnings);
    for module in modules
        .iter()
        .filter(|module| module.name == "types" || module.name == "operations")
    {
        let body = oasgen::render::format_tokens(module.tokens.clone()).expect("formats");
        text.push_str(&format!("\n// ===== mod {} =====\n{body}", module.name));
    }
    insta::assert_snapshot!("multi_file", text);
}

macro_rules! fixture_snapshots {
    ($($name:ident),* $(,)?; compiled only: $($large:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), render_fixture(concat!(stringify!($name), ".yaml")));
            }
        )*

        #[test]
        fn every_fixture_has_a_snapshot() {
            let mut on_disk: Vec<String> = std::fs::read_dir(repo_root().join("tests/fixtures"))
                .expect("fixtures folder")
                .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".yaml"))
                .collect();
            on_disk.sort();
            let mut tested = vec![
                $(concat!(stringify!($name), ".yaml").to_string(),)*
                $(concat!(stringify!($large), ".yaml").to_string(),)*
            ];
            tested.sort();
            assert_eq!(on_disk, tested, "list each fixture in fixture_snapshots!");
        }
    };
}

fixture_snapshots!(
    all_of,
    arrays_maps,
    assertions,
    chat_messages,
    configured,
    aspnet_numbers,
    constructs,
    event_streams,
    item_schema,
    large_numbers,
    multipart,
    nullable,
    generic_structs,
    one_of,
    tagged_unions,
    openapi30,
    pagination,
    parameters,
    read_write,
    responses,
    runtime_crate,
    security,
    std_names,
    string_enums,
    webhook_receiver;
    // Too large to review as a snapshot (a 5 000-value enum); compiled like every fixture.
    compiled only: strange_names,
);
