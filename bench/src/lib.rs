//! oasgen-bench: how fast oasgen generates, how much memory and output it takes, how long the
//! generated code takes to type-check, how it compares with progenitor, and how it scales.
//!
//! Run it with `cargo run --release -p oasgen-bench` (see [`args::USAGE`] for the flags); it
//! prints Markdown tables and saves them to `target/bench/report.md`. It is a binary, never a
//! test: timings under `cargo test` would be noise, and `cargo test` only runs the unit tests of
//! its pure helpers.
//!
//! Measuring: [`stages`] (one generation, stage by stage), [`memory`] (each generation in a
//! fresh child process that reports its peak memory), [`cli`] (a generator's command line, as a
//! user runs it), [`compile`] (`cargo check` of a generated crate alone), [`progenitor`] (the
//! generator compared with), [`size`] (output bytes). Inputs: [`corpus`], [`synthetic`],
//! [`spec_edit`] (a one-line spec change).
//! Output: [`stats`], [`table`], [`report`], [`machine`]. [`sections`] puts them together.

pub mod args;
pub mod cli;
pub mod compile;
pub mod corpus;
pub mod machine;
pub mod memory;
pub mod progenitor;
pub mod report;
pub mod sections;
pub mod size;
pub mod spec_edit;
pub mod stages;
pub mod stats;
pub mod synthetic;
pub mod table;
