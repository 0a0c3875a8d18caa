//! The round-trip property and the runner that checks it on generated values of each type.

use std::fmt::Debug;

use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::spec::Spec;
use super::strategy::Generator;

/// Cases generated per type: enough to reach every branch of these schemas, few enough that
/// the whole test stays within seconds in a debug build.
const CASES: u32 = 64;

/// One generated type checked against the component schema it comes from.
pub struct TypeEntry {
    /// The component schema's name in the spec.
    pub schema: &'static str,
    /// The Rust type's name as written in the table (`Invoice`); aliases (`Money = f64`) keep
    /// their own name here, which `std::any::type_name` would not.
    pub rust_name: &'static str,
    /// [`round_trip`] for that type.
    pub check: fn(&Value) -> Result<(), String>,
    /// [`round_trip_through_text`] for that type.
    pub check_text: fn(&Value) -> Result<(), String>,
}

/// Lists `"Schema" => Type` pairs as [`TypeEntry`]s of `types::Type`.
macro_rules! type_table {
    ($($schema:literal => $ty:ident),* $(,)?) => {
        &[$($crate::values::check::TypeEntry {
            schema: $schema,
            rust_name: stringify!($ty),
            check: $crate::values::check::round_trip::<types::$ty>,
            check_text: $crate::values::check::round_trip_through_text::<types::$ty>,
        }),*]
    };
}
pub(crate) use type_table;

/// Decodes `value` (which the schema admits) as `T`, then checks that encoding is the
/// identity's other half: `decode(encode(t)) == t` and encoding `t` again gives the same JSON.
pub fn round_trip<T>(value: &Value) -> Result<(), String>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let decoded: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("a value the schema admits does not decode: {e}"))?;
    let encoded = serde_json::to_value(&decoded).map_err(|e| format!("encoding fails: {e}"))?;
    let again: T = serde_json::from_value(encoded.clone())
        .map_err(|e| format!("its own encoding {encoded} does not decode: {e}"))?;
    if again != decoded {
        return Err(format!(
            "decode(encode(t)) != t\n  t:       {decoded:?}\n  encoded: {encoded}\n  decoded: {again:?}"
        ));
    }
    let encoded_again = serde_json::to_value(&again).map_err(|e| format!("encoding fails: {e}"))?;
    if encoded_again != encoded {
        return Err(format!(
            "encoding is not stable: {encoded} then {encoded_again}"
        ));
    }
    Ok(())
}

/// [`round_trip`], then the same through JSON text, as on the wire.
pub fn round_trip_through_text<T>(value: &Value) -> Result<(), String>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    round_trip::<T>(value)?;
    let decoded: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    let text = serde_json::to_string(&decoded).map_err(|e| format!("encoding fails: {e}"))?;
    let from_text: T = serde_json::from_str(&text)
        .map_err(|e| format!("its own encoding {text} does not decode from text: {e}"))?;
    if from_text != decoded {
        return Err(format!(
            "decode(encode(t)) != t through text\n  t:       {decoded:?}\n  text:    {text}\n  decoded: {from_text:?}"
        ));
    }
    Ok(())
}

/// A runner that is the same on every run and writes no files: a fixed seed, no failure
/// persistence (a `proptest-regressions/` folder in the repository would change the test).
pub fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x0a5_6e4),
        ..Config::default()
    })
}

/// Which round trip [`failures`] checks.
#[derive(Clone, Copy)]
pub enum Wire {
    /// Through `serde_json::Value`.
    Value,
    /// Through `Value` and through JSON text.
    Text,
}

/// Runs each entry's round trip on values generated from its component schema (with
/// `generator`); returns one message per failing type, with the smallest failing value.
pub fn failures(
    spec: &Spec,
    generator: &Generator<'_>,
    entries: &[&TypeEntry],
    wire: Wire,
) -> Vec<String> {
    let mut failures = Vec::new();
    for entry in entries {
        let strategy = match spec
            .component(entry.schema)
            .and_then(|s| generator.values(s))
        {
            Ok(strategy) => strategy,
            Err(message) => {
                failures.push(format!(
                    "{}: cannot generate values: {message}",
                    entry.schema
                ));
                continue;
            }
        };
        let check = match wire {
            Wire::Value => entry.check,
            Wire::Text => entry.check_text,
        };
        let result = runner().run(&strategy, |value| {
            check(&value)
                .map_err(|message| TestCaseError::fail(format!("{message}\n  value:   {value}")))
        });
        if let Err(error) = result {
            failures.push(format!("{} ({}): {error}", entry.schema, entry.rust_name));
        }
    }
    failures
}
