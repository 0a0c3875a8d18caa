//! Reading a generated struct from a map.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A struct read from the entries of a map (each generated struct implements it).
pub trait FromMap<'de>: Sized {
    /// The struct's name, for "expected struct …" in errors.
    const NAME: &'static str;

    /// Reads the struct from `map`'s entries.
    fn from_map<A: MapAccess<'de>>(map: Reader<A>) -> Result<Self, A::Error>;
}

/// A generated struct's `Deserialize`: a map, and nothing else, read by [`FromMap`].
pub fn deserialize<'de, D: Deserializer<'de>, T: FromMap<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(MapVisitor(PhantomData))
}

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: FromMap<'de>> Visitor<'de> for MapVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(Reader(map))
    }
}

/// A map's entries being read into a struct's fields.
pub struct Reader<A>(A);

impl<'de, A: MapAccess<'de>> Reader<A> {
    /// The next key, `None` at the end of the map.
    pub fn next_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.0.next_key()
    }

    /// Reads the value of field `name` into `slot`; the field given twice is an error.
    pub fn field<T: de::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        Self::vacant(slot, name)?;
        *slot = Some(self.0.next_value()?);
        Ok(())
    }

    /// The same for a field whose value is read some other way than by its type's
    /// `Deserialize` (numbers from strings, integers from `3.0`, `null` refused): `how` says which.
    pub fn field_via<T, H: Via<'de, T>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
        how: H,
    ) -> Result<(), A::Error> {
        Self::vacant(slot, name)?;
        *slot = Some(self.0.next_value_seed(ViaSeed(how, PhantomData))?);
        Ok(())
    }

    /// Reads the value of a key the struct does not list into its map of other properties.
    pub fn other<T: de::Deserialize<'de>>(
        &mut self,
        others: &mut BTreeMap<String, T>,
        key: Key<'de>,
    ) -> Result<(), A::Error> {
        let value = self.0.next_value()?;
        others.insert(key.0.into_owned(), value);
        Ok(())
    }

    /// Skips the value of a key the struct does not know.
    pub fn skip(&mut self) -> Result<(), A::Error> {
        self.0.next_value::<IgnoredAny>().map(|_| ())
    }

    /// A required field's value, or what serde makes of a missing field: `None` for an `Option`
    /// (also behind an alias), else the "missing field" error.
    pub fn required<T: de::Deserialize<'de>>(
        &self,
        slot: Option<T>,
        name: &'static str,
    ) -> Result<T, A::Error> {
        match slot {
            Some(value) => Ok(value),
            None => T::deserialize(MissingField(name, PhantomData)),
        }
    }

    fn vacant<T>(slot: &Option<T>, name: &'static str) -> Result<(), A::Error> {
        match slot {
            Some(_) => Err(de::Error::duplicate_field(name)),
            None => Ok(()),
        }
    }
}

/// A map key: borrowed from the input where the format allows, so matching it against field
/// names allocates nothing.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Key<'de>, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(key), &self)),
        }
    }
}

/// A field decoding other than the type's own `Deserialize`, named by a unit struct
/// (`integral::Whole`, `lenient::Lenient`, `present::NotNull`…).
pub trait Via<'de, T> {
    /// Reads a `T` the way this decoding does.
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

struct ViaSeed<H, T>(H, PhantomData<T>);

impl<'de, T, H: Via<'de, T>> DeserializeSeed<'de> for ViaSeed<H, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        H::read(deserializer)
    }
}

/// What a missing field is read from, as in serde's derive: an `Option` reads `None`, anything
/// else fails with "missing field".
struct MissingField<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for MissingField<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}
