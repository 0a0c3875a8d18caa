//! Issue 5, requirement 4: values round-trip through the generated types of the three specs
//! the conformance tools judge (Dolfin, the fixture API, petstore-expanded).
//!
//! - **Generated values.** For each component schema, values valid for that schema are
//!   generated from the spec's JSON Schema (`values/strategy.rs`, proptest, a fixed seed and
//!   64 cases per type); each must decode into the schema's Rust type, and
//!   `decode(encode(t)) == t` must hold (through `serde_json::Value` and through text), with
//!   encoding stable. ASP.NET numbers are generated as numbers and as numeric strings: both
//!   decode, and the value round-trips as a number.
//! - **Every type.** The tables below list each component schema with its Rust type. Types
//!   the generator names from inline schemas (`BillPageMeta`, `CardPaymentBrand`,
//!   `TokenRequestGrantType`, …) are covered through the component that holds them: its round
//!   trip generates and decodes them. `*_types_are_all_covered` lowers each spec with oasgen and
//!   fails when a generated type is neither listed, nor reached from a listed one, nor excluded
//!   by name with its reason.
//! - **Examples.** Every `example`/`examples` value in each spec decodes (and round-trips)
//!   into the type of where it sits: a component schema's type, or the body type of a request
//!   or response (`values/examples.rs`); one the walk cannot place fails the test.

mod values;

use values::check::{TypeEntry, Wire, failures, type_table};
use values::examples::{self, Target};
use values::spec::Spec;
use values::strategy::Generator;

/// One spec and its generated crate's types.
struct Api {
    /// The spec, relative to the workspace root.
    spec: &'static str,
    /// The `oasgen.toml` `cargo xtask codegen` applies to it.
    config: Option<&'static str>,
    /// Each component schema with its Rust type.
    types: &'static [TypeEntry],
    /// Generated types with no JSON round trip, each with the reason.
    excluded: &'static [(&'static str, &'static str)],
    /// Components that are an ASP.NET number themselves (`Money = f64`), generated at the root
    /// as numbers only: a type alias cannot carry the field attribute that reads numeric
    /// strings, so `"12.50"` as a whole body does not decode — generator bug B3, reproduced by
    /// `known_bug_root_numeric_strings`. Inside other types they are generated both ways.
    root_numbers_only: &'static [&'static str],
}

mod dolfin {
    use super::type_table;
    use dolfin_api::types;

    pub const API: super::Api = super::Api {
        spec: "specs/dolfin.yaml",
        config: Some("specs/dolfin.oasgen.toml"),
        types: type_table![
            "CreateAuthCodeRequest" => CreateAuthCodeRequest,
            "CreateAuthCodeResponse" => CreateAuthCodeResponse,
            "ProblemDetails" => ProblemDetails,
        ],
        excluded: &[],
        root_numbers_only: &[],
    };
}

mod fixture {
    use super::type_table;
    use dolfin_fixture_api::types;

    pub const API: super::Api = super::Api {
        spec: "specs/dolfin-fixture.yaml",
        config: None,
        types: type_table![
            "ProblemDetails" => ProblemDetails,
            "ValidationProblemDetails" => ValidationProblemDetails,
            "TokenRequest" => TokenRequest,
            "TokenResponse" => TokenResponse,
            "CurrencyCode" => CurrencyCode,
            "Money" => Money,
            "Metadata" => Metadata,
            "Address" => Address,
            "CustomerInput" => CustomerInput,
            "Customer" => Customer,
            "CustomerPage" => CustomerPage,
            "InvoiceStatus" => InvoiceStatus,
            "InvoiceNumber" => InvoiceNumber,
            "InvoiceLineInput" => InvoiceLineInput,
            "InvoiceLine" => InvoiceLine,
            "InvoiceInput" => InvoiceInput,
            "InvoiceUpdate" => InvoiceUpdate,
            "Invoice" => Invoice,
            "InvoicePage" => InvoicePage,
            "InvoicePaidEvent" => InvoicePaidEvent,
            "InvoiceVoidedEvent" => InvoiceVoidedEvent,
            "SendInvoiceRequest" => SendInvoiceRequest,
            "VoidInvoiceRequest" => VoidInvoiceRequest,
            "BillState" => BillState,
            "BillUpload" => BillUpload,
            "Attachment" => Attachment,
            "Bill" => Bill,
            "BillPage" => BillPage,
            "PaymentMethod" => PaymentMethod,
            "BankTransfer" => BankTransfer,
            "CardPayment" => CardPayment,
            "CashPayment" => CashPayment,
            "PaymentInput" => PaymentInput,
            "Payment" => Payment,
            "OrganisationSettings" => OrganisationSettings,
            // Its request form: values of the schema decode into it, read-only properties
            // ignored, and round-trip.
            "OrganisationSettings" => OrganisationSettingsInput,
        ],
        excluded: &[(
            "UploadBillForm",
            "the multipart/form-data body of uploadBill: sent as form parts (its `file` is \
             bytes), never as JSON; tests/tests/multipart_round_trip.rs covers its wire form",
        )],
        root_numbers_only: &["Money"],
    };
}

mod petstore {
    use super::type_table;
    use petstore_expanded::types;

    pub const API: super::Api = super::Api {
        spec: "specs/petstore-expanded.yaml",
        config: None,
        types: type_table![
            "Pet" => Pet,
            "NewPet" => NewPet,
            "Error" => Error,
        ],
        excluded: &[],
        root_numbers_only: &[],
    };
}

fn load(api: &Api) -> Spec {
    Spec::load(api.spec).unwrap_or_else(|message| panic!("{}: {message}", api.spec))
}

/// How a round-trip run generates and compares.
#[derive(Clone, Copy)]
struct Run {
    /// Some integers written as `3.0` (bug B2 while off).
    integral_floats: bool,
    /// `root_numbers_only` components also as numeric strings at the root (bug B3 while off).
    root_numeric_strings: bool,
    /// Through `Value` only, or through text too (bug B1 while `Value`).
    wire: Wire,
}

/// What CI checks: everything but the known bugs' cases.
const CHECKED: Run = Run {
    integral_floats: false,
    root_numeric_strings: false,
    wire: Wire::Value,
};

/// Every listed type round-trips on values generated from its schema.
fn assert_round_trips(api: &Api, run: Run) {
    let spec = load(api);
    let generator = || {
        let generator = Generator::new(&spec.doc);
        if run.integral_floats {
            generator.with_integral_floats()
        } else {
            generator
        }
    };
    let (numbers_only, both_ways): (Vec<&TypeEntry>, Vec<&TypeEntry>) =
        api.types.iter().partition(|entry| {
            !run.root_numeric_strings && api.root_numbers_only.contains(&entry.schema)
        });
    let mut failures = failures(&spec, &generator(), &both_ways, run.wire);
    failures.extend(values::check::failures(
        &spec,
        &generator().with_root_numbers_only(),
        &numbers_only,
        run.wire,
    ));
    assert!(
        failures.is_empty(),
        "{}: {} of {} types fail the round trip:\n\n{}",
        api.spec,
        failures.len(),
        api.types.len(),
        failures.join("\n\n")
    );
}

/// The table lists every component with a generated type, under its Rust name, and every
/// other generated type is reached from it or excluded.
fn assert_all_covered(api: &Api) {
    let spec = load(api);
    let types = values::coverage::generated_types(&spec, api.config)
        .unwrap_or_else(|message| panic!("{}: {message}", api.spec));
    let problems = values::coverage::problems(&spec, &types, api.types, api.excluded);
    assert!(
        problems.is_empty(),
        "{}:\n{}",
        api.spec,
        problems.join("\n")
    );
}

/// Every example in the spec decodes into the type of where it sits and round-trips;
/// returns how many were checked.
fn assert_examples_decode(api: &Api) -> usize {
    let spec = load(api);
    let (found, missed) = examples::collect(&spec.doc);
    let mut problems: Vec<String> = missed
        .iter()
        .map(|pointer| format!("{pointer}: an example the walk does not reach"))
        .collect();
    let check_of = |name: &str| {
        api.types
            .iter()
            .find(|entry| entry.schema == name)
            .map(|e| e.check)
    };
    for example in &found {
        let outcome = match &example.target {
            Target::Component(name) => match check_of(name) {
                Some(check) => check(&example.value),
                None => Err(format!("component `{name}` is not in the type table")),
            },
            Target::ArrayOf(name) => match (check_of(name), example.value.as_array()) {
                // Decoding a `Vec<T>` is decoding each item as `T`.
                (Some(check), Some(items)) => items.iter().try_for_each(check),
                (None, _) => Err(format!("component `{name}` is not in the type table")),
                (_, None) => Err(format!("an array of `{name}` expected")),
            },
            Target::Unsupported(reason) => Err(reason.clone()),
        };
        if let Err(message) = outcome {
            problems.push(format!(
                "{}: {message}\n  value: {}",
                example.pointer, example.value
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}:\n{}",
        api.spec,
        problems.join("\n\n")
    );
    eprintln!("{}: {} examples decoded", api.spec, found.len());
    found.len()
}

#[test]
fn dolfin_values_round_trip() {
    assert_round_trips(&dolfin::API, CHECKED);
}

#[test]
fn fixture_values_round_trip() {
    assert_round_trips(&fixture::API, CHECKED);
}

#[test]
fn petstore_values_round_trip() {
    assert_round_trips(&petstore::API, CHECKED);
}

#[test]
fn dolfin_types_are_all_covered() {
    assert_all_covered(&dolfin::API);
}

#[test]
fn fixture_types_are_all_covered() {
    assert_all_covered(&fixture::API);
}

#[test]
fn petstore_types_are_all_covered() {
    assert_all_covered(&petstore::API);
}

#[test]
fn dolfin_examples_decode() {
    assert_examples_decode(&dolfin::API);
}

#[test]
fn petstore_examples_decode() {
    assert_examples_decode(&petstore::API);
}

/// The fixture carries examples on purpose (the two real documents have none): a walk that
/// found none would pass vacuously.
#[test]
fn fixture_examples_decode() {
    let decoded = assert_examples_decode(&fixture::API);
    assert!(decoded >= 20, "only {decoded} examples in the fixture spec");
}

const APIS: [&Api; 3] = [&dolfin::API, &fixture::API, &petstore::API];

/// Through JSON text too: serde_json's default float parser may read a float one unit in the
/// last place off (`1.4775932921270083e102` came back as `…85e102`), so generated crates turn
/// on its `float_roundtrip` feature (found by this test as bug B1).
#[test]
fn values_round_trip_through_json_text() {
    for api in APIS {
        assert_round_trips(
            api,
            Run {
                wire: Wire::Text,
                ..CHECKED
            },
        );
    }
}

/// JSON Schema counts `3.0` as an integer, but serde refuses it for an `i32`: the generated
/// server and client rewrite such numbers before (client: after a failed) decoding — see
/// `problem_status_sent_as_a_string_or_an_integral_float_still_decodes` in `tests/` — while
/// the types themselves, decoded with plain `serde_json::from_value` as here, still refuse it.
#[test]
#[ignore = "B2: the types alone refuse 3.0 for an integer; the generated server and client rewrite it"]
fn known_bug_integral_floats() {
    for api in APIS {
        assert_round_trips(
            api,
            Run {
                integral_floats: true,
                ..CHECKED
            },
        );
    }
}

/// Bug B3: see `Api::root_numbers_only`.
#[test]
#[ignore = "generator bug B3: an ASP.NET number component (Money = f64) refuses \"12.50\" as a whole body"]
fn known_bug_root_numeric_strings() {
    for api in APIS {
        assert_round_trips(
            api,
            Run {
                root_numeric_strings: true,
                ..CHECKED
            },
        );
    }
}
