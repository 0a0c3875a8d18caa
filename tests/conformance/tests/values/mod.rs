//! Shared machinery of `value_round_trip.rs`: values generated from a spec's JSON Schema (not
//! from the Rust types, so the generated types are judged against the document, not against
//! themselves), the round-trip check, the spec's own examples, and proof that every generated
//! type is covered.

pub mod check;
pub mod coverage;
pub mod examples;
pub mod pattern;
pub mod scalars;
pub mod spec;
pub mod strategy;
