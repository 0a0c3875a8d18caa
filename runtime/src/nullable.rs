//! Fields that may be absent, `null` or a value, and mean something different by each: a
//! `PATCH` body leaves an absent field as it is and clears a `null` one. Generated structs hold
//! a property that is neither required nor non-nullable as a [`Nullable`]; the field's
//! `#[serde(default, skip_serializing_if = "…is_absent")]` keeps absent off the wire, and
//! [`Nullable`]'s own serde impls carry `null` and the value.

/// A property that may be absent, `null`, or hold a value.
///
/// `Default` is [`Nullable::Absent`], so `..Default::default()` and the generated `new`
/// constructors leave such fields out of what is sent. A value converts with `.into()`, and
/// an `Option` too: `None` becomes [`Nullable::Null`], since an `Option` given for a nullable
/// field says "this value, or none" (write `option.map_or(Nullable::Absent, Nullable::Value)`
/// to leave the field out instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// Not sent, or not received: the property was left out.
    Absent,
    /// Sent, or received, as `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property was left out.
    pub const fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is `null`.
    pub const fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Whether the property holds a value.
    pub const fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// The value, if there is one (absent and `null` both give `None`).
    pub const fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value seen through its `Deref` (`&str` for a `String`), if there is one.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|value| &**value)
    }

    /// The value, mutably, if there is one.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one, taking it (absent and `null` both give `None`).
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// A `Nullable` of a reference to the value.
    pub const fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// The value changed by `change`; absent and `null` stay as they are.
    pub fn map<U>(self, change: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(change(value)),
        }
    }

    /// The three states as nested options: absent `None`, `null` `Some(None)`, a value
    /// `Some(Some(value))` (the shape `serde_with`'s `double_option` uses).
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Nullable::Absent => None,
            Nullable::Null => Some(None),
            Nullable::Value(value) => Some(Some(value)),
        }
    }

    /// Applies the property to `target` as a `PATCH` does: absent leaves it, `null` clears it,
    /// a value replaces it.
    pub fn apply_to(self, target: &mut Option<T>) {
        match self {
            Nullable::Absent => {}
            Nullable::Null => *target = None,
            Nullable::Value(value) => *target = Some(value),
        }
    }
}

/// Absent, whatever `T` is (a derive would ask `T: Default`).
impl<T> Default for Nullable<T> {
    fn default() -> Self {
        Nullable::Absent
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` is `null`: see [`Nullable`].
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    /// A value as itself, `null` as `null`. Absent is kept off the wire by the field's
    /// `skip_serializing_if`; where nothing can skip it (a `Nullable` outside a struct), it is
    /// written as `null`, the nearest the format has.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    /// `null` or a value: serde calls this only for a property that is there, and the field's
    /// `#[serde(default)]` makes a missing one absent.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

impl<T: super::lenient::FromLenient> super::lenient::FromLenient for Nullable<T> {
    fn from_lenient(value: serde_json::Value) -> Result<Self, String> {
        Option::<T>::from_lenient(value).map(Nullable::from)
    }
}

impl<T: super::integral::Integral> super::integral::Integral for Nullable<T> {
    fn deserialize_integral<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        Option::<T>::deserialize_integral(deserializer).map(Nullable::from)
    }
}

#[cfg(test)]
mod tests;
