//! How generated structs meet serde. Their `Serialize` and `Deserialize` impls are written by
//! the generator rather than derived: a derived `Deserialize` carries a field enum with its own
//! visitor, a second visitor for structs written as sequences, and a wrapper struct per field
//! decoded `with` a function, and on a 4 MB spec's thousands of structs that is most of what
//! `cargo check` spends. The generated impls are one `match` over field names and one line per
//! field, both leaning on the small generic pieces here:
//!
//! - [`FromMap`] and [`deserialize`]: a struct is read from a map only. (serde's derive also
//!   reads one from a sequence of field values, `[1, "a"]`, which a schema of `type: object` does
//!   not allow: a server would accept `[]` as a body with no required fields.)
//! - [`Reader`]: the map being read, each field's value once (a repeated
//!   field is an error, as with serde), read by its type or [`Via`] another decoding.
//! - [`Writer`]: a struct written as serde's derive writes it, fields left out when empty.

mod read;
mod write;

pub use read::{FromMap, Reader, Via, deserialize};
pub use write::Writer;

#[cfg(test)]
mod tests;
