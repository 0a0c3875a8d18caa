//! Finding a pointer's node in YAML text, with the YAML parser itself.
//!
//! serde_norway attaches to an error the position of the node being deserialized when it was
//! raised. So a visitor that walks down the pointer and raises an error at the node it ends on
//! (or at the deepest node that has no next step) learns that node's line and column, for every
//! YAML syntax (flow or block, quoted keys, anchors) without a YAML scanner of our own.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The 1-based line and column of the node `tokens` lead to, or of the deepest one there is.
pub(super) fn line_column_of(text: &str, tokens: &[String]) -> Option<(usize, usize)> {
    let error = Seek { tokens }
        .deserialize(serde_norway::Deserializer::from_str(text))
        .err()?;
    let location = error.location()?;
    Some((location.line(), location.column()))
}

/// The message of the error that carries the position; never shown.
const HERE: &str = "here";

struct Seek<'t> {
    tokens: &'t [String],
}

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.tokens.split_first() else {
            return Err(de::Error::custom(HERE));
        };
        let Ok(index) = first.parse::<usize>() else {
            return Err(de::Error::custom(HERE));
        };
        for _ in 0..index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Err(de::Error::custom(HERE));
            }
        }
        seq.next_element_seed(Seek { tokens: rest })?;
        Err(de::Error::custom(HERE))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.tokens.split_first() else {
            return Err(de::Error::custom(HERE));
        };
        while let Some(key) = map.next_key::<Key>()? {
            if key.0.as_deref() == Some(first.as_str()) {
                map.next_value_seed(Seek { tokens: rest })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Err(de::Error::custom(HERE))
    }
}

/// A mapping key as the loader reads it (scalars as text); `None` for a complex key.
struct Key(Option<String>);

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a mapping key")
    }

    fn visit_bool<E: de::Error>(self, key: bool) -> Result<Key, E> {
        Ok(Key(Some(key.to_string())))
    }

    fn visit_i64<E: de::Error>(self, key: i64) -> Result<Key, E> {
        Ok(Key(Some(key.to_string())))
    }

    fn visit_u64<E: de::Error>(self, key: u64) -> Result<Key, E> {
        Ok(Key(Some(key.to_string())))
    }

    fn visit_f64<E: de::Error>(self, key: f64) -> Result<Key, E> {
        Ok(Key(Some(key.to_string())))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(Key(Some(key.to_string())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
        Ok(Key(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Key, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Key(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Key(None))
    }
}
