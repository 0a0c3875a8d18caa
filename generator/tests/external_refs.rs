//! `$ref`s into other files: the split spec in `tests/fixtures-multi/` lowers to the types one
//! file would, with names from where the schemas are listed; references that would leave the
//! spec's folder, or need the network, are refused with their location.

use std::path::{Path, PathBuf};

use oasgen::ir::{IntegerWidth, Primitive, TypeDef, TypeKind, TypeRef};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ is inside the repository")
        .join("tests/fixtures-multi")
}

fn type_named<'a>(types: &'a [TypeDef], name: &str) -> &'a TypeKind {
    &types
        .iter()
        .find(|def| def.name == name)
        .unwrap_or_else(|| panic!("a type named {name}"))
        .kind
}

/// `(rust name, type)` of every field of a struct.
fn fields(kind: &TypeKind) -> Vec<(String, TypeRef)> {
    let TypeKind::Struct(structure) = kind else {
        panic!("a struct: {kind:?}")
    };
    structure
        .fields
        .iter()
        .map(|field| (field.rust_name.clone(), field.ty.clone()))
        .collect()
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_string())
}

#[test]
fn a_spec_split_over_files_lowers_with_component_names() {
    let lowered = oasgen::lower_file(&fixtures().join("api.yaml")).expect("lowers");
    let types = &lowered.api.types;
    let names: Vec<&str> = types.iter().map(|def| def.name.as_str()).collect();
    assert_eq!(names, ["Colour", "Owner", "Pet", "Pet2", "PetTag", "Tag"]);

    // The root's `Pet` keeps its name; the other file's is `Pet2`, and the warning says where.
    assert_eq!(
        fields(type_named(types, "Pet")),
        [(
            "id".to_string(),
            TypeRef::Primitive(Primitive::Integer {
                width: IntegerWidth::I64,
                accepts_string: false
            })
            .optional()
        )]
    );
    assert_eq!(lowered.warnings.len(), 1, "{:?}", lowered.warnings);
    let warning = &lowered.warnings[0];
    assert!(warning.message.contains("`Pet2`"), "{}", warning.message);
    assert_eq!(
        warning.location.file.as_deref(),
        Some(fixtures().join("schemas/pet.yaml").as_path())
    );
    assert_eq!(warning.location.pointer, "/components/schemas/Pet");

    // `#/…` inside schemas/pet.yaml is that file's; `owner.json` is its neighbour.
    assert_eq!(
        fields(type_named(types, "Pet2")),
        [
            ("name".to_string(), TypeRef::Primitive(Primitive::String)),
            ("tag".to_string(), named("PetTag").optional()),
            ("owner".to_string(), named("Owner").optional()),
        ]
    );
    // A component that is only a `$ref` (to `../common.yaml`) is an alias, as in one file.
    assert_eq!(type_named(types, "PetTag"), &TypeKind::Alias(named("Tag")));
    assert_eq!(
        fields(type_named(types, "Tag"))[1],
        ("colour".to_string(), named("Colour").optional())
    );

    // A whole-file schema is named after its file; a 3.0 root makes its fragments 3.0 too
    // (`nullable`), and `../api.yaml#/…` leads back to the root's own component.
    assert_eq!(
        fields(type_named(types, "Owner")),
        [
            ("name".to_string(), TypeRef::Primitive(Primitive::String)),
            (
                "nickname".to_string(),
                TypeRef::Primitive(Primitive::String).optional()
            ),
            ("favourite".to_string(), named("Pet").optional()),
        ]
    );

    let operations = &lowered.api.operations;
    let get_owner = operations
        .iter()
        .find(|op| op.name == "get_owner")
        .expect("get_owner");
    let content = get_owner.responses[0].content.as_ref().expect("a body");
    assert_eq!(content.ty, named("Owner"));
    let list_pets = operations
        .iter()
        .find(|op| op.name == "list_pets")
        .expect("list_pets");
    let content = list_pets.responses[0].content.as_ref().expect("a body");
    assert_eq!(content.ty, TypeRef::Vec(Box::new(named("Pet2"))));
    // A parameter from parameters.yaml.
    assert_eq!(list_pets.params[0].wire_name, "limit");
    assert_eq!(
        list_pets.params[0].ty,
        TypeRef::Primitive(Primitive::Integer {
            width: IntegerWidth::I32,
            accepts_string: false
        })
        .optional()
    );
}

#[test]
fn the_split_spec_generates_a_crate() {
    let options = oasgen::CrateOptions {
        crate_name: "multi-file".into(),
        spec_label: "tests/fixtures-multi/api.yaml".into(),
        ..Default::default()
    };
    let generated = oasgen::generate_crate(&fixtures().join("api.yaml"), &options).expect("ok");
    // The types only the `pets` operations use are in their group's own file.
    let types = &generated.files[Path::new("src/types.rs")];
    assert!(types.contains("mod pets;"), "{types}");
    let pets = &generated.files[Path::new("src/types/pets.rs")];
    assert!(pets.contains("pub struct Pet2 {"), "{pets}");
    assert!(pets.contains("pub type PetTag = Tag;"), "{pets}");
}

/// Lowers `api.yaml` (given) in a fresh folder holding `files`; returns the error.
fn error_in_folder(api: &str, files: &[(&str, &str)]) -> (oasgen::Diagnostic, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("spec");
    std::fs::create_dir_all(root.join("schemas")).expect("mkdir");
    std::fs::write(root.join("api.yaml"), api).expect("write");
    for (name, text) in files {
        std::fs::write(root.join(name), text).expect("write");
    }
    match oasgen::lower_file(&root.join("api.yaml")) {
        Err(oasgen::Error::Spec(diagnostic)) => (diagnostic, root),
        other => panic!("a spec error, got {other:?}"),
    }
}

fn api_with_schema_ref(reference: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n\
         components:\n  schemas:\n    A:\n      type: object\n      properties:\n        \
         b:\n          $ref: '{reference}'\n"
    )
}

#[test]
fn refusals_name_the_reference_and_its_place() {
    let at = "/components/schemas/A/properties/b";
    for (reference, expected) in [
        ("https://example.com/pet.yaml#/Pet", "never fetches"),
        ("../outside.yaml#/X", "outside the spec's folder"),
        ("/etc/passwd", "absolute paths are refused"),
        (
            "schemas/missing.yaml#/X",
            "`schemas/missing.yaml` does not exist",
        ),
        (
            "schemas/bad.yaml#/X",
            "`schemas/bad.yaml:2:1` at /a/0: invalid YAML",
        ),
        ("schemas/empty.yaml#/X", "the document is empty"),
        (
            "schemas/good.yaml#/Nope",
            "points at nothing in `schemas/good.yaml`",
        ),
    ] {
        let (error, root) = error_in_folder(
            &api_with_schema_ref(reference),
            &[
                ("schemas/bad.yaml", "a: [\n"),
                ("schemas/empty.yaml", ""),
                ("schemas/good.yaml", "X: {type: string}\n"),
            ],
        );
        assert!(error.message.contains(expected), "{reference}: {error}");
        assert!(error.message.contains(reference), "{reference}: {error}");
        assert_eq!(error.location.pointer, at, "{reference}");
        assert_eq!(
            error.location.file.as_deref(),
            Some(root.join("api.yaml").as_path())
        );
    }
}

#[test]
fn errors_inside_another_file_name_that_file() {
    let (error, root) = error_in_folder(
        &api_with_schema_ref("schemas/pet.yaml#/Pet"),
        &[(
            "schemas/pet.yaml",
            "Pet:\n  type: object\n  properties:\n    up:\n      $ref: '../../x.yaml'\n",
        )],
    );
    assert!(error.message.contains("outside"), "{error}");
    assert_eq!(
        error.location.file.as_deref(),
        Some(root.join("schemas/pet.yaml").as_path())
    );
    assert_eq!(error.location.pointer, "/Pet/properties/up");
}

#[test]
fn documents_without_a_file_refuse_other_files() {
    let error = oasgen::lower_bytes(api_with_schema_ref("other.yaml#/X").as_bytes())
        .expect_err("no folder");
    assert!(error.message.contains("no base folder"), "{error}");
}

#[test]
fn the_files_read_are_listed_for_build_scripts() {
    let lowered = oasgen::lower_file(&fixtures().join("api.yaml")).expect("lowers");
    assert!(!lowered.files_read.is_empty());
    assert!(
        lowered.files_read.iter().all(|file| file.exists()),
        "{:?}",
        lowered.files_read
    );
    let mut sorted = lowered.files_read.clone();
    sorted.sort();
    assert_eq!(sorted, lowered.files_read);
}
