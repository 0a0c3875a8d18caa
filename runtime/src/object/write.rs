//! Writing a generated struct, as serde's derive would.

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeStruct, Serializer};

/// A struct being written: as a struct of `len` fields, or, when it keeps other properties in
/// a map, as a map (serde's derive does the same with a flattened field).
pub enum Writer<S: Serializer> {
    /// Every field known by name.
    Struct(S::SerializeStruct),
    /// Fields and other properties side by side.
    Map(S::SerializeMap),
}

impl<S: Serializer> Writer<S> {
    /// Starts struct `name`, of which `len` fields will be written.
    pub fn new(serializer: S, name: &'static str, len: usize) -> Result<Self, S::Error> {
        serializer.serialize_struct(name, len).map(Writer::Struct)
    }

    /// Starts a struct that has a map of other properties.
    pub fn with_others(serializer: S) -> Result<Self, S::Error> {
        serializer.serialize_map(None).map(Writer::Map)
    }

    /// Writes field `name`.
    pub fn field<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        match self {
            Writer::Struct(object) => object.serialize_field(name, value),
            Writer::Map(object) => object.serialize_entry(name, value),
        }
    }

    /// Writes field `name` when `present`; otherwise it is left out.
    pub fn field_if<T: serde::Serialize + ?Sized>(
        &mut self,
        present: bool,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        match self {
            _ if present => self.field(name, value),
            Writer::Struct(object) => object.skip_field(name),
            Writer::Map(_) => Ok(()),
        }
    }

    /// Writes the other properties, each as a field of its own.
    pub fn others<T: serde::Serialize>(
        &mut self,
        others: &BTreeMap<String, T>,
    ) -> Result<(), S::Error> {
        let Writer::Map(object) = self else {
            // A generated struct with other properties always starts `with_others`.
            return Err(serde::ser::Error::custom(
                "other properties written to a struct not started `with_others`",
            ));
        };
        others
            .iter()
            .try_for_each(|(key, value)| object.serialize_entry(key, value))
    }

    /// Ends the struct.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        match self {
            Writer::Struct(object) => object.end(),
            Writer::Map(object) => object.end(),
        }
    }
}
