//! Generates every fixture under `fixtures/` as one `include!`-able file in `OUT_DIR`, plus
//! `fixtures.rs` declaring a module per fixture, so `src/lib.rs` compiles them all under
//! `#[deny(warnings)]`. This is also how a user's build script calls oasgen.

use std::path::Path;

fn main() {
    let fixtures = Path::new("fixtures");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let mut names: Vec<String> = std::fs::read_dir(fixtures)
        .expect("tests/fixtures is readable")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
        .collect();
    names.sort();
    let mut declarations = String::new();
    for name in &names {
        let stem = name.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(name);
        let label = format!("tests/fixtures/{name}");
        // A fixture may come with an `oasgen.toml` of its own: `<stem>.oasgen.toml`.
        let config_path = fixtures.join(format!("{stem}.oasgen.toml"));
        let config = if config_path.exists() {
            oasgen::config::Config::load(&config_path).unwrap_or_else(|error| panic!("{error}"))
        } else {
            oasgen::config::Config::default()
        };
        let parts = oasgen::Parts::default();
        let (code, _warnings) =
            oasgen::generate_module_with(&fixtures.join(name), &label, parts, &config)
                .unwrap_or_else(|error| panic!("fixture {name} does not generate: {error}"));
        std::fs::write(Path::new(&out_dir).join(format!("{stem}.rs")), code)
            .expect("OUT_DIR is writable");
        declarations.push_str(&format!(
            "#[doc = \"Generated from `{label}`.\"]\npub mod {stem} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{stem}.rs\"));\n}}\n"
        ));
    }
    // The spec split over several files, whose `$ref`s lead into `schemas/` and back.
    let multi = Path::new("fixtures-multi/api.yaml");
    println!("cargo:rerun-if-changed=fixtures-multi");
    let (code, _warnings) = oasgen::generate_module(
        multi,
        "tests/fixtures-multi/api.yaml",
        oasgen::Parts::default(),
    )
    .unwrap_or_else(|error| panic!("fixtures-multi does not generate: {error}"));
    std::fs::write(Path::new(&out_dir).join("multi_file.rs"), code).expect("OUT_DIR is writable");
    declarations.push_str(
        "#[doc = \"Generated from `tests/fixtures-multi/api.yaml`.\"]\npub mod multi_file {\n    include!(concat!(env!(\"OUT_DIR\"), \"/multi_file.rs\"));\n}\n",
    );
    std::fs::write(Path::new(&out_dir).join("fixtures.rs"), declarations)
        .expect("OUT_DIR is writable");
}
