//! oasgen-fuzz: a fuzzer for oasgen's load → lower → emit → render pipeline that runs on the
//! stable toolchain.
//!
//! `cargo fuzz` (libFuzzer) needs nightly for its coverage instrumentation; this crate needs
//! nothing but stable Rust. Without coverage feedback it relies on *structure*: it starts from
//! real specs ([`seeds`]), mutates their JSON value where lowering makes decisions ([`mutate`]:
//! types, `$ref`s, compositions, enums, names, paths, statuses, media types, parameters), and
//! sometimes their text ([`bytes`]). Each [`case`] is a pure function of the run's seed and its
//! index, so runs are reproducible. [`check`] runs one input and judges it; [`runner`] loops.

pub mod bytes;
pub mod case;
pub mod check;
pub mod mutate;
pub mod odd;
pub mod rng;
pub mod runner;
pub mod seeds;
pub mod tree;
